// SPDX-License-Identifier: GPL-2.0
#include "base/kvfile.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int kv_open(const char *path, const char *what)
{
	const char *sp = what ? " " : "";
	struct stat st;
	int fd;

	if (!what)
		what = "";
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		errorf("cannot open %s%s'%s': %s", what, sp, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		errorf("%s%s'%s' is not a regular file", what, sp, path);
		close(fd);
		return -1;
	}
	return fd;
}

int kv_next(struct linereader *lr, struct kvline *kv)
{
	char *line, *s, *v;
	size_t len;
	int r;

	for (;;) {
		r = lr_next(lr, &line, &len);
		if (r <= 0)
			return r;
		s = hv_trim(line);
		if (*s == '#')
			continue;
		kv->lineno = lr->lineno;
		if (!*s) {
			kv->key = NULL;
			kv->value = s;
			return 1;
		}
		v = s;
		while (*v && !isspace((unsigned char)*v))
			v++;
		if (*v) {
			*v++ = '\0';
			while (isspace((unsigned char)*v))
				v++;
		}
		kv->key = s;
		kv->value = v;
		return 1;
	}
}
