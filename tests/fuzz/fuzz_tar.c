// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the bundle tarball reader. Each input is written to a file and
 * unpacked (zlib reads a tar that is not gzip'ed as it is, so raw headers
 * are fuzzed too), then removed; nothing may be left behind or written
 * outside the private directory.
 *
 * The private directory is made once, on a memory file system when there
 * is one (/dev/shm), and TMPDIR names it, so the reader unpacks into it as
 * it unpacks into a user's TMPDIR. Making and removing a directory per
 * input in a busy /tmp on ext4 cost most of each run (its inode allocator
 * looks for recently deleted inodes): 500 runs a second, not thousands.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/tar_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[PATH_MAX], dir[64];

static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct stat st;
	const char *base = !stat("/dev/shm", &st) && S_ISDIR(st.st_mode) &&
			   !access("/dev/shm", W_OK) ? "/dev/shm" : "/tmp";

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/hvdiag-fuzz-tar.XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("fuzz_tar: mkdtemp");
		abort();
	}
	snprintf(file, sizeof(file), "%s/in.tar.gz", dir);
	setenv("TMPDIR", dir, 1);
	atexit(cleanup);
	return 0;
}

/* Whether the private directory holds anything but the input file. */
static int left_behind(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "in.tar.gz"))
			n++;
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tar_tree t;
	int fd;

	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (!tar_unpack(file, &t)) {
		if (access(t.dir, F_OK) || strncmp(t.dir, dir, strlen(dir)))
			abort();	/* unpacked where TMPDIR says */
		tar_remove(&t);
	}
	if (t.dir[0])
		abort();	/* removed on the error path too */
	if (left_behind())
		abort();
	return 0;
}
