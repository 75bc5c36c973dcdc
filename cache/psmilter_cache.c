/*
 * NAME
 *	psmilter_cache.c - the psmilter-cache command
 * SUMMARY
 *	psmilter-cache build [-R REGIONS] [-F FREEMAIL] FEED.csv CACHE
 *	psmilter-cache get CACHE KEY | get CACHE -a ACCOUNT_ID
 *	psmilter-cache info CACHE
 *	psmilter-cache -V
 * DESCRIPTION
 *	build checks the feed and replaces the cache atomically; regions and
 *	freemail domains come from the named files or, by default, from the
 *	shipped etc/ files compiled in.  get finds the account for an
 *	email, domain, ZUID, ZOID or account id and prints its record;
 *	info prints the cache's metadata.  Output is "name: value" lines so
 *	that scripts and people can both read it.
 * DIAGNOSTICS
 *	Warnings and errors on stderr, errors prefixed "psmilter-cache: ".
 *	Exit 0 on success, 1 on failure or "not found", 2 on a usage error.
 */

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/cache.h"
#include "cache/labelset.h"
#include "rules/defaults.h"
#include "rules/freemail.h"
#include "rules/regions.h"

#define PROG "psmilter-cache"

#define REGION_MEMO	64 /* remembered region answers */
#define REGION_MEMO_LEN 16 /* longer regions are not remembered */

static const char usage_text[] =
	"usage: " PROG " build [-R REGIONS] [-F FREEMAIL] FEED.csv CACHE\n"
	"       " PROG " get CACHE KEY\n"
	"       " PROG " get CACHE -a ACCOUNT_ID\n"
	"       " PROG " info CACHE\n"
	"       " PROG " -V\n"
	"\n"
	"build  check FEED.csv (\"-\" for stdin) and replace CACHE "
	"atomically;\n"
	"       -R and -F name region and freemail files (default: built in)\n"
	"get    print the account for KEY: an email (has @), a ZUID or ZOID\n"
	"       (digits; ZUID tried first), account:ID or -a ID, a domain "
	"(has\n"
	"       a dot), or else an account id\n"
	"info   print the cache's metadata\n"
	"-V     print the version\n";

static int
usage(void)
{
	fputs(usage_text, stderr);
	return 2;
}

static int
fail(const char *msg)
{
	fprintf(stderr, PROG ": %s\n", msg);
	return 1;
}

/* ---- build ---- */

/* A region's answer, remembered: a feed repeats a few dozen regions. */
struct region_memo {
	char name[REGION_MEMO_LEN]; /* "" for an empty entry */
	int ok;
};

struct policy {
	struct ps_regions *regions;
	struct ps_freemail *freemail;
	struct ps_labelset *labels; /* NULL: ask the freemail set always */
	struct region_memo memo[REGION_MEMO];
};

static int
region_ok(void *ctx, const char *region)
{
	struct policy *p = ctx;
	struct region_memo *m;
	size_t len = strlen(region), h = 0, i;

	if (len == 0 || len >= REGION_MEMO_LEN)
		return ps_regions_tier(p->regions, region) != NULL;
	for (i = 0; i < len; i++)
		h = h * 31 + (unsigned char) region[i];
	m = &p->memo[h % REGION_MEMO];
	if (strcmp(m->name, region) != 0) {
		m->ok = ps_regions_tier(p->regions, region) != NULL;
		memcpy(m->name, region, len + 1);
	}
	return m->ok;
}

static int
is_freemail(void *ctx, const char *domain)
{
	const struct policy *p = ctx;

	if (p->labels != NULL && !ps_labelset_may_match(p->labels, domain))
		return 0;
	return ps_freemail_match(p->freemail, domain);
}

static void
warn(void *ctx, const char *msg)
{
	(void) ctx;
	fprintf(stderr, "%s\n", msg);
}

/*
 * The freemail set and its label filter come from one read of the text,
 * so they cannot disagree.  If that read fails, the freemail reader
 * tries again and reports the failure in its own words.
 */
static int
load_freemail(struct policy *p, const char *path, struct ps_error *err)
{
	const char *text = ps_default_freemail;
	size_t len = ps_default_freemail_len;
	char *buf = NULL;

	if (path != NULL
	    && (text = buf = ps_freemail_read(path, &len, err)) == NULL) {
		p->freemail = ps_freemail_load(path, err);
		return p->freemail == NULL ? -1 : 0;
	}
	p->freemail = ps_freemail_parse(path ? path : "(built-in freemail)",
					text, len, err);
	if (p->freemail != NULL)
		p->labels = ps_labelset_from_text(text, len);
	free(buf);
	return p->freemail == NULL ? -1 : 0;
}

static int
load_policy(struct policy *p, const char *regions, const char *freemail,
	    struct ps_error *err)
{
	p->regions = regions
		? ps_regions_load(regions, err)
		: ps_regions_parse("(built-in regions)", ps_default_regions,
				   ps_default_regions_len, err);
	if (p->regions == NULL)
		return -1;
	return load_freemail(p, freemail, err);
}

/* An interrupted build removes its temporary file (unlink is
 * async-signal-safe); the old cache was never touched. */
static char build_tmp[4096];

static void
on_signal(int sig)
{
	unlink(build_tmp);
	_exit(128 + sig);
}

static void
clean_up_on_signals(const char *cache)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	struct sigaction sa;
	size_t i;

	ps_cache_build_tmpname(cache, build_tmp, sizeof(build_tmp));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
cmd_build(int argc, char **argv)
{
	const char *regions = NULL, *freemail = NULL;
	struct ps_build_opts opts;
	struct ps_build_stats st;
	struct policy policy;
	struct ps_error err;
	double start = now(), secs;
	int c, rc;

	memset(&policy, 0, sizeof(policy));
	while ((c = getopt(argc, argv, "R:F:h")) != -1) {
		if (c == 'R')
			regions = optarg;
		else if (c == 'F')
			freemail = optarg;
		else
			return usage();
	}
	if (argc - optind != 2)
		return usage();
	if (load_policy(&policy, regions, freemail, &err) < 0) {
		rc = fail(err.text);
		goto out;
	}
	memset(&opts, 0, sizeof(opts));
	opts.feed = argv[optind];
	opts.cache = argv[optind + 1];
	opts.region_ok = region_ok;
	opts.is_freemail = is_freemail;
	opts.warn = warn;
	opts.ctx = &policy;
	clean_up_on_signals(opts.cache);
	if (ps_cache_build(&opts, &st, &err) < 0) {
		rc = fail(err.text);
		goto out;
	}
	secs = now() - start;
	printf("%s: %lu rows, %lu keys, %lu warnings, %.2f s, %.0f rows/s\n",
	       opts.cache, st.rows, st.keys, st.warnings, secs,
	       secs > 0 ? (double) st.rows / secs : 0.0);
	rc = 0;
out:
	if (policy.regions)
		ps_regions_free(policy.regions);
	if (policy.freemail)
		ps_freemail_free(policy.freemail);
	ps_labelset_free(policy.labels);
	return rc;
}

/* ---- get ---- */

static void
field(const char *name, const char *value)
{
	printf("%s: %s\n", name, value != NULL && *value ? value : "-");
}

static int
print_record(const struct ps_cache *cache, const char *account_id,
	     const char *matched)
{
	struct ps_account_record rec;
	struct ps_error err;
	int rc;

	if ((rc = ps_cache_record(cache, account_id, &rec, &err)) < 0)
		return fail(err.text);
	if (rc == 0) {
		fprintf(stderr, PROG ": account %s: not found\n", account_id);
		return 1;
	}
	field("account_id", rec.account.account_id);
	printf("licenses: %lu\n", rec.account.licenses);
	field("region", rec.account.region);
	field("superadmin_email", rec.superadmin_email);
	field("domains", rec.domains);
	field("zoid", rec.zoid);
	field("zuids", rec.zuids);
	field("matched", matched);
	printf("feed_line: %lu\n", rec.line);
	ps_account_record_free(&rec);
	return 0;
}

static int
all_digits(const char *s)
{
	if (*s == 0)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char) *s))
			return 0;
	return 1;
}

/* Tries each kind in turn; the first hit is printed. */
static int
find(const struct ps_cache *cache, const char *key,
     const enum ps_key_kind *kinds, const char *const *names, size_t n)
{
	struct ps_account acct;
	struct ps_error err;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = ps_cache_lookup(cache, kinds[i], key, &acct, &err);
		if (rc < 0)
			return fail(err.text);
		if (rc > 0)
			return print_record(cache, acct.account_id, names[i]);
	}
	fprintf(stderr, PROG ": %s: not found\n", key);
	return 1;
}

static int
get_key(const struct ps_cache *cache, const char *key)
{
	static const enum ps_key_kind email[] = {PS_KEY_EMAIL};
	static const enum ps_key_kind ids[] = {PS_KEY_ZUID, PS_KEY_ZOID};
	static const enum ps_key_kind domain[] = {PS_KEY_DOMAIN};
	static const char *const email_n[] = {"email"};
	static const char *const ids_n[] = {"zuid", "zoid"};
	static const char *const domain_n[] = {"domain"};

	if (strncmp(key, "account:", 8) == 0)
		return print_record(cache, key + 8, "account");
	if (strchr(key, '@') != NULL)
		return find(cache, key, email, email_n, 1);
	if (all_digits(key))
		return find(cache, key, ids, ids_n, 2);
	if (strchr(key, '.') == NULL) /* no domain: an account id */
		return print_record(cache, key, "account");
	return find(cache, key, domain, domain_n, 1);
}

/* "-a ID" may come before or after CACHE; POSIX getopt stops at CACHE. */
static int
cmd_get(int argc, char **argv)
{
	const char *account = NULL, *pos[2];
	struct ps_cache *cache;
	struct ps_error err;
	int i, npos = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-a") == 0 && i + 1 < argc && !account)
			account = argv[++i];
		else if (argv[i][0] == '-' || npos == 2)
			return usage();
		else
			pos[npos++] = argv[i];
	}
	if (npos != (account ? 1 : 2))
		return usage();
	if ((cache = ps_cache_open(pos[0], &err)) == NULL)
		return fail(err.text);
	rc = account ? print_record(cache, account, "account")
		     : get_key(cache, pos[1]);
	ps_cache_close(cache);
	return rc;
}

/* ---- info ---- */

static void
print_info(const struct ps_cache *cache, const struct ps_cache_meta *meta,
	   const struct stat *sb)
{
	struct tm tm;
	char built[32];

	if (gmtime_r(&meta->built, &tm) == NULL
	    || strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(built, sizeof(built), "%lld", (long long) meta->built);
	printf("path: %s\nformat: %u\nbuilt: %s\nsource: %s\n"
	       "rows: %lu\nkeys: %lu\nsize: %lld bytes\n",
	       ps_cache_path(cache), meta->format, built, meta->source,
	       meta->rows, meta->keys, (long long) sb->st_size);
}

static int
cmd_info(int argc, char **argv)
{
	struct ps_cache_meta meta;
	struct ps_cache *cache;
	struct stat sb;
	struct ps_error err;
	int rc = 0;

	if (argc != 2 || argv[1][0] == '-')
		return usage();
	if ((cache = ps_cache_open(argv[1], &err)) == NULL)
		return fail(err.text);
	if (ps_cache_meta(cache, &meta, &err) < 0) {
		rc = fail(err.text);
	} else if (stat(argv[1], &sb) < 0) {
		fprintf(stderr, PROG ": %s: %s\n", argv[1], strerror(errno));
		rc = 1;
	} else {
		print_info(cache, &meta, &sb);
	}
	ps_cache_close(cache);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 && argc == 2) {
		printf(PROG " %s\n", PS_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "get") == 0)
		return cmd_get(argc - 1, argv + 1);
	if (strcmp(argv[1], "info") == 0)
		return cmd_info(argc - 1, argv + 1);
	fprintf(stderr, PROG ": unknown command \"%s\"\n", argv[1]);
	return usage();
}
