// SPDX-License-Identifier: GPL-2.0
/*
 * Redaction: one stand-in per identifier in every spelling, stand-ins that
 * never collide and stay valid addresses, and what the diagnosis needs kept.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "collect/redact.h"
#include "base/util.h"

static char *red(struct redact *r, const char *in)
{
	size_t n;

	return redact_text(r, in, strlen(in), &n);
}

static void redact_consistent(struct hvd_ktest *t)
{
	static const char in[] = "mac 00:0d:3a:1e:2b:3c ip 10.0.0.4 again 00:0d:3a:1e:2b:3c "
				 "bdf 0002:00:02.0 time 16:19:49 ver 4.2-1.2 v6 2001:4898:1:2::5";
	struct redact *r = redact_new();
	char *out = red(r, in);

	HVD_EXPECT_STREQ(t, out, "mac 02:00:00:00:00:01 ip 198.18.0.1 again 02:00:00:00:00:01 "
			 "bdf 0002:00:02.0 time 16:19:49 ver 4.2-1.2 v6 2001:db8::1");
	free(out);
	redact_free(r);
}

/* One MAC in six spellings: one stand-in, each spelling's style kept. */
static void redact_mac_spellings(struct hvd_ktest *t)
{
	static const char in[] =
		"a 00:0d:3a:1e:2b:3c\n"
		"b 00:0D:3A:1E:2B:3C\n"
		"c 00-0d-3a-1e-2b-3c\n"
		"d E:ID_NET_NAME_MAC=enx000d3a1e2b3c\n"
		"e hv_netvsc 000d3a1e-2b3c-000d-3a1e-2b3c000d3a1e eth0: VF slot 1 added\n"
		"f 000D3A1E2B3C\n"
		"g multicast 01:00:5e:00:00:fb zero 00:00:00:00:00:00 bcast ff:ff:ff:ff:ff:ff\n";
	static const char want[] =
		"a 02:00:00:00:00:01\n"
		"b 02:00:00:00:00:01\n"
		"c 02-00-00-00-00-01\n"
		"d E:ID_NET_NAME_MAC=enx020000000001\n"
		"e hv_netvsc 02000000-0001-0200-0000-000102000000 eth0: VF slot 1 added\n"
		"f 020000000001\n"
		"g multicast 03:00:00:00:00:02 zero 00:00:00:00:00:00 bcast ff:ff:ff:ff:ff:ff\n";
	struct redact *r = redact_new();
	char *out = red(r, in);

	HVD_EXPECT_STREQ(t, out, want);
	free(out);
	/* the same MAC in a later file: the same stand-in */
	out = red(r, "link/ether 00:0d:3A:1e:2b:3c brd ff:ff:ff:ff:ff:ff");
	HVD_EXPECT_STREQ(t, out, "link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff");
	free(out);
	redact_free(r);
}

/* 1000 distinct IPv4 addresses and 1000 MACs: 2000 distinct stand-ins. */
static void redact_no_collisions(struct hvd_ktest *t)
{
	struct redact *r = redact_new();
	char in[64], seen4[1000][20], seenm[1000][20];
	int i, j, bad = 0, range = 0, la = 0;

	for (i = 0; i < 1000; i++) {
		char *o;
		unsigned int a, b, c, d, m0;

		snprintf(in, sizeof(in), "10.%d.%d.%d", i / 250, i % 250, 1 + i % 7);
		o = red(r, in);
		hv_strlcpy(seen4[i], o ? o : "", sizeof(seen4[i]));
		if (!o || sscanf(o, "%u.%u.%u.%u", &a, &b, &c, &d) != 4 ||
		    a != 198 || (b != 18 && b != 19) || c > 255 || d > 255)
			range++;
		free(o);
		snprintf(in, sizeof(in), "00:15:5d:%02x:%02x:%02x", i >> 8, i & 255, i % 13);
		o = red(r, in);
		hv_strlcpy(seenm[i], o ? o : "", sizeof(seenm[i]));
		if (!o || sscanf(o, "%x:", &m0) != 1 || !(m0 & 2) || (m0 & 1))
			la++;
		free(o);
	}
	for (i = 0; i < 1000; i++)
		for (j = i + 1; j < 1000; j++)
			bad += !strcmp(seen4[i], seen4[j]) + !strcmp(seenm[i], seenm[j]);
	HVD_EXPECT_EQ(t, bad, 0);
	HVD_EXPECT_EQ(t, range, 0);
	HVD_EXPECT_EQ(t, la, 0);
	HVD_EXPECT_STREQ(t, seen4[999], "198.18.3.232");
	redact_free(r);
}

/* The IPv4 stand-ins run out after the /15, with an error, not a wrap. */
static void redact_v4_overflow(struct hvd_ktest *t)
{
	struct redact *r = redact_new();
	struct sbuf in;
	char *o;
	size_t n;
	unsigned int i;

	sbuf_init(&in);
	for (i = 0; i < REDACT_V4_MAX; i++)
		sbuf_addf(&in, "10.%u.%u.%u\n", i >> 16, (i >> 8) & 255, i & 255);
	o = redact_text(r, in.s, in.len, &n);
	HVD_EXPECT_TRUE(t, o != NULL);
	HVD_EXPECT_TRUE(t, o && n > 15 && !strcmp(o + n - 15, "198.19.255.254\n"));
	HVD_EXPECT_TRUE(t, o && strstr(o, "198.18.0.0\n") == NULL);
	free(o);
	o = red(r, "one more 11.0.0.1");
	HVD_EXPECT_TRUE(t, o == NULL);
	HVD_EXPECT_TRUE(t, strstr(redact_error(r), "IPv4") != NULL);
	free(o);
	/* ones seen before still have their stand-in */
	o = red(r, "10.0.0.0");
	HVD_EXPECT_STREQ(t, o, "198.18.0.1");
	free(o);
	sbuf_free(&in);
	redact_free(r);
}

/* IPv6 stand-ins parse, keep their scope, and one address in any spelling
 * has one stand-in. */
static void redact_v6_valid(struct hvd_ktest *t)
{
	static const char *const in[] = {
		"fe80::20d:3aff:fe03:1646", "FE80::20D:3AFF:FE03:1646",
		"fe80:0:0:0:20d:3aff:fe03:1646", "fe80::215:5dff:fe33:ff1b",
		"2603:10e1:100:2::a00:5", "2603:10E1:100:2:0:0:A00:5",
		"fd00:1:2:3::4", "::ffff:10.0.0.5",
	};
	char *o[8];
	unsigned char b[16];
	size_t i;
	int bad = 0;

	struct redact *r = redact_new();

	for (i = 0; i < 8; i++) {
		char buf[80];
		char *sp;

		snprintf(buf, sizeof(buf), "inet6 %s/64 scope", in[i]);
		o[i] = red(r, buf);
		if (!o[i] || strncmp(o[i], "inet6 ", 6) || !(sp = strchr(o[i] + 6, '/'))) {
			bad++;
			continue;
		}
		*sp = '\0';
		memmove(o[i], o[i] + 6, strlen(o[i] + 6) + 1);
		if (inet_pton(AF_INET6, o[i], b) != 1)
			bad++;
		else if (i < 4 && (b[0] != 0xfe || b[1] != 0x80 || b[2] || b[7]))
			bad++;	/* fe80::/64 */
		else if (i >= 4 && (b[0] != 0x20 || b[1] != 0x01 || b[2] != 0x0d || b[3] != 0xb8))
			bad++;	/* 2001:db8::/32 */
	}
	HVD_EXPECT_EQ(t, bad, 0);
	HVD_EXPECT_STREQ(t, o[0], "fe80::1");
	HVD_EXPECT_TRUE(t, o[1] && !strcasecmp(o[0], o[1]) && !strcmp(o[0], o[2]));
	HVD_EXPECT_TRUE(t, o[3] && strcmp(o[0], o[3]));
	HVD_EXPECT_TRUE(t, o[5] && !strcasecmp(o[4], o[5]));
	HVD_EXPECT_TRUE(t, o[6] && strcmp(o[4], o[6]) && strcmp(o[6], o[7]));
	for (i = 0; i < 8; i++)
		free(o[i]);
	redact_free(r);
}

/* What the diagnosis reads is not touched. */
static void redact_keeps(struct hvd_ktest *t)
{
	static const char in[] =
		"mlx5_core 7c4b:00:02.0: firmware version: 16.30.1004\n"
		"pci 0000:00:08.0: [15b3:1016] type 00 class 0x020000\n"
		"hv_pci 44c4f61d-4444-4400-9d52-802e27ede19f class_id\n"
		"f8615163-df3e-46c5-913f-f2d2f965ed0e ba6163d9-04a1-4d29-b605-72e2ffb1dc7f\n"
		"hv_pci 7622ea16-858c-4a2c-9d5a-0a1b2c3d4e5f: PCI VMBus probing: Using version 0x10004\n"
		"Linux version 5.15.0-1089-azure (buildd@lcy02) #98~20.04.1-Ubuntu SMP\n"
		"Linux version 3.10.108 4.18.0-240.el8.x86_64 6.8.0-1029-azure\n"
		"Hyper-V: Host Build 10.0.20348.3020-1-0 Vmbus version:5.3\n"
		"mana_q0@pci:7870:00:00.0 mlx4_en mlx5_core hv_netvsc hv_vmbus\n"
		"lo 127.0.0.1/8 ::1/128 0.0.0.0 255.255.255.0 ff02::1 224.0.0.251\n"
		"wire 168.63.129.16 imds 169.254.169.254 time 12:34:56.789\n"
		"    inet6 ::1/128 scope host\n";
	struct redact *r = redact_new();
	char *out = red(r, in);

	HVD_EXPECT_STREQ(t, out, in);
	free(out);
	redact_free(r);
}

static void redact_names(struct hvd_ktest *t)
{
	struct redact *r = redact_new();
	char *out;

	redact_add_host(r, "db.corp.example.com");
	redact_add_domain(r, "internal.cloudapp.net");
	redact_add_host(r, "(none)");
	redact_add_host(r, "localhost");
	out = red(r, "DB login: Welcome to db.Corp.Example.COM on db; dbx db-1 "
		  "search CORP.example.com internal.cloudapp.net localhost\n");
	HVD_EXPECT_STREQ(t, out, "host-1 login: Welcome to host-1.domain-1.example on host-1; "
			 "dbx db-1 search domain-1.example domain-2.example localhost\n");
	free(out);
	redact_free(r);
}

static void redact_uuid_serial(struct hvd_ktest *t)
{
	static const char in[] =
		"BOOT_IMAGE=/boot/vmlinuz root=UUID=0A1B2C3D-4e5f-6789-abcd-ef0123456789 ro\n"
		"root=PARTUUID=d198dd3b-01 resume=/dev/disk/by-uuid/5c6f1e2a-0000-4b4b-9c9c-123456789abc\n"
		"EXT4-fs (sda1): mounted filesystem 0a1b2c3d-4e5f-6789-abcd-ef0123456789 r/w\n"
		"\t\tCapabilities: [100 v1] Device Serial Number 00-15-5d-ff-fe-33-ff-1b\n"
		"\t\t\t[SN] Serial number: MT1539X01234\n"
		"board MT1539X01234 again 00-15-5D-FF-FE-33-FF-1B\n";
	static const char want[] =
		"BOOT_IMAGE=/boot/vmlinuz root=UUID=00000000-0000-0000-0000-000000000001 ro\n"
		"root=PARTUUID=00000000-02 resume=/dev/disk/by-uuid/00000000-0000-0000-0000-000000000003\n"
		"EXT4-fs (sda1): mounted filesystem 00000000-0000-0000-0000-000000000001 r/w\n"
		"\t\tCapabilities: [100 v1] Device Serial Number 02-00-00-00-00-00-00-01\n"
		"\t\t\t[SN] Serial number: serial-1\n"
		"board serial-1 again 02-00-00-00-00-00-00-01\n";
	struct redact *r = redact_new();
	char *out = red(r, in);
	unsigned char cfg[4096];

	HVD_EXPECT_STREQ(t, out, want);
	free(out);
	/* the same serial in binary config space: the same stand-in */
	memset(cfg, 0, sizeof(cfg));
	cfg[0x100] = 0x0b;			/* vendor-specific, next 0x140 */
	cfg[0x102] = 0x01;
	cfg[0x103] = 0x14;
	cfg[0x140] = 0x03;			/* DSN, last */
	cfg[0x142] = 0x01;
	memcpy(cfg + 0x144, "\x1b\xff\x33\xfe\xff\x5d\x15\x00", 8);
	HVD_EXPECT_EQ(t, redact_config(r, cfg, sizeof(cfg)), 0);
	HVD_EXPECT_TRUE(t, !memcmp(cfg + 0x144, "\x01\x00\x00\x00\x00\x00\x00\x02", 8));
	redact_free(r);
}

static const struct hvd_ktest_case redact_cases[] = {
	{ "consistent", redact_consistent },
	{ "mac_spellings", redact_mac_spellings },
	{ "no_collisions", redact_no_collisions },
	{ "v4_overflow", redact_v4_overflow },
	{ "v6_valid", redact_v6_valid },
	{ "keeps", redact_keeps },
	{ "names", redact_names },
	{ "uuid_serial", redact_uuid_serial },
	{ 0, 0 },
};
const struct hvd_ktest_suite redact_suite = { "redact", redact_cases, 0, 0 };
