// SPDX-License-Identifier: GPL-2.0
/*
 * The image a VF meets at boot: which modules this kernel has (built in,
 * in /lib/modules/<release>), the udev rules and network-manager files that
 * keep managers off the VF, and the initrd's own copies of them.
 *
 * The initrd is listed, never extracted: cpio "newc" archives read in
 * memory-bounded steps, an uncompressed early archive (microcode) followed
 * by a gzip one read through zlib; an image compressed otherwise (zstd,
 * xz, lz4) is listed by lsinitramfs or lsinitrd when installed. In a
 * bundle all of this comes from image.txt, which hvdiag collect writes.
 */
#include "collect/collect.h"
#include "base/util.h"
#include "source/source.h"
#include "source/bundle_layout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

/* No real list is longer; a longer one is refused, never cut. */
#define KMODS_MAX_LINES 200000
#define KMODS_WALK_MAX 200000
#define IMG_FILE_MAX (256u << 10)
#define IMG_FILES_MAX 512
#define INITRD_ENTRIES_MAX 1000000
#define INITRD_NAME_MAX 4096
#define INITRD_KEEP_MAX 4096

/* "kernel/drivers/.../mlx4_core.ko.xz" -> "mlx4_core" */
static char *mod_name(const char *path, size_t len)
{
	static const char *const sfx[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	const char *b = path, *p;
	size_t i, n;
	char *s;

	for (p = path; p < path + len; p++)
		if (*p == '/')
			b = p + 1;
	n = (size_t)(path + len - b);
	for (i = 0; i < ARRAY_SIZE(sfx); i++) {
		size_t l = strlen(sfx[i]);

		if (n > l && !memcmp(b + n - l, sfx[i], l)) {
			n -= l;
			break;
		}
	}
	if (i == ARRAY_SIZE(sfx) || !n)
		return NULL;
	s = xstrndup(b, n);
	for (p = s; *p; p++)
		if (*p == '-')
			s[p - s] = '_';
	return s;
}

static void names_add(char ***v, int *n, char *s)
{
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof(char *));
	(*v)[(*n)++] = s;
}

/* A module list: one path a line, up to ':' (modules.dep) or the end. */
static int read_modlist(const struct source *src, const char *abs,
			struct part *pt,
			char ***v, int *n)
{
	struct linereader lr;
	char *line;
	size_t len;
	int fd, r;

	fd = src_open_file(src, abs);
	src_path(src, abs, pt->origin, sizeof(pt->origin));
	if (fd < 0)
		return fd;
	lr_init_fd(&lr, fd, 4096);
	while ((r = lr_next(&lr, &line, &len)) == 1) {
		char *m;

		if (lr.lineno > KMODS_MAX_LINES) {
			part_set(pt, PART_ERROR, "'%s': more than %d lines; no module list is",
				 pt->origin, KMODS_MAX_LINES);
			break;
		}
		len = strcspn(line, ":");
		m = mod_name(line, len);
		if (m)
			names_add(v, n, m);
	}
	if (r < 0)
		part_set(pt, PART_ERROR, "cannot read '%s': %s", pt->origin,
			 strerror(lr.err));
	else if (pt->state != PART_ERROR)
		pt->state = PART_OK;
	lr_free(&lr);
	close(fd);
	return 0;
}

/* No modules.dep (depmod not run): the *.ko files of the tree. */
static void walk_mods(const struct source *src, struct guest *g,
		      const char *dir, int depth, int *seen,
		      struct kmods_model *m)
{
	char **names, p[PATH_MAX];
	int n, i;

	if (depth > 8 || m->tree.state == PART_ERROR)
		return;
	n = src_list(src, dir, &names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		char *mn;

		if (++*seen > KMODS_WALK_MAX) {
			part_set(&m->tree, PART_ERROR, "'%s' holds more than %d entries",
				 m->tree.origin, KMODS_WALK_MAX);
			break;
		}
		/* the headers' links, not modules */
		if (!depth && (!strcmp(names[i], "build") || !strcmp(names[i], "source")))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, names[i]) >= (int)sizeof(p))
			continue;
		mn = mod_name(names[i], strlen(names[i]));
		if (mn)
			names_add(&m->mods, &m->nmods, mn);
		else if (src_is_dir(src, p) == 1)
			walk_mods(src, g, p, depth + 1, seen, m);
	}
	src_list_free(names, n);
}

void collect_kmods(const struct source *src, struct guest *g)
{
	struct kmods_model *m = &g->kmods;
	const char *rel = src->release;
	char p[PATH_MAX];
	int r, seen = 0;

	if (!rel[0]) {
		part_set(&m->part, PART_ABSENT, "kernel release unknown: no /lib/modules/<release>");
		part_set(&m->tree, PART_ABSENT, "kernel release unknown: no /lib/modules/<release>");
		return;
	}
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.builtin", rel);
	r = read_modlist(src, p, &m->part, &m->builtin, &m->nbuiltin);
	if (r)
		part_set(&m->part, r == -ENOENT ? PART_ABSENT : PART_ERROR,
			 "no %s (%s)", p, src_strerror(r));
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.dep", rel);
	r = read_modlist(src, p, &m->tree, &m->mods, &m->nmods);
	if (r != -ENOENT) {
		if (r)
			part_set(&m->tree, PART_ERROR, "cannot read '%s': %s",
				 m->tree.origin, src_strerror(r));
		return;
	}
	snprintf(p, sizeof(p), "/lib/modules/%s", rel);
	if (src_is_dir(src, p) != 1) {
		part_set(&m->tree, PART_ABSENT, "no %s", p);
		return;
	}
	src_path(src, p, m->tree.origin, sizeof(m->tree.origin));
	walk_mods(src, g, p, 0, &seen, m);
	/* a bundle carries the lists, not the tree: none found says nothing */
	if (m->tree.state != PART_ERROR && !m->nmods)
		part_set(&m->tree, PART_ABSENT, "no modules.dep and no module files under %s", p);
	else if (m->tree.state != PART_ERROR)
		m->tree.state = PART_OK;
}

/* ---- udev rules and manager configuration ---- */

static const struct {
	enum image_conf_kind kind;
	const char *dir;
	const char *suffix;
	const char *word;	/* a file without it says nothing here */
} conf_dirs[] = {
	/* in precedence order: the first file of a name wins */
	{ IMG_UDEV, "/etc/udev/rules.d", ".rules", "MANAGED" },
	{ IMG_UDEV, "/run/udev/rules.d", ".rules", "MANAGED" },
	{ IMG_UDEV, "/usr/lib/udev/rules.d", ".rules", "MANAGED" },
	{ IMG_UDEV, "/lib/udev/rules.d", ".rules", "MANAGED" },
	{ IMG_NETWORKD, "/etc/systemd/network", ".network", "Unmanaged" },
	{ IMG_NETWORKD, "/run/systemd/network", ".network", "Unmanaged" },
	{ IMG_NETWORKD, "/usr/lib/systemd/network", ".network", "Unmanaged" },
	{ IMG_NETWORKD, "/lib/systemd/network", ".network", "Unmanaged" },
	{ IMG_NM, "/etc/NetworkManager/conf.d", ".conf", "unmanaged-devices" },
	{ IMG_NM, "/run/NetworkManager/conf.d", ".conf", "unmanaged-devices" },
	{ IMG_NM, "/usr/lib/NetworkManager/conf.d", ".conf", "unmanaged-devices" },
	{ IMG_NM, "/etc/NetworkManager", ".conf", "unmanaged-devices" },
};

static int conf_seen(const struct image_model *m, enum image_conf_kind k,
		     const char *name)
{
	int i;

	for (i = 0; i < m->nconf; i++) {
		const char *b = strrchr(m->conf[i].path, '/');

		if (m->conf[i].kind == k && !strcmp(b + 1, name))
			return 1;
	}
	return 0;
}

static void conf_add(struct image_model *m, enum image_conf_kind k,
		     const char *path, char *text)
{
	struct image_conf *c;

	m->conf = xrealloc(m->conf, (size_t)(m->nconf + 1) * sizeof(*c));
	c = &m->conf[m->nconf++];
	c->kind = k;
	hv_strlcpy(c->path, path, sizeof(c->path));
	c->text = text;
}

/* The file @name of conf_dirs[@d], kept when it says the directory's
 * word (or masks the name with a link to /dev/null). */
static void read_conf(const struct source *src, struct image_model *m,
		      size_t d, const char *name)
{
	size_t nl = strlen(name), sl = strlen(conf_dirs[d].suffix);
	char p[PATH_MAX], tgt[64], *buf;
	long long sz;
	ssize_t got;
	int fd;

	if (nl <= sl || strcmp(name + nl - sl, conf_dirs[d].suffix) ||
	    conf_seen(m, conf_dirs[d].kind, name))
		return;
	if (snprintf(p, sizeof(p), "%s/%s", conf_dirs[d].dir, name) >= 256)
		return;
	/* a link to /dev/null masks the name everywhere after */
	if (src_readlink(src, p, tgt, sizeof(tgt)) > 0 &&
	    !strcmp(tgt, "/dev/null")) {
		conf_add(m, conf_dirs[d].kind, p, NULL);
		return;
	}
	sz = src_file_size(src, p);
	if (sz < 0 || sz > IMG_FILE_MAX)
		return;
	fd = src_open_file(src, p);
	if (fd < 0)
		return;
	buf = xmalloc((size_t)sz + 1);
	got = read(fd, buf, (size_t)sz);
	close(fd);
	buf[got < 0 ? 0 : got] = '\0';
	if (strstr(buf, conf_dirs[d].word))
		conf_add(m, conf_dirs[d].kind, p, buf);
	else
		free(buf);
}

static void read_confs(const struct source *src, struct image_model *m)
{
	size_t d;
	int any = 0;

	for (d = 0; d < ARRAY_SIZE(conf_dirs); d++) {
		char **names;
		int n, i;

		n = src_list(src, conf_dirs[d].dir, &names);
		if (n < 0)
			continue;
		any = 1;
		for (i = 0; i < n && m->nconf < IMG_FILES_MAX; i++)
			read_conf(src, m, d, names[i]);
		src_list_free(names, n);
	}
	if (any)
		m->part.state = PART_OK;
	else
		part_set(&m->part, PART_ABSENT, "no udev, networkd or NetworkManager configuration directory");
}

/* ---- the initrd's file list ---- */

static int keep_name(const char *name)
{
	return strstr(name, "rules.d/") || strstr(name, "systemd/network/") ||
	       strstr(name, "NetworkManager/");
}

struct lister {
	struct image_model *m;
	unsigned long entries;
};

static void lister_add(struct lister *l, const char *name)
{
	l->entries++;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (*name == '/')
		name++;
	if (keep_name(name) && l->m->nifiles < INITRD_KEEP_MAX)
		names_add(&l->m->ifiles, &l->m->nifiles, xstrdup(name));
}

/* A byte stream: the raw file from an offset, or gzip through zlib. */
struct stream {
	int fd;
	gzFile z;
	unsigned long long off;	/* bytes consumed */
};

static int s_read(struct stream *s, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		long r;

		if (s->z)
			r = gzread(s->z, (char *)buf + got, (unsigned int)(n - got));
		else
			r = (long)read(s->fd, (char *)buf + got, n - got);
		if (r < 0 && !s->z && errno == EINTR)
			continue;
		if (r <= 0)
			return got ? -EIO : (r < 0 ? -EIO : 0);
		got += (size_t)r;
	}
	s->off += n;
	return 1;
}

static int s_skip(struct stream *s, unsigned long long n)
{
	char buf[65536];

	if (!s->z) {
		if (lseek(s->fd, (off_t)n, SEEK_CUR) < 0)
			return -EIO;
		s->off += n;
		return 1;
	}
	while (n) {
		size_t k = n < sizeof(buf) ? (size_t)n : sizeof(buf);
		int r = s_read(s, buf, k);

		if (r <= 0)
			return r < 0 ? r : -EIO;
		n -= k;
	}
	return 1;
}

static unsigned long hex8(const char *p, int *bad)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		int c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else {
			*bad = 1;
			return 0;
		}
		v = v << 4 | (unsigned long)d;
	}
	return v;
}

/*
 * One cpio newc archive from the stream, up to its trailer. Returns 1 at
 * the trailer, 0 at a clean end of stream before any header, <0 with
 * @why set on a malformed or truncated archive.
 */
static int cpio_list(struct stream *s, struct lister *l, char *why, size_t wn)
{
	char hdr[110], name[INITRD_NAME_MAX + 1];
	int first = 1;

	for (;;) {
		unsigned long namesize, filesize;
		unsigned long long pad;
		int bad = 0, r;

		if (first) {
			/* archives are padded with zeros between them */
			do
				r = s_read(s, hdr, 1);
			while (r == 1 && !hdr[0]);
			if (r == 0)
				return 0;
			if (r == 1)
				r = s_read(s, hdr + 1, sizeof(hdr) - 1);
		} else {
			r = s_read(s, hdr, sizeof(hdr));
		}
		if (r <= 0) {
			snprintf(why, wn, "truncated cpio header at byte %llu", s->off);
			return -EINVAL;
		}
		first = 0;
		if (memcmp(hdr, "070701", 6) && memcmp(hdr, "070702", 6)) {
			snprintf(why, wn, "not a cpio newc header at byte %llu", s->off - 110);
			return -EINVAL;
		}
		filesize = hex8(hdr + 54, &bad);
		namesize = hex8(hdr + 94, &bad);
		if (bad || !namesize || namesize > INITRD_NAME_MAX) {
			snprintf(why, wn, "bad cpio header at byte %llu", s->off - 110);
			return -EINVAL;
		}
		if (s_read(s, name, namesize) <= 0) {
			snprintf(why, wn, "truncated cpio name at byte %llu", s->off);
			return -EINVAL;
		}
		name[namesize] = '\0';
		name[namesize - 1] = '\0';
		pad = (4 - (110 + namesize) % 4) % 4;
		if (pad && s_skip(s, pad) <= 0) {
			snprintf(why, wn, "truncated cpio archive");
			return -EINVAL;
		}
		if (!strcmp(name, "TRAILER!!!"))
			return 1;
		if (l->entries >= INITRD_ENTRIES_MAX) {
			snprintf(why, wn, "more than %d entries", INITRD_ENTRIES_MAX);
			return -E2BIG;
		}
		lister_add(l, name);
		pad = ((unsigned long long)filesize + 3) / 4 * 4;
		if (pad && s_skip(s, pad) <= 0) {
			snprintf(why, wn, "truncated cpio data of '%s'", name);
			return -EINVAL;
		}
	}
}

static const char *compression(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "gzip";
	if (n >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return "zstd";
	if (n >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (n >= 4 && !memcmp(b, "\x02\x21\x4c\x18", 4))
		return "lz4";
	if (n >= 3 && !memcmp(b, "BZh", 3))
		return "bzip2";
	if (n >= 3 && b[0] == 0x5d && b[1] == 0 && b[2] == 0)
		return "lzma";
	return NULL;
}

/* lsinitramfs (initramfs-tools) or lsinitrd (dracut): one name a line. */
static int list_external(const char *image, struct lister *l, char *tool,
			 size_t tn)
{
	static const char *const tools[][2] = {
		{ "/usr/bin/lsinitramfs", "/usr/sbin/lsinitramfs" },
		{ "/usr/bin/lsinitrd", "/usr/sbin/lsinitrd" },
	};
	const char *exe = NULL;
	struct linereader lr;
	char *line;
	size_t len, i, j;
	int pfd[2], st;
	pid_t pid;

	for (i = 0; i < ARRAY_SIZE(tools) && !exe; i++)
		for (j = 0; j < 2 && !exe; j++)
			if (!access(tools[i][j], X_OK))
				exe = tools[i][j];
	if (!exe)
		return -ENOENT;
	hv_strlcpy(tool, strrchr(exe, '/') + 1, tn);
	if (pipe(pfd))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -EAGAIN;
	}
	if (!pid) {
		int nul = open("/dev/null", O_RDWR);

		dup2(pfd[1], 1);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 2);
		}
		close(pfd[0]);
		execl(exe, exe, image, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	lr_init_fd(&lr, pfd[0], INITRD_NAME_MAX);
	while (lr_next(&lr, &line, &len) == 1) {
		if (l->entries >= INITRD_ENTRIES_MAX)
			continue;	/* drained, so the child ends */
		/* lsinitrd prints ls -l lines: the name is the last field */
		if (!strncmp(exe + strlen(exe) - 8, "lsinitrd", 8)) {
			char *sp = strrchr(line, ' ');

			if (strstr(line, " -> "))
				continue;
			if (sp)
				line = sp + 1;
		}
		lister_add(l, line);
	}
	lr_free(&lr);
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (l->entries >= INITRD_ENTRIES_MAX)
		return -E2BIG;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -EIO;
}

/* The image file @given (check --initrd): an fd, or -1 with the part set. */
static int initrd_given(struct image_model *m, const char *given)
{
	struct stat st;
	int fd = open(given, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		fd = -errno;
	} else if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		fd = -EINVAL;
	}
	if (fd < 0) {
		part_set(&m->initrd, PART_ERROR, "cannot read '%s': %s", given,
			 fd == -EINVAL ? "not a regular file" : strerror(-fd));
		return -1;
	}
	fcntl(fd, F_SETFL, 0);
	return fd;
}

/* The initrd of the source's kernel into @path: an fd, or -1 with the
 * part set. */
static int initrd_of_release(const struct source *src, struct image_model *m,
			     char *path, size_t n)
{
	const char *rel = src->release[0] ? src->release : "<release>";
	int fd = -ENOENT;

	if (src->release[0]) {
		snprintf(path, n, "/boot/initrd.img-%s", rel);
		fd = src_open_file(src, path);
		if (fd == -ENOENT) {
			snprintf(path, n, "/boot/initramfs-%s.img", rel);
			fd = src_open_file(src, path);
		}
	}
	if (fd >= 0)
		return fd;
	part_set(&m->initrd, fd == -ENOENT ? PART_ABSENT : PART_ERROR,
		 "no initrd for %s (/boot/initrd.img-%s, /boot/initramfs-%s.img)%s%s",
		 rel, rel, rel, fd == -ENOENT ? "" : ": ",
		 fd == -ENOENT ? "" : src_strerror(fd));
	return -1;
}

/* What is listed of an initrd, and how. */
struct walk_state {
	struct stream s;
	struct lister l;
	const char *path;
	const char *how;
	char why[160];
	int parts;
};

/* The rest of the image, one gzip stream of cpio archives. */
static int walk_gzip(struct walk_state *w)
{
	int r, d = dup(w->s.fd);

	lseek(w->s.fd, (off_t)w->s.off, SEEK_SET);
	w->s.z = d >= 0 ? gzdopen(d, "rb") : NULL;
	if (!w->s.z) {
		if (d >= 0)
			close(d);
		snprintf(w->why, sizeof(w->why), "cannot open the gzip stream");
		return -EIO;
	}
	w->how = w->parts ? "cpio + gzip cpio" : "gzip cpio";
	while ((r = cpio_list(&w->s, &w->l, w->why, sizeof(w->why))) == 1)
		;
	gzclose(w->s.z);
	w->s.z = NULL;
	return r;
}

/* Another compression @c: the whole image by the distribution's lister. */
static int walk_external(struct walk_state *w, const char *c)
{
	struct image_model *m = w->l.m;
	char tool[32];
	int r;

	w->l.entries = 0;
	while (m->nifiles)
		free(m->ifiles[--m->nifiles]);
	r = list_external(w->path, &w->l, tool, sizeof(tool));
	if (r == -ENOENT)
		snprintf(w->why, sizeof(w->why), "compressed with %s: neither lsinitramfs nor lsinitrd installed to list it", c);
	else if (r == -E2BIG)
		snprintf(w->why, sizeof(w->why), "more than %d entries", INITRD_ENTRIES_MAX);
	else if (r)
		snprintf(w->why, sizeof(w->why), "compressed with %s: %s failed", c, tool);
	else
		w->how = c;
	return r;
}

/* The archives of the image one after the other; 0 or -errno (@w->why). */
static int walk_initrd(struct walk_state *w)
{
	unsigned char magic[8];
	const char *c;
	ssize_t n;
	int fd = w->s.fd, r = 0;

	for (;;) {
		/* archives are padded with zeros between them */
		do
			n = pread(fd, magic, 1, (off_t)w->s.off);
		while (n == 1 && !magic[0] && ++w->s.off);
		if (n <= 0)
			return r;
		n = pread(fd, magic, sizeof(magic), (off_t)w->s.off);
		if (n < 6 || memcmp(magic, "0707", 4))
			break;
		lseek(fd, (off_t)w->s.off, SEEK_SET);
		r = cpio_list(&w->s, &w->l, w->why, sizeof(w->why));
		if (r < 0)
			return r;
		w->parts++;
	}
	c = compression(magic, (size_t)n);
	if (c && !strcmp(c, "gzip"))
		return walk_gzip(w);
	if (c)
		return walk_external(w, c);
	snprintf(w->why, sizeof(w->why), "neither a cpio archive nor a known compression at byte %llu",
		 w->s.off);
	return -EINVAL;
}

/* The initrd of the running kernel, live (or the file @given): its list. */
static void list_initrd(const struct source *src, struct image_model *m,
			const char *given)
{
	struct walk_state w = { { -1, NULL, 0 }, { m, 0 }, NULL, "cpio", "", 0 };
	char path[PATH_MAX];
	int r;

	if (given)
		hv_strlcpy(path, given, sizeof(path));
	w.s.fd = given ? initrd_given(m, given) :
		 initrd_of_release(src, m, path, sizeof(path));
	if (w.s.fd < 0)
		return;
	hv_strlcpy(m->initrd.origin, path, sizeof(m->initrd.origin));
	w.path = path;
	r = walk_initrd(&w);
	close(w.s.fd);
	if (r < 0) {
		part_set(&m->initrd, PART_ERROR, "'%s': %s", path, w.why);
		return;
	}
	if (!w.l.entries) {
		part_set(&m->initrd, PART_ERROR, "'%s': no files listed", path);
		return;
	}
	snprintf(m->initrd.origin, sizeof(m->initrd.origin), "%s (%s, %lu entries)",
		 path, w.how, w.l.entries);
	m->initrd.state = PART_OK;
}

/* A bundle's image.txt: what collect found on the system. */
static int read_image_txt(const struct source *src, struct image_model *m)
{
	struct linereader lr;
	char *line;
	size_t len;
	int fd = src_open_file(src, bundle_files[BF_IMAGE].path);

	if (fd < 0)
		return fd;
	lr_init_fd(&lr, fd, INITRD_NAME_MAX);
	part_set(&m->initrd, PART_ABSENT, "image.txt names no initrd");
	while (lr_next(&lr, &line, &len) == 1) {
		if (lr.lineno > INITRD_KEEP_MAX + 16)
			break;
		if (!*line || *line == '#')
			continue;
		if (hv_startswith(line, "networkd: "))
			m->networkd = !strcmp(line + 10, "yes");
		else if (hv_startswith(line, "NetworkManager: "))
			m->nm = !strcmp(line + 16, "yes");
		else if (hv_startswith(line, "initrd: ")) {
			m->initrd.state = PART_OK;
			hv_strlcpy(m->initrd.origin, line + 8, sizeof(m->initrd.origin));
		} else if (hv_startswith(line, "initrd-error: "))
			part_set(&m->initrd, PART_ERROR, "%s", line + 14);
		else if (m->nifiles < INITRD_KEEP_MAX && keep_name(line))
			names_add(&m->ifiles, &m->nifiles, xstrdup(line));
	}
	lr_free(&lr);
	close(fd);
	return 0;
}

static int any_exists(const struct source *src, const char *a, const char *b)
{
	return src_exists(src, a) == 1 || src_exists(src, b) == 1;
}

void collect_image(const struct source *src, struct guest *g)
{
	struct image_model *m = &g->image;

	m->networkd = m->nm = -1;
	read_confs(src, m);
	if (src->kind == SRC_LIVE) {
		m->networkd = any_exists(src,
					 "/usr/lib/systemd/systemd-networkd",
					 "/lib/systemd/systemd-networkd");
		m->nm = any_exists(src, "/usr/sbin/NetworkManager",
				   "/sbin/NetworkManager");
		list_initrd(src, m, NULL);
		return;
	}
	if (read_image_txt(src, m) < 0)
		part_set(&m->initrd, PART_ABSENT, "no image.txt (a bundle of hvdiag %s or later has it)",
			 "0.1.0");
}

void image_initrd_file(const struct source *src, struct guest *g,
		       const char *path)
{
	struct image_model *m = &g->image;

	while (m->nifiles)
		free(m->ifiles[--m->nifiles]);
	memset(&m->initrd, 0, sizeof(m->initrd));
	list_initrd(src, m, path);
}

void image_describe(const struct image_model *m, struct sbuf *out)
{
	int i;

	sbuf_addf(out, "# hvdiag image: network managers installed; the initrd's udev rules\n"
		  "# and network files (names only)\n");
	if (m->networkd >= 0)
		sbuf_addf(out, "networkd: %s\n", m->networkd ? "yes" : "no");
	if (m->nm >= 0)
		sbuf_addf(out, "NetworkManager: %s\n", m->nm ? "yes" : "no");
	if (m->initrd.state == PART_OK)
		sbuf_addf(out, "initrd: %s\n", m->initrd.origin);
	else
		sbuf_addf(out, "initrd-error: %s\n", m->initrd.why);
	for (i = 0; i < m->nifiles; i++)
		sbuf_addf(out, "%s\n", m->ifiles[i]);
}

void image_free(struct guest *g)
{
	int i;

	for (i = 0; i < g->kmods.nbuiltin; i++)
		free(g->kmods.builtin[i]);
	free(g->kmods.builtin);
	for (i = 0; i < g->kmods.nmods; i++)
		free(g->kmods.mods[i]);
	free(g->kmods.mods);
	for (i = 0; i < g->image.nconf; i++)
		free(g->image.conf[i].text);
	free(g->image.conf);
	for (i = 0; i < g->image.nifiles; i++)
		free(g->image.ifiles[i]);
	free(g->image.ifiles);
}
