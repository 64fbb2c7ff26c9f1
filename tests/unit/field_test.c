// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-log judgement as pure logic: crash lines of every era (lines of
 * the real reports in tests/fixtures/field, each named; two built to a
 * documented format, said where), the per device hit store and its join,
 * the crash report store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/kb.h"
#include "base/klog.h"
#include "collect/log_scan.h"
#include "suites.h"
#include "base/util.h"

static void crash_headers(struct hvd_ktest *t)
{
	struct klog_site s;

	/* warning-io-uring-5.10 */
	HVD_ASSERT_EQ(t, klog_crash_header("WARNING: CPU: 0 PID: 14523 at lib/refcount.c:28 refcount_warn_saturate+0xa6/0xf0", &s), 1);
	HVD_EXPECT_STREQ(t, s.file, "lib/refcount.c");
	HVD_EXPECT_STREQ(t, s.func, "refcount_warn_saturate");
	HVD_EXPECT_STREQ(t, s.module, "");
	/* warning-mana-rxq-5.14: SUSE builds print "../" before the path */
	HVD_ASSERT_EQ(t, klog_crash_header("WARNING: CPU: 442 PID: 491615 at ../net/core/xdp.c:150 xdp_rxq_info_unreg+0x44/0x70", &s), 1);
	HVD_EXPECT_STREQ(t, s.file, "net/core/xdp.c");
	HVD_EXPECT_STREQ(t, s.func, "xdp_rxq_info_unreg");
	/* the older form, built to the format of lib/bug.c in 3.x (facts field.md) */
	HVD_ASSERT_EQ(t, klog_crash_header("WARNING: at drivers/net/ethernet/mellanox/mlx4/cmd.c:123 mlx4_cmd_wait() [mlx4_core]", &s), 1);
	HVD_EXPECT_STREQ(t, s.file, "drivers/net/ethernet/mellanox/mlx4/cmd.c");
	HVD_EXPECT_STREQ(t, s.func, "mlx4_cmd_wait");
	HVD_EXPECT_STREQ(t, s.module, "mlx4_core");
	HVD_EXPECT_EQ(t, klog_crash_header("mana 7870:00:00.0 eth7: Failed to create RXQ: err = -71", &s), 0);
}

static void crash_rip_and_frames(struct hvd_ktest *t)
{
	struct klog_site s;
	int q;

	/* hv-vmbus panic of a 6.1 guest (corpus), modern RIP */
	HVD_ASSERT_EQ(t, klog_crash_rip("RIP: 0010:hv_pkt_iter_first+0x12/0xc0 [hv_vmbus]", &s), 1);
	HVD_EXPECT_STREQ(t, s.func, "hv_pkt_iter_first");
	HVD_EXPECT_STREQ(t, s.module, "hv_vmbus");
	/* gpf-hvpci-4.9: the 4.x form with addresses, here a bare address */
	HVD_ASSERT_EQ(t, klog_crash_rip("RIP: 0010:[<ffffa998988e9000>]  [<ffffa998988e9000>] 0xffffa998988e9000", &s), 1);
	HVD_EXPECT_STREQ(t, s.func, "");
	/* 3.10 "IP:", built to the hot-add oops facts hyperv-sriov.md §8 records
	 * (IP: ... hv_ringbuffer_read+0x31/0x177, address made up) */
	HVD_ASSERT_EQ(t, klog_crash_rip("IP: [<ffffffffa0245a6b>] hv_ringbuffer_read+0x31/0x177 [hv_vmbus]", &s), 1);
	HVD_EXPECT_STREQ(t, s.func, "hv_ringbuffer_read");
	HVD_EXPECT_STREQ(t, s.module, "hv_vmbus");
	/* oops-mana-arm64-6.17 */
	HVD_ASSERT_EQ(t, klog_crash_rip("pc : mana_smc_poll_register+0x48/0xb0", &s), 1);
	HVD_EXPECT_STREQ(t, s.func, "mana_smc_poll_register");
	HVD_EXPECT_EQ(t, klog_crash_rip("RSP: 0018:ff3df6c8f7207818 EFLAGS: 00010286", &s), 0);

	/* frames: with a build id, "?", addresses, arm64 "(P)" */
	HVD_ASSERT_EQ(t, klog_crash_frame(" mana_destroy_rxq+0x5b/0x2f0 [mana 267acf7006bcb696095bba4d810643d1db3b9e94]", &s, &q), 1);
	HVD_EXPECT_STREQ(t, s.func, "mana_destroy_rxq");
	HVD_EXPECT_STREQ(t, s.module, "mana");
	HVD_EXPECT_EQ(t, q, 0);
	HVD_ASSERT_EQ(t, klog_crash_frame(" [<ffffffffc01bf8c6>] ? hv_do_hypercall+0x76/0xc0 [hv_vmbus]", &s, &q), 1);
	HVD_EXPECT_STREQ(t, s.module, "hv_vmbus");
	HVD_EXPECT_EQ(t, q, 1);
	HVD_ASSERT_EQ(t, klog_crash_frame(" mana_smc_poll_register+0x48/0xb0 (P)", &s, &q), 1);
	HVD_EXPECT_STREQ(t, s.module, "");
	HVD_ASSERT_EQ(t, klog_crash_frame(" mana_create_rxq.isra.55+0x3db/0x720 [mana 267acf70]", &s, &q), 1);
	HVD_EXPECT_STREQ(t, s.func, "mana_create_rxq.isra.55");
	/* not frames */
	HVD_EXPECT_EQ(t, klog_crash_frame("WARNING: CPU: 0 PID: 1 at lib/refcount.c:28 refcount_warn_saturate+0xa6/0xf0", &s, &q), 0);
	HVD_EXPECT_EQ(t, klog_crash_frame("Call Trace:", &s, &q), 0);
	HVD_EXPECT_EQ(t, klog_crash_end("---[ end trace 629a28f2342edeaa ]---"), 1);
	HVD_EXPECT_EQ(t, klog_crash_end("Call Trace:"), 0);
}

static void feed(struct log_model *m, const char *msg, unsigned long lineno)
{
	log_crash_feed(m, msg, strlen(msg), 0, 0, lineno);
}

/* One report fed line by line: placed by its first frame with a module. */
static void crash_store(struct hvd_ktest *t)
{
	static const char *const body[] = {
		"RIP: 0010:[<ffffa998988e9000>]  [<ffffa998988e9000>] 0xffffa998988e9000",
		"Call Trace:",
		" [<ffffffffc01bf8c6>] ? hv_do_hypercall+0x76/0xc0 [hv_vmbus]",
		" [<ffffffffc03fe1be>] hv_irq_unmask+0x10e/0x140 [pci_hyperv]",
		" [<ffffffffc149661b>] mlx4_init_eq_table+0x3db/0x620 [mlx4_core]",
		"---[ end trace 629a28f2342edeaa ]---",
		" [<ffffffffc149661b>] after_the_end+0x1/0x2 [other]",
	};
	const char *head = "general protection fault: 0000 [#1] SMP";
	struct log_model m;
	const char *func, *module, *file;
	char place[200];
	size_t i;
	int round;

	for (round = 0; round < 2; round++) {
		memset(&m, 0, sizeof(m));
		log_crash_open(&m, 7, head, strlen(head), 9.78, 1, 55);
		for (i = 0; i < ARRAY_SIZE(body); i++)
			feed(&m, body[i], 60 + (unsigned long)i);
		/* the same report again: one site, counted twice */
		log_crash_open(&m, 7, head, strlen(head), 9.9, 1, 200);
		for (i = 0; i < ARRAY_SIZE(body) - 1; i++)
			feed(&m, body[i], 201 + (unsigned long)i);
		if (round)	/* the log ends inside the second: closed at the end */
			log_crash_close(&m);
		else
			feed(&m, body[ARRAY_SIZE(body) - 1], 300);
		log_crash_close(&m);
		HVD_ASSERT_EQ(t, m.crash.n, 1);
		HVD_EXPECT_EQ(t, m.crash.v[0].count, 2);
		HVD_EXPECT_EQ(t, m.crash.reports, 2);
		log_crash_where(&m.crash.v[0], &func, &module, &file);
		HVD_EXPECT_STREQ(t, module, "pci_hyperv");
		HVD_EXPECT_STREQ(t, func, "");
		log_crash_place(&m.crash.v[0], -1, place, sizeof(place));
		HVD_EXPECT_STREQ(t, place, "in hv_irq_unmask [pci_hyperv] (first trace frame naming a module)");
		HVD_EXPECT_EQ(t, m.crash.v[0].head.lineno, 55);
		HVD_EXPECT_EQ(t, m.crash.v[0].last.lineno, 200);
		log_model_free(&m);
	}
}

/*
 * The first reliable frames of a report are kept by function: the
 * hibernate oops of oops-mana-hibernate-6.14 (mana built in, no [mana]),
 * its lines from "Call Trace:" on, "?" frames skipped.
 */
static void crash_frame_functions(struct hvd_ktest *t)
{
	static const char *const body[] = {
		"RIP: 0010:down_write+0x19/0x50",
		"Call Trace:",
		" <TASK>",
		" ? __die+0x24/0x70",
		" ? down_write+0x12/0x50",
		" simple_recursive_removal+0x4a/0x2a0",
		" ? __pfx_remove_one+0x10/0x10",
		" debugfs_remove+0x44/0x70",
		" mana_detach+0x17c/0x4f0",
		" ? __flush_work+0x1e2/0x3b0",
		" mana_remove+0xf2/0x1a0",
		" mana_gd_shutdown+0x3b/0x70",
	};
	const char *head = "BUG: kernel NULL pointer dereference, address: 0000000000000098";
	struct log_model m;
	size_t i;

	memset(&m, 0, sizeof(m));
	log_crash_open(&m, 3, head, strlen(head), 0, 0, 2);
	for (i = 0; i < ARRAY_SIZE(body); i++)
		feed(&m, body[i], 9 + (unsigned long)i);
	log_crash_close(&m);
	HVD_ASSERT_EQ(t, m.crash.n, 1);
	HVD_ASSERT_EQ(t, m.crash.v[0].nff, LOG_CRASH_FRAMES);
	HVD_EXPECT_STREQ(t, m.crash.v[0].ffunc[0], "simple_recursive_removal");
	HVD_EXPECT_STREQ(t, m.crash.v[0].ffunc[1], "debugfs_remove");
	HVD_EXPECT_STREQ(t, m.crash.v[0].ffunc[2], "mana_detach");
	HVD_EXPECT_EQ(t, m.crash.v[0].ff[2].lineno, 17);
	HVD_EXPECT_STREQ(t, m.crash.v[0].ffunc[3], "mana_remove");
	HVD_EXPECT_EQ(t, m.crash.v[0].nmods, 0);
	log_model_free(&m);
}

static int any_pat(const struct kb_entry *e, int k, const void *arg)
{
	(void)e;
	(void)k;
	(void)arg;
	return 1;
}

/* A report in common code is placed by the first caller a listed entry
 * admits; without one the unlisted entry stays, and *which says none. */
static void crash_entry_from_frames(struct hvd_ktest *t)
{
	char path[] = "/tmp/hvdiag-field-kb-XXXXXX";
	const char (*fns)[64];
	static const char fn[3][64] = { "clean_tree", "mlx5_cleanup_fs", "mana_detach" };
	static const char other[2][64] = { "ops_undo_list", "cleanup_net" };
	const struct kb_entry *e;
	struct kb kb;
	int fd, which;
	FILE *f;

	fd = mkstemp(path);
	HVD_ASSERT_TRUE(t, fd >= 0);
	f = fdopen(fd, "w");
	fputs("id x.sriov\ncrash warning\nmatch WARNING: at {*}\n"
	      "in-function mlx5_ mana_\nlevel fail\ncause c\nremedy r\n\n"
	      "id x.any\ncrash warning\nmatch WARNING: at {*}\n"
	      "level warn\ncause c\nremedy r\n", f);
	fclose(f);
	memset(&kb, 0, sizeof(kb));
	HVD_ASSERT_EQ(t, kb_load_file(&kb, path), 0);
	unlink(path);
	fns = fn;
	e = kb_crash_entry_from(&kb, any_pat, NULL, "refcount_warn_saturate", "",
				"lib/refcount.c", 1, fns, 3, &which);
	HVD_ASSERT_TRUE(t, e != NULL);
	HVD_EXPECT_STREQ(t, e->id, "x.sriov");
	HVD_EXPECT_EQ(t, which, 1);	/* mlx5_cleanup_fs, the first admitted */
	fns = other;
	e = kb_crash_entry_from(&kb, any_pat, NULL, "refcount_warn_saturate", "",
				"lib/refcount.c", 1, fns, 2, &which);
	HVD_ASSERT_TRUE(t, e != NULL);
	HVD_EXPECT_STREQ(t, e->id, "x.any");
	HVD_EXPECT_EQ(t, which, -1);
	/* the RIP's own function first: no frame needed */
	e = kb_crash_entry_from(&kb, any_pat, NULL, "mana_smc_poll_register", "",
				"", 1, fns, 2, &which);
	HVD_EXPECT_STREQ(t, e ? e->id : "", "x.sriov");
	HVD_EXPECT_EQ(t, which, -1);
	kb_free(&kb);
}

/* Per-device hits: split anywhere, joined, equal to one pass. */
static void hits_join(struct hvd_ktest *t)
{
	static const char *const dev[] = { "0002:00:02.0", "0003:00:02.0", "", "0004:00:02.0" };
	struct log_model whole, a, b;
	struct log_hits *hw, *ha;
	int cut, i, k, bad = 0;

	for (cut = 0; cut <= 40; cut++) {
		memset(&whole, 0, sizeof(whole));
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		whole.hits = xcalloc(1, sizeof(*whole.hits));
		a.hits = xcalloc(1, sizeof(*a.hits));
		b.hits = xcalloc(1, sizeof(*b.hits));
		whole.npat = a.npat = b.npat = 1;
		for (i = 0; i < 40; i++) {
			const char *d = dev[(i * 7 + i / 5) % 4];
			char text[64];

			snprintf(text, sizeof(text), "line %d", i);
			log_hits_add(&whole, whole.hits, d, (unsigned long)i + 1, i, 1,
				     text, strlen(text));
			if (i < cut)
				log_hits_add(&a, a.hits, d, (unsigned long)i + 1, i, 1, text,
					     strlen(text));
			else
				log_hits_add(&b, b.hits, d, (unsigned long)(i - cut) + 1, i,
					     1, text, strlen(text));
		}
		log_hits_join(&a, a.hits, b.hits, (unsigned long)cut);
		hw = whole.hits;
		ha = a.hits;
		bad += hw->count != ha->count || hw->kept != ha->kept ||
		       hw->last.lineno != ha->last.lineno;
		for (k = 0; k < hw->kept && k < ha->kept; k++) {
			int j = log_hits_find(ha, hw->hit[k].dev);

			bad += j != k || hw->hit[k].lineno != ha->hit[k].lineno ||
			       hw->dlast[k].lineno != ha->dlast[k].lineno ||
			       hw->dcount[k] != ha->dcount[k] ||
			       strcmp(hw->dlast[k].text, ha->dlast[k].text);
		}
		log_model_free(&whole);
		log_model_free(&a);
		log_model_free(&b);
	}
	HVD_EXPECT_EQ(t, bad, 0);
}

/* Past 8 devices a pattern finds them through its hash, all of them. */
static void hits_many_devices(struct hvd_ktest *t)
{
	struct log_model m;
	char d[16];
	int i, bad = 0;

	memset(&m, 0, sizeof(m));
	m.hits = xcalloc(1, sizeof(*m.hits));
	m.npat = 1;
	for (i = 0; i < 3000; i++) {
		snprintf(d, sizeof(d), "%04x:00:02.0", i % 1000);
		log_hits_add(&m, m.hits, d, (unsigned long)i + 1, 0, 0, d, strlen(d));
	}
	HVD_EXPECT_EQ(t, m.hits->kept, 1000);
	for (i = 0; i < 1000; i++) {
		int k;

		snprintf(d, sizeof(d), "%04x:00:02.0", i);
		k = log_hits_find(m.hits, d);
		bad += k != i || m.hits->dcount[k] != 3 ||
		       m.hits->dlast[k].lineno != (unsigned long)(2000 + i + 1);
	}
	HVD_EXPECT_EQ(t, bad, 0);
	log_model_free(&m);
}

/* A kernel stamp after a tool's prefix or glued console text. */
static void klog_inner_stamp(struct hvd_ktest *t)
{
	/* tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt */
	char a[] = "2025-06-03 17:34:56.328[4028][DEBUG] lisa.env[generated_88].node[0].cmd[5390].stdout [   15.341580] mlx5_core 1a65:00:02.0: firmware version: 16.30.5000";
	/* tests/fixtures/field/gpf-hvpci-4.9 */
	char b[] = "         Starting Initial cloud-init job (pre-networking)[    9.070297] hv_pci 22038bae-a07e-439d-95bf-1728ef60ecc1: Request for interrupt failed: 0xc0350005";
	/* a message with a bracket of its own is left alone */
	char c[] = "pci_bus 90e0:00: root bus resource [mem 0xfc0000000-0xfc00fffff window]";
	struct klog_line k;

	HVD_ASSERT_EQ(t, klog_parse(a, strlen(a), 0, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "mlx5_core 1a65:00:02.0: firmware version: 16.30.5000");
	HVD_EXPECT_EQ(t, (long)(k.ts * 1000000 + 0.5), 15341580);
	HVD_ASSERT_EQ(t, klog_parse(b, strlen(b), 0, &k), 1);
	HVD_EXPECT_TRUE(t, !strncmp(k.msg, "hv_pci 22038bae", 15));
	HVD_ASSERT_EQ(t, klog_parse(c, strlen(c), 0, &k), 1);
	HVD_EXPECT_TRUE(t, !strncmp(k.msg, "pci_bus 90e0:00: root bus", 25));
	HVD_EXPECT_EQ(t, k.has_ts, 0);
	{
		/* the search stays inside the line: an empty line, a lone '[' */
		char *e = malloc(1), *f = malloc(2);

		e[0] = '\0';
		HVD_EXPECT_EQ(t, klog_parse(e, 0, 0, &k), 0);
		f[0] = '[';
		f[1] = '\0';
		HVD_EXPECT_EQ(t, klog_parse(f, 1, 0, &k), 1);
		HVD_EXPECT_STREQ(t, k.msg, "[");
		free(e);
		free(f);
	}
}

/* The shape of a fixture's dmesg.txt, read whole. */
static int shape_of(const char *fixture, struct klog_shape *sh)
{
	char path[512], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/dmesg.txt", FIXTURES, fixture);
	f = fopen(path, "r");
	if (!f)
		return -1;
	klog_shape_init(sh);
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct klog_line kl;

		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (klog_parse(line, (size_t)n, 0, &kl))
			klog_shape_add(sh, kl.msg, kl.len, kl.ts, kl.has_ts, lineno);
	}
	free(line);
	fclose(f);
	klog_shape_finish(sh, 1);
	return 0;
}

static void log_shapes(struct hvd_ktest *t)
{
	struct klog_shape sh;

	/* a whole boot log: not filtered; release and Hyper-V from its head */
	HVD_ASSERT_EQ(t, shape_of("field/centos73-cx4lx", &sh), 0);
	HVD_EXPECT_EQ(t, sh.nfilter, 0);
	HVD_EXPECT_EQ(t, sh.boot, 1);
	HVD_EXPECT_STREQ(t, sh.release, "3.10.0-514.26.2.el7.x86_64");
	HVD_EXPECT_STREQ(t, sh.hyperv, "Hypervisor detected: Microsoft HyperV");
	klog_shape_free(&sh);
	/* "dmesg | grep -i mlx" (the seed) and "grep -i -E 'mlx|netvsc'" */
	HVD_ASSERT_EQ(t, shape_of("seed", &sh), 0);
	HVD_EXPECT_EQ(t, sh.nfilter, 1);
	HVD_EXPECT_STREQ(t, sh.filter[0], "mlx");
	HVD_EXPECT_EQ(t, sh.boot, 0);
	HVD_EXPECT_EQ(t, (long)(sh.first_ts * 1000), 6898);
	klog_shape_free(&sh);
	HVD_ASSERT_EQ(t, shape_of("field/ofed-4.4.113", &sh), 0);
	HVD_EXPECT_EQ(t, sh.nfilter, 2);
	HVD_EXPECT_STREQ(t, sh.filter[0], "hv_");
	HVD_EXPECT_STREQ(t, sh.filter[1], "mlx");
	klog_shape_free(&sh);
	/* a crash report alone is no filtered log */
	HVD_ASSERT_EQ(t, shape_of("field/gpf-hvpci-4.9", &sh), 0);
	HVD_EXPECT_EQ(t, sh.nfilter, 0);
	HVD_EXPECT_STREQ(t, sh.release, "4.9.40-eve-ng-ukms-2+");
	klog_shape_free(&sh);
}

/* Needed words found by sampled grams, against a plain search everywhere. */
static void words_sampled(struct hvd_ktest *t)
{
	static const char *const w[] = { "fail", "error", "err = -", "timed out", "can't" };
	static const char alpha[] = "faileroc't= -tdmun";
	struct sig_words ws;
	struct sig_pat p;
	char line[64];
	unsigned int seed = 11;
	size_t i, k;
	int round, bad = 0, hits = 0;

	memset(&ws, 0, sizeof(ws));
	for (i = 0; i < ARRAY_SIZE(w); i++)
		HVD_ASSERT_EQ(t, sig_words_add(&ws, w[i], strlen(w[i])), 0);
	HVD_EXPECT_EQ(t, sig_words_add(&ws, "BUG", 3), -1);	/* too short to sample */
	memset(&p, 0, sizeof(p));
	p.need = &ws;
	for (round = 0; round < 20000; round++) {
		size_t len = (size_t)(seed % 40);
		int want = 0, got;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		line[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		if (round & 1) {
			/* plant a word, or all of it but its last byte */
			const char *pw = w[(seed >> 8) % ARRAY_SIZE(w)];
			size_t wl = strlen(pw) - ((seed >> 20) & 1);

			if (wl <= len) {
				size_t at = (seed >> 12) % (len - wl + 1);

				memcpy(line + at, pw, wl);
			}
		}
		for (k = 0; k < ARRAY_SIZE(w) && !want; k++)
			want = strstr(line, w[k]) != NULL;
		got = sig_has_needed(&p, line, len);
		bad += got != want;
		hits += want;
	}
	HVD_EXPECT_EQ(t, bad, 0);
	HVD_EXPECT_TRUE(t, hits > 100);	/* the random lines do hold words */
	sig_words_free(&ws);
}

static const struct hvd_ktest_case field_cases[] = {
	{ "crash_headers", crash_headers },
	{ "crash_rip_and_frames", crash_rip_and_frames },
	{ "crash_store", crash_store },
	{ "crash_frame_functions", crash_frame_functions },
	{ "crash_entry_from_frames", crash_entry_from_frames },
	{ "hits_join", hits_join },
	{ "hits_many_devices", hits_many_devices },
	{ "klog_inner_stamp", klog_inner_stamp },
	{ "log_shapes", log_shapes },
	{ "words_sampled", words_sampled },
	{ 0, 0 },
};
const struct hvd_ktest_suite field_suite = { "field", field_cases, 0, 0 };
