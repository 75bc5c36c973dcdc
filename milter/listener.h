#ifndef PS_LISTENER_H
#define PS_LISTENER_H

/*
 * NAME
 *	listener.h - libmilter's listening socket, seen from outside
 * SUMMARY
 *	libmilter opens and owns the socket the MTA connects to and does not
 *	expose it; psmilter finds it among its descriptors (the one socket
 *	in the listening state) for two jobs libmilter does not do.
 */

/* TCP_NODELAY on a TCP listener; accepted sockets inherit it. */
void ps_listener_nodelay(void);

/*
 * smfi_stop(), without libmilter's wait of up to 5 seconds.  Call
 * ps_listener_arm() first, in the thread that will run smfi_main().
 */
void ps_listener_arm(void);
void ps_listener_stop(void);

#endif
