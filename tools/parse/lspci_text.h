/* SPDX-License-Identifier: GPL-2.0 */
/* Parser for `lspci -vvv` text (with or without -nn and -D). */
#ifndef HVDIAG_LSPCI_TEXT_H
#define HVDIAG_LSPCI_TEXT_H

#include "base/linereader.h"
#include "model/model.h"

/*
 * Parse every device block into @m (appending). Returns the number of
 * devices, or -1 with a message in @err when the text holds no device at
 * all (what it holds is then not lspci output).
 */
int lspci_text_parse(struct linereader *lr, struct pci_model *m, char *err,
		     size_t errlen);

#endif
