/*
 * NAME
 *	test_cache.c - Check tests for the license cache (build and read)
 * SUMMARY
 *	Builds small feeds in a temporary directory and checks lookups by
 *	every key kind, metadata, full records, the exact error of each bad
 *	row (with the old cache left byte for byte), freemail and duplicate
 *	key warnings, atomic replacement under an open reader, damaged and
 *	foreign files, a damaged hash index, forced hash collisions,
 *	lock-file-free read-only opens, concurrent lookups, the key sort,
 *	and a feed from scripts/gen-feed.
 */

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/cache.h"
#include "cache/checksum.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/labelset.h"
#include "cache/record.h"
#include "tests/check_main.h"

static char dir[32];
static char feed[64], cache_path[64];
static char warnings[16384];
static unsigned nwarnings;

static void
setup(void)
{
	strcpy(dir, "/tmp/test_cache.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(feed, sizeof(feed), "%s/feed.csv", dir);
	snprintf(cache_path, sizeof(cache_path), "%s/cache.lmdb", dir);
	warnings[0] = 0;
	nwarnings = 0;
}

static void
teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "chmod -R u+w %s; rm -rf %s", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static int
region_ok(void *ctx, const char *region)
{
	static const char *const known[] = {"IN",	"US",	 "DE", "EU-UK",
					    "US-LATAM", "AU-NZ", "JP", NULL};
	size_t i;

	(void) ctx;
	for (i = 0; known[i]; i++)
		if (strcasecmp(region, known[i]) == 0)
			return 1;
	return 0;
}

static int
is_freemail(void *ctx, const char *domain)
{
	(void) ctx;
	return (strcmp(domain, "gmail.com") == 0
		|| strcmp(domain, "yahoo.co.uk") == 0);
}

static void
collect_warning(void *ctx, const char *msg)
{
	size_t used = strlen(warnings);

	(void) ctx;
	/* Keeps what fits; the count is always right. */
	if (used + strlen(msg) + 2 <= sizeof(warnings)) {
		strcat(warnings, msg);
		strcat(warnings, "\n");
	}
	nwarnings++;
}

/* Builds text (written to the feed file) into the cache; build's result. */
static int
build(const char *text, struct ps_build_stats *st, struct ps_error *err)
{
	struct ps_build_opts opts;

	write_file(feed, text);
	memset(&opts, 0, sizeof(opts));
	opts.feed = feed;
	opts.cache = cache_path;
	opts.region_ok = region_ok;
	opts.is_freemail = is_freemail;
	opts.warn = collect_warning;
	warnings[0] = 0;
	nwarnings = 0;
	return ps_cache_build(&opts, st, err);
}

static void
build_ok(const char *text)
{
	struct ps_build_stats st;
	struct ps_error err = {""};

	ck_assert_msg(build(text, &st, &err) == 0, "build: %s", err.text);
}

static struct ps_cache *
open_ok(const char *path)
{
	struct ps_cache *c;
	struct ps_error err = {""};

	c = ps_cache_open(path, &err);
	ck_assert_msg(c != NULL, "open: %s", err.text);
	return c;
}

/* The account id a key finds, "" when not found. */
static const char *
find(const struct ps_cache *c, enum ps_key_kind kind, const char *key)
{
	static struct ps_account acct;
	struct ps_error err = {""};
	int rc;

	rc = ps_cache_lookup(c, kind, key, &acct, &err);
	ck_assert_msg(rc >= 0, "lookup %s: %s", key, err.text);
	return rc ? acct.account_id : "";
}

static unsigned long
licenses_of(const struct ps_cache *c, enum ps_key_kind kind, const char *key)
{
	struct ps_account acct;
	struct ps_error err = {""};

	ck_assert_int_eq(ps_cache_lookup(c, kind, key, &acct, &err), 1);
	return acct.licenses;
}

/* The names in the test directory, sorted, space-separated. */
static const char *
dir_listing(void)
{
	static char out[1024];
	struct dirent **names;
	int n, i;

	out[0] = 0;
	n = scandir(dir, &names, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			strcat(out, out[0] ? " " : "");
			strcat(out, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	return out;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long size;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	buf = malloc((size_t) size + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t) size, fp), (size_t) size);
	fclose(fp);
	*len = (size_t) size;
	return buf;
}

static const char good_feed[] =
	"account_id,superadmin_email,domains,region,licenses,zoid,zuids\n"
	"ACME-1,Admin@ACME.Example,\"acme.example; "
	"@Acme-Labs.example.\",IN,120,"
	"5550001,\"1001;1002\"\n"
	"GLOBEX-7,ceo@globex.example,globex.example,US-LATAM,45,5550002,\n"
	"INITECH,,,DE,0,,2001\n";

START_TEST(lookup_each_kind)
{
	struct ps_cache *c;

	build_ok(good_feed);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "admin@acme.example"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "acme.example"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "acme-labs.example"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "1002"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_ZOID, "5550001"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_ACCOUNT, "ACME-1"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "ceo@globex.example"),
			 "GLOBEX-7");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "2001"), "INITECH");
	ck_assert_uint_eq(licenses_of(c, PS_KEY_ZUID, "2001"), 0);
	ck_assert_uint_eq(licenses_of(c, PS_KEY_DOMAIN, "globex.example"), 45);
	ps_cache_close(c);
}
END_TEST

START_TEST(lookup_fills_account)
{
	struct ps_account acct;
	struct ps_cache *c;
	struct ps_error err;

	build_ok(good_feed);
	c = open_ok(cache_path);
	memset(&acct, 0x55, sizeof(acct));
	ck_assert_int_eq(
		ps_cache_lookup(c, PS_KEY_ZOID, "5550001", &acct, &err), 1);
	ck_assert_str_eq(acct.account_id, "ACME-1");
	ck_assert_str_eq(acct.region, "IN");
	ck_assert_uint_eq(acct.licenses, 120);
	ck_assert_str_eq(ps_cache_path(c), cache_path);
	ps_cache_close(c);
}
END_TEST

START_TEST(case_insensitive_email_and_domain)
{
	struct ps_cache *c;

	build_ok(good_feed);
	c = open_ok(cache_path);
	/* Stored lowercase; the lookup lowercases too. */
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "ADMIN@Acme.EXAMPLE"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "ACME.EXAMPLE"), "ACME-1");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "@acme.example."), "ACME-1");
	/* Account ids are exact. */
	ck_assert_str_eq(find(c, PS_KEY_ACCOUNT, "acme-1"), "");
	ps_cache_close(c);
}
END_TEST

START_TEST(not_found)
{
	struct ps_cache *c;

	build_ok(good_feed);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "nobody@acme.example"), "");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "example"), "");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, ""), "");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "5550001"), ""); /* a zoid */
	ck_assert_str_eq(find(c, PS_KEY_ZOID, "1001"), "");    /* a zuid */
	ck_assert_str_eq(find(c, PS_KEY_ACCOUNT, "NOPE"), "");
	ps_cache_close(c);
}
END_TEST

START_TEST(metadata)
{
	struct ps_build_stats st;
	struct ps_cache_meta meta;
	struct ps_cache *c;
	struct ps_error err;
	time_t before = time(NULL), after;

	ck_assert_int_eq(build(good_feed, &st, &err), 0);
	after = time(NULL);
	ck_assert_uint_eq(st.rows, 3);
	ck_assert_uint_eq(st.keys, 10); /* 2 e, 3 d, 2 o, 3 u */
	ck_assert_uint_eq(st.warnings, 0);
	c = open_ok(cache_path);
	ck_assert_int_eq(ps_cache_meta(c, &meta, &err), 0);
	ck_assert_uint_eq(meta.rows, 3);
	ck_assert_uint_eq(meta.keys, st.keys);
	ck_assert_uint_eq(meta.format, PS_CACHE_FORMAT);
	ck_assert_str_eq(meta.source, feed);
	/* Within the build, however long it took. */
	ck_assert_int_ge(meta.built, before);
	ck_assert_int_le(meta.built, after);
	ps_cache_close(c);
}
END_TEST

START_TEST(full_record)
{
	struct ps_account_record rec;
	struct ps_cache *c;
	struct ps_error err;

	build_ok(good_feed);
	c = open_ok(cache_path);
	ck_assert_int_eq(ps_cache_record(c, "ACME-1", &rec, &err), 1);
	ck_assert_str_eq(rec.account.account_id, "ACME-1");
	ck_assert_str_eq(rec.account.region, "IN");
	ck_assert_uint_eq(rec.account.licenses, 120);
	ck_assert_str_eq(rec.superadmin_email, "admin@acme.example");
	ck_assert_str_eq(rec.domains, "acme.example;acme-labs.example");
	ck_assert_str_eq(rec.zoid, "5550001");
	ck_assert_str_eq(rec.zuids, "1001;1002");
	ck_assert_uint_eq(rec.line, 2);
	ps_account_record_free(&rec);
	ck_assert_int_eq(ps_cache_record(c, "INITECH", &rec, &err), 1);
	ck_assert_ptr_null(rec.superadmin_email);
	ck_assert_ptr_null(rec.domains);
	ck_assert_ptr_null(rec.zoid);
	ck_assert_str_eq(rec.zuids, "2001");
	ck_assert_uint_eq(rec.line, 4);
	ps_account_record_free(&rec);
	ck_assert_int_eq(ps_cache_record(c, "NOPE", &rec, &err), 0);
	ps_cache_close(c);
}
END_TEST

/* A bad feed: the exact error, the old cache intact, no leftovers. */
static void
bad_feed(const char *text, const char *reason)
{
	char want[1024];
	struct ps_error err = {""};
	size_t len0, len1;
	char *before, *after;

	before = slurp(cache_path, &len0);
	ck_assert_int_eq(build(text, NULL, &err), -1);
	snprintf(want, sizeof(want), "%s%s", feed, reason);
	ck_assert_str_eq(err.text, want);
	after = slurp(cache_path, &len1);
	ck_assert_uint_eq(len0, len1);
	ck_assert_msg(memcmp(before, after, len0) == 0, "cache changed");
	ck_assert_str_eq(dir_listing(), "cache.lmdb feed.csv");
	free(before);
	free(after);
}

#define HDR    "account_id,superadmin_email,domains,region,licenses,zoid,zuids\n"
#define OK_ROW "OK-1,a@ok.example,ok.example,IN,5,1,2\n"

START_TEST(bad_rows)
{
	char longid[200];

	build_ok(good_feed);
	bad_feed(HDR OK_ROW ",x@y.example,,IN,5,,\n", ":3: empty account_id");
	bad_feed(HDR OK_ROW "  ,x@y.example,,IN,5,,\n", ":3: empty account_id");
	memset(longid, 'A', 129);
	longid[129] = 0;
	{
		char text[512];

		snprintf(text, sizeof(text), HDR "%s,,,IN,5,,\n", longid);
		bad_feed(text, ":2: account_id too long (more than 128 bytes)");
	}
	bad_feed(HDR OK_ROW "B,,,IN,5,,\n\"OK-1\",,,US,7,,\n",
		 ":4: duplicate account_id OK-1 (also at line 2)");
	bad_feed(
		HDR OK_ROW "B,,,IN,many,,\n",
		":3: licenses \"many\" is not an integer from 0 to 4294967295");
	bad_feed(HDR "B,,,IN,-1,,\n",
		 ":2: licenses \"-1\" is not an integer from 0 to 4294967295");
	bad_feed(HDR "B,,,IN,4294967296,,\n",
		 ":2: licenses \"4294967296\" "
		 "is not an integer from 0 to 4294967295");
	bad_feed(HDR "B,,,IN,,,\n",
		 ":2: licenses \"\" is not an integer from 0 to 4294967295");
	bad_feed(HDR "B,,,XX,5,,\n", ":2: unknown region \"XX\"");
	bad_feed(HDR "B,,,,5,,\n", ":2: empty region");
	bad_feed(HDR "B,not-an-address,,IN,5,,\n",
		 ":2: superadmin_email \"not-an-address\" is not an address");
	bad_feed(HDR "B,a@b@c.example,,IN,5,,\n",
		 ":2: superadmin_email \"a@b@c.example\" is not an address");
	bad_feed(HDR "B,,\"ok.example;bad_domain!\",IN,5,,\n",
		 ":2: bad domain \"bad_domain!\"");
	bad_feed(HDR "B,,localhost,IN,5,,\n", ":2: bad domain \"localhost\"");
	bad_feed(HDR "B,,10.0.0.1,IN,5,,\n", ":2: bad domain \"10.0.0.1\"");
	bad_feed(HDR "B,,,IN,5,12a,\n",
		 ":2: zoid \"12a\" is not a number (1-32 digits)");
	bad_feed(HDR "B,,,IN,5,,1;x\n",
		 ":2: zuid \"x\" is not a number (1-32 digits)");
	bad_feed(HDR OK_ROW "B,,,IN,5,,,extra\n",
		 ":3: wrong number of fields: 8, the header has 7");
	bad_feed(HDR OK_ROW "B,,,IN,5\n",
		 ":3: wrong number of fields: 5, the header has 7");
	bad_feed(HDR OK_ROW "B,\"x@y.example,,IN,5,,\n",
		 ":3: unterminated quoted field");
	bad_feed("superadmin_email,region,licenses\na@b.example,IN,5\n",
		 ":1: missing required column account_id");
	bad_feed(HDR, ": no data rows");
	bad_feed("", ": empty feed (no header row)");
}
END_TEST

START_TEST(missing_feed)
{
	struct ps_build_opts opts;
	struct ps_error err;

	memset(&opts, 0, sizeof(opts));
	opts.feed = "/nonexistent/feed.csv";
	opts.cache = cache_path;
	ck_assert_int_eq(ps_cache_build(&opts, NULL, &err), -1);
	ck_assert_str_eq(err.text,
			 "/nonexistent/feed.csv: No such file or directory");
	ck_assert_str_eq(dir_listing(), "");
}
END_TEST

START_TEST(unwritable_target)
{
	struct ps_build_opts opts;
	struct ps_error err;

	write_file(feed, HDR OK_ROW);
	memset(&opts, 0, sizeof(opts));
	opts.feed = feed;
	opts.cache = "/nonexistent/dir/cache.lmdb";
	ck_assert_int_eq(ps_cache_build(&opts, NULL, &err), -1);
	ck_assert_msg(strstr(err.text, "/nonexistent/dir/cache.lmdb.tmp.")
				      == err.text
			      && strstr(err.text, "No such file or directory"),
		      "%s", err.text);
}
END_TEST

START_TEST(freemail_refused)
{
	struct ps_build_stats st;
	struct ps_account_record rec;
	struct ps_cache *c;
	char want[2048];
	struct ps_error err = {""};

	ck_assert_int_eq(build(HDR OK_ROW
			       "ACME,boss@gmail.com,\"acme.example;"
			       "GMAIL.com;yahoo.co.uk\",IN,500,,77\n",
			       &st, &err),
			 0);
	ck_assert_uint_eq(st.warnings, 2);
	snprintf(want, sizeof(want),
		 "%s:3: warning: freemail domain gmail.com refused for account "
		 "ACME\n"
		 "%s:3: warning: freemail domain yahoo.co.uk refused for "
		 "account ACME\n",
		 feed, feed);
	ck_assert_str_eq(warnings, want);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "gmail.com"), "");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "yahoo.co.uk"), "");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "acme.example"), "ACME");
	/* The address itself is specific to the customer: kept. */
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "boss@gmail.com"), "ACME");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "77"), "ACME");
	ck_assert_int_eq(ps_cache_record(c, "ACME", &rec, &err), 1);
	ck_assert_str_eq(rec.domains, "acme.example");
	ps_account_record_free(&rec);
	ps_cache_close(c);
}
END_TEST

START_TEST(duplicate_key_winner)
{
	struct ps_build_stats st;
	struct ps_cache *c;
	char want[2048];
	struct ps_error err = {""};

	ck_assert_int_eq(
		build(HDR "SMALL,x@small.example,shared.example,IN,10,900,\n"
			  "BIG,x@big.example,\"shared.example;big.example\",US,"
			  "300,900,5\n"
			  "TIE-A,same@tie.example,,DE,50,,6\n"
			  "TIE-B,same@tie.example,,DE,50,,\"6;6\"\n"
			  "SELF,,\"self.example;SELF.example\",IN,1,,\n",
		      &st, &err),
		0);
	snprintf(want, sizeof(want),
		 "%s:2: warning: domain shared.example claimed by accounts "
		 "SMALL "
		 "(line 2) and BIG (line 3); BIG wins (more licenses)\n"
		 "%s:2: warning: zoid 900 claimed by accounts SMALL (line 2) "
		 "and "
		 "BIG (line 3); BIG wins (more licenses)\n"
		 "%s:5: warning: email same@tie.example claimed by accounts "
		 "TIE-B "
		 "(line 5) and TIE-A (line 4); TIE-A wins (same licenses, "
		 "earlier "
		 "line)\n"
		 "%s:5: warning: zuid 6 claimed by accounts TIE-B (line 5) and "
		 "TIE-A "
		 "(line 4); TIE-A wins (same licenses, earlier line)\n",
		 feed, feed, feed, feed);
	ck_assert_str_eq(warnings, want);
	ck_assert_uint_eq(st.warnings, 4);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "shared.example"), "BIG");
	ck_assert_str_eq(find(c, PS_KEY_ZOID, "900"), "BIG");
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "same@tie.example"), "TIE-A");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "6"), "TIE-A");
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "self.example"), "SELF");
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "x@small.example"), "SMALL");
	ps_cache_close(c);
}
END_TEST

START_TEST(atomic_replace_under_reader)
{
	struct ps_cache *old, *fresh;
	struct stat sb;

	build_ok(HDR "A,a@x.example,x.example,IN,10,,\n");
	old = open_ok(cache_path);
	ck_assert_uint_eq(licenses_of(old, PS_KEY_DOMAIN, "x.example"), 10);
	build_ok(HDR "A,a@x.example,x.example,IN,999,,\n"
		     "B,,y.example,IN,1,,\n");
	/* The open snapshot still reads the old file (inode). */
	ck_assert_uint_eq(licenses_of(old, PS_KEY_DOMAIN, "x.example"), 10);
	ck_assert_str_eq(find(old, PS_KEY_DOMAIN, "y.example"), "");
	fresh = open_ok(cache_path);
	ck_assert_uint_eq(licenses_of(fresh, PS_KEY_DOMAIN, "x.example"), 999);
	ck_assert_str_eq(find(fresh, PS_KEY_DOMAIN, "y.example"), "B");
	ps_cache_close(old);
	ps_cache_close(fresh);
	ck_assert_str_eq(dir_listing(), "cache.lmdb feed.csv");
	ck_assert_int_eq(stat(cache_path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644 & ~(unsigned) umask(022));
}
END_TEST

START_TEST(no_lock_file_and_read_only)
{
	struct ps_cache *c;
	char cwd[4096];

	build_ok(good_feed);
	ck_assert_str_eq(dir_listing(), "cache.lmdb feed.csv");
	ck_assert_int_eq(chmod(cache_path, 0444), 0);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "ceo@globex.example"),
			 "GLOBEX-7");
	ck_assert_str_eq(dir_listing(), "cache.lmdb feed.csv");
	ps_cache_close(c);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	/* Through a relative path too. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	c = open_ok("cache.lmdb");
	ck_assert_str_eq(find(c, PS_KEY_ZUID, "2001"), "INITECH");
	ps_cache_close(c);
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_str_eq(dir_listing(), "cache.lmdb feed.csv");
}
END_TEST

static void
open_fails(const char *path, const char *reason)
{
	char want[1024];
	struct ps_error err = {""};

	ck_assert_ptr_null(ps_cache_open(path, &err));
	snprintf(want, sizeof(want), "%s: %s", path, reason);
	ck_assert_msg(strncmp(err.text, want, strlen(want)) == 0,
		      "got \"%s\", want \"%s...\"", err.text, want);
}

START_TEST(damaged_and_foreign_files)
{
	char path[128], *data;
	size_t len;

	build_ok(good_feed);
	data = slurp(cache_path, &len);
	ck_assert_uint_ge(len, 3 * 4096);

	snprintf(path, sizeof(path), "%s/missing.lmdb", dir);
	open_fails(path, "No such file or directory");
	snprintf(path, sizeof(path), "%s/empty.lmdb", dir);
	write_file(path, "");
	open_fails(path, "empty file");
	snprintf(path, sizeof(path), "%s/text.lmdb", dir);
	write_file(path, "account_id\nnot a database at all\n");
	open_fails(path, "MDB_INVALID");
	open_fails(dir, "not a regular file");
	/* Truncated: the meta pages survive, the data pages do not. */
	snprintf(path, sizeof(path), "%s/trunc.lmdb", dir);
	{
		FILE *fp = fopen(path, "wb");

		fwrite(data, 1, len - 4096, fp);
		fclose(fp);
	}
	open_fails(path, "truncated file");
	/* Cut inside the meta pages. */
	{
		FILE *fp = fopen(path, "wb");

		fwrite(data, 1, 100, fp);
		fclose(fp);
	}
	open_fails(path, "MDB_INVALID");
	/* Only the trailer lost. */
	{
		FILE *fp = fopen(path, "wb");

		fwrite(data, 1, len - 24, fp);
		fclose(fp);
	}
	open_fails(path, "no valid checksum trailer");
	free(data);
}
END_TEST

/* Any damaged byte in any page is caught before LMDB reads the page. */
START_TEST(damaged_pages)
{
	char path[128], *data;
	size_t len, off;
	FILE *fp;

	build_ok(good_feed);
	data = slurp(cache_path, &len);
	snprintf(path, sizeof(path), "%s/damaged.lmdb", dir);
	for (off = 0; off < len - 24; off += 1531) {
		data[off] ^= 0x40;
		ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
		fwrite(data, 1, len, fp);
		fclose(fp);
		data[off] ^= 0x40;
		{
			struct ps_error err = {""};
			struct ps_cache *c = ps_cache_open(path, &err);

			ck_assert_msg(c == NULL, "damage at %zu not seen", off);
		}
	}
	free(data);
}
END_TEST

/* An LMDB file that psmilter-cache did not write. */
START_TEST(foreign_lmdb)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k = {8, "m:format"}, v = {1, "1"};
	char path[128];

	snprintf(path, sizeof(path), "%s/plain.lmdb", dir);
	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(
		mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOLOCK, 0644), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
	ck_assert_int_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	open_fails(path,
		   "no valid checksum trailer (not written by "
		   "psmilter-cache?)");
}
END_TEST

/* Trims an LMDB file to its pages and appends the checksum trailer. */
static void
seal(MDB_env *env)
{
	unsigned char trailer[PS_TRAILER_SIZE];
	MDB_envinfo info;
	MDB_stat st;
	uint64_t hash;
	size_t used;
	int fd;

	ck_assert_int_eq(mdb_env_info(env, &info), 0);
	ck_assert_int_eq(mdb_env_stat(env, &st), 0);
	ck_assert_int_eq(mdb_env_get_fd(env, &fd), 0);
	used = (info.me_last_pgno + 1) * st.ms_psize;
	ck_assert_int_eq(ftruncate(fd, (off_t) used), 0);
	ck_assert_int_eq(ps_cache_hash_file(fd, used, &hash), 0);
	ps_trailer_encode(trailer, used, hash);
	ck_assert_int_eq(pwrite(fd, trailer, sizeof(trailer), (off_t) used),
			 (ssize_t) sizeof(trailer));
}

/* A hand-made LMDB file with the given m:format and one odd value. */
static void
make_lmdb(const char *path, const char *format, const char *key,
	  const char *val, size_t vlen)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;

	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(
		mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOLOCK, 0644), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
	if (format != NULL) {
		k.mv_data = "m:format";
		k.mv_size = 8;
		v.mv_data = (void *) format;
		v.mv_size = strlen(format);
		ck_assert_int_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
	}
	k.mv_data = (void *) key;
	k.mv_size = strlen(key);
	v.mv_data = (void *) val;
	v.mv_size = vlen;
	ck_assert_int_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	seal(env);
	mdb_env_close(env);
}

START_TEST(format_version)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/v1.lmdb", dir);
	make_lmdb(path, "1", "e:a@b.example", "x", 1);
	open_fails(path, "unsupported cache format 1 (this program reads 2)");
	snprintf(path, sizeof(path), "%s/noindex.lmdb", dir);
	make_lmdb(path, "2", "a:A", "x", 1);
	open_fails(path, "no h:index key");
	snprintf(path, sizeof(path), "%s/other.lmdb", dir);
	make_lmdb(path, NULL, "hello", "world", 5);
	open_fails(path, "not a psmilter cache (no m:format key)");
}
END_TEST

/* The built cache's hash index, found in the file's bytes. */
struct raw_index {
	char *data; /* the whole file */
	size_t len;
	size_t at; /* offset of the index value */
	uint64_t nslots;
	size_t slots, recs; /* offsets of the slots and records */
};

static uint64_t
raw_u64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static void
raw_put_u64(char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static void
raw_load(struct raw_index *r)
{
	char *m = NULL;
	size_t i;

	r->data = slurp(cache_path, &r->len);
	for (i = 0; m == NULL && i + 8 <= r->len; i++)
		if (memcmp(r->data + i, "PSMHIDX1", 8) == 0)
			m = r->data + i;
	ck_assert_ptr_nonnull(m);
	r->at = (size_t) (m - r->data);
	r->nslots = raw_u64(m + 8);
	r->slots = r->at + PS_HX_HDR;
	r->recs = r->slots + r->nslots * PS_HX_SLOT;
}

/* The file offset of the slot that holds key. */
static size_t
raw_slot(const struct raw_index *r, int kind, const char *key)
{
	uint64_t hash = ps_hx_hash(kind, key, strlen(key)), i, n, slot;

	i = ps_hx_home(hash, r->nslots);
	for (n = 0; n < r->nslots; n++, i = (i + 1) % r->nslots) {
		slot = raw_u64(r->data + r->slots + i * PS_HX_SLOT);
		ck_assert_uint_ne(slot, 0);
		if ((slot ^ hash) >> 48 == 0)
			return r->slots + i * PS_HX_SLOT;
	}
	ck_abort_msg("no slot for %s", key);
	return 0;
}

/* Writes the bytes to path with a checksum that matches them again. */
static void
raw_write(const struct raw_index *r, const char *path)
{
	unsigned char trailer[PS_TRAILER_SIZE];
	size_t used = r->len - PS_TRAILER_SIZE;
	FILE *fp;

	ps_trailer_encode(trailer, used, ps_cache_hash(r->data, used));
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(r->data, 1, used, fp), used);
	ck_assert_uint_eq(fwrite(trailer, 1, sizeof(trailer), fp),
			  sizeof(trailer));
	ck_assert_int_eq(fclose(fp), 0);
}

static void
lookup_fails(const char *path, enum ps_key_kind kind, const char *key)
{
	struct ps_cache *c = open_ok(path);
	struct ps_account acct;
	struct ps_error err = {""};

	ck_assert_int_eq(ps_cache_lookup(c, kind, key, &acct, &err), -1);
	ck_assert_msg(strstr(err.text, "malformed value") != NULL, "%s",
		      err.text);
	ps_cache_close(c);
}

/*
 * A damaged index that still passes the checksum (as if written so)
 * gives errors, never a read out of bounds: run this under ASan.
 */
START_TEST(damaged_index)
{
	struct ps_account_record rec;
	struct raw_index r;
	struct ps_cache *c;
	char path[128], save[8];
	struct ps_error err;
	size_t slot, at;
	uint64_t i;

	build_ok(good_feed);
	raw_load(&r);
	snprintf(path, sizeof(path), "%s/bad.lmdb", dir);

	/* A slot pointing past the records. */
	slot = raw_slot(&r, PS_KIND_EMAIL, "admin@acme.example");
	memcpy(save, r.data + slot, 8);
	raw_put_u64(r.data + slot, (raw_u64(save) | 0xffffffffu) - 1);
	raw_write(&r, path);
	lookup_fails(path, PS_KEY_EMAIL, "admin@acme.example");
	c = open_ok(path);
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "ceo@globex.example"),
			 "GLOBEX-7");
	ps_cache_close(c);
	memcpy(r.data + slot, save, 8);

	/* A record whose email length runs past the records. */
	at = r.recs + ps_hx_slot_rec(raw_u64(save));
	at += ps_rec_compact_size((unsigned char *) r.data + at) + 4;
	memcpy(save, r.data + at, 4);
	memcpy(r.data + at, "\xff\xff\xff\x7f", 4);
	raw_write(&r, path);
	lookup_fails(path, PS_KEY_ZUID, "1001");
	lookup_fails(path, PS_KEY_ACCOUNT, "ACME-1");
	c = open_ok(path);
	ck_assert_int_eq(ps_cache_record(c, "ACME-1", &rec, &err), -1);
	ps_cache_close(c);
	memcpy(r.data + at, save, 4);

	/* Every slot taken by a stranger: the probe ends, nothing found. */
	memcpy(save, r.data + r.slots, 8);
	for (i = 0; i < r.nslots; i++)
		raw_put_u64(r.data + r.slots + i * PS_HX_SLOT, 1);
	raw_write(&r, path);
	c = open_ok(path);
	ck_assert_str_eq(find(c, PS_KEY_EMAIL, "admin@acme.example"), "");
	ps_cache_close(c);
	free(r.data);

	/* A header whose slot count overruns the value. */
	raw_load(&r);
	raw_put_u64(r.data + r.at + 8, r.nslots + 1);
	raw_write(&r, path);
	open_fails(path, "malformed hash index");
	raw_put_u64(r.data + r.at + 8, 0);
	raw_write(&r, path);
	open_fails(path, "malformed hash index");
	r.data[r.at] = 'X';
	raw_put_u64(r.data + r.at + 8, r.nslots);
	raw_write(&r, path);
	open_fails(path, "malformed hash index");
	free(r.data);
}
END_TEST

/* Where the email (or else the zuid) lies in the record at rec. */
static size_t
koff_of(const unsigned char *recs, size_t rec, int kind)
{
	struct ps_rec_view v;

	ck_assert_uint_gt(ps_rec_parse(recs + rec, 512, &v), 0);
	return ((size_t) ((kind == PS_KIND_EMAIL ? v.email : v.zuids)
			  - (const char *) recs - rec));
}

/* Encodes a record with one email and one zuid at recs + off. */
static size_t
put_record(unsigned char *recs, size_t off, const char *id, const char *email,
	   const char *zuid)
{
	struct ps_rec_fields f;

	memset(&f, 0, sizeof(f));
	f.account_id = id;
	f.account_id_len = strlen(id);
	f.region = "IN";
	f.region_len = 2;
	f.licenses = 1;
	f.email = email;
	f.email_len = strlen(email);
	f.zuids = zuid;
	f.zuids_len = strlen(zuid);
	ps_rec_encode(&f, recs + off);
	return (off + ps_rec_full_len(&f) + 7) & ~(size_t) 7;
}

/* Keys with one hash: each found by its record, none mistaken. */
START_TEST(hash_collisions)
{
	enum {
		NSLOTS = 5
	};
	/* Home is the last slot, so the probe also wraps around. */
	const uint64_t h = 0x12345678ffffffffULL;
	uint64_t slots[NSLOTS] = {0};
	unsigned char recs[512], *blob;
	size_t a, bb, cc, end, len;
	struct ps_rec_view v;
	struct ps_hx hx;
	int found;

	a = 0;
	bb = put_record(recs, a, "A", "a@x.example", "1");
	cc = put_record(recs, bb, "B", "b@x.example", "2");
	end = put_record(recs, cc, "C", "c@x.example", "3");
	ck_assert_uint_eq(ps_hx_insert(slots, NSLOTS, recs, end, h,
				       PS_KIND_EMAIL, "a@x.example", 11, a,
				       koff_of(recs, a, PS_KIND_EMAIL), &found),
			  NSLOTS - 1);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(ps_hx_insert(slots, NSLOTS, recs, end, h,
				       PS_KIND_EMAIL, "b@x.example", 11, bb,
				       koff_of(recs, bb, PS_KIND_EMAIL),
				       &found),
			  0);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(ps_hx_insert(slots, NSLOTS, recs, end, h,
				       PS_KIND_ZUID, "3", 1, cc,
				       koff_of(recs, cc, PS_KIND_ZUID), &found),
			  1);
	ck_assert_int_eq(found, 0);
	/* The same key again is found, not added. */
	ck_assert_uint_eq(ps_hx_insert(slots, NSLOTS, recs, end, h,
				       PS_KIND_EMAIL, "b@x.example", 11, cc,
				       koff_of(recs, cc, PS_KIND_EMAIL),
				       &found),
			  0);
	ck_assert_int_eq(found, 1);

	len = PS_HX_HDR + NSLOTS * PS_HX_SLOT + end;
	ck_assert_ptr_nonnull(blob = malloc(len));
	memcpy(blob + ps_hx_write(blob, slots, NSLOTS, end), recs, end);
	ck_assert_int_eq(ps_hx_open(blob, len, &hx), 0);
	ck_assert_int_eq(
		ps_hx_find_hashed(&hx, h, PS_KIND_EMAIL, "b@x.example", 11, &v),
		1);
	ck_assert_str_eq(v.account.account_id, "B");
	ck_assert_int_eq(ps_hx_find_hashed(&hx, h, PS_KIND_ZUID, "3", 1, &v),
			 1);
	ck_assert_str_eq(v.account.account_id, "C");
	ck_assert_int_eq(
		ps_hx_find_hashed(&hx, h, PS_KIND_EMAIL, "a@x.example", 11, &v),
		1);
	ck_assert_str_eq(v.account.account_id, "A");
	/* Same hash, but not the key, or the key of another kind. */
	ck_assert_int_eq(
		ps_hx_find_hashed(&hx, h, PS_KIND_EMAIL, "c@x.example", 11, &v),
		0);
	ck_assert_int_eq(ps_hx_find_hashed(&hx, h, PS_KIND_DOMAIN,
					   "a@x.example", 11, &v),
			 0);
	ck_assert_int_eq(ps_hx_find_hashed(&hx, h, PS_KIND_ZUID, "2", 1, &v),
			 0);
	/* One byte short of a whole index. */
	ck_assert_int_eq(ps_hx_open(blob, len - 1, &hx), -1);
	free(blob);
}
END_TEST

/* Three accounts claim a key: both losers are told the final winner. */
START_TEST(three_claimants)
{
	struct ps_cache *c;
	char want[2048];
	struct ps_error err = {""};

	ck_assert_int_eq(build(HDR "MID,,shared.example,IN,20,,\n"
				   "LOW,,shared.example,IN,10,,\n"
				   "TOP,,shared.example,IN,30,,\n",
			       NULL, &err),
			 0);
	snprintf(want, sizeof(want),
		 "%s:2: warning: domain shared.example claimed by accounts MID "
		 "(line 2) and TOP (line 4); TOP wins (more licenses)\n"
		 "%s:3: warning: domain shared.example claimed by accounts LOW "
		 "(line 3) and TOP (line 4); TOP wins (more licenses)\n",
		 feed, feed);
	ck_assert_str_eq(warnings, want);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_DOMAIN, "shared.example"), "TOP");
	ps_cache_close(c);
}
END_TEST

struct worker {
	const struct ps_cache *cache;
	int errors;
};

static void *
lookup_worker(void *arg)
{
	struct worker *w = arg;
	struct ps_account acct;
	char key[32];
	struct ps_error err;
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "%d", 100000 + i % 500);
		if (ps_cache_lookup(w->cache, PS_KEY_ZUID, key, &acct, &err)
			    != 1
		    || acct.licenses != (unsigned long) (i % 500))
			w->errors++;
	}
	return NULL;
}

START_TEST(concurrent_lookups)
{
	struct worker w[6];
	pthread_t th[6];
	struct ps_cache *c;
	size_t len = 0, cap = 64 * 1024;
	char *text = malloc(cap);
	int i;

	len += (size_t) snprintf(text + len, cap - len, HDR);
	for (i = 0; i < 500; i++)
		len += (size_t) snprintf(text + len, cap - len,
					 "T%d,,,IN,%d,,%d\n", i, i, 100000 + i);
	build_ok(text);
	free(text);
	c = open_ok(cache_path);
	for (i = 0; i < 6; i++) {
		w[i].cache = c;
		w[i].errors = 0;
		ck_assert_int_eq(
			pthread_create(&th[i], NULL, lookup_worker, &w[i]), 0);
	}
	for (i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(w[i].errors, 0);
	}
	ps_cache_close(c);
}
END_TEST

static const unsigned char *sort_arena;

static int
entry_cmp(const void *x, const void *y)
{
	const struct ps_key_entry *a = x, *b = y;
	size_t m = a->klen < b->klen ? a->klen : b->klen;
	int r = memcmp(ps_key_text(sort_arena, a), ps_key_text(sort_arena, b),
		       m);

	return r ? r : (a->klen > b->klen) - (a->klen < b->klen);
}

/* The padded hash equals the byte-wise one at every length and offset. */
START_TEST(hash_padded_matches)
{
	unsigned char buf[64 + PS_HX_PAD];
	size_t i, off, len;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char) (i * 167 + 13);
	for (off = 0; off < 8; off++)
		for (len = 0; off + len <= 64; len++)
			ck_assert_uint_eq(
				ps_hx_hash_padded('d', buf + off, len),
				ps_hx_hash('d', buf + off, len));
}
END_TEST

/* Hashing through maps gives the same value as through pread(). */
START_TEST(hash_mapped_matches_read)
{
	static const size_t sizes[] = {1,    31,     32,
				       4096, 100003, (4u << 20) * 2 + 4133};
	size_t i, j, n = sizes[sizeof(sizes) / sizeof(sizes[0]) - 1];
	unsigned char *buf = malloc(n);
	uint64_t h1, h2;
	char path[128];
	int fd;

	ck_assert_ptr_nonnull(buf);
	for (j = 0; j < n; j++)
		buf[j] = (unsigned char) (j * 2654435761u >> 13);
	snprintf(path, sizeof(path), "%s/hashme", dir);
	ck_assert_int_ge(fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), 0);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t) n);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ck_assert_int_eq(ps_cache_hash_file(fd, sizes[i], &h1), 0);
		ck_assert_int_eq(ps_cache_hash_mapped(fd, sizes[i], &h2), 0);
		ck_assert_uint_eq(h1, h2);
		ck_assert_uint_eq(h1, ps_cache_hash(buf, sizes[i]));
	}
	close(fd);
	unlink(path);
	free(buf);
}
END_TEST

/* The label filter passes every domain an entry could match. */
START_TEST(labelset_filter)
{
	static const char text[] =
		"# comment.words here\n  Gmail.com\t# trailing\nyahoo.*\n"
		"mail.example.org\r\n\nlong.*\n";
	struct ps_labelset *ls = ps_labelset_from_text(text, strlen(text));
	char word[70];

	ck_assert_int_eq(ps_labelset_may_match(ls, "gmail.com"), 1);
	ck_assert_int_eq(ps_labelset_may_match(ls, "a.b.gmail.com"), 1);
	ck_assert_int_eq(ps_labelset_may_match(ls, "yahoo.co.uk"), 1);
	ck_assert_int_eq(ps_labelset_may_match(ls, "x.mail.example.org"), 1);
	ck_assert_int_eq(ps_labelset_may_match(ls, "long.de"), 1);
	ck_assert_int_eq(ps_labelset_may_match(ls, "acme.com"), 0);
	ck_assert_int_eq(ps_labelset_may_match(ls, "example.org"), 0);
	ck_assert_int_eq(ps_labelset_may_match(ls, "shop.gmail"), 0);
	ck_assert_int_eq(ps_labelset_may_match(ls, "gmailx.com"), 0);
	ck_assert_int_eq(ps_labelset_may_match(ls, "yahoo"), 0);
	ps_labelset_free(ls);
	/* A word longer than any label turns the filter off. */
	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = 0;
	ls = ps_labelset_from_text(word, strlen(word));
	ck_assert_int_eq(ps_labelset_may_match(ls, "acme.com"), 1);
	ps_labelset_free(ls);
}
END_TEST

/* The radix sort agrees with qsort and flags exactly the repeats. */
START_TEST(keysort_matches_qsort)
{
	enum {
		N = 30000,
		SLOT = 64
	};
	static const char *const prefixes[] = {"",  "7000000",	   "admin@",
					       "a", "zz.example.", "x"};
	unsigned char *arena = calloc(N, SLOT);
	struct ps_key_entry *v = calloc(N, sizeof(*v));
	struct ps_key_entry *tmp = calloc(N, sizeof(*v));
	struct ps_key_entry *ref = calloc(N, sizeof(*v));
	unsigned seed = 42;
	size_t i, j, len;

	for (i = 0; i < N; i++) {
		char *k = (char *) arena + i * SLOT + 8;

		len = (size_t) snprintf(k, SLOT - 8, "%s",
					prefixes[rand_r(&seed) % 6]);
		/* Short alphabets and lengths give many ties and prefixes. */
		for (j = rand_r(&seed) % 20; j > 0; j--)
			k[len++] = "ab9.\xff"[rand_r(&seed) % 5];
		if (len == 0)
			k[len++] = 'q';
		v[i].rec = (uint32_t) (i * SLOT / PS_ARENA_ALIGN);
		v[i].koff = 8;
		v[i].klen = (uint8_t) len;
	}
	memcpy(ref, v, N * sizeof(*v));
	sort_arena = arena;
	qsort(ref, N, sizeof(*ref), entry_cmp);
	ps_keysort(v, tmp, N, arena);
	for (i = 0; i < N; i++) {
		ck_assert_int_eq(entry_cmp(&v[i], &ref[i]), 0);
		ck_assert_int_eq(v[i].dup,
				 i > 0 && entry_cmp(&v[i - 1], &v[i]) == 0);
	}
	free(arena);
	free(v);
	free(tmp);
	free(ref);
}
END_TEST

/* The account that should win a key shared by rows first, first+step... */
static int
expected_winner(int first, int step, int rows)
{
	int i, best = first;

	for (i = first; i < rows; i += step)
		if (i % 3000 > best % 3000)
			best = i; /* ties keep the earlier row */
	return best;
}

/* A larger feed: the sort's radix passes, and many key conflicts. */
START_TEST(many_rows_with_conflicts)
{
	enum {
		ROWS = 20000
	};
	struct ps_build_stats st;
	struct ps_cache *c;
	size_t len = 0, cap = 4 * 1024 * 1024;
	char *text = malloc(cap), key[64], want[32];
	struct ps_error err = {""};
	int i;

	len += (size_t) snprintf(text + len, cap - len, HDR);
	for (i = 0; i < ROWS; i++)
		len += (size_t) snprintf(text + len, cap - len,
					 "ACC%d,u%d@c%d.example,\"c%d.example;"
					 "g%d.example\",IN,%d,"
					 "%d,\"%d;%d\"\n",
					 i, i, i % 7000, i, i % 1000, i % 3000,
					 i % 4000, 7000000 + i, i);
	ck_assert_msg(build(text, &st, &err) == 0, "%s", err.text);
	free(text);
	ck_assert_uint_eq(st.rows, ROWS);
	/* 20 accounts per g-domain, 5 per zoid: all but one lose. */
	ck_assert_uint_eq(st.warnings, 1000 * 19 + 4000 * 4);
	ck_assert_uint_eq(nwarnings, st.warnings);
	ck_assert_uint_eq(st.keys, ROWS + ROWS + 1000 + 4000 + 2 * ROWS);
	c = open_ok(cache_path);
	for (i = 0; i < ROWS; i += 997) {
		snprintf(key, sizeof(key), "u%d@c%d.example", i, i % 7000);
		snprintf(want, sizeof(want), "ACC%d", i);
		ck_assert_str_eq(find(c, PS_KEY_EMAIL, key), want);
		snprintf(key, sizeof(key), "%d", i);
		ck_assert_str_eq(find(c, PS_KEY_ZUID, key), want);
	}
	for (i = 0; i < 1000; i += 37) {
		snprintf(key, sizeof(key), "g%d.example", i);
		snprintf(want, sizeof(want), "ACC%d",
			 expected_winner(i, 1000, ROWS));
		ck_assert_str_eq(find(c, PS_KEY_DOMAIN, key), want);
	}
	for (i = 0; i < 4000; i += 101) {
		snprintf(key, sizeof(key), "%d", i);
		snprintf(want, sizeof(want), "ACC%d",
			 expected_winner(i, 4000, ROWS));
		ck_assert_str_eq(find(c, PS_KEY_ZOID, key), want);
	}
	ps_cache_close(c);
}
END_TEST

/* A big feed with one bad row: the parser runs ahead and must stop. */
static void
big_feed_error(int bad_row, const char *bad, const char *reason)
{
	size_t len = 0, cap = 4 * 1024 * 1024;
	char *text = malloc(cap), want[1024];
	struct ps_error err = {""};
	int i;

	len += (size_t) snprintf(text + len, cap - len, HDR);
	for (i = 1; i <= 30000; i++) {
		if (i == bad_row)
			len += (size_t) snprintf(text + len, cap - len, "%s\n",
						 bad);
		else
			len += (size_t) snprintf(text + len, cap - len,
						 "R%d,,,IN,1,,%d\n", i, i);
	}
	ck_assert_int_eq(build(text, NULL, &err), -1);
	snprintf(want, sizeof(want), "%s:%d: %s", feed, bad_row + 1, reason);
	ck_assert_str_eq(err.text, want);
	ck_assert_str_eq(dir_listing(), "feed.csv");
	free(text);
}

START_TEST(errors_in_big_feed)
{
	big_feed_error(100, "X,,,IN,lots,,",
		       "licenses \"lots\" is not an "
		       "integer from 0 to 4294967295");
	big_feed_error(29990, "X,,,IN,1,,\"7", "unterminated quoted field");
	/* Further from the end, the runaway quote fills the row first. */
	big_feed_error(25000, "X,,,IN,1,,\"7",
		       "row too long (more than 65536 "
		       "bytes; unterminated quote?)");
	big_feed_error(9000, "X,,,IN,1",
		       "wrong number of fields: 5, the "
		       "header has 7");
}
END_TEST

/* scripts/gen-feed writes a valid feed with unique keys. */
START_TEST(gen_feed_builds)
{
	struct ps_build_opts opts;
	struct ps_build_stats st;
	struct ps_cache *c;
	char cmd[512];
	struct ps_error err = {""};

	snprintf(cmd, sizeof(cmd), "%s/scripts/gen-feed -s 7 3000 > %s",
		 PS_SOURCE_DIR, feed);
	ck_assert_int_eq(system(cmd), 0);
	memset(&opts, 0, sizeof(opts));
	opts.feed = feed;
	opts.cache = cache_path;
	opts.warn = collect_warning;
	ck_assert_msg(ps_cache_build(&opts, &st, &err) == 0, "%s", err.text);
	ck_assert_uint_eq(st.rows, 3000);
	ck_assert_uint_eq(st.warnings, 0);
	ck_assert_uint_gt(st.keys, 3000 * 3);
	c = open_ok(cache_path);
	ck_assert_str_eq(find(c, PS_KEY_ZOID, "60000000041"), "ACC-0000041");
	ck_assert_str_eq(find(c, PS_KEY_ACCOUNT, "ORG-0000003"), "ORG-0000003");
	ps_cache_close(c);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lookup_each_kind);
	tcase_add_test(tc, lookup_fills_account);
	tcase_add_test(tc, case_insensitive_email_and_domain);
	tcase_add_test(tc, not_found);
	tcase_add_test(tc, metadata);
	tcase_add_test(tc, full_record);
	tcase_add_test(tc, bad_rows);
	tcase_add_test(tc, missing_feed);
	tcase_add_test(tc, unwritable_target);
	tcase_add_test(tc, freemail_refused);
	tcase_add_test(tc, duplicate_key_winner);
	tcase_add_test(tc, atomic_replace_under_reader);
	tcase_add_test(tc, no_lock_file_and_read_only);
	tcase_add_test(tc, damaged_and_foreign_files);
	tcase_add_test(tc, damaged_pages);
	tcase_add_test(tc, foreign_lmdb);
	tcase_add_test(tc, format_version);
	tcase_add_test(tc, damaged_index);
	tcase_add_test(tc, hash_collisions);
	tcase_add_test(tc, three_claimants);
	tcase_add_test(tc, concurrent_lookups);
	tcase_add_test(tc, keysort_matches_qsort);
	tcase_add_test(tc, labelset_filter);
	tcase_add_test(tc, hash_mapped_matches_read);
	tcase_add_test(tc, hash_padded_matches);
	tcase_add_test(tc, many_rows_with_conflicts);
	tcase_add_test(tc, errors_in_big_feed);
	tcase_add_test(tc, gen_feed_builds);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = cache_suite,
};
