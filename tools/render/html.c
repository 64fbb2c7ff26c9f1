// SPDX-License-Identifier: GPL-2.0
/*
 * One HTML page: the verdict and where it came from, the profile of each
 * VF and why, each VF's device chain and the kernel log's VF events drawn
 * as inline SVG, and the results with their evidence, cause and remedy
 * folded under each. No external assets and no script needed to read it
 * (a few lines unfold everything for printing); it reads the report only.
 *
 * Every string from the input goes through put_text(): markup characters
 * become entities, control bytes a visible \xNN, bytes that are not UTF-8
 * U+FFFD. The page is also well-formed XML where it is SVG, so the
 * drawings can be read by an XML parser.
 */
#include "model/result.h"
#include "base/version.h"
#include "base/util.h"
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TL_DOTS_MAX	300	/* more events than this are drawn in bins */
#define TL_BINS		200
#define EV_LIST_MAX	200	/* rows of the event list */

/* ---- escaping ---- */

/* Length of the text character at @p: UTF-8 that is no noncharacter or C1
 * control; 0 when it is none. */
static int u8len(const unsigned char *p)
{
	int n = utf8_seq_len(p, (size_t)-1);

	if (utf8_nonchar(p, n) || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
		return 0;
	return n;
}

/*
 * At most @max characters of @s (0: all) as text or an attribute value;
 * "..." when cut.
 */
static void put_textn(FILE *f, const char *s, int max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int chars = 0;

	while (*p) {
		int n = u8len(p);

		if (max && chars++ >= max) {
			fputs("\xe2\x80\xa6", f);
			return;
		}
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, (size_t)n, f);
			p += n;
			continue;
		}
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				fputc(*p, f);
		}
		p++;
	}
}

static void put_text(FILE *f, const char *s)
{
	put_textn(f, s, 0);
}

/* ---- what judges what ---- */

static const char *const node_name[CN_COUNT] = {
	[CN_VMBUS] = "vmbus channel",
	[CN_PCI] = "PCI function",
	[CN_DRIVER] = "driver",
	[CN_VFNET] = "VF netdev",
	[CN_SYNTH] = "synthetic NIC",
	[CN_ADDR] = "addresses",
};

/* The checks that judge each node, and the link from node n to n + 1. */
static const char *const node_checks[CN_COUNT] = {
	[CN_VMBUS] = "vmbus.up vmbus.pci_channel",
	[CN_PCI] = "pci.vf.present pci.vf.bars pci.vf.msix pci.vf.command",
	[CN_DRIVER] = "driver.errors irq.vf.spread",
	[CN_VFNET] = "rdma.port",
	[CN_SYNTH] = "",
	[CN_ADDR] = "",
};

static const char *const link_checks[CN_COUNT] = {
	[CN_VMBUS] = "vmbus.pci_domain",
	[CN_PCI] = "pci.vf.driver driver.init.sequence",
	[CN_DRIVER] = "driver.init.sequence",
	[CN_VFNET] = "net.vf.bonded net.vf.flaps",
	[CN_SYNTH] = "net.ip.placement",
	[CN_ADDR] = "",
};

static const char *const ev_name[VEV_COUNT] = {
	[VEV_OFFERED] = "offered",
	[VEV_UP] = "bring-up done",
	[VEV_FAILED] = "bring-up failed",
	[VEV_SWITCHED] = "data path switched",
	[VEV_REMOVED] = "removed",
	[VEV_READDED] = "re-added",
	[VEV_KNOWN] = "known failure",
	[VEV_OOPS] = "oops / warning",
	[VEV_LOST] = "records lost",
};

static const char *const ev_colour[VEV_COUNT] = {
	[VEV_OFFERED] = "#1565c0",
	[VEV_UP] = "#2e7d32",
	[VEV_FAILED] = "#c62828",
	[VEV_SWITCHED] = "#00838f",
	[VEV_REMOVED] = "#ef6c00",
	[VEV_READDED] = "#6a1b9a",
	[VEV_KNOWN] = "#ad1457",
	[VEV_OOPS] = "#b71c1c",
	[VEV_LOST] = "#616161",
};

/* colour classes: pass warn fail skip, and "none" for not judged */
static const char *st_class(int st)
{
	return st < 0 ? "none" : status_str((enum status)st);
}

static int st_rank(enum status s)
{
	return s == ST_FAIL ? 3 : s == ST_WARN ? 2 : s == ST_PASS ? 1 : 0;
}

/*
 * The worst status among the results of the checks @ids names that ran
 * (skips do not count): -1 when none did. The ids judged go to @f as a
 * title when @f is set.
 */
static int worst_of(const struct report *rep, const char *ids, FILE *f)
{
	char id[64];
	const char *p = ids;
	int worst = -1, i, n;

	while (*p) {
		n = (int)strcspn(p, " ");
		snprintf(id, sizeof(id), "%.*s", n, p);
		p += n + (p[n] == ' ');
		for (i = 0; i < rep->n; i++) {
			if (strcmp(rep->r[i].id, id))
				continue;
			if (f)
				fprintf(f, "\n%s: %s", id, status_word(rep->r[i].status));
			if (rep->r[i].status != ST_SKIP &&
			    (worst < 0 || st_rank(rep->r[i].status) > st_rank((enum status)worst)))
				worst = rep->r[i].status;
			break;
		}
	}
	return worst;
}

/* ---- page parts ---- */

static const char style[] =
"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#212121;background:#fff}\n"
"h1{font-size:1.6em;margin:0}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ddd}\n"
"table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #eee}\n"
".verdict{padding:.6em 1em;border-left:8px solid;margin-bottom:1em}\n"
".v-pass{border-color:#2e7d32;background:#e8f5e9}.v-fail{border-color:#c62828;background:#ffebee}\n"
".v-warn{border-color:#ef6c00;background:#fff3e0}.v-skip{border-color:#9e9e9e;background:#f5f5f5}\n"
".st{font-weight:bold;font-family:monospace;padding:1px 6px;border-radius:3px;color:#fff}\n"
".st-pass{background:#2e7d32}.st-warn{background:#ef6c00}.st-fail{background:#c62828}.st-skip{background:#9e9e9e}\n"
"pre{white-space:pre-wrap;word-break:break-all;background:#fafafa;border:1px solid #eee;padding:4px 6px;margin:4px 0;font-size:12px}\n"
"details>summary{cursor:pointer;color:#455a64}.small{font-size:12px;color:#616161}\n"
".ev-pass{color:#2e7d32}.ev-warn{color:#ef6c00}.ev-fail{color:#c62828;font-weight:bold}\n"
"svg{max-width:100%;height:auto;display:block}\n"
".legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}\n"
"@media print{details>summary{display:none}body{max-width:none}}\n";

/* Opens every fold before printing; the page reads the same without it. */
static const char script[] =
"window.addEventListener('beforeprint',function(){"
"document.querySelectorAll('details').forEach(function(d){d.open=true;});});\n";

static void header(const struct report *rep, FILE *f)
{
	int code = report_exit_code(rep), i;
	const char *cls, *word;

	if (rep->replay) {
		/* a replay of events: the worst event says it */
		int worst = ST_SKIP;

		for (i = 0; i < rep->nevents; i++)
			if (st_rank(rep->events[i].verdict) > st_rank((enum status)worst))
				worst = rep->events[i].verdict;
		cls = worst == ST_FAIL ? "fail" : worst == ST_WARN ? "warn" : "pass";
		word = worst == ST_FAIL ? "FAIL" : worst == ST_WARN ? "PASS with warnings" : "PASS";
	} else if (rep->not_applicable || code == 4) {
		cls = "skip";
		word = "NOT APPLICABLE";
	} else if (code) {
		cls = "fail";
		word = "FAIL";
	} else if (report_count(rep, ST_WARN)) {
		cls = "warn";
		word = "PASS with warnings";
	} else {
		cls = "pass";
		word = "PASS";
	}
	fprintf(f, "<div class=\"verdict v-%s\" id=\"verdict\"><h1>hvdiag %s: %s</h1>\n",
		cls, rep->replay ? "watch" : "check", word);
	if (rep->replay) {
		int nfail = 0, nwarn = 0;

		for (i = 0; i < rep->nevents; i++) {
			nfail += rep->events[i].verdict == ST_FAIL;
			nwarn += rep->events[i].verdict == ST_WARN;
		}
		fprintf(f, "<p>a replay of the kernel log: %d VF event(s), %d failed, %d warning(s)",
			rep->nevents, nfail, nwarn);
	} else {
		fprintf(f, "<p>%d passed, %d failed, %d warning(s), %d skipped",
			report_count(rep, ST_PASS), report_count(rep, ST_FAIL),
			report_count(rep, ST_WARN), report_count(rep, ST_SKIP));
	}
	if (rep->not_applicable) {
		fputs(": ", f);
		put_text(f, rep->not_applicable_why);
	}
	fputs("</p></div>\n<table class=\"meta\">\n<tr><th>source</th><td>", f);
	put_text(f, rep->source);
	if (rep->root[0]) {
		fputs(" <code>", f);
		put_text(f, rep->root);
		fputs("</code>", f);
	}
	fputs("</td></tr>\n<tr><th>kernel</th><td>", f);
	put_text(f, rep->release[0] ? rep->release : "unknown");
	fputs("</td></tr>\n", f);
	if (!rep->replay) {
		fputs("<tr><th>profile</th><td>", f);
		put_text(f, rep->profile[0] ? rep->profile : "none");
		if (rep->profile_desc[0]) {
			fputs(" (", f);
			put_text(f, rep->profile_desc);
			fputs(")", f);
		}
		fputs(": ", f);
		put_text(f, rep->profile_reason);
		fputs("</td></tr>\n", f);
	}
	if (rep->run_timed)
		fprintf(f, "<tr><th>run</th><td>%.3f s to collect and judge</td></tr>\n",
			rep->run_seconds);
	fputs("<tr><th>hvdiag</th><td>", f);
	put_text(f, HVDIAG_VERSION);
	fputs("</td></tr>\n</table>\n", f);
	if (rep->npicks) {
		fputs("<h2>Profile per VF</h2>\n<table id=\"picks\"><tr><th>VF</th><th>profile</th><th>why</th></tr>\n", f);
		for (i = 0; i < rep->npicks; i++) {
			fputs("<tr><td><code>", f);
			put_text(f, rep->picks[i].vf);
			fputs("</code></td><td>", f);
			put_text(f, rep->picks[i].profile[0] ? rep->picks[i].profile : "none");
			fputs("</td><td>", f);
			put_text(f, rep->picks[i].reason);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (rep->nnotes) {
		fputs("<h2>Notes</h2>\n<ul>\n", f);
		for (i = 0; i < rep->nnotes; i++) {
			fputs("<li>", f);
			put_text(f, rep->notes[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
}

#define NODE_W 150
#define NODE_GAP 28
#define ROW_H 62

static void chain_node(const struct report *rep, const struct report_chain *ch,
		       int n, int y, FILE *f)
{
	int x = 8 + n * (NODE_W + NODE_GAP), st;
	int known = ch->name[n][0] != '\0';

	fputs("<g><title>", f);
	put_text(f, node_name[n]);
	fputs(": ", f);
	put_text(f, known ? ch->name[n] : "unknown");
	if (ch->detail[n][0]) {
		fputs("\n", f);
		put_text(f, ch->detail[n]);
	}
	st = worst_of(rep, node_checks[n], f);
	fprintf(f, "</title><rect class=\"n-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"44\" rx=\"6\"%s/>",
		st_class(st), x, y, NODE_W, known ? "" : " stroke-dasharray=\"4 3\"");
	fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"k\">", x + 6, y + 13);
	put_text(f, node_name[n]);
	fprintf(f, "</text><text x=\"%d\" y=\"%d\" class=\"nm\">", x + 6, y + 27);
	put_textn(f, known ? ch->name[n] : "unknown", 20);
	fprintf(f, "</text><text x=\"%d\" y=\"%d\" class=\"dt\">", x + 6, y + 39);
	put_textn(f, ch->detail[n], 26);
	fputs("</text></g>\n", f);
}

static void chains(const struct report *rep, FILE *f)
{
	int w = 8 + CN_COUNT * (NODE_W + NODE_GAP);
	int h = 30 + rep->nchains * ROW_H, i, n, st;

	fputs("<h2>Device chain</h2>\n", f);
	if (!rep->nchains) {
		fputs("<p>No VF found: no chain to draw.</p>\n", f);
		return;
	}
	fprintf(f, "<svg id=\"chain\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"device chain\">\n",
		w, h, w, h);
	fputs("<style>#chain text{font:11px sans-serif;fill:#212121}#chain .k{fill:#757575;font-size:9px}"
	      "#chain .nm{font-weight:bold}#chain .dt{font-size:9px;fill:#424242}"
	      "#chain rect{fill:#fafafa;stroke-width:2}#chain .n-pass{stroke:#2e7d32;fill:#e8f5e9}"
	      "#chain .n-warn{stroke:#ef6c00;fill:#fff3e0}#chain .n-fail{stroke:#c62828;fill:#ffebee}"
	      "#chain .n-skip,#chain .n-none{stroke:#9e9e9e}#chain line{stroke-width:4}"
	      "#chain .l-pass{stroke:#2e7d32}#chain .l-warn{stroke:#ef6c00}#chain .l-fail{stroke:#c62828}"
	      "#chain .l-skip,#chain .l-none{stroke:#bdbdbd;stroke-dasharray:4 3}</style>\n", f);
	for (n = 0; n < CN_COUNT; n++) {
		fprintf(f, "<text x=\"%d\" y=\"16\" class=\"k\">", 8 + n * (NODE_W + NODE_GAP));
		put_text(f, node_name[n]);
		fputs("</text>\n", f);
	}
	for (i = 0; i < rep->nchains; i++) {
		const struct report_chain *ch = &rep->chains[i];
		int y = 26 + i * ROW_H;

		fprintf(f, "<g class=\"row\" id=\"chain-%d\">\n", i);
		for (n = 0; n + 1 < CN_COUNT; n++) {
			int x = 8 + n * (NODE_W + NODE_GAP) + NODE_W;

			fputs("<g><title>link ", f);
			put_text(f, node_name[n]);
			fputs(" - ", f);
			put_text(f, node_name[n + 1]);
			st = worst_of(rep, link_checks[n], f);
			if (st < 0)
				fputs("\nnot judged", f);
			fprintf(f, "</title><line class=\"l-%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n",
				st_class(st), x, y + 22, x + NODE_GAP, y + 22);
		}
		for (n = 0; n < CN_COUNT; n++)
			chain_node(rep, ch, n, y, f);
		fputs("</g>\n", f);
	}
	fputs("</svg>\n<p class=\"legend small\"><span><i style=\"background:#2e7d32\"></i>pass</span>"
	      "<span><i style=\"background:#ef6c00\"></i>warn</span><span><i style=\"background:#c62828\"></i>fail</span>"
	      "<span><i style=\"background:#bdbdbd\"></i>not judged (skipped, or no check)</span>"
	      "A node or link takes the worst status of the checks that judge it (named in its tooltip), over all VFs.</p>\n", f);
	if (rep->chains_left)
		fprintf(f, "<p class=\"small\">%d more row(s) not drawn.</p>\n", rep->chains_left);
}

/* ---- timeline ---- */

#define TL_X0 130
#define TL_W 900
#define TL_LANE 22

/* Where an event sits on the axis: its time, else its line. */
static double ev_pos(const struct report_event *e, int timed)
{
	return timed ? e->ts : (double)e->lineno;
}

/* A step of 1, 2 or 5 times a power of ten giving about 6 ticks. */
static double tick_step(double span)
{
	double raw = span / 6, p, m;

	if (raw <= 0)
		return 1;
	p = pow(10, floor(log10(raw)));
	m = raw / p;
	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void timeline(const struct report *rep, FILE *f)
{
	int i, k, dec, timed, binned, untimed = 0, h = 40 + VEV_COUNT * TL_LANE;
	double lo, hi, span, step, t;
	unsigned long bins[VEV_COUNT][TL_BINS];
	unsigned long maxbin = 1;

	fputs("<h2>Kernel log timeline</h2>\n", f);
	if (!rep->log_lines) {
		fputs("<p>No kernel log: no timeline.</p>\n", f);
		return;
	}
	/* the log's own time axis, unless its stamps restart (several boots
	 * in one file) or it has none: then its line numbers */
	timed = rep->log_has_ts;
	for (i = 0; timed && i < rep->nevents; i++) {
		if (!rep->events[i].has_ts)
			untimed++;
		else if (i && rep->events[i - 1].has_ts && rep->events[i].ts + 1e-6 < rep->events[i - 1].ts)
			timed = 0;
	}
	if (timed) {
		lo = rep->log_first_ts;
		hi = rep->log_last_ts;
		for (i = 0; i < rep->nevents; i++)
			if (rep->events[i].has_ts) {
				lo = fmin(lo, rep->events[i].ts);
				hi = fmax(hi, rep->events[i].ts);
			}
	} else {
		/* /dev/kmsg numbers its records from its own start */
		untimed = 0;
		lo = 1;
		hi = (double)rep->log_lines;
		for (i = 0; i < rep->nevents; i++) {
			lo = fmin(lo, (double)rep->events[i].lineno);
			hi = fmax(hi, (double)rep->events[i].lineno);
		}
	}
	span = hi - lo > 0 ? hi - lo : 1;
	binned = rep->nevents > TL_DOTS_MAX;
	fprintf(f, "<p class=\"small\">%d event(s) over %lu log line(s); axis: %s%s",
		rep->nevents, rep->log_lines,
		timed ? "the log's time stamps (seconds)" : "line numbers",
		rep->log_has_ts && !timed ? " (its time stamps restart: several boots)" : "");
	if (binned)
		fprintf(f, "; drawn in %d bins, darker for more", TL_BINS);
	if (rep->events_left)
		fprintf(f, "; %lu more event(s) not kept", rep->events_left);
	if (untimed)
		fprintf(f, "; %d without a time stamp not drawn", untimed);
	fputs(".</p>\n", f);
	fprintf(f, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"kernel log timeline\">\n",
		TL_X0 + TL_W + 20, h, TL_X0 + TL_W + 20, h);
	fputs("<style>#timeline text{font:11px sans-serif;fill:#424242}#timeline .ax{stroke:#9e9e9e;stroke-width:1}"
	      "#timeline .lane{fill:#f5f5f5}</style>\n", f);
	for (k = 0; k < VEV_COUNT; k++) {
		int y = 8 + k * TL_LANE;

		fprintf(f, "<rect class=\"lane\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
			"<text x=\"4\" y=\"%d\">%s</text>\n",
			TL_X0, y, TL_W, TL_LANE - 4, y + 13, ev_name[k]);
	}
	/* axis and ticks */
	fprintf(f, "<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
		TL_X0, h - 28, TL_X0 + TL_W, h - 28);
	step = tick_step(span);
	/* as many decimals as the step needs: 698.9435 s, 698.9440 s */
	dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	for (k = 0, t = ceil(lo / step) * step; t <= hi + step * 1e-9 && k < 20;
	     k++, t = (ceil(lo / step) + k) * step) {
		int x = TL_X0 + (int)((t - lo) / span * TL_W);

		fprintf(f, "<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
			"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.*f%s</text>\n",
			x, h - 28, x, h - 23, x, h - 10, dec, t, timed ? " s" : "");
	}
	if (!binned) {
		for (i = 0; i < rep->nevents; i++) {
			const struct report_event *e = &rep->events[i];
			double x;

			if (timed && !e->has_ts)
				continue;
			x = TL_X0 + (ev_pos(e, timed) - lo) / span * TL_W;
			fprintf(f, "<g><title>%s, line %lu", ev_name[e->kind], e->lineno);
			if (e->has_ts)
				fprintf(f, " [%.6f]", e->ts);
			fputs(": ", f);
			put_text(f, e->title);
			if (e->detail[0]) {
				fputs("\n", f);
				put_text(f, e->detail);
			}
			fputs("\n", f);
			put_textn(f, e->text, 300);
			fprintf(f, "</title><rect x=\"%.1f\" y=\"%d\" width=\"4\" height=\"%d\" fill=\"%s\"/></g>\n",
				x - 2, 8 + (int)e->kind * TL_LANE, TL_LANE - 4, ev_colour[e->kind]);
		}
	} else {
		memset(bins, 0, sizeof(bins));
		for (i = 0; i < rep->nevents; i++) {
			const struct report_event *e = &rep->events[i];
			int b;

			if (timed && !e->has_ts)
				continue;
			b = (int)((ev_pos(e, timed) - lo) / span * TL_BINS);
			b = b < 0 ? 0 : b >= TL_BINS ? TL_BINS - 1 : b;
			if (++bins[e->kind][b] > maxbin)
				maxbin = bins[e->kind][b];
		}
		for (k = 0; k < VEV_COUNT; k++)
			for (i = 0; i < TL_BINS; i++) {
				double a;

				if (!bins[k][i])
					continue;
				a = 0.25 + 0.75 * log1p((double)bins[k][i]) / log1p((double)maxbin);
				fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\">"
					"<title>%lu %s between %g and %g%s</title></rect>\n",
					TL_X0 + (double)i * TL_W / TL_BINS, 8 + k * TL_LANE,
					(double)TL_W / TL_BINS, TL_LANE - 4, ev_colour[k], a,
					bins[k][i], ev_name[k], lo + span * i / TL_BINS,
					lo + span * (i + 1) / TL_BINS, timed ? " s" : " (lines)");
			}
	}
	if (rep->events_left && rep->nevents) {
		/* the list stops before the log does: say where */
		const struct report_event *e = &rep->events[rep->nevents - 1];
		double x = TL_X0 + (ev_pos(e, timed) - lo) / span * TL_W;

		if (x < TL_X0 + TL_W - 2)
			fprintf(f, "<rect x=\"%.1f\" y=\"4\" width=\"%.1f\" height=\"%d\" fill=\"#9e9e9e\" fill-opacity=\"0.25\">"
				"<title>%lu more event(s) after line %lu not kept</title></rect>"
				"<text x=\"%.1f\" y=\"%d\">%lu more not kept</text>\n",
				x + 2, TL_X0 + TL_W - x - 2, VEV_COUNT * TL_LANE + 4,
				rep->events_left, e->lineno, x + 6, h - 34, rep->events_left);
	}
	fputs("</svg>\n", f);
	if (!rep->nevents)
		return;
	fprintf(f, "<details id=\"events\"><summary>the events (%d%s)</summary>\n<table class=\"small\"><tr><th>line</th><th>time</th><th>event</th><th>device</th><th>what</th></tr>\n",
		rep->nevents, rep->nevents > EV_LIST_MAX ? ", the first listed" : "");
	for (i = 0; i < rep->nevents && i < EV_LIST_MAX; i++) {
		const struct report_event *e = &rep->events[i];

		fprintf(f, "<tr><td>%lu</td><td>", e->lineno);
		if (e->has_ts)
			fprintf(f, "%.6f", e->ts);
		fprintf(f, "</td><td><span class=\"ev-%s\">%s</span></td><td><code>",
			e->verdict == ST_SKIP ? "info" : status_str(e->verdict), ev_name[e->kind]);
		put_text(f, e->dev);
		fputs("</code></td><td>", f);
		put_text(f, e->title);
		if (e->detail[0]) {
			fputs(": ", f);
			put_text(f, e->detail);
		}
		fputs("<br><code>", f);
		put_textn(f, e->text, 400);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table></details>\n", f);
}

/* ---- results ---- */

static void results(const struct report *rep, FILE *f)
{
	int i, k;

	fputs("<h2>Results</h2>\n<table id=\"results\"><tr><th>check</th><th>status</th><th>summary</th></tr>\n", f);
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		int more = r->nevidence || r->cause[0] || r->remedy[0];

		fputs("<tr><td><code>", f);
		put_text(f, r->id);
		fprintf(f, "</code></td><td><span class=\"st st-%s\">%s</span></td><td>",
			status_str(r->status), status_word(r->status));
		put_text(f, r->summary);
		if (more) {
			fprintf(f, "\n<details%s><summary>evidence%s</summary>\n",
				result_is_problem(r) ? " open" : "",
				r->cause[0] ? ", cause and remedy" : "");
			if (r->nevidence) {
				fputs("<pre>", f);
				for (k = 0; k < r->nevidence; k++) {
					put_text(f, r->evidence[k]);
					fputs("\n", f);
				}
				if (r->evidence_dropped)
					fprintf(f, "(%d more)\n", r->evidence_dropped);
				fputs("</pre>\n", f);
			}
			if (r->cause[0]) {
				fputs("<p><b>cause:</b> ", f);
				put_text(f, r->cause);
				fputs("</p>\n", f);
			}
			if (r->remedy[0]) {
				fputs("<p><b>remedy:</b> ", f);
				put_text(f, r->remedy);
				fputs("</p>\n", f);
			}
			if (r->patch[0]) {
				fputs("<p><b>patch:</b> <code>", f);
				put_text(f, r->patch);
				fputs("</code></p>\n", f);
			}
			if (r->kb_id[0]) {
				fputs("<p class=\"small\">hvdiag explain --id ", f);
				put_text(f, r->kb_id);
				fputs("</p>\n", f);
			}
			fputs("</details>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

void render_html(const struct report *rep, FILE *f, int verbose)
{
	int code = report_exit_code(rep);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	fputs(rep->replay ? "hvdiag watch" : code == 1 ? "hvdiag check: FAIL" :
	      code == 4 ? "hvdiag check: NOT APPLICABLE" : "hvdiag check: PASS", f);
	if (rep->root[0]) {
		fputs(" - ", f);
		put_textn(f, rep->root, 80);
	}
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	header(rep, f);
	if (!rep->replay)
		chains(rep, f);
	timeline(rep, f);
	if (!rep->replay)
		results(rep, f);
	fprintf(f, "<p class=\"small\">Written by hvdiag %s.</p>\n<script>\n%s</script>\n</body>\n</html>\n",
		HVDIAG_VERSION, script);
}
