/*
 * NAME
 *	main.c - psmilter: command line
 * SUMMARY
 *	psmilter -c FILE [-f]					daemon
 *	psmilter -c FILE -t MSG|- [-v] [-r RCPT]... [-s SENDER]	dry run
 *	psmilter -c FILE -t MAILBOX|MSG... [-r RCPT]... [-s SENDER]
 *								replay
 *	psmilter -c FILE -n					check
 * DESCRIPTION
 *	The dry run prints exactly the headers the daemon would add, one
 *	"Name: value" per line, using the same pipeline; with -v (--explain)
 *	a readable account of the decision follows (core/explain.c).
 *	Several files, a Maildir, a directory or an mbox are replayed
 *	instead: a verdict line per message and a summary (core/replay.c).
 *	The check loads the
 *	config, rules, regions, freemail list and cache as a reload would and
 *	reports the first error as FILE:LINE: reason.
 * DIAGNOSTICS
 *	Exit 0 on success, 1 on a configuration or input error, 2 on usage.
 */

#include <errno.h>
#include <getopt.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/generation.h"
#include "core/pipeline.h"
#include "core/replay.h"
#include "milter/daemon.h"
#include "parser/text.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_RCPTS 1000

static const char **files; /* to replay: -t's file and those after it */

static void
usage(void)
{
	fprintf(stderr,
		"usage: psmilter [-c FILE] [-f]\n"
		"       psmilter [-c FILE] -t MSG|- [-v|--explain] [-r "
		"RCPT]... [-s SENDER]\n"
		"       psmilter [-c FILE] -t MAILBOX|MSG... [-r RCPT]... "
		"[-s SENDER]\n"
		"       psmilter [-c FILE] -n\n"
		"       psmilter -V\n");
	exit(2);
}

/* Read at most limit + 1 bytes, so the parser can tell it was cut. */
static char *
read_message(const char *path, size_t limit, size_t *lenp)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, len = 0, n;
	char *buf;

	if (fp == NULL) {
		fprintf(stderr, "psmilter: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = ps_xmalloc(cap);
	while (len <= limit) {
		if (len == cap)
			buf = ps_xrealloc(buf, cap *= 2);
		n = fread(buf + len, 1,
			  (cap < limit + 1 ? cap : limit + 1) - len, fp);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(fp)) {
		fprintf(stderr, "psmilter: %s: read error\n", path);
		free(buf);
		buf = NULL;
	}
	if (fp != stdin)
		fclose(fp);
	*lenp = len;
	return buf;
}

static int
dry_run(struct ps_generation *gen, const char *path,
	const struct ps_envelope *env, int explain)
{
	struct ps_headers headers;
	struct ps_outcome outcome;
	char *msg, *why = NULL;
	size_t len, i;

	if (gen->cache == NULL)
		fprintf(stderr,
			"psmilter: warning: %s; verdicts say "
			"cache-unavailable\n",
			gen->cache_error.text);
	if ((msg = read_message(path, gen->cfg.max_parse_bytes, &len)) == NULL)
		return 1;
	ps_pipeline_explain(gen, msg, len, env, &headers, &outcome,
			    explain ? &why : NULL);
	for (i = 0; i < headers.n; i++)
		printf("%s: %s\n", headers.v[i].name, headers.v[i].value);
	if (explain)
		printf("\n%s",
		       why != NULL ? why
			       : outcome.for_support
			       ? "The message could not be parsed.\n"
			       : "No recipient is a support "
				 "address: nothing to decide.\n");
	free(why);
	ps_headers_free(&headers);
	free(msg);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
check(struct ps_generation *gen)
{
	struct ps_cache_meta meta;
	struct ps_error err;
	char when[64];

	if (ps_cache_meta(gen->cache, &meta, &err) < 0) {
		fprintf(stderr, "psmilter: %s\n", err.text);
		return 1;
	}
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&meta.built));
	printf("%s: ok; cache %s: %lu rows, %lu keys, built %s from %s\n",
	       gen->cfg.path, gen->cfg.license_cache, meta.rows, meta.keys,
	       when, meta.source);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *config = PS_CONFIG_FILE, *msg = NULL, *rcpts[MAX_RCPTS];
	struct ps_envelope env = {NULL, NULL, rcpts, 0};
	struct ps_generation *gen;
	struct ps_error err;
	static const struct option longopts[] = {
		{"explain", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	int c, do_check = 0, foreground = 0, explain = 0, rc;
	size_t nfiles = 1;

	/* files[0] is -t's; the leading "-" has getopt() return the others. */
	files = ps_xcalloc((size_t) argc + 1, sizeof(*files));

	while ((c = getopt_long(argc, argv, "-c:ft:r:s:nvV", longopts, NULL))
	       != -1) {
		switch (c) {
		case 1: files[nfiles++] = optarg; break;
		case 'c': config = optarg; break;
		case 'f': foreground = 1; break;
		case 't': msg = optarg; break;
		case 'r':
			if (env.nrcpts == MAX_RCPTS)
				usage();
			rcpts[env.nrcpts++] = optarg;
			break;
		case 's': env.sender = optarg; break;
		case 'n': do_check = 1; break;
		case 'v': explain = 1; break;
		case 'V': printf("psmilter %s\n", PS_VERSION); return 0;
		default: usage();
		}
	}
	while (optind < argc) /* after "--" */
		files[nfiles++] = argv[optind++];
	/* --explain accounts for one message; a replay has a line each. */
	if ((nfiles > 1 && msg == NULL) || (msg != NULL && do_check)
	    || (foreground && (msg != NULL || do_check))
	    || (explain && (msg == NULL || nfiles > 1)))
		usage();
	ps_log_open("psmilter", 1, LOG_MAIL);
	ps_log_level(LOG_WARNING);
	ps_text_init();
	gen = ps_generation_load(config, do_check ? PS_GEN_REQUIRE_CACHE : 0,
				 &err);
	if (gen == NULL) {
		fprintf(stderr, "psmilter: %s\n", err.text);
		ps_text_shutdown();
		return 1;
	}
	files[0] = msg;
	if (msg == NULL && !do_check)
		return ps_daemon_run(gen, config, foreground);
	if (do_check)
		rc = check(gen);
	else if ((nfiles > 1 || ps_replay_wanted(msg)) && explain) {
		fprintf(stderr,
			"psmilter: --explain takes one message, not "
			"a mailbox\n");
		rc = 2;
	} else if (nfiles > 1 || ps_replay_wanted(msg))
		rc = ps_replay(gen, files, nfiles, &env, stdout);
	else
		rc = dry_run(gen, msg, &env, explain);
	free(files);
	ps_generation_unref(gen);
	ps_text_shutdown();
	return rc;
}
