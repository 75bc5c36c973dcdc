#ifndef PS_CACHE_FEED_H
#define PS_CACHE_FEED_H

/*
 * NAME
 *	feed.h - read a CSV feed's wanted columns, parsing in a second thread
 *	(internal)
 * SUMMARY
 *	ps_feed_read() maps the header (ps_csv_header), then hands each row's
 *	wanted columns to a callback, in file order, in the calling thread,
 *	while another thread parses the rows ahead.
 */

#include <stddef.h>
#include <stdint.h>

#include "cache/csv.h"
#include "util/error.h"

#define PS_FEED_COLUMNS_MAX 16

/* One row: the wanted columns in the caller's order; "" when absent. */
struct ps_feed_row {
	unsigned long line;
	const char *val[PS_FEED_COLUMNS_MAX]; /* NUL-terminated */
	size_t len[PS_FEED_COLUMNS_MAX];
};

/* 0 to go on, -1 to stop with the reason in err. */
typedef int (*ps_feed_row_fn)(void *ctx, const struct ps_feed_row *row,
			      struct ps_error *err);

/* 0 at the end of the feed, -1 with the first error (in file order). */
int ps_feed_read(const char *path, struct ps_csv_column *cols, size_t ncols,
		 ps_feed_row_fn fn, void *ctx, struct ps_error *err);

#endif
