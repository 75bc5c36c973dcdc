/*
 * NAME
 *	test_fields.c - Check tests for parser/fields.c with the shipped rules
 * SUMMARY
 *	A struct ps_text is built by hand for each layout: "Label: value",
 *	the value on the next line, multi-line values, quoted fallback,
 *	customer email forms, other addresses, ids, and huge input.
 */

#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/fields.h"
#include "parser/memo.h"
#include "tests/check_main.h"
#include "tests/rules_fixture.h"

static struct ps_rules *rules;

static void
setup(void)
{
	rules = ps_test_shipped_rules();
}

static void
teardown(void)
{
	ps_rules_free(rules);
	rules = NULL;
	ps_rules_thread_cleanup();
}

/* Extract from unquoted and quoted text; senders may be NULL-terminated. */
static void
extract(const char *unquoted, const char *quoted, const char *const *senders,
	struct ps_fields *out)
{
	struct ps_text text;
	size_t n = 0;

	memset(&text, 0, sizeof(text));
	text.unquoted = (char *) unquoted;
	text.unquoted_len = unquoted ? strlen(unquoted) : 0;
	text.quoted = (char *) quoted;
	text.quoted_len = quoted ? strlen(quoted) : 0;
	while (senders != NULL && senders[n] != NULL)
		n++;
	text.senders.v = (char **) senders;
	text.senders.n = n;
	ps_fields_extract(rules, &text, out);
}

#define expect_value(fields, f, want)                                   \
	do {                                                            \
		ck_assert_msg((fields)->value[f] != NULL, "%s missing", \
			      ps_field_name(f));                        \
		ck_assert_str_eq((fields)->value[f], (want));           \
	} while (0)

START_TEST(label_colon_value)
{
	struct ps_fields fl;

	extract("Hello team,\n"
		"\n"
		"Customer Primary Email Address: Admin@Acme.Example\n"
		"Support Request Type: Technical Support\n"
		"Is the issue reproducible? Yes\n"
		"Zoho Product Name: Zoho CRM\n"
		"Issue/Question Description: Reports show wrong totals.\n"
		"Troubleshooting Steps: N/A\n"
		"ZOID: 12345678 (Acme org)\n"
		"ZUID: 987654321\n",
		NULL, NULL, &fl);
	expect_value(&fl, PS_F_CUSTOMER_EMAIL, "Admin@Acme.Example");
	ck_assert_str_eq(fl.customer_email, "admin@acme.example");
	expect_value(&fl, PS_F_REQUEST_TYPE, "Technical Support");
	expect_value(&fl, PS_F_REPRODUCIBLE, "Yes");
	expect_value(&fl, PS_F_PRODUCT, "Zoho CRM");
	expect_value(&fl, PS_F_DESCRIPTION, "Reports show wrong totals.");
	expect_value(&fl, PS_F_TROUBLESHOOTING, "N/A");
	expect_value(&fl, PS_F_ORG_ID, "12345678");
	expect_value(&fl, PS_F_USER_ID, "987654321");
	ck_assert_uint_eq(fl.emails.n, 0);
	ps_fields_free(&fl);
	ck_assert_ptr_null(fl.customer_email);
	ps_fields_free(&fl); /* twice is harmless */
}
END_TEST

START_TEST(value_on_next_line)
{
	struct ps_fields fl;

	extract("**Customer Email**\n"
		"\n"
		"  ops@acme.example  \n"
		"Zoho Product Name\n"
		"*Zoho Desk*\n"
		"Support Request Type:\n"
		"Payment Extension\n"
		"Service Organization ID\n"
		"\n"
		"60012345\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "ops@acme.example");
	expect_value(&fl, PS_F_PRODUCT, "Zoho Desk");
	expect_value(&fl, PS_F_REQUEST_TYPE, "Payment Extension");
	expect_value(&fl, PS_F_ORG_ID, "60012345");
	ps_fields_free(&fl);
}
END_TEST

START_TEST(multiline_until_next_label)
{
	struct ps_fields fl;

	extract("Issue Description:\n"
		"Since Monday the sync fails.\n"
		"It happens for every record.\n"
		"\n"
		"\n"
		"The error says 'quota'.\n"
		"Troubleshooting Steps - cleared cache\n"
		"re-authorised the connection\n"
		"\n"
		"Regards,\n"
		"Jane Partner\n"
		"Reseller Ltd\n",
		NULL, NULL, &fl);
	expect_value(&fl, PS_F_DESCRIPTION,
		     "Since Monday the sync fails.\n"
		     "It happens for every record.\n"
		     "\n"
		     "The error says 'quota'.");
	expect_value(&fl, PS_F_TROUBLESHOOTING,
		     "cleared cache\nre-authorised the connection");
	ps_fields_free(&fl);
}
END_TEST

/* A label with nothing after it, followed by another label: absent. */
START_TEST(empty_and_repeated)
{
	struct ps_fields fl;

	extract("Product Name:\n"
		"Description: first\n"
		"Product Name: Zoho Books\n"
		"Product Name: Zoho Mail\n"
		"Description: second\n"
		"ZUID: N/A\n"
		"Customer Email: will send later\n",
		NULL, NULL, &fl);
	expect_value(&fl, PS_F_PRODUCT, "Zoho Books");
	expect_value(&fl, PS_F_DESCRIPTION, "first");
	ck_assert_ptr_null(fl.value[PS_F_USER_ID]);
	ck_assert_ptr_null(fl.value[PS_F_CUSTOMER_EMAIL]);
	ck_assert_ptr_null(fl.customer_email);
	ck_assert_ptr_null(fl.value[PS_F_REPRODUCIBLE]);
	ps_fields_free(&fl);
}
END_TEST

START_TEST(quoted_fallback)
{
	struct ps_fields fl;

	extract("Any update on this?\n"
		"Product Name: Zoho Analytics\n",
		"Customer Email: boss@acme.example\n"
		"Product Name: Zoho CRM\n"
		"Description: Dashboards are empty.\n",
		NULL, &fl);
	expect_value(&fl, PS_F_PRODUCT, "Zoho Analytics");
	expect_value(&fl, PS_F_DESCRIPTION, "Dashboards are empty.");
	ck_assert_str_eq(fl.customer_email, "boss@acme.example");
	ps_fields_free(&fl);
}
END_TEST

START_TEST(customer_email_forms)
{
	static const char *const forms[] = {
		"Customer Email: John Doe <John.Doe@Acme.Example>\n",
		"Customer Email: <john.doe@acme.example>\n",
		"Customer Email: mailto:JOHN.DOE@acme.example\n",
		"Customer Email: "
		"[john.doe@acme.example](mailto:john.doe@acme.example)\n",
		"**Customer Email:** john.doe@acme.example.\n",
		"Dirección de correo electrónico principal del cliente: "
		"john.doe@acme.example\n",
		"Primäre E-Mail-Adresse des Kunden: john.doe@acme.example\n",
	};
	struct ps_fields fl;
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		extract(forms[i], NULL, NULL, &fl);
		ck_assert_msg(fl.customer_email != NULL, "none in: %s",
			      forms[i]);
		ck_assert_str_eq(fl.customer_email, "john.doe@acme.example");
		ck_assert_uint_eq(fl.emails.n, 0);
		ps_fields_free(&fl);
	}
}
END_TEST

START_TEST(other_emails)
{
	static const char *const senders[] = {"partner@reseller.example", NULL};
	struct ps_fields fl;

	extract("Customer Email: admin@acme.example\n"
		"Is the issue reproducible? Yes, for user ZUID 1234567,\n"
		"super admin Boss@Acme.Example, on 3 June 10:00 UTC.\n"
		"Also admin@acme.example and boss@acme.example again.\n"
		"Description: Please reply to PARTNER@reseller.example or\n"
		"partner-support@zohocorp.com; cc it@acme-group.example\n"
		"Regards,\n"
		"Outside any field: stray@nowhere.example\n",
		"SuperAdmin Email: quoted@acme.example\n", senders, &fl);
	ck_assert_str_eq(fl.customer_email, "admin@acme.example");
	ck_assert_uint_eq(fl.emails.n, 3);
	ck_assert_str_eq(fl.emails.v[0], "boss@acme.example");
	ck_assert_str_eq(fl.emails.v[1], "it@acme-group.example");
	ck_assert_str_eq(fl.emails.v[2], "quoted@acme.example");
	ps_fields_free(&fl);
}
END_TEST

START_TEST(ids_narrowed)
{
	struct ps_fields fl;

	extract("ID de organización de servicio (ZOID o ZGID): org 700123456\n"
		"ID người dùng: 55512345 (admin)\n",
		NULL, NULL, &fl);
	expect_value(&fl, PS_F_ORG_ID, "700123456");
	expect_value(&fl, PS_F_USER_ID, "55512345");
	ps_fields_free(&fl);
}
END_TEST

START_TEST(vietnamese_template)
{
	struct ps_fields fl;

	extract("Địa chỉ email của khách hàng: quan.tri@congty.example\n"
		"Loại yêu cầu hỗ trợ: Hỗ trợ kỹ thuật\n"
		"Có thể tái tạo vấn đề không? Có\n"
		"Tên sản phẩm Zoho: Zoho CRM\n"
		"Mô tả vấn đề/câu hỏi:\n"
		"Không thể đăng nhập vào tài khoản.\n"
		"Các bước khắc phục sự cố: Đã xóa bộ nhớ đệm\n"
		"Trân trọng,\n"
		"Nguyễn Văn A\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "quan.tri@congty.example");
	expect_value(&fl, PS_F_REQUEST_TYPE, "Hỗ trợ kỹ thuật");
	ck_assert_str_eq(
		ps_rules_request_type(rules, fl.value[PS_F_REQUEST_TYPE]),
		"Technical Support");
	expect_value(&fl, PS_F_REPRODUCIBLE, "Có");
	expect_value(&fl, PS_F_PRODUCT, "Zoho CRM");
	expect_value(&fl, PS_F_DESCRIPTION,
		     "Không thể đăng nhập vào tài khoản.");
	expect_value(&fl, PS_F_TROUBLESHOOTING, "Đã xóa bộ nhớ đệm");
	ps_fields_free(&fl);
}
END_TEST

START_TEST(nothing_there)
{
	struct ps_fields fl;
	int f;

	extract("Just a note without any template.\n", NULL, NULL, &fl);
	for (f = 0; f < PS_F_COUNT; f++)
		ck_assert_ptr_null(fl.value[f]);
	ck_assert_ptr_null(fl.customer_email);
	ck_assert_uint_eq(fl.emails.n, 0);
	ps_fields_free(&fl);
	extract(NULL, NULL, NULL, &fl);
	ck_assert_ptr_null(fl.value[PS_F_PRODUCT]);
	ps_fields_free(&fl);
}
END_TEST

/* 8 MB without a newline: one value, cut at 4 KiB, promptly. */
START_TEST(huge_line)
{
	const size_t n = 8 * 1024 * 1024;
	char *s = malloc(n + 1);
	struct ps_fields fl;

	ck_assert_ptr_nonnull(s);
	memset(s, 'x', n);
	memcpy(s, "Description: ", 13);
	s[n] = '\0';
	extract(s, s, NULL, &fl);
	ck_assert_ptr_nonnull(fl.value[PS_F_DESCRIPTION]);
	ck_assert_uint_le(strlen(fl.value[PS_F_DESCRIPTION]), 4096);
	ck_assert_uint_gt(strlen(fl.value[PS_F_DESCRIPTION]), 4000);
	ps_fields_free(&fl);
	free(s);
}
END_TEST

/* Many lines: a long multi-line value, then many repeated labels. */
START_TEST(huge_many_lines)
{
	static const char *const units[] = {
		"more text for a@b.example é\n",
		"Description: again c@d.example\n",
	};
	const size_t count = 100000;
	struct ps_fields fl;
	size_t i, u, ulen;
	char *s;

	for (u = 0; u < 2; u++) {
		ulen = strlen(units[u]);
		s = malloc(13 + ulen * count + 1);
		ck_assert_ptr_nonnull(s);
		memcpy(s, "Description:\n", 13);
		for (i = 0; i < count; i++)
			memcpy(s + 13 + i * ulen, units[u], ulen);
		s[13 + ulen * count] = '\0';
		extract(s, NULL, NULL, &fl);
		ck_assert_ptr_nonnull(fl.value[PS_F_DESCRIPTION]);
		ck_assert_uint_le(strlen(fl.value[PS_F_DESCRIPTION]), 4096);
		ck_assert_uint_eq(fl.emails.n, 1);
		ps_fields_free(&fl);
		free(s);
	}
}
END_TEST

/* The memo: found again by bytes, full at max, copies when told to. */
START_TEST(memo_entries)
{
	struct ps_memo *m = ps_memo_new(100, 1);
	struct ps_memo_entry *e;
	char key[32];
	int added, i;

	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "line %d", i);
		e = ps_memo_get(m, key, strlen(key), &added);
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(added, 1);
		ck_assert_int_eq(e->a, PS_MEMO_UNKNOWN);
		e->a = i;
		memset(key, 'x', sizeof(key)); /* the memo has its copy */
	}
	ck_assert_ptr_null(ps_memo_get(m, "line 100", 8, &added));
	for (i = 99; i >= 0; i--) {
		snprintf(key, sizeof(key), "line %d", i);
		e = ps_memo_get(m, key, strlen(key), &added);
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(added, 0);
		ck_assert_int_eq(e->a, i);
	}
	/* Length counts: "line 1" is not "line 1\0". */
	ck_assert_ptr_null(ps_memo_get(m, "line 1", 7, &added));
	e = ps_memo_get(m, "line 12", 6, &added);
	ck_assert_int_eq(e->a, 1);
	ps_memo_free(m);
}
END_TEST

/*
 * Lines crafted to share one home slot at every table size: the memo
 * keeps the first few and turns the rest away, never probing further.
 */
START_TEST(memo_collisions)
{
	struct ps_memo *m = ps_memo_new(4096, 1);
	struct ps_memo_entry *e;
	char key[32], first[32] = "";
	uint64_t home = 0;
	int added, kept = 0, turned = 0, found = 0;
	unsigned i;

	for (i = 0; found < 200; i++) {
		snprintf(key, sizeof(key), "Customer Email: %u", i);
		if ((ps_memo_hash(key, strlen(key)) & 8191) != home) {
			if (found > 0)
				continue;
			home = ps_memo_hash(key, strlen(key)) & 8191;
			memcpy(first, key, sizeof(key));
		}
		found++;
		if ((e = ps_memo_get(m, key, strlen(key), &added)) != NULL) {
			ck_assert_int_eq(added, 1);
			kept++;
		} else
			turned++;
	}
	ck_assert_int_le(kept, 16);
	ck_assert_int_ge(turned, 200 - 16);
	/* The first one is still found; a line with another home still fits. */
	ck_assert_ptr_nonnull(ps_memo_get(m, first, strlen(first), &added));
	ck_assert_int_eq(added, 0);
	ck_assert_ptr_nonnull(ps_memo_get(m, "Product: CRM", 12, &added));
	ck_assert_int_eq(added, 1);
	ps_memo_free(m);
}
END_TEST

/* Answers past the memo's caps are the same as within them. */
START_TEST(memo_caps)
{
	GString *s = g_string_new(NULL);
	struct ps_fields fl;
	int i, round;

	/* More different lines than the memo keeps, then a label. */
	for (i = 0; i < 5000; i++)
		g_string_append_printf(s, "filler line %d\n", i);
	g_string_append(s, "Customer Email: late@late.example\n");
	extract(s->str, NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "late@late.example");
	ps_fields_free(&fl);
	/* More different values than it keeps, each twice. */
	g_string_truncate(s, 0);
	for (round = 0; round < 2; round++)
		for (i = 0; i < 300; i++)
			g_string_append_printf(
				s, "Support Request Type: x@n%d.example\n", i);
	extract(s->str, s->str, NULL, &fl);
	ck_assert_uint_eq(fl.emails.n, 32);
	ck_assert_str_eq(fl.emails.v[0], "x@n0.example");
	ck_assert_str_eq(fl.emails.v[31], "x@n31.example");
	ps_fields_free(&fl);
	g_string_free(s, TRUE);
}
END_TEST

static Suite *
fields_suite(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("extract");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, label_colon_value);
	tcase_add_test(tc, value_on_next_line);
	tcase_add_test(tc, multiline_until_next_label);
	tcase_add_test(tc, empty_and_repeated);
	tcase_add_test(tc, quoted_fallback);
	tcase_add_test(tc, customer_email_forms);
	tcase_add_test(tc, other_emails);
	tcase_add_test(tc, ids_narrowed);
	tcase_add_test(tc, vietnamese_template);
	tcase_add_test(tc, nothing_there);
	tcase_add_test(tc, huge_line);
	tcase_add_test(tc, huge_many_lines);
	tcase_add_test(tc, memo_entries);
	tcase_add_test(tc, memo_caps);
	tcase_add_test(tc, memo_collisions);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = fields_suite,
};
