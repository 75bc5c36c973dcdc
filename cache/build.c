/*
 * NAME
 *	build.c - build the license cache from a CSV feed
 * SUMMARY
 *	Checks every feed row, then writes all keys in one sorted pass.
 * DESCRIPTION
 *	The whole feed is read and checked before anything is written, so a
 *	bad row costs nothing but the error; a second thread parses the CSV
 *	while this one checks rows (feed.c).  Each row becomes one encoded
 *	record (record.c) in an arena; every key (account id, email,
 *	domain, ZOID, ZUID) is a 16-byte entry pointing into its record, so
 *	no text is copied twice.  Entries of each kind are radix-sorted
 *	(keysort.c), which puts equal keys side by side: a duplicate account
 *	id is an error; a key claimed by two accounts goes to the one with
 *	more licenses (on a tie, the earlier line), with a warning.  The
 *	keys are then appended in order (MDB_APPEND, the fast path of LMDB)
 *	in one transaction to a new file renamed over the cache
 *	(replace.c).  While the main thread writes one kind, a second thread
 *	sorts the next, so sorting costs almost no wall time.
 * DIAGNOSTICS
 *	"FEED:LINE: reason" for a bad row: the first in file order, except
 *	that duplicate account ids are found once the feed is read.  Write
 *	failures name the file.  Warnings go to the warn callback in line
 *	order before ps_cache_build() returns.
 */

#include <lmdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/csv.h"
#include "cache/feed.h"
#include "cache/keysort.h"
#include "cache/normalize.h"
#include "cache/record.h"
#include "cache/replace.h"
#include "cache/xmalloc.h"

/* Key kinds in the order their prefixes sort ("m:" goes after "e:"). */
enum kind {
	K_ACCOUNT, K_DOMAIN, K_EMAIL, K_ZOID, K_ZUID, K_COUNT
};
static const char kind_char[K_COUNT] = {
	PS_KIND_ACCOUNT, PS_KIND_DOMAIN, PS_KIND_EMAIL, PS_KIND_ZOID,
	PS_KIND_ZUID
};
static const char *const kind_name[K_COUNT] = {
	"account_id", "domain", "email", "zoid", "zuid"
};

/* Feed columns. */
enum column {
	C_ACCOUNT_ID, C_EMAIL, C_DOMAINS, C_REGION, C_LICENSES, C_ZOID,
	C_ZUIDS, C_COUNT
};

#define ARENA_MAX	((size_t) UINT32_MAX * PS_ARENA_ALIGN)
#define RECORD_MAX	65535		/* key offsets are 16-bit */
#define VALUE_SHOW	64		/* bytes of a bad value in a message */
#define PREFETCH_AHEAD	16		/* entries */
#define OVERFLOW_SLACK	65536		/* a partly used overflow page */

struct keyvec {
	struct ps_key_entry *v;
	size_t	n, cap;
};

struct warning {
	unsigned long line;
	size_t	seq;			/* keeps same-line warnings in order */
	char   *msg;
};

/* The second thread: sorts the lookup kinds while the first writes. */
struct sorter {
	pthread_t thread;
	int	running;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int	next;			/* first kind not yet sorted */
};

struct builder {
	const struct ps_build_opts *opts;
	const char *feed;		/* feed name for messages */
	unsigned char *arena;		/* records, PS_ARENA_ALIGN-aligned */
	size_t	arena_len, arena_cap;
	size_t	data_bytes;		/* LMDB leaf bytes, an upper bound */
	struct keyvec keys[K_COUNT];
	struct warning *warn;
	size_t	nwarn, capwarn;
	unsigned long rows;
	unsigned long nkeys;		/* lookup keys kept after dedup */
	struct sorter sorter;
	struct ps_csv_column cols[C_COUNT];
	char	domains[PS_CSV_ROW_MAX];	/* a row's domains, joined */
	char	zuids[PS_CSV_ROW_MAX];		/* a row's zuids, joined */
	char	email[PS_EMAIL_MAX];
};

static void
builder_free(struct builder *b)
{
	size_t	i;

	free(b->arena);
	for (i = 0; i < K_COUNT; i++)
		free(b->keys[i].v);
	for (i = 0; i < b->nwarn; i++)
		free(b->warn[i].msg);
	free(b->warn);
	free(b);
}

/* ---- messages ---- */

static void
warn_add(struct builder *b, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
warn_add(struct builder *b, unsigned long line, const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;
	int	n;

	n = snprintf(msg, sizeof(msg), "%s:%lu: warning: ", b->feed, line);
	if (n < 0 || (size_t) n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t) n, fmt, ap);
	va_end(ap);
	if (b->nwarn == b->capwarn) {
		b->capwarn = b->capwarn ? b->capwarn * 2 : 64;
		b->warn = ps_cache_xrealloc(b->warn,
					    b->capwarn * sizeof(*b->warn));
	}
	b->warn[b->nwarn].line = line;
	b->warn[b->nwarn].seq = b->nwarn;
	b->warn[b->nwarn].msg = ps_cache_xstrndup(msg, strlen(msg));
	b->nwarn++;
}

static int
warning_cmp(const void *x, const void *y)
{
	const struct warning *a = x, *b = y;

	if (a->line != b->line)
		return (a->line < b->line ? -1 : 1);
	return (a->seq < b->seq ? -1 : a->seq > b->seq);
}

/* Hands the warnings to the caller in line order. */
static void
warn_flush(struct builder *b)
{
	size_t	i;

	if (b->nwarn == 0)
		return;			/* qsort() wants a non-null array */
	qsort(b->warn, b->nwarn, sizeof(*b->warn), warning_cmp);
	for (i = 0; i < b->nwarn; i++)
		if (b->opts->warn != NULL)
			b->opts->warn(b->opts->ctx, b->warn[i].msg);
}

static int
row_error(const struct builder *b, unsigned long line, char *err,
	  size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
row_error(const struct builder *b, unsigned long line, char *err,
	  size_t errlen, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(err, errlen, "%s:%lu: ", b->feed, line);
	if (n < 0 || (size_t) n >= errlen)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t) n, fmt, ap);
	va_end(ap);
	return (-1);
}

/* A printable, bounded copy of a feed value for a message. */
static const char *
show(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t	i, n = len < buflen - 4 ? len : buflen - 4;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char) s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = 0;
	return (buf);
}

/* ---- checking a row ---- */

/* The trimmed value of a column, empty when the feed lacks the column. */
static size_t
field(const struct ps_feed_row *row, enum column c, const char **s)
{
	*s = row->val[c];
	return (ps_norm_trim(s, row->len[c]));
}

/* Splits a ";"-list: the next trimmed item, or 0 at the end. */
static int
next_item(const char **s, size_t *left, const char **item, size_t *len)
{
	const char *semi;
	size_t	n;

	while (*left > 0) {
		semi = memchr(*s, ';', *left);
		n = semi ? (size_t) (semi - *s) : *left;
		*item = *s;
		*len = ps_norm_trim(item, n);
		*s += semi ? n + 1 : n;
		*left -= semi ? n + 1 : n;
		if (*len > 0)
			return (1);	/* skip empty items ("a;;b;") */
	}
	return (0);
}

static size_t
append_item(char *buf, size_t used, const char *s, size_t len)
{
	if (used > 0)
		buf[used++] = ';';
	memcpy(buf + used, s, len);
	return (used + len);
}

/* Account id, region and licenses. */
static int
check_account(struct builder *b, const struct ps_feed_row *row,
	      struct ps_rec_fields *f, char *err, size_t errlen)
{
	char	region[PS_REGION_MAX + 1], shown[VALUE_SHOW + 4];
	const char *why, *s;
	size_t	len;

	f->account_id_len = field(row, C_ACCOUNT_ID, &f->account_id);
	if ((why = ps_norm_account_id(f->account_id, f->account_id_len)))
		return (row_error(b, row->line, err, errlen, "%s", why));
	f->region_len = field(row, C_REGION, &f->region);
	if (f->region_len == 0)
		return (row_error(b, row->line, err, errlen, "empty region"));
	memcpy(region, f->region, f->region_len < PS_REGION_MAX ?
	       f->region_len : PS_REGION_MAX);
	region[f->region_len < PS_REGION_MAX ? f->region_len : PS_REGION_MAX] = 0;
	if (f->region_len > PS_REGION_MAX || (b->opts->region_ok != NULL
			  && !b->opts->region_ok(b->opts->ctx, region)))
		return (row_error(b, row->line, err, errlen,
				  "unknown region \"%s\"",
			 show(f->region, f->region_len, shown, sizeof(shown))));
	len = field(row, C_LICENSES, &s);
	if (ps_norm_licenses(s, len, &f->licenses) < 0)
		return (row_error(b, row->line, err, errlen,
		     "licenses \"%s\" is not an integer from 0 to 4294967295",
				  show(s, len, shown, sizeof(shown))));
	return (0);
}

static int
check_email(struct builder *b, const struct ps_feed_row *row,
	    struct ps_rec_fields *f, char *err, size_t errlen)
{
	char	shown[VALUE_SHOW + 4];
	const char *s;
	size_t	len;

	len = field(row, C_EMAIL, &s);
	f->email = b->email;
	f->email_len = 0;
	if (len > 0 && (len > PS_EMAIL_MAX
			|| (f->email_len = ps_norm_email(s, len, b->email)) == 0))
		return (row_error(b, row->line, err, errlen,
				  "superadmin_email \"%s\" is not an address",
				  show(s, len, shown, sizeof(shown))));
	return (0);
}

/* A domain item normalized into dom (NUL-terminated); 0 if bad. */
static size_t
norm_domain(const char *item, size_t len, char *dom)
{
	size_t	n;

	if (len > PS_DOMAIN_MAX + 2 || (n = ps_norm_domain(item, len, dom)) == 0)
		return (0);
	dom[n] = 0;
	return (n);
}

/*
 * Run ahead in the parsing thread (feed.c): bit i set when the i-th
 * domain of the row is freemail.  The freemail check is the costliest
 * part of a row, so doing it there keeps both cores busy.
 */
static uint64_t
freemail_bits(void *ctx, const struct ps_feed_row *row)
{
	const struct builder *b = ctx;
	char	dom[PS_DOMAIN_MAX + 3];
	const char *s, *item;
	size_t	left, len;
	uint64_t bits = 0;
	unsigned i;

	left = field(row, C_DOMAINS, &s);
	for (i = 0; i < 64 && next_item(&s, &left, &item, &len); i++)
		if (norm_domain(item, len, dom) > 0
		    && b->opts->is_freemail(b->opts->ctx, dom))
			bits |= (uint64_t) 1 << i;
	return (bits);
}

/* The row's domains, normalized and joined; freemail ones dropped. */
static int
check_domains(struct builder *b, const struct ps_feed_row *row,
	      struct ps_rec_fields *f, char *err, size_t errlen)
{
	char	dom[PS_DOMAIN_MAX + 3], shown[VALUE_SHOW + 4];
	const char *s, *item;
	size_t	left, len, n;
	unsigned i;
	int	is_free;

	left = field(row, C_DOMAINS, &s);
	f->domains = b->domains;
	f->domains_len = 0;
	for (i = 0; next_item(&s, &left, &item, &len); i++) {
		if ((n = norm_domain(item, len, dom)) == 0)
			return (row_error(b, row->line, err, errlen,
					  "bad domain \"%s\"",
				   show(item, len, shown, sizeof(shown))));
		if (b->opts->is_freemail == NULL)
			is_free = 0;
		else if (i < 64)
			is_free = (int) ((row->tag >> i) & 1);
		else
			is_free = b->opts->is_freemail(b->opts->ctx, dom);
		if (is_free) {
			warn_add(b, row->line, "freemail domain %s refused for "
				 "account %.*s", dom, (int) f->account_id_len,
				 f->account_id);
			continue;
		}
		f->domains_len = append_item(b->domains, f->domains_len, dom, n);
	}
	return (0);
}

static int
check_ids(struct builder *b, const struct ps_feed_row *row,
	  struct ps_rec_fields *f, char *err, size_t errlen)
{
	char	shown[VALUE_SHOW + 4];
	const char *s, *item;
	size_t	left, len;

	f->zoid_len = field(row, C_ZOID, &f->zoid);
	if (f->zoid_len > 0 && !ps_norm_is_digits(f->zoid, f->zoid_len))
		return (row_error(b, row->line, err, errlen,
				  "zoid \"%s\" is not a number (1-32 digits)",
			     show(f->zoid, f->zoid_len, shown, sizeof(shown))));
	left = field(row, C_ZUIDS, &s);
	f->zuids = b->zuids;
	f->zuids_len = 0;
	while (next_item(&s, &left, &item, &len)) {
		if (!ps_norm_is_digits(item, len))
			return (row_error(b, row->line, err, errlen,
				     "zuid \"%s\" is not a number (1-32 digits)",
					  show(item, len, shown, sizeof(shown))));
		f->zuids_len = append_item(b->zuids, f->zuids_len, item, len);
	}
	return (0);
}

/* ---- storing a row ---- */

/* Room for a record; its offset in the arena. */
static size_t
arena_alloc(struct builder *b, size_t size)
{
	size_t	off = b->arena_len;

	size = (size + PS_ARENA_ALIGN - 1) & ~(size_t) (PS_ARENA_ALIGN - 1);
	if (b->arena_cap - b->arena_len < size) {
		while (b->arena_cap - b->arena_len < size)
			b->arena_cap = b->arena_cap ? b->arena_cap * 2 : 1 << 20;
		/* Large blocks are mremap()ed by malloc: growing is cheap. */
		b->arena = ps_cache_xrealloc(b->arena, b->arena_cap);
	}
	b->arena_len += size;
	return (off);
}

static void
add_key(struct builder *b, enum kind k, size_t rec, size_t koff,
	size_t klen, size_t vlen)
{
	struct keyvec *kv = &b->keys[k];
	struct ps_key_entry *e;

	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? kv->cap * 2 : 4096;
		kv->v = ps_cache_xrealloc(kv->v, kv->cap * sizeof(*kv->v));
	}
	e = &kv->v[kv->n++];
	e->rec = (uint32_t) (rec / PS_ARENA_ALIGN);
	e->koff = (uint16_t) koff;
	e->klen = (uint8_t) klen;
	e->dup = 0;
	/* An LMDB leaf node: header, key with prefix, value, index slot;
	 * a large value goes to overflow pages instead. */
	b->data_bytes += 8 + 2 + klen + vlen + 2 + 1;
	if (vlen > 1024)
		b->data_bytes += OVERFLOW_SLACK;
}

/* Adds one key per ";"-item of an encoded list. */
static void
add_list_keys(struct builder *b, enum kind k, size_t rec, size_t off,
	      size_t len, size_t vlen)
{
	const unsigned char *p = b->arena + rec;
	size_t	start = off, i;

	for (i = off; i <= off + len; i++) {
		if (i < off + len && p[i] != ';')
			continue;
		add_key(b, k, rec, start, i - start, vlen);
		start = i + 1;
	}
}

static int
store_row(struct builder *b, const struct ps_rec_fields *f,
	  char *err, size_t errlen)
{
	size_t	full = ps_rec_full_len(f), compact = ps_rec_compact_len(f);
	size_t	rec;

	if (full > RECORD_MAX)
		return (row_error(b, f->line, err, errlen, "row too long"));
	if (b->arena_len + full + PS_ARENA_ALIGN > ARENA_MAX)
		return (row_error(b, f->line, err, errlen, "feed too large "
				  "(more than 32 GiB of records)"));
	rec = arena_alloc(b, full);
	ps_rec_encode(f, b->arena + rec);
	add_key(b, K_ACCOUNT, rec, ps_rec_id_offset(), f->account_id_len, full);
	if (f->email_len > 0)
		add_key(b, K_EMAIL, rec, ps_rec_email_offset(f), f->email_len,
			compact);
	if (f->domains_len > 0)
		add_list_keys(b, K_DOMAIN, rec, ps_rec_domains_offset(f),
			      f->domains_len, compact);
	if (f->zoid_len > 0)
		add_key(b, K_ZOID, rec, ps_rec_zoid_offset(f), f->zoid_len,
			compact);
	if (f->zuids_len > 0)
		add_list_keys(b, K_ZUID, rec, ps_rec_zuids_offset(f),
			      f->zuids_len, compact);
	return (0);
}

static int
add_row(void *ctx, const struct ps_feed_row *row, char *err, size_t errlen)
{
	struct builder *b = ctx;
	struct ps_rec_fields f;

	memset(&f, 0, sizeof(f));
	f.line = row->line;
	if (check_account(b, row, &f, err, errlen) < 0
	    || check_email(b, row, &f, err, errlen) < 0
	    || check_domains(b, row, &f, err, errlen) < 0
	    || check_ids(b, row, &f, err, errlen) < 0
	    || store_row(b, &f, err, errlen) < 0)
		return (-1);
	b->rows++;
	return (0);
}

static int
read_feed(struct builder *b, char *err, size_t errlen)
{
	static const char *const names[C_COUNT] = {
		"account_id", "superadmin_email", "domains", "region",
		"licenses", "zoid", "zuids"
	};
	int	rc, i;

	for (i = 0; i < C_COUNT; i++) {
		b->cols[i].name = names[i];
		/* Without region and licenses no row could be valid. */
		b->cols[i].required = i == C_ACCOUNT_ID || i == C_REGION
		    || i == C_LICENSES;
	}
	rc = ps_feed_read(b->opts->feed, b->cols, C_COUNT,
			  b->opts->is_freemail ? freemail_bits : NULL, add_row,
			  b, err, errlen);
	if (rc == 0 && b->rows == 0) {
		/* An empty export must not wipe every priority customer. */
		snprintf(err, errlen, "%s: no data rows", b->feed);
		rc = -1;
	}
	return (rc);
}

/* ---- sorting and duplicate keys ---- */

static const unsigned char *
rec_of(const struct builder *b, const struct ps_key_entry *e)
{
	return (ps_key_rec(b->arena, e));
}

static const char *
rec_id(const unsigned char *rec, int *len)
{
	*len = rec[4];
	return ((const char *) rec + PS_COMPACT_HDR);
}

/* The end of the run of equal keys starting at lo (sorted vector). */
static size_t
run_end(const struct keyvec *kv, size_t lo)
{
	size_t	hi = lo + 1;

	while (hi < kv->n && kv->v[hi].dup)
		hi++;
	return (hi);
}

static void
sort_kind(struct builder *b, enum kind k)
{
	struct keyvec *kv = &b->keys[k];
	struct ps_key_entry *tmp = ps_cache_xmalloc(kv->n * sizeof(*tmp));

	ps_keysort(kv->v, tmp, kv->n, b->arena);
	free(tmp);
}

/* Duplicate account ids: report the pair whose later line comes first. */
static int
check_accounts(struct builder *b, char *err, size_t errlen)
{
	struct keyvec *kv = &b->keys[K_ACCOUNT];
	unsigned long bad = 0, first = 0, l1, l2, l;
	const char *id = NULL;
	int	idlen = 0;
	size_t	lo, hi, i;

	sort_kind(b, K_ACCOUNT);
	for (lo = 0; lo < kv->n; lo = hi) {
		if ((hi = run_end(kv, lo)) == lo + 1)
			continue;
		l1 = l2 = (unsigned long) -1;
		for (i = lo; i < hi; i++) {
			l = ps_rec_line(rec_of(b, &kv->v[i]));
			if (l < l1) {
				l2 = l1;
				l1 = l;
			} else if (l < l2) {
				l2 = l;
			}
		}
		if (bad == 0 || l2 < bad) {
			bad = l2;
			first = l1;
			id = rec_id(rec_of(b, &kv->v[lo]), &idlen);
		}
	}
	if (bad == 0)
		return (0);
	return (row_error(b, bad, err, errlen, "duplicate account_id %.*s "
			  "(also at line %lu)", idlen, id, first));
}

/* More licenses wins; on a tie, the earlier line. */
static int
better(const unsigned char *x, const unsigned char *y)
{
	unsigned long lx = ps_rec_licenses(x), ly = ps_rec_licenses(y);

	if (lx != ly)
		return (lx > ly);
	return (ps_rec_line(x) < ps_rec_line(y));
}

static void
warn_conflict(struct builder *b, enum kind k, const struct ps_key_entry *e,
	      const unsigned char *lose, const unsigned char *win)
{
	int	lid_len, wid_len;
	const char *lid = rec_id(lose, &lid_len);
	const char *wid = rec_id(win, &wid_len);

	warn_add(b, ps_rec_line(lose), "%s %.*s claimed by accounts %.*s "
		 "(line %lu) and %.*s (line %lu); %.*s wins (%s)",
		 kind_name[k], (int) e->klen,
		 (const char *) ps_key_text(b->arena, e), lid_len, lid,
		 ps_rec_line(lose), wid_len, wid, ps_rec_line(win), wid_len,
		 wid, ps_rec_licenses(lose) != ps_rec_licenses(win) ?
		 "more licenses" : "same licenses, earlier line");
}

/* Keeps one entry of equal keys [lo, hi), warning about each loser. */
static struct ps_key_entry
resolve(struct builder *b, enum kind k, const struct ps_key_entry *v,
	size_t lo, size_t hi)
{
	size_t	i, j, win = lo;

	for (i = lo + 1; i < hi; i++)
		if (better(rec_of(b, &v[i]), rec_of(b, &v[win])))
			win = i;
	for (i = lo; i < hi; i++) {
		if (v[i].rec == v[win].rec)
			continue;	/* the same account listed it twice */
		for (j = lo; j < i && v[j].rec != v[i].rec; j++)
			 /* one warning per losing account */ ;
		if (j == i)
			warn_conflict(b, k, &v[i], rec_of(b, &v[i]),
				      rec_of(b, &v[win]));
	}
	return (v[win]);
}

/* Sorts one kind of lookup key and leaves one entry per key. */
static void
dedup_kind(struct builder *b, enum kind k)
{
	struct keyvec *kv = &b->keys[k];
	size_t	lo, hi, out = 0;

	sort_kind(b, k);
	for (lo = 0; lo < kv->n; lo = hi) {
		hi = run_end(kv, lo);
		kv->v[out++] = hi - lo == 1 ? kv->v[lo] :
		    resolve(b, k, kv->v, lo, hi);
	}
	kv->n = out;
	b->nkeys += out;
}

/*
 * The sorter thread owns the lookup kinds, b->nkeys and the warnings
 * until it is joined; the writer waits for each kind before using it.
 */
static void *
sorter_main(void *arg)
{
	struct builder *b = arg;
	int	k;

	for (k = K_DOMAIN; k < K_COUNT; k++) {
		dedup_kind(b, (enum kind) k);
		pthread_mutex_lock(&b->sorter.lock);
		b->sorter.next = k + 1;
		pthread_cond_broadcast(&b->sorter.cond);
		pthread_mutex_unlock(&b->sorter.lock);
	}
	return (NULL);
}

static void
sorter_start(struct builder *b)
{
	pthread_mutex_init(&b->sorter.lock, NULL);
	pthread_cond_init(&b->sorter.cond, NULL);
	b->sorter.next = K_DOMAIN;
	b->sorter.running = pthread_create(&b->sorter.thread, NULL,
					   sorter_main, b) == 0;
	if (!b->sorter.running)
		(void) sorter_main(b);	/* no thread: sort everything now */
}

static void
sorter_wait(struct builder *b, enum kind k)
{
	pthread_mutex_lock(&b->sorter.lock);
	while (b->sorter.next <= (int) k)
		pthread_cond_wait(&b->sorter.cond, &b->sorter.lock);
	pthread_mutex_unlock(&b->sorter.lock);
}

static void
sorter_stop(struct builder *b)
{
	if (b->sorter.running)
		pthread_join(b->sorter.thread, NULL);
	pthread_cond_destroy(&b->sorter.cond);
	pthread_mutex_destroy(&b->sorter.lock);
}

/* ---- writing ---- */

static int
put(MDB_cursor *cur, char kind, const void *key, size_t klen,
    const void *val, size_t vlen)
{
	unsigned char kbuf[PS_KEY_MAX];
	MDB_val	k, v;

	kbuf[0] = (unsigned char) kind;
	kbuf[1] = ':';
	memcpy(kbuf + 2, key, klen);
	k.mv_data = kbuf;
	k.mv_size = klen + 2;
	v.mv_data = (void *) val;
	v.mv_size = vlen;
	return (mdb_cursor_put(cur, &k, &v, MDB_APPEND));
}

static int
put_kind(MDB_cursor *cur, struct builder *b, enum kind k)
{
	const struct keyvec *kv = &b->keys[k];
	const struct ps_key_entry *e;
	const unsigned char *rec;
	size_t	i;
	int	rc;

	if (k != K_ACCOUNT)
		sorter_wait(b, k);
	for (i = 0; i < kv->n; i++) {
		/* Sorted order is random order in the arena: fetch ahead. */
		if (i + PREFETCH_AHEAD < kv->n)
			__builtin_prefetch(rec_of(b, &kv->v[i + PREFETCH_AHEAD]));
		e = &kv->v[i];
		rec = rec_of(b, e);
		if ((rc = put(cur, kind_char[k], rec + e->koff, e->klen, rec,
			      k == K_ACCOUNT ? ps_rec_full_size(rec) :
			      ps_rec_compact_size(rec))) != 0)
			return (rc);
	}
	return (0);
}

static int
put_meta(MDB_cursor *cur, const char *name, const char *value)
{
	return (put(cur, PS_KIND_META, name, strlen(name), value,
		    strlen(value)));
}

/* Metadata keys, in key order, once every kind is counted. */
static int
put_metas(MDB_cursor *cur, struct builder *b)
{
	char	built[32], format[16], keys[32], rows[32];
	int	rc;

	sorter_wait(b, K_COUNT - 1);
	snprintf(built, sizeof(built), "%lld", (long long) time(NULL));
	snprintf(format, sizeof(format), "%d", PS_CACHE_FORMAT);
	snprintf(keys, sizeof(keys), "%lu", b->nkeys);
	snprintf(rows, sizeof(rows), "%lu", b->rows);
	if ((rc = put_meta(cur, "built", built)) != 0
	    || (rc = put_meta(cur, "format", format)) != 0
	    || (rc = put_meta(cur, "keys", keys)) != 0
	    || (rc = put_meta(cur, "rows", rows)) != 0
	    || (rc = put_meta(cur, "source", b->feed)) != 0)
		return (rc);
	return (0);
}

/* Everything, in key order: a: d: e: m: o: u:. */
static int
fill(MDB_cursor *cur, void *ctx)
{
	struct builder *b = ctx;
	int	rc;

	if ((rc = put_kind(cur, b, K_ACCOUNT)) != 0
	    || (rc = put_kind(cur, b, K_DOMAIN)) != 0
	    || (rc = put_kind(cur, b, K_EMAIL)) != 0
	    || (rc = put_metas(cur, b)) != 0
	    || (rc = put_kind(cur, b, K_ZOID)) != 0
	    || (rc = put_kind(cur, b, K_ZUID)) != 0)
		return (rc);
	return (0);
}

/*
 * The map only reserves address space (the file is trimmed after), so
 * be generous: twice the leaf bytes covers branch pages and partly
 * filled pages.
 */
static size_t
map_size(const struct builder *b)
{
	size_t	page = (size_t) sysconf(_SC_PAGESIZE);

	return ((b->data_bytes * 2 + (64u << 20) + page - 1) / page * page);
}

int
ps_cache_build(const struct ps_build_opts *opts, struct ps_build_stats *stats,
	       char *err, size_t errlen)
{
	struct builder *b = ps_cache_xcalloc(1, sizeof(*b));
	int	rc;

	b->opts = opts;
	b->feed = strcmp(opts->feed, "-") == 0 ? "stdin" : opts->feed;
	rc = read_feed(b, err, errlen);
	if (rc == 0)
		rc = check_accounts(b, err, errlen);
	if (rc == 0) {
		sorter_start(b);
		rc = ps_lmdb_replace(opts->cache, map_size(b), fill, b, err,
				     errlen);
		sorter_stop(b);
	}
	warn_flush(b);
	if (stats != NULL) {
		stats->rows = b->rows;
		stats->keys = b->nkeys;
		stats->warnings = b->nwarn;
	}
	builder_free(b);
	return (rc < 0 ? -1 : 0);
}
