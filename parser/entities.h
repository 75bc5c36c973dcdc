#ifndef PS_PARSER_ENTITIES_H
#define PS_PARSER_ENTITIES_H

/*
 * NAME
 *	entities.h - HTML named character references (parser-internal)
 */

#include <stddef.h>

#define PS_ENTITY_NAME_MAX 31

unsigned long ps_entity_lookup(const char *name, size_t len, int *legacy);

#endif
