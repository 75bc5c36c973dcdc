/*
 * NAME
 *	replay.c - run past mail through the pipeline and count the verdicts
 * SUMMARY
 *	One generation serves the whole run: rules compiled and the cache
 *	opened once.  Messages are read one at a time (core/mailbox.c), so a
 *	month of tickets costs the memory of one.  Every cell taken from a
 *	message or the cache is cut, stripped of tabs, line breaks and other
 *	controls, and guarded against being read as a spreadsheet formula,
 *	so no message can add a column, a line or a formula.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mailbox.h"
#include "core/pipeline.h"
#include "core/replay.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define CELL_MAX       200 /* bytes of one cell taken from a message */
#define MSGID_MAX      998 /* bytes of a Message-ID kept while reading */
#define SEVERITY_SLOTS 4   /* enum ps_severity runs from 1 to 3 */

static const char columns[] = "source\tmessage_id\tpriority\treason\taccount"
			      "\tlicenses\tseverity\tmatched\tcustomer_email"
			      "\tlanguage\tdatacenter\ttruncated\n";

/* A count under a name: verdicts and languages seen. */
struct count {
	char *key;
	int rank; /* sorts before the key */
	unsigned long n;
};

struct counts {
	struct count *v;
	size_t n;
};

struct tally {
	unsigned long inputs, messages, for_support, not_support, unparsed;
	unsigned long truncated, unreadable;
	struct counts verdicts, langs;
	unsigned long matched[PS_MATCH_COUNT];
	unsigned long severity[SEVERITY_SLOTS];
};

static void
push(struct counts *c, char *key, int rank, unsigned long n)
{
	c->v = ps_xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n].key = key;
	c->v[c->n].rank = rank;
	c->v[c->n].n = n;
	c->n++;
}

static void
count(struct counts *c, const char *key, int rank)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			c->v[i].n++;
			return;
		}
	push(c, ps_xstrdup(key), rank, 1);
}

static int
by_rank(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
counts_free(struct counts *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].key);
	free(c->v);
}

/*
 * One cell: "-" when empty; controls (tab and line breaks among them)
 * become spaces and invalid UTF-8 "?", at most max bytes.  A value from a
 * message that starts with = + - @ or a control gets a "'" first, so a
 * spreadsheet shows it as text instead of running it as a formula.
 */
static void
cell(FILE *out, const char *s, size_t max, int untrusted)
{
	const unsigned char *p = (const unsigned char *) s, *end;
	unsigned long cp;
	size_t n, used = 0;

	if (s == NULL || *s == '\0') {
		fputc('-', out);
		return;
	}
	end = p + strlen(s);
	if (untrusted && (strchr("=+-@", *s) != NULL || *p < 0x20))
		fputc('\'', out);
	for (; p < end && used < max; p += n) {
		if ((n = ps_utf8_decode(p, end, &cp)) == 0) {
			fputc('?', out);
			n = 1;
			used++;
			continue;
		}
		if (used + n > max)
			break;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028
		    || cp == 0x2029)
			fputc(' ', out);
		else
			fwrite(p, 1, n, out);
		used += n;
	}
}

static void
sep(FILE *out)
{
	fputc('\t', out);
}

/* The Message-ID field's value, unfolded, from the header block. */
static char *
message_id(const char *msg, size_t len)
{
	const char *p, *end = msg + len, *eol, *next;
	char buf[MSGID_MAX + 1];
	size_t n = 0, take;
	int in_id = 0;

	for (p = msg; p < end; p = next) {
		if ((eol = memchr(p, '\n', (size_t) (end - p))) == NULL)
			eol = end;
		next = eol < end ? eol + 1 : end;
		take = (size_t) (eol - p);
		if (take > 0 && p[take - 1] == '\r')
			take--;
		if (take == 0) /* the end of the header block */
			break;
		if (in_id && (*p == ' ' || *p == '\t')) {
			/* a folded line: its text goes on */
		} else if (in_id) {
			break;
		} else if (take >= 11
			   && strncasecmp(p, "Message-ID:", 11) == 0) {
			in_id = 1;
			p += 11, take -= 11;
		} else {
			continue;
		}
		if (take > MSGID_MAX - n)
			take = MSGID_MAX - n;
		memcpy(buf + n, p, take);
		n += take;
	}
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	for (p = buf; p < buf + n && (*p == ' ' || *p == '\t'); p++)
		;
	return in_id && p < buf + n ? ps_xstrndup(p, (size_t) (buf + n - p))
				    : NULL;
}

static const char *
header(const struct ps_headers *h, enum ps_header_id id)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].name == ps_contract_headers[id])
			return h->v[i].value;
	return NULL;
}

static void
tally_outcome(struct tally *t, const struct ps_outcome *o)
{
	const struct ps_verdict *v = &o->verdict;
	char key[128];

	t->messages++;
	if (!o->for_support) {
		if (o->parse_error)
			t->unparsed++;
		else
			t->not_support++;
		return;
	}
	t->for_support++;
	t->truncated += o->truncated != 0;
	snprintf(key, sizeof(key), "%s%s%s", ps_priority_name(v->priority),
		 v->reason != NULL ? ":" : "",
		 v->reason != NULL ? v->reason : "");
	count(&t->verdicts, key, (int) v->priority);
	t->matched[v->found ? v->matched : PS_MATCH_NONE]++;
	if ((int) v->severity > 0 && (int) v->severity < SEVERITY_SLOTS)
		t->severity[v->severity]++;
	count(&t->langs, o->lang != NULL ? o->lang : "-", 0);
}

/* source, message_id, ...: the columns[] of one message. */
static void
line(FILE *out, const struct ps_mail *mail, const struct ps_outcome *o,
     const struct ps_headers *h)
{
	const struct ps_verdict *v = &o->verdict;
	char *id = message_id(mail->data, mail->len), licenses[32];

	cell(out, mail->source, (size_t) -1, 0), sep(out);
	cell(out, id, CELL_MAX, 1), sep(out);
	free(id);
	if (!o->for_support) {
		fputs("-\t", out);
		fputs(o->parse_error ? "parse-error" : "not-for-support", out);
		fputs("\t-\t-\t-\t-\t-\t-\t-\t-\n", out);
		return;
	}
	fprintf(out, "%s\t", ps_priority_name(v->priority));
	cell(out, v->reason, CELL_MAX, 0), sep(out);
	cell(out, v->found ? v->account.account_id : NULL, CELL_MAX, 1);
	sep(out);
	snprintf(licenses, sizeof(licenses), "%lu", v->account.licenses);
	cell(out, v->found ? licenses : NULL, CELL_MAX, 0), sep(out);
	cell(out, ps_severity_name(v->severity), CELL_MAX, 0), sep(out);
	cell(out, ps_match_name(v->found ? v->matched : PS_MATCH_NONE),
	     CELL_MAX, 0);
	sep(out);
	cell(out, header(h, PS_H_CUSTOMER_EMAIL), CELL_MAX, 1), sep(out);
	cell(out, o->lang, CELL_MAX, 0), sep(out);
	cell(out, v->datacenter, CELL_MAX, 1), sep(out);
	fputs(o->truncated ? "yes\n" : "no\n", out);
}

static void
error_line(FILE *out, struct tally *t, const char *source, const char *why)
{
	ps_log(LOG_ERR, "%s", why);
	t->unreadable++;
	cell(out, source, (size_t) -1, 0);
	fputs("\t-\terror\t", out);
	cell(out, why, CELL_MAX, 0);
	fputs("\t-\t-\t-\t-\t-\t-\t-\t-\n", out);
}

static void
replay_one(const struct ps_generation *gen, const struct ps_mail *mail,
	   const struct ps_envelope *env, FILE *out, struct tally *t)
{
	struct ps_envelope e = *env;
	struct ps_headers h;
	struct ps_outcome o;

	/* Log lines about the message name it, as the daemon's name a qid. */
	e.qid = mail->source;
	ps_pipeline_run(gen, mail->data, mail->len, &e, &h, &o);
	line(out, mail, &o, &h);
	tally_outcome(t, &o);
	ps_headers_free(&h);
}

static void
replay_path(const struct ps_generation *gen, const char *path,
	    const struct ps_envelope *env, FILE *out, struct tally *t)
{
	enum ps_mailbox_kind kind;
	struct ps_mailbox *mb;
	struct ps_mail mail;
	struct ps_error err;
	unsigned long before = t->messages + t->unreadable;

	t->inputs++;
	if (ps_mailbox_kind(path, &kind, &err) < 0
	    || (mb = ps_mailbox_open(path, kind, gen->cfg.max_parse_bytes,
				     &err))
		    == NULL) {
		error_line(out, t, path, err.text);
		return;
	}
	while (ps_mailbox_next(mb, &mail) > 0) {
		if (mail.data == NULL)
			error_line(out, t, mail.source, mail.err.text);
		else
			replay_one(gen, &mail, env, out, t);
		ps_mail_free(&mail);
	}
	ps_mailbox_close(mb);
	if (kind == PS_MAILBOX_EML_DIR && t->messages + t->unreadable == before)
		ps_log(LOG_WARNING,
		       "%s: no messages: a Maildir has cur/ or new/, another "
		       "directory is read for its *.eml files",
		       path);
}

static void
row(FILE *out, const char *label, unsigned long n, unsigned long total)
{
	if (total > 0)
		fprintf(out, "#   %-36s %8lu %6.1f%%\n", label, n,
			100.0 * (double) n / (double) total);
	else
		fprintf(out, "#   %-36s %8lu\n", label, n);
}

static void
table(FILE *out, const char *title, struct counts *c, unsigned long total)
{
	size_t i;

	fprintf(out, "#\n# %-38s %8s %7s\n", title, "count", "share");
	if (c->n > 0)
		qsort(c->v, c->n, sizeof(*c->v), by_rank);
	for (i = 0; i < c->n; i++)
		row(out, c->v[i].key, c->v[i].n, total);
}

static void
summary(FILE *out, struct tally *t)
{
	struct counts c = {NULL, 0};
	enum ps_severity sev;
	int m;

	fprintf(out, "\n# %lu messages from %lu input%s\n", t->messages,
		t->inputs, t->inputs == 1 ? "" : "s");
	row(out, "for a support address", t->for_support, 0);
	row(out, "not for a support address", t->not_support, 0);
	row(out, "not parsed, recipients unknown", t->unparsed, 0);
	row(out, "truncated at MaxParseBytes", t->truncated, 0);
	row(out, "could not be read", t->unreadable, 0);
	table(out, "verdict", &t->verdicts, t->for_support);
	/* Names of matches and severities are static: c does not own them. */
	for (m = 0; m < PS_MATCH_COUNT; m++)
		if (t->matched[m] > 0)
			push(&c, (char *) ps_match_name((enum ps_match) m),
			     m == PS_MATCH_NONE ? PS_MATCH_COUNT : m,
			     t->matched[m]);
	table(out, "matched by", &c, t->for_support);
	c.n = 0;
	for (sev = PS_SEV_S1; sev <= PS_SEV_S3; sev++)
		if (t->severity[sev] > 0)
			push(&c, (char *) ps_severity_name(sev), (int) sev,
			     t->severity[sev]);
	table(out, "severity", &c, t->for_support);
	free(c.v);
	table(out, "language (- not known)", &t->langs, t->for_support);
}

int
ps_replay(const struct ps_generation *gen, const char *const *paths,
	  size_t npaths, const struct ps_envelope *env, FILE *out)
{
	struct tally t;
	size_t i;
	int bad;

	memset(&t, 0, sizeof(t));
	if (gen->cache == NULL)
		ps_log(LOG_WARNING,
		       "warning: %s; verdicts say cache-unavailable",
		       gen->cache_error.text);
	fputs(columns, out);
	for (i = 0; i < npaths; i++)
		replay_path(gen, paths[i], env, out, &t);
	summary(out, &t);
	counts_free(&t.verdicts);
	counts_free(&t.langs);
	bad = fflush(out) != 0 || ferror(out);
	if (bad)
		ps_log(LOG_ERR, "writing the replay failed");
	return t.unreadable > 0 || bad ? 1 : 0;
}

int
ps_replay_wanted(const char *path)
{
	enum ps_mailbox_kind kind;
	struct ps_error err;

	return ps_mailbox_kind(path, &kind, &err) == 0
		&& kind != PS_MAILBOX_MESSAGE;
}
