/*
 * NAME
 *	csv.c - a streaming RFC 4180 CSV reader
 * SUMMARY
 *	Splits a feed into rows of unescaped, NUL-terminated fields.
 * DESCRIPTION
 *	Input is read in large blocks and parsed by a small state machine;
 *	runs of ordinary bytes are copied in a tight loop because a license
 *	feed has a million rows.  A row's fields live in one fixed buffer of
 *	PS_CSV_ROW_MAX bytes, so a runaway quote cannot eat memory: it ends
 *	as "row too long".  Line numbers count LF bytes, including those
 *	inside quoted fields, so an error names the line an editor shows.
 *	A line that is empty or holds only blanks is skipped.  Being strict
 *	about stray quotes, NUL bytes and bare CRs catches broken exports
 *	instead of storing garbage in the cache.
 * DIAGNOSTICS
 *	"NAME:LINE: reason" for syntax errors, "NAME: reason" for I/O.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cache/csv.h"
#include "util/xalloc.h"

#define CSV_BLOCK (1024 * 1024) /* read() size */
#define CSV_EOF	  (-1)

struct ps_csv {
	char *name;
	int fd;			  /* -1 for a memory buffer */
	int close_fd;		  /* 0 for stdin */
	unsigned char *block;	  /* owned read buffer, fd input only */
	const unsigned char *p;	  /* next unread byte */
	const unsigned char *end; /* end of bytes read so far */
	int read_errno;		  /* a read() failure, reported once */
	int started;		  /* the BOM check has been done */
	unsigned long line;	  /* physical line of *p */
	size_t expect;		  /* header's field count, 0 before it */
	char *row;		  /* field bytes, NUL after each field */
	size_t rowlen;
	char *fields[PS_CSV_FIELDS_MAX];
	size_t lens[PS_CSV_FIELDS_MAX];
	size_t nfields;
	int any_quoted; /* a quoted field: the row is not blank */
};

/* Bytes that end a run of plain bytes, outside and inside quotes. */
static unsigned char plain_stop[256];
static unsigned char quoted_stop[256];

static void
init_tables(void)
{
	/* Idempotent and race-free: every caller writes the same values. */
	plain_stop[','] = plain_stop['\n'] = plain_stop['\r'] = 1;
	plain_stop['"'] = plain_stop[0] = 1;
	quoted_stop['"'] = quoted_stop['\n'] = quoted_stop[0] = 1;
}

static struct ps_csv *
csv_new(const char *name)
{
	struct ps_csv *csv = ps_xcalloc(1, sizeof(*csv));

	init_tables();
	csv->name = ps_xstrndup(name, strlen(name));
	csv->fd = -1;
	csv->line = 1;
	/* One NUL per field beyond the data limit. */
	csv->row = ps_xmalloc(PS_CSV_ROW_MAX + PS_CSV_FIELDS_MAX + 1);
	return csv;
}

struct ps_csv *
ps_csv_open(const char *path, struct ps_error *err)
{
	struct ps_csv *csv;
	int fd;

	if (strcmp(path, "-") == 0) {
		fd = 0;
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		ps_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	csv = csv_new(strcmp(path, "-") == 0 ? "stdin" : path);
	csv->fd = fd;
	csv->close_fd = fd != 0;
	csv->block = ps_xmalloc(CSV_BLOCK);
	csv->p = csv->end = csv->block;
	return csv;
}

struct ps_csv *
ps_csv_open_mem(const char *name, const char *buf, size_t len)
{
	struct ps_csv *csv = csv_new(name);

	csv->p = (const unsigned char *) buf;
	csv->end = csv->p + len;
	return csv;
}

void
ps_csv_close(struct ps_csv *csv)
{
	if (csv == NULL)
		return;
	if (csv->close_fd)
		close(csv->fd);
	free(csv->block);
	free(csv->row);
	free(csv->name);
	free(csv);
}

const char *
ps_csv_name(const struct ps_csv *csv)
{
	return csv->name;
}

/* Reads more input, keeping unread bytes; 0 at end of input or error. */
static int
fill(struct ps_csv *csv)
{
	size_t left = (size_t) (csv->end - csv->p);
	ssize_t n;

	if (csv->fd < 0 || csv->read_errno)
		return 0;
	memmove(csv->block, csv->p, left);
	csv->p = csv->block;
	csv->end = csv->block + left;
	do {
		n = read(csv->fd, csv->block + left, CSV_BLOCK - left);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		csv->read_errno = errno;
		return 0;
	}
	csv->end += n;
	return n > 0;
}

static int
next_byte(struct ps_csv *csv)
{
	if (csv->p == csv->end && !fill(csv))
		return CSV_EOF;
	return *csv->p++;
}

static int
peek_byte(struct ps_csv *csv)
{
	if (csv->p == csv->end && !fill(csv))
		return CSV_EOF;
	return *csv->p;
}

static void
skip_bom(struct ps_csv *csv)
{
	while (csv->end - csv->p < 3 && fill(csv))
		/* read at least three bytes, if there are that many */;
	if (csv->end - csv->p >= 3 && memcmp(csv->p, "\xEF\xBB\xBF", 3) == 0)
		csv->p += 3;
	csv->started = 1;
}

static int
row_error(const struct ps_csv *csv, unsigned long line, struct ps_error *err,
	  const char *reason)
{
	if (csv->read_errno)
		ps_error_set(err, "%s: read error: %s", csv->name,
			     strerror(csv->read_errno));
	else
		ps_error_set(err, "%s:%lu: %s", csv->name, line, reason);
	return -1;
}

/* Ends the current field; -1 when the row has too many. */
static int
end_field(struct ps_csv *csv, size_t start)
{
	if (csv->nfields == PS_CSV_FIELDS_MAX)
		return -1;
	csv->row[csv->rowlen] = 0;
	csv->fields[csv->nfields] = csv->row + start;
	csv->lens[csv->nfields] = csv->rowlen - start;
	csv->nfields++;
	csv->rowlen++;
	return 0;
}

/* Copies plain bytes up to a stop byte; -1 when the row is full. */
static int
copy_run(struct ps_csv *csv, const unsigned char *stop)
{
	const unsigned char *p = csv->p;
	const unsigned char *end = csv->end;
	char *dst = csv->row + csv->rowlen;
	size_t room = PS_CSV_ROW_MAX - csv->rowlen;
	size_t n = 0;

	while (p < end && !stop[*p]) {
		if (n == room)
			return -1;
		dst[n++] = (char) *p++;
	}
	csv->p = p;
	csv->rowlen += n;
	return 0;
}

static int
put_byte(struct ps_csv *csv, int ch)
{
	if (csv->rowlen >= PS_CSV_ROW_MAX)
		return -1;
	csv->row[csv->rowlen++] = (char) ch;
	return 0;
}

enum field_state {
	AT_START,   /* nothing of the field read yet */
	IN_PLAIN,   /* unquoted field */
	IN_QUOTES,  /* inside "..." */
	AFTER_QUOTE /* a " inside quotes: escape or close */
};

/* After an unescaped LF, CRLF or end of input: is it a row end? */
static int
at_row_end(struct ps_csv *csv, int ch)
{
	if (ch == '\n' || ch == CSV_EOF) {
		if (ch == '\n')
			csv->line++;
		return 1;
	}
	if (ch == '\r' && peek_byte(csv) == '\n') {
		csv->p++;
		csv->line++;
		return 1;
	}
	return 0;
}

/*
 * Reads one physical row into csv->row and csv->fields.
 * 1 a row, 0 end of input, -1 error.
 */
static int
read_row(struct ps_csv *csv, unsigned long *line, struct ps_error *err)
{
	enum field_state state = AT_START;
	size_t start = 0;
	int ch;

	csv->rowlen = csv->nfields = 0;
	csv->any_quoted = 0;
	*line = csv->line;
	for (;;) {
		if (state == IN_PLAIN && copy_run(csv, plain_stop) < 0)
			goto too_long;
		if (state == IN_QUOTES && copy_run(csv, quoted_stop) < 0)
			goto too_long;
		ch = next_byte(csv);
		if (ch == 0)
			return row_error(csv, *line, err, "NUL byte");
		switch (state) {
		case AT_START:
			if (ch == CSV_EOF && csv->nfields == 0)
				return csv->read_errno
					? row_error(csv, *line, err, "")
					: 0;
			if (ch == '"') {
				state = IN_QUOTES;
				csv->any_quoted = 1;
				continue;
			}
			/* FALLTHROUGH */
		case IN_PLAIN:
		case AFTER_QUOTE:
			if (state == AFTER_QUOTE && ch == '"') {
				if (put_byte(csv, '"') < 0)
					goto too_long;
				state = IN_QUOTES;
				continue;
			}
			if (ch == ',' || at_row_end(csv, ch)) {
				if (end_field(csv, start) < 0)
					goto too_many;
				if (ch != ',')
					return csv->read_errno
						? row_error(csv, *line, err, "")
						: 1;
				start = csv->rowlen;
				state = AT_START;
				continue;
			}
			if (state == AFTER_QUOTE)
				return (row_error(csv, *line, err,
						  "unexpected character after "
						  "closing quote"));
			if (ch == '"')
				return (row_error(
					csv, *line, err,
					"quote inside an unquoted field"));
			if (ch == '\r')
				return (row_error(csv, *line, err,
						  "CR not followed by LF"));
			if (put_byte(csv, ch) < 0)
				goto too_long;
			state = IN_PLAIN;
			continue;
		case IN_QUOTES:
			if (ch == CSV_EOF)
				return (row_error(csv, *line, err,
						  "unterminated quoted field"));
			if (ch == '"') {
				state = AFTER_QUOTE;
				continue;
			}
			if (ch == '\n')
				csv->line++;
			if (put_byte(csv, ch) < 0)
				goto too_long;
			continue;
		}
	}
too_long:
	return (row_error(csv, *line, err,
			  state == IN_QUOTES
				  ? "row too long (more than 65536 bytes; "
				    "unterminated quote?)"
				  : "row too long (more than 65536 bytes)"));
too_many:
	return (row_error(csv, *line, err, "too many fields (more than 256)"));
}

/* An empty or all-blank line with no quotes is not a row. */
static int
row_is_blank(const struct ps_csv *csv)
{
	size_t i;

	if (csv->nfields != 1 || csv->any_quoted)
		return 0;
	for (i = 0; i < csv->lens[0]; i++)
		if (csv->fields[0][i] != ' ' && csv->fields[0][i] != '\t')
			return 0;
	return 1;
}

int
ps_csv_next(struct ps_csv *csv, struct ps_csv_row *row, struct ps_error *err)
{
	unsigned long line;
	char why[80];
	int rc;

	if (!csv->started)
		skip_bom(csv);
	do {
		if ((rc = read_row(csv, &line, err)) <= 0)
			return rc;
	} while (row_is_blank(csv));
	if (csv->expect == 0) {
		csv->expect = csv->nfields;
	} else if (csv->nfields != csv->expect) {
		snprintf(why, sizeof(why),
			 "wrong number of fields: %zu, "
			 "the header has %zu",
			 csv->nfields, csv->expect);
		return row_error(csv, line, err, why);
	}
	row->nfields = csv->nfields;
	row->fields = csv->fields;
	row->lens = csv->lens;
	row->line = line;
	return 1;
}

/* Trims blanks in place and returns the start of the name. */
static char *
trim_name(char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
ps_csv_header(struct ps_csv *csv, struct ps_csv_column *cols, size_t ncols,
	      struct ps_error *err)
{
	struct ps_csv_row row;
	size_t i, j;
	char *name;
	int rc;

	for (j = 0; j < ncols; j++)
		cols[j].index = -1;
	if ((rc = ps_csv_next(csv, &row, err)) < 0)
		return -1;
	if (rc == 0) {
		ps_error_set(err, "%s: empty feed (no header row)", csv->name);
		return -1;
	}
	for (i = 0; i < row.nfields; i++) {
		name = trim_name(row.fields[i], row.lens[i]);
		for (j = 0; j < ncols; j++) {
			if (strcasecmp(name, cols[j].name) != 0)
				continue;
			if (cols[j].index >= 0) {
				ps_error_set(err, "%s:%lu: duplicate column %s",
					     csv->name, row.line, cols[j].name);
				return -1;
			}
			cols[j].index = (int) i;
		}
	}
	for (j = 0; j < ncols; j++) {
		if (cols[j].required && cols[j].index < 0) {
			ps_error_set(err, "%s:%lu: missing required column %s",
				     csv->name, row.line, cols[j].name);
			return -1;
		}
	}
	return 0;
}
