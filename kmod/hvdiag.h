/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvdiag.ko: what the module's files share. hvdiag_main.c makes a debugfs
 * file of each exercise's struct hvd_file and runs its handlers one at a
 * time; an exercise needs only this header, never the main file.
 */
#ifndef HVDIAG_MOD_H
#define HVDIAG_MOD_H

#include <linux/pci.h>

#include "lib/bdf.h"
#include "lib/ktest.h"

#define HVD_OUT_MAX (32 * 1024)

/* A growable text result, readable through debugfs (hvdiag_out.c). */
struct hvd_out {
	char *buf;
	size_t len;
	size_t cap;
	const char *test;	/* the exercise a KTAP document is of */
	bool ended;		/* its test line is written */
};

void hvd_out_reset(struct hvd_out *o);
void hvd_out_free(struct hvd_out *o);
__printf(2, 3) void hvd_out_printf(struct hvd_out *o, const char *fmt, ...);

/*
 * An exercise's result is a KTAP document of one test, named after the
 * exercise: hvd_ktap_begin() empties @o and writes the header, each
 * fact is a "# key value" line (hvd_fact()), and one test line ends it:
 * "ok 1 <test>", "not ok 1 <test> # <outcome>" (lib's name for it, or
 * why the exercise could not run) or "ok 1 <test> # SKIP <why>".
 */
void hvd_ktap_begin(struct hvd_out *o, const char *test);
__printf(2, 3) void hvd_fact(struct hvd_out *o, const char *fmt, ...);
void hvd_ktap_ok(struct hvd_out *o);
__printf(2, 3) void hvd_ktap_not_ok(struct hvd_out *o, const char *fmt, ...);
__printf(2, 3) void hvd_ktap_skip(struct hvd_out *o, const char *fmt, ...);
/* Append what @src holds to @dst. */
void hvd_out_copy(struct hvd_out *dst, const struct hvd_out *src);

/*
 * A debugfs file of hvdiag/: @show fills a snapshot for each reader, or
 * without it a reader gets @last, the result of the last run that @write
 * made, and @idle before the first; @write acts on a write (0 or
 * -errno). Handlers run under the module's lock, one at a time; @last
 * is freed at unload.
 */
struct hvd_file {
	const char *name;
	umode_t mode;
	void (*show)(struct hvd_out *o);
	int (*write)(char *cmd);
	struct hvd_out *last;
	const char *idle;
};

extern const struct hvd_file hvd_file_target, hvd_file_pci, hvd_file_msix,
	hvd_file_mlx4, hvd_file_vmbus, hvd_file_vmbus_open, hvd_file_selftest;

/* Set the target from "DDDD:BB:DD.F" ("" or "none": no target). */
int hvd_set_target(const char *s);
/* The target device, referenced (pci_dev_put when done), or NULL. */
struct pci_dev *hvd_get_target(struct hvd_out *o);
/*
 * Run @run on the target, claimed for it (hvd_claim()), into @o, which
 * becomes the KTAP document of @test; @run's status, or why there was
 * no run.
 */
int hvd_run_on_target(struct hvd_out *o, const char *test, void *arg,
		      int (*run)(struct pci_dev *pdev, void *arg, struct hvd_out *o));

/* The PCI driver that binds nothing by itself (hvdiag_claim.c). */
extern struct pci_driver hvd_pci_driver;

enum hvd_claim_how {
	HVD_CLAIM_BOUND = 1,	/* hvdiag bound it for the exercise */
	HVD_CLAIM_USER,		/* the user had bound it to hvdiag */
	HVD_CLAIM_LOCKED,	/* not ours: its device lock is held */
};

struct hvd_claim {
	struct pci_dev *pdev;
	enum hvd_claim_how how;
	bool swapped;		/* driver_override is ours; saved is theirs */
	const char *saved;
	const char *ours;
};

/*
 * Hold @pdev for an exercise (see hvdiag_claim.c): 0, or -EBUSY when
 * another driver has it (unless allow_bound), or the bind's error; each
 * failure says why in @o's test line. hvd_unclaim() gives back what hvd_claim() took.
 */
int hvd_claim(struct pci_dev *pdev, struct hvd_claim *c, struct hvd_out *o);
void hvd_unclaim(struct hvd_claim *c);
/*
 * The device is going away (unbind, hot-unplug, module unload): the
 * running exercise must free what it holds on it and return -ENODEV.
 * hvd_wait_stop() sleeps up to @ms, less when told to stop; both true
 * once stopped.
 */
bool hvd_stopped(void);
bool hvd_wait_stop(unsigned int ms);

/* Run the built-in suites, KTAP into @o; their status. */
int hvd_selftest(struct hvd_out *o);

/* What a debugfs write returns for a handler's status: @count or -errno. */
ssize_t hvd_write_status(int err, size_t count);
/* The -errno for a result of hvd_ic_heartbeat_session(). */
int hvd_ic_errno(int r);

extern const struct hvd_ktest_suite kmod_suite;

#endif
