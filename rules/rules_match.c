/*
 * NAME
 *	rules_match.c - questions answered by a loaded rule set
 * SUMMARY
 *	Labels, value narrowing, addresses, request types, excluded
 *	products, severity, SLA, support addresses and required fields.
 * DESCRIPTION
 *	A label costs at most one anchored match per line, usually of the
 *	few alternatives that can start it (see dispatch.c); the other
 *	questions try a short list of patterns (see pattern.c).  Every
 *	match is bounded.
 *	Subjects are cut to a prefix where only the start matters (a label
 *	opens its line).  A match that fails for any reason, including the
 *	match and depth limits, is "no match".
 */

#include <string.h>
#include <strings.h>

#include "rules/rules_impl.h"

int
ps_rules_label(const struct ps_rules *rules, const char *line, size_t len,
	       size_t *value_off)
{
	uint32_t options = 0;
	size_t n, so, eo, start;
	long mark;
	const pcre2_code *re;
	int rc;

	if (rules == NULL || line == NULL)
		return -1;
	n = ps_prefix(line, len, PS_LINE_SCAN, &options);
	/* Most lines need only the alternatives that can start them. */
	re = ps_dispatch_pick(&rules->label_pick, rules->labels, line, n,
			      &start);
	if (re == NULL)
		return -1;
	rc = PS_FAILED;
	if (re != rules->labels)
		rc = ps_try(re, rules->label_pick.mctx, line, n, start, options,
			    &so, &eo, &mark);
	if (rc == PS_NOMATCH)
		return -1;
	if (rc == PS_FAILED
	    && !ps_pattern_match(rules->labels, rules->mctx, line, n, 0,
				 options, &so, &eo, &mark))
		return -1;
	if (mark < 0 || mark >= PS_F_COUNT)
		return -1;
	*value_off = eo;
	return (int) mark;
}

int
ps_rules_stop(const struct ps_rules *rules, const char *line, size_t len)
{
	uint32_t options = 0;
	size_t n;

	if (rules == NULL || line == NULL)
		return 0;
	n = ps_prefix(line, len, PS_LINE_SCAN, &options);
	return ps_list_any(&rules->stop, rules->mctx, line, n, options);
}

int
ps_rules_value(const struct ps_rules *rules, enum ps_field field, const char *s,
	       size_t len, size_t *so, size_t *eo)
{
	if (rules == NULL || (int) field < 0 || field >= PS_F_COUNT
	    || rules->value[field].n == 0)
		return 0;
	if (s == NULL)
		return -1;
	return ps_list_first(&rules->value[field], rules->mctx, s, len, 0, 0,
			     so, eo, NULL)
		? 1
		: -1;
}

int
ps_rules_next_address(const struct ps_rules *rules, const char *s, size_t len,
		      size_t start, size_t *so, size_t *eo)
{
	if (rules == NULL || s == NULL)
		return 0;
	return ps_list_first(&rules->address, rules->mctx, s, len, start, 0, so,
			     eo, NULL);
}

const char *
ps_rules_request_type(const struct ps_rules *rules, const char *value)
{
	uint32_t options = 0;
	size_t n, so, eo;
	long mark;

	if (rules == NULL || value == NULL)
		return NULL;
	n = ps_prefix(value, strlen(value), PS_VALUE_SCAN, &options);
	if (!ps_list_first(&rules->request_type, rules->mctx, value, n, 0,
			   options, &so, &eo, &mark))
		return NULL;
	if (mark < 0 || (size_t) mark >= rules->request_count)
		return NULL;
	return rules->request_name[mark];
}

const char *
ps_rules_technical_request_type(const struct ps_rules *rules)
{
	return rules ? rules->technical : NULL;
}

int
ps_rules_product_excluded(const struct ps_rules *rules, const char *product)
{
	uint32_t options = 0;
	size_t n;

	if (rules == NULL || product == NULL)
		return 0;
	n = ps_prefix(product, strlen(product), PS_VALUE_SCAN, &options);
	return ps_list_any(&rules->excluded, rules->mctx, product, n, options);
}

/* Does any of the texts match any pattern of the list? */
static int
any_text(const struct ps_rules *rules, const struct ps_list *list,
	 const struct ps_scan *scan, const char *const *texts, size_t ntexts)
{
	uint32_t options;
	size_t i, n;

	if (texts == NULL)
		return 0;
	for (i = 0; i < ntexts; i++) {
		if (texts[i] == NULL)
			continue;
		options = 0;
		n = ps_prefix(texts[i], strlen(texts[i]), PS_TEXT_SCAN,
			      &options);
		/* One pass usually proves "no phrase"; else each pattern. */
		if (!ps_scan_none(scan, rules->mctx, texts[i], n, options)
		    && ps_list_any(list, rules->mctx, texts[i], n, options))
			return 1;
	}
	return 0;
}

enum ps_severity
ps_rules_severity(const struct ps_rules *rules, const char *request_type,
		  const char *const *texts, size_t ntexts)
{
	if (rules == NULL)
		return PS_SEV_S2;
	if (request_type != NULL && rules->technical != NULL
	    && strcasecmp(request_type, rules->technical) != 0)
		return PS_SEV_S3;
	if (any_text(rules, &rules->severity_s1, &rules->severity_s1_scan,
		     texts, ntexts))
		return PS_SEV_S1;
	if (any_text(rules, &rules->severity_s3, &rules->severity_s3_scan,
		     texts, ntexts))
		return PS_SEV_S3;
	return PS_SEV_S2;
}

struct ps_sla
ps_rules_sla(const struct ps_rules *rules, enum ps_severity sev, int priority)
{
	struct ps_sla out = {NULL, NULL, NULL};
	const struct ps_sla_rule *s;

	if (rules == NULL || sev < PS_SEV_S1 || sev > PS_SEV_S3)
		return out;
	s = &rules->sla[sev - 1][0];
	if (priority && rules->sla[sev - 1][1].set)
		s = &rules->sla[sev - 1][1];
	out.first_response = s->first_response;
	out.problem_determination = s->problem_determination;
	out.resolution_target = s->resolution_target;
	return out;
}

size_t
ps_rules_support_count(const struct ps_rules *rules)
{
	return rules ? rules->support_count : 0;
}

const struct ps_support_address *
ps_rules_support(const struct ps_rules *rules, size_t i)
{
	if (rules == NULL || i >= rules->support_count)
		return NULL;
	return &rules->support[i];
}

size_t
ps_rules_required_count(const struct ps_rules *rules)
{
	return rules ? rules->required_count : 0;
}

enum ps_field
ps_rules_required(const struct ps_rules *rules, size_t i)
{
	if (rules == NULL || i >= rules->required_count)
		return PS_F_COUNT;
	return rules->required[i];
}

void
ps_rules_thread_cleanup(void)
{
	ps_thread_cleanup();
}
