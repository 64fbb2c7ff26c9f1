/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVDIAG_VMBUS_NAMES_H
#define HVDIAG_VMBUS_NAMES_H
/* Display name of a vmbus device class GUID (lower case, no braces). */
const char *vmbus_class_name(const char *guid);
#endif
