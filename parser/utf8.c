/*
 * NAME
 *	utf8.c - UTF-8 validation, repair and truncation
 * SUMMARY
 *	Everything the parser hands on is valid UTF-8 without NUL bytes and
 *	with LF line ends; these helpers are where that is made true.
 * DESCRIPTION
 *	The decoder follows RFC 3629's table of well-formed sequences, so
 *	overlong forms and UTF-16 surrogates count as invalid.  An invalid
 *	sequence is replaced by one U+FFFD per offending byte, which keeps
 *	the work linear and never swallows a following valid character.
 *	Runs of plain ASCII are passed over eight bytes at a time.
 * DIAGNOSTICS
 *	None.
 */

#include <stdint.h>
#include <string.h>

#include "parser/utf8.h"

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Eight bytes at p, in whatever order: the tests below look at each. */
static uint64_t load8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Nonzero when w holds a zero byte (exact: no false alarm). */
static uint64_t has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* Nonzero when the 8 bytes at p hold a NUL, a CR or a byte >= 0x80. */
static uint64_t special8(const unsigned char *p)
{
	uint64_t w = load8(p);

	return has_zero(w) | has_zero(w ^ (ONES * '\r')) | (w & HIGHS);
}

/*
 * How many bytes precede the first one flagged in m (nonzero), which
 * has_zero() marks exactly; 0 where the byte order is not known.
 */
static size_t first_flagged(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t) __builtin_ctzll(m) / 8;
#else
	(void) m;
	return 0;
#endif
}

/* Returns the length of the well-formed sequence at p, or 0. */
size_t	psp_utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t	avail = (size_t) (end - p);
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t	n, i;

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		n = 2;
	else if (c < 0xF0) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;		/* overlong */
		else if (c == 0xED)
			hi = 0x9F;		/* surrogates */
	} else if (c < 0xF5) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;		/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;		/* above U+10FFFF */
	} else
		return 0;
	if (avail < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* Valid UTF-8; NUL bytes count as valid (they are dropped later). */
int	psp_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	size_t	n;

	while (p < end) {
		if (end - p >= 8 && (load8(p) & HIGHS) == 0) {
			p += 8;		/* ASCII, NUL included */
			continue;
		}
		if ((n = psp_utf8_seq(p, end)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

void	psp_utf8_clean(GString *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	const unsigned char *run = p;	/* start of bytes to copy as is */
	size_t	n;

	while (p < end) {
		if (end - p >= 8) {	/* mail text is mostly ASCII: by words */
			uint64_t m = special8(p);

			if (m == 0) {
				p += 8;
				continue;
			}
			p += first_flagged(m);
		}
		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0x80 && (n = psp_utf8_seq(p, end)) != 0) {
			p += n;
			continue;
		}
		if (*p != 0 && *p < 0x80 && *p != '\r') {	/* TAB, LF, ... */
			p++;
			continue;
		}
		g_string_append_len(out, (const char *) run, p - run);
		if (*p == '\r') {
			g_string_append_c(out, '\n');
			if (p + 1 < end && p[1] == '\n')
				p++;
		} else if (*p != 0)
			g_string_append(out, PSP_REPLACEMENT);
		run = ++p;
	}
	g_string_append_len(out, (const char *) run, p - run);
}

size_t	psp_utf8_cut(const char *s, size_t len, size_t n)
{
	size_t	k;

	if (len <= n)
		return len;
	/* Back up over continuation bytes to the start of a character. */
	for (k = 0; k < 3 && n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80; k++)
		n--;
	return n;
}

void	psp_utf8_put(GString *out, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		g_string_append(out, PSP_REPLACEMENT);
	else
		g_string_append_unichar(out, (gunichar) cp);
}
