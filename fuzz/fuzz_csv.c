/*
 * NAME
 *	fuzz_csv.c - libFuzzer target: the license feed (CSV)
 * SUMMARY
 *	Any byte string through the RFC 4180 reader in memory (header with
 *	the cache's columns, then every row), then, when its header row is
 *	good, as a feed file through ps_cache_build() into a cache in
 *	/dev/shm (or /tmp), which is then opened and queried.  A failed
 *	build must leave the last good cache in place.
 * DESCRIPTION
 *	Row invariants are checked: the field count equals the header's,
 *	every field is NUL-terminated at its length.  The build runs on a
 *	file because that is the only way the feed reaches it; the file
 *	system is memory-backed so the build's fsync costs nothing.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/cache.h"
#include "cache/csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[256];
static char feed_path[320];
static char cache_path[320];

static void
cleanup(void)
{
	unlink(feed_path);
	unlink(cache_path);
	rmdir(tmpdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void) argc;
	(void) argv;
	snprintf(tmpdir, sizeof(tmpdir), "%s/psmilter-fuzz-csv.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(1);
	}
	snprintf(feed_path, sizeof(feed_path), "%s/feed.csv", tmpdir);
	snprintf(cache_path, sizeof(cache_path), "%s/cache.lmdb", tmpdir);
	atexit(cleanup);
	return 0;
}

/* Returns 1 when the header row was good (a build can then get further). */
static int
read_mem(const char *data, size_t size)
{
	/* The columns, and the required ones, of cache/build.c. */
	struct ps_csv_column cols[] = {
		{"account_id", 1, -1}, {"superadmin_email", 0, -1},
		{"domains", 0, -1},    {"region", 1, -1},
		{"licenses", 1, -1},   {"zoid", 0, -1},
		{"zuids", 0, -1},
	};
	struct ps_csv *csv = ps_csv_open_mem("fuzz.csv", data, size);
	struct ps_csv_row row;
	size_t nheader = 0, i;
	struct ps_error err;
	int rc, ok = 0;

	if (csv == NULL)
		abort();
	if (ps_csv_header(csv, cols, sizeof(cols) / sizeof(cols[0]), &err)
	    == 0) {
		ok = 1;
		while ((rc = ps_csv_next(csv, &row, &err)) > 0) {
			/* Every row is as wide as the first: the header's. */
			if (nheader == 0)
				nheader = row.nfields;
			if (row.nfields != nheader)
				abort();
			for (i = 0; i < row.nfields; i++)
				if (row.fields[i][row.lens[i]] != '\0')
					abort();
		}
	}
	ps_csv_close(csv);
	return ok;
}

/*
 * A build that succeeds must read back; one that fails must leave the
 * cache of the last good build in place (psmilter-cache(8)), readable
 * and whole.
 */
static void
build(const char *data, size_t size)
{
	static unsigned long good_rows;
	static int have_good;
	struct ps_build_opts opts;
	struct ps_build_stats stats;
	struct ps_cache *cache;
	struct ps_cache_meta meta;
	struct ps_account acct;
	struct ps_error err;
	FILE *fp;

	if ((fp = fopen(feed_path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	if (fclose(fp) != 0)
		abort();
	memset(&opts, 0, sizeof(opts));
	opts.feed = feed_path;
	opts.cache = cache_path;
	if (ps_cache_build(&opts, &stats, &err) == 0) {
		have_good = 1;
		good_rows = stats.rows;
	} else if (!have_good)
		return;
	if ((cache = ps_cache_open(cache_path, &err)) == NULL)
		abort();
	if (ps_cache_meta(cache, &meta, &err) != 0)
		abort();
	if (meta.rows != good_rows)
		abort();
	(void) ps_cache_lookup(cache, PS_KEY_EMAIL, "admin@acme.example", &acct,
			       &err);
	(void) ps_cache_lookup(cache, PS_KEY_DOMAIN, "acme.example", &acct,
			       &err);
	ps_cache_close(cache);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/*
	 * The build reads the same header the same way: where the reader
	 * rejects it, so does the build, and skipping it keeps the fuzzer
	 * fast (a build writes and syncs a file).
	 */
	if (read_mem((const char *) data, size))
		build((const char *) data, size);
	return 0;
}
