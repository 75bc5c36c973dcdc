/*
 * NAME
 *	record.c - encode and decode the cache's account records
 * SUMMARY
 *	The on-disk layout of format 1, in one place.
 * DESCRIPTION
 *	The cache is one LMDB database (the unnamed main DB), keys compared
 *	by memcmp, each key a one-letter kind, a colon, and the text:
 *
 *	  e:EMAIL    superadmin address, lowercase      -> compact account
 *	  d:DOMAIN   customer domain, lowercase         -> compact account
 *	  u:ZUID     user id, digits                    -> compact account
 *	  o:ZOID     organization id (ZOID/ZGID), digits -> compact account
 *	  a:ID       account id as written in the feed  -> full record
 *	  m:NAME     metadata, ASCII text: m:format ("1"), m:built (Unix
 *	             seconds, UTC), m:rows, m:keys (decimal), m:source (the
 *	             feed path as given)
 *
 *	Compact account, the value of every lookup key, so that one lookup
 *	answers the milter (all integers little-endian, no padding):
 *
 *	  u32 licenses | u8 id_len | u8 region_len | id | region
 *
 *	Full record: the compact account, then the rest of the feed row:
 *
 *	  u32 feed_line | u32 n | email | u32 n | domains (";"-joined) |
 *	  u32 n | zoid | u32 n | zuids (";"-joined)
 *
 *	Strings are not NUL-terminated; a length of 0 means absent.  The
 *	full record starts with the compact one so the builder stores each
 *	row once and every lookup value is a prefix of it.  Any change to
 *	this layout must bump PS_CACHE_FORMAT: readers refuse other values.
 *	Decoders check every length against the value's size, so a damaged
 *	file gives an error, not an out-of-bounds read.
 * DIAGNOSTICS
 *	Decoders return -1 on a malformed value.
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
	return ((unsigned long) p[0] | (unsigned long) p[1] << 8 |
		(unsigned long) p[2] << 16 | (unsigned long) p[3] << 24);
}

size_t
ps_rec_compact_len(const struct ps_rec_fields *f)
{
	return (PS_COMPACT_HDR + f->account_id_len + f->region_len);
}

size_t
ps_rec_id_offset(void)
{
	return (PS_COMPACT_HDR);
}

size_t
ps_rec_email_offset(const struct ps_rec_fields *f)
{
	return (ps_rec_compact_len(f) + 4 + 4);
}

size_t
ps_rec_domains_offset(const struct ps_rec_fields *f)
{
	return (ps_rec_email_offset(f) + f->email_len + 4);
}

size_t
ps_rec_zoid_offset(const struct ps_rec_fields *f)
{
	return (ps_rec_domains_offset(f) + f->domains_len + 4);
}

size_t
ps_rec_zuids_offset(const struct ps_rec_fields *f)
{
	return (ps_rec_zoid_offset(f) + f->zoid_len + 4);
}

size_t
ps_rec_full_len(const struct ps_rec_fields *f)
{
	return (ps_rec_zuids_offset(f) + f->zuids_len);
}

static unsigned char *
put_string(unsigned char *p, const char *s, size_t len)
{
	put_u32(p, len);
	if (len > 0)
		memcpy(p + 4, s, len);
	return (p + 4 + len);
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
	return (get_u32(rec));
}

size_t
ps_rec_compact_size(const unsigned char *rec)
{
	return (PS_COMPACT_HDR + (size_t) rec[4] + rec[5]);
}

unsigned long
ps_rec_line(const unsigned char *rec)
{
	return (get_u32(rec + ps_rec_compact_size(rec)));
}

size_t
ps_rec_full_size(const unsigned char *rec)
{
	size_t	off = ps_rec_compact_size(rec) + 4;
	int	i;

	for (i = 0; i < 4; i++)		/* email, domains, zoid, zuids */
		off += 4 + get_u32(rec + off);
	return (off);
}

/* Decodes the compact prefix; its length, or 0 when malformed. */
static size_t
decode_prefix(const unsigned char *p, size_t len, struct ps_account *out)
{
	size_t	id_len, region_len;

	if (len < PS_COMPACT_HDR)
		return (0);
	id_len = p[4];
	region_len = p[5];
	if (id_len == 0 || id_len > PS_ACCOUNT_ID_MAX
	    || region_len > PS_REGION_MAX
	    || len < PS_COMPACT_HDR + id_len + region_len)
		return (0);
	out->licenses = get_u32(p);
	memcpy(out->account_id, p + PS_COMPACT_HDR, id_len);
	out->account_id[id_len] = 0;
	memcpy(out->region, p + PS_COMPACT_HDR + id_len, region_len);
	out->region[region_len] = 0;
	return (PS_COMPACT_HDR + id_len + region_len);
}

int
ps_rec_decode_compact(const void *val, size_t len, struct ps_account *out)
{
	size_t	used = decode_prefix(val, len, out);

	return (used != 0 && used == len ? 0 : -1);
}

/* Reads one length-prefixed string at *off; -1 if it overruns. */
static int
get_string(const unsigned char *p, size_t len, size_t *off,
	   const char **s, size_t *slen)
{
	unsigned long n;

	if (len - *off < 4)
		return (-1);
	n = get_u32(p + *off);
	*off += 4;
	if (n > len - *off)
		return (-1);
	*s = (const char *) p + *off;
	*slen = n;
	*off += n;
	return (0);
}

int
ps_rec_decode_full(const void *val, size_t len, struct ps_rec_view *out)
{
	const unsigned char *p = val;
	size_t	off;

	memset(out, 0, sizeof(*out));
	if ((off = decode_prefix(p, len, &out->account)) == 0)
		return (-1);
	if (len - off < 4)
		return (-1);
	out->line = get_u32(p + off);
	off += 4;
	if (get_string(p, len, &off, &out->email, &out->email_len) < 0
	    || get_string(p, len, &off, &out->domains, &out->domains_len) < 0
	    || get_string(p, len, &off, &out->zoid, &out->zoid_len) < 0
	    || get_string(p, len, &off, &out->zuids, &out->zuids_len) < 0)
		return (-1);
	return (off == len ? 0 : -1);
}
