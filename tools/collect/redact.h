/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consistent redaction for bundles. Each identifier gets one stand-in for
 * the whole run, the same in every file and in every spelling of it (letter
 * case, separator style, inside an enx<MAC> name or a vmbus GUID that
 * repeats a MAC). Stand-ins are handed out by a counter per class, so two
 * identifiers never share one; a class that runs out is an error, never a
 * wrap-around.
 *
 *   MAC (6 octets, ':' or '-')    02:00:NN:NN:NN:NN, locally administered,
 *                                 group bit and separator kept
 *   other octet runs (8, 20)      PCIe serial numbers, IPoIB addresses:
 *                                 02-00-...-NN, same length and separator
 *   IPv4                          198.18.0.1 .. 198.19.255.254 (198.18.0.0/15)
 *   IPv6 global                   2001:db8::/32
 *   IPv6 link-local               fe80::/64 (fe80::N)
 *   UUID=, by-uuid/, by-partuuid/ same shape, digits from the counter
 *   VPD [SN] serial numbers       serial-N
 *   host name, DNS domains        host-N, domain-N.example
 *
 * Kept: PCI addresses, vmbus GUIDs other than the MAC-bearing ones, driver
 * names, versions, 0.0.0.0, 127/8, multicast and masks (224/3 and up),
 * Azure's fixed 168.63.129.16 and 169.254.169.254, ::, ::1, ff00::/8, the
 * all-zero and broadcast MACs.
 */
#ifndef HVDIAG_REDACT_H
#define HVDIAG_REDACT_H

#include <stddef.h>

/* Stand-ins per class before redact_text fails (IPv4: the /15 less two). */
#define REDACT_V4_MAX 131070u

struct redact;
struct redact *redact_new(void);
void redact_free(struct redact *r);

/* A host name ("vm1" or "vm1.corp.example.com") or a DNS domain to replace,
 * whole-word and in any letter case. "(none)", "localhost" and empty
 * strings are ignored. */
void redact_add_host(struct redact *r, const char *name);
void redact_add_domain(struct redact *r, const char *name);

/*
 * A new buffer with every identifier replaced; NULL when a class ran out of
 * stand-ins (redact_error says which). Text after a failure is unchanged.
 */
char *redact_text(struct redact *r, const char *s, size_t len, size_t *outlen);

/*
 * PCI config space in place: the Device Serial Number capability gets the
 * stand-in its text form ("Device Serial Number xx-xx-...") gets. Returns 0,
 * or -1 when stand-ins ran out.
 */
int redact_config(struct redact *r, unsigned char *buf, size_t len);

/* Why the last call failed. */
const char *redact_error(const struct redact *r);

#endif
