/*
 * NAME
 *	test_mailbox.c - reading mboxes, Maildirs and .eml directories for
 *	psmilter -t replay: From_ lines, ">From " unescaping, CRLF, a last
 *	message with no empty line after it, long lines, truncation, empty
 *	mboxes, and the files a Maildir holds that are not messages
 */

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mailbox.h"
#include "tests/check_main.h"

#define LIMIT 4096 /* bytes of a message kept, as MaxParseBytes */

/*
 * base is made and removed in the runner, so a failed test (whose process
 * ends before its teardown) leaves nothing behind; dir is one test's.
 */
static char base[64], dir[128];

static void
setup_base(void)
{
	strcpy(base, "/tmp/test_mailbox.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/t.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* rm -r path, without following symbolic links. */
static void
rm_tree(const char *path)
{
	char child[1024];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)
	    && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0
			    && strcmp(de->d_name, "..") != 0) {
				snprintf(child, sizeof(child), "%s/%s", path,
					 de->d_name);
				rm_tree(child);
			}
		closedir(d);
	}
	remove(path);
}

static void
teardown(void)
{
	rm_tree(dir);
}

static void
teardown_base(void)
{
	rm_tree(base);
}

/* dir/name, created with len bytes of text. */
static const char *
put(const char *name, const char *text, size_t len)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

static const char *
put_str(const char *name, const char *text)
{
	return put(name, text, strlen(text));
}

static const char *
sub(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	return path;
}

/* Open path as kind and read every item: returns how many. */
static size_t
read_all(const char *path, enum ps_mailbox_kind kind, size_t limit,
	 struct ps_mail *mails, size_t max)
{
	struct ps_mailbox *mb;
	struct ps_error err;
	size_t n = 0;

	mb = ps_mailbox_open(path, kind, limit, &err);
	ck_assert_msg(mb != NULL, "%s", err.text);
	while (n < max && ps_mailbox_next(mb, &mails[n]) > 0)
		n++;
	ck_assert_uint_lt(n, max);
	ps_mailbox_close(mb);
	return n;
}

static void
free_all(struct ps_mail *mails, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ps_mail_free(&mails[i]);
}

static void
assert_mail(const struct ps_mail *m, const char *source, const char *text)
{
	ck_assert_str_eq(m->source, source);
	ck_assert_msg(m->data != NULL, "%s: %s", source, m->err.text);
	ck_assert_uint_eq(m->len, strlen(text));
	ck_assert(memcmp(m->data, text, m->len) == 0);
}

static enum ps_mailbox_kind
kind_of(const char *path)
{
	enum ps_mailbox_kind kind;
	struct ps_error err;

	ck_assert_msg(ps_mailbox_kind(path, &kind, &err) == 0, "%s", err.text);
	return kind;
}

/* What Postfix local(8) or procmail appends to a user's mbox. */
static const char mbox_lf[] =
	"From partner@reseller.example Mon Sep  2 09:14:22 2024\n"
	"From: Partner <partner@reseller.example>\n"
	"Message-ID: <1@reseller.example>\n"
	"\n"
	"First ticket.\n"
	">From the customer: it broke.\n"
	">>From here on, quoted twice.\n"
	" >From stays: not at the start of the line.\n"
	"\n"
	"From other@reseller.example Mon Sep  2 10:00:00 2024\n"
	"Message-ID: <2@reseller.example>\n"
	"\n"
	"Second ticket, with an empty line before the next.\n"
	"\n"
	"\n"
	"From third@reseller.example Mon Sep  2 11:00:00 2024\n"
	"Message-ID: <3@reseller.example>\n"
	"\n"
	"Third.\n"
	"From here on, unescaped but not after an empty line.\n";

START_TEST(mbox_lf_messages)
{
	struct ps_mail m[8];
	char src[3][300];
	const char *path = put("inbox", mbox_lf, sizeof(mbox_lf) - 1);
	size_t n;

	ck_assert_int_eq(kind_of(path), PS_MAILBOX_MBOX);
	n = read_all(path, PS_MAILBOX_MBOX, LIMIT, m, 8);
	ck_assert_uint_eq(n, 3);
	snprintf(src[0], sizeof(src[0]), "%s:1@0", path);
	snprintf(src[1], sizeof(src[1]), "%s:2@%zu", path,
		 (size_t) (strstr(mbox_lf, "From other") - mbox_lf));
	snprintf(src[2], sizeof(src[2]), "%s:3@%zu", path,
		 (size_t) (strstr(mbox_lf, "From third") - mbox_lf));
	assert_mail(&m[0], src[0],
		    "From: Partner <partner@reseller.example>\n"
		    "Message-ID: <1@reseller.example>\n"
		    "\n"
		    "First ticket.\n"
		    "From the customer: it broke.\n"
		    ">From here on, quoted twice.\n"
		    " >From stays: not at the start of the line.\n");
	/* Of the two empty lines, the last one belongs to the mbox. */
	assert_mail(&m[1], src[1],
		    "Message-ID: <2@reseller.example>\n"
		    "\n"
		    "Second ticket, with an empty line before the next.\n"
		    "\n");
	/* The last message needs no empty line after it. */
	assert_mail(&m[2], src[2],
		    "Message-ID: <3@reseller.example>\n"
		    "\n"
		    "Third.\n"
		    "From here on, unescaped but not after an empty line.\n");
	free_all(m, n);
}
END_TEST

START_TEST(mbox_crlf_messages)
{
	static const char text[] =
		"From a@reseller.example Mon Sep  2 09:14:22 2024\r\n"
		"Subject: one\r\n"
		"\r\n"
		">From the customer.\r\n"
		"\r\n"
		"From b@reseller.example Mon Sep  2 10:00:00 2024\r\n"
		"Subject: two\r\n"
		"\r\n"
		"No line break at the very end.";
	struct ps_mail m[4];
	const char *path = put("crlf.mbox", text, sizeof(text) - 1);
	char src[300];
	size_t n = read_all(path, PS_MAILBOX_MBOX, LIMIT, m, 4);

	ck_assert_uint_eq(n, 2);
	snprintf(src, sizeof(src), "%s:1@0", path);
	assert_mail(&m[0], src, "Subject: one\r\n\r\nFrom the customer.\r\n");
	snprintf(src, sizeof(src), "%s:2@%zu", path,
		 (size_t) (strstr(text, "From b") - text));
	assert_mail(&m[1], src,
		    "Subject: two\r\n\r\nNo line break at the very end.");
	free_all(m, n);
}
END_TEST

START_TEST(mbox_empty_and_empty_messages)
{
	static const char text[] =
		"From a@reseller.example Mon Sep  2 09:14:22 2024\n"
		"\n"
		"From b@reseller.example Mon Sep  2 09:14:23 2024\n";
	struct ps_mail m[4];
	const char *path = put_str("empty.mbox", "");
	struct ps_error err;

	/* An empty file is one (empty) message unless read as an mbox. */
	ck_assert_int_eq(kind_of(path), PS_MAILBOX_MESSAGE);
	ck_assert_uint_eq(read_all(path, PS_MAILBOX_MBOX, LIMIT, m, 4), 0);
	path = put("two-empty.mbox", text, sizeof(text) - 1);
	ck_assert_uint_eq(read_all(path, PS_MAILBOX_MBOX, LIMIT, m, 4), 2);
	ck_assert_ptr_nonnull(m[0].data);
	ck_assert_uint_eq(m[0].len, 0);
	ck_assert_ptr_nonnull(m[1].data);
	ck_assert_uint_eq(m[1].len, 0);
	free_all(m, 2);
	path = put_str("not.mbox", "Subject: hi\n\nFrom me\n");
	ck_assert_int_eq(kind_of(path), PS_MAILBOX_MESSAGE);
	ck_assert_ptr_null(ps_mailbox_open(path, PS_MAILBOX_MBOX, LIMIT, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "not an mbox"));
}
END_TEST

/*
 * A message longer than the limit keeps limit + 1 bytes, and the one
 * after it is still found; lines longer than the reader's buffer (a
 * From_ line and a body line) arrive whole.
 */
START_TEST(mbox_long_lines_and_truncation)
{
	size_t big = 200000, len = 0;
	char *text = malloc(3 * big + 256), *want = malloc(big + 16);
	const char *path;
	struct ps_mail m[4];
	size_t n;

	len += sprintf(text + len, "From a@reseller.example ");
	memset(text + len, 'x', big), len += big;
	len += sprintf(text + len, "\nSubject: long\n\n");
	memset(text + len, 'y', big), len += big;
	len += sprintf(text + len, "\n\nFrom b@reseller.example ");
	memset(text + len, 'z', big), len += big;
	len += sprintf(text + len, "\nSubject: short\n\n>From ok.\n");
	path = put("long.mbox", text, len);
	n = read_all(path, PS_MAILBOX_MBOX, 2 * big, m, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(m[0].len, strlen("Subject: long\n\n") + big + 1);
	ck_assert_int_eq(m[0].data[m[0].len - 2], 'y');
	assert_mail(&m[1], m[1].source, "Subject: short\n\nFrom ok.\n");
	free_all(m, n);
	n = read_all(path, PS_MAILBOX_MBOX, 1000, m, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(m[0].len, 1001);
	memset(want, 'y', 1001);
	memcpy(want, "Subject: long\n\n", 15);
	ck_assert(memcmp(m[0].data, want, 1001) == 0);
	assert_mail(&m[1], m[1].source, "Subject: short\n\nFrom ok.\n");
	free_all(m, n);
	free(text);
	free(want);
}
END_TEST

START_TEST(maildir_cur_and_new_only)
{
	static const char msg[] = "Subject: x\n\nbody\n";
	char want[4][300];
	struct ps_mail m[8];
	char path[300];
	size_t n;

	sub("cur"), sub("new"), sub("tmp"), sub("cur/sub"), sub(".Sent");
	sub(".Sent/cur");
	put_str("dovecot-uidlist", "3 V1 N4\n");
	put_str("maildirfolder", "");
	put_str("tmp/1725300000.M9P1.host", msg); /* still being delivered */
	put_str(".Sent/cur/x", msg);
	put_str("cur/.hidden", msg);
	put_str("cur/1725268500.M2P1.host:2,S", "Subject: b\n\n");
	put_str("cur/1725268400.M1P1.host:2,RS", "Subject: a\n\n");
	put_str("new/1725268600.M3P1.host", "Subject: c\n\n");
	snprintf(path, sizeof(path), "%s/cur/1725268700.M4P1.host:2,", dir);
	ck_assert_int_eq(symlink("/nonexistent/message", path), 0);
	ck_assert_int_eq(kind_of(dir), PS_MAILBOX_MAILDIR);
	n = read_all(dir, PS_MAILBOX_MAILDIR, LIMIT, m, 8);
	ck_assert_uint_eq(n, 4);
	snprintf(want[0], sizeof(want[0]), "%s/cur/1725268400.M1P1.host:2,RS",
		 dir);
	snprintf(want[1], sizeof(want[1]), "%s/cur/1725268500.M2P1.host:2,S",
		 dir);
	snprintf(want[2], sizeof(want[2]), "%s/new/1725268600.M3P1.host", dir);
	assert_mail(&m[0], want[0], "Subject: a\n\n");
	assert_mail(&m[1], want[1], "Subject: b\n\n");
	/* A message that cannot be read is an item with the reason. */
	ck_assert_str_eq(m[2].source, path);
	ck_assert_ptr_null(m[2].data);
	ck_assert_ptr_nonnull(strstr(m[2].err.text, "No such file"));
	assert_mail(&m[3], want[2], "Subject: c\n\n");
	free_all(m, n);
}
END_TEST

START_TEST(eml_directory)
{
	struct ps_mail m[8];
	char want[300];
	size_t n;

	put_str("README", "not a message\n");
	put_str("b.EML", "Subject: b\n\n");
	put_str("a.eml", "Subject: a\n\n");
	put_str("a.expected", "X-Priority-Customer: yes\n");
	sub("x.eml");
	ck_assert_int_eq(kind_of(dir), PS_MAILBOX_EML_DIR);
	n = read_all(dir, PS_MAILBOX_EML_DIR, LIMIT, m, 8);
	ck_assert_uint_eq(n, 2);
	snprintf(want, sizeof(want), "%s/a.eml", dir);
	assert_mail(&m[0], want, "Subject: a\n\n");
	snprintf(want, sizeof(want), "%s/b.EML", dir);
	assert_mail(&m[1], want, "Subject: b\n\n");
	free_all(m, n);
}
END_TEST

START_TEST(message_file_and_errors)
{
	static const char big[] = "Subject: s\n\n0123456789";
	const char *path = put_str("one.eml", big);
	enum ps_mailbox_kind kind;
	struct ps_error err;
	struct ps_mail m[2];
	char want[300];

	ck_assert_int_eq(kind_of(path), PS_MAILBOX_MESSAGE);
	ck_assert_int_eq(kind_of("-"), PS_MAILBOX_MESSAGE);
	ck_assert_uint_eq(read_all(path, PS_MAILBOX_MESSAGE, 12, m, 2), 1);
	ck_assert_uint_eq(m[0].len, 13); /* limit + 1: the parser sees it cut */
	ck_assert(memcmp(m[0].data, big, 13) == 0);
	free_all(m, 1);
	snprintf(want, sizeof(want), "%s/missing.eml", dir);
	ck_assert_int_eq(ps_mailbox_kind(want, &kind, &err), -1);
	strcat(want, ": No such file or directory");
	ck_assert_str_eq(err.text, want);
}
END_TEST

static Suite *
mailbox_suite(void)
{
	Suite *s = suite_create("mailbox");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mbox_lf_messages);
	tcase_add_test(tc, mbox_crlf_messages);
	tcase_add_test(tc, mbox_empty_and_empty_messages);
	tcase_add_test(tc, mbox_long_lines_and_truncation);
	tcase_add_test(tc, maildir_cur_and_new_only);
	tcase_add_test(tc, eml_directory);
	tcase_add_test(tc, message_file_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = mailbox_suite,
};
