/*
 * NAME
 *	test_regions.c - Check tests for rules/regions.c and etc/regions
 * SUMMARY
 *	Tier thresholds, countries to tiers, every ISO 3166-1 code mapped,
 *	and exact "NAME:LINE: reason" errors.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rules/defaults.h"
#include "rules/regions.h"
#include "tests/check_main.h"

/* The 249 assigned ISO 3166-1 alpha-2 codes. */
static const char iso3166[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG "
	"BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI "
	"CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH "
	"ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ "
	"GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT "
	"JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS "
	"LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU "
	"MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG "
	"PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG "
	"SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
	"TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU "
	"WF WS YE YT ZA ZM ZW";

static struct ps_regions *regions;

static void
setup(void)
{
	struct ps_error err = {""};

	regions = ps_regions_parse("regions", ps_default_regions,
				   ps_default_regions_len, &err);
	ck_assert_msg(regions != NULL, "shipped regions: %s", err.text);
}

static void
teardown(void)
{
	ps_regions_free(regions);
	regions = NULL;
}

static void
expect_tier(const char *region, const char *tier, unsigned long threshold)
{
	const struct ps_tier *t = ps_regions_tier(regions, region);

	ck_assert_msg(t != NULL, "no tier for '%s'", region);
	ck_assert_msg(strcmp(t->name, tier) == 0, "'%s' is %s, not %s", region,
		      t->name, tier);
	ck_assert_uint_eq(t->threshold, threshold);
}

START_TEST(tier_thresholds)
{
	expect_tier("AU-NZ", "AU-NZ", 50);
	expect_tier("APAC-JP", "APAC-JP", 50);
	expect_tier("IN", "IN", 100);
	expect_tier("MEA", "MEA", 60);
	expect_tier("EU-UK", "EU-UK", 60);
	expect_tier("US-LATAM", "US-LATAM", 70);
	expect_tier("CA-BR", "CA-BR", 50);
	expect_tier("eu-uk", "EU-UK", 60);
	expect_tier(" us-latam ", "US-LATAM", 70);
	ck_assert_uint_eq(ps_regions_tier_count(regions), 7);
	ck_assert_str_eq(ps_regions_tier_at(regions, 0)->name, "AU-NZ");
	ck_assert_str_eq(ps_regions_tier_at(regions, 4)->description,
			 "Europe and UK");
	ck_assert_ptr_null(ps_regions_tier_at(regions, 7));
}
END_TEST

START_TEST(countries)
{
	static const char *const eu[] = {"DE", "FR", "GB", "TR", "RU", "XK",
					 "NL", "ES", "PT", "IT", "CH", "IE",
					 "GR", "UA", "AM", "UK"};
	size_t i;

	for (i = 0; i < sizeof(eu) / sizeof(eu[0]); i++)
		expect_tier(eu[i], "EU-UK", 60);
	expect_tier("BR", "CA-BR", 50);
	expect_tier("CA", "CA-BR", 50);
	expect_tier("US", "US-LATAM", 70);
	expect_tier("MX", "US-LATAM", 70);
	expect_tier("AR", "US-LATAM", 70);
	expect_tier("CL", "US-LATAM", 70);
	expect_tier("AU", "AU-NZ", 50);
	expect_tier("NZ", "AU-NZ", 50);
	expect_tier("JP", "APAC-JP", 50);
	expect_tier("SG", "APAC-JP", 50);
	expect_tier("CN", "APAC-JP", 50);
	expect_tier("IN", "IN", 100);
	expect_tier("AE", "MEA", 60);
	expect_tier("ZA", "MEA", 60);
	expect_tier("SA", "MEA", 60);
	expect_tier("EG", "MEA", 60);
	expect_tier("de", "EU-UK", 60);
	expect_tier(" br ", "CA-BR", 50);
}
END_TEST

START_TEST(every_iso_code)
{
	const char *p = iso3166;
	char cc[3] = "";
	size_t n = 0;

	for (; *p; p += (p[2] == ' ' ? 3 : 2)) {
		memcpy(cc, p, 2);
		ck_assert_msg(ps_regions_tier(regions, cc) != NULL,
			      "%s is not mapped", cc);
		n++;
		if (p[2] == '\0')
			break;
	}
	ck_assert_uint_eq(n, 249);
	/* The 249, plus XK (Kosovo) and UK. */
	ck_assert_uint_eq(ps_regions_country_count(regions), 251);
}
END_TEST

START_TEST(unknown_regions)
{
	ck_assert_ptr_null(ps_regions_tier(regions, "ZZ"));
	ck_assert_ptr_null(ps_regions_tier(regions, ""));
	ck_assert_ptr_null(ps_regions_tier(regions, "Europe"));
	ck_assert_ptr_null(ps_regions_tier(regions, "D"));
	ck_assert_ptr_null(ps_regions_tier(regions, "DEU"));
	ck_assert_ptr_null(ps_regions_tier(regions, NULL));
}
END_TEST

static void
expect_error(const char *text, const char *want)
{
	struct ps_error err = {""};
	struct ps_regions *r = ps_regions_parse("t.regions", text, strlen(text),
						&err);

	ck_assert_msg(r == NULL, "accepted: %s", text);
	ck_assert_str_eq(err.text, want);
}

#define TIERS "tier A 10 First tier\ntier B-2 20\n"

START_TEST(small_file)
{
	const char *text = "# tiers\n" TIERS "\ncountry de A  # Germany\n"
			   "country FR b-2\r\n";
	struct ps_error err;
	struct ps_regions *r = ps_regions_parse("t", text, strlen(text), &err);

	ck_assert_msg(r != NULL, "%s", err.text);
	ck_assert_str_eq(ps_regions_tier(r, "DE")->name, "A");
	ck_assert_str_eq(ps_regions_tier(r, "DE")->description, "First tier");
	ck_assert_str_eq(ps_regions_tier(r, "fr")->name, "B-2");
	ck_assert_str_eq(ps_regions_tier(r, "b-2")->description, "");
	ck_assert_uint_eq(ps_regions_tier(r, "B-2")->threshold, 20);
	ck_assert_uint_eq(ps_regions_country_count(r), 2);
	ck_assert_ptr_null(ps_regions_tier(r, "GB"));
	ps_regions_free(r);
}
END_TEST

START_TEST(errors)
{
	expect_error("country DE A\n" TIERS, "t.regions:1: unknown tier 'A'");
	expect_error(TIERS "country DE C\n", "t.regions:3: unknown tier 'C'");
	expect_error(TIERS "country DE A\n\ncountry de B-2\n",
		     "t.regions:5: duplicate country 'de'");
	expect_error(TIERS "country D1 A\n",
		     "t.regions:3: bad country code 'D1'");
	expect_error(TIERS "country DEU A\n",
		     "t.regions:3: bad country code 'DEU'");
	expect_error(TIERS "country DE\n",
		     "t.regions:3: missing argument: tier");
	expect_error(TIERS "country\n",
		     "t.regions:3: missing argument: country code");
	expect_error(TIERS "country DE A B-2\n",
		     "t.regions:3: too many arguments at 'B-2'");
	expect_error("tier X -5\n", "t.regions:1: bad threshold '-5'");
	expect_error("tier X abc\n", "t.regions:1: bad threshold 'abc'");
	expect_error("tier X 99999999999\n",
		     "t.regions:1: bad threshold '99999999999'");
	expect_error("tier X\n", "t.regions:1: missing argument: threshold");
	expect_error("tier\n", "t.regions:1: missing argument: tier name");
	expect_error("tier X/Y 5\n", "t.regions:1: bad tier name 'X/Y'");
	expect_error(TIERS "tier a 5\n", "t.regions:3: duplicate tier 'a'");
	expect_error(TIERS "zone DE A\n",
		     "t.regions:3: unknown directive 'zone'");
	expect_error("tier IN 100\ntier MEA 60\ncountry IN MEA\n",
		     "t.regions:3: country code is the name of another tier "
		     "'IN'");
	expect_error("# nothing\n", "t.regions:1: no tiers");
}
END_TEST

START_TEST(load_file)
{
	struct ps_error err;
	struct ps_regions *r;

	r = ps_regions_load(PS_SOURCE_DIR "/etc/regions", &err);
	ck_assert_msg(r != NULL, "%s", err.text);
	ck_assert_uint_eq(ps_regions_country_count(r), 251);
	ps_regions_free(r);
	ck_assert_ptr_null(ps_regions_load("/nonexistent/regions", &err));
	ck_assert_str_eq(err.text,
			 "/nonexistent/regions: No such file or directory");
}
END_TEST

static Suite *
regions_suite(void)
{
	Suite *s = suite_create("regions");
	TCase *tc = tcase_create("shipped");
	TCase *syn = tcase_create("syntax");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tier_thresholds);
	tcase_add_test(tc, countries);
	tcase_add_test(tc, every_iso_code);
	tcase_add_test(tc, unknown_regions);
	suite_add_tcase(s, tc);
	tcase_add_test(syn, small_file);
	tcase_add_test(syn, errors);
	tcase_add_test(syn, load_file);
	suite_add_tcase(s, syn);
	return s;
}

const struct ps_test_program ps_test_program = {
	.suite = regions_suite,
};
