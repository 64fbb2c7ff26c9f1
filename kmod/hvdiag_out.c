// SPDX-License-Identifier: GPL-2.0
/*
 * The text results of the debugfs files (struct hvd_out), and the KTAP
 * document an exercise's result is.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvdiag.h"

/* room kept for the test line, so that a document cut short ends */
#define HVD_OUT_TAIL 256

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

/* Append to @o, leaving the last @keep bytes of room unused. */
static void out_vprintf(struct hvd_out *o, size_t keep, const char *fmt,
			va_list ap)
{
	if (!o->buf) {
		o->buf = kmalloc(HVD_OUT_MAX, GFP_KERNEL);
		if (!o->buf)
			return;
		o->cap = HVD_OUT_MAX;
		o->len = 0;
	}
	if (o->len + keep + 1 >= o->cap)
		return;		/* full: the rest is dropped */
	o->len += vscnprintf(o->buf + o->len, o->cap - keep - o->len, fmt, ap);
}

void hvd_out_printf(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, HVD_OUT_TAIL, fmt, ap);
	va_end(ap);
}

void hvd_ktap_begin(struct hvd_out *o, const char *test)
{
	hvd_out_reset(o);
	o->test = test;
	o->ended = false;
	hvd_out_printf(o, "KTAP version 1\n1..1\n");
}

void hvd_fact(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;

	hvd_out_printf(o, "# ");
	va_start(ap, fmt);
	out_vprintf(o, HVD_OUT_TAIL, fmt, ap);
	va_end(ap);
}

static __printf(2, 3) void tail_printf(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, 0, fmt, ap);
	va_end(ap);
}

void hvd_out_copy(struct hvd_out *dst, const struct hvd_out *src)
{
	if (src->buf && src->len)
		tail_printf(dst, "%s", src->buf);
}

/*
 * "<head> 1 <test><sep><what>", on a line of its own and a line long:
 * the outcome ends at its first newline.
 */
static void test_line(struct hvd_out *o, const char *head, const char *sep,
		      const char *fmt, va_list ap)
{
	char what[HVD_OUT_TAIL / 2];

	vscnprintf(what, sizeof(what), fmt, ap);
	what[strcspn(what, "\n")] = '\0';
	if (o->len && o->buf[o->len - 1] != '\n')
		tail_printf(o, "\n");
	tail_printf(o, "%s 1 %s%s%s\n", head, o->test, sep, what);
	o->ended = true;
}

static __printf(4, 5) void test_linef(struct hvd_out *o, const char *head,
				      const char *sep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	test_line(o, head, sep, fmt, ap);
	va_end(ap);
}

void hvd_ktap_ok(struct hvd_out *o)
{
	test_linef(o, "ok", "", "%s", "");
}

void hvd_ktap_not_ok(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	test_line(o, "not ok", " # ", fmt, ap);
	va_end(ap);
}

void hvd_ktap_skip(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	test_line(o, "ok", " # SKIP ", fmt, ap);
	va_end(ap);
}
