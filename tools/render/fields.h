/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Listings (lsvmbus, profiles): a row is described once, field by field,
 * and printed as text or as JSON from that description, as iproute2's
 * print_string(PRINT_ANY, key, fmt, value) does. Each field names where
 * it goes: PRINT_TEXT (its fmt, text only), PRINT_JSON (its key, JSON
 * only) or PRINT_ANY (both):
 *
 *	fields_open(&p, stdout, json);
 *	fields_array_open(&p, PRINT_JSON, NULL);
 *	fields_object_open(&p, PRINT_JSON, NULL);
 *	print_int(&p, PRINT_ANY, "id", "VMBUS ID %2d: ", d->id);
 *	print_string(&p, PRINT_ANY, "class", "%s\n", name);
 *	fields_object_close(&p, PRINT_JSON);
 *	...
 */
#ifndef HVDIAG_FIELDS_H
#define HVDIAG_FIELDS_H

#include <stdio.h>

#include "base/json_out.h"

enum print_mode {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

struct fields {
	FILE *f;
	int json;		/* printing JSON, not text */
	struct json j;
};

void fields_open(struct fields *p, FILE *f, int json);
/* JSON objects and arrays (in text, nothing). */
void fields_object_open(struct fields *p, enum print_mode m, const char *key);
void fields_object_close(struct fields *p, enum print_mode m);
void fields_array_open(struct fields *p, enum print_mode m, const char *key);
void fields_array_close(struct fields *p, enum print_mode m);
/* A field: in text @fmt with the value (NULL @fmt: nothing), in JSON
 * @key with the value. */
void print_string(struct fields *p, enum print_mode m, const char *key,
		  const char *fmt, const char *value);
void print_int(struct fields *p, enum print_mode m, const char *key,
	       const char *fmt, long long value);
void print_bool(struct fields *p, enum print_mode m, const char *key,
		const char *fmt, int value);
/* JSON null; text @fmt with @text standing for it ("(none)"). */
void print_null(struct fields *p, enum print_mode m, const char *key,
		const char *fmt, const char *text);
/* Text only, no value: a newline, a separator. */
void print_text(struct fields *p, const char *s);

/* A listing's --format (OPT_CALL): text or json into an int (1: json). */
int fields_opt_format(void *field, const char *arg);

#endif
