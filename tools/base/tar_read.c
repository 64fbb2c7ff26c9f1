// SPDX-License-Identifier: GPL-2.0
/*
 * A small ustar reader over zlib for bundle tarballs (see tar_read.h).
 * Formats: POSIX ustar (with its prefix field), the GNU variant GNU tar
 * writes by default (long names in 'L'/'K' entries, base-256 sizes) and pax
 * extended headers (path, linkpath, size). Entries are made with *at()
 * calls below a directory descriptor, every parent opened with O_NOFOLLOW,
 * so that no entry is ever written through a link, whatever came before it.
 */
#include "base/tar_read.h"
#include "base/compat.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>


#define BLOCK 512
#define META_MAX 65536		/* a pax header or a GNU long name */

struct reader {
	gzFile z;
	int dry;			/* first pass: check and count only */
	const char *file;
	int dirfd;
	struct tar_tree *t;
	unsigned long long total;	/* bytes of entries so far */
	int entries;
	char why[PATH_MAX + 160];	/* set on the first error */
};

static int fail(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->why[0]) {
		va_start(ap, fmt);
		vsnprintf(r->why, sizeof(r->why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int tar_is_bundle(const char *path)
{
	size_t n = strlen(path);
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	return (n > 7 && !strcmp(path + n - 7, ".tar.gz")) ||
	       (n > 4 && !strcmp(path + n - 4, ".tgz"));
}

/* ---- the directory and its removal ---- */

static struct tar_tree *volatile sig_tree;

/* Only unlink/rmdir on a list that no longer changes: signal safe. */
static void remove_made(struct tar_tree *t)
{
	char path[PATH_MAX];
	size_t dl = strlen(t->dir);
	int i;

	for (i = t->n - 1; i >= 0; i--) {
		size_t pl = strlen(t->made[i]);

		if (dl + 1 + pl >= sizeof(path))
			continue;
		memcpy(path, t->dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, t->made[i], pl + 1);
		if (unlink(path) && (errno == EISDIR || errno == EPERM))
			rmdir(path);
	}
	rmdir(t->dir);
}

static void on_signal(int sig)
{
	struct tar_tree *t = sig_tree;

	if (t) {
		sig_tree = NULL;
		remove_made(t);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
static struct sigaction old_act[ARRAY_SIZE(fatal_sigs)];
static int handlers_set;

/* Until tar_remove, a signal that would end us removes the tree first. */
static void set_handlers(struct tar_tree *t)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sig_tree = t;
	for (i = 0; i < ARRAY_SIZE(fatal_sigs); i++) {
		sigaction(fatal_sigs[i], NULL, &old_act[i]);
		if (old_act[i].sa_handler == SIG_DFL)
			sigaction(fatal_sigs[i], &sa, NULL);
	}
	handlers_set = 1;
}

static void restore_handlers(void)
{
	size_t i;

	if (!handlers_set)
		return;
	for (i = 0; i < ARRAY_SIZE(fatal_sigs); i++)
		sigaction(fatal_sigs[i], &old_act[i], NULL);
	handlers_set = 0;
}

void tar_remove(struct tar_tree *t)
{
	int i;

	if (!t->dir[0])
		return;
	sig_tree = NULL;
	remove_made(t);
	for (i = 0; i < t->n; i++)
		free(t->made[i]);
	free(t->made);
	t->made = NULL;
	t->n = t->cap = 0;
	t->dir[0] = '\0';
	restore_handlers();
}

static void note_made(struct tar_tree *t, const char *rel)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->made = xrealloc(t->made, (size_t)t->cap * sizeof(*t->made));
	}
	t->made[t->n++] = xstrdup(rel);
}

/* ---- the archive ---- */

/* zlib's message without the "<fd:N>: " it puts before it. */
static const char *z_message(gzFile z, int *err)
{
	const char *m = gzerror(z, err);
	const char *c = !strncmp(m, "<fd:", 4) ? strstr(m, ": ") : NULL;

	return c ? c + 2 : m;
}

/* Exactly @n bytes, or an error that says what was short. */
static int read_full(struct reader *r, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		int k = gzread(r->z, (char *)buf + got, (unsigned int)(n - got));
		int e;
		const char *m;

		if (k < 0) {
			m = z_message(r->z, &e);
			if (e == Z_ERRNO)
				return fail(r, "%s", strerror(errno));
			return fail(r, "damaged gzip data: %s", m);
		}
		if (!k) {
			m = z_message(r->z, &e);
			if (e != Z_OK)
				return fail(r, "truncated: %s", m);
			return fail(r, "truncated: the archive ends inside an entry");
		}
		got += (size_t)k;
	}
	return 0;
}

static int skip(struct reader *r, unsigned long long n)
{
	char buf[BLOCK];

	while (n) {
		size_t k = n > sizeof(buf) ? sizeof(buf) : (size_t)n;

		if (read_full(r, buf, k))
			return -1;
		n -= k;
	}
	return 0;
}

static unsigned long long padded(unsigned long long n)
{
	return (n + BLOCK - 1) / BLOCK * BLOCK;
}

/* An octal field, or GNU's base-256 for big numbers; -1 when neither. */
static int num_field(const unsigned char *f, size_t len,
		     unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i = 0;

	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return -1;	/* negative */
		for (i = 1; i < len; i++) {
			if (v >> 56)
				return -1;
			v = v << 8 | f[i];
		}
		*out = v;
		return 0;
	}
	while (i < len && f[i] == ' ')
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v << 3 | (unsigned long long)(f[i] - '0');
	}
	if (i < len && f[i] != ' ' && f[i] != '\0')
		return -1;
	*out = v;
	return 0;
}

static int checksum_ok(const unsigned char *h)
{
	unsigned long long want;
	unsigned long u = 0;
	long s = 0;
	int i;

	if (num_field(h + 148, 8, &want))
		return 0;
	for (i = 0; i < BLOCK; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];

		u += c;
		s += (signed char)c;
	}
	return want == u || (long long)want == s;
}

static void field_str(char *dst, const unsigned char *f, size_t len)
{
	size_t n = 0;

	while (n < len && f[n])
		n++;
	memcpy(dst, f, n);
	dst[n] = '\0';
}

/*
 * An entry name made safe: no absolute path, no "..", "." and empty
 * components dropped. "" is the archive's top directory.
 */
static int clean_name(struct reader *r, const char *name, char *out,
		      size_t n)
{
	const char *p = name;
	size_t o = 0;

	if (name[0] == '/')
		return fail(r, "entry '%s': an absolute path (refused)", name);
	while (*p) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == 2 && p[0] == '.' && p[1] == '.')
			return fail(r, "entry '%s': a '..' component (refused)",
				    name);
		if (l && !(l == 1 && p[0] == '.')) {
			if (o + l + 2 > n)
				return fail(r, "entry '%.100s...': name too long",
					    name);
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	out[o] = '\0';
	return 0;
}

/* A relative link target at @rel must stay inside the archive. */
static int link_inside(const char *rel, const char *target)
{
	int depth = 0;
	const char *p;

	if (target[0] == '/')
		return 0;
	for (p = rel; *p; p++)
		if (*p == '/')
			depth++;	/* directories above the link */
	p = target;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 0;
		} else if (l && !(l == 1 && p[0] == '.')) {
			depth++;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	return 1;
}

/*
 * The directory that holds @rel, made as needed, each level opened without
 * following a link. Returns a descriptor (or -1) and the last component.
 */
static int open_parent(struct reader *r, const char *rel, const char **base)
{
	char part[PATH_MAX];
	const char *p = rel, *slash;
	int fd = dup(r->dirfd);

	if (fd < 0)
		return fail(r, "%s", strerror(errno));
	while ((slash = strchr(p, '/'))) {
		size_t l = (size_t)(slash - p);
		int nfd;

		memcpy(part, p, l);
		part[l] = '\0';
		if (mkdirat(fd, part, 0700) == 0) {
			char sub[PATH_MAX];

			snprintf(sub, sizeof(sub), "%.*s", (int)(slash - rel), rel);
			note_made(r->t, sub);
		} else if (errno != EEXIST) {
			close(fd);
			return fail(r, "entry '%s': %s", rel, strerror(errno));
		}
		nfd = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					   O_CLOEXEC);
		close(fd);
		if (nfd < 0)
			return fail(r, "entry '%s': goes through a link or a file (refused)",
				    rel);
		fd = nfd;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

static int budget(struct reader *r, const char *name, unsigned long long size)
{
	if (size > TAR_MAX_BYTES - r->total)
		return fail(r, "entry '%s' of %llu bytes: the entries add up to more than %llu MiB, the limit",
			    name, size, TAR_MAX_BYTES >> 20);
	r->total += size;
	return 0;
}

static int make_file(struct reader *r, const char *rel,
		     unsigned long long size)
{
	const char *base;
	char buf[16384];
	unsigned long long left = size;
	int pfd, fd;

	if (budget(r, rel, size))
		return -1;
	if (r->dry)
		return skip(r, padded(size));
	pfd = open_parent(r, rel, &base);
	if (pfd < 0)
		return -1;
	fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				 O_CLOEXEC, 0600);
	close(pfd);
	if (fd < 0)
		return fail(r, "entry '%s': %s", rel,
			    errno == EEXIST ? "appears twice (refused)" :
					      strerror(errno));
	note_made(r->t, rel);
	while (left) {
		size_t k = left > sizeof(buf) ? sizeof(buf) : (size_t)left;

		if (read_full(r, buf, k) ||
		    (write(fd, buf, k) != (ssize_t)k &&
		     fail(r, "cannot write '%s/%s': %s", r->t->dir, rel,
			  strerror(errno)))) {
			close(fd);
			return -1;
		}
		left -= k;
	}
	close(fd);
	return skip(r, padded(size) - size);
}

static int make_dir(struct reader *r, const char *rel)
{
	const char *base;
	int pfd;

	if (!rel[0] || r->dry)
		return 0;	/* "./": the directory itself */
	pfd = open_parent(r, rel, &base);
	if (pfd < 0)
		return -1;
	if (mkdirat(pfd, base, 0700) == 0) {
		note_made(r->t, rel);
	} else if (errno != EEXIST) {
		close(pfd);
		return fail(r, "entry '%s': %s", rel, strerror(errno));
	} else {
		struct stat st;

		if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISDIR(st.st_mode)) {
			close(pfd);
			return fail(r, "entry '%s': appears twice (refused)", rel);
		}
	}
	close(pfd);
	return 0;
}

static int make_link(struct reader *r, const char *rel, const char *target)
{
	const char *base;
	int pfd, ok;

	if (!rel[0])
		return fail(r, "a link as the archive's top directory (refused)");
	if (!link_inside(rel, target))
		return fail(r, "entry '%s': a link to '%s', outside the archive (refused)",
			    rel, target);
	if (r->dry)
		return 0;
	pfd = open_parent(r, rel, &base);
	if (pfd < 0)
		return -1;
	ok = symlinkat(target, pfd, base);
	close(pfd);
	if (ok)
		return fail(r, "entry '%s': %s", rel,
			    errno == EEXIST ? "appears twice (refused)" :
					      strerror(errno));
	note_made(r->t, rel);
	return 0;
}

/* Data of a meta entry ('L', 'K', 'x'), NUL-terminated. */
static int read_meta(struct reader *r, unsigned long long size, char **out)
{
	char *buf;

	if (size > META_MAX)
		return fail(r, "an extended header of %llu bytes (more than %d)",
			    size, META_MAX);
	buf = xmalloc((size_t)size + 1);
	if (read_full(r, buf, (size_t)size) || skip(r, padded(size) - size)) {
		free(buf);
		return -1;
	}
	buf[size] = '\0';
	*out = buf;
	return 0;
}

/* pax records "LEN key=value\n": path, linkpath and size matter here. */
static int parse_pax(struct reader *r, const char *d, size_t n, char *path,
		     char *lpath, unsigned long long *size, int *has_size)
{
	size_t at = 0;

	while (at < n) {
		char *end;
		unsigned long len = strtoul(d + at, &end, 10);
		const char *kv, *eq, *stop;

		if (end == d + at || *end != ' ' || len <= (size_t)(end - (d + at)) ||
		    len > n - at || d[at + len - 1] != '\n')
			return fail(r, "a malformed pax header");
		kv = end + 1;
		stop = d + at + len - 1;
		eq = memchr(kv, '=', (size_t)(stop - kv));
		if (!eq)
			return fail(r, "a malformed pax header");
		if ((size_t)(eq - kv) == 4 && !memcmp(kv, "path", 4)) {
			if ((size_t)(stop - eq - 1) >= PATH_MAX)
				return fail(r, "a pax path too long");
			snprintf(path, PATH_MAX, "%.*s", (int)(stop - eq - 1), eq + 1);
		} else if ((size_t)(eq - kv) == 8 && !memcmp(kv, "linkpath", 8)) {
			if ((size_t)(stop - eq - 1) >= PATH_MAX)
				return fail(r, "a pax link path too long");
			snprintf(lpath, PATH_MAX, "%.*s", (int)(stop - eq - 1), eq + 1);
		} else if ((size_t)(eq - kv) == 4 && !memcmp(kv, "size", 4)) {
			const char *q = eq + 1;
			unsigned long long v = 0;

			if (q == stop)
				return fail(r, "a malformed pax size");
			for (; q < stop; q++) {	/* decimal, whatever it begins with */
				if (*q < '0' || *q > '9' || v > (1ull << 60))
					return fail(r, "a malformed pax size");
				v = v * 10 + (unsigned long long)(*q - '0');
			}
			*size = v;
			*has_size = 1;
		} else if ((size_t)(eq - kv) > 10 && !memcmp(kv, "GNU.sparse", 10)) {
			return fail(r, "a sparse entry (refused)");
		}
		at += len;
	}
	return 0;
}

static int unpack_all(struct reader *r)
{
	unsigned char h[BLOCK];
	char name[PATH_MAX], lname[PATH_MAX], rel[PATH_MAX];
	char *meta;
	int have_name = 0, have_lname = 0, has_size = 0;
	unsigned long long pax_size = 0;

	name[0] = lname[0] = '\0';
	for (;;) {
		unsigned long long size;
		char type;
		int i, zero = 1;

		if (read_full(r, h, BLOCK)) {
			if (!strncmp(r->why, "truncated: the archive ends", 27)) {
				r->why[0] = '\0';
				return fail(r, "truncated: no end-of-archive block");
			}
			return -1;
		}
		for (i = 0; i < BLOCK && zero; i++)
			zero = !h[i];
		if (zero)
			return (have_name || have_lname || has_size) ?
			       fail(r, "truncated: an extended header without its entry") : 0;
		if (!checksum_ok(h)) {
			if (!r->entries)
				return fail(r, "not a tar archive");
			return fail(r, "a damaged header after entry %d", r->entries);
		}
		if (++r->entries > TAR_MAX_ENTRIES)
			return fail(r, "more than %d entries, the limit",
				    TAR_MAX_ENTRIES);
		if (num_field(h + 124, 12, &size))
			return fail(r, "a malformed size after entry %d", r->entries);
		type = (char)h[156];
		if (has_size)
			size = pax_size;

		switch (type) {
		case 'L':
		case 'K':
			if (read_meta(r, size, &meta))
				return -1;
			if (strlen(meta) >= PATH_MAX) {
				free(meta);
				return fail(r, "a GNU long name too long");
			}
			strcpy(type == 'L' ? name : lname, meta);
			*(type == 'L' ? &have_name : &have_lname) = 1;
			free(meta);
			continue;
		case 'x':
			if (read_meta(r, size, &meta))
				return -1;
			i = parse_pax(r, meta, (size_t)size, name, lname,
				      &pax_size, &has_size);
			free(meta);
			if (i)
				return -1;
			/* parse_pax filled the names it found */
			have_name |= name[0] != '\0';
			have_lname |= lname[0] != '\0';
			continue;
		case 'g':
			if (skip(r, padded(size)))
				return -1;
			continue;
		}

		if (!have_name) {
			char prefix[156], nm[101];

			field_str(nm, h, 100);
			/* ustar's prefix; GNU tar keeps times there instead */
			if (!memcmp(h + 257, "ustar\0", 6) && h[345]) {
				field_str(prefix, h + 345, 155);
				snprintf(name, sizeof(name), "%s/%s", prefix, nm);
			} else {
				snprintf(name, sizeof(name), "%s", nm);
			}
		}
		if (!have_lname)
			field_str(lname, h + 157, 100);
		have_name = have_lname = has_size = 0;
		if (clean_name(r, name, rel, sizeof(rel)))
			return -1;

		switch (type) {
		case '0':
		case '\0':
		case '7':
			i = make_file(r, rel, size);
			break;
		case '5':
			i = make_dir(r, rel) || skip(r, padded(size));
			break;
		case '2':
			i = make_link(r, rel, lname);
			break;
		case '1':
			/* collect never writes one; through a link it could
			 * pull in a file from anywhere on this file system */
			i = fail(r, "entry '%s': a hard link (refused)", name);
			break;
		case '3':
		case '4':
			i = fail(r, "entry '%s': a device node (refused)", name);
			break;
		case '6':
			i = fail(r, "entry '%s': a FIFO (refused)", name);
			break;
		case 'S':
			i = fail(r, "entry '%s': a sparse file (refused)", name);
			break;
		default:
			i = fail(r, "entry '%s': entry type '%c' is not supported",
				 name, type >= 32 && type < 127 ? type : '?');
			break;
		}
		if (i)
			return -1;
		name[0] = lname[0] = '\0';
	}
}

int tar_unpack(const char *file, struct tar_tree *t)
{
	struct reader r;
	struct stat st;
	sigset_t block, old;
	const char *tmp = getenv("TMPDIR");
	int fd, ret, i;

	memset(t, 0, sizeof(*t));
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.t = t;
	r.dirfd = -1;
	fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		errorf("cannot read '%s': %s", file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		errorf("cannot read '%s': not a regular file", file);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	snprintf(t->dir, sizeof(t->dir), "%s/hvdiag-bundle.XXXXXX", tmp);
	/* Nothing may end us between mkdtemp and a signal-safe list. */
	sigemptyset(&block);
	for (i = 0; i < (int)ARRAY_SIZE(fatal_sigs); i++)
		sigaddset(&block, fatal_sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (!mkdtemp(t->dir)) {
		errorf("cannot create a directory in '%s' to unpack '%s': %s",
		       tmp, file, strerror(errno));
		t->dir[0] = '\0';
		close(fd);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	r.dirfd = open(t->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	r.z = r.dirfd < 0 ? NULL : gzdopen(fd, "rb");
	if (!r.z) {
		fail(&r, "%s", strerror(errno ? errno : ENOMEM));
		close(fd);
		ret = -1;
	} else {
		/*
		 * Names, types, links and the caps first, writing nothing, so
		 * that a refused archive costs no disk; then for real.
		 */
		r.dry = 1;
		ret = unpack_all(&r);
		if (!ret) {
			r.dry = 0;
			r.total = 0;
			r.entries = 0;
			ret = gzrewind(r.z) ? fail(&r, "cannot read it twice") :
					      unpack_all(&r);
		}
		gzclose(r.z);	/* closes fd */
	}
	if (r.dirfd >= 0)
		close(r.dirfd);
	if (ret) {
		errorf("cannot read '%s': %s", file, r.why);
		tar_remove(t);
	} else {
		set_handlers(t);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
