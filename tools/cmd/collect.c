// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag collect: the bundle `check --root` reads, written by
 * collect/bundle_write.c from the live guest or a recorded tree.
 *
 * The bundle holds what only root may read (the kernel log under
 * dmesg_restrict, full config space): it is built in a 0700 directory of
 * 0600 files beside the output and moved into place in one rename, so an
 * existing bundle is either left alone or replaced whole (--force).
 */
#include "cmd/cmds.h"
#include "cmd/options.h"
#include "collect/bundle_write.h"
#include "base/compat.h"
#include "source/bundle_layout.h"
#include "source/source.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct collect_opts {
	const char *out;
	int redact;
	int force;
	const char *root;
};

static const struct opt collect_opt[] = {
	OPT_STRING('o', "output", struct collect_opts, out, "P",
		   "a new directory, or FILE.tar.gz (default hvdiag-bundle)"),
	OPT_FLAG(0, "force", struct collect_opts, force,
		 "replace P if it exists (a bundle directory, an empty\n"
		 "directory or a regular file), in one rename"),
	OPT_FLAG(0, "redact", struct collect_opts, redact,
		 "replace MAC and IP addresses, serial numbers, UUIDs,\n"
		 "the host name and DNS domains, consistently across all\n"
		 "files and file names"),
	OPT_STRING(0, "root", struct collect_opts, root, "DIR",
		   "collect from a recorded tree (a bundle or a copy of /)\n"
		   "instead of the live system; no commands are run"),
	OPT_END(),
};

static const struct opt_help collect_help = {
	"hvdiag collect [-o DIR|FILE.tar.gz] [--redact] [--force] [--root DIR]",
	"Gather what 'hvdiag check --root' reads from the live guest: sysfs\n"
	"(PCI, vmbus, net, infiniband, DMI), /proc/interrupts and IRQ affinity,\n"
	"/proc/modules, the kernel config, the kernel log (dmesg.txt), lspci -vvv\n"
	"and ip addr output, and a MANIFEST. Run as root for full config space.\n"
	"The bundle is a 0700 directory of 0600 files; each file is copied whole\n"
	"up to 64 MiB (a longer one is cut there, said on stderr and in MANIFEST).",
	NULL,
};

/* Where the bundle goes and how. */
struct target {
	char out[PATH_MAX];
	int tgz;
	int force;
};

static int rm_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub)) {
			r = -1;
			continue;
		}
		if (rm_tree(sub))
			r = -1;
	}
	closedir(d);
	return rmdir(path) ? -1 : r;
}

/* --force replaces a bundle, an empty directory or (tarball) a file only:
 * never a device node or a directory of something else. */
static int replaceable(const char *out, const struct stat *st, int tgz)
{
	char p[PATH_MAX], head[32];
	DIR *d;
	struct dirent *de;
	int n = 0, fd;
	ssize_t r;

	if (tgz)
		return S_ISREG(st->st_mode);
	if (!S_ISDIR(st->st_mode))
		return 0;
	d = opendir(out);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	if (!n)
		return 1;
	snprintf(p, sizeof(p), "%s%s", out, bundle_files[BF_MANIFEST].path);
	fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (r <= 0)
		return 0;
	head[r] = '\0';
	snprintf(p, sizeof(p), "%s: %s", bundle_key_name(MF_FORMAT),
		 BUNDLE_FORMAT);
	return hv_startswith(head, p);
}

/* Without --force, never over an existing path: link(2) for a file,
 * renameat2(NOREPLACE) for a directory, else check and rename. */
static int place_new(const char *tmp, const char *out, int isdir)
{
	struct stat st;

	if (!isdir) {
		if (!link(tmp, out))
			return unlink(tmp);
		if (errno == EEXIST)
			return -1;
	} else {
		if (!compat_rename2(tmp, out, RENAME_NOREPLACE))
			return 0;
		if (errno == EEXIST)
			return -1;
	}
	if (!lstat(out, &st)) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, out);
}

/* A directory in the way of --force: the two swapped in one rename, or
 * the old one moved aside first; then removed. */
static int place_over_dir(const char *tmp, const char *out)
{
	char old[PATH_MAX];

	if (!compat_rename2(tmp, out, RENAME_EXCHANGE)) {
		rm_tree(tmp);
		return 0;
	}
	snprintf(old, sizeof(old), "%s.old", tmp);
	if (rename(out, old))
		return -1;
	if (rename(tmp, out)) {
		int e = errno;

		rename(old, out);
		errno = e;
		return -1;
	}
	rm_tree(old);
	return 0;
}

/* Move the finished @tmp to @out: never over an existing path without
 * @force; with it, in one rename (an exchange for a directory). */
static int place(const char *tmp, const char *out, int force, int isdir)
{
	if (!force)
		return place_new(tmp, out, isdir);
	if (!rename(tmp, out))
		return 0;
	if (!isdir || (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR))
		return -1;
	return place_over_dir(tmp, out);
}

/* tar -czf - -C @dir . into @fd, without a shell. */
static int run_tar(const char *dir, int fd)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		if (dup2(fd, 1) < 0)
			_exit(127);
		execlp("tar", "tar", "-czf", "-", "-C", dir, ".", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* The output path of -o: trailing slashes off, a tarball or not, and
 * what is there already replaceable with --force. 0 or EXIT_USAGE. */
static int target_check(struct target *t, const char *out, int force)
{
	size_t ol;
	struct stat st;

	if (hv_strlcpy(t->out, out, sizeof(t->out)) >= sizeof(t->out) - 16) {
		errorf("output path too long: '%s'", out);
		return EXIT_USAGE;
	}
	ol = strlen(t->out);
	while (ol > 1 && t->out[ol - 1] == '/')
		t->out[--ol] = '\0';
	if (!ol) {
		errorf("empty output path");
		return EXIT_USAGE;
	}
	t->force = force;
	t->tgz = (ol > 7 && !strcmp(t->out + ol - 7, ".tar.gz")) ||
		 (ol > 4 && !strcmp(t->out + ol - 4, ".tgz"));
	if (!lstat(t->out, &st)) {
		if (!force) {
			errorf("'%s' exists; give a new path, or --force to replace it", t->out);
			return EXIT_USAGE;
		}
		if (!replaceable(t->out, &st, t->tgz)) {
			errorf("'%s' is not %s: not replacing it", t->out,
			       t->tgz ? "a regular file" : "a bundle or an empty directory");
			return EXIT_USAGE;
		}
	} else if (errno != ENOENT) {
		errorf("cannot use '%s': %s", t->out, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* A 0700 directory beside the output to build the bundle in. */
static int scratch_dir(const struct target *t, char dir[PATH_MAX])
{
	char tmp[PATH_MAX];

	if (bundle_parent_dirs(t->out, 0755, 0)) {
		errorf("cannot create the directory of '%s': %s", t->out, strerror(errno));
		return EXIT_USAGE;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", t->out);
	if (!mkdtemp(tmp) || chmod(tmp, 0700) || !realpath(tmp, dir)) {
		errorf("cannot create a directory beside '%s': %s", t->out, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* The bundle in @dir as the tarball t->out; @dir is removed. */
static int place_tarball(const struct target *t, const char *dir)
{
	char tf[PATH_MAX];
	int fd, r;

	snprintf(tf, sizeof(tf), "%s.tmp.XXXXXX", t->out);
	fd = mkstemp(tf);
	if (fd < 0 || fchmod(fd, 0600)) {
		errorf("cannot write beside '%s': %s; the bundle is in '%s'",
		       t->out, strerror(errno), dir);
		if (fd >= 0) {
			close(fd);
			unlink(tf);
		}
		return EXIT_USAGE;
	}
	r = run_tar(dir, fd);
	if (close(fd))
		r = -1;
	if (r) {
		unlink(tf);
		errorf("cannot write '%s' (tar failed); the bundle is in '%s'",
		       t->out, dir);
		return EXIT_USAGE;
	}
	r = place(tf, t->out, t->force, 0);
	if (r) {
		errorf("cannot write '%s': %s", t->out, strerror(errno));
		unlink(tf);
	}
	rm_tree(dir);
	return r ? EXIT_USAGE : 0;
}

/* The finished bundle in @dir to t->out, as a directory or a tarball. */
static int place_bundle(const struct target *t, const char *dir)
{
	if (t->tgz)
		return place_tarball(t, dir);
	if (place(dir, t->out, t->force, 1)) {
		errorf("cannot write '%s': %s; the bundle is in '%s'", t->out,
		       strerror(errno), dir);
		return EXIT_USAGE;
	}
	return 0;
}

static int collect_run(void *opts, char **args, int nargs,
		       struct cmd_env *env)
{
	const struct collect_opts *o = opts;
	char dir[PATH_MAX];
	struct source src;
	struct target t;
	int files, r;

	r = target_check(&t, o->out, o->force);
	if (r)
		return r;
	if (source_open(&src, o->root))
		return EXIT_USAGE;
	r = scratch_dir(&t, dir);
	if (r)
		return r;
	files = bundle_write(&src, dir, o->redact);
	if (files < 0) {
		rm_tree(dir);
		errorf("no bundle written");
		return EXIT_USAGE;
	}
	r = place_bundle(&t, dir);
	if (!r)
		fprintf(stderr, "hvdiag: wrote %s (%d files)\n", t.out, files);
	return r;
}

static const struct collect_opts collect_defaults = {
	"hvdiag-bundle", 0, 0, NULL,
};

const struct command cmd_collect = {
	.name = "collect",
	.summary = "gather a bundle from the live guest",
	.opts = collect_opt,
	.help = &collect_help,
	.defaults = &collect_defaults,
	.opts_size = sizeof(struct collect_opts),
	.min_args = 0,
	.max_args = 0,
	.run = collect_run,
};
