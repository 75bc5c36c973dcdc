/*
 * NAME
 *	fields.c - template fields from a message's text
 * SUMMARY
 *	ps_fields_extract() reads the unquoted text line by line, then the
 *	HTML alternative's unquoted text for the fields still missing, then
 *	the quoted texts likewise.  The rules say which line is a label
 *	(ps_rules_label_hit), which is the template's own instruction text
 *	(ps_rules_instruction), which ends a multi-line value
 *	(ps_rules_stop), how to narrow a value (ps_rules_value) and what an
 *	address looks like (ps_rules_next_address).  This file reads the
 *	texts and their label and stop lines, decides on the HTML
 *	alternative, and makes the customer email, the other addresses and
 *	the language of the values kept; fields_instruction.c passes over
 *	the template's instruction text, and fields_value.c collects and
 *	keeps the values.
 * DESCRIPTION
 *	A value follows its label on the same line, or on a following
 *	line.  Instruction text -- on the label's line, in brackets of any
 *	length and nesting, or on lines of its own, however its brackets
 *	wrap -- is passed over, and so are blank lines and, for a field
 *	with a value pattern (an address, an id), lines without such a
 *	value, or for the request type a line that names several request
 *	types (the template's list of them): at most LOOK_MAX such lines
 *	before the field is given up.  Reproducible, description and
 *	troubleshooting run on over the following lines until the next
 *	label or stop line.  The first usable occurrence of a field wins;
 *	later occurrences still give their addresses to "emails" (a super
 *	admin address given twice).  Every value is cut at VALUE_MAX bytes
 *	and every scan is linear: one memchr per line, a bounded label and
 *	instruction match per different line (memo.c), a bracket count over
 *	at most OPEN_LINES_MAX lines, so an 8 MB text without a newline
 *	costs one pass.
 *
 *	The plain text wins where both alternatives of a message give a
 *	usable value: it is what the partner's client wrote as text, and
 *	the HTML alternative only fills what it lacks.  The language of
 *	the ticket is the one most kept values' labels are written in
 *	(ties: the earlier field's).
 */

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "parser/fields_impl.h"

#define EMAILS_MAX  32	  /* addresses kept in "emails" */
#define LINES_MEMO  4096  /* different lines whose answers are kept */
#define VALUES_MEMO 256	  /* different values whose addresses are known */
#define STUB_MAX    64	  /* plain text that says nothing, bytes */
#define LOSSY_SCAN  65536 /* bytes looked at for letters lost */
#define LOSSY_MIN   8	  /* "?" for a letter: the text lost them */

/*
 * ps_rules_label_hit() for a line, once per different line (memo e).
 * A value offset is within the 2 KiB of a line the rules read.
 */
static int
label(struct collect *c, struct ps_memo_entry *e, const char *line, size_t n,
      struct ps_label_hit *hit)
{
	if (e == NULL)
		return ps_rules_label_hit(c->rules, line, n, hit);
	if (e->a == PS_MEMO_UNKNOWN) {
		e->a = (signed char) ps_rules_label_hit(c->rules, line, n, hit);
		e->rule = hit->rule;
		e->off = (unsigned) hit->value_off;
		return e->a;
	}
	hit->field = e->a;
	hit->rule = e->rule;
	hit->value_off = e->off;
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

/* Which text the current line is in. */
static enum ps_source_part
part_of(struct collect *c, const char *line)
{
	const struct ps_text *t = c->text;
	size_t off = (size_t) (line - c->base);

	if (c->alt)
		return PS_SRC_HTML;
	if (t->spans == NULL || t->nspans == 0)
		return PS_SRC_PLAIN;
	while (c->span + 1 < t->nspans
	       && (c->quoted ? t->spans[c->span + 1].quoted_off
			     : t->spans[c->span + 1].unquoted_off)
		       <= off)
		c->span++;
	return t->spans[c->span].html ? PS_SRC_HTML : PS_SRC_PLAIN;
}

/* A label line: start collecting its field. */
static void
begin(struct collect *c, struct ps_memo_entry *e, const struct ps_label_hit *h,
      const char *line, size_t n)
{
	const char *v = line + h->value_off;
	size_t vn = n - h->value_off;

	ps_fields_finish(c);
	if (c->only_missing && have(c, h->field))
		return;
	c->field = h->field;
	c->src.part = part_of(c, line);
	c->src.quoted = c->quoted;
	c->src.alternative = c->alt;
	c->src.label_line = c->lineno;
	c->src.rule = h->rule;
	c->src.instruction_rule = -1;
	c->label_at = line;
	c->label_len = h->value_off;
	if (!ps_fields_is_blank_line(v, vn))
		ps_fields_candidate(c, e, line, n, h->value_off, 0);
}

static void
on_line(struct collect *c, const char *line, size_t n)
{
	struct ps_memo_entry *e;
	struct ps_label_hit hit;
	int added;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	c->lineno++;
	e = ps_memo_get(c->lines, line, n, &added);
	if (label(c, e, line, n, &hit) >= 0) {
		c->labels += !c->alt;
		begin(c, e, &hit, line, n);
		return;
	}
	if (c->field < 0)
		return;
	if (stop(c, e, line, n)) {
		ps_fields_finish(c);
		return;
	}
	if (c->open > 0)
		ps_fields_inside_instruction(c, line, n);
	else if (c->join_len > 0)
		ps_fields_joined(c, e, line, n);
	else
		ps_fields_candidate(c, e, line, n, 0, 0);
}

static void
scan_text(struct collect *c, const char *text, size_t len, int quoted, int alt)
{
	const char *p = text;
	const char *end = text + len;
	const char *nl;

	if (text == NULL)
		return;
	c->base = text;
	c->quoted = quoted;
	c->alt = alt;
	c->only_missing = alt;
	c->span = 0;
	c->lineno = 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t) (end - p));
		on_line(c, p, (size_t) ((nl ? nl : end) - p));
		p = nl ? nl + 1 : end;
	}
	ps_fields_finish(c);
}

/*
 * Did the plain text lose its letters?  Outlook set to a Western
 * encoding writes every letter outside it as "?" ("??a ch? email"):
 * many "?" directly before a letter or another "?", which prose and
 * the odd URL query do not have.
 */
static int
lossy(const char *s, size_t len)
{
	const char *p = s, *end = s + (len < LOSSY_SCAN ? len : LOSSY_SCAN);
	unsigned count = 0;

	while (p < end && (p = memchr(p, '?', (size_t) (end - p))) != NULL) {
		p++;
		if (p < end && (g_ascii_isalpha(*p) || *p == '?')
		    && ++count >= LOSSY_MIN)
			return 1;
	}
	return 0;
}

/*
 * Is the HTML alternative worth converting?  When the plain text holds
 * the template (a label), next to nothing, or text that lost its
 * letters, and the customer email or a required field is still without
 * a usable value.  (A reply whose plain text has no template has none
 * in its HTML either.)
 */
static int
missing(const struct collect *c)
{
	const struct ps_text *t = c->text;
	size_t i, n = ps_rules_required_count(c->rules);

	if (c->labels == 0 && t->unquoted_len + t->quoted_len >= STUB_MAX
	    && !lossy(t->unquoted, t->unquoted_len)
	    && !lossy(t->quoted, t->quoted_len))
		return 0;
	if (!have(c, PS_F_CUSTOMER_EMAIL))
		return 1;
	for (i = 0; i < n; i++)
		if (!have(c, (int) ps_rules_required(c->rules, i)))
			return 1;
	return 0;
}

/* Read an HTML alternative when it may help: fields it alone fills. */
static void
scan_alternative(struct collect *c, int quoted)
{
	const struct ps_text *t = c->text;

	if ((t->pending == NULL && t->alt_unquoted == NULL
	     && t->alt_quoted == NULL)
	    || !missing(c))
		return;
	ps_text_alternatives(c->text);
	if (quoted)
		scan_text(c, c->text->alt_quoted, c->text->alt_quoted_len, 1,
			  1);
	else
		scan_text(c, c->text->alt_unquoted, c->text->alt_unquoted_len,
			  0, 1);
}

/* customer_email: the customer-email value's address, lowercased. */
static void
customer_email(const struct ps_rules *rules, struct ps_fields *out)
{
	const char *v = out->value[PS_F_CUSTOMER_EMAIL];
	size_t so, eo;

	if (v == NULL)
		return;
	/* Narrowed by its value pattern; without one, its first address. */
	if (ps_rules_value(rules, PS_F_CUSTOMER_EMAIL, v, strlen(v), &so, &eo)
	    > 0)
		out->customer_email = g_strdup(v);
	else if (ps_rules_next_address(rules, v, strlen(v), 0, &so, &eo))
		out->customer_email = g_strndup(v + so, eo - so);
	if (out->customer_email != NULL)
		ps_fields_lower_ascii(out->customer_email);
}

/* The language most kept values' labels are in; ties: the earlier field. */
static const char *
language(const struct ps_rules *rules, const struct ps_fields *out)
{
	const char *lang[PS_F_COUNT] = {NULL};
	struct ps_rule_info info;
	size_t count[PS_F_COUNT] = {0}, best = 0;
	int f, g;

	for (f = 0; f < PS_F_COUNT; f++)
		if (out->value[f] != NULL
		    && ps_rules_label_rule(rules, out->src[f].rule, &info) == 0)
			lang[f] = info.lang;
	for (f = 0; f < PS_F_COUNT; f++)
		for (g = 0; g < PS_F_COUNT && lang[f] != NULL; g++)
			count[f] += lang[g] == lang[f];
	for (f = 0; f < PS_F_COUNT; f++)
		if (count[f] > best)
			best = count[f];
	for (f = 0; f < PS_F_COUNT; f++)
		if (best > 0 && count[f] == best)
			return lang[f];
	return NULL;
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
		    || ps_fields_addrs_has(&text->senders, cand->v[i])
		    || is_support_address(rules, cand->v[i]))
			continue;
		ps_fields_addrs_push(&out->emails, cand->v[i]);
		cand->v[i] = NULL;
	}
}

void
ps_fields_extract(const struct ps_rules *rules, struct ps_text *text,
		  struct ps_fields *out)
{
	struct ps_addrs cand = {NULL, 0};
	struct collect *c;
	int f;

	memset(out, 0, sizeof(*out));
	for (f = 0; f < PS_F_COUNT; f++)
		out->src[f].rule = out->src[f].instruction_rule = -1;
	if (rules == NULL || text == NULL)
		return;
	/* 8 KiB of buffers: on the heap, not a milter stack, not zeroed. */
	c = g_new(struct collect, 1);
	memset(c, 0, offsetof(struct collect, buf));
	c->rules = rules;
	c->text = text;
	c->out = out;
	c->cand = &cand;
	c->lines = ps_memo_new(LINES_MEMO, 0);	 /* the texts outlive it */
	c->values = ps_memo_new(VALUES_MEMO, 1); /* buf is reused */
	c->field = -1;
	c->types_named = -1;
	scan_text(c, text->unquoted, text->unquoted_len, 0, 0);
	scan_alternative(c, 0);
	scan_text(c, text->quoted, text->quoted_len, 1, 0);
	scan_alternative(c, 1);
	ps_fields_reset(c);
	ps_memo_free(c->lines);
	ps_memo_free(c->values);
	g_free(c);
	customer_email(rules, out);
	out->lang = language(rules, out);
	pick_emails(rules, text, &cand, out);
	ps_addrs_free(&cand);
}

void
ps_fields_free(struct ps_fields *fields)
{
	int f;

	if (fields == NULL)
		return;
	for (f = 0; f < PS_F_COUNT; f++) {
		g_free(fields->value[f]);
		g_free(fields->src[f].label);
	}
	g_free(fields->customer_email);
	ps_addrs_free(&fields->emails);
	memset(fields, 0, sizeof(*fields));
}
