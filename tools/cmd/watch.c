// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag watch: the VF events of the kernel log as they happen. Records
 * come from /dev/kmsg (or a FIFO or file of its records, or a bundle's
 * log with --root) and go through the one classifier (vf_events.c) to
 * one line each on standard output (text or JSON Lines), and/or to
 * counters in a Prometheus textfile. Memory is fixed: one record buffer,
 * the classifier's tables, at most WATCH_SERIES counter series.
 */
#include "checks/checks.h"
#include "cmd/cmds.h"
#include "base/json_out.h"
#include "model/result.h"
#include "source/source.h"
#include "base/util.h"
#include "profile/vf_events.h"
#include "render/render.h"
#include "base/outfile.h"
#include "cmd/options.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WATCH_SERIES 256
#define REC_MAX 16384		/* a /dev/kmsg record is at most 8 KiB of text */

enum wfmt { WF_TEXT, WF_JSON, WF_PROM, WF_HTML };

struct series {
	char id[48];
	char dev[64];
	char verdict[8];
	unsigned long n;
};

struct watch {
	enum wfmt fmt;
	int level_prefix;
	FILE *out;
	struct outfile of;
	const char *prom_path;
	double interval;
	struct timespec last_prom;
	int prom_dirty;
	struct series *ser;
	int nser;
	unsigned long ser_dropped;
	unsigned long records, lost, events, failed;
	int live;		/* a real kernel clock: events carry their lag */
	int out_err;
	double start;
	/* --format html: the whole replay, drawn at its end */
	struct vf_event_list list;
	int has_ts;
	double first_ts, last_ts;
	/* /dev/kmsg sequence numbers */
	int have_seq;
	unsigned long long next_seq;
};

struct watch_opts {
	int from_boot, once;
	const char *kmsg, *root;
	enum wfmt fmt;
	const char *out, *prom;
	double interval;
	int level_prefix;
};

static int opt_wfmt(void *field, const char *arg)
{
	static const char *const names[] = { "text", "json", "prom", "html" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(arg, names[i])) {
			*(enum wfmt *)field = (enum wfmt)i;
			return 0;
		}
	errorf("unknown format '%s' (text, json, prom, html)", arg);
	return -1;
}

static int opt_interval(void *field, const char *arg)
{
	return opt_seconds(field, arg, "--interval", 1, 86400);
}

static const struct opt watch_opt[] = {
	OPT_FLAG(0, "from-boot", struct watch_opts, from_boot,
		 "replay the kernel's ring buffer first (default: only\n"
		 "records from now on)"),
	OPT_FLAG(0, "once", struct watch_opts, once,
		 "stop after the records already there (no follow)"),
	OPT_STRING(0, "kmsg", struct watch_opts, kmsg, "PATH",
		   "read /dev/kmsg records from PATH (default /dev/kmsg;\n"
		   "a FIFO or a file of records also works)"),
	OPT_ROOT(struct watch_opts, root,
		 "replay the kernel log of a bundle, tarball or\n"
		 "sosreport as events, then stop"),
	OPT_CALL('f', "format", struct watch_opts, fmt, "F",
		 "text (default), json (JSON Lines), prom (only the\n"
		 "counters, written to -o FILE) or html (with --root:\n"
		 "one page, the events on the log's time line)", opt_wfmt),
	OPT_OUTPUT(struct watch_opts, out,
		   "write the events (prom: the counters) to FILE"),
	OPT_STRING(0, "prom", struct watch_opts, prom, "FILE",
		   "also keep event counters in FILE (Prometheus text,\n"
		   "replaced atomically every --interval and at the end)"),
	OPT_CALL(0, "interval", struct watch_opts, interval, "S",
		 "how often the counters file is rewritten (default 15)",
		 opt_interval),
	OPT_FLAG(0, "level-prefix", struct watch_opts, level_prefix,
		 "start text lines with a syslog priority (<3> fail,\n"
		 "<4> warn, <6> info and pass) for journald"),
	OPT_END(),
};

static const struct opt_help watch_help = {
	"hvdiag watch [--from-boot] [--once] [--kmsg PATH]\n"
	"             [--format text|json|prom|html] [-o FILE] [--prom FILE]\n"
	"             [--interval SECONDS] [--level-prefix]\n"
	"hvdiag watch --root DIR [--format ...]",
	"Follow the kernel log and report each VF event as it happens: the host\n"
	"offered, removed or re-added a VF, the data path moved to or from it,\n"
	"its driver's bring-up finished or failed (and the first missing step),\n"
	"a known failure line, a crash or warning report. One line per event.",
	"SIGTERM and SIGINT end it cleanly (counters written). exit status: 0, or\n"
	"when the input ends (--once, --root, end of a file) 1 if an event failed;\n"
	"2 usage, unreadable input or output.",
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double mono_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void count(struct watch *w, const struct vf_event *ev)
{
	const char *verdict = vf_verdict_str(ev->verdict);
	int i;

	for (i = 0; i < w->nser; i++)
		if (!strcmp(w->ser[i].id, ev->id) && !strcmp(w->ser[i].dev, ev->dev) &&
		    !strcmp(w->ser[i].verdict, verdict)) {
			w->ser[i].n++;
			return;
		}
	if (w->nser == WATCH_SERIES) {
		w->ser_dropped++;
		return;
	}
	w->ser = xrealloc(w->ser, (size_t)(w->nser + 1) * sizeof(*w->ser));
	memset(&w->ser[w->nser], 0, sizeof(w->ser[0]));
	hv_strlcpy(w->ser[w->nser].id, ev->id, sizeof(w->ser[0].id));
	hv_strlcpy(w->ser[w->nser].dev, ev->dev, sizeof(w->ser[0].dev));
	hv_strlcpy(w->ser[w->nser].verdict, verdict, sizeof(w->ser[0].verdict));
	w->ser[w->nser++].n = 1;
}

static int prio(enum vf_verdict v)
{
	return v == VFV_FAIL ? 3 : v == VFV_WARN ? 4 : 6;
}

static void put_text(struct watch *w, const struct vf_event *ev)
{
	FILE *f = w->out;

	if (w->level_prefix)
		fprintf(f, "<%d>", prio(ev->verdict));
	if (ev->has_ts)
		fprintf(f, "[%12.6f] ", ev->ts);
	else
		fprintf(f, "[line %lu] ", ev->seq);
	fprintf(f, "%s %s %s: %s", ev->dev[0] ? ev->dev : "-", ev->id,
		vf_verdict_str(ev->verdict), ev->title);
	if (ev->detail[0])
		fprintf(f, "; %s", ev->detail);
	if (ev->nic[0] && strcmp(ev->nic, ev->dev))
		fprintf(f, " (nic %s%s%s)", ev->nic, ev->vf[0] ? ", vf " : "", ev->vf);
	if (ev->kb[0])
		fprintf(f, " [kb %s]", ev->kb);
	if (ev->evidence[0])
		fprintf(f, " -- %s", ev->evidence);
	fputc('\n', f);
}

static void put_json(struct watch *w, const struct vf_event *ev)
{
	struct json j;

	json_init(&j, w->out, 0);
	json_obj_begin(&j, NULL);
	if (ev->has_ts)
		fprintf(w->out, "\"time\":%.6f,", ev->ts);
	else
		json_null(&j, "time");
	json_int(&j, "seq", (long long)ev->seq);
	json_str(&j, "id", ev->id);
	json_str(&j, "event", ev->role);
	json_str(&j, "verdict", vf_verdict_str(ev->verdict));
	json_str(&j, "device", ev->dev);
	json_str(&j, "bdf", ev->bdf);
	json_str(&j, "nic", ev->nic);
	json_str(&j, "vf", ev->vf);
	json_str(&j, "kb", ev->kb);
	json_str(&j, "title", ev->title);
	json_str(&j, "detail", ev->detail);
	json_str(&j, "evidence", ev->evidence);
	if (w->live && ev->has_ts)
		fprintf(w->out, ",\"lag\":%.6f", mono_now() - ev->ts);
	json_obj_end(&j);	/* the line's end too */
}

static void on_event(void *ctx, const struct vf_event *ev)
{
	struct watch *w = ctx;

	w->events++;
	if (ev->verdict == VFV_FAIL)
		w->failed++;
	count(w, ev);
	w->prom_dirty = 1;
	if (w->fmt == WF_HTML)
		vf_event_list_add(&w->list, ev);
	if (w->fmt == WF_PROM || w->fmt == WF_HTML || !w->out)
		return;
	if (w->fmt == WF_JSON)
		put_json(w, ev);
	else
		put_text(w, ev);
	if (fflush(w->out) && !w->out_err)
		w->out_err = errno ? errno : EIO;
}

/* The counters, through the atomic writer. 0 or -1 (message printed). */
static int write_prom(struct watch *w, const char *path)
{
	struct outfile o;
	FILE *f;
	int i;

	if (outfile_open(&o, path))
		return -1;
	f = o.f;
	fputs("# HELP hvdiag_watch_events_total VF events hvdiag watch reported, by event id, device and verdict.\n"
	      "# TYPE hvdiag_watch_events_total counter\n", f);
	for (i = 0; i < w->nser; i++) {
		fputs("hvdiag_watch_events_total{id=\"", f);
		prom_put_label(f, w->ser[i].id);
		fputs("\",device=\"", f);
		prom_put_label(f, w->ser[i].dev);
		fprintf(f, "\",verdict=\"%s\"} %lu\n", w->ser[i].verdict, w->ser[i].n);
	}
	fprintf(f, "# HELP hvdiag_watch_events_uncounted_total VF events beyond the %d id/device series kept.\n"
		"# TYPE hvdiag_watch_events_uncounted_total counter\n"
		"hvdiag_watch_events_uncounted_total %lu\n", WATCH_SERIES, w->ser_dropped);
	fprintf(f, "# HELP hvdiag_watch_records_total Kernel log records read.\n"
		"# TYPE hvdiag_watch_records_total counter\n"
		"hvdiag_watch_records_total %lu\n", w->records);
	fprintf(f, "# HELP hvdiag_watch_lost_records_total Kernel log records lost before they were read (ring buffer overruns).\n"
		"# TYPE hvdiag_watch_lost_records_total counter\n"
		"hvdiag_watch_lost_records_total %lu\n", w->lost);
	fprintf(f, "# HELP hvdiag_watch_start_time_seconds Unix time this watch started; the counters count from it.\n"
		"# TYPE hvdiag_watch_start_time_seconds gauge\n"
		"hvdiag_watch_start_time_seconds %.3f\n", w->start);
	w->prom_dirty = 0;
	return outfile_close(&o);
}

static int flush_prom(struct watch *w, int force)
{
	struct timespec now;
	double since;

	if (!w->prom_path)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	since = (double)(now.tv_sec - w->last_prom.tv_sec) +
		(now.tv_nsec - w->last_prom.tv_nsec) / 1e9;
	if (!force && (!w->prom_dirty || since < w->interval))
		return 0;
	w->last_prom = now;
	return write_prom(w, w->prom_path);
}

/* "pri,seq,usec,flags;": the sequence number, or -1 for no header. */
static int kmsg_seq(const char *s, size_t len, unsigned long long *seq)
{
	const char *c = memchr(s, ',', len), *semi = memchr(s, ';', len);
	char *end;

	if (!c || !semi || c > semi)
		return -1;
	errno = 0;
	*seq = strtoull(c + 1, &end, 10);
	if (errno || end == c + 1 || *end != ',')
		return -1;
	return 0;
}

/* One record (a line without its newline). */
static void record(struct watch *w, struct vf_classifier *c, char *line,
		   size_t len, int kmsg, unsigned long lineno)
{
	struct klog_line kl;
	unsigned long long seq = lineno;

	if (kmsg && len && line[0] == ' ')
		return;		/* a dictionary line ("SUBSYSTEM=pci") */
	w->records++;
	if (kmsg && !kmsg_seq(line, len, &seq)) {
		if (w->have_seq && seq > w->next_seq) {
			unsigned long long gap = seq - w->next_seq;
			double ts = 0;
			int has_ts = 0;
			struct klog_line hk;
			char *copy = xstrndup(line, len);

			/* the lost records end where this one begins */
			if (klog_parse(copy, len, 1, &hk) && hk.has_ts) {
				ts = hk.ts;
				has_ts = 1;
			}
			free(copy);
			w->lost += (unsigned long)gap;
			vfc_lost(c, (unsigned long)gap, ts, has_ts,
				 (unsigned long)seq);
		}
		w->have_seq = 1;
		w->next_seq = seq + 1;
	}
	if (klog_parse(line, len, kmsg, &kl)) {
		if (kl.has_ts) {
			if (!w->has_ts)
				w->first_ts = kl.ts;
			w->has_ts = 1;
			w->last_ts = kl.ts;
		}
		vfc_line(c, kl.msg, kl.len, kl.ts, kl.has_ts, (unsigned long)seq);
	}
}

/*
 * Records from @fd until the end (a file, a FIFO's writer gone), or until
 * caught up with --once, or a signal. /dev/kmsg gives one record per
 * read; a file or FIFO gives lines. Returns 0 or an errno value.
 */
static int follow(struct watch *w, struct vf_classifier *c, int fd,
		  int once, int *ended)
{
	char *buf = xmalloc(REC_MAX + 1);
	size_t have = 0;
	unsigned long lineno = 0;
	struct stat st;
	int chr = !fstat(fd, &st) && S_ISCHR(st.st_mode);
	int err = 0;

	*ended = 0;
	w->live = chr;
	while (!stop && !w->out_err) {
		ssize_t n = read(fd, buf + have, REC_MAX - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			/* the ring overran us: the next record's sequence
			 * number tells how many were lost */
			continue;
		}
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (once && chr)
				break;	/* caught up with the ring */
			if (chr)
				vfc_tick(c, mono_now());
			if (flush_prom(w, 0))
				err = EIO;
			if (err)
				break;
			if (poll(&p, 1, 250) < 0 && errno != EINTR) {
				err = errno;
				break;
			}
			continue;
		}
		if (n < 0) {
			err = errno;
			break;
		}
		if (n == 0) {
			if (S_ISFIFO(st.st_mode) && !once && have == 0) {
				/* no writer yet, or it left: a FIFO ends when it is
				 * closed after a writer was there */
				if (lineno) {
					*ended = 1;
					break;
				}
				{
					/* poll() says HUP at once here: sleep */
					struct timespec nap = { 0, 100000000 };

					nanosleep(&nap, NULL);
				}
				continue;
			}
			if (have) {
				buf[have] = '\0';
				record(w, c, buf, have, 1, ++lineno);
				have = 0;
			}
			*ended = 1;
			break;
		}
		have += (size_t)n;
		if (chr) {
			/* one whole record per read */
			size_t l = have;

			while (l && (buf[l - 1] == '\n'))
				l--;
			buf[l] = '\0';
			record(w, c, buf, l, 1, ++lineno);
			have = 0;
		} else {
			char *s = buf, *nl;

			while ((nl = memchr(s, '\n', have - (size_t)(s - buf)))) {
				*nl = '\0';
				record(w, c, s, (size_t)(nl - s), 1, ++lineno);
				s = nl + 1;
			}
			have -= (size_t)(s - buf);
			memmove(buf, s, have);
			if (have == REC_MAX) {
				/* a record longer than any kmsg record: its head */
				buf[have] = '\0';
				record(w, c, buf, have, 1, ++lineno);
				have = 0;
			}
		}
		if (chr)
			vfc_tick(c, mono_now());
		if (flush_prom(w, 0)) {
			err = EIO;
			break;
		}
	}
	free(buf);
	return err;
}

/* A bundle's (or sosreport's, or tarball's) kernel log, as one replay. */
static int replay_root(struct watch *w, struct vf_classifier *c,
		       const char *root)
{
	struct rooted rt;
	struct linereader lr;
	char origin[PATH_MAX], *line;
	size_t len;
	unsigned long lineno = 0;
	int r, kmsg = 0, ret = EXIT_USAGE;

	if (root_open(&rt, root))
		goto out;
	r = src_open_text(&rt.src, TXT_KLOG, &lr, origin, sizeof(origin), &kmsg);
	if (r) {
		errorf("cannot read the kernel log of '%s': %s", root,
		       r == -ENOENT ? "there is none (dmesg.txt)" : strerror(-r));
		goto out;
	}
	while (!stop && !w->out_err && (r = lr_next(&lr, &line, &len)) == 1)
		record(w, c, line, len, kmsg, ++lineno);
	if (r < 0)
		errorf("cannot read '%s': %s", origin, strerror(lr.err));
	else
		ret = 0;
	src_close_text(&lr);
out:
	root_close(&rt);
	return ret;
}

/* --format html: the replay's events as one page (render/html.c). */
static void replay_page(struct watch *w, const char *root)
{
	struct report rep;

	memset(&rep, 0, sizeof(rep));
	rep.replay = 1;
	hv_strlcpy(rep.source, "replay", sizeof(rep.source));
	hv_strlcpy(rep.root, root, sizeof(rep.root));
	w->list.part.state = PART_OK;
	report_events(&rep, &w->list);
	rep.log_lines = w->records;
	rep.log_has_ts = w->has_ts;
	rep.log_first_ts = w->first_ts;
	rep.log_last_ts = w->last_ts;
	report_render(&rep, FMT_HTML, w->out, 0);
	report_free(&rep);
}

/* The options that exclude each other; 0 or -1 (said). */
static int watch_check(const struct watch_opts *o)
{
	if (o->root && (o->kmsg || o->from_boot)) {
		errorf("--root replays a bundle's log; --kmsg and --from-boot are for a live one");
		return -1;
	}
	if (o->fmt == WF_HTML && !o->root) {
		errorf("--format html draws a replay: give --root DIR");
		return -1;
	}
	if (o->fmt != WF_PROM)
		return 0;
	if (!o->out || !strcmp(o->out, "-")) {
		errorf("--format prom writes counters to a file: give -o FILE");
		return -1;
	}
	if (o->prom) {
		errorf("--format prom and --prom both name the counters file");
		return -1;
	}
	return 0;
}

/* @w for @o, its output open (prom: -o names the counters); 0 or -1. */
static int watch_open(struct watch *w, const struct watch_opts *o)
{
	struct timespec rt;

	memset(w, 0, sizeof(*w));
	w->fmt = o->fmt;
	w->level_prefix = o->level_prefix;
	w->interval = o->interval;
	w->prom_path = o->fmt == WF_PROM ? o->out : o->prom;
	clock_gettime(CLOCK_REALTIME, &rt);
	w->start = (double)rt.tv_sec + rt.tv_nsec / 1e9;
	if (w->fmt == WF_PROM)
		return 0;
	if (outfile_open(&w->of, o->out))
		return -1;
	w->out = w->of.f;
	return 0;
}

/* SIGTERM and SIGINT end the watch; a reader gone is a write error. */
static void watch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	stop = 0;
}

/* The live log (--kmsg, /dev/kmsg) followed; 0 or EXIT_USAGE (said). */
static int watch_kmsg(struct watch *w, struct vf_classifier *c,
		      const struct watch_opts *o, int *ended)
{
	const char *kpath = o->kmsg ? o->kmsg : "/dev/kmsg";
	int fd = src_open_kmsg(kpath, o->from_boot), err;

	if (fd < 0) {
		errorf("cannot read '%s': %s%s", kpath, strerror(-fd),
		       fd == -EPERM || fd == -EACCES ?
		       " (run as root, or replay a bundle with --root)" : "");
		return EXIT_USAGE;
	}
	err = follow(w, c, fd, o->once, ended);
	if (err)
		errorf("cannot read '%s': %s", kpath, strerror(err));
	*ended |= o->once && !stop && !err;
	close(fd);
	return err ? EXIT_USAGE : 0;
}

/* The outputs closed, the counters written last; the exit status. */
static int watch_end(struct watch *w, const struct watch_opts *o, int ret,
		     int ended)
{
	if (w->out_err) {
		errorf("cannot write '%s': %s", o->out ? o->out : "standard output",
		       strerror(w->out_err));
		ret = EXIT_USAGE;
	}
	if (w->fmt == WF_HTML && w->out && !ret)
		replay_page(w, o->root);
	if (w->out) {
		if (ret && w->fmt == WF_HTML)
			outfile_abort(&w->of);	/* no page of a replay that failed */
		else if (outfile_close(&w->of))
			ret = EXIT_USAGE;
	}
	vf_event_list_free(&w->list);
	if (flush_prom(w, 1))
		ret = EXIT_USAGE;
	if (!ret && ended && w->failed)
		ret = 1;
	free(w->ser);
	return ret;
}

static int watch_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	const struct watch_opts *o = opts;
	const struct data *d = &env->data;
	struct vf_classifier *c;
	struct watch w;
	int ret, ended = 0;

	if (watch_check(o) || watch_open(&w, o))
		return EXIT_USAGE;
	watch_signals();
	c = vfc_new(&d->evdefs, &d->cat, &d->kb, on_event, &w);
	if (o->root) {
		ret = replay_root(&w, c, o->root);
		ended = !ret && !stop;
	} else {
		ret = watch_kmsg(&w, c, o, &ended);
	}
	/* the end of the input ends what it left open; a signal does not */
	if (ended)
		vfc_finish(c);
	vfc_free(c);
	return watch_end(&w, o, ret, ended);
}

static const struct watch_opts watch_defaults = {
	.fmt = WF_TEXT,
	.interval = 15,
};

const struct command cmd_watch = {
	.name = "watch",
	.summary = "follow the kernel log and report VF events as they happen",
	.opts = watch_opt,
	.help = &watch_help,
	.defaults = &watch_defaults,
	.opts_size = sizeof(struct watch_opts),
	.min_args = 0,
	.max_args = 0,
	.setup = SETUP_DATA,
	.run = watch_run,
};
