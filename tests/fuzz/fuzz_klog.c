// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the kernel-log parser and the pattern set, with the real
 * pattern catalogue (built-in events, profiles, knowledge base). As a run
 * does before its one pass, the catalogue is built and its index fitted to
 * a real boot log once (fuzz_sigtune fuzzes the fitting). Each line of the
 * input, parsed (as a /dev/kmsg record for inputs of odd size) and searched
 * by the set, must give exactly the patterns that match it alone; a
 * disagreement aborts.
 */
#include "linereader.h"
#include "reference.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the index is fitted once to this real boot log, as a run fits it once */
#define TUNE_LOG "tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[4096];
	FILE *f;
	char *buf;
	size_t n;

	reference_init("fuzz_klog");
	snprintf(path, sizeof(path), "%s/%s", hvdiag_datadir(), TUNE_LOG);
	f = fopen(path, "r");
	if (!f)
		die("cannot read the boot log the index is fitted to");
	buf = malloc(256 << 10);
	if (!buf)
		die("out of memory");
	n = fread(buf, 1, 256 << 10, f);
	fclose(f);
	sig_set_tune(cat.set, buf, n);
	free(buf);
	return 0;
}

NOCOV int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct klog_line kl;
	char *line;
	size_t len;

	lr_init_mem(&lr, (const char *)data, size, 512);
	while (lr_next(&lr, &line, &len) == 1)
		if (klog_parse(line, len, size & 1, &kl))
			cross_check(&kl);
	lr_free(&lr);
	return 0;
}
