// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag exercise pci|msix|mlx4-comm|vmbus: drive hvdiag.ko through its
 * debugfs files and report with the same formats as check, under the ids
 * kmod.pci.windows, kmod.msix, kmod.mlx4.comm and kmod.vmbus.
 */
#include "cmd/cmds.h"
#include "checks/kmod_judge.h"
#include "base/util.h"
#include "lib/bdf.h"
#include "render/render.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DBG "/sys/kernel/debug/hvdiag"

static const char exercise_help[] =
"usage: hvdiag exercise pci|msix|mlx4-comm|vmbus [--target BDF] [--vectors N]\n"
"                       [--timeout MS] [--module FILE] [--format F] [-o FILE] [-v]\n"
"\n"
"Run one of hvdiag.ko's exercises and judge its result (root only). The\n"
"module is loaded when needed (modprobe hvdiag, or insmod --module FILE).\n"
"msix and mlx4-comm refuse a device another driver holds: unbind the VF\n"
"first. mlx4-comm sends RESET to the PF and ends with RESET.\n"
"  -t, --target BDF   the PCI device (DDDD:BB:DD.F)\n"
"  -n, --vectors N    MSI-X vectors to allocate (default 2)\n"
"      --timeout MS   per-step wait of the comm handshake (default 2000)\n"
"  -m, --module FILE  hvdiag.ko to insmod when not loaded\n"
"  -f, --format F     text (default), json, tap or junit\n"
"exit status: 0 passed, 1 failed, 2 usage or the module/debugfs missing,\n"
"4 not applicable (no vmbus).\n";

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

static char *read_file(const char *path)
{
	struct sbuf b;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	sbuf_init(&b);
	while ((n = read(fd, buf, sizeof(buf))) > 0 && b.len < (1u << 20))
		sbuf_addn(&b, buf, (size_t)n);
	close(fd);
	return sbuf_detach(&b);
}

static int ensure_module(const char *ko)
{
	struct stat st;
	char cmd[4200];

	if (!stat(DBG, &st))
		return 0;
	/* debugfs may not be mounted yet */
	if (system("grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs none /sys/kernel/debug 2>/dev/null") == 0 &&
	    !stat(DBG, &st))
		return 0;
	if (ko) {
		if (strchr(ko, '\''))
			return -1;
		snprintf(cmd, sizeof(cmd), "insmod '%s'", ko);
	} else {
		snprintf(cmd, sizeof(cmd), "modprobe hvdiag");
	}
	if (system(cmd) != 0 || stat(DBG, &st)) {
		errorf("hvdiag.ko is not loaded and '%s' failed; build it with 'make -C kmod'", cmd);
		return -1;
	}
	return 0;
}

/* Judge the module's @text with the knowledge base; -1: not loaded. */
static int judge(enum kmod_ex ex, const char *text, struct result *r)
{
	struct data d;

	if (data_load(&d)) {
		data_free(&d);
		return -1;
	}
	kmod_judge(ex, text, &d.kb, r);
	data_free(&d);
	return 0;
}

int cmd_exercise_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "vectors", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "module", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *ko = NULL, *out = NULL, *what;
	enum report_format fmt = FMT_TEXT;
	unsigned long vectors = 2, timeout = 2000;
	int c, verbose = 0, err, ret = EXIT_USAGE;
	char cmd[64], *text = NULL;
	struct report rep;
	struct hvd_bdf b;
	enum kmod_ex ex;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:n:m:f:o:vh", opts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 't':
			target = optarg;
			break;
		case 'n':
			vectors = strtoul(optarg, &end, 10);
			if (*end || !vectors || vectors > 2048) {
				errorf("--vectors takes 1-2048");
				return EXIT_USAGE;
			}
			break;
		case 'T':
			timeout = strtoul(optarg, &end, 10);
			if (*end || !timeout || timeout > 60000) {
				errorf("--timeout takes 1-60000 ms");
				return EXIT_USAGE;
			}
			break;
		case 'm':
			ko = optarg;
			break;
		case 'f':
			if (report_format_parse(optarg, &fmt))
				return EXIT_USAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			fputs(exercise_help, stdout);
			return 0;
		default:
			fputs(exercise_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(exercise_help, stderr);
		return EXIT_USAGE;
	}
	what = argv[optind];
	if (kmod_ex_parse(what, &ex)) {
		errorf("unknown exercise '%s' (pci, msix, mlx4-comm, vmbus)", what);
		return EXIT_USAGE;
	}
	if (ex != KMOD_VMBUS && !target) {
		errorf("'%s' needs --target DDDD:BB:DD.F", what);
		return EXIT_USAGE;
	}
	if (target && hvd_bdf_parse_exact(target, strlen(target), &b)) {
		errorf("'%s' is not a PCI address DDDD:BB:DD.F", target);
		return EXIT_USAGE;
	}
	if (geteuid() != 0) {
		errorf("exercises need root");
		return EXIT_USAGE;
	}
	if (ensure_module(ko))
		return EXIT_USAGE;
	if (target) {
		char bdf[HVD_BDF_STRLEN + 1];

		hvd_bdf_format(&b, bdf);
		err = write_file(DBG "/target", bdf);
		if (err) {
			errorf("cannot set the target: %s", strerror(-err));
			return EXIT_USAGE;
		}
	}
	switch (ex) {
	case KMOD_PCI:
		text = read_file(DBG "/pci");
		break;
	case KMOD_MSIX:
		snprintf(cmd, sizeof(cmd), "%lu", vectors);
		write_file(DBG "/msix", cmd);	/* failures are in the result */
		text = read_file(DBG "/msix");
		break;
	case KMOD_MLX4_COMM:
		snprintf(cmd, sizeof(cmd), "run %lu", timeout);
		write_file(DBG "/mlx4_comm", cmd);
		text = read_file(DBG "/mlx4_comm");
		break;
	case KMOD_VMBUS:
		text = read_file(DBG "/vmbus");
		break;
	}
	if (!text) {
		errorf("cannot read the result from %s", DBG);
		return EXIT_USAGE;
	}
	memset(&rep, 0, sizeof(rep));
	hv_strlcpy(rep.source, "kmod", sizeof(rep.source));
	hv_strlcpy(rep.suite, "hvdiag.exercise", sizeof(rep.suite));
	rep.r = xcalloc(1, sizeof(*rep.r));
	rep.n = 1;
	if (judge(ex, text, &rep.r[0]))
		ret = EXIT_USAGE;
	else if (!report_write(&rep, fmt, out, verbose))
		ret = report_exit_code(&rep);
	report_free(&rep);
	free(text);
	return ret;
}

const struct command cmd_exercise = {
	.name = "exercise",
	.summary = "run a hvdiag.ko exercise (pci, msix, mlx4-comm, vmbus)",
	.raw = cmd_exercise_main,
};
