#ifndef PS_TEXT_H
#define PS_TEXT_H

/*
 * NAME
 *	text.h - a message's best text, as UTF-8 lines, via GMime
 * SUMMARY
 *	ps_text_extract() parses a raw RFC 5322 message (at most
 *	limits->max_parse_bytes of it), walks its MIME tree (depth and part
 *	count capped) and collects the text a support template can be in:
 *	non-attachment text/plain parts, text/html parts turned to text where
 *	no plain alternative exists, and the same inside attached
 *	message/rfc822 parts, in document order.  Every charset GMime can
 *	convert is converted to UTF-8; invalid bytes become U+FFFD, and
 *	characters that do not show are dropped.  format=flowed text is
 *	unwrapped.  Lines are split into unquoted text and quoted (">")
 *	text, the quote markers removed.  Where a multipart/alternative's
 *	plain text was read, its other alternative (HTML, converted) is
 *	kept apart, for the fields the plain text lacks.  Automated mail
 *	(delivery reports, auto-replies) is recognised by its headers.
 *	The program calls ps_text_init() once, before any thread parses,
 *	and ps_text_shutdown() at exit.
 *	Knows nothing of milters, rules or caches.
 * DIAGNOSTICS
 *	Returns 0 on success; -1 with a reason in err when the message cannot
 *	be parsed at all.  A truncated or malformed message is not an error:
 *	whatever text could be found is returned.
 */

#include <stddef.h>

#include "util/error.h"

struct ps_limits {
	size_t max_parse_bytes;	 /* bytes of the message parsed */
	unsigned max_mime_depth; /* nesting of multiparts/messages */
	unsigned max_mime_parts; /* parts visited */
	size_t max_text_bytes;	 /* UTF-8 text kept, per kind */
};

/* A list of lowercase bare addresses. */
struct ps_addrs {
	char **v;
	size_t n;
};

/* Where one part's lines begin in the unquoted and quoted texts. */
struct ps_text_span {
	size_t unquoted_off;
	size_t quoted_off;
	int html; /* converted from text/html */
};

struct ps_text {
	char *subject;	/* decoded Subject, UTF-8, or NULL */
	char *unquoted; /* unquoted lines, '\n'-separated, UTF-8 */
	size_t unquoted_len;
	char *quoted; /* quoted lines without their '>' markers */
	size_t quoted_len;
	struct ps_text_span *spans; /* the parts of the two texts, in order */
	size_t nspans;
	char *alt_unquoted;	 /* the HTML alternatives not read above, */
	size_t alt_unquoted_len; /* once ps_text_alternatives() ran */
	char *alt_quoted;
	size_t alt_quoted_len;
	struct ps_text_pending *pending; /* what that call needs, or NULL */
	struct ps_addrs senders;	 /* From, Sender, Reply-To addresses */
	struct ps_addrs recipients;	 /* To and Cc addresses */
	char *automated; /* why it is automated mail ("Auto-Submitted:
			    auto-replied"), or NULL */
	int truncated;	 /* the message was longer than max_parse_bytes */
};

/* g_mime_init(), and GLib's messages routed to util/log.c. */
void ps_text_init(void);
void ps_text_shutdown(void);

void ps_limits_default(struct ps_limits *limits);
/*
 * msg must stay valid and unchanged until ps_text_free(): the HTML
 * alternatives are read from it only when ps_text_alternatives() asks.
 */
int ps_text_extract(const char *msg, size_t len, const struct ps_limits *limits,
		    struct ps_text *out, struct ps_error *err);
/*
 * Fill alt_unquoted and alt_quoted: the HTML alternatives of the
 * multipart/alternative parts whose plain text was read, converted.
 * Once; later calls do nothing.
 */
void ps_text_alternatives(struct ps_text *text);
void ps_text_free(struct ps_text *text);
void ps_addrs_free(struct ps_addrs *addrs);

#endif
