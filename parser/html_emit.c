/*
 * NAME
 *	html_emit.c - output side of the HTML to text converter
 * SUMMARY
 *	Writes text the way a browser lays it out, reduced to lines:
 *	whitespace runs become one space and vanish at line ends, block
 *	elements start new lines, paragraphs are separated by one blank
 *	line, lines inside quoting blockquotes start with "> ".
 * DESCRIPTION
 *	Table cells in one row are joined with ": " unless the previous
 *	cell is empty or already ends with a separator, so a two-column
 *	template table reads "Label: value".  A cell's own leading and
 *	trailing breaks (Outlook wraps every cell's text in a <p>) are
 *	suppressed, because the cells of a row share one line.
 *	Every write goes through put(), which enforces the byte cap on a
 *	UTF-8 character boundary; after the cap nothing more is written.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include "parser/html_emit.h"
#include "util/utf8.h"

#define QUOTE_MARKERS_MAX 16 /* "> " written per line, at most */

void
ps_emit_init(struct ps_emit *e, size_t max, size_t hint)
{
	memset(e, 0, sizeof(*e));
	e->max = max;
	e->out = g_string_sized_new(MIN(max, hint) + 1);
}

static void
put(struct ps_emit *e, const char *s, size_t n)
{
	size_t room;

	if (e->full)
		return;
	room = e->max - e->out->len;
	if (n > room) {
		g_string_append_len(e->out, s, ps_utf8_cut(s, n, room));
		e->full = 1;
		return;
	}
	if (e->out->len + n < e->out->allocated_len) { /* most writes */
		memcpy(e->out->str + e->out->len, s, n);
		e->out->len += n;
		e->out->str[e->out->len] = '\0';
		return;
	}
	g_string_append_len(e->out, s, n);
}

static int
at_line_start(const struct ps_emit *e)
{
	return e->out->len == 0 || e->out->str[e->out->len - 1] == '\n';
}

static void
trim_spaces(struct ps_emit *e)
{
	GString *o = e->out;

	while (o->len > 0 && o->str[o->len - 1] == ' ')
		g_string_truncate(o, o->len - 1);
}

/* Text is about to start a line: write its quote markers. */
static void
line_prefix(struct ps_emit *e)
{
	size_t i;

	for (i = 0; i < e->quote && i < QUOTE_MARKERS_MAX; i++)
		put(e, "> ", 2);
}

/* One character of text (n bytes of UTF-8). */
void
ps_emit_run(struct ps_emit *e, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (at_line_start(e))
		line_prefix(e);
	else if (e->space && e->pre == 0)
		put(e, " ", 1);
	e->space = 0;
	e->cell_empty = 0;
	put(e, s, n);
}

/* A word: no whitespace inside, valid UTF-8. */
void
ps_emit_str(struct ps_emit *e, const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t len = strlen(s), first;

	if (len == 0)
		return;
	first = ps_utf8_seq(u, u + len);
	if (first == 0)
		first = 1;
	ps_emit_run(e, s, first);
	put(e, s + first, len - first);
}

void
ps_emit_space(struct ps_emit *e)
{
	if (e->pre > 0)
		ps_emit_run(e, " ", 1);
	else
		e->space = 1;
}

/* A hard line break: <br>, or a newline inside <pre>. */
void
ps_emit_newline(struct ps_emit *e)
{
	if (e->cell_empty)
		return;
	if (e->pre == 0)
		trim_spaces(e);
	put(e, "\n", 1);
	e->space = 0;
}

/* A block boundary: end the current line, if any. */
void
ps_emit_break(struct ps_emit *e)
{
	e->space = 0;
	if (e->cell_empty || at_line_start(e))
		return;
	ps_emit_newline(e);
}

/* A paragraph boundary: at most one blank line, never at the start. */
void
ps_emit_para(struct ps_emit *e)
{
	GString *o = e->out;

	ps_emit_break(e);
	if (e->cell_empty || o->len == 0)
		return;
	if (o->len >= 2 && o->str[o->len - 2] == '\n')
		return;
	put(e, "\n", 1);
}

static struct ps_row *
row(struct ps_emit *e)
{
	return &e->rows[MIN(e->tables, PS_EMIT_TABLES - 1)];
}

static int
ends_with_separator(const GString *o, size_t from)
{
	static const char *const seps[] = {
		":",
		"-",
		"\xEF\xBC\x9A" /* ： */,
		"\xE2\x80\x93" /* – */,
		"\xE2\x80\x94" /* — */,
		NULL,
	};
	const char *const *s;

	for (s = seps; *s; s++) {
		size_t n = strlen(*s);

		if (o->len - from >= n
		    && memcmp(o->str + o->len - n, *s, n) == 0)
			return 1;
	}
	return 0;
}

/* A cell's trailing breaks (its last </p>, say) are not the row's. */
static void
trim_cell(struct ps_emit *e, const struct ps_row *r)
{
	GString *o = e->out;

	if (e->full)
		return;
	while (o->len > r->cell_start
	       && (o->str[o->len - 1] == ' ' || o->str[o->len - 1] == '\n'))
		g_string_truncate(o, o->len - 1);
}

/* <td> or <th>: join to the previous cell of the row. */
void
ps_emit_cell(struct ps_emit *e)
{
	struct ps_row *r = row(e);
	GString *o = e->out;

	if (r->ncells > 0 && !e->full) {
		trim_cell(e, r);
		if (o->len > r->cell_start) {
			if (ends_with_separator(o, r->cell_start))
				put(e, " ", 1);
			else
				put(e, ": ", 2);
		}
	}
	r->ncells++;
	r->cell_start = o->len;
	e->space = 0;
	e->cell_empty = 1;
}

/*
 * </td> or </th>.  An empty cell stops suppressing breaks when it ends;
 * <tr> and <table> do not end it, so that a table nested at the start
 * of a cell still continues the outer row's line.
 */
void
ps_emit_cell_end(struct ps_emit *e)
{
	struct ps_row *r = row(e);

	e->cell_empty = 0;
	if (r->ncells > 0)
		trim_cell(e, r);
}

void
ps_emit_row(struct ps_emit *e, int open)
{
	if (!open)
		e->cell_empty = 0;
	row(e)->ncells = 0;
	ps_emit_break(e);
}

void
ps_emit_table(struct ps_emit *e, int open)
{
	if (!open)
		e->cell_empty = 0;
	ps_emit_para(e);
	if (open)
		e->tables++;
	else if (e->tables > 0)
		e->tables--;
	if (open)
		row(e)->ncells = 0;
}

char *
ps_emit_finish(struct ps_emit *e, size_t *len)
{
	GString *o = e->out;

	while (o->len > 0
	       && (o->str[o->len - 1] == ' ' || o->str[o->len - 1] == '\n'))
		g_string_truncate(o, o->len - 1);
	*len = o->len;
	e->out = NULL;
	return g_string_free(o, FALSE);
}
