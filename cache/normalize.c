/*
 * NAME
 *	normalize.c - check and normalize feed values
 * SUMMARY
 *	Domain, address, digit-string, account id and license checks.
 * DESCRIPTION
 *	Keys are stored lowercased so a lookup is one exact match.  Only
 *	ASCII is folded: domains must already be in their A-label (xn--)
 *	form, and a UTF-8 local part is kept as written.  The checks are
 *	strict because a value that is not an address or domain can never
 *	match a mail and usually means a column mix-up in the export.
 * DIAGNOSTICS
 *	Functions return 0 / -1 / a reason; callers add FEED:LINE.
 */

#include <stdint.h>
#include <string.h>

#include "cache/normalize.h"
#include "cache/record.h"

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

void
ps_norm_lower(const char *s, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = lower(s[i]);
}

static int
label_ok(const char *label, size_t len)
{
	return (len > 0 && len <= 63 && label[0] != '-'
		&& label[len - 1] != '-');
}

/*
 * A domain byte lowercased, or 0 if no domain holds it: letters, digits,
 * '-' and '.'.  One load and one test per byte instead of a lowercase
 * step and three range checks; a million-row feed has ten million
 * domain bytes.
 */
static const unsigned char domain_byte[256] = {
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   45,  46,	 0,   48,  49,	50,  51,  52,  53,  54,	 55,
	56,  57,  0,   0,   0,	 0,   0,   0,	0,   97,  98,  99,  100, 101,
	102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115,
	116, 117, 118, 119, 120, 121, 122, 0,	0,   0,	  0,   0,   0,	 97,
	98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,   0,	 0,   0,   0,	0,   0,	  0,   0,   0,	 0,
	0,   0,	  0,   0,
};

/* One pass: lowercase, check characters and labels, note the TLD. */
size_t
ps_norm_domain(const char *s, size_t len, char *out)
{
	const unsigned char *u;
	size_t i, start = 0, labels = 1;
	unsigned char c;

	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > PS_DOMAIN_MAX)
		return 0;
	u = (const unsigned char *) s;
	for (i = 0; i < len; i++) {
		if ((c = domain_byte[u[i]]) == 0)
			return 0;
		out[i] = (char) c;
		if (c == '.') {
			if (!label_ok(out + start, i - start))
				return 0;
			start = i + 1;
			labels++;
		}
	}
	if (!label_ok(out + start, len - start) || labels < 2)
		return 0;
	/* "localhost" is no customer domain and 10.1.2.3 is an address. */
	for (i = start; i < len; i++)
		if (out[i] < '0' || out[i] > '9')
			return len;
	return 0;
}

/* RFC 5322 atext plus '.', and UTF-8 bytes (RFC 6531). */
static int
local_char_ok(unsigned char c)
{
	if (c >= 0x80)
		return 1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	    || (c >= '0' && c <= '9'))
		return 1;
	return c != 0 && strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static int
local_part_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (!local_char_ok((unsigned char) s[i]))
			return 0;
		if (s[i] == '.' && i + 1 < len && s[i + 1] == '.')
			return 0;
	}
	return 1;
}

size_t
ps_norm_email(const char *s, size_t len, char *out)
{
	const char *at;
	size_t local_len, dom_len;

	if (len == 0 || len > PS_EMAIL_MAX
	    || (at = memchr(s, '@', len)) == NULL)
		return 0;
	local_len = (size_t) (at - s);
	if (!local_part_ok(s, local_len))
		return 0;
	ps_norm_lower(s, local_len, out);
	out[local_len] = '@';
	dom_len = ps_norm_domain(at + 1, len - local_len - 1,
				 out + local_len + 1);
	/* A second '@' fails the domain check. */
	if (dom_len == 0 || at[1] == '@')
		return 0;
	return local_len + 1 + dom_len;
}

/*
 * Eight bytes at a time: each byte must be 0x30-0x3f, and adding 6 must
 * not carry out of its low nibble (0x3a-0x3f would).  ZUIDs are 11 or
 * more digits, several per row.
 */
int
ps_norm_is_digits(const char *s, size_t len)
{
	const uint64_t hi = 0xf0f0f0f0f0f0f0f0ULL, d = 0x3030303030303030ULL;
	uint64_t w;
	size_t i = 0;

	if (len == 0 || len > PS_ID_DIGITS_MAX)
		return 0;
	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		if ((w & hi) != d || ((w + 0x0606060606060606ULL) & hi) != d)
			return 0;
	}
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Length of the UTF-8 sequence at s (at most left bytes), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)
	    || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

const char *
ps_norm_account_id(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i, n;

	if (len == 0)
		return "empty account_id";
	if (len > PS_ACCOUNT_ID_MAX)
		return "account_id too long (more than 128 bytes)";
	/* Ids are nearly always printable ASCII: one test per byte. */
	for (i = 0; i < len && p[i] - 0x20u < 0x5fu; i++)
		;
	for (n = 0; i < len; i += n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return "control character in account_id";
		if ((n = utf8_len(p + i, len - i)) == 0)
			return "account_id is not valid UTF-8";
	}
	return NULL;
}

int
ps_norm_licenses(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (PS_LICENSES_MAX - (unsigned long) (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long) (s[i] - '0');
	}
	*out = v;
	return 0;
}
