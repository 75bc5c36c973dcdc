#ifndef PS_TEST_RULES_FIXTURE_H
#define PS_TEST_RULES_FIXTURE_H

/*
 * NAME
 *	rules_fixture.h - the shipped rules, for Check tests
 * SUMMARY
 *	ps_test_shipped_rules() compiles etc/psmilter.rules as built into
 *	psmilter; the test fails with the loader's message if it cannot.
 *	With PSMILTER_TEST_NOJIT set, "jit no" is appended: PCRE2's JIT
 *	reads subjects 16 bytes at a time past their end (aligned, never
 *	across a page), which valgrind reports; the interpreter does not.
 */

#include "rules/rules.h"

struct ps_rules *ps_test_shipped_rules(void);

#endif
