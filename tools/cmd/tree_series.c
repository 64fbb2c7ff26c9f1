// SPDX-License-Identifier: GPL-2.0
/* A patch series against a kernel source tree (hvdiag tree's work). */
#include "cmd/tree_series.h"
#include "base/linereader.h"
#include "base/sha256.h"
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

const char *tree_state_str(enum tree_state st)
{
	static const char *const str[] = {
		"applied", "applicable", "conflicting", "checksum mismatch",
		"not applied", "after earlier ones", "applicable in series",
		"work-around present", "work-around absent",
	};

	return str[st];
}

/* the child of run_patch: patch(1) with its output on @fd */
static void patch_exec(int fd, const char *ksrc, const char *file, int reverse,
		       int dry)
{
	const char *argv[] = {
		"patch", "-p1", "-s", "-f", reverse ? "-R" : "-N",
		/* no .orig files left behind: a failed series is taken back */
		dry ? "--dry-run" : "--no-backup-if-mismatch",
		"-d", ksrc, "-i", file, NULL,
	};

	dup2(fd, 1);
	dup2(fd, 2);
	execvp("patch", (char *const *)argv);
	_exit(127);
}

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
		close(pfd[0]);
		patch_exec(pfd[1], ksrc, file, reverse, dry);
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

int tree_version(const char *ksrc, char *out, size_t n)
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

/* Where @e's patch file is: the series' own, or the referenced copies in
 * @pdir; "" when there is none to look for. */
static void entry_path(const struct series *s, const struct entry *e,
		       const char *pdir, char *path, size_t n)
{
	if (e->ours)
		snprintf(path, n, "%s/%s", s->dir, e->file);
	else if (pdir)
		snprintf(path, n, "%s/%s", pdir, e->file);
	else
		path[0] = '\0';
}

/* @e with its file at hand: checksum, then patch --dry-run both ways */
static void judge_by_patch(const struct entry *e, const char *ksrc,
			   struct judged *j)
{
	char sum[65];

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
}

/* One entry against the tree alone. */
static void judge_alone(const struct series *s, const struct entry *e,
			const char *ksrc, const char *pdir, struct judged *j)
{
	struct stat st;

	j->have = 0;
	entry_path(s, e, pdir, j->path, sizeof(j->path));
	if (j->path[0] && !stat(j->path, &st)) {
		j->have = 1;
		judge_by_patch(e, ksrc, j);
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
	int k;

	for (k = n - 1; k >= 0; k--) {
		const struct entry *e = &s->e[done[k]];

		snprintf(path, sizeof(path), "%s/%s", e->ours ? s->dir : pdir, e->file);
		if (run_patch(ksrc, path, 1, 0, NULL)) {
			errorf("could not take back '%s'; the tree now holds the entries before it",
			       e->file);
			return 1;
		}
	}
	return 0;
}

/* Every file present and genuine before anything changes; an exit status. */
static int apply_verify(const struct series *s, const char *pdir)
{
	char sum[65], path[4200];
	int i;

	for (i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];

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
	return EXIT_PASS;
}

/* Apply entry @i unless it is in; 1 when this run applied it, 0 when it
 * was in, -1 when it does not apply (said). */
static int apply_one(const struct series *s, int i, const char *ksrc,
		     const char *pdir)
{
	const struct entry *e = &s->e[i];
	struct judged j;
	struct sbuf out;
	int ret = 1;

	judge_alone(s, e, ksrc, pdir, &j);
	if (j.st == S_APPLIED)
		return 0;
	sbuf_init(&out);
	if (j.st != S_APPLICABLE) {
		run_patch(ksrc, j.path, 0, 1, &out);
		errorf("'%s' does not apply:\n%s", e->file, out.s ? out.s : "");
		ret = -1;
	} else if (run_patch(ksrc, j.path, 0, 0, &out)) {
		/* its dry run passed: the tree or the disk changed under us */
		errorf("applying '%s' failed after its dry run passed; its files may hold part of it:\n%s",
		       e->file, out.s ? out.s : "");
		ret = -1;
	}
	sbuf_free(&out);
	return ret;
}

static void apply_print(const struct series *s, const int *done, int ndone)
{
	int i, k, ours;

	for (i = 0; i < s->n; i++) {
		if (s->e[i].hack)
			continue;
		for (k = 0, ours = 0; k < ndone; k++)
			ours |= done[k] == i;
		printf("%-16s %s\n", ours ? "applied" : "already applied", s->e[i].file);
	}
}

/*
 * All or nothing: every file checked first, then each entry judged and
 * applied in order (a dry run right before it, on the tree as the entries
 * before it left it); at the first one that does not apply, the entries
 * this run applied are reversed, last first.
 */
int series_apply(const struct series *s, const char *ksrc, const char *pdir)
{
	int *done, ndone = 0, i, r = 0, ret = apply_verify(s, pdir);

	if (ret != EXIT_PASS)
		return ret;
	done = xcalloc((size_t)s->n, sizeof(*done));
	for (i = 0; i < s->n && r >= 0; i++) {
		if (s->e[i].hack)
			continue;
		r = apply_one(s, i, ksrc, pdir);
		if (r > 0)
			done[ndone++] = i;
	}
	if (r < 0) {
		ret = EXIT_CHECKFAIL;
		if (!take_back(s, done, ndone, ksrc, pdir))
			errorf("nothing applied: %d entr%s before it taken back, the tree is as it was",
			       ndone, ndone == 1 ? "y" : "ies");
	} else {
		apply_print(s, done, ndone);
	}
	free(done);
	return ret;
}

/* The path a "--- "/"+++ " line of a patch names, less its first
 * component (as -p1 takes it); NULL for another line or /dev/null. */
static char *patch_line_path(char *line)
{
	char *p;

	if (strncmp(line, "--- ", 4) && strncmp(line, "+++ ", 4))
		return NULL;
	p = line + 4;
	p[strcspn(p, "\t ")] = '\0';
	if (!strcmp(p, "/dev/null") || !strchr(p, '/'))
		return NULL;
	return strchr(p, '/') + 1;
}

/*
 * The files a patch changes, as -p1 names them, appended to @files as
 * "PATH\n" lines (each once; @files starts with "\n"). A name that is
 * absolute or climbs out of the tree with ".." is left out, unless @all.
 */
static void patch_files(const char *patch, struct sbuf *files, int all)
{
	struct linereader lr;
	char *line, *p, key[4200];
	size_t len;
	int fd;

	fd = open(patch, O_RDONLY);
	if (fd < 0)
		return;
	lr_init_fd(&lr, fd, 0);
	while (lr_next(&lr, &line, &len) == 1) {
		p = patch_line_path(line);
		if (!p || (!all && (!*p || *p == '/' || !strncmp(p, "../", 3) ||
				    strstr(p, "/../"))))
			continue;
		snprintf(key, sizeof(key), "\n%s\n", p);
		if (!strstr(files->s, key))
			sbuf_adds(files, key + 1);
	}
	lr_free(&lr);
	close(fd);
}

/* @in (a regular file) copied to the new file @to; 0 or -1 with errno */
static int copy_fd(int in, const char *to)
{
	static char buf[65536];
	ssize_t n;
	int out, e;

	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	e = n < 0 ? (errno ? errno : EIO) : 0;
	if (close(out) && !e)
		e = errno;
	errno = e;
	return e ? -1 : 0;
}

static int copy_into(const char *from, const char *to)
{
	struct stat st;
	int in, ret, e;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return errno == ENOENT || errno == ELOOP || errno == ENOTDIR ? 0 : -1;
	/* only regular files: a patch line naming a directory is no file */
	if (fstat(in, &st) || !S_ISREG(st.st_mode)) {
		close(in);
		return 0;
	}
	ret = copy_fd(in, to);
	e = errno;
	close(in);
	errno = e;
	return ret;
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

/* Each file of @files ("\nPATH\n...") copied from @ksrc into @dir; 0 or
 * an errno. */
static int copy_files(const char *ksrc, char *files, const char *dir)
{
	char from[4400], to[4400], *p, *nl;
	int e = 0;

	for (p = files + 1; *p && !e; p = nl + 1) {
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
	return e;
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
	int i, e;

	snprintf(dir, dlen, "%s/hvdiag-tree.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	sbuf_init(&files);
	sbuf_adds(&files, "\n");
	for (i = 0; i < n; i++)
		if (paths[i] && paths[i][0])
			patch_files(paths[i], &files, 0);
	e = copy_files(ksrc, files.s, dir);
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
	struct sbuf fa, fb;
	char *p, *nl, c;
	int common = 0;

	sbuf_init(&fa);
	sbuf_init(&fb);
	sbuf_adds(&fa, "\n");
	sbuf_adds(&fb, "\n");
	patch_files(a, &fa, 1);
	patch_files(b, &fb, 1);
	/* each "\nPATH\n" of b looked for in a */
	for (p = fb.s + 1; *p && !common; p = nl + 1) {
		nl = strchr(p, '\n');
		c = nl[1];
		nl[1] = '\0';
		common = strstr(fa.s, p - 1) != NULL;
		nl[1] = c;
	}
	sbuf_free(&fa);
	sbuf_free(&fb);
	return common;
}

/* The series judged as a whole: the scratch copy and what each entry
 * before the one judged left undone. */
struct series_run {
	const struct series *s;
	const char *ksrc, *pdir;
	char scratch[PATH_MAX];		/* "": none */
	int *pending;	/* 0 in, 1 not in (file at hand), 2 not in (no file) */
	char **paths;	/* each entry's patch file at hand, or "" */
};

/* the patch files at hand, for the scratch copy */
static void run_paths(struct series_run *r)
{
	char path[4200];
	struct stat st;
	int i;

	for (i = 0; i < r->s->n; i++) {
		if (r->s->e[i].hack)
			continue;
		entry_path(r->s, &r->s->e[i], r->pdir, path, sizeof(path));
		if (path[0] && !stat(path, &st))
			r->paths[i] = xstrdup(path);
	}
}

/* @j again in the scratch copy, with the entries before it applied */
static void judge_scratch(const char *scratch, struct judged *j)
{
	if (!run_patch(scratch, j->path, 0, 1, NULL) &&
	    !run_patch(scratch, j->path, 0, 0, NULL)) {
		if (j->st != S_CONFLICT)
			return;
		j->st = S_SERIES;
	} else if (j->st == S_APPLICABLE) {
		/* fine alone, not after the ones before it */
		j->st = S_CONFLICT;
	} else {
		return;
	}
	hv_strlcpy(j->how, "patch --dry-run after the entries before it",
		   sizeof(j->how));
}

/* A dry run cannot tell for an entry whose files an earlier entry, not
 * applied, changes (or may change: its patch is not at hand). */
static void judge_waits(const struct series_run *r, int i, struct judged *j)
{
	int k;

	for (k = 0; k < i; k++)
		if (!r->s->e[k].hack && (r->pending[k] == 2 ||
		    (r->pending[k] == 1 && touch_same(r->paths[k], j->path)))) {
			j->st = S_WAITS;
			snprintf(j->how, sizeof(j->how), "needs %.40s first",
				 r->s->e[k].file);
			return;
		}
}

static void judge_in_series(struct series_run *r, int i, struct judged *j)
{
	const struct entry *e = &r->s->e[i];

	if (e->hack) {
		memset(j, 0, sizeof(*j));
		j->st = series_probe(e, r->ksrc) ? S_HACK : S_HACK_ABSENT;
		return;
	}
	judge_alone(r->s, e, r->ksrc, r->pdir, j);
	if (r->scratch[0] && j->have && (j->st == S_APPLICABLE || j->st == S_CONFLICT))
		judge_scratch(r->scratch, j);
	if (j->st == S_CONFLICT)
		judge_waits(r, i, j);
	r->pending[i] = j->st == S_APPLIED || (r->scratch[0] && (j->st == S_APPLICABLE ||
			j->st == S_SERIES)) ? 0 : j->have ? 1 : 2;
	free(r->paths[i]);
	r->paths[i] = xstrdup(j->have ? j->path : "");
}

int series_judge(const struct series *s, const char *ksrc, const char *pdir,
		 struct judged *out, char *why, size_t n)
{
	struct series_run r = { s, ksrc, pdir, "", NULL, NULL };
	int i, ret = 1;

	r.pending = xcalloc((size_t)s->n, sizeof(*r.pending));
	r.paths = xcalloc((size_t)s->n, sizeof(*r.paths));
	run_paths(&r);
	if (scratch_make(ksrc, r.paths, s->n, r.scratch, sizeof(r.scratch))) {
		snprintf(why, n, "%s", strerror(errno));
		r.scratch[0] = '\0';
		ret = 0;
	}
	for (i = 0; i < s->n; i++)
		judge_in_series(&r, i, &out[i]);
	if (r.scratch[0])
		rm_tree(r.scratch);
	for (i = 0; i < s->n; i++)
		free(r.paths[i]);
	free(r.paths);
	free(r.pending);
	return ret;
}
