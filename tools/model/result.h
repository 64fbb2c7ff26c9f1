/* SPDX-License-Identifier: GPL-2.0 */
/* Results: what the checks decided, and all the renderers read. */
#ifndef HVDIAG_RESULT_H
#define HVDIAG_RESULT_H

#include <stdio.h>
#include <time.h>

enum status {
	ST_PASS,
	ST_WARN,
	ST_FAIL,
	ST_SKIP,
};

#define RESULT_MAX_EVIDENCE 24

struct result {
	const char *id;
	const char *title;
	enum status status;
	char summary[512];
	char *evidence[RESULT_MAX_EVIDENCE];
	int nevidence;
	int evidence_dropped;
	char kb_id[64];
	char cause[512];
	char remedy[1024];
	char patch[160];
};

#define REPORT_MAX_NOTES 16

/*
 * What the HTML page draws besides the results (report_view.c fills them
 * from the model; the renderer only lays them out). A chain is one row:
 * the VF's path from its vmbus channel to the addresses, one row per VF
 * netdev (a MANA function has one per vPort). Each node and each link
 * names the checks that judge it, space separated.
 */
enum chain_node {
	CN_VMBUS,		/* the hv_pci vmbus channel */
	CN_PCI,			/* the PCI function */
	CN_DRIVER,		/* its driver */
	CN_VFNET,		/* the VF netdev */
	CN_SYNTH,		/* the synthetic (netvsc) NIC */
	CN_ADDR,		/* the addresses */
	CN_COUNT,
};

struct report_chain {
	char vf[16];
	char name[CN_COUNT][64];	/* "" unknown */
	char detail[CN_COUNT][128];
};

/* A VF event of the kernel log, for the timeline: its lane. */
enum vf_ev_kind {
	VEV_OFFERED,		/* the host offered the VF */
	VEV_UP,			/* bring-up done */
	VEV_FAILED,		/* bring-up failed, or the log ends first */
	VEV_SWITCHED,		/* data path switched (to or from the VF) */
	VEV_REMOVED,
	VEV_READDED,
	VEV_KNOWN,		/* a known failure line */
	VEV_OOPS,		/* a crash or warning report */
	VEV_LOST,		/* kernel-log records lost */
	VEV_COUNT,
};

struct report_event {
	enum vf_ev_kind kind;
	enum status verdict;	/* pass, warn, fail; skip for information */
	unsigned long lineno;
	double ts;
	int has_ts;
	char id[48];		/* "vf.removed" */
	char title[160];
	char dev[64];
	char detail[240];
	char *text;		/* the log line that shows it */
};

#define REPORT_MAX_CHAINS 256

/* Which profile judged which VF, and why (profile_select). */
struct report_pick {
	char vf[16];
	char profile[64];	/* "" when none fits */
	char reason[400];
};

struct report {
	struct result *r;
	int n;
	/* What the reader must know about the whole run: limits that were
	 * reached, a kernel log that looks filtered or cut. */
	char *notes[REPORT_MAX_NOTES];
	int nnotes;
	char profile[64];	/* the profile of most VFs, or the one given */
	char profile_desc[256];
	char profile_reason[256];
	struct report_pick *picks;
	int npicks;
	char suite[64];		/* JUnit testsuite name; "" means hvdiag.check */
	char source[32];	/* live, bundle, sosreport */
	char root[4096];
	char release[128];
	char fragment[4096];	/* kconfig, tree: the options' fragment */
	int not_applicable;	/* the whole run does not apply */
	char not_applicable_why[256];
	/* a command whose exit status follows another rule than check's
	 * (tree: the config's options are reported, not judged) sets it
	 * here, so that every format says the status the command exits with */
	int exit_code_set;
	int exit_code;
	int run_timed;		/* run_start and run_seconds are set */
	double run_start;	/* Unix time the run started */
	double run_seconds;	/* collect + judge */
	/* for the HTML page: the device chains and the log's VF events */
	struct report_chain *chains;
	int nchains;
	int chains_left;		/* rows beyond REPORT_MAX_CHAINS */
	struct report_event *events;
	int nevents;
	unsigned long events_left;	/* events the list could not keep */
	unsigned long log_lines;
	int replay;			/* hvdiag watch --root: events, no checks */
	int log_has_ts;			/* log_first_ts, log_last_ts are set */
	double log_first_ts, log_last_ts;
};

/* Timing of a run, for the report: start it before collecting, then
 * report_set_run() after the checks. */
struct run_clock {
	struct timespec wall, mono;
};
void run_clock_start(struct run_clock *c);
void report_set_run(struct report *rep, const struct run_clock *c);

const char *status_str(enum status s);
const char *status_word(enum status s);	/* PASS, WARN, FAIL, SKIP */
void result_set(struct result *r, enum status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void result_evidence(struct result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A failure or a warning: the results that carry evidence, cause and
 * remedy in every format. */
int result_is_problem(const struct result *r);
/* Add a note to the report (the last slot says how many more there were). */
void report_note(struct report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_free(struct report *rep);
int report_count(const struct report *rep, enum status s);
/* Exit code of `hvdiag check` for this report. */
int report_exit_code(const struct report *rep);

#endif
