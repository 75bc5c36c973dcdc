/*
 * NAME
 *	test_rules.c - Check tests for rules/: the shipped rules file and
 *	the rules syntax
 * SUMMARY
 *	Labels in six languages and their markup, value narrowing, request
 *	types, excluded products, severity, SLA, support addresses, exact
 *	error messages with line numbers, and hostile input that must come
 *	back (the match limits hold).
 */

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/defaults.h"
#include "rules/rules.h"
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

struct label_case {
	const char *label;
	enum ps_field field;
};

/* Every label the README lists, in the template's six languages. */
static const struct label_case labels[] = {
	/* customer-email, English */
	{"Customer Primary Email Address", PS_F_CUSTOMER_EMAIL},
	{"Customer Primary Email", PS_F_CUSTOMER_EMAIL},
	{"Customer Primary Email Address Field", PS_F_CUSTOMER_EMAIL},
	{"Customer Email Address", PS_F_CUSTOMER_EMAIL},
	{"Customer's Email Address", PS_F_CUSTOMER_EMAIL},
	{"Customer’s Email Address", PS_F_CUSTOMER_EMAIL},
	{"Customer Email", PS_F_CUSTOMER_EMAIL},
	{"customer e-mail", PS_F_CUSTOMER_EMAIL},
	{"SuperAdmin Email", PS_F_CUSTOMER_EMAIL},
	{"SuperAdmin Email (Address)", PS_F_CUSTOMER_EMAIL},
	{"SuperAdmin Email Address", PS_F_CUSTOMER_EMAIL},
	{"Super Admin Email", PS_F_CUSTOMER_EMAIL},
	{"SUPER ADMIN EMAIL", PS_F_CUSTOMER_EMAIL},
	/* Spanish */
	{"Dirección de correo electrónico principal del cliente",
	 PS_F_CUSTOMER_EMAIL},
	{"Campo de dirección de correo electrónico principal del cliente",
	 PS_F_CUSTOMER_EMAIL},
	{"Direccion de correo electronico principal del cliente",
	 PS_F_CUSTOMER_EMAIL},
	{"Correo electrónico del superadministrador", PS_F_CUSTOMER_EMAIL},
	{"Correo electrónico del superadministrador de la cuenta",
	 PS_F_CUSTOMER_EMAIL},
	{"Correo electrónico del cliente", PS_F_CUSTOMER_EMAIL},
	/* Portuguese */
	{"Endereço de E-mail Principal do Cliente", PS_F_CUSTOMER_EMAIL},
	{"Campo de Endereço de E-Mail Principal do Cliente",
	 PS_F_CUSTOMER_EMAIL},
	{"Endereco de email principal do cliente", PS_F_CUSTOMER_EMAIL},
	{"Endereço de E-mail do Superadministrador", PS_F_CUSTOMER_EMAIL},
	{"Endereço de E-mail do Superadministrador da Conta",
	 PS_F_CUSTOMER_EMAIL},
	/* French */
	{"adresse e-mail principale du client", PS_F_CUSTOMER_EMAIL},
	{"Champ de l'adresse e-mail principale du client", PS_F_CUSTOMER_EMAIL},
	{"Adresse e-mail du super administrateur", PS_F_CUSTOMER_EMAIL},
	{"adresse e-mail du super administrateur du compte",
	 PS_F_CUSTOMER_EMAIL},
	/* German */
	{"Primäre E-Mail-Adresse des Kunden", PS_F_CUSTOMER_EMAIL},
	{"Feld für die primäre E-Mail-Adresse des Kunden", PS_F_CUSTOMER_EMAIL},
	{"Primaere E-Mail-Adresse des Kunden", PS_F_CUSTOMER_EMAIL},
	{"SuperAdmin-E-Mail-Adresse", PS_F_CUSTOMER_EMAIL},
	{"Kunden-E-Mail-Adresse", PS_F_CUSTOMER_EMAIL},
	/* Vietnamese */
	{"Địa chỉ email của khách hàng", PS_F_CUSTOMER_EMAIL},
	{"Dia chi email cua khach hang", PS_F_CUSTOMER_EMAIL},
	{"Email quản trị viên cấp cao", PS_F_CUSTOMER_EMAIL},
	{"Địa chỉ email quản trị viên cấp cao", PS_F_CUSTOMER_EMAIL},

	{"Support Request Type", PS_F_REQUEST_TYPE},
	{"Request Type", PS_F_REQUEST_TYPE},
	{"Tipo de solicitud", PS_F_REQUEST_TYPE},
	{"Tipo de solicitud de soporte", PS_F_REQUEST_TYPE},
	{"Tipo de solicitação de suporte", PS_F_REQUEST_TYPE},
	{"Type de demande de support", PS_F_REQUEST_TYPE},
	{"Art der Supportanfrage", PS_F_REQUEST_TYPE},
	{"Anfragetyp", PS_F_REQUEST_TYPE},
	{"Loại yêu cầu hỗ trợ", PS_F_REQUEST_TYPE},

	{"Is the issue reproducible?", PS_F_REPRODUCIBLE},
	{"Is the issue reproducible", PS_F_REPRODUCIBLE},
	{"¿Es reproducible el problema?", PS_F_REPRODUCIBLE},
	{"¿El problema es reproducible?", PS_F_REPRODUCIBLE},
	{"O problema é reproduzível?", PS_F_REPRODUCIBLE},
	{"Le problème est-il reproductible ?", PS_F_REPRODUCIBLE},
	{"Ist das Problem reproduzierbar?", PS_F_REPRODUCIBLE},
	{"Có thể tái tạo vấn đề không?", PS_F_REPRODUCIBLE},

	{"Zoho Product Name", PS_F_PRODUCT},
	{"Product Name", PS_F_PRODUCT},
	{"Service Name", PS_F_PRODUCT},
	{"Nombre del servicio", PS_F_PRODUCT},
	{"Nombre del producto", PS_F_PRODUCT},
	{"Nome do Serviço", PS_F_PRODUCT},
	{"Nome do produto", PS_F_PRODUCT},
	{"Nom du produit", PS_F_PRODUCT},
	{"Servicenamen", PS_F_PRODUCT},
	{"Produktname", PS_F_PRODUCT},
	{"Tên sản phẩm Zoho", PS_F_PRODUCT},

	{"Issue/Question Description", PS_F_DESCRIPTION},
	{"Issue Description", PS_F_DESCRIPTION},
	{"Description", PS_F_DESCRIPTION},
	{"Descripción del problema", PS_F_DESCRIPTION},
	{"Descrição do problema", PS_F_DESCRIPTION},
	{"Description du problème", PS_F_DESCRIPTION},
	{"Problembeschreibung", PS_F_DESCRIPTION},
	{"Beschreibung", PS_F_DESCRIPTION},
	{"Mô tả vấn đề/câu hỏi", PS_F_DESCRIPTION},

	{"Troubleshooting Steps", PS_F_TROUBLESHOOTING},
	{"Pasos de solución de problemas", PS_F_TROUBLESHOOTING},
	{"Etapas de solução de problemas", PS_F_TROUBLESHOOTING},
	{"Étapes de dépannage", PS_F_TROUBLESHOOTING},
	{"Schritte zur Fehlerbehebung", PS_F_TROUBLESHOOTING},
	{"Các bước khắc phục sự cố", PS_F_TROUBLESHOOTING},

	{"ZOID", PS_F_ORG_ID},
	{"ZGID", PS_F_ORG_ID},
	{"ZOID/ZGID", PS_F_ORG_ID},
	{"Service Organization ID", PS_F_ORG_ID},
	{"Org ID", PS_F_ORG_ID},
	{"ID de organización de servicio (ZOID o ZGID)", PS_F_ORG_ID},
	{"ID da organização do serviço [ZOID ou ZGID]", PS_F_ORG_ID},
	{"Identifiant de l'organisation de service [ZOID ou ZGID]",
	 PS_F_ORG_ID},
	{"ID der Serviceorganisation [ZOID oder ZGID]", PS_F_ORG_ID},
	{"ID tổ chức", PS_F_ORG_ID},

	{"ZUID", PS_F_USER_ID},
	{"User ID", PS_F_USER_ID},
	{"ID de usuario", PS_F_USER_ID},
	{"ID do usuário", PS_F_USER_ID},
	{"Identifiant de l'utilisateur", PS_F_USER_ID},
	{"Benutzer-ID", PS_F_USER_ID},
	{"ID người dùng", PS_F_USER_ID},
};

#define NLABELS (sizeof(labels) / sizeof(labels[0]))

/* "Label: value" gives the field and the offset of "value". */
START_TEST(label_with_colon)
{
	char line[256];
	size_t off = 999;
	int f;

	snprintf(line, sizeof(line), "%s: the value", labels[_i].label);
	f = ps_rules_label(rules, line, strlen(line), &off);
	ck_assert_msg(f == (int) labels[_i].field, "'%s' gave %d, not %d", line,
		      f, (int) labels[_i].field);
	ck_assert_str_eq(line + off, "the value");
}
END_TEST

/* A label alone on its line: the value is on the next line. */
START_TEST(label_alone)
{
	const char *l = labels[_i].label;
	size_t off = 999;

	ck_assert_int_eq(ps_rules_label(rules, l, strlen(l), &off),
			 labels[_i].field);
	ck_assert_uint_eq(off, strlen(l));
}
END_TEST

START_TEST(label_markup)
{
	static const char *const lines[] = {
		"**Customer Email:** v@x.example",
		"*Customer Email*: v@x.example",
		"__Customer Email__: v@x.example",
		"Customer Email - v@x.example",
		"Customer Email – v@x.example",
		"Customer Email — v@x.example",
		"Customer Email：v@x.example",
		"Customer Email = v@x.example",
		"Customer Email\tv@x.example",
		"  • Customer Email: v@x.example",
		"- Customer Email: v@x.example",
		"1. Customer Email: v@x.example",
		"2) Customer Email: v@x.example",
		"## Customer Email: v@x.example",
		"| Customer Email | v@x.example",
		"Customer Email (required): v@x.example",
		"CUSTOMER EMAIL:v@x.example",
		"\xc2\xa0"
		"Customer\xc2\xa0"
		"Email: v@x.example",
		"“Customer Email”: v@x.example",
		"\"Customer Email\" - v@x.example",
	};
	size_t i, off;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		off = 999;
		ck_assert_msg(
			ps_rules_label(rules, lines[i], strlen(lines[i]), &off)
				== PS_F_CUSTOMER_EMAIL,
			"not a label: %s", lines[i]);
		ck_assert_msg(strcmp(lines[i] + off, "v@x.example") == 0,
			      "value of '%s' is '%s'", lines[i],
			      lines[i] + off);
	}
}
END_TEST

START_TEST(label_question)
{
	static const char *const lines[] = {
		"Is the issue reproducible? Yes",
		"Is the issue reproducible?: Yes",
		"**Is the issue reproducible?** Yes",
		"Is the issue reproducible? (Yes/No): Yes",
		"Is the issue reproducible ? Yes",
		"¿Es reproducible el problema? Yes",
		"Có thể tái tạo vấn đề không? Yes",
	};
	size_t i, off;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		ck_assert_msg(
			ps_rules_label(rules, lines[i], strlen(lines[i]), &off)
				== PS_F_REPRODUCIBLE,
			"not a label: %s", lines[i]);
		ck_assert_str_eq(lines[i] + off, "Yes");
	}
}
END_TEST

START_TEST(not_labels)
{
	static const char *const lines[] = {
		"Description of the product launch was great",
		"Customer emails are sent every day",
		"Product-led growth is our motto",
		"The ZOID is 12345678",
		"Email: someone@example.com",
		"We checked the request type yesterday: fine",
		"Hello team,",
		"",
		"   ",
		"Descriptionless: x",
		"Productivity: high",
	};
	size_t i, off;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(
			ps_rules_label(rules, lines[i], strlen(lines[i]), &off)
				== -1,
			"label in: %s", lines[i]);
}
END_TEST

/* A quote that opens the value belongs to the value. */
START_TEST(label_quoted_value)
{
	const char *line = "Product Name: \"Zoho CRM\"";
	size_t off;

	ck_assert_int_eq(ps_rules_label(rules, line, strlen(line), &off),
			 PS_F_PRODUCT);
	ck_assert_str_eq(line + off, "\"Zoho CRM\"");
}
END_TEST

/* The line need not be NUL-terminated: len bounds it. */
START_TEST(label_uses_len)
{
	const char *line = "Product Name: Zoho CRM and more";
	size_t off;

	ck_assert_int_eq(ps_rules_label(rules, line, 12, &off), PS_F_PRODUCT);
	ck_assert_uint_eq(off, 12);
}
END_TEST

/*
 * Every label behind each kind of leading markup and in either case:
 * the markup run is skipped byte by byte before the first byte of the
 * label picks the alternatives to try (ASCII markup), or the full
 * pattern runs (a digit, a non-ASCII byte).
 */
START_TEST(label_lead_bytes)
{
	static const char *const lead[] = {
		"",    "  ",  "\t",  "* ",   "** ",	     "> ",
		">> ", "- ",  "+ ",  "# ",   "| ",	     "_",
		"\"",  " * ", "1. ", "12) ", "3.\t",	     "\xc2\xa0",
		"• ",  "“",   "– ",  "¿",    " \xc2\xa0 * ",
	};
	char line[512], up[512];
	const char *l = labels[_i].label;
	size_t i, j, n, off;

	for (i = 0; i < sizeof(lead) / sizeof(lead[0]); i++) {
		/* After an item number only blanks, "*" and "_" are markup. */
		if (strncmp(l, "¿", 2) == 0 && strpbrk(lead[i], "0123456789"))
			continue;
		snprintf(line, sizeof(line), "%s%s: v", lead[i], l);
		n = strlen(line);
		ck_assert_msg(ps_rules_label(rules, line, n, &off)
				      == (int) labels[_i].field,
			      "'%s'", line);
		ck_assert_str_eq(line + off, "v");
		/* ASCII case changes only; UTF-8 bytes stay as they are. */
		for (j = 0; j <= n; j++)
			up[j] = line[j] >= 'a' && line[j] <= 'z'
				? (char) (line[j] - 'a' + 'A')
				: line[j];
		ck_assert_msg(ps_rules_label(rules, up, n, &off)
				      == (int) labels[_i].field,
			      "'%s'", up);
	}
}
END_TEST

/* Lines the first-byte table turns away, and some it lets through. */
START_TEST(label_first_byte_edges)
{
	static const char *const no[] = {
		/* no alternative starts with these bytes */
		"Hello: x",
		"Why: x",
		"(Product): x",
		"[Product]: x",
		"? Product: x",
		"@Product: x",
		"/Product: x",
		"~Product: x",
		/* only markup, or nothing */
		"",
		" ",
		"\t\t",
		"***",
		" - ",
		"> > >",
		"\xc2\xa0",
		/* digits without an item number's "." or ")" */
		"2024 Product: x",
		"1 Product: x",
		"1234. Product: x",
		/* a first byte that opens some label, then no label */
		"Productivity: high",
		"Product-led growth",
		"Zebra: x",
		"Type: x",
		"Is it raining?",
		"Dear team,",
		"Kind regards",
		/* non-ASCII first bytes go to the full pattern */
		"Équipe support: x",
		"日本語: x",
	};
	static const struct {
		const char *line;
		enum ps_field field;
	} yes[] = {
		{"1.Product: x", PS_F_PRODUCT},
		{"999) Product: x", PS_F_PRODUCT},
		{"Địa chỉ email của khách hàng: x", PS_F_CUSTOMER_EMAIL},
		{"địa chỉ email của khách hàng: x", PS_F_CUSTOMER_EMAIL},
		{"Étapes de dépannage: x", PS_F_TROUBLESHOOTING},
		{"étapes de dépannage: x", PS_F_TROUBLESHOOTING},
		{"Dépannage: x", PS_F_TROUBLESHOOTING},
		{"Mô tả vấn đề: x", PS_F_DESCRIPTION},
		/* KELVIN SIGN: caseless UTF matching takes it for a "k" */
		{"\xe2\x84\xaaunden-E-Mail: x", PS_F_CUSTOMER_EMAIL},
		{"pRoDuCt NaMe: x", PS_F_PRODUCT},
		{"ZUID: x", PS_F_USER_ID},
		{"zoid: x", PS_F_ORG_ID},
	};
	size_t i, off;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(ps_rules_label(rules, no[i], strlen(no[i]), &off)
				      == -1,
			      "label in: %s", no[i]);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		ck_assert_msg(ps_rules_label(rules, yes[i].line,
					     strlen(yes[i].line), &off)
				      == (int) yes[i].field,
			      "not a label: %s", yes[i].line);
		ck_assert_str_eq(yes[i].line + off, "x");
	}
}
END_TEST

START_TEST(field_names)
{
	int f;

	for (f = 0; f < PS_F_COUNT; f++)
		ck_assert_int_eq(ps_field_by_name(ps_field_name(f)), f);
	ck_assert_str_eq(ps_field_name(PS_F_CUSTOMER_EMAIL), "customer-email");
	ck_assert_str_eq(ps_field_name(PS_F_ORG_ID), "org-id");
	ck_assert_int_eq(ps_field_by_name("nosuch"), -1);
	ck_assert_ptr_null(ps_field_name(PS_F_COUNT));
	ck_assert_str_eq(ps_severity_name(PS_SEV_S1), "S1-Critical");
	ck_assert_str_eq(ps_severity_name(PS_SEV_S2), "S2-Moderate");
	ck_assert_str_eq(ps_severity_name(PS_SEV_S3), "S3-Low");
}
END_TEST

static void
check_value(enum ps_field f, const char *in, int rc, const char *want)
{
	size_t so = 0, eo = 0;

	ck_assert_int_eq(ps_rules_value(rules, f, in, strlen(in), &so, &eo),
			 rc);
	if (want != NULL)
		ck_assert_msg(eo - so == strlen(want)
				      && memcmp(in + so, want, eo - so) == 0,
			      "'%s' narrowed to '%.*s', not '%s'", in,
			      (int) (eo - so), in + so, want);
}

START_TEST(values)
{
	check_value(PS_F_ORG_ID, "12345678 (org)", 1, "12345678");
	check_value(PS_F_ORG_ID, "Acme Ltd - 60012345678", 1, "60012345678");
	check_value(PS_F_USER_ID, "ZUID 987654321.", 1, "987654321");
	check_value(PS_F_USER_ID, "N/A", -1, NULL);
	check_value(PS_F_CUSTOMER_EMAIL, "John <JOHN@Acme.Example>", 1,
		    "JOHN@Acme.Example");
	check_value(PS_F_CUSTOMER_EMAIL, "mailto:a.b+c@sub.acme.example", 1,
		    "a.b+c@sub.acme.example");
	check_value(PS_F_CUSTOMER_EMAIL,
		    "[x@acme.example](mailto:x@acme.example)", 1,
		    "x@acme.example");
	check_value(PS_F_CUSTOMER_EMAIL, "will send later", -1, NULL);
	check_value(PS_F_PRODUCT, "Zoho CRM", 0, NULL);
}
END_TEST

START_TEST(addresses)
{
	const char *s = "Contact 'a@b.example', then C.D@E.example.org.";
	size_t so, eo;

	ck_assert_int_eq(
		ps_rules_next_address(rules, s, strlen(s), 0, &so, &eo), 1);
	ck_assert_int_eq((int) (eo - so), 11);
	ck_assert(memcmp(s + so, "a@b.example", 11) == 0);
	ck_assert_int_eq(
		ps_rules_next_address(rules, s, strlen(s), eo, &so, &eo), 1);
	ck_assert(memcmp(s + so, "C.D@E.example.org", eo - so) == 0);
	ck_assert_int_eq((int) (eo - so), 17);
	ck_assert_int_eq(
		ps_rules_next_address(rules, s, strlen(s), eo, &so, &eo), 0);
	ck_assert_int_eq(ps_rules_next_address(rules, "no@", 3, 0, &so, &eo),
			 0);
}
END_TEST

struct rt_case {
	const char *value;
	const char *canonical;
};

static const struct rt_case request_types[] = {
	{"Technical Support", "Technical Support"},
	{"technical support", "Technical Support"},
	{"Tech support", "Technical Support"},
	{"Technical issue", "Technical Support"},
	{"Technical", "Technical Support"},
	{"Soporte técnico", "Technical Support"},
	{"Suporte técnico", "Technical Support"},
	{"Support technique", "Technical Support"},
	{"Technischer Support", "Technical Support"},
	{"Hỗ trợ kỹ thuật", "Technical Support"},
	{"Payment Extension", "Payment Extension"},
	{"Extensión de pago", "Payment Extension"},
	{"Prorrogação de pagamento", "Payment Extension"},
	{"Zahlungsverlängerung", "Payment Extension"},
	{"Gia hạn thanh toán", "Payment Extension"},
	{"Trial Extension", "Trial Extension"},
	{"Please extend the trial", "Trial Extension"},
	{"Prolongation de l'essai", "Trial Extension"},
	{"Gia hạn dùng thử", "Trial Extension"},
	{"Store Related", "Store Related"},
	{"Relacionado con la tienda", "Store Related"},
	{"Liên quan đến cửa hàng", "Store Related"},
	{"Upgrade", "Upgrade"},
	{"Mise à niveau", "Upgrade"},
	{"Nâng cấp", "Upgrade"},
	{"Invoice Change", "Invoice Change"},
	{"Cambio de factura", "Invoice Change"},
	{"Rechnungsänderung", "Invoice Change"},
	{"Thay đổi hóa đơn", "Invoice Change"},
	{"Commission Payment", "Commission Payment"},
	{"Pago de comisión", "Commission Payment"},
	{"Provisionszahlung", "Commission Payment"},
	{"Thanh toán hoa hồng", "Commission Payment"},
	{"Product Management Related", "Product Management Related"},
	{"Gestión de productos", "Product Management Related"},
	{"Liên quan đến quản lý sản phẩm", "Product Management Related"},
	{"Sales Discussion", "Sales Discussion"},
	{"Discusión de ventas", "Sales Discussion"},
	{"Discussion commerciale", "Sales Discussion"},
	{"Thảo luận bán hàng", "Sales Discussion"},
};

START_TEST(request_type)
{
	const struct rt_case *c = &request_types[_i];
	const char *got = ps_rules_request_type(rules, c->value);

	ck_assert_msg(got != NULL, "'%s' not recognised", c->value);
	ck_assert_str_eq(got, c->canonical);
}
END_TEST

START_TEST(request_type_unknown)
{
	ck_assert_ptr_null(ps_rules_request_type(rules, "Something else"));
	ck_assert_ptr_null(ps_rules_request_type(rules, ""));
	ck_assert_ptr_null(ps_rules_request_type(rules, NULL));
	ck_assert_str_eq(ps_rules_technical_request_type(rules),
			 "Technical Support");
}
END_TEST

START_TEST(excluded_products)
{
	static const char *const yes[] = {
		"Zoho Campaigns",
		"Campaigns",
		"zoho campaign",
		"Zoho DataPrep",
		"Data Prep",
		"Zoho PageSense",
		"Zoho Writer Add-ons",
		"Writer add-on",
		"Zoho Writer addons",
		"Add-ons for Zoho Writer",
		"Complementos de Zoho Writer",
		"Complementos do Zoho Writer",
		"Modules complémentaires Zoho Writer",
		"Zoho Marketing Automation",
		"zoho marketing automation",
		"Marketing-Automatisierung",
	};
	static const char *const no[] = {
		"Zoho Writer", "Zoho CRM", "Zoho Desk",	 "Zoho Books",
		"Zoho Mail",   "Zoho One", "Zoho Sheet", "",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(ps_rules_product_excluded(rules, yes[i]) == 1,
			      "'%s' not excluded", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(ps_rules_product_excluded(rules, no[i]) == 0,
			      "'%s' excluded", no[i]);
	ck_assert_int_eq(ps_rules_product_excluded(rules, NULL), 0);
}
END_TEST

static enum ps_severity
sev1(const char *rtype, const char *text)
{
	const char *texts[3] = {NULL, text, NULL};

	return ps_rules_severity(rules, rtype, texts, 3);
}

START_TEST(severity_s1)
{
	static const char *const s1[] = {
		"Zoho CRM is down for all users since 9am",
		"The system is completely down",
		"Users cannot log in to the portal",
		"We are unable to login",
		"Customer can't access their account",
		"Account is locked and nobody can work",
		"There was data loss after the import",
		"We lost all our data",
		"Service outage in the EU datacenter",
		"Desk is not working for all users",
		"El sistema no está disponible",
		"No podemos iniciar sesión",
		"Pérdida de datos tras la migración",
		"O sistema está indisponível",
		"Não conseguimos acessar a conta",
		"Le service est indisponible",
		"Impossible de se connecter depuis ce matin",
		"Perte de données sur le module",
		"Das System ist nicht erreichbar",
		"Wir können uns nicht anmelden",
		"Datenverlust nach dem Import",
		"Hệ thống không khả dụng",
		"Không thể đăng nhập vào tài khoản",
		"Mất dữ liệu sau khi nhập",
	};
	size_t i;

	for (i = 0; i < sizeof(s1) / sizeof(s1[0]); i++)
		ck_assert_msg(sev1(NULL, s1[i]) == PS_SEV_S1, "not S1: %s",
			      s1[i]);
	ck_assert_int_eq(sev1("Technical Support", s1[0]), PS_SEV_S1);
}
END_TEST

START_TEST(severity_s3)
{
	static const char *const s3[] = {
		"How do I configure a blueprint?",
		"How to create a custom function",
		"Is there a way to export all contacts?",
		"Where is the documentation for the API?",
		"¿Cómo puedo crear un informe?",
		"Como posso configurar o fluxo de trabalho?",
		"Comment faire pour ajouter un champ ?",
		"Wie kann ich einen Workflow anlegen?",
		"Làm thế nào để tạo báo cáo?",
	};
	size_t i;

	for (i = 0; i < sizeof(s3) / sizeof(s3[0]); i++)
		ck_assert_msg(sev1(NULL, s3[i]) == PS_SEV_S3, "not S3: %s",
			      s3[i]);
}
END_TEST

START_TEST(severity_s2_and_request_type)
{
	ck_assert_int_eq(sev1(NULL, "The report shows wrong totals"),
			 PS_SEV_S2);
	ck_assert_int_eq(sev1("Technical Support", "Sync is slow"), PS_SEV_S2);
	ck_assert_int_eq(ps_rules_severity(rules, NULL, NULL, 0), PS_SEV_S2);
	/* Any other request type is S3, whatever the text says. */
	ck_assert_int_eq(sev1("Payment Extension", "The system is down"),
			 PS_SEV_S3);
	ck_assert_int_eq(sev1("Sales Discussion", NULL), PS_SEV_S3);
	/* S1 wins over S3. */
	ck_assert_int_eq(sev1(NULL, "How do I recover? We lost all our data"),
			 PS_SEV_S1);
}
END_TEST

/*
 * Severity phrases are first ruled out in one pass that skips positions
 * inside ASCII words (every pattern opens with "\b"); the boundary must
 * still be Unicode's, and phrases anywhere in a text still count.
 */
START_TEST(severity_scan_edges)
{
	static const struct {
		const char *text;
		enum ps_severity sev;
	} cases[] = {
		{"down for all", PS_SEV_S1},
		{"It is down for all users", PS_SEV_S1},
		{"(down for all)", PS_SEV_S1},
		{"—down for all", PS_SEV_S1},
		{"\xc2\xa0"
		 "down for all",
		 PS_SEV_S1},
		{"Xdown for all", PS_SEV_S2},
		{"_down for all", PS_SEV_S2},
		{"1down for all", PS_SEV_S2},
		/* letters outside ASCII are word characters too */
		{"ñdown for all", PS_SEV_S2},
		{"Ädown for all", PS_SEV_S2},
		{"DOWN FOR ALL", PS_SEV_S1},
		{"x\ndown for everyone", PS_SEV_S1},
		{"Ich kann mich nicht anmelden", PS_SEV_S1},
		{"Không thể đăng nhập", PS_SEV_S1},
		{"Vui lòng: không thể truy cập", PS_SEV_S1},
		{"how do I export a report?", PS_SEV_S3},
		{"¿Cómo puedo exportar?", PS_SEV_S3},
		{"showdown for all", PS_SEV_S2},
		{"", PS_SEV_S2},
		{"\xff\xfe down for all", PS_SEV_S1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(sev1(NULL, cases[i].text) == cases[i].sev,
			      "'%s' gave %d, not %d", cases[i].text,
			      (int) sev1(NULL, cases[i].text),
			      (int) cases[i].sev);
}
END_TEST

START_TEST(sla)
{
	struct ps_sla s;

	s = ps_rules_sla(rules, PS_SEV_S1, 0);
	ck_assert_str_eq(s.first_response, "1-3h");
	ck_assert_str_eq(s.problem_determination, "2-8h");
	ck_assert_ptr_null(s.resolution_target);
	s = ps_rules_sla(rules, PS_SEV_S1, 1);
	ck_assert_str_eq(s.first_response, "1-3h");
	ck_assert_str_eq(s.problem_determination, "2-8h");
	ck_assert_str_eq(s.resolution_target, "24-48h");
	s = ps_rules_sla(rules, PS_SEV_S2, 0);
	ck_assert_str_eq(s.first_response, "6-12h");
	ck_assert_str_eq(s.problem_determination, "24-48h");
	ck_assert_ptr_null(s.resolution_target);
	s = ps_rules_sla(rules, PS_SEV_S2, 1);
	ck_assert_str_eq(s.first_response, "6-12h");
	s = ps_rules_sla(rules, PS_SEV_S3, 0);
	ck_assert_str_eq(s.first_response, "16-24h");
	ck_assert_str_eq(s.problem_determination, "2-3d");
	ck_assert_ptr_null(s.resolution_target);
}
END_TEST

START_TEST(support_and_required)
{
	const struct ps_support_address *s;

	ck_assert_uint_eq(ps_rules_support_count(rules), 2);
	s = ps_rules_support(rules, 0);
	ck_assert_str_eq(s->address, "partner-support@zohocorp.com");
	ck_assert_str_eq(s->datacenter, "US");
	s = ps_rules_support(rules, 1);
	ck_assert_str_eq(s->address, "partner-support@eu.zohocorp.com");
	ck_assert_str_eq(s->datacenter, "EU");
	ck_assert_ptr_null(ps_rules_support(rules, 2));

	ck_assert_uint_eq(ps_rules_required_count(rules), 5);
	ck_assert_int_eq(ps_rules_required(rules, 0), PS_F_CUSTOMER_EMAIL);
	ck_assert_int_eq(ps_rules_required(rules, 1), PS_F_REQUEST_TYPE);
	ck_assert_int_eq(ps_rules_required(rules, 2), PS_F_REPRODUCIBLE);
	ck_assert_int_eq(ps_rules_required(rules, 3), PS_F_PRODUCT);
	ck_assert_int_eq(ps_rules_required(rules, 4), PS_F_DESCRIPTION);
}
END_TEST

START_TEST(stop_lines)
{
	static const char *const stop[] = {
		"-- ",
		"Regards,",
		"Best regards",
		"Thanks!",
		"Saludos",
		"Atenciosamente,",
		"Cordialement,",
		"Mit freundlichen Grüßen",
		"Trân trọng,",
		"On Mon, 3 Jun 2024, Jane <j@x.example> wrote:",
		"-----Original Message-----",
		"From: Jane <j@x.example>",
		"Screenshots/Screencast (if applicable): attached",
	};
	static const char *const go[] = {
		"Thanks for looking into the sync problem.",
		"The customer regards this as urgent.",
		"Screenshots show the error happens on save.",
		"",
		"From: the logs we see a timeout",
	};
	size_t i;

	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		ck_assert_msg(ps_rules_stop(rules, stop[i], strlen(stop[i])),
			      "not a stop line: %s", stop[i]);
	for (i = 0; i < sizeof(go) / sizeof(go[0]); i++)
		ck_assert_msg(!ps_rules_stop(rules, go[i], strlen(go[i])),
			      "stop line: %s", go[i]);
}
END_TEST

/* ---- the syntax, on small inline files ---- */

#define MIN_RULES                         \
	"label description Description\n" \
	"address [a-z]+@[a-z.]+\n"        \
	"sla S1 1h 2h\n"                  \
	"sla S2 3h 4h\n"                  \
	"sla S3 5h 6h\n"                  \
	"support ps@example.com US\n"

static void
expect_error(const char *text, const char *want)
{
	struct ps_error err = {""};
	struct ps_rules *r = ps_rules_parse("t.rules", text, strlen(text),
					    &err);

	ck_assert_msg(r == NULL, "accepted: %s", text);
	ck_assert_str_eq(err.text, want);
}

static struct ps_rules *
expect_ok(const char *text)
{
	struct ps_error err = {""};
	struct ps_rules *r = ps_rules_parse("t.rules", text, strlen(text),
					    &err);

	ck_assert_msg(r != NULL, "refused: %s", err.text);
	return r;
}

START_TEST(minimal_file)
{
	struct ps_rules *r = expect_ok("# comment\n\n" MIN_RULES);
	size_t off;

	ck_assert_int_eq(ps_rules_label(r, "Description: x", 14, &off),
			 PS_F_DESCRIPTION);
	ck_assert_ptr_null(ps_rules_request_type(r, "Technical Support"));
	ck_assert_int_eq(ps_rules_product_excluded(r, "Zoho Campaigns"), 0);
	/* No "required" directive: the documented default. */
	ck_assert_uint_eq(ps_rules_required_count(r), 5);
	ps_rules_free(r);

	r = expect_ok(MIN_RULES "required none\n");
	ck_assert_uint_eq(ps_rules_required_count(r), 0);
	ps_rules_free(r);

	r = expect_ok(MIN_RULES "required product\nrequired org-id user-id\n");
	ck_assert_uint_eq(ps_rules_required_count(r), 3);
	ck_assert_int_eq(ps_rules_required(r, 2), PS_F_USER_ID);
	ps_rules_free(r);

	/* CRLF line ends, directive names in any case. */
	r = expect_ok("LABEL product Product\r\nAddress x@y\r\nsla s1 1h 2h\r\n"
		      "sla S2 3h 4h\r\nsla S3 5h 6h\r\n"
		      "support PS@Example.COM EU\r\n");
	ck_assert_str_eq(ps_rules_support(r, 0)->address, "ps@example.com");
	ck_assert_int_eq(ps_rules_label(r, "Product: x", 10, &off),
			 PS_F_PRODUCT);
	ps_rules_free(r);
}
END_TEST

START_TEST(quote_is_closed)
{
	/* An unclosed \Q stays inside its own alternative. */
	struct ps_rules *r = expect_ok(MIN_RULES "label product \\Qa.b\n");
	size_t off;

	ck_assert_int_eq(ps_rules_label(r, "a.b: x", 6, &off), PS_F_PRODUCT);
	ck_assert_int_eq(ps_rules_label(r, "aXb: x", 6, &off), -1);
	ck_assert_int_eq(ps_rules_label(r, "Description: x", 14, &off),
			 PS_F_DESCRIPTION);
	ps_rules_free(r);
}
END_TEST

/*
 * Label patterns the first-byte table cannot reason about still match
 * as the one combined pattern does: one that may match the empty
 * string, a named group, a lookaround, whole-pattern recursion.
 */
START_TEST(label_table_fallbacks)
{
	struct ps_rules *r;
	size_t off;

	/* "x?" may match nothing: any line with a separator is a label. */
	r = expect_ok(MIN_RULES "label product x?\n");
	ck_assert_int_eq(ps_rules_label(r, "  : v", 5, &off), PS_F_PRODUCT);
	ck_assert_uint_eq(off, 4);
	ck_assert_int_eq(ps_rules_label(r, "", 0, &off), PS_F_PRODUCT);
	ck_assert_int_eq(ps_rules_label(r, "x: v", 4, &off), PS_F_PRODUCT);
	/* The earlier alternative still wins. */
	ck_assert_int_eq(ps_rules_label(r, "Description: v", 14, &off),
			 PS_F_DESCRIPTION);
	ck_assert_int_eq(ps_rules_label(r, "Hello there", 11, &off), -1);
	ps_rules_free(r);

	r = expect_ok(MIN_RULES "label product (?<p>prod)uct\n");
	ck_assert_int_eq(ps_rules_label(r, "Product: v", 10, &off),
			 PS_F_PRODUCT);
	ck_assert_int_eq(ps_rules_label(r, "Prod: v", 7, &off), -1);
	ps_rules_free(r);

	r = expect_ok(MIN_RULES "label product (?=p)product\n");
	ck_assert_int_eq(ps_rules_label(r, "* Product: v", 12, &off),
			 PS_F_PRODUCT);
	ps_rules_free(r);

	/* Markup opening a label pattern is eaten by the frame first. */
	r = expect_ok(MIN_RULES "label org-id #id\nlabel user-id \\(uid\n");
	ck_assert_int_eq(ps_rules_label(r, "#id: 5", 6, &off), -1);
	ck_assert_int_eq(ps_rules_label(r, "(uid: 5", 7, &off), PS_F_USER_ID);
	ps_rules_free(r);

	/* A match limit too small for any subset: the full pattern decides. */
	r = expect_ok(MIN_RULES "match-limit 5\n");
	ck_assert_int_eq(ps_rules_label(r, "Hello", 5, &off), -1);
	ps_rules_free(r);
}
END_TEST

/* Does the only address pattern of a small rules file find s[start, len)? */
static int
address_in(const char *pattern, const char *s, size_t len, size_t start,
	   size_t *so, size_t *eo)
{
	char text[512];
	struct ps_rules *r;
	int found;

	snprintf(text, sizeof(text),
		 "label description Description\n"
		 "address %s\nsla S1 1h 2h\nsla S2 3h 4h\nsla S3 5h 6h\n"
		 "support ps@example.com US\n",
		 pattern);
	r = expect_ok(text);
	found = ps_rules_next_address(r, s, len, start, so, eo);
	ps_rules_free(r);
	return found;
}

/*
 * A pattern whose every match holds a given byte ("@") is not run on a
 * subject without it.  Where the byte is optional, quoted, escaped,
 * in a class, a group, a comment or an alternative, the pattern runs.
 */
START_TEST(required_byte_edges)
{
	size_t so = 99, eo = 99;

	ck_assert_int_eq(address_in("a@b", "xa@b", 4, 0, &so, &eo), 1);
	ck_assert_uint_eq(so, 1);
	ck_assert_int_eq(address_in("a@b", "ab a@", 5, 0, &so, &eo), 0);
	ck_assert_int_eq(address_in("a@b", "a@b", 3, 1, &so, &eo), 0);
	/* \c@ is NUL, not "@" */
	ck_assert_int_eq(address_in("x\\c@y", "x\0y", 3, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a@?b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a@*b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a@{0,1}b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("b|a@", "b", 1, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("(?:a@)?b", "b", 1, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a(?#@)b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("[@a]b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("[[:alpha:]@]b", "ab", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a\\Q@\\E", "a@", 2, 0, &so, &eo), 1);
	ck_assert_int_eq(address_in("a{1,2}b", "ab", 2, 0, &so, &eo), 1);
	/* A lookbehind may see an "@" before the start offset. */
	ck_assert_int_eq(address_in("(?<=@)[a-z]+", "@abc", 4, 1, &so, &eo), 1);
	ck_assert_uint_eq(so, 1);
	ck_assert_uint_eq(eo, 4);
	/* \K moves the reported start past the "@". */
	ck_assert_int_eq(address_in("x@\\Ky", "x@y", 3, 0, &so, &eo), 1);
	ck_assert_uint_eq(so, 2);
	ck_assert_int_eq(address_in("x@+y", "x@@y", 4, 0, &so, &eo), 1);
}
END_TEST

/*
 * Stop lines are tried as one alternation; where that search hits a
 * limit, each pattern runs alone with its own limit, as before.  Names
 * repeated across patterns keep them apart.
 */
START_TEST(stop_combined)
{
	struct ps_rules *r;
	char line[128];

	r = expect_ok(MIN_RULES "stop ^(?:a|aa)+$\nstop x$\n");
	memset(line, 'a', 60);
	strcpy(line + 60, " x");
	ck_assert_int_eq(ps_rules_stop(r, line, strlen(line)), 1);
	ck_assert_int_eq(ps_rules_stop(r, line, 60), 1);
	ck_assert_int_eq(ps_rules_stop(r, line, 61), 0);
	ps_rules_free(r);

	r = expect_ok(MIN_RULES "stop ^(?<n>--)$\nstop ^(?<n>__)$\n");
	ck_assert_int_eq(ps_rules_stop(r, "--", 2), 1);
	ck_assert_int_eq(ps_rules_stop(r, "__", 2), 1);
	ck_assert_int_eq(ps_rules_stop(r, "-_", 2), 0);
	ps_rules_free(r);
}
END_TEST

/* The shipped rules with extra lines appended. */
static struct ps_rules *
shipped_plus(const char *extra)
{
	struct ps_error err = {""};
	size_t len = ps_default_rules_len, elen = strlen(extra);
	char *text = malloc(len + elen + 1);
	struct ps_rules *r;

	ck_assert_ptr_nonnull(text);
	memcpy(text, ps_default_rules, len);
	memcpy(text + len, extra, elen + 1);
	r = ps_rules_parse("psmilter.rules", text, len + elen, &err);
	free(text);
	ck_assert_msg(r != NULL, "%s", err.text);
	return r;
}

/*
 * Under small match limits, the first-byte table answers as the full
 * pattern alone does.  A label with a lookahead turns the table off, so
 * the second rule set is the reference; its extra alternative is last
 * and starts with "zz", which none of the lines do.
 */
START_TEST(label_table_limits)
{
	static const char *const lines[] = {
		"Support Request Type: Technical Support",
		"Is the issue reproducible? Yes, with the form (see below)",
		"**Customer Primary Email Address:** a@b.example",
		"Issue/Question Description [short]  (optional) : x",
		"Troubleshooting Steps      Re-generated the URL",
		"Primäre E-Mail-Adresse des Kunden: x",
		"The customer primary email address is below",
		"Product",
	};
	static const unsigned long limits[] = {
		1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 256, 4096,
	};
	const char *jit = getenv("PSMILTER_TEST_NOJIT") ? "jit no\n" : "";
	struct ps_rules *a, *b;
	char extra[128];
	size_t i, j, off_a, off_b;
	int fa, fb;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		snprintf(extra, sizeof(extra),
			 "\n%smatch-limit %lu\n"
			 "depth-limit %lu\n",
			 jit, limits[i], limits[i]);
		a = shipped_plus(extra);
		snprintf(extra, sizeof(extra),
			 "\n%smatch-limit %lu\n"
			 "depth-limit %lu\nlabel user-id (?=zz)zzz\n",
			 jit, limits[i], limits[i]);
		b = shipped_plus(extra);
		for (j = 0; j < sizeof(lines) / sizeof(lines[0]); j++) {
			off_a = off_b = 0;
			fa = ps_rules_label(a, lines[j], strlen(lines[j]),
					    &off_a);
			fb = ps_rules_label(b, lines[j], strlen(lines[j]),
					    &off_b);
			ck_assert_msg(fa == fb && (fa < 0 || off_a == off_b),
				      "limit %lu, '%s': %d/%zu, not %d/%zu",
				      limits[i], lines[j], fa, off_a, fb,
				      off_b);
		}
		ps_rules_free(a);
		ps_rules_free(b);
	}
}
END_TEST

/* Severity of one text under a small rules file with extra lines. */
static enum ps_severity
severity_in(const char *extra, const char *text)
{
	char rules_text[1024];
	const char *texts[1] = {text};
	struct ps_rules *r;
	enum ps_severity sev;

	snprintf(rules_text, sizeof(rules_text), MIN_RULES "%s", extra);
	r = expect_ok(rules_text);
	sev = ps_rules_severity(r, NULL, texts, 1);
	ps_rules_free(r);
	return sev;
}

/*
 * The one-pass scan of severity phrases: a search stopped by a limit
 * falls back to each pattern alone; "\G", patterns PCRE2 cannot say
 * how they start, and patterns without "\b" keep their meaning.
 */
START_TEST(severity_scan_fallbacks)
{
	char text[128];

	memset(text, 'a', 60);
	strcpy(text + 60, "! x");
	ck_assert_int_eq(severity_in("severity S1 \\b(?:a|aa)+$\n"
				     "severity S1 \\bx\n",
				     text),
			 PS_SEV_S1);
	ck_assert_int_eq(severity_in("severity S1 \\b(?:a|aa)+$\n"
				     "severity S1 \\by\n",
				     text),
			 PS_SEV_S2);
	/* Tried together at the first "a", the first pattern stops the
	 * search; alone, the second one matches there. */
	ck_assert_int_eq(severity_in("severity S1 \\b(?:a|aa)+$\n"
				     "severity S1 \\baaaa\n",
				     text),
			 PS_SEV_S1);
	ck_assert_int_eq(severity_in("severity S1 \\Gfoo\n", "foo bar"),
			 PS_SEV_S1);
	ck_assert_int_eq(severity_in("severity S1 \\Gfoo\n", "a foo"),
			 PS_SEV_S2);
	ck_assert_int_eq(severity_in("severity S1 .*foo\n", "xx foo"),
			 PS_SEV_S1);
	ck_assert_int_eq(severity_in("severity S1 (?=x)\n", "abc x"),
			 PS_SEV_S1);
	/* Without "\b" a match may start inside a word. */
	ck_assert_int_eq(
		severity_in("severity S1 own\nseverity S3 \\bx\n", "showdown"),
		PS_SEV_S1);
	ck_assert_int_eq(severity_in("severity S3 \\bown|own\\b\n", "showdown"),
			 PS_SEV_S3);
	ck_assert_int_eq(severity_in("severity S3 \\bown\\b\n", "showdown"),
			 PS_SEV_S2);
	ck_assert_int_eq(severity_in("severity S3 (?<=w)down\n", "showdown"),
			 PS_SEV_S3);
}
END_TEST

/*
 * Rules text need not end in NUL: reading a pattern's text (for its
 * required byte, its classes) stops at the end of the buffer.
 */
START_TEST(unterminated_text)
{
	/* "[:" without ":]" is no POSIX class: "[" and ":" are members. */
	static const char text[] = MIN_RULES "address [a-z[:]+@x";
	struct ps_error err = {""};
	char *buf = malloc(sizeof(text) - 1);
	struct ps_rules *r;
	size_t so, eo;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, text, sizeof(text) - 1);
	r = ps_rules_parse("t.rules", buf, sizeof(text) - 1, &err);
	free(buf);
	ck_assert_msg(r != NULL, "%s", err.text);
	ck_assert_int_eq(ps_rules_next_address(r, "a [:b@x", 7, 0, &so, &eo),
			 1);
	ck_assert_uint_eq(so, 2);
	ck_assert_int_eq(ps_rules_next_address(r, "a [:bx", 6, 0, &so, &eo), 0);
	ps_rules_free(r);
}
END_TEST

START_TEST(errors)
{
	expect_error(MIN_RULES "bogus x\n",
		     "t.rules:7: unknown directive 'bogus'");
	expect_error("# c\n\n  frob\n" MIN_RULES,
		     "t.rules:3: unknown directive 'frob'");
	expect_error(MIN_RULES "label nosuch X\n",
		     "t.rules:7: unknown field 'nosuch'");
	expect_error(MIN_RULES "label\n",
		     "t.rules:7: missing argument: field name");
	expect_error(MIN_RULES "label product\n",
		     "t.rules:7: missing argument: pattern");
	expect_error("label description (abc\n" MIN_RULES,
		     "t.rules:1: bad pattern: missing closing parenthesis at "
		     "offset 4");
	expect_error(MIN_RULES "\nseverity S1 [z-a]\n",
		     "t.rules:8: bad pattern: range out of order in character "
		     "class at offset 3");
	expect_error(MIN_RULES "severity S1 x(*ACCEPT)\n",
		     "t.rules:7: bad pattern: backtracking control verbs are "
		     "not allowed");
	expect_error(
		MIN_RULES "stop (?x)abc # comment\n",
		"t.rules:7: bad pattern: pattern does not stand on its own "
		"inside a group (missing closing parenthesis)");
	expect_error(
		MIN_RULES "label product (?<x>a)\nlabel product (?<x>b)\n",
		"t.rules:8: bad pattern: patterns do not combine (two named "
		"subpatterns have the same name (PCRE2_DUPNAMES not set))");
	expect_error(MIN_RULES "severity S4 x\n",
		     "t.rules:7: bad severity 'S4'");
	expect_error(
		MIN_RULES "severity S2 x\n",
		"t.rules:7: bad severity 'S2': S2 is the default, patterns "
		"are for S1 and S3");
	expect_error(MIN_RULES "match-limit abc\n",
		     "t.rules:7: bad number 'abc'");
	expect_error(MIN_RULES "depth-limit 0\n", "t.rules:7: bad number '0'");
	expect_error(MIN_RULES "match-limit 5 6\n",
		     "t.rules:7: too many arguments at '6'");
	expect_error(MIN_RULES "jit maybe\n",
		     "t.rules:7: expected yes or no, not 'maybe'");
	expect_error(MIN_RULES "sla S1 1h 2h\n", "t.rules:7: duplicate sla");
	expect_error(MIN_RULES "sla S1 priority 1h\n",
		     "t.rules:7: missing argument: problem-determination");
	expect_error(MIN_RULES "sla S1 priority 1h 2h 3h 4h\n",
		     "t.rules:7: too many arguments at '4h'");
	expect_error(MIN_RULES "sla S1 priority 1h 2<h\n",
		     "t.rules:7: bad duration '2<h'");
	expect_error(MIN_RULES "support nobody US\n",
		     "t.rules:7: bad address 'nobody'");
	expect_error(MIN_RULES "support PS@example.com EU\n",
		     "t.rules:7: duplicate support address 'PS@example.com'");
	expect_error(MIN_RULES "support a@b.example\n",
		     "t.rules:7: missing argument: datacenter");
	expect_error(MIN_RULES "request-type Technical x\n",
		     "t.rules:7: missing argument: quoted name");
	expect_error(MIN_RULES "request-type \"Technical x\n",
		     "t.rules:7: unterminated quoted name");
	expect_error(MIN_RULES "request-type \"T\" tech\n",
		     "t.rules:7: request types but no technical-request-type");
	expect_error(MIN_RULES "technical-request-type \"T\"\n# end\n",
		     "t.rules:7: technical-request-type names an unknown "
		     "request type 'T'");
	expect_error(MIN_RULES "required product product\n",
		     "t.rules:7: duplicate required field 'product'");
	expect_error(MIN_RULES "required product nosuch\n",
		     "t.rules:7: unknown field 'nosuch'");
}
END_TEST

START_TEST(missing_sections)
{
	expect_error("address x@y\nsla S1 1h 2h\nsla S2 1h 2h\nsla S3 1h 2h\n"
		     "support a@b.example US\n",
		     "t.rules:5: no label patterns");
	expect_error("label product P\nsla S1 1h 2h\nsla S2 1h 2h\n"
		     "sla S3 1h 2h\nsupport a@b.example US\n\n",
		     "t.rules:6: no address pattern");
	expect_error(
		"label product P\naddress x@y\nsla S1 1h 2h\nsla S3 1h 2h\n"
		"support a@b.example US\n",
		"t.rules:5: missing sla for S2");
	expect_error(
		"label product P\naddress x@y\nsla S1 1h 2h\nsla S2 1h 2h\n"
		"sla S3 1h 2h\n",
		"t.rules:5: no support address");
	expect_error("", "t.rules: no label patterns");
}
END_TEST

START_TEST(nul_byte)
{
	static const char text[] = MIN_RULES "label product a\0b\n";
	struct ps_error err;

	ck_assert_ptr_null(
		ps_rules_parse("t.rules", text, sizeof(text) - 1, &err));
	ck_assert_str_eq(err.text, "t.rules:7: NUL byte in line");
}
END_TEST

START_TEST(load_file)
{
	struct ps_error err;
	struct ps_rules *r;

	r = ps_rules_load(PS_SOURCE_DIR "/etc/psmilter.rules", &err);
	ck_assert_msg(r != NULL, "%s", err.text);
	ps_rules_free(r);
	ck_assert_ptr_null(ps_rules_load("/nonexistent/psmilter.rules", &err));
	ck_assert_str_eq(err.text,
			 "/nonexistent/psmilter.rules: No such file or "
			 "directory");
}
END_TEST

/* ---- hostile input: every call must come back ---- */

static char *
repeat(const char *unit, size_t total)
{
	size_t ulen = strlen(unit);
	char *s = malloc(total + 1);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < total; i++)
		s[i] = unit[i % ulen];
	s[total] = '\0';
	return s;
}

START_TEST(regex_bait)
{
	static const char *const units[] = {
		"a",	    "a.",	  "a@",
		"a@b.",	    "aaaa@bbbb-", " ",
		"*",	    "Customer ",  "Customer Email ",
		"system ",  "all users ", "cannot ",
		"tech ",    "writer ",	  "add-on ",
		"(",	    "?",	  "é",
		"0",	    "data ",	  "how ",
		"\xff\xfe",
	};
	const size_t n = 100000;
	size_t i, so, eo, off;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		char *s = repeat(units[i], n);
		const char *texts[1] = {s};

		(void) ps_rules_label(rules, s, n, &off);
		(void) ps_rules_stop(rules, s, n);
		(void) ps_rules_next_address(rules, s, n, 0, &so, &eo);
		(void) ps_rules_value(rules, PS_F_ORG_ID, s, n, &so, &eo);
		(void) ps_rules_value(rules, PS_F_CUSTOMER_EMAIL, s, n, &so,
				      &eo);
		(void) ps_rules_request_type(rules, s);
		(void) ps_rules_product_excluded(rules, s);
		(void) ps_rules_severity(rules, NULL, texts, 1);
		free(s);
	}
}
END_TEST

/* A catastrophic pattern hits the match limit and simply does not match. */
static void
catastrophic(const char *jit)
{
	char text[512];
	struct ps_rules *r;
	const char *texts[1];
	char subject[64];

	snprintf(text, sizeof(text),
		 MIN_RULES "jit %s\nmatch-limit 10000\n"
			   "depth-limit 100\nseverity S1 ^(a+)+$\n",
		 jit);
	r = expect_ok(text);
	memset(subject, 'a', 40);
	strcpy(subject + 40, "b");
	texts[0] = subject;
	ck_assert_int_eq(ps_rules_severity(r, NULL, texts, 1), PS_SEV_S2);
	texts[0] = "aaaa";
	ck_assert_int_eq(ps_rules_severity(r, NULL, texts, 1), PS_SEV_S1);
	ps_rules_free(r);
}

START_TEST(match_limit_jit)
{
	catastrophic("yes");
}
END_TEST

START_TEST(match_limit_interpreter)
{
	catastrophic("no");
}
END_TEST

/* One rule set, many threads, no locks: every answer stays right. */
static void *
worker(void *arg)
{
	const char *texts[1] = {"Users cannot log in"};
	size_t i, j, off;
	long bad = 0;

	(void) arg;
	for (i = 0; i < 2000; i++) {
		j = i % NLABELS;
		if (ps_rules_label(rules, labels[j].label,
				   strlen(labels[j].label), &off)
		    != (int) labels[j].field)
			bad++;
		if (ps_rules_severity(rules, NULL, texts, 1) != PS_SEV_S1)
			bad++;
	}
	return (void *) bad;
}

START_TEST(threads)
{
	pthread_t tid[8];
	void *bad;
	size_t i;

	for (i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&tid[i], NULL, worker, NULL),
				 0);
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(pthread_join(tid[i], &bad), 0);
		ck_assert_ptr_null(bad);
	}
}
END_TEST

/* ---- separators, instructions, languages ---- */

/* Every separator: "Zoho Product Name<sep>Zoho CRM" gives "Zoho CRM". */
START_TEST(label_separators)
{
	static const char *const seps[] = {
		": ",
		" - ",
		" – ",
		" — ",
		"：",
		" = ",
		" | ",
		" → ",
		" => ",
		" -> ",
		" --> ",
		" ==> ",
		" \xEF\x83\xA0 ", /* Outlook's AutoCorrect arrow, U+F0E0 */
		" à ",		  /* the same arrow in windows-1252 */
		"\t",
		" : ",
		"*: ",
		"**: ",
		":** ",
	};
	char line[128];
	size_t i, off;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		snprintf(line, sizeof(line), "Zoho Product Name%sZoho CRM",
			 seps[i]);
		off = 999;
		ck_assert_msg(ps_rules_label(rules, line, strlen(line), &off)
				      == PS_F_PRODUCT,
			      "no label: '%s'", line);
		ck_assert_msg(strcmp(line + off, "Zoho CRM") == 0,
			      "'%s' gave value '%s'", line, line + off);
	}
}
END_TEST

/* What is no separator. */
START_TEST(label_not_separators)
{
	static const char *const lines[] = {
		"Zoho Product Name àZoho CRM",	  /* "à" not between blanks */
		"Zoho Product Name-Zoho CRM",	  /* a dash wants a blank */
		"Zoho Product Name  is Zoho CRM", /* two blanks, no instruction */
		"Product (CRM) keeps failing on save",
		"Product (see the screenshot (attached)) fails",
	};
	size_t i, off;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(
			ps_rules_label(rules, lines[i], strlen(lines[i]), &off)
				< 0,
			"label in '%s'", lines[i]);
}
END_TEST

/*
 * Item numbers and letters, a trailing required-field "*", a bracket of
 * any length or nesting before the separator, two blanks before an
 * instruction (a two-column template pasted as text).
 */
START_TEST(label_frames)
{
	static const struct {
		const char *line;
		enum ps_field field;
		const char *value;
	} cases[] = {
		{"a) Customer Email Address: x@y.example", PS_F_CUSTOMER_EMAIL,
		 "x@y.example"},
		{"B. Zoho Product Name: Zoho CRM", PS_F_PRODUCT, "Zoho CRM"},
		{"12) Support Request Type: Upgrade", PS_F_REQUEST_TYPE,
		 "Upgrade"},
		{"Customer Email Address*: x@y.example", PS_F_CUSTOMER_EMAIL,
		 "x@y.example"},
		{"Support Request Type (Predefined values (Technical Support, "
		 "Payment Extension, Trial Extension, Store Related, Upgrade, "
		 "Invoice Change)): Upgrade",
		 PS_F_REQUEST_TYPE, "Upgrade"},
		{"Zoho Product Name (Eg: Zoho CRM, Zoho Desk etc.) Zoho Desk",
		 PS_F_PRODUCT, "Zoho Desk"},
		{"Zoho Product Name  Eg: Zoho CRM, Zoho Desk etc.",
		 PS_F_PRODUCT, "Eg: Zoho CRM, Zoho Desk etc."},
		{"Customer Email Address  The email address with reference to "
		 "which the",
		 PS_F_CUSTOMER_EMAIL,
		 "The email address with reference to which the"},
		{"Is the issue reproducible?\xE3\x80\x80Yes", PS_F_REPRODUCIBLE,
		 "Yes"},
		{"O problema pode ser reproduzido? Sim", PS_F_REPRODUCIBLE,
		 "Sim"},
	};
	size_t i, off;
	int f;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		off = 999;
		f = ps_rules_label(rules, cases[i].line, strlen(cases[i].line),
				   &off);
		ck_assert_msg(f == (int) cases[i].field, "'%s' gave %d",
			      cases[i].line, f);
		ck_assert_str_eq(cases[i].line + off, cases[i].value);
	}
}
END_TEST

struct instr_case {
	const char *text;
	enum ps_field field;
	const char *rest; /* the value after it, "" none */
	unsigned open;	  /* brackets left open */
};

/* Zoho's instruction text, as partners leave it in. */
START_TEST(instructions)
{
	static const struct instr_case cases[] = {
		{"The email address with reference to which the request is "
		 "raised.",
		 PS_F_CUSTOMER_EMAIL, "", 0},
		{"Địa chỉ email có tham chiếu đến yêu cầu được đưa ra.",
		 PS_F_CUSTOMER_EMAIL, "", 0},
		{"E-Mail-Adresse, auf die sich die Anfrage bezieht.: "
		 "a@b.example",
		 PS_F_CUSTOMER_EMAIL, "a@b.example", 0},
		{"Predefined values (Technical Support, Payment Extension, "
		 "Trial Extension, Store Related, Upgrade)",
		 PS_F_REQUEST_TYPE, "", 0},
		{"Giá trị định sẵn (Hỗ trợ kỹ thuật, Gia hạn thanh toán,",
		 PS_F_REQUEST_TYPE, "", 1},
		{"Yes or No (Specify)", PS_F_REPRODUCIBLE, "", 0},
		{"Yes or No (Specify): Yes, on every save", PS_F_REPRODUCIBLE,
		 "Yes, on every save", 0},
		{"Sí o No (especifica) Sí", PS_F_REPRODUCIBLE, "Sí", 0},
		{"If yes, please include additional details (user ID, super "
		 "admin email, customization name (e.g. workflow, function "
		 "name, etc.), date & time).",
		 PS_F_REPRODUCIBLE, "", 0},
		{"If yes, please include additional details (user ID, super "
		 "admin email, customization name (e.g.",
		 PS_F_REPRODUCIBLE, "", 2},
		{"Eg: Zoho CRM, Zoho Desk etc.", PS_F_PRODUCT, "", 0},
		{"Eg: Zoho CRM, Zoho Desk etc. Zoho Projects", PS_F_PRODUCT,
		 "Zoho Projects", 0},
		{"/Ex.: Zoho CRM, Zoho Desk etc./ Zoho Creator", PS_F_PRODUCT,
		 "Zoho Creator", 0},
		{"z. B. Zoho CRM, Zoho Desk usw.", PS_F_PRODUCT, "", 0},
		{"Ví dụ: Zoho CRM, Zoho Desk, v.v.", PS_F_PRODUCT, "", 0},
		{"(150 - 200 words)", PS_F_DESCRIPTION, "", 0},
		{"(150 - 200 từ) The sync fails", PS_F_DESCRIPTION,
		 "The sync fails", 0},
		{"(150 à 200 mots)", PS_F_DESCRIPTION, "", 0},
		{"If any", PS_F_TROUBLESHOOTING, "", 0},
		{"Nếu có", PS_F_TROUBLESHOOTING, "", 0},
		{"Falls vorhanden: Cache geleert", PS_F_TROUBLESHOOTING,
		 "Cache geleert", 0},
		{"* Le cas échéant", PS_F_TROUBLESHOOTING, "", 0},
	};
	struct ps_instruction_hit h;
	struct ps_rule_info info;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;
		size_t n = strlen(t);

		ck_assert_msg(ps_rules_instruction(rules, t, n, &h),
			      "no instruction: '%s'", t);
		ck_assert_msg(h.field == (int) cases[i].field, "'%s': field %d",
			      t, h.field);
		ck_assert_msg(h.open == cases[i].open, "'%s': open %u", t,
			      h.open);
		ck_assert_msg(
			strcmp(h.rest < n ? t + h.rest : "", cases[i].rest)
				== 0,
			"'%s': value '%s'", t, t + h.rest);
		ck_assert_int_eq(
			ps_rules_instruction_rule(rules, h.rule, &info), 0);
		ck_assert_int_eq(info.field, cases[i].field);
		ck_assert_ptr_nonnull(info.lang);
	}
}
END_TEST

/* Prose that begins like an instruction is none. */
START_TEST(not_instructions)
{
	static const char *const lines[] = {
		"If any issue persists we will call you",
		"Nếu có lỗi thì hệ thống dừng",
		"Yes or no, depending on the browser",
		"Zoho CRM",
		"Technical Support",
		"admin@acme.example",
		"",
	};
	struct ps_instruction_hit h;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(!ps_rules_instruction(rules, lines[i],
						    strlen(lines[i]), &h),
			      "instruction: '%s'", lines[i]);
}
END_TEST

/* The beginning of an instruction a mail client wrapped. */
START_TEST(instruction_begins)
{
	static const char *const yes[] = {
		"The email address with reference to which the",
		"If yes, please include additional",
		"Dirección de correo electrónico con referencia a la",
	};
	static const char *const no[] = {
		"The email", /* too short to tell */
		"The sync of the contacts module fails every night",
		"The email address with reference to which the request is "
		"raised.", /* whole: ps_rules_instruction's */
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(ps_rules_instruction_begins(rules, yes[i],
							  strlen(yes[i])),
			      "not a beginning: '%s'", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!ps_rules_instruction_begins(rules, no[i],
							   strlen(no[i])),
			      "a beginning: '%s'", no[i]);
}
END_TEST

/* Each label knows its language; ZOID and ZUID have none. */
START_TEST(label_languages)
{
	static const struct {
		const char *line;
		const char *lang;
	} cases[] = {
		{"Customer Email Address:", "en"},
		{"Dirección de correo electrónico del cliente:", "es"},
		{"Endereço de e-mail do cliente:", "pt"},
		{"Adresse e-mail du client :", "fr"},
		{"E-Mail-Adresse des Kunden:", "de"},
		{"Địa chỉ email của khách hàng:", "vi"},
		{"Description du problème/de la question :", "fr"},
		{"Description:", "en"},
		{"ZOID:", NULL},
		{"ZUID:", NULL},
	};
	struct ps_label_hit h;
	struct ps_rule_info info;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *l = cases[i].line;

		ck_assert_msg(ps_rules_label_hit(rules, l, strlen(l), &h) >= 0,
			      "no label: '%s'", l);
		ck_assert_int_eq(ps_rules_label_rule(rules, h.rule, &info), 0);
		ck_assert_int_eq(info.field, h.field);
		ck_assert_uint_gt(info.line, 0);
		if (cases[i].lang == NULL)
			ck_assert_msg(info.lang == NULL, "'%s': %s", l,
				      info.lang);
		else
			ck_assert_msg(
				info.lang != NULL
					&& strcmp(info.lang, cases[i].lang)
						== 0,
				"'%s': %s", l, info.lang ? info.lang : "none");
	}
	ck_assert_int_eq(ps_rules_label_rule(rules, -1, &info), -1);
	ck_assert_int_eq(ps_rules_label_rule(rules, 100000, &info), -1);
	ck_assert_str_eq(ps_rules_name(rules), "psmilter.rules");
}
END_TEST

/* Which phrase decided, and S1 phrases left out for automated mail. */
START_TEST(severity_why)
{
	const char *texts[3] = {"Zoho CRM: users cannot log in since 9:00",
				NULL, "How do I reset it?"};
	struct ps_severity_why why;

	ck_assert_int_eq(ps_rules_severity_why(rules, NULL, texts, 3, 0, &why),
			 PS_SEV_S1);
	ck_assert_int_eq(why.cause, PS_CAUSE_S1_PHRASE);
	ck_assert_int_eq(why.phrase.found, 1);
	ck_assert_uint_eq(why.phrase.text, 0);
	ck_assert_uint_gt(why.phrase.line, 0);
	ck_assert_int_eq(strncmp(texts[0] + why.phrase.so, "cannot log in",
				 why.phrase.eo - why.phrase.so),
			 0);
	/* Automated: the S1 phrase is not applied, the S3 one is. */
	ck_assert_int_eq(ps_rules_severity_why(rules, NULL, texts, 3, 1, &why),
			 PS_SEV_S3);
	ck_assert_int_eq(why.cause, PS_CAUSE_S3_PHRASE);
	ck_assert_int_eq(why.ignored.found, 1);
	ck_assert_uint_eq(why.phrase.text, 2);
	texts[2] = NULL;
	ck_assert_int_eq(ps_rules_severity_why(rules, NULL, texts, 3, 1, NULL),
			 PS_SEV_S2);
	ck_assert_int_eq(
		ps_rules_severity_why(rules, "Upgrade", texts, 3, 0, &why),
		PS_SEV_S3);
	ck_assert_int_eq(why.cause, PS_CAUSE_REQUEST_TYPE);
	/* Same answers as without a reason asked for. */
	ck_assert_int_eq(ps_rules_severity(rules, NULL, texts, 3), PS_SEV_S1);
}
END_TEST

/* The template's list of request types names them all; a value, one. */
START_TEST(request_types_named)
{
	const char *list = "Technical Support, Payment Extension, Trial "
			   "Extension, Store Related, Upgrade";

	ck_assert_uint_eq(
		ps_rules_request_types_named(rules, list, strlen(list), 3), 3);
	ck_assert_uint_eq(ps_rules_request_types_named(rules, "Upgrade", 7, 3),
			  1);
	ck_assert_uint_eq(ps_rules_request_types_named(rules, "Bug", 3, 3), 0);
}
END_TEST

/* "language" and "instruction" lines in a small file, and their errors. */
START_TEST(language_and_instruction_syntax)
{
	struct ps_rules *r;
	struct ps_label_hit h;
	struct ps_instruction_hit ih;
	struct ps_rule_info info;

	r = expect_ok(MIN_RULES "language XX\nlabel product Produkt\n"
				"instruction product z\\.\\s*b\\.\\s+CRM\n"
				"language none\nlabel org-id ZOID\n");
	ck_assert_int_eq(ps_rules_label_hit(r, "Produkt: x", 10, &h),
			 PS_F_PRODUCT);
	ck_assert_int_eq(ps_rules_label_rule(r, h.rule, &info), 0);
	ck_assert_str_eq(info.lang, "xx"); /* lowercased */
	ck_assert_uint_eq(info.line, 8);
	ck_assert_int_eq(ps_rules_label_hit(r, "ZOID: 1", 7, &h), PS_F_ORG_ID);
	ck_assert_int_eq(ps_rules_label_rule(r, h.rule, &info), 0);
	ck_assert_ptr_null(info.lang);
	ck_assert_int_eq(ps_rules_label_hit(r, "Description: x", 14, &h),
			 PS_F_DESCRIPTION); /* before any "language" */
	ck_assert_int_eq(ps_rules_label_rule(r, h.rule, &info), 0);
	ck_assert_ptr_null(info.lang);
	ck_assert_int_eq(ps_rules_instruction(r, "z. B. CRM", 9, &ih), 1);
	ck_assert_int_eq(ps_rules_instruction_rule(r, ih.rule, &info), 0);
	ck_assert_uint_eq(info.line, 9);
	ps_rules_free(r);

	/* No instruction lines: nothing is one. */
	r = expect_ok(MIN_RULES);
	ck_assert_int_eq(ps_rules_instruction(r, "If any", 6, &ih), 0);
	ck_assert_int_eq(ps_rules_instruction_begins(r,
						     "If yes, please "
						     "include additional",
						     34),
			 0);
	ps_rules_free(r);

	expect_error(MIN_RULES "language\n",
		     "t.rules:7: missing argument: language code");
	expect_error(MIN_RULES "language e/n\n",
		     "t.rules:7: bad language code 'e/n'");
	expect_error(MIN_RULES "language en fr\n",
		     "t.rules:7: too many arguments at 'fr'");
	expect_error(MIN_RULES "instruction nosuch x\n",
		     "t.rules:7: unknown field 'nosuch'");
	expect_error(MIN_RULES "instruction product (x\n",
		     "t.rules:7: bad pattern: missing closing parenthesis at "
		     "offset 2");
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("shipped");
	TCase *syn = tcase_create("syntax");

	/* Parsed once, before the tests fork. */
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, label_with_colon, 0, NLABELS);
	tcase_add_loop_test(tc, label_alone, 0, NLABELS);
	tcase_add_test(tc, label_markup);
	tcase_add_test(tc, label_question);
	tcase_add_test(tc, not_labels);
	tcase_add_test(tc, label_quoted_value);
	tcase_add_test(tc, label_uses_len);
	tcase_add_loop_test(tc, label_lead_bytes, 0, NLABELS);
	tcase_add_test(tc, label_first_byte_edges);
	tcase_add_test(tc, severity_scan_edges);
	tcase_add_test(tc, field_names);
	tcase_add_test(tc, values);
	tcase_add_test(tc, addresses);
	tcase_add_loop_test(tc, request_type, 0,
			    sizeof(request_types) / sizeof(request_types[0]));
	tcase_add_test(tc, request_type_unknown);
	tcase_add_test(tc, excluded_products);
	tcase_add_test(tc, severity_s1);
	tcase_add_test(tc, severity_s3);
	tcase_add_test(tc, severity_s2_and_request_type);
	tcase_add_test(tc, sla);
	tcase_add_test(tc, support_and_required);
	tcase_add_test(tc, stop_lines);
	tcase_add_test(tc, regex_bait);
	tcase_add_test(tc, threads);
	tcase_add_test(tc, label_separators);
	tcase_add_test(tc, label_not_separators);
	tcase_add_test(tc, label_frames);
	tcase_add_test(tc, instructions);
	tcase_add_test(tc, not_instructions);
	tcase_add_test(tc, instruction_begins);
	tcase_add_test(tc, label_languages);
	tcase_add_test(tc, severity_why);
	tcase_add_test(tc, request_types_named);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(syn, NULL, ps_rules_thread_cleanup);
	tcase_add_test(syn, minimal_file);
	tcase_add_test(syn, quote_is_closed);
	tcase_add_test(syn, label_table_fallbacks);
	tcase_add_test(syn, required_byte_edges);
	tcase_add_test(syn, stop_combined);
	tcase_add_test(syn, label_table_limits);
	tcase_add_test(syn, severity_scan_fallbacks);
	tcase_add_test(syn, unterminated_text);
	tcase_add_test(syn, errors);
	tcase_add_test(syn, language_and_instruction_syntax);
	tcase_add_test(syn, missing_sections);
	tcase_add_test(syn, nul_byte);
	tcase_add_test(syn, load_file);
	tcase_add_test(syn, match_limit_jit);
	tcase_add_test(syn, match_limit_interpreter);
	suite_add_tcase(s, syn);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = rules_suite,
};
