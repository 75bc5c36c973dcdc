/*
 * NAME
 *	fields_value.c - a field's value: collected, trimmed, kept
 * SUMMARY
 *	The lines that may hold the value of the field being collected
 *	come here (ps_fields_value_line): a single-line field takes the
 *	first line its value pattern accepts, passing over at most LOOK_MAX
 *	others; a multi-line field runs on over the following lines.  When
 *	the field is complete (ps_fields_finish) its value is trimmed of
 *	blanks and markup, its addresses go to the candidate list, and it
 *	is kept unless its field already has a usable value.  The address
 *	lists (the candidates, "emails") grow here too.
 * DESCRIPTION
 *	Every value is cut at VALUE_MAX bytes, on a character boundary.  A
 *	value is scanned for addresses once per different value (memo.c),
 *	and at most CANDIDATE_MAX addresses are looked at in all.
 */

#include <string.h>
#include <strings.h>

#include <glib.h>

#include "parser/fields_impl.h"
#include "util/utf8.h"

#define CANDIDATE_MAX 64 /* addresses looked at */
#define LOOK_MAX      12 /* lines passed over looking for a value */
#define LABEL_MAX     80 /* bytes of a label kept for the explanation */

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

int
ps_fields_is_blank_line(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

void
ps_fields_lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char) (*s - 'A' + 'a');
}

int
ps_fields_addrs_has(const struct ps_addrs *a, const char *s)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i], s) == 0)
			return 1;
	return 0;
}

void
ps_fields_addrs_push(struct ps_addrs *a, char *s)
{
	a->v = g_renew(char *, a->v, a->n + 1);
	a->v[a->n++] = s;
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
		ps_fields_lower_ascii(addr);
		if (ps_fields_addrs_has(c->cand, addr))
			g_free(addr);
		else
			ps_fields_addrs_push(c->cand, addr);
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

void
ps_fields_reset(struct collect *c)
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
void
ps_fields_finish(struct collect *c)
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
	ps_fields_reset(c);
}

/* One more line passed over before the value; too many: give up. */
void
ps_fields_look_on(struct collect *c)
{
	if (c->len == 0 && ++c->look > LOOK_MAX)
		ps_fields_finish(c);
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
void
ps_fields_value_line(struct collect *c, const char *s, size_t n)
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
		ps_fields_look_on(c);
		return;
	}
	/* A field with a value reads on only for its addresses. */
	if (!have(c, c->field) && !usable(c, c->field, s, n)) {
		c->src.rejected++;
		ps_fields_look_on(c);
		return;
	}
	c->src.value_line = c->lineno;
	append(c, s, n);
	ps_fields_finish(c);
}
