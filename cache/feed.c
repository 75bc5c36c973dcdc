/*
 * NAME
 *	feed.c - read a CSV feed's wanted columns, parsing in a second thread
 * SUMMARY
 *	A producer thread parses rows into batches; the caller's thread
 *	checks and stores them, in file order.
 * DESCRIPTION
 *	Parsing CSV and checking rows take about the same time, so running
 *	them on two cores nearly halves the time to read a large feed.  The
 *	parser copies only the wanted columns of each row into a batch (a
 *	few thousand rows); a ring of batches lets it run ahead of the
 *	consumer by a bounded amount of memory.  A parse error travels in
 *	the batch after the last good row, so errors still come out in file
 *	order: the consumer sees every earlier row first.  If the callback
 *	fails, the parser is told to stop and joined.  Without a thread (if
 *	pthread_create fails) the same batches are filled and consumed in
 *	turn by the caller alone.
 * DIAGNOSTICS
 *	The reader's or the callback's message, unchanged.
 */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/feed.h"
#include "util/xalloc.h"

#define BATCH_ROWS  4096
#define BATCH_BYTES (2 * 1024 * 1024)
#define RING	    4

/* Room for the largest row the reader can return. */
#define ROW_ROOM (PS_CSV_ROW_MAX + PS_CSV_FIELDS_MAX + 1)

struct batch {
	size_t nrows;
	size_t used; /* bytes of data; data[0] is "" */
	int last;    /* nothing follows this batch */
	int rc;	     /* with last: 0 end of feed, -1 error */
	struct ps_error err;
	unsigned long line[BATCH_ROWS];
	uint32_t *off; /* [row * ncols + col] into data */
	uint32_t *len;
	char *data;
};

struct feed {
	struct ps_csv *csv;
	const struct ps_csv_column *cols;
	size_t ncols;
	struct batch ring[RING];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t head, count; /* oldest full batch, full batches */
	int stop;	    /* the consumer gave up */
};

static void
batch_init(struct batch *b, size_t ncols)
{
	b->off = ps_xmalloc(BATCH_ROWS * ncols * sizeof(*b->off));
	b->len = ps_xmalloc(BATCH_ROWS * ncols * sizeof(*b->len));
	b->data = ps_xmalloc(BATCH_BYTES);
}

static void
batch_free(struct batch *b)
{
	free(b->off);
	free(b->len);
	free(b->data);
}

/* A batch row as the callbacks see it. */
static void
batch_row(const struct feed *f, const struct batch *b, size_t r,
	  struct ps_feed_row *row)
{
	size_t c, i;

	row->line = b->line[r];
	for (c = 0, i = r * f->ncols; c < f->ncols; c++, i++) {
		row->val[c] = b->data + b->off[i];
		row->len[c] = b->len[i];
	}
}

/* Copies the wanted columns of one row into the batch. */
static void
batch_add(struct feed *f, struct batch *b, const struct ps_csv_row *row)
{
	size_t c, i = b->nrows * f->ncols, n;
	int idx;

	b->line[b->nrows] = row->line;
	for (c = 0; c < f->ncols; c++, i++) {
		if ((idx = f->cols[c].index) < 0) {
			b->off[i] = 0; /* the empty string */
			b->len[i] = 0;
			continue;
		}
		n = row->lens[idx];
		memcpy(b->data + b->used, row->fields[idx], n + 1);
		b->off[i] = (uint32_t) b->used;
		b->len[i] = (uint32_t) n;
		b->used += n + 1;
	}
	b->nrows++;
}

/* Parses rows until the batch is full or the feed ends. */
static void
batch_fill(struct feed *f, struct batch *b)
{
	struct ps_csv_row row;
	int rc;

	b->nrows = 0;
	b->data[0] = 0;
	b->used = 1;
	b->last = 0;
	while (b->nrows < BATCH_ROWS && BATCH_BYTES - b->used >= ROW_ROOM) {
		if ((rc = ps_csv_next(f->csv, &row, &b->err)) <= 0) {
			b->last = 1;
			b->rc = rc;
			return;
		}
		batch_add(f, b, &row);
	}
}

/* Hands each row of a batch to fn; 0, or -1 when fn fails. */
static int
batch_consume(struct feed *f, const struct batch *b, ps_feed_row_fn fn,
	      void *ctx, struct ps_error *err)
{
	struct ps_feed_row row;
	size_t r;

	for (r = 0; r < b->nrows; r++) {
		batch_row(f, b, r, &row);
		if (fn(ctx, &row, err) < 0)
			return -1;
	}
	return 0;
}

/* The producer: fills free batches in ring order until the end or stop. */
static void *
producer(void *arg)
{
	struct feed *f = arg;
	struct batch *b;
	size_t tail = 0;
	int last;

	do {
		pthread_mutex_lock(&f->lock);
		while (f->count == RING && !f->stop)
			pthread_cond_wait(&f->cond, &f->lock);
		if (f->stop) {
			pthread_mutex_unlock(&f->lock);
			break;
		}
		pthread_mutex_unlock(&f->lock);
		b = &f->ring[tail];
		batch_fill(f, b);
		last = b->last;
		tail = (tail + 1) % RING;
		pthread_mutex_lock(&f->lock);
		f->count++;
		pthread_cond_broadcast(&f->cond);
		pthread_mutex_unlock(&f->lock);
	} while (!last);
	return NULL;
}

static struct batch *
take(struct feed *f)
{
	struct batch *b;

	pthread_mutex_lock(&f->lock);
	while (f->count == 0)
		pthread_cond_wait(&f->cond, &f->lock);
	b = &f->ring[f->head];
	pthread_mutex_unlock(&f->lock);
	return b;
}

static void
give_back(struct feed *f)
{
	pthread_mutex_lock(&f->lock);
	f->head = (f->head + 1) % RING;
	f->count--;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

/* The consumer side, with the producer thread running. */
static int
consume_threaded(struct feed *f, pthread_t thread, ps_feed_row_fn fn, void *ctx,
		 struct ps_error *err)
{
	struct batch *b;
	int rc;

	do {
		b = take(f);
		rc = batch_consume(f, b, fn, ctx, err);
		if (rc == 0 && b->last && (rc = b->rc) < 0)
			ps_error_set(err, "%s", b->err.text);
		if (rc < 0 || b->last)
			break;
		give_back(f);
	} while (1);
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
	pthread_join(thread, NULL);
	return rc;
}

/* Without a thread: fill one batch, consume it, repeat. */
static int
consume_inline(struct feed *f, ps_feed_row_fn fn, void *ctx,
	       struct ps_error *err)
{
	struct batch *b = &f->ring[0];
	int rc;

	do {
		batch_fill(f, b);
		rc = batch_consume(f, b, fn, ctx, err);
		if (rc == 0 && b->last && (rc = b->rc) < 0)
			ps_error_set(err, "%s", b->err.text);
	} while (rc == 0 && !b->last);
	return rc;
}

int
ps_feed_read(const char *path, struct ps_csv_column *cols, size_t ncols,
	     ps_feed_row_fn fn, void *ctx, struct ps_error *err)
{
	struct feed f;
	pthread_t thread;
	size_t i;
	int rc;

	if (ncols > PS_FEED_COLUMNS_MAX) {
		ps_error_set(err, "%s: too many columns wanted", path);
		return -1;
	}
	memset(&f, 0, sizeof(f));
	if ((f.csv = ps_csv_open(path, err)) == NULL)
		return -1;
	if (ps_csv_header(f.csv, cols, ncols, err) < 0) {
		ps_csv_close(f.csv);
		return -1;
	}
	f.cols = cols;
	f.ncols = ncols;
	for (i = 0; i < RING; i++)
		batch_init(&f.ring[i], ncols);
	pthread_mutex_init(&f.lock, NULL);
	pthread_cond_init(&f.cond, NULL);
	if (pthread_create(&thread, NULL, producer, &f) == 0)
		rc = consume_threaded(&f, thread, fn, ctx, err);
	else
		rc = consume_inline(&f, fn, ctx, err);
	pthread_cond_destroy(&f.cond);
	pthread_mutex_destroy(&f.lock);
	for (i = 0; i < RING; i++)
		batch_free(&f.ring[i]);
	ps_csv_close(f.csv);
	return rc;
}
