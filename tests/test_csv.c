/*
 * NAME
 *	test_csv.c - Check tests for cache/csv.c
 * SUMMARY
 *	RFC 4180 quoting, line ends, BOM, blank lines, header mapping, the
 *	exact "NAME:LINE: reason" of each syntax error, and a file read in
 *	blocks with a quoted field across a block boundary.
 */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/csv.h"
#include "tests/check_main.h"

/* Reads every row of text; returns the rows as "a|b|c@LINE" lines. */
static int
read_all(const char *text, size_t len, char *out, size_t outlen,
	 struct ps_error *err)
{
	struct ps_csv *csv = ps_csv_open_mem("t.csv", text, len);
	struct ps_csv_row row;
	size_t used = 0, i;
	int rc;

	out[0] = 0;
	while ((rc = ps_csv_next(csv, &row, err)) > 0) {
		for (i = 0; i < row.nfields; i++) {
			ck_assert_uint_eq(strlen(row.fields[i]), row.lens[i]);
			used += (size_t) snprintf(out + used, outlen - used,
						  "%s%s", i ? "|" : "",
						  row.fields[i]);
		}
		used += (size_t) snprintf(out + used, outlen - used, "@%lu\n",
					  row.line);
		ck_assert_uint_lt(used, outlen);
	}
	ps_csv_close(csv);
	return rc;
}

#define READ_OK(input, want)                                           \
	do {                                                           \
		char out_[4096];                                       \
		struct ps_error err_ = {""};                           \
		ck_assert_msg(read_all(input, sizeof(input) - 1, out_, \
				       sizeof(out_), &err_)            \
				      == 0,                            \
			      "error: %s", err_.text);                 \
		ck_assert_str_eq(out_, want);                          \
	} while (0)

#define READ_ERR(input, want)                                             \
	do {                                                              \
		char out_[4096];                                          \
		struct ps_error err_ = {""};                              \
		ck_assert_int_eq(read_all(input, sizeof(input) - 1, out_, \
					  sizeof(out_), &err_),           \
				 -1);                                     \
		ck_assert_str_eq(err_.text, want);                        \
	} while (0)

START_TEST(plain_rows)
{
	READ_OK("a,b,c\n1,2,3\nx,,z\n", "a|b|c@1\n1|2|3@2\nx||z@3\n");
}
END_TEST

START_TEST(no_final_newline)
{
	READ_OK("a,b\n1,2", "a|b@1\n1|2@2\n");
	READ_OK("a,b\n1,", "a|b@1\n1|@2\n");
}
END_TEST

START_TEST(quoted_fields)
{
	READ_OK("a,b\n\"hello\",\"\"\n", "a|b@1\nhello|@2\n");
	READ_OK("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n",
		"a|b@1\nsay \"hi\"|\"@2\n");
}
END_TEST

START_TEST(embedded_comma_and_newline)
{
	/* The second row spans lines 3-5; the next row starts on line 6. */
	READ_OK("id,note\n1,\"a, b\"\n2,\"line one\nline two\n\"\n3,c\n",
		"id|note@1\n1|a, b@2\n2|line one\nline two\n@3\n3|c@6\n");
}
END_TEST

START_TEST(crlf)
{
	READ_OK("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n",
		"a|b@1\n1|2@2\nx\r\ny|3@3\n4|5@5\n");
}
END_TEST

START_TEST(bom_skipped)
{
	READ_OK("\xEF\xBB\xBF"
		"a,b\n1,2\n",
		"a|b@1\n1|2@2\n");
	/* Only at the very start. */
	READ_OK("a,b\n\xEF\xBB\xBF"
		"1,2\n",
		"a|b@1\n\xEF\xBB\xBF"
		"1|2@2\n");
}
END_TEST

START_TEST(blank_lines_skipped)
{
	READ_OK("\n\na,b\n\n1,2\r\n  \t \n\r\n3,4\n\n",
		"a|b@3\n1|2@5\n3|4@8\n");
}
END_TEST

START_TEST(too_many_or_few_fields)
{
	READ_ERR("a,b\n1,2\n1,2,3\n",
		 "t.csv:3: wrong number of fields: 3, the header has 2");
	READ_ERR("a,b\n1\n",
		 "t.csv:2: wrong number of fields: 1, the header has 2");
}
END_TEST

START_TEST(unterminated_quote)
{
	READ_ERR("a,b\n1,2\n3,\"open\nand on\n",
		 "t.csv:3: unterminated quoted field");
}
END_TEST

START_TEST(stray_quotes)
{
	READ_ERR("a,b\n1,ab\"c\n", "t.csv:2: quote inside an unquoted field");
	READ_ERR("a,b\n1,\"ab\"c\n",
		 "t.csv:2: unexpected character after closing quote");
	READ_ERR("a,b\n1, \"ab\"\n", "t.csv:2: quote inside an unquoted field");
}
END_TEST

START_TEST(bad_bytes)
{
	READ_ERR("a,b\n1,2\r3,4\n", "t.csv:2: CR not followed by LF");
	READ_ERR("a,b\n1,2\n3,x\0y\n", "t.csv:3: NUL byte");
}
END_TEST

START_TEST(row_too_long)
{
	size_t len = PS_CSV_ROW_MAX + 100;
	char *text = malloc(len + 16), out[256];
	struct ps_error err;

	memcpy(text, "a\nxx\n", 5);
	memset(text + 5, 'x', len);
	memcpy(text + 5 + len, "\n", 1);
	ck_assert_int_eq(read_all(text, len + 6, out, sizeof(out), &err), -1);
	ck_assert_str_eq(err.text,
			 "t.csv:3: row too long (more than 65536 bytes)");
	/* A runaway quote ends the same way, with a hint. */
	text[5] = '"';
	ck_assert_int_eq(read_all(text, len + 6, out, sizeof(out), &err), -1);
	ck_assert_str_eq(err.text,
			 "t.csv:3: row too long (more than 65536 bytes; "
			 "unterminated quote?)");
	free(text);
}
END_TEST

START_TEST(too_many_fields)
{
	char text[2048], out[256];
	struct ps_error err;
	size_t i;

	text[0] = 0;
	for (i = 0; i < 300; i++)
		strcat(text, i ? ",x" : "x");
	strcat(text, "\n");
	ck_assert_int_eq(read_all(text, strlen(text), out, sizeof(out), &err),
			 -1);
	ck_assert_str_eq(err.text, "t.csv:1: too many fields (more than 256)");
}
END_TEST

static struct ps_csv_column *
columns(void)
{
	static struct ps_csv_column cols[3];

	cols[0].name = "account_id";
	cols[0].required = 1;
	cols[1].name = "licenses";
	cols[1].required = 0;
	cols[2].name = "zoid";
	cols[2].required = 0;
	return cols;
}

START_TEST(header_any_order_unknown_ignored)
{
	static const char text[] =
		"\xEF\xBB\xBF Licenses ,colour,\"ACCOUNT_ID\"\r\n5,red,A-1\r\n";
	struct ps_csv *csv = ps_csv_open_mem("t.csv", text, sizeof(text) - 1);
	struct ps_csv_column *cols = columns();
	struct ps_csv_row row;
	struct ps_error err = {""};

	ck_assert_msg(ps_csv_header(csv, cols, 3, &err) == 0, "%s", err.text);
	ck_assert_int_eq(cols[0].index, 2);
	ck_assert_int_eq(cols[1].index, 0);
	ck_assert_int_eq(cols[2].index, -1);
	ck_assert_int_eq(ps_csv_next(csv, &row, &err), 1);
	ck_assert_str_eq(row.fields[cols[0].index], "A-1");
	ck_assert_str_eq(row.fields[cols[1].index], "5");
	ck_assert_uint_eq(row.line, 2);
	ck_assert_int_eq(ps_csv_next(csv, &row, &err), 0);
	ps_csv_close(csv);
}
END_TEST

static void
header_error(const char *text, const char *want)
{
	struct ps_csv *csv = ps_csv_open_mem("t.csv", text, strlen(text));
	struct ps_error err = {""};

	ck_assert_int_eq(ps_csv_header(csv, columns(), 3, &err), -1);
	ck_assert_str_eq(err.text, want);
	ps_csv_close(csv);
}

START_TEST(header_errors)
{
	header_error("licenses,zoid\n1,2\n",
		     "t.csv:1: missing required column account_id");
	header_error("\n\naccount,licenses\n",
		     "t.csv:3: missing required column account_id");
	header_error("account_id,zoid,ZOID\n",
		     "t.csv:1: duplicate column zoid");
	header_error("", "t.csv: empty feed (no header row)");
	header_error("\n \n", "t.csv: empty feed (no header row)");
}
END_TEST

/* A feed bigger than the read block, with a quoted field across it. */
START_TEST(file_in_blocks)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	struct ps_error err = {""};
	struct ps_csv_row row;
	struct ps_csv *csv;
	unsigned long n = 0;
	FILE *fp;
	int fd, rc;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("id,note\r\n", fp);
	for (n = 1; n <= 40000; n++)
		fprintf(fp,
			"%lu,\"note %lu, with \"\"quotes\"\"\nand a "
			"break\"\r\n",
			n, n);
	fclose(fp);
	ck_assert_ptr_nonnull(csv = ps_csv_open(path, &err));
	ck_assert_str_eq(ps_csv_name(csv), path);
	ck_assert_int_eq(ps_csv_next(csv, &row, &err), 1);
	for (n = 1; (rc = ps_csv_next(csv, &row, &err)) > 0; n++) {
		char want[64];

		ck_assert_uint_eq(strtoul(row.fields[0], NULL, 10), n);
		ck_assert_uint_eq(row.line, 2 * n);
		snprintf(want, sizeof(want),
			 "note %lu, with \"quotes\"\nand a break", n);
		ck_assert_str_eq(row.fields[1], want);
	}
	ck_assert_msg(rc == 0, "%s", err.text);
	ck_assert_uint_eq(n, 40001);
	ps_csv_close(csv);
	unlink(path);
}
END_TEST

START_TEST(missing_file)
{
	struct ps_error err = {""};

	ck_assert_ptr_null(ps_csv_open("/nonexistent/feed.csv", &err));
	ck_assert_str_eq(err.text,
			 "/nonexistent/feed.csv: No such file or directory");
}
END_TEST

static Suite *
csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, plain_rows);
	tcase_add_test(tc, no_final_newline);
	tcase_add_test(tc, quoted_fields);
	tcase_add_test(tc, embedded_comma_and_newline);
	tcase_add_test(tc, crlf);
	tcase_add_test(tc, bom_skipped);
	tcase_add_test(tc, blank_lines_skipped);
	tcase_add_test(tc, too_many_or_few_fields);
	tcase_add_test(tc, unterminated_quote);
	tcase_add_test(tc, stray_quotes);
	tcase_add_test(tc, bad_bytes);
	tcase_add_test(tc, row_too_long);
	tcase_add_test(tc, too_many_fields);
	tcase_add_test(tc, header_any_order_unknown_ignored);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, file_in_blocks);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = csv_suite,
};
