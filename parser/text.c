/*
 * NAME
 *	text.c - a message's best text, subject and addresses, via GMime
 * SUMMARY
 *	ps_text_extract() parses at most max_parse_bytes of the message
 *	(guard.c and mime.c), takes the subject and the sender and
 *	recipient addresses from its headers (addrs.c), and has walk.c
 *	choose the text parts, which split.c files as unquoted or quoted
 *	lines.  The headers also tell automated mail: a delivery report
 *	(multipart/report), Auto-Submitted other than "no", Precedence
 *	bulk, junk, list or auto_reply, X-Autoreply, and the marks of a
 *	bounce (Return-Path <> or MAILER-DAEMON, From MAILER-DAEMON).
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

/* The parse, kept open for the alternatives the walk left for later. */
struct ps_text_pending {
	struct ps_mime m;
	struct ps_walk w;
	struct ps_split alt;
};

static void
take_alternatives(struct ps_text *out, struct ps_text_pending *p)
{
	ps_split_take(&p->alt, 0, &out->alt_unquoted, &out->alt_unquoted_len);
	ps_split_take(&p->alt, 1, &out->alt_quoted, &out->alt_quoted_len);
}

/* The body's text; the parse m is closed or handed to out->pending. */
static void
body_text(struct ps_mime *m, const struct ps_limits *lim, unsigned depth,
	  struct ps_text *out)
{
	struct ps_text_pending *p = g_new0(struct ps_text_pending, 1);
	struct ps_split split;

	ps_split_init(&split, lim->max_text_bytes);
	ps_split_init(&p->alt, lim->max_text_bytes);
	p->w.max_depth = depth;
	p->w.max_parts = lim->max_mime_parts;
	p->w.max_html = lim->max_text_bytes * 4;
	p->w.split = &split;
	p->w.alt = &p->alt;
	ps_walk_message(&p->w, m->msg, 1);
	ps_split_take(&split, 0, &out->unquoted, &out->unquoted_len);
	ps_split_take(&split, 1, &out->quoted, &out->quoted_len);
	out->spans = ps_split_spans(&split, &out->nspans);
	if (p->w.npending > 0) {
		p->m = *m;
		memset(m, 0, sizeof(*m));
		out->pending = p;
		return;
	}
	take_alternatives(out, p);
	g_free(p);
	ps_mime_close(m);
}

void
ps_text_alternatives(struct ps_text *text)
{
	struct ps_text_pending *p = text->pending;

	if (p == NULL)
		return;
	p->w.split = &p->alt;
	ps_walk_pending(&p->w);
	take_alternatives(text, p);
	ps_mime_close(&p->m);
	g_free(p);
	text->pending = NULL;
}

static void
pending_free(struct ps_text_pending *p)
{
	char *s;
	size_t n;

	if (p == NULL)
		return;
	ps_walk_pending_drop(&p->w);
	ps_split_take(&p->alt, 0, &s, &n);
	g_free(s);
	ps_split_take(&p->alt, 1, &s, &n);
	g_free(s);
	ps_mime_close(&p->m);
	g_free(p);
}

/* "Name: value" of a header, on one line and short, for the explanation. */
static char *
header_reason(const char *name, const char *value)
{
	GString *s = g_string_new(name);
	size_t i;

	g_string_append(s, ": ");
	ps_utf8_clean(s, value, strlen(value));
	for (i = 0; i < s->len; i++)
		if ((unsigned char) s->str[i] < 0x20)
			s->str[i] = ' ';
	g_string_truncate(s, ps_utf8_cut(s->str, s->len, 80));
	return g_string_free(s, FALSE);
}

/* The first word of a header value, lowercased, in buf. */
static const char *
first_word(const char *v, char *buf, size_t size)
{
	size_t n = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	while (*v != '\0' && *v != ' ' && *v != '\t' && *v != ';' && *v != '('
	       && n + 1 < size)
		buf[n++] = g_ascii_tolower(*v++);
	buf[n] = '\0';
	return buf;
}

/* Does an address header name MAILER-DAEMON (any case) as its user? */
static int
mailer_daemon(const char *v)
{
	static const char name[] = "mailer-daemon";
	size_t i, n = sizeof(name) - 1;

	for (i = 0; v[i] != '\0'; i++)
		if (g_ascii_strncasecmp(v + i, name, n) == 0
		    && (i == 0 || strchr("<\" \t:", v[i - 1]) != NULL)
		    && (v[i + n] == '@' || v[i + n] == '>' || v[i + n] == '\0'))
			return 1;
	return 0;
}

/* Why the message is automated mail, or NULL (README, psmilter(8)). */
static char *
automated(GMimeMessage *msg)
{
	static const char *const precedence[] = {"bulk", "junk", "list",
						 "auto_reply", NULL};
	GMimeObject *obj = GMIME_OBJECT(msg), *body;
	GMimeContentType *ct;
	const char *v;
	char word[32];
	size_t i;

	body = g_mime_message_get_mime_part(msg);
	ct = body != NULL ? g_mime_object_get_content_type(body) : NULL;
	if (ct != NULL
	    && g_mime_content_type_is_type(ct, "multipart", "report"))
		return g_strdup("Content-Type: multipart/report");
	if ((v = g_mime_object_get_header(obj, "Auto-Submitted")) != NULL
	    && strcmp(first_word(v, word, sizeof(word)), "no") != 0)
		return header_reason("Auto-Submitted", v);
	if ((v = g_mime_object_get_header(obj, "Precedence")) != NULL) {
		first_word(v, word, sizeof(word));
		for (i = 0; precedence[i] != NULL; i++)
			if (strcmp(word, precedence[i]) == 0)
				return header_reason("Precedence", v);
	}
	if ((v = g_mime_object_get_header(obj, "X-Autoreply")) != NULL)
		return header_reason("X-Autoreply", v);
	/* A delivery report sent as multipart/mixed: its null sender. */
	if ((v = g_mime_object_get_header(obj, "Return-Path")) != NULL
	    && (strstr(v, "<>") != NULL || mailer_daemon(v)))
		return header_reason("Return-Path", v);
	if ((v = g_mime_object_get_header(obj, "From")) != NULL
	    && mailer_daemon(v))
		return header_reason("From", v);
	return NULL;
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
	out->automated = automated(m.msg);
	addresses(m.msg, out);
	body_text(&m, &lim, depth, out);
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
	g_free(text->spans);
	g_free(text->alt_unquoted);
	g_free(text->alt_quoted);
	g_free(text->automated);
	pending_free(text->pending);
	ps_addrs_free(&text->senders);
	ps_addrs_free(&text->recipients);
	memset(text, 0, sizeof(*text));
}
