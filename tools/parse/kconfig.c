// SPDX-License-Identifier: GPL-2.0
#include "parse/kconfig.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_opt(const void *a, const void *b)
{
	const struct kconfig_opt *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int valid_name(const char *s, size_t n)
{
	size_t i;

	if (n < 8 || n > 200 || strncmp(s, "CONFIG_", 7))
		return 0;
	for (i = 7; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return 1;
}

static void add(struct kconfig_model *m, const char *name, size_t n,
		const char *value)
{
	struct kconfig_opt *o;

	if (m->n >= 100000)
		return;
	m->opts = xrealloc(m->opts, (size_t)(m->n + 1) * sizeof(*o));
	o = &m->opts[m->n++];
	o->name = xstrndup(name, n);
	o->value = xstrdup(value);
}

struct seq_opt {
	struct kconfig_opt o;
	int seq;		/* place in the file */
};

static int cmp_seq(const void *a, const void *b)
{
	const struct seq_opt *x = a, *y = b;
	int c = strcmp(x->o.name, y->o.name);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Sort by name for lookups, and keep one occurrence of each option: the
 * last in the file, as Kconfig reads a .config ("# CONFIG_X is not set"
 * is an occurrence too).
 */
static void keep_last(struct kconfig_model *m)
{
	struct seq_opt *v = xmalloc((size_t)m->n * sizeof(*v));
	int i, n = 0;

	for (i = 0; i < m->n; i++) {
		v[i].o = m->opts[i];
		v[i].seq = i;
	}
	qsort(v, (size_t)m->n, sizeof(*v), cmp_seq);
	for (i = 0; i < m->n; i++) {
		if (i + 1 < m->n && !strcmp(v[i].o.name, v[i + 1].o.name)) {
			free(v[i].o.name);	/* a later one follows */
			free(v[i].o.value);
			continue;
		}
		m->opts[n++] = v[i].o;
	}
	m->n = n;
	free(v);
}

int kconfig_parse(struct linereader *lr, struct kconfig_model *m)
{
	char *line;
	size_t len;
	int r;

	while ((r = lr_next(lr, &line, &len)) == 1) {
		char *eq;

		if (hv_startswith(line, "# CONFIG_")) {
			char *sp = strstr(line + 2, " is not set");

			if (sp && valid_name(line + 2, (size_t)(sp - line - 2)))
				add(m, line + 2, (size_t)(sp - line - 2), "n");
			continue;
		}
		eq = strchr(line, '=');
		if (!eq || !valid_name(line, (size_t)(eq - line)))
			continue;
		add(m, line, (size_t)(eq - line), eq + 1);
	}
	if (r < 0 || !m->n)
		return -1;
	keep_last(m);
	return m->n;
}

const char *kconfig_get(const struct kconfig_model *m, const char *name)
{
	struct kconfig_opt key, *o;

	if (!m->n)
		return "n";
	key.name = (char *)name;
	o = bsearch(&key, m->opts, (size_t)m->n, sizeof(*m->opts), cmp_opt);
	return o ? o->value : "n";
}

int kconfig_accepts(const char *accepted, const char *value)
{
	const char *p = accepted;
	size_t vl = strlen(value);

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == vl && !strncmp(p, value, n))
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

void kconfig_free(struct kconfig_model *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		free(m->opts[i].name);
		free(m->opts[i].value);
	}
	free(m->opts);
	m->opts = NULL;
	m->n = 0;
}

const char *kconfig_lookup(const struct kconfig_model *m, const char *name)
{
	struct kconfig_opt key, *o;

	if (!m->n)
		return NULL;
	key.name = (char *)name;
	o = bsearch(&key, m->opts, (size_t)m->n, sizeof(*m->opts), cmp_opt);
	return o ? o->value : NULL;
}

void kfrag_free(struct kfrag *f)
{
	int i;

	for (i = 0; i < f->n; i++) {
		free(f->r[i].name);
		free(f->r[i].where);
		free(f->r[i].why);
	}
	free(f->r);
	f->r = NULL;
	f->n = 0;
}

int kfrag_load(struct kfrag *f, const char *path)
{
	struct linereader lr;
	char *line, why[512], where[128];
	size_t len;
	int fd, optional = -1, r;

	memset(f, 0, sizeof(*f));
	hv_strlcpy(f->path, path, sizeof(f->path));
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		errorf("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	why[0] = '\0';
	lr_init_fd(&lr, fd, 4096);
	while ((r = lr_next(&lr, &line, &len)) == 1) {
		char *s = hv_trim(line), *eq;
		struct kreq *q;

		if (hv_startswith(s, "# hvdiag: ")) {
			char *k = s + 10;

			if (hv_startswith(k, "require"))
				optional = 0;
			else if (hv_startswith(k, "optional"))
				optional = 1;
			else {
				errorf("%s:%lu: expected '# hvdiag: require|optional - why'",
				       path, lr.lineno);
				goto fail;
			}
			/* "require where CONFIG_X - why" */
			where[0] = '\0';
			k += optional ? 8 : 7;
			if (hv_startswith(k, " where CONFIG_")) {
				size_t n = strcspn(k + 7, " ");

				if (n >= sizeof(where)) {
					errorf("%s:%lu: 'where' names one CONFIG_ symbol",
					       path, lr.lineno);
					goto fail;
				}
				memcpy(where, k + 7, n);
				where[n] = '\0';
			}
			k = strstr(k, " - ");
			hv_strlcpy(why, k ? k + 3 : "", sizeof(why));
			continue;
		}
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!hv_startswith(s, "CONFIG_") || !eq || (strcmp(eq + 1, "y") &&
							   strcmp(eq + 1, "m"))) {
			errorf("%s:%lu: expected CONFIG_NAME=y or =m", path, lr.lineno);
			goto fail;
		}
		if (optional < 0) {
			errorf("%s:%lu: %.*s has no '# hvdiag: require|optional - why' line",
			       path, lr.lineno, (int)(eq - s), s);
			goto fail;
		}
		f->r = xrealloc(f->r, (size_t)(f->n + 1) * sizeof(*f->r));
		q = &f->r[f->n++];
		q->name = xstrndup(s, (size_t)(eq - s));
		q->want = eq[1];
		q->optional = optional;
		q->where = where[0] ? xstrdup(where) : NULL;
		q->why = xstrdup(why);
		q->lineno = lr.lineno;
		optional = -1;
	}
	lr_free(&lr);
	close(fd);
	if (r < 0 || !f->n) {
		errorf("'%s' holds no requirement", path);
		kfrag_free(f);
		return -1;
	}
	return 0;
fail:
	lr_free(&lr);
	close(fd);
	kfrag_free(f);
	return -1;
}

enum kreq_verdict kreq_judge(const struct kreq *r, const struct kconfig_model *m,
			     const char **got)
{
	const char *v = kconfig_lookup(m, r->name);

	*got = v ? v : "(absent)";
	if (!v && r->where && !kconfig_lookup(m, r->where))
		return r->optional ? KREQ_SKIPPED : KREQ_UNAVAILABLE;
	if (!v)
		return r->optional ? KREQ_SKIPPED : KREQ_ABSENT;
	if (!strcmp(v, "y"))
		return KREQ_OK;
	if (!strcmp(v, "m"))
		return r->want == 'm' ? KREQ_OK : KREQ_WEAK;
	return KREQ_NOT_SET;
}

const char *kreq_verdict_str(enum kreq_verdict v)
{
	switch (v) {
	case KREQ_OK:
		return "ok";
	case KREQ_NOT_SET:
		return "not set";
	case KREQ_ABSENT:
		return "absent (dependencies unmet, or the kernel predates it)";
	case KREQ_WEAK:
		return "a module where built-in is needed";
	case KREQ_SKIPPED:
		return "not in this kernel";
	case KREQ_UNAVAILABLE:
		return "not available in this kernel (it predates the option)";
	}
	return "?";
}
