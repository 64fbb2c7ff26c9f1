/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pf-emu's emulated mlx4 function: what a ConnectX-3 PF answers a VF's
 * VHCR_POST commands with, enough for the genuine mlx4_core and mlx4_en
 * to bring a single-port Ethernet function up. It keeps the VF's event
 * queues (their pages from the MTT entries the VF wrote), writes EQEs into
 * guest memory and raises each EQ's MSI-X vector through the ivshmem
 * doorbell's eventfds.
 */
#ifndef PF_EMU_MLX4_FN_H
#define PF_EMU_MLX4_FN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Fault modes of the function (scenario mailbox word 0x1014). */
enum fn_fault {
	FN_HEALTHY = 0,
	FN_NO_CMD_EQE,		/* never deliver a command-completion EQE */
	FN_INIT_PORT_FAILS,	/* INIT_PORT returns a bad status */
	FN_NFAULTS
};

struct fn_ctx {
	unsigned char *ram;		/* guest RAM; bus address == offset */
	size_t ram_size;
	const int *evfd;		/* the guest's MSI-X vectors: @sets */
	int sets, stride;		/* devices' rows of @stride */
	int vectors;
	FILE *rep;
	enum fn_fault fault;
};

void fn_init(struct fn_ctx *c);
/* The VF sent RESET: forget its queues, resources and event mapping. */
void fn_reset(void);
/* Execute the VHCR at bus address @vhcr; returns the status written. */
unsigned int fn_vhcr_post(uint64_t vhcr);
/* Deferred work (the port-up event after INIT_PORT); returns 1 if any. */
int fn_tick(uint64_t now_us);
/* Send a port-change event now: @up 1 active, 0 down. */
int fn_port_event(int up);
/* One line of counters for the report. */
void fn_report(FILE *f);

#endif
