// SPDX-License-Identifier: GPL-2.0
/*
 * The bundle's writer: source/bundle_layout.h's files from the source
 * into a directory. sysfs is copied by an allow-list of attributes (never
 * BAR resources or ROMs), and its symlinks stay symlinks so that relative
 * targets resolve inside. Every file is copied whole up to COLLECT_CAP; a
 * longer one is cut there, said on stderr and noted in the MANIFEST.
 */
#include "collect/bundle_write.h"
#include "collect/collect.h"
#include "collect/redact.h"
#include "source/bundle_layout.h"
#include "source/source.h"
#include "base/compat.h"
#include "base/klog.h"
#include "base/util.h"
#include "base/version.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* Per-file cap: far above any real /proc/interrupts or kernel log. */
#define COLLECT_CAP ((size_t)64 << 20)

struct bundle {
	const struct source *src;
	const char *dir;
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

/* mkdir -p of @path; those made get @mode exactly when @exact */
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

int bundle_parent_dirs(const char *path, mode_t mode, int exact)
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

/* The bytes to write for @data of @kind: a redacted copy (to free) or
 * NULL for @data as it is; -1 when redaction failed. */
static int redacted(struct bundle *b, const char **data, size_t *len,
		    int kind, char **red)
{
	*red = NULL;
	if (!b->rd || kind == OUT_BIN)
		return 0;
	if (kind == OUT_TEXT) {
		*red = redact_text(b->rd, *data, *len, len);
	} else {
		*red = xmalloc(*len ? *len : 1);
		memcpy(*red, *data, *len);
		if (redact_config(b->rd, (unsigned char *)*red, *len)) {
			free(*red);
			*red = NULL;
		}
	}
	if (!*red) {
		redact_failed(b);
		return -1;
	}
	*data = *red;
	return 0;
}

/* @len bytes to the new file @path, 0600 whatever the umask. */
static void write_file(struct bundle *b, const char *path, const char *data,
		       size_t len)
{
	size_t off = 0;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600)) {
		write_failed(b, path, errno);
		if (fd >= 0)
			close(fd);
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
}

static void write_out(struct bundle *b, const char *abs, const char *data,
		      size_t len, int kind)
{
	char rel[PATH_MAX], path[PATH_MAX];
	char *red;

	if (bundle_rel(b, abs, rel, sizeof(rel)))
		return;
	if (snprintf(path, sizeof(path), "%s%s", b->dir, rel) >= (int)sizeof(path)) {
		write_failed(b, rel, ENAMETOOLONG);
		return;
	}
	if (bundle_parent_dirs(path, 0700, 1)) {
		write_failed(b, path, errno);
		return;
	}
	if (redacted(b, &data, &len, kind, &red))
		return;
	write_file(b, path, data, len);
	free(red);
}

static void note_cut(struct bundle *b, const char *abs, size_t kept)
{
	char rel[PATH_MAX];

	if (bundle_rel(b, abs, rel, sizeof(rel)))
		return;
	warnf("'%s' is longer than %zu MiB: cut there (noted in MANIFEST)",
	      rel, COLLECT_CAP >> 20);
	sbuf_addf(&b->notes, "%s %s %zu\n", bundle_key_name(MF_TRUNCATED), rel,
		  kept);
}

/* Whether @fd has a byte more (the cap was reached). */
static int more_left(int fd)
{
	char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n > 0;
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
			if (more_left(fd))
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
	int r, fd = src_open_file(b->src, abs);

	if (fd < 0) {
		if (b->src->kind != SRC_LIVE && (fd == -EXDEV || fd == -EINVAL))
			warnf("'%s%s' %s: not copied", b->src->root, abs,
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
	int n = src_readlink(b->src, abs, raw, sizeof(raw));

	if (n < 0)
		return;
	if (bundle_rel(b, abs, rel, sizeof(rel)) ||
	    bundle_rel(b, raw, target, sizeof(target)))
		return;
	snprintf(path, sizeof(path), "%s%s", b->dir, rel);
	if (bundle_parent_dirs(path, 0700, 1)) {
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
	return src_realpath(b->src, abs, out, n) ? -1 : 0;
}

/* @fmt with "%s" one entry of @dir, for each */
static void copy_names(struct bundle *b, const char *dir, const char *fmt,
		       void (*copy)(struct bundle *, const char *))
{
	char **names;
	int n, i;

	n = src_list(b->src, dir, &names);
	for (i = 0; i < n; i++) {
		char p[PATH_MAX], name[PATH_MAX];

		snprintf(name, sizeof(name), fmt, names[i]);
		snprintf(p, sizeof(p), "%s/%s", dir, name);
		copy(b, p);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void copy_text(struct bundle *b, const char *abs)
{
	copy_file(b, abs, OUT_TEXT);
}

/* Copy what @names lists under @dir: files (@link 0) or links. */
static void copy_listed(struct bundle *b, const char *dir,
			const char *const *names, int link)
{
	char p[PATH_MAX];
	int i;

	for (i = 0; names[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (link)
			copy_link(b, p);
		else
			copy_file(b, p, !strcmp(names[i], "config") ?
				  OUT_CONFIG : OUT_TEXT);
	}
}

/* A NIC's links besides its device, and udev's record of it. */
static void net_extras(struct bundle *b, const char *real)
{
	char p[PATH_MAX], d[PATH_MAX], idx[32];
	char **names;
	int n, i;

	/* the device link may point at a device not copied otherwise */
	snprintf(p, sizeof(p), "%s/device", real);
	if (!resolve(b, p, d, sizeof(d))) {
		snprintf(p, sizeof(p), "%s/driver", d);
		copy_link(b, p);
	}
	snprintf(p, sizeof(p), "%s/master", real);
	copy_link(b, p);
	n = src_list(b->src, real, &names);
	for (i = 0; i < n; i++)
		if (hv_startswith(names[i], "lower_") || hv_startswith(names[i], "upper_")) {
			snprintf(p, sizeof(p), "%s/%s", real, names[i]);
			copy_link(b, p);
		}
	if (n >= 0)
		src_list_free(names, n);
	snprintf(p, sizeof(p), "%s/ifindex", real);
	if (src_read_attr(b->src, p, idx, sizeof(idx)) > 0 &&
	    strspn(idx, "0123456789") == strlen(idx)) {
		snprintf(p, sizeof(p), "/run/udev/data/n%s", idx);
		copy_file(b, p, OUT_TEXT);
	}
}

/* One entry of a tree, by its real directory. */
static void copy_entry(struct bundle *b, const struct bundle_tree *t,
		       const char *real)
{
	char p[PATH_MAX];

	copy_listed(b, real, t->attrs, 0);
	copy_listed(b, real, t->links, 1);
	if (t == &bundle_trees[BT_NET])
		net_extras(b, real);
	if (t->sub) {
		snprintf(p, sizeof(p), "%s/%s", real, t->sub);
		copy_names(b, p, t->each, copy_text);
	}
}

/* Each entry of a class/bus directory: the link and its real directory. */
static void copy_tree(struct bundle *b, const struct bundle_tree *t)
{
	char **names;
	int n, i;

	n = src_list(b->src, t->dir, &names);
	for (i = 0; i < n; i++) {
		char link[PATH_MAX], real[PATH_MAX];

		snprintf(link, sizeof(link), "%s/%s", t->dir, names[i]);
		copy_link(b, link);
		if (!resolve(b, link, real, sizeof(real)))
			copy_entry(b, t, real);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void copy_affinity(struct bundle *b, const char *irq)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/smp_affinity_list", irq);
	copy_file(b, p, OUT_TEXT);
	snprintf(p, sizeof(p), "%s/effective_affinity_list", irq);
	copy_file(b, p, OUT_TEXT);
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
static void copy_kmsg(struct bundle *b, const char *rel)
{
	struct linereader lr;
	struct klog_line kl;
	struct sbuf out;
	char *line;
	size_t len;
	int fd = src_open_kmsg("/dev/kmsg", 1);

	if (fd < 0) {
		copy_command(b, "dmesg 2>/dev/null", rel);
		return;
	}
	lr_init_fd(&lr, fd, 0);
	lr.nonblock_eof = 1;
	sbuf_init(&out);
	while (lr_next(&lr, &line, &len) == 1) {
		if (out.len >= COLLECT_CAP) {
			note_cut(b, rel, out.len);
			break;
		}
		if (klog_parse(line, len, 1, &kl))
			sbuf_addf(&out, "[%12.6f] %s\n", kl.ts, kl.msg);
	}
	lr_free(&lr);
	close(fd);
	write_out(b, rel, out.s ? out.s : "", out.len, OUT_TEXT);
	sbuf_free(&out);
}

static int read_small(struct bundle *b, const char *abs, char *buf, size_t cap)
{
	return src_read_attr(b->src, abs, buf, cap);
}

/* resolv.conf's search and domain names */
static void add_resolv(struct bundle *b, char *buf)
{
	char *line, *save = NULL;

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

/* The host name and DNS domains to replace: uname (live), the kernel's
 * host and domain names, /etc/hostname, resolv.conf's search and domain. */
static void add_names(struct bundle *b)
{
	char buf[8192];
	struct utsname u;

	if (b->src->kind == SRC_LIVE && !uname(&u))
		redact_add_host(b->rd, u.nodename);
	if (read_small(b, "/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0)
		redact_add_host(b->rd, buf);
	if (read_small(b, "/etc/hostname", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n#")] = '\0';
		redact_add_host(b->rd, hv_trim(buf));
	}
	if (read_small(b, "/proc/sys/kernel/domainname", buf, sizeof(buf)) > 0)
		redact_add_domain(b->rd, buf);
	if (read_small(b, "/etc/resolv.conf", buf, sizeof(buf)) > 0)
		add_resolv(b, buf);
}

static void stat_line(void *ctx, const char *name, unsigned long long v)
{
	sbuf_addf(ctx, "     %s: %llu\n", name, v);
}

/* `ethtool -S` of @nic, a synthetic NIC (netvsc's VF counters and
 * queues), as ethtool prints it; from a recorded tree, its copy. */
static void copy_ethtool(struct bundle *b, const char *nic)
{
	char path[PATH_MAX], out[PATH_MAX], drv[64];
	struct sbuf s;

	if (strchr(nic, '/') || nic[0] == '.')
		return;
	snprintf(out, sizeof(out), bundle_files[BF_ETHTOOL].path, nic);
	if (b->src->kind != SRC_LIVE) {
		if (src_exists(b->src, out))
			copy_file(b, out, OUT_TEXT);
		return;
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", nic);
	if (src_readlink_base(b->src, path, drv, sizeof(drv)) <= 0 ||
	    strcmp(drv, "hv_netvsc"))
		return;
	sbuf_init(&s);
	sbuf_adds(&s, "NIC statistics:\n");
	if (!src_ethtool_gstats(nic, stat_line, &s))
		write_out(b, out, s.s, s.len, OUT_TEXT);
	sbuf_free(&s);
}

static void copy_ethtools(struct bundle *b)
{
	char **names;
	int n, i;

	n = src_list(b->src, bundle_trees[BT_NET].dir, &names);
	for (i = 0; i < n; i++)
		copy_ethtool(b, names[i]);
	if (n >= 0)
		src_list_free(names, n);
}

/* What kernel.vf_drivers and image.vf_unmanaged read: the module lists,
 * the udev, networkd and NetworkManager files that say "unmanaged", and
 * image.txt (the managers installed, the initrd's list). */
static void copy_image(struct bundle *b)
{
	const char *rel = b->src->release, *txt = bundle_files[BF_IMAGE].path;
	struct guest g;
	struct sbuf s;
	char p[PATH_MAX];
	int i;

	if (rel[0]) {
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.builtin", rel);
		copy_file(b, p, OUT_BIN);
		snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", rel);
		copy_file(b, p, OUT_BIN);
	}
	memset(&g, 0, sizeof(g));
	collect_image(b->src, &g);
	for (i = 0; i < g.image.nconf; i++)
		if (g.image.conf[i].text)
			copy_file(b, g.image.conf[i].path, OUT_TEXT);
	if (b->src->kind == SRC_LIVE) {
		sbuf_init(&s);
		image_describe(&g.image, &s);
		write_out(b, txt, s.s, s.len, OUT_TEXT);
		sbuf_free(&s);
	} else {
		copy_file(b, txt, OUT_TEXT);
	}
	image_free(&g);
}

/* The kernel's config: /boot/config-RELEASE, else /proc/config.gz. */
static void copy_config(struct bundle *b)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "/boot/config-%s", b->src->release);
	if (b->src->release[0] && src_exists(b->src, p))
		copy_file(b, p, OUT_BIN);
	else
		copy_file(b, "/proc/config.gz", OUT_BIN);
}

/* The layout's copies of the guest's own files. */
static void copy_copies(struct bundle *b)
{
	const struct bundle_file *f;

	for (f = bundle_files; f < bundle_files + BF_COUNT; f++)
		if (f->how == BH_COPY)
			copy_file(b, f->path, OUT_TEXT);
}

/* The kernel log and the commands' output: captured live, copied from a
 * recorded tree (no command is run for it). */
static void copy_captures(struct bundle *b)
{
	const struct bundle_file *f;

	for (f = bundle_files; f < bundle_files + BF_COUNT; f++) {
		if (f->how != BH_KLOG && f->how != BH_COMMAND)
			continue;
		if (b->src->kind != SRC_LIVE)
			copy_file(b, f->path, OUT_TEXT);
		else if (f->how == BH_KLOG)
			copy_kmsg(b, f->path);
		else
			copy_command(b, f->command, f->path);
	}
}

static void manifest_add(struct sbuf *man, enum bundle_key k,
			 const char *value)
{
	sbuf_addf(man, "%s: %s\n", bundle_key_name(k), value);
}

/* MANIFEST: its keys, the hypervisor CPUID said (live) or the recorded
 * MANIFEST's, and a line for each file cut. */
static void write_manifest(struct bundle *b)
{
	char v[256];
	struct sbuf man;

	sbuf_init(&man);
	manifest_add(&man, MF_FORMAT, BUNDLE_FORMAT);
	manifest_add(&man, MF_HVDIAG, HVDIAG_VERSION);
	manifest_add(&man, MF_KERNEL_RELEASE, b->src->release);
	snprintf(v, sizeof(v), "%ld", (long)time(NULL));
	manifest_add(&man, MF_CREATED, v);
	manifest_add(&man, MF_REDACTED, b->rd ? "yes" : "no");
	if (b->src->kind == SRC_LIVE ? !platform_cpuid_vendor(v, sizeof(v)) :
	    !bundle_manifest_get(b->src, MF_HYPERVISOR, v, sizeof(v)))
		manifest_add(&man, MF_HYPERVISOR, v);
	if (b->notes.len)
		sbuf_addn(&man, b->notes.s, b->notes.len);
	write_out(b, bundle_files[BF_MANIFEST].path, man.s, man.len, OUT_BIN);
	sbuf_free(&man);
}

int bundle_write(const struct source *src, const char *dir, int redact)
{
	struct bundle b = { .src = src, .dir = dir };
	int t;

	sbuf_init(&b.notes);
	if (redact) {
		b.rd = redact_new();
		add_names(&b);
	}
	for (t = 0; t < BT_COUNT; t++)
		copy_tree(&b, &bundle_trees[t]);
	copy_copies(&b);
	copy_names(&b, "/proc/irq", "%s", copy_affinity);
	copy_ethtools(&b);
	copy_config(&b);
	copy_image(&b);
	copy_captures(&b);
	write_manifest(&b);
	redact_free(b.rd);
	sbuf_free(&b.notes);
	return b.failed ? -1 : b.files;
}
