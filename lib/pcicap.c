// SPDX-License-Identifier: GPL-2.0
#include "pcicap.h"

unsigned int hvd_bar_flags_from_reg(hvd_u32 reg)
{
	unsigned int f;

	if (reg & 1)
		return HVD_RES_IO;
	f = HVD_RES_MEM;
	if (((reg >> 1) & 3) == 2)
		f |= HVD_RES_MEM64;
	if (reg & 8)
		f |= HVD_RES_PREFETCH;
	return f;
}

const char *hvd_res_type_str(unsigned int flags)
{
	if (flags & HVD_RES_IO)
		return "io";
	if (!(flags & HVD_RES_MEM))
		return "none";
	switch (flags & (HVD_RES_MEM64 | HVD_RES_PREFETCH)) {
	case HVD_RES_MEM64 | HVD_RES_PREFETCH:
		return "mem64 pref";
	case HVD_RES_MEM64:
		return "mem64";
	case HVD_RES_PREFETCH:
		return "mem pref";
	default:
		return "mem";
	}
}

enum hvd_fit hvd_window_fit(unsigned int bar_flags, hvd_u64 bar_end,
			    unsigned int win_flags)
{
	unsigned int type = HVD_RES_IO | HVD_RES_MEM;

	if (!(win_flags & type))
		return HVD_FIT_WINDOW_UNTYPED;
	if ((bar_flags & type) != (win_flags & type))
		return HVD_FIT_TYPE_MISMATCH;
	if ((win_flags & HVD_RES_PREFETCH) && !(bar_flags & HVD_RES_PREFETCH))
		return HVD_FIT_PREFETCH_MISMATCH;
	if (bar_end > 0xffffffffULL && !(win_flags & HVD_RES_MEM64) &&
	    !(win_flags & HVD_RES_IO))
		return HVD_FIT_NOT_64BIT;
	return HVD_FIT_OK;
}

const char *hvd_fit_str(enum hvd_fit fit)
{
	switch (fit) {
	case HVD_FIT_OK:
		return "fits";
	case HVD_FIT_WINDOW_UNTYPED:
		return "window has no resource type";
	case HVD_FIT_TYPE_MISMATCH:
		return "window is of another type";
	case HVD_FIT_PREFETCH_MISMATCH:
		return "non-prefetchable BAR in a prefetchable window";
	case HVD_FIT_NOT_64BIT:
		return "BAR above 4 GiB in a 32-bit window";
	}
	return "unknown";
}

void hvd_msix_decode(hvd_u16 ctrl, hvd_u32 table, hvd_u32 pba,
		     struct hvd_msix *out)
{
	out->table_size = (hvd_u16)((ctrl & 0x7ff) + 1);
	out->masked = (ctrl >> 14) & 1;
	out->enabled = (ctrl >> 15) & 1;
	out->table_bir = table & 7;
	out->table_offset = table & ~(hvd_u32)7;
	out->pba_bir = pba & 7;
	out->pba_offset = pba & ~(hvd_u32)7;
}

hvd_u32 hvd_msix_table_bytes(const struct hvd_msix *m)
{
	return (hvd_u32)m->table_size * HVD_MSIX_ENTRY_SIZE;
}

hvd_u32 hvd_msix_pba_bytes(const struct hvd_msix *m)
{
	/* One bit per vector, in whole quadwords. */
	return (((hvd_u32)m->table_size + 63) / 64) * 8;
}

static int inside(hvd_u32 off, hvd_u32 len, hvd_u64 size)
{
	return (hvd_u64)off + len <= size;
}

enum hvd_msix_place hvd_msix_check_place(const struct hvd_msix *m,
					 const hvd_u64 bar_size[6])
{
	hvd_u32 tlen = hvd_msix_table_bytes(m);
	hvd_u32 plen = hvd_msix_pba_bytes(m);

	if (m->table_bir > 5)
		return HVD_MSIX_TABLE_BAD_BIR;
	if (!bar_size[m->table_bir])
		return HVD_MSIX_TABLE_NO_BAR;
	if (!inside(m->table_offset, tlen, bar_size[m->table_bir]))
		return HVD_MSIX_TABLE_OUTSIDE;
	if (m->pba_bir > 5)
		return HVD_MSIX_PBA_BAD_BIR;
	if (!bar_size[m->pba_bir])
		return HVD_MSIX_PBA_NO_BAR;
	if (!inside(m->pba_offset, plen, bar_size[m->pba_bir]))
		return HVD_MSIX_PBA_OUTSIDE;
	if (m->table_bir == m->pba_bir &&
	    (hvd_u64)m->table_offset < (hvd_u64)m->pba_offset + plen &&
	    (hvd_u64)m->pba_offset < (hvd_u64)m->table_offset + tlen)
		return HVD_MSIX_OVERLAP;
	return HVD_MSIX_PLACE_OK;
}

const char *hvd_msix_place_str(enum hvd_msix_place p)
{
	switch (p) {
	case HVD_MSIX_PLACE_OK:
		return "table and PBA inside assigned BARs";
	case HVD_MSIX_TABLE_BAD_BIR:
		return "table BIR names no BAR";
	case HVD_MSIX_TABLE_NO_BAR:
		return "table BAR is absent or unassigned";
	case HVD_MSIX_TABLE_OUTSIDE:
		return "table runs past the end of its BAR";
	case HVD_MSIX_PBA_BAD_BIR:
		return "PBA BIR names no BAR";
	case HVD_MSIX_PBA_NO_BAR:
		return "PBA BAR is absent or unassigned";
	case HVD_MSIX_PBA_OUTSIDE:
		return "PBA runs past the end of its BAR";
	case HVD_MSIX_OVERLAP:
		return "table and PBA overlap";
	}
	return "unknown";
}
