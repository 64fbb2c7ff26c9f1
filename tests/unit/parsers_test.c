// SPDX-License-Identifier: GPL-2.0
/* Parser suites over real captured lines (seed and tests/fixtures/captures). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/interrupts.h"
#include "parse/ipaddr_text.h"
#include "parse/kconfig.h"
#include "base/klog.h"
#include "checks/kmod_judge.h"
#include "parse/ktap.h"
#include "base/linereader.h"
#include "parse/lspci_text.h"
#include "profile/kb.h"
#include "profile/profile.h"
#include "collect/collect.h"
#include "lib/mlx4_comm.h"
#include "suites.h"
#include "base/util.h"

static void klog_formats(struct hvd_ktest *t)
{
	struct klog_line k;
	char a[] = "[    6.985731] mlx4_core 0002:00:02.0: Sending reset";
	char b[] = "Jul 23 16:19:49 u1604 kernel: [    7.2] hv_vmbus: registering driver hv_pci";
	char c[] = "6,1234,6985731,-;mlx4_core 0002:00:02.0: Sending reset";
	char d[] = " SUBSYSTEM=pci";
	char e[] = "\x1b[0;32m  OK  \x1b[0m] Started\r";
	char f[] = "<6>[    1.000000] x";
	char g[] = "kern  :info  : [    1.5] hv_vmbus: Vmbus version:4.0";

	HVD_ASSERT_EQ(t, klog_parse(a, strlen(a), 0, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "mlx4_core 0002:00:02.0: Sending reset");
	HVD_EXPECT_EQ(t, k.has_ts, 1);
	HVD_EXPECT_EQ(t, (long)(k.ts * 1000000 + 0.5), 6985731);
	HVD_ASSERT_EQ(t, klog_parse(b, strlen(b), 0, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "hv_vmbus: registering driver hv_pci");
	HVD_ASSERT_EQ(t, klog_parse(c, strlen(c), 1, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "mlx4_core 0002:00:02.0: Sending reset");
	HVD_EXPECT_EQ(t, (long)(k.ts * 1000000 + 0.5), 6985731);
	HVD_EXPECT_EQ(t, klog_parse(d, strlen(d), 1, &k), 0);
	HVD_ASSERT_EQ(t, klog_parse(e, strlen(e), 0, &k), 1);
	HVD_EXPECT_TRUE(t, strchr(k.msg, 0x1b) == NULL);
	HVD_ASSERT_EQ(t, klog_parse(f, strlen(f), 0, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "x");
	HVD_ASSERT_EQ(t, klog_parse(g, strlen(g), 0, &k), 1);
	HVD_EXPECT_STREQ(t, k.msg, "hv_vmbus: Vmbus version:4.0");
}

static void linereader_bounds(struct hvd_ktest *t)
{
	struct linereader lr;
	char *big = malloc(300000), *line;
	size_t len;

	memset(big, 'A', 300000);
	big[200000] = '\n';
	big[100] = '\0';
	lr_init_mem(&lr, big, 300000, 1000);
	HVD_EXPECT_EQ(t, lr_next(&lr, &line, &len), 1);
	HVD_EXPECT_EQ(t, len, 1000);
	HVD_EXPECT_EQ(t, line[100], ' ');	/* NUL became a space */
	HVD_EXPECT_EQ(t, lr_next(&lr, &line, &len), 1);	/* the tail after '\n' */
	HVD_EXPECT_EQ(t, lr_next(&lr, &line, &len), 0);
	HVD_EXPECT_EQ(t, lr.cut_lines, 2);
	lr_free(&lr);
	free(big);
}

/* Newline counting (SSE2 in 16-byte lanes, folded every 255 rounds) against a byte loop. */
static void memcount_lanes(struct hvd_ktest *t)
{
	static char buf[9000];
	unsigned int seed = 5;
	size_t i, off, len, want, bad = 0;

	for (i = 0; i < sizeof(buf); i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (seed >> 16) % 7 ? (char)('a' + (seed >> 20) % 26) : '\n';
	}
	for (off = 0; off < 17; off++)
		for (len = 0; off + len <= sizeof(buf); len += len < 40 ? 1 : 97) {
			for (want = 0, i = off; i < off + len; i++)
				want += buf[i] == '\n';
			bad += hv_memcount(buf + off, len, '\n') != want;
		}
	HVD_EXPECT_EQ(t, bad, 0);
	memset(buf, '\n', sizeof(buf));	/* every byte: lanes saturate at 255 */
	HVD_EXPECT_EQ(t, hv_memcount(buf, sizeof(buf), '\n'), sizeof(buf));
}

/* A control byte anywhere, also past a clean 8-byte head, becomes a space. */
static void klog_control_anywhere(struct hvd_ktest *t)
{
	static const char ctl[] = { 0x01, 0x7f, 0x1f, '\r', 0x1b };
	struct klog_line k;
	char line[64];
	size_t pos, c, bad = 0;

	for (c = 0; c < sizeof(ctl); c++)
		for (pos = 0; pos < 30; pos++) {
			size_t i;

			memset(line, 'm', 40);
			line[pos] = ctl[c];
			line[40] = '\0';
			if (!klog_parse(line, 40, 0, &k))
				continue;
			for (i = 0; i < k.len; i++)
				if ((unsigned char)k.msg[i] < 0x20 || k.msg[i] == 0x7f)
					bad++;
		}
	HVD_EXPECT_EQ(t, bad, 0);
}

static const struct hvd_ktest_case klog_cases[] = {
	{ "formats", klog_formats },
	{ "memcount_lanes", memcount_lanes },
	{ "control_anywhere", klog_control_anywhere },
	{ "linereader_bounds", linereader_bounds },
	{ 0, 0 },
};
const struct hvd_ktest_suite klog_suite = { "klog", klog_cases, 0, 0 };

/* From tests/fixtures/captures/lspci-nnv-cx4lx-vf-photon--azure-docs-issue-45303.txt */
static const char photon[] =
"0002:00:02.0 Ethernet controller [0200]: Mellanox Technologies MT27710 Family [ConnectX-4 Lx Virtual Function] [15b3:1016] (rev 80)\n"
"\tSubsystem: Mellanox Technologies Device [15b3:0190]\n"
"\tPhysical Slot: 2\n"
"\tFlags: bus master, fast devsel, latency 0, NUMA node 0\n"
"\tMemory at fe0100000 (64-bit, prefetchable) [size=1M]\n";

static void lspci_nn(struct hvd_ktest *t)
{
	struct linereader lr;
	struct pci_model m;
	char err[128];

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, photon, sizeof(photon) - 1, 0);
	HVD_ASSERT_EQ(t, lspci_text_parse(&lr, &m, err, sizeof(err)), 1);
	HVD_EXPECT_EQ(t, m.devs[0].vendor, 0x15b3);
	HVD_EXPECT_EQ(t, m.devs[0].device, 0x1016);
	HVD_EXPECT_EQ(t, m.devs[0].ids_from_name, 0);
	HVD_EXPECT_EQ(t, m.devs[0].cls, 0x020000);
	HVD_EXPECT_EQ(t, m.devs[0].subdevice, 0x0190);
	/* -v without "Region N:" gives no BAR index: unknown, not absent */
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_BARS);
	lr_free(&lr);
	free(m.devs);
}

static void lspci_unassigned_and_garbage(struct hvd_ktest *t)
{
	static const char txt[] =
		"00:02.0 Network controller: Mellanox Technologies MT27500/MT27520 Family [ConnectX-3/ConnectX-3 Pro Virtual Function]\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle-\n"
		"\tRegion 2: Memory at <unassigned> (64-bit, prefetchable) [size=8M]\n"
		"\tCapabilities: <access denied>\n";
	struct linereader lr;
	struct pci_model m;
	char err[128];
	struct profile_set ps;

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, lspci_text_parse(&lr, &m, err, sizeof(err)), 1);
	HVD_EXPECT_STREQ(t, m.devs[0].bdf, "0000:00:02.0");
	/* the parser keeps the name; the ids come from the profiles' names */
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_IDS);
	HVD_ASSERT_EQ(t, profiles_load_dir(&ps, FIXTURES "/../../profiles"), 0);
	collect_pci_names(&m, &ps);
	profiles_free(&ps);
	HVD_EXPECT_TRUE(t, m.devs[0].known & PK_IDS);
	HVD_EXPECT_EQ(t, m.devs[0].vendor, 0x15b3);
	HVD_EXPECT_EQ(t, m.devs[0].device, 0x1004);
	HVD_EXPECT_EQ(t, m.devs[0].ids_from_name, 1);
	HVD_EXPECT_TRUE(t, m.devs[0].bars[2].flags & HVD_RES_UNSET);
	HVD_EXPECT_EQ(t, m.devs[0].bars[2].size, 8 << 20);
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_CAPS);
	HVD_EXPECT_EQ(t, m.devs[0].mem_enabled, 0);
	lr_free(&lr);
	free(m.devs);
	memset(&m, 0, sizeof(m));
	/* found by fuzz_lspci: a Region line without its colon */
	lr_init_mem(&lr, "00:02.0 x: y\n\tRegion 1\n", 22, 0);
	HVD_EXPECT_EQ(t, lspci_text_parse(&lr, &m, err, sizeof(err)), 1);
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_BARS);
	lr_free(&lr);
	free(m.devs);
	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, "\x01\x02garbage\n\tRegion 9: x\n", 22, 0);
	HVD_EXPECT_EQ(t, lspci_text_parse(&lr, &m, err, sizeof(err)), -1);
	HVD_EXPECT_TRUE(t, strstr(err, "lspci") != NULL);
	lr_free(&lr);
	free(m.devs);
}

static const struct hvd_ktest_case lspci_cases[] = {
	{ "nn_capture", lspci_nn },
	{ "unassigned_and_garbage", lspci_unassigned_and_garbage },
	{ 0, 0 },
};
const struct hvd_ktest_suite lspci_suite = { "lspci_text", lspci_cases, 0, 0 };

/* Lines from tests/fixtures/captures/interrupts-mana-queues-uneven--lkml-netdev-20240313.txt
 * (quote prefix removed). */
static const char irqs[] =
"            CPU0       CPU1       CPU2       CPU3\n"
" 24:          0          0          0         51  Hyper-V PCIe MSI 1024-edge      mana_q0@pci:7870:00:00.0\n"
" 25:          0          0          0       1000  Hyper-V PCIe MSI 1025-edge      mana_q1@pci:7870:00:00.0\n"
"NMI:          0          0          0          0   Non-maskable interrupts\n"
"ERR:          0\n";

static void interrupts_parse_capture(struct hvd_ktest *t)
{
	struct linereader lr;
	struct irq_model m;
	char err[128];

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, irqs, sizeof(irqs) - 1, 0);
	HVD_ASSERT_EQ(t, interrupts_parse(&lr, &m, err, sizeof(err)), 0);
	HVD_EXPECT_EQ(t, m.ncpu, 4);
	HVD_EXPECT_EQ(t, m.n, 4);
	HVD_EXPECT_EQ(t, m.lines[0].irq, 24);
	HVD_EXPECT_EQ(t, m.lines[1].counts[3], 1000);
	HVD_EXPECT_TRUE(t, strstr(m.lines[0].desc, "mana_q0@pci:7870:00:00.0") != NULL);
	HVD_EXPECT_EQ(t, m.lines[2].irq, -1);
	irq_model_free(&m);
	lr_free(&lr);
	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, "not a header\n", 13, 0);
	HVD_EXPECT_EQ(t, interrupts_parse(&lr, &m, err, sizeof(err)), -1);
	irq_model_free(&m);
	lr_free(&lr);
}

static const struct hvd_ktest_case interrupts_cases[] = {
	{ "capture", interrupts_parse_capture },
	{ 0, 0 },
};
const struct hvd_ktest_suite interrupts_suite = { "interrupts", interrupts_cases, 0, 0 };

static void kconfig_values(struct hvd_ktest *t)
{
	static const char txt[] = "CONFIG_PCI_HYPERV=m\n# CONFIG_MLX5_CORE is not set\n"
				  "CONFIG_NR_CPUS=256\nCONFIG_LOCALVERSION=\"\"\ngarbage=1\n";
	struct linereader lr;
	struct kconfig_model m;

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, kconfig_parse(&lr, &m), 4);
	HVD_EXPECT_STREQ(t, kconfig_get(&m, "CONFIG_PCI_HYPERV"), "m");
	HVD_EXPECT_STREQ(t, kconfig_get(&m, "CONFIG_MLX5_CORE"), "n");
	HVD_EXPECT_STREQ(t, kconfig_get(&m, "CONFIG_ABSENT"), "n");
	HVD_EXPECT_TRUE(t, kconfig_accepts("y,m", "m"));
	HVD_EXPECT_FALSE(t, kconfig_accepts("y,m", "n"));
	HVD_EXPECT_FALSE(t, kconfig_accepts("yy", "y"));
	kconfig_free(&m);
	lr_free(&lr);
}

static const struct hvd_ktest_case kconfig_cases[] = {
	{ "values", kconfig_values },
	{ 0, 0 },
};
const struct hvd_ktest_suite kconfig_suite = { "kconfig", kconfig_cases, 0, 0 };

static struct profile *load_text(const char *txt)
{
	char path[] = "/tmp/hvdiag-prof-XXXXXX";
	int fd = mkstemp(path);
	struct profile *p;

	if (fd < 0)
		return NULL;
	if (write(fd, txt, strlen(txt)) < 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	p = profile_load(path);
	unlink(path);
	return p;
}

static void profile_good_and_bad(struct hvd_ktest *t)
{
	struct profile *p;

	p = load_text("profile x\nvendor 15b3\ndevice 1004 1016\nbar 2 mem64 pref 8M\n"
		      "msix 24-108\nsig mlx4_core {BDF}: Sending reset\n"
		      "kconfig CONFIG_PCI_HYPERV y,m needed for vPCI\n");
	HVD_ASSERT_TRUE(t, p != NULL);
	HVD_EXPECT_EQ(t, p->ndevices, 2);
	HVD_EXPECT_EQ(t, p->bars[0].size, 8 << 20);
	HVD_EXPECT_EQ(t, p->msix_min, 24);
	HVD_EXPECT_EQ(t, p->msix_max, 108);
	HVD_EXPECT_STREQ(t, p->kconfig[0].why, "needed for vPCI");
	profile_free(p);
	/* each of these must be refused, with a message, not half-loaded */
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor 15b3\n") == NULL);
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor zz\ndevice 1\n") == NULL);
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor 1\ndevice 1\nbar 9 mem\n") == NULL);
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor 1\ndevice 1\nbogus 1\n") == NULL);
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor 1\ndevice 1\nsig {NOPE}\n") == NULL);
	HVD_EXPECT_TRUE(t, load_text("profile x\nvendor 1\ndevice 1\nmsix 5-2\n") == NULL);
}

static const struct hvd_ktest_case profile_cases[] = {
	{ "good_and_bad", profile_good_and_bad },
	{ 0, 0 },
};
const struct hvd_ktest_suite profile_suite = { "profile", profile_cases, 0, 0 };

/* Lines from tests/fixtures/captures/ip-addr-vf-enslaved--lisa-ai-data-sriov-single-vf.txt shape */
static void ipaddr_enslaved(struct hvd_ktest *t)
{
	static const char txt[] =
		"2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n"
		"    link/ether 00:0d:3a:1e:2b:3c brd ff:ff:ff:ff:ff:ff\n"
		"    inet 10.0.0.4/24 brd 10.0.0.255 scope global eth0\n"
		"4: enP31819s1: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master eth0 state UP group default qlen 1000\n"
		"    link/ether 00:0d:3a:1e:2b:3c brd ff:ff:ff:ff:ff:ff\n";
	struct linereader lr;
	struct net_model m;
	struct netdev *d;

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, ipaddr_text_parse(&lr, &m), 2);
	d = net_find(&m, "enP31819s1", 0);
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_STREQ(t, d->master, "eth0");
	HVD_EXPECT_TRUE(t, d->flags & 0x800);
	HVD_EXPECT_EQ(t, d->naddrs, 0);
	d = net_find(&m, "eth0", 0);
	HVD_EXPECT_STREQ(t, d->addrs[0], "10.0.0.4/24");
	HVD_EXPECT_STREQ(t, d->mac, "00:0d:3a:1e:2b:3c");
	lr_free(&lr);
	free(m.devs);
}

static const struct hvd_ktest_case ipaddr_cases[] = {
	{ "enslaved", ipaddr_enslaved },
	{ 0, 0 },
};
const struct hvd_ktest_suite ipaddr_suite = { "ipaddr_text", ipaddr_cases, 0, 0 };

static void ktap_nested(struct hvd_ktest *t)
{
	static const char txt[] =
		"KTAP version 1\n1..3\n"
		"    KTAP version 1\n    # Subtest: bdf\n    1..2\n"
		"    ok 1 parse_full\n    # bdf.c:12 expectation failed\n    not ok 2 reject\n"
		"not ok 1 bdf\n"
		"ok 2 msix # SKIP no device\n";
	struct linereader lr;
	struct ktap_doc d;
	char err[128];

	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, ktap_parse(&lr, &d, err, sizeof(err)), 0);
	HVD_ASSERT_EQ(t, d.n, 3);
	HVD_EXPECT_STREQ(t, d.c[0].name, "bdf.parse_full");
	HVD_EXPECT_STREQ(t, d.c[1].name, "bdf.reject");
	HVD_EXPECT_EQ(t, d.c[1].status, ST_FAIL);
	HVD_EXPECT_TRUE(t, d.c[1].diag && strstr(d.c[1].diag, "expectation failed"));
	HVD_EXPECT_EQ(t, d.c[2].status, ST_SKIP);
	HVD_EXPECT_STREQ(t, d.c[2].reason, "no device");
	/* plan says 3, two top-level results came: the report adds a failure */
	HVD_EXPECT_EQ(t, d.planned, 3);
	HVD_EXPECT_EQ(t, d.top_results, 2);
	ktap_free(&d);
	lr_free(&lr);
	lr_init_mem(&lr, "hello\n", 6, 0);
	HVD_EXPECT_EQ(t, ktap_parse(&lr, &d, err, sizeof(err)), -1);
	ktap_free(&d);
	lr_free(&lr);
}

/* What follows " # " on a result line that is no directive is kept. */
static void ktap_comment(struct hvd_ktest *t)
{
	static const char txt[] =
		"KTAP version 1\n1..4\n# total_us 12\n"
		"not ok 1 mlx4_comm # reset timeout (FLR in progress)\n"
		"ok 2 pci\nok 3 vmbus # SKIP not present\nnot ok 4 x # \n";
	struct linereader lr;
	struct ktap_doc d;
	char err[128];

	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, ktap_parse(&lr, &d, err, sizeof(err)), 0);
	HVD_ASSERT_EQ(t, d.n, 4);
	HVD_EXPECT_STREQ(t, d.c[0].name, "mlx4_comm");
	HVD_EXPECT_EQ(t, d.c[0].status, ST_FAIL);
	HVD_EXPECT_STREQ(t, d.c[0].comment, "reset timeout (FLR in progress)");
	HVD_EXPECT_TRUE(t, d.c[0].reason == NULL);
	HVD_EXPECT_STREQ(t, d.c[0].diag, "# total_us 12\n");
	HVD_EXPECT_TRUE(t, d.c[1].comment == NULL);
	/* a directive is a reason, not a comment */
	HVD_EXPECT_STREQ(t, d.c[2].reason, "not present");
	HVD_EXPECT_TRUE(t, d.c[2].comment == NULL);
	HVD_EXPECT_TRUE(t, d.c[3].comment == NULL);
	ktap_free(&d);
	lr_free(&lr);
}

static const struct hvd_ktest_case ktap_cases[] = {
	{ "nested", ktap_nested },
	{ "comment", ktap_comment },
	{ 0, 0 },
};
const struct hvd_ktest_suite ktap_suite = { "ktap", ktap_cases, 0, 0 };

/* Texts hvdiag.ko printed in the rig (tests/fixtures/kmod/SOURCE). */
static char *slurp(const char *name)
{
	static char buf[8192];
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/kmod/%s", FIXTURES, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The knowledge base of the tree, which the judge takes its causes from. */
static void judge_kb(struct kb *kb)
{
	memset(kb, 0, sizeof(*kb));
	if (kb_load_dir(kb, FIXTURES "/../../kb"))
		kb_free(kb);
}

static void judge_recorded(struct hvd_ktest *t)
{
	const struct kb_entry *e;
	struct result r;
	struct kb kb;
	char *txt;
	int k;

	judge_kb(&kb);
	HVD_ASSERT_TRUE(t, kb.n > 0);
	memset(&r, 0, sizeof(r));
	txt = slurp("comm-healthy.txt");
	HVD_ASSERT_TRUE(t, txt != NULL);
	kmod_judge(KMOD_MLX4_COMM, txt, &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_PASS);
	HVD_EXPECT_STREQ(t, r.id, "kmod.mlx4.comm");
	HVD_EXPECT_TRUE(t, r.nevidence >= 8);
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);

	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_MLX4_COMM, slurp("comm-wrong-rev.txt"), &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_FAIL);
	HVD_EXPECT_STREQ(t, r.summary, "interface revision mismatch");
	/* the cause and the remedy are the knowledge base's, word for word */
	HVD_EXPECT_STREQ(t, r.kb_id, "mlx4.comm.version");
	e = kb_find(&kb, "mlx4.comm.version");
	HVD_ASSERT_TRUE(t, e != NULL);
	HVD_EXPECT_STREQ(t, r.cause, e->cause);
	HVD_EXPECT_STREQ(t, r.remedy, e->remedy);
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);

	memset(&r, 0, sizeof(r));
	txt = slurp("pci-ivshmem.txt");
	kmod_judge(KMOD_PCI, txt, &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_PASS);
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);

	/* the 3.10 defect as the module would print it: an untyped window */
	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_PCI, "KTAP version 1\n1..1\n"
		   "# bar 2 [0xfe0000000-0xfe07fffff] size 0x800000 mem64 pref\n"
		   "#     in [0xfe0000000-0xfe07fffff] PCI Bus 0002:00 flags 0x80000000 (none): window has no resource type\n"
		   "not ok 1 pci # window has no resource type\n", &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_FAIL);
	HVD_EXPECT_TRUE(t, strstr(r.remedy, "0002-hack") != NULL);
	HVD_EXPECT_STREQ(t, r.kb_id, "check.kmod.pci.windows");
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);

	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_VMBUS, "KTAP version 1\n1..1\n"
		   "ok 1 vmbus # SKIP not present (hv_vmbus not loaded)\n", &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_SKIP);
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);
	kb_free(&kb);
}

/*
 * vmbus built in but never connected (a 3.10 kernel off Hyper-V): the
 * module skips, and so does the judge; with a host, the version passes.
 */
static void judge_vmbus_not_connected(struct hvd_ktest *t)
{
	struct kb kb = { NULL, 0 };
	struct result r;
	int k;

	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_VMBUS, "KTAP version 1\n1..1\nok 1 vmbus # SKIP not connected "
		   "(vmbus is in this kernel but negotiated no version with a host)\n", &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_SKIP);
	HVD_EXPECT_TRUE(t, strstr(r.summary, "not connected") != NULL);
	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_VMBUS, "KTAP version 1\n1..1\n# version 5.3\n"
		   "# device x class y instance z driver hv_util\nok 1 vmbus\n", &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_PASS);
	HVD_EXPECT_STREQ(t, r.summary, "version 5.3");
	HVD_EXPECT_EQ(t, r.nevidence, 2);
	for (k = 0; k < r.nevidence; k++)
		free(r.evidence[k]);
}

/*
 * Only the exercise's own test line is its result: text that is no KTAP
 * (what the module wrote before, "result ok"), a document of another
 * exercise, or one cut before its test line fail as no result.
 */
static void judge_no_result(struct hvd_ktest *t)
{
	static const char *const said[] = {
		"device 0000:00:02.0 vhcr_dma 0x65bb000 timeout_ms 2000\nresult ok\n",
		"KTAP version 1\n1..1\n# total_us 12\nok 1 msix\n",
		"KTAP version 1\n1..1\n# total_us 12\n",
		"",
	};
	struct kb kb = { NULL, 0 };
	struct result r;
	size_t i;
	int k;

	for (i = 0; i < ARRAY_SIZE(said); i++) {
		memset(&r, 0, sizeof(r));
		kmod_judge(KMOD_MLX4_COMM, said[i], &kb, &r);
		HVD_EXPECT_EQ(t, r.status, ST_FAIL);
		HVD_EXPECT_STREQ(t, r.summary, "no result from the module");
		for (k = 0; k < r.nevidence; k++)
			free(r.evidence[k]);
	}
	/* why the exercise could not run is its outcome */
	memset(&r, 0, sizeof(r));
	kmod_judge(KMOD_MSIX, "KTAP version 1\n1..1\nnot ok 1 msix # error: no target "
		   "(write DDDD:BB:DD.F to hvdiag/target)\n", &kb, &r);
	HVD_EXPECT_EQ(t, r.status, ST_FAIL);
	HVD_EXPECT_STREQ(t, r.summary, "error: no target (write DDDD:BB:DD.F to hvdiag/target)");
	HVD_EXPECT_EQ(t, r.nevidence, 0);
}

/* Every failed outcome of lib's handshake, as the module names it, has
 * its entry in the knowledge base. */
static void judge_comm_outcomes(struct hvd_ktest *t)
{
	char line[160];
	struct result r;
	struct kb kb;
	int o, k;

	judge_kb(&kb);
	HVD_ASSERT_TRUE(t, kb.n > 0);
	for (o = HVD_COMM_OFFLINE; o <= HVD_COMM_REJECTED; o++) {
		memset(&r, 0, sizeof(r));
		snprintf(line, sizeof(line), "KTAP version 1\n1..1\nnot ok 1 mlx4_comm # %s\n",
			 hvd_comm_outcome_str((enum hvd_comm_outcome)o));
		kmod_judge(KMOD_MLX4_COMM, line, &kb, &r);
		HVD_EXPECT_EQ(t, r.status, ST_FAIL);
		HVD_EXPECT_TRUE(t, kb_find(&kb, r.kb_id) != NULL);
		HVD_EXPECT_TRUE(t, r.cause[0] && r.remedy[0]);
		for (k = 0; k < r.nevidence; k++)
			free(r.evidence[k]);
	}
	kb_free(&kb);
}

static const struct hvd_ktest_case kmod_cases[] = {
	{ "judge_recorded", judge_recorded },
	{ "judge_comm_outcomes", judge_comm_outcomes },
	{ "judge_vmbus_not_connected", judge_vmbus_not_connected },
	{ "judge_no_result", judge_no_result },
	{ 0, 0 },
};
const struct hvd_ktest_suite kmod_judge_suite = { "kmod_judge", kmod_cases, 0, 0 };
