// SPDX-License-Identifier: GPL-2.0
/*
 * PCI functions: config space through libpci's sysfs access method, pointed
 * at the source's root, plus what sysfs adds (resources with kernel flags,
 * driver, MSI vectors). Without a sysfs tree, the `lspci -vvv` text of a
 * bundle fills the same model.
 */
#include "collect.h"
#include "lspci_text.h"
#include "util.h"

#include <errno.h>
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

static void read_resources(struct guest *g, struct pcidev *d, const char *dir)
{
	char path[PATH_MAX], buf[2048];
	char *line, *save = NULL;
	int i = 0;

	snprintf(path, sizeof(path), "%s/resource", dir);
	if (src_read_attr(g->src, path, buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line && i < 6;
	     line = strtok_r(NULL, "\n", &save), i++) {
		unsigned long long st, en, fl;
		struct pci_bar *b = &d->bars[i];

		if (sscanf(line, "%llx %llx %llx", &st, &en, &fl) != 3)
			return;
		memset(b, 0, sizeof(*b));
		if (!fl && !st && !en)
			continue;
		b->flags = 0;
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
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void read_sysfs_extras(struct guest *g, struct pcidev *d)
{
	char dir[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
	char **names;
	int n, i, r;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", d->bdf);
	read_resources(g, d, dir);
	snprintf(path, sizeof(path), "%s/driver", dir);
	r = src_readlink_base(g->src, path, d->driver, sizeof(d->driver));
	if (r >= 0 || r == -ENOENT) {
		if (r < 0)
			d->driver[0] = '\0';
		d->known |= PK_DRIVER;
	}
	snprintf(path, sizeof(path), "%s/msi_irqs", dir);
	n = src_list(g->src, path, &names);
	if (n >= 0) {
		for (i = 0; i < n && d->nirqs < MAX_DEV_IRQS; i++) {
			char *end;
			long v = strtol(names[i], &end, 10);

			if (!*end && v >= 0)
				d->irqs[d->nirqs++] = (int)v;
		}
		src_list_free(names, n);
		qsort(d->irqs, (size_t)d->nirqs, sizeof(int), cmp_int);
		d->known |= PK_IRQS;
	} else if (n == -ENOENT) {
		d->known |= PK_IRQS;	/* no vectors allocated */
	}
	/* The resolved path carries the vmbus instance for vPCI devices. */
	if (src_path(g->src, dir, path, sizeof(path)) == 0 &&
	    realpath(path, real)) {
		size_t rl = strlen(g->src->root);

		if (!strncmp(real, g->src->root, rl)) {
			hv_strlcpy(d->syspath, real + rl, sizeof(d->syspath));
			d->known |= PK_PATH;
		}
	}
}

static void fill_from_libpci(struct guest *g, struct pci_dev *p,
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
	read_sysfs_extras(g, d);
}

/*
 * Whether config space past the first 64 bytes (the capability list) can
 * be read. Live sysfs gives it to root only; a bundle holds what the
 * collector could read. Reading it to find out would double the slow
 * config accesses of a virtual machine.
 */
static int config_complete(struct guest *g, const char *cfgpath)
{
	if (g->src->kind == SRC_LIVE)
		return geteuid() == 0;
	return src_file_size(g->src, cfgpath) >= 256;
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
		char cfgpath[PATH_MAX];
		int full;

		if (m->n >= 4096)
			break;
		pci_fill_info(p, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CAPS);
		m->devs = xrealloc(m->devs, (size_t)(m->n + 1) * sizeof(*m->devs));
		d = &m->devs[m->n++];
		memset(d, 0, sizeof(*d));
		snprintf(cfgpath, sizeof(cfgpath),
			 "/sys/bus/pci/devices/%04x:%02x:%02x.%d/config",
			 p->domain, p->bus, p->dev, p->func);
		full = config_complete(g, cfgpath);
		fill_from_libpci(g, p, d, full);
	}
	pci_cleanup(acc);
	qsort(m->devs, (size_t)m->n, sizeof(*m->devs), cmp_dev);
	hv_strlcpy(m->method, "libpci sysfs", sizeof(m->method));
	m->part.state = PART_OK;
	hv_strlcpy(m->part.origin, sysfs_path, sizeof(m->part.origin));
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

	if (src_is_dir(g->src, "/sys/bus/pci/devices") &&
	    src_path(g->src, "/sys/bus/pci", path, sizeof(path)) == 0) {
		if (!collect_libpci(g, path) && g->pci.n)
			return;
		/* An empty or broken sysfs copy: try the text. */
		free(g->pci.devs);
		g->pci.devs = NULL;
		g->pci.n = 0;
	}
	collect_text(g);
}
