// SPDX-License-Identifier: GPL-2.0
/*
 * The scan of a kernel-log file (collect_log.c, log_parts.c): what one pass
 * over the file finds must be what each line, parsed, matched alone gives,
 * and the parts of a cut file joined must give what one pass gives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "log_scan.h"
#include "suites.h"

/* The built-in events only: their catalogue indices are their numbers. */
static int events(struct catalog *c)
{
	return catalog_build(c, NULL, NULL);
}

static void model_free(struct log_model *m)
{
	log_model_free(m);
	memset(m, 0, sizeof(*m));
}

/* @len bytes of @text as a file, scanned in one range into @m. */
static int scan(const struct catalog *c, const char *text, size_t len,
		struct log_model *m)
{
	FILE *f = tmpfile();
	int r;

	memset(m, 0, sizeof(*m));
	m->npat = c->n;
	m->hits = calloc((size_t)c->n, sizeof(*m->hits));
	if (!f || !m->hits || fwrite(text, 1, len, f) != len || fflush(f)) {
		if (f)
			fclose(f);
		return -1;
	}
	r = log_scan_range(m, c, fileno(f), 0, -1);
	fclose(f);
	return r;
}

/*
 * `dmesg --color=always` (util-linux 2.38.1) colours the stamp and the
 * subsystem prefix: the reset sequence lands inside "hv_vmbus: registering
 * driver hv_pci" and ": joined to ". The parser removes escapes, so the
 * file must give what the plain log gives.
 */
static void logscan_colour(struct hvd_ktest *t)
{
	static const char plain[] =
		"[    1.000000] hv_vmbus: registering driver hv_pci\n"
		"[    2.000000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF slot 1 added\n"
		"[    3.000000] mlx4_core 0002:00:02.0 eth2: joined to eth1\n";
	static const char colour[] =
		"\x1b[32m[    1.000000] \x1b[0m\x1b[33mhv_vmbus: \x1b[0mregistering driver hv_pci\n"
		"\x1b[32m[    2.000000] \x1b[0m\x1b[33mhv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: \x1b[0mVF slot 1 added\n"
		"\x1b[32m[    3.000000] \x1b[0m\x1b[33mmlx4_core 0002:00:02.0 eth2: \x1b[0mjoined to eth1\n";
	static const int ev[] = { EV_REG_HV_PCI, EV_VF_SLOT_ADDED, EV_VF_JOINED };
	struct catalog c;
	struct log_model a, b;
	size_t i;

	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, plain, sizeof(plain) - 1, &a), 0);
	HVD_ASSERT_EQ(t, scan(&c, colour, sizeof(colour) - 1, &b), 0);
	HVD_EXPECT_EQ(t, b.lines, 3);
	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		const struct log_hits *x = &a.hits[ev[i]], *y = &b.hits[ev[i]];

		HVD_EXPECT_EQ(t, x->count, 1);
		HVD_EXPECT_EQ(t, y->count, 1);
		if (x->count != 1 || y->count != 1)
			continue;
		HVD_EXPECT_EQ(t, y->hit[0].lineno, i + 1);
		HVD_EXPECT_TRUE(t, y->first_ts == (double)(i + 1));
		HVD_EXPECT_STREQ(t, y->hit[0].text, x->hit[0].text);
		HVD_EXPECT_STREQ(t, y->hit[0].dev, x->hit[0].dev);
	}
	model_free(&a);
	model_free(&b);
	catalog_free(&c);
}

/*
 * Other control bytes the parser cleans (NUL, tab, DEL made spaces, a CR
 * inside a line dropped) can make an anchor the raw bytes lack, also on a
 * line that holds another anchor; a CR ending a line (a serial capture)
 * changes nothing.
 */
static void logscan_control_bytes(struct hvd_ktest *t)
{
	static const char text[] =
		"VF\0slot 1 added\n"
		"VF\tslot 2 added\n"
		"VF\x7fslot 3 added\n"
		"VF sl\rot 4 added\n"
		"VF slot 5 added\r\n"
		"nothing here\r\n"
		"VF slot 6 added, hv_vmbus:\x1b[0m registering driver hv_pci\n"
		"VF slot 7 removed\x01\n";
	struct catalog c;
	struct log_model m;
	int k;

	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, text, sizeof(text) - 1, &m), 0);
	HVD_EXPECT_EQ(t, m.lines, 8);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_ADDED].count, 6);
	for (k = 0; k < m.hits[EV_VF_SLOT_ADDED].kept && k < 6; k++)
		HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_ADDED].hit[k].lineno,
			      k < 5 ? k + 1 : 7);
	HVD_EXPECT_EQ(t, m.hits[EV_REG_HV_PCI].count, 1);
	HVD_EXPECT_EQ(t, m.hits[EV_REG_HV_PCI].last.lineno, 7);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_REMOVED].count, 1);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_REMOVED].last.lineno, 8);
	if (m.hits[EV_VF_SLOT_ADDED].count)
		HVD_EXPECT_STREQ(t, m.hits[EV_VF_SLOT_ADDED].hit[0].text,
				 "VF slot 1 added");
	model_free(&m);
	catalog_free(&c);
}

/*
 * The same hidden anchors at every offset of a 16-byte lane and of a
 * line's tail, with harmless CRs ending lines and tab lines between them:
 * the check of a line's bytes for control bytes is done 16 at a time.
 */
static void logscan_control_everywhere(struct hvd_ktest *t)
{
	static const char *const kinds[] = {
		"hv_vmbus:\x1b[0m registering driver hv_pci\n",
		"VF@slot %d added\n",		/* @: a NUL */
		"VF slot %d removed\r\n",
		"eth1:\x7fjoined to eth0\n",
	};
	static const int ev[] = {
		EV_REG_HV_PCI, EV_VF_SLOT_ADDED, EV_VF_SLOT_REMOVED, EV_VF_JOINED,
	};
	static const char fill[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	char *text = malloc(64 * 160), *p = text;
	unsigned long line = 0, want[4][16];
	struct catalog c;
	struct log_model m;
	int k, i;

	HVD_ASSERT_TRUE(t, text != NULL);
	for (k = 0; k < 64; k++) {
		char *at;
		int n = sprintf(p, "%.*s", k, fill);

		n += sprintf(p + n, kinds[k % 4], k);
		at = memchr(p, '@', (size_t)n);
		if (at)
			*at = '\0';
		p += n;
		want[k % 4][k / 4] = ++line;
		p += sprintf(p, "\tfiller %d\r\n", k);
		line++;
	}
	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, text, (size_t)(p - text), &m), 0);
	HVD_EXPECT_EQ(t, m.lines, line);
	for (i = 0; i < 4; i++) {
		const struct log_hits *h = &m.hits[ev[i]];

		HVD_EXPECT_EQ(t, h->count, 16);
		for (k = 0; k < h->kept && k < 16; k++)
			HVD_EXPECT_EQ(t, h->hit[k].lineno, want[i][k]);
	}
	model_free(&m);
	catalog_free(&c);
	free(text);
}


/*
 * A log cut where the parallel scan cuts it (log_cut), each part scanned on
 * its own and joined in order (log_join): the one range's model, field for
 * field, whatever the number of parts; each cut starts a line.
 */

static const struct hvd_ktest_case logscan_cases[] = {
	{ "colour", logscan_colour },
	{ "control_bytes", logscan_control_bytes },
	{ "control_everywhere", logscan_control_everywhere },
	{ 0, 0 },
};
const struct hvd_ktest_suite logscan_suite = { "logscan", logscan_cases, 0, 0 };
