// SPDX-License-Identifier: GPL-2.0
#include "parse/interrupts.h"
#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CPUS 8192
#define MAX_LINES 65536

static int header_cpus(const char *s)
{
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (strncmp(s, "CPU", 3))
			return -1;
		n++;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

/*
 * The action of a vector names its device: "mana_q0@pci:7870:00:00.0",
 * "mlx5_comp0@pci:cf63:00:02.0", older "mlx4-1@0002:00:02.0". Fills
 * action and dev from the last word of @l->desc.
 */
void irq_line_device(struct irq_line *l)
{
	const char *w = strrchr(l->desc, ' '), *at;
	struct hvd_bdf b;
	size_t n;

	w = w ? w + 1 : l->desc;
	at = strchr(w, '@');
	l->action[0] = l->dev[0] = '\0';
	if (!at || at == w)
		return;
	n = (size_t)(at - w);
	if (n >= sizeof(l->action))
		return;
	memcpy(l->action, w, n);
	l->action[n] = '\0';
	at++;
	if (!strncmp(at, "pci:", 4))
		at += 4;
	if (!hvd_bdf_parse_exact(at, strlen(at), &b))
		hvd_bdf_format(&b, l->dev);
}

int interrupts_parse(struct linereader *lr, struct irq_model *m, char *err,
		     size_t errlen)
{
	char *line;
	size_t len;
	int r, have_header = 0;
	uint64_t *row = NULL;	/* one row's counts, ncpu of them at most */

	if (m->n & (m->n - 1)) {	/* rows already there: room to a power of two */
		size_t room = 1;

		while (room < (size_t)m->n)
			room <<= 1;
		m->lines = xrealloc(m->lines, room * sizeof(*m->lines));
	}
	while ((r = lr_next(lr, &line, &len)) == 1) {
		char *s = line, *colon, *end;
		struct irq_line *l;
		int c;

		if (!have_header) {
			int n = header_cpus(line);

			if (n <= 0 || n > MAX_CPUS) {
				snprintf(err, errlen, "first line is not a CPU header");
				return -1;
			}
			m->ncpu = n;
			row = xcalloc((size_t)n, sizeof(*row));
			have_header = 1;
			continue;
		}
		while (*s == ' ')
			s++;
		colon = strchr(s, ':');
		if (!colon || colon == s || colon - s >= 32 || m->n >= MAX_LINES)
			continue;
		/* room doubles at each power of two: not one copy per row */
		if (!(m->n & (m->n - 1)))
			m->lines = xrealloc(m->lines, (size_t)(m->n ? 2 * m->n : 1) *
					    sizeof(*l));
		l = &m->lines[m->n];
		memset(l, 0, sizeof(*l));
		memcpy(l->name, s, (size_t)(colon - s));
		l->name[colon - s] = '\0';
		l->irq = -1;
		if (isdigit((unsigned char)l->name[0])) {
			long v = strtol(l->name, &end, 10);

			if (!*end)
				l->irq = (int)v;
		}
		s = colon + 1;
		for (c = 0; c < m->ncpu; c++) {
			while (*s == ' ')
				s++;
			if (!isdigit((unsigned char)*s))
				break;
			row[c] = strtoull(s, &end, 10);
			s = end;
		}
		/* the counts the row holds: memory follows the text's length */
		l->ncounts = c;
		l->counts = xcalloc((size_t)c, sizeof(uint64_t));
		memcpy(l->counts, row, (size_t)c * sizeof(uint64_t));
		hv_strlcpy(l->desc, hv_trim(s), sizeof(l->desc));
		irq_line_device(l);
		m->n++;
	}
	free(row);
	if (r < 0) {
		snprintf(err, errlen, "read error");
		return -1;
	}
	if (!have_header) {
		snprintf(err, errlen, "empty");
		return -1;
	}
	return 0;
}

void irq_model_free(struct irq_model *m)
{
	int i;

	for (i = 0; i < m->n; i++)
		free(m->lines[i].counts);
	free(m->lines);
	m->lines = NULL;
	m->n = 0;
}
