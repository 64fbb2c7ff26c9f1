// SPDX-License-Identifier: GPL-2.0
/* hvdiag lsvmbus: vmbus devices and channels, the layout of the kernel's
 * lsvmbus, in text or JSON from one description of a row. */
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/util.h"
#include "model/vmbus_names.h"
#include "render/fields.h"
#include "source/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lsvmbus_opts {
	const char *root;
	int verbose;
	int json;
};

static const struct opt lsvmbus_opt[] = {
	OPT_ROOT(struct lsvmbus_opts, root, "read DIR instead of /"),
	OPT_VERBOSE(struct lsvmbus_opts, verbose, "more detail (repeat for more)"),
	OPT_CALL('f', "format", struct lsvmbus_opts, json, "F", "text (default) or json",
		 fields_opt_format),
	OPT_END(),
};

static const struct opt_help lsvmbus_help = {
	"hvdiag lsvmbus [--root DIR] [-v] [--format text|json]",
	"List vmbus devices by relid and class. -v adds the class and instance\n"
	"GUIDs, the sysfs path and every channel with its target CPU (the layout\n"
	"of the kernel's lsvmbus -vv); -vv adds the bound driver and state.",
	"exit status: 0 listed, 2 usage or unreadable input, 4 no vmbus.",
};

static int by_id(const void *a, const void *b)
{
	const struct vmbus_dev *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void channels(struct fields *p, const struct vmbus_dev *d, enum print_mode m)
{
	int k;

	fields_array_open(p, m, "channels");
	for (k = 0; k < d->nchans; k++) {
		fields_object_open(p, m, NULL);
		print_int(p, m, "relid", "\tRel_ID=%u, ", d->chans[k].relid);
		print_int(p, PRINT_JSON, "target_cpu", NULL, d->chans[k].cpu);
		if (d->chans[k].cpu >= 0)
			print_int(p, m & PRINT_TEXT, NULL, "target_cpu=%d\n", d->chans[k].cpu);
		else
			print_string(p, m & PRINT_TEXT, NULL, "target_cpu=%s\n", "?");
		fields_object_close(p, m);
	}
	fields_array_close(p, m);
}

/* One device: every field in JSON; in text, by -v. */
static void device(struct fields *p, const struct vmbus_dev *d, int verbose)
{
	enum print_mode v1 = verbose ? PRINT_ANY : PRINT_JSON;
	enum print_mode v2 = verbose > 1 ? PRINT_ANY : PRINT_JSON;

	fields_object_open(p, PRINT_JSON, NULL);
	print_string(p, PRINT_JSON, "name", NULL, d->name);
	print_int(p, PRINT_ANY, "id", "VMBUS ID %2d: ", d->id);
	print_string(p, v1, "class_id", "Class_ID = {%s} - ", d->class_id);
	print_string(p, PRINT_ANY, "class", "%s\n", vmbus_class_name(d->class_id));
	print_string(p, v1, "device_id", "\tDevice_ID = {%s}\n", d->device_id);
	print_string(p, v1 & PRINT_TEXT, NULL, "\tSysfs path: /sys/bus/vmbus/devices/%s\n",
		     d->name);
	if (d->driver[0])
		print_string(p, v2, "driver", "\tDriver: %s, ", d->driver);
	else
		print_null(p, v2, "driver", "\tDriver: %s, ", "(none)");
	print_int(p, v2, "state", "state %d\n", d->state);
	channels(p, d, v1);
	if (verbose)
		print_text(p, "\n");
	fields_object_close(p, PRINT_JSON);
}

static int lsvmbus_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct lsvmbus_opts *o = opts;
	struct source src;
	struct fields p;
	struct guest g;
	int i;

	if (source_open(&src, o->root))
		return EXIT_USAGE;
	memset(&g, 0, sizeof(g));
	g.src = &src;
	collect_vmbus(&g);
	if (g.vmbus.part.state != PART_OK) {
		errorf("no vmbus: %s", g.vmbus.part.why);
		guest_free(&g);
		return g.vmbus.part.state == PART_ABSENT ? EXIT_NOTAPPL : EXIT_USAGE;
	}
	qsort(g.vmbus.devs, (size_t)g.vmbus.n, sizeof(*g.vmbus.devs), by_id);
	fields_open(&p, stdout, o->json);
	fields_array_open(&p, PRINT_JSON, NULL);
	for (i = 0; i < g.vmbus.n; i++)
		device(&p, &g.vmbus.devs[i], o->verbose);
	fields_array_close(&p, PRINT_JSON);
	guest_free(&g);
	return 0;
}

static const struct lsvmbus_opts lsvmbus_defaults = { NULL, 0, 0 };

const struct command cmd_lsvmbus = {
	.name = "lsvmbus",
	.summary = "list vmbus devices and their channels",
	.opts = lsvmbus_opt,
	.help = &lsvmbus_help,
	.defaults = &lsvmbus_defaults,
	.opts_size = sizeof(struct lsvmbus_opts),
	.min_args = 0,
	.max_args = 0,
	.run = lsvmbus_run,
};
