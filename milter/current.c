/*
 * NAME
 *	current.c - the current generation pointer
 * SUMMARY
 *	The mutex guards only the pointer and the reference count bump, never
 *	a load or a parse, so a slow reload cannot delay mail.
 * DIAGNOSTICS
 *	A reload that changes a key only a restart applies (Socket, UMask...)
 *	logs a warning naming them.
 */

#include <pthread.h>
#include <stdlib.h>

#include "milter/current.h"
#include "util/log.h"
#include "util/xalloc.h"

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ps_generation *current;
static char *current_config;
static char *start_state; /* the start-only keys the daemon runs with */

void
ps_current_init(struct ps_generation *gen, const char *config_path)
{
	pthread_mutex_lock(&current_lock);
	current = gen;
	free(current_config);
	current_config = ps_xstrdup(config_path);
	free(start_state);
	start_state = ps_config_start_state(&gen->cfg);
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
	char changed[256];

	/* Only the signal thread reloads, so current_config is stable here. */
	gen = ps_generation_load(current_config, PS_GEN_REQUIRE_CACHE, err);
	if (gen == NULL)
		return -1;
	ps_config_start_changed(start_state, &gen->cfg, changed,
				sizeof(changed));
	if (changed[0] != '\0')
		ps_log(LOG_WARNING,
		       "reload: %s changed in %s; restart psmilter to apply "
		       "(the running values stay)",
		       changed, gen->cfg.path);
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
	free(start_state);
	start_state = NULL;
}
