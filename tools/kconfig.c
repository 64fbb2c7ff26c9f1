// SPDX-License-Identifier: GPL-2.0
#include "kconfig.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

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
	qsort(m->opts, (size_t)m->n, sizeof(*m->opts), cmp_opt);
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
