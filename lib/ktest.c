// SPDX-License-Identifier: GPL-2.0
#include "ktest.h"

#define IND "    "

static const char *indent(int depth)
{
	return depth ? IND : "";
}

int hvd_ktest_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void hvd_ktest_fail_at(struct hvd_ktest *t, const char *file, int line,
		       const char *what)
{
	t->status = HVD_KTEST_FAIL;
	t->out->print(t->out->ctx, "%s# %s: EXPECTATION FAILED at %s:%d\n",
		      indent(t->depth), t->name, file, line);
	t->out->print(t->out->ctx, "%s#     %s is false\n", indent(t->depth),
		      what);
}

void hvd_ktest_fail_int(struct hvd_ktest *t, const char *file, int line,
			const char *expr, long long a, long long b)
{
	t->status = HVD_KTEST_FAIL;
	t->out->print(t->out->ctx, "%s# %s: EXPECTATION FAILED at %s:%d\n",
		      indent(t->depth), t->name, file, line);
	t->out->print(t->out->ctx, "%s#     %s: %lld != %lld\n",
		      indent(t->depth), expr, a, b);
}

void hvd_ktest_fail_str(struct hvd_ktest *t, const char *file, int line,
			const char *expr, const char *a, const char *b)
{
	t->status = HVD_KTEST_FAIL;
	t->out->print(t->out->ctx, "%s# %s: EXPECTATION FAILED at %s:%d\n",
		      indent(t->depth), t->name, file, line);
	t->out->print(t->out->ctx, "%s#     %s: \"%s\" != \"%s\"\n",
		      indent(t->depth), expr, a ? a : "(null)",
		      b ? b : "(null)");
}

void hvd_ktest_skip(struct hvd_ktest *t, const char *reason)
{
	if (t->status == HVD_KTEST_PASS)
		t->status = HVD_KTEST_SKIP;
	t->skip_reason = reason;
}

static int count_cases(const struct hvd_ktest_suite *s)
{
	int n = 0;

	while (s->cases[n].run)
		n++;
	return n;
}

static void run_suite(const struct hvd_ktest_suite *s, int index,
		      const struct hvd_ktest_out *out,
		      struct hvd_ktest_totals *sum)
{
	struct hvd_ktest_totals mine = { 0, 0, 0 };
	int n = count_cases(s);
	int i;

	out->print(out->ctx, IND "KTAP version 1\n");
	out->print(out->ctx, IND "# Subtest: %s\n", s->name);
	out->print(out->ctx, IND "1..%d\n", n);
	for (i = 0; i < n; i++) {
		struct hvd_ktest t;
		const struct hvd_ktest_case *c = &s->cases[i];

		t.name = c->name;
		t.status = HVD_KTEST_PASS;
		t.skip_reason = 0;
		t.out = out;
		t.depth = 1;
		t.priv = 0;
		if (s->init && s->init(&t)) {
			hvd_ktest_fail_at(&t, __FILE__, __LINE__,
					  "suite init succeeded");
		} else {
			c->run(&t);
			if (s->exit)
				s->exit(&t);
		}
		switch (t.status) {
		case HVD_KTEST_PASS:
			mine.passed++;
			out->print(out->ctx, IND "ok %d %s\n", i + 1, c->name);
			break;
		case HVD_KTEST_SKIP:
			mine.skipped++;
			out->print(out->ctx, IND "ok %d %s # SKIP %s\n", i + 1,
				   c->name, t.skip_reason ? t.skip_reason : "");
			break;
		default:
			mine.failed++;
			out->print(out->ctx, IND "not ok %d %s\n", i + 1,
				   c->name);
			break;
		}
	}
	out->print(out->ctx, IND "# %s: pass:%d fail:%d skip:%d total:%d\n",
		   s->name, mine.passed, mine.failed, mine.skipped, n);
	if (mine.failed)
		out->print(out->ctx, "not ok %d %s\n", index, s->name);
	else if (n && mine.skipped == n)
		out->print(out->ctx, "ok %d %s # SKIP all cases skipped\n",
			   index, s->name);
	else
		out->print(out->ctx, "ok %d %s\n", index, s->name);
	sum->passed += mine.passed;
	sum->failed += mine.failed;
	sum->skipped += mine.skipped;
}

int hvd_ktest_run(const struct hvd_ktest_suite *const *suites, int n,
		  const struct hvd_ktest_out *out,
		  struct hvd_ktest_totals *totals)
{
	return hvd_ktest_run2(suites, n, suites, 0, out, totals);
}

int hvd_ktest_run2(const struct hvd_ktest_suite *const *a, int na,
		   const struct hvd_ktest_suite *const *b, int nb,
		   const struct hvd_ktest_out *out,
		   struct hvd_ktest_totals *totals)
{
	struct hvd_ktest_totals sum = { 0, 0, 0 };
	int i;

	out->print(out->ctx, "KTAP version 1\n");
	out->print(out->ctx, "1..%d\n", na + nb);
	for (i = 0; i < na; i++)
		run_suite(a[i], i + 1, out, &sum);
	for (i = 0; i < nb; i++)
		run_suite(b[i], na + i + 1, out, &sum);
	out->print(out->ctx, "# Totals: pass:%d fail:%d skip:%d\n",
		   sum.passed, sum.failed, sum.skipped);
	if (totals)
		*totals = sum;
	return sum.failed;
}
