/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small test harness with KUnit's shape: suites hold a null-terminated
 * array of cases, EXPECT records a failure and goes on, ASSERT records it and
 * leaves the case, a case may skip with a reason, and results are a KTAP v1
 * document. The same test sources compile in the kernel and in userspace;
 * only the output backend differs. Suites are listed in explicit arrays:
 * no linker sections, because an old module has no loader for them.
 */
#ifndef HVD_KTEST_H
#define HVD_KTEST_H

#include "hvd_types.h"

struct hvd_ktest_out {
	/* printf-like sink; returns nothing the harness relies on */
	void (*print)(void *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	void *ctx;
};

enum hvd_ktest_status {
	HVD_KTEST_PASS = 0,
	HVD_KTEST_FAIL,
	HVD_KTEST_SKIP,
};

struct hvd_ktest {
	const char *name;
	enum hvd_ktest_status status;
	const char *skip_reason;
	const struct hvd_ktest_out *out;
	int depth;		/* indentation level of this case's lines */
	void *priv;		/* for the suite's init/exit */
};

struct hvd_ktest_case {
	const char *name;
	void (*run)(struct hvd_ktest *t);
};

struct hvd_ktest_suite {
	const char *name;
	const struct hvd_ktest_case *cases;	/* ends with { NULL, NULL } */
	int (*init)(struct hvd_ktest *t);	/* optional, per case */
	void (*exit)(struct hvd_ktest *t);	/* optional, per case */
};

struct hvd_ktest_totals {
	int passed;
	int failed;
	int skipped;
};

void hvd_ktest_fail_at(struct hvd_ktest *t, const char *file, int line,
		       const char *what);
void hvd_ktest_fail_int(struct hvd_ktest *t, const char *file, int line,
			const char *expr, long long a, long long b);
void hvd_ktest_fail_str(struct hvd_ktest *t, const char *file, int line,
			const char *expr, const char *a, const char *b);
void hvd_ktest_skip(struct hvd_ktest *t, const char *reason);
int hvd_ktest_streq(const char *a, const char *b);

#define HVD_EXPECT_TRUE(t, c) do { \
	if (!(c)) \
		hvd_ktest_fail_at(t, __FILE__, __LINE__, #c); \
} while (0)
#define HVD_EXPECT_FALSE(t, c) HVD_EXPECT_TRUE(t, !(c))
#define HVD_EXPECT_EQ(t, a, b) do { \
	long long __a = (long long)(a), __b = (long long)(b); \
	if (__a != __b) \
		hvd_ktest_fail_int(t, __FILE__, __LINE__, #a " == " #b, \
				   __a, __b); \
} while (0)
#define HVD_EXPECT_STREQ(t, a, b) do { \
	const char *__a = (a), *__b = (b); \
	if (!hvd_ktest_streq(__a, __b)) \
		hvd_ktest_fail_str(t, __FILE__, __LINE__, #a " == " #b, \
				   __a, __b); \
} while (0)

/* ASSERT leaves the case; in the kernel it cannot abort a thread. */
#define HVD_ASSERT_TRUE(t, c) do { \
	if (!(c)) { \
		hvd_ktest_fail_at(t, __FILE__, __LINE__, #c); \
		return; \
	} \
} while (0)
#define HVD_ASSERT_EQ(t, a, b) do { \
	long long __a = (long long)(a), __b = (long long)(b); \
	if (__a != __b) { \
		hvd_ktest_fail_int(t, __FILE__, __LINE__, #a " == " #b, \
				   __a, __b); \
		return; \
	} \
} while (0)
/* For cases that hold resources: jump to the label that releases them. */
#define HVD_ASSERT_TRUE_GOTO(t, c, label) do { \
	if (!(c)) { \
		hvd_ktest_fail_at(t, __FILE__, __LINE__, #c); \
		goto label; \
	} \
} while (0)

/*
 * Run @n suites and print one KTAP v1 document. Returns the number of
 * failed cases; @totals (optional) receives the counts.
 */
int hvd_ktest_run(const struct hvd_ktest_suite *const *suites, int n,
		  const struct hvd_ktest_out *out,
		  struct hvd_ktest_totals *totals);
/* The same for the @na suites of @a, then the @nb of @b, in one document. */
int hvd_ktest_run2(const struct hvd_ktest_suite *const *a, int na,
		   const struct hvd_ktest_suite *const *b, int nb,
		   const struct hvd_ktest_out *out,
		   struct hvd_ktest_totals *totals);

#endif
