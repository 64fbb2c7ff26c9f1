// SPDX-License-Identifier: GPL-2.0
#include "result.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *status_str(enum status s)
{
	static const char *const n[] = { "pass", "warn", "fail", "skip" };

	return n[s];
}

const char *status_word(enum status s)
{
	static const char *const n[] = { "PASS", "WARN", "FAIL", "SKIP" };

	return n[s];
}

void result_set(struct result *r, enum status s, const char *fmt, ...)
{
	va_list ap;

	r->status = s;
	va_start(ap, fmt);
	vsnprintf(r->summary, sizeof(r->summary), fmt, ap);
	va_end(ap);
}

void result_evidence(struct result *r, const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	if (r->nevidence >= RESULT_MAX_EVIDENCE) {
		r->evidence_dropped++;
		return;
	}
	sbuf_init(&b);
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->evidence[r->nevidence++] = sbuf_detach(&b);
}

static int rank(enum status s)
{
	switch (s) {
	case ST_FAIL:
		return 3;
	case ST_WARN:
		return 2;
	case ST_PASS:
		return 1;
	default:
		return 0;
	}
}

int result_is_problem(const struct result *r)
{
	return r->status == ST_FAIL || r->status == ST_WARN;
}

void result_worsen(struct result *r, enum status s)
{
	if (rank(s) > rank(r->status))
		r->status = s;
}

void report_note(struct report *rep, const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	if (rep->nnotes >= REPORT_MAX_NOTES)
		return;
	sbuf_init(&b);
	if (rep->nnotes == REPORT_MAX_NOTES - 1) {
		sbuf_adds(&b, "(further notes left out)");
	} else {
		va_start(ap, fmt);
		sbuf_vaddf(&b, fmt, ap);
		va_end(ap);
	}
	rep->notes[rep->nnotes++] = sbuf_detach(&b);
}

void report_free(struct report *rep)
{
	int i, k;

	for (i = 0; i < rep->nnotes; i++)
		free(rep->notes[i]);
	rep->nnotes = 0;
	free(rep->picks);
	rep->picks = NULL;
	rep->npicks = 0;
	free(rep->chains);
	rep->chains = NULL;
	rep->nchains = 0;
	for (i = 0; i < rep->nevents; i++)
		free(rep->events[i].text);
	free(rep->events);
	rep->events = NULL;
	rep->nevents = 0;
	for (i = 0; i < rep->n; i++)
		for (k = 0; k < rep->r[i].nevidence; k++)
			free(rep->r[i].evidence[k]);
	free(rep->r);
	rep->r = NULL;
	rep->n = 0;
}

int report_count(const struct report *rep, enum status s)
{
	int i, n = 0;

	for (i = 0; i < rep->n; i++)
		n += rep->r[i].status == s;
	return n;
}

int report_exit_code(const struct report *rep)
{
	if (rep->not_applicable)
		return EXIT_NOTAPPL;
	if (report_count(rep, ST_FAIL))
		return EXIT_CHECKFAIL;
	if (report_count(rep, ST_SKIP) == rep->n)
		return EXIT_NOTAPPL;
	return EXIT_PASS;
}

void run_clock_start(struct run_clock *c)
{
	clock_gettime(CLOCK_REALTIME, &c->wall);
	clock_gettime(CLOCK_MONOTONIC, &c->mono);
}

void report_set_run(struct report *rep, const struct run_clock *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	rep->run_timed = 1;
	rep->run_start = c->wall.tv_sec + c->wall.tv_nsec / 1e9;
	rep->run_seconds = (now.tv_sec - c->mono.tv_sec) +
			   (now.tv_nsec - c->mono.tv_nsec) / 1e9;
}

int report_format_parse(const char *name, enum report_format *out)
{
	static const char *const names[] = { "text", "json", "tap", "junit", "prom", "html" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	errorf("unknown format '%s' (text, json, tap, junit, prom, html)", name);
	return -1;
}

/* ---- -o FILE ---- */

/* Twelve characters nobody can guess, for a temporary's name. */
static void random_tag(char *buf, size_t n)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static uint64_t mix;
	unsigned char r[12];
	size_t i;
	int fd, got = 0;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		got = read(fd, r, sizeof(r)) == (ssize_t)sizeof(r);
		close(fd);
	}
	if (!got) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		mix += (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
		       ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)&ts;
		for (i = 0; i < sizeof(r); i++) {
			/* splitmix64 steps */
			uint64_t z = (mix += 0x9e3779b97f4a7c15ull);

			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
			r[i] = (unsigned char)(z ^ (z >> 31));
		}
	}
	for (i = 0; i + 1 < n && i < sizeof(r); i++)
		buf[i] = al[r[i] % (sizeof(al) - 1)];
	buf[i] = '\0';
}

static int same_file(int fd, const struct stat *st)
{
	struct stat o;

	return !fstat(fd, &o) && o.st_dev == st->st_dev && o.st_ino == st->st_ino;
}

static int out_fail(struct outfile *o, int e)
{
	errorf("cannot write '%s': %s", o->path, strerror(e));
	return -1;
}

/*
 * A regular file or a new path: a temporary in the same directory, made
 * with O_EXCL and O_NOFOLLOW under a name nobody can predict, renamed over
 * the path by outfile_close. @old (NULL for a new path) gives the mode.
 */
static int open_replace(struct outfile *o, const struct stat *old)
{
	const char *slash = strrchr(o->path, '/');
	const char *base = slash ? slash + 1 : o->path;
	int dlen = slash ? (int)(slash - o->path) : 1;
	const char *dir = slash ? o->path : ".";
	char tag[13];
	mode_t mode, mask;
	int fd = -1, tries, e;

	if (!*base)
		return out_fail(o, EISDIR);
	if (slash && !dlen)
		dlen = 1;	/* "/name" */
	o->tmp = xmalloc((size_t)dlen + strlen(base) + 32);
	for (tries = 0; tries < 100; tries++) {
		random_tag(tag, sizeof(tag));
		sprintf(o->tmp, "%.*s/.%.200s.%s", dlen, dir, base, tag);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			  O_NOCTTY | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		free(o->tmp);
		o->tmp = NULL;
		return out_fail(o, e);
	}
	if (old) {
		/* the old file's owner (as root) and permissions, never
		 * its set-id bits */
		if (geteuid() == 0 && fchown(fd, old->st_uid, old->st_gid)) {
			/* best effort: the report is still written */
		}
		mode = old->st_mode & 01777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) || !(o->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return out_fail(o, e);
	}
	return 0;
}

int outfile_open(struct outfile *o, const char *path)
{
	struct stat st, t;
	int fd, e;

	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		o->path = "standard output";
		return 0;
	}
	o->path = path;
	if (lstat(path, &st)) {
		if (errno == ENOENT)
			return open_replace(o, NULL);
		return out_fail(o, errno);
	}
	if (S_ISREG(st.st_mode))
		return open_replace(o, &st);
	t = st;
	if (S_ISLNK(st.st_mode) && stat(path, &t)) {
		if (errno != ENOENT)
			return out_fail(o, errno);
		errorf("cannot write '%s': a dangling symbolic link", path);
		return -1;
	}
	/* our own stdout or stderr (/dev/stdout is /proc/self/fd/1): write
	 * there, at its offset and with its flags */
	if (same_file(1, &t)) {
		o->f = stdout;
		return 0;
	}
	if (same_file(2, &t)) {
		o->f = stderr;
		return 0;
	}
	if (S_ISDIR(t.st_mode))
		return out_fail(o, EISDIR);
	if (!S_ISCHR(t.st_mode) && !S_ISFIFO(t.st_mode) && !S_ISREG(t.st_mode)) {
		errorf("cannot write '%s': not a regular file, character device or FIFO",
		       path);
		return -1;
	}
	/* written as it is, never replaced; a link is followed only when
	 * it was one a moment ago */
	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC |
		  (S_ISLNK(st.st_mode) ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return out_fail(o, errno);
	if (fstat(fd, &t)) {
		e = errno;
		close(fd);
		return out_fail(o, e);
	}
	if (!S_ISCHR(t.st_mode) && !S_ISFIFO(t.st_mode) &&
	    !(S_ISREG(t.st_mode) && S_ISLNK(st.st_mode))) {
		close(fd);
		errorf("cannot write '%s': it changed while being opened", path);
		return -1;
	}
	/* a link's regular target is written in place, from the start */
	if (S_ISREG(t.st_mode) && ftruncate(fd, 0)) {
		e = errno;
		close(fd);
		return out_fail(o, e);
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		e = errno;
		close(fd);
		return out_fail(o, e);
	}
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout && o->f != stderr)
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	memset(o, 0, sizeof(*o));
}

int outfile_close(struct outfile *o)
{
	int e = 0;

	if (ferror(o->f))
		e = errno ? errno : EIO;
	if (fflush(o->f) && !e)
		e = errno ? errno : EIO;
	if (o->f == stdout || o->f == stderr) {
		if (e)
			out_fail(o, e);
		memset(o, 0, sizeof(*o));
		return e ? -1 : 0;
	}
	if (!e && o->tmp && fsync(fileno(o->f)))
		e = errno;
	if (fclose(o->f) && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	if (!e && o->tmp && rename(o->tmp, o->path))
		e = errno;
	if (e) {
		out_fail(o, e);
		outfile_abort(o);
		return -1;
	}
	if (o->tmp) {
		/* the rename itself on disk: best effort */
		char *slash = strrchr(o->tmp, '/');
		int dfd;

		*slash = '\0';
		dfd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			if (fsync(dfd)) {
				/* the data is written; the directory's sync is not ours to fail on */
			}
			close(dfd);
		}
		free(o->tmp);
	}
	memset(o, 0, sizeof(*o));
	return 0;
}

int report_write(const struct report *rep, enum report_format fmt,
		 const char *path, int verbose)
{
	struct outfile o;

	if (outfile_open(&o, path))
		return -1;
	errno = 0;
	switch (fmt) {
	case FMT_JSON:
		render_json(rep, o.f);
		break;
	case FMT_TAP:
		render_tap(rep, o.f);
		break;
	case FMT_JUNIT:
		render_junit(rep, o.f);
		break;
	case FMT_PROM:
		render_prom(rep, o.f);
		break;
	case FMT_HTML:
		render_html(rep, o.f);
		break;
	default:
		render_text(rep, o.f, verbose);
		break;
	}
	return outfile_close(&o);
}
