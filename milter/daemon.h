#ifndef PS_DAEMON_H
#define PS_DAEMON_H

/*
 * NAME
 *	daemon.h - run psmilter as a milter daemon
 * SUMMARY
 *	Opens the socket as root (removing a stale unix socket), drops to
 *	UserID, starts the signal and statistics threads, runs smfi_main()
 *	and, when TERM or INT stop it, lets messages in flight finish.
 */

#include "milter/generation.h"

/* Takes over gen.  Returns the process exit status. */
int	ps_daemon_run(struct ps_generation *gen, const char *config_path,
		      int foreground);

#endif
