/*
 * NAME
 *	test_util.c - Check tests for util/: errors, UTF-8, allocation, log
 * SUMMARY
 *	The error type's formats and bounds, the UTF-8 decoder against
 *	RFC 3629's table (every lead byte, overlongs, surrogates, the top
 *	of the range, truncated sequences), cutting at a character
 *	boundary, the allocator's edge cases and out-of-memory path, and
 *	the log's name tables.
 */

#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tests/check_main.h"
#include "util/error.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

START_TEST(error_formats)
{
	struct ps_error err;

	ps_error_at(&err, "psmilter.conf", 12, "unknown key \"%s\"", "Foo");
	ck_assert_str_eq(err.text, "psmilter.conf:12: unknown key \"Foo\"");
	ps_error_at(&err, "feed.csv", 0, "%s", "no data rows");
	ck_assert_str_eq(err.text, "feed.csv: no data rows");
	ps_error_set(&err, "empty message");
	ck_assert_str_eq(err.text, "empty message");
	ps_error_clear(&err);
	ck_assert_str_eq(err.text, "");
	/* A NULL error drops the reason, for callers that do not want it. */
	ps_error_at(NULL, "x", 1, "y");
	ps_error_set(NULL, "y");
	ps_error_clear(NULL);
}
END_TEST

START_TEST(error_bounded)
{
	struct ps_error err;
	char name[2 * PS_ERROR_MAX];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ps_error_at(&err, name, 7, "reason %s", name);
	ck_assert_uint_eq(strlen(err.text), PS_ERROR_MAX - 1);
	ps_error_at(&err, "f", 1, "%s", name);
	ck_assert_uint_eq(strlen(err.text), PS_ERROR_MAX - 1);
	ck_assert(strncmp(err.text, "f:1: aaa", 8) == 0);
}
END_TEST

static size_t
decode(const char *s, size_t n, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *) s;

	return ps_utf8_decode(p, p + n, cp);
}

START_TEST(utf8_well_formed)
{
	unsigned long cp;

	ck_assert_uint_eq(decode("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(decode("\xC3\xA9", 2, &cp), 2); /* é */
	ck_assert_uint_eq(cp, 0xE9);
	ck_assert_uint_eq(decode("\xE1\xBB\x87", 3, &cp), 3); /* ệ */
	ck_assert_uint_eq(cp, 0x1EC7);
	ck_assert_uint_eq(decode("\xEF\xBB\xBF", 3, &cp), 3); /* BOM */
	ck_assert_uint_eq(cp, 0xFEFF);
	ck_assert_uint_eq(decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
	ck_assert_uint_eq(decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x10FFFF);
	ck_assert_uint_eq(decode("\xE0\xA0\x80", 3, &cp), 3); /* U+0800 */
	ck_assert_uint_eq(decode("\xF0\x90\x80\x80", 4, &cp), 4);
}
END_TEST

START_TEST(utf8_ill_formed)
{
	unsigned long cp;
	unsigned c;
	char b[1];

	ck_assert_uint_eq(decode("\xC0\xAF", 2, &cp), 0);	  /* overlong */
	ck_assert_uint_eq(decode("\xC1\xBF", 2, &cp), 0);	  /* overlong */
	ck_assert_uint_eq(decode("\xE0\x9F\xBF", 3, &cp), 0);	  /* overlong */
	ck_assert_uint_eq(decode("\xF0\x8F\xBF\xBF", 4, &cp), 0); /* overlong */
	ck_assert_uint_eq(decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	ck_assert_uint_eq(decode("\xED\xBF\xBF", 3, &cp), 0); /* surrogate */
	ck_assert_uint_eq(decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > max */
	ck_assert_uint_eq(decode("\xC3", 1, &cp), 0);		  /* cut */
	ck_assert_uint_eq(decode("\xE1\xBB", 2, &cp), 0);	  /* cut */
	ck_assert_uint_eq(decode("\xC3\x41", 2, &cp), 0); /* no continuation */
	ck_assert_uint_eq(decode("\xE1\xBB\xC0", 3, &cp), 0);
	/* A lone continuation byte, and every lead byte RFC 3629 forbids. */
	for (c = 0x80; c <= 0xC1; c++) {
		b[0] = (char) c;
		ck_assert_uint_eq(decode(b, 1, &cp), 0);
	}
	for (c = 0xF5; c <= 0xFF; c++) {
		b[0] = (char) c;
		ck_assert_uint_eq(decode(b, 1, &cp), 0);
	}
}
END_TEST

START_TEST(utf8_valid_and_cut)
{
	static const char s[] = "caf\xC3\xA9 \xE1\xBB\x87"; /* café ệ */
	static const char nul[] = "a\0b";
	char ascii[40];

	ck_assert(ps_utf8_valid(s, sizeof(s) - 1));
	ck_assert(!ps_utf8_valid(s, sizeof(s) - 2));
	ck_assert(ps_utf8_valid(nul, sizeof(nul) - 1));
	memset(ascii, 'x', sizeof(ascii));
	ck_assert(ps_utf8_valid(ascii, sizeof(ascii)));
	ascii[33] = (char) 0xFF; /* past the first eight-byte words */
	ck_assert(!ps_utf8_valid(ascii, sizeof(ascii)));
	/* Never inside a character; never longer than asked. */
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 100), sizeof(s) - 1);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 3), 3);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 4), 3);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 5), 5);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 7), 6);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 8), 6);
	ck_assert_uint_eq(ps_utf8_cut(s, sizeof(s) - 1, 0), 0);
}
END_TEST

START_TEST(xalloc_edges)
{
	char *p = ps_xmalloc(0), *q;
	unsigned char *h;
	size_t i;

	ck_assert_ptr_nonnull(p); /* zero bytes still give a pointer */
	p = ps_xrealloc(p, 10);
	memcpy(p, "123456789", 10);
	q = ps_xstrndup(p, 4);
	ck_assert_str_eq(q, "1234");
	free(q);
	q = ps_xstrdup(p);
	ck_assert_str_eq(q, "123456789");
	free(q);
	free(p);
	p = ps_xcalloc(0, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
	h = ps_xhuge(3 << 20);
	ck_assert_uint_eq((uintptr_t) h % (2 << 20), 0);
	for (i = 0; i < (3u << 20); i += 4096)
		ck_assert_uint_eq(h[i], 0);
	h[(3 << 20) - 1] = 1;
	ps_xhuge_free(h, 3 << 20);
}
END_TEST

/* Out of memory aborts, after a line in the log (stderr here). */
START_TEST(out_of_memory_aborts)
{
	ps_log_open("test_util", 1, LOG_MAIL);
	ps_out_of_memory(42);
}
END_TEST

/* A failed malloc() takes that path (ASan reports such a request first). */
#ifndef __SANITIZE_ADDRESS__
START_TEST(xmalloc_failure_aborts)
{
	struct rlimit rl = {64 << 20, 64 << 20};

	ps_log_open("test_util", 1, LOG_MAIL);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &rl), 0);
	(void) ps_xmalloc((size_t) 1 << 30);
}
END_TEST
#endif

START_TEST(log_names)
{
	ck_assert_int_eq(ps_log_facility_by_name("mail"), LOG_MAIL);
	ck_assert_int_eq(ps_log_facility_by_name("LOCAL3"), LOG_LOCAL3);
	ck_assert_int_eq(ps_log_facility_by_name("kern"), -1);
	ck_assert_int_eq(ps_log_level_by_name("warning"), LOG_WARNING);
	ck_assert_int_eq(ps_log_level_by_name("debug"), LOG_DEBUG);
	ck_assert_int_eq(ps_log_level_by_name("loud"), -1);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, error_formats);
	tcase_add_test(tc, error_bounded);
	tcase_add_test(tc, utf8_well_formed);
	tcase_add_test(tc, utf8_ill_formed);
	tcase_add_test(tc, utf8_valid_and_cut);
	tcase_add_test(tc, xalloc_edges);
	tcase_add_test_raise_signal(tc, out_of_memory_aborts, SIGABRT);
#ifndef __SANITIZE_ADDRESS__
	tcase_add_test_raise_signal(tc, xmalloc_failure_aborts, SIGABRT);
#endif
	tcase_add_test(tc, log_names);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = util_suite,
};
