/*
 * NAME
 *	sanitize.c - header-safe values
 * SUMMARY
 *	Cleans UTF-8 text (invalid bytes dropped, controls and runs of white
 *	space folded to one space, trimmed, cut at a character boundary),
 *	then encodes it per RFC 2047 when it is not plain ASCII.
 */

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define EW_PAYLOAD 45 /* bytes per encoded word: 60 base64 chars */

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none;
 * *ctl says whether it is a control character rather than text.
 */
static size_t
utf8_len(const unsigned char *s, size_t n, int *ctl)
{
	unsigned long cp;
	size_t len = ps_utf8_decode(s, s + n, &cp);

	/* C0 and C1 controls, DEL and the line/paragraph separators. */
	*ctl = len > 0
		&& (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028
		    || cp == 0x2029);
	return len;
}

/* Clean text: valid UTF-8, single spaces, trimmed, at most max bytes. */
static char *
clean(const char *in, size_t max_bytes, int *ascii)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t n = strlen(in), i = 0, o = 0, len;
	char *out = ps_xmalloc(max_bytes + 1);
	int space = 0, ctl;

	*ascii = 1;
	while (i < n) {
		len = utf8_len(s + i, n - i, &ctl);
		if (len == 0) { /* invalid byte: drop it */
			i++;
			continue;
		}
		if (ctl || s[i] == ' ') { /* a control acts as a space */
			space = o > 0;
			i += len;
			continue;
		}
		if (o + space + len > max_bytes)
			break;
		if (space)
			out[o++] = ' ', space = 0;
		memcpy(out + o, s + i, len);
		if (len > 1)
			*ascii = 0;
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

static void
base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
				  "stuvwxyz0123456789+/";
	size_t i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned) in[i] << 16 | (unsigned) in[i + 1] << 8
			| in[i + 2];
		*out++ = tab[v >> 18];
		*out++ = tab[(v >> 12) & 63];
		*out++ = tab[(v >> 6) & 63];
		*out++ = tab[v & 63];
	}
	if (i < n) {
		v = (unsigned) in[i] << 16
			| (i + 1 < n ? (unsigned) in[i + 1] << 8 : 0);
		*out++ = tab[v >> 18];
		*out++ = tab[(v >> 12) & 63];
		*out++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

/* RFC 2047: "=?UTF-8?B?...?=" words, split at character boundaries. */
static char *
encode_words(const char *text)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t n = strlen(text), i = 0, take, len, o = 0;
	int ctl;
	char *out = ps_xmalloc((n / EW_PAYLOAD + 1) * 76 + n * 2 + 1);

	while (i < n) {
		take = 0;
		while (i + take < n) {
			len = utf8_len(s + i + take, n - i - take, &ctl);
			if (len == 0)
				len = 1; /* cannot happen after clean() */
			if (take + len > EW_PAYLOAD)
				break;
			take += len;
		}
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, "=?UTF-8?B?", 10);
		o += 10;
		base64(s + i, take, out + o);
		o += strlen(out + o);
		memcpy(out + o, "?=", 2);
		o += 2;
		i += take;
	}
	out[o] = '\0';
	return out;
}

char *
ps_sanitize_text(const char *in, size_t max_bytes)
{
	int ascii;
	char *text = clean(in, max_bytes, &ascii), *enc;

	if (ascii && strstr(text, "=?") == NULL)
		return text;
	enc = encode_words(text);
	free(text);
	return enc;
}

char *
ps_sanitize_token(const char *in, size_t max_bytes)
{
	size_t n = strnlen(in, max_bytes), i;
	char *out = ps_xmalloc(n + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char) in[i];
		out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
			  || (c >= '0' && c <= '9')
			  || strchr("._@+-", c) != NULL)
				&& c != '\0'
			? (char) c
			: '_';
	}
	out[n] = '\0';
	return out;
}
