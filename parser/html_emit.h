#ifndef PS_PARSER_HTML_EMIT_H
#define PS_PARSER_HTML_EMIT_H

/*
 * NAME
 *	html_emit.h - the text side of the HTML converter (parser-internal)
 * SUMMARY
 *	An emitter owns the output: a byte cap, browser-like whitespace
 *	collapsing, line and paragraph breaks, "> " markers on lines inside
 *	quoting blockquotes, and the "label: value" joint between table
 *	cells.  All of its state is fixed-size.
 */

#include <glib.h>
#include <stddef.h>

#define PS_EMIT_TABLES 16 /* nested tables with their own row state */

struct ps_row {
	size_t cell_start; /* output offset where the current cell began */
	unsigned ncells;   /* cells begun in the current row */
};

struct ps_emit {
	GString *out;
	size_t max;	/* output cap in bytes */
	int full;	/* the cap was reached */
	int space;	/* collapsed whitespace waits to be written */
	int cell_empty; /* a cell began and has no text yet */
	size_t pre;	/* open <pre> elements */
	size_t quote;	/* open quoting blockquotes */
	size_t tables;	/* open <table> elements */
	struct ps_row rows[PS_EMIT_TABLES];
};

void ps_emit_init(struct ps_emit *e, size_t max, size_t hint);
/* n bytes of text with no blank in it: a character, or a run of them. */
void ps_emit_run(struct ps_emit *e, const char *s, size_t n);
void ps_emit_str(struct ps_emit *e, const char *s);
void ps_emit_space(struct ps_emit *e);
void ps_emit_newline(struct ps_emit *e);
void ps_emit_break(struct ps_emit *e);
void ps_emit_para(struct ps_emit *e);
void ps_emit_cell(struct ps_emit *e);
void ps_emit_cell_end(struct ps_emit *e);
void ps_emit_row(struct ps_emit *e, int open);
void ps_emit_table(struct ps_emit *e, int open);
char *ps_emit_finish(struct ps_emit *e, size_t *len);

#endif
