/*
 * NAME
 *	fuzz_message.c - libFuzzer target: one message through the pipeline
 * SUMMARY
 *	The input is a raw message addressed to a support address.  It runs
 *	through ps_pipeline_run() - GMime parse, best text, template fields
 *	with the built-in rules, cache lookup, decision, sanitized headers -
 *	exactly as the daemon and the dry run call it.
 * DESCRIPTION
 *	Besides the sanitizers' findings, the header block itself is the oracle:
 *	contract names only, in contract order, once each; values of printable
 *	ASCII (no CR, LF or NUL); each header one line of at most 998 bytes;
 *	X-Priority-Customer and X-Severity first.  Every other input also gets
 *	the explanation of psmilter -t --explain, which must be lines of text
 *	without control characters or characters that reorder text.  A violation
 *	aborts, which libFuzzer reports as a crash.  The license cache is built
 *	once, at start-up, from the shipped sample feed into a private temporary
 *	directory.
 */

#include <gmime/gmime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/build.h"
#include "core/generation.h"
#include "core/headers.h"
#include "core/pipeline.h"
#include "parser/text.h"
#include "util/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ps_generation *gen;
static char tmpdir[] = "/tmp/psmilter-fuzz.XXXXXX";
static char cache_path[sizeof(tmpdir) + 32];
static char conf_path[sizeof(tmpdir) + 32];

static void
cleanup(void)
{
	if (gen != NULL)
		ps_generation_unref(gen);
	unlink(cache_path);
	unlink(conf_path);
	rmdir(tmpdir);
}

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_message: %s: %s\n", what, err);
	exit(1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ps_build_opts opts;
	struct ps_build_stats stats;
	struct ps_error err;
	FILE *fp;

	(void) argc;
	(void) argv;
	ps_text_init();
	ps_log_open("fuzz_message", 1, LOG_MAIL);
	/* Parse-error warnings would flood the fuzzer's output. */
	ps_log_level(LOG_CRIT);
	if (mkdtemp(tmpdir) == NULL)
		die("mkdtemp", tmpdir);
	snprintf(cache_path, sizeof(cache_path), "%s/cache.lmdb", tmpdir);
	snprintf(conf_path, sizeof(conf_path), "%s/psmilter.conf", tmpdir);
	atexit(cleanup);

	memset(&opts, 0, sizeof(opts));
	opts.feed = PS_SOURCE_DIR "/etc/feed.sample.csv";
	opts.cache = cache_path;
	if (ps_cache_build(&opts, &stats, &err) != 0)
		die("cache build", err.text);
	if ((fp = fopen(conf_path, "w")) == NULL)
		die("fopen", conf_path);
	fprintf(fp, "LicenseCache %s\n", cache_path);
	fclose(fp);
	if ((gen = ps_generation_load(conf_path, PS_GEN_REQUIRE_CACHE, &err))
	    == NULL)
		die("generation", err.text);
	return 0;
}

/* Position of a header name in the contract, or PS_HEADERS_MAX. */
static size_t
rank(const char *name)
{
	size_t i;

	for (i = 0; i < PS_HEADERS_MAX; i++)
		if (strcmp(name, ps_contract_headers[i]) == 0)
			break;
	return i;
}

/* Contract names, in contract order, once each; one short ASCII line. */
static void
check_headers(const struct ps_headers *h)
{
	size_t i, r, next = 0;
	const unsigned char *p;

	for (i = 0; i < h->n; i++) {
		if ((r = rank(h->v[i].name)) < next || r >= PS_HEADERS_MAX)
			abort();
		next = r + 1;
		for (p = (const unsigned char *) h->v[i].value; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				abort();
		if (strlen(h->v[i].name) + 2 + strlen(h->v[i].value) > 998)
			abort();
	}
	if (h->n < 2 || rank(h->v[0].name) != 0 || rank(h->v[1].name) != 1)
		abort();
}

/*
 * The explanation goes to a terminal: lines of text, no control
 * character but the line ends, nothing that reorders text.
 */
static void
check_explain(const char *x)
{
	const unsigned char *p;

	if (x == NULL)
		return;
	for (p = (const unsigned char *) x; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			abort();
		if (p[0] == 0xE2
		    && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE)
			|| (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
			abort();
	}
	if (p == (const unsigned char *) x || p[-1] != '\n')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rcpts[] = {"partner-support@zohocorp.com"};
	struct ps_envelope env = {.qid = "FUZZ",
				  .sender = "partner@reseller.example",
				  .rcpts = rcpts,
				  .nrcpts = 1};
	struct ps_headers headers;
	struct ps_outcome outcome;

	char *explain = NULL;

	/* Every other input with the explanation psmilter -t -v prints. */
	ps_pipeline_explain(gen, (const char *) data, size, &env, &headers,
			    &outcome, size % 2 ? &explain : NULL);
	check_headers(&headers);
	check_explain(explain);
	free(explain);
	ps_headers_free(&headers);
	return 0;
}
