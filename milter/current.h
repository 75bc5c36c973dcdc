#ifndef PS_CURRENT_H
#define PS_CURRENT_H

/*
 * NAME
 *	current.h - the generation new messages start with, and reload
 * SUMMARY
 *	ps_current_pin() hands a message a reference to the current
 *	generation; ps_current_reload() loads a new one outside the lock and
 *	swaps one pointer under it.  Messages in flight keep the generation
 *	they pinned; it is freed when the last of them ends.
 */

#include "core/generation.h"
#include "util/error.h"

/* Install the first generation (takes over the caller's reference). */
void ps_current_init(struct ps_generation *gen, const char *config_path);
/* A new reference to the current generation; release with unref. */
struct ps_generation *ps_current_pin(void);
/* 0: swapped in; -1: the old generation stays (reason in err). */
int ps_current_reload(struct ps_error *err);
/* Drop the holder's reference (at exit). */
void ps_current_shutdown(void);

#endif
