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

/* With no envelope sender the From address stands in for it. */
void ps_decide(const struct ps_generation *gen, const struct ps_text *text,
	       const struct ps_fields *fields, const struct ps_envelope *env,
	       struct ps_verdict *out);

/* The verdict for a message that could not be parsed at all. */
void
ps_decide_parse_error(const struct ps_generation *gen,
		      const struct ps_envelope *env, struct ps_verdict *out);

#endif
