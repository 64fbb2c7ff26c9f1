/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel log lines: one parser for every way a log reaches us. Accepted:
 * /dev/kmsg records ("6,1234,5678,-;text"), dmesg text with or without
 * "[ seconds]" stamps, "<6>" raw priorities, dmesg -x "kern  :info  : "
 * prefixes, syslog/journal prefixes ("Jul 23 16:19:49 host kernel: ",
 * "2024-01-12T10:00:00+00:00 host kernel: "), and serial-console captures
 * with ANSI escapes.
 */
#ifndef HVDIAG_KLOG_H
#define HVDIAG_KLOG_H

#include <stddef.h>

struct klog_line {
	double ts;		/* seconds since boot; valid when has_ts */
	int has_ts;
	char *msg;		/* the message, NUL-terminated, in place */
	size_t len;
};

/*
 * Clean @line (ANSI escapes and control characters removed) and split off
 * the prefixes, in place. Returns 1 for a message, 0 for a line that carries
 * none (an empty line, a /dev/kmsg dictionary continuation).
 */
int klog_parse(char *line, size_t len, int kmsg, struct klog_line *out);

#endif
