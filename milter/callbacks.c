/*
 * NAME
 *	callbacks.c - libmilter callbacks: buffer a support message, run the
 *	pipeline at end of message, replace forged headers with ours
 * SUMMARY
 *	Two contexts, as OpenDKIM: struct connctx per connection, struct
 *	msgctx per message, the latter released by msg_end() from eom, abort
 *	and close.  A message pins the current generation at MAIL FROM and
 *	keeps it to the end, so a reload never changes a message midway.
 * DESCRIPTION
 *	Negotiation asks the MTA to skip connect, HELO, end-of-headers and
 *	unknown commands, and to expect no reply to MAIL, RCPT, each header
 *	or body chunk: one round trip at DATA (where a message for nobody of
 *	ours is accepted untouched, before its headers are sent) and one at
 *	end of message.  Headers and body are kept up to MaxParseBytes; the
 *	rest is counted, not stored.
 *
 *	At end of message the incoming copies of psmilter's headers are
 *	deleted and its own are inserted past the last header, one by one,
 *	so they end the header block in the order of psmilter(8) under
 *	Postfix and Sendmail alike.  smfi_addheader() would not do that
 *	under Sendmail: it puts a new header before the first one of the
 *	same name, and a header deleted with smfi_chgheader() stays in its
 *	list, empty, so ours would land where the forged copies were.
 * DIAGNOSTICS
 *	Internal failures never reject: OnError accept (the default) lets
 *	the message through, OnError tempfail defers it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/headers.h"
#include "core/pipeline.h"
#include "milter/callbacks.h"
#include "milter/current.h"
#include "milter/mta.h"
#include "milter/stats.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_SUPPORT_RCPTS 16 /* only the first one's datacenter counts */

/*
 * An smfi_insheader() index past the last header of any message: both
 * MTAs append there.  Not INT_MAX, as Postfix adds one to the index.
 */
#define AFTER_LAST_HEADER (1 << 30)

struct msgctx {
	struct ps_generation *gen;	/* pinned at MAIL FROM */
	char *sender;			/* bare envelope sender, "" for <> */
	char *rcpts[MAX_SUPPORT_RCPTS]; /* support recipients */
	size_t nrcpts;
	char *buf; /* header block and body */
	size_t len;
	size_t cap;
	size_t limit; /* MaxParseBytes + 1: shows truncation */
	int in_body;  /* header/body separator written */
	unsigned forged[PS_HEADERS_MAX]; /* incoming copies of ours */
	struct timespec start;
};

struct connctx {
	struct msgctx *msg;
};

static double
elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double) (now.tv_sec - since->tv_sec)
		+ (double) (now.tv_nsec - since->tv_nsec) / 1e9;
}

static struct connctx *
conn_get(SMFICTX *ctx)
{
	struct connctx *cc = ps_mta->getpriv(ctx);

	if (cc == NULL) {
		/* With SMFIP_NOCONNECT there is no connect callback. */
		cc = ps_xcalloc(1, sizeof(*cc));
		ps_mta->setpriv(ctx, cc);
	}
	return cc;
}

static void
msg_end(struct connctx *cc)
{
	struct msgctx *m;
	size_t i;

	if (cc == NULL || (m = cc->msg) == NULL)
		return;
	cc->msg = NULL;
	ps_generation_unref(m->gen);
	free(m->sender);
	for (i = 0; i < m->nrcpts; i++)
		free(m->rcpts[i]);
	free(m->buf);
	free(m);
	ps_stats_end();
}

static void
append(struct msgctx *m, const char *data, size_t n)
{
	if (m->len >= m->limit)
		return;
	if (n > m->limit - m->len)
		n = m->limit - m->len;
	if (m->len + n > m->cap) {
		m->cap = m->cap ? m->cap : 16384;
		while (m->cap < m->len + n)
			m->cap *= 2;
		if (m->cap > m->limit)
			m->cap = m->limit;
		m->buf = ps_xrealloc(m->buf, m->cap);
	}
	memcpy(m->buf + m->len, data, n);
	m->len += n;
}

/* "<User@Example.ORG>" -> "user@example.org"; "<>" -> "". */
static char *
bare_address(const char *arg)
{
	size_t len;
	char *s, *p;

	while (*arg == ' ' || *arg == '<')
		arg++;
	len = strcspn(arg, ">");
	s = ps_xstrndup(arg, len);
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	return s;
}

static const char *
qid(SMFICTX *ctx)
{
	const char *id = ps_mta->getsymval(ctx, "i");

	return id != NULL ? id : "NOQUEUE";
}

static sfsistat
on_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
	     unsigned long f3, unsigned long *pf0, unsigned long *pf1,
	     unsigned long *pf2, unsigned long *pf3)
{
	/* Steps psmilter has no use for: the MTA need not send them. */
	const unsigned long skip = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOEOH
		| SMFIP_NOUNKNOWN;
	/* Steps whose reply would only say "continue". */
	const unsigned long noreply = SMFIP_NR_MAIL | SMFIP_NR_RCPT
		| SMFIP_NR_HDR | SMFIP_NR_BODY;

	(void) ctx, (void) f2, (void) f3;
	if ((f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS))
	    != (SMFIF_ADDHDRS | SMFIF_CHGHDRS)) {
		ps_log(LOG_ERR,
		       "the MTA cannot add or change headers; "
		       "psmilter will not filter on this connection");
		return SMFIS_REJECT; /* rejects the filter, not mail */
	}
	*pf0 = SMFIF_ADDHDRS | SMFIF_CHGHDRS;
	/* libmilter fakes the "no reply" flags an old MTA lacks. */
	*pf1 = (f1 & skip) | noreply;
	*pf2 = *pf3 = 0;
	return SMFIS_CONTINUE;
}

static sfsistat
on_envfrom(SMFICTX *ctx, char **argv)
{
	struct connctx *cc = conn_get(ctx);
	struct msgctx *m;

	msg_end(cc); /* a previous message left unfinished */
	m = ps_xcalloc(1, sizeof(*m));
	ps_stats_begin();
	cc->msg = m;
	m->gen = ps_current_pin();
	m->sender = bare_address(argv[0] != NULL ? argv[0] : "");
	m->limit = m->gen->cfg.max_parse_bytes + 1;
	clock_gettime(CLOCK_MONOTONIC, &m->start);
	return SMFIS_NOREPLY;
}

static sfsistat
on_envrcpt(SMFICTX *ctx, char **argv)
{
	struct connctx *cc = conn_get(ctx);
	struct msgctx *m = cc->msg;

	if (m == NULL || argv[0] == NULL || m->nrcpts == MAX_SUPPORT_RCPTS)
		return SMFIS_NOREPLY;
	if (ps_generation_support(m->gen, argv[0]) != NULL)
		m->rcpts[m->nrcpts++] = bare_address(argv[0]);
	return SMFIS_NOREPLY;
}

static sfsistat
on_data(SMFICTX *ctx)
{
	struct connctx *cc = conn_get(ctx);

	if (cc->msg != NULL && cc->msg->nrcpts > 0)
		return SMFIS_CONTINUE;
	/* For nobody of ours: the MTA sends no headers or body at all. */
	ps_stats_count(PS_C_SKIPPED);
	msg_end(cc);
	return SMFIS_ACCEPT;
}

static sfsistat
on_header(SMFICTX *ctx, char *name, char *value)
{
	struct msgctx *m = conn_get(ctx)->msg;
	size_t i;

	if (m == NULL)
		return SMFIS_NOREPLY;
	for (i = 0; i < PS_HEADERS_MAX; i++)
		if (strcasecmp(name, ps_contract_headers[i]) == 0)
			m->forged[i]++;
	append(m, name, strlen(name));
	append(m, ": ", 2);
	append(m, value, strlen(value));
	append(m, "\r\n", 2);
	return SMFIS_NOREPLY;
}

static sfsistat
on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct msgctx *m = conn_get(ctx)->msg;

	if (m == NULL)
		return SMFIS_NOREPLY;
	if (!m->in_body) {
		append(m, "\r\n", 2);
		m->in_body = 1;
	}
	append(m, (const char *) chunk, len);
	return SMFIS_NOREPLY;
}

/*
 * Delete every incoming copy of every contract header.  Indexes count the
 * headers of one name; Postfix moves the later ones down after a deletion,
 * Sendmail keeps counting the deleted one, so go from the highest down.
 */
static int
delete_forged(SMFICTX *ctx, const struct msgctx *m)
{
	size_t i;
	unsigned idx;

	for (i = 0; i < PS_HEADERS_MAX; i++)
		for (idx = m->forged[i]; idx > 0; idx--)
			if (ps_mta->chgheader(ctx,
					      (char *) ps_contract_headers[i],
					      (int) idx, NULL)
			    != MI_SUCCESS)
				return -1;
	return 0;
}

static int
add_headers(SMFICTX *ctx, const struct ps_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (ps_mta->insheader(ctx, AFTER_LAST_HEADER,
				      (char *) h->v[i].name, h->v[i].value)
		    != MI_SUCCESS)
			return -1;
	return 0;
}

static void
log_verdict(const char *id, const struct ps_outcome *o, unsigned forged,
	    double secs)
{
	const struct ps_verdict *v = &o->verdict;

	if (v->found)
		ps_log_msg(LOG_INFO, id,
			   "priority=%s%s%s account=%s "
			   "licenses=%lu region=%s matched=%s severity=%s "
			   "datacenter=%s removed=%u time=%.1fms",
			   ps_priority_name(v->priority),
			   v->reason ? " reason=" : "",
			   v->reason ? v->reason : "", v->account.account_id,
			   v->account.licenses,
			   v->tier ? v->tier : v->account.region,
			   ps_match_name(v->matched),
			   ps_severity_name(v->severity), v->datacenter, forged,
			   secs * 1e3);
	else
		ps_log_msg(LOG_INFO, id,
			   "priority=%s reason=%s severity=%s "
			   "datacenter=%s removed=%u time=%.1fms%s",
			   ps_priority_name(v->priority), v->reason,
			   ps_severity_name(v->severity), v->datacenter, forged,
			   secs * 1e3, o->truncated ? " truncated" : "");
}

static sfsistat
on_eom(SMFICTX *ctx)
{
	struct connctx *cc = conn_get(ctx);
	struct msgctx *m = cc->msg;
	struct ps_envelope env;
	struct ps_headers h;
	struct ps_outcome o;
	const char *id = qid(ctx);
	unsigned forged = 0;
	size_t i;
	int bad;
	sfsistat rc = SMFIS_CONTINUE;

	if (m == NULL || m->nrcpts == 0) {
		msg_end(cc);
		return SMFIS_CONTINUE;
	}
	if (!m->in_body)
		append(m, "\r\n", 2);
	env.qid = id;
	env.sender = m->sender;
	env.rcpts = (const char *const *) m->rcpts;
	env.nrcpts = m->nrcpts;
	ps_pipeline_run(m->gen, m->buf != NULL ? m->buf : "", m->len, &env, &h,
			&o);
	for (i = 0; i < PS_HEADERS_MAX; i++)
		forged += m->forged[i];
	bad = delete_forged(ctx, m) < 0 || add_headers(ctx, &h) < 0;
	if (bad) {
		ps_stats_count(PS_C_ERRORS);
		ps_log_msg(LOG_ERR, id,
			   "the MTA refused a header change; "
			   "message %s",
			   m->gen->cfg.on_error_tempfail
				   ? "tempfailed (OnError tempfail)"
				   : "passed (OnError accept)");
		rc = m->gen->cfg.on_error_tempfail ? SMFIS_TEMPFAIL
						   : SMFIS_CONTINUE;
	} else {
		ps_stats_message(&o, elapsed(&m->start));
		log_verdict(id, &o, forged, elapsed(&m->start));
	}
	ps_headers_free(&h);
	msg_end(cc);
	return rc;
}

static sfsistat
on_abort(SMFICTX *ctx)
{
	msg_end(ps_mta->getpriv(ctx));
	return SMFIS_CONTINUE;
}

static sfsistat
on_close(SMFICTX *ctx)
{
	struct connctx *cc = ps_mta->getpriv(ctx);

	if (cc == NULL)
		return SMFIS_CONTINUE;
	msg_end(cc);
	ps_mta->setpriv(ctx, NULL);
	free(cc);
	return SMFIS_CONTINUE;
}

struct smfiDesc ps_milter_desc = {
	.xxfi_name = "psmilter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS,
	.xxfi_envfrom = on_envfrom,
	.xxfi_envrcpt = on_envrcpt,
	.xxfi_header = on_header,
	.xxfi_body = on_body,
	.xxfi_eom = on_eom,
	.xxfi_abort = on_abort,
	.xxfi_close = on_close,
	.xxfi_data = on_data,
	.xxfi_negotiate = on_negotiate,
};
