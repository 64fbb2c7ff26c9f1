/* SPDX-License-Identifier: GPL-2.0 */
/* The vmbus device classes by GUID (lower case, no braces): one table. */
#ifndef HVDIAG_VMBUS_NAMES_H
#define HVDIAG_VMBUS_NAMES_H

#include <stddef.h>

#define VMBUS_GUID_PCI "44c4f61d-4444-4400-9d52-802e27ede19f"

struct vmbus_class {
	const char *guid;
	const char *name;	/* as lsvmbus users know it */
	const char *util;	/* an integration service hv_utils serves, or NULL */
};

extern const struct vmbus_class vmbus_classes[];
extern const size_t vmbus_nclasses;

/* Display name of a vmbus device class GUID ("Unknown"). */
const char *vmbus_class_name(const char *guid);
#endif
