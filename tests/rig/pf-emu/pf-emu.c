// SPDX-License-Identifier: GPL-2.0
/*
 * pf-emu: the host end of the test rig. It is the ivshmem server QEMU's
 * ivshmem-doorbell device connects to (Debian ships none), owns the shared
 * memory that becomes the guest's BAR 2, and plays the mlx4 PF on the comm
 * page at its start, with lib/mlx4_pf.c and a chosen fault mode.
 *
 * A scenario mailbox in the second page lets the guest pick the fault mode
 * for each run, so that one boot covers every scenario:
 *   0x1000 seq (guest), 0x1004 fault, 0x1008 late_us, 0x100c ack (host),
 *   0x1010 VHCR_POST tier (0: fail the first, 2: answer the first queries,
 *          4: the whole function of mlx4-fn.c), 0x1014 its fault mode;
 *   0x1018 event request (host: 1 port down, 2 port up; pf-emu clears it).
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../../../lib/mlx4_pf.h"
#include "mlx4-fn.h"

#define MBOX 0x1000
#define MAX_VECTORS 64
#define MAX_DEVS 4	/* ivshmem-doorbell devices served at once */

static volatile uint32_t *shm;

static hvd_u32 host_read(void *ctx, unsigned int off)
{
	(void)ctx;
	return be32toh(__atomic_load_n(&shm[off / 4], __ATOMIC_ACQUIRE));
}

static void host_write(void *ctx, unsigned int off, hvd_u32 v)
{
	(void)ctx;
	__atomic_store_n(&shm[off / 4], htobe32(v), __ATOMIC_RELEASE);
}

static hvd_u64 host_now(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (hvd_u64)ts.tv_sec * 1000000 + (hvd_u64)ts.tv_nsec / 1000;
}

static void host_relax(void *ctx)
{
	(void)ctx;
}

/* Guest RAM (a shared memory backend): bus address == offset, no IOMMU. */
static unsigned char *guest_ram;
static size_t guest_ram_size;
static unsigned int post_status = 0x04;	/* CMD_STAT_BAD_SYS_STATE */
static FILE *rep;

/*
 * Tier 0: fail the first VHCR_POST. Tier 2: answer QUERY_HCA (all zero:
 * no global capabilities) and QUERY_DEV_CAP (minimum page size 512, all
 * else zero) with outboxes in guest memory, and fail the rest. Tier 3:
 * also QUERY_FUNC_CAP (an Ethernet function, all else zero).
 */
static unsigned int tier;

#define OP_QUERY_DEV_CAP	0x03
#define OP_QUERY_HCA		0x0b
#define OP_QUERY_FUNC_CAP	0xf0a
#define MAILBOX_SIZE		4096
#define DEV_CAP_PAGE_SZ		0x4b	/* log2 of the minimum page size */
#define FUNC_CAP_FLAGS		0x00	/* 0x80: the function does Ethernet */

static hvd_u64 be64_at(const unsigned char *p)
{
	hvd_u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* VHCR layout (facts §2): out_param (be64) at 0x10, status at 0x1c,
 * opcode (be16) at 0x1e. */
static void host_vhcr_post(void *ctx, hvd_u64 vhcr)
{
	unsigned int op, status = post_status;
	hvd_u64 out;

	(void)ctx;
	if (tier >= 4 && guest_ram && vhcr + 32 <= guest_ram_size) {
		fn_vhcr_post(vhcr);
		return;
	}
	if (!guest_ram || vhcr + 32 > guest_ram_size) {
		if (rep)
			fprintf(rep, "vhcr_post at %#llx outside guest RAM\n",
				(unsigned long long)vhcr);
		return;
	}
	op = ((unsigned int)guest_ram[vhcr + 0x1e] << 8 | guest_ram[vhcr + 0x1f]) & 0xfff;
	out = be64_at(&guest_ram[vhcr + 0x10]);
	if (tier >= 2 && (op == OP_QUERY_HCA || op == OP_QUERY_DEV_CAP ||
			  (tier >= 3 && op == OP_QUERY_FUNC_CAP)) &&
	    out + MAILBOX_SIZE <= guest_ram_size) {
		memset(&guest_ram[out], 0, MAILBOX_SIZE);
		if (op == OP_QUERY_DEV_CAP)
			guest_ram[out + DEV_CAP_PAGE_SZ] = 9;
		if (op == OP_QUERY_FUNC_CAP)
			guest_ram[out + FUNC_CAP_FLAGS] = 0x80;
		status = 0;
	}
	__atomic_store_n(&guest_ram[vhcr + 0x1c], (unsigned char)status,
			 __ATOMIC_RELEASE);
	if (rep)
		fprintf(rep, "vhcr_post opcode %#x status %#x\n", op, status);
}

/* One ivshmem server message: a little-endian int64, maybe with an fd. */
static int send_msg(int sock, int64_t v, int fd)
{
	struct msghdr msg;
	struct iovec iov;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	int64_t le = (int64_t)htole64((uint64_t)v);

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &le;
	iov.iov_len = sizeof(le);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, 0) == (ssize_t)sizeof(le) ? 0 : -1;
}

static void usage(FILE *f)
{
	fputs("usage: pf-emu --socket PATH --shm PATH [--size BYTES] [--vectors N]\n"
	      "              [--fault NAME] [--late-us N] [--seconds S] [--report FILE]\n"
	      "              [--guest-ram FILE [--post-status N]]\n"
	      "faults: healthy silent late offline stale-toggle wrong-rev forget die-midway\n"
	      "        offline-flag\n", f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "shm", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 'z' },
		{ "vectors", required_argument, NULL, 'v' },
		{ "fault", required_argument, NULL, 'f' },
		{ "late-us", required_argument, NULL, 'l' },
		{ "seconds", required_argument, NULL, 't' },
		{ "report", required_argument, NULL, 'r' },
		{ "guest-ram", required_argument, NULL, 'g' },
		{ "post-status", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock_path = NULL, *shm_path = NULL, *report = NULL, *ram = NULL;
	long size = 8 << 20, vectors = 4, seconds = 120, late_us = 200000;
	int fault = HVD_PF_HEALTHY, c, lfd, shm_fd, i, d, ndev = 0;
	int evfd[MAX_DEVS][MAX_VECTORS], cfd[MAX_DEVS];
	struct sockaddr_un sa;
	struct hvd_comm_ops ops = { host_read, host_write, host_now, host_relax, NULL };
	struct hvd_pf pf;
	struct fn_ctx fn;
	uint32_t seen_seq = 0;
	unsigned int seen_resets = 0;
	hvd_u64 start, last_activity;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': sock_path = optarg; break;
		case 'm': shm_path = optarg; break;
		case 'z': size = strtol(optarg, NULL, 0); break;
		case 'v': vectors = strtol(optarg, NULL, 0); break;
		case 'f':
			fault = hvd_pf_fault_parse(optarg);
			if (fault < 0) {
				fprintf(stderr, "pf-emu: unknown fault '%s'\n", optarg);
				return 2;
			}
			break;
		case 'l': late_us = strtol(optarg, NULL, 0); break;
		case 't': seconds = strtol(optarg, NULL, 0); break;
		case 'r': report = optarg; break;
		case 'g': ram = optarg; break;
		case 'p': post_status = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!sock_path || !shm_path || vectors < 1 || vectors > MAX_VECTORS ||
	    size < 0x2000) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	shm_fd = open(shm_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (shm_fd < 0 || ftruncate(shm_fd, size)) {
		fprintf(stderr, "pf-emu: cannot create '%s': %s\n", shm_path, strerror(errno));
		return 1;
	}
	shm = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (shm == MAP_FAILED) {
		fprintf(stderr, "pf-emu: mmap: %s\n", strerror(errno));
		return 1;
	}
	if (ram) {
		struct stat st;
		int rfd = open(ram, O_RDWR);

		if (rfd < 0 || fstat(rfd, &st)) {
			fprintf(stderr, "pf-emu: cannot open guest RAM '%s': %s\n", ram,
				strerror(errno));
			return 1;
		}
		guest_ram_size = (size_t)st.st_size;
		guest_ram = mmap(NULL, guest_ram_size, PROT_READ | PROT_WRITE, MAP_SHARED,
				 rfd, 0);
		if (guest_ram == MAP_FAILED) {
			fprintf(stderr, "pf-emu: mmap guest RAM: %s\n", strerror(errno));
			return 1;
		}
	}
	memset(&pf, 0, sizeof(pf));
	pf.vhcr_post = host_vhcr_post;
	hvd_pf_init(&pf, &ops, (enum hvd_pf_fault)fault, (hvd_u32)late_us);
	memset(&fn, 0, sizeof(fn));
	fn.ram = guest_ram;
	fn.ram_size = guest_ram_size;
	fn.evfd = &evfd[0][0];
	fn.stride = MAX_VECTORS;
	fn.vectors = (int)vectors;
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	unlink(sock_path);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 1)) {
		fprintf(stderr, "pf-emu: cannot listen on '%s': %s\n", sock_path, strerror(errno));
		return 1;
	}
	if (report) {
		rep = fopen(report, "w");
		if (!rep) {
			fprintf(stderr, "pf-emu: cannot write '%s'\n", report);
			return 1;
		}
		setvbuf(rep, NULL, _IOLBF, 0);
	}
	fn.rep = rep;
	fn_init(&fn);
	start = last_activity = host_now(NULL);
	for (;;) {
		struct pollfd p[1 + MAX_DEVS];
		int np = 0, busy, pi[1 + MAX_DEVS];
		hvd_u64 now = host_now(NULL);

		if (now - start > (hvd_u64)seconds * 1000000) {
			fprintf(stderr, "pf-emu: time limit reached\n");
			break;
		}
		p[np].fd = lfd;
		p[np++].events = POLLIN;
		for (d = 0; d < ndev; d++)
			if (cfd[d] >= 0) {
				pi[np] = d;
				p[np].fd = cfd[d];
				p[np++].events = POLLIN;
			}
		/* spin briefly after activity, otherwise sleep (rig facts) */
		busy = now - last_activity < 20000;
		if (poll(p, (nfds_t)np, busy ? 0 : 1) > 0) {
			/*
			 * Each device that connects (the first, and any the
			 * host hot-adds later) gets the shared memory and its
			 * own vectors; events are raised on every device's.
			 */
			if (p[0].revents & POLLIN && ndev < MAX_DEVS) {
				d = ndev;
				cfd[d] = accept(lfd, NULL, NULL);
				for (i = 0; i < vectors; i++)
					evfd[d][i] = eventfd(0, EFD_NONBLOCK);
				if (cfd[d] >= 0 && (send_msg(cfd[d], 0, -1) ||
						    send_msg(cfd[d], 1, -1) ||
						    send_msg(cfd[d], -1, shm_fd))) {
					fprintf(stderr, "pf-emu: handshake failed\n");
					return 1;
				}
				for (i = 0; cfd[d] >= 0 && i < vectors; i++)
					send_msg(cfd[d], 1, evfd[d][i]);
				if (cfd[d] >= 0) {
					ndev++;
					fn.sets = ndev;
					if (rep)
						fprintf(rep, "device %d connected\n", d);
				}
			}
			for (i = 1; i < np; i++) {
				char b[64];

				if (!(p[i].revents & (POLLIN | POLLHUP)) ||
				    read(p[i].fd, b, sizeof(b)) > 0)
					continue;
				/* that device's QEMU end closed (QEMU quit):
				 * its vectors stay, nobody listens */
				close(p[i].fd);
				cfd[pi[i]] = -1;
				if (rep)
					fprintf(rep, "device %d disconnected\n", pi[i]);
			}
			for (d = 0; d < ndev && cfd[d] < 0; d++)
				;
			if (ndev && d == ndev)
				break;	/* every device gone: QEMU went away */
		}
		if (__atomic_load_n(&shm[MBOX / 4], __ATOMIC_ACQUIRE) != seen_seq) {
			seen_seq = __atomic_load_n(&shm[MBOX / 4], __ATOMIC_ACQUIRE);
			fault = (int)shm[MBOX / 4 + 1];
			if (fault < 0 || fault >= HVD_PF_NFAULTS)
				fault = HVD_PF_HEALTHY;
			if (rep && pf.commands)
				fprintf(rep, "fault %s commands %u resets %u rejects %u vhcr %#llx\n",
					hvd_pf_fault_str(pf.fault), pf.commands, pf.resets,
					pf.rejects, (unsigned long long)pf.vhcr_seen);
			tier = shm[MBOX / 4 + 4];
			fn.fault = shm[MBOX / 4 + 5] < FN_NFAULTS ?
				(enum fn_fault)shm[MBOX / 4 + 5] : FN_HEALTHY;
			if (tier >= 4 && rep)
				fn_report(rep);
			fn_reset();
			seen_resets = 0;
			hvd_pf_init(&pf, &ops, (enum hvd_pf_fault)fault,
				    shm[MBOX / 4 + 2] ? shm[MBOX / 4 + 2] : (hvd_u32)late_us);
			__atomic_store_n(&shm[MBOX / 4 + 3], seen_seq, __ATOMIC_RELEASE);
			last_activity = host_now(NULL);
		}
		if (hvd_pf_poll(&pf))
			last_activity = host_now(NULL);
		if (pf.resets != seen_resets) {	/* the VF starts over */
			seen_resets = pf.resets;
			fn_reset();
		}
		if (tier >= 4) {
			uint32_t ev = __atomic_load_n(&shm[MBOX / 4 + 6], __ATOMIC_ACQUIRE);

			if (ev) {
				__atomic_store_n(&shm[MBOX / 4 + 6], 0, __ATOMIC_RELEASE);
				fn_port_event(ev == 2);
				last_activity = host_now(NULL);
			}
			if (fn_tick(host_now(NULL)))
				last_activity = host_now(NULL);
		}
	}
	if (tier >= 4 && rep)
		fn_report(rep);
	if (rep && pf.commands)
		fprintf(rep, "fault %s commands %u resets %u rejects %u vhcr %#llx\n",
			hvd_pf_fault_str(pf.fault), pf.commands, pf.resets, pf.rejects,
			(unsigned long long)pf.vhcr_seen);
	if (rep)
		fclose(rep);
	unlink(sock_path);
	return 0;
}
