// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace fallbacks (base/compat.h): each system difference is
 * decided here, by what the C library and the compiler define.
 */
#include "base/compat.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/klog.h>
#endif
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#define HAVE_CPUID 1
#endif
#ifdef __SSE2__
#include <emmintrin.h>

/* The sum of the 16 byte lanes of @acc. */
static size_t lanes_sum(__m128i acc)
{
	__m128i sad = _mm_sad_epu8(acc, _mm_setzero_si128());

	return (size_t)_mm_cvtsi128_si32(sad) + (size_t)_mm_extract_epi16(sad, 4);
}
#endif

int compat_rename2(const char *from, const char *to, unsigned int flags)
{
#ifdef SYS_renameat2
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
	(void)from;
	(void)to;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

int compat_klog_read_all(char **out)
{
#ifdef __linux__
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		return size < 0 ? -errno : -ENOENT;
	if (size > (64 << 20))
		size = 64 << 20;
	buf = xmalloc((size_t)size);
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		int e = -errno;

		free(buf);
		return e;
	}
	*out = buf;
	return n;
#else
	(void)out;
	return -ENOSYS;
#endif
}

long compat_nprocs(void)
{
#ifdef _SC_NPROCESSORS_ONLN
	return sysconf(_SC_NPROCESSORS_ONLN);
#else
	return -1;
#endif
}

int compat_cpuid_vendor(char *out, size_t n)
{
#ifdef HAVE_CPUID
	unsigned int a, b, c, d;
	char sig[13];

	/* Leaf 1 ECX bit 31: a hypervisor is present. */
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return -1;
	if (!(c & (1u << 31))) {
		hv_strlcpy(out, "", n);
		return 0;
	}
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	hv_strlcpy(out, sig, n);
	return 0;
#else
	(void)out;
	(void)n;
	return -1;
#endif
}

size_t compat_memcount_fast(const char *s, size_t n, char c, size_t *done)
{
	size_t count = 0, i = 0;

#ifdef __SSE2__
	/*
	 * Byte lanes count matches (a match is -1, subtracted) for at most
	 * 255 rounds, then a sum of absolute differences folds them.
	 */
	const __m128i want = _mm_set1_epi8(c), zero = _mm_setzero_si128();

	while (n - i >= 16) {
		__m128i acc = zero;
		size_t end = n - i > 16 * 255 ? i + 16 * 255 : n;

		for (; end - i >= 16; i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(
				_mm_loadu_si128((const __m128i *)(s + i)), want));
		count += lanes_sum(acc);
	}
#else
	(void)s;
	(void)n;
	(void)c;
#endif
	*done = i;
	return count;
}

size_t compat_clean_run_fast(const char *s, size_t n, size_t *done)
{
	size_t count = 0, i = 0;

#ifdef __SSE2__
	/*
	 * As compat_memcount_fast, and each byte checked, a newline or a CR
	 * before a CR or a newline taken as a space. The byte after each is
	 * read too, so the last byte is left to the caller's loop, as are the
	 * 16 bytes that hold a control byte.
	 */
	const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
		      sp = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f),
		      us = _mm_set1_epi8(0x1f), zero = _mm_setzero_si128();
	int stop = 0;

	while (!stop && n - i > 16) {
		__m128i acc = zero;
		size_t end = n - i > 16 * 255 ? i + 16 * 255 : n - 1;

		for (; end - i >= 16; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
			__m128i w = _mm_loadu_si128((const __m128i *)(s + i + 1));
			__m128i e = _mm_cmpeq_epi8(v, nl), ends, x;

			ends = _mm_and_si128(_mm_cmpeq_epi8(v, cr),
					     _mm_or_si128(_mm_cmpeq_epi8(w, nl),
							  _mm_cmpeq_epi8(w, cr)));
			x = _mm_or_si128(v, _mm_and_si128(_mm_or_si128(e, ends), sp));
			if (_mm_movemask_epi8(_mm_or_si128(
				    _mm_cmpeq_epi8(_mm_min_epu8(x, us), x),
				    _mm_cmpeq_epi8(v, del)))) {
				stop = 1;
				break;
			}
			acc = _mm_sub_epi8(acc, e);
		}
		count += lanes_sum(acc);
	}
#else
	(void)s;
	(void)n;
#endif
	*done = i;
	return count;
}
