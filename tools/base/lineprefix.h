/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timestamps, and the prefix a logger or test harness writes before every
 * line of a command's output it records. One place for both: the kernel
 * log reader uses the timestamp for syslog/journal lines, the lspci and
 * ip-addr readers strip a whole prefix.
 *
 * Prefix shapes recognised (TS is a timestamp, see lp_timestamp):
 *   bracket  TS[3176][DEBUG] lisa.env[..].node[0].cmd[1084].stdout TEXT
 *            TS [INFO] TEXT   (1 to 4 "[word]" groups; the logger name is
 *            part of the prefix only when it ends in .stdout or .stderr)
 *   syslog   TS host tag[pid]: TEXT
 *   stamp    TS TEXT
 */
#ifndef HVDIAG_LINEPREFIX_H
#define HVDIAG_LINEPREFIX_H

#include <stddef.h>

/*
 * The length of a timestamp at the start of @s, 0 when there is none:
 * "2025-06-03 18:00:27.556", "2024-01-12T10:00:00+00:00",
 * "2024-01-12T10:00:00.1234567Z", "Jul 23 16:19:49", "Jul  3 16:19:49.123456".
 * A date without a time of day is not a timestamp. When @shape is given
 * (room for 40 bytes), it gets the timestamp's form: digits as '9', a
 * month name as "Mmm", a padded day as "99".
 */
size_t lp_timestamp(const char *s, char *shape);

enum lp_kind { LP_NONE, LP_BRACKET, LP_SYSLOG, LP_STAMP };

struct lp_shape {
	enum lp_kind kind;
	char form[64];		/* the timestamp's form, then the groups' */
};

/*
 * The prefix at the start of @s: its length (0: none) and its shape. With
 * @want other than LP_NONE only that kind is tried.
 */
size_t lp_prefix(const char *s, enum lp_kind want, struct lp_shape *shape);

/*
 * Stripping a capture's prefix, line by line: the first non-empty line
 * decides. Without a prefix there, nothing is ever stripped; with one, each
 * later line loses a prefix of the very same shape and is kept whole
 * otherwise (never a guess line by line).
 */
struct lp_strip {
	int state;		/* 0 undecided, 1 stripping, -1 off */
	struct lp_shape shape;
	unsigned long stripped;	/* lines that lost a prefix */
};

void lp_strip_init(struct lp_strip *st);
/* @line without its prefix (a pointer into it); *len is updated. */
char *lp_strip_line(struct lp_strip *st, char *line, size_t *len);

#endif
