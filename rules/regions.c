/*
 * NAME
 *	regions.c - region tiers, thresholds, and the country to tier map
 * SUMMARY
 *	Reads etc/regions:
 *
 *		tier NAME THRESHOLD [DESCRIPTION...]
 *		country CC TIER
 *
 *	"#" starts a comment at the start of a line or after a blank.  A
 *	tier must be declared before a country names it.  A region string
 *	resolves as a tier name first, then as a country code, both
 *	case-insensitively.
 * DESCRIPTION
 *	Countries live in a 26 x 26 table indexed by the two letters, so a
 *	lookup is two subtractions.
 * DIAGNOSTICS
 *	NULL with "NAME:LINE: reason" in err: unknown directive, missing
 *	argument, too many arguments, bad tier name, duplicate tier, bad
 *	threshold, bad country code, duplicate country, unknown tier, a
 *	country code that is also the name of another tier.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/lines.h"
#include "rules/regions.h"
#include "util/xalloc.h"

#define REGIONS_FILE_MAX (1024UL * 1024)
#define TIER_MAX	 64
#define TIER_NAME_MAX	 32
#define NO_TIER		 (-1)

struct ps_regions {
	struct ps_tier tier[TIER_MAX];
	size_t tier_count;
	signed char country[26 * 26]; /* tier index, or NO_TIER */
	size_t country_count;
};

struct rbuild {
	const char *name;
	struct ps_error *err;
	unsigned line;
	struct ps_regions *regions;
};

static int
rfail(struct rbuild *b, const char *what, const char *tok, size_t toklen)
{
	return ps_token_error(b->err, b->name, b->line, what, tok, toklen);
}

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Table index of a two-letter code, or -1. */
static int
country_index(const char *s, size_t len)
{
	int a, b;

	if (len != 2)
		return -1;
	a = upper((unsigned char) s[0]);
	b = upper((unsigned char) s[1]);
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return -1;
	return (a - 'A') * 26 + (b - 'A');
}

static int
tier_find(const struct ps_regions *r, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < r->tier_count; i++)
		if (strlen(r->tier[i].name) == len
		    && strncasecmp(r->tier[i].name, s, len) == 0)
			return (int) i;
	return NO_TIER;
}

static int
good_tier_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > TIER_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z')
		      || (s[i] >= 'a' && s[i] <= 'z')
		      || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'
		      || s[i] == '_'))
			return 0;
	return 1;
}

static int
do_tier(struct rbuild *b, const char *p, const char *end)
{
	struct ps_regions *r = b->regions;
	struct ps_tier *t;
	const char *name, *num;
	size_t nlen, numlen;
	unsigned long threshold;

	if (!ps_token(&p, end, &name, &nlen))
		return rfail(b, "missing argument: tier name", NULL, 0);
	if (!good_tier_name(name, nlen))
		return rfail(b, "bad tier name", name, nlen);
	if (tier_find(r, name, nlen) != NO_TIER)
		return rfail(b, "duplicate tier", name, nlen);
	if (!ps_token(&p, end, &num, &numlen))
		return rfail(b, "missing argument: threshold", NULL, 0);
	if (ps_parse_ulong(num, numlen, 0, 1000000000UL, &threshold) < 0)
		return rfail(b, "bad threshold", num, numlen);
	if (r->tier_count == TIER_MAX)
		return rfail(b, "too many tiers", NULL, 0);
	ps_lines_skip_blanks(&p, end);
	t = &r->tier[r->tier_count++];
	t->name = ps_xstrndup(name, nlen);
	t->threshold = threshold;
	t->description = ps_xstrndup(p, (size_t) (end - p));
	return 0;
}

static int
do_country(struct rbuild *b, const char *p, const char *end)
{
	struct ps_regions *r = b->regions;
	const char *cc, *tier, *extra;
	size_t cclen, tlen, xlen;
	int ci, ti, same;

	if (!ps_token(&p, end, &cc, &cclen))
		return rfail(b, "missing argument: country code", NULL, 0);
	if ((ci = country_index(cc, cclen)) < 0)
		return rfail(b, "bad country code", cc, cclen);
	if (!ps_token(&p, end, &tier, &tlen))
		return rfail(b, "missing argument: tier", NULL, 0);
	if (ps_token(&p, end, &extra, &xlen))
		return rfail(b, "too many arguments at", extra, xlen);
	if ((ti = tier_find(r, tier, tlen)) == NO_TIER)
		return rfail(b, "unknown tier", tier, tlen);
	if (r->country[ci] != NO_TIER)
		return rfail(b, "duplicate country", cc, cclen);
	/* "IN" must not mean one tier as a name and another as a country. */
	same = tier_find(r, cc, cclen);
	if (same != NO_TIER && same != ti)
		return rfail(b, "country code is the name of another tier", cc,
			     cclen);
	r->country[ci] = (signed char) ti;
	r->country_count++;
	return 0;
}

static int
do_line(struct rbuild *b, const char *line, size_t len)
{
	const char *p = line;
	const char *end = line + ps_strip_comment(line, len);
	const char *word;
	size_t wlen;

	if (memchr(line, '\0', len) != NULL)
		return rfail(b, "NUL byte in line", NULL, 0);
	if (!ps_token(&p, end, &word, &wlen))
		return 0;
	if (ps_token_is(word, wlen, "tier"))
		return do_tier(b, p, end);
	if (ps_token_is(word, wlen, "country"))
		return do_country(b, p, end);
	return rfail(b, "unknown directive", word, wlen);
}

struct ps_regions *
ps_regions_parse(const char *name, const char *text, size_t len,
		 struct ps_error *err)
{
	struct rbuild b;
	struct ps_lines it;
	const char *line;
	size_t n;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.name = name ? name : "regions";
	b.err = err;
	b.regions = ps_xcalloc(1, sizeof(*b.regions));
	memset(b.regions->country, NO_TIER, sizeof(b.regions->country));
	ps_lines_init(&it, text ? text : "", text ? len : 0);
	while (rc == 0 && ps_lines_next(&it, &line, &n)) {
		b.line = it.lineno;
		if (!ps_line_ignored(line, n))
			rc = do_line(&b, line, n);
	}
	if (rc == 0 && b.regions->tier_count == 0) {
		b.line = it.lineno;
		rc = rfail(&b, "no tiers", NULL, 0);
	}
	if (rc < 0) {
		ps_regions_free(b.regions);
		return NULL;
	}
	return b.regions;
}

struct ps_regions *
ps_regions_load(const char *path, struct ps_error *err)
{
	struct ps_regions *regions;
	size_t len;
	char *text;

	if ((text = ps_read_file(path, REGIONS_FILE_MAX, &len, err)) == NULL)
		return NULL;
	regions = ps_regions_parse(path, text, len, err);
	free(text);
	return regions;
}

void
ps_regions_free(struct ps_regions *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->tier_count; i++) {
		free((char *) r->tier[i].name);
		free((char *) r->tier[i].description);
	}
	free(r);
}

const struct ps_tier *
ps_regions_tier(const struct ps_regions *r, const char *region)
{
	const char *s, *e;
	int ti, ci;

	if (r == NULL || region == NULL)
		return NULL;
	s = region;
	e = region + strlen(region);
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if ((ti = tier_find(r, s, (size_t) (e - s))) != NO_TIER)
		return &r->tier[ti];
	if ((ci = country_index(s, (size_t) (e - s))) < 0
	    || r->country[ci] == NO_TIER)
		return NULL;
	return &r->tier[(int) r->country[ci]];
}

size_t
ps_regions_tier_count(const struct ps_regions *r)
{
	return r ? r->tier_count : 0;
}

const struct ps_tier *
ps_regions_tier_at(const struct ps_regions *r, size_t i)
{
	if (r == NULL || i >= r->tier_count)
		return NULL;
	return &r->tier[i];
}

size_t
ps_regions_country_count(const struct ps_regions *r)
{
	return r ? r->country_count : 0;
}
