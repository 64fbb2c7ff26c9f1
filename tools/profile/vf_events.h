/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF events: what happened to each VF over a kernel log, in log order.
 *
 * One classifier turns kernel-log messages into events, line by line,
 * with memory bounded by the VFs and NICs it tracks (not by the log):
 *
 *   offered           the host offered a VF ("VF slot N added", the
 *                     pci-hyperv host bridge line)
 *   removed           netvsc let the VF go ("VF unregistering", "VF slot
 *                     N removed"; one event per removal)
 *   readded           a VF came back after a removal
 *   datapath-to-vf    "Data path switched to VF"
 *   datapath-from-vf  "Data path switched from VF"
 *   bringup-done      the VF driver's bring-up reached its profile's last
 *                     signature step (the VF joined its synthetic NIC)
 *   bringup-failed    it failed: a known failure or forbidden line, a crash
 *                     in its driver, or (live) no progress within the
 *                     event's timeout; the first missing step is named
 *   bringup-incomplete the log ends before the bring-up finished
 *   known-failure     a knowledge-base failure line (a kb file, not "info")
 *   crash             an oops, BUG, panic or WARNING report, judged by the
 *                     knowledge base's crash entries on where it happened
 *   lost              kernel-log records lost (a /dev/kmsg overrun)
 *
 * These role names bind the classifier to kb/vf-events.ev, which gives
 * each role its event id (what tools and alerts key on: "vf.removed"),
 * its verdict (info, pass, warn, fail) and its title: the wording lives
 * there, not here. The message texts are the catalogue's (catalog.c), the
 * signatures the profiles', the failure and crash lines the knowledge
 * base's: the same patterns `check` judges with, matched in one pass.
 *
 * Users: `hvdiag watch` streams the events of /dev/kmsg (or a bundle's
 * log) as they happen; `check` keeps the list of a whole log in the guest
 * model (struct guest.vfev) for the reports that draw a timeline.
 */
#ifndef HVDIAG_VF_EVENTS_H
#define HVDIAG_VF_EVENTS_H

#include <stddef.h>

#include "profile/catalog.h"
#include "profile/kb.h"
#include "model/model.h"

enum vf_role {
	VFR_OFFERED,
	VFR_REMOVED,
	VFR_READDED,
	VFR_DP_TO_VF,
	VFR_DP_FROM_VF,
	VFR_BRINGUP_DONE,
	VFR_BRINGUP_FAILED,
	VFR_BRINGUP_INCOMPLETE,
	VFR_KNOWN_FAILURE,
	VFR_CRASH,
	VFR_LOST,
	VFR_COUNT
};

/* What kb/vf-events.ev says of one role. */
struct vf_event_def {
	char *id;		/* "vf.removed" */
	char *title;		/* "the VF was removed from its synthetic NIC" */
	enum vf_verdict verdict;
	double timeout;		/* bringup-failed: seconds without progress */
};

struct vf_event_defs {
	struct vf_event_def d[VFR_COUNT];
	int loaded;
};

/* The role's name as the data file spells it ("datapath-to-vf"). */
const char *vf_role_name(enum vf_role r);
/*
 * Read kb/vf-events.ev: every role needs a record. Returns 0, or -1 with
 * "FILE:LINE: message" printed.
 */
int vf_event_defs_load(struct vf_event_defs *defs, const char *path);
void vf_event_defs_free(struct vf_event_defs *defs);

/* Called for each event, in log order; @ev is valid during the call. */
typedef void (*vf_event_fn)(void *ctx, const struct vf_event *ev);

struct vf_classifier;

/*
 * A classifier over the catalogue @cat (built from the profiles and @kb,
 * which must outlive it). Events go to @fn.
 */
struct vf_classifier *vfc_new(const struct vf_event_defs *defs,
			      const struct catalog *cat, const struct kb *kb,
			      vf_event_fn fn, void *ctx);
/*
 * One message (as klog_parse left it: prefixes off, NUL-terminated) with
 * its time since boot (when @has_ts) and @seq, its line number or kmsg
 * sequence number (reported with the events it gives).
 */
void vfc_line(struct vf_classifier *c, const char *msg, size_t len,
	      double ts, int has_ts, unsigned long seq);
/*
 * Time passes without a line (live): @now is the kernel clock in seconds
 * since boot. Closes a crash report left open for a second, and fails a
 * bring-up that made no progress within its timeout.
 */
void vfc_tick(struct vf_classifier *c, double now);
/* @n records were lost before the one at @seq (a kmsg overrun). */
void vfc_lost(struct vf_classifier *c, unsigned long n, double ts,
	      int has_ts, unsigned long seq);
/* The end of the log: open reports close, pending bring-ups are incomplete. */
void vfc_finish(struct vf_classifier *c);
void vfc_free(struct vf_classifier *c);
/* Forget what the lines so far said (for a new log; patterns are kept). */
void vfc_reset(struct vf_classifier *c);
/*
 * Every line @lr gives (dmesg text, or /dev/kmsg records when @kmsg),
 * without finishing: a regular file not yet read from is searched block
 * by block. Returns 0 or an errno value.
 */
struct linereader;
int vfc_scan(struct vf_classifier *c, struct linereader *lr, int kmsg);

/* ---- the list a whole log makes (for check) ---- */

/* Append @ev (copied); past VF_EVENTS_MAX events are only counted. */
void vf_event_list_add(struct vf_event_list *l, const struct vf_event *ev);
void vf_event_list_free(struct vf_event_list *l);
/*
 * Every event of the kernel log readable from @fd (dmesg text, a journal,
 * or /dev/kmsg records when @kmsg) into @l. Returns 0 or an errno value.
 */
int vf_events_scan_fd(struct vf_event_list *l, int fd, int kmsg,
		      const struct vf_event_defs *defs,
		      const struct catalog *cat, const struct kb *kb);

/* The same from a line reader the caller opened (and closes). */
int vf_events_scan_lr(struct vf_event_list *l, struct linereader *lr,
		      int kmsg, const struct vf_event_defs *defs,
		      const struct catalog *cat, const struct kb *kb);

#endif
