/*
 * NAME
 *	text.c - a message's best text, subject and addresses, via GMime
 * SUMMARY
 *	ps_text_extract() parses at most max_parse_bytes of the message
 *	(guard.c and mime.c), takes the subject and the sender and
 *	recipient addresses from its headers (addrs.c), and has walk.c
 *	choose the text parts, which split.c files as unquoted or quoted
 *	lines.
 * DESCRIPTION
 *	Every call has its own GMime parser, options and message, so calls
 *	in different threads share nothing but GMime's global tables, which
 *	g_mime_init() set up and GMime locks.  The output strings come from
 *	g_malloc, which is the system malloc.
 * DIAGNOSTICS
 *	-1 with "empty message" or "no message: no header block" in err;
 *	every other input yields 0 and whatever text was found.
 */

#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>

#include "parser/addrs.h"
#include "parser/clean.h"
#include "parser/mime.h"
#include "parser/split.h"
#include "parser/text.h"
#include "parser/walk.h"
#include "util/log.h"
#include "util/utf8.h"

#define ADDRS_MAX      1000 /* addresses kept per list */
#define DEPTH_HARD_MAX 64   /* walk recursion, whatever the config */

/*
 * GLib's allocators abort through g_error() when memory runs out; its
 * default handler writes to stderr, which is /dev/null in the daemon.
 * Route GLib's and GMime's messages to psmilter's log instead.
 */
static void
glib_to_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
	    gpointer data)
{
	int prio = LOG_DEBUG;

	(void) data;
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		prio = LOG_CRIT;
	else if (level & G_LOG_LEVEL_WARNING)
		prio = LOG_WARNING;
	ps_log(prio, "%s: %s", domain != NULL ? domain : "GLib", message);
}

void
ps_text_init(void)
{
	g_log_set_default_handler(glib_to_log, NULL);
	g_mime_init();
}

void
ps_text_shutdown(void)
{
	g_mime_shutdown();
}

void
ps_limits_default(struct ps_limits *limits)
{
	limits->max_parse_bytes = 2 * 1024 * 1024;
	limits->max_mime_depth = 16;
	limits->max_mime_parts = 256;
	limits->max_text_bytes = 256 * 1024;
}

/* The decoded Subject on one line: controls and line breaks as spaces. */
static char *
subject(GMimeMessage *msg, size_t max)
{
	const char *raw = g_mime_message_get_subject(msg);
	GString *s;
	size_t i, start = 0;

	if (raw == NULL)
		return NULL;
	s = g_string_new(NULL);
	ps_utf8_clean(s, raw, strlen(raw));
	for (i = 0; i < s->len; i++)
		if ((unsigned char) s->str[i] < 0x20)
			s->str[i] = ' ';
	while (start < s->len && s->str[start] == ' ')
		start++;
	g_string_erase(s, 0, (gssize) start);
	while (s->len > 0 && s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
	g_string_truncate(s, ps_utf8_cut(s->str, s->len, max));
	return g_string_free(s, FALSE);
}

static void
addresses(GMimeMessage *msg, struct ps_text *out)
{
	struct ps_addr_set set;

	ps_addrs_init(&set, ADDRS_MAX);
	ps_addrs_add(&set, g_mime_message_get_from(msg));
	ps_addrs_add(&set, g_mime_message_get_sender(msg));
	ps_addrs_add(&set, g_mime_message_get_reply_to(msg));
	ps_addrs_finish(&set, &out->senders);
	ps_addrs_init(&set, ADDRS_MAX);
	ps_addrs_add(&set, g_mime_message_get_to(msg));
	ps_addrs_add(&set, g_mime_message_get_cc(msg));
	ps_addrs_finish(&set, &out->recipients);
}

static void
body_text(GMimeMessage *msg, const struct ps_limits *lim, unsigned depth,
	  struct ps_text *out)
{
	struct ps_split split;
	struct ps_walk w;

	ps_split_init(&split, lim->max_text_bytes);
	memset(&w, 0, sizeof(w));
	w.max_depth = depth;
	w.max_parts = lim->max_mime_parts;
	w.max_html = lim->max_text_bytes * 4;
	w.split = &split;
	ps_walk_message(&w, msg, 1);
	ps_split_take(&split, 0, &out->unquoted, &out->unquoted_len);
	ps_split_take(&split, 1, &out->quoted, &out->quoted_len);
}

int
ps_text_extract(const char *msg, size_t len, const struct ps_limits *limits,
		struct ps_text *out, struct ps_error *err)
{
	struct ps_limits lim;
	struct ps_mime m;
	unsigned depth;
	size_t n;

	if (limits != NULL)
		lim = *limits;
	else
		ps_limits_default(&lim);
	memset(out, 0, sizeof(*out));
	n = len < lim.max_parse_bytes ? len : lim.max_parse_bytes;
	out->truncated = len > n;
	if (msg == NULL || n == 0) {
		ps_error_set(err, "empty message");
		return -1;
	}
	depth = lim.max_mime_depth < DEPTH_HARD_MAX ? lim.max_mime_depth
						    : DEPTH_HARD_MAX;
	ps_mime_open(&m, msg, n, depth, lim.max_mime_parts);
	if (m.msg == NULL) {
		ps_mime_close(&m);
		ps_error_set(err, "no message: no header block");
		return -1;
	}
	out->subject = subject(m.msg, lim.max_text_bytes);
	addresses(m.msg, out);
	body_text(m.msg, &lim, depth, out);
	ps_mime_close(&m);
	return 0;
}

void
ps_text_free(struct ps_text *text)
{
	if (text == NULL)
		return;
	g_free(text->subject);
	g_free(text->unquoted);
	g_free(text->quoted);
	ps_addrs_free(&text->senders);
	ps_addrs_free(&text->recipients);
	memset(text, 0, sizeof(*text));
}
