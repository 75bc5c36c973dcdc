/*
 * NAME
 *	error.c - one error type: "FILE:LINE: reason"
 * SUMMARY
 *	Formats into the caller's fixed buffer: no allocation, so an error
 *	can be reported on any path, out-of-memory aside.  A reason too
 *	long for the buffer is cut, never overflows it.
 */

#include <stdio.h>

#include "util/error.h"

void
ps_error_vat(struct ps_error *err, const char *file, unsigned long line,
	     const char *fmt, va_list ap)
{
	int n = 0;

	if (err == NULL)
		return;
	if (file != NULL && line > 0)
		n = snprintf(err->text, sizeof(err->text), "%s:%lu: ", file,
			     line);
	else if (file != NULL)
		n = snprintf(err->text, sizeof(err->text), "%s: ", file);
	if (n < 0)
		n = 0;
	if ((size_t) n >= sizeof(err->text))
		return;
	vsnprintf(err->text + n, sizeof(err->text) - (size_t) n, fmt, ap);
}

void
ps_error_at(struct ps_error *err, const char *file, unsigned long line,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ps_error_vat(err, file, line, fmt, ap);
	va_end(ap);
}

void
ps_error_set(struct ps_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ps_error_vat(err, NULL, 0, fmt, ap);
	va_end(ap);
}

void
ps_error_clear(struct ps_error *err)
{
	if (err != NULL)
		err->text[0] = '\0';
}
