/* SPDX-License-Identifier: GPL-2.0 */
/* A patch series manifest (patches/<base>/MANIFEST) and tree probes. */
#ifndef HVDIAG_SERIES_H
#define HVDIAG_SERIES_H

#define SERIES_MAX_PROBES 4

struct probe {
	enum { PROBE_FILE, PROBE_GREP, PROBE_NOGREP, PROBE_GREP2 } kind;
	char *path;
	char *text;
	char *next;		/* PROBE_GREP2: the following line */
};

struct entry {
	char *file;
	int ours;		/* shipped in the series directory */
	int hack;		/* the work-around we replace: report only */
	char *origin;
	char *sha256;
	char *purpose;
	char *symptom;
	struct probe probe[SERIES_MAX_PROBES];
	int nprobe;
	unsigned long lineno;	/* of its entry line in MANIFEST */
};

struct series {
	struct entry *e;
	int n;
	char dir[4096];
};

/*
 * Load DIR/MANIFEST; -1 with "FILE:LINE: message" printed on error: an
 * unknown or repeated key, an entry without origin, sha256 (64 hex
 * digits) or purpose, one of ours whose file is not in DIR, a hack
 * without applied-if, a file listed twice or with a '/'.
 */
int series_load(struct series *s, const char *dir);
void series_free(struct series *s);
/* 1 when every probe of @e holds in the tree at @ksrc, 0 when not. */
int series_probe(const struct entry *e, const char *ksrc);

#endif
