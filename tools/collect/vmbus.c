// SPDX-License-Identifier: GPL-2.0
/* vmbus devices and channels from /sys/bus/vmbus (facts §5 sysfs layout). */
#include "collect/collect.h"
#include "base/util.h"
#include "source/source.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "{44C4F61D-...}" -> "44c4f61d-..." */
static void norm_guid(const char *in, char *out, size_t n)
{
	size_t o = 0;

	if (*in == '{')
		in++;
	while (*in && *in != '}' && o + 1 < n) {
		out[o++] = (char)tolower((unsigned char)*in);
		in++;
	}
	out[o] = '\0';
}

static int read_int(const struct source *src, const char *path, int *out)
{
	char buf[64];
	char *end;
	long v;

	if (src_read_attr(src, path, buf, sizeof(buf)) <= 0)
		return -1;
	v = strtol(buf, &end, 0);
	if (end == buf)
		return -1;
	*out = (int)v;
	return 0;
}

static void add_chan(struct vmbus_dev *d, unsigned int relid, int cpu)
{
	if (d->nchans >= 1024)
		return;
	d->chans = xrealloc(d->chans, (size_t)(d->nchans + 1) * sizeof(*d->chans));
	d->chans[d->nchans].relid = relid;
	d->chans[d->nchans].cpu = cpu;
	d->nchans++;
}

static int by_relid(const void *a, const void *b)
{
	const struct vmbus_chan *x = a, *y = b;

	return x->relid < y->relid ? -1 : x->relid > y->relid;
}

/* 4.14+: channels/<relid>/cpu; -1 when there is no such directory */
static int channels_dir(const struct source *src, struct vmbus_dev *d,
			const char *dir)
{
	char path[PATH_MAX];
	char **names;
	int n, i;

	snprintf(path, sizeof(path), "%s/channels", dir);
	n = src_list(src, path, &names);
	if (n <= 0) {
		if (n == 0)
			src_list_free(names, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char cp[PATH_MAX];
		char *end;
		unsigned long relid = strtoul(names[i], &end, 10);
		int cpu = -1;

		if (*end)
			continue;
		snprintf(cp, sizeof(cp), "%s/%s/cpu", path, names[i]);
		read_int(src, cp, &cpu);
		add_chan(d, (unsigned int)relid, cpu);
	}
	src_list_free(names, n);
	qsort(d->chans, (size_t)d->nchans, sizeof(*d->chans), by_relid);
	return 0;
}

static void read_channels(const struct source *src, struct vmbus_dev *d,
			  const char *dir)
{
	char path[PATH_MAX], buf[8192];
	char *line, *save = NULL;

	if (!channels_dir(src, d, dir))
		return;
	/* 4.2+: channel_vp_mapping, "relid:cpu" per line */
	snprintf(path, sizeof(path), "%s/channel_vp_mapping", dir);
	if (src_read_attr(src, path, buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned int relid;
		int cpu;

		if (sscanf(line, "%u:%d", &relid, &cpu) == 2)
			add_chan(d, relid, cpu);
	}
}

/* One device of the bus: its ids, state, driver and channels. */
static void read_vmbus_dev(const struct source *src, struct vmbus_dev *d,
			   const char *dir)
{
	char path[PATH_MAX], buf[128];

	snprintf(path, sizeof(path), "%s/class_id", dir);
	if (src_read_attr(src, path, buf, sizeof(buf)) > 0)
		norm_guid(buf, d->class_id, sizeof(d->class_id));
	snprintf(path, sizeof(path), "%s/device_id", dir);
	if (src_read_attr(src, path, buf, sizeof(buf)) > 0)
		norm_guid(buf, d->device_id, sizeof(d->device_id));
	d->id = -1;
	snprintf(path, sizeof(path), "%s/id", dir);
	read_int(src, path, &d->id);
	d->state = -1;
	snprintf(path, sizeof(path), "%s/state", dir);
	read_int(src, path, &d->state);
	snprintf(path, sizeof(path), "%s/driver", dir);
	if (src_readlink_base(src, path, d->driver, sizeof(d->driver)) < 0)
		d->driver[0] = '\0';
	read_channels(src, d, dir);
	if (!d->nchans && d->id >= 0)
		add_chan(d, (unsigned int)d->id, -1);
}

void collect_vmbus(const struct source *src, struct guest *g)
{
	struct vmbus_model *m = &g->vmbus;
	const char *base = "/sys/bus/vmbus/devices";
	char **names;
	int n, i;

	n = src_list(src, base, &names);
	if (n < 0) {
		if (n == -ENOENT)
			part_set(&m->part, PART_ABSENT, "no /sys/bus/vmbus (vmbus not loaded, or not a Hyper-V guest)");
		else
			part_set(&m->part, PART_ERROR, "cannot list %s: %s", base,
				 strerror(-n));
		return;
	}
	m->devs = xcalloc((size_t)(n ? n : 1), sizeof(*m->devs));
	for (i = 0; i < n; i++) {
		struct vmbus_dev *d = &m->devs[m->n++];
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/%s", base, names[i]);
		hv_strlcpy(d->name, names[i], sizeof(d->name));
		read_vmbus_dev(src, d, dir);
	}
	src_list_free(names, n);
	hv_strlcpy(m->part.origin, base, sizeof(m->part.origin));
	m->part.state = PART_OK;
}
