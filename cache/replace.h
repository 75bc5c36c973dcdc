#ifndef PS_CACHE_REPLACE_H
#define PS_CACHE_REPLACE_H

/*
 * NAME
 *	replace.h - write a new LMDB file and rename it over the old (internal)
 * SUMMARY
 *	fill() puts the data in one write transaction on a fresh database;
 *	the file is then trimmed, given its checksum trailer, synced and
 *	renamed over path.  On any
 *	failure the temporary file is removed and path is left alone.
 */

#include <lmdb.h>
#include <stddef.h>

#include "util/error.h"

/* Puts the data through cur; 0, or an LMDB error code. */
typedef int (*ps_fill_fn)(MDB_cursor *cur, void *ctx);

/* mapsize: an upper bound of the file size.  0, or -1 with err set. */
int ps_lmdb_replace(const char *path, size_t mapsize, ps_fill_fn fill,
		    void *ctx, struct ps_error *err);

#endif
