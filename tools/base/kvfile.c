// SPDX-License-Identifier: GPL-2.0
#include "base/kvfile.h"
#include "base/util.h"

#include <ctype.h>
#include <string.h>

int kv_next(struct linereader *lr, struct kvline *kv)
{
	char *line, *s, *v;
	size_t len;
	int r;

	for (;;) {
		r = lr_next(lr, &line, &len);
		if (r <= 0)
			return r;
		s = hv_trim(line);
		if (*s == '#')
			continue;
		kv->lineno = lr->lineno;
		if (!*s) {
			kv->key = NULL;
			kv->value = s;
			return 1;
		}
		v = s;
		while (*v && !isspace((unsigned char)*v))
			v++;
		if (*v) {
			*v++ = '\0';
			while (isspace((unsigned char)*v))
				v++;
		}
		kv->key = s;
		kv->value = v;
		return 1;
	}
}
