/*
 * NAME
 *	fields.c - template fields from a message's text
 * SUMMARY
 *	ps_fields_extract() reads the unquoted text line by line, then the
 *	quoted text for the fields still missing.  The rules say which line
 *	is a label (ps_rules_label), which line ends a multi-line value
 *	(ps_rules_stop), how to narrow a value (ps_rules_value) and what an
 *	address looks like (ps_rules_next_address).
 * DESCRIPTION
 *	A value follows its label on the same line, or is the next non-empty
 *	line.  Reproducible, description and troubleshooting run on over the
 *	following lines until the next label or stop line.  The first
 *	non-empty occurrence of a field wins; later occurrences still give
 *	their addresses to "emails" (a super admin address given twice).
 *	Every value is cut at VALUE_MAX bytes and every scan is linear: one
 *	memchr per line, one bounded label match per line, so an 8 MB text
 *	without a newline costs one pass.  Quoted history repeats the same
 *	lines; the rules are asked once per different line and value
 *	(memo.c).
 */

#include <string.h>
#include <strings.h>

#include <glib.h>

#include "parser/fields.h"
#include "parser/memo.h"
#include "util/utf8.h"

#define VALUE_MAX     4096 /* bytes kept per value */
#define CANDIDATE_MAX 64   /* addresses looked at */
#define EMAILS_MAX    32   /* addresses kept in "emails" */
#define LINES_MEMO    4096 /* different lines whose answers are kept */
#define VALUES_MEMO   256  /* different values whose addresses are known */

/* One pass over a text: the field being collected and what it holds. */
struct collect {
	const struct ps_rules *rules;
	struct ps_fields *out;
	struct ps_addrs *cand;	/* addresses seen in any field value */
	struct ps_memo *lines;	/* label (a) and stop (b) answers per line */
	struct ps_memo *values; /* values already scanned for addresses */
	int field;		/* being collected, or -1 */
	int blank;		/* a blank line since the last one kept */
	char buf[VALUE_MAX + 1];
	size_t len;
};

static int
multiline(int field)
{
	return field == PS_F_REPRODUCIBLE || field == PS_F_DESCRIPTION
		|| field == PS_F_TROUBLESHOOTING;
}

/* Length of the blank or markup character at s, or 0. */
static size_t
trim_char(const char *s, size_t len)
{
	unsigned char c = (unsigned char) s[0];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'
	    || c == '\v' || c == '*' || c == '_' || c == '|' || c == '`')
		return 1;
	if (len >= 2 && c == 0xC2 && (unsigned char) s[1] == 0xA0)
		return 2; /* no-break space */
	if (len >= 3 && c == 0xE3 && (unsigned char) s[1] == 0x80
	    && (unsigned char) s[2] == 0x80)
		return 3; /* ideographic space */
	if (len >= 3 && c == 0xE2 && (unsigned char) s[1] == 0x80
	    && (unsigned char) s[2] == 0x8B)
		return 3; /* zero-width space */
	return 0;
}

/* Length of the blank or markup character ending at s + len, or 0. */
static size_t
trim_char_back(const char *s, size_t len)
{
	size_t k;

	for (k = 1; k <= 3 && k <= len; k++)
		if (trim_char(s + len - k, k) == k)
			return k;
	return 0;
}

/* Narrow [*s, *s + *len) to its content without surrounding markup. */
static void
trim(const char **s, size_t *len)
{
	size_t k;

	while (*len > 0 && (k = trim_char(*s, *len)) > 0) {
		*s += k;
		*len -= k;
	}
	while (*len > 0 && (k = trim_char_back(*s, *len)) > 0)
		*len -= k;
}

static void
append(struct collect *c, const char *s, size_t n)
{
	size_t room;

	if (c->len > 0 && c->len < VALUE_MAX)
		c->buf[c->len++] = '\n';
	room = VALUE_MAX - c->len;
	if (n > room)
		n = ps_utf8_cut(s, n, room);
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

static int
is_blank_line(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

static void
lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char) (*s - 'A' + 'a');
}

static int
addrs_has(const struct ps_addrs *a, const char *s)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i], s) == 0)
			return 1;
	return 0;
}

static void
addrs_push(struct ps_addrs *a, char *s)
{
	a->v = g_renew(char *, a->v, a->n + 1);
	a->v[a->n++] = s;
}

static void
addrs_clear(struct ps_addrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		g_free(a->v[i]);
	g_free(a->v);
	a->v = NULL;
	a->n = 0;
}

/*
 * Every address in a value, lowercased, into the candidate list.  A
 * value scanned before adds nothing: its addresses are there already
 * (or the list is full), so it is not scanned again.
 */
static void
scan_addresses(struct collect *c, const char *s, size_t n)
{
	size_t pos = 0, so, eo;
	char *addr;
	int added;

	if (ps_memo_get(c->values, s, n, &added) != NULL && !added)
		return;

	while (c->cand->n < CANDIDATE_MAX
	       && ps_rules_next_address(c->rules, s, n, pos, &so, &eo)) {
		addr = g_strndup(s + so, eo - so);
		lower_ascii(addr);
		if (addrs_has(c->cand, addr))
			g_free(addr);
		else
			addrs_push(c->cand, addr);
		pos = eo > so ? eo : so + 1;
	}
}

/* The field being collected is complete: keep it if it is the first. */
static void
finish(struct collect *c)
{
	const char *s = c->buf;
	size_t n = c->len;

	if (c->field < 0)
		return;
	trim(&s, &n);
	if (n > 0) {
		scan_addresses(c, s, n);
		if (c->out->value[c->field] == NULL)
			c->out->value[c->field] = g_strndup(s, n);
	}
	c->field = -1;
	c->len = 0;
	c->blank = 0;
}

/* A label line: start collecting its field. */
static void
begin(struct collect *c, int field, const char *v, size_t n)
{
	finish(c);
	c->field = field;
	trim(&v, &n);
	if (n > 0) {
		append(c, v, n);
		if (!multiline(field))
			finish(c);
	}
}

/* ps_rules_label() for a line, once per different line (memo e). */
static int
label(struct collect *c, struct ps_memo_entry *e, const char *line, size_t n,
      size_t *off)
{
	if (e == NULL)
		return ps_rules_label(c->rules, line, n, off);
	if (e->a == PS_MEMO_UNKNOWN)
		e->a = ps_rules_label(c->rules, line, n, &e->off);
	*off = e->off;
	return e->a;
}

/* ps_rules_stop() for a line, once per different line (memo e). */
static int
stop(struct collect *c, struct ps_memo_entry *e, const char *line, size_t n)
{
	if (e == NULL)
		return ps_rules_stop(c->rules, line, n);
	if (e->b == PS_MEMO_UNKNOWN)
		e->b = ps_rules_stop(c->rules, line, n);
	return e->b;
}

static void
on_line(struct collect *c, const char *line, size_t n)
{
	struct ps_memo_entry *e;
	size_t off;
	int field, added;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	e = ps_memo_get(c->lines, line, n, &added);
	if ((field = label(c, e, line, n, &off)) >= 0) {
		begin(c, field, line + off, n - off);
		return;
	}
	if (c->field < 0)
		return;
	if (stop(c, e, line, n)) {
		finish(c);
		return;
	}
	if (is_blank_line(line, n)) {
		c->blank = c->len > 0;
		return;
	}
	if (multiline(c->field)) {
		/* A blank line between paragraphs is kept, runs are not. */
		if (c->blank && c->len < VALUE_MAX)
			c->buf[c->len++] = '\n';
		c->blank = 0;
		append(c, line, n);
	} else {
		trim(&line, &n);
		append(c, line, n);
		finish(c);
	}
}

static void
scan_text(struct collect *c, const char *text, size_t len)
{
	const char *p = text;
	const char *end = text + len;
	const char *nl;

	if (text == NULL)
		return;
	while (p < end) {
		nl = memchr(p, '\n', (size_t) (end - p));
		on_line(c, p, (size_t) ((nl ? nl : end) - p));
		p = nl ? nl + 1 : end;
	}
	finish(c);
}

/*
 * Narrow one value with its field's value pattern.  Returns what
 * ps_rules_value() returned; a value the pattern does not match is gone.
 */
static int
narrow_one(const struct ps_rules *rules, struct ps_fields *out, int f)
{
	char *v = out->value[f];
	size_t so, eo;
	int rc;

	if (v == NULL)
		return 0;
	rc = ps_rules_value(rules, (enum ps_field) f, v, strlen(v), &so, &eo);
	if (rc > 0 && eo > so)
		out->value[f] = g_strndup(v + so, eo - so);
	else if (rc != 0)
		out->value[f] = NULL;
	if (out->value[f] != v)
		g_free(v);
	return rc;
}

/* Apply the value patterns; customer_email from customer-email. */
static void
narrow(const struct ps_rules *rules, struct ps_fields *out)
{
	const char *v;
	size_t so, eo;
	int f, rc = 0;

	for (f = 0; f < PS_F_COUNT; f++)
		if (f != PS_F_CUSTOMER_EMAIL)
			narrow_one(rules, out, f);
	rc = narrow_one(rules, out, PS_F_CUSTOMER_EMAIL);
	if ((v = out->value[PS_F_CUSTOMER_EMAIL]) == NULL)
		return;
	/* Without a value pattern, the first address in the value. */
	if (rc > 0)
		out->customer_email = g_strdup(v);
	else if (ps_rules_next_address(rules, v, strlen(v), 0, &so, &eo))
		out->customer_email = g_strndup(v + so, eo - so);
	if (out->customer_email != NULL)
		lower_ascii(out->customer_email);
}

static int
is_support_address(const struct ps_rules *rules, const char *a)
{
	const struct ps_support_address *s;
	size_t i;

	for (i = 0; i < ps_rules_support_count(rules); i++)
		if ((s = ps_rules_support(rules, i)) != NULL
		    && strcasecmp(s->address, a) == 0)
			return 1;
	return 0;
}

/* Candidates less the customer's own, the partner's and support's. */
static void
pick_emails(const struct ps_rules *rules, const struct ps_text *text,
	    struct ps_addrs *cand, struct ps_fields *out)
{
	size_t i;

	for (i = 0; i < cand->n && out->emails.n < EMAILS_MAX; i++) {
		if ((out->customer_email != NULL
		     && strcasecmp(cand->v[i], out->customer_email) == 0)
		    || addrs_has(&text->senders, cand->v[i])
		    || is_support_address(rules, cand->v[i]))
			continue;
		addrs_push(&out->emails, cand->v[i]);
		cand->v[i] = NULL;
	}
}

void
ps_fields_extract(const struct ps_rules *rules, const struct ps_text *text,
		  struct ps_fields *out)
{
	struct ps_addrs cand = {NULL, 0};
	struct collect *c;

	memset(out, 0, sizeof(*out));
	if (rules == NULL || text == NULL)
		return;
	/* The collect buffer is 4 KiB: on the heap, not a milter stack. */
	c = g_new0(struct collect, 1);
	c->rules = rules;
	c->out = out;
	c->cand = &cand;
	c->lines = ps_memo_new(LINES_MEMO, 0);	 /* the texts outlive it */
	c->values = ps_memo_new(VALUES_MEMO, 1); /* buf is reused */
	c->field = -1;
	scan_text(c, text->unquoted, text->unquoted_len);
	scan_text(c, text->quoted, text->quoted_len);
	ps_memo_free(c->lines);
	ps_memo_free(c->values);
	g_free(c);
	narrow(rules, out);
	pick_emails(rules, text, &cand, out);
	addrs_clear(&cand);
}

void
ps_fields_free(struct ps_fields *fields)
{
	int f;

	if (fields == NULL)
		return;
	for (f = 0; f < PS_F_COUNT; f++)
		g_free(fields->value[f]);
	g_free(fields->customer_email);
	addrs_clear(&fields->emails);
	memset(fields, 0, sizeof(*fields));
}
