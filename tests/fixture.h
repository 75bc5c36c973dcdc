#ifndef PS_TEST_FIXTURE_H
#define PS_TEST_FIXTURE_H

/*
 * NAME
 *	fixture.h - shared Check fixtures: a real license cache from a feed
 */

/* Write text to path (ck_assert on failure). */
void ps_test_write_file(const char *path, const char *text);

/*
 * Write feed as dir/feed.csv and build it into cache with the built-in
 * regions; the test fails with the builder's message on any error.
 */
void ps_test_build_cache(const char *dir, const char *feed, const char *cache);

#endif
