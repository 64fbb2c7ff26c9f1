/* SPDX-License-Identifier: GPL-2.0 */
/* Collectors: fill one part of the model each, from the source only. */
#ifndef HVDIAG_COLLECT_H
#define HVDIAG_COLLECT_H

#include "model/model.h"
#include "profile/catalog.h"

void collect_platform(struct guest *g);
void collect_pci(struct guest *g);
/* Ids for the devices a listing named but did not number, from the
 * profiles' pci-name lines. */
void collect_pci_names(struct pci_model *m, const struct profile_set *ps);
void collect_log(struct guest *g, const struct catalog *cat);
void collect_vmbus(struct guest *g);
void collect_net(struct guest *g);
void collect_irq(struct guest *g);
void collect_kconfig(struct guest *g, const char *file);
void collect_modules(struct guest *g);
void collect_rdma(struct guest *g);
/* The image: modules of the kernel; udev, networkd and NetworkManager
 * files; the initrd's list (collect/image.c). */
void collect_kmods(struct guest *g);
void collect_image(struct guest *g);
struct sbuf;
/* image.txt of a bundle: what collect_image found on the live system. */
void image_describe(const struct image_model *m, struct sbuf *out);
void image_free(struct guest *g);
/* The initrd list from image file @path instead (check --initrd). */
void image_initrd_file(struct guest *g, const char *path);
/* Read the synthetic NICs' counters again @seconds later (live only):
 * the deltas go into each netdev's stats (check --sample). */
void collect_net_sample(struct guest *g, double seconds);
/* CPUID hypervisor vendor ("" for none); -1 where CPUID is unknown. */
int platform_cpuid_vendor(char *out, size_t n);

/*
 * The VF events of the kernel log (vf_events.h) into g->vfev: a second,
 * sequential pass over the log, which the checks' scan reads in parallel
 * parts.
 */
struct vf_event_defs;
void collect_vf_events(struct guest *g, const struct catalog *cat,
		       const struct kb *kb, const struct vf_event_defs *defs);

/* Everything, in the order the checks need it. */
void collect_all(struct guest *g, const struct catalog *cat);
void guest_free(struct guest *g);

/* Set a part's state with a formatted reason. */
void part_set(struct part *p, enum part_state st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
