/*
 * NAME
 *	test_config.c - psmilter.conf parsing: the key table, defaults,
 *	errors with file and line
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <syslog.h>

#include "core/config.h"
#include "tests/check_main.h"

static int
parse(const char *text, struct ps_config *cfg, struct ps_error *err)
{
	ps_config_init(cfg);
	return ps_config_parse("t.conf", text, strlen(text), cfg, err);
}

START_TEST(defaults)
{
	struct ps_config cfg;
	struct ps_error err;

	ck_assert_int_eq(parse("", &cfg, &err), 0);
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
	struct ps_error err;
	const char *text =
		"# psmilter\n"
		"LicenseCache /var/lib/psmilter/cache.lmdb   # the cache\n"
		"\n"
		"  rulesfile\t/etc/psmilter/psmilter.rules\r\n"
		"MaxParseBytes 512k\n"
		"MaxMimeDepth 8\n"
		"SupportAddress <Partner-Support@ZohoCorp.com> US\n"
		"SupportAddress help@example.org EU\n";

	ck_assert_msg(parse(text, &cfg, &err) == 0, "%s", err.text);
	ck_assert_str_eq(cfg.license_cache, "/var/lib/psmilter/cache.lmdb");
	ck_assert_str_eq(cfg.rules_file, "/etc/psmilter/psmilter.rules");
	ck_assert_uint_eq(cfg.max_parse_bytes, 512 * 1024);
	ck_assert_uint_eq(cfg.max_mime_depth, 8);
	ck_assert_uint_eq(cfg.nsupport, 2);
	ck_assert_str_eq(cfg.support[0].address,
			 "partner-support@zohocorp.com");
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
	struct ps_error err = {""};

	ck_assert_int_eq(parse(text, &cfg, &err), -1);
	ck_assert_msg(strcmp(err.text, want) == 0, "got \"%s\", want \"%s\"",
		      err.text, want);
	ps_config_free(&cfg);
}

START_TEST(errors_name_file_and_line)
{
	expect_error("LicenseCache /x\nBogus 1\n",
		     "t.conf:2: unknown key \"Bogus\"");
	expect_error("\n\nLicenseCache\n",
		     "t.conf:3: LicenseCache: missing value");
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

START_TEST(daemon_keys)
{
	struct ps_config cfg;
	struct ps_error err;
	const char *text = "Socket inet6:8895@[::1]\n"
			   "PidFile /run/psmilter/psmilter.pid\n"
			   "UserID psmilter:postfix\n"
			   "UMask 027\n"
			   "Syslog no\n"
			   "SyslogFacility local3\n"
			   "LogLevel debug\n"
			   "OnError TempFail\n"
			   "StatsFile /var/lib/psmilter/stats.prom\n"
			   "StatsInterval 15\n";

	ck_assert_msg(parse(text, &cfg, &err) == 0, "%s", err.text);
	ck_assert_str_eq(cfg.socket, "inet6:8895@[::1]");
	ck_assert_str_eq(cfg.pid_file, "/run/psmilter/psmilter.pid");
	ck_assert_str_eq(cfg.user_id, "psmilter:postfix");
	ck_assert_uint_eq(cfg.umask, 027);
	ck_assert_int_eq(cfg.syslog, 0);
	ck_assert_int_eq(cfg.syslog_facility, LOG_LOCAL3);
	ck_assert_int_eq(cfg.log_level, LOG_DEBUG);
	ck_assert_int_eq(cfg.on_error_tempfail, 1);
	ck_assert_str_eq(cfg.stats_file, "/var/lib/psmilter/stats.prom");
	ck_assert_uint_eq(cfg.stats_interval, 15);
	ps_config_free(&cfg);

	/* Defaults of the daemon keys. */
	ck_assert_int_eq(parse("", &cfg, &err), 0);
	ck_assert_str_eq(cfg.socket, "local:/run/psmilter/psmilter.sock");
	ck_assert_uint_eq(cfg.umask, 007);
	ck_assert_int_eq(cfg.syslog, 1);
	ck_assert_int_eq(cfg.syslog_facility, LOG_MAIL);
	ck_assert_int_eq(cfg.log_level, LOG_INFO);
	ck_assert_int_eq(cfg.on_error_tempfail, 0);
	ck_assert_uint_eq(cfg.stats_interval, 60);
	ps_config_free(&cfg);
}
END_TEST

START_TEST(daemon_key_errors)
{
	expect_error("OnError reject\n",
		     "t.conf:1: OnError: expected accept "
		     "or tempfail (psmilter never rejects)");
	expect_error("UMask 9\n",
		     "t.conf:1: UMask: expected an octal mode such as 007");
	expect_error("Syslog maybe\n", "t.conf:1: Syslog: expected yes or no");
	expect_error("SyslogFacility kern\n",
		     "t.conf:1: SyslogFacility: "
		     "expected mail, daemon, user or local0..local7");
	expect_error("LogLevel loud\n",
		     "t.conf:1: LogLevel: expected error, "
		     "warning, notice, info or debug");
	expect_error("StatsInterval 0\n",
		     "t.conf:1: StatsInterval: value out of range");
}
END_TEST

START_TEST(missing_file)
{
	struct ps_config cfg;
	struct ps_error err;

	ps_config_init(&cfg);
	ck_assert_int_eq(
		ps_config_load("/nonexistent/psmilter.conf", &cfg, &err), -1);
	ck_assert_str_eq(err.text,
			 "/nonexistent/psmilter.conf: No such file or "
			 "directory");
	ps_config_free(&cfg);
}
END_TEST

/* A reload names the start-only keys whose values changed, and only them. */
START_TEST(start_only_changes)
{
	struct ps_config a, b;
	struct ps_error err;
	char changed[256], *state;

	ck_assert_int_eq(parse("Socket unix:/run/a.sock\nUMask 007\n"
			       "LicenseCache /a\n",
			       &a, &err),
			 0);
	state = ps_config_start_state(&a);
	ps_config_start_changed(state, &a, changed, sizeof(changed));
	ck_assert_str_eq(changed, "");
	/* LicenseCache and MaxParseBytes reload; the others need a restart. */
	ck_assert_int_eq(parse("Socket unix:/run/b.sock\nUMask 002\n"
			       "LicenseCache /b\nMaxParseBytes 1m\n"
			       "Syslog no\nLogLevel debug\n"
			       "UserID psmilter\n",
			       &b, &err),
			 0);
	ps_config_start_changed(state, &b, changed, sizeof(changed));
	ck_assert_str_eq(changed, "Socket, UserID, UMask, Syslog, LogLevel");
	/* A short buffer cuts the list, still terminated. */
	ps_config_start_changed(state, &b, changed, 10);
	ck_assert_str_eq(changed, "Socket, U");
	free(state);
	ps_config_free(&a);
	ps_config_free(&b);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, keys_and_comments);
	tcase_add_test(tc, errors_name_file_and_line);
	tcase_add_test(tc, daemon_keys);
	tcase_add_test(tc, daemon_key_errors);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, start_only_changes);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = config_suite,
};
