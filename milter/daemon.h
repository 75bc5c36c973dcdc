#ifndef PS_DAEMON_H
#define PS_DAEMON_H

/*
 * NAME
 *	daemon.h - run psmilter as a milter daemon
 * SUMMARY
 *	Opens the socket as root (removing a stale unix socket), drops to
 *	UserID, starts the signal and statistics threads and runs
 *	smfi_main() until TERM or INT (see signals.c), then writes the
 *	statistics and removes the pid file.
 */

#include "core/generation.h"

/* Takes over gen.  Returns the process exit status. */
int ps_daemon_run(struct ps_generation *gen, const char *config_path,
		  int foreground);

#endif
