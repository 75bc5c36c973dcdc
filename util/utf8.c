/*
 * NAME
 *	utf8.c - UTF-8 decoding, validation and truncation
 * SUMMARY
 *	The parser (part text, HTML), the header sanitizer and the cache's
 *	feed checks all decode through ps_utf8_decode(), so there is one
 *	definition of "valid UTF-8" in psmilter.
 * DESCRIPTION
 *	ps_utf8_valid() passes over runs of ASCII eight bytes at a time:
 *	mail text is mostly ASCII.
 * DIAGNOSTICS
 *	None.
 */

#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

#define HIGHS 0x8080808080808080ULL

size_t
ps_utf8_decode(const unsigned char *p, const unsigned char *end,
	       unsigned long *cp)
{
	size_t avail = (size_t) (end - p), n, i;
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	unsigned long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		n = 2, v = c & 0x1F;
	} else if (c < 0xF0) {
		n = 3, v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c < 0xF5) {
		n = 4, v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (avail < n || p[1] < lo || p[1] > hi)
		return 0;
	v = v << 6 | (p[1] & 0x3F);
	for (i = 2; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	*cp = v;
	return n;
}

size_t
ps_utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	return ps_utf8_decode(p, end, &cp);
}

int
ps_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	uint64_t w;
	size_t n;

	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, sizeof(w));
			if ((w & HIGHS) == 0) {
				p += 8; /* ASCII, NUL included */
				continue;
			}
		}
		if ((n = ps_utf8_seq(p, end)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

size_t
ps_utf8_cut(const char *s, size_t len, size_t n)
{
	size_t k;

	if (len <= n)
		return len;
	/* s[n] is the first byte left out: back up to a character start. */
	for (k = 0; k < 3 && n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80;
	     k++)
		n--;
	return n;
}
