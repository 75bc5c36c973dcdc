#ifndef PS_HTML_H
#define PS_HTML_H

/*
 * NAME
 *	html.h - HTML to plain text, for template extraction
 * SUMMARY
 *	Tags are dropped, entities decoded (named, decimal, hex), script and
 *	style contents removed; block elements and table rows become line
 *	breaks, and adjacent table cells "label: value" so that
 *	<td>Label</td><td>value</td> reads as "Label: value".  An <a
 *	href="mailto:x"> link yields its address.  Output is UTF-8, at most
 *	max_out bytes; work is linear in the input.
 */

#include <stddef.h>

/*
 * Returns a malloc'ed NUL-terminated string (from GLib's g_malloc, which
 * is the system malloc: free() and g_free() both release it); *out_len
 * gets its length.  The input should be UTF-8; invalid bytes become
 * U+FFFD.
 */
char *
ps_html_to_text(const char *html, size_t len, size_t max_out, size_t *out_len);

/*
 * The charset named by a <meta charset> or <meta http-equiv content>
 * tag in the first 4 KiB, copied to buf; returns 1 if one was found.
 */
int ps_html_meta_charset(const char *html, size_t len, char *buf, size_t size);

#endif
