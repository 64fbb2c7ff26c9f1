/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest is: plain structs filled by the collectors (collect_*.c)
 * and read by the checks. Each part says whether it was collected, and if
 * not, why ("state" + "why"), so that a check can skip with the reason.
 */
#ifndef HVDIAG_MODEL_H
#define HVDIAG_MODEL_H

#include <limits.h>
#include <stdint.h>

#include "lib/bdf.h"
#include "lib/pcicap.h"
#include "base/klog.h"

enum part_state {
	PART_ABSENT = 0,	/* the source has no such input */
	PART_OK,
	PART_ERROR,		/* present but unreadable or not parseable */
};

struct part {
	enum part_state state;
	char why[256];		/* reason when not OK */
	char origin[PATH_MAX];	/* where it came from */
};

/* ---- PCI ---- */
#define PK_IDS		0x001
#define PK_CLASS	0x002
#define PK_BARS		0x004
#define PK_CMD		0x008
#define PK_CAPS		0x010	/* capability list was readable */
#define PK_DRIVER	0x020
#define PK_IRQS		0x040
#define PK_PATH		0x080
#define PK_REV		0x100
/* From a one-line lspci listing (lspci, -n, -nn, -m): the capture holds no
 * -v detail (BARs, command register, capabilities) for the function. */
#define PK_BRIEF	0x200

struct pci_bar {
	uint64_t start;
	uint64_t size;
	unsigned int flags;	/* HVD_RES_*; 0 = no such BAR */
};

#define MAX_DEV_IRQS 2048	/* the most MSI-X vectors a function has */

struct pcidev {
	unsigned int known;
	struct hvd_bdf addr;
	char bdf[HVD_BDF_STRLEN + 1];
	uint16_t vendor, device, subvendor, subdevice;
	uint32_t cls;		/* class << 8 | prog-if, as lspci -n prints */
	uint8_t rev;		/* revision id (PK_REV) */
	int ids_from_name;	/* ids inferred from lspci names */
	char name[200];		/* lspci's description, when known */
	int mem_enabled, io_enabled, bus_master;
	struct pci_bar bars[6];
	int has_msix;
	struct hvd_msix msix;
	int has_msi;
	int msi_enabled;
	char driver[64];	/* "" when none (PK_DRIVER says known) */
	int irqs[MAX_DEV_IRQS];	/* from msi_irqs/ */
	int nirqs;
	char syspath[512];	/* resolved sysfs path, relative to the root */
};

struct pci_model {
	struct part part;
	char method[32];	/* "libpci sysfs", "lspci text" */
	struct pcidev *devs;
	int n;
};

/* ---- kernel log ---- */
struct log_hit {
	unsigned long lineno;
	double ts;
	int has_ts;
	char dev[40];		/* BDF or GUID the line names, "" if none */
	char *text;		/* the message, cut to a sane length */
	size_t cap;		/* bytes allocated at text */
};

/*
 * Every hit of one pattern, kept per device the line names (the BDF or
 * GUID the pattern captures, else the first PCI address of the line; ""
 * for none): its first and last hit and how many. Each VF is judged on all
 * of its lines while memory grows with the devices, not with the log.
 */
struct log_hits {
	unsigned long count;	/* every hit */
	double first_ts, last_ts;
	struct log_hit last;	/* the last hit of all */
	int kept;		/* devices, in the order of their first hit */
	struct log_hit *hit;	/* hit[k]: device k's first hit (hit[0]: the first of all) */
	struct log_hit *dlast;	/* dlast[k]: device k's last hit */
	unsigned long *dcount;	/* dcount[k]: device k's hits */
	int cap;
	int *slot;		/* device name hash -> k + 1, once there are many */
	int nslot;
	unsigned long dropped;	/* hits of devices beyond LOG_DEVS_MAX */
	int nseq;		/* the first LOG_KEEP hits, in file order */
	struct log_hit *seq;	/* (for readers of a sequence of events) */
};

/* Hits of one pattern kept in file order (seq): the pairing and flap
 * events read their order from them and say when more were left out.
 * A VF's judgement uses the per-device entries, which have no cap. */
#define LOG_KEEP 64

/* Device entries one log model keeps over all patterns; more are counted. */
#define LOG_DEVS_MAX 16384

/*
 * A crash or warning report (oops, BUG, general protection fault, WARNING,
 * panic) and where it happened: its first line, its RIP line and its first
 * trace frame naming a module. Reports at the same site are counted once.
 */
#define LOG_CRASH_FRAMES 4

struct log_crash {
	int pat;		/* catalogue index of its first line's pattern */
	unsigned long count;	/* reports at this site */
	struct log_hit head;	/* the first line of the first report */
	struct log_hit rip;	/* its RIP/IP/pc line (text NULL: none) */
	struct log_hit frame;	/* its first frame naming a module (text NULL: none) */
	struct log_hit qframe;	/* the same among "?" frames, when no other */
	struct log_hit last;	/* the first line of the last report */
	struct klog_site hsite;	/* what the first line names (WARNING, kernel BUG at) */
	struct klog_site rsite;	/* what the RIP line names */
	struct klog_site fsite;	/* the frame's function and module */
	char mods[4][32];	/* the first modules its trace names, in order */
	int nmods;
	/* its first reliable trace frames (function and line): a report in
	 * common code called from a driver built into the kernel (no
	 * "[module]") is placed by these functions' names */
	struct log_hit ff[LOG_CRASH_FRAMES];
	char ffunc[LOG_CRASH_FRAMES][64];
	int nff;
};

/* Distinct crash sites a model keeps; further reports are counted. */
#define LOG_CRASH_SITES 64
/* Lines after its first that a report may take (registers, trace). */
#define LOG_CRASH_LINES 200

struct log_crashes {
	struct log_crash *v;
	int n;
	unsigned long reports;	/* every report */
	unsigned long dropped;	/* reports at sites beyond LOG_CRASH_SITES */
	/* the report still open where the scanned range ends */
	int open;
	unsigned long left;	/* lines it may still take */
	struct log_crash cur;
};

struct log_model {
	struct part part;
	unsigned long lines;
	unsigned long cut_lines;
	int kmsg;
	/* indexed like the pattern catalogue */
	struct log_hits *hits;
	int npat;
	int ndevs;		/* device entries over all patterns */
	unsigned long devs_dropped;	/* hits not kept: LOG_DEVS_MAX reached */
	struct log_crashes crash;
	struct klog_shape shape;	/* what its head says of the whole log */
	int has_last_ts;
	double last_ts;		/* the last timestamp of the log */
};

/* ---- vmbus ---- */
struct vmbus_chan {
	unsigned int relid;
	int cpu;
};

struct vmbus_dev {
	char name[64];		/* directory name: GUID or vmbus_N */
	char class_id[40];	/* without braces, lower case */
	char device_id[40];
	char driver[64];
	int id;			/* primary relid, -1 unknown */
	int state;
	struct vmbus_chan *chans;
	int nchans;
};

struct vmbus_model {
	struct part part;
	struct vmbus_dev *devs;
	int n;
	char version[32];	/* negotiated protocol, from the log */
};

/* ---- network ---- */
/*
 * netvsc's ethtool statistics of a synthetic NIC (ETHTOOL_GSTATS live,
 * an `ethtool -S` capture offline): the VF counters and the packets of
 * its own (vmbus) queues. A sample (check --sample) adds the deltas.
 */
struct nic_stats {
	int known;		/* statistics were read */
	int has_vf;		/* netvsc exposes vf_* counters (not 3.10) */
	uint64_t vf_rx_packets, vf_tx_packets, vf_rx_bytes, vf_tx_bytes;
	uint64_t vf_tx_dropped;
	int has_queues;		/* tx_queue_N_packets / rx_queue_N_packets */
	uint64_t queue_packets;	/* their sum: traffic through the host */
	char origin[160];
	double sampled;		/* seconds between two reads, 0: none */
	uint64_t d_vf_packets, d_queue_packets;
};

/* How a VF netdev was found paired with its synthetic NIC (net_pair.c). */
enum net_pairing {
	PAIR_NONE,
	PAIR_MASTER,	/* its master link (or ip addr's "master") */
	PAIR_LOWER,	/* a lower_<vf> link of the synthetic NIC */
	PAIR_SLAVE,	/* SLAVE flag and the MAC of a NIC (ip -br link) */
	PAIR_MAC,	/* only a NIC with the same MAC: not joined */
};

/* IFF_* as <linux/if.h> numbers them; netvsc sets SLAVE on the VF it joins */
#define NETDEV_IFF_UP 0x1
#define NETDEV_IFF_SLAVE 0x800

struct netdev {
	char name[64];
	char mac[32];
	char driver[64];
	char pci[HVD_BDF_STRLEN + 1];	/* backing PCI function, "" if none */
	char master[64];
	int flags;		/* IFF_* from sysfs (NETDEV_IFF_*), -1 unknown */
	char vmbus[64];		/* backing vmbus device, "" if none */
	char syspath[512];	/* target of /sys/class/net/<name> */
	int nlower;
	char lower[8][64];
	char addrs[16][64];	/* "10.0.0.4/24" */
	int naddrs;
	int nm_unmanaged;	/* udev says keep managers away: 1, 0 no, -1 unknown */
	char udev_src[128];
	struct nic_stats stats;	/* a synthetic NIC's ethtool statistics */
	/* A VF netdev's synthetic NIC; one PCI function (MANA) may back
	 * several netdevs, each with its own synthetic NIC. */
	char synthetic[64];
	enum net_pairing pairing;
};

struct net_model {
	struct part part;	/* sysfs links */
	struct part addr_part;	/* addresses */
	struct netdev *devs;
	int n;
	int addr_lines;		/* addresses the text listed (0: ip link only) */
};

/* ---- interrupts ---- */
struct irq_line {
	char name[32];		/* "40", "NMI" */
	int irq;		/* -1 for named rows */
	uint64_t *counts;	/* per CPU, ncounts of them; the rest are 0 */
	int ncounts;
	char desc[160];		/* chip and action text */
	char action[48];	/* "mana_q0", "mlx4-1": the name before '@' */
	char dev[HVD_BDF_STRLEN + 1];	/* the BDF after '@' or "@pci:", "" */
	char affinity[128];	/* effective (or configured) CPU list */
	int affinity_effective;
};

struct irq_model {
	struct part part;
	int ncpu;
	struct irq_line *lines;
	int n;
};

/* ---- kernel config ---- */
struct kconfig_opt {
	char *name;
	char *value;		/* "y", "m", "\"str\"", "n" for is not set */
};

struct kconfig_model {
	struct part part;
	struct kconfig_opt *opts;
	int n;
};

/* ---- platform ---- */
struct platform_model {
	struct part part;
	int hyperv;		/* 1 yes, 0 no, -1 unknown */
	char evidence[256];
	char hypervisor[64];
	int ncpu;		/* online CPUs, 0 unknown */
};

struct modules_model {
	struct part part;
	char **names;
	int n;
};

/* ---- the image: modules, udev and manager configuration, initrd ---- */
struct kmods_model {
	struct part part;	/* modules.builtin */
	struct part tree;	/* modules.dep, else the tree walked */
	char **builtin;		/* module names, '-' as '_' */
	int nbuiltin;
	char **mods;
	int nmods;
};

enum image_conf_kind { IMG_UDEV, IMG_NETWORKD, IMG_NM };

struct image_conf {
	enum image_conf_kind kind;
	char path[256];		/* as on the system: /etc/udev/rules.d/x.rules */
	char *text;		/* NULL: masked (a link to /dev/null) */
};

struct image_model {
	struct part part;	/* the configuration directories */
	struct image_conf *conf;
	int nconf;
	int networkd, nm;	/* manager installed: 1, 0, -1 unknown */
	struct part initrd;	/* the initrd's file list */
	char **ifiles;		/* its udev rules and network files */
	int nifiles;
};

/* ---- RDMA ---- */
struct rdma_dev {
	char name[64];
	char pci[HVD_BDF_STRLEN + 1];
	char port_state[32];	/* "4: ACTIVE" */
};

struct rdma_model {
	struct part part;
	struct rdma_dev *devs;
	int n;
};

/* ---- VF events (vf_events.c: one classifier for watch and check) ---- */
enum vf_verdict {
	VFV_INFO,
	VFV_PASS,
	VFV_WARN,
	VFV_FAIL,
};

/*
 * One thing that happened to a VF, in log order: the host offered,
 * removed or re-added it, the data path moved, its bring-up finished or
 * failed, a known failure line, a crash report. Ids, verdicts and titles
 * come from kb/vf-events.ev.
 */
struct vf_event {
	double ts;		/* seconds since boot; valid when has_ts */
	int has_ts;
	unsigned long seq;	/* line number of the log, or kmsg sequence */
	char id[48];		/* "vf.removed" */
	char role[24];		/* "removed" (vf_events.h lists the roles) */
	char title[160];
	enum vf_verdict verdict;
	char dev[64];		/* who: the BDF (or GUID), else the NIC, "" */
	char bdf[40];		/* the VF's PCI address or GUID, "" unknown */
	char nic[64];		/* its synthetic NIC, "" unknown */
	char vf[64];		/* its netdev, "" unknown */
	char kb[64];		/* the knowledge-base entry, "" none */
	char detail[240];	/* "step 7 of 7 missing: ...", "in f [mod]" */
	char evidence[400];	/* the log line that shows it */
};

/* Events a model keeps; more are counted in dropped. */
#define VF_EVENTS_MAX 4096

/*
 * Where each synthetic NIC's traffic went at the end of the log: its last
 * "Data path switched to/from VF" line (kept for every NIC, whatever the
 * event cap), and whether the VF was removed after it.
 */
struct vf_datapath {
	char nic[64];
	char vf[64];
	int on_vf;		/* the last switch: 1 to the VF, 0 from it */
	int removed_after;
	unsigned long switches;	/* data path lines of this NIC */
	unsigned long seq;
	double ts;
	int has_ts;
	char evidence[400];
};

#define VF_DATAPATH_MAX 256

struct vf_event_list {
	struct part part;
	struct vf_event *v;
	int n, cap;
	unsigned long dropped;
	struct vf_datapath *dp;
	int ndp;
	unsigned long dp_dropped;	/* lines of NICs beyond VF_DATAPATH_MAX */
};

const char *vf_verdict_str(enum vf_verdict v);	/* info pass warn fail */

struct source;

struct guest {
	struct source *src;
	struct platform_model platform;
	struct pci_model pci;
	struct log_model log;
	struct vmbus_model vmbus;
	struct net_model net;
	struct irq_model irq;
	struct kconfig_model kconfig;
	struct modules_model modules;
	struct rdma_model rdma;
	struct kmods_model kmods;
	struct image_model image;
	struct vf_event_list vfev;	/* the log's VF events */
};

#endif
