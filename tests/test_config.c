/*
 * NAME
 *	test_config.c - psmilter.conf parsing: the key table, defaults,
 *	errors with file and line
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "milter/config.h"

static int
parse(const char *text, struct ps_config *cfg, char *err, size_t errlen)
{
	ps_config_init(cfg);
	return ps_config_parse("t.conf", text, strlen(text), cfg, err, errlen);
}

START_TEST(defaults)
{
	struct ps_config cfg;
	char	err[256];

	ck_assert_int_eq(parse("", &cfg, err, sizeof(err)), 0);
	ck_assert_ptr_null(cfg.license_cache);
	ck_assert_ptr_null(cfg.rules_file);
	ck_assert_uint_eq(cfg.max_parse_bytes, 2 * 1024 * 1024);
	ck_assert_uint_eq(cfg.max_mime_depth, 16);
	ck_assert_uint_eq(cfg.max_mime_parts, 256);
	ck_assert_uint_eq(cfg.nsupport, 0);
	ps_config_free(&cfg);
}
END_TEST

START_TEST(keys_and_comments)
{
	struct ps_config cfg;
	char	err[256];
	const char *text =
	    "# psmilter\n"
	    "LicenseCache /var/lib/psmilter/cache.lmdb   # the cache\n"
	    "\n"
	    "  rulesfile\t/etc/psmilter/psmilter.rules\r\n"
	    "MaxParseBytes 512k\n"
	    "MaxMimeDepth 8\n"
	    "SupportAddress <Partner-Support@ZohoCorp.com> US\n"
	    "SupportAddress help@example.org EU\n";

	ck_assert_msg(parse(text, &cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(cfg.license_cache, "/var/lib/psmilter/cache.lmdb");
	ck_assert_str_eq(cfg.rules_file, "/etc/psmilter/psmilter.rules");
	ck_assert_uint_eq(cfg.max_parse_bytes, 512 * 1024);
	ck_assert_uint_eq(cfg.max_mime_depth, 8);
	ck_assert_uint_eq(cfg.nsupport, 2);
	ck_assert_str_eq(cfg.support[0].address, "partner-support@zohocorp.com");
	ck_assert_str_eq(cfg.support[0].datacenter, "US");
	ck_assert_str_eq(cfg.support[1].address, "help@example.org");
	ck_assert_str_eq(cfg.support[1].datacenter, "EU");
	ps_config_free(&cfg);
}
END_TEST

static void
expect_error(const char *text, const char *want)
{
	struct ps_config cfg;
	char	err[256] = "";

	ck_assert_int_eq(parse(text, &cfg, err, sizeof(err)), -1);
	ck_assert_msg(strcmp(err, want) == 0, "got \"%s\", want \"%s\"", err,
		      want);
	ps_config_free(&cfg);
}

START_TEST(errors_name_file_and_line)
{
	expect_error("LicenseCache /x\nBogus 1\n",
		     "t.conf:2: unknown key \"Bogus\"");
	expect_error("\n\nLicenseCache\n", "t.conf:3: LicenseCache: missing value");
	expect_error("LicenseCache /a\nLicenseCache /b\n",
		     "t.conf:2: LicenseCache: given twice (first on line 1)");
	expect_error("MaxParseBytes lots\n",
		     "t.conf:1: MaxParseBytes: expected a size such as 2m");
	expect_error("MaxParseBytes 12\n",
		     "t.conf:1: MaxParseBytes: value out of range");
	expect_error("MaxMimeDepth 2x\n",
		     "t.conf:1: MaxMimeDepth: expected a number");
	expect_error("SupportAddress partner-support@zohocorp.com\n",
		     "t.conf:1: SupportAddress: expected: SupportAddress "
		     "address DATACENTER");
	expect_error("SupportAddress nobody US\n",
		     "t.conf:1: SupportAddress: expected: SupportAddress "
		     "address DATACENTER");
}
END_TEST

START_TEST(missing_file)
{
	struct ps_config cfg;
	char	err[256];

	ps_config_init(&cfg);
	ck_assert_int_eq(ps_config_load("/nonexistent/psmilter.conf", &cfg,
					err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/psmilter.conf: No such file or "
			 "directory");
	ps_config_free(&cfg);
}
END_TEST

int
main(void)
{
	Suite  *s = suite_create("config");
	TCase  *tc = tcase_create("core");
	SRunner *sr;
	int	failed;

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, keys_and_comments);
	tcase_add_test(tc, errors_name_file_and_line);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
