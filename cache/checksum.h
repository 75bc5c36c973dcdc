#ifndef PS_CACHE_CHECKSUM_H
#define PS_CACHE_CHECKSUM_H

/*
 * NAME
 *	checksum.h - the cache file's checksum trailer (internal)
 * SUMMARY
 *	After the LMDB pages the builder appends a trailer: the length of
 *	the pages and a 64-bit hash of them.  LMDB trusts its own pages and
 *	can crash on a damaged one, so readers check the hash before any
 *	lookup touches a page.
 */

#include <stddef.h>
#include <stdint.h>

#define PS_TRAILER_SIZE 24 /* "PSMCSUM1", u64 length, u64 hash */

uint64_t ps_cache_hash(const void *data, size_t len);
/* Hashes the first len bytes of a file at least that long; 0 or -1. */
int ps_cache_hash_file(int fd, size_t len, uint64_t *hash);
/* The same, through maps; for a file whose pages are in memory. */
int ps_cache_hash_mapped(int fd, size_t len, uint64_t *hash);
void ps_trailer_encode(unsigned char *out, uint64_t len, uint64_t hash);
/* 0, or -1 when the bytes are not a trailer. */
int ps_trailer_decode(const unsigned char *in, uint64_t *len, uint64_t *hash);

#endif
