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

/*
 * The shape of a log, from its first lines: whether it starts at a boot,
 * its first timestamp, the kernel release and Hyper-V evidence its boot
 * lines give, and whether it looks filtered (every line holds one word,
 * or one of two: "dmesg | grep mlx", "grep -E 'mlx|netvsc'").
 */
#define KLOG_SHAPE_LINES 2000
#define KLOG_SHAPE_BYTES (256u << 10)

struct klog_shape {
	unsigned long lines;	/* lines looked at */
	int boot;		/* a "Linux version" or "Command line:" line */
	int has_first_ts;
	double first_ts;
	char release[128];	/* "Linux version RELEASE ..." */
	unsigned long release_line;
	char hyperv[200];	/* "Hypervisor detected: Microsoft Hyper-V" line */
	unsigned long hyperv_line;
	char filter[2][40];	/* every line holds one of these (case aside) */
	int nfilter;
	/* the messages kept for the filter test */
	char *buf;
	size_t used, cap;
	unsigned long nmsg, noff;
	size_t *off;
};

void klog_shape_init(struct klog_shape *s);
/* One more line (its message, as klog_parse left it). */
void klog_shape_add(struct klog_shape *s, const char *msg, size_t len,
		    double ts, int has_ts, unsigned long lineno);
/* All lines given; @whole: they are the whole log (else no filter test). */
void klog_shape_finish(struct klog_shape *s, int whole);
void klog_shape_free(struct klog_shape *s);

/*
 * Where a kernel crash or warning happened, from its lines (formats of
 * every era: lib/bug.c, kernel/panic.c, arch/x86 and arm64 traps):
 * the function, its module (the name in brackets; "" for built-in code)
 * and, for WARNING and "kernel BUG at", the source file.
 */
struct klog_site {
	char func[64];
	char module[64];
	char file[160];
};

/*
 * "WARNING: CPU: 0 PID: 1 at drivers/x.c:12 func+0x1/0x2 [mod]", the older
 * "WARNING: at drivers/x.c:12 func()", "kernel BUG at drivers/x.c:12!":
 * fill the file (a leading "../" dropped), function and module the line
 * names. Returns 1 when it is such a line.
 */
int klog_crash_header(const char *msg, struct klog_site *s);
/*
 * The faulting location: "RIP: 0010:func+0x12/0xc0 [mod]", the 3.x/4.x
 * "RIP: 0010:[<addr>]  [<addr>] func+0x../0x.. [mod]" and "IP: [<addr>]
 * func+...", arm64 "pc : func+0x../0x.. [mod]". Returns 1 when the line
 * is one (the function may be unknown: a bare address).
 */
int klog_crash_rip(const char *msg, struct klog_site *s);
/*
 * A call trace frame: " func+0x5b/0x2f0 [mod buildid]", " ? func+...",
 * " [<ffffffff...>] func+..."; *unreliable is set for "?" frames. Returns
 * 1 for a frame.
 */
int klog_crash_frame(const char *msg, struct klog_site *s, int *unreliable);
/* "---[ end trace ... ]---": the end of a crash report. */
int klog_crash_end(const char *msg);

/*
 * The first PCI address a message names ("mlx4_core 0000:00:02.0: ...",
 * "[0000:00:02.0]", "@pci:..."), formatted in full into @out; "" if none.
 */
void klog_first_bdf(const char *msg, size_t len, char *out, size_t n);

#endif
