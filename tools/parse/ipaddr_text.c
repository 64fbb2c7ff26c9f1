// SPDX-License-Identifier: GPL-2.0
#include "parse/ipaddr_text.h"
#include "base/lineprefix.h"
#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct netdev *net_find(struct net_model *m, const char *name, int create)
{
	int i;
	struct netdev *d;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->devs[i].name, name))
			return &m->devs[i];
	if (!create || m->n >= 4096)
		return NULL;
	m->devs = xrealloc(m->devs, (size_t)(m->n + 1) * sizeof(*m->devs));
	d = &m->devs[m->n++];
	memset(d, 0, sizeof(*d));
	hv_strlcpy(d->name, name, sizeof(d->name));
	d->flags = -1;
	d->nm_unmanaged = -1;
	return d;
}

static int flag_bits(const char *lt)
{
	int fl = 0;

	if (strstr(lt, ",SLAVE") || strstr(lt, "<SLAVE"))
		fl |= NETDEV_IFF_SLAVE;
	if (strstr(lt, ",UP") || strstr(lt, "<UP"))
		fl |= NETDEV_IFF_UP;
	return fl;
}

static int is_mac(const char *s, size_t n)
{
	size_t i;

	if (n != 17)
		return 0;
	for (i = 0; i < n; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The brief forms: `ip -br link` ("NAME STATE MAC <FLAGS>") and `ip -br
 * addr` ("NAME STATE ADDR..."). They tell no master; the SLAVE flag and
 * the MAC stand in for it. Returns 1 when @line was one.
 */
static int parse_brief(char *line, struct net_model *m)
{
	char *tok[24], *save = NULL, *t;
	struct netdev *d;
	int n = 0, i;

	for (t = strtok_r(line, " \t", &save); t && n < 24; t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	if (n < 3 || strcspn(tok[0], "@") >= sizeof(d->name) ||
	    (strcmp(tok[1], "UP") && strcmp(tok[1], "DOWN") &&
	     strcmp(tok[1], "UNKNOWN") && strcmp(tok[1], "LOWERLAYERDOWN") &&
	     strcmp(tok[1], "DORMANT") && strcmp(tok[1], "NOTPRESENT")))
		return 0;
	tok[0][strcspn(tok[0], "@")] = '\0';
	d = net_find(m, tok[0], 1);
	if (!d)
		return 0;
	for (i = 2; i < n; i++) {
		if (is_mac(tok[i], strlen(tok[i])) && !d->mac[0])
			hv_strlcpy(d->mac, tok[i], sizeof(d->mac));
		else if (tok[i][0] == '<' && d->flags < 0)
			d->flags = flag_bits(tok[i]);
		else if (strchr(tok[i], '/') && d->naddrs < 16 &&
			 strlen(tok[i]) < sizeof(d->addrs[0])) {
			hv_strlcpy(d->addrs[d->naddrs++], tok[i], sizeof(d->addrs[0]));
			m->addr_lines++;
		}
	}
	return 1;
}

int ipaddr_text_parse(struct linereader *lr, struct net_model *m)
{
	struct netdev *cur = NULL;
	struct lp_strip pfx;
	char *line;
	size_t len;
	int count = 0;

	lp_strip_init(&pfx);
	while (lr_next(lr, &line, &len) == 1) {
		char *s;

		line = lp_strip_line(&pfx, line, &len);
		s = line;
		if (isdigit((unsigned char)*s)) {
			/* "3: eth1: <BROADCAST,...,SLAVE,UP> mtu ... master eth0 ..." */
			char name[64], *p, *lt, *gt;
			size_t n;

			p = s + strspn(s, "0123456789");
			if (*p != ':' || p[1] != ' ')
				continue;	/* not a link's index */
			p++;
			while (*p == ' ')
				p++;
			n = strcspn(p, ":");
			if (!n || n >= sizeof(name) || p[n] != ':')
				continue;
			memcpy(name, p, n);
			name[n] = '\0';
			/* "eth1@if5" names the peer; keep the interface */
			name[strcspn(name, "@")] = '\0';
			cur = net_find(m, name, 1);
			if (!cur)
				continue;
			count++;
			lt = strchr(p, '<');
			gt = lt ? strchr(lt, '>') : NULL;
			if (lt && gt) {
				int fl;

				*gt = '\0';
				fl = flag_bits(lt);
				if (cur->flags < 0)
					cur->flags = fl;
				p = gt + 1;
			}
			{
				char *ms = strstr(p, " master ");

				if (ms && !cur->master[0]) {
					ms += 8;
					n = strcspn(ms, " ");
					if (n < sizeof(cur->master)) {
						memcpy(cur->master, ms, n);
						cur->master[n] = '\0';
					}
				}
			}
			continue;
		}
		if (!cur && *s != ' ' && *s != '\t') {
			count += parse_brief(s, m);
			continue;
		}
		if (!cur)
			continue;
		s = hv_trim(line);
		if (hv_startswith(s, "link/ether ")) {
			size_t n = strcspn(s + 11, " ");

			if (!cur->mac[0] && n < sizeof(cur->mac)) {
				memcpy(cur->mac, s + 11, n);
				cur->mac[n] = '\0';
			}
		} else if ((hv_startswith(s, "inet ") || hv_startswith(s, "inet6 ")) &&
			   cur->naddrs < 16) {
			char *a = strchr(s, ' ') + 1;
			size_t n = strcspn(a, " ");

			if (n < sizeof(cur->addrs[0])) {
				memcpy(cur->addrs[cur->naddrs], a, n);
				cur->addrs[cur->naddrs][n] = '\0';
				cur->naddrs++;
				m->addr_lines++;
			}
		}
	}
	return count;
}
