/*
 * NAME
 *	explain.c - a readable account of one decision
 * SUMMARY
 *	ps_explain() writes, after the headers of psmilter -t --explain,
 *	the fields with their sources, the customer lookup, the priority
 *	and severity decisions and the template's completeness, in that
 *	order.  Everything it needs is in the fields (their sources), the
 *	verdict and the trace the decision kept; it decides nothing itself.
 * DESCRIPTION
 *	Message text is attacker-controlled and goes to a terminal: shown()
 *	keeps one line of it, at most SHOW_MAX bytes, with control
 *	characters and the characters that reorder text (bidirectional
 *	overrides and isolates) replaced by spaces.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include <glib.h>

#include "core/explain.h"
#include "util/utf8.h"

#define SHOW_MAX 72 /* bytes of message text shown per item */

static const char *const probe_result[PS_PROBE_RESULT_COUNT] = {
	[PS_PROBE_FOUND] = "found",
	[PS_PROBE_NOT_FOUND] = "not in the cache",
	[PS_PROBE_ERROR] = "cache error",
	[PS_PROBE_SKIP_SENDER] = "skipped: the partner's own address",
	[PS_PROBE_SKIP_FREEMAIL] = "skipped: a free mail domain",
	[PS_PROBE_SKIP_PARTNER] = "skipped: the partner's own domain",
};

static const char *const text_name[3] = {
	"the subject",
	"the description",
	"the troubleshooting steps",
};

/* Does the UTF-8 sequence at p (n bytes) reorder text on a terminal? */
static int
reorders(const unsigned char *p, size_t n)
{
	if (n != 3 || p[0] != 0xE2)
		return 0;
	return (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE)	   /* LRE-RLO */
		|| (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9); /* LRI-PDI */
}

/* Message text s[0, len), quoted, on one line and shortened. */
static void
shown(GString *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	size_t n, used = 0;
	int space = 0;

	g_string_append_c(out, '"');
	while (p < end && used < SHOW_MAX) {
		n = *p < 0x80 ? 1 : ps_utf8_seq(p, end);
		if (n == 0 || *p < 0x20 || *p == 0x7F || reorders(p, n)) {
			p += n == 0 ? 1 : n;
			space = used > 0;
			continue;
		}
		if (space) {
			g_string_append_c(out, ' ');
			used++;
			space = 0;
		}
		g_string_append_len(out, (const char *) p, (gssize) n);
		used += n;
		p += n;
	}
	g_string_append(out, p < end ? "...\"" : "\"");
}

static void
shown_str(GString *out, const char *s)
{
	shown(out, s, strlen(s));
}

/* "the plain text", "the quoted HTML alternative", ... */
static const char *
source_name(const struct ps_field_source *src)
{
	if (src->alternative)
		return src->quoted ? "the quoted text of the HTML alternative"
				   : "the HTML alternative";
	if (src->part == PS_SRC_HTML)
		return src->quoted ? "the quoted HTML text" : "the HTML text";
	return src->quoted ? "the quoted plain text" : "the plain text";
}

static void
field_value(GString *out, const struct ps_generation *gen,
	    const struct ps_fields *fields, const struct ps_verdict *v, int f)
{
	const char *value = fields->value[f];

	g_string_append_printf(out, "  %s: ", ps_field_name((enum ps_field) f));
	if (value == NULL) {
		g_string_append(out, "missing\n");
		return;
	}
	shown_str(out, value);
	if (f == PS_F_REQUEST_TYPE)
		g_string_append_printf(
			out,
			v->request_type != NULL ? " (%s)"
						: " (not one of the request "
						  "types%s)",
			v->request_type != NULL ? v->request_type : "");
	if (f == PS_F_CUSTOMER_EMAIL && fields->customer_email == NULL)
		g_string_append(out, " (no address in it)");
	g_string_append_c(out, '\n');
	(void) gen;
}

static void
field_source(GString *out, const struct ps_generation *gen,
	     const struct ps_field_source *src)
{
	struct ps_rule_info info;

	g_string_append_printf(out, "    from %s, line %u: label ",
			       source_name(src), src->label_line);
	shown_str(out, src->label != NULL ? src->label : "");
	if (ps_rules_label_rule(gen->rules, src->rule, &info) == 0)
		g_string_append_printf(out, " (rules line %u%s%s)", info.line,
				       info.lang != NULL ? ", " : "",
				       info.lang != NULL ? info.lang : "");
	g_string_append_c(out, '\n');
	if (src->value_line != 0 && src->value_line != src->label_line)
		g_string_append_printf(out, "    value from line %u\n",
				       src->value_line);
	if (src->skipped > 0) {
		g_string_append(out,
				src->skipped == 1
					? "    passed over instruction text"
					: "    passed over instruction text "
					  "more than once");
		if (ps_rules_instruction_rule(gen->rules, src->instruction_rule,
					      &info)
		    == 0)
			g_string_append_printf(out, ", last at rules line %u",
					       info.line);
		g_string_append_c(out, '\n');
	}
	if (src->rejected > 0)
		g_string_append_printf(out,
				       "    passed over %u line%s that held no "
				       "value for it\n",
				       src->rejected,
				       src->rejected == 1 ? "" : "s");
}

static void
fields_part(GString *out, const struct ps_generation *gen,
	    const struct ps_text *text, const struct ps_fields *fields,
	    const struct ps_verdict *v)
{
	const char *rules = ps_rules_name(gen->rules);
	size_t i;
	int f;

	/* "(built-in rules)": the shipped file, compiled in. */
	g_string_append_printf(out, "Fields (rules lines are those of %s):\n",
			       rules != NULL && rules[0] != '('
				       ? rules
				       : "etc/psmilter.rules as shipped");
	for (f = 0; f < PS_F_COUNT; f++) {
		field_value(out, gen, fields, v, f);
		if (fields->value[f] != NULL)
			field_source(out, gen, &fields->src[f]);
	}
	g_string_append_printf(out, "  language: %s\n",
			       fields->lang != NULL ? fields->lang
						    : "unknown (no label)");
	if (fields->emails.n > 0) {
		g_string_append(out, "  other addresses in the fields:");
		for (i = 0; i < fields->emails.n; i++) {
			g_string_append_c(out, ' ');
			shown_str(out, fields->emails.v[i]);
		}
		g_string_append_c(out, '\n');
	}
	(void) text;
}

static void
probe_line(GString *out, const struct ps_probe *p, size_t i,
	   const struct ps_verdict *v)
{
	const char *what;

	switch (p->how) {
	case PS_MATCH_EMAIL:
		what = p->other ? "other address" : "customer email";
		break;
	case PS_MATCH_DOMAIN:
		what = p->other ? "domain of another address"
				: "domain of the customer email";
		break;
	case PS_MATCH_ZUID: what = "ZUID"; break;
	case PS_MATCH_ZOID: what = "ZOID"; break;
	default: what = "key"; break;
	}
	g_string_append_printf(out, "  %zu. %s ", i + 1, what);
	shown_str(out, p->key != NULL ? p->key : "");
	g_string_append_printf(out, ": %s", probe_result[p->result]);
	if (p->result == PS_PROBE_FOUND && v->found)
		g_string_append_printf(out, ", account %s",
				       v->account.account_id);
	g_string_append_c(out, '\n');
}

static void
lookup_part(GString *out, const struct ps_verdict *v,
	    const struct ps_trace *trace)
{
	size_t i;

	g_string_append(out,
			"Customer lookup (in this order; the first key in "
			"the cache decides):\n");
	for (i = 0; trace != NULL && i < trace->nprobes; i++)
		probe_line(out, &trace->probe[i], i, v);
	if (trace == NULL || trace->nprobes == 0)
		g_string_append(out,
				v->cache_error != NULL
					? "  none: the license cache is "
					  "unavailable\n"
					: "  none: no customer email, "
					  "other address, ZUID or ZOID\n");
}

static void
priority_part(GString *out, const struct ps_fields *fields,
	      const struct ps_verdict *v)
{
	const char *product = fields->value[PS_F_PRODUCT];

	g_string_append_printf(out, "Priority: %s",
			       ps_priority_name(v->priority));
	if (v->reason != NULL)
		g_string_append_printf(out, "; reason=%s", v->reason);
	g_string_append_c(out, '\n');
	if (!v->found)
		return;
	g_string_append_printf(out, "  account %s: %lu licences, region %s",
			       v->account.account_id, v->account.licenses,
			       v->account.region);
	if (v->tier != NULL)
		g_string_append_printf(out,
				       ", tier %s, threshold %lu: %s the "
				       "threshold\n",
				       v->tier, v->threshold,
				       v->account.licenses >= v->threshold
					       ? "at or above"
					       : "below");
	else
		g_string_append(out, ", a region the regions table lacks\n");
	if (product == NULL)
		g_string_append(out, "  product: none given\n");
	else {
		g_string_append(out, "  product ");
		shown_str(out, product);
		g_string_append_printf(
			out, ": %s\n",
			v->reason != NULL
					&& strcmp(v->reason,
						  "excluded-"
						  "product")
						== 0
				? "excluded from priority support"
				: "not excluded");
	}
}

static void
phrase(GString *out, const struct ps_phrase *p, const char *const *texts)
{
	const char *t = texts[p->text];

	g_string_append(out, "phrase ");
	if (t != NULL && p->eo <= strlen(t) && p->so <= p->eo)
		shown(out, t + p->so, p->eo - p->so);
	g_string_append_printf(out, " in %s (rules line %u)",
			       text_name[p->text], p->line);
}

static void
severity_part(GString *out, const struct ps_generation *gen,
	      const struct ps_text *text, const struct ps_fields *fields,
	      const struct ps_verdict *v, const struct ps_trace *trace)
{
	const char *texts[3] = {text->subject, fields->value[PS_F_DESCRIPTION],
				fields->value[PS_F_TROUBLESHOOTING]};
	const char *tech = ps_rules_technical_request_type(gen->rules);

	g_string_append_printf(out,
			       "Severity: %s: ", ps_severity_name(v->severity));
	if (v->priority == PS_PRIORITY_YES)
		g_string_append(out,
				"a priority customer's ticket is always "
				"S1\n");
	else if (trace == NULL)
		g_string_append(out, "by the rules\n");
	else
		switch (trace->why.cause) {
		case PS_CAUSE_REQUEST_TYPE:
			g_string_append_printf(
				out, "the request type \"%s\" is not \"%s\"\n",
				v->request_type, tech != NULL ? tech : "?");
			break;
		case PS_CAUSE_S1_PHRASE:
		case PS_CAUSE_S3_PHRASE:
			g_string_append_printf(
				out, "%s ",
				trace->why.cause == PS_CAUSE_S1_PHRASE ? "S1"
								       : "S3");
			phrase(out, &trace->why.phrase, texts);
			g_string_append_c(out, '\n');
			break;
		default:
			g_string_append(out,
					"no S1 or S3 phrase in the subject, "
					"description or troubleshooting steps "
					"(the default)\n");
		}
	if (!v->automated)
		return;
	g_string_append(out, "  automated mail (");
	if (text->automated != NULL)
		shown_str(out, text->automated);
	else
		g_string_append(out, "the envelope sender is <>");
	g_string_append(out, "): never S1 from its wording");
	if (trace != NULL && trace->why.ignored.found) {
		g_string_append(out, "; not applied: S1 ");
		phrase(out, &trace->why.ignored, texts);
	}
	g_string_append_c(out, '\n');
}

static void
template_part(GString *out, const struct ps_verdict *v)
{
	size_t i;

	if (v->nmissing == 0) {
		g_string_append(out, "Template: complete\n");
		return;
	}
	g_string_append(out, "Template: incomplete; missing:");
	for (i = 0; i < v->nmissing; i++)
		g_string_append_printf(out, " %s",
				       ps_field_name(v->missing[i]));
	g_string_append_c(out, '\n');
}

char *
ps_explain(const struct ps_generation *gen, const struct ps_text *text,
	   const struct ps_fields *fields, const struct ps_verdict *v,
	   const struct ps_trace *trace)
{
	GString *out = g_string_new(NULL);

	fields_part(out, gen, text, fields, v);
	lookup_part(out, v, trace);
	priority_part(out, fields, v);
	severity_part(out, gen, text, fields, v, trace);
	template_part(out, v);
	return g_string_free(out, FALSE);
}
