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
#include "cmd/options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DBG "/sys/kernel/debug/hvdiag"

struct exercise_opts {
	const char *target;
	unsigned long vectors, timeout;
	const char *ko;
	enum report_format fmt;
	const char *out;
	int verbose;
};

/* @arg as a whole number from 1 to @max; 0, or -1 (nothing said) */
static int count_in(const char *arg, unsigned long max, unsigned long *v)
{
	char *end;

	*v = strtoul(arg, &end, 10);
	return *end || !*v || *v > max ? -1 : 0;
}

static int opt_vectors(void *field, const char *arg)
{
	if (!count_in(arg, 2048, field))
		return 0;
	errorf("--vectors takes 1-2048");
	return -1;
}

static int opt_timeout(void *field, const char *arg)
{
	if (!count_in(arg, 60000, field))
		return 0;
	errorf("--timeout takes 1-60000 ms");
	return -1;
}

static const struct opt exercise_opt[] = {
	OPT_STRING('t', "target", struct exercise_opts, target, "BDF",
		   "the PCI device (DDDD:BB:DD.F)"),
	OPT_CALL('n', "vectors", struct exercise_opts, vectors, "N",
		 "MSI-X vectors to allocate (default 2)", opt_vectors),
	OPT_CALL(0, "timeout", struct exercise_opts, timeout, "MS",
		 "per-step wait of the comm handshake (default 2000)", opt_timeout),
	OPT_STRING('m', "module", struct exercise_opts, ko, "FILE",
		   "hvdiag.ko to insmod when not loaded"),
	OPT_FORMAT(struct exercise_opts, fmt, "text (default), json, tap or junit"),
	OPT_OUTPUT(struct exercise_opts, out,
		   "write the report to FILE (replaced atomically)"),
	OPT_VERBOSE(struct exercise_opts, verbose,
		    "show the evidence of a passing exercise too"),
	OPT_END(),
};

static const struct opt_help exercise_help = {
	"hvdiag exercise pci|msix|mlx4-comm|vmbus [--target BDF] [--vectors N]\n"
	"                [--timeout MS] [--module FILE] [--format F] [-o FILE] [-v]",
	"Run one of hvdiag.ko's exercises and judge its result (root only). The\n"
	"module is loaded when needed (modprobe hvdiag, or insmod --module FILE).\n"
	"msix and mlx4-comm refuse a device another driver holds: unbind the VF\n"
	"first. mlx4-comm sends RESET to the PF and ends with RESET.",
	"exit status: 0 passed, 1 failed, 2 usage or the module/debugfs missing,\n"
	"4 not applicable (no vmbus).",
};

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

/* The exercise @what names, its target checked; 0 or EXIT_USAGE (said). */
static int exercise_args(const struct exercise_opts *o, const char *what,
			 enum kmod_ex *ex, struct hvd_bdf *b)
{
	if (kmod_ex_parse(what, ex)) {
		errorf("unknown exercise '%s' (pci, msix, mlx4-comm, vmbus)", what);
		return EXIT_USAGE;
	}
	if (*ex != KMOD_VMBUS && !o->target) {
		errorf("'%s' needs --target DDDD:BB:DD.F", what);
		return EXIT_USAGE;
	}
	if (o->target && hvd_bdf_parse_exact(o->target, strlen(o->target), b)) {
		errorf("'%s' is not a PCI address DDDD:BB:DD.F", o->target);
		return EXIT_USAGE;
	}
	if (geteuid() != 0) {
		errorf("exercises need root");
		return EXIT_USAGE;
	}
	return 0;
}

/* The module's result text of @ex (free()), NULL: said. */
static char *exercise_do(const struct exercise_opts *o, enum kmod_ex ex)
{
	char cmd[64], *text = NULL;

	switch (ex) {
	case KMOD_PCI:
		text = read_file(DBG "/pci");
		break;
	case KMOD_MSIX:
		snprintf(cmd, sizeof(cmd), "%lu", o->vectors);
		write_file(DBG "/msix", cmd);	/* failures are in the result */
		text = read_file(DBG "/msix");
		break;
	case KMOD_MLX4_COMM:
		snprintf(cmd, sizeof(cmd), "run %lu", o->timeout);
		write_file(DBG "/mlx4_comm", cmd);
		text = read_file(DBG "/mlx4_comm");
		break;
	case KMOD_VMBUS:
		text = read_file(DBG "/vmbus");
		break;
	}
	if (!text)
		errorf("cannot read the result from %s", DBG);
	return text;
}

/* The module loaded and its target set; 0 or -1 (said). */
static int exercise_setup(const struct exercise_opts *o, const struct hvd_bdf *b)
{
	char bdf[HVD_BDF_STRLEN + 1];
	int err;

	if (ensure_module(o->ko))
		return -1;
	if (!o->target)
		return 0;
	hvd_bdf_format(b, bdf);
	err = write_file(DBG "/target", bdf);
	if (err)
		errorf("cannot set the target: %s", strerror(-err));
	return err ? -1 : 0;
}

/* @text judged with the knowledge base, written as the report; the
 * exit status. */
static int exercise_report(const struct exercise_opts *o, enum kmod_ex ex,
			   const char *text, const struct kb *kb)
{
	struct report rep;
	int ret = EXIT_USAGE;

	memset(&rep, 0, sizeof(rep));
	hv_strlcpy(rep.source, "kmod", sizeof(rep.source));
	hv_strlcpy(rep.suite, "hvdiag.exercise", sizeof(rep.suite));
	rep.r = xcalloc(1, sizeof(*rep.r));
	rep.n = 1;
	kmod_judge(ex, text, kb, &rep.r[0]);
	if (!report_write(&rep, o->fmt, o->out, o->verbose))
		ret = report_exit_code(&rep);
	report_free(&rep);
	return ret;
}

static int exercise_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	const struct exercise_opts *o = opts;
	struct hvd_bdf b;
	enum kmod_ex ex;
	char *text;
	int ret;

	ret = exercise_args(o, args[0], &ex, &b);
	if (ret)
		return ret;
	if (exercise_setup(o, &b))
		return EXIT_USAGE;
	text = exercise_do(o, ex);
	if (!text)
		return EXIT_USAGE;
	ret = exercise_report(o, ex, text, &env->data.kb);
	free(text);
	return ret;
}

static const struct exercise_opts exercise_defaults = {
	.vectors = 2,
	.timeout = 2000,
	.fmt = FMT_TEXT,
};

const struct command cmd_exercise = {
	.name = "exercise",
	.summary = "run a hvdiag.ko exercise (pci, msix, mlx4-comm, vmbus)",
	.opts = exercise_opt,
	.help = &exercise_help,
	.defaults = &exercise_defaults,
	.opts_size = sizeof(struct exercise_opts),
	.min_args = 1,
	.max_args = 1,
	.setup = SETUP_DATA,
	.run = exercise_run,
};
