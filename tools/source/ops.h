/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the source layer: one table of operations per kind of source,
 * as source.h's src_* calls reach them. Live (source/live.c) reads the
 * host's paths as given; an offline root (source/offline.c: a bundle, a
 * sosreport) walks every path confined to the root. A tarball is a bundle
 * extracted and named after the file (source_show_as), not a kind.
 */
#ifndef HVDIAG_SOURCE_OPS_H
#define HVDIAG_SOURCE_OPS_H

#include <stddef.h>
#include <sys/stat.h>

#include "source/source.h"

#define RES_NOFOLLOW 1		/* do not follow a symlink in the last component */
#define RES_MISSING 2		/* a missing tail resolves lexically */

/* A text input's home: the first present of a kind's list wins. */
struct text_home {
	int what;		/* enum src_text; -1: not a text input */
	const char *path;
	int kmsg;		/* /dev/kmsg's record format */
};

struct src_ops {
	/* the host path of @abs and its stat (lstat with RES_NOFOLLOW) */
	int (*path)(const struct source *s, const char *abs, int flags,
		    char *path, size_t n, struct stat *st);
	/* resolved: absolute live, relative to the root offline */
	int (*real)(const struct source *s, const char *abs, char *buf,
		    size_t n);
	/* may the link at host @path name @target? 0 or -errno */
	int (*link_ok)(const struct source *s, const char *path,
		       const char *target);
	/* the kernel log in one read, before the homes; -errno: none */
	int (*klog)(struct linereader *lr);
	/* fill s->release */
	void (*release)(struct source *s);
	/* the @i-th home of the text inputs, in order of preference: 1 and
	 * @h filled (@h->what -1: skip it), 0 past the last */
	int (*home)(size_t i, struct text_home *h);
	/* only regular files are opened and no link is left in a path */
	int confined;
};

extern const struct src_ops src_live_ops, src_bundle_ops, src_sos_ops;

/* The @i-th of the @n homes @t: 1 with @h filled, 0 past the last. */
static inline int home_at(const struct text_home *t, size_t n, size_t i,
			  struct text_home *h)
{
	if (i >= n)
		return 0;
	*h = t[i];
	return 1;
}

#endif
