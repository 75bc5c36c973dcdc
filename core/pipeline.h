#ifndef PS_PIPELINE_H
#define PS_PIPELINE_H

/*
 * NAME
 *	pipeline.h - one message in, psmilter's headers out
 * SUMMARY
 *	parse (GMime) -> template fields (rules) -> customer lookup (cache)
 *	-> priority and severity -> sanitized headers.  The daemon at end of
 *	message and the dry run (psmilter -t) both call ps_pipeline_run();
 *	there is no second code path.
 */

#include <stddef.h>

#include "core/decide.h"
#include "core/generation.h"
#include "core/headers.h"

struct ps_outcome {
	int for_support;  /* a recipient is a support address */
	int parse_error;  /* the message could not be parsed (also when,
			     with no envelope recipients, that leaves
			     for_support 0) */
	int truncated;	  /* longer than MaxParseBytes */
	const char *lang; /* the template's language, as in ps_fields */
	struct ps_verdict verdict;
};

/*
 * msg holds the message as received (at most MaxParseBytes of it are
 * read; pass len beyond that to report truncation).  Fills out (out->n ==
 * 0 when no recipient is a support address) and outcome.
 */
void ps_pipeline_run(const struct ps_generation *gen, const char *msg,
		     size_t len, const struct ps_envelope *env,
		     struct ps_headers *out, struct ps_outcome *outcome);

/*
 * ps_pipeline_run(), and in *explain a readable account of the decision
 * (core/explain.h; free() it), or NULL when the message is not for a
 * support address or could not be parsed.
 */
void ps_pipeline_explain(const struct ps_generation *gen, const char *msg,
			 size_t len, const struct ps_envelope *env,
			 struct ps_headers *out, struct ps_outcome *outcome,
			 char **explain);

#endif
