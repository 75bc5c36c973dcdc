/*
 * NAME
 *	test_milter.c - the libmilter callbacks driven through the MTA seam:
 *	negotiation, early accept, forged-header deletion order, where our
 *	headers land under Sendmail's and Postfix's header lists, generation
 *	pinning across a reload
 */

#include <check.h>
#include <gmime/gmime.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/generation.h"
#include "milter/callbacks.h"
#include "milter/current.h"
#include "milter/mta.h"
#include "milter/stats.h"
#include "parser/text.h"
#include "tests/check_main.h"
#include "tests/fixture.h"

/*
 * ---- a fake MTA ----
 * It records every call, and keeps the message's header list the way
 * Sendmail or Postfix does, to show where psmilter's headers end up:
 * Sendmail keeps a deleted header in its list, empty, still counted by
 * index; Postfix drops it.  An insert index past the last header appends
 * in both.
 */

enum fake_kind {
	FAKE_SENDMAIL,
	FAKE_POSTFIX,
};

#define MAX_OPS	 64
#define MAX_HDRS 32
static char ops[MAX_OPS][512];
static int nops;
static void *priv;
static const char *queue_id = "4F3A21234";
static int refuse_changes;
static enum fake_kind mta_kind;
static struct {
	char name[64];
	char value[512];
	int deleted; /* Sendmail: kept, empty */
} hdrs[MAX_HDRS];
static int nhdrs;

static void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
record(const char *fmt, ...)
{
	va_list ap;

	if (nops == MAX_OPS)
		return;
	va_start(ap, fmt);
	vsnprintf(ops[nops++], sizeof(ops[0]), fmt, ap);
	va_end(ap);
}

static void
hdr_insert(int at, const char *name, const char *value)
{
	ck_assert_int_lt(nhdrs, MAX_HDRS);
	memmove(&hdrs[at + 1], &hdrs[at],
		(size_t) (nhdrs - at) * sizeof(hdrs[0]));
	snprintf(hdrs[at].name, sizeof(hdrs[at].name), "%s", name);
	snprintf(hdrs[at].value, sizeof(hdrs[at].value), "%s", value);
	hdrs[at].deleted = 0;
	nhdrs++;
}

static char *
fake_getsymval(SMFICTX *ctx, char *name)
{
	(void) ctx;
	return strcmp(name, "i") == 0 || strcmp(name, "{i}") == 0
		? (char *) queue_id
		: NULL;
}

/* The idx-th header called name (from 1), deleted if value is NULL. */
static int
fake_chgheader(SMFICTX *ctx, char *name, int idx, char *value)
{
	int i, seen = 0;

	(void) ctx;
	record("chg %s %d %s", name, idx, value ? value : "(delete)");
	if (refuse_changes)
		return MI_FAILURE;
	for (i = 0; i < nhdrs; i++) {
		if (strcasecmp(hdrs[i].name, name) != 0 || ++seen < idx)
			continue;
		if (value != NULL)
			snprintf(hdrs[i].value, sizeof(hdrs[i].value), "%s",
				 value);
		else if (mta_kind == FAKE_SENDMAIL)
			hdrs[i].deleted = 1;
		else {
			memmove(&hdrs[i], &hdrs[i + 1],
				(size_t) (nhdrs - i - 1) * sizeof(hdrs[0]));
			nhdrs--;
		}
		break;
	}
	return MI_SUCCESS;
}

/*
 * Sendmail inserts after the idx-th entry of its list (from 0), Postfix
 * before it; past the end, both append.
 */
static int
fake_insheader(SMFICTX *ctx, int idx, char *name, char *value)
{
	int at;

	(void) ctx;
	if (idx >= nhdrs)
		record("ins end %s: %s", name, value);
	else
		record("ins %d %s: %s", idx, name, value);
	if (refuse_changes)
		return MI_FAILURE;
	if (idx >= nhdrs)
		at = nhdrs;
	else
		at = mta_kind == FAKE_SENDMAIL ? idx + 1 : idx;
	hdr_insert(at, name, value);
	return MI_SUCCESS;
}

static int
fake_setpriv(SMFICTX *ctx, void *p)
{
	(void) ctx;
	priv = p;
	return MI_SUCCESS;
}

static void *
fake_getpriv(SMFICTX *ctx)
{
	(void) ctx;
	return priv;
}

static const struct ps_mta_ops fake = {fake_getsymval, fake_chgheader,
				       fake_insheader, fake_setpriv,
				       fake_getpriv};

/* The header block as the MTA would deliver it, one "Name: value\n" each. */
static const char *
delivered_headers(void)
{
	static char out[MAX_HDRS * 600];
	size_t len = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < nhdrs; i++)
		if (!hdrs[i].deleted)
			len += (size_t) snprintf(out + len, sizeof(out) - len,
						 "%s: %s\n", hdrs[i].name,
						 hdrs[i].value);
	return out;
}

/* ---- fixture: a cache, a config, the current generation ---- */

static char dir[64], conf[128], cachepath[128];
static SMFICTX *ctx = (SMFICTX *) &dir; /* any non-NULL handle */

static void
build_cache(const char *feed)
{
	ps_test_build_cache(dir, feed, cachepath);
}

static void
setup(void)
{
	FILE *fp;
	struct ps_error err;
	struct ps_generation *gen;

	strcpy(dir, "/tmp/psmilter-milter-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/psmilter.conf", dir);
	snprintf(cachepath, sizeof(cachepath), "%s/cache.lmdb", dir);
	build_cache("account_id,superadmin_email,region,licenses\n"
		    "SMALL-IN,admin@small.example,IN,99\n");
	ck_assert_ptr_nonnull(fp = fopen(conf, "w"));
	fprintf(fp, "LicenseCache %s\n", cachepath);
	fclose(fp);
	gen = ps_generation_load(conf, PS_GEN_REQUIRE_CACHE, &err);
	ck_assert_msg(gen != NULL, "%s", err.text);
	ps_current_init(gen, conf);
	ps_mta = &fake;
	nops = 0;
	priv = NULL;
	refuse_changes = 0;
	mta_kind = FAKE_SENDMAIL;
	nhdrs = 0;
}

static void
teardown(void)
{
	char cmd[128];

	ps_current_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* ---- driving the callbacks ---- */

static sfsistat
start(const char *rcpt)
{
	char *from[] = {"<Help@Reseller.example>", NULL};
	char *to[] = {(char *) rcpt, NULL};

	ck_assert_int_eq(ps_milter_desc.xxfi_envfrom(ctx, from), SMFIS_NOREPLY);
	ck_assert_int_eq(ps_milter_desc.xxfi_envrcpt(ctx, to), SMFIS_NOREPLY);
	return ps_milter_desc.xxfi_data(ctx);
}

/* A header of the message: the MTA keeps it and sends it to the milter. */
static void
header(const char *name, const char *value)
{
	hdr_insert(nhdrs, name, value);
	ck_assert_int_eq(
		ps_milter_desc.xxfi_header(ctx, (char *) name, (char *) value),
		SMFIS_NOREPLY);
}

static sfsistat
finish(const char *body)
{
	ck_assert_int_eq(ps_milter_desc.xxfi_body(ctx, (unsigned char *) body,
						  strlen(body)),
			 SMFIS_NOREPLY);
	return ps_milter_desc.xxfi_eom(ctx);
}

static const char body[] =
	"Customer Primary Email Address: admin@small.example\r\n"
	"Support Request Type: Technical Support\r\n"
	"Zoho Product Name: Zoho CRM\r\n";

START_TEST(negotiation_asks_for_little)
{
	unsigned long f0, f1, f2, f3;

	ck_assert_int_eq(ps_milter_desc.xxfi_negotiate(
				 ctx,
				 SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT,
				 0x1fffff, 0, 0, &f0, &f1, &f2, &f3),
			 SMFIS_CONTINUE);
	ck_assert_uint_eq(f0, SMFIF_ADDHDRS | SMFIF_CHGHDRS);
	ck_assert(f1 & SMFIP_NOCONNECT);
	ck_assert(f1 & SMFIP_NOHELO);
	ck_assert(f1 & SMFIP_NOEOH);
	ck_assert(f1 & SMFIP_NR_HDR);
	ck_assert(f1 & SMFIP_NR_BODY);
	ck_assert(f1 & SMFIP_NR_RCPT);
	ck_assert(!(f1 & SMFIP_NODATA)); /* DATA is where we accept early */
	ck_assert(!(f1 & SMFIP_NOBODY));
	ck_assert(!(f1 & SMFIP_NOHDRS));
}
END_TEST

START_TEST(not_for_support_accepted_at_data)
{
	ck_assert_int_eq(start("<someone@else.example>"), SMFIS_ACCEPT);
	ck_assert_int_eq(nops, 0);
	ps_milter_desc.xxfi_close(ctx);
	ck_assert_ptr_null(priv);
}
END_TEST

START_TEST(forged_deleted_highest_first_then_added_in_order)
{
	ck_assert_int_eq(start("<Partner-Support@ZohoCorp.com>"),
			 SMFIS_CONTINUE);
	header("X-Severity", "S1-Critical");
	header("Subject", "help");
	header("x-severity", "S1-Critical");
	header("X-PRIORITY-CUSTOMER", "yes");
	header("X-SEVERITY", "S1-Critical");
	ck_assert_int_eq(finish(body), SMFIS_CONTINUE);
	ck_assert_int_eq(nops, 4 + 8);
	ck_assert_str_eq(ops[0], "chg X-Priority-Customer 1 (delete)");
	ck_assert_str_eq(ops[1], "chg X-Severity 3 (delete)");
	ck_assert_str_eq(ops[2], "chg X-Severity 2 (delete)");
	ck_assert_str_eq(ops[3], "chg X-Severity 1 (delete)");
	ck_assert_str_eq(
		ops[4],
		"ins end X-Priority-Customer: no; "
		"reason=below-threshold; account=SMALL-IN; licenses=99; "
		"region=IN; threshold=100; matched=email");
	ck_assert_str_eq(ops[5], "ins end X-Severity: S2-Moderate");
	ck_assert(strncmp(ops[6], "ins end X-Support-SLA: ", 23) == 0);
	ck_assert_str_eq(ops[7],
			 "ins end X-Customer-Primary-Email: "
			 "admin@small.example");
	ck_assert_str_eq(ops[8], "ins end X-Support-Product: Zoho CRM");
	ck_assert_str_eq(ops[9],
			 "ins end X-Support-Request-Type: Technical Support");
	ck_assert(strncmp(ops[10], "ins end X-Support-Template: incomplete", 38)
		  == 0);
	ck_assert_str_eq(ops[11], "ins end X-Support-Datacenter: US");
	ps_milter_desc.xxfi_close(ctx);
}
END_TEST

/*
 * Under either MTA, with or without forged copies, the delivered header
 * block is the message's own headers, forged copies gone, then ours, one
 * of each, in the order of psmilter(8).  Loop: MTA kind, then forged.
 */
START_TEST(ours_end_the_header_block_under_both_mtas)
{
	const int forged = _i / 2;

	mta_kind = _i % 2 == 0 ? FAKE_SENDMAIL : FAKE_POSTFIX;
	ck_assert_int_eq(start("<partner-support@zohocorp.com>"),
			 SMFIS_CONTINUE);
	header("Received", "from mail.reseller.example by mx.example");
	if (forged)
		header("X-Severity", "S1-Critical");
	header("From", "Partner <help@reseller.example>");
	header("To", "partner-support@zohocorp.com");
	header("Subject", "help");
	if (forged)
		header("X-Priority-Customer", "yes; account=FORGED");
	header("Date", "Mon, 7 Dec 2026 10:00:00 +0000");
	if (forged) {
		header("x-severity", "S1-Critical");
		header("X-SUPPORT-DATACENTER", "EU");
	}
	header("Message-ID", "<t1@reseller.example>");
	ck_assert_int_eq(finish(body), SMFIS_CONTINUE);
	ck_assert_str_eq(
		delivered_headers(),
		"Received: from mail.reseller.example by mx.example\n"
		"From: Partner <help@reseller.example>\n"
		"To: partner-support@zohocorp.com\n"
		"Subject: help\n"
		"Date: Mon, 7 Dec 2026 10:00:00 +0000\n"
		"Message-ID: <t1@reseller.example>\n"
		"X-Priority-Customer: no; reason=below-threshold; "
		"account=SMALL-IN; licenses=99; region=IN; threshold=100; "
		"matched=email\n"
		"X-Severity: S2-Moderate\n"
		"X-Support-SLA: first-response=6-12h; "
		"problem-determination=24-48h\n"
		"X-Customer-Primary-Email: admin@small.example\n"
		"X-Support-Product: Zoho CRM\n"
		"X-Support-Request-Type: Technical Support\n"
		"X-Support-Template: incomplete; "
		"missing=reproducible,description\n"
		"X-Support-Datacenter: US\n");
	ps_milter_desc.xxfi_close(ctx);
}
END_TEST

START_TEST(message_keeps_its_generation_across_reload)
{
	struct ps_generation *before = ps_current_pin(), *after;
	struct ps_error err;

	ps_generation_unref(before); /* peek: still held by current */
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	ck_assert_uint_eq(atomic_load(&before->refs), 2); /* + the message */
	header("Subject", "during a reload");
	/* More licenses, reloaded mid-message. */
	build_cache("account_id,superadmin_email,region,licenses\n"
		    "SMALL-IN,admin@small.example,IN,150\n");
	ck_assert_msg(ps_current_reload(&err) == 0, "%s", err.text);
	after = ps_current_pin();
	ck_assert_ptr_ne(after, before);
	ck_assert_uint_eq(atomic_load(&before->refs), 1); /* only the message */
	ps_generation_unref(after);
	/* The message in flight decides with the snapshot it started with. */
	ck_assert_int_eq(finish(body), SMFIS_CONTINUE);
	ck_assert(strstr(ops[0], "licenses=99") != NULL);
	/* The next message sees the new cache. */
	nops = 0;
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	ck_assert_int_eq(finish(body), SMFIS_CONTINUE);
	ck_assert(strstr(ops[0], "yes; account=SMALL-IN; licenses=150")
		  != NULL);
	ps_milter_desc.xxfi_close(ctx);
}
END_TEST

START_TEST(failed_reload_keeps_generation)
{
	struct ps_generation *before = ps_current_pin(), *after;
	struct ps_error err;
	FILE *fp;

	ck_assert_ptr_nonnull(fp = fopen(conf, "a"));
	fputs("NoSuchKey 1\n", fp);
	fclose(fp);
	ck_assert_int_eq(ps_current_reload(&err), -1);
	ck_assert(strstr(err.text, "psmilter.conf:2: unknown key") != NULL);
	after = ps_current_pin();
	ck_assert_ptr_eq(after, before);
	ps_generation_unref(after);
	ps_generation_unref(before);
}
END_TEST

START_TEST(abort_and_close_release_everything)
{
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	header("Subject", "x");
	ck_assert_uint_eq(ps_stats_in_flight(), 1);
	ps_milter_desc.xxfi_abort(ctx);
	ck_assert_uint_eq(ps_stats_in_flight(), 0);
	/* close in the middle of a message, and close with no context at all */
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	ps_milter_desc.xxfi_close(ctx);
	ck_assert_uint_eq(ps_stats_in_flight(), 0);
	ck_assert_ptr_null(priv);
	ck_assert_int_eq(ps_milter_desc.xxfi_close(ctx), SMFIS_CONTINUE);
}
END_TEST

START_TEST(refused_change_follows_on_error)
{
	refuse_changes = 1;
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	ck_assert_int_eq(finish(body), SMFIS_CONTINUE); /* OnError accept */
	ps_milter_desc.xxfi_close(ctx);
}
END_TEST

START_TEST(body_beyond_limit_not_buffered)
{
	static char chunk[65536];
	int i;

	memset(chunk, 'x', sizeof(chunk) - 1);
	ck_assert_int_eq(start("partner-support@zohocorp.com"), SMFIS_CONTINUE);
	ck_assert_int_eq(ps_milter_desc.xxfi_body(ctx, (unsigned char *) body,
						  strlen(body)),
			 SMFIS_NOREPLY);
	/* 64 MiB of body against the default 2 MiB MaxParseBytes. */
	for (i = 0; i < 1024; i++)
		ps_milter_desc.xxfi_body(ctx, (unsigned char *) chunk,
					 sizeof(chunk));
	ck_assert_int_eq(ps_milter_desc.xxfi_eom(ctx), SMFIS_CONTINUE);
	ck_assert(strstr(ops[0],
			 "X-Priority-Customer: no; "
			 "reason=below-threshold")
		  != NULL);
	ps_milter_desc.xxfi_close(ctx);
}
END_TEST

static Suite *
milter_suite(void)
{
	Suite *s = suite_create("milter");
	TCase *tc = tcase_create("callbacks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, negotiation_asks_for_little);
	tcase_add_test(tc, not_for_support_accepted_at_data);
	tcase_add_test(tc, forged_deleted_highest_first_then_added_in_order);
	tcase_add_loop_test(tc, ours_end_the_header_block_under_both_mtas, 0,
			    4);
	tcase_add_test(tc, message_keeps_its_generation_across_reload);
	tcase_add_test(tc, failed_reload_keeps_generation);
	tcase_add_test(tc, abort_and_close_release_everything);
	tcase_add_test(tc, refused_change_follows_on_error);
	tcase_add_test(tc, body_beyond_limit_not_buffered);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = milter_suite,
	.init = ps_text_init,
	.fini = ps_text_shutdown,
};
