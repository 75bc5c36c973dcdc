/*
 * NAME
 *	rules_fixture.c - the shipped rules, for Check tests
 * SUMMARY
 *	See rules_fixture.h.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rules/defaults.h"
#include "tests/rules_fixture.h"

struct ps_rules *
ps_test_shipped_rules(void)
{
	static const char nojit[] = "\njit no\n";
	struct ps_error err = {""};
	char *text = malloc(ps_default_rules_len + sizeof(nojit));
	size_t len = ps_default_rules_len;
	struct ps_rules *rules;

	ck_assert_ptr_nonnull(text);
	memcpy(text, ps_default_rules, len);
	if (getenv("PSMILTER_TEST_NOJIT") != NULL) {
		memcpy(text + len, nojit, sizeof(nojit) - 1);
		len += sizeof(nojit) - 1;
	}
	rules = ps_rules_parse("psmilter.rules", text, len, &err);
	free(text);
	ck_assert_msg(rules != NULL, "shipped rules: %s", err.text);
	return rules;
}
