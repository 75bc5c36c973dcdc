#ifndef PS_RULES_IMPL_H
#define PS_RULES_IMPL_H

/*
 * NAME
 *	rules_impl.h - the inside of a loaded rule set
 * SUMMARY
 *	Shared by rules.c (which builds it from a rules file) and
 *	rules_match.c (which answers questions with it).  Nothing here is
 *	written after loading, so a rule set is shared without locks.
 */

#include "rules/dispatch.h"
#include "rules/pattern.h"
#include "rules/scan.h"
#include "rules/rules.h"

/* Only the first bytes of a line can hold a label or a stop marker. */
#define PSR_LINE_SCAN	2048
/* Request types and product names are short; longer input is cut. */
#define PSR_VALUE_SCAN	1024
/* Severity phrases are looked for in the first 16 KiB of each text. */
#define PSR_TEXT_SCAN	16384

struct psr_sla {
	char   *first_response;
	char   *problem_determination;
	char   *resolution_target;	/* or NULL */
	int	set;
};

struct ps_rules {
	pcre2_match_context *mctx;	/* match and depth limits */
	pcre2_code *labels;		/* anchored; mark = enum ps_field */
	struct psr_dispatch label_pick;	/* lines that cannot hold one */
	struct psr_list value[PS_F_COUNT];
	struct psr_list address;
	struct psr_list stop;
	struct psr_list request_type;	/* mark = index in request_name */
	char  **request_name;
	size_t	request_count;
	const char *technical;		/* one of request_name, or NULL */
	struct psr_list excluded;
	struct psr_list severity_s1;
	struct psr_list severity_s3;
	struct psr_scan severity_s1_scan;	/* "no S1 phrase", quickly */
	struct psr_scan severity_s3_scan;
	struct psr_sla sla[3][2];	/* [severity - 1][priority] */
	struct ps_support_address *support;
	size_t	support_count;
	enum ps_field required[PS_F_COUNT];
	size_t	required_count;
};

#endif
