/*
 * NAME
 *	lookupbench - license cache lookups per second on one core
 * SUMMARY
 *	lookupbench [-k KEYS] [-r ROUNDS] [-t SECONDS] FEED.csv CACHE
 * DESCRIPTION
 *	Takes up to KEYS (default 200000) keys from FEED.csv, the feed
 *	CACHE was built from, spread over the whole feed: super admin
 *	emails, first domains, ZOIDs and first ZUIDs, plus one miss in five
 *	(an address no account has), shuffled so successive lookups touch
 *	unrelated pages as real mail does, their texts packed in lookup
 *	order.  One thread then runs
 *	ps_cache_lookup() over them for SECONDS (default 0.5) of its own CPU
 *	time, ROUNDS (default 5) times, and prints the median rate.  Every
 *	hit must be found and every miss missed, or it exits 1.
 * DIAGNOSTICS
 *	Errors on stderr, exit 1; usage errors exit 2.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"

struct key {
	enum ps_key_kind kind;
	char *text;
	int hit;
};

static struct key *keys;
static size_t nkeys, capkeys;

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
add_key(enum ps_key_kind kind, const char *s, size_t len, int hit)
{
	if (len == 0)
		return;
	if (nkeys == capkeys) {
		capkeys = capkeys ? 2 * capkeys : 1024;
		if ((keys = realloc(keys, capkeys * sizeof(*keys))) == NULL)
			exit(1);
	}
	keys[nkeys].kind = kind;
	keys[nkeys].hit = hit;
	if ((keys[nkeys].text = malloc(len + 2)) == NULL)
		exit(1);
	memcpy(keys[nkeys].text + (hit ? 0 : 1), s, len);
	keys[nkeys].text[0] = hit ? keys[nkeys].text[0] : 'x';
	keys[nkeys].text[len + (hit ? 0 : 1)] = '\0';
	nkeys++;
}

/*
 * The key texts, one after another in lookup order.  A milter looks up
 * a key it has just read from the message, in a warm buffer; scattered
 * mallocs would add a cache miss per key that belongs to the bench, not
 * to the lookup.
 */
static void
pack_keys(void)
{
	size_t i, len, total = 0;
	char *arena, *p;

	for (i = 0; i < nkeys; i++)
		total += strlen(keys[i].text) + 1;
	if ((arena = p = malloc(total)) == NULL)
		exit(1);
	for (i = 0; i < nkeys; i++) {
		len = strlen(keys[i].text) + 1;
		memcpy(p, keys[i].text, len);
		free(keys[i].text);
		keys[i].text = p;
		p += len;
	}
}

/* Split one CSV line (quotes allowed, no embedded newlines) in place. */
static size_t
split_csv(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *r = line, *w;

	while (n < max) {
		f[n++] = w = r;
		if (*r == '"') {
			r++;
			while (*r && !(*r == '"' && r[1] != '"')) {
				if (*r == '"')
					r++;
				*w++ = *r++;
			}
			if (*r == '"')
				r++;
		} else
			while (*r && *r != ',' && *r != '\n' && *r != '\r')
				*w++ = *r++;
		if (*r != ',') {
			*w = '\0';
			break;
		}
		r++;
		*w = '\0';
	}
	return n;
}

static int
column(char **f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i], name) == 0)
			return (int) i;
	return -1;
}

static void
read_feed(const char *path, size_t want)
{
	FILE *fp = fopen(path, "r");
	char line[8192], *f[32];
	size_t n, rows = 0, every;
	int ce, cd, cz, cu;

	if (fp == NULL || fgets(line, sizeof(line), fp) == NULL) {
		perror(path);
		exit(1);
	}
	n = split_csv(line, f, 32);
	ce = column(f, n, "superadmin_email");
	cd = column(f, n, "domains");
	cz = column(f, n, "zoid");
	cu = column(f, n, "zuids");
	while (fgets(line, sizeof(line), fp) != NULL)
		rows++;
	/* Five keys a sampled row: spread the sample over the whole feed. */
	every = rows / (want / 5 + 1) + 1;
	rewind(fp);
	if (fgets(line, sizeof(line), fp) == NULL)
		exit(1);
	for (rows = 0; fgets(line, sizeof(line), fp) != NULL; rows++) {
		if (rows % every != 0)
			continue;
		n = split_csv(line, f, 32);
		if (ce >= 0 && (size_t) ce < n) {
			add_key(PS_KEY_EMAIL, f[ce], strlen(f[ce]), 1);
			add_key(PS_KEY_EMAIL, f[ce], strlen(f[ce]), 0);
		}
		if (cd >= 0 && (size_t) cd < n)
			add_key(PS_KEY_DOMAIN, f[cd], strcspn(f[cd], ";"), 1);
		if (cz >= 0 && (size_t) cz < n)
			add_key(PS_KEY_ZOID, f[cz], strlen(f[cz]), 1);
		if (cu >= 0 && (size_t) cu < n)
			add_key(PS_KEY_ZUID, f[cu], strcspn(f[cu], ";"), 1);
	}
	fclose(fp);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	unsigned long rounds = 5, r, want = 200000, done, found = 0;
	double budget = 0.5, t0, t, *rate;
	struct ps_cache *cache;
	struct ps_account acct;
	struct ps_error err;
	size_t i, j;
	struct key tmp;
	int opt, rc;

	while ((opt = getopt(argc, argv, "k:r:t:")) != -1) {
		switch (opt) {
		case 'k': want = strtoul(optarg, NULL, 10); break;
		case 'r': rounds = strtoul(optarg, NULL, 10); break;
		case 't': budget = strtod(optarg, NULL); break;
		default: rounds = 0; break;
		}
	}
	if (argc - optind != 2 || rounds == 0 || want == 0) {
		fputs("usage: lookupbench [-k KEYS] [-r ROUNDS] [-t SECONDS] "
		      "FEED.csv CACHE\n",
		      stderr);
		return 2;
	}
	if ((cache = ps_cache_open(argv[optind + 1], &err)) == NULL) {
		fprintf(stderr, "lookupbench: %s\n", err.text);
		return 1;
	}
	read_feed(argv[optind], want);
	if (nkeys == 0) {
		fprintf(stderr, "lookupbench: no keys in %s\n", argv[optind]);
		return 1;
	}
	srand(1);
	for (i = nkeys - 1; i > 0; i--) {
		j = (size_t) rand() % (i + 1);
		tmp = keys[i], keys[i] = keys[j], keys[j] = tmp;
	}
	pack_keys();
	for (i = 0; i < nkeys; i++) {
		rc = ps_cache_lookup(cache, keys[i].kind, keys[i].text, &acct,
				     &err);
		if (rc < 0 || rc != keys[i].hit) {
			fprintf(stderr, "lookupbench: %s: %s\n", keys[i].text,
				rc < 0	     ? err.text
					: rc ? "unexpectedly found"
					     : "not found");
			return 1;
		}
	}
	if ((rate = calloc(rounds, sizeof(*rate))) == NULL)
		return 1;
	for (r = 0; r < rounds; r++) {
		t0 = cpu_now();
		done = 0;
		do {
			for (i = 0; i < nkeys; i++, done++)
				found += (unsigned long) ps_cache_lookup(
					cache, keys[i].kind, keys[i].text,
					&acct, &err);
		} while ((t = cpu_now() - t0) < budget);
		rate[r] = (double) done / t;
	}
	qsort(rate, rounds, sizeof(*rate), cmp_double);
	printf("keys=%zu rounds=%lu lookups_per_s=%.0f found=%lu\n", nkeys,
	       rounds, rate[rounds / 2], found);
	free(rate);
	ps_cache_close(cache);
	return 0;
}
