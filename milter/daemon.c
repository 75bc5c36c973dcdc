/*
 * NAME
 *	daemon.c - socket, privileges, pid file, threads, smfi_main()
 * SUMMARY
 *	libmilter would create its socket inside smfi_main(), after any
 *	privilege drop; smfi_opensocket() is called first, as root, so the
 *	socket may live in a root-owned directory, and its owner is then
 *	set to UserID so the MTA's group can reach it.
 *	Under systemd (Type=notify) it reports READY=1 once the socket
 *	listens, so the MTA ordered after it never starts ahead of it.
 * DIAGNOSTICS
 *	Start-up errors go to stderr and the log; the exit status is 1.
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <systemd/sd-daemon.h>

#include "milter/callbacks.h"
#include "milter/current.h"
#include "milter/daemon.h"
#include "milter/listener.h"
#include "milter/signals.h"
#include "milter/stats.h"
#include "util/log.h"
#include "util/xalloc.h"

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stats_wake = PTHREAD_COND_INITIALIZER;
static int stopping;

/* The unix socket path of "unix:/p" or "local:/p", else NULL. */
static const char *
unix_path(const char *conn)
{
	if (strncmp(conn, "unix:", 5) == 0)
		return conn + 5;
	if (strncmp(conn, "local:", 6) == 0)
		return conn + 6;
	return conn[0] == '/' ? conn : NULL;
}

static int
lookup_user(const char *spec, uid_t *uid, gid_t *gid, char *name,
	    size_t namelen)
{
	char user[256];
	const char *colon = strchr(spec, ':');
	struct passwd *pw;
	struct group *gr;

	snprintf(user, sizeof(user), "%.*s",
		 (int) (colon ? (size_t) (colon - spec) : strlen(spec)), spec);
	if ((pw = getpwnam(user)) == NULL) {
		ps_log(LOG_ERR, "UserID: no such user \"%s\"", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	snprintf(name, namelen, "%s", pw->pw_name);
	if (colon != NULL) {
		if ((gr = getgrnam(colon + 1)) == NULL) {
			ps_log(LOG_ERR, "UserID: no such group \"%s\"",
			       colon + 1);
			return -1;
		}
		*gid = gr->gr_gid;
	}
	return 0;
}

static int
drop_privileges(const struct ps_config *cfg)
{
	uid_t uid;
	gid_t gid;
	char name[256];
	const char *path = unix_path(cfg->socket);

	if (cfg->user_id == NULL)
		return 0;
	if (lookup_user(cfg->user_id, &uid, &gid, name, sizeof(name)) < 0)
		return -1;
	if (path != NULL && chown(path, uid, gid) < 0) {
		ps_log(LOG_ERR, "chown %s: %s", path, strerror(errno));
		return -1;
	}
	if (getuid() != 0 && geteuid() != 0)
		return getuid() == uid ? 0
				       : (ps_log(LOG_ERR,
						 "UserID %s: not "
						 "started as root",
						 name),
					  -1);
	if (initgroups(name, gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
		ps_log(LOG_ERR, "cannot become %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int
open_socket(const struct ps_config *cfg)
{
	if (smfi_setconn((char *) cfg->socket) != MI_SUCCESS
	    || smfi_settimeout((int) cfg->timeout) != MI_SUCCESS
	    || smfi_register(ps_milter_desc) != MI_SUCCESS) {
		ps_log(LOG_ERR, "Socket %s: not usable", cfg->socket);
		return -1;
	}
	umask((mode_t) cfg->umask);
	/* true: remove a stale unix socket left by an earlier run. */
	if (smfi_opensocket(true) != MI_SUCCESS) {
		ps_log(LOG_ERR,
		       "Socket %s: cannot open (in use, or no "
		       "permission)",
		       cfg->socket);
		return -1;
	}
	ps_listener_nodelay();
	return 0;
}

static int
write_pid_file(const char *path)
{
	FILE *fp;

	if (path == NULL)
		return 0;
	if ((fp = fopen(path, "w")) == NULL) {
		ps_log(LOG_ERR, "PidFile %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(fp, "%ld\n", (long) getpid());
	return fclose(fp) == 0 ? 0 : -1;
}

static void
write_stats(void)
{
	struct ps_generation *gen = ps_current_pin();
	struct ps_error err;

	if (gen != NULL && gen->cfg.stats_file != NULL
	    && ps_stats_write(gen->cfg.stats_file, &err) < 0)
		ps_log(LOG_WARNING, "StatsFile: %s", err.text);
	ps_generation_unref(gen);
}

static void *
stats_main(void *arg)
{
	struct ps_generation *gen;
	struct timespec until;
	unsigned long interval;

	(void) arg;
	pthread_mutex_lock(&stats_lock);
	while (!stopping) {
		gen = ps_current_pin();
		interval = gen->cfg.stats_interval;
		ps_generation_unref(gen);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t) interval;
		pthread_cond_timedwait(&stats_wake, &stats_lock, &until);
		if (stopping)
			break;
		pthread_mutex_unlock(&stats_lock);
		write_stats();
		pthread_mutex_lock(&stats_lock);
	}
	pthread_mutex_unlock(&stats_lock);
	return NULL;
}

/*
 * glibc gives each busy thread an arena, up to 8 per core, and keeps
 * what a freed arena held: after a burst of 32 sessions that was 40 MiB
 * held at rest.  One arena per core is enough for threads that mostly
 * parse, and a fixed mmap threshold hands a large message's buffer
 * back to the system when the message ends.
 */
static void
tune_malloc(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	mallopt(M_ARENA_MAX, ncpu > 2 ? (int) ncpu : 2);
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
}

/*
 * Detach from the terminal: the parent exits at once; the child leads a
 * new session with its standard streams on /dev/null.
 */
static int
background(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/") < 0)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

int
ps_daemon_run(struct ps_generation *gen, const char *config_path,
	      int foreground)
{
	struct ps_config *cfg = &gen->cfg;
	pthread_t stats_thread;
	char *pid_file = cfg->pid_file ? ps_xstrdup(cfg->pid_file) : NULL;
	int rc;

	/* -f under systemd: syslog as configured, so the lines reach the
	 * mail log beside the MTA's, with facility and priority. */
	ps_log_open("psmilter",
		    (foreground && !ps_log_stderr_is_journal()) || !cfg->syslog,
		    cfg->syslog_facility);
	ps_log_level(cfg->log_level);
	if (gen->cache == NULL)
		ps_log(LOG_ERR,
		       "%s; messages get \"unknown; "
		       "reason=cache-unavailable\" until a reload succeeds",
		       gen->cache_error.text);
	ps_current_init(gen, config_path);
	ps_stats_loaded(gen->cache != NULL);
	tune_malloc();
	if (open_socket(cfg) < 0 || (!foreground && background() < 0)
	    || write_pid_file(pid_file) < 0 || drop_privileges(cfg) < 0) {
		ps_current_shutdown();
		free(pid_file);
		return 1;
	}
	ps_signals_block();
	/* From here on a reload may free gen: cfg is not used again. */
	ps_log(LOG_NOTICE, "psmilter started on %s", cfg->socket);
	if (ps_signals_start() < 0
	    || pthread_create(&stats_thread, NULL, stats_main, NULL) != 0) {
		ps_current_shutdown();
		free(pid_file);
		return 1;
	}
	/* The socket listens: connections wait in its backlog until
	 * smfi_main() accepts them.  No NOTIFY_SOCKET: nothing is sent. */
	sd_notify(0, "READY=1");
	ps_listener_arm(); /* this thread runs libmilter's accept loop */
	/* Returns after SIGTERM or SIGINT, once messages in flight are done. */
	rc = smfi_main() == MI_SUCCESS ? 0 : 1;
	ps_signals_stop();
	pthread_mutex_lock(&stats_lock);
	stopping = 1;
	pthread_cond_signal(&stats_wake);
	pthread_mutex_unlock(&stats_lock);
	pthread_join(stats_thread, NULL);
	write_stats();
	if (pid_file != NULL)
		unlink(pid_file);
	free(pid_file);
	ps_current_shutdown();
	ps_log(LOG_NOTICE, "psmilter stopped");
	return rc;
}
