#ifndef PS_RULES_H
#define PS_RULES_H

/*
 * NAME
 *	rules.h - the rules file: template labels, value patterns, request
 *	types, excluded products, severity patterns, SLA, support addresses
 * SUMMARY
 *	A loaded rule set is immutable and may be shared by any number of
 *	threads.  Every pattern is PCRE2 (UTF, caseless), JIT-compiled once at
 *	load, and matched with a match limit and a depth limit, so no message
 *	can make a match run long.
 * DIAGNOSTICS
 *	Loaders return NULL and write "FILE:LINE: reason" into err.
 */

#include <stddef.h>

#include "util/error.h"

/* Template fields (README).  The names are the rules-file names. */
enum ps_field {
	PS_F_CUSTOMER_EMAIL,  /* "customer-email" */
	PS_F_REQUEST_TYPE,    /* "request-type" */
	PS_F_REPRODUCIBLE,    /* "reproducible" */
	PS_F_PRODUCT,	      /* "product" */
	PS_F_DESCRIPTION,     /* "description" */
	PS_F_TROUBLESHOOTING, /* "troubleshooting" */
	PS_F_ORG_ID,	      /* "org-id" */
	PS_F_USER_ID,	      /* "user-id" */
	PS_F_COUNT
};

enum ps_severity {
	PS_SEV_S1 = 1, /* S1-Critical */
	PS_SEV_S2 = 2, /* S2-Moderate */
	PS_SEV_S3 = 3  /* S3-Low */
};

/* Service commitment for one severity, as printed in X-Support-SLA. */
struct ps_sla {
	const char *first_response;	   /* "1-3h" */
	const char *problem_determination; /* "2-8h" */
	const char *resolution_target;	   /* "24-48h", or NULL */
};

struct ps_support_address {
	const char *address;	/* lowercase, no angle brackets */
	const char *datacenter; /* "US", "EU" */
};

struct ps_rules;

/*
 * Load rules from text (NUL not required; len bytes).  "name" is used in
 * error messages as the FILE part.  Returns NULL with "name:LINE: reason"
 * in err on the first error.
 */
struct ps_rules *ps_rules_parse(const char *name, const char *text, size_t len,
				struct ps_error *err);
/* Read and parse a rules file. */
struct ps_rules *ps_rules_load(const char *path, struct ps_error *err);
void ps_rules_free(struct ps_rules *rules);

const char *ps_field_name(enum ps_field field);
int ps_field_by_name(const char *name); /* -1 if unknown */
/*
 * Depth of ( and [ brackets after s[0, n), starting from depth (never
 * below 0).  When the depth returns to 0 it stops there: 0, with *stop
 * just past the closing bracket; else *stop is n.  stop may be NULL, and
 * then the whole text is counted.
 */
unsigned
ps_bracket_depth(const char *s, size_t n, unsigned depth, size_t *stop);

const char *ps_severity_name(enum ps_severity sev); /* "S1-Critical" */

/*
 * Does this line (UTF-8, no line terminator) start with a template label?
 * Leading markup (spaces, "*", "_", "#", bullets, an item number such as
 * "1." or "a)") is skipped; after the label, markup and one "(note)" or
 * "[note]" -- of any length and nesting when a separator, the end of the
 * line or an instruction follows it.  Returns the field, and in
 * *value_off the offset of the value after the separator (":", "-", "–",
 * "—", full-width "：", "=", "|", an arrow "→", "->", "=>", Outlook's
 * AutoCorrect arrow U+F0E0 or its windows-1252 form " à ", a tab; a dash
 * must be followed by a blank) and the markup and blanks after it
 * ("**Label:** value"); after a "?" the separator is optional ("Is the
 * issue reproducible? Yes").  *value_off == len when the label stands
 * alone on its line (the value is then on a following line).  Returns -1
 * when the line holds no label.  Only the first 2 KiB of a line count.
 */
int ps_rules_label(const struct ps_rules *rules, const char *line, size_t len,
		   size_t *value_off);

/* ps_rules_label(), also telling which label rule matched. */
struct ps_label_hit {
	int field;	  /* enum ps_field */
	int rule;	  /* for ps_rules_label_rule() */
	size_t value_off; /* as ps_rules_label()'s */
};
int ps_rules_label_hit(const struct ps_rules *rules, const char *line,
		       size_t len, struct ps_label_hit *hit);

/* A label or instruction line of the rules file. */
struct ps_rule_info {
	enum ps_field field;
	const char *lang; /* its "language" ("en", "vi", ...), or NULL */
	unsigned line;	  /* its line in the rules file */
};

/* Label rule i (from a hit): 0, or -1 when there is no such rule. */
int ps_rules_label_rule(const struct ps_rules *rules, int i,
			struct ps_rule_info *out);

/*
 * Does s[0, len) (a line, or the rest of a label line) begin with one of
 * the template's own instruction texts ("instruction" lines of the
 * rules: "Eg: Zoho CRM, Zoho Desk etc.", "(150 - 200 words)")?  Leading
 * markup and one opening bracket are skipped.  An instruction runs to
 * the end of its match and then to the bracket that closes every bracket
 * it opened, on this line or, when hit->open > 0, on following lines.
 * After it comes the end of the line, or the value: after a separator,
 * or directly after an instruction that ends with ")", "]" or ".".  A
 * match followed by anything else is prose that begins like an
 * instruction, not one.  Returns 1 with hit filled (hit->rest: where the
 * value starts, len when none), else 0.
 */
struct ps_instruction_hit {
	int rule;      /* for ps_rules_instruction_rule() */
	int field;     /* the field whose instruction it is */
	size_t rest;   /* offset of the value after it, or len */
	unsigned open; /* brackets still open at the end of the line */
};
int ps_rules_instruction(const struct ps_rules *rules, const char *s,
			 size_t len, struct ps_instruction_hit *hit);
int ps_rules_instruction_rule(const struct ps_rules *rules, int i,
			      struct ps_rule_info *out);

/*
 * Does s[0, len) end inside an instruction: is it, from its start, at
 * least 16 bytes of the beginning of one that a mail client wrapped onto
 * the next line?  1 yes, 0 no.  Lines longer than 2 KiB: no.
 */
int ps_rules_instruction_begins(const struct ps_rules *rules, const char *s,
				size_t len);

/* The rules file's name, as loaded ("(built-in rules)" for the default). */
const char *ps_rules_name(const struct ps_rules *rules);

/*
 * Does this line end a multi-line value (a signature delimiter, a
 * closing such as "Regards,", a reply or forward header)?  1 yes, 0 no.
 * Only the first bytes of the line are looked at, as for labels.
 */
int ps_rules_stop(const struct ps_rules *rules, const char *line, size_t len);

/*
 * Narrow a raw field value with the field's value pattern (e.g. digits for
 * org-id).  Returns 1 with [*so, *eo) set, 0 when the field has no value
 * pattern (use the whole value), -1 when the pattern does not match.
 */
int ps_rules_value(const struct ps_rules *rules, enum ps_field field,
		   const char *s, size_t len, size_t *so, size_t *eo);

/*
 * Find the next email address in s at or after offset start.  Returns 1
 * with [*so, *eo) set, 0 when there is none.
 */
int ps_rules_next_address(const struct ps_rules *rules, const char *s,
			  size_t len, size_t start, size_t *so, size_t *eo);

/* Canonical request type ("Technical Support") for a raw value, or NULL. */
const char *
ps_rules_request_type(const struct ps_rules *rules, const char *value);

/* The canonical name that means technical support. */
const char *ps_rules_technical_request_type(const struct ps_rules *rules);

/* Is this product excluded from priority support? 1 yes, 0 no. */
int
ps_rules_product_excluded(const struct ps_rules *rules, const char *product);

/*
 * Severity from the rules (the non-priority case).  request_type is the
 * canonical request type or NULL; texts are the subject, description and
 * troubleshooting text (NULL entries are skipped).  Any request type other
 * than technical support gives S3; then S1 patterns, then S3 patterns,
 * else S2.
 */
enum ps_severity
ps_rules_severity(const struct ps_rules *rules, const char *request_type,
		  const char *const *texts, size_t ntexts);

/* Where a severity phrase was found. */
struct ps_phrase {
	int found;
	size_t text;   /* index in texts */
	unsigned line; /* the pattern's line in the rules file */
	size_t so, eo; /* the phrase in texts[text] */
};

/* Why ps_rules_severity_why() decided what it did. */
enum ps_severity_cause {
	PS_CAUSE_DEFAULT,      /* no phrase: S2 */
	PS_CAUSE_REQUEST_TYPE, /* not technical support: S3 */
	PS_CAUSE_S1_PHRASE,
	PS_CAUSE_S3_PHRASE,
};
struct ps_severity_why {
	enum ps_severity_cause cause;
	struct ps_phrase phrase;  /* the phrase that decided, if any */
	struct ps_phrase ignored; /* an S1 phrase not applied (no_s1) */
};

/*
 * ps_rules_severity() with S1 phrases left out when no_s1 is set
 * (automated mail is never escalated by its wording), and the reason
 * in *why when why is not NULL (which costs a search per pattern).
 */
enum ps_severity
ps_rules_severity_why(const struct ps_rules *rules, const char *request_type,
		      const char *const *texts, size_t ntexts, int no_s1,
		      struct ps_severity_why *why);

/*
 * How many different canonical request types a value names, counted up
 * to max: the template's own list of them ("Predefined values
 * (Technical Support, Payment Extension, ...)") names them all, a
 * partner's answer one.
 */
size_t ps_rules_request_types_named(const struct ps_rules *rules,
				    const char *value, size_t len, size_t max);

/* SLA for a severity; priority selects the large-user-account variant. */
struct ps_sla
ps_rules_sla(const struct ps_rules *rules, enum ps_severity sev, int priority);

/* Support addresses declared in the rules file. */
size_t ps_rules_support_count(const struct ps_rules *rules);
const struct ps_support_address *
ps_rules_support(const struct ps_rules *rules, size_t i);

/* Fields whose absence makes X-Support-Template "incomplete", in order. */
size_t ps_rules_required_count(const struct ps_rules *rules);
enum ps_field ps_rules_required(const struct ps_rules *rules, size_t i);

/*
 * Each thread keeps its PCRE2 match data, freed when the thread exits.
 * A thread that returns from main instead (or a test wanting a clean
 * leak report) calls this first.  Safe to call at any time.
 */
void ps_rules_thread_cleanup(void);

#endif
