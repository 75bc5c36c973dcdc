/*
 * NAME
 *	decide.c - customer lookup, priority and severity
 * SUMMARY
 *	Keys are tried in the order the README gives and the first one in
 *	the cache wins: the customer primary email, other addresses in the
 *	template fields (not the partner's own, nor its colleagues' on its
 *	domain), the ZUID, the ZOID, then customer domains - never a
 *	free mail domain, since one customer with a gmail super admin must not
 *	make every gmail user a priority customer.
 *	Automated mail (delivery reports, auto-replies) is decided like any
 *	other but for the S1 severity phrases, which it never gets: "Returned
 *	mail: Service unavailable" is no outage of the partner's customer.
 */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/decide.h"
#include "util/log.h"

const char *
ps_match_name(enum ps_match m)
{
	static const char *const names[PS_MATCH_COUNT] = {
		[PS_MATCH_NONE] = "none",
		[PS_MATCH_EMAIL] = "email",
		[PS_MATCH_DOMAIN] = "domain",
		[PS_MATCH_ZUID] = "zuid",
		[PS_MATCH_ZOID] = "zoid"};

	return names[m];
}

const char *
ps_priority_name(enum ps_priority p)
{
	static const char *const names[PS_PRIORITY_COUNT] = {
		[PS_PRIORITY_YES] = "yes",
		[PS_PRIORITY_NO] = "no",
		[PS_PRIORITY_UNKNOWN] = "unknown"};

	return names[p];
}

static const char *
domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}

static int
is_sender_domain(const struct ps_text *text, const char *sender,
		 const char *domain)
{
	size_t i;
	const char *d;

	if ((d = domain_of(sender)) != NULL && strcasecmp(d, domain) == 0)
		return 1;
	for (i = 0; i < text->senders.n; i++)
		if ((d = domain_of(text->senders.v[i])) != NULL
		    && strcasecmp(d, domain) == 0)
			return 1;
	return 0;
}

/* The partner's own addresses never identify a customer. */
static int
is_sender_addr(const struct ps_text *text, const char *sender, const char *addr)
{
	size_t i;

	if (addr == NULL)
		return 0;
	if (sender != NULL && strcasecmp(sender, addr) == 0)
		return 1;
	for (i = 0; i < text->senders.n; i++)
		if (strcasecmp(text->senders.v[i], addr) == 0)
			return 1;
	return 0;
}

/* One decision: what it reads, what it fills, what it records. */
struct lookup {
	const struct ps_generation *gen;
	const struct ps_text *text;
	const struct ps_fields *fields;
	const struct ps_envelope *env;
	struct ps_verdict *out;
	struct ps_trace *trace; /* or NULL */
};

static void
record(struct lookup *l, enum ps_match how, int other, const char *key,
       enum ps_probe_result result)
{
	struct ps_probe *p;

	if (l->trace == NULL || l->trace->nprobes == PS_TRACE_PROBES)
		return;
	p = &l->trace->probe[l->trace->nprobes++];
	p->how = how;
	p->other = other;
	p->key = key;
	p->result = result;
}

/* One cache probe; 1 found, 0 not, -1 cache error (recorded in out). */
static int
probe(struct lookup *l, enum ps_key_kind kind, const char *key,
      enum ps_match how, int other)
{
	struct ps_verdict *out = l->out;
	struct ps_error err;
	int rc;

	if (key == NULL || *key == '\0')
		return 0;
	rc = ps_cache_lookup(l->gen->cache, kind, key, &out->account, &err);
	record(l, how, other, key,
	       rc < 0		? PS_PROBE_ERROR
		       : rc > 0 ? PS_PROBE_FOUND
				: PS_PROBE_NOT_FOUND);
	if (rc < 0) {
		ps_log_msg(LOG_ERR, l->env->qid,
			   "license cache lookup failed: %s", err.text);
		out->cache_error = "lookup failed";
		return -1;
	}
	if (rc > 0) {
		out->found = 1;
		out->matched = how;
	}
	return rc;
}

static int
probe_domains(struct lookup *l)
{
	const struct ps_fields *fields = l->fields;
	const char *d;
	size_t i;
	int rc;

	for (i = 0; i <= fields->emails.n; i++) {
		d = domain_of(i == 0 ? fields->customer_email
				     : fields->emails.v[i - 1]);
		if (d == NULL)
			continue;
		if (ps_freemail_match(l->gen->freemail, d)) {
			record(l, PS_MATCH_DOMAIN, i > 0, d,
			       PS_PROBE_SKIP_FREEMAIL);
			continue;
		}
		/* The partner's own domain never identifies a customer. */
		if (i > 0 && is_sender_domain(l->text, l->env->sender, d)) {
			record(l, PS_MATCH_DOMAIN, 1, d, PS_PROBE_SKIP_PARTNER);
			continue;
		}
		if ((rc = probe(l, PS_KEY_DOMAIN, d, PS_MATCH_DOMAIN, i > 0))
		    != 0)
			return rc;
	}
	return 0;
}

/* The partner's own domain (not a free mail one, which many share). */
static int
partner_domain(const struct lookup *l, const char *d)
{
	return d != NULL && !ps_freemail_match(l->gen->freemail, d)
		&& is_sender_domain(l->text, l->env->sender, d);
}

/* 1 found, 0 not found, -1 cache error. */
static int
lookup_customer(struct lookup *l)
{
	const struct ps_fields *fields = l->fields;
	size_t i;
	int rc;

	for (i = 0; i <= fields->emails.n; i++) {
		const char *addr = i == 0 ? fields->customer_email
					  : fields->emails.v[i - 1];

		if (is_sender_addr(l->text, l->env->sender, addr)) {
			record(l, PS_MATCH_EMAIL, i > 0, addr,
			       PS_PROBE_SKIP_SENDER);
			continue;
		}
		/* A colleague's signature: the partner's own domain. */
		if (i > 0 && partner_domain(l, domain_of(addr))) {
			record(l, PS_MATCH_EMAIL, 1, addr,
			       PS_PROBE_SKIP_PARTNER);
			continue;
		}
		if ((rc = probe(l, PS_KEY_EMAIL, addr, PS_MATCH_EMAIL, i > 0))
		    != 0)
			return rc;
	}
	if ((rc = probe(l, PS_KEY_ZUID, fields->value[PS_F_USER_ID],
			PS_MATCH_ZUID, 0))
	    != 0)
		return rc;
	if ((rc = probe(l, PS_KEY_ZOID, fields->value[PS_F_ORG_ID],
			PS_MATCH_ZOID, 0))
	    != 0)
		return rc;
	return probe_domains(l);
}

static int
has_customer_id(const struct ps_fields *fields)
{
	return fields->customer_email != NULL || fields->emails.n > 0
		|| fields->value[PS_F_USER_ID] != NULL
		|| fields->value[PS_F_ORG_ID] != NULL;
}

static void
decide_priority(struct lookup *l)
{
	const struct ps_generation *gen = l->gen;
	const struct ps_fields *fields = l->fields;
	const struct ps_envelope *env = l->env;
	struct ps_verdict *out = l->out;
	const struct ps_tier *tier;
	const char *product = fields->value[PS_F_PRODUCT];

	out->priority = PS_PRIORITY_UNKNOWN;
	if (!has_customer_id(fields)) {
		out->reason = "no-customer-id";
		return;
	}
	if (gen->cache == NULL) {
		out->reason = "cache-unavailable";
		out->cache_error = gen->cache_error.text;
		return;
	}
	switch (lookup_customer(l)) {
	case -1: out->reason = "cache-unavailable"; return;
	case 0:
		out->priority = PS_PRIORITY_NO;
		out->reason = "not-found";
		return;
	}
	out->priority = PS_PRIORITY_NO;
	if ((tier = ps_regions_tier(gen->regions, out->account.region))
	    == NULL) {
		/* The cache was built with another regions file. */
		ps_log_msg(LOG_WARNING, env->qid,
			   "account %s: region \"%s\" is not in the "
			   "regions table; rebuild the cache",
			   out->account.account_id, out->account.region);
		out->reason = "below-threshold";
		return;
	}
	out->tier = tier->name;
	out->threshold = tier->threshold;
	if (out->account.licenses < tier->threshold)
		out->reason = "below-threshold";
	else if (product != NULL
		 && ps_rules_product_excluded(gen->rules, product))
		out->reason = "excluded-product";
	else
		out->priority = PS_PRIORITY_YES, out->reason = NULL;
}

static void
find_missing(const struct ps_generation *gen, const struct ps_fields *fields,
	     struct ps_verdict *out)
{
	size_t i, n = ps_rules_required_count(gen->rules);
	enum ps_field f;
	int absent;

	for (i = 0; i < n && out->nmissing < PS_F_COUNT; i++) {
		f = ps_rules_required(gen->rules, i);
		if (f == PS_F_CUSTOMER_EMAIL)
			absent = fields->customer_email == NULL;
		else if (f == PS_F_REQUEST_TYPE)
			absent = out->request_type == NULL;
		else
			absent = fields->value[f] == NULL;
		if (absent)
			out->missing[out->nmissing++] = f;
	}
}

static void
decide_sender(const struct ps_generation *gen, const struct ps_text *text,
	      const char *sender, struct ps_verdict *out)
{
	const char *d = domain_of(sender);

	if (d == NULL && text != NULL && text->senders.n > 0)
		d = domain_of(text->senders.v[0]);
	out->sender_freemail = d != NULL && ps_freemail_match(gen->freemail, d);
}

void
ps_decide_traced(const struct ps_generation *gen, const struct ps_text *text,
		 const struct ps_fields *fields, const struct ps_envelope *env,
		 struct ps_verdict *out, struct ps_trace *trace)
{
	struct lookup l = {gen, text, fields, env, out, trace};
	const char *texts[3];

	memset(out, 0, sizeof(*out));
	if (trace != NULL)
		memset(trace, 0, sizeof(*trace));
	out->automated = text->automated != NULL || ps_null_sender(env);
	if (fields->value[PS_F_REQUEST_TYPE] != NULL)
		out->request_type = ps_rules_request_type(
			gen->rules, fields->value[PS_F_REQUEST_TYPE]);
	decide_priority(&l);
	if (out->priority == PS_PRIORITY_YES) {
		out->severity = PS_SEV_S1;
	} else {
		texts[0] = text->subject;
		texts[1] = fields->value[PS_F_DESCRIPTION];
		texts[2] = fields->value[PS_F_TROUBLESHOOTING];
		out->severity = ps_rules_severity_why(
			gen->rules, out->request_type, texts, 3, out->automated,
			trace != NULL ? &trace->why : NULL);
	}
	out->sla = ps_rules_sla(gen->rules, out->severity,
				out->priority == PS_PRIORITY_YES);
	find_missing(gen, fields, out);
	decide_sender(gen, text, env->sender, out);
}

int
ps_null_sender(const struct ps_envelope *env)
{
	return env->sender != NULL
		&& (env->sender[0] == '\0' || strcmp(env->sender, "<>") == 0);
}

void
ps_decide(const struct ps_generation *gen, const struct ps_text *text,
	  const struct ps_fields *fields, const struct ps_envelope *env,
	  struct ps_verdict *out)
{
	ps_decide_traced(gen, text, fields, env, out, NULL);
}

void
ps_decide_parse_error(const struct ps_generation *gen,
		      const struct ps_envelope *env, struct ps_verdict *out)
{
	struct ps_fields none;

	memset(out, 0, sizeof(*out));
	memset(&none, 0, sizeof(none));
	out->priority = PS_PRIORITY_UNKNOWN;
	out->reason = "parse-error";
	out->severity = PS_SEV_S2;
	out->sla = ps_rules_sla(gen->rules, out->severity, 0);
	find_missing(gen, &none, out);
	decide_sender(gen, NULL, env->sender, out);
}
