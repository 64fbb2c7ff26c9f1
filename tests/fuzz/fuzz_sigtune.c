// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: fitting the pattern set's index to a text (sig_set_tune), then
 * searching that text with it. The fit only moves which bytes of each
 * anchor the index holds; the results may not move. The real catalogue is
 * built once; each input (run.sh bounds it to 4 KiB: a run fits on a log's
 * head once, and one fit reads its whole sample) is a log head the index is
 * fitted to. A disagreement aborts:
 *  - every anchor occurrence in the text, found by comparing at every
 *    position, must be one sig_set_find reports, in the same order, and no
 *    other;
 *  - each line, parsed and searched by the set, must give exactly the
 *    patterns that match it alone.
 */
#include "base/linereader.h"
#include "reference.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	reference_init("fuzz_sigtune");
	return 0;
}

/* sig_set_find against the anchors found at every position. */
static NOCOV void check_find(const char *s, size_t len)
{
	static struct sig_occv occ;
	size_t p, k = 0;

	occ.n = 0;
	if (sig_set_find(cat.set, s, len, &occ) != occ.n)
		die("sig_set_find: its count is not what it added");
	for (p = 0; p + 3 <= len; p++) {
		int n = anchors_at(s, len, p, 0);

		for (; n > 0; n--, k++) {
			if (k == occ.n || occ.v[k].pos != p) {
				fprintf(stderr, "an anchor at %zu: the set has %zu\n",
					p, k < occ.n ? occ.v[k].pos : (size_t)-1);
				die("sig_set_find misses an anchor occurrence");
			}
			if (k && occ.v[k - 1].pos == p &&
			    occ.v[k - 1].anchor >= occ.v[k].anchor)
				die("sig_set_find: one anchor twice, or out of order");
		}
	}
	if (k != occ.n) {
		fprintf(stderr, "the set reports %zu occurrences, there are %zu\n",
			occ.n, k);
		die("sig_set_find reports an occurrence that is not there");
	}
}

NOCOV int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct klog_line kl;
	char *line;
	size_t len;

	sig_set_tune(cat.set, (const char *)data, size);
	check_find((const char *)data, size);
	lr_init_mem(&lr, (const char *)data, size, 1024);
	while (lr_next(&lr, &line, &len) == 1)
		if (klog_parse(line, len, size & 1, &kl))
			cross_check(&kl);
	lr_free(&lr);
	return 0;
}
