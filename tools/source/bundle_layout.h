/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bundle's layout, written down once: what `hvdiag collect` writes
 * where (collect/bundle_write.c) and where the source finds it again when
 * it reads a bundle (source/offline.c). A bundle holds copies of the
 * guest's own files under their own paths (sysfs trees, /proc files), the
 * captures of commands and the kernel log under names of their own, and a
 * MANIFEST of "key: value" lines (docs/formats.md).
 */
#ifndef HVDIAG_BUNDLE_LAYOUT_H
#define HVDIAG_BUNDLE_LAYOUT_H

#include <stddef.h>

#include "source/source.h"

#define BUNDLE_FORMAT	"hvdiag-bundle 1"	/* MANIFEST's format value */

/* How a file comes into a bundle. */
enum bundle_how {
	BH_COPY,	/* the guest's file of the same path, copied whole */
	BH_KLOG,	/* the kernel log, as dmesg prints it */
	BH_COMMAND,	/* a command's output (live), its copy (recorded) */
	BH_WRITTEN,	/* written by hvdiag itself */
	BH_FOUND,	/* never written: read when a recorded tree has it */
};

/* The files of a bundle besides its sysfs trees; the copies and the
 * captures are written in this order. */
enum bundle_item {
	BF_SYS_VENDOR,
	BF_PRODUCT_NAME,
	BF_BIOS_VERSION,
	BF_CPU_ONLINE,
	BF_INTERRUPTS,
	BF_MODULES,
	BF_CMDLINE,
	BF_OSRELEASE,
	BF_ETHTOOL,	/* one per synthetic NIC: "%s" its name */
	BF_IMAGE,
	BF_DMESG,
	BF_VAR_DMESG,
	BF_LSPCI,
	BF_IPADDR,
	BF_MANIFEST,
	BF_COUNT
};

struct bundle_file {
	const char *path;	/* in the bundle */
	enum bundle_how how;
	const char *command;	/* BH_COMMAND: what collect runs live */
	int text;		/* the enum src_text it is, or -1 */
};

extern const struct bundle_file bundle_files[BF_COUNT];

/* The MANIFEST's keys, in the order written. */
enum bundle_key {
	MF_FORMAT,
	MF_HVDIAG,
	MF_KERNEL_RELEASE,
	MF_CREATED,
	MF_REDACTED,
	MF_HYPERVISOR,
	MF_TRUNCATED,	/* "truncated PATH SIZE": no colon, one per cut file */
};

/* "format", "kernel-release", ... */
const char *bundle_key_name(enum bundle_key k);
/*
 * A sysfs tree a bundle copies: each entry of @dir (a link) and, in its
 * real directory, the attributes @attrs, the links @links and, for each
 * entry of its subdirectory @sub, the file @sub/@each ("%s": the entry).
 */
struct bundle_tree {
	const char *dir;
	const char *const *attrs;
	const char *const *links;
	const char *sub;
	const char *each;
};
enum bundle_tree_id { BT_PCI, BT_VMBUS, BT_NET, BT_IB, BT_COUNT };
extern const struct bundle_tree bundle_trees[BT_COUNT];

/*
 * The value of MANIFEST key @k in the bundle @s (white space trimmed):
 * 0, or -ENOENT when there is no MANIFEST or no such key, another -errno
 * when it cannot be read. The first line with the key wins.
 */
int bundle_manifest_get(const struct source *s, enum bundle_key k,
			char *buf, size_t n);

#endif
