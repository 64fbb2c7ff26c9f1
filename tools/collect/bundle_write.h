/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bundle's writer (hvdiag collect): what source/bundle_layout.h lays
 * out, from a source (the live guest or a recorded tree), into a
 * directory of 0600 files and 0700 directories.
 */
#ifndef HVDIAG_BUNDLE_WRITE_H
#define HVDIAG_BUNDLE_WRITE_H

#include <sys/types.h>

struct source;

/*
 * Write the bundle of @src into the existing, empty directory @dir; with
 * @redact, addresses, serial numbers, UUIDs, the host name and DNS
 * domains are replaced consistently (collect/redact.h). Returns the
 * number of files written, or -1 with a message printed.
 */
int bundle_write(const struct source *src, const char *dir, int redact);

/* Create the missing directories above @path; those made get @mode
 * exactly when @exact (umask cannot widen or narrow a bundle). 0 or -1
 * with errno set. */
int bundle_parent_dirs(const char *path, mode_t mode, int exact);

#endif
