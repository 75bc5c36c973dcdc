#ifndef PS_MTA_H
#define PS_MTA_H

/*
 * NAME
 *	mta.h - the seam between psmilter's callbacks and libmilter
 * SUMMARY
 *	The callbacks reach the MTA only through ps_mta, so the Check tests
 *	can drive them with a recording fake and the daemon uses libmilter's
 *	smfi_* functions.
 */

#include <libmilter/mfapi.h>

struct ps_mta_ops {
	char *(*getsymval)(SMFICTX *ctx, char *name);
	int (*chgheader)(SMFICTX *ctx, char *name, int idx, char *value);
	int (*insheader)(SMFICTX *ctx, int idx, char *name, char *value);
	int (*setpriv)(SMFICTX *ctx, void *priv);
	void *(*getpriv)(SMFICTX *ctx);
};

extern const struct ps_mta_ops *ps_mta;

#endif
