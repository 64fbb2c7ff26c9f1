// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the bundle tarball reader. Each input is written to a file and
 * unpacked (zlib reads a tar that is not gzip'ed as it is, so raw headers
 * are fuzzed too), then removed; nothing may be left behind or written
 * outside the private directory.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tar_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[PATH_MAX], dir[] = "/tmp/hvdiag-fuzz-tar.XXXXXX";

static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tar_tree t;
	int fd;

	if (!file[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(file, sizeof(file), "%s/in.tar.gz", dir);
		atexit(cleanup);
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (!tar_unpack(file, &t)) {
		if (access(t.dir, F_OK))
			abort();
		tar_remove(&t);
	}
	if (t.dir[0])
		abort();	/* removed on the error path too */
	return 0;
}
