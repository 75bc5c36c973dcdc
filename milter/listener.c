/*
 * NAME
 *	listener.c - libmilter's listening socket, seen from outside
 * SUMMARY
 *	The listener is the one socket of ours in the listening state
 *	(SO_ACCEPTCONN): libmilter opens it in smfi_opensocket() and keeps
 *	its descriptor to itself.
 * DESCRIPTION
 *	TCP_NODELAY: an end-of-message reply is several small writes (each
 *	header change, then "continue"); with Nagle's algorithm each waits
 *	for the MTA's delayed ACK, about 40 ms a message.
 *	Stopping: libmilter's accept loop holds a lock across its poll(),
 *	which times out every 5 seconds, and smfi_stop() sets the stop flag
 *	and then waits for that lock to close the socket.  So psmilter took
 *	up to 5 s to exit after SIGTERM with nothing in flight, and a
 *	restart left the MTA that long with no filter.  While smfi_stop()
 *	waits, a thread interrupts the loop's poll() with SIGRTMIN (nothing
 *	else in psmilter or libmilter uses it; its handler does nothing),
 *	so the loop lets go of the lock, finds the flag set and ends.
 * DIAGNOSTICS
 *	A failed setsockopt() is logged.  A failed wake-up is harmless (the
 *	listener still stops at its next timeout) and is not.
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <libmilter/mfapi.h>

#include "milter/listener.h"
#include "util/log.h"

#define FD_SCAN_MAX 1024 /* libmilter opens its socket early, as a low fd */

/* The listening socket's descriptor and domain; -1 if there is none. */
static int
listener(int *domain)
{
	int fd, listening;
	socklen_t len;

	for (fd = 0; fd < FD_SCAN_MAX; fd++) {
		len = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len)
			    < 0
		    || !listening)
			continue;
		len = sizeof(*domain);
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, domain, &len) < 0)
			continue;
		return fd;
	}
	return -1;
}

void
ps_listener_nodelay(void)
{
	int fd, domain, on = 1;

	if ((fd = listener(&domain)) < 0
	    || (domain != AF_INET && domain != AF_INET6))
		return;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) < 0)
		ps_log(LOG_WARNING, "TCP_NODELAY: %s", strerror(errno));
}

static pthread_t listener_thread;
static int armed;

static void
on_wake(int sig)
{
	(void) sig;
}

void
ps_listener_arm(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGRTMIN, &sa, NULL) < 0)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	listener_thread = pthread_self();
	armed = 1;
}

static atomic_int stopped;

/* Until smfi_stop() returns: every 10 ms, one interrupted poll(). */
static void *
waker(void *arg)
{
	struct timespec tick = {0, 10 * 1000 * 1000};

	(void) arg;
	while (!atomic_load(&stopped)) {
		(void) pthread_kill(listener_thread, SIGRTMIN);
		nanosleep(&tick, NULL);
	}
	return NULL;
}

void
ps_listener_stop(void)
{
	pthread_t t;
	int waking = armed && pthread_create(&t, NULL, waker, NULL) == 0;

	smfi_stop();
	if (waking) {
		atomic_store(&stopped, 1);
		pthread_join(t, NULL);
	}
}
