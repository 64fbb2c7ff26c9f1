// SPDX-License-Identifier: GPL-2.0
/*
 * The source's confinement of an offline root, call by call: a link that
 * leads out of the bundle (an absolute target, a ".." above the root) is
 * refused by every call, src_exists and src_readlink included, while a
 * link inside (even a dangling one, as a bundle's driver links are) is
 * there. Built in a scratch directory of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source.h"
#include "suites.h"

struct scratch {
	char root[64];
};

static int put(const char *root, const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int link_at(const char *root, const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return symlink(target, p);
}

/* root/{d/,d/file,in -> d/file,dangling -> d/gone,abs -> /etc/hostname,
 * up -> ../../etc/hostname, d/out -> /etc, via -> out} */
static int scratch_make(struct scratch *s)
{
	char p[128];

	snprintf(s->root, sizeof(s->root), "/tmp/hvdiag-src-XXXXXX");
	if (!mkdtemp(s->root))
		return -1;
	snprintf(p, sizeof(p), "%s/d", s->root);
	return mkdir(p, 0700) || put(s->root, "d/file", "text\n") ||
	       link_at(s->root, "d/file", "in") ||
	       link_at(s->root, "d/gone", "dangling") ||
	       link_at(s->root, "/etc/hostname", "abs") ||
	       link_at(s->root, "../../etc/hostname", "up") ||
	       link_at(s->root, "/etc", "d/out") ||
	       link_at(s->root, "d/out/hostname", "via") ? -1 : 0;
}

static void scratch_free(struct scratch *s)
{
	static const char *const names[] = {
		"d/file", "d/out", "in", "dangling", "abs", "up", "via", "d",
	};
	char p[128];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", s->root, names[i]);
		if (unlink(p))
			rmdir(p);
	}
	rmdir(s->root);
}

/* src_exists: a link out is not there; one inside is, dangling or not. */
static void source_exists_confined(struct hvd_ktest *t)
{
	struct scratch s;
	struct source src;

	HVD_ASSERT_TRUE(t, !scratch_make(&s));
	HVD_ASSERT_TRUE(t, !source_open(&src, s.root));
	HVD_EXPECT_EQ(t, src_exists(&src, "/d/file"), 1);
	HVD_EXPECT_EQ(t, src_exists(&src, "/in"), 1);
	HVD_EXPECT_EQ(t, src_exists(&src, "/dangling"), 1);
	HVD_EXPECT_EQ(t, src_exists(&src, "/nothing"), 0);
	HVD_EXPECT_EQ(t, src_exists(&src, "/abs"), 0);
	HVD_EXPECT_EQ(t, src_exists(&src, "/up"), 0);
	HVD_EXPECT_EQ(t, src_exists(&src, "/d/out"), 0);
	HVD_EXPECT_EQ(t, src_exists(&src, "/via"), 0);
	HVD_EXPECT_EQ(t, src_exists(&src, "/d/out/hostname"), 0);
	scratch_free(&s);
}

/* src_readlink and the reads: a link out is -EXDEV, never the host's. */
static void source_reads_confined(struct hvd_ktest *t)
{
	struct scratch s;
	struct source src;
	char buf[256];

	HVD_ASSERT_TRUE(t, !scratch_make(&s));
	HVD_ASSERT_TRUE(t, !source_open(&src, s.root));
	HVD_EXPECT_EQ(t, src_readlink(&src, "/in", buf, sizeof(buf)), 6);
	HVD_EXPECT_STREQ(t, buf, "d/file");
	HVD_EXPECT_EQ(t, src_readlink(&src, "/dangling", buf, sizeof(buf)), 6);
	HVD_EXPECT_EQ(t, src_readlink(&src, "/abs", buf, sizeof(buf)), -EXDEV);
	HVD_EXPECT_EQ(t, src_readlink(&src, "/up", buf, sizeof(buf)), -EXDEV);
	HVD_EXPECT_EQ(t, src_readlink_base(&src, "/d/out", buf, sizeof(buf)),
		      -EXDEV);
	HVD_EXPECT_EQ(t, src_read_attr(&src, "/in", buf, sizeof(buf)), 4);
	HVD_EXPECT_EQ(t, src_read_attr(&src, "/abs", buf, sizeof(buf)), -EXDEV);
	HVD_EXPECT_EQ(t, src_read_attr(&src, "/via", buf, sizeof(buf)), -EXDEV);
	HVD_EXPECT_EQ(t, src_is_dir(&src, "/d/out"), 0);
	HVD_EXPECT_EQ(t, src_file_size(&src, "/up"), -EXDEV);
	scratch_free(&s);
}

static const struct hvd_ktest_case source_cases[] = {
	{ "exists_confined", source_exists_confined },
	{ "reads_confined", source_reads_confined },
	{ 0, 0 },
};
const struct hvd_ktest_suite source_suite = { "source", source_cases, 0, 0 };
