/*
 * NAME
 *	record.c - encode and decode the cache's account records
 * SUMMARY
 *	The on-disk layout of format 2, in one place.
 * DESCRIPTION
 *	The cache is one LMDB database (the unnamed main DB), keys compared
 *	by memcmp:
 *
 *	  a:ID       account id as written in the feed -> compact account
 *	  h:index    the hash index (below), one large value
 *	  m:NAME     metadata, ASCII text: m:format ("2"), m:built (Unix
 *	             seconds, UTC), m:rows, m:keys (lookup keys, decimal),
 *	             m:source (the feed path as given)
 *
 *	Lookups of every kind (account id, email, domain, ZOID, ZUID) go
 *	through the hash index; the a: keys let mdb_dump and mdb_stat show
 *	the accounts.  All integers are little-endian, with no padding.
 *
 *	Compact account: u32 licenses | u8 id_len | u8 region_len | id |
 *	region.  Full record: the compact account, then the rest of the row:
 *
 *	  u32 feed_line | u32 n | email | u32 n | domains (";"-joined) |
 *	  u32 n | zoid | u32 n | zuids (";"-joined)
 *
 *	Strings are not NUL-terminated; a length of 0 means absent.  Emails
 *	and domains are lowercase, freemail domains dropped.
 *
 *	Hash index (hashindex.c): "PSMHIDX1" | u64 nslots | u64 recs_len |
 *	nslots u64 slots | recs_len bytes of full records, each starting on
 *	an 8-byte boundary.  A slot is 0 (empty) or tag << 48 | key offset
 *	in the record << 32 | (record offset / 8 + 1), where the tag is the
 *	top 16 bits of the key's 64-bit hash (hashindex.c) seeded with its
 *	kind letter: a, e, d, o or u.  A key's home slot is (hash mod 2^32) *
 *	nslots / 2^32; a lookup probes on from there to an empty slot.
 *
 *	Why a hash index: format 1 stored a B-tree key per lookup key, each
 *	with a copy of the compact account (6.5 M keys, 492 MB for 1 M
 *	accounts), and a lookup's B-tree descent cost several cache misses.
 *	The index stores each record once and a lookup reads one slot (a
 *	cache line) and one record: the file is 270 MB, a lookup about twice
 *	as fast, and the build needs no sort of the lookup keys.
 *
 *	Any change to this layout must bump PS_CACHE_FORMAT: readers refuse
 *	other values.  Decoders check every length and offset against the
 *	value's size, so a damaged file gives an error, not an
 *	out-of-bounds read.
 * DIAGNOSTICS
 *	ps_rec_parse() returns 0 on a malformed record.
 */

#include <string.h>

#include "cache/record.h"

static void
put_u32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char) (v & 0xff);
	p[1] = (unsigned char) ((v >> 8) & 0xff);
	p[2] = (unsigned char) ((v >> 16) & 0xff);
	p[3] = (unsigned char) ((v >> 24) & 0xff);
}

static unsigned long
get_u32(const unsigned char *p)
{
	return ((unsigned long) p[0] | (unsigned long) p[1] << 8
		| (unsigned long) p[2] << 16 | (unsigned long) p[3] << 24);
}

size_t
ps_rec_compact_len(const struct ps_rec_fields *f)
{
	return PS_COMPACT_HDR + f->account_id_len + f->region_len;
}

size_t
ps_rec_id_offset(void)
{
	return PS_COMPACT_HDR;
}

size_t
ps_rec_full_len(const struct ps_rec_fields *f)
{
	/* compact | line | 4 length-prefixed strings */
	return (ps_rec_compact_len(f) + 4 + 4 * 4 + f->email_len
		+ f->domains_len + f->zoid_len + f->zuids_len);
}

static unsigned char *
put_string(unsigned char *p, const char *s, size_t len)
{
	put_u32(p, len);
	if (len > 0)
		memcpy(p + 4, s, len);
	return p + 4 + len;
}

void
ps_rec_encode(const struct ps_rec_fields *f, unsigned char *buf)
{
	unsigned char *p = buf;

	put_u32(p, f->licenses);
	p[4] = (unsigned char) f->account_id_len;
	p[5] = (unsigned char) f->region_len;
	p += PS_COMPACT_HDR;
	memcpy(p, f->account_id, f->account_id_len);
	p += f->account_id_len;
	memcpy(p, f->region, f->region_len);
	p += f->region_len;
	put_u32(p, f->line);
	p += 4;
	p = put_string(p, f->email, f->email_len);
	p = put_string(p, f->domains, f->domains_len);
	p = put_string(p, f->zoid, f->zoid_len);
	(void) put_string(p, f->zuids, f->zuids_len);
}

unsigned long
ps_rec_licenses(const unsigned char *rec)
{
	return get_u32(rec);
}

size_t
ps_rec_compact_size(const unsigned char *rec)
{
	return PS_COMPACT_HDR + (size_t) rec[4] + rec[5];
}

unsigned long
ps_rec_line(const unsigned char *rec)
{
	return get_u32(rec + ps_rec_compact_size(rec));
}

/* Decodes the compact prefix; its length, or 0 when malformed. */
static size_t
decode_prefix(const unsigned char *p, size_t len, struct ps_account *out)
{
	size_t id_len, region_len;

	if (len < PS_COMPACT_HDR)
		return 0;
	id_len = p[4];
	region_len = p[5];
	if (id_len == 0 || id_len > PS_ACCOUNT_ID_MAX
	    || region_len > PS_REGION_MAX
	    || len < PS_COMPACT_HDR + id_len + region_len)
		return 0;
	out->licenses = get_u32(p);
	memcpy(out->account_id, p + PS_COMPACT_HDR, id_len);
	out->account_id[id_len] = 0;
	memcpy(out->region, p + PS_COMPACT_HDR + id_len, region_len);
	out->region[region_len] = 0;
	return PS_COMPACT_HDR + id_len + region_len;
}

/* Reads one length-prefixed string at *off; -1 if it overruns. */
static int
get_string(const unsigned char *p, size_t len, size_t *off, const char **s,
	   size_t *slen)
{
	unsigned long n;

	if (len - *off < 4)
		return -1;
	n = get_u32(p + *off);
	*off += 4;
	if (n > len - *off)
		return -1;
	*s = (const char *) p + *off;
	*slen = n;
	*off += n;
	return 0;
}

/*
 * Decodes a record at the start of avail bytes; its length, or 0 when
 * malformed.  The records of the hash index lie end to end, so a
 * record's length is known only by decoding it.
 */
size_t
ps_rec_parse(const void *val, size_t avail, struct ps_rec_view *out)
{
	const unsigned char *p = val;
	size_t off;

	memset(out, 0, sizeof(*out));
	if ((off = decode_prefix(p, avail, &out->account)) == 0)
		return 0;
	if (avail - off < 4)
		return 0;
	out->line = get_u32(p + off);
	off += 4;
	if (get_string(p, avail, &off, &out->email, &out->email_len) < 0
	    || get_string(p, avail, &off, &out->domains, &out->domains_len) < 0
	    || get_string(p, avail, &off, &out->zoid, &out->zoid_len) < 0
	    || get_string(p, avail, &off, &out->zuids, &out->zuids_len) < 0)
		return 0;
	return off;
}

/* 1 if an item of the ";"-list starts at p and equals key. */
static int
item_at(const char *list, size_t llen, const char *p, const char *key,
	size_t klen)
{
	const char *end = list + llen;

	if (p < list || p >= end || (p > list && p[-1] != ';')
	    || (size_t) (end - p) < klen || memcmp(p, key, klen) != 0)
		return 0;
	return p + klen == end || p[klen] == ';';
}

static int
field_at(const char *s, size_t slen, const char *p, const char *key,
	 size_t klen)
{
	return p == s && slen == klen && memcmp(s, key, klen) == 0;
}

int
ps_rec_key_at(const struct ps_rec_view *v, const void *rec, size_t koff,
	      int kind, const char *key, size_t klen)
{
	const char *p = (const char *) rec + koff;

	switch (kind) {
	case PS_KIND_ACCOUNT:
		return (koff == PS_COMPACT_HDR
			&& field_at(p, strlen(v->account.account_id), p, key,
				    klen));
	case PS_KIND_EMAIL:
		return field_at(v->email, v->email_len, p, key, klen);
	case PS_KIND_ZOID: return field_at(v->zoid, v->zoid_len, p, key, klen);
	case PS_KIND_DOMAIN:
		return item_at(v->domains, v->domains_len, p, key, klen);
	case PS_KIND_ZUID: return item_at(v->zuids, v->zuids_len, p, key, klen);
	default: return 0;
	}
}
