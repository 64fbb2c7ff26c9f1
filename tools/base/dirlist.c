// SPDX-License-Identifier: GPL-2.0
#include "base/dirlist.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_list_fd(int fd, char ***names)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	int n = 0, cap = 0, r;

	*names = NULL;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == DIR_LIST_MAX) {
			closedir(d);
			dir_list_free(v, n);
			return -E2BIG;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, (size_t)cap * sizeof(*v));
		}
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_names);
	*names = v;
	return n;
}

int dir_list(const char *path, char ***names)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);

	*names = NULL;
	if (fd < 0)
		return -errno;
	return dir_list_fd(fd, names);
}

void dir_list_free(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
