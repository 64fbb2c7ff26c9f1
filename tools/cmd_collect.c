// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag collect: write the bundle layout `check --root` reads. sysfs is
 * copied by an allow-list of attributes (never BAR resources or ROMs), and
 * its symlinks stay symlinks so that relative targets resolve inside.
 */
#include "cmds.h"
#include "collect.h"
#include "klog.h"
#include "redact.h"
#include "source.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static const char collect_help[] =
"usage: hvdiag collect [-o DIR|FILE.tar.gz] [--redact]\n"
"\n"
"Gather what 'hvdiag check --root' reads from the live guest: sysfs\n"
"(PCI, vmbus, net, infiniband, DMI), /proc/interrupts and IRQ affinity,\n"
"/proc/modules, the kernel config, the kernel log (dmesg.txt), lspci -vvv\n"
"and ip addr output, and a MANIFEST. Run as root for full config space.\n"
"  -o, --output P   a new directory, or FILE.tar.gz (default hvdiag-bundle)\n"
"      --redact     replace MAC and IP addresses and the host name,\n"
"                   consistently across all files\n";

struct bundle {
	char dir[PATH_MAX];
	struct redact *rd;
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

static int mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	hv_strlcpy(tmp, path, sizeof(tmp));
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

static int parent_dirs(const char *path)
{
	char tmp[PATH_MAX];
	char *s;

	hv_strlcpy(tmp, path, sizeof(tmp));
	s = strrchr(tmp, '/');
	if (!s)
		return 0;
	*s = '\0';
	return mkdirs(tmp);
}

/* The bundle path of @abs: redacted like the text (enx<MAC> names,
 * MAC-bearing vmbus GUIDs) so that links and files still meet. */
static int bundle_path(struct bundle *b, const char *abs, char *path,
		       size_t n)
{
	char *red = NULL;
	size_t len = strlen(abs);

	if (b->rd) {
		red = redact_text(b->rd, abs, len, &len);
		if (!red) {
			redact_failed(b);
			return -1;
		}
		abs = red;
	}
	snprintf(path, n, "%s%s", b->dir, abs);
	free(red);
	return 0;
}

static void write_out(struct bundle *b, const char *rel, const char *data,
		      size_t len, int kind)
{
	char path[PATH_MAX];
	FILE *f;
	char *red = NULL;

	if (bundle_path(b, rel, path, sizeof(path)) || parent_dirs(path))
		return;
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
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
		b->files++;
	}
	free(red);
}

/* Copy one live file (bounded); binary files are not redacted. */
static void copy_file(struct bundle *b, const char *abs, int kind)
{
	char buf[65536];
	ssize_t n;
	int fd = open(abs, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return;
	write_out(b, abs, buf, (size_t)n, kind);
}

static void copy_link(struct bundle *b, const char *abs)
{
	char target[PATH_MAX], path[PATH_MAX];
	ssize_t n = readlink(abs, target, sizeof(target) - 1);

	if (n < 0)
		return;
	target[n] = '\0';
	if (bundle_path(b, abs, path, sizeof(path)) || parent_dirs(path))
		return;
	if (b->rd) {
		size_t tl = (size_t)n;
		char *red = redact_text(b->rd, target, tl, &tl);

		if (!red || tl >= sizeof(target)) {
			free(red);
			redact_failed(b);
			return;
		}
		memcpy(target, red, tl + 1);
		free(red);
	}
	unlink(path);
	if (!symlink(target, path))
		b->files++;
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
		       const char *const *attrs, int text)
{
	char p[PATH_MAX];
	int i;

	for (i = 0; attrs[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, attrs[i]);
		copy_file(b, p, !strcmp(attrs[i], "config") ? OUT_CONFIG :
				text ? OUT_TEXT : OUT_BIN);
	}
}

/* Each entry of a class/bus directory: the link and its real directory. */
static void copy_class(struct bundle *b, const char *base,
		       void (*one)(struct bundle *, const char *real,
				   const char *name))
{
	struct source live;
	char **names;
	int n, i;

	memset(&live, 0, sizeof(live));
	n = src_list(&live, base, &names);
	for (i = 0; i < n; i++) {
		char link[PATH_MAX], real[PATH_MAX];

		snprintf(link, sizeof(link), "%s/%s", base, names[i]);
		copy_link(b, link);
		if (realpath(link, real))
			one(b, real, names[i]);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void one_pci(struct bundle *b, const char *real, const char *name)
{
	struct source live;
	char p[PATH_MAX];
	char **names;
	int n, i;

	(void)name;
	copy_attrs(b, real, pci_attrs, 1);
	snprintf(p, sizeof(p), "%s/driver", real);
	copy_link(b, p);
	memset(&live, 0, sizeof(live));
	snprintf(p, sizeof(p), "%s/msi_irqs", real);
	n = src_list(&live, p, &names);
	for (i = 0; i < n; i++) {
		char q[PATH_MAX];

		snprintf(q, sizeof(q), "%s/msi_irqs/%s", real, names[i]);
		copy_file(b, q, 1);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void one_vmbus(struct bundle *b, const char *real, const char *name)
{
	struct source live;
	char p[PATH_MAX];
	char **names;
	int n, i;

	(void)name;
	copy_attrs(b, real, vmbus_attrs, 1);
	snprintf(p, sizeof(p), "%s/driver", real);
	copy_link(b, p);
	memset(&live, 0, sizeof(live));
	snprintf(p, sizeof(p), "%s/channels", real);
	n = src_list(&live, p, &names);
	for (i = 0; i < n; i++) {
		char q[PATH_MAX];

		snprintf(q, sizeof(q), "%s/channels/%s/cpu", real, names[i]);
		copy_file(b, q, 1);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void one_net(struct bundle *b, const char *real, const char *name)
{
	struct source live;
	char p[PATH_MAX], idx[32];
	char **names;
	int n, i, fd;
	ssize_t r;

	(void)name;
	copy_attrs(b, real, net_attrs, 1);
	snprintf(p, sizeof(p), "%s/device", real);
	copy_link(b, p);
	snprintf(p, sizeof(p), "%s/device/driver", real);
	{
		char d[PATH_MAX];

		/* the device link may point at a device not copied otherwise */
		if (realpath(p, d) || 1) {
			char q[PATH_MAX];

			snprintf(q, sizeof(q), "%s/device", real);
			if (realpath(q, d)) {
				snprintf(q, sizeof(q), "%s/driver", d);
				copy_link(b, q);
			}
		}
	}
	snprintf(p, sizeof(p), "%s/master", real);
	copy_link(b, p);
	memset(&live, 0, sizeof(live));
	n = src_list(&live, real, &names);
	for (i = 0; i < n; i++)
		if (hv_startswith(names[i], "lower_") || hv_startswith(names[i], "upper_")) {
			snprintf(p, sizeof(p), "%s/%s", real, names[i]);
			copy_link(b, p);
		}
	if (n >= 0)
		src_list_free(names, n);
	snprintf(p, sizeof(p), "%s/ifindex", real);
	fd = open(p, O_RDONLY);
	if (fd >= 0) {
		r = read(fd, idx, sizeof(idx) - 1);
		close(fd);
		if (r > 0) {
			idx[r] = '\0';
			idx[strcspn(idx, "\n")] = '\0';
			snprintf(p, sizeof(p), "/run/udev/data/n%s", idx);
			copy_file(b, p, 1);
		}
	}
}

static void one_ib(struct bundle *b, const char *real, const char *name)
{
	char p[PATH_MAX];

	(void)name;
	snprintf(p, sizeof(p), "%s/device", real);
	copy_link(b, p);
	snprintf(p, sizeof(p), "%s/ports/1/state", real);
	copy_file(b, p, 1);
}

static void copy_irqs(struct bundle *b)
{
	struct source live;
	char **names;
	int n, i;

	memset(&live, 0, sizeof(live));
	n = src_list(&live, "/proc/irq", &names);
	for (i = 0; i < n; i++) {
		char p[PATH_MAX];

		snprintf(p, sizeof(p), "/proc/irq/%s/smp_affinity_list", names[i]);
		copy_file(b, p, 1);
		snprintf(p, sizeof(p), "/proc/irq/%s/effective_affinity_list", names[i]);
		copy_file(b, p, 1);
	}
	if (n >= 0)
		src_list_free(names, n);
}

static void copy_command(struct bundle *b, const char *cmd, const char *rel)
{
	struct sbuf out;
	char buf[8192];
	size_t n;
	FILE *p = popen(cmd, "r");

	if (!p)
		return;
	sbuf_init(&out);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0 && out.len < (64u << 20))
		sbuf_addn(&out, buf, n);
	if (pclose(p) == 0 && out.len)
		write_out(b, rel, out.s, out.len, 1);
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
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		copy_command(b, "dmesg 2>/dev/null", "/dmesg.txt");
		return;
	}
	lr_init_fd(&lr, fd, 0);
	lr.nonblock_eof = 1;
	sbuf_init(&out);
	while (lr_next(&lr, &line, &len) == 1)
		if (klog_parse(line, len, 1, &kl))
			sbuf_addf(&out, "[%12.6f] %s\n", kl.ts, kl.msg);
	lr_free(&lr);
	close(fd);
	write_out(b, "/dmesg.txt", out.s ? out.s : "", out.len, 1);
	sbuf_free(&out);
}

/* A few small text files (names, resolv.conf). */
static int read_small(const char *abs, char *buf, size_t cap)
{
	struct source live;

	memset(&live, 0, sizeof(live));
	return src_read_attr(&live, abs, buf, cap);
}

/* The host name and DNS domains to replace: uname, /etc/hostname, the
 * kernel's domain name, resolv.conf's search and domain lines. */
static void add_names(struct redact *rd)
{
	char buf[8192], *line, *save = NULL;
	struct utsname u;

	if (!uname(&u))
		redact_add_host(rd, u.nodename);
	if (read_small("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0)
		redact_add_host(rd, buf);
	if (read_small("/etc/hostname", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n#")] = '\0';
		redact_add_host(rd, hv_trim(buf));
	}
	if (read_small("/proc/sys/kernel/domainname", buf, sizeof(buf)) > 0)
		redact_add_domain(rd, buf);
	if (read_small("/etc/resolv.conf", buf, sizeof(buf)) <= 0)
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
			redact_add_domain(rd, w);
	}
}

int cmd_collect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "redact", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "hvdiag-bundle";
	int redact = 0, c, tgz;
	struct bundle b;
	struct utsname u;
	struct sbuf man;
	char p[PATH_MAX];
	struct stat st;
	size_t ol;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'R':
			redact = 1;
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
	memset(&b, 0, sizeof(b));
	ol = strlen(out);
	tgz = (ol > 7 && !strcmp(out + ol - 7, ".tar.gz")) ||
	      (ol > 4 && !strcmp(out + ol - 4, ".tgz"));
	if (tgz) {
		snprintf(b.dir, sizeof(b.dir), "%s.d.XXXXXX", out);
		if (!mkdtemp(b.dir)) {
			errorf("cannot create a directory beside '%s': %s", out,
			       strerror(errno));
			return EXIT_USAGE;
		}
	} else {
		if (!stat(out, &st)) {
			errorf("'%s' exists; give a new directory", out);
			return EXIT_USAGE;
		}
		if (mkdirs(out)) {
			errorf("cannot create '%s': %s", out, strerror(errno));
			return EXIT_USAGE;
		}
		if (!realpath(out, b.dir)) {
			errorf("cannot resolve '%s': %s", out, strerror(errno));
			return EXIT_USAGE;
		}
	}
	if (redact) {
		b.rd = redact_new();
		add_names(b.rd);
	}
	copy_class(&b, "/sys/bus/pci/devices", one_pci);
	copy_class(&b, "/sys/bus/vmbus/devices", one_vmbus);
	copy_class(&b, "/sys/class/net", one_net);
	copy_class(&b, "/sys/class/infiniband", one_ib);
	copy_file(&b, "/sys/class/dmi/id/sys_vendor", 1);
	copy_file(&b, "/sys/class/dmi/id/product_name", 1);
	copy_file(&b, "/sys/class/dmi/id/bios_version", 1);
	copy_file(&b, "/sys/devices/system/cpu/online", 1);
	copy_file(&b, "/proc/interrupts", 1);
	copy_file(&b, "/proc/modules", 1);
	copy_file(&b, "/proc/cmdline", 1);
	copy_file(&b, "/proc/sys/kernel/osrelease", 1);
	copy_irqs(&b);
	uname(&u);
	snprintf(p, sizeof(p), "/boot/config-%s", u.release);
	if (!stat(p, &st)) {
		struct sbuf cfg;
		char buf[65536];
		ssize_t n;
		int fd = open(p, O_RDONLY);

		sbuf_init(&cfg);
		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			sbuf_addn(&cfg, buf, (size_t)n);
		if (fd >= 0)
			close(fd);
		write_out(&b, p, cfg.s ? cfg.s : "", cfg.len, 0);
		sbuf_free(&cfg);
	} else {
		copy_file(&b, "/proc/config.gz", 0);
	}
	copy_kmsg(&b);
	copy_command(&b, "lspci -D -nn -vvv 2>/dev/null", "/lspci-vvv.txt");
	copy_command(&b, "ip addr 2>/dev/null", "/ip-addr.txt");
	sbuf_init(&man);
	sbuf_addf(&man, "format: hvdiag-bundle 1\nhvdiag: %s\nkernel-release: %s\n"
		  "created: %ld\nredacted: %s\n", HVDIAG_VERSION, u.release,
		  (long)time(NULL), redact ? "yes" : "no");
	{
		char hv[64];

		if (!platform_cpuid_vendor(hv, sizeof(hv)))
			sbuf_addf(&man, "hypervisor: %s\n", hv);
	}
	write_out(&b, "/MANIFEST", man.s, man.len, 0);
	sbuf_free(&man);
	redact_free(b.rd);
	if (b.failed) {
		errorf("the bundle in '%s' is incomplete", b.dir);
		return EXIT_USAGE;
	}
	if (tgz) {
		struct sbuf cmd;
		int r;

		sbuf_init(&cmd);
		sbuf_addf(&cmd, "tar -czf '%s' -C '%s' . && rm -rf '%s'", out, b.dir, b.dir);
		r = strchr(out, '\'') ? -1 : system(cmd.s);
		sbuf_free(&cmd);
		if (r) {
			errorf("cannot write '%s' (tar failed); the bundle is in '%s'",
			       out, b.dir);
			return EXIT_USAGE;
		}
		fprintf(stderr, "hvdiag: wrote %s (%d files)\n", out, b.files);
		return 0;
	}
	fprintf(stderr, "hvdiag: wrote %s (%d files)\n", b.dir, b.files);
	return 0;
}
