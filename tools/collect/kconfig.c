// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel configuration: an explicit file, /boot/config-<release>, the
 * only /boot/config-* of a bundle, or /proc/config.gz (through zlib).
 */
#include "collect/collect.h"
#include "parse/kconfig.h"
#include "base/util.h"
#include "source/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static int parse_fd(struct kconfig_model *m, int fd, const char *origin)
{
	struct linereader lr;
	int r;

	lr_init_fd(&lr, fd, 4096);
	r = kconfig_parse(&lr, m);
	lr_free(&lr);
	close(fd);
	if (r < 0) {
		part_set(&m->part, PART_ERROR, "'%s' holds no CONFIG_ options",
			 origin);
		return -1;
	}
	hv_strlcpy(m->part.origin, origin, sizeof(m->part.origin));
	m->part.state = PART_OK;
	return 0;
}

static int parse_gz(const struct source *src, struct kconfig_model *m)
{
	char path[PATH_MAX];
	struct sbuf text;
	struct linereader lr;
	gzFile z;
	char buf[16384];
	int n, fd, r;

	fd = src_open_file(src, "/proc/config.gz");
	if (fd < 0)
		return fd;
	z = gzdopen(fd, "rb");
	if (!z) {
		close(fd);
		return -EIO;
	}
	sbuf_init(&text);
	while ((n = gzread(z, buf, sizeof(buf))) > 0) {
		sbuf_addn(&text, buf, (size_t)n);
		if (text.len > KCONFIG_MAX_BYTES)
			break;	/* no real config is this large */
	}
	gzclose(z);
	if (n < 0 || !text.len) {
		sbuf_free(&text);
		return -EIO;
	}
	lr_init_mem(&lr, text.s, text.len, 4096);
	r = kconfig_parse(&lr, m);
	lr_free(&lr);
	sbuf_free(&text);
	src_path(src, "/proc/config.gz", path, sizeof(path));
	if (r < 0)
		return -EINVAL;
	hv_strlcpy(m->part.origin, path, sizeof(m->part.origin));
	m->part.state = PART_OK;
	return 0;
}

void kconfig_read_file(struct guest *g, const char *file)
{
	struct kconfig_model *m = &g->kconfig;
	struct stat st;
	int fd;

	fd = open(file, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		part_set(&m->part, PART_ERROR, "cannot open '%s': %s", file,
			 strerror(errno));
		return;
	}
	/* /dev/zero or a FIFO would be read for ever */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		int e = errno;

		part_set(&m->part, PART_ERROR, "cannot read '%s': %s", file,
			 fstat(fd, &st) ? strerror(e) : S_ISDIR(st.st_mode) ?
			 strerror(EISDIR) : "not a regular file");
		close(fd);
		return;
	}
	if ((unsigned long long)st.st_size > KCONFIG_MAX_BYTES) {
		part_set(&m->part, PART_ERROR,
			 "'%s' is larger than %u MiB; no kernel config is",
			 file, KCONFIG_MAX_BYTES >> 20);
		close(fd);
		return;
	}
	fcntl(fd, F_SETFL, 0);
	parse_fd(m, fd, file);
}

/* The config at @path of the source, parsed; 0, or -1 when it cannot be
 * opened. */
static int parse_at(const struct source *src, struct kconfig_model *m,
		    const char *path)
{
	char full[PATH_MAX];
	int fd = src_open_file(src, path);

	if (fd < 0)
		return -1;
	src_path(src, path, full, sizeof(full));
	parse_fd(m, fd, full);
	return 0;
}

/* A bundle whose release is unknown: its only /boot/config-*. */
static int parse_only_config(const struct source *src,
			     struct kconfig_model *m)
{
	char path[PATH_MAX];
	char **names;
	int n, i, found = -1, count = 0, r = -1;

	n = src_list(src, "/boot", &names);
	for (i = 0; i < n; i++)
		if (hv_startswith(names[i], "config-")) {
			found = i;
			count++;
		}
	if (count == 1) {
		snprintf(path, sizeof(path), "/boot/%s", names[found]);
		r = parse_at(src, m, path);
	}
	if (n >= 0)
		src_list_free(names, n);
	return r;
}

void collect_kconfig(const struct source *src, struct guest *g)
{
	struct kconfig_model *m = &g->kconfig;
	char path[PATH_MAX];

	if (src->release[0]) {
		snprintf(path, sizeof(path), "/boot/config-%s", src->release);
		if (!parse_at(src, m, path))
			return;
	}
	if (!parse_gz(src, m))
		return;
	if (src->kind != SRC_LIVE && !parse_only_config(src, m))
		return;
	part_set(&m->part, PART_ABSENT, "no kernel config (/boot/config-%s or /proc/config.gz)",
		 src->release[0] ? src->release : "<release>");
}

void collect_modules(const struct source *src, struct guest *g)
{
	struct modules_model *m = &g->modules;
	struct linereader lr;
	char *line;
	size_t len;
	int r;

	r = src_open_text(src, TXT_MODULES, &lr, m->part.origin,
			  sizeof(m->part.origin), NULL);
	if (r) {
		part_set(&m->part, r == -ENOENT ? PART_ABSENT : PART_ERROR,
			 "no module list (/proc/modules)");
		return;
	}
	while (lr_next(&lr, &line, &len) == 1 && m->n < 10000) {
		size_t n = strcspn(line, " \t");

		if (!n || !strncmp(line, "Module", 6))
			continue;
		m->names = xrealloc(m->names, (size_t)(m->n + 1) * sizeof(char *));
		m->names[m->n++] = xstrndup(line, n);
	}
	src_close_text(&lr);
	m->part.state = PART_OK;
}
