/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of PCI BAR flags and the MSI-X capability, and the rule that says
 * whether a BAR of one type may be placed in a bridge window of another.
 * Pure functions over raw register values: the tools feed them config space
 * read through libpci or recorded text, the module feeds them live reads.
 */
#ifndef HVD_PCICAP_H
#define HVD_PCICAP_H

#include "hvd_types.h"

/* Resource flags, our own bits (not the kernel's IORESOURCE_* values). */
#define HVD_RES_IO		0x01
#define HVD_RES_MEM		0x02
#define HVD_RES_PREFETCH	0x04
#define HVD_RES_MEM64		0x08
#define HVD_RES_UNSET		0x10	/* size known, no address assigned */
#define HVD_RES_DISABLED	0x20	/* decoding of this type is off */
#define HVD_RES_WINDOW		0x40	/* a bridge/host window, not a BAR */

/* Decode the low bits of a BAR register as read from config space. */
unsigned int hvd_bar_flags_from_reg(hvd_u32 reg);

/* Short text for flags: "mem64 pref", "mem", "io", "none" ... */
const char *hvd_res_type_str(unsigned int flags);

enum hvd_fit {
	HVD_FIT_OK = 0,
	HVD_FIT_WINDOW_UNTYPED,	/* window has neither MEM nor IO set */
	HVD_FIT_TYPE_MISMATCH,	/* mem BAR in an io window or the reverse */
	HVD_FIT_PREFETCH_MISMATCH, /* non-prefetchable BAR in a prefetch window */
	HVD_FIT_NOT_64BIT,	/* BAR placed above 4 GiB, window is 32-bit only */
};

/*
 * Whether a BAR with @bar_flags placed at @bar_end (last byte) may live in a
 * window with @win_flags. A prefetchable BAR may fall back to a
 * non-prefetchable memory window (later kernels retry without the prefetch
 * requirement); the reverse is not allowed. A window that carries no type
 * bit at all is reported as such, because that is the 3.10 vPCI defect.
 */
enum hvd_fit hvd_window_fit(unsigned int bar_flags, hvd_u64 bar_end,
			    unsigned int win_flags);
const char *hvd_fit_str(enum hvd_fit fit);

/* MSI-X capability: register offsets relative to the capability. */
#define HVD_MSIX_CTRL		2
#define HVD_MSIX_TABLE		4
#define HVD_MSIX_PBA		8
#define HVD_MSIX_ENTRY_SIZE	16
#define HVD_PCI_CAP_ID_MSIX	0x11

struct hvd_msix {
	hvd_u16 table_size;	/* number of vectors, 1..2048 */
	hvd_u8 enabled;
	hvd_u8 masked;		/* function mask */
	hvd_u8 table_bir;
	hvd_u8 pba_bir;
	hvd_u32 table_offset;
	hvd_u32 pba_offset;
};

void hvd_msix_decode(hvd_u16 ctrl, hvd_u32 table, hvd_u32 pba,
		     struct hvd_msix *out);

/* Bytes the table and the PBA occupy. */
hvd_u32 hvd_msix_table_bytes(const struct hvd_msix *m);
hvd_u32 hvd_msix_pba_bytes(const struct hvd_msix *m);

enum hvd_msix_place {
	HVD_MSIX_PLACE_OK = 0,
	HVD_MSIX_TABLE_BAD_BIR,		/* BIR 6 or 7 */
	HVD_MSIX_TABLE_NO_BAR,		/* the BAR it names is absent */
	HVD_MSIX_TABLE_OUTSIDE,		/* runs past the end of its BAR */
	HVD_MSIX_PBA_BAD_BIR,
	HVD_MSIX_PBA_NO_BAR,
	HVD_MSIX_PBA_OUTSIDE,
	HVD_MSIX_OVERLAP,		/* table and PBA overlap */
};

/*
 * Check that the table and the PBA lie inside the BARs they name.
 * @bar_size[i] is 0 when BAR i is absent or unassigned.
 */
enum hvd_msix_place hvd_msix_check_place(const struct hvd_msix *m,
					 const hvd_u64 bar_size[6]);
const char *hvd_msix_place_str(enum hvd_msix_place p);

#endif
