// SPDX-License-Identifier: GPL-2.0
#include "base/linereader.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void lr_init(struct linereader *lr, size_t max)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = -1;
	lr->cap = (max ? max : LR_DEFAULT_MAX) + 1;
	lr->buf = xmalloc(lr->cap + 1);
}

void lr_init_fd(struct linereader *lr, int fd, size_t max)
{
	lr_init(lr, max);
	lr->fd = fd;
}

void lr_init_mem(struct linereader *lr, const char *data, size_t len,
		 size_t max)
{
	lr_init(lr, max);
	lr->mem = data;
	lr->memlen = len;
}

void lr_free(struct linereader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
	free(lr->owned);
	lr->owned = NULL;
}

/* Fill the free tail of the buffer; 0 ok, -1 error. Sets eof. */
static int fill(struct linereader *lr)
{
	size_t room;
	ssize_t n;

	if (lr->start) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	room = lr->cap - lr->end;
	if (!room)
		return 0;
	if (lr->fd < 0) {
		size_t left = lr->memlen - lr->mempos;

		if (!left) {
			lr->eof = 1;
			return 0;
		}
		n = (ssize_t)(left < room ? left : room);
		memcpy(lr->buf + lr->end, lr->mem + lr->mempos, (size_t)n);
		lr->mempos += (size_t)n;
		lr->end += (size_t)n;
		return 0;
	}
	for (;;) {
		n = read(lr->fd, lr->buf + lr->end, room);
		if (n > 0) {
			lr->end += (size_t)n;
			return 0;
		}
		if (n == 0) {
			lr->eof = 1;
			return 0;
		}
		if (errno == EINTR)
			continue;
		/* /dev/kmsg: records were overwritten under us; go on */
		if (errno == EPIPE)
			continue;
		if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
		    lr->nonblock_eof) {
			lr->eof = 1;
			return 0;
		}
		lr->err = errno;
		return -1;
	}
}

static void sanitize(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	if (len && s[len - 1] == '\r')
		s[len - 1] = '\0';
}

int lr_next(struct linereader *lr, char **line, size_t *len)
{
	for (;;) {
		char *nl = memchr(lr->buf + lr->start, '\n',
				  lr->end - lr->start);

		if (nl) {
			char *s = lr->buf + lr->start;
			size_t n = (size_t)(nl - s);

			lr->start += n + 1;
			if (lr->skipping) {
				lr->skipping = 0;
				continue;
			}
			*nl = '\0';
			sanitize(s, n);
			lr->lineno++;
			*line = s;
			*len = strlen(s) < n ? strlen(s) : n;
			return 1;
		}
		if (lr->end - lr->start == lr->cap) {
			/* A line longer than the buffer: keep its head. */
			char *s = lr->buf;
			size_t n = lr->cap - 1;

			if (lr->skipping) {
				lr->start = lr->end = 0;
			} else {
				s[n] = '\0';
				sanitize(s, n);
				lr->skipping = 1;
				lr->cut_lines++;
				lr->lineno++;
				lr->start = lr->end = 0;
				*line = s;
				*len = strlen(s);
				return 1;
			}
		}
		if (lr->eof) {
			if (lr->end > lr->start && !lr->skipping) {
				char *s = lr->buf + lr->start;
				size_t n = lr->end - lr->start;

				s[n] = '\0';
				sanitize(s, n);
				lr->start = lr->end;
				lr->lineno++;
				*line = s;
				*len = strlen(s);
				return 1;
			}
			return 0;
		}
		if (fill(lr))
			return -1;
	}
}
