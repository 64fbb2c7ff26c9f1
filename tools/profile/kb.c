// SPDX-License-Identifier: GPL-2.0
#include "profile/kb.h"
#include "base/kvfile.h"
#include "base/dirlist.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const scopes[] = {
	[KB_SCOPE_ANY] = "any", [KB_SCOPE_VF] = "vf", [KB_SCOPE_VMBUS] = "vmbus",
	[KB_SCOPE_HVPCI] = "hv_pci", [KB_SCOPE_NET] = "net",
};

const char *kb_scope_str(enum kb_scope s)
{
	return scopes[s];
}

static void entry_free(struct kb_entry *e)
{
	int i;

	free(e->id);
	free(e->title);
	free(e->cause);
	free(e->remedy);
	free(e->patch);
	free(e->check);
	free(e->family);
	for (i = 0; i < e->match.n; i++)
		sig_free(&e->match.pat[i]);
	free(e->match.pat);
	free(e->match.cat);
	for (i = 0; i < e->after.n; i++)
		sig_free(&e->after.pat[i]);
	free(e->after.pat);
	free(e->after.cat);
	free(e->crash);
	for (i = 0; i < e->nin_module; i++)
		free(e->in_module[i]);
	for (i = 0; i < e->nin_path; i++)
		free(e->in_path[i]);
	for (i = 0; i < e->nin_function; i++)
		free(e->in_function[i]);
	free(e->in_module);
	free(e->in_path);
	free(e->in_function);
	if (e->words)
		sig_words_free(e->words);
	free(e->words);
}

/* Append the blank-separated words of @v to a list. */
static void add_words(char ***list, int *n, const char *v)
{
	char *copy = xstrdup(v), *tok, *save = NULL;

	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		*list = xrealloc(*list, (size_t)(*n + 1) * sizeof(**list));
		(*list)[(*n)++] = xstrdup(tok);
	}
	free(copy);
}

void kb_free(struct kb *kb)
{
	int i;

	for (i = 0; i < kb->n; i++)
		entry_free(&kb->e[i]);
	free(kb->e);
	kb->e = NULL;
	kb->n = 0;
}

static int set_str(char **dst, const char *v, const char *key, char *err,
		   size_t n)
{
	if (*dst) {
		snprintf(err, n, "'%s' given twice", key);
		return -1;
	}
	*dst = xstrdup(v);
	return 0;
}

static int apply(struct kb_entry *e, const char *key, const char *v,
		 char *err, size_t n)
{
	size_t i;

	if (!*v) {
		snprintf(err, n, "'%s' needs a value", key);
		return -1;
	}
	if (!strcmp(key, "id"))
		return set_str(&e->id, v, key, err, n);
	if (!strcmp(key, "title"))
		return set_str(&e->title, v, key, err, n);
	if (!strcmp(key, "cause"))
		return set_str(&e->cause, v, key, err, n);
	if (!strcmp(key, "remedy"))
		return set_str(&e->remedy, v, key, err, n);
	if (!strcmp(key, "patch"))
		return set_str(&e->patch, v, key, err, n);
	if (!strcmp(key, "check"))
		return set_str(&e->check, v, key, err, n);
	if (!strcmp(key, "crash"))
		return set_str(&e->crash, v, key, err, n);
	if (!strcmp(key, "words")) {
		const char *w = v;

		/* "|"-separated: a word may hold blanks ("err = -") */
		for (;;) {
			const char *bar = strchr(w, '|');
			size_t len = bar ? (size_t)(bar - w) : strlen(w);

			if (!e->words)
				e->words = xcalloc(1, sizeof(*e->words));
			if (sig_words_add(e->words, w, len)) {
				snprintf(err, n, "'words' takes up to %d words of 4-255 characters",
					 SIG_WORDS_MAX);
				return -1;
			}
			if (!bar)
				break;
			w = bar + 1;
		}
		return 0;
	}
	if (!strcmp(key, "fallback")) {
		if (strcmp(v, "yes")) {
			snprintf(err, n, "fallback takes 'yes'");
			return -1;
		}
		e->fallback = 1;
		return 0;
	}
	if (!strcmp(key, "unplaced")) {
		if (strcmp(v, "yes")) {
			snprintf(err, n, "unplaced takes 'yes'");
			return -1;
		}
		e->unplaced = 1;
		return 0;
	}
	if (!strcmp(key, "in-module")) {
		add_words(&e->in_module, &e->nin_module, v);
		return 0;
	}
	if (!strcmp(key, "in-path")) {
		add_words(&e->in_path, &e->nin_path, v);
		return 0;
	}
	if (!strcmp(key, "in-function")) {
		add_words(&e->in_function, &e->nin_function, v);
		return 0;
	}
	if (!strcmp(key, "family")) {
		if (strchr(v, ' ')) {
			snprintf(err, n, "family is a comma-separated list without spaces");
			return -1;
		}
		return set_str(&e->family, v, key, err, n);
	}
	if (!strcmp(key, "level")) {
		if (!strcmp(v, "fail"))
			e->fail = 1;
		else if (!strcmp(v, "warn"))
			e->fail = 0;
		else if (!strcmp(v, "info"))
			e->fail = 0, e->info = 1;
		else {
			snprintf(err, n, "level must be 'fail', 'warn' or 'info'");
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "scope")) {
		for (i = 0; i < ARRAY_SIZE(scopes); i++)
			if (!strcmp(v, scopes[i])) {
				e->scope = (enum kb_scope)i;
				return 0;
			}
		snprintf(err, n, "scope must be any, vf, vmbus, hv_pci or net");
		return -1;
	}
	if (!strcmp(key, "match") || !strcmp(key, "after")) {
		struct prof_pats *pp = key[0] == 'm' ? &e->match : &e->after;
		struct sig_pat p;
		char e2[160];

		if (sig_compile(v, &p, e2, sizeof(e2))) {
			snprintf(err, n, "bad pattern: %s", e2);
			return -1;
		}
		pp->pat = xrealloc(pp->pat, (size_t)(pp->n + 1) * sizeof(p));
		pp->cat = xrealloc(pp->cat, (size_t)(pp->n + 1) * sizeof(int));
		pp->pat[pp->n] = p;
		pp->cat[pp->n] = -1;
		pp->n++;
		return 0;
	}
	snprintf(err, n, "unknown key '%s'", key);
	return -1;
}

static int finish(struct kb *kb, struct kb_entry *e, const char *path)
{
	if (!e->id && !e->match.n && !e->cause)
		return 0;	/* nothing in this record */
	if (!e->id || (!e->match.n && !e->check) || !e->cause || !e->remedy) {
		errorf("%s:%lu: an entry needs id, match or check, cause and remedy", path,
		       e->lineno);
		return -1;
	}
	if ((e->nin_module || e->nin_path || e->nin_function || e->unplaced) &&
	    !e->crash) {
		errorf("%s:%lu: in-module, in-path, in-function and unplaced need 'crash'", path,
		       e->lineno);
		return -1;
	}
	if (e->crash && !e->match.n) {
		errorf("%s:%lu: a crash entry needs match lines (the first line of a report)",
		       path, e->lineno);
		return -1;
	}
	if (e->fallback && (e->crash || !e->words)) {
		errorf("%s:%lu: a fallback entry needs 'words' and no 'crash'", path,
		       e->lineno);
		return -1;
	}
	{
		int k;

		for (k = 0; k < e->match.n; k++) {
			struct sig_pat *pt = &e->match.pat[k];

			pt->flags |= e->crash ? SIG_F_CRASH :
				     e->fallback ? SIG_F_FALLBACK : SIG_F_KNOWN;
			pt->need = e->words;
		}
	}
	if (kb_find(kb, e->id)) {
		errorf("%s:%lu: duplicate id '%s'", path, e->lineno, e->id);
		return -1;
	}
	kb->e = xrealloc(kb->e, (size_t)(kb->n + 1) * sizeof(*e));
	kb->e[kb->n++] = *e;
	memset(e, 0, sizeof(*e));
	return 0;
}

int kb_load_file(struct kb *kb, const char *path)
{
	struct linereader lr;
	struct kvline kv;
	struct kb_entry cur;
	char err[256];
	int fd, r, ret = -1;

	fd = kv_open(path, NULL);
	if (fd < 0)
		return -1;
	memset(&cur, 0, sizeof(cur));
	cur.fail = 1;
	lr_init_fd(&lr, fd, 4096);
	while ((r = kv_next(&lr, &kv)) == 1) {
		if (!kv.key) {
			if (finish(kb, &cur, path))
				goto out;
			cur.fail = 1;
			continue;
		}
		if (!cur.lineno || (!cur.id && !cur.match.n))
			cur.lineno = kv.lineno;
		if (apply(&cur, kv.key, kv.value, err, sizeof(err))) {
			errorf("%s:%lu: %s", path, kv.lineno, err);
			goto out;
		}
	}
	if (r < 0) {
		errorf("cannot read '%s': %s", path, strerror(lr.err));
		goto out;
	}
	if (finish(kb, &cur, path))
		goto out;
	ret = 0;
out:
	entry_free(&cur);
	lr_free(&lr);
	close(fd);
	return ret;
}

int kb_load_dir(struct kb *kb, const char *dir)
{
	char **names;
	int n, i;

	n = dir_list(dir, &names);
	if (n < 0) {
		errorf("cannot read knowledge base '%s': %s", dir, strerror(-n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		size_t l = strlen(names[i]);

		if (l < 4 || strcmp(names[i] + l - 3, ".kb"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (kb_load_file(kb, path)) {
			dir_list_free(names, n);
			return -1;
		}
	}
	dir_list_free(names, n);
	return 0;
}

const struct kb_entry *kb_find(const struct kb *kb, const char *id)
{
	int i;

	for (i = 0; i < kb->n; i++)
		if (!strcmp(kb->e[i].id, id))
			return &kb->e[i];
	return NULL;
}

static int has_prefix(char *const *list, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(s, list[i], strlen(list[i])))
			return 1;
	return 0;
}

int kb_crash_admits(const struct kb_entry *e, const char *func,
		    const char *module, const char *file, int placed)
{
	int i;

	if (e->unplaced)
		return !placed;
	if (!e->nin_module && !e->nin_path && !e->nin_function)
		return 1;
	if (!placed)
		return 0;
	for (i = 0; module[0] && i < e->nin_module; i++)
		if (!strcmp(module, e->in_module[i]))
			return 1;
	return (file[0] && has_prefix(e->in_path, e->nin_path, file)) ||
	       (func[0] && has_prefix(e->in_function, e->nin_function, func));
}

const struct kb_entry *kb_crash_entry(const struct kb *kb,
				      int (*pat_of)(const struct kb_entry *e,
						    int k, const void *arg),
				      const void *arg, const char *func,
				      const char *module, const char *file,
				      int placed)
{
	const struct kb_entry *any = NULL;
	int i, k;

	for (i = 0; i < kb->n; i++) {
		const struct kb_entry *e = &kb->e[i];
		int hit = 0;

		if (!e->crash)
			continue;
		for (k = 0; k < e->match.n && !hit; k++)
			hit = pat_of(e, k, arg);
		if (!hit || !kb_crash_admits(e, func, module, file, placed))
			continue;
		if (e->nin_module || e->nin_path || e->nin_function || e->unplaced)
			return e;
		if (!any)
			any = e;
	}
	return any;
}

static int listed(const struct kb_entry *e)
{
	return e->nin_module || e->nin_path || e->nin_function || e->unplaced;
}

const struct kb_entry *kb_crash_entry_from(const struct kb *kb,
					   int (*pat_of)(const struct kb_entry *e,
							 int k, const void *arg),
					   const void *arg, const char *func,
					   const char *module, const char *file,
					   int placed, const char (*fn)[64],
					   int nfn, int *which)
{
	const struct kb_entry *e, *f;
	int k;

	*which = -1;
	e = kb_crash_entry(kb, pat_of, arg, func, module, file, placed);
	if (e && listed(e))
		return e;
	for (k = 0; k < nfn; k++) {
		f = kb_crash_entry(kb, pat_of, arg, fn[k], "", "", 1);
		if (f && listed(f) && !f->unplaced) {
			*which = k;
			return f;
		}
	}
	return e;
}

int kb_for_family(const struct kb_entry *e, const char *family)
{
	const char *p = e->family;
	size_t fl;

	if (!p)
		return 1;
	if (!family)
		return 0;
	fl = strlen(family);
	while (*p) {
		size_t k = strcspn(p, ",");

		if (k == fl && !strncmp(p, family, k))
			return 1;
		p += k;
		if (*p == ',')
			p++;
	}
	return 0;
}
