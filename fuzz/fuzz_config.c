/*
 * NAME
 *	fuzz_config.c - libFuzzer target: psmilter.conf
 * SUMMARY
 *	Any byte string through ps_config_parse() on a defaulted config,
 *	then ps_config_free().  A failed parse must leave a
 *	"NAME:LINE: reason" message; a config must be freeable either way.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_config cfg;
	struct ps_error err = {""};

	ps_config_init(&cfg);
	if (ps_config_parse("fuzz.conf", (const char *) data, size, &cfg, &err)
		    != 0
	    && strncmp(err.text, "fuzz.conf", 9) != 0)
		abort();
	ps_config_free(&cfg);
	return 0;
}
