// SPDX-License-Identifier: GPL-2.0
#include "parse/series.h"
#include "base/kvfile.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void entry_free(struct entry *e)
{
	int i;

	free(e->file);
	free(e->origin);
	free(e->sha256);
	free(e->purpose);
	free(e->symptom);
	for (i = 0; i < e->nprobe; i++) {
		free(e->probe[i].path);
		free(e->probe[i].text);
		free(e->probe[i].next);
	}
}

void series_free(struct series *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		entry_free(&s->e[i]);
	free(s->e);
	s->e = NULL;
	s->n = 0;
}

static int add_probe(struct entry *e, char *v, char *err, size_t n)
{
	struct probe *p;
	char *sp, *rest;

	if (e->nprobe >= SERIES_MAX_PROBES) {
		snprintf(err, n, "too many applied-if lines");
		return -1;
	}
	p = &e->probe[e->nprobe];
	memset(p, 0, sizeof(*p));
	sp = strchr(v, ' ');
	if (!sp) {
		snprintf(err, n, "applied-if needs a kind and a path");
		return -1;
	}
	*sp = '\0';
	rest = hv_trim(sp + 1);
	if (!strcmp(v, "file"))
		p->kind = PROBE_FILE;
	else if (!strcmp(v, "grep"))
		p->kind = PROBE_GREP;
	else if (!strcmp(v, "nogrep"))
		p->kind = PROBE_NOGREP;
	else if (!strcmp(v, "grep2"))
		p->kind = PROBE_GREP2;
	else {
		snprintf(err, n, "unknown applied-if kind '%s' (file, grep, nogrep, grep2)", v);
		return -1;
	}
	sp = strchr(rest, ' ');
	if (p->kind == PROBE_FILE) {
		p->path = xstrdup(rest);
	} else {
		if (!sp) {
			snprintf(err, n, "applied-if %s needs a path and a text", v);
			return -1;
		}
		p->path = xstrndup(rest, (size_t)(sp - rest));
		p->text = xstrdup(hv_trim(sp + 1));
		if (p->kind == PROBE_GREP2) {
			char *bar = strstr(p->text, " ||| ");

			if (!bar) {
				snprintf(err, n, "grep2 needs LINE ||| NEXT-LINE");
				free(p->path);
				free(p->text);
				return -1;
			}
			*bar = '\0';
			p->next = xstrdup(bar + 5);
		}
	}
	e->nprobe++;
	return 0;
}

static int is_hex64(const char *v)
{
	size_t i;

	for (i = 0; v[i]; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f') ||
		      (v[i] >= 'A' && v[i] <= 'F')))
			return 0;
	return i == 64;
}

/* What an entry (or a hack) must say; -1 with the line named. */
static int entry_complete(const struct series *s, const struct entry *e,
			  const char *manifest)
{
	char path[4200];
	struct stat st;

	if (e->hack) {
		if (!e->nprobe) {
			errorf("%s:%lu: hack '%s' has no applied-if line to recognise it by",
			       manifest, e->lineno, e->file);
			return -1;
		}
		return 0;
	}
	if (!e->origin || !e->sha256 || !e->purpose) {
		errorf("%s:%lu: entry '%s' has no %s line", manifest, e->lineno,
		       e->file, !e->origin ? "origin" : !e->sha256 ? "sha256" : "purpose");
		return -1;
	}
	if (e->ours) {
		snprintf(path, sizeof(path), "%s/%s", s->dir, e->file);
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			errorf("%s:%lu: entry '%s' is ours but '%s' is %s", manifest,
			       e->lineno, e->file, path,
			       stat(path, &st) ? "missing" : "not a file");
			return -1;
		}
	}
	return 0;
}

int series_load(struct series *s, const char *dir)
{
	char path[4200], err[200];
	struct linereader lr;
	struct kvline kv;
	struct entry *cur = NULL;
	int fd, r, i;

	memset(s, 0, sizeof(*s));
	hv_strlcpy(s->dir, dir, sizeof(s->dir));
	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		errorf("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	{
		struct stat st;

		if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			errorf("cannot read '%s': not a regular file", path);
			close(fd);
			return -1;
		}
		fcntl(fd, F_SETFL, 0);
	}
	lr_init_fd(&lr, fd, 4096);
	while ((r = kv_next(&lr, &kv)) == 1) {
		char **dst = NULL;

		if (!kv.key)
			continue;
		if (!strcmp(kv.key, "entry") || !strcmp(kv.key, "hack")) {
			if (cur && entry_complete(s, cur, path))
				goto fail;
			if (!*kv.value || strchr(kv.value, '/') ||
			    !strcmp(kv.value, "..") || !strcmp(kv.value, ".")) {
				errorf("%s:%lu: %s needs a file name in the series directory",
				       path, kv.lineno, kv.key);
				goto fail;
			}
			for (i = 0; i < s->n; i++)
				if (!strcmp(s->e[i].file, kv.value)) {
					errorf("%s:%lu: '%s' is listed twice", path,
					       kv.lineno, kv.value);
					goto fail;
				}
			s->e = xrealloc(s->e, (size_t)(s->n + 1) * sizeof(*s->e));
			cur = &s->e[s->n++];
			memset(cur, 0, sizeof(*cur));
			cur->file = xstrdup(kv.value);
			cur->hack = !strcmp(kv.key, "hack");
			cur->lineno = kv.lineno;
			continue;
		}
		if (!cur) {
			errorf("%s:%lu: '%s' before any entry", path, kv.lineno, kv.key);
			goto fail;
		}
		if (!strcmp(kv.key, "origin")) {
			dst = &cur->origin;
			cur->ours = hv_startswith(kv.value, "ours");
		} else if (!strcmp(kv.key, "sha256")) {
			dst = &cur->sha256;
			if (!is_hex64(kv.value)) {
				errorf("%s:%lu: sha256 needs 64 hex digits", path, kv.lineno);
				goto fail;
			}
		} else if (!strcmp(kv.key, "purpose")) {
			dst = &cur->purpose;
		} else if (!strcmp(kv.key, "symptom")) {
			dst = &cur->symptom;
		} else if (!strcmp(kv.key, "applied-if")) {
			if (add_probe(cur, kv.value, err, sizeof(err))) {
				errorf("%s:%lu: %s", path, kv.lineno, err);
				goto fail;
			}
			continue;
		} else {
			errorf("%s:%lu: unknown key '%s'", path, kv.lineno, kv.key);
			goto fail;
		}
		if (*dst) {
			errorf("%s:%lu: a second '%s' for '%s'", path, kv.lineno,
			       kv.key, cur->file);
			goto fail;
		}
		if (!*kv.value) {
			errorf("%s:%lu: '%s' needs a value", path, kv.lineno, kv.key);
			goto fail;
		}
		*dst = xstrdup(kv.value);
		if (dst == &cur->sha256)
			for (i = 0; i < 64; i++)
				cur->sha256[i] = (char)tolower((unsigned char)cur->sha256[i]);
	}
	if (r < 0) {
		errorf("cannot read '%s': %s", path, strerror(lr.err));
		goto fail;
	}
	if (cur && entry_complete(s, cur, path))
		goto fail;
	lr_free(&lr);
	close(fd);
	if (!s->n) {
		errorf("'%s' lists no entry", path);
		return -1;
	}
	return 0;
fail:
	lr_free(&lr);
	close(fd);
	series_free(s);
	return -1;
}

/* Whether @path in the tree has a line containing @text (followed by a
 * line containing @next, when given). */
static int grep_tree(const char *ksrc, const char *rel, const char *text,
		     const char *next)
{
	char path[4200], *line;
	struct linereader lr;
	size_t len;
	int fd, found = 0, prev = 0;

	snprintf(path, sizeof(path), "%s/%s", ksrc, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	lr_init_fd(&lr, fd, 0);
	while (!found && lr_next(&lr, &line, &len) == 1) {
		const char *t = hv_trim(line);

		if (next && prev && strstr(t, next))
			found = 1;
		prev = strstr(t, text) != NULL;
		if (!next && prev)
			found = 1;
	}
	lr_free(&lr);
	close(fd);
	return found;
}

int series_probe(const struct entry *e, const char *ksrc)
{
	int i;

	if (!e->nprobe)
		return 0;
	for (i = 0; i < e->nprobe; i++) {
		const struct probe *p = &e->probe[i];
		char path[4200];
		struct stat st;

		switch (p->kind) {
		case PROBE_FILE:
			snprintf(path, sizeof(path), "%s/%s", ksrc, p->path);
			if (stat(path, &st))
				return 0;
			break;
		case PROBE_GREP:
			if (!grep_tree(ksrc, p->path, p->text, NULL))
				return 0;
			break;
		case PROBE_NOGREP:
			if (grep_tree(ksrc, p->path, p->text, NULL))
				return 0;
			break;
		case PROBE_GREP2:
			if (!grep_tree(ksrc, p->path, p->text, p->next))
				return 0;
			break;
		}
	}
	return 1;
}
