/* SPDX-License-Identifier: GPL-2.0 */
/* Collectors: fill one part of the model each, from the source only. */
#ifndef HVDIAG_COLLECT_H
#define HVDIAG_COLLECT_H

#include "model/model.h"
#include "profile/catalog.h"

struct source;

void collect_platform(const struct source *src, struct guest *g);
void collect_pci(const struct source *src, struct guest *g);
/* Ids for the devices a listing named but did not number, from the
 * profiles' pci-name lines. */
void collect_pci_names(struct pci_model *m, const struct profile_set *ps);
void collect_log(const struct source *src, struct guest *g,
		 const struct catalog *cat);
void collect_vmbus(const struct source *src, struct guest *g);
void collect_net(const struct source *src, struct guest *g);
void collect_irq(const struct source *src, struct guest *g);
void collect_kconfig(const struct source *src, struct guest *g);
/* The kernel config from the file @file instead (check --kconfig). */
void kconfig_read_file(struct guest *g, const char *file);
void collect_modules(const struct source *src, struct guest *g);
void collect_rdma(const struct source *src, struct guest *g);
/* The image: modules of the kernel; udev, networkd and NetworkManager
 * files; the initrd's list (collect/image.c). */
void collect_kmods(const struct source *src, struct guest *g);
void collect_image(const struct source *src, struct guest *g);
struct sbuf;
/* image.txt of a bundle: what collect_image found on the live system. */
void image_describe(const struct image_model *m, struct sbuf *out);
void image_free(struct guest *g);
/* The initrd list from image file @path instead (check --initrd). */
void image_initrd_file(const struct source *src, struct guest *g,
		       const char *path);
/* Read the synthetic NICs' counters again @seconds later (live only):
 * the deltas go into each netdev's stats (check --sample). */
void collect_net_sample(const struct source *src, struct guest *g,
			double seconds);
/* CPUID hypervisor vendor ("" for none); -1 where CPUID is unknown. */
int platform_cpuid_vendor(char *out, size_t n);

/*
 * The VF events of the kernel log (vf_events.h) into g->vfev: a second,
 * sequential pass over the log, which the checks' scan reads in parallel
 * parts.
 */
struct vf_event_defs;
void collect_vf_events(const struct source *src, struct guest *g,
		       const struct catalog *cat,
		       const struct kb *kb, const struct vf_event_defs *defs);

/* Everything, in the order the checks need it. */
void collect_all(const struct source *src, struct guest *g,
		 const struct catalog *cat);
void guest_free(struct guest *g);

#endif
