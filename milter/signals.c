/*
 * NAME
 *	signals.c - the reload and statistics signal thread
 * SUMMARY
 *	Stock libmilter runs its own thread in sigwait() for HUP, TERM and
 *	INT, and treats HUP as "stop".  Two threads in sigwait() for the same
 *	signal get it in no defined order, so blocking HUP alone would make a
 *	reload sometimes stop the milter.  psmilter therefore provides
 *	sigwait() itself: libmilter's call resolves to the definition below,
 *	which leaves HUP, USR1 and USR2 out of the set, and psmilter's own
 *	thread waits for those with sigwaitinfo().  Nothing runs in a signal
 *	handler.
 * DIAGNOSTICS
 *	Reloads are logged with the new cache's metadata, or with the first
 *	error (FILE:LINE: reason), in which case the old generation stays.
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <libmilter/mfapi.h>

#include "milter/current.h"
#include "milter/listener.h"
#include "milter/signals.h"
#include "milter/stats.h"
#include "util/log.h"

#define DRAIN_SECONDS 60 /* longest wait for messages in flight */

static pthread_t signal_thread;
static int signal_thread_running;

static void
own_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGUSR2);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
}

/* libmilter's signal thread calls this; see SUMMARY. */
int
sigwait(const sigset_t *set, int *sig)
{
	sigset_t theirs = *set;
	int r;

	sigdelset(&theirs, SIGHUP);
	sigdelset(&theirs, SIGUSR1);
	sigdelset(&theirs, SIGUSR2);
	sigdelset(&theirs, SIGTERM);
	sigdelset(&theirs, SIGINT);
	do
		r = sigwaitinfo(&theirs, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}

void
ps_signals_block(void)
{
	sigset_t set;

	own_signals(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void
reload(void)
{
	struct ps_generation *gen;
	struct ps_cache_meta meta;
	struct ps_error err;
	char when[64];

	if (ps_current_reload(&err) < 0) {
		ps_stats_count(PS_C_RELOADS_FAILED);
		ps_stats_loaded(0);
		ps_log(LOG_ERR,
		       "reload failed: %s; keeping the loaded "
		       "configuration",
		       err.text);
		return;
	}
	ps_stats_count(PS_C_RELOADS_OK);
	ps_stats_loaded(1);
	gen = ps_current_pin();
	if (ps_cache_meta(gen->cache, &meta, &err) == 0) {
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ",
			 gmtime(&meta.built));
		ps_log(LOG_NOTICE,
		       "reloaded %s; cache %s: %lu rows, %lu keys, "
		       "built %s from %s",
		       gen->cfg.path, gen->cfg.license_cache, meta.rows,
		       meta.keys, when, meta.source);
	} else {
		ps_log(LOG_NOTICE, "reloaded %s", gen->cfg.path);
	}
	ps_generation_unref(gen);
}

/* Let messages in flight finish, then make smfi_main() return. */
static void
stop(int sig)
{
	struct timespec tick = {0, 50 * 1000 * 1000};
	unsigned waited, n;

	ps_log(LOG_NOTICE, "%s: stopping once messages in flight are done",
	       sig == SIGTERM ? "SIGTERM" : "SIGINT");
	for (waited = 0;
	     (n = ps_stats_in_flight()) > 0 && waited < DRAIN_SECONDS * 20;
	     waited++)
		nanosleep(&tick, NULL);
	if (n > 0)
		ps_log(LOG_WARNING, "stopping with %u messages in flight", n);
	ps_listener_stop();
}

static void *
signal_main(void *arg)
{
	sigset_t set;
	int sig;

	(void) arg;
	own_signals(&set);
	for (;;) {
		sig = sigwaitinfo(&set, NULL);
		if (sig == SIGTERM || sig == SIGINT) {
			stop(sig);
			return NULL;
		}
		/* Shutdown cancels this thread only while it waits. */
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
		if (sig == SIGHUP || sig == SIGUSR1)
			reload();
		else if (sig == SIGUSR2)
			ps_stats_log();
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	}
	return NULL;
}

int
ps_signals_start(void)
{
	int r = pthread_create(&signal_thread, NULL, signal_main, NULL);

	if (r != 0) {
		ps_log(LOG_ERR, "cannot start the signal thread: %s",
		       strerror(r));
		return -1;
	}
	signal_thread_running = 1;
	return 0;
}

void
ps_signals_stop(void)
{
	if (!signal_thread_running)
		return;
	pthread_cancel(signal_thread); /* sigwaitinfo is a cancellation point */
	pthread_join(signal_thread, NULL);
	signal_thread_running = 0;
}
