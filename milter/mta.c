/*
 * NAME
 *	mta.c - the seam's production side: libmilter itself
 */

#include "milter/mta.h"

static const struct ps_mta_ops libmilter_ops = {
	smfi_getsymval, smfi_chgheader, smfi_insheader,
	smfi_setpriv,	smfi_getpriv,
};

const struct ps_mta_ops *ps_mta = &libmilter_ops;
