#ifndef PS_EXPLAIN_H
#define PS_EXPLAIN_H

/*
 * NAME
 *	explain.h - a readable account of one decision (psmilter -t --explain)
 * SUMMARY
 *	Where each field came from (plain text or HTML, quoted or not, the
 *	line, the label and the rules line that matched it, the instruction
 *	lines passed over), the language, the lookup keys tried in order
 *	with each result, the tier, threshold and licences, the severity
 *	rule that fired, and what the template lacks: so that "why did this
 *	ticket get S2?" has an answer without reading code (psmilter(8)).
 *	Text taken from the message is shown shortened, on one line, with
 *	control and direction-changing characters replaced.
 */

#include "core/decide.h"
#include "core/generation.h"
#include "parser/fields.h"
#include "parser/text.h"

/* A new string (free() it), several lines, each ending in '\n'. */
char *ps_explain(const struct ps_generation *gen, const struct ps_text *text,
		 const struct ps_fields *fields, const struct ps_verdict *v,
		 const struct ps_trace *trace);

#endif
