/*
 * NAME
 *	fuzz_rules.c - libFuzzer target: the rules file parser
 * SUMMARY
 *	Any byte string through ps_rules_parse().  A rule set that loads is
 *	exercised once with its own patterns (labels, instructions, values,
 *	addresses, request types, products, severity, SLA) on a fixed sample, so
 *	that a loaded but inconsistent rule set is found too.  A failed load
 *	must leave a "NAME:LINE: reason" message.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] =
	"Customer Primary Email Address: Admin@Acme.Example, zuid 123 "
	"Support Request Type: Technical Support; product Zoho CRM "
	"cannot log in, outage, how to";

static const char *const instr[] = {
	"Eg: Zoho CRM, Zoho Desk etc. Zoho Books",
	"(150 - 200 words) ((( [[[",
	"Predefined values (Technical Support, Upgrade",
	"The email address with reference to which the",
};

static void
exercise(const struct ps_rules *rules)
{
	const char *texts[] = {sample, NULL, ""};
	struct ps_label_hit hit;
	struct ps_instruction_hit ih;
	struct ps_rule_info info;
	struct ps_severity_why why;
	size_t off, so, eo, i;
	int f;

	(void) ps_rules_label(rules, sample, sizeof(sample) - 1, &off);
	if (ps_rules_label_hit(rules, sample, sizeof(sample) - 1, &hit) >= 0
	    && (ps_rules_label_rule(rules, hit.rule, &info) != 0
		|| hit.value_off > sizeof(sample) - 1))
		abort();
	for (i = 0; i < sizeof(instr) / sizeof(instr[0]); i++) {
		if (ps_rules_instruction(rules, instr[i], strlen(instr[i]), &ih)
		    && (ps_rules_instruction_rule(rules, ih.rule, &info) != 0
			|| ih.rest > strlen(instr[i])))
			abort();
		(void) ps_rules_instruction_begins(rules, instr[i],
						   strlen(instr[i]));
	}
	(void) ps_rules_severity_why(rules, NULL, texts, 3, 1, &why);
	(void) ps_rules_stop(rules, sample, sizeof(sample) - 1);
	for (f = 0; f < PS_F_COUNT; f++)
		(void) ps_rules_value(rules, (enum ps_field) f, sample,
				      sizeof(sample) - 1, &so, &eo);
	off = 0;
	while (ps_rules_next_address(rules, sample, sizeof(sample) - 1, off,
				     &so, &eo)
		       == 1
	       && eo > off)
		off = eo;
	(void) ps_rules_request_type(rules, "technical support");
	(void) ps_rules_technical_request_type(rules);
	(void) ps_rules_product_excluded(rules, "Zoho Campaigns");
	(void) ps_rules_severity(rules, NULL, texts, 3);
	(void) ps_rules_severity(rules, "Upgrade", texts, 3);
	for (f = PS_SEV_S1; f <= PS_SEV_S3; f++) {
		(void) ps_rules_sla(rules, (enum ps_severity) f, 0);
		(void) ps_rules_sla(rules, (enum ps_severity) f, 1);
	}
	for (i = 0; i < ps_rules_support_count(rules); i++)
		if (ps_rules_support(rules, i)->address == NULL)
			abort();
	for (i = 0; i < ps_rules_required_count(rules); i++)
		if (ps_field_name(ps_rules_required(rules, i)) == NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_rules *rules;
	struct ps_error err = {""};

	rules = ps_rules_parse("fuzz.rules", (const char *) data, size, &err);
	if (rules == NULL) {
		if (strncmp(err.text, "fuzz.rules", 10) != 0)
			abort();
		return 0;
	}
	exercise(rules);
	ps_rules_free(rules);
	return 0;
}
