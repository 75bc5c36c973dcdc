#ifndef PS_RULES_IMPL_H
#define PS_RULES_IMPL_H

/*
 * NAME
 *	rules_impl.h - the inside of a loaded rule set (rules-internal)
 * SUMMARY
 *	Shared by rules.c and rules_directives.c (which build it from a
 *	rules file) and rules_match.c (which answers questions with it).
 *	Nothing here is written after loading, so a rule set is shared
 *	without locks.
 */

#include "rules/dispatch.h"
#include "rules/pattern.h"
#include "rules/rules.h"
#include "rules/scan.h"

/* Only the first bytes of a line can hold a label or a stop marker. */
#define PS_LINE_SCAN 2048
/* Request types and product names are short; longer input is cut. */
#define PS_VALUE_SCAN 1024
/* Severity phrases are looked for in the first 16 KiB of each text. */
#define PS_TEXT_SCAN 16384
/* A line that ends inside an instruction has this much of it, at least. */
#define PS_PARTIAL_MIN 16

struct ps_sla_rule {
	char *first_response;
	char *problem_determination;
	char *resolution_target; /* or NULL */
	int set;
};

/* A label or instruction line of the rules file. */
struct ps_rule_ref {
	enum ps_field field;
	int lang; /* index in langs, or -1 */
	unsigned line;
};

struct ps_rules {
	char *name;		       /* the file, for psmilter -t --explain */
	pcre2_match_context *mctx;     /* match and depth limits */
	pcre2_code *labels;	       /* anchored; mark = index in label */
	struct ps_dispatch label_pick; /* lines that cannot hold one */
	struct ps_rule_ref *label;
	size_t label_count;
	pcre2_code *instructions;      /* anchored; mark = index in instr */
	struct ps_dispatch instr_pick; /* lines that cannot start one */
	struct ps_rule_ref *instr;
	size_t instr_count;
	char **langs; /* language codes, in order of first use */
	size_t lang_count;
	struct ps_list value[PS_F_COUNT];
	struct ps_list address;
	struct ps_list stop;
	struct ps_list request_type; /* mark = index in request_name */
	char **request_name;
	size_t request_count;
	const char *technical; /* one of request_name, or NULL */
	struct ps_list excluded;
	struct ps_list severity_s1;
	struct ps_list severity_s3;
	struct ps_scan severity_s1_scan; /* "no S1 phrase", quickly */
	struct ps_scan severity_s3_scan;
	struct ps_sla_rule sla[3][2]; /* [severity - 1][priority] */
	struct ps_support_address *support;
	size_t support_count;
	enum ps_field required[PS_F_COUNT];
	size_t required_count;
};

#endif
