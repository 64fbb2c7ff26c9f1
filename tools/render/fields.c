// SPDX-License-Identifier: GPL-2.0
/* The field printer of listings: one description, text or JSON. */
#include "render/fields.h"
#include "base/util.h"

#include <string.h>

void fields_open(struct fields *p, FILE *f, int json)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->json = json;
	if (json)
		json_init(&p->j, f, 1);
}

/* whether a field of mode @m prints in the listing's format */
static int shown(const struct fields *p, enum print_mode m)
{
	return (m & (p->json ? PRINT_JSON : PRINT_TEXT)) != 0;
}

void fields_object_open(struct fields *p, enum print_mode m, const char *key)
{
	if (p->json && shown(p, m))
		json_obj_begin(&p->j, key);
}

void fields_object_close(struct fields *p, enum print_mode m)
{
	if (p->json && shown(p, m))
		json_obj_end(&p->j);
}

void fields_array_open(struct fields *p, enum print_mode m, const char *key)
{
	if (p->json && shown(p, m))
		json_arr_begin(&p->j, key);
}

void fields_array_close(struct fields *p, enum print_mode m)
{
	if (p->json && shown(p, m))
		json_arr_end(&p->j);
}

void print_string(struct fields *p, enum print_mode m, const char *key,
		  const char *fmt, const char *value)
{
	if (!shown(p, m))
		return;
	if (p->json)
		json_str(&p->j, key, value);
	else if (fmt)
		fprintf(p->f, fmt, value);
}

void print_int(struct fields *p, enum print_mode m, const char *key,
	       const char *fmt, long long value)
{
	if (!shown(p, m))
		return;
	if (p->json)
		json_int(&p->j, key, value);
	else if (fmt)
		fprintf(p->f, fmt, (int)value);
}

void print_bool(struct fields *p, enum print_mode m, const char *key,
		const char *fmt, int value)
{
	if (!shown(p, m))
		return;
	if (p->json)
		json_bool(&p->j, key, value);
	else if (fmt)
		fprintf(p->f, fmt, value ? "true" : "false");
}

void print_null(struct fields *p, enum print_mode m, const char *key,
		const char *fmt, const char *text)
{
	if (!shown(p, m))
		return;
	if (p->json)
		json_null(&p->j, key);
	else if (fmt)
		fprintf(p->f, fmt, text);
}

void print_text(struct fields *p, const char *s)
{
	if (!p->json)
		fputs(s, p->f);
}

int fields_opt_format(void *field, const char *arg)
{
	if (strcmp(arg, "text") && strcmp(arg, "json")) {
		errorf("unknown format '%s' (text, json)", arg);
		return -1;
	}
	*(int *)field = !strcmp(arg, "json");
	return 0;
}
