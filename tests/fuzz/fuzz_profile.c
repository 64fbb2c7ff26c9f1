// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the profile and knowledge-base parsers (through a file, as
 * they are read), plus the pattern compiler on each line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb.h"
#include "profile.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct profile *p;
	struct kb kb;
	struct sig_pat sp;
	char err[160], *s;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/hvdiag-fuzz-%ld.profile", (long)getpid());
	f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	p = profile_load(path);
	profile_free(p);
	memset(&kb, 0, sizeof(kb));
	kb_load_file(&kb, path);
	kb_free(&kb);
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (!sig_compile(s, &sp, err, sizeof(err))) {
		sig_match(&sp, s, size, NULL);
		sig_free(&sp);
	}
	free(s);
	return 0;
}
