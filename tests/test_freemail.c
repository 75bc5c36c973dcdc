/*
 * NAME
 *	test_freemail.c - Check tests for rules/freemail.c and etc/freemail
 * SUMMARY
 *	Exact, subdomain and wildcard matches, near misses, and exact
 *	"NAME:LINE: reason" errors.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rules/defaults.h"
#include "rules/freemail.h"
#include "tests/check_main.h"

static struct ps_freemail *fm;

static void
setup(void)
{
	struct ps_error err = {""};

	fm = ps_freemail_parse("freemail", ps_default_freemail,
			       ps_default_freemail_len, &err);
	ck_assert_msg(fm != NULL, "shipped freemail: %s", err.text);
}

static void
teardown(void)
{
	ps_freemail_free(fm);
	fm = NULL;
}

START_TEST(free_domains)
{
	static const char *const yes[] = {
		"gmail.com",	  "GMail.COM",	    "googlemail.com",
		"mail.gmail.com", "gmail.com.",	    "someone@gmail.com",
		"yahoo.com",	  "yahoo.co.uk",    "yahoo.com.br",
		"yahoo.fr",	  "yahoo.co.jp",    "uk.yahoo.com",
		"ymail.com",	  "outlook.com",    "outlook.de",
		"hotmail.com",	  "hotmail.co.uk",  "live.com",
		"msn.com",	  "aol.com",	    "icloud.com",
		"me.com",	  "gmx.de",	    "gmx.net",
		"web.de",	  "mail.ru",	    "yandex.ru",
		"proton.me",	  "protonmail.com", "zohomail.com",
		"zohomail.in",	  "qq.com",	    "163.com",
		"rediffmail.com", "libero.it",	    "orange.fr",
		"free.fr",	  "t-online.de",    "uol.com.br",
		"bol.com.br",	  "terra.com.br",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(ps_freemail_match(fm, yes[i]) == 1,
			      "'%s' is not freemail", yes[i]);
	ck_assert_uint_gt(ps_freemail_count(fm), 150);
}
END_TEST

START_TEST(other_domains)
{
	static const char *const no[] = {
		"acme.example",
		"notgmail.com",
		"gmail.co",
		"gmail.com.evil.example",
		"yahoo.acme.example",
		"yahoo",
		"zoho.com",
		"zohocorp.com",
		"eu.zohocorp.com",
		"com",
		"",
		"mygmx.de",
		"a@acme.example",
	};
	size_t i;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(ps_freemail_match(fm, no[i]) == 0,
			      "'%s' is freemail", no[i]);
	ck_assert_int_eq(ps_freemail_match(fm, NULL), 0);
}
END_TEST

static void
expect_error(const char *text, const char *want)
{
	struct ps_error err = {""};
	struct ps_freemail *f = ps_freemail_parse("t.fm", text, strlen(text),
						  &err);

	ck_assert_msg(f == NULL, "accepted: %s", text);
	ck_assert_str_eq(err.text, want);
}

START_TEST(small_file)
{
	const char *text = "# free\n\nExample.COM  # comment\r\nfree.*\n";
	struct ps_error err;
	struct ps_freemail *f = ps_freemail_parse("t", text, strlen(text),
						  &err);

	ck_assert_msg(f != NULL, "%s", err.text);
	ck_assert_uint_eq(ps_freemail_count(f), 2);
	ck_assert_int_eq(ps_freemail_match(f, "example.com"), 1);
	ck_assert_int_eq(ps_freemail_match(f, "a.b.EXAMPLE.com"), 1);
	ck_assert_int_eq(ps_freemail_match(f, "free.net"), 1);
	ck_assert_int_eq(ps_freemail_match(f, "free.com.au"), 1);
	ck_assert_int_eq(ps_freemail_match(f, "mx.free.co.nz"), 1);
	ck_assert_int_eq(ps_freemail_match(f, "free.mail.example"), 0);
	ck_assert_int_eq(ps_freemail_match(f, "example.org"), 0);
	ps_freemail_free(f);

	f = ps_freemail_parse("t", "", 0, &err);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(ps_freemail_count(f), 0);
	ck_assert_int_eq(ps_freemail_match(f, "gmail.com"), 0);
	ps_freemail_free(f);
}
END_TEST

START_TEST(errors)
{
	expect_error("gmail.com\nexa mple.com\n",
		     "t.fm:2: one domain per line; unexpected 'mple.com'");
	expect_error("com\n", "t.fm:1: bad domain 'com'");
	expect_error("a..b\n", "t.fm:1: bad domain 'a..b'");
	expect_error("\n\n*.gmail.com\n", "t.fm:3: bad domain '*.gmail.com'");
	expect_error("user@gmail.com\n", "t.fm:1: bad domain 'user@gmail.com'");
	expect_error(".gmail.com\n", "t.fm:1: bad domain '.gmail.com'");
	expect_error("gmail.com\n# x\nGMAIL.com\n",
		     "t.fm:3: duplicate domain 'GMAIL.com'");
	expect_error("yahoo.*\nYahoo.*\n",
		     "t.fm:2: duplicate domain 'Yahoo.*'");
}
END_TEST

START_TEST(load_file)
{
	struct ps_error err;
	struct ps_freemail *f;

	f = ps_freemail_load(PS_SOURCE_DIR "/etc/freemail", &err);
	ck_assert_msg(f != NULL, "%s", err.text);
	ck_assert_int_eq(ps_freemail_match(f, "gmail.com"), 1);
	ps_freemail_free(f);
	ck_assert_ptr_null(ps_freemail_load("/nonexistent/freemail", &err));
	ck_assert_str_eq(err.text,
			 "/nonexistent/freemail: No such file or "
			 "directory");
}
END_TEST

static Suite *
freemail_suite(void)
{
	Suite *s = suite_create("freemail");
	TCase *tc = tcase_create("shipped");
	TCase *syn = tcase_create("syntax");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, free_domains);
	tcase_add_test(tc, other_domains);
	suite_add_tcase(s, tc);
	tcase_add_test(syn, small_file);
	tcase_add_test(syn, errors);
	tcase_add_test(syn, load_file);
	suite_add_tcase(s, syn);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = freemail_suite,
};
