#ifndef PS_ERROR_H
#define PS_ERROR_H

/*
 * NAME
 *	error.h - one error type: "FILE:LINE: reason"
 * SUMMARY
 *	A function that can fail on its input (a config, rules, regions or
 *	freemail file, a feed, a cache, a message) fills a struct ps_error
 *	and returns failure; the caller prints it, logs it, or keeps what
 *	it had.  Messages name the file and, where there is one, the line,
 *	so that an administrator can go straight to the mistake.  A NULL
 *	struct ps_error pointer is allowed: the reason is then dropped.
 */

#include <stdarg.h>

#define PS_ERROR_MAX 512

struct ps_error {
	char text[PS_ERROR_MAX];
};

/* "reason" */
void ps_error_set(struct ps_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "FILE:LINE: reason", or "FILE: reason" when line is 0. */
void ps_error_at(struct ps_error *err, const char *file, unsigned long line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void
ps_error_vat(struct ps_error *err, const char *file, unsigned long line,
	     const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Empty the text: no error so far. */
void ps_error_clear(struct ps_error *err);

#endif
