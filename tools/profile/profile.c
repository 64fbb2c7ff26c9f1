// SPDX-License-Identifier: GPL-2.0
#include "profile/profile.h"
#include "base/compat.h"
#include "base/kvfile.h"
#include "model/log_model.h"
#include "model/model.h"
#include "base/dirlist.h"
#include "base/util.h"
#include "lib/pcicap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


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
	free(p->vendor_name);
	for (i = 0; i < p->npci_names; i++)
		free(p->pci_names[i].name);
	free(p->driver);
	free(p->family);
	free(p->netdev_driver);
	free(p->rdma_prefix);
	for (i = 0; i < p->nirq_control; i++)
		free(p->irq_control[i]);
	pats_free(&p->sig);
	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i].src);
	free(p->steps);
	pats_free(&p->forbid);
	pats_free(&p->detect);
	pats_free(&p->vfline);
	for (i = 0; i < p->nkconfig; i++) {
		free(p->kconfig[i].name);
		free(p->kconfig[i].values);
		free(p->kconfig[i].why);
	}
	free(p->kconfig);
	free(p->base);
	for (i = 0; i < p->nkdriver; i++) {
		free(p->kdriver[i].module);
		free(p->kdriver[i].option);
	}
	free(p->kdriver);
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

/* "pci-name 1004 ConnectX-3/ConnectX-3 Pro Virtual Function" */
static int add_pci_name(struct profile *p, char *v, char *err, size_t n)
{
	struct prof_pci_name *pn = &p->pci_names[p->npci_names];
	char *name = v + strcspn(v, " \t");

	if (*name)
		*name++ = '\0';
	name += strspn(name, " \t");
	if (p->npci_names == PROF_MAX_PCI_NAMES || parse_hex16(v, &pn->device) ||
	    !*name) {
		snprintf(err, n, "pci-name needs a device id and a name (at most %d)",
			 PROF_MAX_PCI_NAMES);
		return -1;
	}
	pn->name = xstrdup(name);
	p->npci_names++;
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

		if (p->inherit_devices) {	/* a derived profile's own ids */
			p->ndevices = 0;
			p->inherit_devices = 0;
		}

		for (tok = strtok_r(v, " \t,", &save); tok;
		     tok = strtok_r(NULL, " \t,", &save)) {
			if (p->ndevices >= PROF_MAX_DEVICES ||
			    parse_hex16(tok, &p->devices[p->ndevices])) {
				snprintf(err, n, "bad or too many device ids at '%s'", tok);
				return -1;
			}
			p->ndevices++;
		}
	} else if (!strcmp(key, "vendor-name")) {
		free(p->vendor_name);
		p->vendor_name = xstrdup(v);
	} else if (!strcmp(key, "pci-name")) {
		return add_pci_name(p, v, err, n);
	} else if (!strcmp(key, "driver")) {
		free(p->driver);
		p->driver = xstrdup(v);
	} else if (!strcmp(key, "family")) {
		if (!*v || strchr(v, ' ') || strchr(v, ',')) {
			snprintf(err, n, "'family' needs one name");
			return -1;
		}
		free(p->family);
		p->family = xstrdup(v);
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
		if (p->inherit_bars) {
			p->nbars = 0;
			p->inherit_bars = 0;
		}
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
	} else if (!strcmp(key, "irq-control")) {
		if (p->nirq_control >= 4 || !*v || strchr(v, ' ')) {
			snprintf(err, n, "irq-control needs one vector name, at most 4 times");
			return -1;
		}
		p->irq_control[p->nirq_control++] = xstrdup(v);
	} else if (!strcmp(key, "flap-per-hour")) {
		if (parse_int(v, 1, 1000000, &p->flap_per_hour)) {
			snprintf(err, n, "flap-per-hour needs a positive number");
			return -1;
		}
	} else if (!strcmp(key, "sig") || !strcmp(key, "sig?")) {
		return add_step(p, v, key[3] == '?', err, n);
	} else if (!strcmp(key, "forbid")) {
		if (add_pattern(&p->forbid, v, err, n))
			return -1;
		p->forbid.pat[p->forbid.n - 1].flags |= SIG_F_KNOWN;
		return 0;
	} else if (!strcmp(key, "detect")) {
		return add_pattern(&p->detect, v, err, n);
	} else if (!strcmp(key, "vf-line")) {
		if (add_pattern(&p->vfline, v, err, n))
			return -1;
		if (!sig_has_tok(&p->vfline.pat[p->vfline.n - 1], SIG_BDF)) {
			snprintf(err, n, "a vf-line pattern must name the VF with {BDF}");
			return -1;
		}
		return 0;
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
	} else if (!strcmp(key, "kernel-driver")) {
		char *mod = v, *opt;
		struct prof_kdriver *d;

		opt = strpbrk(mod, " \t");
		if (opt) {
			*opt++ = '\0';
			opt = hv_trim(opt);
		}
		if (!opt || !hv_startswith(opt, "CONFIG_") || strpbrk(opt, " \t") ||
		    strlen(mod) > 60) {
			snprintf(err, n, "expected 'kernel-driver MODULE CONFIG_NAME'");
			return -1;
		}
		p->kdriver = xrealloc(p->kdriver,
				      (size_t)(p->nkdriver + 1) * sizeof(*d));
		d = &p->kdriver[p->nkdriver++];
		d->module = xstrdup(mod);
		d->option = xstrdup(opt);
	} else {
		snprintf(err, n, "unknown key '%s'", key);
		return -1;
	}
	return 0;
}

/* Remove the steps whose text begins with @v (a derived profile's). */
static int drop_steps(struct profile *p, const char *v, char *err, size_t n)
{
	size_t len = strlen(v);
	int i = 0, k, dropped = 0;

	if (!p->base || !len) {
		snprintf(err, n, "'drop-sig' needs text, and a 'base' before it");
		return -1;
	}
	while (i < p->nsteps) {
		struct prof_step *st = &p->steps[i];
		int first = st->first, cnt = st->n;

		if (strncmp(st->src, v, len)) {
			i++;
			continue;
		}
		for (k = first; k < first + cnt; k++)
			sig_free(&p->sig.pat[k]);
		memmove(&p->sig.pat[first], &p->sig.pat[first + cnt],
			(size_t)(p->sig.n - first - cnt) * sizeof(*p->sig.pat));
		memmove(&p->sig.cat[first], &p->sig.cat[first + cnt],
			(size_t)(p->sig.n - first - cnt) * sizeof(*p->sig.cat));
		p->sig.n -= cnt;
		for (k = i + 1; k < p->nsteps; k++)
			p->steps[k].first -= cnt;
		free(st->src);
		memmove(st, st + 1, (size_t)(p->nsteps - i - 1) * sizeof(*st));
		p->nsteps--;
		dropped++;
	}
	if (!dropped) {
		snprintf(err, n, "'drop-sig': no step of '%s' begins with '%s'", p->base, v);
		return -1;
	}
	return 0;
}

static int load_lines(struct profile *p, const char *path, int depth);

/* "base NAME": NAME.profile next to @path, before this file's lines. */
static int take_base(struct profile *p, const char *path, const char *name,
		     int depth, char *err, size_t n)
{
	const char *slash = strrchr(path, '/');
	char *bpath;
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	int r;

	if (!*name || strchr(name, ' ') || strchr(name, '/') || name[0] == '.') {
		snprintf(err, n, "'base' needs one profile name");
		return -1;
	}
	if (depth >= PROF_MAX_BASE_DEPTH) {
		snprintf(err, n, "'base' nested more than %d deep", PROF_MAX_BASE_DEPTH);
		return -1;
	}
	bpath = xmalloc(dl + strlen(name) + sizeof(".profile"));
	memcpy(bpath, path, dl);
	strcpy(bpath + dl, name);
	strcat(bpath, ".profile");
	r = load_lines(p, bpath, depth + 1);
	free(bpath);
	if (r)
		return -2;	/* the base's own message is out */
	free(p->base);
	p->base = xstrdup(name);
	p->inherit_devices = 1;
	p->inherit_bars = 1;
	return 0;
}

/* One line @kv of @path: 0, -1 with @err set, -2 with a message printed
 * (a base that failed). */
static int load_line(struct profile *p, const char *path,
		     const struct kvline *kv, int depth, int others,
		     char *err, size_t n)
{
	if (!strcmp(kv->key, "drop-sig"))
		return drop_steps(p, kv->value, err, n);
	if (strcmp(kv->key, "base"))
		return apply(p, kv->key, kv->value, err, n);
	if (others) {
		snprintf(err, n, "'base' must come before every key but 'profile'");
		return -1;
	}
	return take_base(p, path, kv->value, depth, err, n);
}

/* Apply the lines of @path to @p; a base's "profile" line names the base. */
static int load_lines(struct profile *p, const char *path, int depth)
{
	struct linereader lr;
	struct kvline kv;
	char err[256];
	int fd, r, others = 0, ret = -1;

	fd = kv_open(path, "profile");
	if (fd < 0)
		return -1;
	lr_init_fd(&lr, fd, 4096);
	while ((r = kv_next(&lr, &kv)) == 1) {
		if (!kv.key)
			continue;
		if (!strcmp(kv.key, "profile") && depth > 0)
			continue;		/* the base's own name */
		r = load_line(p, path, &kv, depth, others, err, sizeof(err));
		if (r == -2)
			goto out;
		if (r) {
			errorf("%s:%lu: %s", path, kv.lineno, err);
			goto out;
		}
		if (strcmp(kv.key, "profile"))
			others++;
	}
	if (r < 0) {
		errorf("cannot read profile '%s': %s", path, strerror(lr.err));
		goto out;
	}
	if (lr.cut_lines) {
		errorf("%s: line longer than 4096 bytes", path);
		goto out;
	}
	ret = 0;
out:
	lr_free(&lr);
	close(fd);
	return ret;
}

struct profile *profile_load(const char *path)
{
	struct profile *p;

	p = xcalloc(1, sizeof(*p));
	p->file = xstrdup(path);
	p->flap_per_hour = 10;
	if (load_lines(p, path, 0))
		goto fail;
	if (!p->name || !p->vendor || !p->ndevices) {
		errorf("%s: a profile needs 'profile', 'vendor' and 'device'", path);
		goto fail;
	}
	/* the family defaults to the driver without "_core": mlx4, mlx5 */
	if (!p->family) {
		const char *d = p->driver ? p->driver : p->name;
		size_t l = strlen(d);

		if (l > 5 && !strcmp(d + l - 5, "_core"))
			l -= 5;
		p->family = xstrndup(d, l);
	}
	return p;
fail:
	profile_free(p);
	return NULL;
}

/* the profile's id of the device @name names; 0 when found */
static int profile_id_by_name(const struct profile *p, const char *name,
			      uint16_t *device)
{
	int i;

	if (!p->vendor_name || !strstr(name, p->vendor_name))
		return -1;
	for (i = 0; i < p->npci_names; i++)
		if (strstr(name, p->pci_names[i].name) &&
		    profile_matches_device(p, p->vendor, p->pci_names[i].device)) {
			*device = p->pci_names[i].device;
			return 0;
		}
	return -1;
}

int profiles_ids_by_name(const struct profile_set *set, const char *name,
			 uint16_t *vendor, uint16_t *device)
{
	int i;

	for (i = 0; i < set->n; i++)
		if (!profile_id_by_name(set->p[i], name, device)) {
			*vendor = set->p[i]->vendor;
			return 0;
		}
	return -1;
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
	char **names;
	int n, i;

	memset(set, 0, sizeof(*set));
	hv_strlcpy(set->dir, dir, sizeof(set->dir));
	n = dir_list(dir, &names);
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
			dir_list_free(names, n);
			profiles_free(set);
			return -1;
		}
		set->p = xrealloc(set->p, (size_t)(set->n + 1) * sizeof(*set->p));
		set->p[set->n++] = p;
	}
	dir_list_free(names, n);
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

/* ---- selection: which profile judges which VF ---- */

static const struct log_hits *pat_hits(const struct log_model *m, int cat)
{
	if (m->part.state != PART_OK || cat < 0 || cat >= m->npat)
		return NULL;
	return &m->hits[cat];
}

int profile_walk(const struct profile *p, const struct log_model *m,
		 const char *bdf, struct step_seen *seen, int *first_missing)
{
	unsigned long after = 0;
	int s, a, found = 0;

	*first_missing = -1;
	for (s = 0; s < p->nsteps; s++) {
		const struct prof_step *st = &p->steps[s];
		const struct log_hit *best = NULL, *x;

		seen[s].anywhere = 0;
		for (a = st->first; a < st->first + st->n; a++) {
			const struct log_hits *h = pat_hits(m, p->sig.cat[a]);
			const char *dev = sig_has_tok(&p->sig.pat[a], SIG_BDF) ?
					  bdf : NULL;

			x = log_hits_after(h, dev, after);
			if (x && (!best || x->lineno < best->lineno))
				best = x;
			if (log_hits_after(h, dev, 0))
				seen[s].anywhere = 1;
		}
		seen[s].hit = best;
		if (best) {
			after = best->lineno;
			found++;
		} else if (!st->optional && *first_missing < 0) {
			*first_missing = s;
		}
	}
	return found;
}

/* A candidate profile for one VF, with what speaks for it. */
struct cand {
	const struct profile *p;
	int platform_ok;	/* fits what is known of the platform */
	int needs;		/* has detect lines: needs evidence */
	const struct log_hit *ev;	/* the evidence line, when present */
	int driver;		/* the bound driver is the profile's */
	int fit;		/* signature steps found in order */
	int out;		/* ruled out, and why below */
	const char *why_out;
};

static int pats_name(const struct prof_pats *pp, const struct log_model *m,
		     const char *bdf, const struct log_hit **hit)
{
	int i;

	for (i = 0; i < pp->n; i++) {
		const struct log_hits *h = pat_hits(m, pp->cat[i]);
		int k;

		if (!h || !h->count)
			continue;
		if (!sig_has_tok(&pp->pat[i], SIG_BDF)) {
			if (hit)
				*hit = &h->hit[0];
			return 1;
		}
		k = log_hits_find(h, bdf);
		if (k >= 0) {
			if (hit)
				*hit = &h->hit[k];
			return 1;
		}
	}
	return 0;
}

/* Whether @t is "DRIVER BDF..." for @p's driver and @bdf. */
static int driver_names(const struct profile *p, const char *t, const char *bdf)
{
	size_t dl = p->driver ? strlen(p->driver) : 0;

	return dl && t && !strncmp(t, p->driver, dl) && t[dl] == ' ' &&
	       !strncmp(t + dl + 1, bdf, strlen(bdf));
}

const struct log_hit *profile_vf_line(const struct profile *p,
				      const struct log_model *m,
				      const char *bdf)
{
	const struct prof_pats *pp[] = { &p->sig, &p->forbid, &p->vfline, &p->detect };
	size_t t;
	int i, k;

	if (m->part.state != PART_OK)
		return NULL;
	for (t = 0; t < sizeof(pp) / sizeof(pp[0]); t++)
		for (k = 0; k < pp[t]->n; k++) {
			const struct log_hits *h = pat_hits(m, pp[t]->cat[k]);

			/* a detect line is the family's own even uncaptured */
			if (!sig_has_tok(&pp[t]->pat[k], SIG_BDF) && pp[t] != &p->detect)
				continue;
			i = log_hits_find(h, bdf);
			if (i >= 0)
				return &h->hit[i];
		}
	for (k = 0; k < m->npat; k++) {
		i = log_hits_find(&m->hits[k], bdf);
		if (i >= 0 && driver_names(p, m->hits[k].hit[i].text, bdf))
			return &m->hits[k].hit[i];
	}
	return NULL;
}

/* "[15b3:1016]" in a line naming the device: its PCI id from the log. */
static int id_in_text(const char *t, uint16_t *vendor, uint16_t *device)
{
	const char *b;
	unsigned int v, d;
	char end;

	for (b = strchr(t, '['); b; b = strchr(b + 1, '[')) {
		if (strlen(b) >= 11 && b[5] == ':' && b[10] == ']' &&
		    sscanf(b, "[%4x:%4x%c", &v, &d, &end) == 3 && end == ']') {
			*vendor = (uint16_t)v;
			*device = (uint16_t)d;
			return 1;
		}
	}
	return 0;
}

struct vf_list {
	struct vf_pick *v;
	int n;
	/* per VF: the candidate profiles (bit i: ps->p[i]) and id evidence */
	unsigned char **cand;
	int *has_id;
	uint16_t *vendor, *device;
	const struct log_hit **named;	/* a line of the VF's driver */
	const struct irq_line **irq;	/* a vector named after the VF */
	int *slot;			/* hash of the BDFs -> index + 1 */
	int nslot;
};

static unsigned int bdf_hash(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int vf_find(const struct vf_list *l, const char *bdf)
{
	unsigned int i;

	if (!l->nslot)
		return -1;
	for (i = bdf_hash(bdf) & (unsigned int)(l->nslot - 1); l->slot[i];
	     i = (i + 1) & (unsigned int)(l->nslot - 1))
		if (!strcmp(l->v[l->slot[i] - 1].bdf, bdf))
			return l->slot[i] - 1;
	return -1;
}

static void vf_slot(struct vf_list *l, int k)
{
	unsigned int i = bdf_hash(l->v[k].bdf) & (unsigned int)(l->nslot - 1);

	while (l->slot[i])
		i = (i + 1) & (unsigned int)(l->nslot - 1);
	l->slot[i] = k + 1;
}

static int vf_add(struct vf_list *l, const char *bdf, int nprof)
{
	int i = l->n++;

	l->v = xrealloc(l->v, (size_t)l->n * sizeof(*l->v));
	l->cand = xrealloc(l->cand, (size_t)l->n * sizeof(*l->cand));
	l->has_id = xrealloc(l->has_id, (size_t)l->n * sizeof(*l->has_id));
	l->vendor = xrealloc(l->vendor, (size_t)l->n * sizeof(*l->vendor));
	l->device = xrealloc(l->device, (size_t)l->n * sizeof(*l->device));
	l->named = xrealloc(l->named, (size_t)l->n * sizeof(*l->named));
	l->irq = xrealloc(l->irq, (size_t)l->n * sizeof(*l->irq));
	memset(&l->v[i], 0, sizeof(l->v[i]));
	hv_strlcpy(l->v[i].bdf, bdf, sizeof(l->v[i].bdf));
	l->cand[i] = xcalloc((size_t)(nprof ? nprof : 1), 1);
	l->has_id[i] = 0;
	l->named[i] = NULL;
	l->irq[i] = NULL;
	if (2 * l->n > l->nslot) {
		int k;

		l->nslot = l->nslot ? l->nslot * 2 : 64;
		free(l->slot);
		l->slot = xcalloc((size_t)l->nslot, sizeof(*l->slot));
		for (k = 0; k < l->n; k++)
			vf_slot(l, k);
	} else {
		vf_slot(l, i);
	}
	return i;
}

static int in_scope(const struct profile *p, const struct profile *forced)
{
	return !forced || p == forced;
}

/* The VFs: PCI functions of a profile's ids, else devices the log names. */
static void gather(const struct guest *g, const struct profile_set *ps,
		   const struct profile *forced, struct vf_list *l)
{
	const struct log_model *m = &g->log;
	int i, k, j;

	if (g->pci.part.state == PART_OK) {
		for (k = 0; k < g->pci.n; k++) {
			const struct pcidev *d = &g->pci.devs[k];
			int v = -1;

			if (!(d->known & PK_IDS))
				continue;
			for (i = 0; i < ps->n; i++) {
				if (!in_scope(ps->p[i], forced) ||
				    !profile_matches_device(ps->p[i], d->vendor, d->device))
					continue;
				if (v < 0) {
					v = vf_add(l, d->bdf, ps->n);
					l->v[v].dev = d;
					l->has_id[v] = 1;
					l->vendor[v] = d->vendor;
					l->device[v] = d->device;
				}
				l->cand[v][i] = 1;
			}
		}
		return;
	}
	/* no PCI data: the devices a profile's own lines name */
	for (i = 0; i < ps->n; i++) {
		const struct profile *p = ps->p[i];
		const struct prof_pats *pp[] = { &p->sig, &p->forbid, &p->vfline, &p->detect };
		size_t t;

		if (!in_scope(p, forced))
			continue;
		for (t = 0; t < sizeof(pp) / sizeof(pp[0]); t++)
			for (k = 0; k < pp[t]->n; k++) {
				const struct log_hits *h = pat_hits(m, pp[t]->cat[k]);

				/* a detect line is the family's own: the PCI
				 * address it names is its VF even uncaptured */
				if (!sig_has_tok(&pp[t]->pat[k], SIG_BDF) &&
				    pp[t] != &p->detect)
					continue;
				for (j = 0; h && j < h->kept; j++) {
					const char *dev = h->hit[j].dev;
					struct hvd_bdf b;
					int v;

					if (hvd_bdf_parse_exact(dev, strlen(dev), &b))
						continue;
					v = vf_find(l, dev);
					if (v < 0)
						v = vf_add(l, dev, ps->n);
					l->cand[v][i] = 1;
					if (!l->named[v])
						l->named[v] = &h->hit[j];
					if (!l->has_id[v] &&
					    id_in_text(h->hit[j].text, &l->vendor[v],
						       &l->device[v]))
						l->has_id[v] = 2;
				}
			}
	}
	/* any other known line the driver prints naming the VF ("mana
	 * 7870:00:00.0 enP30832s1: Moved VF to namespace with: eth0") */
	for (j = 0; j < m->npat; j++) {
		const struct log_hits *h = &m->hits[j];

		for (k = 0; k < h->kept; k++) {
			const char *dev = h->hit[k].dev, *t = h->hit[k].text;
			struct hvd_bdf b;
			int v = -1;

			if (!t || hvd_bdf_parse_exact(dev, strlen(dev), &b) ||
			    vf_find(l, dev) >= 0)
				continue;
			for (i = 0; i < ps->n; i++) {
				const struct profile *p = ps->p[i];

				if (!in_scope(p, forced) || !driver_names(p, t, dev))
					continue;
				if (v < 0) {
					v = vf_add(l, dev, ps->n);
					l->named[v] = &h->hit[k];
				}
				l->cand[v][i] = 1;
			}
		}
	}
	/* the PCI id the log printed rules out profiles of other ids */
	for (k = 0; k < l->n; k++)
		for (i = 0; l->has_id[k] && i < ps->n; i++)
			if (l->cand[k][i] &&
			    !profile_matches_device(ps->p[i], l->vendor[k], l->device[k]))
				l->cand[k][i] = 0;
	/* else the PCI functions netdevs hang under, by their driver */
	for (k = 0; k < g->net.n; k++) {
		const struct netdev *nd = &g->net.devs[k];
		int v;

		if (!nd->pci[0] || vf_find(l, nd->pci) >= 0)
			continue;
		v = -1;
		for (i = 0; i < ps->n; i++) {
			const struct profile *p = ps->p[i];

			if (!in_scope(p, forced))
				continue;
			if (nd->driver[0] &&
			    !(p->netdev_driver && !strcmp(p->netdev_driver, nd->driver)) &&
			    !(p->driver && !strcmp(p->driver, nd->driver)))
				continue;
			if (!nd->driver[0] && !forced)
				continue;
			if (v < 0)
				v = vf_add(l, nd->pci, ps->n);
			l->cand[v][i] = 1;
		}
	}
	/* else the functions whose interrupt vectors carry a family's name
	 * ("mana_q0@pci:7870:00:00.0", "mlx5_comp0@pci:...") */
	for (k = 0; k < g->irq.n; k++) {
		const struct irq_line *il = &g->irq.lines[k];
		struct hvd_bdf b;
		int v;

		if (!il->dev[0] || hvd_bdf_parse_exact(il->dev, strlen(il->dev), &b))
			continue;
		v = vf_find(l, il->dev);
		if (v >= 0 && !l->irq[v])
			continue;
		for (i = 0; i < ps->n; i++) {
			const struct profile *p = ps->p[i];

			if (!in_scope(p, forced) || !p->family ||
			    !hv_startswith(il->action, p->family))
				continue;
			if (v < 0) {
				v = vf_add(l, il->dev, ps->n);
				l->irq[v] = il;
			}
			l->cand[v][i] = 1;
		}
	}
}

static int better(const struct cand *a, const struct cand *b)
{
	if (a->platform_ok != b->platform_ok)
		return a->platform_ok > b->platform_ok;
	if ((a->needs && a->ev) != (b->needs && b->ev))
		return a->needs && a->ev;
	if (a->driver != b->driver)
		return a->driver > b->driver;
	if (a->fit != b->fit)
		return a->fit > b->fit;
	return strcmp(a->p->name, b->p->name) < 0;
}

static void pick_one(const struct guest *g, const struct profile_set *ps,
		     const struct profile *forced, int hyperv,
		     struct vf_list *l, int v)
{
	const struct log_model *m = &g->log;
	struct vf_pick *pk = &l->v[v];
	const struct pcidev *d = pk->dev;
	struct cand *c = xcalloc((size_t)(ps->n ? ps->n : 1), sizeof(*c));
	struct step_seen *seen;
	struct sbuf why;
	int i, n = 0, best = -1, alive = 0, any_plat = 0, any_ev = 0, miss;
	size_t maxsteps = 1;

	for (i = 0; i < ps->n; i++)
		if ((size_t)ps->p[i]->nsteps > maxsteps)
			maxsteps = (size_t)ps->p[i]->nsteps;
	seen = xcalloc(maxsteps, sizeof(*seen));
	for (i = 0; i < ps->n; i++) {
		const struct profile *p = ps->p[i];

		if (!l->cand[v][i])
			continue;
		c[n].p = p;
		c[n].platform_ok = hyperv < 0 ? !p->platform_any :
				   hyperv ? !p->platform_any : p->platform_any;
		c[n].needs = p->detect.n > 0;
		if (c[n].needs)
			pats_name(&p->detect, m, pk->bdf, &c[n].ev);
		c[n].driver = d && (d->known & PK_DRIVER) && p->driver &&
			      !strcmp(d->driver, p->driver);
		c[n].fit = profile_walk(p, m, pk->bdf, seen, &miss);
		any_plat |= c[n].platform_ok;
		any_ev |= !c[n].needs || c[n].ev;
		n++;
	}
	free(seen);
	/* rule out what the evidence contradicts, while something is left */
	for (i = 0; i < n; i++) {
		if (forced)
			break;
		if (any_plat && !c[i].platform_ok) {
			c[i].out = 1;
			c[i].why_out = c[i].p->platform_any ?
				"a stand-in profile, not for Hyper-V guests" :
				"needs a Hyper-V guest";
		} else if (any_ev && c[i].needs && !c[i].ev) {
			c[i].out = 1;
			c[i].why_out = "none of its detect lines is in the log";
		}
	}
	for (i = 0; i < n; i++)
		if (!c[i].out) {
			alive++;
			if (best < 0 || better(&c[i], &c[best]))
				best = i;
		}
	sbuf_init(&why);
	if (d)
		sbuf_addf(&why, "PCI id %04x:%04x (%s)", d->vendor, d->device,
			  g->pci.method[0] ? g->pci.method : "PCI data");
	else if (l->has_id[v] == 2)
		sbuf_addf(&why, "PCI id %04x:%04x from the kernel log", l->vendor[v],
			  l->device[v]);
	else if (l->named[v])
		sbuf_addf(&why, "no PCI data; the driver's lines name it (log:%lu)",
			  l->named[v]->lineno);
	else if (l->irq[v])
		sbuf_addf(&why, "no PCI data; its interrupt vector %s names it",
			  l->irq[v]->action);
	else
		sbuf_addf(&why, "no PCI data; a network device hangs under it");
	if (best < 0) {
		sbuf_adds(&why, "; no profile fits it");
	} else if (forced) {
		sbuf_adds(&why, "; profile given with --profile");
	} else if (n == 1) {
		sbuf_adds(&why, "; the only profile for it");
	} else {
		const struct cand *b = &c[best];

		if (b->needs && b->ev)
			sbuf_addf(&why, "; %s's evidence in the log: log:%lu: %.100s%s",
				  b->p->name, b->ev->lineno, b->ev->text,
				  strlen(b->ev->text) > 100 ? "..." : "");
		for (i = 0; i < n; i++) {
			const struct cand *o = &c[i];

			if (i == best)
				continue;
			if (o->out)
				sbuf_addf(&why, "; not %s: %s", o->p->name, o->why_out);
			else if (o->platform_ok != b->platform_ok)
				sbuf_addf(&why, "; not %s: platform", o->p->name);
			else if ((o->needs && o->ev) != (b->needs && b->ev))
				sbuf_addf(&why, "; not %s: the log shows %s's evidence",
					  o->p->name, b->p->name);
			else if (o->driver != b->driver)
				sbuf_addf(&why, "; not %s: the VF is bound to %s",
					  o->p->name, b->p->driver);
			else if (o->fit != b->fit)
				sbuf_addf(&why, "; not %s: %d of its signature steps fit, %d of %s's",
					  o->p->name, o->fit, b->fit, b->p->name);
			else
				sbuf_addf(&why, "; %s fits as well as %s: taken by name",
					  b->p->name, o->p->name);
		}
	}
	hv_strlcpy(pk->reason, why.s ? why.s : "", sizeof(pk->reason));
	pk->prof = best >= 0 ? c[best].p : NULL;
	sbuf_free(&why);
	free(c);
}

/* Every VF and the profile that judges it (*out: free()); how many. */
static int pick_vfs(const struct guest *g, const struct profile_set *ps,
		    const struct profile *forced, struct vf_pick **out)
{
	int hyperv = guest_hyperv(g);
	struct vf_list l;
	int i;

	memset(&l, 0, sizeof(l));
	gather(g, ps, forced, &l);
	for (i = 0; i < l.n; i++)
		pick_one(g, ps, forced, hyperv, &l, i);
	for (i = 0; i < l.n; i++)
		free(l.cand[i]);
	free(l.cand);
	free(l.has_id);
	free(l.vendor);
	free(l.device);
	free(l.named);
	free(l.irq);
	free(l.slot);
	*out = l.v;
	return l.n;
}

int guest_hyperv(const struct guest *g)
{
	return g->platform.part.state == PART_OK ? g->platform.hyperv : -1;
}

/* The profile of most picks (the first pick's on a tie); NULL: none. */
static const struct profile *picks_primary(const struct vf_pick *picks, int n)
{
	const struct profile *prof[16];
	int count[16], np = 0, i, k, best = -1;

	for (i = 0; i < n; i++) {
		if (!picks[i].prof)
			continue;
		for (k = 0; k < np && prof[k] != picks[i].prof; k++)
			;
		if (k == np) {
			if (np == (int)ARRAY_SIZE(prof))
				continue;
			prof[np] = picks[i].prof;
			count[np++] = 0;
		}
		count[k]++;
	}
	/* most VFs; on a tie the profile of the first VF */
	for (k = 0; k < np; k++)
		if (best < 0 || count[k] > count[best])
			best = k;
	return best < 0 ? NULL : prof[best];
}

/* @p before @best (or no @best): a profile that needs no evidence before
 * one that does, then by name. */
static int plainer(const struct profile *p, const struct profile *best)
{
	return !best || (!p->detect.n && best->detect.n) ||
	       (!p->detect.n == !best->detect.n && strcmp(p->name, best->name) < 0);
}

/* A crash report's module name that is @p's driver. */
static int names_module(const struct profile *p, const char *mod)
{
	return p->driver && !strcmp(p->driver, mod);
}

/* A function of @p's built-in driver ("mana_detach", "mlx5e_open"): its
 * family followed by '_' (or 'e_'). */
static int names_function(const struct profile *p, const char *fn)
{
	size_t fl = p->family ? strlen(p->family) : 0;
	const char *rest = fn + fl;

	return fl && !strncmp(fn, p->family, fl) &&
	       (rest[0] == '_' || (rest[0] == 'e' && rest[1] == '_'));
}

/* The plainest Hyper-V profile that @name names by @match; NULL: none. */
static const struct profile *crash_match(const struct profile_set *ps,
					 const char *name,
					 int (*match)(const struct profile *,
						      const char *))
{
	const struct profile *best = NULL;
	int k;

	for (k = 0; k < ps->n && name[0]; k++)
		if (!ps->p[k]->platform_any && match(ps->p[k], name) &&
		    plainer(ps->p[k], best))
			best = ps->p[k];
	return best;
}

/* The modules (@fns 0) or functions (@fns 1) crash @x names, in order:
 * the RIP line's, the first line's, the trace's. How many. */
static size_t crash_names(const struct log_crash *x, int fns,
			  const char *out[2 + LOG_CRASH_FRAMES + 4])
{
	size_t n = 0;
	int k;

	out[n++] = fns ? x->rsite.func : x->rsite.module;
	out[n++] = fns ? x->hsite.func : x->hsite.module;
	for (k = 0; k < (fns ? x->nff : x->nmods); k++)
		out[n++] = fns ? x->ffunc[k] : x->mods[k];
	return n;
}

/*
 * With no VF found at all: the profile whose driver a crash report of the
 * log names, by a module (its RIP line or first frames) or else, for a
 * driver built into the kernel, by a function; why in @why. NULL: none.
 */
static const struct profile *profile_from_crash(const struct guest *g,
						const struct profile_set *ps,
						char *why, size_t n)
{
	const struct log_crashes *cs = &g->log.crash;
	const char *names[2 + LOG_CRASH_FRAMES + 4];
	const struct profile *p;
	size_t m, nn;
	int i, fns;

	for (fns = 0; fns < 2; fns++)
		for (i = 0; i < cs->n; i++) {
			nn = crash_names(&cs->v[i], fns, names);
			for (m = 0; m < nn; m++) {
				p = crash_match(ps, names[m], fns ? names_function :
						names_module);
				if (!p)
					continue;
				if (fns)
					snprintf(why, n, "auto: no VF named; %s in a crash report (log:%lu) is %s's",
						 names[m], cs->v[i].head.lineno, p->family);
				else
					snprintf(why, n, "auto: no VF named; the %s module in a crash report (log:%lu)",
						 names[m], cs->v[i].head.lineno);
				return p;
			}
		}
	return NULL;
}

/* Why the run's profile is @pc->prof (set), into @pc->reason. */
static void choice_reason(struct profile_choice *pc)
{
	char *r = pc->reason;
	size_t n = sizeof(pc->reason);
	int i, same = 0;

	for (i = 0; i < pc->npicks; i++)
		same += pc->prof && pc->picks[i].prof == pc->prof;
	if (pc->given)
		snprintf(r, n, "given with --profile");
	else if (pc->prof)
		snprintf(r, n, "auto: judges %d of %d VF(s)", same, pc->npicks);
	else if (pc->npicks)
		snprintf(r, n, "auto: no profile fits the %d VF(s) found",
			 pc->npicks);
	else
		snprintf(r, n, "auto: no VF of a known profile in the PCI data or the kernel log");
}

void profile_select(const struct guest *g, const struct profile_set *ps,
		    const struct profile *forced, struct profile_choice *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->npicks = pick_vfs(g, ps, forced, &pc->picks);
	pc->given = forced != NULL;
	pc->prof = forced ? forced : picks_primary(pc->picks, pc->npicks);
	choice_reason(pc);
	if (!pc->prof && !pc->npicks)
		pc->prof = profile_from_crash(g, ps, pc->reason,
					      sizeof(pc->reason));
}
