#ifndef PS_CALLBACKS_H
#define PS_CALLBACKS_H

/*
 * NAME
 *	callbacks.h - psmilter's libmilter callbacks
 * SUMMARY
 *	ps_milter_desc is the filter description handed to smfi_register().
 *	The callbacks talk to the MTA only through ps_mta (mta.h).
 */

#include <libmilter/mfapi.h>

extern struct smfiDesc ps_milter_desc;

#endif
