// SPDX-License-Identifier: GPL-2.0
/* The text results of the debugfs files (struct hvd_out). */
#include <linux/kernel.h>
#include <linux/slab.h>

#include "hvdiag.h"

void hvd_out_reset(struct hvd_out *o)
{
	o->len = 0;
	if (o->buf)
		o->buf[0] = '\0';
}

void hvd_out_free(struct hvd_out *o)
{
	kfree(o->buf);
	o->buf = NULL;
	o->len = 0;
	o->cap = 0;
}

void hvd_out_printf(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!o->buf) {
		o->buf = kmalloc(HVD_OUT_MAX, GFP_KERNEL);
		if (!o->buf)
			return;
		o->cap = HVD_OUT_MAX;
		o->len = 0;
	}
	if (o->len + 1 >= o->cap)
		return;		/* full: the rest is dropped */
	va_start(ap, fmt);
	n = vscnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += n;
}

void hvd_out_copy(struct hvd_out *dst, const struct hvd_out *src)
{
	if (src->buf && src->len)
		hvd_out_printf(dst, "%s", src->buf);
}
