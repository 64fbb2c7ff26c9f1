// SPDX-License-Identifier: GPL-2.0
#include "model/vmbus_names.h"

#include <string.h>

/* Class GUIDs (facts §5) with the names lsvmbus users know. */
const struct vmbus_class vmbus_classes[] = {
	{ "f8615163-df3e-46c5-913f-f2d2f965ed0e", "Synthetic network adapter", NULL },
	{ "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", "Synthetic SCSI Controller", NULL },
	{ "32412632-86cb-44a2-9b5c-50d1417354f5", "Synthetic IDE Controller", NULL },
	{ VMBUS_GUID_PCI, "PCI Express pass-through", NULL },
	{ "57164f39-9115-4e78-ab55-382f3bd5422d", "[Heartbeat]", "heartbeat" },
	{ "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "[Data Exchange]", "kvp" },
	{ "0e0b6031-5213-4934-818b-38d90ced39db", "[Operating system shutdown]", "shutdown" },
	{ "9527e630-d0ae-497b-adce-e80ab0175caf", "[Time Synchronization]", "timesync" },
	{ "35fa2e29-ea23-4236-96ae-3a6ebacba440", "[Backup (volume checkpoint)]", NULL },
	{ "34d14be3-dee4-41c8-9ae7-6b174977c192", "[Guest services]", NULL },
	{ "525074dc-8985-46e2-8057-a307dc18a502", "[Dynamic Memory]", NULL },
	{ "f912ad6d-2b17-48ea-bd65-f927a61c7684", "Synthetic keyboard", NULL },
	{ "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", "Synthetic mouse", NULL },
	{ "da0a7802-e377-4aac-8e77-0558eb1073f8", "Synthetic framebuffer adapter", NULL },
	{ "2f9bcc4a-0069-4af3-b76b-6fd0be528cda", "Synthetic FiberChannel Adapter", NULL },
	{ "8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501", "NetworkDirect", NULL },
};

const size_t vmbus_nclasses = sizeof(vmbus_classes) / sizeof(vmbus_classes[0]);

const char *vmbus_class_name(const char *guid)
{
	size_t i;

	for (i = 0; i < vmbus_nclasses; i++)
		if (!strcmp(vmbus_classes[i].guid, guid))
			return vmbus_classes[i].name;
	return "Unknown";
}
