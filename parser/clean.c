/*
 * NAME
 *	clean.c - part text made valid UTF-8 with LF line ends
 * SUMMARY
 *	Everything the parser hands on is valid UTF-8 without NUL bytes and
 *	with LF line ends; these helpers are where that is made true.
 * DESCRIPTION
 *	Sequences are judged by util/utf8.c.  An invalid sequence is
 *	replaced by one U+FFFD per offending byte, which keeps the work
 *	linear and never swallows a following valid character.  Runs of
 *	plain ASCII are passed over eight bytes at a time.
 *	Characters that do not show are made plain here, where every text
 *	passes: zero-width space, non-joiner and joiner, word joiner, byte
 *	order mark, soft hyphen and the direction marks are dropped; the
 *	no-break and narrow no-break spaces become spaces.  Word and Outlook
 *	put them around labels and separators, and inside addresses, where
 *	they would hide a label or spoil an address.
 * DIAGNOSTICS
 *	None.
 */

#include <stdint.h>
#include <string.h>

#include "parser/clean.h"
#include "util/utf8.h"

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Eight bytes at p, in whatever order: the tests below look at each. */
static uint64_t
load8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Nonzero when w holds a zero byte (exact: no false alarm). */
static uint64_t
has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* Nonzero when the 8 bytes at p hold a NUL, a CR or a byte >= 0x80. */
static uint64_t
special8(const unsigned char *p)
{
	uint64_t w = load8(p);

	return has_zero(w) | has_zero(w ^ (ONES * '\r')) | (w & HIGHS);
}

/*
 * How many bytes precede the first one flagged in m (nonzero), which
 * has_zero() marks exactly; 0 where the byte order is not known.
 */
static size_t
first_flagged(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t) __builtin_ctzll(m) / 8;
#else
	(void) m;
	return 0;
#endif
}

/*
 * What a well-formed sequence of n bytes at p becomes: 0 itself, 1
 * nothing (an invisible character), 2 a space.
 */
static int
invisible(const unsigned char *p, size_t n)
{
	if (n == 2 && p[0] == 0xC2)
		return p[1] == 0xA0 ? 2 : p[1] == 0xAD;
	if (n != 3)
		return 0;
	if (p[0] == 0xE2 && p[1] == 0x80) {
		if (p[2] >= 0x8B && p[2] <= 0x8F) /* ZWSP ZWNJ ZWJ LRM RLM */
			return 1;
		return p[2] == 0xAF ? 2 : 0; /* narrow no-break space */
	}
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0) /* word joiner */
		return 1;
	return p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF; /* BOM */
}

void
ps_utf8_clean(GString *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	const unsigned char *run = p; /* start of bytes to copy as is */
	size_t n;

	while (p < end) {
		if (end - p >= 8) { /* mail text is mostly ASCII: by words */
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
		if (*p >= 0x80 && (n = ps_utf8_seq(p, end)) != 0) {
			int k = invisible(p, n);

			if (k == 0) {
				p += n;
				continue;
			}
			g_string_append_len(out, (const char *) run, p - run);
			if (k == 2)
				g_string_append_c(out, ' ');
			run = p += n;
			continue;
		}
		if (*p != 0 && *p < 0x80 && *p != '\r') { /* TAB, LF, ... */
			p++;
			continue;
		}
		g_string_append_len(out, (const char *) run, p - run);
		if (*p == '\r') {
			g_string_append_c(out, '\n');
			if (p + 1 < end && p[1] == '\n')
				p++;
		} else if (*p != 0)
			g_string_append(out, PS_UTF8_REPLACEMENT);
		run = ++p;
	}
	g_string_append_len(out, (const char *) run, p - run);
}

void
ps_utf8_put(GString *out, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		g_string_append(out, PS_UTF8_REPLACEMENT);
	else
		g_string_append_unichar(out, (gunichar) cp);
}
