#ifndef PS_CSV_H
#define PS_CSV_H

/*
 * NAME
 *	csv.h - a streaming RFC 4180 CSV reader
 * SUMMARY
 *	Reads a file (or "-" for stdin, or a memory buffer) one row at a
 *	time: quoted fields with "" escapes, embedded commas and line
 *	breaks, LF or CRLF line ends, a leading UTF-8 BOM, blank lines
 *	skipped.  Rows and field counts are bounded.  The first row is the
 *	header; every later row must have as many fields as the header.
 * DIAGNOSTICS
 *	Errors are "NAME:LINE: reason", LINE being the physical line where
 *	the row starts.
 */

#include <stddef.h>

#include "util/error.h"

#define PS_CSV_ROW_MAX	  65536 /* bytes of field data in one row */
#define PS_CSV_FIELDS_MAX 256	/* fields in one row */

struct ps_csv;

/* One row; the strings stay valid until the next ps_csv_next(). */
struct ps_csv_row {
	size_t nfields;
	char **fields; /* NUL-terminated, unescaped */
	size_t *lens;
	unsigned long line; /* physical line where the row starts */
};

/* A column the caller wants, and where the header put it. */
struct ps_csv_column {
	const char *name; /* matched case-insensitively */
	int required;
	int index; /* out: field index, -1 if absent */
};

/* path "-" reads stdin.  NULL with "PATH: reason" in err. */
struct ps_csv *ps_csv_open(const char *path, struct ps_error *err);
/* Reads buf (not copied; must outlive the reader); name is for messages. */
struct ps_csv *ps_csv_open_mem(const char *name, const char *buf, size_t len);
void ps_csv_close(struct ps_csv *csv);
const char *ps_csv_name(const struct ps_csv *csv);

/*
 * Reads the header row and maps the wanted columns: names are trimmed of
 * spaces and compared case-insensitively; other columns are ignored; a
 * wanted column named twice or a required one missing is an error.
 * 0 on success, -1 with the reason in err.
 */
int ps_csv_header(struct ps_csv *csv, struct ps_csv_column *cols, size_t ncols,
		  struct ps_error *err);

/* 1 a row, 0 end of input, -1 error (reason in err). */
int
ps_csv_next(struct ps_csv *csv, struct ps_csv_row *row, struct ps_error *err);

#endif
