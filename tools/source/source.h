/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where bytes come from. Every read of the tool goes through here, so that
 * the live system (/) and an offline root (a collected bundle or an
 * extracted sosreport) differ in this file and nowhere else. Paths are
 * given as on the live system ("/sys/bus/pci/devices").
 *
 * In an offline root every path is walked one component at a time inside
 * the root: a link with an absolute target or one that climbs above the
 * root is refused (-EXDEV), as is a chain of more than 40 links (-ELOOP),
 * and only regular files are opened (-EINVAL for a FIFO, a socket or a
 * device node, which is never opened): a bundle comes from someone else.
 * Link targets that are only read, not followed, must stay inside too.
 */
#ifndef HVDIAG_SOURCE_H
#define HVDIAG_SOURCE_H

#include <stddef.h>
#include <limits.h>

#include "base/linereader.h"

#include "base/compat.h"

enum src_kind {
	SRC_LIVE,
	SRC_BUNDLE,
	SRC_SOSREPORT,
};

struct source {
	enum src_kind kind;
	char root[PATH_MAX];	/* "" when live; resolved otherwise */
	char shown[PATH_MAX];	/* the root as messages and origins name it */
	char release[128];	/* kernel release, "" when unknown */
};

/* Text inputs that have a different home live, in a bundle, in a sosreport. */
enum src_text {
	TXT_KLOG,
	TXT_LSPCI,
	TXT_IPADDR,
	TXT_INTERRUPTS,
	TXT_MODULES,
	TXT_CMDLINE,
	TXT_MANIFEST,
};

/* @root NULL or "" means live. On error prints a message and returns -1. */
int source_open(struct source *s, const char *root);
const char *source_kind_str(enum src_kind k);
/* Name the root @name in messages and origins (a tarball it came from). */
void source_show_as(struct source *s, const char *name);

/* Path of @abs inside the source as messages name it (under s->shown);
 * -ENAMETOOLONG when it does not fit. */
int src_path(const struct source *s, const char *abs, char *buf, size_t n);

/*
 * A kernel log to follow (hvdiag watch): /dev/kmsg, or a FIFO or file of
 * its records. Opened non-blocking; a character device is read from its
 * end unless @from_start (then the ring's oldest record comes first).
 * A directory, socket or block device is refused (-EINVAL). An fd or
 * -errno.
 */
int src_open_kmsg(const char *path, int from_start);

/*
 * The live ethtool statistics of interface @ifname (SIOCETHTOOL:
 * GDRVINFO, GSTRINGS, GSTATS), each counter handed to @fn. 0, or -errno
 * (-EOPNOTSUPP: the driver has none).
 */
int src_ethtool_gstats(const char *ifname,
		       void (*fn)(void *ctx, const char *name, unsigned long long v),
		       void *ctx);

/* Open a regular file for reading; returns an fd or -errno. */
int src_open_file(const struct source *s, const char *abs);
/* Small attribute file (sysfs style): up to @cap - 1 bytes, trailing white
 * space removed, NUL-terminated. Returns the length or -errno. */
int src_read_attr(const struct source *s, const char *abs, char *buf,
		  size_t cap);
/* Raw bytes (config space). Returns the count or -errno. */
int src_read_bin(const struct source *s, const char *abs, void *buf,
		 size_t cap);
/* Last component of a symlink's target ("mlx4_core" for .../driver). */
int src_readlink_base(const struct source *s, const char *abs, char *buf,
		      size_t n);
/* Raw link target. */
int src_readlink(const struct source *s, const char *abs, char *buf,
		 size_t n);
int src_exists(const struct source *s, const char *abs);
/* stat() of @abs (links followed, confined offline); 0 or -errno. */
struct stat;
int src_stat(const struct source *s, const char *abs, struct stat *st);
/* Resolved path: absolute live, relative to the root offline
 * ("/sys/devices/..."). 0 or -errno. */
int src_realpath(const struct source *s, const char *abs, char *buf,
		 size_t n);
/* Why a src_* call failed, for messages: the refusals named as such. */
const char *src_strerror(int err);
/* Size of a regular file inside the source; -errno on error. */
long long src_file_size(const struct source *s, const char *abs);
int src_is_dir(const struct source *s, const char *abs);
/* Sorted entry names of a directory (no "." or ".."). Returns the count or
 * -errno; free with src_list_free. A directory of more than DIR_LIST_MAX
 * entries is -E2BIG, never a cut list (base/dirlist.h). */
int src_list(const struct source *s, const char *absdir, char ***names);
void src_list_free(char **names, int n);

/*
 * Open a logical text input. On success fills @lr and writes a short
 * description of where it came from into @origin; returns 0. Returns
 * -ENOENT when the source has no such input, another -errno on errors
 * (then @origin names the first input that could not be read; -ENOLINK
 * for a dangling link in an offline root).
 * @is_kmsg (optional) tells whether the records use /dev/kmsg's format.
 */
int src_open_text(const struct source *s, enum src_text what,
		  struct linereader *lr, char *origin, size_t olen,
		  int *is_kmsg);
void src_close_text(struct linereader *lr);

#endif
