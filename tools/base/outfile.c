// SPDX-License-Identifier: GPL-2.0
/* -o FILE: written beside, renamed into place. */
#include "base/outfile.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

