#ifndef PS_SANITIZE_H
#define PS_SANITIZE_H

/*
 * NAME
 *	sanitize.h - make message-derived text safe as a header value
 * SUMMARY
 *	Every value taken from a message is attacker-controlled.  The result
 *	holds no control characters and no CR or LF, is at most max_bytes of
 *	the original text, and is plain printable ASCII: anything else
 *	(non-ASCII, or text that would itself read as an RFC 2047 encoded
 *	word) is sent as UTF-8 "B" encoded words of at most 75 characters.
 */

#include <stddef.h>

/* A malloc'ed safe value; "" when nothing printable is left. */
char *ps_sanitize_text(const char *in, size_t max_bytes);

/* A token for "key=value" lists: [A-Za-z0-9._@+-], others become '_'. */
char *ps_sanitize_token(const char *in, size_t max_bytes);

#endif
