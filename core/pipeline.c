/*
 * NAME
 *	pipeline.c - the decision for one message
 * SUMMARY
 *	Everything per message lives on this call's stack or heap, so any
 *	number of threads may run it at once against a shared generation.
 */

#include <string.h>

#include <glib.h>

#include "core/explain.h"
#include "core/pipeline.h"
#include "parser/fields.h"
#include "parser/text.h"
#include "util/log.h"

/* Datacenter of the first support address among the recipients. */
static const char *
support_datacenter(const struct ps_generation *gen,
		   const struct ps_envelope *env, const struct ps_text *text)
{
	const char *dc;
	size_t i;

	if (env->nrcpts > 0) {
		for (i = 0; i < env->nrcpts; i++)
			if ((dc = ps_generation_support(gen, env->rcpts[i]))
			    != NULL)
				return dc;
		return NULL;
	}
	for (i = 0; text != NULL && i < text->recipients.n; i++)
		if ((dc = ps_generation_support(gen, text->recipients.v[i]))
		    != NULL)
			return dc;
	return NULL;
}

void
ps_pipeline_explain(const struct ps_generation *gen, const char *msg,
		    size_t len, const struct ps_envelope *env,
		    struct ps_headers *out, struct ps_outcome *outcome,
		    char **explain)
{
	struct ps_text text;
	struct ps_fields fields;
	struct ps_trace *trace = NULL;
	struct ps_error err;
	const char *dc;
	int parsed;

	if (explain != NULL)
		*explain = NULL;
	memset(out, 0, sizeof(*out));
	memset(outcome, 0, sizeof(*outcome));
	memset(&text, 0, sizeof(text));
	memset(&fields, 0, sizeof(fields));

	/* With envelope recipients, mail for nobody of ours is not parsed. */
	if (env->nrcpts > 0 && support_datacenter(gen, env, NULL) == NULL)
		goto done;
	parsed = ps_text_extract(msg, len, &gen->limits, &text, &err) == 0;
	/* Said even when To and Cc, unread, leave the recipients unknown. */
	if (!parsed) {
		ps_log_msg(LOG_WARNING, env->qid, "message not parsed: %s",
			   err.text);
		outcome->parse_error = 1;
	}
	if ((dc = support_datacenter(gen, env, parsed ? &text : NULL)) == NULL)
		goto done;
	outcome->for_support = 1;
	if (parsed) {
		outcome->truncated = text.truncated;
		ps_fields_extract(gen->rules, &text, &fields);
		if (explain != NULL)
			trace = g_new0(struct ps_trace, 1);
		ps_decide_traced(gen, &text, &fields, env, &outcome->verdict,
				 trace);
		outcome->lang = fields.lang;
	} else {
		ps_decide_parse_error(gen, env, &outcome->verdict);
	}
	outcome->verdict.datacenter = dc;
	ps_headers_build(&outcome->verdict, parsed ? &fields : NULL, out);
	if (explain != NULL && parsed)
		*explain = ps_explain(gen, &text, &fields, &outcome->verdict,
				      trace);
done:
	g_free(trace);
	ps_fields_free(&fields);
	ps_text_free(&text);
}

void
ps_pipeline_run(const struct ps_generation *gen, const char *msg, size_t len,
		const struct ps_envelope *env, struct ps_headers *out,
		struct ps_outcome *outcome)
{
	ps_pipeline_explain(gen, msg, len, env, out, outcome, NULL);
}
