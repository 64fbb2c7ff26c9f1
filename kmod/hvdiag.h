/* SPDX-License-Identifier: GPL-2.0 */
/* hvdiag.ko: shared declarations of the module's files. */
#ifndef HVDIAG_MOD_H
#define HVDIAG_MOD_H

#include <linux/mutex.h>
#include <linux/pci.h>

#include "lib/bdf.h"
#include "lib/ktest.h"

#define HVD_OUT_MAX (32 * 1024)

/* A growable text result, readable through debugfs. */
struct hvd_out {
	char *buf;
	size_t len;
	size_t cap;
};

void hvd_out_reset(struct hvd_out *o);
void hvd_out_free(struct hvd_out *o);
__printf(2, 3) void hvd_out_printf(struct hvd_out *o, const char *fmt, ...);

extern struct mutex hvd_lock;		/* one exercise at a time */
extern struct hvd_bdf hvd_target;
extern bool hvd_target_set;
extern bool hvd_allow_bound;
extern bool hvd_fail_bind;
extern struct pci_driver hvd_pci_driver;

/* The target device, referenced (pci_dev_put when done), or NULL. */
struct pci_dev *hvd_get_target(struct hvd_out *o);

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
 * failure says why in @o. hvd_unclaim() gives back what hvd_claim() took.
 */
int hvd_claim(struct pci_dev *pdev, struct hvd_claim *c, struct hvd_out *o);
void hvd_unclaim(struct hvd_claim *c);
/* The PCI driver's probe: false for a device the claim's id table
 * matched that no claim names. */
bool hvd_claim_probe_ok(struct pci_dev *pdev, const struct pci_device_id *id);
/*
 * The device is going away (unbind, hot-unplug, module unload): the
 * running exercise must free what it holds on it and return -ENODEV.
 * hvd_wait_stop() sleeps up to @ms, less when told to stop; both true
 * once stopped. hvd_claim_remove() is the PCI driver's remove: it stops
 * an exercise on @pdev and waits for hvd_unclaim().
 */
bool hvd_stopped(void);
bool hvd_wait_stop(unsigned int ms);
void hvd_claim_remove(struct pci_dev *pdev);

void hvd_pci_report(struct pci_dev *pdev, struct hvd_out *o);
int hvd_msix_exercise(struct pci_dev *pdev, unsigned int n, unsigned int hold_ms,
		      struct hvd_out *o);
int hvd_mlx4_exercise(struct pci_dev *pdev, unsigned int timeout_ms,
		      struct hvd_out *o);
void hvd_vmbus_report(struct hvd_out *o);
int hvd_vmbus_open_exercise(const char *name, unsigned int timeout_ms,
			    struct hvd_out *o);
int hvd_selftest(struct hvd_out *o);

/* What a debugfs write returns for a handler's status: @count or -errno. */
ssize_t hvd_write_status(int err, size_t count);
/* The -errno for a result of hvd_ic_heartbeat_session(). */
int hvd_ic_errno(int r);

extern const struct hvd_ktest_suite kmod_suite;

#endif
