// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: line reader + kernel-log parser + signature engine. The set
 * must agree with each pattern matched alone, whatever the index was tuned
 * to; a disagreement aborts. Each line also goes through the crash-report
 * parsers and the log-shape reader (no result to check: no crash, no
 * overrun under the sanitizers).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "klog.h"
#include "linereader.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void hit(void *ctx, int i, const struct sig_caps *c)
{
	unsigned int *mask = ctx;
	char buf[40];

	*mask |= 1u << i;
	sig_cap_get(c, SIG_BDF, buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pats[] = {
		"mlx4_core {BDF}: Sending reset", "{IF}: joined to {IF}",
		"hv_pci {GUID}: PCI host bridge to bus {HEX}:{HEX}",
		"BAR {N}: can't assign {*}(size", "irq {N} for MSI{*}X",
	};
	static struct sig_pat p[5];
	static struct sig_set *set;
	struct linereader lr;
	struct klog_line kl;
	struct klog_shape sh;
	struct klog_site site;
	char *line, err[128];
	size_t len;
	int i;

	if (!set) {
		set = sig_set_new();
		for (i = 0; i < 5; i++) {
			if (sig_compile(pats[i], &p[i], err, sizeof(err)))
				abort();
			sig_set_add(set, &p[i]);
		}
		sig_set_build(set);
	}
	/* fit the index to this input: only speed may change, never a result */
	sig_set_tune(set, (const char *)data, size < 4096 ? size : 4096);
	lr_init_mem(&lr, (const char *)data, size, 512);
	klog_shape_init(&sh);
	while (lr_next(&lr, &line, &len) == 1) {
		unsigned int got = 0, want = 0;
		int q;

		if (!klog_parse(line, len, size & 1, &kl))
			continue;
		klog_shape_add(&sh, kl.msg, kl.len, kl.ts, kl.has_ts, lr.lineno);
		klog_crash_header(kl.msg, &site);
		klog_crash_rip(kl.msg, &site);
		klog_crash_frame(kl.msg, &site, &q);
		klog_crash_end(kl.msg);
		sig_set_scan(set, kl.msg, kl.len, hit, &got);
		for (i = 0; i < 5; i++)
			if (sig_match(&p[i], kl.msg, kl.len, NULL))
				want |= 1u << i;
		if (got != want)
			abort();
	}
	klog_shape_finish(&sh, 1);
	klog_shape_free(&sh);
	lr_free(&lr);
	return 0;
}
