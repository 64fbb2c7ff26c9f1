// SPDX-License-Identifier: GPL-2.0
/*
 * lspci's one-line-per-device formats (lspci, -n, -nn, -D, -m, -mm, with
 * -n/-nn, -k) and the per-line prefix a logger or test harness puts before
 * captured output, on real text: the two LISA corpus cases, the LISA
 * captures in tests/fixtures/captures and this project's own lspci outputs
 * (tests/fixtures/lspci-formats/SOURCE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ipaddr_text.h"
#include "base/lineprefix.h"
#include "base/linereader.h"
#include "parse/lspci_text.h"
#include "collect/collect.h"
#include "profile/profile.h"
#include "suites.h"
#include "base/util.h"

#define CORPUS FIXTURES "/../corpus/"
#define SINGLE_VF CORPUS "mlx5-healthy-2nic-cx4lx-lisa-single-vf/"
#define STRESS CORPUS "mlx4-healthy-8nic-unrenamed-vf-5.15-lisa-stress/"
#define FORMATS FIXTURES "/lspci-formats/"
#define CAPTURES FIXTURES "/captures/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Parse @path (whole, or only its lines holding @only) into @m. */
static int parse_lspci(const char *path, const char *only, struct pci_model *m)
{
	struct linereader lr;
	char err[160], *text, *keep, *p;
	size_t len;
	int r;

	memset(m, 0, sizeof(*m));
	text = slurp(path, &len);
	if (!text)
		return -2;
	if (only) {
		keep = xmalloc(len + 1);
		keep[0] = '\0';
		for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
			if (strstr(p, only)) {
				strcat(keep, p);
				strcat(keep, "\n");
			}
		free(text);
		text = keep;
		len = strlen(text);
	}
	lr_init_mem(&lr, text, len, 0);
	r = lspci_text_parse(&lr, m, err, sizeof(err));
	lr_free(&lr);
	free(text);
	return r;
}

static const struct pcidev *dev(const struct pci_model *m, const char *bdf)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->devs[i].bdf, bdf))
			return &m->devs[i];
	return NULL;
}

#define NO_DETAIL (PK_BARS | PK_CMD | PK_CAPS)

/* The six functions of tests/fixtures/lspci-formats, format by format. */
static void listing_formats(struct hvd_ktest *t)
{
	static const struct {
		const char *file;
		int ids, cls_named, prog, sub, domain;
	} f[] = {
		{ "lspci.txt", 0, 1, 0, 0, 0 },
		{ "lspci-D.txt", 0, 1, 0, 0, 1 },
		{ "lspci-n.txt", 1, 1, 0, 0, 0 },
		{ "lspci-nD.txt", 1, 1, 0, 0, 1 },
		{ "lspci-nn.txt", 1, 1, 0, 0, 0 },
		{ "lspci-m.txt", 0, 1, 1, 0, 0 },
		{ "lspci-mm.txt", 0, 1, 1, 0, 0 },
		{ "lspci-mD.txt", 0, 1, 1, 0, 1 },
		{ "lspci-mn.txt", 1, 1, 1, 1, 0 },
		{ "lspci-mmn.txt", 1, 1, 1, 1, 0 },
		{ "lspci-mnn.txt", 1, 1, 1, 1, 0 },
		{ "lspci-mmnn.txt", 1, 1, 1, 1, 0 },
		{ "lspci-nk.txt", 1, 1, 0, 1, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		struct pci_model m;
		char path[256];
		const struct pcidev *d;
		int k;

		snprintf(path, sizeof(path), FORMATS "%s", f[i].file);
		HVD_EXPECT_EQ(t, parse_lspci(path, NULL, &m), 6);
		if (m.n != 6) {
			free(m.devs);
			continue;
		}
		/* every listing leaves -vvv's detail unknown, never absent */
		for (k = 0; k < m.n; k++) {
			HVD_EXPECT_EQ(t, m.devs[k].known & NO_DETAIL, 0);
			HVD_EXPECT_TRUE(t, m.devs[k].known & PK_BRIEF);
		}
		d = dev(&m, "0000:00:01.0");
		HVD_ASSERT_TRUE(t, d != NULL);
		HVD_EXPECT_EQ(t, !!(d->known & PK_IDS), f[i].ids);
		if (f[i].ids) {
			HVD_EXPECT_EQ(t, d->vendor, 0x1af4);
			HVD_EXPECT_EQ(t, d->device, 0x1045);
			HVD_EXPECT_EQ(t, d->ids_from_name, 0);
		}
		/* "Unassigned class [ffff]", "ffff" */
		HVD_EXPECT_TRUE(t, d->known & PK_CLASS);
		HVD_EXPECT_EQ(t, d->cls >> 8, 0xffff);
		HVD_EXPECT_TRUE(t, d->known & PK_REV);
		HVD_EXPECT_EQ(t, d->rev, 1);
		if (f[i].sub) {
			HVD_EXPECT_EQ(t, d->subvendor, 0x1af4);
			HVD_EXPECT_EQ(t, d->subdevice, 0x1045);
		}
		if (!strcmp(f[i].file, "lspci-nk.txt")) {
			HVD_EXPECT_TRUE(t, d->known & PK_DRIVER);
			HVD_EXPECT_STREQ(t, d->driver, "virtio-pci");
		} else {
			HVD_EXPECT_FALSE(t, d->known & PK_DRIVER);
		}
		/* the host bridge: class 0600, no revision printed (rev 00) */
		d = &m.devs[0];
		HVD_EXPECT_STREQ(t, d->bdf, "0000:00:00.0");
		HVD_EXPECT_EQ(t, d->cls, 0x060000);
		HVD_EXPECT_FALSE(t, d->known & PK_REV);
		if (f[i].ids)
			HVD_EXPECT_EQ(t, d->device, 0x0d57);
		if (!f[i].ids && f[i].prog)
			HVD_EXPECT_TRUE(t, strstr(d->name, "Intel Corporation Device 0d57") != NULL);
		free(m.devs);
	}
}

/* lspci -nD, then lspci -mD of the same guest, each line behind LISA's prefix. */
static void lisa_nd_md(struct hvd_ktest *t)
{
	struct pci_model m;
	const struct pcidev *d;
	struct profile_set ps;
	const char *vf[] = { "7c4b:00:02.0", "a3f0:00:02.0" };
	size_t i;

	/* both listings name the same 7 functions: merged, not doubled */
	HVD_ASSERT_EQ(t, parse_lspci(SINGLE_VF "lspci-vvv.txt", NULL, &m), 7);
	HVD_EXPECT_EQ(t, m.n, 7);
	for (i = 0; i < ARRAY_SIZE(vf); i++) {
		d = dev(&m, vf[i]);
		HVD_ASSERT_TRUE(t, d != NULL);
		HVD_EXPECT_EQ(t, d->vendor, 0x15b3);
		HVD_EXPECT_EQ(t, d->device, 0x1016);
		HVD_EXPECT_EQ(t, d->ids_from_name, 0);	/* -n's ids, not the name's */
		HVD_EXPECT_EQ(t, d->cls, 0x020000);
		HVD_EXPECT_EQ(t, d->rev, 0x80);
		HVD_EXPECT_TRUE(t, strstr(d->name, "ConnectX-4 Lx Virtual Function") != NULL);
		HVD_EXPECT_EQ(t, d->known & (NO_DETAIL | PK_DRIVER), 0);
	}
	d = dev(&m, "0000:00:08.0");
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_EQ(t, d->vendor, 0x1414);
	HVD_EXPECT_EQ(t, d->device, 0x5353);
	HVD_EXPECT_FALSE(t, d->known & PK_REV);
	free(m.devs);

	/* the -mD lines alone: ids from the names a profile knows */
	HVD_ASSERT_EQ(t, parse_lspci(SINGLE_VF "lspci-vvv.txt", "\"", &m), 7);
	d = dev(&m, "a3f0:00:02.0");
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_FALSE(t, d->known & PK_IDS);	/* the parser invents none */
	HVD_ASSERT_EQ(t, profiles_load_dir(&ps, FIXTURES "/../../profiles"), 0);
	collect_pci_names(&m, &ps);
	profiles_free(&ps);
	HVD_EXPECT_EQ(t, d->vendor, 0x15b3);
	HVD_EXPECT_EQ(t, d->device, 0x1016);
	HVD_EXPECT_EQ(t, d->ids_from_name, 1);
	HVD_EXPECT_EQ(t, d->cls, 0x020000);
	HVD_EXPECT_EQ(t, d->rev, 0x80);
	d = dev(&m, "0000:00:07.1");	/* "IDE interface" ... -r01 -p80 */
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_FALSE(t, d->known & PK_IDS);	/* no invented ids */
	HVD_EXPECT_EQ(t, d->rev, 1);
	free(m.devs);

	/* the -nD lines alone */
	HVD_ASSERT_EQ(t, parse_lspci(SINGLE_VF "lspci-vvv.txt", "cmd[1084]", &m), 7);
	d = dev(&m, "7c4b:00:02.0");
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_EQ(t, d->device, 0x1016);
	HVD_EXPECT_STREQ(t, d->name, "");
	free(m.devs);
}

/* Eight ConnectX-3 VFs (15b3:1004) in -nD and -mD, LISA prefix. */
static void lisa_stress(struct hvd_ktest *t)
{
	struct pci_model m;
	int i, vfs = 0;

	HVD_ASSERT_EQ(t, parse_lspci(STRESS "lspci-vvv.txt", NULL, &m), 13);
	for (i = 0; i < m.n; i++)
		if (m.devs[i].vendor == 0x15b3 && m.devs[i].device == 0x1004 &&
		    !m.devs[i].ids_from_name && m.devs[i].addr.domain &&
		    strstr(m.devs[i].name, "ConnectX-3/ConnectX-3 Pro Virtual Function"))
			vfs++;
	HVD_EXPECT_EQ(t, vfs, 8);
	HVD_EXPECT_TRUE(t, dev(&m, "cab6:00:02.0") != NULL);
	free(m.devs);
}

/* The whole LISA excerpts in tests/fixtures/captures: harness lines around. */
static void lisa_captures(struct hvd_ktest *t)
{
	struct pci_model m;
	const struct pcidev *d;

	HVD_ASSERT_EQ(t, parse_lspci(CAPTURES "lspci-nD-mD-cx4lx-vf--lisa-ai-data-sriov-single-vf.txt",
				     NULL, &m), 7);
	d = dev(&m, "7c4b:00:02.0");
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_EQ(t, d->device, 0x1016);
	free(m.devs);

	/* lspci -nks: subsystem ids and the bound driver, no -v detail */
	HVD_ASSERT_EQ(t, parse_lspci(CAPTURES "sysfs-lower-links-lspci-nks--lisa-ai-data-sriov-single-vf.txt",
				     NULL, &m), 2);
	d = dev(&m, "a3f0:00:02.0");
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_EQ(t, d->subvendor, 0x15b3);
	HVD_EXPECT_EQ(t, d->subdevice, 0x0190);
	HVD_EXPECT_TRUE(t, d->known & PK_DRIVER);
	HVD_EXPECT_STREQ(t, d->driver, "mlx5_core");
	HVD_EXPECT_EQ(t, d->known & NO_DETAIL, 0);
	free(m.devs);

	/* -nn -v (a cut -v block): still read as before, and not a listing */
	HVD_ASSERT_EQ(t, parse_lspci(CAPTURES "lspci-nnv-cx4lx-vf-photon--azure-docs-issue-45303.txt",
				     NULL, &m), 1);
	HVD_EXPECT_EQ(t, m.devs[0].device, 0x1016);
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_BRIEF);
	free(m.devs);

	/* -vvv: complete, and not a listing */
	HVD_ASSERT_EQ(t, parse_lspci(FIXTURES "/seed/lspci-vvv.txt", NULL, &m), 1);
	HVD_EXPECT_TRUE(t, m.devs[0].known & PK_CAPS);
	HVD_EXPECT_TRUE(t, m.devs[0].known & PK_BARS);
	HVD_EXPECT_FALSE(t, m.devs[0].known & PK_BRIEF);
	free(m.devs);
}

static int parse_text(const char *txt, struct pci_model *m)
{
	struct linereader lr;
	char err[160];
	int r;

	memset(m, 0, sizeof(*m));
	lr_init_mem(&lr, txt, strlen(txt), 0);
	r = lspci_text_parse(&lr, m, err, sizeof(err));
	lr_free(&lr);
	return r;
}

/* A prefix is stripped only in the shape the first line shows. */
static void prefix_conservative(struct hvd_ktest *t)
{
	struct pci_model m;

	/* first line without a prefix: a later prefixed line stays whole */
	HVD_EXPECT_EQ(t, parse_text(
		"0000:00:08.0 0300: 1414:5353\n"
		"2025-06-03 18:00:27.556[3176][DEBUG] lisa.env[generated_264].node[0].cmd[1084].stdout 7c4b:00:02.0 0200: 15b3:1016 (rev 80)\n",
		&m), 1);
	free(m.devs);
	/* another shape on a later line (syslog, another clock) stays whole */
	HVD_ASSERT_EQ(t, parse_text(
		"2025-06-03 18:00:27.556[3176][DEBUG] lisa.env[generated_264].node[0].cmd[1084].stdout 0000:00:08.0 0300: 1414:5353\n"
		"Jun  3 18:00:27 host lspci: 7c4b:00:02.0 0200: 15b3:1016 (rev 80)\n"
		"2025-06-03 18:00:27[3176][DEBUG] lisa.stdout a3f0:00:02.0 0200: 15b3:1016 (rev 80)\n",
		&m), 1);
	HVD_EXPECT_STREQ(t, m.devs[0].bdf, "0000:00:08.0");
	free(m.devs);
	/* a bracket prefix without a logger name, a syslog one, a bare stamp */
	HVD_EXPECT_EQ(t, parse_text(
		"2025-06-03 18:00:27,556 [INFO] 7c4b:00:02.0 0200: 15b3:1016 (rev 80)\n"
		"2025-06-03 18:00:28,001 [INFO] a3f0:00:02.0 0200: 15b3:1016 (rev 80)\n", &m), 2);
	free(m.devs);
	HVD_EXPECT_EQ(t, parse_text(
		"Jun  3 18:00:27 vm1 collect[812]: 7c4b:00:02.0 0200: 15b3:1016 (rev 80)\n", &m), 1);
	HVD_EXPECT_EQ(t, m.n == 1 ? m.devs[0].device : 0, 0x1016);
	free(m.devs);
	HVD_EXPECT_EQ(t, parse_text(
		"2024-01-12T10:00:00.1234567Z 7c4b:00:02.0 0200: 15b3:1016 (rev 80)\n", &m), 1);
	free(m.devs);
	/* content is never taken for a prefix: a date alone is not one */
	HVD_EXPECT_EQ(t, parse_text("2025-06-03 7c4b:00:02.0 0200: 15b3:1016\n", &m), -1);
	free(m.devs);
}

static int parse_ip(const char *path, struct net_model *m)
{
	struct linereader lr;
	char *text;
	size_t len;
	int r;

	memset(m, 0, sizeof(*m));
	text = slurp(path, &len);
	if (!text)
		return -2;
	lr_init_mem(&lr, text, len, 0);
	r = ipaddr_text_parse(&lr, m);
	lr_free(&lr);
	free(text);
	return r;
}

/* `ip addr show` behind LISA's prefix: links, masters, addresses. */
static void ipaddr_lisa(struct hvd_ktest *t)
{
	static const char *const files[] = {
		SINGLE_VF "ip-addr.txt",
		CAPTURES "ip-addr-vf-enslaved--lisa-ai-data-sriov-single-vf.txt",
	};
	struct net_model m;
	struct netdev *d;
	size_t i;
	int k;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		HVD_EXPECT_EQ(t, parse_ip(files[i], &m), 5);
		d = net_find(&m, "enP31819s1", 0);
		HVD_ASSERT_TRUE(t, d != NULL);
		HVD_EXPECT_STREQ(t, d->master, "eth0");
		HVD_EXPECT_TRUE(t, d->flags & 0x800);
		HVD_EXPECT_EQ(t, d->naddrs, 0);
		d = net_find(&m, "eth1", 0);
		HVD_ASSERT_TRUE(t, d != NULL);
		HVD_EXPECT_STREQ(t, d->addrs[0], "10.0.0.18/24");
		HVD_EXPECT_STREQ(t, d->mac, "7c:1e:52:3e:f6:cb");
		for (k = 0; k < m.n; k++)	/* no link made of a timestamp */
			HVD_EXPECT_FALSE(t, m.devs[k].name[0] >= '0' && m.devs[k].name[0] <= '9');
		free(m.devs);
	}
	/* eight NICs; one VF kept its kernel name */
	HVD_EXPECT_EQ(t, parse_ip(STRESS "ip-addr.txt", &m), 17);
	d = net_find(&m, "eth8", 0);
	HVD_ASSERT_TRUE(t, d != NULL);
	HVD_EXPECT_STREQ(t, d->master, "eth4");
	HVD_EXPECT_EQ(t, d->naddrs, 0);
	free(m.devs);
}

static const struct hvd_ktest_case lspci_format_cases[] = {
	{ "listing_formats", listing_formats },
	{ "lisa_nd_md", lisa_nd_md },
	{ "lisa_stress", lisa_stress },
	{ "lisa_captures", lisa_captures },
	{ "prefix_conservative", prefix_conservative },
	{ "ipaddr_lisa", ipaddr_lisa },
	{ 0, 0 },
};
const struct hvd_ktest_suite lspci_formats_suite = { "lspci_formats", lspci_format_cases, 0, 0 };

/* ---- lineprefix: timestamps and prefix shapes ---- */

static void timestamps(struct hvd_ktest *t)
{
	char form[40];

	HVD_EXPECT_EQ(t, lp_timestamp("2025-06-03 18:00:27.556[3176]", form), 23);
	HVD_EXPECT_STREQ(t, form, "9999-99-99 99:99:99.999");
	HVD_EXPECT_EQ(t, lp_timestamp("2024-01-12T10:00:00+00:00 host kernel: x", NULL), 25);
	HVD_EXPECT_EQ(t, lp_timestamp("2024-01-12T10:00:00+0000 h", NULL), 24);
	HVD_EXPECT_EQ(t, lp_timestamp("2024-01-12T10:00:00.1234567Z x", NULL), 28);
	HVD_EXPECT_EQ(t, lp_timestamp("Jul 23 16:19:49 rac1 kernel: x", form), 15);
	HVD_EXPECT_STREQ(t, form, "Mmm 99 99:99:99");
	HVD_EXPECT_EQ(t, lp_timestamp("Aug  3 16:19:49.123456 test-b1 kernel: x", form), 22);
	HVD_EXPECT_STREQ(t, form, "Mmm 99 99:99:99.999999");
	/* not timestamps */
	HVD_EXPECT_EQ(t, lp_timestamp("2025-06-03 text", NULL), 0);
	HVD_EXPECT_EQ(t, lp_timestamp("0000:00:00.0 0600: 8086:7192", NULL), 0);
	HVD_EXPECT_EQ(t, lp_timestamp("Jul 23 kernel", NULL), 0);
	HVD_EXPECT_EQ(t, lp_timestamp("Foo 23 16:19:49 x", NULL), 0);
	HVD_EXPECT_EQ(t, lp_timestamp("2025-06-03 18:00", NULL), 0);
	HVD_EXPECT_EQ(t, lp_timestamp("", NULL), 0);
}

static void prefixes(struct hvd_ktest *t)
{
	static const char lisa[] =
		"2025-06-03 18:00:27.778[1404][DEBUG] lisa.env[generated_264].node[0].cmd[3854].stdout     link/ether 7c:1e:52:3e:f0:ce brd ff:ff:ff:ff:ff:ff";
	static const char harness[] =
		"2025-06-03 18:00:27.504[4776][DEBUG] lisa.env[generated_264].node[0].cmd[1084] cmd: ['sudo', 'sh', '-c', 'lspci -nD']";
	struct lp_shape sh, sh2;
	size_t n;

	n = lp_prefix(lisa, LP_NONE, &sh);
	HVD_EXPECT_EQ(t, sh.kind, LP_BRACKET);
	HVD_EXPECT_STREQ(t, lisa + n, "    link/ether 7c:1e:52:3e:f0:ce brd ff:ff:ff:ff:ff:ff");
	HVD_EXPECT_STREQ(t, sh.form, "9999-99-99 99:99:99.999[9][A]");
	/* the harness's own line: the same shape, its logger name kept */
	n = lp_prefix(harness, LP_NONE, &sh2);
	HVD_EXPECT_STREQ(t, sh2.form, sh.form);
	HVD_EXPECT_TRUE(t, hv_startswith(harness + n, "lisa.env[generated_264]"));
	/* an empty stdout line: all of it is prefix */
	n = lp_prefix("2025-06-03 18:00:27.778[1404][DEBUG] a.stdout", LP_NONE, &sh);
	HVD_EXPECT_EQ(t, n, strlen("2025-06-03 18:00:27.778[1404][DEBUG] a.stdout"));
	n = lp_prefix("Jul 23 16:19:49 rac1 kernel: [ 1.0] x", LP_NONE, &sh);
	HVD_EXPECT_EQ(t, sh.kind, LP_SYSLOG);
	HVD_EXPECT_EQ(t, n, 29);
	n = lp_prefix("2024-01-12T10:00:00Z 1: lo: <LOOPBACK>", LP_NONE, &sh);
	HVD_EXPECT_EQ(t, sh.kind, LP_STAMP);
	HVD_EXPECT_EQ(t, n, 21);
	/* asked for another kind: none */
	HVD_EXPECT_EQ(t, lp_prefix(lisa, LP_SYSLOG, &sh), 0);
	HVD_EXPECT_EQ(t, lp_prefix("1: lo: <LOOPBACK,UP>", LP_NONE, &sh), 0);
	HVD_EXPECT_EQ(t, lp_prefix("\tSubsystem: 15b3:0190", LP_NONE, &sh), 0);
}

static void strip_lines(struct hvd_ktest *t)
{
	char a[] = "2025-06-03 18:00:27.556[3176][DEBUG] x.stdout 0000:00:00.0 0600: 8086:7192 (rev 03)";
	char b[] = "2025-06-03 18:00:27.630[4392][DEBUG] y.stdout \tSubsystem: 15b3:0190";
	char c[] = "Jun  3 18:00:27 vm lspci: 0000:00:07.0 0601: 8086:7110";
	char d[] = "0000:00:00.0 0600: 8086:7192 (rev 03)";
	struct lp_strip st;
	size_t n;
	char *s;

	lp_strip_init(&st);
	n = 0;
	s = lp_strip_line(&st, (char *)"", &n);	/* empty lines decide nothing */
	HVD_EXPECT_EQ(t, st.state, 0);
	n = strlen(a);
	s = lp_strip_line(&st, a, &n);
	HVD_EXPECT_STREQ(t, s, "0000:00:00.0 0600: 8086:7192 (rev 03)");
	HVD_EXPECT_EQ(t, n, strlen(s));
	n = strlen(b);
	s = lp_strip_line(&st, b, &n);
	HVD_EXPECT_STREQ(t, s, "\tSubsystem: 15b3:0190");
	n = strlen(c);
	HVD_EXPECT_TRUE(t, lp_strip_line(&st, c, &n) == c);	/* other shape */
	HVD_EXPECT_EQ(t, st.stripped, 2);

	lp_strip_init(&st);
	n = strlen(d);
	HVD_EXPECT_TRUE(t, lp_strip_line(&st, d, &n) == d);
	HVD_EXPECT_EQ(t, st.state, -1);
	n = strlen(a);
	HVD_EXPECT_TRUE(t, lp_strip_line(&st, a, &n) == a);	/* decided: off */
}

static const struct hvd_ktest_case lineprefix_cases[] = {
	{ "timestamps", timestamps },
	{ "prefixes", prefixes },
	{ "strip_lines", strip_lines },
	{ 0, 0 },
};
const struct hvd_ktest_suite lineprefix_suite = { "lineprefix", lineprefix_cases, 0, 0 };
