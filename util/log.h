#ifndef PS_LOG_H
#define PS_LOG_H

/*
 * NAME
 *	log.h - logging to syslog (facility mail) or stderr
 * SUMMARY
 *	One logger for the daemon and the command-line modes.  Lines about a
 *	message start with its MTA queue id (ps_log_msg), so an admin can
 *	grep one message across the MTA's log and ours.
 */

#include <syslog.h>

#define PS_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* to_stderr: log to stderr instead of syslog.  facility: LOG_MAIL etc. */
void ps_log_open(const char *ident, int to_stderr, int facility);
/* 1 if stderr is the systemd journal's stream (JOURNAL_STREAM). */
int ps_log_stderr_is_journal(void);
void ps_log_close(void);
/* Messages above this syslog priority (e.g. LOG_INFO) are dropped. */
void ps_log_level(int level);
int ps_log_enabled(int prio);

void ps_log(int prio, const char *fmt, ...) PS_PRINTF(2, 3);
/* A line about one message: "QUEUEID: text".  qid may be NULL. */
void
ps_log_msg(int prio, const char *qid, const char *fmt, ...) PS_PRINTF(3, 4);

/* Name to syslog value; -1 if unknown. */
int ps_log_facility_by_name(const char *name);
int ps_log_level_by_name(const char *name);

#endif
