#ifndef PS_RULES_BUILD_H
#define PS_RULES_BUILD_H

/*
 * NAME
 *	rules_build.h - a rules file being read (rules-internal)
 * SUMMARY
 *	struct build, what the directives of a rules file collect until
 *	its last line, shared by rules.c (which reads the file line by
 *	line and compiles what was collected) and rules_directives.c
 *	(which reads one directive, and checks after the last line that
 *	nothing required is missing).
 */

#include "rules/rules_impl.h"

/* Collected while reading; compiled into a struct ps_rules at the end. */
struct build {
	const char *name;
	struct ps_error *err;
	unsigned line;
	struct ps_alts labels;
	struct ps_alts instrs;
	int lang; /* of the label and instruction lines, or -1 */
	unsigned long match_limit;
	unsigned long depth_limit;
	int jit;
	char *technical;
	unsigned technical_line;
	int required_seen;
	struct ps_rules *rules;
};

/* rules_directives.c; -1 with "NAME:LINE: reason" in b->err. */
int ps_rules_directive(struct build *b, const char *line, size_t len);
int ps_rules_check_complete(struct build *b);

#endif
