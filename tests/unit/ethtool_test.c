// SPDX-License-Identifier: GPL-2.0
/*
 * netvsc's ethtool counters: the text of `ethtool -S` (the Azure docs'
 * example of a synthetic NIC, tests/fixtures/captures) and the live
 * SIOCETHTOOL path (on this machine's first NIC with statistics, when
 * there is one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/ethtool_text.h"
#include "source/source.h"
#include "suites.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = malloc(1 << 16);

	*len = 0;
	if (!f || !b) {
		if (f)
			fclose(f);
		free(b);
		return NULL;
	}
	*len = fread(b, 1, (1 << 16) - 1, f);
	fclose(f);
	b[*len] = '\0';
	return b;
}

/* The five vf_* counters of the docs' example, as printed there. */
static void ethtool_docs_capture(struct hvd_ktest *t)
{
	struct nic_stats st;
	size_t len;
	char *text = slurp(FIXTURES "/captures/ethtool-S-vf-counters--azure-docs-create-vm-accelerated-networking-cli.txt", &len);

	HVD_ASSERT_TRUE(t, text != NULL);
	memset(&st, 0, sizeof(st));
	HVD_EXPECT_EQ(t, ethtool_text_parse(text, len, &st), 5);
	HVD_EXPECT_TRUE(t, st.known && st.has_vf && !st.has_queues);
	HVD_EXPECT_EQ(t, st.vf_rx_packets, 992956);
	HVD_EXPECT_EQ(t, st.vf_rx_bytes, 2749784180ull);
	HVD_EXPECT_EQ(t, st.vf_tx_packets, 2656684);
	HVD_EXPECT_EQ(t, st.vf_tx_bytes, 1099443970);
	HVD_EXPECT_EQ(t, st.vf_tx_dropped, 0);
	free(text);
}

/*
 * The shape ethtool prints (header, indented lines) and what is not a
 * counter: prose, a value with trailing words, an overflowing value. The
 * queue counters of every channel add up; bytes are not packets.
 */
static void ethtool_shapes(struct hvd_ktest *t)
{
	static const char text[] =
		"NIC statistics:\n"
		"     tx_scattered: 0\n"
		"     vf_rx_packets: 10\n"
		"     vf_tx_packets: 20\r\n"
		"     tx_queue_0_packets: 100\n"
		"     tx_queue_0_bytes: 5000\n"
		"     rx_queue_0_packets: 7\n"
		"     rx_queue_15_packets: 3\n"
		"     rx_queue_x_packets: 1000\n"
		"     vf_tx_dropped: 4 packets\n"
		"     vf_rx_bytes: 99999999999999999999999\n"
		"Cannot get stats strings information: Operation not supported\n";
	struct nic_stats st;

	memset(&st, 0, sizeof(st));
	HVD_EXPECT_EQ(t, ethtool_text_parse(text, sizeof(text) - 1, &st), 8);
	HVD_EXPECT_EQ(t, st.vf_rx_packets, 10);
	HVD_EXPECT_EQ(t, st.vf_tx_packets, 20);
	HVD_EXPECT_EQ(t, st.vf_tx_dropped, 0);
	HVD_EXPECT_EQ(t, st.vf_rx_bytes, 0);
	HVD_EXPECT_EQ(t, st.queue_packets, 110);
	HVD_EXPECT_TRUE(t, st.has_queues);
	memset(&st, 0, sizeof(st));
	HVD_EXPECT_EQ(t, ethtool_text_parse("", 0, &st), 0);
	HVD_EXPECT_FALSE(t, st.known);
}

static void live_cb(void *ctx, const char *name, unsigned long long v)
{
	nic_stats_add(ctx, name, (uint64_t)v);
}

/* SIOCETHTOOL (GDRVINFO, GSTRINGS, GSTATS) on a virtio_net or netvsc
 * NIC, which have statistics; loopback has none. */
static void ethtool_live(struct hvd_ktest *t)
{
	struct nic_stats st;
	char drv[256];
	ssize_t n;

	memset(&st, 0, sizeof(st));
	HVD_EXPECT_TRUE(t, src_ethtool_gstats("lo", live_cb, &st) < 0);
	HVD_EXPECT_TRUE(t, src_ethtool_gstats("no-such-nic0", live_cb, &st) < 0);
	n = readlink("/sys/class/net/eth0/device/driver", drv, sizeof(drv) - 1);
	if (n <= 0)
		return;
	drv[n] = '\0';
	if (!strstr(drv, "virtio_net") && !strstr(drv, "hv_netvsc"))
		return;
	memset(&st, 0, sizeof(st));
	HVD_EXPECT_EQ(t, src_ethtool_gstats("eth0", live_cb, &st), 0);
	HVD_EXPECT_TRUE(t, st.known);
}

static const struct hvd_ktest_case ethtool_cases[] = {
	{ "docs_capture", ethtool_docs_capture },
	{ "shapes", ethtool_shapes },
	{ "live", ethtool_live },
	{ 0, 0 },
};
const struct hvd_ktest_suite ethtool_suite = { "ethtool", ethtool_cases, 0, 0 };
