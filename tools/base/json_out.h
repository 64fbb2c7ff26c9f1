/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal streaming JSON writer. Strings are escaped completely: control
 * characters as \u00XX, invalid UTF-8 bytes as U+FFFD, so that anything a
 * kernel log holds becomes valid JSON.
 */
#ifndef HVDIAG_JSON_H
#define HVDIAG_JSON_H

#include <stdio.h>

struct json {
	FILE *f;
	int depth;
	int first[32];
	int pretty;
};

void json_init(struct json *j, FILE *f, int pretty);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v);
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, int v);
void json_null(struct json *j, const char *key);
/* Escape a string into @f, quotes included. */
void json_put_string(FILE *f, const char *s);

#endif
