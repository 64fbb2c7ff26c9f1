// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag collect: write the bundle layout `check --root` reads. sysfs is
 * copied by an allow-list of attributes (never BAR resources or ROMs), and
 * its symlinks stay symlinks so that relative targets resolve inside.
 *
 * The bundle holds what only root may read (the kernel log under
 * dmesg_restrict, full config space): it is built in a 0700 directory of
 * 0600 files beside the output and moved into place in one rename, so an
 * existing bundle is either left alone or replaced whole (--force).
 */
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/compat.h"
#include "base/klog.h"
#include "collect/redact.h"
#include "source/source.h"
#include "base/util.h"
#include "base/version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


/* Per-file cap: far above any real /proc/interrupts or kernel log. */
#define COLLECT_CAP ((size_t)64 << 20)

static const char collect_help[] =
"usage: hvdiag collect [-o DIR|FILE.tar.gz] [--redact] [--force] [--root DIR]\n"
"\n"
"Gather what 'hvdiag check --root' reads from the live guest: sysfs\n"
"(PCI, vmbus, net, infiniband, DMI), /proc/interrupts and IRQ affinity,\n"
"/proc/modules, the kernel config, the kernel log (dmesg.txt), lspci -vvv\n"
"and ip addr output, and a MANIFEST. Run as root for full config space.\n"
"The bundle is a 0700 directory of 0600 files; each file is copied whole\n"
"up to 64 MiB (a longer one is cut there, said on stderr and in MANIFEST).\n"
"  -o, --output P   a new directory, or FILE.tar.gz (default hvdiag-bundle)\n"
"      --force      replace P if it exists (a bundle directory, an empty\n"
"                   directory or a regular file), in one rename\n"
"      --redact     replace MAC and IP addresses, serial numbers, UUIDs,\n"
"                   the host name and DNS domains, consistently across all\n"
"                   files and file names\n"
"      --root DIR   collect from a recorded tree (a bundle or a copy of /)\n"
"                   instead of the live system; no commands are run\n";

struct bundle {
	struct source src;
	char dir[PATH_MAX];
	struct redact *rd;
	struct sbuf notes;	/* MANIFEST lines about cut files */
	int files;
	int failed;
};

enum { OUT_BIN, OUT_TEXT, OUT_CONFIG };

static void redact_failed(struct bundle *b)
{
	if (!b->failed)
		errorf("%s", redact_error(b->rd));
	b->failed = 1;
}

static void write_failed(struct bundle *b, const char *path, int e)
{
	if (!b->failed)
		errorf("cannot write '%s': %s", path, strerror(e));
	b->failed = 1;
}

/* Create the missing directories of @path; those made get @mode exactly
 * when @exact (umask cannot widen or narrow a bundle). */
static int mkdirs(const char *path, mode_t mode, int exact)
{
	char tmp[PATH_MAX];
	char *p;

	if (hv_strlcpy(tmp, path, sizeof(tmp)) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = tmp + 1;; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		if (!mkdir(tmp, mode)) {
			if (exact && chmod(tmp, mode))
				return -1;
		} else if (errno != EEXIST) {
			return -1;
		}
		if (!c)
			break;
		*p = c;
	}
	return 0;
}

static int parent_dirs(const char *path, mode_t mode, int exact)
{
	char tmp[PATH_MAX];
	char *s;

	hv_strlcpy(tmp, path, sizeof(tmp));
	s = strrchr(tmp, '/');
	if (!s || s == tmp)
		return 0;
	*s = '\0';
	return mkdirs(tmp, mode, exact);
}

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

/* @abs as the bundle names it: redacted like the text (enx<MAC> names,
 * MAC-bearing vmbus GUIDs) so that links and files still meet. */
static int bundle_rel(struct bundle *b, const char *abs, char *rel, size_t n)
{
	char *red;
	size_t len = strlen(abs);

	if (!b->rd) {
		hv_strlcpy(rel, abs, n);
		return 0;
	}
	red = redact_text(b->rd, abs, len, &len);
	if (!red) {
		redact_failed(b);
		return -1;
	}
	hv_strlcpy(rel, red, n);
	free(red);
	return 0;
}

static void write_out(struct bundle *b, const char *abs, const char *data,
		      size_t len, int kind)
{
	char rel[PATH_MAX], path[PATH_MAX];
	char *red = NULL;
	size_t off = 0;
	int fd;

	if (bundle_rel(b, abs, rel, sizeof(rel)))
		return;
	if (snprintf(path, sizeof(path), "%s%s", b->dir, rel) >= (int)sizeof(path)) {
		write_failed(b, rel, ENAMETOOLONG);
		return;
	}
	if (parent_dirs(path, 0700, 1)) {
		write_failed(b, path, errno);
		return;
	}
	if (kind == OUT_TEXT && b->rd) {
		red = redact_text(b->rd, data, len, &len);
		if (!red) {
			redact_failed(b);
			return;
		}
		data = red;
	} else if (kind == OUT_CONFIG && b->rd) {
		red = xmalloc(len ? len : 1);
		memcpy(red, data, len);
		if (redact_config(b->rd, (unsigned char *)red, len)) {
			free(red);
			redact_failed(b);
			return;
		}
		data = red;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600)) {
		write_failed(b, path, errno);
		if (fd >= 0)
			close(fd);
		free(red);
		return;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			write_failed(b, path, n < 0 ? errno : EIO);
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) && off == len)
		write_failed(b, path, errno);
	b->files++;
	free(red);
}

static void note_cut(struct bundle *b, const char *abs, size_t kept)
{
	char rel[PATH_MAX];

	if (bundle_rel(b, abs, rel, sizeof(rel)))
		return;
	warnf("'%s' is longer than %zu MiB: cut there (noted in MANIFEST)",
	      rel, COLLECT_CAP >> 20);
	sbuf_addf(&b->notes, "truncated %s %zu\n", rel, kept);
}

/* Read @fd to its end, up to the cap; a cut is said and noted. */
static int read_fd(struct bundle *b, int fd, const char *abs, struct sbuf *out)
{
	char buf[65536];

	sbuf_init(out);
	for (;;) {
		size_t want = sizeof(buf);
		ssize_t n;

		if (out->len >= COLLECT_CAP) {
			do
				n = read(fd, buf, 1);
			while (n < 0 && errno == EINTR);
			if (n > 0)
				note_cut(b, abs, out->len);
			break;
		}
		if (COLLECT_CAP - out->len < want)
			want = COLLECT_CAP - out->len;
		n = read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0) {
			int e = -errno;

			sbuf_free(out);
			return e;
		}
		if (!n)
			break;
		sbuf_addn(out, buf, (size_t)n);
	}
	return 0;
}

/* Copy one file of the source whole. Missing files are normal (a bundle
 * may lack any part); a refused one in a recorded tree is said. */
static void copy_file(struct bundle *b, const char *abs, int kind)
{
	struct sbuf data;
	int r, fd = src_open_file(&b->src, abs);

	if (fd < 0) {
		if (b->src.kind != SRC_LIVE && (fd == -EXDEV || fd == -EINVAL))
			warnf("'%s%s' %s: not copied", b->src.root, abs,
			      fd == -EXDEV ? "leads out of the tree" : "is not a regular file");
		return;
	}
	r = read_fd(b, fd, abs, &data);
	close(fd);
	if (r)
		return;
	write_out(b, abs, data.s ? data.s : "", data.len, kind);
	sbuf_free(&data);
}

static void copy_link(struct bundle *b, const char *abs)
{
	char raw[PATH_MAX], target[PATH_MAX], rel[PATH_MAX], path[PATH_MAX];
	int n = src_readlink(&b->src, abs, raw, sizeof(raw));

	if (n < 0)
		return;
	if (bundle_rel(b, abs, rel, sizeof(rel)) ||
	    bundle_rel(b, raw, target, sizeof(target)))
		return;
	snprintf(path, sizeof(path), "%s%s", b->dir, rel);
	if (parent_dirs(path, 0700, 1)) {
		write_failed(b, path, errno);
		return;
	}
	unlink(path);
	if (symlink(target, path))
		write_failed(b, path, errno);
	else
		b->files++;
}

/* Where @abs leads, as a path of the source; -1 when nowhere or out. */
static int resolve(struct bundle *b, const char *abs, char *out, size_t n)
{
	char path[PATH_MAX], real[PATH_MAX];
	size_t rl = strlen(b->src.root);

	if (src_path(&b->src, abs, path, sizeof(path)) || !realpath(path, real))
		return -1;
	if (!rl) {
		hv_strlcpy(out, real, n);
		return 0;
	}
	if (strncmp(real, b->src.root, rl) || real[rl] != '/')
		return -1;
	hv_strlcpy(out, real + rl, n);
	return 0;
}

static const char *const pci_attrs[] = {
	"config", "resource", "vendor", "device", "subsystem_vendor",
	"subsystem_device", "class", "revision", "irq", "enable", "numa_node",
	"local_cpulist", "msi_bus", NULL,
};
static const char *const vmbus_attrs[] = {
	"id", "class_id", "device_id", "state", "monitor_id", "modalias",
	"channel_vp_mapping", "vendor", "device", "numa_node", NULL,
};
static const char *const net_attrs[] = {
	"address", "flags", "operstate", "ifindex", "mtu", "carrier", "type", NULL,
};

static void copy_attrs(struct bundle *b, const char *dir,
		       const char *const *attrs)
{
	char p[PATH_MAX];
	int i;

	for (i = 0; attrs[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, attrs[i]);
		copy_file(b, p, !strcmp(attrs[i], "config") ? OUT_CONFIG : OUT_TEXT);
	}
}

/* Each entry of a class/bus directory: the link and its real directory. */
static void copy_class(struct bundle *b, const char *base,
		       void (*one)(struct bundle *, const char *real))
{
	char **names;
	int n, i;

	n = src_list(&b->src, base, &names);
	for (i = 0; i < n; i++) {
		char link[PATH_MAX], real[PATH_MAX];

		snprintf(link, sizeof(link), "%s/%s", base, names[i]);
		copy_link(b, link);
		if (!resolve(b, link, real, sizeof(real)))
			one(b, real);
	}
	if (n >= 0)
		src_list_free(names, n);
}

/* Every entry of @dir/@sub: @fmt names the file to copy in each. */
static void copy_each(struct bundle *b, const char *dir, const char *sub,
		      const char *fmt)
{
	char p[PATH_MAX];
	char **names;
	int n, i;

	snprintf(p, sizeof(p), "%s/%s", dir, sub);
	n = src_list(&b->src, p, &names);
	for (i = 0; i < n; i++) {
		char q[PATH_MAX];

		snprintf(q, sizeof(q), fmt, dir, names[i]);
		copy_file(b, q, OUT_TEXT);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void one_pci(struct bundle *b, const char *real)
{
	char p[PATH_MAX];

	copy_attrs(b, real, pci_attrs);
	snprintf(p, sizeof(p), "%s/driver", real);
	copy_link(b, p);
	copy_each(b, real, "msi_irqs", "%s/msi_irqs/%s");
}

static void one_vmbus(struct bundle *b, const char *real)
{
	char p[PATH_MAX];

	copy_attrs(b, real, vmbus_attrs);
	snprintf(p, sizeof(p), "%s/driver", real);
	copy_link(b, p);
	copy_each(b, real, "channels", "%s/channels/%s/cpu");
}

static void one_net(struct bundle *b, const char *real)
{
	char p[PATH_MAX], d[PATH_MAX], idx[32];
	char **names;
	int n, i;

	copy_attrs(b, real, net_attrs);
	snprintf(p, sizeof(p), "%s/device", real);
	copy_link(b, p);
	/* the device link may point at a device not copied otherwise */
	if (!resolve(b, p, d, sizeof(d))) {
		snprintf(p, sizeof(p), "%s/driver", d);
		copy_link(b, p);
	}
	snprintf(p, sizeof(p), "%s/master", real);
	copy_link(b, p);
	n = src_list(&b->src, real, &names);
	for (i = 0; i < n; i++)
		if (hv_startswith(names[i], "lower_") || hv_startswith(names[i], "upper_")) {
			snprintf(p, sizeof(p), "%s/%s", real, names[i]);
			copy_link(b, p);
		}
	if (n >= 0)
		src_list_free(names, n);
	snprintf(p, sizeof(p), "%s/ifindex", real);
	if (src_read_attr(&b->src, p, idx, sizeof(idx)) > 0 &&
	    strspn(idx, "0123456789") == strlen(idx)) {
		snprintf(p, sizeof(p), "/run/udev/data/n%s", idx);
		copy_file(b, p, OUT_TEXT);
	}
}

static void one_ib(struct bundle *b, const char *real)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/device", real);
	copy_link(b, p);
	snprintf(p, sizeof(p), "%s/ports/1/state", real);
	copy_file(b, p, OUT_TEXT);
}

static void copy_irqs(struct bundle *b)
{
	char **names;
	int n, i;

	n = src_list(&b->src, "/proc/irq", &names);
	for (i = 0; i < n; i++) {
		char p[PATH_MAX];

		snprintf(p, sizeof(p), "/proc/irq/%s/smp_affinity_list", names[i]);
		copy_file(b, p, OUT_TEXT);
		snprintf(p, sizeof(p), "/proc/irq/%s/effective_affinity_list", names[i]);
		copy_file(b, p, OUT_TEXT);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void copy_command(struct bundle *b, const char *cmd, const char *rel)
{
	struct sbuf out;
	FILE *p = popen(cmd, "r");

	if (!p)
		return;
	if (read_fd(b, fileno(p), rel, &out)) {
		pclose(p);
		return;
	}
	if (pclose(p) == 0 && out.len)
		write_out(b, rel, out.s, out.len, OUT_TEXT);
	sbuf_free(&out);
}

/* The kernel log as dmesg prints it, from /dev/kmsg. */
static void copy_kmsg(struct bundle *b)
{
	struct linereader lr;
	struct klog_line kl;
	struct sbuf out;
	char *line;
	size_t len;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		copy_command(b, "dmesg 2>/dev/null", "/dmesg.txt");
		return;
	}
	lr_init_fd(&lr, fd, 0);
	lr.nonblock_eof = 1;
	sbuf_init(&out);
	while (lr_next(&lr, &line, &len) == 1) {
		if (out.len >= COLLECT_CAP) {
			note_cut(b, "/dmesg.txt", out.len);
			break;
		}
		if (klog_parse(line, len, 1, &kl))
			sbuf_addf(&out, "[%12.6f] %s\n", kl.ts, kl.msg);
	}
	lr_free(&lr);
	close(fd);
	write_out(b, "/dmesg.txt", out.s ? out.s : "", out.len, OUT_TEXT);
	sbuf_free(&out);
}

static int read_small(struct bundle *b, const char *abs, char *buf, size_t cap)
{
	return src_read_attr(&b->src, abs, buf, cap);
}

/* The host name and DNS domains to replace: uname (live), the kernel's
 * host and domain names, /etc/hostname, resolv.conf's search and domain. */
static void add_names(struct bundle *b)
{
	char buf[8192], *line, *save = NULL;
	struct utsname u;

	if (b->src.kind == SRC_LIVE && !uname(&u))
		redact_add_host(b->rd, u.nodename);
	if (read_small(b, "/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0)
		redact_add_host(b->rd, buf);
	if (read_small(b, "/etc/hostname", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n#")] = '\0';
		redact_add_host(b->rd, hv_trim(buf));
	}
	if (read_small(b, "/proc/sys/kernel/domainname", buf, sizeof(buf)) > 0)
		redact_add_domain(b->rd, buf);
	if (read_small(b, "/etc/resolv.conf", buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *w, *ws = NULL;

		if (!hv_startswith(line, "search") && !hv_startswith(line, "domain"))
			continue;
		if (line[6] != ' ' && line[6] != '\t')
			continue;
		line[strcspn(line, "#;")] = '\0';
		for (w = strtok_r(line + 6, " \t", &ws); w; w = strtok_r(NULL, " \t", &ws))
			redact_add_domain(b->rd, w);
	}
}

/* hypervisor line: CPUID live, the recorded MANIFEST's otherwise. */
static void add_hypervisor(struct bundle *b, struct sbuf *man)
{
	struct linereader lr;
	char hv[64], *line;
	size_t len;

	if (b->src.kind == SRC_LIVE) {
		if (!platform_cpuid_vendor(hv, sizeof(hv)))
			sbuf_addf(man, "hypervisor: %s\n", hv);
		return;
	}
	if (src_open_text(&b->src, TXT_MANIFEST, &lr, NULL, 0, NULL))
		return;
	while (lr_next(&lr, &line, &len) == 1)
		if (hv_startswith(line, "hypervisor:")) {
			sbuf_addf(man, "hypervisor: %s\n", hv_trim(line + 11));
			break;
		}
	src_close_text(&lr);
}

static void stat_line(void *ctx, const char *name, unsigned long long v)
{
	sbuf_addf(ctx, "     %s: %llu\n", name, v);
}

/*
 * `ethtool -S` of each synthetic NIC (netvsc's VF counters and queues),
 * as ethtool prints it: ethtool-S-<nic>.txt. From a bundle: its copies.
 */
static void copy_ethtool(struct bundle *b)
{
	char **names, path[PATH_MAX], drv[64];
	int n, i;

	n = src_list(&b->src, "/sys/class/net", &names);
	for (i = 0; i < n; i++) {
		struct sbuf s;

		if (strchr(names[i], '/') || names[i][0] == '.')
			continue;
		snprintf(path, sizeof(path), "/ethtool-S-%s.txt", names[i]);
		if (b->src.kind != SRC_LIVE) {
			if (src_exists(&b->src, path))
				copy_file(b, path, OUT_TEXT);
			continue;
		}
		snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", names[i]);
		if (src_readlink_base(&b->src, path, drv, sizeof(drv)) <= 0 ||
		    strcmp(drv, "hv_netvsc"))
			continue;
		sbuf_init(&s);
		sbuf_adds(&s, "NIC statistics:\n");
		if (!src_ethtool_gstats(names[i], stat_line, &s)) {
			snprintf(path, sizeof(path), "/ethtool-S-%s.txt", names[i]);
			write_out(b, path, s.s, s.len, OUT_TEXT);
		}
		sbuf_free(&s);
	}
	if (n >= 0)
		src_list_free(names, n);
}

/* What kernel.vf_drivers and image.vf_unmanaged read: the module lists,
 * the udev, networkd and NetworkManager files that say "unmanaged", and
 * image.txt (the managers installed, the initrd's list). */
static void copy_image(struct bundle *b)
{
	struct guest g;
	struct sbuf txt;
	char p[PATH_MAX];
	int i;

	if (b->src.release[0]) {
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.builtin", b->src.release);
		copy_file(b, p, OUT_BIN);
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", b->src.release);
		copy_file(b, p, OUT_BIN);
	}
	memset(&g, 0, sizeof(g));
	g.src = &b->src;
	collect_image(&g);
	for (i = 0; i < g.image.nconf; i++)
		if (g.image.conf[i].text)
			copy_file(b, g.image.conf[i].path, OUT_TEXT);
	if (b->src.kind == SRC_LIVE) {
		sbuf_init(&txt);
		image_describe(&g.image, &txt);
		write_out(b, "/image.txt", txt.s, txt.len, OUT_TEXT);
		sbuf_free(&txt);
	} else {
		copy_file(b, "/image.txt", OUT_TEXT);
	}
	image_free(&g);
}

static void gather(struct bundle *b, int redact)
{
	char p[PATH_MAX];
	struct sbuf man;

	copy_class(b, "/sys/bus/pci/devices", one_pci);
	copy_class(b, "/sys/bus/vmbus/devices", one_vmbus);
	copy_class(b, "/sys/class/net", one_net);
	copy_class(b, "/sys/class/infiniband", one_ib);
	copy_file(b, "/sys/class/dmi/id/sys_vendor", OUT_TEXT);
	copy_file(b, "/sys/class/dmi/id/product_name", OUT_TEXT);
	copy_file(b, "/sys/class/dmi/id/bios_version", OUT_TEXT);
	copy_file(b, "/sys/devices/system/cpu/online", OUT_TEXT);
	copy_file(b, "/proc/interrupts", OUT_TEXT);
	copy_file(b, "/proc/modules", OUT_TEXT);
	copy_file(b, "/proc/cmdline", OUT_TEXT);
	copy_file(b, "/proc/sys/kernel/osrelease", OUT_TEXT);
	copy_irqs(b);
	copy_ethtool(b);
	snprintf(p, sizeof(p), "/boot/config-%s", b->src.release);
	if (b->src.release[0] && src_exists(&b->src, p))
		copy_file(b, p, OUT_BIN);
	else
		copy_file(b, "/proc/config.gz", OUT_BIN);
	copy_image(b);
	if (b->src.kind == SRC_LIVE) {
		copy_kmsg(b);
		copy_command(b, "lspci -D -nn -vvv 2>/dev/null", "/lspci-vvv.txt");
		copy_command(b, "ip addr 2>/dev/null", "/ip-addr.txt");
	} else {
		copy_file(b, "/dmesg.txt", OUT_TEXT);
		copy_file(b, "/lspci-vvv.txt", OUT_TEXT);
		copy_file(b, "/ip-addr.txt", OUT_TEXT);
	}
	sbuf_init(&man);
	sbuf_addf(&man, "format: hvdiag-bundle 1\nhvdiag: %s\nkernel-release: %s\n"
		  "created: %ld\nredacted: %s\n", HVDIAG_VERSION, b->src.release,
		  (long)time(NULL), redact ? "yes" : "no");
	add_hypervisor(b, &man);
	if (b->notes.len)
		sbuf_addn(&man, b->notes.s, b->notes.len);
	write_out(b, "/MANIFEST", man.s, man.len, OUT_BIN);
	sbuf_free(&man);
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
	snprintf(p, sizeof(p), "%s/MANIFEST", out);
	fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (r <= 0)
		return 0;
	head[r] = '\0';
	return hv_startswith(head, "format: hvdiag-bundle");
}

/* Move the finished @tmp to @out: never over an existing path without
 * @force; with it, in one rename (an exchange for a directory). */
static int place(const char *tmp, const char *out, int force, int isdir)
{
	struct stat st;

	if (!force) {
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
		/* no link(2) or renameat2 here: check, then rename */
		if (!lstat(out, &st)) {
			errno = EEXIST;
			return -1;
		}
		return rename(tmp, out);
	}
	if (!rename(tmp, out))
		return 0;
	if (!isdir || (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR))
		return -1;
	/* a directory in the way: swap the two, then remove the old one */
	if (!compat_rename2(tmp, out, RENAME_EXCHANGE)) {
		rm_tree(tmp);
		return 0;
	}
	{
		char old[PATH_MAX];

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
	}
	return 0;
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

int cmd_collect_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "redact", no_argument, NULL, 'R' },
		{ "force", no_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL;
	char out[PATH_MAX], tmp[PATH_MAX];
	int redact = 0, force = 0, c, tgz;
	struct bundle b;
	struct stat st;
	size_t ol;

	hv_strlcpy(out, "hvdiag-bundle", sizeof(out));
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (hv_strlcpy(out, optarg, sizeof(out)) >= sizeof(out) - 16) {
				errorf("output path too long: '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'R':
			redact = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			fputs(collect_help, stdout);
			return 0;
		default:
			fputs(collect_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	ol = strlen(out);
	while (ol > 1 && out[ol - 1] == '/')
		out[--ol] = '\0';
	if (!ol) {
		errorf("empty output path");
		return EXIT_USAGE;
	}
	tgz = (ol > 7 && !strcmp(out + ol - 7, ".tar.gz")) ||
	      (ol > 4 && !strcmp(out + ol - 4, ".tgz"));
	if (!lstat(out, &st)) {
		if (!force) {
			errorf("'%s' exists; give a new path, or --force to replace it", out);
			return EXIT_USAGE;
		}
		if (!replaceable(out, &st, tgz)) {
			errorf("'%s' is not %s: not replacing it", out,
			       tgz ? "a regular file" : "a bundle or an empty directory");
			return EXIT_USAGE;
		}
	} else if (errno != ENOENT) {
		errorf("cannot use '%s': %s", out, strerror(errno));
		return EXIT_USAGE;
	}

	memset(&b, 0, sizeof(b));
	if (source_open(&b.src, root))
		return EXIT_USAGE;
	if (parent_dirs(out, 0755, 0)) {
		errorf("cannot create the directory of '%s': %s", out, strerror(errno));
		return EXIT_USAGE;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", out);
	if (!mkdtemp(tmp) || chmod(tmp, 0700) || !realpath(tmp, b.dir)) {
		errorf("cannot create a directory beside '%s': %s", out, strerror(errno));
		return EXIT_USAGE;
	}
	sbuf_init(&b.notes);
	if (redact) {
		b.rd = redact_new();
		add_names(&b);
	}
	gather(&b, redact);
	redact_free(b.rd);
	sbuf_free(&b.notes);
	if (b.failed) {
		rm_tree(b.dir);
		errorf("no bundle written");
		return EXIT_USAGE;
	}
	if (tgz) {
		char tf[PATH_MAX];
		int fd, r;

		snprintf(tf, sizeof(tf), "%s.tmp.XXXXXX", out);
		fd = mkstemp(tf);
		if (fd < 0 || fchmod(fd, 0600)) {
			errorf("cannot write beside '%s': %s; the bundle is in '%s'",
			       out, strerror(errno), b.dir);
			if (fd >= 0) {
				close(fd);
				unlink(tf);
			}
			return EXIT_USAGE;
		}
		r = run_tar(b.dir, fd);
		if (close(fd))
			r = -1;
		if (r) {
			unlink(tf);
			errorf("cannot write '%s' (tar failed); the bundle is in '%s'",
			       out, b.dir);
			return EXIT_USAGE;
		}
		if (place(tf, out, force, 0)) {
			errorf("cannot write '%s': %s", out, strerror(errno));
			unlink(tf);
			rm_tree(b.dir);
			return EXIT_USAGE;
		}
		rm_tree(b.dir);
	} else if (place(b.dir, out, force, 1)) {
		errorf("cannot write '%s': %s; the bundle is in '%s'", out,
		       strerror(errno), b.dir);
		return EXIT_USAGE;
	}
	fprintf(stderr, "hvdiag: wrote %s (%d files)\n", out, b.files);
	return 0;
}

const struct command cmd_collect = {
	.name = "collect",
	.summary = "gather a bundle from the live guest",
	.raw = cmd_collect_main,
};
