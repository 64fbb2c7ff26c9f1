// SPDX-License-Identifier: GPL-2.0
/*
 * An offline root: a bundle or an extracted sosreport. Every path is
 * walked one component at a time inside the root (source.h says what is
 * refused); the two kinds differ in where their text inputs are.
 */
#include "source/ops.h"
#include "source/bundle_layout.h"
#include "base/compat.h"
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SRC_MAXLINKS 40	/* as the kernel's path walk */

/*
 * Take the first component of @rest off into @comp; 0 when none is left,
 * -1 when it is longer than a name can be.
 */
static int next_comp(char *rest, char *comp, size_t n)
{
	char *p = rest, *e;
	size_t l;

	while (*p == '/')
		p++;
	if (!*p) {
		rest[0] = '\0';
		return 0;
	}
	e = strchr(p, '/');
	l = e ? (size_t)(e - p) : strlen(p);
	if (l >= n)
		return -1;
	memcpy(comp, p, l);
	comp[l] = '\0';
	p += l;
	memmove(rest, p, strlen(p) + 1);
	return 1;
}

static int rest_empty(const char *rest)
{
	while (*rest == '/')
		rest++;
	return !*rest;
}

/* A walk in progress: what is left, where it is, how many links taken. */
struct walk {
	const struct source *s;
	int flags;
	char rest[2 * PATH_MAX];
	char cur[PATH_MAX];	/* resolved so far, relative to the root */
	int links, missing;
};

/* Put the target of the link @full in front of what is left. */
static int walk_link(struct walk *w, const char *full)
{
	char target[PATH_MAX];
	ssize_t tl;

	if (++w->links > SRC_MAXLINKS)
		return -ELOOP;
	tl = readlink(full, target, sizeof(target) - 1);
	if (tl < 0)
		return -errno;
	target[tl] = '\0';
	if (target[0] == '/')
		return -EXDEV;	/* the host's file system */
	if ((size_t)tl + 1 + strlen(w->rest) >= sizeof(w->rest))
		return -ENAMETOOLONG;
	memmove(w->rest + tl + 1, w->rest, strlen(w->rest) + 1);
	memcpy(w->rest, target, (size_t)tl);
	w->rest[tl] = '/';
	return 0;	/* relative to the link's directory */
}

/* One component @comp of the walk; 0 or -errno. */
static int walk_comp(struct walk *w, const char *comp)
{
	char full[PATH_MAX];
	size_t cl = strlen(w->cur);
	int last = rest_empty(w->rest);
	struct stat sb;

	if (!strcmp(comp, "."))
		return 0;
	if (!strcmp(comp, "..")) {
		if (!cl)
			return -EXDEV;	/* above the root */
		*strrchr(w->cur, '/') = '\0';
		return 0;
	}
	if (cl + 1 + strlen(comp) >= sizeof(w->cur))
		return -ENAMETOOLONG;
	if (!w->missing) {
		if (snprintf(full, sizeof(full), "%s%s/%s", w->s->root, w->cur,
			     comp) >= (int)sizeof(full))
			return -ENAMETOOLONG;
		if (lstat(full, &sb)) {
			if (errno != ENOENT || !(w->flags & RES_MISSING))
				return -errno;
			w->missing = 1;
		} else if (S_ISLNK(sb.st_mode) &&
			   !(last && (w->flags & RES_NOFOLLOW))) {
			return walk_link(w, full);
		} else if (!last && !S_ISDIR(sb.st_mode)) {
			return -ENOTDIR;
		}
	}
	sprintf(w->cur + cl, "/%s", comp);
	return 0;
}

/*
 * Walk @abs inside the root the way the kernel would and refuse what
 * leaves it: an absolute link target, a ".." above the root, more than
 * SRC_MAXLINKS links. On success @out holds the resolved path relative to
 * the root ("" for the root itself, else "/a/b") with no symlink in it
 * (but the last component with RES_NOFOLLOW), and @st its lstat() unless
 * a missing tail was taken (RES_MISSING; then st_mode is 0). Nothing is
 * opened.
 */
static int resolve(const struct source *s, const char *abs, int flags,
		   char *out, size_t on, struct stat *st)
{
	char comp[NAME_MAX + 1], full[PATH_MAX];
	struct walk w = { .s = s, .flags = flags };
	int r = 0, more;

	if (strlen(abs) >= sizeof(w.rest))
		return -ENAMETOOLONG;
	strcpy(w.rest, abs);
	while (!r && (more = next_comp(w.rest, comp, sizeof(comp))))
		r = more < 0 ? -ENAMETOOLONG : walk_comp(&w, comp);
	if (r)
		return r;
	if (strlen(w.cur) >= on)
		return -ENAMETOOLONG;
	strcpy(out, w.cur);
	if (!st)
		return 0;
	if (w.missing) {
		memset(st, 0, sizeof(*st));
		return 0;
	}
	snprintf(full, sizeof(full), "%s%s", s->root, w.cur);
	return lstat(full, st) ? -errno : 0;
}

static int offline_path(const struct source *s, const char *abs, int flags,
			char *path, size_t n, struct stat *st)
{
	char rel[PATH_MAX];
	int r = resolve(s, abs, flags, rel, sizeof(rel), st);

	if (r)
		return r;
	if (snprintf(path, n, "%s%s", s->root, rel) >= (int)n)
		return -ENAMETOOLONG;
	return 0;
}

static int offline_real(const struct source *s, const char *abs, char *buf,
			size_t n)
{
	return resolve(s, abs, 0, buf, n, NULL);
}

/*
 * The target of a link must stay inside the root too, even where it
 * dangles (a bundle holds a driver link, not the driver).
 */
static int offline_link_ok(const struct source *s, const char *path,
			   const char *target)
{
	char rel[PATH_MAX], check[2 * PATH_MAX];
	char *slash;

	if (target[0] == '/')
		return -EXDEV;
	hv_strlcpy(rel, path + strlen(s->root), sizeof(rel));
	slash = strrchr(rel, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(check, sizeof(check), "%s/%s", rel, target) >=
	    (int)sizeof(check))
		return -ENAMETOOLONG;
	return resolve(s, check, RES_MISSING, rel, sizeof(rel), NULL);
}

static int offline_klog(struct linereader *lr)
{
	return -ENOENT;
}

/* The kernel release: the recorded osrelease, else the MANIFEST's. */
static void offline_release(struct source *s)
{
	char buf[256];

	if (src_read_attr(s, bundle_files[BF_OSRELEASE].path, buf,
			  sizeof(buf)) > 0 ||
	    !bundle_manifest_get(s, MF_KERNEL_RELEASE, buf, sizeof(buf)))
		hv_strlcpy(s->release, buf, sizeof(s->release));
}

/* A bundle's text inputs: where its layout puts them. */
static int bundle_home(size_t i, struct text_home *h)
{
	if (i >= BF_COUNT)
		return 0;
	h->what = bundle_files[i].text;
	h->path = bundle_files[i].path;
	h->kmsg = 0;
	return 1;
}

static const struct text_home sos_homes[] = {
	{ TXT_KLOG, "/sos_commands/kernel/dmesg", 0 },
	{ TXT_KLOG, "/sos_commands/kernel/dmesg_-T", 0 },
	{ TXT_KLOG, "/var/log/dmesg", 0 },
	{ TXT_LSPCI, "/sos_commands/pci/lspci_-nnvv", 0 },
	{ TXT_LSPCI, "/sos_commands/pci/lspci_-nvv", 0 },
	{ TXT_LSPCI, "/sos_commands/pci/lspci_-vvv", 0 },
	{ TXT_IPADDR, "/sos_commands/networking/ip_-d_address", 0 },
	{ TXT_IPADDR, "/sos_commands/networking/ip_address", 0 },
	{ TXT_IPADDR, "/sos_commands/networking/ip_-o_addr", 0 },
	{ TXT_INTERRUPTS, "/proc/interrupts", 0 },
	{ TXT_MODULES, "/proc/modules", 0 },
	{ TXT_MODULES, "/sos_commands/kernel/lsmod", 0 },
	{ TXT_CMDLINE, "/proc/cmdline", 0 },
};

/* A sosreport's text inputs: the files of its commands, /proc copies. */
static int sos_home(size_t i, struct text_home *h)
{
	return home_at(sos_homes, ARRAY_SIZE(sos_homes), i, h);
}

/* The two offline kinds share all but where their text inputs are. */
#define OFFLINE_OPS(where) {		\
	.path = offline_path,		\
	.real = offline_real,		\
	.link_ok = offline_link_ok,	\
	.klog = offline_klog,		\
	.release = offline_release,	\
	.home = (where),		\
	.confined = 1,			\
}

const struct src_ops src_bundle_ops = OFFLINE_OPS(bundle_home);
const struct src_ops src_sos_ops = OFFLINE_OPS(sos_home);
