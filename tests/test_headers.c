/*
 * NAME
 *	test_headers.c - header values: sanitizing hostile text, RFC 2047,
 *	the contract's names, order and formats
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/headers.h"
#include "core/sanitize.h"
#include "tests/check_main.h"

static void
assert_safe(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *) v; *p; p++)
		ck_assert_msg(*p >= 0x20 && *p < 0x7f, "byte 0x%02x in \"%s\"",
			      *p, v);
}

START_TEST(plain_ascii_passes)
{
	char *v = ps_sanitize_text("  Zoho   CRM  ", 200);

	ck_assert_str_eq(v, "Zoho CRM");
	free(v);
}
END_TEST

START_TEST(no_header_injection)
{
	char *v = ps_sanitize_text("Zoho CRM\r\nX-Priority-Customer: yes\r\n"
				   "\tfolded\x01\x7f",
				   200);

	ck_assert_str_eq(v, "Zoho CRM X-Priority-Customer: yes folded");
	assert_safe(v);
	free(v);
}
END_TEST

START_TEST(bare_cr_lf_nul_tab)
{
	const char in[] = "a\rb\nc\td\x0b"
			  "e";
	char *v = ps_sanitize_text(in, 200);

	ck_assert_str_eq(v, "a b c d e");
	free(v);
}
END_TEST

START_TEST(non_ascii_is_encoded)
{
	/* "Zoho Café" */
	char *v = ps_sanitize_text("Zoho Caf\xc3\xa9", 200);

	ck_assert_str_eq(v, "=?UTF-8?B?Wm9obyBDYWbDqQ==?=");
	free(v);
}
END_TEST

START_TEST(encoded_word_lookalike_is_encoded)
{
	char *v = ps_sanitize_text("=?UTF-8?B?eWVz?=", 200);

	/* Sent encoded, it reads back as the literal text, not as "yes". */
	ck_assert_str_eq(v, "=?UTF-8?B?PT9VVEYtOD9CP2VXVno/PQ==?=");
	free(v);
}
END_TEST

START_TEST(long_text_split_into_short_words)
{
	char in[400], *v, *w, *save = NULL;
	size_t i;

	/* 100 x "é" (2 bytes each): must split on character boundaries. */
	for (i = 0; i < 100; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	in[200] = '\0';
	v = ps_sanitize_text(in, 1000);
	assert_safe(v);
	for (w = strtok_r(v, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		ck_assert_uint_le(strlen(w), 75);
		ck_assert(strncmp(w, "=?UTF-8?B?", 10) == 0);
	}
	free(v);
}
END_TEST

START_TEST(length_is_bounded_at_char_boundary)
{
	char *v = ps_sanitize_text("abcdefghij", 4);

	ck_assert_str_eq(v, "abcd");
	free(v);
	/* 3 bytes allowed, "é" is 2: "aé" fits, the next "é" does not. */
	v = ps_sanitize_text("a\xc3\xa9\xc3\xa9", 4);
	ck_assert_str_eq(v, "=?UTF-8?B?YcOp?=");
	free(v);
}
END_TEST

START_TEST(invalid_utf8_and_c1_dropped)
{
	char *v = ps_sanitize_text("a\xff\xfe"
				   "b\xc2\x85"
				   "c\xe2\x80\xa8"
				   "d",
				   200);

	ck_assert_str_eq(v, "ab c d");
	free(v);
}
END_TEST

START_TEST(token)
{
	char *v = ps_sanitize_token("ACME-1; licenses=9999\r\n", 64);

	ck_assert_str_eq(v, "ACME-1__licenses_9999__");
	free(v);
}
END_TEST

START_TEST(contract_names)
{
	ck_assert(ps_is_contract_header("x-severity"));
	ck_assert(ps_is_contract_header("X-PRIORITY-CUSTOMER"));
	ck_assert(ps_is_contract_header("X-Partner-Sender"));
	ck_assert(!ps_is_contract_header("X-Severity-Extra"));
	ck_assert(!ps_is_contract_header("Subject"));
}
END_TEST

static void
verdict_yes(struct ps_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->priority = PS_PRIORITY_YES;
	v->found = 1;
	strcpy(v->account.account_id, "ACME-1");
	strcpy(v->account.region, "IN");
	v->account.licenses = 120;
	v->tier = "IN";
	v->threshold = 100;
	v->matched = PS_MATCH_EMAIL;
	v->severity = PS_SEV_S1;
	v->sla.first_response = "1-3h";
	v->sla.problem_determination = "2-8h";
	v->sla.resolution_target = "24-48h";
	v->request_type = "Technical Support";
	v->datacenter = "US";
}

START_TEST(order_and_format_yes)
{
	struct ps_verdict v;
	struct ps_fields f;
	struct ps_headers h;
	static const char *const want[][2] = {
		{"X-Priority-Customer",
		 "yes; account=ACME-1; licenses=120; "
		 "region=IN; threshold=100; matched=email"},
		{"X-Severity", "S1-Critical"},
		{"X-Support-SLA",
		 "first-response=1-3h; problem-determination=2-8h; "
		 "resolution-target=24-48h"},
		{"X-Customer-Primary-Email", "admin@acme.example"},
		{"X-Support-Product", "Zoho CRM"},
		{"X-Support-Request-Type", "Technical Support"},
		{"X-Support-Template", "complete"},
		{"X-Support-Datacenter", "US"},
		{"X-Partner-Sender", "freemail"},
	};
	size_t i;

	verdict_yes(&v);
	v.sender_freemail = 1;
	memset(&f, 0, sizeof(f));
	f.customer_email = "admin@acme.example";
	f.value[PS_F_PRODUCT] = "Zoho CRM\r\n";
	ps_headers_build(&v, &f, &h);
	ck_assert_uint_eq(h.n, 9);
	for (i = 0; i < h.n; i++) {
		ck_assert_str_eq(h.v[i].name, want[i][0]);
		ck_assert_str_eq(h.v[i].value, want[i][1]);
	}
	ps_headers_free(&h);
}
END_TEST

START_TEST(optional_headers_absent)
{
	struct ps_verdict v;
	struct ps_headers h;

	memset(&v, 0, sizeof(v));
	v.priority = PS_PRIORITY_UNKNOWN;
	v.reason = "no-customer-id";
	v.severity = PS_SEV_S2;
	v.sla.first_response = "6-12h";
	v.sla.problem_determination = "24-48h";
	v.missing[0] = PS_F_CUSTOMER_EMAIL;
	v.missing[1] = PS_F_PRODUCT;
	v.nmissing = 2;
	v.datacenter = "EU";
	ps_headers_build(&v, NULL, &h);
	ck_assert_uint_eq(h.n, 5);
	ck_assert_str_eq(h.v[0].value, "unknown; reason=no-customer-id");
	ck_assert_str_eq(h.v[1].value, "S2-Moderate");
	ck_assert_str_eq(h.v[2].value,
			 "first-response=6-12h; problem-determination=24-48h");
	ck_assert_str_eq(h.v[3].name, "X-Support-Template");
	ck_assert_str_eq(h.v[3].value,
			 "incomplete; missing=customer-email,product");
	ck_assert_str_eq(h.v[4].name, "X-Support-Datacenter");
	ck_assert_str_eq(h.v[4].value, "EU");
	ps_headers_free(&h);
}
END_TEST

START_TEST(below_threshold_and_hostile_account)
{
	struct ps_verdict v;
	struct ps_headers h;

	verdict_yes(&v);
	v.priority = PS_PRIORITY_NO;
	v.reason = "below-threshold";
	strcpy(v.account.account_id, "X; matched=email\r\nX-Severity: S1");
	v.account.licenses = 99;
	v.matched = PS_MATCH_ZOID;
	ps_headers_build(&v, NULL, &h);
	ck_assert_str_eq(
		h.v[0].value,
		"no; reason=below-threshold; account=X__matched_email__"
		"X-Severity__S1; licenses=99; region=IN; threshold=100; "
		"matched=zoid");
	ps_headers_free(&h);
}
END_TEST

START_TEST(empty_product_after_cleaning_is_omitted)
{
	struct ps_verdict v;
	struct ps_fields f;
	struct ps_headers h;
	size_t i;

	verdict_yes(&v);
	memset(&f, 0, sizeof(f));
	f.value[PS_F_PRODUCT] = "\r\n\t\x01";
	ps_headers_build(&v, &f, &h);
	for (i = 0; i < h.n; i++)
		ck_assert_str_ne(h.v[i].name, "X-Support-Product");
	ps_headers_free(&h);
}
END_TEST

static Suite *
headers_suite(void)
{
	Suite *s = suite_create("headers");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, plain_ascii_passes);
	tcase_add_test(tc, no_header_injection);
	tcase_add_test(tc, bare_cr_lf_nul_tab);
	tcase_add_test(tc, non_ascii_is_encoded);
	tcase_add_test(tc, encoded_word_lookalike_is_encoded);
	tcase_add_test(tc, long_text_split_into_short_words);
	tcase_add_test(tc, length_is_bounded_at_char_boundary);
	tcase_add_test(tc, invalid_utf8_and_c1_dropped);
	tcase_add_test(tc, token);
	tcase_add_test(tc, contract_names);
	tcase_add_test(tc, order_and_format_yes);
	tcase_add_test(tc, optional_headers_absent);
	tcase_add_test(tc, below_threshold_and_hostile_account);
	tcase_add_test(tc, empty_product_after_cleaning_is_omitted);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = headers_suite,
};
