// SPDX-License-Identifier: GPL-2.0
/*
 * VF netdevs and synthetic NICs: the names netvsc's lines carry (every
 * kernel era), and the pairing of netdevs many to one per PCI function,
 * on real captured lines (tests/fixtures/mana-*, netvsc-centos73-3.10,
 * captures/).
 */
#include <stdlib.h>
#include <string.h>

#include "profile/catalog.h"
#include "parse/interrupts.h"
#include "parse/ipaddr_text.h"
#include "profile/kb.h"
#include "base/linereader.h"
#include "parse/net_pair.h"
#include "suites.h"

static void nics_of_lines(struct hvd_ktest *t)
{
	char syn[64], vf[64];

	/* 6.18, vyos-1x #5338 */
	HVD_ASSERT_EQ(t, event_nics(EV_VF_JOINED, "mana 7870:00:00.0 eth0: joined to e2",
				    syn, sizeof(syn), vf, sizeof(vf)), 0);
	HVD_EXPECT_STREQ(t, syn, "e2");
	HVD_EXPECT_STREQ(t, vf, "eth0");
	HVD_ASSERT_EQ(t, event_nics(EV_VF_REGISTERING,
				    "hv_netvsc f8615163-0001-1000-2000-70a8a5314d8b e3: VF registering: eth0",
				    syn, sizeof(syn), vf, sizeof(vf)), 0);
	HVD_EXPECT_STREQ(t, syn, "e3");
	HVD_EXPECT_STREQ(t, vf, "eth0");
	/* CentOS 7.3: netvsc named vmbus_N, no "joined to" */
	HVD_ASSERT_EQ(t, event_nics(EV_VF_UP, "hv_netvsc vmbus_11 eth0: VF up: eth1",
				    syn, sizeof(syn), vf, sizeof(vf)), 0);
	HVD_EXPECT_STREQ(t, syn, "eth0");
	HVD_EXPECT_STREQ(t, vf, "eth1");
	HVD_ASSERT_EQ(t, event_nics(EV_DP_FROM_VF,
				    "hv_netvsc 000d3a96-8b21-000d-3a96-8b21000d3a96 eth0: Data path switched from VF: enP1p0s2",
				    syn, sizeof(syn), vf, sizeof(vf)), 0);
	HVD_EXPECT_STREQ(t, syn, "eth0");
	HVD_EXPECT_STREQ(t, vf, "enP1p0s2");
	HVD_ASSERT_EQ(t, event_nics(EV_VF_SLOT_REMOVED,
				    "hv_netvsc 6045bdc0-bd67-6045-bdc0-bd676045bdc0 eth0: VF slot 1 removed",
				    syn, sizeof(syn), vf, sizeof(vf)), 0);
	HVD_EXPECT_STREQ(t, syn, "eth0");
	HVD_EXPECT_STREQ(t, vf, "");
	/* not a line of that event, or no name before the colon */
	HVD_EXPECT_EQ(t, event_nics(EV_VF_UP, "hv_netvsc vmbus_11 eth0: VF registering: eth1",
				    syn, sizeof(syn), vf, sizeof(vf)), -1);
	HVD_EXPECT_EQ(t, event_nics(EV_VF_JOINED, ": joined to eth0",
				    syn, sizeof(syn), vf, sizeof(vf)), -1);
	HVD_EXPECT_EQ(t, event_nics(EV_VF_JOINED, "x eth1: joined to ",
				    syn, sizeof(syn), vf, sizeof(vf)), -1);
}

static void joined_events_cover_eras(struct hvd_ktest *t)
{
	int i, reg = 0, up = 0, dp = 0, jn = 0;

	for (i = 0; i < nev_joined; i++) {
		jn += ev_joined[i] == EV_VF_JOINED;
		reg += ev_joined[i] == EV_VF_REGISTERING;
		up += ev_joined[i] == EV_VF_UP;
		dp += ev_joined[i] == EV_DP_TO_VF;
	}
	HVD_EXPECT_TRUE(t, jn == 1 && reg == 1 && up == 1 && dp == 1);
	HVD_EXPECT_EQ(t, ev_joined[0], EV_VF_JOINED);
	HVD_EXPECT_EQ(t, nev_removed, 3);
}

static struct netdev *add(struct net_model *m, const char *name, const char *mac,
			  const char *pci, const char *driver, const char *master,
			  int flags)
{
	struct netdev *d = net_find(m, name, 1);

	strcpy(d->mac, mac);
	strcpy(d->pci, pci);
	strcpy(d->driver, driver);
	strcpy(d->master, master);
	d->flags = flags;
	return d;
}

/* Two vPorts of one MANA function (vyos-1x #5338, 6.18: e2, e3). */
static void pair_many_to_one(struct hvd_ktest *t)
{
	struct net_model m;

	memset(&m, 0, sizeof(m));
	add(&m, "e2", "70:a8:a5:31:48:a8", "", "hv_netvsc", "", 0x1003);
	add(&m, "e3", "70:a8:a5:31:4d:8b", "", "hv_netvsc", "", 0x1003);
	add(&m, "vf_eth0", "70:a8:a5:31:48:a8", "7870:00:00.0", "mana", "e2", 0x1803);
	add(&m, "vf_eth1", "70:a8:a5:31:4d:8b", "7870:00:00.0", "mana", "", 0x1003);
	strcpy(m.devs[1].lower[m.devs[1].nlower++], "vf_eth1");
	net_pair(&m);
	HVD_EXPECT_STREQ(t, m.devs[2].synthetic, "e2");
	HVD_EXPECT_EQ(t, m.devs[2].pairing, PAIR_MASTER);
	HVD_EXPECT_STREQ(t, m.devs[3].synthetic, "e3");
	HVD_EXPECT_EQ(t, m.devs[3].pairing, PAIR_LOWER);
	HVD_EXPECT_EQ(t, m.devs[0].pairing, PAIR_NONE);	/* synthetic itself */
	/* the second vPort loses its link: only the MAC ties it, not joined */
	m.devs[1].nlower = 0;
	net_pair(&m);
	HVD_EXPECT_STREQ(t, m.devs[3].synthetic, "e3");
	HVD_EXPECT_EQ(t, m.devs[3].pairing, PAIR_MAC);
	HVD_EXPECT_STREQ(t, net_pairing_str(PAIR_MAC), "same MAC, not joined");
	/* a MAC twin is found case-insensitively, never a PCI-backed netdev */
	strcpy(m.devs[1].mac, "70:A8:A5:31:4D:8B");
	HVD_EXPECT_TRUE(t, net_twin(&m, &m.devs[3]) == &m.devs[1]);
	HVD_EXPECT_TRUE(t, net_twin(&m, &m.devs[1]) == NULL);
	free(m.devs);
}

/* The real `ip -br link` of a 4-NIC MANA guest (vyos-1x #5338). */
static void pair_brief_link(struct hvd_ktest *t)
{
	static const char txt[] =
"eth0             UP             60:45:bd:f3:fb:7b <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
"eth1             UP             60:45:bd:f3:f5:37 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
"vf_eth0          UP             60:45:bd:f3:fb:7b <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> \n"
"vf_eth1          UP             60:45:bd:f3:f5:37 <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> \n"
"pim6reg@NONE     UNKNOWN        <NOARP,UP,LOWER_UP> \n";
	struct linereader lr;
	struct net_model m;

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, txt, sizeof(txt) - 1, 0);
	HVD_ASSERT_EQ(t, ipaddr_text_parse(&lr, &m), 5);
	HVD_EXPECT_EQ(t, m.addr_lines, 0);	/* a link list: addresses unknown */
	HVD_EXPECT_STREQ(t, m.devs[2].mac, "60:45:bd:f3:fb:7b");
	HVD_EXPECT_EQ(t, m.devs[2].flags & 0x800, 0x800);
	HVD_EXPECT_STREQ(t, m.devs[4].name, "pim6reg");
	net_pair(&m);
	/* neither is netvsc by driver: the twin without SLAVE is the NIC */
	HVD_EXPECT_STREQ(t, m.devs[2].synthetic, "eth0");
	HVD_EXPECT_EQ(t, m.devs[2].pairing, PAIR_SLAVE);
	HVD_EXPECT_STREQ(t, m.devs[3].synthetic, "eth1");
	lr_free(&lr);
	free(m.devs);
}

/* Whose records apply: no mlx4 remedy on a MANA or mlx5 VF. */
static void kb_families(struct hvd_ktest *t)
{
	struct kb_entry e;
	struct profile *p;

	memset(&e, 0, sizeof(e));
	HVD_EXPECT_TRUE(t, kb_for_family(&e, "mana"));	/* no family: all */
	HVD_EXPECT_TRUE(t, kb_for_family(&e, NULL));
	e.family = (char *)"mana,mlx5";
	HVD_EXPECT_TRUE(t, kb_for_family(&e, "mana"));
	HVD_EXPECT_TRUE(t, kb_for_family(&e, "mlx5"));
	HVD_EXPECT_FALSE(t, kb_for_family(&e, "mlx4"));
	HVD_EXPECT_FALSE(t, kb_for_family(&e, "mlx"));
	HVD_EXPECT_FALSE(t, kb_for_family(&e, NULL));
	/* a profile's family: its own key, else its driver without "_core" */
	p = profile_load(FIXTURES "/../../profiles/mana.profile");
	HVD_ASSERT_TRUE(t, p != NULL);
	HVD_EXPECT_STREQ(t, p->family, "mana");
	profile_free(p);
	p = profile_load(FIXTURES "/../../profiles/mlx4-ofed-3.10.profile");
	HVD_ASSERT_TRUE(t, p != NULL);
	HVD_EXPECT_STREQ(t, p->family, "mlx4");
	profile_free(p);
	p = profile_load(FIXTURES "/../../profiles/rig-ivshmem.profile");
	HVD_ASSERT_TRUE(t, p != NULL);
	HVD_EXPECT_STREQ(t, p->family, "rig-ivshmem");
	profile_free(p);
}

/* Vector names carry their device (captures/interrupts-mana-...). */
static void irq_names(struct hvd_ktest *t)
{
	struct irq_line l;

	memset(&l, 0, sizeof(l));
	strcpy(l.desc, "Hyper-V PCIe MSI 4138200989697-edge      mana_q0@pci:7870:00:00.0");
	irq_line_device(&l);
	HVD_EXPECT_STREQ(t, l.action, "mana_q0");
	HVD_EXPECT_STREQ(t, l.dev, "7870:00:00.0");
	strcpy(l.desc, "Hyper-V PCIe MSI 40-edge      mlx4-1@0002:00:02.0");
	irq_line_device(&l);
	HVD_EXPECT_STREQ(t, l.action, "mlx4-1");
	HVD_EXPECT_STREQ(t, l.dev, "0002:00:02.0");
	/* the wrapped mail line: no device after '@', none taken */
	strcpy(l.desc, "Hyper-V PCIe MSI 4138200989700-edge      mana_q3");
	irq_line_device(&l);
	HVD_EXPECT_STREQ(t, l.action, "");
	HVD_EXPECT_STREQ(t, l.dev, "");
	strcpy(l.desc, "IO-APIC   2-edge      timer");
	irq_line_device(&l);
	HVD_EXPECT_STREQ(t, l.dev, "");
	strcpy(l.desc, "x mana_q1@pci:7870:00:00.0junk");
	irq_line_device(&l);
	HVD_EXPECT_STREQ(t, l.dev, "");
}

static const struct hvd_ktest_case net_cases[] = {
	{ "event_nics", nics_of_lines },
	{ "joined_events", joined_events_cover_eras },
	{ "pair_many_to_one", pair_many_to_one },
	{ "pair_brief_link", pair_brief_link },
	{ "kb_families", kb_families },
	{ "irq_names", irq_names },
	{ 0, 0 },
};
const struct hvd_ktest_suite net_suite = { "net_pair", net_cases, 0, 0 };
