/*
 * NAME
 *	current.c - the current generation pointer
 * SUMMARY
 *	The mutex guards only the pointer and the reference count bump, never
 *	a load or a parse, so a slow reload cannot delay mail.
 */

#include <pthread.h>
#include <stdlib.h>

#include "milter/current.h"
#include "util/xalloc.h"

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ps_generation *current;
static char *current_config;

void
ps_current_init(struct ps_generation *gen, const char *config_path)
{
	pthread_mutex_lock(&current_lock);
	current = gen;
	free(current_config);
	current_config = ps_xstrdup(config_path);
	pthread_mutex_unlock(&current_lock);
}

struct ps_generation *
ps_current_pin(void)
{
	struct ps_generation *gen;

	pthread_mutex_lock(&current_lock);
	gen = current != NULL ? ps_generation_ref(current) : NULL;
	pthread_mutex_unlock(&current_lock);
	return gen;
}

int
ps_current_reload(struct ps_error *err)
{
	struct ps_generation *gen, *old;

	/* Only the signal thread reloads, so current_config is stable here. */
	gen = ps_generation_load(current_config, PS_GEN_REQUIRE_CACHE, err);
	if (gen == NULL)
		return -1;
	pthread_mutex_lock(&current_lock);
	old = current;
	current = gen;
	pthread_mutex_unlock(&current_lock);
	ps_generation_unref(old);
	return 0;
}

void
ps_current_shutdown(void)
{
	struct ps_generation *old;

	pthread_mutex_lock(&current_lock);
	old = current;
	current = NULL;
	pthread_mutex_unlock(&current_lock);
	ps_generation_unref(old);
	free(current_config);
	current_config = NULL;
}
