#ifndef PS_CACHE_NORMALIZE_H
#define PS_CACHE_NORMALIZE_H

/*
 * NAME
 *	normalize.h - check and normalize feed values (internal)
 * SUMMARY
 *	Addresses and domains are lowercased; ids are checked.  The same
 *	rules serve the builder (strict) and the reader (keys to look up).
 */

#include <stddef.h>

/*
 * Trims ASCII blanks; updates *s and returns the new length.  Inline:
 * the builder trims every field and list item of every row.
 */
static inline size_t
ps_norm_trim(const char **s, size_t len)
{
	while (len > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		len--;
	}
	while (len > 0 && ((*s)[len - 1] == ' ' || (*s)[len - 1] == '\t'))
		len--;
	return len;
}

/*
 * Domain: strips one leading "@" and one trailing ".", lowercases, and
 * checks LDH labels (at least two, not all-digit TLD).  out must hold
 * len bytes.  The normalized length, or 0 when it is not a domain.
 */
size_t ps_norm_domain(const char *s, size_t len, char *out);

/* Address local@domain, lowercased; out holds len bytes.  0 when bad. */
size_t ps_norm_email(const char *s, size_t len, char *out);

/* 1 if s is 1..PS_ID_DIGITS_MAX ASCII digits. */
int ps_norm_is_digits(const char *s, size_t len);

/* NULL if the account id is acceptable, else why not. */
const char *ps_norm_account_id(const char *s, size_t len);

/* 0 and *out for a decimal integer 0..PS_LICENSES_MAX, else -1. */
int ps_norm_licenses(const char *s, size_t len, unsigned long *out);

/* ASCII lowercase copy of len bytes (no NUL added). */
void ps_norm_lower(const char *s, size_t len, char *out);

#endif
