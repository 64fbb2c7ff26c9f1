// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the VF event classifier (tools/vf_events.c) on any log text,
 * with the repository's profiles and knowledge base (loaded once, from
 * the directory the fuzzer runs in: the top of the source tree; one
 * classifier, reset for each input), fed as dmesg text or as /dev/kmsg
 * records, and the `ethtool -S` parser.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/catalog.h"
#include "parse/ethtool_text.h"
#include "profile/kb.h"
#include "base/linereader.h"
#include "profile/profile.h"
#include "profile/vf_events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct profile_set ps;
static struct kb kb;
static struct catalog cat;
static struct vf_event_defs defs;
static struct vf_classifier *c;
static struct vf_event_list l;
static int loaded;

static void add(void *ctx, const struct vf_event *ev)
{
	vf_event_list_add(ctx, ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct nic_stats st;
	int kmsg;

	if (!loaded) {
		if (profiles_load_dir(&ps, "profiles") || kb_load_dir(&kb, "kb") ||
		    vf_event_defs_load(&defs, "kb/vf-events.ev") ||
		    catalog_build(&cat, &ps, &kb))
			abort();
		c = vfc_new(&defs, &cat, &kb, add, &l);
		loaded = 1;
	}
	/* as dmesg text or as /dev/kmsg records: the input's length says */
	kmsg = (int)(size & 1);
	{
		vfc_reset(c);
		lr_init_mem(&lr, (const char *)data, size, 4096);
		vfc_scan(c, &lr, kmsg);
		vfc_finish(c);
		lr_free(&lr);
		if (l.n > VF_EVENTS_MAX || l.ndp > VF_DATAPATH_MAX)
			abort();
		vf_event_list_free(&l);
	}
	memset(&st, 0, sizeof(st));
	ethtool_text_parse((const char *)data, size, &st);
	return 0;
}
