/*
 * NAME
 *	headers.c - format the verdict as header values
 * SUMMARY
 *	X-Priority-Customer carries "key=value" parameters separated by
 *	"; "; account ids and regions come from the cache and are reduced to
 *	token characters so no value can add a parameter or a line.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/headers.h"
#include "core/sanitize.h"
#include "util/xalloc.h"

#define VALUE_MAX   200 /* bytes of message text in one value */
#define ADDRESS_MAX 254 /* RFC 5321 path limit */

const char *const ps_contract_headers[PS_HEADERS_MAX] = {
	[PS_H_PRIORITY] = "X-Priority-Customer",
	[PS_H_SEVERITY] = "X-Severity",
	[PS_H_SLA] = "X-Support-SLA",
	[PS_H_CUSTOMER_EMAIL] = "X-Customer-Primary-Email",
	[PS_H_PRODUCT] = "X-Support-Product",
	[PS_H_REQUEST_TYPE] = "X-Support-Request-Type",
	[PS_H_TEMPLATE] = "X-Support-Template",
	[PS_H_DATACENTER] = "X-Support-Datacenter",
	[PS_H_PARTNER_SENDER] = "X-Partner-Sender",
};

int
ps_is_contract_header(const char *name)
{
	size_t i;

	for (i = 0; i < PS_HEADERS_MAX; i++)
		if (strcasecmp(name, ps_contract_headers[i]) == 0)
			return 1;
	return 0;
}

static void
add(struct ps_headers *out, enum ps_header_id which, char *value)
{
	out->v[out->n].name = ps_contract_headers[which];
	out->v[out->n].value = value;
	out->n++;
}

/* A message-derived value; nothing is added when nothing printable is left. */
static void
add_text(struct ps_headers *out, enum ps_header_id which, const char *text,
	 size_t max)
{
	char *value = ps_sanitize_text(text, max);

	if (*value == '\0')
		free(value);
	else
		add(out, which, value);
}

static char *
priority_value(const struct ps_verdict *v)
{
	char buf[512], *account, *region;
	char threshold[32];
	int n;

	n = snprintf(buf, sizeof(buf), "%s", ps_priority_name(v->priority));
	if (v->reason != NULL)
		n += snprintf(buf + n, sizeof(buf) - (size_t) n, "; reason=%s",
			      v->reason);
	if (v->found) {
		account = ps_sanitize_token(v->account.account_id,
					    PS_ACCOUNT_ID_MAX);
		region = ps_sanitize_token(v->tier != NULL ? v->tier
							   : v->account.region,
					   PS_REGION_MAX);
		if (v->tier != NULL)
			snprintf(threshold, sizeof(threshold), "%lu",
				 v->threshold);
		else
			snprintf(threshold, sizeof(threshold), "unknown");
		snprintf(buf + n, sizeof(buf) - (size_t) n,
			 "; account=%s; licenses=%lu; region=%s; threshold=%s"
			 "; matched=%s",
			 account, v->account.licenses, region, threshold,
			 ps_match_name(v->matched));
		free(account);
		free(region);
	}
	return ps_xstrdup(buf);
}

static char *
sla_value(const struct ps_verdict *v)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf),
		     "first-response=%s; problem-determination=%s",
		     v->sla.first_response, v->sla.problem_determination);
	if (v->sla.resolution_target != NULL)
		snprintf(buf + n, sizeof(buf) - (size_t) n,
			 "; resolution-target=%s", v->sla.resolution_target);
	return ps_sanitize_text(buf, sizeof(buf));
}

static char *
template_value(const struct ps_verdict *v)
{
	char buf[256];
	size_t i;
	int n;

	if (v->nmissing == 0)
		return ps_xstrdup("complete");
	n = snprintf(buf, sizeof(buf), "incomplete; missing=");
	for (i = 0; i < v->nmissing; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t) n, "%s%s",
			      i ? "," : "", ps_field_name(v->missing[i]));
	return ps_xstrdup(buf);
}

void
ps_headers_build(const struct ps_verdict *v, const struct ps_fields *f,
		 struct ps_headers *out)
{
	memset(out, 0, sizeof(*out));
	add(out, PS_H_PRIORITY, priority_value(v));
	add(out, PS_H_SEVERITY, ps_xstrdup(ps_severity_name(v->severity)));
	add(out, PS_H_SLA, sla_value(v));
	if (f != NULL && f->customer_email != NULL)
		add_text(out, PS_H_CUSTOMER_EMAIL, f->customer_email,
			 ADDRESS_MAX);
	if (f != NULL && f->value[PS_F_PRODUCT] != NULL)
		add_text(out, PS_H_PRODUCT, f->value[PS_F_PRODUCT], VALUE_MAX);
	if (v->request_type != NULL)
		add_text(out, PS_H_REQUEST_TYPE, v->request_type, VALUE_MAX);
	add(out, PS_H_TEMPLATE, template_value(v));
	if (v->datacenter != NULL)
		add(out, PS_H_DATACENTER, ps_sanitize_token(v->datacenter, 16));
	if (v->sender_freemail)
		add(out, PS_H_PARTNER_SENDER, ps_xstrdup("freemail"));
}

void
ps_headers_free(struct ps_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].value);
	h->n = 0;
}
