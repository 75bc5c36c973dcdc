#ifndef PS_STATS_H
#define PS_STATS_H

/*
 * NAME
 *	stats.h - counters and a latency histogram, in Prometheus text format
 * SUMMARY
 *	Lock-free counters bumped by the callbacks; ps_stats_write() writes
 *	them to a new file and renames it over StatsFile, the
 *	node_exporter textfile-collector convention, so a scrape never reads
 *	a half-written file.
 */

#include <stddef.h>

#include "core/decide.h"
#include "core/pipeline.h"
#include "util/error.h"

enum ps_counter {
	PS_C_MESSAGES,	   /* messages for a support address */
	PS_C_SKIPPED,	   /* messages for nobody of ours */
	PS_C_CACHE_MISSES, /* customer identified but not in the cache */
	PS_C_PARSE_FAILURES,
	PS_C_TRUNCATED, /* longer than MaxParseBytes */
	PS_C_ERRORS,	/* the MTA refused a header change */
	PS_C_RELOADS_OK,
	PS_C_RELOADS_FAILED,
	PS_C_COUNT
};

/* The in-flight gauge: a message begins at MAIL and ends at end of
 * message, abort or close; TERM waits for it to reach 0. */
void ps_stats_begin(void);
void ps_stats_end(void);
unsigned ps_stats_in_flight(void);

void ps_stats_count(enum ps_counter c);
/* A start or reload: ok if it loaded the configuration and the cache. */
void ps_stats_loaded(int ok);
/* One decided message: priority, severity, matched-by, latency. */
void ps_stats_message(const struct ps_outcome *outcome, double seconds);
/* Write StatsFile atomically; -1 with the reason in err. */
int ps_stats_write(const char *path, struct ps_error *err);
/* One log line with every counter. */
void ps_stats_log(void);

#endif
