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
 *	address looks like (ps_rules_next_address).
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

#include "parser/fields.h"
#include "parser/memo.h"
#include "util/utf8.h"

#define VALUE_MAX      4096  /* bytes kept per value */
#define CANDIDATE_MAX  64    /* addresses looked at */
#define EMAILS_MAX     32    /* addresses kept in "emails" */
#define LINES_MEMO     4096  /* different lines whose answers are kept */
#define VALUES_MEMO    256   /* different values whose addresses are known */
#define LOOK_MAX       12    /* lines passed over looking for a value */
#define OPEN_LINES_MAX 8     /* lines an instruction's bracket may span */
#define LABEL_MAX      80    /* bytes of a label kept for the explanation */
#define STUB_MAX       64    /* plain text that says nothing, bytes */
#define JOIN_MAX       1024  /* bytes of a wrapped instruction joined */
#define LOSSY_SCAN     65536 /* bytes looked at for letters lost */
#define LOSSY_MIN      8     /* "?" for a letter: the text lost them */
#define JOIN_LINES     4     /* lines a wrapped instruction may span */
#define WRAPPED_MIN    40    /* bytes of a line that a client wrapped */
#define CHAIN_MAX      3     /* instructions one after another on a line */

/* One text being read, and the field being collected from it. */
struct collect {
	const struct ps_rules *rules;
	struct ps_text *text;
	struct ps_fields *out;
	struct ps_addrs *cand;	/* addresses seen in any field value */
	struct ps_memo *lines;	/* label, stop, instruction answers */
	struct ps_memo *values; /* values already scanned for addresses */
	/* the text */
	const char *base;
	int quoted;	  /* the quoted text */
	int alt;	  /* the HTML alternative's */
	int only_missing; /* collect only fields without a usable value */
	unsigned labels;  /* label lines read in the plain texts */
	size_t span;	  /* current part, in text->spans */
	unsigned lineno;
	/* the field */
	int field;     /* being collected, or -1 */
	int blank;     /* a blank line since the last one kept */
	unsigned look; /* lines passed over before its value */
	unsigned open; /* brackets an instruction left open */
	unsigned open_lines;
	size_t join_len; /* a wrapped instruction's lines so far, joined */
	unsigned join_lines;
	struct ps_field_source src;
	const char *label_at; /* its label line, until the value is kept */
	size_t label_len;
	int good[PS_F_COUNT]; /* the kept value is usable as is */
	int types_named;      /* request types in the value, or -1 */
	size_t len;
	/* The buffers last: they need no zeroing (see ps_fields_extract). */
	char buf[VALUE_MAX + 1];
	char join[JOIN_MAX + 1];
	char joined[2 * JOIN_MAX + 2];
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

	/* A character ending in an ASCII byte is that byte. */
	if ((unsigned char) s[len - 1] < 0x80)
		return trim_char(s + len - 1, 1);
	for (k = 2; k <= 3 && k <= len; k++)
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

/* The label as written: the line up to its value, without markup. */
static char *
label_text(const char *line, size_t off)
{
	size_t n = off;

	trim(&line, &n);
	while (n > 0 && strchr(":-=>|", line[n - 1]) != NULL)
		n--;
	trim(&line, &n);
	return g_strndup(line, ps_utf8_cut(line, n, LABEL_MAX));
}

/* Does field f hold a usable value already? */
static int
have(const struct collect *c, int f)
{
	return c->out->value[f] != NULL && c->good[f];
}

/*
 * Keep the collected value s[0, n) as field f's when f has none yet, or
 * only an unusable one.  A value its field's pattern does not match is
 * no value.
 */
static void
keep(struct collect *c, int f, const char *s, size_t n)
{
	struct ps_fields *out = c->out;
	size_t so, eo;
	int rc, good = 1;
	char *v;

	if (have(c, f))
		return;
	rc = ps_rules_value(c->rules, (enum ps_field) f, s, n, &so, &eo);
	if (rc < 0)
		return;
	if (rc > 0 && eo > so)
		v = g_strndup(s + so, eo - so);
	else
		v = g_strndup(s, n);
	if (f == PS_F_REQUEST_TYPE)
		good = c->types_named >= 0
			? c->types_named > 0
			: ps_rules_request_type(c->rules, v) != NULL;
	if (out->value[f] != NULL && !good) {
		g_free(v); /* an unusable value does not replace another */
		return;
	}
	g_free(out->value[f]);
	g_free(out->src[f].label);
	out->value[f] = v;
	out->src[f] = c->src;
	out->src[f].label = label_text(c->label_at, c->label_len);
	c->good[f] = good;
}

static void
reset(struct collect *c)
{
	memset(&c->src, 0, sizeof(c->src));
	c->types_named = -1;
	c->field = -1;
	c->len = 0;
	c->blank = 0;
	c->look = 0;
	c->open = 0;
	c->open_lines = 0;
	c->join_len = 0;
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
		keep(c, c->field, s, n);
	}
	reset(c);
}

/* One more line passed over before the value; too many: give up. */
static void
look_on(struct collect *c)
{
	if (c->len == 0 && ++c->look > LOOK_MAX)
		finish(c);
}

/*
 * Could s[0, n) (trimmed) be field f's value?  An address or an id the
 * field's pattern finds, a request type that is not the template's list
 * of all of them.
 */
static int
usable(struct collect *c, int f, const char *s, size_t n)
{
	size_t so, eo;

	if (ps_rules_value(c->rules, (enum ps_field) f, s, n, &so, &eo) < 0)
		return 0;
	if (f != PS_F_REQUEST_TYPE)
		return 1;
	/* Kept for keep(): one request type or two is a canonical one. */
	c->types_named = (int) ps_rules_request_types_named(c->rules, s, n, 3);
	return c->types_named < 3;
}

/* A line (or the rest of one) that may hold the field's value. */
static void
value_line(struct collect *c, const char *s, size_t n)
{
	if (multiline(c->field)) {
		/* A blank line between paragraphs is kept, runs are not. */
		if (c->blank && c->len < VALUE_MAX)
			c->buf[c->len++] = '\n';
		c->blank = 0;
		if (c->src.value_line == 0)
			c->src.value_line = c->lineno;
		append(c, s, n);
		return;
	}
	trim(&s, &n);
	if (n == 0) {
		look_on(c);
		return;
	}
	/* A field with a value reads on only for its addresses. */
	if (!have(c, c->field) && !usable(c, c->field, s, n)) {
		c->src.rejected++;
		look_on(c);
		return;
	}
	c->src.value_line = c->lineno;
	append(c, s, n);
	finish(c);
}

/* Bracket depth after s[0, n), from depth; *stop after the one closing it. */
static unsigned
bracket_depth(const char *s, size_t n, unsigned depth, size_t *stop)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth > 0
			 && --depth == 0) {
			*stop = i + 1;
			return 0;
		}
	}
	*stop = n;
	return depth;
}

/* Punctuation that may close an instruction before its value. */
static size_t
closing_char(const char *s, size_t n)
{
	if (n > 0 && strchr(" \t.!:;-=>|", s[0]) != NULL && s[0] != '\0')
		return 1;
	if (n >= 3
	    && (memcmp(s, "\xEF\xBC\x9A", 3) == 0      /* ： */
		|| memcmp(s, "\xE2\x80\x93", 3) == 0   /* – */
		|| memcmp(s, "\xE2\x80\x94", 3) == 0   /* — */
		|| memcmp(s, "\xE2\x86\x92", 3) == 0)) /* → */
		return 3;
	return 0;
}

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

/*
 * ps_rules_instruction() for a line from offset off (0, or the value
 * part of a label line: which one a line's bytes decide), once per
 * different line (memo e).
 */
static int
instruction(struct collect *c, struct ps_memo_entry *e, const char *line,
	    size_t n, size_t off, struct ps_instruction_hit *ih)
{
	int r;

	if (e != NULL && e->c != PS_MEMO_UNKNOWN) {
		ih->rule = e->irule;
		ih->field = e->ifield;
		ih->rest = e->irest < n ? e->irest : n;
		ih->open = e->iopen;
		return e->c;
	}
	r = ps_rules_instruction(c->rules, line + off, n - off, ih);
	if (r)
		ih->rest += off;
	/* A line longer than an unsigned is not remembered. */
	if (e != NULL && n <= (unsigned) -1) {
		e->c = (signed char) r;
		e->irule = ih->rule;
		e->ifield = (signed char) ih->field;
		e->irest = (unsigned) ih->rest;
		e->iopen = ih->open;
	}
	return r;
}

static void candidate(struct collect *c, struct ps_memo_entry *e,
		      const char *line, size_t n, size_t off, int chain);

/* Instruction text passed over; its value, if any, follows on the line. */
static void
skip_instruction(struct collect *c, const struct ps_instruction_hit *ih,
		 const char *line, size_t n, int chain)
{
	c->src.skipped++;
	c->src.instruction_rule = ih->rule;
	if (ih->open > 0) {
		c->open = ih->open;
		c->open_lines = 0;
		return;
	}
	if (ih->rest >= n)
		look_on(c);
	else if (chain < CHAIN_MAX)
		candidate(c, NULL, line, n, ih->rest, chain + 1);
	else
		value_line(c, line + ih->rest, n - ih->rest);
}

/* A line inside the brackets an instruction opened. */
static void
inside_instruction(struct collect *c, const char *line, size_t n)
{
	size_t used, k;

	c->open = bracket_depth(line, n, c->open, &used);
	if (c->open > 0) {
		/* Too long for the template's: let the lines count again. */
		if (++c->open_lines >= OPEN_LINES_MAX)
			c->open = 0;
		return;
	}
	while (used < n && (k = closing_char(line + used, n - used)) > 0)
		used += k;
	if (used < n)
		candidate(c, NULL, line, n, used, 1);
}

/*
 * s[0, n), the end of a line of line_len bytes, may begin an instruction
 * the sender's client wrapped: a line as long as wrapped lines are.
 */
static int
start_join(struct collect *c, const char *s, size_t n, size_t line_len)
{
	if (c->len > 0 || line_len < WRAPPED_MIN || n > JOIN_MAX
	    || have(c, c->field)
	    || !ps_rules_instruction_begins(c->rules, s, n))
		return 0;
	memcpy(c->join, s, n);
	c->join_len = n;
	c->join_lines = 1;
	c->src.skipped++;
	return 1;
}

/*
 * The line after the beginning of a wrapped instruction: joined to it,
 * the instruction ends (its value may follow), goes on, or was none.
 */
static void
joined(struct collect *c, struct ps_memo_entry *e, const char *line, size_t n)
{
	struct ps_instruction_hit ih;
	size_t jl = c->join_len, len;

	c->join_len = 0;
	if (is_blank_line(line, n) || n > JOIN_MAX) {
		candidate(c, e, line, n, 0, 0);
		return;
	}
	memcpy(c->joined, c->join, jl);
	c->joined[jl] = ' ';
	memcpy(c->joined + jl + 1, line, n);
	len = jl + 1 + n;
	if (ps_rules_instruction(c->rules, c->joined, len, &ih)) {
		c->src.instruction_rule = ih.rule;
		if (ih.open > 0) {
			c->open = ih.open;
			c->open_lines = 0;
		} else if (ih.rest < len)
			candidate(c, NULL, line, n,
				  ih.rest > jl + 1 ? ih.rest - jl - 1 : 0, 1);
		return;
	}
	if (c->join_lines < JOIN_LINES && len <= JOIN_MAX
	    && ps_rules_instruction_begins(c->rules, c->joined, len)) {
		memcpy(c->join, c->joined, len);
		c->join_len = len;
		c->join_lines++;
		return;
	}
	candidate(c, e, line, n, 0, 0); /* it was no instruction */
}

/*
 * s = line + off (all of a line, or what follows a label or an
 * instruction on it), while a field is collected: instruction text,
 * the beginning of a wrapped one, or the value.
 */
static void
candidate(struct collect *c, struct ps_memo_entry *e, const char *line,
	  size_t n, size_t off, int chain)
{
	struct ps_instruction_hit ih;
	const char *s = line + off;
	size_t sn = n - off;

	if (is_blank_line(s, sn)) {
		c->blank = c->len > 0;
		look_on(c);
		return;
	}
	if (instruction(c, chain ? NULL : e, line, n, off, &ih))
		skip_instruction(c, &ih, line, n, chain);
	else if (!start_join(c, s, sn, n))
		value_line(c, s, sn);
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

	finish(c);
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
	if (!is_blank_line(v, vn))
		candidate(c, e, line, n, h->value_off, 0);
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
		finish(c);
		return;
	}
	if (c->open > 0)
		inside_instruction(c, line, n);
	else if (c->join_len > 0)
		joined(c, e, line, n);
	else
		candidate(c, e, line, n, 0, 0);
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
	finish(c);
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
	/* Kept narrowed by its value pattern; without one, its first address. */
	if (ps_rules_value(rules, PS_F_CUSTOMER_EMAIL, v, strlen(v), &so, &eo)
	    > 0)
		out->customer_email = g_strdup(v);
	else if (ps_rules_next_address(rules, v, strlen(v), 0, &so, &eo))
		out->customer_email = g_strndup(v + so, eo - so);
	if (out->customer_email != NULL)
		lower_ascii(out->customer_email);
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
		    || addrs_has(&text->senders, cand->v[i])
		    || is_support_address(rules, cand->v[i]))
			continue;
		addrs_push(&out->emails, cand->v[i]);
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
	reset(c);
	ps_memo_free(c->lines);
	ps_memo_free(c->values);
	g_free(c);
	customer_email(rules, out);
	out->lang = language(rules, out);
	pick_emails(rules, text, &cand, out);
	addrs_clear(&cand);
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
	addrs_clear(&fields->emails);
	memset(fields, 0, sizeof(*fields));
}
