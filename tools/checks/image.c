// SPDX-License-Identifier: GPL-2.0
/*
 * Image pre-flight: can this kernel drive every VF family a VM may be given
 * (Azure moves sizes between Mellanox and MANA hardware), and do the udev
 * rules that keep network managers off the VF reach the initrd, with the
 * networkd and NetworkManager counterparts. The families, their modules
 * and options come from the profiles ("kernel-driver").
 */
#include "checks/checks.h"
#include "base/util.h"

#include <string.h>

#define MAX_FAMS 16

void check_kernel_vf_drivers(const struct check_ctx *c, struct result *r);
void check_image_vf_unmanaged(const struct check_ctx *c, struct result *r);

enum avail { AV_MISSING, AV_UNKNOWN, AV_OK };

struct fam {
	const char *name;
	const struct profile *best;	/* the profile it is judged by */
	enum avail av;
	int has_vf;			/* a VF of it is in this guest */
	struct sbuf ev;			/* its best profile's findings */
	struct sbuf need;		/* options to enable */
};

static int in_list(char *const *v, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

static int loaded(const struct guest *g, const char *mod)
{
	return g->modules.part.state == PART_OK &&
	       in_list(g->modules.names, g->modules.n, mod);
}

/* One module of a profile: available, missing or unknown, and why. */
static enum avail kdriver_avail(const struct guest *g,
				const struct prof_kdriver *d, struct sbuf *ev,
				struct sbuf *need)
{
	const struct kmods_model *km = &g->kmods;
	const struct kconfig_model *k = &g->kconfig;
	const char *v = k->part.state == PART_OK ? kconfig_lookup(k, d->option) : NULL;

	if (km->part.state == PART_OK && in_list(km->builtin, km->nbuiltin, d->module)) {
		sbuf_addf(ev, "%s built in (modules.builtin)", d->module);
		return AV_OK;
	}
	if (km->tree.state == PART_OK && in_list(km->mods, km->nmods, d->module)) {
		sbuf_addf(ev, "%s.ko in %s", d->module, km->tree.origin);
		return AV_OK;
	}
	if (loaded(g, d->module)) {
		sbuf_addf(ev, "%s loaded", d->module);
		return AV_OK;
	}
	if (v && !strcmp(v, "y")) {
		sbuf_addf(ev, "%s=y", d->option);
		return AV_OK;
	}
	if (v && !strcmp(v, "m")) {
		if (km->tree.state != PART_OK) {
			sbuf_addf(ev, "%s=m", d->option);
			return AV_OK;
		}
		/* a module the distribution ships apart (linux-modules-extra) */
		sbuf_addf(ev, "%s=m but no %s.ko in %s", d->option, d->module,
			  km->tree.origin);
		sbuf_addf(need, "%sinstall %s.ko", need->len ? ", " : "", d->module);
		return AV_MISSING;
	}
	if (k->part.state == PART_OK || km->tree.state == PART_OK) {
		sbuf_addf(ev, "no %s: %s %s%s", d->module, d->option,
			  k->part.state != PART_OK ? "unknown (no config)" :
			  v ? "is not set" : "not in this kernel's config",
			  km->tree.state == PART_OK ? ", no module file" : "");
		sbuf_addf(need, "%s%s=m", need->len ? ", " : "", d->option);
		return AV_MISSING;
	}
	sbuf_addf(ev, "%s: no evidence", d->module);
	return AV_UNKNOWN;
}

static struct fam *fam_get(struct fam *f, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(f[i].name, name))
			return &f[i];
	if (*n == MAX_FAMS)
		return NULL;
	memset(&f[*n], 0, sizeof(f[*n]));
	f[*n].name = name;
	f[*n].av = AV_MISSING;
	sbuf_init(&f[*n].ev);
	sbuf_init(&f[*n].need);
	return &f[(*n)++];
}

static void names_join(struct sbuf *b, struct fam *f, int n, enum avail av)
{
	int i, k = 0, total = 0;

	for (i = 0; i < n; i++)
		total += f[i].av == av;
	for (i = 0; i < n; i++) {
		if (f[i].av != av)
			continue;
		sbuf_addf(b, "%s%s", k ? (k == total - 1 ? " and " : ", ") : "", f[i].name);
		k++;
	}
}

void check_kernel_vf_drivers(const struct check_ctx *c, struct result *r)
{
	const struct guest *g = c->g;
	struct fam fam[MAX_FAMS];
	int nf = 0, i, j, nmiss = 0, nok = 0, nvfmiss = 0;
	struct sbuf msg;

	if (g->kmods.part.state != PART_OK && g->kmods.tree.state != PART_OK &&
	    g->kconfig.part.state != PART_OK) {
		result_set(r, ST_SKIP, "no module lists or kernel config: %s; %s",
			   g->kmods.tree.why, g->kconfig.part.why);
		return;
	}
	for (i = 0; c->profiles && i < c->profiles->n; i++) {
		const struct profile *p = c->profiles->p[i];
		struct sbuf ev, need;
		enum avail av = AV_OK;
		struct fam *f;

		if (!p->nkdriver || p->platform_any || !p->family)
			continue;
		f = fam_get(fam, &nf, p->family);
		if (!f)
			continue;
		sbuf_init(&ev);
		sbuf_init(&need);
		for (j = 0; j < p->nkdriver; j++) {
			enum avail a;

			if (j)
				sbuf_addf(&ev, ", ");
			a = kdriver_avail(g, &p->kdriver[j], &ev, &need);
			if (a < av)
				av = a;
		}
		/* the family's best profile speaks for it */
		if (!f->best || av > f->av) {
			f->best = p;
			f->av = av;
			sbuf_free(&f->ev);
			sbuf_free(&f->need);
			f->ev = ev;
			f->need = need;
		} else {
			sbuf_free(&ev);
			sbuf_free(&need);
		}
	}
	for (i = 0; i < c->npicks; i++)
		for (j = 0; j < nf; j++)
			if (c->picks[i].prof && c->picks[i].prof->family &&
			    !strcmp(c->picks[i].prof->family, fam[j].name))
				fam[j].has_vf = 1;
	if (g->kmods.part.state == PART_OK)
		result_evidence(r, "modules.builtin: %s", g->kmods.part.origin);
	if (g->kmods.tree.state == PART_OK)
		result_evidence(r, "modules: %s", g->kmods.tree.origin);
	if (g->kconfig.part.state == PART_OK)
		result_evidence(r, "config: %s", g->kconfig.part.origin);
	for (i = 0; i < nf; i++) {
		const struct fam *f = &fam[i];

		result_evidence(r, "%s%s: %s (profile %s): %s%s%s", f->name,
				f->has_vf ? " (this guest's VF)" : "",
				f->av == AV_OK ? "drivable" : f->av == AV_MISSING ?
				"NOT drivable" : "unknown", f->best->name,
				f->ev.s ? f->ev.s : "", f->need.len ? "; needs " : "",
				f->need.len ? f->need.s : "");
		nok += f->av == AV_OK;
		nmiss += f->av == AV_MISSING;
		nvfmiss += f->av == AV_MISSING && f->has_vf;
	}
	sbuf_init(&msg);
	if (!nf) {
		result_set(r, ST_SKIP, "no profile names the modules a VF family needs");
	} else if (nmiss) {
		sbuf_addf(&msg, "this kernel cannot drive ");
		names_join(&msg, fam, nf, AV_MISSING);
		for (i = 0, j = 0; i < nf; i++)
			if (fam[i].av == AV_MISSING && fam[i].need.len)
				sbuf_addf(&msg, "%s%s: %s", j++ ? "; " : " (", fam[i].name,
					  fam[i].need.s);
		if (j)
			sbuf_addf(&msg, ")");
		result_set(r, nvfmiss ? ST_FAIL : ST_WARN, "%s", msg.s);
		result_from_kb(r, kb_for_check_family(c, "kernel.vf_drivers", NULL));
	} else if (!nok) {
		result_set(r, ST_SKIP, "no evidence of the modules of any VF family");
	} else {
		sbuf_addf(&msg, "this kernel drives ");
		names_join(&msg, fam, nf, AV_OK);
		if (nok < nf) {
			sbuf_addf(&msg, "; no evidence for ");
			names_join(&msg, fam, nf, AV_UNKNOWN);
		}
		result_set(r, ST_PASS, "%s", msg.s);
	}
	sbuf_free(&msg);
	for (i = 0; i < nf; i++) {
		sbuf_free(&fam[i].ev);
		sbuf_free(&fam[i].need);
	}
}

/* ---- udev rules, networkd and NetworkManager ---- */

/* Whether @glob (a udev value: alternatives split by '|') names @drv. */
static int udev_names(const char *val, size_t len, const char *drv)
{
	size_t dl = strlen(drv);

	while (len) {
		size_t n = 0;

		while (n < len && val[n] != '|')
			n++;
		if (n == dl && !strncmp(val, drv, dl))
			return 1;
		val += n;
		len -= n;
		if (len) {
			val++;
			len--;
		}
	}
	return 0;
}

/* The value of KEY=="..." in a rule line, or NULL. */
static const char *rule_match(const char *line, const char *key, size_t *len)
{
	const char *p = line;
	size_t kl = strlen(key);

	while ((p = strstr(p, key))) {
		const char *q = p + kl, *e;

		if ((p == line || p[-1] == ' ' || p[-1] == ',') &&
		    !strncmp(q, "==\"", 3)) {
			q += 3;
			e = strchr(q, '"');
			if (!e)
				return NULL;
			*len = (size_t)(e - q);
			return q;
		}
		p = q;
	}
	return NULL;
}

#define RULE_NM		1	/* NM_UNMANAGED=1 */
#define RULE_AZURE	2	/* AZURE_UNMANAGED_SRIOV=1, for a .network */

/* What the udev file @text sets for a VF of driver @drv. */
static int rule_marks(const char *text, const char *drv)
{
	const char *line = text;
	int got = 0;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t ll = end ? (size_t)(end - line) : strlen(line);
		char buf[1024];
		const char *v;
		size_t vl;

		if (ll < sizeof(buf) && *line != '#') {
			memcpy(buf, line, ll);
			buf[ll] = '\0';
			v = rule_match(buf, "DRIVERS", &vl);
			/* every VF sits on the vPCI bus hv_pci */
			if (v && (udev_names(v, vl, drv) || udev_names(v, vl, "hv_pci"))) {
				if (strstr(buf, "ENV{NM_UNMANAGED}=\"1\""))
					got |= RULE_NM;
				if (strstr(buf, "ENV{AZURE_UNMANAGED_SRIOV}=\"1\""))
					got |= RULE_AZURE;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return got;
}

/* A .network file with Unmanaged=yes matching @drv (or @prop set). */
static int network_unmanages(const char *text, const char *drv, int azure)
{
	const char *p;
	int unmanaged = 0, match = 0;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char line[512];
		size_t ll = strcspn(p, "\n");
		char *s, *tok;

		if (ll >= sizeof(line))
			continue;
		memcpy(line, p, ll);
		line[ll] = '\0';
		s = hv_trim(line);
		if (hv_startswith(s, "Unmanaged=") &&
		    (!strcmp(s + 10, "yes") || !strcmp(s + 10, "true") || !strcmp(s + 10, "1")))
			unmanaged = 1;
		if (hv_startswith(s, "Property=") && azure &&
		    strstr(s, "AZURE_UNMANAGED_SRIOV=1"))
			match = 1;
		if (hv_startswith(s, "Driver=")) {
			for (tok = strtok(s + 7, " "); tok; tok = strtok(NULL, " "))
				if (!strcmp(tok, drv))
					match = 1;
		}
	}
	return unmanaged && match;
}

/* NetworkManager's unmanaged-devices=...driver:DRV... */
static int nm_unmanages(const char *text, const char *drv)
{
	const char *p = text;
	size_t dl = strlen(drv);

	while ((p = strstr(p, "unmanaged-devices"))) {
		const char *e = strchr(p, '\n');
		const char *q = p;

		if (!e)
			e = p + strlen(p);
		while ((q = strstr(q, "driver:")) && q < e) {
			q += 7;
			if (!strncmp(q, drv, dl) && (q + dl == e || strchr(";, \t", q[dl])))
				return 1;
		}
		p = e;
	}
	return 0;
}

static const char *base(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static int in_initrd(const struct image_model *m, const char *name)
{
	int i;

	for (i = 0; i < m->nifiles; i++) {
		const char *b = base(m->ifiles[i]);

		if (!strcmp(b, name) && strstr(m->ifiles[i], "rules.d/"))
			return 1;
	}
	return 0;
}

void check_image_vf_unmanaged(const struct check_ctx *c, struct result *r)
{
	const struct image_model *m = &c->g->image;
	const char *done[MAX_FAMS];
	int i, j, nd = 0, nwarn = 0, nfam = 0;
	struct sbuf msg;

	if (m->part.state != PART_OK) {
		skip_part(r, &m->part);
		return;
	}
	if (m->initrd.state == PART_OK)
		result_evidence(r, "initrd: %s", m->initrd.origin);
	else
		result_evidence(r, "initrd: %s", m->initrd.why);
	sbuf_init(&msg);
	for (i = 0; c->profiles && i < c->profiles->n && nd < MAX_FAMS; i++) {
		const struct profile *p = c->profiles->p[i];
		const char *drv = p->driver, *rule = NULL, *net = NULL, *nmc = NULL;
		int marks = 0, seen = 0;

		if (!p->nkdriver || p->platform_any || !p->family || !drv)
			continue;
		for (j = 0; j < nd; j++)
			if (!strcmp(done[j], p->family))
				break;
		if (j < nd)
			continue;
		done[nd++] = p->family;
		nfam++;
		for (j = 0; j < m->nconf; j++) {
			const struct image_conf *f = &m->conf[j];
			int k;

			if (!f->text || f->kind != IMG_UDEV)
				continue;
			k = rule_marks(f->text, drv);
			if ((k & RULE_NM) && !rule)
				rule = f->path;
			marks |= k;
		}
		for (j = 0; j < m->nconf; j++) {
			const struct image_conf *f = &m->conf[j];

			if (!f->text)
				continue;
			if (f->kind == IMG_NETWORKD && !net &&
			    network_unmanages(f->text, drv, marks & RULE_AZURE))
				net = f->path;
			if (f->kind == IMG_NM && !nmc && nm_unmanages(f->text, drv))
				nmc = f->path;
		}
		result_evidence(r, "%s (%s): udev rule %s%s; networkd %s; NetworkManager %s",
				p->family, drv, rule ? rule : "none",
				!rule || m->initrd.state != PART_OK ? "" :
				in_initrd(m, base(rule)) ? " (in the initrd)" : " (NOT in the initrd)",
				net ? net : m->networkd == 0 ? "not installed" : "no Unmanaged=yes file",
				nmc ? nmc : rule ? "by the udev rule" :
				m->nm == 0 ? "not installed" : "no unmanaged-devices entry");
		if (!rule && !nmc && !net) {
			sbuf_addf(&msg, "%s%s: nothing keeps network managers off the VF",
				  msg.len ? "; " : "", p->family);
			seen = 1;
		} else if (rule && m->initrd.state == PART_OK && !in_initrd(m, base(rule))) {
			sbuf_addf(&msg, "%s%s: %s is not in the initrd", msg.len ? "; " : "",
				  p->family, base(rule));
			seen = 1;
		}
		if (m->networkd == 1 && !net) {
			sbuf_addf(&msg, "%s%s: no networkd file with Unmanaged=yes for it",
				  msg.len ? "; " : "", p->family);
			seen = 1;
		}
		if (m->nm == 1 && !rule && !nmc) {
			sbuf_addf(&msg, "%s%s: NetworkManager would manage it", msg.len ? "; " : "",
				  p->family);
			seen = 1;
		}
		nwarn += seen;
	}
	if (!nfam)
		result_set(r, ST_SKIP, "no profile names the modules a VF family needs");
	else if (nwarn) {
		result_set(r, ST_WARN, "%s", msg.s);
		result_from_kb(r, kb_for_check_family(c, "image.vf_unmanaged", NULL));
	} else
		result_set(r, ST_PASS, "network managers are kept off the VFs of all %d families%s",
			   nfam, m->initrd.state == PART_OK ? ", in the initrd too" : "");
	sbuf_free(&msg);
}
