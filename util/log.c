/*
 * NAME
 *	log.c - syslog or stderr logging
 * SUMMARY
 *	syslog(3) is thread-safe; the stderr path formats each line into one
 *	buffer and writes it with a single call so lines from concurrent
 *	messages do not interleave.  When stderr is the systemd journal, a
 *	line starts with its priority as "<N>" instead of "ident[pid]: ",
 *	which the journal records already.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

static int log_stderr = 1;
static int log_journal; /* stderr is the journal: "<N>" prefixes */
static int log_max = LOG_INFO;
static const char *log_ident = "psmilter";

/* systemd names the journal's stream in JOURNAL_STREAM as "device:inode". */
int
ps_log_stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (e == NULL || sscanf(e, "%llu:%llu", &dev, &ino) != 2
	    || fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return (unsigned long long) st.st_dev == dev
		&& (unsigned long long) st.st_ino == ino;
}

void
ps_log_open(const char *ident, int to_stderr, int facility)
{
	log_ident = ident;
	log_stderr = to_stderr;
	log_journal = to_stderr && ps_log_stderr_is_journal();
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

void
ps_log_close(void)
{
	if (!log_stderr)
		closelog();
}

void
ps_log_level(int level)
{
	log_max = level;
}

int
ps_log_enabled(int prio)
{
	return prio <= log_max;
}

/* The attribute lets clang check that fmt comes from a checked caller. */
static void PS_PRINTF(3, 0)
	log_line(int prio, const char *qid, const char *fmt, va_list ap)
{
	char line[2048];
	size_t n = 0;
	int r;

	if (!ps_log_enabled(prio))
		return;
	if (log_stderr) {
		r = log_journal
			? snprintf(line, sizeof(line), "<%d>", prio)
			: snprintf(line, sizeof(line), "%s[%ld]: ", log_ident,
				   (long) getpid());
		n = r > 0 ? (size_t) r : 0;
	}
	if (qid != NULL && n < sizeof(line)) {
		r = snprintf(line + n, sizeof(line) - n, "%s: ", qid);
		n += r > 0 ? (size_t) r : 0;
	}
	if (n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (log_stderr) {
		n = strlen(line);
		if (n < sizeof(line) - 1)
			line[n++] = '\n';
		else
			line[sizeof(line) - 2] = '\n', n = sizeof(line) - 1;
		if (write(STDERR_FILENO, line, n) < 0)
			return;
	} else {
		syslog(prio, "%s", line);
	}
}

void
ps_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(prio, NULL, fmt, ap);
	va_end(ap);
}

void
ps_log_msg(int prio, const char *qid, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(prio, qid != NULL ? qid : "NOQUEUE", fmt, ap);
	va_end(ap);
}

struct name_value {
	const char *name;
	int value;
};

static const struct name_value facilities[] = {
	{"mail", LOG_MAIL},	{"daemon", LOG_DAEMON}, {"user", LOG_USER},
	{"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
	{"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
	{"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}, {NULL, 0}};

static const struct name_value levels[] = {
	{"error", LOG_ERR}, {"warning", LOG_WARNING}, {"notice", LOG_NOTICE},
	{"info", LOG_INFO}, {"debug", LOG_DEBUG},     {NULL, 0}};

static int
by_name(const struct name_value *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcasecmp(t->name, name) == 0)
			return t->value;
	return -1;
}

int
ps_log_facility_by_name(const char *name)
{
	return by_name(facilities, name);
}

int
ps_log_level_by_name(const char *name)
{
	return by_name(levels, name);
}
