/*
 * NAME
 *	charset.c - declared charset to UTF-8, with the fallbacks mail needs
 * SUMMARY
 *	UTF-8 is validated and repaired; the Latin-1 family (US-ASCII,
 *	ISO-8859-1, windows-1252 and the "unknown" labels) is taken as
 *	UTF-8 when it is valid UTF-8 and as windows-1252 otherwise; any
 *	other charset goes through iconv (GMime's charset aliases apply).
 *	A charset iconv cannot open, or a malformed name, is treated like
 *	the Latin-1 family.
 * DESCRIPTION
 *	Browsers decode ISO-8859-1 and US-ASCII labels as windows-1252
 *	(WHATWG Encoding), because mailers and editors mislabel
 *	windows-1252 text: curly quotes and the euro sign live in
 *	0x80..0x9F.  We do the same.  Mislabelled UTF-8 is common too; a
 *	Latin-1 text that happens to be valid UTF-8 is not.
 *	Bytes iconv rejects become U+FFFD, one per byte, and conversion
 *	goes on.
 * DIAGNOSTICS
 *	None: every input yields text.
 */

#include <errno.h>
#include <string.h>

#include <gmime/gmime.h>

#include "parser/charset.h"
#include "parser/clean.h"
#include "util/utf8.h"

enum family {
	FAMILY_UTF8,
	FAMILY_LATIN, /* valid UTF-8 as is, else windows-1252 */
	FAMILY_ICONV,
};

static const unsigned short cp1252_c1[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static const char *const utf8_names[] = {
	"utf-8",
	"utf8",
	"unicode-1-1-utf-8",
	NULL,
};

static const char *const latin_names[] = {
	"us-ascii",	"ascii",     "ansi_x3.4-1968",
	"iso-8859-1",	"iso8859-1", "iso_8859-1",
	"iso-ir-100",	"latin1",    "latin-1",
	"l1",		"cp819",     "windows-1252",
	"cp1252",	"x-cp1252",  "unknown",
	"unknown-8bit", "x-unknown", "x-user-defined",
	"default",	NULL,
};

unsigned long
ps_cp1252_c1(unsigned char c)
{
	return (c >= 0x80 && c <= 0x9F) ? cp1252_c1[c - 0x80] : c;
}

static int
in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/*
 * Lowercase the label into buf, without surrounding blanks or quotes.
 * Returns 0 when there is no usable label: empty, too long, or with
 * characters no charset name has (iconv would guess at those).
 */
static int
normalize(const char *charset, char *buf, size_t size)
{
	const char *s = charset, *e;
	size_t n, i;

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '"' || *s == '\'')
		s++;
	e = s + strlen(s);
	while (e > s
	       && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"'
		   || e[-1] == '\''))
		e--;
	n = (size_t) (e - s);
	if (n == 0 || n >= size)
		return 0;
	for (i = 0; i < n; i++) {
		char c = g_ascii_tolower(s[i]);

		if (!g_ascii_isalnum(c) && strchr("-_.:+()", c) == NULL)
			return 0;
		buf[i] = c;
	}
	buf[n] = 0;
	return 1;
}

static enum family
classify(const char *name)
{
	if (name == NULL)
		return FAMILY_LATIN;
	if (in_list(name, utf8_names))
		return FAMILY_UTF8;
	if (in_list(name, latin_names))
		return FAMILY_LATIN;
	return FAMILY_ICONV;
}

static void
decode_cp1252(GString *out, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *) data;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x80)
			g_string_append_c(out, (char) p[i]);
		else
			g_string_append_unichar(out,
						(gunichar) ps_cp1252_c1(p[i]));
	}
}

/* iconv in chunks; a rejected byte becomes U+FFFD and is skipped. */
static void
decode_iconv(GString *out, iconv_t cd, const char *data, size_t len)
{
	char buf[4096];
	char *in = (char *) data;
	size_t inleft = len;

	while (inleft > 0) {
		char *o = buf;
		size_t oleft = sizeof(buf);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		g_string_append_len(out, buf, o - buf);
		if (r != (size_t) -1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut short at the end. */
		g_string_append(out, PS_UTF8_REPLACEMENT);
		in++;
		inleft--;
	}
	{
		char *o = buf;
		size_t oleft = sizeof(buf);

		iconv(cd, NULL, NULL, &o, &oleft); /* flush shift state */
		g_string_append_len(out, buf, o - buf);
	}
}

/*
 * The text in UTF-8 but possibly with NUL, CR or invalid bytes, or NULL
 * when that is the data itself (UTF-8 as declared or as found).
 */
static GString *
decode_raw(const char *data, size_t len, const char *name)
{
	GString *raw;
	iconv_t cd;

	switch (classify(name)) {
	case FAMILY_UTF8: return NULL;
	case FAMILY_ICONV:
		cd = g_mime_iconv_open("UTF-8", name);
		if (cd != (iconv_t) -1) {
			raw = g_string_sized_new(len + len / 2 + 16);
			decode_iconv(raw, cd, data, len);
			g_mime_iconv_close(cd);
			return raw;
		}
		/* FALLTHROUGH */
	case FAMILY_LATIN:
		if (ps_utf8_valid(data, len))
			return NULL;
		raw = g_string_sized_new(len + len / 2 + 16);
		decode_cp1252(raw, data, len);
		return raw;
	}
	return NULL;
}

GString *
ps_charset_decode(const char *data, size_t len, const char *charset)
{
	char name[64];
	GString *raw, *out;

	raw = decode_raw(data, len,
			 normalize(charset, name, sizeof(name)) ? name : NULL);
	if (raw == NULL) { /* clean the data in place of a copy */
		out = g_string_sized_new(len + 16);
		ps_utf8_clean(out, data, len);
		return out;
	}
	out = g_string_sized_new(raw->len + 16);
	ps_utf8_clean(out, raw->str, raw->len);
	g_string_free(raw, TRUE);
	return out;
}
