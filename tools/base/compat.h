/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a C library, its kernel headers or the CPU may lack, settled here
 * once: the userspace counterpart of kmod/compat/. No other file under
 * tools/ or lib/ asks the system with #if (tests/layers/check-ifdefs.sh).
 */
#ifndef HVDIAG_BASE_COMPAT_H
#define HVDIAG_BASE_COMPAT_H

#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
/* renameat2(2)'s flags, which older C libraries do not name */
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
/* where profiles/, kb/ and patches/ are installed (the Makefile says) */
#ifndef DATADIR
#define DATADIR "/usr/local/share/hvdiag"
#endif
/*
 * The bytes the kernel-log scan reads at a time. The fuzz build sets
 * LOG_BLOCK small, so that short inputs cross block ends and hold lines
 * longer than a block.
 */
#ifdef LOG_BLOCK
#define HVD_LOG_BLOCK ((size_t)LOG_BLOCK)
#else
#define HVD_LOG_BLOCK ((size_t)1 << 20)
#endif

/* renameat2(2) of paths: 0, or -1 and errno (ENOSYS: no such call). */
int compat_rename2(const char *from, const char *to, unsigned int flags);
/*
 * The kernel log ring in one syslog(2) call, at most 64 MiB: its length
 * and *@buf (malloc'd), or -errno (-ENOSYS where there is no such call).
 */
int compat_klog_read_all(char **buf);
/* The CPUs online, or -1 when the system does not say. */
long compat_nprocs(void);
/*
 * The hypervisor's CPUID vendor ("Microsoft Hv"), "" when the CPU says
 * there is none: 0; -1 where there is no CPUID.
 */
int compat_cpuid_vendor(char *out, size_t n);
/*
 * Vector fast paths (SSE2 where the compiler has it, else nothing done):
 * each does a first part of its caller's byte loop, returns what it
 * counted and sets *@done to where the caller's loop goes on.
 * compat_memcount_fast: the bytes @c of @s (hv_memcount).
 * compat_clean_run_fast: the newlines of a run without control bytes, a
 * CR before a newline or a CR taken as a space (the log scan's clean_run).
 */
size_t compat_memcount_fast(const char *s, size_t n, char c, size_t *done);
size_t compat_clean_run_fast(const char *s, size_t n, size_t *done);

#endif
