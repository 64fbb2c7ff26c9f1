// SPDX-License-Identifier: GPL-2.0
#include "source/source.h"
#include "base/compat.h"
#include "base/dirlist.h"
#include "base/util.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
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
	if (!realpath(root, s->root)) {
		errorf("cannot resolve '%s': %s", root, strerror(errno));
		return -1;
	}
	if (!strcmp(s->root, "/"))
		s->root[0] = '\0';	/* --root / is the live tree */
	hv_strlcpy(s->shown, s->root, sizeof(s->shown));
	s->kind = s->root[0] ? SRC_BUNDLE : SRC_LIVE;
	if (s->kind == SRC_BUNDLE && src_is_dir(s, "/sos_commands"))
		s->kind = SRC_SOSREPORT;
	read_release(s);
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

#define SRC_MAXLINKS 40	/* as the kernel's path walk */
#define RES_NOFOLLOW 1		/* do not follow a symlink in the last component */
#define RES_MISSING 2		/* a missing tail resolves lexically */

/*
 * Take the first component of @rest off into @comp; 0 when none is left,
 * -1 when it is longer than a name can be.
 */
static int next_comp(char *rest, char *comp, size_t n)
{
	char *p = rest, *e;
	size_t l;

	while (*p == '/')
		p++;
	if (!*p) {
		rest[0] = '\0';
		return 0;
	}
	e = strchr(p, '/');
	l = e ? (size_t)(e - p) : strlen(p);
	if (l >= n)
		return -1;
	memcpy(comp, p, l);
	comp[l] = '\0';
	p += e ? (size_t)(e - p) : strlen(p);
	memmove(rest, p, strlen(p) + 1);
	return 1;
}

static int rest_empty(const char *rest)
{
	while (*rest == '/')
		rest++;
	return !*rest;
}

/*
 * Walk @abs inside an offline root the way the kernel would, one component
 * at a time, and refuse what leaves the root: an absolute link target, a
 * ".." above the root, more than SRC_MAXLINKS links. On success @out holds
 * the resolved path relative to the root ("" for the root itself, else
 * "/a/b") with no symlink in it (but the last component with RES_NOFOLLOW),
 * and @st its lstat() unless a missing tail was taken (RES_MISSING; then
 * st_mode is 0). Nothing is opened.
 */
static int resolve(const struct source *s, const char *abs, int flags,
		   char *out, size_t on, struct stat *st)
{
	char rest[2 * PATH_MAX], comp[NAME_MAX + 1], full[PATH_MAX];
	char cur[PATH_MAX], target[PATH_MAX];
	int links = 0, missing = 0, more;
	struct stat sb;

	if (strlen(abs) >= sizeof(rest))
		return -ENAMETOOLONG;
	strcpy(rest, abs);
	cur[0] = '\0';
	while ((more = next_comp(rest, comp, sizeof(comp)))) {
		int last = rest_empty(rest);
		size_t cl = strlen(cur);
		ssize_t tl;

		if (more < 0)
			return -ENAMETOOLONG;
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			if (!cl)
				return -EXDEV;	/* above the root */
			*strrchr(cur, '/') = '\0';
			continue;
		}
		if (cl + 1 + strlen(comp) >= sizeof(cur))
			return -ENAMETOOLONG;
		if (missing) {
			sprintf(cur + cl, "/%s", comp);
			continue;
		}
		if (snprintf(full, sizeof(full), "%s%s/%s", s->root, cur,
			     comp) >= (int)sizeof(full))
			return -ENAMETOOLONG;
		if (lstat(full, &sb)) {
			if (errno != ENOENT || !(flags & RES_MISSING))
				return -errno;
			missing = 1;
			sprintf(cur + cl, "/%s", comp);
			continue;
		}
		if (S_ISLNK(sb.st_mode) && !(last && (flags & RES_NOFOLLOW))) {
			if (++links > SRC_MAXLINKS)
				return -ELOOP;
			tl = readlink(full, target, sizeof(target) - 1);
			if (tl < 0)
				return -errno;
			target[tl] = '\0';
			if (target[0] == '/')
				return -EXDEV;	/* the host's file system */
			if ((size_t)tl + 1 + strlen(rest) >= sizeof(rest))
				return -ENAMETOOLONG;
			memmove(rest + tl + 1, rest, strlen(rest) + 1);
			memcpy(rest, target, (size_t)tl);
			rest[tl] = '/';
			continue;	/* relative to the link's directory */
		}
		if (!last && !S_ISDIR(sb.st_mode))
			return -ENOTDIR;
		sprintf(cur + cl, "/%s", comp);
	}
	if (strlen(cur) >= on)
		return -ENAMETOOLONG;
	strcpy(out, cur);
	if (!st)
		return 0;
	if (missing) {
		memset(st, 0, sizeof(*st));
		return 0;
	}
	snprintf(full, sizeof(full), "%s%s", s->root, cur);
	return lstat(full, st) ? -errno : 0;
}

/* The host path of @abs: as given live, resolved and confined offline. */
static int host_path(const struct source *s, const char *abs, int flags,
		     char *path, size_t n, struct stat *st)
{
	char rel[PATH_MAX];
	int r;

	if (s->kind == SRC_LIVE) {
		if (strlen(abs) >= n)
			return -ENAMETOOLONG;
		strcpy(path, abs);
		if (st && ((flags & RES_NOFOLLOW) ? lstat(path, st) :
						    stat(path, st)))
			return -errno;
		return 0;
	}
	r = resolve(s, abs, flags, rel, sizeof(rel), st);
	if (r)
		return r;
	if (snprintf(path, n, "%s%s", s->root, rel) >= (int)n)
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

	return host_path(s, abs, 0, path, sizeof(path), st);
}

int src_realpath(const struct source *s, const char *abs, char *buf,
		 size_t n)
{
	char real[PATH_MAX];

	if (s->kind != SRC_LIVE)
		return resolve(s, abs, 0, buf, n, NULL);
	if (!realpath(abs, real))
		return -errno;
	if (strlen(real) >= n)
		return -ENAMETOOLONG;
	strcpy(buf, real);
	return 0;
}

int src_ethtool_gstats(const char *ifname,
		       void (*fn)(void *ctx, const char *name, unsigned long long v),
		       void *ctx)
{
	struct ethtool_drvinfo info;
	struct ethtool_gstrings *strs = NULL;
	struct ethtool_stats *vals = NULL;
	struct ifreq ifr;
	unsigned int n, i;
	int fd, r = 0;

	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	hv_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	ifr.ifr_data = (void *)&info;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		r = -errno;
		goto out;
	}
	n = info.n_stats;
	if (!n) {
		r = -EOPNOTSUPP;
		goto out;
	}
	if (n > 65536) {
		r = -E2BIG;
		goto out;
	}
	strs = xcalloc(1, sizeof(*strs) + (size_t)n * ETH_GSTRING_LEN);
	strs->cmd = ETHTOOL_GSTRINGS;
	strs->string_set = ETH_SS_STATS;
	strs->len = n;
	ifr.ifr_data = (void *)strs;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		r = -errno;
		goto out;
	}
	vals = xcalloc(1, sizeof(*vals) + (size_t)n * sizeof(uint64_t));
	vals->cmd = ETHTOOL_GSTATS;
	vals->n_stats = n;
	ifr.ifr_data = (void *)vals;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		r = -errno;
		goto out;
	}
	/* the set may have shrunk between the calls: the smaller count */
	if (strs->len < n)
		n = strs->len;
	if (vals->n_stats < n)
		n = vals->n_stats;
	for (i = 0; i < n; i++) {
		char name[ETH_GSTRING_LEN + 1];

		memcpy(name, strs->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		fn(ctx, name, (unsigned long long)vals->data[i]);
	}
out:
	free(strs);
	free(vals);
	close(fd);
	return r;
}

int src_open_kmsg(const char *path, int from_start)
{
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (S_ISCHR(st.st_mode) && !from_start &&
	    lseek(fd, 0, SEEK_END) == (off_t)-1) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int src_open_file(const struct source *s, const char *abs)
{
	char path[PATH_MAX];
	struct stat st, fst;
	int fd, r;

	r = host_path(s, abs, 0, path, sizeof(path), &st);
	if (r)
		return r;
	/*
	 * Offline, only a regular file is opened: opening a device node runs
	 * its driver, and a FIFO would wait for a writer. The walk left no
	 * link in the path; O_NOFOLLOW and the fstat keep it so.
	 */
	if (s->kind != SRC_LIVE && !S_ISREG(st.st_mode))
		return -EINVAL;
	/* O_NONBLOCK so that a FIFO planted in a bundle cannot hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
			(s->kind != SRC_LIVE ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &fst)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (s->kind != SRC_LIVE &&
	    (!S_ISREG(fst.st_mode) || fst.st_ino != st.st_ino ||
	     fst.st_dev != st.st_dev)) {
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
	char path[PATH_MAX], target[PATH_MAX], rel[PATH_MAX];
	char check[2 * PATH_MAX];
	struct stat st;
	ssize_t r;
	int e;

	if (n < 2)
		return -EINVAL;
	e = host_path(s, abs, RES_NOFOLLOW, path, sizeof(path), &st);
	if (e)
		return e;
	r = readlink(path, target, sizeof(target) - 1);
	if (r < 0)
		return -errno;
	target[r] = '\0';
	if ((size_t)r >= n)
		return -ENAMETOOLONG;
	if (s->kind != SRC_LIVE) {
		/*
		 * The target must stay inside the root too, even where it
		 * dangles (a bundle holds a driver link, not the driver).
		 */
		char *slash;

		if (target[0] == '/')
			return -EXDEV;
		hv_strlcpy(rel, path + strlen(s->root), sizeof(rel));
		slash = strrchr(rel, '/');
		if (slash)
			*slash = '\0';
		if (snprintf(check, sizeof(check), "%s/%s", rel, target) >=
		    (int)sizeof(check))
			return -ENAMETOOLONG;
		e = resolve(s, check, RES_MISSING, rel, sizeof(rel), NULL);
		if (e)
			return e;
	}
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

	return !host_path(s, abs, RES_NOFOLLOW, path, sizeof(path), &st);
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
	r = host_path(s, absdir, 0, path, sizeof(path), &st);
	if (r)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK |
			(s->kind != SRC_LIVE ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	return dir_list_fd(fd, names);
}

void src_list_free(char **names, int n)
{
	dir_list_free(names, n);
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
	char *buf;
	int n = compat_klog_read_all(&buf);

	if (n < 0)
		return n;
	lr_init_mem(lr, buf, (size_t)n, 0);
	lr->owned = buf;
	return 0;
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
			snprintf(origin, olen, "%s%s", s->shown, h->path);
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
