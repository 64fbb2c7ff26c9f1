// SPDX-License-Identifier: GPL-2.0
/* hvdiag tree's text: the tree, each series entry, the .config's options. */
#include "model/result.h"
#include "render/render.h"

#include <string.h>

static const char *ev(const struct result *r, int k)
{
	return k < r->nevidence ? r->evidence[k] : "";
}

static int is_option(const struct result *r)
{
	return !strncmp(r->id, "CONFIG_", 7);
}

/* an option of KSRC/.config: only those missing or not available */
static void option_line(const struct result *r, FILE *f)
{
	if (r->status == ST_WARN)
		fprintf(f, "config: %s not available in this kernel (warning)\n", r->id);
	else if (r->status == ST_FAIL)
		fprintf(f, "config: missing %s (%s)\n", r->id, ev(r, 0));
}

static void tree_line(const struct report *rep, const struct result *r, FILE *f)
{
	int k;

	if (!strcmp(r->id, "tree.pci-hyperv")) {
		fprintf(f, "pci-hyperv: %s\n", r->summary);
		for (k = 0; k < rep->nnotes; k++)
			fprintf(f, "%s\n", rep->notes[k]);
	} else if (!strcmp(r->id, "tree.workaround")) {
		fprintf(f, "\n%s\n", r->summary);
		for (k = 0; k < r->nevidence; k++)
			fprintf(f, "  %s\n", r->evidence[k]);
	} else if (!strcmp(r->id, "tree.config")) {
		fprintf(f, "config: %s\n", r->summary);
	} else if (is_option(r)) {
		option_line(r, f);
	} else {
		fprintf(f, "  %-20s %s (%s)\n", r->summary, r->id, ev(r, 0));
		if (r->nevidence > 1)
			fprintf(f, "  %-20s %s\n", "", ev(r, 1));
	}
}

void render_tree_text(const struct report *rep, FILE *f, int verbose)
{
	int i, options = 0, missing = 0;

	fprintf(f, "tree %s: Linux %s\n", rep->root, rep->release);
	for (i = 0; i < rep->n; i++) {
		tree_line(rep, &rep->r[i], f);
		options += is_option(&rep->r[i]);
		missing += is_option(&rep->r[i]) && rep->r[i].status == ST_FAIL;
	}
	if (options)
		fprintf(f, "config: %s/.config: %d required options missing\n",
			rep->root, missing);
}
