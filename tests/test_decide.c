/*
 * NAME
 *	test_decide.c - customer lookup order, priority, severity and the
 *	reason= vocabulary, against a real cache built from a feed; and the
 *	whole pipeline over raw hostile messages
 */

#include <check.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/decide.h"
#include "core/generation.h"
#include "core/pipeline.h"
#include "parser/text.h"
#include "tests/check_main.h"
#include "tests/fixture.h"

static char dir[64];
static struct ps_generation *gen;

static const char feed[] =
	"account_id,superadmin_email,domains,region,licenses,zoid,zuids\n"
	"BIG-IN,admin@big.example,big.example,IN,120,7001,8001;8002\n"
	"SMALL-IN,admin@small.example,small.example,IN,99,7002,8003\n"
	"EXACT-IN,admin@exact.example,,IN,100,,\n"
	"GMAIL-US,bigboss@gmail.com,,US,500,,\n"
	"DE-60,it@de.example,de.example,DE,60,,\n"
	"ZUID-ONLY,,,AU,50,,9001\n"
	"ZOID-ONLY,,,JP,50,9500,\n"
	"DOMAIN-ONLY,,dom.example,CA,50,,\n"
	"OTHER,boss@other.example,,US,70,,\n"
	"PARTNER,help@reseller.example,reseller.example,US,900,,\n"
	/* every tier at exactly its threshold and one below */
	"AT-AU-NZ,at@au-nz.example,,AU-NZ,50,,\n"
	"BELOW-AU-NZ,below@au-nz.example,,AU-NZ,49,,\n"
	"AT-APAC-JP,at@apac-jp.example,,APAC-JP,50,,\n"
	"BELOW-APAC-JP,below@apac-jp.example,,APAC-JP,49,,\n"
	"AT-IN,at@in.example,,IN,100,,\n"
	"BELOW-IN,below@in.example,,IN,99,,\n"
	"AT-MEA,at@mea.example,,MEA,60,,\n"
	"BELOW-MEA,below@mea.example,,MEA,59,,\n"
	"AT-EU-UK,at@eu-uk.example,,EU-UK,60,,\n"
	"BELOW-EU-UK,below@eu-uk.example,,EU-UK,59,,\n"
	"AT-US-LATAM,at@us-latam.example,,US-LATAM,70,,\n"
	"BELOW-US-LATAM,below@us-latam.example,,US-LATAM,69,,\n"
	"AT-CA-BR,at@ca-br.example,,CA-BR,50,,\n"
	"BELOW-CA-BR,below@ca-br.example,,CA-BR,49,,\n";

static void
setup(void)
{
	char path[256], cache[256], conf[512];
	struct ps_error err;

	strcpy(dir, "/tmp/psmilter-decide-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cache, sizeof(cache), "%s/cache.lmdb", dir);
	ps_test_build_cache(dir, feed, cache);
	snprintf(path, sizeof(path), "%s/psmilter.conf", dir);
	snprintf(conf, sizeof(conf), "LicenseCache %s\n", cache);
	ps_test_write_file(path, conf);
	gen = ps_generation_load(path, PS_GEN_REQUIRE_CACHE, &err);
	ck_assert_msg(gen != NULL, "%s", err.text);
}

static void
teardown(void)
{
	char cmd[300];

	ps_generation_unref(gen);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A verdict for hand-made fields, sent by the partner. */
static void
decide(struct ps_fields *f, struct ps_verdict *v)
{
	static char *senders[] = {"help@reseller.example"};
	struct ps_text t;
	struct ps_envelope env = {"QID", "help@reseller.example", NULL, 0};

	memset(&t, 0, sizeof(t));
	t.subject = "Ticket";
	t.senders.v = senders;
	t.senders.n = 1;
	ps_decide(gen, &t, f, &env, v);
}

static void
fields(struct ps_fields *f, const char *email, const char *product)
{
	memset(f, 0, sizeof(*f));
	f->customer_email = (char *) email;
	f->value[PS_F_CUSTOMER_EMAIL] = (char *) email;
	f->value[PS_F_PRODUCT] = (char *) product;
	f->value[PS_F_REQUEST_TYPE] = "Technical Support";
}

static void
assert_found(const struct ps_verdict *v, enum ps_priority p, const char *reason,
	     const char *account, enum ps_match how)
{
	ck_assert_int_eq(v->priority, p);
	if (reason == NULL)
		ck_assert_ptr_null(v->reason);
	else
		ck_assert_str_eq(v->reason, reason);
	ck_assert(v->found);
	ck_assert_str_eq(v->account.account_id, account);
	ck_assert_str_eq(ps_match_name(v->matched), ps_match_name(how));
}

START_TEST(yes_by_email)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, "admin@big.example", "Zoho CRM");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "BIG-IN", PS_MATCH_EMAIL);
	ck_assert_str_eq(v.tier, "IN");
	ck_assert_uint_eq(v.threshold, 100);
	ck_assert_uint_eq(v.account.licenses, 120);
	ck_assert_int_eq(v.severity, PS_SEV_S1);
	ck_assert_str_eq(v.sla.resolution_target, "24-48h");
}
END_TEST

START_TEST(threshold_edges)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, "admin@small.example", "Zoho CRM");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_NO, "below-threshold", "SMALL-IN",
		     PS_MATCH_EMAIL);
	ck_assert_int_ne(v.severity, PS_SEV_S1);
	fields(&f, "admin@exact.example", "Zoho CRM");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "EXACT-IN", PS_MATCH_EMAIL);
	/* A country resolves to its tier: DE is EU-UK, threshold 60. */
	fields(&f, "it@de.example", "Zoho Desk");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "DE-60", PS_MATCH_EMAIL);
	ck_assert_str_eq(v.tier, "EU-UK");
	ck_assert_uint_eq(v.threshold, 60);
}
END_TEST

START_TEST(every_tier_at_and_below_threshold)
{
	static const struct {
		const char *tier;
		unsigned long threshold;
	} tiers[] = {
		{"AU-NZ", 50}, {"APAC-JP", 50},	 {"IN", 100},	{"MEA", 60},
		{"EU-UK", 60}, {"US-LATAM", 70}, {"CA-BR", 50},
	};
	struct ps_fields f;
	struct ps_verdict v;
	char email[64], lower[32], account[32];
	size_t i, j;

	for (i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++) {
		for (j = 0; tiers[i].tier[j]; j++)
			lower[j] = (char) (tiers[i].tier[j] >= 'A'
							   && tiers[i].tier[j]
								   <= 'Z'
						   ? tiers[i].tier[j] + 32
						   : tiers[i].tier[j]);
		lower[j] = '\0';
		snprintf(email, sizeof(email), "at@%s.example", lower);
		snprintf(account, sizeof(account), "AT-%s", tiers[i].tier);
		fields(&f, email, "Zoho CRM");
		decide(&f, &v);
		assert_found(&v, PS_PRIORITY_YES, NULL, account,
			     PS_MATCH_EMAIL);
		ck_assert_str_eq(v.tier, tiers[i].tier);
		ck_assert_uint_eq(v.threshold, tiers[i].threshold);
		ck_assert_uint_eq(v.account.licenses, tiers[i].threshold);
		snprintf(email, sizeof(email), "below@%s.example", lower);
		snprintf(account, sizeof(account), "BELOW-%s", tiers[i].tier);
		fields(&f, email, "Zoho CRM");
		decide(&f, &v);
		assert_found(&v, PS_PRIORITY_NO, "below-threshold", account,
			     PS_MATCH_EMAIL);
		ck_assert_uint_eq(v.account.licenses, tiers[i].threshold - 1);
	}
}
END_TEST

START_TEST(excluded_product)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, "admin@big.example", "Zoho Campaigns");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_NO, "excluded-product", "BIG-IN",
		     PS_MATCH_EMAIL);
	ck_assert_int_ne(v.severity, PS_SEV_S1);
	ck_assert_ptr_null(v.sla.resolution_target);
}
END_TEST

START_TEST(order_email_before_other_addresses_before_ids)
{
	struct ps_fields f;
	struct ps_verdict v;
	char *others[] = {"boss@other.example"};

	fields(&f, "nobody@unknown.example", "Zoho CRM");
	f.emails.v = others;
	f.emails.n = 1;
	f.value[PS_F_USER_ID] = "9001";
	f.value[PS_F_ORG_ID] = "9500";
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "OTHER", PS_MATCH_EMAIL);
	/* The primary email wins over everything. */
	f.customer_email = "admin@small.example";
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_NO, "below-threshold", "SMALL-IN",
		     PS_MATCH_EMAIL);
}
END_TEST

START_TEST(order_zuid_before_zoid_before_domain)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, "someone@dom.example", "Zoho CRM");
	f.value[PS_F_USER_ID] = "9001";
	f.value[PS_F_ORG_ID] = "9500";
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "ZUID-ONLY", PS_MATCH_ZUID);
	f.value[PS_F_USER_ID] = "1234";
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "ZOID-ONLY", PS_MATCH_ZOID);
	f.value[PS_F_ORG_ID] = NULL;
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "DOMAIN-ONLY", PS_MATCH_DOMAIN);
}
END_TEST

START_TEST(never_by_freemail_domain)
{
	struct ps_fields f;
	struct ps_verdict v;

	/* A known gmail super admin matches by address ... */
	fields(&f, "bigboss@gmail.com", "Zoho CRM");
	decide(&f, &v);
	assert_found(&v, PS_PRIORITY_YES, NULL, "GMAIL-US", PS_MATCH_EMAIL);
	/* ... but no other gmail user becomes a priority customer. */
	fields(&f, "someone.else@gmail.com", "Zoho CRM");
	decide(&f, &v);
	ck_assert_int_eq(v.priority, PS_PRIORITY_NO);
	ck_assert_str_eq(v.reason, "not-found");
	ck_assert(!v.found);
}
END_TEST

START_TEST(never_the_partner_itself)
{
	struct ps_fields f;
	struct ps_verdict v;
	char *others[] = {"help@reseller.example", "ops@reseller.example"};

	fields(&f, NULL, "Zoho CRM");
	f.value[PS_F_CUSTOMER_EMAIL] = NULL;
	f.emails.v = others;
	f.emails.n = 2;
	decide(&f, &v);
	ck_assert_int_eq(v.priority, PS_PRIORITY_NO);
	ck_assert_str_eq(v.reason, "not-found");
}
END_TEST

START_TEST(no_customer_id)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, NULL, "Zoho CRM");
	decide(&f, &v);
	ck_assert_int_eq(v.priority, PS_PRIORITY_UNKNOWN);
	ck_assert_str_eq(v.reason, "no-customer-id");
	ck_assert_uint_eq(v.nmissing, 3); /* email, reproducible, description */
	ck_assert_int_eq(v.missing[0], PS_F_CUSTOMER_EMAIL);
}
END_TEST

START_TEST(cache_unavailable)
{
	struct ps_generation *g2;
	struct ps_fields f;
	struct ps_verdict v;
	struct ps_text t;
	struct ps_envelope env = {NULL, NULL, NULL, 0};
	char path[256];
	struct ps_error err;

	snprintf(path, sizeof(path), "%s/broken.conf", dir);
	ps_test_write_file(path, "LicenseCache /nonexistent/cache.lmdb\n");
	ck_assert_ptr_null(
		ps_generation_load(path, PS_GEN_REQUIRE_CACHE, &err));
	g2 = ps_generation_load(path, 0, &err);
	ck_assert_ptr_nonnull(g2);
	fields(&f, "admin@big.example", "Zoho CRM");
	memset(&t, 0, sizeof(t));
	ps_decide(g2, &t, &f, &env, &v);
	ck_assert_int_eq(v.priority, PS_PRIORITY_UNKNOWN);
	ck_assert_str_eq(v.reason, "cache-unavailable");
	ps_generation_unref(g2);
}
END_TEST

START_TEST(non_technical_request_is_s3)
{
	struct ps_fields f;
	struct ps_verdict v;

	fields(&f, "admin@small.example", "Zoho CRM");
	f.value[PS_F_REQUEST_TYPE] = "Payment Extension";
	f.value[PS_F_DESCRIPTION] = "The system is down for all users.";
	decide(&f, &v);
	ck_assert_str_eq(v.request_type, "Payment Extension");
	ck_assert_int_eq(v.severity, PS_SEV_S3);
	f.value[PS_F_REQUEST_TYPE] = "Technical Support";
	decide(&f, &v);
	ck_assert_int_eq(v.severity, PS_SEV_S1);
	ck_assert_ptr_null(v.sla.resolution_target);
}
END_TEST

/* The whole pipeline: headers for a raw message with hostile values. */
static void
run(const char *msg, const char *rcpt, struct ps_headers *h)
{
	const char *rcpts[] = {rcpt};
	struct ps_envelope env = {"QID", NULL, rcpts, rcpt != NULL};
	struct ps_outcome o;

	ps_pipeline_run(gen, msg, strlen(msg), &env, h, &o);
}

START_TEST(pipeline_hostile_values)
{
	struct ps_headers h;
	size_t i;
	const unsigned char *p;
	const char *msg =
		"From: Partner <help@reseller.example>\r\n"
		"To: partner-support@zohocorp.com\r\n"
		"X-Priority-Customer: yes; account=FORGED\r\n"
		"Subject: help\r\n\r\n"
		"Customer Primary Email Address: admin@small.example\r\n"
		"Zoho Product Name: Zoho CRM =?UTF-8?B?eWVz?= \x01\x7f "
		"caf\xc3\xa9\r\n"
		"Support Request Type: Technical Support\r\n";

	run(msg, "<Partner-Support@ZohoCorp.com>", &h);
	ck_assert_uint_ge(h.n, 5);
	ck_assert_str_eq(h.v[0].value,
			 "no; reason=below-threshold; "
			 "account=SMALL-IN; licenses=99; region=IN; "
			 "threshold=100; matched=email");
	for (i = 0; i < h.n; i++)
		for (p = (const unsigned char *) h.v[i].value; *p; p++)
			ck_assert(*p >= 0x20 && *p < 0x7f);
	ck_assert_str_eq(h.v[h.n - 1].name, "X-Support-Datacenter");
	ck_assert_str_eq(h.v[h.n - 1].value, "US");
	ps_headers_free(&h);
}
END_TEST

START_TEST(pipeline_not_for_support)
{
	struct ps_headers h;

	run("From: a@b.example\r\nTo: partner-support@zohocorp.com\r\n\r\n"
	    "Customer Email: admin@big.example\r\n",
	    "someone@else.example", &h);
	ck_assert_uint_eq(h.n, 0);
	/* With no envelope recipients, To and Cc decide. */
	run("From: a@b.example\r\nTo: x@y.example\r\n"
	    "Cc: Partner Support <partner-support@eu.zohocorp.com>\r\n\r\n"
	    "Customer Email: admin@big.example\r\n",
	    NULL, &h);
	ck_assert_uint_ge(h.n, 1);
	ck_assert_str_eq(h.v[h.n - 1].value, "EU");
	ps_headers_free(&h);
}
END_TEST

/* Automated mail never gets S1 from its wording; priority is kept. */
START_TEST(automated_never_s1_from_phrases)
{
	static char *senders[] = {"help@reseller.example"};
	struct ps_envelope env = {"QID", "help@reseller.example", NULL, 0};
	struct ps_fields f;
	struct ps_verdict v;
	struct ps_text t;

	memset(&t, 0, sizeof(t));
	t.subject = "Returned mail: Service unavailable";
	t.senders.v = senders;
	t.senders.n = 1;
	fields(&f, "nobody@nowhere.example", "Zoho CRM");
	ps_decide(gen, &t, &f, &env, &v);
	ck_assert_int_eq(v.severity, PS_SEV_S1); /* a person wrote that */
	ck_assert_int_eq(v.automated, 0);
	t.automated = "Auto-Submitted: auto-replied";
	ps_decide(gen, &t, &f, &env, &v);
	ck_assert_int_eq(v.severity, PS_SEV_S2);
	ck_assert_int_eq(v.automated, 1);
	/* The null envelope sender of a bounce, without such a header. */
	t.automated = NULL;
	env.sender = "";
	ps_decide(gen, &t, &f, &env, &v);
	ck_assert_int_eq(v.severity, PS_SEV_S2);
	env.sender = "<>";
	ps_decide(gen, &t, &f, &env, &v);
	ck_assert_int_eq(v.severity, PS_SEV_S2);
	/* Priority is the customer's: S1 all the same. */
	fields(&f, "admin@big.example", "Zoho CRM");
	ps_decide(gen, &t, &f, &env, &v);
	ck_assert_int_eq(v.priority, PS_PRIORITY_YES);
	ck_assert_int_eq(v.severity, PS_SEV_S1);
}
END_TEST

/* The trace: every key in the documented order, with its result. */
START_TEST(trace_keys_in_order)
{
	static char *senders[] = {"help@reseller.example"};
	static char *emails[] = {"help@reseller.example", "x@unknown.example",
				 "y@gmail.com", "z@reseller.example"};
	struct ps_envelope env = {"QID", "help@reseller.example", NULL, 0};
	struct ps_trace *tr = g_new0(struct ps_trace, 1);
	struct ps_fields f;
	struct ps_verdict v;
	struct ps_text t;

	memset(&t, 0, sizeof(t));
	t.subject = "Ticket";
	t.senders.v = senders;
	t.senders.n = 1;
	fields(&f, "nobody@nowhere.example", "Zoho CRM");
	f.emails.v = emails;
	f.emails.n = 4;
	f.value[PS_F_USER_ID] = "1234";
	f.value[PS_F_ORG_ID] = "9500";
	ps_decide_traced(gen, &t, &f, &env, &v, tr);
	assert_found(&v, PS_PRIORITY_YES, NULL, "ZOID-ONLY", PS_MATCH_ZOID);
	ck_assert_uint_eq(tr->nprobes, 7);
	ck_assert_int_eq(tr->probe[0].how, PS_MATCH_EMAIL);
	ck_assert_int_eq(tr->probe[0].other, 0);
	ck_assert_str_eq(tr->probe[0].key, "nobody@nowhere.example");
	ck_assert_int_eq(tr->probe[0].result, PS_PROBE_NOT_FOUND);
	ck_assert_int_eq(tr->probe[1].result, PS_PROBE_SKIP_SENDER);
	ck_assert_int_eq(tr->probe[2].other, 1);
	ck_assert_str_eq(tr->probe[2].key, "x@unknown.example");
	ck_assert_str_eq(tr->probe[3].key, "y@gmail.com");
	ck_assert_int_eq(tr->probe[3].result, PS_PROBE_NOT_FOUND);
	ck_assert_str_eq(tr->probe[4].key, "z@reseller.example");
	ck_assert_int_eq(tr->probe[4].result, PS_PROBE_SKIP_PARTNER);
	ck_assert_int_eq(tr->probe[5].how, PS_MATCH_ZUID);
	ck_assert_int_eq(tr->probe[5].result, PS_PROBE_NOT_FOUND);
	ck_assert_int_eq(tr->probe[6].how, PS_MATCH_ZOID);
	ck_assert_int_eq(tr->probe[6].result, PS_PROBE_FOUND);
	/* Nothing found: the domains come last, never free mail's. */
	f.value[PS_F_ORG_ID] = NULL;
	ps_decide_traced(gen, &t, &f, &env, &v, tr);
	ck_assert_int_eq(v.priority, PS_PRIORITY_NO);
	ck_assert_uint_eq(tr->nprobes, 11);
	ck_assert_int_eq(tr->probe[6].how, PS_MATCH_DOMAIN);
	ck_assert_str_eq(tr->probe[6].key, "nowhere.example");
	ck_assert_int_eq(tr->probe[7].result, PS_PROBE_SKIP_PARTNER);
	ck_assert_str_eq(tr->probe[8].key, "unknown.example");
	ck_assert_int_eq(tr->probe[9].result, PS_PROBE_SKIP_FREEMAIL);
	ck_assert_int_eq(tr->probe[10].result, PS_PROBE_SKIP_PARTNER);
	ck_assert_int_eq(tr->why.cause, PS_CAUSE_DEFAULT);
	g_free(tr);
}
END_TEST

static Suite *
decide_suite(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, yes_by_email);
	tcase_add_test(tc, threshold_edges);
	tcase_add_test(tc, every_tier_at_and_below_threshold);
	tcase_add_test(tc, excluded_product);
	tcase_add_test(tc, order_email_before_other_addresses_before_ids);
	tcase_add_test(tc, order_zuid_before_zoid_before_domain);
	tcase_add_test(tc, never_by_freemail_domain);
	tcase_add_test(tc, never_the_partner_itself);
	tcase_add_test(tc, no_customer_id);
	tcase_add_test(tc, cache_unavailable);
	tcase_add_test(tc, non_technical_request_is_s3);
	tcase_add_test(tc, pipeline_hostile_values);
	tcase_add_test(tc, pipeline_not_for_support);
	tcase_add_test(tc, automated_never_s1_from_phrases);
	tcase_add_test(tc, trace_keys_in_order);
	suite_add_tcase(s, tc);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = decide_suite,
	.init = ps_text_init,
	.fini = ps_text_shutdown,
};
