/*
 * NAME
 *	parsebench - CPU per message: psmilter's pipeline vs a bare GMime parse
 * SUMMARY
 *	parsebench -c CONFIG [-r ROUNDS] [-t SECONDS] MESSAGE.eml...
 * DESCRIPTION
 *	Loads the messages into memory, then alternates, ROUNDS times, a
 *	pass of each over every buffer:
 *	  gmime     g_mime_parser_construct_message() and a walk over every
 *	            MIME part, what any GMime-based filter pays;
 *	  pipeline  ps_pipeline_run() with the generation CONFIG loads (parse,
 *	            template fields, cache lookup, decision, headers), the
 *	            code the daemon runs at end of message.
 *	A pass repeats over the buffers until it has used SECONDS of CPU
 *	(default 0.3).  CPU is process CPU time (CLOCK_PROCESS_CPUTIME_ID),
 *	so a noisy neighbour costs wall time, not figures.  Alternating the
 *	two in one process puts both under the same cache and frequency
 *	conditions; the median of the rounds is printed.
 *	Prints one line of key=value figures on stdout.
 * DIAGNOSTICS
 *	Load errors on stderr, exit 1; usage errors exit 2.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "core/generation.h"
#include "core/pipeline.h"
#include "parser/text.h"
#include "util/log.h"

struct buf {
	char *data;
	size_t len;
};

static struct buf *bufs;
static size_t nbufs;

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
count_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void) parent, (void) part;
	(*(unsigned long *) data)++;
}

static unsigned long
gmime_one(const struct buf *b)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	unsigned long parts = 0;

	stream = g_mime_stream_mem_new_with_buffer(b->data, b->len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	if (msg != NULL) {
		g_mime_message_foreach(msg, count_part, &parts);
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_object_unref(stream);
	return parts;
}

static unsigned long
pipeline_one(const struct ps_generation *gen, const struct buf *b)
{
	struct ps_envelope env = {"BENCH", NULL, NULL, 0};
	struct ps_headers h;
	struct ps_outcome o;
	unsigned long n;

	ps_pipeline_run(gen, b->data, b->len, &env, &h, &o);
	n = h.n;
	ps_headers_free(&h);
	return n;
}

/* CPU seconds per message of one pass; *sink keeps the work observable. */
static double
pass(const struct ps_generation *gen, double budget, unsigned long *sink)
{
	double t0 = cpu_now(), t;
	unsigned long n = 0;
	size_t i;

	do {
		for (i = 0; i < nbufs; i++, n++)
			*sink += gen ? pipeline_one(gen, &bufs[i])
				     : gmime_one(&bufs[i]);
	} while ((t = cpu_now() - t0) < budget);
	return t / (double) n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return (x > y) - (x < y);
}

static void
load(const char *path, struct buf *b)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;

	if (fp == NULL || fstat(fileno(fp), &st) < 0) {
		perror(path);
		exit(1);
	}
	b->data = malloc((size_t) st.st_size + 1);
	if (b->data == NULL) {
		fputs("parsebench: out of memory\n", stderr);
		exit(1);
	}
	b->len = fread(b->data, 1, (size_t) st.st_size, fp);
	fclose(fp);
}

int
main(int argc, char **argv)
{
	const char *config = NULL;
	unsigned long rounds = 5, r, sink = 0;
	double budget = 0.3, *g, *p;
	struct ps_generation *gen;
	struct ps_error err;
	size_t i, bytes = 0;
	int opt;

	while ((opt = getopt(argc, argv, "c:r:t:")) != -1) {
		switch (opt) {
		case 'c': config = optarg; break;
		case 'r': rounds = strtoul(optarg, NULL, 10); break;
		case 't': budget = strtod(optarg, NULL); break;
		default:
			config = NULL;
			optind = argc;
			break;
		}
	}
	if (config == NULL || optind == argc || rounds == 0) {
		fputs("usage: parsebench -c CONFIG [-r ROUNDS] [-t SECONDS] "
		      "MESSAGE.eml...\n",
		      stderr);
		return 2;
	}
	ps_log_open("parsebench", 1, LOG_MAIL);
	ps_log_level(LOG_ERR); /* parse warnings are not the point */
	ps_text_init();
	if ((gen = ps_generation_load(config, PS_GEN_REQUIRE_CACHE, &err))
	    == NULL) {
		fprintf(stderr, "parsebench: %s\n", err.text);
		return 1;
	}
	nbufs = (size_t) (argc - optind);
	bufs = calloc(nbufs, sizeof(*bufs));
	g = calloc(rounds, sizeof(*g));
	p = calloc(rounds, sizeof(*p));
	if (bufs == NULL || g == NULL || p == NULL)
		return 1;
	for (i = 0; i < nbufs; i++) {
		load(argv[optind + (int) i], &bufs[i]);
		bytes += bufs[i].len;
	}
	for (r = 0; r < rounds; r++) {
		g[r] = pass(NULL, budget, &sink);
		p[r] = pass(gen, budget, &sink);
	}
	qsort(g, rounds, sizeof(*g), cmp_double);
	qsort(p, rounds, sizeof(*p), cmp_double);
	printf("messages=%zu avg_bytes=%zu rounds=%lu gmime_us=%.1f "
	       "pipeline_us=%.1f ratio=%.2f sink=%lu\n",
	       nbufs, bytes / nbufs, rounds, g[rounds / 2] * 1e6,
	       p[rounds / 2] * 1e6, p[rounds / 2] / g[rounds / 2], sink);
	free(g);
	free(p);
	ps_generation_unref(gen);
	ps_text_shutdown();
	return 0;
}
