/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded line reader for every text input (logs, lspci output, profiles).
 * Memory use is fixed by the buffer size whatever the input: a line longer
 * than the buffer is returned cut and the rest is skipped, NUL bytes become
 * spaces, a final line without newline is still a line.
 */
#ifndef HVDIAG_LINEREADER_H
#define HVDIAG_LINEREADER_H

#include <stddef.h>

#define LR_DEFAULT_MAX 65536

struct linereader {
	int fd;			/* -1 for a memory source */
	const char *mem;
	size_t memlen;
	size_t mempos;
	char *buf;
	size_t cap;
	size_t start;
	size_t end;
	int eof;
	int skipping;		/* discarding the tail of a cut line */
	int nonblock_eof;	/* EAGAIN means end (for /dev/kmsg) */
	unsigned long lineno;
	unsigned long cut_lines;
	int err;		/* errno of a failed read, else 0 */
	char *owned;		/* memory source to free with the reader */
};

/* @max is the longest line kept (0: LR_DEFAULT_MAX). */
void lr_init_fd(struct linereader *lr, int fd, size_t max);
void lr_init_mem(struct linereader *lr, const char *data, size_t len,
		 size_t max);
/*
 * Next line, NUL-terminated, without its newline (and without a final CR).
 * Returns 1 with a line, 0 at the end, -1 on a read error (lr->err).
 * The line stays valid until the next call.
 */
int lr_next(struct linereader *lr, char **line, size_t *len);
void lr_free(struct linereader *lr);

#endif
