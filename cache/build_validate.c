/*
 * NAME
 *	build_validate.c - check the rows of a license feed
 * SUMMARY
 *	Turns one feed row into normalized record fields, or fails it with
 *	"FEED:LINE: reason"; once the feed is read, sorts the account ids
 *	and fails a feed that repeats one.
 * DESCRIPTION
 *	Every value is trimmed.  The account id is checked by
 *	ps_norm_account_id() (normalize.c); the region must be known to
 *	the caller's region_ok; licenses is an integer from 0 to
 *	4294967295; superadmin_email, when present, must be an address.
 *	domains and zuids are ";"-lists whose empty items are skipped:
 *	each domain is normalized, and a free mail one is dropped with a
 *	warning; the ZOID and each ZUID are 1-32 digits.  A row's
 *	normalized lists are joined in the builder's buffers, which the
 *	next row reuses.
 *
 *	The account ids are sorted in LMDB key order, the order in which
 *	they are written; equal ones are then neighbours.
 * DIAGNOSTICS
 *	A bad value is quoted in the message, cut to 64 bytes, with control
 *	bytes shown as "?".  Of duplicate account ids the pair whose later
 *	line comes first is reported, at that later line.
 */

#include <stdlib.h>
#include <string.h>

#include "cache/build_impl.h"
#include "cache/feed.h"
#include "cache/keysort.h"
#include "cache/normalize.h"
#include "cache/record.h"
#include "util/xalloc.h"

#define VALUE_SHOW 64 /* bytes of a bad value in a message */

/* A printable, bounded copy of a feed value for a message. */
static const char *
show(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t i, n = len < buflen - 4 ? len : buflen - 4;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char) s[i] < 0x20 || s[i] == 0x7f ? '?'
								     : s[i];
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = 0;
	return buf;
}

/* The trimmed value of a column, empty when the feed lacks the column. */
static size_t
field(const struct ps_feed_row *row, enum column c, const char **s)
{
	*s = row->val[c];
	return ps_norm_trim(s, row->len[c]);
}

/* Splits a ";"-list: the next trimmed item, or 0 at the end. */
static int
next_item(const char **s, size_t *left, const char **item, size_t *len)
{
	const char *semi;
	size_t n;

	while (*left > 0) {
		semi = memchr(*s, ';', *left);
		n = semi ? (size_t) (semi - *s) : *left;
		*item = *s;
		*len = ps_norm_trim(item, n);
		*s += semi ? n + 1 : n;
		*left -= semi ? n + 1 : n;
		if (*len > 0)
			return 1; /* skip empty items ("a;;b;") */
	}
	return 0;
}

static size_t
append_item(char *buf, size_t used, const char *s, size_t len)
{
	if (used > 0)
		buf[used++] = ';';
	memcpy(buf + used, s, len);
	return used + len;
}

/* Account id, region and licenses. */
static int
check_account(struct builder *b, const struct ps_feed_row *row,
	      struct ps_rec_fields *f, struct ps_error *err)
{
	char region[PS_REGION_MAX + 1], shown[VALUE_SHOW + 4];
	const char *why, *s;
	size_t len, rlen;

	f->account_id_len = field(row, C_ACCOUNT_ID, &f->account_id);
	if ((why = ps_norm_account_id(f->account_id, f->account_id_len)))
		return ps_build_row_error(b, row->line, err, "%s", why);
	f->region_len = field(row, C_REGION, &f->region);
	if (f->region_len == 0)
		return ps_build_row_error(b, row->line, err, "empty region");
	rlen = f->region_len < PS_REGION_MAX ? f->region_len : PS_REGION_MAX;
	memcpy(region, f->region, rlen);
	region[rlen] = 0;
	if (f->region_len > PS_REGION_MAX
	    || (b->opts->region_ok != NULL
		&& !b->opts->region_ok(b->opts->ctx, region)))
		return ps_build_row_error(
			b, row->line, err, "unknown region \"%s\"",
			show(f->region, f->region_len, shown, sizeof(shown)));
	len = field(row, C_LICENSES, &s);
	if (ps_norm_licenses(s, len, &f->licenses) < 0)
		return ps_build_row_error(b, row->line, err,
					  "licenses \"%s\" is not an integer "
					  "from 0 to 4294967295",
					  show(s, len, shown, sizeof(shown)));
	return 0;
}

static int
check_email(struct builder *b, const struct ps_feed_row *row,
	    struct ps_rec_fields *f, struct ps_error *err)
{
	char shown[VALUE_SHOW + 4];
	const char *s;
	size_t len;

	len = field(row, C_EMAIL, &s);
	f->email = b->email;
	f->email_len = 0;
	if (len > 0
	    && (len > PS_EMAIL_MAX
		|| (f->email_len = ps_norm_email(s, len, b->email)) == 0))
		return ps_build_row_error(
			b, row->line, err,
			"superadmin_email \"%s\" is not an address",
			show(s, len, shown, sizeof(shown)));
	return 0;
}

/* A domain item normalized into dom (NUL-terminated); 0 if bad. */
static size_t
norm_domain(const char *item, size_t len, char *dom)
{
	size_t n;

	if (len > PS_DOMAIN_MAX + 2
	    || (n = ps_norm_domain(item, len, dom)) == 0)
		return 0;
	dom[n] = 0;
	return n;
}

/* The row's domains, normalized and joined; freemail ones dropped. */
static int
check_domains(struct builder *b, const struct ps_feed_row *row,
	      struct ps_rec_fields *f, struct ps_error *err)
{
	char dom[PS_DOMAIN_MAX + 3], shown[VALUE_SHOW + 4];
	const char *s, *item;
	size_t left, len, n;

	left = field(row, C_DOMAINS, &s);
	f->domains = b->domains;
	f->domains_len = 0;
	while (next_item(&s, &left, &item, &len)) {
		if ((n = norm_domain(item, len, dom)) == 0)
			return ps_build_row_error(
				b, row->line, err, "bad domain \"%s\"",
				show(item, len, shown, sizeof(shown)));
		if (b->opts->is_freemail != NULL
		    && b->opts->is_freemail(b->opts->ctx, dom)) {
			ps_build_warn(b, row->line,
				      "freemail domain %s "
				      "refused for account %.*s",
				      dom, (int) f->account_id_len,
				      f->account_id);
			continue;
		}
		f->domains_len = append_item(b->domains, f->domains_len, dom,
					     n);
	}
	return 0;
}

static int
check_ids(struct builder *b, const struct ps_feed_row *row,
	  struct ps_rec_fields *f, struct ps_error *err)
{
	char shown[VALUE_SHOW + 4];
	const char *s, *item;
	size_t left, len;

	f->zoid_len = field(row, C_ZOID, &f->zoid);
	if (f->zoid_len > 0 && !ps_norm_is_digits(f->zoid, f->zoid_len))
		return ps_build_row_error(
			b, row->line, err,
			"zoid \"%s\" is not a number (1-32 digits)",
			show(f->zoid, f->zoid_len, shown, sizeof(shown)));
	left = field(row, C_ZUIDS, &s);
	f->zuids = b->zuids;
	f->zuids_len = 0;
	while (next_item(&s, &left, &item, &len)) {
		if (!ps_norm_is_digits(item, len))
			return ps_build_row_error(
				b, row->line, err,
				"zuid \"%s\" is not a number (1-32 digits)",
				show(item, len, shown, sizeof(shown)));
		f->zuids_len = append_item(b->zuids, f->zuids_len, item, len);
	}
	return 0;
}

/* Fills f from the row; -1 with err set when the row is bad. */
int
ps_build_check_row(struct builder *b, const struct ps_feed_row *row,
		   struct ps_rec_fields *f, struct ps_error *err)
{
	memset(f, 0, sizeof(*f));
	f->line = row->line;
	if (check_account(b, row, f, err) < 0 || check_email(b, row, f, err) < 0
	    || check_domains(b, row, f, err) < 0
	    || check_ids(b, row, f, err) < 0)
		return -1;
	return 0;
}

/* The end of the run of equal keys starting at lo (sorted vector). */
static size_t
run_end(const struct keyvec *kv, size_t lo)
{
	size_t hi = lo + 1;

	while (hi < kv->n && kv->v[hi].dup)
		hi++;
	return hi;
}

/* The two earliest lines of the run [lo, hi) of equal account ids. */
static void
first_lines(const struct builder *b, size_t lo, size_t hi, unsigned long *l1,
	    unsigned long *l2)
{
	unsigned long l;
	size_t i;

	*l1 = *l2 = (unsigned long) -1;
	for (i = lo; i < hi; i++) {
		l = ps_rec_line(rec_of(b, &b->ids.v[i]));
		if (l < *l1) {
			*l2 = *l1;
			*l1 = l;
		} else if (l < *l2) {
			*l2 = l;
		}
	}
}

/* Sorts the account ids; a duplicate is an error. */
int
ps_build_check_accounts(struct builder *b, struct ps_error *err)
{
	struct keyvec *kv = &b->ids;
	struct ps_key_entry *tmp = ps_xmalloc(kv->n * sizeof(*tmp));
	unsigned long bad = 0, first = 0, l1, l2;
	const char *id = NULL;
	int idlen = 0;
	size_t lo, hi;

	ps_keysort(kv->v, tmp, kv->n, b->arena);
	free(tmp);
	for (lo = 0; lo < kv->n; lo = hi) {
		if ((hi = run_end(kv, lo)) == lo + 1)
			continue;
		first_lines(b, lo, hi, &l1, &l2);
		if (bad == 0 || l2 < bad) {
			bad = l2;
			first = l1;
			id = rec_id(rec_of(b, &kv->v[lo]), &idlen);
		}
	}
	if (bad == 0)
		return 0;
	return ps_build_row_error(
		b, bad, err, "duplicate account_id %.*s (also at line %lu)",
		idlen, id, first);
}
