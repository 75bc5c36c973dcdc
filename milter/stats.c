/*
 * NAME
 *	stats.c - message counters and latency histogram
 * SUMMARY
 *	Relaxed atomics: counters are independent and only ever read for a
 *	report, so no ordering between them is needed.
 *	StatsFile is mode 0644 whatever the daemon's UMask, so node_exporter,
 *	running as its own user, can read it.
 * DIAGNOSTICS
 *	ps_stats_write() reports the file and the failing call; the old
 *	StatsFile stays in place when writing the new one fails (disk full).
 */

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "milter/current.h"
#include "milter/stats.h"
#include "util/log.h"

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	0.25,	0.5,   1,    2.5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

static atomic_ulong counters[PS_C_COUNT];
static atomic_ulong priority[PS_PRIORITY_COUNT];
static atomic_ulong severity[PS_SEV_S3 + 1]; /* by enum ps_severity */
static atomic_ulong matched[PS_MATCH_COUNT];
static atomic_uint in_flight;
static atomic_ulong latency_bucket[NBUCKETS + 1]; /* last: +Inf */
static atomic_ulong latency_usec_sum;
static atomic_int last_load_ok;	       /* the last start or reload */
static atomic_llong last_load_ok_time; /* when one last succeeded */

static void
bump(atomic_ulong *c)
{
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

static unsigned long
get(atomic_ulong *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void
ps_stats_loaded(int ok)
{
	atomic_store(&last_load_ok, ok);
	if (ok)
		atomic_store(&last_load_ok_time, (long long) time(NULL));
}

void
ps_stats_begin(void)
{
	atomic_fetch_add(&in_flight, 1);
}

void
ps_stats_end(void)
{
	atomic_fetch_sub(&in_flight, 1);
}

unsigned
ps_stats_in_flight(void)
{
	return atomic_load(&in_flight);
}

void
ps_stats_count(enum ps_counter c)
{
	bump(&counters[c]);
}

void
ps_stats_message(const struct ps_outcome *o, double seconds)
{
	const struct ps_verdict *v = &o->verdict;
	size_t i;

	bump(&counters[PS_C_MESSAGES]);
	bump(&priority[v->priority]);
	bump(&severity[v->severity]);
	if (v->found)
		bump(&matched[v->matched]);
	else if (v->reason != NULL && strcmp(v->reason, "not-found") == 0)
		bump(&counters[PS_C_CACHE_MISSES]);
	if (o->parse_error)
		bump(&counters[PS_C_PARSE_FAILURES]);
	if (o->truncated)
		bump(&counters[PS_C_TRUNCATED]);
	for (i = 0; i < NBUCKETS && seconds > buckets[i]; i++)
		;
	bump(&latency_bucket[i]);
	atomic_fetch_add_explicit(&latency_usec_sum,
				  (unsigned long) (seconds * 1e6),
				  memory_order_relaxed);
}

static const char *const counter_names[PS_C_COUNT][2] = {
	{"psmilter_messages_total", "Messages for a support address."},
	{"psmilter_messages_skipped_total",
	 "Messages for no support address, passed untouched."},
	{"psmilter_cache_misses_total",
	 "Messages whose customer identifiers are not in the cache."},
	{"psmilter_parse_failures_total", "Messages that could not be parsed."},
	{"psmilter_truncated_total", "Messages longer than MaxParseBytes."},
	{"psmilter_errors_total", "Header changes the MTA refused."},
	{"psmilter_reloads_total{result=\"ok\"}", NULL},
	{"psmilter_reloads_total{result=\"failed\"}", NULL},
};

/*
 * What an alert needs beyond the counters: the version running, whether
 * the last reload took, and how old the cache is (a feed that stopped
 * arriving leaves it stale without any error).
 */
static void
write_state(FILE *fp)
{
	struct ps_generation *gen = ps_current_pin();
	struct ps_cache_meta meta;

	memset(&meta, 0, sizeof(meta));
	if (gen != NULL && gen->cache != NULL
	    && ps_cache_meta(gen->cache, &meta, NULL) < 0)
		memset(&meta, 0, sizeof(meta));
	ps_generation_unref(gen);
	fprintf(fp,
		"# HELP psmilter_build_info The running psmilter.\n"
		"# TYPE psmilter_build_info gauge\n"
		"psmilter_build_info{version=\"%s\"} 1\n",
		PS_VERSION);
	fprintf(fp,
		"# HELP psmilter_last_reload_success 1 if the last start "
		"or reload loaded the configuration and the cache.\n"
		"# TYPE psmilter_last_reload_success gauge\n"
		"psmilter_last_reload_success %d\n",
		atomic_load(&last_load_ok));
	fprintf(fp,
		"# HELP psmilter_last_reload_timestamp_seconds When a "
		"start or reload last succeeded.\n"
		"# TYPE psmilter_last_reload_timestamp_seconds gauge\n"
		"psmilter_last_reload_timestamp_seconds %lld\n",
		atomic_load(&last_load_ok_time));
	fprintf(fp,
		"# HELP psmilter_cache_rows Accounts in the loaded cache "
		"(0: none loaded).\n# TYPE psmilter_cache_rows gauge\n"
		"psmilter_cache_rows %lu\n",
		meta.rows);
	fprintf(fp,
		"# HELP psmilter_cache_build_timestamp_seconds When the "
		"loaded cache was built (0: none loaded).\n"
		"# TYPE psmilter_cache_build_timestamp_seconds gauge\n"
		"psmilter_cache_build_timestamp_seconds %lld\n",
		(long long) meta.built);
}

static void
write_counters(FILE *fp)
{
	size_t i;
	unsigned long cum = 0;

	for (i = 0; i < PS_C_COUNT; i++) {
		if (counter_names[i][1] != NULL)
			fprintf(fp, "# HELP %s %s\n# TYPE %s counter\n",
				counter_names[i][0], counter_names[i][1],
				counter_names[i][0]);
		else if (i == PS_C_RELOADS_OK)
			fprintf(fp,
				"# HELP psmilter_reloads_total Reloads by "
				"signal.\n# TYPE psmilter_reloads_total "
				"counter\n");
		fprintf(fp, "%s %lu\n", counter_names[i][0], get(&counters[i]));
	}
	fprintf(fp,
		"# HELP psmilter_priority_total Verdicts by priority.\n"
		"# TYPE psmilter_priority_total counter\n");
	for (i = 0; i < PS_PRIORITY_COUNT; i++)
		fprintf(fp, "psmilter_priority_total{priority=\"%s\"} %lu\n",
			ps_priority_name((enum ps_priority) i),
			get(&priority[i]));
	fprintf(fp,
		"# HELP psmilter_severity_total Verdicts by severity.\n"
		"# TYPE psmilter_severity_total counter\n");
	for (i = PS_SEV_S1; i <= PS_SEV_S3; i++)
		fprintf(fp, "psmilter_severity_total{severity=\"%s\"} %lu\n",
			ps_severity_name((enum ps_severity) i),
			get(&severity[i]));
	fprintf(fp,
		"# HELP psmilter_matched_total Customers found, by key.\n"
		"# TYPE psmilter_matched_total counter\n");
	for (i = PS_MATCH_EMAIL; i < PS_MATCH_COUNT; i++)
		fprintf(fp, "psmilter_matched_total{by=\"%s\"} %lu\n",
			ps_match_name((enum ps_match) i), get(&matched[i]));
	fprintf(fp,
		"# HELP psmilter_decision_seconds Time to decide a message "
		"at end of message.\n# TYPE psmilter_decision_seconds "
		"histogram\n");
	for (i = 0; i <= NBUCKETS; i++) {
		cum += get(&latency_bucket[i]);
		if (i < NBUCKETS)
			fprintf(fp,
				"psmilter_decision_seconds_bucket{le=\"%g\"} "
				"%lu\n",
				buckets[i], cum);
		else
			fprintf(fp,
				"psmilter_decision_seconds_bucket{le=\"+Inf\"}"
				" %lu\n",
				cum);
	}
	fprintf(fp,
		"psmilter_decision_seconds_sum %.6f\n"
		"psmilter_decision_seconds_count %lu\n",
		get(&latency_usec_sum) / 1e6, cum);
	write_state(fp);
	/* A gauge, so a test or an operator can see that aborted and dropped
	 * connections release their message: it returns to 0 when idle. */
	fprintf(fp,
		"# HELP psmilter_messages_in_flight Messages begun and not "
		"yet finished.\n# TYPE psmilter_messages_in_flight gauge\n"
		"psmilter_messages_in_flight %u\n",
		ps_stats_in_flight());
}

int
ps_stats_write(const char *path, struct ps_error *err)
{
	char tmp[4096];
	FILE *fp;
	int bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long) getpid());
	if ((fp = fopen(tmp, "w")) == NULL || fchmod(fileno(fp), 0644) < 0) {
		ps_error_set(err, "%s: %s", tmp, strerror(errno));
		if (fp != NULL) {
			fclose(fp);
			unlink(tmp);
		}
		return -1;
	}
	write_counters(fp);
	bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		ps_error_set(err, "%s: write failed: %s", tmp,
			     strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		ps_error_set(err, "rename %s to %s: %s", tmp, path,
			     strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void
ps_stats_log(void)
{
	ps_log(LOG_NOTICE,
	       "stats: messages=%lu skipped=%lu priority_yes=%lu "
	       "priority_no=%lu priority_unknown=%lu s1=%lu s2=%lu s3=%lu "
	       "by_email=%lu by_domain=%lu by_zuid=%lu by_zoid=%lu "
	       "cache_misses=%lu parse_failures=%lu truncated=%lu errors=%lu "
	       "reloads_ok=%lu reloads_failed=%lu in_flight=%u",
	       get(&counters[PS_C_MESSAGES]), get(&counters[PS_C_SKIPPED]),
	       get(&priority[PS_PRIORITY_YES]), get(&priority[PS_PRIORITY_NO]),
	       get(&priority[PS_PRIORITY_UNKNOWN]), get(&severity[PS_SEV_S1]),
	       get(&severity[PS_SEV_S2]), get(&severity[PS_SEV_S3]),
	       get(&matched[PS_MATCH_EMAIL]), get(&matched[PS_MATCH_DOMAIN]),
	       get(&matched[PS_MATCH_ZUID]), get(&matched[PS_MATCH_ZOID]),
	       get(&counters[PS_C_CACHE_MISSES]),
	       get(&counters[PS_C_PARSE_FAILURES]),
	       get(&counters[PS_C_TRUNCATED]), get(&counters[PS_C_ERRORS]),
	       get(&counters[PS_C_RELOADS_OK]),
	       get(&counters[PS_C_RELOADS_FAILED]), ps_stats_in_flight());
}
