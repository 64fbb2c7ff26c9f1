/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bundle as `hvdiag collect -o FILE.tar.gz` writes it, unpacked by our own
 * ustar reader (GNU long names and pax paths included) into a private
 * directory, so that the source layer reads it like any bundle. Nothing of
 * the archive is trusted: absolute names, ".." components, links whose
 * target leaves the archive, device, FIFO and sparse entries are refused,
 * no entry is written through a link, and the total size and the number of
 * entries are capped. The directory goes away on every path out, signals
 * included.
 */
#ifndef HVDIAG_TAR_READ_H
#define HVDIAG_TAR_READ_H

#include <limits.h>
#include <stddef.h>

#include "base/compat.h"

#define TAR_MAX_BYTES	(256ull << 20)	/* what the entries may add up to */
#define TAR_MAX_ENTRIES	100000

struct tar_tree {
	char dir[PATH_MAX];	/* the private directory; "" when none */
	char **made;		/* paths created under it, in order */
	int n, cap;
};

/* Whether @path is to be read as a tarball: named .tar.gz or .tgz, and not
 * a directory. */
int tar_is_bundle(const char *path);

/*
 * Unpack @file into a new private directory (mkdtemp, 0700, under $TMPDIR
 * or /tmp). On error prints "hvdiag: cannot read 'FILE': why", removes what
 * it made and returns -1. Signals that end the process remove the directory
 * until tar_remove is called.
 */
int tar_unpack(const char *file, struct tar_tree *t);

/* Remove everything tar_unpack made; safe to call on an empty tree. */
void tar_remove(struct tar_tree *t);

#endif
