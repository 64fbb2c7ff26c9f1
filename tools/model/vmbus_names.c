// SPDX-License-Identifier: GPL-2.0
#include "model/vmbus_names.h"

#include <string.h>

/* Class GUIDs (facts §5) with the names lsvmbus users know. */
static const struct {
	const char *guid;
	const char *name;
} classes[] = {
	{ "f8615163-df3e-46c5-913f-f2d2f965ed0e", "Synthetic network adapter" },
	{ "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", "Synthetic SCSI Controller" },
	{ "32412632-86cb-44a2-9b5c-50d1417354f5", "Synthetic IDE Controller" },
	{ "44c4f61d-4444-4400-9d52-802e27ede19f", "PCI Express pass-through" },
	{ "57164f39-9115-4e78-ab55-382f3bd5422d", "[Heartbeat]" },
	{ "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "[Data Exchange]" },
	{ "0e0b6031-5213-4934-818b-38d90ced39db", "[Operating system shutdown]" },
	{ "9527e630-d0ae-497b-adce-e80ab0175caf", "[Time Synchronization]" },
	{ "35fa2e29-ea23-4236-96ae-3a6ebacba440", "[Backup (volume checkpoint)]" },
	{ "34d14be3-dee4-41c8-9ae7-6b174977c192", "[Guest services]" },
	{ "525074dc-8985-46e2-8057-a307dc18a502", "[Dynamic Memory]" },
	{ "f912ad6d-2b17-48ea-bd65-f927a61c7684", "Synthetic keyboard" },
	{ "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", "Synthetic mouse" },
	{ "da0a7802-e377-4aac-8e77-0558eb1073f8", "Synthetic framebuffer adapter" },
	{ "2f9bcc4a-0069-4af3-b76b-6fd0be528cda", "Synthetic FiberChannel Adapter" },
	{ "8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501", "NetworkDirect" },
};

const char *vmbus_class_name(const char *guid)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (!strcmp(classes[i].guid, guid))
			return classes[i].name;
	return "Unknown";
}
