// SPDX-License-Identifier: GPL-2.0
#include "source.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/klog.h>
#endif
#include <sys/utsname.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

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

static void read_release(struct source *s)
{
	char buf[256];
	struct utsname u;

	s->release[0] = '\0';
	if (s->kind == SRC_LIVE) {
		if (!uname(&u))
			hv_strlcpy(s->release, u.release, sizeof(s->release));
		return;
	}
	if (src_read_attr(s, "/proc/sys/kernel/osrelease", buf,
			  sizeof(buf)) > 0) {
		hv_strlcpy(s->release, buf, sizeof(s->release));
		return;
	}
	/* MANIFEST written by collect: "kernel-release: X" */
	{
		struct linereader lr;
		char *line;
		size_t len;

		if (src_open_text(s, TXT_MANIFEST, &lr, buf, sizeof(buf),
				  NULL))
			return;
		while (lr_next(&lr, &line, &len) == 1)
			if (hv_startswith(line, "kernel-release:"))
				hv_strlcpy(s->release,
					   hv_trim(line + 15),
					   sizeof(s->release));
		src_close_text(&lr);
	}
}

int source_open(struct source *s, const char *root)
{
	struct stat st;
	char tmp[PATH_MAX];
	DIR *d;

	memset(s, 0, sizeof(*s));
	if (!root || !*root) {
		s->kind = SRC_LIVE;
		read_release(s);
		return 0;
	}
	if (stat(root, &st)) {
		errorf("cannot read '%s': %s", root, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errorf("'%s' is not a directory (extract a .tar.gz bundle first)",
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
	if (!realpath(root, s->root)) {
		errorf("cannot resolve '%s': %s", root, strerror(errno));
		return -1;
	}
	if (!strcmp(s->root, "/"))
		s->root[0] = '\0';	/* --root / is the live tree */
	snprintf(tmp, sizeof(tmp), "%s/sos_commands", s->root);
	s->kind = (!stat(tmp, &st) && S_ISDIR(st.st_mode)) ? SRC_SOSREPORT
							     : SRC_BUNDLE;
	if (!s->root[0])
		s->kind = SRC_LIVE;
	read_release(s);
	return 0;
}

int src_path(const struct source *s, const char *abs, char *buf, size_t n)
{
	int r = snprintf(buf, n, "%s%s", s->root, abs);

	if (r < 0 || (size_t)r >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* In an offline root, resolve @path and require it to stay inside. */
static int confine(const struct source *s, const char *path)
{
	char real[PATH_MAX];
	size_t rl = strlen(s->root);

	if (s->kind == SRC_LIVE)
		return 0;
	if (!realpath(path, real))
		return -errno;
	if (strncmp(real, s->root, rl) || (real[rl] && real[rl] != '/'))
		return -EXDEV;
	return 0;
}

int src_open_file(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, r;

	r = src_path(s, abs, path, sizeof(path));
	if (r)
		return r;
	r = confine(s, path);
	if (r)
		return r;
	/* O_NONBLOCK so that a FIFO planted in a bundle cannot hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (s->kind != SRC_LIVE && !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (S_ISREG(st.st_mode)) {
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	return fd;
}

int src_read_bin(const struct source *s, const char *abs, void *buf,
		 size_t cap)
{
	size_t got = 0;
	int fd = src_open_file(s, abs);

	if (fd < 0)
		return fd;
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
	char path[PATH_MAX];
	ssize_t r;
	int e = src_path(s, abs, path, sizeof(path));

	if (e)
		return e;
	r = readlink(path, buf, n - 1);
	if (r < 0)
		return -errno;
	buf[r] = '\0';
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

	if (src_path(s, abs, path, sizeof(path)))
		return 0;
	return lstat(path, &st) == 0;
}

long long src_file_size(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st;
	int r = src_path(s, abs, path, sizeof(path));

	if (r)
		return r;
	r = confine(s, path);
	if (r)
		return r;
	if (stat(path, &st))
		return -errno;
	return S_ISREG(st.st_mode) ? (long long)st.st_size : -EINVAL;
}

int src_is_dir(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st;

	if (src_path(s, abs, path, sizeof(path)) || confine(s, path))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int src_list(const struct source *s, const char *absdir, char ***names)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	int n = 0, cap = 0, r;

	*names = NULL;
	r = src_path(s, absdir, path, sizeof(path));
	if (r)
		return r;
	r = confine(s, path);
	if (r)
		return r;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < 65536) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, (size_t)cap * sizeof(*v));
		}
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_names);
	*names = v;
	return n;
}

void src_list_free(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

struct text_home {
	enum src_text what;
	unsigned int kinds;	/* bit per enum src_kind */
	const char *path;
	int kmsg;
};

#define K_LIVE (1u << SRC_LIVE)
#define K_BUNDLE (1u << SRC_BUNDLE)
#define K_SOS (1u << SRC_SOSREPORT)
#define K_ALL (K_LIVE | K_BUNDLE | K_SOS)

/* Candidates in order of preference; the first one present wins. */
static const struct text_home homes[] = {
	{ TXT_KLOG, K_LIVE, "/dev/kmsg", 1 },
	{ TXT_KLOG, K_BUNDLE, "/dmesg.txt", 0 },
	{ TXT_KLOG, K_SOS, "/sos_commands/kernel/dmesg", 0 },
	{ TXT_KLOG, K_SOS, "/sos_commands/kernel/dmesg_-T", 0 },
	{ TXT_KLOG, K_BUNDLE | K_SOS, "/var/log/dmesg", 0 },
	{ TXT_LSPCI, K_BUNDLE, "/lspci-vvv.txt", 0 },
	{ TXT_LSPCI, K_SOS, "/sos_commands/pci/lspci_-nnvv", 0 },
	{ TXT_LSPCI, K_SOS, "/sos_commands/pci/lspci_-nvv", 0 },
	{ TXT_LSPCI, K_SOS, "/sos_commands/pci/lspci_-vvv", 0 },
	{ TXT_IPADDR, K_BUNDLE, "/ip-addr.txt", 0 },
	{ TXT_IPADDR, K_SOS, "/sos_commands/networking/ip_-d_address", 0 },
	{ TXT_IPADDR, K_SOS, "/sos_commands/networking/ip_address", 0 },
	{ TXT_IPADDR, K_SOS, "/sos_commands/networking/ip_-o_addr", 0 },
	{ TXT_INTERRUPTS, K_ALL, "/proc/interrupts", 0 },
	{ TXT_MODULES, K_ALL, "/proc/modules", 0 },
	{ TXT_MODULES, K_SOS, "/sos_commands/kernel/lsmod", 0 },
	{ TXT_CMDLINE, K_ALL, "/proc/cmdline", 0 },
	{ TXT_MANIFEST, K_BUNDLE, "/MANIFEST", 0 },
};

/*
 * The live kernel log in one call ("<6>[ seconds] text" lines) rather
 * than one read per /dev/kmsg record. Returns -errno when not allowed.
 */
static int klog_read_all(struct linereader *lr)
{
#ifdef __linux__
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		return size < 0 ? -errno : -ENOENT;
	if (size > (64 << 20))
		size = 64 << 20;
	buf = xmalloc((size_t)size);
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		int e = -errno;

		free(buf);
		return e;
	}
	lr_init_mem(lr, buf, (size_t)n, 0);
	lr->owned = buf;
	return 0;
#else
	(void)lr;
	return -ENOSYS;
#endif
}

int src_open_text(const struct source *s, enum src_text what,
		  struct linereader *lr, char *origin, size_t olen,
		  int *is_kmsg)
{
	size_t i;
	int last = -ENOENT;

	if (what == TXT_KLOG && s->kind == SRC_LIVE && !klog_read_all(lr)) {
		if (is_kmsg)
			*is_kmsg = 0;
		if (origin)
			snprintf(origin, olen, "syslog(READ_ALL)");
		return 0;
	}

	for (i = 0; i < ARRAY_SIZE(homes); i++) {
		const struct text_home *h = &homes[i];
		int fd;

		if (h->what != what || !(h->kinds & (1u << s->kind)))
			continue;
		fd = src_open_file(s, h->path);
		/* a name that leads nowhere (a dangling link) is broken,
		 * not absent */
		if (fd == -ENOENT && s->kind != SRC_LIVE && src_exists(s, h->path))
			fd = -ENOLINK;
		if (fd < 0) {
			if (fd != -ENOENT && last == -ENOENT) {
				last = fd;
				if (origin)
					snprintf(origin, olen, "%s%s", s->root, h->path);
			}
			continue;
		}
		lr_init_fd(lr, fd, 0);
		lr->nonblock_eof = h->kmsg;
		if (is_kmsg)
			*is_kmsg = h->kmsg;
		if (origin)
			snprintf(origin, olen, "%s%s", s->root, h->path);
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
