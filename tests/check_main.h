#ifndef PS_TEST_CHECK_MAIN_H
#define PS_TEST_CHECK_MAIN_H

/*
 * NAME
 *	check_main.h - what a Check test program gives the shared main()
 * SUMMARY
 *	Each tests/test_*.c defines ps_test_program: the function that makes
 *	its suite and, when the code under test needs them, a library's
 *	set-up and tear-down (GMime's).  tests/check_main.c runs it.
 */

#include <check.h>

struct ps_test_program {
	Suite *(*suite)(void);
	void (*init)(void); /* before the suite runs, or NULL */
	void (*fini)(void); /* after it ran, or NULL */
};

extern const struct ps_test_program ps_test_program;

#endif
