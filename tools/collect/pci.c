// SPDX-License-Identifier: GPL-2.0
/*
 * PCI functions. Live: config space through libpci's sysfs access method,
 * plus what sysfs adds (resources with kernel flags, driver, MSI vectors).
 * Offline, a bundle's sys/bus/pci/devices is read here, every file through
 * the source layer (confined, bounded, never a FIFO or a device node), and
 * config space is decoded by our own capability walk; libpci never sees a
 * bundle. Without a sysfs tree, the `lspci -vvv` text of a bundle fills the
 * same model.
 */
#include "collect/collect.h"
#include "parse/lspci_text.h"
#include "base/util.h"
#include "source/source.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pci/pci.h>

/* Kernel resource flags as sysfs "resource" prints them. */
#define KRES_IO		0x00000100
#define KRES_MEM	0x00000200
#define KRES_PREFETCH	0x00002000
#define KRES_MEM_64	0x00100000
#define KRES_DISABLED	0x10000000
#define KRES_UNSET	0x20000000

#define CFG_MAX		4096	/* PCI Express config space */
#define CFG_HEADER	64	/* the type 0/1 header */
#define CFG_CAPS	256	/* the capability list lies below this */
#define MAX_PCI_FUNCS	4096
#define RESOURCE_MAX	4096	/* 17 lines of 57 bytes at most */

static jmp_buf pci_jump;
static char pci_errmsg[256];

/* libpci's error callback must not return: leave through longjmp. */
static void pci_fatal(char *msg, ...) __attribute__((noreturn));
static void pci_fatal(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(pci_errmsg, sizeof(pci_errmsg), msg, ap);
	va_end(ap);
	longjmp(pci_jump, 1);
}

static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

/* The PCI part fails for one file of a device: say which and why. */
static int pci_bad(struct guest *g, const char *abs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int pci_bad(struct guest *g, const char *abs, const char *fmt, ...)
{
	char path[PATH_MAX], why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (src_path(g->src, abs, path, sizeof(path)))
		hv_strlcpy(path, abs, sizeof(path));
	part_set(&g->pci.part, PART_ERROR, "cannot read '%s': %s", path, why);
	return -1;
}

/*
 * sysfs "resource": one "start end flags" line per resource, BARs first.
 * Absent: BARs unknown. Anything else that is not such lines: an error.
 */
static int read_resources(struct guest *g, struct pcidev *d, const char *dir)
{
	char path[PATH_MAX], buf[RESOURCE_MAX + 1];
	char *line, *next;
	int i = 0, n;

	snprintf(path, sizeof(path), "%s/resource", dir);
	n = src_read_bin(g->src, path, buf, sizeof(buf));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return pci_bad(g, path, "%s", src_strerror(n));
	if (n > RESOURCE_MAX)
		return pci_bad(g, path, "more than %d bytes", RESOURCE_MAX);
	if (memchr(buf, '\0', (size_t)n))
		return pci_bad(g, path, "binary data");
	buf[n] = '\0';
	for (line = buf; *line; line = next, i++) {
		unsigned long long st, en, fl;
		struct pci_bar *b;
		int used = -1;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (sscanf(line, "%llx %llx %llx%n", &st, &en, &fl, &used) != 3 ||
		    line[used])
			return pci_bad(g, path, "line %d is not 'start end flags'",
				       i + 1);
		if (i >= 6)
			continue;	/* ROM, IOV and bridge windows */
		b = &d->bars[i];
		memset(b, 0, sizeof(*b));
		if (!fl && !st && !en)
			continue;
		if (fl & KRES_IO)
			b->flags |= HVD_RES_IO;
		if (fl & KRES_MEM)
			b->flags |= HVD_RES_MEM;
		if (fl & KRES_PREFETCH)
			b->flags |= HVD_RES_PREFETCH;
		if (fl & KRES_MEM_64)
			b->flags |= HVD_RES_MEM64;
		if (fl & KRES_DISABLED)
			b->flags |= HVD_RES_DISABLED;
		if (fl & KRES_UNSET || !st)
			b->flags |= HVD_RES_UNSET;
		b->start = st;
		b->size = en >= st ? en - st + 1 : 0;
	}
	d->known |= PK_BARS;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* An entry of msi_irqs/: a decimal IRQ number the kernel could have. */
static int irq_name(const char *s, int *irq)
{
	long v = 0;

	if (!*s || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	*irq = (int)v;
	return 0;
}

/* Resources, driver, MSI vectors and the resolved path: sysfs only. */
static int read_sysfs_extras(struct guest *g, struct pcidev *d)
{
	char dir[PATH_MAX], path[PATH_MAX];
	char **names;
	int n, i, r;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", d->bdf);
	if (read_resources(g, d, dir))
		return -1;
	snprintf(path, sizeof(path), "%s/driver", dir);
	r = src_readlink_base(g->src, path, d->driver, sizeof(d->driver));
	if (r == -ENOENT)
		d->driver[0] = '\0';
	else if (r < 0)
		return pci_bad(g, path, "%s", src_strerror(r));
	d->known |= PK_DRIVER;
	snprintf(path, sizeof(path), "%s/msi_irqs", dir);
	n = src_list(g->src, path, &names);
	if (n == -ENOENT) {
		n = 0;		/* no vectors allocated */
		names = NULL;
	} else if (n < 0) {
		return pci_bad(g, path, "%s", src_strerror(n));
	}
	if (n > MAX_DEV_IRQS) {
		src_list_free(names, n);
		return pci_bad(g, path, "%d entries, a function has at most %d vectors",
			       n, MAX_DEV_IRQS);
	}
	for (i = 0; i < n; i++)
		if (irq_name(names[i], &d->irqs[d->nirqs++])) {
			r = pci_bad(g, path, "entry '%.64s%s' is not an IRQ number",
				    names[i], strlen(names[i]) > 64 ? "..." : "");
			src_list_free(names, n);
			return r;
		}
	src_list_free(names, n);
	qsort(d->irqs, (size_t)d->nirqs, sizeof(int), cmp_int);
	d->known |= PK_IRQS;
	/* The resolved path carries the vmbus instance for vPCI devices. */
	if (!src_realpath(g->src, dir, path, sizeof(path))) {
		hv_strlcpy(d->syspath, path, sizeof(d->syspath));
		d->known |= PK_PATH;
	}
	return 0;
}

static int fill_from_libpci(struct guest *g, struct pci_dev *p,
			    struct pcidev *d, int full_config)
{
	struct pci_cap *cap;
	uint16_t cmd;

	d->addr.domain = (uint32_t)p->domain;
	d->addr.bus = p->bus;
	d->addr.dev = p->dev;
	d->addr.fn = p->func;
	hvd_bdf_format(&d->addr, d->bdf);
	d->vendor = p->vendor_id;
	d->device = p->device_id;
	d->cls = ((uint32_t)p->device_class << 8) |
		 pci_read_byte(p, PCI_CLASS_PROG);
	d->subvendor = pci_read_word(p, PCI_SUBSYSTEM_VENDOR_ID);
	d->subdevice = pci_read_word(p, PCI_SUBSYSTEM_ID);
	d->known |= PK_IDS | PK_CLASS;
	cmd = pci_read_word(p, PCI_COMMAND);
	d->mem_enabled = !!(cmd & PCI_COMMAND_MEMORY);
	d->io_enabled = !!(cmd & PCI_COMMAND_IO);
	d->bus_master = !!(cmd & PCI_COMMAND_MASTER);
	d->known |= PK_CMD;
	if (full_config) {
		d->known |= PK_CAPS;
		cap = pci_find_cap(p, PCI_CAP_ID_MSIX, PCI_CAP_NORMAL);
		if (cap) {
			struct hvd_msix mx;

			hvd_msix_decode(pci_read_word(p, cap->addr + HVD_MSIX_CTRL),
					pci_read_long(p, cap->addr + HVD_MSIX_TABLE),
					pci_read_long(p, cap->addr + HVD_MSIX_PBA),
					&mx);
			d->has_msix = 1;
			d->msix = mx;
		}
		cap = pci_find_cap(p, PCI_CAP_ID_MSI, PCI_CAP_NORMAL);
		if (cap) {
			d->has_msi = 1;
			d->msi_enabled = pci_read_word(p, cap->addr + PCI_MSI_FLAGS) &
					 PCI_MSI_FLAGS_ENABLE;
		}
	}
	return read_sysfs_extras(g, d);
}

static int cmp_dev(const void *a, const void *b)
{
	const struct pcidev *x = a, *y = b;

	return strcmp(x->bdf, y->bdf);
}

static int collect_libpci(struct guest *g, const char *sysfs_path)
{
	struct pci_access *volatile acc = NULL;
	struct pci_dev *p;
	struct pci_model *m = &g->pci;

	if (setjmp(pci_jump)) {
		part_set(&m->part, PART_ERROR, "libpci: %s", pci_errmsg);
		if (acc)
			pci_cleanup(acc);
		return -1;
	}
	acc = pci_alloc();
	acc->error = pci_fatal;
	acc->warning = pci_quiet;
	acc->debug = pci_quiet;
	acc->method = PCI_ACCESS_SYS_BUS_PCI;
	pci_set_param(acc, "sysfs.path", (char *)sysfs_path);
	pci_init(acc);
	pci_scan_bus(acc);
	for (p = acc->devices; p; p = p->next) {
		struct pcidev *d;

		if (m->n >= 4096)
			break;
		pci_fill_info(p, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CAPS);
		m->devs = xrealloc(m->devs, (size_t)(m->n + 1) * sizeof(*m->devs));
		d = &m->devs[m->n++];
		memset(d, 0, sizeof(*d));
		/*
		 * Config space past the first 64 bytes (the capability list)
		 * is root's only. Reading it to find out would double the
		 * slow config accesses of a virtual machine.
		 */
		if (fill_from_libpci(g, p, d, geteuid() == 0)) {
			pci_cleanup(acc);
			return -1;
		}
	}
	pci_cleanup(acc);
	qsort(m->devs, (size_t)m->n, sizeof(*m->devs), cmp_dev);
	hv_strlcpy(m->method, "libpci sysfs", sizeof(m->method));
	m->part.state = PART_OK;
	hv_strlcpy(m->part.origin, sysfs_path, sizeof(m->part.origin));
	return 0;
}

/* ---- offline: a bundle's sysfs copy, through the source layer ---- */

/* Config space as read; bytes past its end read as all ones (libpci). */
struct cfg {
	hvd_u8 b[CFG_MAX + 1];
	int len;
};

static hvd_u8 cfg_b(const struct cfg *c, unsigned int pos)
{
	return pos < (unsigned int)c->len ? c->b[pos] : 0xff;
}

static hvd_u16 cfg_w(const struct cfg *c, unsigned int pos)
{
	return (hvd_u16)(cfg_b(c, pos) | cfg_b(c, pos + 1) << 8);
}

static hvd_u32 cfg_l(const struct cfg *c, unsigned int pos)
{
	return (hvd_u32)cfg_w(c, pos) | (hvd_u32)cfg_w(c, pos + 2) << 16;
}

/*
 * The first capability @id on the list that starts at 0x34, as libpci's walk
 * finds it: only when Status says there is a list, each pointer with its low
 * bits cleared, stopping at 0, at an id of 0xff or where it has been before.
 * Returns its offset or 0.
 */
static unsigned int cfg_find_cap(const struct cfg *c, hvd_u8 id)
{
	hvd_u8 seen[CFG_CAPS];
	unsigned int at;

	if (!(cfg_w(c, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	memset(seen, 0, sizeof(seen));
	at = cfg_b(c, PCI_CAPABILITY_LIST) & ~3u;
	while (at) {
		hvd_u8 cid = cfg_b(c, at + PCI_CAP_LIST_ID);
		unsigned int next = cfg_b(c, at + PCI_CAP_LIST_NEXT) & ~3u;

		if (seen[at]++ || cid == 0xff)
			break;
		if (cid == id)
			return at;
		at = next;
	}
	return 0;
}

/*
 * A sysfs number attribute ("0x15b3") up to @max: 0, -ENOENT, or -1 with
 * the part set.
 */
static int read_num(struct guest *g, const char *dir, const char *name,
		    uint64_t *v, uint64_t max)
{
	char path[PATH_MAX], buf[64];
	int r;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	r = src_read_attr(g->src, path, buf, sizeof(buf));
	if (r == -ENOENT)
		return r;
	if (r < 0)
		return pci_bad(g, path, "%s", src_strerror(r));
	if (parse_u64(buf, v) || *v > max)
		return pci_bad(g, path, "not a number up to %#llx",
			       (unsigned long long)max);
	return 0;
}

static int read_bundle_dev(struct guest *g, const char *name,
			   struct pcidev *d)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct cfg *c = xmalloc(sizeof(*c));
	uint64_t v;
	unsigned int at;
	int r, ret = -1;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", name);
	if (hvd_bdf_parse_exact(name, strlen(name), &d->addr)) {
		pci_bad(g, dir, "not a PCI address");
		goto out;
	}
	hvd_bdf_format(&d->addr, d->bdf);

	snprintf(path, sizeof(path), "%s/config", dir);
	c->len = src_read_bin(g->src, path, c->b, sizeof(c->b));
	if (c->len == -ENOENT) {
		c->len = 0;	/* ids from the attributes alone */
	} else if (c->len < 0) {
		pci_bad(g, path, "%s", src_strerror(c->len));
		goto out;
	} else if (c->len > CFG_MAX) {
		pci_bad(g, path, "more than %d bytes, the size of config space",
			CFG_MAX);
		goto out;
	} else if (c->len < CFG_HEADER) {
		pci_bad(g, path, "%d bytes, short of the %d-byte header",
			c->len, CFG_HEADER);
		goto out;
	}

	/* The kernel's view of the ids (it fixes some), as libpci takes it. */
	r = read_num(g, dir, "vendor", &v, 0xffff);
	if (r == -1 || (r && !c->len))
		goto noid;
	d->vendor = r ? cfg_w(c, PCI_VENDOR_ID) : (uint16_t)v;
	r = read_num(g, dir, "device", &v, 0xffff);
	if (r == -1 || (r && !c->len))
		goto noid;
	d->device = r ? cfg_w(c, PCI_DEVICE_ID) : (uint16_t)v;
	r = read_num(g, dir, "class", &v, 0xffffff);
	if (r == -1 || (r && !c->len))
		goto noid;
	if (r)
		d->cls = (uint32_t)cfg_w(c, PCI_CLASS_DEVICE) << 8;
	else
		d->cls = (uint32_t)(v & 0xffff00);
	d->cls |= c->len ? cfg_b(c, PCI_CLASS_PROG) : (uint32_t)(v & 0xff);
	d->known |= PK_IDS | PK_CLASS;
	if (c->len) {
		hvd_u16 cmd = cfg_w(c, PCI_COMMAND);

		d->subvendor = cfg_w(c, PCI_SUBSYSTEM_VENDOR_ID);
		d->subdevice = cfg_w(c, PCI_SUBSYSTEM_ID);
		d->mem_enabled = !!(cmd & PCI_COMMAND_MEMORY);
		d->io_enabled = !!(cmd & PCI_COMMAND_IO);
		d->bus_master = !!(cmd & PCI_COMMAND_MASTER);
		d->known |= PK_CMD;
	}
	/* Without root the collector gets the header only: caps unknown. */
	if (c->len >= CFG_CAPS) {
		d->known |= PK_CAPS;
		at = cfg_find_cap(c, PCI_CAP_ID_MSIX);
		if (at) {
			hvd_msix_decode(cfg_w(c, at + HVD_MSIX_CTRL),
					cfg_l(c, at + HVD_MSIX_TABLE),
					cfg_l(c, at + HVD_MSIX_PBA), &d->msix);
			d->has_msix = 1;
		}
		at = cfg_find_cap(c, PCI_CAP_ID_MSI);
		if (at) {
			d->has_msi = 1;
			d->msi_enabled = cfg_w(c, at + PCI_MSI_FLAGS) &
					 PCI_MSI_FLAGS_ENABLE;
		}
	}
	ret = read_sysfs_extras(g, d);
	goto out;
noid:
	if (r != -1)
		pci_bad(g, dir, "neither config nor vendor, device and class");
out:
	free(c);
	return ret;
}

/*
 * Every function of sys/bus/pci/devices. Returns 0 with the part OK, 1 when
 * the directory is absent or empty (the text may stand in), -1 with the
 * part set to the error: a bundle whose sysfs copy holds something refused
 * or malformed is not judged from a mix of sources.
 */
static int collect_bundle_sysfs(struct guest *g)
{
	struct pci_model *m = &g->pci;
	char **names;
	int n, i, r = 0;

	n = src_list(g->src, "/sys/bus/pci/devices", &names);
	if (n == -ENOENT || n == 0) {
		if (!n)
			src_list_free(names, n);
		return 1;
	}
	if (n < 0)
		return pci_bad(g, "/sys/bus/pci/devices", "%s", src_strerror(n));
	if (n > MAX_PCI_FUNCS) {
		src_list_free(names, n);
		return pci_bad(g, "/sys/bus/pci/devices",
			       "%d entries, more than the %d functions read",
			       n, MAX_PCI_FUNCS);
	}
	m->devs = xcalloc((size_t)n, sizeof(*m->devs));
	for (i = 0; i < n && !r; i++) {
		if (names[i][0] == '.')
			continue;	/* as libpci: not a device */
		r = read_bundle_dev(g, names[i], &m->devs[m->n++]);
	}
	src_list_free(names, n);
	if (r) {
		free(m->devs);
		m->devs = NULL;
		m->n = 0;
		return -1;
	}
	qsort(m->devs, (size_t)m->n, sizeof(*m->devs), cmp_dev);
	if (!m->n)
		return 1;
	hv_strlcpy(m->method, "sysfs", sizeof(m->method));
	m->part.state = PART_OK;
	src_path(g->src, "/sys/bus/pci", m->part.origin, sizeof(m->part.origin));
	return 0;
}

static int collect_text(struct guest *g)
{
	struct linereader lr;
	struct pci_model *m = &g->pci;
	char err[160];
	int r;

	r = src_open_text(g->src, TXT_LSPCI, &lr, m->part.origin,
			  sizeof(m->part.origin), NULL);
	if (r == -ENOENT) {
		part_set(&m->part, PART_ABSENT,
			 "no PCI data (neither sys/bus/pci nor lspci-vvv.txt)");
		return -1;
	}
	if (r) {
		part_set(&m->part, PART_ERROR, "cannot read lspci text: %s",
			 strerror(-r));
		return -1;
	}
	r = lspci_text_parse(&lr, m, err, sizeof(err));
	src_close_text(&lr);
	if (r < 0) {
		part_set(&m->part, PART_ERROR, "%s: %s", m->part.origin, err);
		return -1;
	}
	hv_strlcpy(m->method, "lspci text", sizeof(m->method));
	m->part.state = PART_OK;
	return 0;
}

void collect_pci(struct guest *g)
{
	char path[PATH_MAX];
	int r;

	if (g->src->kind != SRC_LIVE) {
		r = collect_bundle_sysfs(g);
		if (r <= 0)
			return;
	} else if (src_is_dir(g->src, "/sys/bus/pci/devices") &&
		   src_path(g->src, "/sys/bus/pci", path, sizeof(path)) == 0) {
		if (!collect_libpci(g, path) && g->pci.n)
			return;
		/* An empty or broken sysfs: try the text. */
		free(g->pci.devs);
		g->pci.devs = NULL;
		g->pci.n = 0;
	}
	collect_text(g);
}

void collect_pci_names(struct pci_model *m, const struct profile_set *ps)
{
	int i;

	for (i = 0; i < m->n; i++) {
		struct pcidev *d = &m->devs[i];

		if (!(d->known & PK_IDS) && d->name[0] &&
		    !profiles_ids_by_name(ps, d->name, &d->vendor, &d->device)) {
			d->known |= PK_IDS;
			d->ids_from_name = 1;
		}
	}
}
