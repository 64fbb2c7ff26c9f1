// SPDX-License-Identifier: GPL-2.0
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/json_out.h"
#include "base/util.h"
#include "model/vmbus_names.h"
#include "source/source.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char lsvmbus_help[] =
"usage: hvdiag lsvmbus [--root DIR] [-v] [--format text|json]\n"
"\n"
"List vmbus devices by relid and class. -v adds the class and instance\n"
"GUIDs, the sysfs path and every channel with its target CPU (the layout\n"
"of the kernel's lsvmbus -vv); -vv adds the bound driver and state.\n"
"  -r, --root DIR     read DIR instead of /\n"
"  -v, --verbose      more detail (repeat for more)\n"
"  -f, --format F     text (default) or json\n"
"exit status: 0 listed, 2 usage or unreadable input, 4 no vmbus.\n";

static int by_id(const void *a, const void *b)
{
	const struct vmbus_dev *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

int cmd_lsvmbus_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL;
	int verbose = 0, json = 0, c, i, k;
	struct source src;
	struct guest g;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:vf:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "text")) {
				errorf("unknown format '%s' (text, json)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(lsvmbus_help, stdout);
			return 0;
		default:
			fputs(lsvmbus_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (source_open(&src, root))
		return EXIT_USAGE;
	memset(&g, 0, sizeof(g));
	collect_vmbus(&src, &g);
	if (g.vmbus.part.state != PART_OK) {
		errorf("no vmbus: %s", g.vmbus.part.why);
		guest_free(&g);
		return g.vmbus.part.state == PART_ABSENT ? EXIT_NOTAPPL : EXIT_USAGE;
	}
	qsort(g.vmbus.devs, (size_t)g.vmbus.n, sizeof(*g.vmbus.devs), by_id);
	if (json) {
		struct json j;

		json_init(&j, stdout, 1);
		json_arr_begin(&j, NULL);
		for (i = 0; i < g.vmbus.n; i++) {
			const struct vmbus_dev *d = &g.vmbus.devs[i];

			json_obj_begin(&j, NULL);
			json_str(&j, "name", d->name);
			json_int(&j, "id", d->id);
			json_str(&j, "class_id", d->class_id);
			json_str(&j, "class", vmbus_class_name(d->class_id));
			json_str(&j, "device_id", d->device_id);
			if (d->driver[0])
				json_str(&j, "driver", d->driver);
			else
				json_null(&j, "driver");
			json_int(&j, "state", d->state);
			json_arr_begin(&j, "channels");
			for (k = 0; k < d->nchans; k++) {
				json_obj_begin(&j, NULL);
				json_int(&j, "relid", d->chans[k].relid);
				json_int(&j, "target_cpu", d->chans[k].cpu);
				json_obj_end(&j);
			}
			json_arr_end(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		guest_free(&g);
		return 0;
	}
	for (i = 0; i < g.vmbus.n; i++) {
		const struct vmbus_dev *d = &g.vmbus.devs[i];

		if (!verbose) {
			printf("VMBUS ID %2d: %s\n", d->id, vmbus_class_name(d->class_id));
			continue;
		}
		printf("VMBUS ID %2d: Class_ID = {%s} - %s\n", d->id, d->class_id,
		       vmbus_class_name(d->class_id));
		printf("\tDevice_ID = {%s}\n", d->device_id);
		printf("\tSysfs path: /sys/bus/vmbus/devices/%s\n", d->name);
		if (verbose > 1)
			printf("\tDriver: %s, state %d\n",
			       d->driver[0] ? d->driver : "(none)", d->state);
		for (k = 0; k < d->nchans; k++) {
			if (d->chans[k].cpu >= 0)
				printf("\tRel_ID=%u, target_cpu=%d\n", d->chans[k].relid,
				       d->chans[k].cpu);
			else
				printf("\tRel_ID=%u, target_cpu=?\n", d->chans[k].relid);
		}
		printf("\n");
	}
	guest_free(&g);
	return 0;
}

const struct command cmd_lsvmbus = {
	.name = "lsvmbus",
	.summary = "list vmbus devices and their channels",
	.raw = cmd_lsvmbus_main,
};
