#ifndef PS_DECIDE_H
#define PS_DECIDE_H

/*
 * NAME
 *	decide.h - who the customer is, and what priority and severity the
 *	ticket gets (README, psmilter(8))
 * SUMMARY
 *	Pure over its inputs: the generation (rules, regions, freemail list,
 *	cache), the parsed text and fields, and the envelope sender.
 */

#include "cache/cache.h"
#include "core/generation.h"
#include "parser/fields.h"
#include "parser/text.h"
#include "rules/rules.h"

enum ps_priority {
	PS_PRIORITY_YES,
	PS_PRIORITY_NO,
	PS_PRIORITY_UNKNOWN,
	PS_PRIORITY_COUNT
};

enum ps_match {
	PS_MATCH_NONE,
	PS_MATCH_EMAIL,
	PS_MATCH_DOMAIN,
	PS_MATCH_ZUID,
	PS_MATCH_ZOID,
	PS_MATCH_COUNT
};

/* What one cache probe found, for psmilter -t --explain. */
enum ps_probe_result {
	PS_PROBE_FOUND,
	PS_PROBE_NOT_FOUND,
	PS_PROBE_ERROR,		/* the cache failed */
	PS_PROBE_SKIP_SENDER,	/* the partner's own address */
	PS_PROBE_SKIP_FREEMAIL, /* a free mail domain */
	PS_PROBE_SKIP_PARTNER,	/* the partner's own domain */
	PS_PROBE_RESULT_COUNT
};

struct ps_probe {
	enum ps_match how; /* email, domain, zuid, zoid */
	int other;	   /* an address other than the customer email */
	const char *key;   /* points into the fields */
	enum ps_probe_result result;
};

#define PS_TRACE_PROBES 80 /* more than the keys a message can give */

/*
 * The steps of a decision, when asked for: the keys tried, in order,
 * and why the severity is what it is.  Its strings point into the
 * fields the decision read.
 */
struct ps_trace {
	struct ps_probe probe[PS_TRACE_PROBES];
	size_t nprobes;
	struct ps_severity_why why; /* when not a priority customer */
};

struct ps_verdict {
	enum ps_priority priority;
	const char *reason; /* "below-threshold", ...; NULL: yes */
	int found;	    /* account is valid */
	struct ps_account account;
	const char *tier; /* tier name, or NULL if unknown */
	unsigned long threshold;
	enum ps_match matched;
	enum ps_severity severity;
	struct ps_sla sla;
	const char *request_type;	   /* canonical, or NULL */
	enum ps_field missing[PS_F_COUNT]; /* required fields absent */
	size_t nmissing;
	const char *datacenter; /* of the support recipient */
	int sender_freemail;
	int automated;		 /* S1 phrases were not applied */
	const char *cache_error; /* set when the cache failed */
};

struct ps_envelope {
	const char *qid;	  /* MTA queue id, for log lines */
	const char *sender;	  /* envelope sender, or NULL */
	const char *const *rcpts; /* envelope recipients */
	size_t nrcpts;		  /* 0: use the message's To and Cc */
};

const char *ps_match_name(enum ps_match m);	  /* "email" */
const char *ps_priority_name(enum ps_priority p); /* "yes" */

/*
 * With no envelope sender the From address stands in for it.  Automated
 * mail (text->automated, or the null envelope sender) never gets S1
 * from the severity phrases.
 */
void ps_decide(const struct ps_generation *gen, const struct ps_text *text,
	       const struct ps_fields *fields, const struct ps_envelope *env,
	       struct ps_verdict *out);

/* Is the envelope sender the null sender (<>) of a bounce? */
int ps_null_sender(const struct ps_envelope *env);

/* ps_decide(), recording its steps in trace (which may be NULL). */
void
ps_decide_traced(const struct ps_generation *gen, const struct ps_text *text,
		 const struct ps_fields *fields, const struct ps_envelope *env,
		 struct ps_verdict *out, struct ps_trace *trace);

/* The verdict for a message that could not be parsed at all. */
void
ps_decide_parse_error(const struct ps_generation *gen,
		      const struct ps_envelope *env, struct ps_verdict *out);

#endif
