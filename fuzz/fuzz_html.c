/*
 * NAME
 *	fuzz_html.c - libFuzzer target: HTML to text
 * SUMMARY
 *	Any byte string through ps_html_to_text(), with a small and a large
 *	output bound, and through ps_html_meta_charset().  The output must
 *	be NUL-terminated at its reported length and within the bound.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
convert(const char *html, size_t size, size_t max_out)
{
	size_t len = (size_t) -1;
	char *text = ps_html_to_text(html, size, max_out, &len);

	if (text == NULL || len > max_out || text[len] != '\0')
		abort();
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char charset[64];

	convert((const char *) data, size, 64);
	convert((const char *) data, size, 1 << 20);
	if (ps_html_meta_charset((const char *) data, size, charset,
				 sizeof(charset))
	    && memchr(charset, '\0', sizeof(charset)) == NULL)
		abort();
	return 0;
}
