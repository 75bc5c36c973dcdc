/*
 * NAME
 *	checksum.c - hash the cache file and encode its trailer
 * SUMMARY
 *	A fast 64-bit hash over the LMDB pages, and the 24-byte trailer
 *	that carries it at the end of the file.
 * DESCRIPTION
 *	Trailer, little-endian: "PSMCSUM1", u64 length of the LMDB pages
 *	(the file minus the trailer), u64 hash of those bytes.  LMDB ignores
 *	bytes after its last page, so the file stays a plain LMDB file that
 *	mdb_stat and mdb_dump can read.
 *
 *	The hash folds 8-byte words into four independent lanes (the
 *	structure of xxHash64, so it runs at memory speed) and mixes the
 *	lanes and the length at the end.  It detects accidental damage (bit
 *	rot, a botched copy, a file written over in place); it is not meant
 *	to resist deliberate forgery, which needs write access to the cache
 *	directory anyway.
 * DIAGNOSTICS
 *	ps_trailer_decode() returns -1 for bytes without the magic;
 *	ps_cache_hash_file() -1 with errno when the file cannot be mapped.
 */

#include <endian.h>
#include <string.h>
#include <sys/mman.h>

#include "cache/checksum.h"

#define P1	0x9E3779B185EBCA87ULL
#define P2	0xC2B2AE3D27D4EB4FULL
#define P3	0x165667B19E3779F9ULL
#define P4	0x85EBCA77C2B2AE63ULL
#define P5	0x27D4EB2F165667C5ULL

static const char magic[8] = {'P', 'S', 'M', 'C', 'S', 'U', 'M', '1'};

static uint64_t
rotl(uint64_t x, unsigned r)
{
	return (x << r | x >> (64 - r));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return (le64toh(v));
}

static void
put64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char) (v & 0xff);
}

static uint64_t
lane(uint64_t acc, uint64_t word)
{
	return (rotl(acc + word * P2, 31) * P1);
}

static uint64_t
merge(uint64_t h, uint64_t acc)
{
	return ((h ^ lane(0, acc)) * P1 + P4);
}

uint64_t
ps_cache_hash(const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t a[4] = {P1 + P2, P2, 0, 0 - P1}, h;
	int	i;

	for (; end - p >= 32; p += 32)
		for (i = 0; i < 4; i++)
			a[i] = lane(a[i], get64(p + 8 * i));
	h = rotl(a[0], 1) + rotl(a[1], 7) + rotl(a[2], 12) + rotl(a[3], 18);
	for (i = 0; i < 4; i++)
		h = merge(h, a[i]);
	h += (uint64_t) len;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ lane(0, get64(p)), 27) * P1 + P4;
	for (; p < end; p++)
		h = rotl(h ^ (*p * P5), 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return (h);
}

int
ps_cache_hash_file(int fd, size_t len, uint64_t *hash)
{
	void   *p;

	if (len == 0) {
		*hash = ps_cache_hash("", 0);
		return (0);
	}
	if ((p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED)
		return (-1);
	(void) posix_madvise(p, len, POSIX_MADV_SEQUENTIAL);
	*hash = ps_cache_hash(p, len);
	munmap(p, len);
	return (0);
}

void
ps_trailer_encode(unsigned char *out, uint64_t len, uint64_t hash)
{
	memcpy(out, magic, sizeof(magic));
	put64(out + 8, len);
	put64(out + 16, hash);
}

int
ps_trailer_decode(const unsigned char *in, uint64_t *len, uint64_t *hash)
{
	if (memcmp(in, magic, sizeof(magic)) != 0)
		return (-1);
	*len = get64(in + 8);
	*hash = get64(in + 16);
	return (0);
}
