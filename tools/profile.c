// SPDX-License-Identifier: GPL-2.0
#include "profile.h"
#include "kvfile.h"
#include "source.h"
#include "util.h"
#include "../lib/pcicap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DATADIR
#define DATADIR "/usr/local/share/hvdiag"
#endif

static void pats_add(struct prof_pats *pp, const struct sig_pat *p)
{
	pp->pat = xrealloc(pp->pat, (size_t)(pp->n + 1) * sizeof(*pp->pat));
	pp->cat = xrealloc(pp->cat, (size_t)(pp->n + 1) * sizeof(*pp->cat));
	pp->pat[pp->n] = *p;
	pp->cat[pp->n] = -1;
	pp->n++;
}

static void pats_free(struct prof_pats *pp)
{
	int i;

	for (i = 0; i < pp->n; i++)
		sig_free(&pp->pat[i]);
	free(pp->pat);
	free(pp->cat);
}

void profile_free(struct profile *p)
{
	int i;

	if (!p)
		return;
	free(p->name);
	free(p->file);
	free(p->description);
	free(p->driver);
	free(p->netdev_driver);
	free(p->rdma_prefix);
	pats_free(&p->sig);
	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i].src);
	free(p->steps);
	pats_free(&p->forbid);
	pats_free(&p->detect);
	for (i = 0; i < p->nkconfig; i++) {
		free(p->kconfig[i].name);
		free(p->kconfig[i].values);
		free(p->kconfig[i].why);
	}
	free(p->kconfig);
	free(p);
}

static int parse_hex16(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 16);

	if (end == s || *end || v > 0xffff)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_bar(char *v, struct prof_bar *b, char *err, size_t n)
{
	char *tok, *save = NULL;
	int i = 0;

	memset(b, 0, sizeof(*b));
	for (tok = strtok_r(v, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save), i++) {
		if (i == 0) {
			if (parse_int(tok, 0, 5, &b->index)) {
				snprintf(err, n, "BAR index must be 0-5, not '%s'", tok);
				return -1;
			}
		} else if (!strcmp(tok, "mem")) {
			b->flags |= HVD_RES_MEM;
		} else if (!strcmp(tok, "mem64")) {
			b->flags |= HVD_RES_MEM | HVD_RES_MEM64;
		} else if (!strcmp(tok, "io")) {
			b->flags |= HVD_RES_IO;
		} else if (!strcmp(tok, "pref")) {
			b->flags |= HVD_RES_PREFETCH;
		} else if (parse_size(tok, &b->size)) {
			snprintf(err, n, "unknown BAR attribute '%s' (mem, mem64, io, pref or a size)", tok);
			return -1;
		}
	}
	if (i < 2 || !(b->flags & (HVD_RES_MEM | HVD_RES_IO))) {
		snprintf(err, n, "expected 'bar INDEX mem|mem64|io [pref] [SIZE]'");
		return -1;
	}
	return 0;
}

static int add_pattern(struct prof_pats *pp, const char *v, char *err, size_t n)
{
	struct sig_pat p;
	char e[160];

	if (sig_compile(v, &p, e, sizeof(e))) {
		snprintf(err, n, "bad pattern: %s", e);
		return -1;
	}
	pats_add(pp, &p);
	return 0;
}

/* A signature step: alternatives separated by " | ". */
static int add_step(struct profile *p, const char *v, int optional,
		    char *err, size_t n)
{
	struct prof_step *st;
	const char *a = v;
	int first = p->sig.n;

	for (;;) {
		const char *bar = strstr(a, " | ");
		size_t len = bar ? (size_t)(bar - a) : strlen(a);
		char *alt = xstrndup(a, len);
		int r;

		r = add_pattern(&p->sig, hv_trim(alt), err, n);
		free(alt);
		if (r) {
			/* undo this step's alternatives */
			while (p->sig.n > first)
				sig_free(&p->sig.pat[--p->sig.n]);
			return -1;
		}
		if (!bar)
			break;
		a = bar + 3;
	}
	p->steps = xrealloc(p->steps, (size_t)(p->nsteps + 1) * sizeof(*st));
	st = &p->steps[p->nsteps++];
	st->first = first;
	st->n = p->sig.n - first;
	st->optional = optional;
	st->src = xstrdup(v);
	return 0;
}

static int apply(struct profile *p, const char *key, char *v, char *err,
		 size_t n)
{
	if (!strcmp(key, "profile")) {
		if (p->name || !*v || strchr(v, ' ') || strchr(v, '/')) {
			snprintf(err, n, "'profile' needs one name, once");
			return -1;
		}
		p->name = xstrdup(v);
	} else if (!strcmp(key, "description")) {
		free(p->description);
		p->description = xstrdup(v);
	} else if (!strcmp(key, "vendor")) {
		if (parse_hex16(v, &p->vendor)) {
			snprintf(err, n, "vendor must be a 16-bit hex id, not '%s'", v);
			return -1;
		}
	} else if (!strcmp(key, "device")) {
		char *tok, *save = NULL;

		for (tok = strtok_r(v, " \t,", &save); tok;
		     tok = strtok_r(NULL, " \t,", &save)) {
			if (p->ndevices >= PROF_MAX_DEVICES ||
			    parse_hex16(tok, &p->devices[p->ndevices])) {
				snprintf(err, n, "bad or too many device ids at '%s'", tok);
				return -1;
			}
			p->ndevices++;
		}
	} else if (!strcmp(key, "driver")) {
		free(p->driver);
		p->driver = xstrdup(v);
	} else if (!strcmp(key, "netdev-driver")) {
		free(p->netdev_driver);
		p->netdev_driver = xstrdup(v);
	} else if (!strcmp(key, "rdma-prefix")) {
		free(p->rdma_prefix);
		p->rdma_prefix = xstrdup(v);
	} else if (!strcmp(key, "platform")) {
		if (!strcmp(v, "any"))
			p->platform_any = 1;
		else if (!strcmp(v, "hyperv"))
			p->platform_any = 0;
		else {
			snprintf(err, n, "platform must be 'hyperv' or 'any'");
			return -1;
		}
	} else if (!strcmp(key, "bar")) {
		if (p->nbars >= 6) {
			snprintf(err, n, "more than 6 BARs");
			return -1;
		}
		if (parse_bar(v, &p->bars[p->nbars], err, n))
			return -1;
		p->nbars++;
	} else if (!strcmp(key, "msix")) {
		char *dash = strchr(v, '-');

		if (dash)
			*dash = '\0';
		if (parse_int(v, 1, 2048, &p->msix_min) ||
		    parse_int(dash ? dash + 1 : v, p->msix_min, 2048, &p->msix_max)) {
			snprintf(err, n, "msix needs a count N or a range N-M within 1-2048");
			return -1;
		}
	} else if (!strcmp(key, "irq-min")) {
		if (parse_int(v, 0, 2048, &p->irq_min)) {
			snprintf(err, n, "irq-min needs a number 0-2048");
			return -1;
		}
	} else if (!strcmp(key, "flap-per-hour")) {
		if (parse_int(v, 1, 1000000, &p->flap_per_hour)) {
			snprintf(err, n, "flap-per-hour needs a positive number");
			return -1;
		}
	} else if (!strcmp(key, "sig") || !strcmp(key, "sig?")) {
		return add_step(p, v, key[3] == '?', err, n);
	} else if (!strcmp(key, "forbid")) {
		return add_pattern(&p->forbid, v, err, n);
	} else if (!strcmp(key, "detect")) {
		return add_pattern(&p->detect, v, err, n);
	} else if (!strcmp(key, "kconfig")) {
		char *name = v, *vals, *why;
		struct prof_kconfig *k;

		vals = strpbrk(name, " \t");
		if (!vals || !hv_startswith(name, "CONFIG_")) {
			snprintf(err, n, "expected 'kconfig CONFIG_NAME VALUES REASON'");
			return -1;
		}
		*vals++ = '\0';
		vals = hv_trim(vals);
		why = strpbrk(vals, " \t");
		if (why)
			*why++ = '\0';
		p->kconfig = xrealloc(p->kconfig,
				      (size_t)(p->nkconfig + 1) * sizeof(*k));
		k = &p->kconfig[p->nkconfig++];
		k->name = xstrdup(name);
		k->values = xstrdup(vals);
		k->why = xstrdup(why ? hv_trim(why) : "");
	} else {
		snprintf(err, n, "unknown key '%s'", key);
		return -1;
	}
	return 0;
}

struct profile *profile_load(const char *path)
{
	struct linereader lr;
	struct kvline kv;
	struct profile *p;
	char err[256];
	int fd, r;
	struct stat st;

	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		errorf("cannot open profile '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		errorf("profile '%s' is not a regular file", path);
		close(fd);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->file = xstrdup(path);
	p->flap_per_hour = 10;
	lr_init_fd(&lr, fd, 4096);
	while ((r = kv_next(&lr, &kv)) == 1) {
		if (!kv.key)
			continue;
		if (apply(p, kv.key, kv.value, err, sizeof(err))) {
			errorf("%s:%lu: %s", path, kv.lineno, err);
			goto fail;
		}
	}
	if (r < 0) {
		errorf("cannot read profile '%s': %s", path, strerror(lr.err));
		goto fail;
	}
	if (lr.cut_lines) {
		errorf("%s: line longer than 4096 bytes", path);
		goto fail;
	}
	if (!p->name || !p->vendor || !p->ndevices) {
		errorf("%s: a profile needs 'profile', 'vendor' and 'device'", path);
		goto fail;
	}
	lr_free(&lr);
	close(fd);
	return p;
fail:
	lr_free(&lr);
	close(fd);
	profile_free(p);
	return NULL;
}

int profile_matches_device(const struct profile *p, uint16_t vendor,
			   uint16_t device)
{
	int i;

	if (vendor != p->vendor)
		return 0;
	for (i = 0; i < p->ndevices; i++)
		if (p->devices[i] == device)
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

int profiles_load_dir(struct profile_set *set, const char *dir)
{
	struct source live;
	char **names;
	int n, i;

	memset(set, 0, sizeof(*set));
	hv_strlcpy(set->dir, dir, sizeof(set->dir));
	memset(&live, 0, sizeof(live));
	live.kind = SRC_LIVE;
	n = src_list(&live, dir, &names);
	if (n < 0) {
		errorf("cannot read profile directory '%s': %s", dir, strerror(-n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		struct profile *p;

		if (!ends_with(names[i], ".profile"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		p = profile_load(path);
		if (!p) {
			src_list_free(names, n);
			profiles_free(set);
			return -1;
		}
		set->p = xrealloc(set->p, (size_t)(set->n + 1) * sizeof(*set->p));
		set->p[set->n++] = p;
	}
	src_list_free(names, n);
	return 0;
}

struct profile *profiles_find(struct profile_set *set, const char *name)
{
	int i;

	if (strchr(name, '/') || ends_with(name, ".profile")) {
		struct profile *p = profile_load(name);

		if (!p)
			return NULL;
		set->p = xrealloc(set->p, (size_t)(set->n + 1) * sizeof(*set->p));
		set->p[set->n++] = p;
		return p;
	}
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->p[i]->name, name))
			return set->p[i];
	return NULL;
}

void profiles_free(struct profile_set *set)
{
	int i;

	for (i = 0; i < set->n; i++)
		profile_free(set->p[i]);
	free(set->p);
	set->p = NULL;
	set->n = 0;
}

const char *hvdiag_datadir(void)
{
	static char dir[4096];
	const char *env = getenv("HVDIAG_DATADIR");
	char exe[4096], probe[4200];
	ssize_t n;
	struct stat st;

	if (env && *env)
		return env;
	/* Run from the build tree: tools/hvdiag next to ../profiles */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(probe, sizeof(probe), "%s/../profiles", exe);
			if (!stat(probe, &st) && S_ISDIR(st.st_mode)) {
				snprintf(dir, sizeof(dir), "%s/..", exe);
				return dir;
			}
		}
	}
	return DATADIR;
}
