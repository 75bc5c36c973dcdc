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

#include <stddef.h>
#include <glib.h>

#define PSP_EMIT_TABLES	16	/* nested tables with their own row state */

struct psp_row {
	size_t	cell_start;	/* output offset where the current cell began */
	unsigned ncells;	/* cells begun in the current row */
};

struct psp_emit {
	GString *out;
	size_t	max;		/* output cap in bytes */
	int	full;		/* the cap was reached */
	int	space;		/* collapsed whitespace waits to be written */
	int	cell_empty;	/* a cell began and has no text yet */
	size_t	pre;		/* open <pre> elements */
	size_t	quote;		/* open quoting blockquotes */
	size_t	tables;		/* open <table> elements */
	struct psp_row rows[PSP_EMIT_TABLES];
};

void	psp_emit_init(struct psp_emit *e, size_t max, size_t hint);
void	psp_emit_char(struct psp_emit *e, const char *s, size_t n);
void	psp_emit_str(struct psp_emit *e, const char *s);
void	psp_emit_space(struct psp_emit *e);
void	psp_emit_newline(struct psp_emit *e);
void	psp_emit_break(struct psp_emit *e);
void	psp_emit_para(struct psp_emit *e);
void	psp_emit_cell(struct psp_emit *e);
void	psp_emit_cell_end(struct psp_emit *e);
void	psp_emit_row(struct psp_emit *e, int open);
void	psp_emit_table(struct psp_emit *e, int open);
char   *psp_emit_finish(struct psp_emit *e, size_t *len);

#endif
