/*
 * NAME
 *	check_main.c - main() of every Check test program
 * SUMMARY
 *	Runs the program's suite (ps_test_program, from its test_*.c) in
 *	Check's normal mode: each test in a child process (CK_FORK and
 *	CK_DEFAULT_TIMEOUT from the environment apply), a summary and
 *	every failure on stdout.
 * DIAGNOSTICS
 *	Exits 0 when every test passed, 1 otherwise.
 */

#include <check.h>
#include <stdlib.h>

#include "tests/check_main.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	if (ps_test_program.init != NULL)
		ps_test_program.init();
	sr = srunner_create(ps_test_program.suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (ps_test_program.fini != NULL)
		ps_test_program.fini();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
