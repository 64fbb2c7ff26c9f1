// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the profile and knowledge-base parsers (through a file, as
 * they are read), and the pattern compiler: the whole input compiled as a
 * pattern and matched against itself, and its first line compiled and
 * matched against the rest. A pattern that matches a text holds its anchor
 * (the longest literal, which the set's index looks for) in that text: the
 * set, and the fuzzers' reference, rely on it; a text that matches without
 * it aborts.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "profile/kb.h"
#include "profile/profile.h"
#include "profile/sig.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the input as a file: a memory file, opened by its /proc path */
static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	memfd = memfd_create("fuzz_profile", 0);
	if (memfd < 0) {
		perror("fuzz_profile: memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

static void put_file(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(memfd, 0))
		abort();
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
}

/* @pat compiled, matched against @text[0..len): the anchor promise. */
static void match(const char *pat, const char *text, size_t len)
{
	struct sig_pat sp;
	struct sig_caps caps;
	char err[160];

	if (sig_compile(pat, &sp, err, sizeof(err)))
		return;
	if (sig_match(&sp, text, len, &caps) && sp.anchor &&
	    !memmem(text, len, sp.anchor, sp.anchorlen)) {
		fprintf(stderr, "fuzz_profile: '%s' matches a text without its anchor '%.*s'\n",
			pat, (int)sp.anchorlen, sp.anchor);
		abort();
	}
	sig_free(&sp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p;
	struct kb kb;
	char *s, *nl;

	put_file(data, size);
	p = profile_load(path);
	profile_free(p);
	memset(&kb, 0, sizeof(kb));
	kb_load_file(&kb, path);
	kb_free(&kb);

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	match(s, s, size);
	nl = memchr(s, '\n', size);
	if (nl) {
		*nl = '\0';
		match(s, nl + 1, size - (size_t)(nl + 1 - s));
	}
	free(s);
	return 0;
}
