// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag tree KSRC: what state a kernel source tree is in with respect to
 * the patch series (applied, applicable, conflicting), where pci-hyperv
 * sits, whether the original work-around is there, and whether KSRC/.config
 * has the fragment's options. --apply applies the series in order, after
 * checking every file's sha256, all or nothing: at the first conflict the
 * entries it applied are reversed.
 */
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "parse/series.h"
#include "base/sha256.h"
#include "base/util.h"
#include "source/source.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char tree_help[] =
"usage: hvdiag tree KSRC [--series DIR] [--patches DIR] [--apply]\n"
"\n"
"Report a kernel source tree against the patch series: its version, each\n"
"entry applied, applicable or conflicting (patch --dry-run forward and\n"
"reverse when the patch file is at hand, else recognised by content). The\n"
"series is judged as a whole: each entry against the tree with the entries\n"
"before it applied, in a scratch copy of the files the series changes\n"
"(\"applicable in series\": it applies once those before it are in).\n"
"The report also says\n"
"where pci-hyperv is, whether the original PCI resource work-around is in,\n"
"and whether KSRC/.config has the options of patches/hyperv-sriov.config.\n"
"  --series DIR    the series (default: the installed patches/3.10.108)\n"
"  --patches DIR   your copies of the referenced (not shipped) patches\n"
"  --apply         apply the series in order, all or nothing: every file's\n"
"                  sha256 is checked first, and when an entry does not apply\n"
"                  the entries applied before it are taken back\n"
"exit status: 0 fine, 1 a conflict, a checksum mismatch or a failed apply,\n"
"2 usage, a malformed MANIFEST or a missing patch file.\n";

/* Run patch(1); returns its exit status, output in @out (may be NULL). */
static int run_patch(const char *ksrc, const char *file, int reverse, int dry,
		     struct sbuf *out)
{
	int pfd[2], st;
	pid_t pid;
	char buf[1024];
	ssize_t n;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		const char *argv[12];
		int a = 0;

		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		argv[a++] = "patch";
		argv[a++] = "-p1";
		argv[a++] = "-s";
		argv[a++] = "-f";
		argv[a++] = reverse ? "-R" : "-N";
		/* no .orig files left behind: a failed series is taken back */
		argv[a++] = dry ? "--dry-run" : "--no-backup-if-mismatch";
		argv[a++] = "-d";
		argv[a++] = ksrc;
		argv[a++] = "-i";
		argv[a++] = file;
		argv[a] = NULL;
		execvp("patch", (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], buf, sizeof(buf))) > 0)
		if (out && out->len < 8192)
			sbuf_addn(out, buf, (size_t)n);
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int read_version(const char *ksrc, char *out, size_t n)
{
	char path[4200], *line;
	struct linereader lr;
	size_t len;
	int fd, v = -1, p = -1, s = -1;

	snprintf(path, sizeof(path), "%s/Makefile", ksrc);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	lr_init_fd(&lr, fd, 0);
	while (lr_next(&lr, &line, &len) == 1 && lr.lineno < 20) {
		if (sscanf(line, "VERSION = %d", &v) == 1)
			continue;
		if (sscanf(line, "PATCHLEVEL = %d", &p) == 1)
			continue;
		sscanf(line, "SUBLEVEL = %d", &s);
	}
	lr_free(&lr);
	close(fd);
	if (v < 0 || p < 0)
		return -1;
	snprintf(out, n, "%d.%d.%d", v, p, s < 0 ? 0 : s);
	return 0;
}

enum state { S_APPLIED, S_APPLICABLE, S_CONFLICT, S_MISMATCH, S_UNKNOWN, S_WAITS,
	     S_SERIES };

static const char *const state_str[] = {
	"applied", "applicable", "conflicting", "checksum mismatch", "not applied",
	"after earlier ones", "applicable in series",
};

struct judged {
	enum state st;
	char how[64];
	char path[4200];
	int have;
};

static void judge(const struct series *s, const struct entry *e,
		  const char *ksrc, const char *pdir, struct judged *j)
{
	char sum[65];
	struct stat st;

	j->have = 0;
	if (e->ours)
		snprintf(j->path, sizeof(j->path), "%s/%s", s->dir, e->file);
	else if (pdir)
		snprintf(j->path, sizeof(j->path), "%s/%s", pdir, e->file);
	else
		j->path[0] = '\0';
	if (j->path[0] && !stat(j->path, &st)) {
		j->have = 1;
		if (sha256_file(j->path, sum) || !e->sha256 || strcmp(sum, e->sha256)) {
			j->st = S_MISMATCH;
			snprintf(j->how, sizeof(j->how), "sha256 %.12s...", sum);
			return;
		}
		hv_strlcpy(j->how, "patch --dry-run", sizeof(j->how));
		if (!run_patch(ksrc, j->path, 1, 1, NULL))
			j->st = S_APPLIED;
		else if (!run_patch(ksrc, j->path, 0, 1, NULL))
			j->st = S_APPLICABLE;
		else if (series_probe(e, ksrc)) {
			/* it no longer reverses because later entries edit its files */
			j->st = S_APPLIED;
			hv_strlcpy(j->how, "by content; later entries changed it", sizeof(j->how));
		} else
			j->st = S_CONFLICT;
		return;
	}
	j->st = series_probe(e, ksrc) ? S_APPLIED : S_UNKNOWN;
	hv_strlcpy(j->how, j->st == S_APPLIED ? "by content" : "no patch file to test",
		   sizeof(j->how));
}

/* Take back the @n entries of @done (applied by this run), last first. */
static int take_back(const struct series *s, const int *done, int n,
		     const char *ksrc, const char *pdir)
{
	char path[4200];
	int k, bad = 0;

	for (k = n - 1; k >= 0; k--) {
		const struct entry *e = &s->e[done[k]];

		snprintf(path, sizeof(path), "%s/%s", e->ours ? s->dir : pdir, e->file);
		if (run_patch(ksrc, path, 1, 0, NULL)) {
			errorf("could not take back '%s'; the tree now holds the entries before it",
			       e->file);
			bad = 1;
			break;
		}
	}
	return bad;
}

/*
 * All or nothing: every file checked first, then each entry judged and
 * applied in order (a dry run right before it, on the tree as the entries
 * before it left it); at the first one that does not apply, the entries
 * this run applied are reversed, last first.
 */
static int apply_series(const struct series *s, const char *ksrc, const char *pdir)
{
	struct judged j;
	struct sbuf out;
	int *done, ndone = 0, i, ret = EXIT_PASS;

	/* every file present and genuine before anything changes */
	for (i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];
		char sum[65], path[4200];

		if (e->hack)
			continue;
		if (!e->ours && !pdir) {
			errorf("'%s' is a referenced patch: give the directory of your copies with --patches (or BACKPORT=); nothing applied",
			       e->file);
			return EXIT_USAGE;
		}
		snprintf(path, sizeof(path), "%s/%s", e->ours ? s->dir : pdir, e->file);
		if (sha256_file(path, sum)) {
			errorf("cannot read '%s': %s; give the directory of the referenced patches (--patches, or BACKPORT=); nothing applied",
			       path, strerror(errno));
			return EXIT_USAGE;
		}
		if (strcmp(sum, e->sha256)) {
			errorf("'%s' is not the expected file (sha256 %s, expected %s); nothing applied",
			       path, sum, e->sha256);
			return EXIT_CHECKFAIL;
		}
	}
	done = xcalloc((size_t)s->n, sizeof(*done));
	for (i = 0; i < s->n && ret == EXIT_PASS; i++) {
		const struct entry *e = &s->e[i];

		if (e->hack)
			continue;
		judge(s, e, ksrc, pdir, &j);
		if (j.st == S_APPLIED)
			continue;
		sbuf_init(&out);
		if (j.st != S_APPLICABLE) {
			run_patch(ksrc, j.path, 0, 1, &out);
			errorf("'%s' does not apply:\n%s", e->file, out.s ? out.s : "");
			ret = EXIT_CHECKFAIL;
		} else if (run_patch(ksrc, j.path, 0, 0, &out)) {
			/* its dry run passed: the tree or the disk changed under us */
			errorf("applying '%s' failed after its dry run passed; its files may hold part of it:\n%s",
			       e->file, out.s ? out.s : "");
			ret = EXIT_CHECKFAIL;
		} else {
			done[ndone++] = i;
		}
		sbuf_free(&out);
	}
	if (ret != EXIT_PASS) {
		if (!take_back(s, done, ndone, ksrc, pdir))
			errorf("nothing applied: %d entr%s before it taken back, the tree is as it was",
			       ndone, ndone == 1 ? "y" : "ies");
		free(done);
		return ret;
	}
	for (i = 0; i < s->n; i++) {
		int k, ours = 0;

		if (s->e[i].hack)
			continue;
		for (k = 0; k < ndone; k++)
			ours |= done[k] == i;
		printf("%-16s %s\n", ours ? "applied" : "already applied", s->e[i].file);
	}
	free(done);
	return EXIT_PASS;
}

/*
 * The files a patch changes, as -p1 names them, appended to @files as
 * "PATH\n" lines (each once; @files starts with "\n"). A name that is
 * absolute or climbs out of the tree with ".." is left out.
 */
static void patch_files(const char *patch, struct sbuf *files)
{
	struct linereader lr;
	char *line, key[4200];
	size_t len;
	int fd;

	fd = open(patch, O_RDONLY);
	if (fd < 0)
		return;
	lr_init_fd(&lr, fd, 0);
	while (lr_next(&lr, &line, &len) == 1) {
		char *p, *end;

		if (strncmp(line, "--- ", 4) && strncmp(line, "+++ ", 4))
			continue;
		p = line + 4;
		end = p + strcspn(p, "\t ");
		*end = '\0';
		if (!strcmp(p, "/dev/null") || !strchr(p, '/'))
			continue;
		p = strchr(p, '/') + 1;
		if (!*p || *p == '/' || !strncmp(p, "../", 3) || strstr(p, "/../"))
			continue;
		snprintf(key, sizeof(key), "\n%s\n", p);
		if (!strstr(files->s, key))
			sbuf_adds(files, key + 1);
	}
	lr_free(&lr);
	close(fd);
}

static int copy_into(const char *from, const char *to)
{
	static char buf[65536];
	struct stat st;
	ssize_t n;
	int in, out, e = 0;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return errno == ENOENT || errno == ELOOP || errno == ENOTDIR ? 0 : -1;
	/* only regular files: a patch line naming a directory is no file */
	if (fstat(in, &st) || !S_ISREG(st.st_mode)) {
		close(in);
		return 0;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		e = errno;
		close(in);
		errno = e;
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	e = n < 0 ? (errno ? errno : EIO) : 0;
	close(in);
	if (close(out) && !e)
		e = errno;
	errno = e;
	return e ? -1 : 0;
}

/* mkdir -p of the directories above @path, inside the scratch @root */
static int make_parents(const char *root, char *path)
{
	char *p;

	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* rm -r @path: the scratch copy, made by us, without symbolic links */
static void rm_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	char sub[PATH_MAX];
	DIR *d;

	if (lstat(path, &st))
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			    snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) < (int)sizeof(sub))
				rm_tree(sub);
		closedir(d);
	}
	rmdir(path);
}

/*
 * A scratch directory (under TMPDIR) holding a copy of each file of KSRC
 * that the patches at hand change: the series is applied there, entry by
 * entry, so that each is judged on the tree with the ones before it in.
 * Returns 0 with the directory in @dir, or -1 with errno.
 */
static int scratch_make(const char *ksrc, char **paths, int n, char *dir, size_t dlen)
{
	const char *tmp = getenv("TMPDIR");
	struct sbuf files;
	char from[4400], to[4400], *p, *nl;
	int i, e = 0;

	snprintf(dir, dlen, "%s/hvdiag-tree.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	sbuf_init(&files);
	sbuf_adds(&files, "\n");
	for (i = 0; i < n; i++)
		if (paths[i] && paths[i][0])
			patch_files(paths[i], &files);
	for (p = files.s + 1; *p && !e; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		snprintf(from, sizeof(from), "%s/%s", ksrc, p);
		if (snprintf(to, sizeof(to), "%s/%s", dir, p) >= (int)sizeof(to))
			continue;
		if (make_parents(dir, to) || copy_into(from, to))
			e = errno ? errno : EIO;
	}
	sbuf_free(&files);
	if (e) {
		rm_tree(dir);
		errno = e;
		return -1;
	}
	return 0;
}

/* Whether the patch at @a and the one at @b change a file in common
 * (paths from their ---/+++ lines, less one component as -p1 does). */
static int touch_same(const char *a, const char *b)
{
	struct sbuf files;
	struct linereader lr;
	char *line;
	size_t len;
	int pass, fd, common = 0;

	sbuf_init(&files);
	sbuf_adds(&files, "\n");
	for (pass = 0; pass < 2 && !common; pass++) {
		fd = open(pass ? b : a, O_RDONLY);
		if (fd < 0)
			break;
		lr_init_fd(&lr, fd, 0);
		while (!common && lr_next(&lr, &line, &len) == 1) {
			char *p, *end, key[4200];

			if (strncmp(line, "--- ", 4) && strncmp(line, "+++ ", 4))
				continue;
			p = line + 4;
			end = p + strcspn(p, "\t ");
			*end = '\0';
			if (!strcmp(p, "/dev/null") || !strchr(p, '/'))
				continue;
			snprintf(key, sizeof(key), "\n%s\n", strchr(p, '/') + 1);
			if (!pass)
				sbuf_adds(&files, key + 1);
			else
				common = strstr(files.s, key) != NULL;
		}
		lr_free(&lr);
		close(fd);
	}
	sbuf_free(&files);
	return common;
}

int cmd_tree_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "series", required_argument, NULL, 's' },
		{ "patches", required_argument, NULL, 'p' },
		{ "apply", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sdir = NULL, *pdir = NULL, *ksrc;
	char defdir[4200], ver[32], path[4400], sabs[PATH_MAX], pabs[PATH_MAX];
	char scratch[PATH_MAX];
	static const char *const hyperv_paths[] = {
		"drivers/pci/pci-hyperv.c", "drivers/pci/host/pci-hyperv.c",
		"drivers/pci/controller/pci-hyperv.c",
	};
	struct series s;
	struct stat st;
	int c, i, apply = 0, bad = 0, *pending;
	char **paths;
	size_t k;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sdir = optarg;
			break;
		case 'p':
			pdir = optarg;
			break;
		case 'a':
			apply = 1;
			break;
		case 'h':
			fputs(tree_help, stdout);
			return 0;
		default:
			fputs(tree_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(tree_help, stderr);
		return EXIT_USAGE;
	}
	ksrc = argv[optind];
	/* patch(1) runs in KSRC (-d): the series and the patches are given
	 * to it by absolute path */
	if (sdir) {
		if (!realpath(sdir, sabs)) {
			errorf("cannot read '%s': %s", sdir, strerror(errno));
			return EXIT_USAGE;
		}
		sdir = sabs;
	}
	if (pdir) {
		int e = 0;

		if (!realpath(pdir, pabs) || stat(pabs, &st))
			e = errno;
		else if (!S_ISDIR(st.st_mode))
			e = ENOTDIR;
		if (e) {
			errorf("cannot read '%s': %s", pdir, strerror(e));
			return EXIT_USAGE;
		}
		pdir = pabs;
	}
	if (read_version(ksrc, ver, sizeof(ver))) {
		errorf("'%s' is not a kernel source tree (no VERSION in its Makefile)", ksrc);
		return EXIT_USAGE;
	}
	if (!sdir) {
		snprintf(defdir, sizeof(defdir), "%s/patches/3.10.108", hvdiag_datadir());
		sdir = defdir;
	}
	if (series_load(&s, sdir))
		return EXIT_USAGE;
	if (apply) {
		int r = apply_series(&s, ksrc, pdir);

		series_free(&s);
		return r;
	}
	printf("tree %s: Linux %s\n", ksrc, ver);
	for (k = 0; k < ARRAY_SIZE(hyperv_paths); k++) {
		snprintf(path, sizeof(path), "%s/%s", ksrc, hyperv_paths[k]);
		if (!stat(path, &st)) {
			printf("pci-hyperv: %s\n", hyperv_paths[k]);
			break;
		}
	}
	if (k == ARRAY_SIZE(hyperv_paths))
		printf("pci-hyperv: absent (no Hyper-V virtual PCI in this tree)\n");
	printf("series %s\n", s.dir);
	pending = xcalloc((size_t)s.n, sizeof(*pending));
	paths = xcalloc((size_t)s.n, sizeof(*paths));
	/* the patch files at hand, for the scratch copy */
	for (i = 0; i < s.n; i++) {
		struct judged j;

		if (s.e[i].hack)
			continue;
		if (s.e[i].ours)
			snprintf(j.path, sizeof(j.path), "%s/%s", s.dir, s.e[i].file);
		else if (pdir)
			snprintf(j.path, sizeof(j.path), "%s/%s", pdir, s.e[i].file);
		else
			continue;
		if (!stat(j.path, &st))
			paths[i] = xstrdup(j.path);
	}
	if (scratch_make(ksrc, paths, s.n, scratch, sizeof(scratch))) {
		printf("series: each entry judged on the tree alone (no scratch copy: %s)\n",
		       strerror(errno));
		scratch[0] = '\0';
	}
	for (i = 0; i < s.n; i++) {
		const struct entry *e = &s.e[i];
		struct judged j;

		if (e->hack) {
			if (series_probe(e, ksrc)) {
				printf("\nwork-around present: %s\n"
				       "  it compiles out the PCI window type checks for every bus;\n"
				       "  revert it and apply the series' 0002 instead\n", e->file);
				bad = 1;
			}
			continue;
		}
		judge(&s, e, ksrc, pdir, &j);
		/* in the scratch copy, with the entries before it applied */
		if (scratch[0] && j.have && (j.st == S_APPLICABLE || j.st == S_CONFLICT)) {
			if (!run_patch(scratch, j.path, 0, 1, NULL) &&
			    !run_patch(scratch, j.path, 0, 0, NULL)) {
				if (j.st == S_CONFLICT) {
					j.st = S_SERIES;
					hv_strlcpy(j.how, "patch --dry-run after the entries before it",
						   sizeof(j.how));
				}
			} else if (j.st == S_APPLICABLE) {
				/* fine alone, not after the ones before it */
				j.st = S_CONFLICT;
				hv_strlcpy(j.how, "patch --dry-run after the entries before it",
					   sizeof(j.how));
			}
		}
		/* a dry run cannot tell for an entry whose files an earlier
		 * entry, not applied, changes (or may change: its patch is
		 * not at hand) */
		if (j.st == S_CONFLICT)
			for (k = 0; k < (size_t)i; k++)
				if (!s.e[k].hack && (pending[k] == 2 ||
				    (pending[k] == 1 && touch_same(paths[k], j.path)))) {
					j.st = S_WAITS;
					snprintf(j.how, sizeof(j.how), "needs %.40s first",
						 s.e[k].file);
					break;
				}
		pending[i] = j.st == S_APPLIED || (scratch[0] && (j.st == S_APPLICABLE ||
			     j.st == S_SERIES)) ? 0 : j.have ? 1 : 2;
		free(paths[i]);
		paths[i] = xstrdup(j.have ? j.path : "");
		printf("  %-20s %s (%s)\n", state_str[j.st], e->file, j.how);
		if (j.st == S_UNKNOWN && e->symptom)
			printf("  %-20s without it: %s\n", "", e->symptom);
		if (j.st == S_CONFLICT || j.st == S_MISMATCH)
			bad = 1;
	}
	if (scratch[0])
		rm_tree(scratch);
	for (i = 0; i < s.n; i++)
		free(paths[i]);
	free(paths);
	free(pending);
	snprintf(path, sizeof(path), "%s/.config", ksrc);
	if (!stat(path, &st)) {
		struct guest g;
		struct kfrag frag;
		char fp[4200];
		int missing = 0;

		fragment_path(fp, sizeof(fp));
		memset(&g, 0, sizeof(g));
		kconfig_read_file(&g, path);
		if (g.kconfig.part.state == PART_OK && !kfrag_load(&frag, fp)) {
			for (i = 0; i < frag.n; i++) {
				const char *got;
				enum kreq_verdict v = kreq_judge(&frag.r[i], &g.kconfig, &got);

				if (v == KREQ_UNAVAILABLE)
					printf("config: %s not available in this kernel (warning)\n",
					       frag.r[i].name);
				else if (v != KREQ_OK && v != KREQ_SKIPPED) {
					missing++;
					printf("config: missing %s (%s)\n", frag.r[i].name,
					       kreq_verdict_str(v));
				}
			}
			printf("config: %s: %d required options missing\n", path, missing);
			kfrag_free(&frag);
		}
		guest_free(&g);
	} else {
		printf("config: no .config in the tree\n");
	}
	series_free(&s);
	return bad ? EXIT_CHECKFAIL : EXIT_PASS;
}

const struct command cmd_tree = {
	.name = "tree",
	.summary = "a kernel source tree against the patch series",
	.raw = cmd_tree_main,
};
