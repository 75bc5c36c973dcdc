#ifndef PS_CACHE_RECORD_H
#define PS_CACHE_RECORD_H

/*
 * NAME
 *	record.h - the cache file's keys and values (internal)
 * SUMMARY
 *	Shared by the builder and the reader so that both agree, byte for
 *	byte, on format PS_CACHE_FORMAT.  See record.c for the layout.
 */

#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"

#define PS_CACHE_FORMAT 2

/*
 * Key kinds: the prefixes of the file's keys ("a:ID", "h:index",
 * "m:name") and, for the hash index, of the lookup keys.
 */
#define PS_KIND_ACCOUNT 'a'
#define PS_KIND_DOMAIN	'd'
#define PS_KIND_EMAIL	'e'
#define PS_KIND_INDEX	'h'
#define PS_KIND_META	'm'
#define PS_KIND_ZOID	'o'
#define PS_KIND_ZUID	'u'

#define PS_INDEX_NAME "index" /* the key "h:index" */

#define PS_EMAIL_MAX	 254 /* RFC 5321 path minus the <> */
#define PS_DOMAIN_MAX	 253
#define PS_ID_DIGITS_MAX 32		    /* a ZUID or ZOID */
#define PS_KEY_MAX	 (2 + PS_EMAIL_MAX) /* longest key */

#define PS_COMPACT_HDR	6 /* licenses, id length, region length */
#define PS_LICENSES_MAX UINT32_MAX

/* A decoded full record; pointers into the value, not NUL-terminated. */
struct ps_rec_view {
	struct ps_account account;
	unsigned long line;
	const char *email, *domains, *zoid, *zuids;
	size_t email_len, domains_len, zoid_len, zuids_len;
};

/* The fields of a record to encode. */
struct ps_rec_fields {
	const char *account_id, *region;
	size_t account_id_len, region_len;
	unsigned long licenses;
	unsigned long line;
	const char *email, *domains, *zoid, *zuids;
	size_t email_len, domains_len, zoid_len, zuids_len;
};

size_t ps_rec_compact_len(const struct ps_rec_fields *f);
size_t ps_rec_full_len(const struct ps_rec_fields *f);
/* Writes the full record (which starts with the compact one) to buf. */
void ps_rec_encode(const struct ps_rec_fields *f, unsigned char *buf);
/* Where the account id lies inside an encoded record. */
size_t ps_rec_id_offset(void);

/* Fields of a record the builder encoded itself (trusted, unchecked). */
unsigned long ps_rec_licenses(const unsigned char *rec);
unsigned long ps_rec_line(const unsigned char *rec);
size_t ps_rec_compact_size(const unsigned char *rec);

/* Decodes the record that starts val; its length, or 0 if malformed. */
size_t ps_rec_parse(const void *val, size_t avail, struct ps_rec_view *out);
/*
 * 1 if koff bytes into the record rec (decoded as v) starts the key of
 * that kind (PS_KIND_*): a whole field, or a whole item of a list.
 */
int ps_rec_key_at(const struct ps_rec_view *v, const void *rec, size_t koff,
		  int kind, const char *key, size_t klen);

#endif
