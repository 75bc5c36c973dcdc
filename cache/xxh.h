#ifndef PS_CACHE_XXH_H
#define PS_CACHE_XXH_H

/*
 * NAME
 *	xxh.h - xxHash64's constants and the little-endian words of the
 *	cache file (internal)
 * SUMMARY
 *	Shared by the file checksum (checksum.c) and the key hash of the
 *	index (hashindex.c), which are both xxHash64 shapes, and which both
 *	read and write 64-bit little-endian fields.
 */

#include <endian.h>
#include <stdint.h>
#include <string.h>

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static inline uint64_t
rotl(uint64_t x, unsigned r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t
get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

/* xxHash64's final mix. */
static inline uint64_t
avalanche(uint64_t h)
{
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

static inline void
put64(unsigned char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

#endif
