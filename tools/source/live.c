// SPDX-License-Identifier: GPL-2.0
/*
 * The live system: paths as given (PCI config space goes through libpci's
 * sysfs access in collect/pci.c, the live host only), the kernel log by
 * syslog(2), ethtool statistics by ioctl, /dev/kmsg for watch.
 */
#include "source/ops.h"
#include "base/compat.h"
#include "base/util.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static int live_path(const struct source *s, const char *abs, int flags,
		     char *path, size_t n, struct stat *st)
{
	if (strlen(abs) >= n)
		return -ENAMETOOLONG;
	strcpy(path, abs);
	if (st && ((flags & RES_NOFOLLOW) ? lstat(path, st) : stat(path, st)))
		return -errno;
	return 0;
}

static int live_real(const struct source *s, const char *abs, char *buf,
		     size_t n)
{
	char real[PATH_MAX];

	if (!realpath(abs, real))
		return -errno;
	if (strlen(real) >= n)
		return -ENAMETOOLONG;
	strcpy(buf, real);
	return 0;
}

static int live_link_ok(const struct source *s, const char *path,
			const char *target)
{
	return 0;
}

/*
 * The live kernel log in one call ("<6>[ seconds] text" lines) rather
 * than one read per /dev/kmsg record. Returns -errno when not allowed.
 */
static int live_klog(struct linereader *lr)
{
	char *buf;
	int n = compat_klog_read_all(&buf);

	if (n < 0)
		return n;
	lr_init_mem(lr, buf, (size_t)n, 0);
	lr->owned = buf;
	return 0;
}

static void live_release(struct source *s)
{
	struct utsname u;

	if (!uname(&u))
		hv_strlcpy(s->release, u.release, sizeof(s->release));
}

static const struct text_home live_homes[] = {
	{ TXT_KLOG, "/dev/kmsg", 1 },
	{ TXT_INTERRUPTS, "/proc/interrupts", 0 },
	{ TXT_MODULES, "/proc/modules", 0 },
	{ TXT_CMDLINE, "/proc/cmdline", 0 },
};

static int live_home(size_t i, struct text_home *h)
{
	return home_at(live_homes, ARRAY_SIZE(live_homes), i, h);
}

const struct src_ops src_live_ops = {
	.path = live_path,
	.real = live_real,
	.link_ok = live_link_ok,
	.klog = live_klog,
	.release = live_release,
	.home = live_home,
	.confined = 0,
};

/* GDRVINFO's count of statistics of @ifname on socket @fd, or -errno. */
static int ethtool_count(int fd, struct ifreq *ifr)
{
	struct ethtool_drvinfo info;

	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	ifr->ifr_data = (void *)&info;
	if (ioctl(fd, SIOCETHTOOL, ifr))
		return -errno;
	if (!info.n_stats)
		return -EOPNOTSUPP;
	return info.n_stats > 65536 ? -E2BIG : (int)info.n_stats;
}

/* The names and values of @n statistics; 0 or -errno. */
static int ethtool_fetch(int fd, struct ifreq *ifr, unsigned int n,
			 struct ethtool_gstrings **strs,
			 struct ethtool_stats **vals)
{
	*strs = xcalloc(1, sizeof(**strs) + (size_t)n * ETH_GSTRING_LEN);
	(*strs)->cmd = ETHTOOL_GSTRINGS;
	(*strs)->string_set = ETH_SS_STATS;
	(*strs)->len = n;
	ifr->ifr_data = (void *)*strs;
	if (ioctl(fd, SIOCETHTOOL, ifr))
		return -errno;
	*vals = xcalloc(1, sizeof(**vals) + (size_t)n * sizeof(uint64_t));
	(*vals)->cmd = ETHTOOL_GSTATS;
	(*vals)->n_stats = n;
	ifr->ifr_data = (void *)*vals;
	if (ioctl(fd, SIOCETHTOOL, ifr))
		return -errno;
	return 0;
}

int src_ethtool_gstats(const char *ifname,
		       void (*fn)(void *ctx, const char *name, unsigned long long v),
		       void *ctx)
{
	struct ethtool_gstrings *strs = NULL;
	struct ethtool_stats *vals = NULL;
	struct ifreq ifr;
	unsigned int i, n = 0;
	int fd, r;

	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	hv_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	r = ethtool_count(fd, &ifr);
	if (r > 0) {
		n = (unsigned int)r;
		r = ethtool_fetch(fd, &ifr, n, &strs, &vals);
	}
	/* the set may have shrunk between the calls: the smaller count */
	for (i = 0; !r && i < n && i < strs->len && i < vals->n_stats; i++) {
		char name[ETH_GSTRING_LEN + 1];

		memcpy(name, strs->data + (size_t)i * ETH_GSTRING_LEN,
		       ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		fn(ctx, name, (unsigned long long)vals->data[i]);
	}
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
