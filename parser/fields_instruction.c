/*
 * NAME
 *	fields_instruction.c - the template's instruction text, passed over
 * SUMMARY
 *	Zoho's template carries instructions under or beside its labels
 *	("The email address with reference to which the request is
 *	raised.", "Predefined values (...)"), and partners leave them in.
 *	While a field is collected, ps_fields_candidate() takes a line, or
 *	what follows a label or an instruction on it, and passes over
 *	instruction text (ps_rules_instruction): the value, if any, is what
 *	follows it, on the line or on a later one.  An instruction whose
 *	brackets stay open continues on the following lines
 *	(ps_fields_inside_instruction); one that a client wrapped is joined
 *	across lines before it is recognised (ps_fields_joined).
 * DESCRIPTION
 *	Every bound is small and fixed: brackets are counted over at most
 *	OPEN_LINES_MAX lines; a wrapped instruction begins on a line of at
 *	least WRAPPED_MIN bytes and is carried over at most JOIN_LINES
 *	lines and JOIN_MAX bytes; instructions one after another on a line
 *	are followed at most CHAIN_MAX deep.  The rules' answer for a whole
 *	line is asked once per different line (memo.c).
 */

#include <string.h>

#include "parser/fields_impl.h"

#define OPEN_LINES_MAX 8  /* lines an instruction's bracket may span */
#define JOIN_LINES     4  /* lines a wrapped instruction may span */
#define WRAPPED_MIN    40 /* bytes of a line that a client wrapped */
#define CHAIN_MAX      3  /* instructions one after another on a line */

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
		ps_fields_look_on(c);
	else if (chain < CHAIN_MAX)
		ps_fields_candidate(c, NULL, line, n, ih->rest, chain + 1);
	else
		ps_fields_value_line(c, line + ih->rest, n - ih->rest);
}

/* A line inside the brackets an instruction opened. */
void
ps_fields_inside_instruction(struct collect *c, const char *line, size_t n)
{
	size_t used, k;

	c->open = ps_bracket_depth(line, n, c->open, &used);
	if (c->open > 0) {
		/* Too long for the template's: let the lines count again. */
		if (++c->open_lines >= OPEN_LINES_MAX)
			c->open = 0;
		return;
	}
	while (used < n && (k = closing_char(line + used, n - used)) > 0)
		used += k;
	if (used < n)
		ps_fields_candidate(c, NULL, line, n, used, 1);
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
void
ps_fields_joined(struct collect *c, struct ps_memo_entry *e, const char *line,
		 size_t n)
{
	struct ps_instruction_hit ih;
	size_t jl = c->join_len, len;

	c->join_len = 0;
	if (ps_fields_is_blank_line(line, n) || n > JOIN_MAX) {
		ps_fields_candidate(c, e, line, n, 0, 0);
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
			ps_fields_candidate(
				c, NULL, line, n,
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
	ps_fields_candidate(c, e, line, n, 0, 0); /* it was no instruction */
}

/*
 * s = line + off (all of a line, or what follows a label or an
 * instruction on it), while a field is collected: instruction text,
 * the beginning of a wrapped one, or the value.
 */
void
ps_fields_candidate(struct collect *c, struct ps_memo_entry *e,
		    const char *line, size_t n, size_t off, int chain)
{
	struct ps_instruction_hit ih;
	const char *s = line + off;
	size_t sn = n - off;

	if (ps_fields_is_blank_line(s, sn)) {
		c->blank = c->len > 0;
		ps_fields_look_on(c);
		return;
	}
	if (instruction(c, chain ? NULL : e, line, n, off, &ih))
		skip_instruction(c, &ih, line, n, chain);
	else if (!start_join(c, s, sn, n))
		ps_fields_value_line(c, s, sn);
}
