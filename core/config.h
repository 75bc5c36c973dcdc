#ifndef PS_CONFIG_H
#define PS_CONFIG_H

/*
 * NAME
 *	config.h - psmilter.conf: one "Key value" per line
 * SUMMARY
 *	Table-driven, like opendkim.conf: every key has a type and a default
 *	(config.c, config_keys[]); keys are case-insensitive; "#" starts a
 *	comment; an unknown key, a bad value or a repeated single-valued key
 *	is an error.  psmilter.conf(5) documents each key.
 * DIAGNOSTICS
 *	ps_config_load() returns -1 with "FILE:LINE: reason" in err.
 */

#include <stddef.h>

#include "util/error.h"

struct ps_support_entry {
	char *address;	  /* lowercase, no angle brackets */
	char *datacenter; /* "US", "EU", ... */
};

struct ps_config {
	char *path;			  /* the file read, for messages */
	char *license_cache;		  /* LicenseCache */
	char *rules_file;		  /* RulesFile, NULL: built-in */
	char *regions_file;		  /* RegionsFile, NULL: built-in */
	char *freemail_file;		  /* FreemailFile, NULL: built-in */
	size_t max_parse_bytes;		  /* MaxParseBytes */
	unsigned long max_mime_depth;	  /* MaxMimeDepth */
	unsigned long max_mime_parts;	  /* MaxMimeParts */
	struct ps_support_entry *support; /* SupportAddress, repeatable */
	size_t nsupport;
	/* The daemon's keys. */
	char *socket;		      /* Socket: unix:/path, inet:port@host */
	char *pid_file;		      /* PidFile */
	char *user_id;		      /* UserID: user[:group] */
	unsigned long umask;	      /* UMask (octal) */
	int syslog;		      /* Syslog: yes/no */
	int syslog_facility;	      /* SyslogFacility */
	int log_level;		      /* LogLevel */
	int on_error_tempfail;	      /* OnError: accept (0) | tempfail (1) */
	char *stats_file;	      /* StatsFile */
	unsigned long stats_interval; /* StatsInterval, seconds */
	unsigned long timeout;	      /* MilterTimeout, seconds */
};

void ps_config_init(struct ps_config *cfg); /* all defaults */
int
ps_config_load(const char *path, struct ps_config *cfg, struct ps_error *err);
int ps_config_parse(const char *name, const char *text, size_t len,
		    struct ps_config *cfg, struct ps_error *err);
void ps_config_free(struct ps_config *cfg);
/*
 * The values of the keys only a restart applies (Socket, UserID, UMask,
 * Syslog...), as one string to keep; then the names of those whose value
 * in cfg differs from the kept state, comma-separated in buf ("" if none).
 */
char *ps_config_start_state(const struct ps_config *cfg);
void ps_config_start_changed(const char *state, const struct ps_config *cfg,
			     char *buf, size_t len);

#endif
