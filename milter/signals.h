#ifndef PS_SIGNALS_H
#define PS_SIGNALS_H

/*
 * NAME
 *	signals.h - HUP/USR1 reload, USR2 statistics, in one thread
 * SUMMARY
 *	ps_signals_block() must run in main before any thread exists, so
 *	every thread inherits the mask; ps_signals_start() then starts the
 *	one thread that waits for HUP, USR1, USR2, TERM and INT.  TERM and
 *	INT make smfi_main() return once messages in flight are done.
 */

void ps_signals_block(void);
int ps_signals_start(void);
void ps_signals_stop(void);

#endif
