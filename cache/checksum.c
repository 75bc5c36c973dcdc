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
 *
 *	A file is hashed through pread() into a bounded buffer, not through
 *	a map: a map's pages would count in the RSS of the process (the
 *	milter) for as long as it runs, a buffer's only while it is read.
 * DIAGNOSTICS
 *	ps_trailer_decode() returns -1 for bytes without the magic;
 *	ps_cache_hash_file() -1 with errno when the file cannot be read.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cache/checksum.h"
#include "cache/xxh.h"

#define READ_CHUNK (1u << 20) /* a multiple of 32 */
#define MAP_WINDOW (4u << 20) /* a multiple of 32 and of pages */

static const char magic[8] = {'P', 'S', 'M', 'C', 'S', 'U', 'M', '1'};

static uint64_t
lane(uint64_t acc, uint64_t word)
{
	return rotl(acc + word * P2, 31) * P1;
}

static uint64_t
merge(uint64_t h, uint64_t acc)
{
	return (h ^ lane(0, acc)) * P1 + P4;
}

/* Folds whole 32-byte blocks into the lanes. */
static void
hash_blocks(uint64_t a[4], const unsigned char *p, size_t nblocks)
{
	int i;

	for (; nblocks > 0; nblocks--, p += 32)
		for (i = 0; i < 4; i++)
			a[i] = lane(a[i], get64(p + 8 * i));
}

/* Mixes the lanes, the total length and the last (< 32) bytes. */
static uint64_t
hash_final(const uint64_t a[4], const unsigned char *p, size_t left,
	   uint64_t total)
{
	const unsigned char *end = p + left;
	uint64_t h;
	int i;

	h = rotl(a[0], 1) + rotl(a[1], 7) + rotl(a[2], 12) + rotl(a[3], 18);
	for (i = 0; i < 4; i++)
		h = merge(h, a[i]);
	h += total;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ lane(0, get64(p)), 27) * P1 + P4;
	for (; p < end; p++)
		h = rotl(h ^ (*p * P5), 11) * P1;
	return avalanche(h);
}

uint64_t
ps_cache_hash(const void *data, size_t len)
{
	uint64_t a[4] = {P1 + P2, P2, 0, 0 - P1};

	hash_blocks(a, data, len / 32);
	return (hash_final(a, (const unsigned char *) data + len / 32 * 32,
			   len % 32, len));
}

int
ps_cache_hash_file(int fd, size_t len, uint64_t *hash)
{
	uint64_t a[4] = {P1 + P2, P2, 0, 0 - P1};
	unsigned char *buf = malloc(READ_CHUNK);
	size_t done = 0, want, got;
	ssize_t n;

	if (buf == NULL)
		return -1;
	(void) posix_fadvise(fd, 0, (off_t) len, POSIX_FADV_SEQUENTIAL);
	for (;;) {
		want = len - done < READ_CHUNK ? len - done : READ_CHUNK;
		for (got = 0; got < want; got += (size_t) n) {
			n = pread(fd, buf + got, want - got,
				  (off_t) (done + got));
			if (n <= 0) {
				if (n == 0)
					errno = EIO; /* file shorter than len */
				if (n == 0 || errno != EINTR) {
					free(buf);
					return -1;
				}
				n = 0;
			}
		}
		done += want;
		if (want < READ_CHUNK || done == len)
			break;
		hash_blocks(a, buf, READ_CHUNK / 32);
	}
	hash_blocks(a, buf, want / 32);
	*hash = hash_final(a, buf + want / 32 * 32, want % 32, len);
	free(buf);
	return 0;
}

/*
 * The same hash through read-only maps of MAP_WINDOW bytes at a time:
 * for a file just written, whose pages are all in the page cache, this
 * costs no copy, and one window at a time keeps the resident size small.
 */
int
ps_cache_hash_mapped(int fd, size_t len, uint64_t *hash)
{
	uint64_t a[4] = {P1 + P2, P2, 0, 0 - P1};
	const unsigned char *p;
	size_t done, want;

	for (done = 0; done < len; done += want) {
		want = len - done < MAP_WINDOW ? len - done : MAP_WINDOW;
		p = mmap(NULL, want, PROT_READ, MAP_SHARED | MAP_POPULATE, fd,
			 (off_t) done);
		if (p == MAP_FAILED)
			return ps_cache_hash_file(fd, len, hash);
		hash_blocks(a, p, want / 32);
		if (done + want == len)
			*hash = hash_final(a, p + want / 32 * 32, want % 32,
					   len);
		munmap((void *) p, want);
	}
	if (len == 0)
		*hash = hash_final(a, (const unsigned char *) "", 0, 0);
	return 0;
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
		return -1;
	*len = get64(in + 8);
	*hash = get64(in + 16);
	return 0;
}
