// SPDX-License-Identifier: GPL-2.0
/*
 * The source's calls, each through the table of operations of its kind
 * (source/ops.h): what differs between live and offline is there, what is
 * the same for all is here.
 */
#include "source/source.h"
#include "source/ops.h"
#include "base/dirlist.h"
#include "base/compat.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *source_kind_str(enum src_kind k)
{
	switch (k) {
	case SRC_LIVE:
		return "live";
	case SRC_BUNDLE:
		return "bundle";
	case SRC_SOSREPORT:
		return "sosreport";
	}
	return "unknown";
}

static void set_kind(struct source *s, enum src_kind k)
{
	static const struct src_ops *const ops[] = {
		[SRC_LIVE] = &src_live_ops,
		[SRC_BUNDLE] = &src_bundle_ops,
		[SRC_SOSREPORT] = &src_sos_ops,
	};

	s->kind = k;
	s->ops = ops[k];
}

/* @root a directory we may list and enter; 0 or -1 (message printed). */
static int root_usable(const char *root)
{
	struct stat st;
	char tmp[PATH_MAX];
	DIR *d;

	if (stat(root, &st)) {
		errorf("cannot read '%s': %s", root, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errorf("'%s' is not a directory (of the commands, only check reads a .tar.gz bundle)",
		       root);
		return -1;
	}
	/* a root we may not list or enter is unreadable, not empty */
	snprintf(tmp, sizeof(tmp), "%s/.", root);
	if (stat(tmp, &st) || !(d = opendir(root))) {
		errorf("cannot read '%s': %s", root, strerror(errno));
		return -1;
	}
	closedir(d);
	return 0;
}

int source_open(struct source *s, const char *root)
{
	memset(s, 0, sizeof(*s));
	set_kind(s, SRC_LIVE);
	if (root && *root) {
		if (root_usable(root))
			return -1;
		if (!realpath(root, s->root)) {
			errorf("cannot resolve '%s': %s", root, strerror(errno));
			return -1;
		}
		if (!strcmp(s->root, "/"))
			s->root[0] = '\0';	/* --root / is the live tree */
		hv_strlcpy(s->shown, s->root, sizeof(s->shown));
	}
	if (s->root[0])
		set_kind(s, SRC_BUNDLE);
	if (s->root[0] && src_is_dir(s, "/sos_commands"))
		set_kind(s, SRC_SOSREPORT);
	s->ops->release(s);
	return 0;
}

void source_show_as(struct source *s, const char *name)
{
	hv_strlcpy(s->shown, name, sizeof(s->shown));
}

int src_path(const struct source *s, const char *abs, char *buf, size_t n)
{
	int r = snprintf(buf, n, "%s%s", s->shown, abs);

	if (r < 0 || (size_t)r >= n)
		return -ENAMETOOLONG;
	return 0;
}

const char *src_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EXDEV:
		return "leads outside the bundle (refused)";
	case EINVAL:
		return "not a regular file (refused)";
	case E2BIG:
		return "too many entries";
	case EFBIG:
		return "too large";
	}
	return strerror(err);
}

int src_stat(const struct source *s, const char *abs, struct stat *st)
{
	char path[PATH_MAX];

	return s->ops->path(s, abs, 0, path, sizeof(path), st);
}

int src_realpath(const struct source *s, const char *abs, char *buf,
		 size_t n)
{
	return s->ops->real(s, abs, buf, n);
}

/* The open @fd is the file @st named, and a regular one where confined. */
static int fd_checked(const struct source *s, int fd, const struct stat *st)
{
	struct stat fst;
	int r;

	if (fstat(fd, &fst)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (s->ops->confined &&
	    (!S_ISREG(fst.st_mode) || fst.st_ino != st->st_ino ||
	     fst.st_dev != st->st_dev)) {
		close(fd);
		return -EINVAL;
	}
	if (S_ISREG(fst.st_mode)) {
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	return fd;
}

int src_open_file(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, r;

	r = s->ops->path(s, abs, 0, path, sizeof(path), &st);
	if (r)
		return r;
	/*
	 * Confined, only a regular file is opened: opening a device node
	 * runs its driver, and a FIFO would wait for a writer. The walk left
	 * no link in the path; O_NOFOLLOW and the fstat keep it so.
	 */
	if (s->ops->confined && !S_ISREG(st.st_mode))
		return -EINVAL;
	/* O_NONBLOCK so that a FIFO planted in a bundle cannot hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
			(s->ops->confined ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	return fd_checked(s, fd, &st);
}

int src_read_bin(const struct source *s, const char *abs, void *buf,
		 size_t cap)
{
	size_t got = 0;
	int fd = src_open_file(s, abs);

	if (fd < 0)
		return fd;
	if (cap > INT_MAX)
		cap = INT_MAX;
	while (got < cap) {
		ssize_t n = read(fd, (char *)buf + got, cap - got);

		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return -e;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (int)got;
}

int src_read_attr(const struct source *s, const char *abs, char *buf,
		  size_t cap)
{
	int n;

	if (cap < 2)
		return -EINVAL;
	n = src_read_bin(s, abs, buf, cap - 1);
	if (n < 0)
		return n;
	buf[n] = '\0';
	/* an attribute is text: cut at the first NUL */
	n = (int)strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
			 buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return n;
}

int src_readlink(const struct source *s, const char *abs, char *buf,
		 size_t n)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct stat st;
	ssize_t r;
	int e;

	if (n < 2)
		return -EINVAL;
	e = s->ops->path(s, abs, RES_NOFOLLOW, path, sizeof(path), &st);
	if (e)
		return e;
	r = readlink(path, target, sizeof(target) - 1);
	if (r < 0)
		return -errno;
	target[r] = '\0';
	if ((size_t)r >= n)
		return -ENAMETOOLONG;
	e = s->ops->link_ok(s, path, target);
	if (e)
		return e;
	memcpy(buf, target, (size_t)r + 1);
	return (int)r;
}

int src_readlink_base(const struct source *s, const char *abs, char *buf,
		      size_t n)
{
	char target[PATH_MAX];
	const char *b;
	int r = src_readlink(s, abs, target, sizeof(target));

	if (r < 0)
		return r;
	b = strrchr(target, '/');
	b = b ? b + 1 : target;
	hv_strlcpy(buf, b, n);
	return (int)strlen(buf);
}

int src_exists(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st;

	if (s->ops->path(s, abs, RES_NOFOLLOW, path, sizeof(path), &st))
		return 0;
	if (!S_ISLNK(st.st_mode))
		return 1;
	/* a link is there when it may be read: not one that leads out */
	return src_readlink(s, abs, path, sizeof(path)) >= 0;
}

long long src_file_size(const struct source *s, const char *abs)
{
	struct stat st;
	int r = src_stat(s, abs, &st);

	if (r)
		return r;
	return S_ISREG(st.st_mode) ? (long long)st.st_size : -EINVAL;
}

int src_is_dir(const struct source *s, const char *abs)
{
	struct stat st;

	return !src_stat(s, abs, &st) && S_ISDIR(st.st_mode);
}

int src_list(const struct source *s, const char *absdir, char ***names)
{
	char path[PATH_MAX];
	struct stat st;
	int r, fd;

	*names = NULL;
	r = s->ops->path(s, absdir, 0, path, sizeof(path), &st);
	if (r)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK |
			(s->ops->confined ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	return dir_list_fd(fd, names);
}

void src_list_free(char **names, int n)
{
	dir_list_free(names, n);
}

/* Open the home @h of a text input: an fd or -errno (-ENOLINK: a name
 * that leads nowhere, a dangling link, is broken, not absent). */
static int open_home(const struct source *s, const struct text_home *h)
{
	int fd = src_open_file(s, h->path);

	if (fd == -ENOENT && s->ops->confined && src_exists(s, h->path))
		fd = -ENOLINK;
	return fd;
}

int src_open_text(const struct source *s, enum src_text what,
		  struct linereader *lr, char *origin, size_t olen,
		  int *is_kmsg)
{
	struct text_home h;
	size_t i;
	int fd, last = -ENOENT;

	if (what == TXT_KLOG && !s->ops->klog(lr)) {
		if (is_kmsg)
			*is_kmsg = 0;
		if (origin)
			snprintf(origin, olen, "syslog(READ_ALL)");
		return 0;
	}
	for (i = 0; s->ops->home(i, &h); i++) {
		if (h.what != (int)what)
			continue;
		fd = open_home(s, &h);
		if (fd < 0) {
			if (fd != -ENOENT && last == -ENOENT) {
				last = fd;
				if (origin)
					snprintf(origin, olen, "%s%s", s->root, h.path);
			}
			continue;
		}
		lr_init_fd(lr, fd, 0);
		lr->nonblock_eof = h.kmsg;
		if (is_kmsg)
			*is_kmsg = h.kmsg;
		if (origin)
			snprintf(origin, olen, "%s%s", s->shown, h.path);
		return 0;
	}
	return last;
}

void src_close_text(struct linereader *lr)
{
	if (lr->fd >= 0)
		close(lr->fd);
	lr->fd = -1;
	lr_free(lr);
}
