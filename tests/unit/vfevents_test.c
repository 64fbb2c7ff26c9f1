// SPDX-License-Identifier: GPL-2.0
/*
 * The VF event classifier (tools/vf_events.c) on real logs: the events
 * each case must give, in order, were read off the log by hand (which
 * line removes the VF, which one brings it back, where its bring-up
 * stops), never taken from the classifier's output. Then the streaming
 * parts: a bring-up that stalls fails on time, a crash report left open
 * closes on time, lost records are an event.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/catalog.h"
#include "profile/kb.h"
#include "profile/profile.h"
#include "profile/vf_events.h"
#include "suites.h"

#define REPO FIXTURES "/../.."

struct world {
	struct profile_set ps;
	struct kb kb;
	struct catalog cat;
	struct vf_event_defs defs;
};

static int world_load(struct world *w)
{
	memset(w, 0, sizeof(*w));
	if (profiles_load_dir(&w->ps, REPO "/profiles") ||
	    kb_load_dir(&w->kb, REPO "/kb") ||
	    vf_event_defs_load(&w->defs, REPO "/kb/vf-events.ev"))
		return -1;
	return catalog_build(&w->cat, &w->ps, &w->kb);
}

static void world_free(struct world *w)
{
	catalog_free(&w->cat);
	kb_free(&w->kb);
	profiles_free(&w->ps);
	vf_event_defs_free(&w->defs);
}

static int scan_file(struct world *w, const char *path, struct vf_event_list *l)
{
	int fd = open(path, O_RDONLY), r;

	memset(l, 0, sizeof(*l));
	if (fd < 0)
		return -1;
	r = vf_events_scan_fd(l, fd, 0, &w->defs, &w->cat, &w->kb);
	close(fd);
	return r;
}

static int scan_text(struct world *w, const char *text, struct vf_event_list *l)
{
	FILE *f = tmpfile();
	int r;

	memset(l, 0, sizeof(*l));
	if (!f || fputs(text, f) < 0 || fflush(f) || lseek(fileno(f), 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return -1;
	}
	r = vf_events_scan_fd(l, fileno(f), 0, &w->defs, &w->cat, &w->kb);
	fclose(f);
	return r;
}

/* What one event must be: id, line, device, and words of its detail. */
struct want {
	const char *id;
	unsigned long line;
	const char *dev;
	const char *nic;	/* NULL: not asserted */
	const char *detail;	/* a part of it; NULL: not asserted */
};

static void expect_seq(struct hvd_ktest *t, const struct vf_event_list *l,
		       const struct want *w, int n)
{
	int i;

	HVD_EXPECT_EQ(t, l->n, n);
	for (i = 0; i < n && i < l->n; i++) {
		const struct vf_event *e = &l->v[i];

		HVD_EXPECT_STREQ(t, e->id, w[i].id);
		HVD_EXPECT_EQ(t, e->seq, w[i].line);
		HVD_EXPECT_STREQ(t, e->dev, w[i].dev);
		if (w[i].nic)
			HVD_EXPECT_STREQ(t, e->nic, w[i].nic);
		if (w[i].detail)
			HVD_EXPECT_TRUE(t, strstr(e->detail, w[i].detail) != NULL);
	}
}

/*
 * LIS issue 556 (RHEL 7.5): netvsc switches the data path away and
 * unregisters enP1p0s2 (lines 1-2); a minute later mlx4_core probes
 * 0001:00:02.0 again (line 5) and the excerpt ends at mlx4_en's port
 * setup (line 13), before the VF joins eth0.
 */
static void vfev_rhel75_readd(struct hvd_ktest *t)
{
	static const struct want w[] = {
		{ "vf.datapath.from_vf", 1, "eth0", "eth0", NULL },
		{ "vf.removed", 2, "eth0", "eth0", NULL },
		{ "vf.readded", 5, "0001:00:02.0", "eth0", NULL },
		{ "vf.bringup.incomplete", 13, "0001:00:02.0", "eth0", "joined to" },
	};
	struct world wd;
	struct vf_event_list l;

	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	HVD_ASSERT_EQ(t, scan_file(&wd, REPO "/tests/corpus/mlx4-vf-removed-readded-rhel75-lis-556/dmesg.txt", &l), 0);
	expect_seq(t, &l, w, 4);
	HVD_EXPECT_STREQ(t, l.v[1].vf, "enP1p0s2");
	HVD_EXPECT_EQ(t, l.v[1].verdict, VFV_WARN);
	HVD_EXPECT_TRUE(t, strstr(l.v[3].detail, "profile mlx4,") != NULL);
	vf_event_list_free(&l);
	world_free(&wd);
}

/*
 * The 6.3 pci-hyperv patch case: hv_pci offers the VF (line 6), the host
 * ejects it while mlx5_core sleeps in probe ("VF slot 1 removed", line
 * 19); mlx5 waits for firmware five times (lines 22-26, warnings), gives
 * up at line 27 (the bring-up fails there: it never joined), and the
 * probe fails (lines 28-29).
 */
static void vfev_mlx5_ejected(struct hvd_ktest *t)
{
	static const struct want w[] = {
		{ "vf.offered", 6, "b92a0085-468b-407a-a88a-d33fac8edc75", NULL, NULL },
		{ "vf.removed", 19, "eth0", "eth0", NULL },
		{ "vf.known_failure", 22, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 23, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 24, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 25, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 26, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 27, "468b:00:02.0", NULL, NULL },
		{ "vf.bringup.failed", 27, "468b:00:02.0", NULL, "joined to" },
		{ "vf.known_failure", 28, "468b:00:02.0", NULL, NULL },
		{ "vf.known_failure", 29, "468b:00:02.0", NULL, NULL },
	};
	struct world wd;
	struct vf_event_list l;

	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	HVD_ASSERT_EQ(t, scan_file(&wd, REPO "/tests/corpus/mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci/dmesg.txt", &l), 0);
	expect_seq(t, &l, w, 11);
	if (l.n == 11) {
		HVD_EXPECT_EQ(t, l.v[2].verdict, VFV_WARN);	/* waiting */
		HVD_EXPECT_EQ(t, l.v[6].verdict, VFV_WARN);
		HVD_EXPECT_EQ(t, l.v[7].verdict, VFV_FAIL);	/* aborting */
		HVD_EXPECT_EQ(t, l.v[8].verdict, VFV_FAIL);
		HVD_EXPECT_STREQ(t, l.v[8].kb, l.v[7].kb);
		HVD_EXPECT_TRUE(t, l.v[8].has_ts && l.v[8].ts > 183.17 && l.v[8].ts < 183.18);
	}
	vf_event_list_free(&l);
	world_free(&wd);
}

/*
 * LISA smoke serial log, VF hot-added at boot: netvsc's "VF slot 1
 * added" (line 9) offers it; mlx5_core brings up 2610:00:02.0 and netvsc
 * registers it as eth1 under eth0 (line 49): the bring-up is done there.
 */
static void vfev_hotadd_boot(struct hvd_ktest *t)
{
	static const struct want w[] = {
		{ "vf.offered", 9, "eth0", "eth0", NULL },
		{ "vf.bringup.done", 49, "2610:00:02.0", "eth0", "profile mlx5" },
	};
	struct world wd;
	struct vf_event_list l;

	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	HVD_ASSERT_EQ(t, scan_file(&wd, REPO "/tests/fixtures/captures/dmesg-vf-hotadd-boot--lisa-ai-data-smoke-serial.txt", &l), 0);
	expect_seq(t, &l, w, 2);
	if (l.n == 2)
		HVD_EXPECT_STREQ(t, l.v[1].vf, "eth1");
	vf_event_list_free(&l);
	world_free(&wd);
}

/*
 * SLES 15 SP5 MANA: the host refuses a queue create (line 1), the RXQ
 * create fails (line 2), and the WARNING at line 4 is placed in
 * xdp_rxq_info_unreg called from mana_destroy_rxq [mana].
 */
static void vfev_mana_warning(struct hvd_ktest *t)
{
	static const struct want w[] = {
		{ "vf.known_failure", 1, "7870:00:00.0", NULL, NULL },
		{ "vf.known_failure", 2, "7870:00:00.0", NULL, NULL },
		{ "vf.crash", 4, "", NULL, "mana_destroy_rxq [mana]" },
	};
	struct world wd;
	struct vf_event_list l;

	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	HVD_ASSERT_EQ(t, scan_file(&wd, REPO "/tests/corpus/mana-rxq-create-fail-warning-sles15sp5-5.14/dmesg.txt", &l), 0);
	expect_seq(t, &l, w, 3);
	if (l.n == 3) {
		HVD_EXPECT_STREQ(t, l.v[0].kb, "mana.hwc.refused");
		HVD_EXPECT_STREQ(t, l.v[2].kb, "kernel.warning.sriov");
		HVD_EXPECT_EQ(t, l.v[2].verdict, VFV_FAIL);
		HVD_EXPECT_TRUE(t, strstr(l.v[2].evidence, "WARNING: CPU: 442") != NULL);
	}
	vf_event_list_free(&l);
	world_free(&wd);
}

/*
 * A servicing removal as a 5.x+ kernel prints it (netvsc and pci-hyperv
 * message texts, facts hyperv-sriov.md): each of the host's actions is one
 * event however many lines it takes — the offer ("VF slot 1 added" and
 * the host bridge), the removal (data path away, "VF unregistering", "VF
 * slot 1 removed"), the re-add — and the second bring-up finishes.
 */
static void vfev_servicing(struct hvd_ktest *t)
{
	static const char text[] =
		"[    3.100000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF slot 1 added\n"
		"[    3.200000] hv_pci 5f0c2d76-0d1b-4a2f-9d1e-3c0b1a2d4e5f: PCI host bridge to bus 0d1b:00\n"
		"[    3.300000] mlx5_core 0d1b:00:02.0: firmware version: 14.25.8368\n"
		"[    3.900000] mlx5_core 0d1b:00:02.0 enP3355s1: joined to eth0\n"
		"[    3.910000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: Data path switched to VF: enP3355s1\n"
		"[ 1000.000000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: Data path switched from VF: enP3355s1\n"
		"[ 1000.010000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF unregistering: enP3355s1\n"
		"[ 1000.200000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF slot 1 removed\n"
		"[ 1030.000000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF slot 1 added\n"
		"[ 1030.100000] hv_pci 5f0c2d76-0d1b-4a2f-9d1e-3c0b1a2d4e5f: PCI host bridge to bus 0d1b:00\n"
		"[ 1030.300000] mlx5_core 0d1b:00:02.0: firmware version: 14.25.8368\n"
		"[ 1030.900000] mlx5_core 0d1b:00:02.0 enP3355s1: joined to eth0\n"
		"[ 1030.910000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: Data path switched to VF: enP3355s1\n";
	static const struct want w[] = {
		{ "vf.offered", 1, "eth0", "eth0", NULL },
		{ "vf.bringup.done", 4, "0d1b:00:02.0", "eth0", "profile mlx5" },
		{ "vf.datapath.to_vf", 5, "0d1b:00:02.0", "eth0", NULL },
		{ "vf.datapath.from_vf", 6, "0d1b:00:02.0", "eth0", NULL },
		{ "vf.removed", 7, "0d1b:00:02.0", "eth0", NULL },
		{ "vf.readded", 9, "eth0", "eth0", NULL },
		{ "vf.bringup.done", 12, "0d1b:00:02.0", "eth0", NULL },
		{ "vf.datapath.to_vf", 13, "0d1b:00:02.0", "eth0", NULL },
	};
	struct world wd;
	struct vf_event_list l;

	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	HVD_ASSERT_EQ(t, scan_text(&wd, text, &l), 0);
	expect_seq(t, &l, w, 8);
	vf_event_list_free(&l);
	world_free(&wd);
}

struct sink {
	struct vf_event_list l;
};

static void sink_add(void *ctx, const struct vf_event *ev)
{
	vf_event_list_add(&((struct sink *)ctx)->l, ev);
}

/*
 * Streaming: a bring-up that stops after its first step fails once the
 * clock passes the event's timeout (kb/vf-events.ev: 60 s), not before;
 * a WARNING whose end trace never comes is reported a second after its
 * first line; lost records are an event with their count.
 */
static void vfev_streaming(struct hvd_ktest *t)
{
	static const char *const lines[] = {
		"mlx4_core 0002:00:02.0: Detected virtual function - running in slave mode",
		"mlx4_core 0002:00:02.0: Sending reset",
		"WARNING: CPU: 1 PID: 33 at drivers/net/ethernet/mellanox/mlx4/cmd.c:1234 mlx4_cmd_wait+0x1a/0x2b [mlx4_core]",
	};
	struct world wd;
	struct sink s;
	struct vf_classifier *c;

	memset(&s, 0, sizeof(s));
	HVD_ASSERT_EQ(t, world_load(&wd), 0);
	c = vfc_new(&wd.defs, &wd.cat, &wd.kb, sink_add, &s);
	vfc_line(c, lines[0], strlen(lines[0]), 10.0, 1, 100);
	vfc_line(c, lines[1], strlen(lines[1]), 10.5, 1, 101);
	vfc_tick(c, 60.0);
	HVD_EXPECT_EQ(t, s.l.n, 0);
	vfc_tick(c, 70.6);
	HVD_ASSERT_EQ(t, s.l.n, 1);
	HVD_EXPECT_STREQ(t, s.l.v[0].id, "vf.bringup.failed");
	HVD_EXPECT_STREQ(t, s.l.v[0].dev, "0002:00:02.0");
	HVD_EXPECT_TRUE(t, strstr(s.l.v[0].detail, "step 3 of 7 missing") != NULL);
	vfc_line(c, lines[2], strlen(lines[2]), 80.0, 1, 102);
	vfc_tick(c, 80.5);
	HVD_EXPECT_EQ(t, s.l.n, 1);
	vfc_tick(c, 81.0);
	HVD_ASSERT_EQ(t, s.l.n, 2);
	HVD_EXPECT_STREQ(t, s.l.v[1].id, "vf.crash");
	HVD_EXPECT_EQ(t, s.l.v[1].seq, 102);
	HVD_EXPECT_TRUE(t, strstr(s.l.v[1].detail, "mlx4_cmd_wait") != NULL);
	vfc_lost(c, 17, 82.0, 1, 140);
	HVD_ASSERT_EQ(t, s.l.n, 3);
	HVD_EXPECT_STREQ(t, s.l.v[2].id, "vf.log.lost");
	HVD_EXPECT_TRUE(t, strstr(s.l.v[2].detail, "17 record") != NULL);
	vfc_finish(c);
	HVD_EXPECT_EQ(t, s.l.n, 3);
	vfc_free(c);
	vf_event_list_free(&s.l);
	world_free(&wd);
}

/* The list keeps VF_EVENTS_MAX events and counts the rest. */
static void vfev_list_cap(struct hvd_ktest *t)
{
	struct vf_event_list l;
	struct vf_event ev;
	int i;

	memset(&l, 0, sizeof(l));
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < VF_EVENTS_MAX + 5; i++) {
		ev.seq = (unsigned long)i;
		vf_event_list_add(&l, &ev);
	}
	HVD_EXPECT_EQ(t, l.n, VF_EVENTS_MAX);
	HVD_EXPECT_EQ(t, l.dropped, 5);
	HVD_EXPECT_EQ(t, l.v[VF_EVENTS_MAX - 1].seq, VF_EVENTS_MAX - 1);
	vf_event_list_free(&l);
}

static const struct hvd_ktest_case vfevents_cases[] = {
	{ "rhel75_readd", vfev_rhel75_readd },
	{ "mlx5_ejected", vfev_mlx5_ejected },
	{ "hotadd_boot", vfev_hotadd_boot },
	{ "mana_warning", vfev_mana_warning },
	{ "servicing", vfev_servicing },
	{ "streaming", vfev_streaming },
	{ "list_cap", vfev_list_cap },
	{ 0, 0 },
};
const struct hvd_ktest_suite vfevents_suite = { "vfevents", vfevents_cases, 0, 0 };
