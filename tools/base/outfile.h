/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVDIAG_OUTFILE_H
#define HVDIAG_OUTFILE_H

#include <stdio.h>

/*
 * An output path (-o FILE). A regular file or a new path is replaced
 * atomically: a temporary in the same directory (O_EXCL, O_NOFOLLOW, a
 * name nobody can predict), synced, with the old file's mode (a new one
 * gets 0666 less the umask), renamed over it on close. Anything else is
 * written as it is and never replaced: a character device (/dev/null), a
 * FIFO, our own stdout or stderr (/dev/stdout), a link's regular target.
 * A directory, a dangling link or another kind of file is an error.
 * NULL or "-" is stdout.
 */
struct outfile {
	FILE *f;		/* write here between open and close */
	const char *path;
	char *tmp;		/* the temporary, when replacing */
};

/* 0, or -1 with a message printed. */
int outfile_open(struct outfile *o, const char *path);
/* Flush, sync and rename into place; 0, or -1 with a message printed and
 * the temporary removed (the old file is left as it was). */
int outfile_close(struct outfile *o);
/* Give up: the temporary is removed, the old file left as it was. */
void outfile_abort(struct outfile *o);

#endif
