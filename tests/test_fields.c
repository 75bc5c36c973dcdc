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
#include "parser/text.h"
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

/* Extract with an HTML alternative beside the plain text. */
static void
extract_alt(const char *unquoted, const char *alt_unquoted,
	    const char *alt_quoted, struct ps_fields *out)
{
	struct ps_text text;

	memset(&text, 0, sizeof(text));
	text.unquoted = (char *) unquoted;
	text.unquoted_len = unquoted ? strlen(unquoted) : 0;
	text.alt_unquoted = (char *) alt_unquoted;
	text.alt_unquoted_len = alt_unquoted ? strlen(alt_unquoted) : 0;
	text.alt_quoted = (char *) alt_quoted;
	text.alt_quoted_len = alt_quoted ? strlen(alt_quoted) : 0;
	ps_fields_extract(rules, &text, out);
}

/* Extract from a whole raw message, through the text module. */
static void
extract_raw(const char *msg, struct ps_fields *out)
{
	struct ps_text text;
	struct ps_error err;

	ck_assert_int_eq(ps_text_extract(msg, strlen(msg), NULL, &text, &err),
			 0);
	ps_fields_extract(rules, &text, out);
	ps_text_free(&text);
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

/* Zoho's Vietnamese template, filled in as partners fill it (seed). */
START_TEST(instructions_own_lines_vi)
{
	struct ps_fields fl;
	struct ps_rule_info info;

	extract("Xin chào,\n"
		"\n"
		"Địa chỉ email của khách hàng\n"
		"\n"
		"Địa chỉ email có tham chiếu đến yêu cầu được đưa ra.\n"
		"\n"
		"quantri@pho-saigon.example\n"
		"\n"
		"Loại yêu cầu hỗ trợ\n"
		"\n"
		"Giá trị định sẵn (Hỗ trợ kỹ thuật, Gia hạn thanh toán, Gia "
		"hạn dùng thử, Liên quan đến cửa hàng, Nâng cấp, Thay đổi hóa "
		"đơn, Thanh toán hoa hồng, Liên quan đến quản lý sản phẩm, "
		"Thảo luận bán hàng)\n"
		"\n"
		"Nâng cấp\n"
		"\n"
		"Có thể tái tạo vấn đề không? Có hoặc Không (Nêu cụ thể)\n"
		"\n"
		"Nếu có, vui lòng bao gồm các thông tin chi tiết bổ sung (ID "
		"người dùng, email quản trị viên cấp cao, tên tùy chỉnh (ví "
		"dụ: workflow, tên chức năng, v.v.), ngày & giờ liên quan đến "
		"vấn đề đã nêu, cho phép truy cập hỗ trợ trước nếu sản phẩm "
		"yêu cầu).\n"
		"\n"
		"Có, mỗi lần lưu bản ghi.\n"
		"\n"
		"Tên sản phẩm Zoho\n"
		"\n"
		"Ví dụ: Zoho CRM, Zoho Desk, v.v.\n"
		"\n"
		"Zoho Desk\n"
		"\n"
		"Mô tả vấn đề/câu hỏi\n"
		"\n"
		"(150 - 200 từ)\n"
		"\n"
		"Quy trình không chạy khi trạng thái thay đổi.\n"
		"\n"
		"Các bước khắc phục sự cố\n"
		"\n"
		"Nếu có\n"
		"\n"
		"Đã kiểm tra lại điều kiện.\n"
		"\n"
		"Ảnh chụp màn hình/phiên truyền màn hình, nếu thích hợp\n"
		"\n"
		"Có thể đính kèm với email khi gửi đi.\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "quantri@pho-saigon.example");
	expect_value(&fl, PS_F_REQUEST_TYPE, "Nâng cấp");
	expect_value(&fl, PS_F_REPRODUCIBLE, "Có, mỗi lần lưu bản ghi.");
	expect_value(&fl, PS_F_PRODUCT, "Zoho Desk");
	expect_value(&fl, PS_F_DESCRIPTION,
		     "Quy trình không chạy khi trạng thái thay đổi.");
	expect_value(&fl, PS_F_TROUBLESHOOTING, "Đã kiểm tra lại điều kiện.");
	ck_assert_str_eq(fl.lang, "vi");
	/* Where the customer email came from. */
	ck_assert_int_eq(fl.src[PS_F_CUSTOMER_EMAIL].part, PS_SRC_PLAIN);
	ck_assert_int_eq(fl.src[PS_F_CUSTOMER_EMAIL].quoted, 0);
	ck_assert_uint_eq(fl.src[PS_F_CUSTOMER_EMAIL].label_line, 3);
	ck_assert_uint_eq(fl.src[PS_F_CUSTOMER_EMAIL].value_line, 7);
	ck_assert_uint_eq(fl.src[PS_F_CUSTOMER_EMAIL].skipped, 1);
	ck_assert_str_eq(fl.src[PS_F_CUSTOMER_EMAIL].label,
			 "Địa chỉ email của khách hàng");
	ck_assert_int_eq(ps_rules_label_rule(rules,
					     fl.src[PS_F_CUSTOMER_EMAIL].rule,
					     &info),
			 0);
	ck_assert_str_eq(info.lang, "vi");
	ck_assert_int_eq(ps_rules_instruction_rule(
				 rules,
				 fl.src[PS_F_CUSTOMER_EMAIL].instruction_rule,
				 &info),
			 0);
	ck_assert_int_eq(info.field, PS_F_CUSTOMER_EMAIL);
	ps_fields_free(&fl);
}
END_TEST

/* The English template pasted from the web page: instruction beside. */
START_TEST(instructions_same_line_en)
{
	struct ps_fields fl;

	extract("Customer Email Address: The email address with reference to "
		"which the request is raised. admin@acme.example\n"
		"Support Request Type (Predefined values (Technical Support, "
		"Payment Extension, Trial Extension, Store Related, Upgrade, "
		"Invoice Change, Commission Payment, Product Management "
		"Related, Sales Discussion)): Invoice Change\n"
		"Is the issue reproducible? Yes or No (Specify): No\n"
		"Zoho Product Name: Eg: Zoho CRM, Zoho Desk etc. -> Zoho "
		"Books\n"
		"Issue/Question Description (150 - 200 words): The invoice "
		"shows the old address.\n"
		"Troubleshooting Steps: If any\n"
		"Updated the address in the settings.\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "admin@acme.example");
	expect_value(&fl, PS_F_REQUEST_TYPE, "Invoice Change");
	expect_value(&fl, PS_F_REPRODUCIBLE, "No");
	expect_value(&fl, PS_F_PRODUCT, "Zoho Books");
	expect_value(&fl, PS_F_DESCRIPTION,
		     "The invoice shows the old address.");
	expect_value(&fl, PS_F_TROUBLESHOOTING,
		     "Updated the address in the settings.");
	ck_assert_str_eq(fl.lang, "en");
	ps_fields_free(&fl);
}
END_TEST

/*
 * A field left empty (only the instruction follows its label) is
 * missing; the instruction's list of request types is no request type.
 */
START_TEST(instructions_left_empty)
{
	struct ps_fields fl;

	extract("Customer Email Address\n"
		"The email address with reference to which the request is "
		"raised.\n"
		"\n"
		"Support Request Type\n"
		"Predefined values (Technical Support, Payment Extension,\n"
		"Trial Extension, Store Related, Upgrade, Invoice Change,\n"
		"Commission Payment, Product Management Related, Sales "
		"Discussion)\n"
		"\n"
		"Zoho Product Name\n"
		"Eg: Zoho CRM, Zoho Desk etc.\n"
		"\n"
		"Issue/Question Description\n"
		"(150 - 200 words)\n"
		"\n",
		NULL, NULL, &fl);
	ck_assert_ptr_null(fl.value[PS_F_CUSTOMER_EMAIL]);
	ck_assert_ptr_null(fl.customer_email);
	ck_assert_ptr_null(fl.value[PS_F_REQUEST_TYPE]);
	ck_assert_ptr_null(fl.value[PS_F_PRODUCT]);
	ck_assert_ptr_null(fl.value[PS_F_DESCRIPTION]);
	ps_fields_free(&fl);
	/* Without the instruction line, the list is still no value. */
	extract("Support Request Type: Technical Support, Payment Extension, "
		"Trial Extension, Upgrade\n"
		"Upgrade\n",
		NULL, NULL, &fl);
	expect_value(&fl, PS_F_REQUEST_TYPE, "Upgrade");
	ck_assert_uint_eq(fl.src[PS_F_REQUEST_TYPE].rejected, 1);
	ps_fields_free(&fl);
}
END_TEST

/* An instruction a mail client wrapped, beside a label (two blanks). */
START_TEST(instructions_wrapped)
{
	struct ps_fields fl;

	extract("Customer Email Address  The email address with reference to "
		"which the\n"
		"request is raised.\n"
		"marketing.ops@vanarsdel.example\n"
		"\n"
		"Is the issue reproducible? Yes or No (Specify)  If yes, "
		"please include\n"
		"additional details (user ID, super admin email, "
		"customization name (e.g.\n"
		"workflow, function name, etc.), date & time in relevance to "
		"the issue\n"
		"raised, pre-enabling support access if the product requires "
		"it).\n"
		"Yes, each time the domain is verified.\n"
		"\n"
		"Zoho Product Name\tEg: Zoho CRM, Zoho Desk etc.\n"
		"Zoho Campaigns\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "marketing.ops@vanarsdel.example");
	expect_value(&fl, PS_F_REPRODUCIBLE,
		     "Yes, each time the domain is verified.");
	expect_value(&fl, PS_F_PRODUCT, "Zoho Campaigns");
	ps_fields_free(&fl);
}
END_TEST

/* A value is looked for past blank and instruction lines, not forever. */
START_TEST(value_search_bounded)
{
	GString *t = g_string_new("Zoho Product Name\n");
	struct ps_fields fl;
	int i;

	for (i = 0; i < 11; i++)
		g_string_append(t, "\n");
	g_string_append(t, "Zoho CRM\n");
	extract(t->str, NULL, NULL, &fl);
	expect_value(&fl, PS_F_PRODUCT, "Zoho CRM"); /* 11 blank lines */
	ps_fields_free(&fl);
	g_string_assign(t, "Zoho Product Name\n");
	for (i = 0; i < 20; i++)
		g_string_append(t, "\n");
	g_string_append(t, "Zoho CRM\n");
	extract(t->str, NULL, NULL, &fl);
	ck_assert_ptr_null(fl.value[PS_F_PRODUCT]); /* 20: given up */
	ps_fields_free(&fl);
	/* Lines without an address are passed over for the customer email. */
	extract("Customer Email Address\n"
		"see below, it is the admin's\n"
		"Jane Admin <jane@acme.example>\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "jane@acme.example");
	ck_assert_uint_eq(fl.src[PS_F_CUSTOMER_EMAIL].rejected, 1);
	ps_fields_free(&fl);
	g_string_free(t, TRUE);
}
END_TEST

/*
 * Plain and HTML together: the HTML alternative fills what the plain
 * text lacks; where both give a value the plain text's wins.
 */
START_TEST(plain_and_html)
{
	struct ps_fields fl;

	extract_alt("Customer Email Address: Jane Admin\n"
		    "Support Request Type: Technical Support\n"
		    "Zoho Product Name: Zoho CRM\n",
		    "Customer Email Address: Jane Admin <jane@acme.example>\n"
		    "Support Request Type: Upgrade\n"
		    "Is the issue reproducible?: Yes\n"
		    "Zoho Product Name: Zoho Desk\n",
		    NULL, &fl);
	ck_assert_str_eq(fl.customer_email, "jane@acme.example");
	ck_assert_int_eq(fl.src[PS_F_CUSTOMER_EMAIL].part, PS_SRC_HTML);
	ck_assert_int_eq(fl.src[PS_F_CUSTOMER_EMAIL].alternative, 1);
	expect_value(&fl, PS_F_REQUEST_TYPE, "Technical Support");
	ck_assert_int_eq(fl.src[PS_F_REQUEST_TYPE].part, PS_SRC_PLAIN);
	expect_value(&fl, PS_F_PRODUCT, "Zoho CRM");
	expect_value(&fl, PS_F_REPRODUCIBLE, "Yes");
	ck_assert_int_eq(fl.src[PS_F_REPRODUCIBLE].alternative, 1);
	ps_fields_free(&fl);
	/* HTML quoted text comes after the plain text's. */
	extract_alt("Customer Email Address: a@plain.example\n", NULL,
		    "Zoho Product Name: Zoho Sign\n", &fl);
	ck_assert_str_eq(fl.customer_email, "a@plain.example");
	expect_value(&fl, PS_F_PRODUCT, "Zoho Sign");
	ck_assert_int_eq(fl.src[PS_F_PRODUCT].quoted, 1);
	ps_fields_free(&fl);
	/* A reply without a template: its HTML is not read. */
	extract_alt("Thanks, that worked. We will close it on our side and "
		    "come back if it happens again.\n",
		    "Customer Email Address: a@html.example\n", NULL, &fl);
	ck_assert_ptr_null(fl.customer_email);
	ps_fields_free(&fl);
	/* Unless its letters were lost ("?" for each). */
	extract_alt("K?nh g?i ??i ng? H? tr? ??i t?c, ??a ch? email c?a "
		    "kh?ch h?ng, lo?i y?u c?u h? tr?\n",
		    "Địa chỉ email của khách hàng: a@html.example\n", NULL,
		    &fl);
	ck_assert_str_eq(fl.customer_email, "a@html.example");
	ps_fields_free(&fl);
}
END_TEST

/* The ticket's language: most labels'; ZOID and ZUID count for none. */
START_TEST(language_of_labels)
{
	struct ps_fields fl;

	extract("Dirección de correo electrónico del cliente: a@b.example\n"
		"Tipo de solicitud de asistencia: Soporte técnico\n"
		"Zoho Product Name: Zoho CRM\n",
		NULL, NULL, &fl);
	ck_assert_str_eq(fl.lang, "es");
	ps_fields_free(&fl);
	extract("ZOID: 60012345\nZUID: 70012345\n", NULL, NULL, &fl);
	ck_assert_ptr_null(fl.lang);
	ps_fields_free(&fl);
	extract("Nothing here.\n", NULL, NULL, &fl);
	ck_assert_ptr_null(fl.lang);
	ps_fields_free(&fl);
}
END_TEST

/*
 * Invisible characters around labels and separators and inside an
 * address, no-break spaces, a BOM: none spoils a label or a value.
 */
START_TEST(invisible_characters)
{
	struct ps_fields fl;

	extract_raw("From: p@partner.example\n"
		    "To: partner-support@zohocorp.com\n"
		    "Subject: x\n"
		    "Content-Type: text/plain; charset=utf-8\n"
		    "\n"
		    "\xEF\xBB\xBF"
		    "Cus\xC2\xADtomer\xE2\x80\x8B Email "
		    "Address\xE2\x80\x8D:\xC2\xA0"
		    "ad\xE2\x80\x8Bmin@ac\xC2\xADme.example\xE2\x81\xA0\n"
		    "\xE2\x80\x8C"
		    "Zoho Product Name\xE2\x80\xAF:\xE2\x80\xAFZoho\xC2\xA0"
		    "CRM\xEF\xBB\xBF\n",
		    &fl);
	ck_assert_str_eq(fl.customer_email, "admin@acme.example");
	expect_value(&fl, PS_F_PRODUCT, "Zoho CRM");
	ps_fields_free(&fl);
}
END_TEST

/* Thunderbird's format=flowed: a soft-broken label and value join. */
START_TEST(flowed_text)
{
	struct ps_fields fl;

	extract_raw("From: p@partner.example\n"
		    "To: partner-support@zohocorp.com\n"
		    "Subject: x\n"
		    "Content-Type: text/plain; charset=utf-8; format=flowed\n"
		    "\n"
		    "Customer Email Address: \n"
		    "ops@acme.example\n"
		    "Issue/Question Description: The report of the sales \n"
		    "team shows the old totals.\n"
		    "-- \n"
		    "Partner\n",
		    &fl);
	ck_assert_str_eq(fl.customer_email, "ops@acme.example");
	expect_value(&fl, PS_F_DESCRIPTION,
		     "The report of the sales team shows the old totals.");
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
	tcase_add_test(tc, instructions_own_lines_vi);
	tcase_add_test(tc, instructions_same_line_en);
	tcase_add_test(tc, instructions_left_empty);
	tcase_add_test(tc, instructions_wrapped);
	tcase_add_test(tc, value_search_bounded);
	tcase_add_test(tc, plain_and_html);
	tcase_add_test(tc, language_of_labels);
	tcase_add_test(tc, invisible_characters);
	tcase_add_test(tc, flowed_text);
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
	.init = ps_text_init,
	.fini = ps_text_shutdown,
};
