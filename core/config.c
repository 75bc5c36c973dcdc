/*
 * NAME
 *	config.c - read psmilter.conf
 * SUMMARY
 *	config_keys[] is the whole grammar: name, type, where the value goes
 *	in struct ps_config, its default and its bounds.  Adding a key is one
 *	line there and one paragraph in psmilter.conf(5), and a line in
 *	start_only_keys[] if only a restart applies it.
 * DIAGNOSTICS
 *	"FILE:LINE: reason" for an unknown key, a missing or bad value, a
 *	single-valued key given twice, or an unreadable file.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config.h"
#include "util/log.h"
#include "util/xalloc.h"

#define CONFIG_MAX_BYTES (1024 * 1024)

enum key_type {
	T_STRING,   /* any non-empty text */
	T_SIZE,	    /* bytes, optional k/m/g suffix */
	T_ULONG,    /* decimal integer within bounds */
	T_SUPPORT,  /* "address DATACENTER", repeatable */
	T_OCTAL,    /* an octal mode such as 007 */
	T_BOOL,	    /* yes/no, true/false, on/off, 1/0 */
	T_FACILITY, /* a syslog facility name */
	T_LEVEL,    /* a log level name */
	T_ONERROR   /* accept | tempfail */
};

struct config_key {
	const char *name;
	enum key_type type;
	size_t offset;	 /* into struct ps_config */
	const char *def; /* default, as it would be written */
	unsigned long min;
	unsigned long max;
};

#define OFF(f) offsetof(struct ps_config, f)

static const struct config_key config_keys[] = {
	{"LicenseCache", T_STRING, OFF(license_cache), NULL, 0, 0},
	{"RulesFile", T_STRING, OFF(rules_file), NULL, 0, 0},
	{"RegionsFile", T_STRING, OFF(regions_file), NULL, 0, 0},
	{"FreemailFile", T_STRING, OFF(freemail_file), NULL, 0, 0},
	{"MaxParseBytes", T_SIZE, OFF(max_parse_bytes), "2m", 4096,
	 1024UL * 1024 * 1024},
	{"MaxMimeDepth", T_ULONG, OFF(max_mime_depth), "16", 1, 64},
	{"MaxMimeParts", T_ULONG, OFF(max_mime_parts), "256", 1, 10000},
	{"SupportAddress", T_SUPPORT, OFF(support), NULL, 0, 0},
	{"Socket", T_STRING, OFF(socket), "local:/run/psmilter/psmilter.sock",
	 0, 0},
	{"PidFile", T_STRING, OFF(pid_file), NULL, 0, 0},
	{"UserID", T_STRING, OFF(user_id), NULL, 0, 0},
	{"UMask", T_OCTAL, OFF(umask), "007", 0, 0777},
	{"Syslog", T_BOOL, OFF(syslog), "yes", 0, 0},
	{"SyslogFacility", T_FACILITY, OFF(syslog_facility), "mail", 0, 0},
	{"LogLevel", T_LEVEL, OFF(log_level), "info", 0, 0},
	{"OnError", T_ONERROR, OFF(on_error_tempfail), "accept", 0, 0},
	{"StatsFile", T_STRING, OFF(stats_file), NULL, 0, 0},
	{"StatsInterval", T_ULONG, OFF(stats_interval), "60", 1, 86400},
	{"MilterTimeout", T_ULONG, OFF(timeout), "300", 1, 86400},
	{NULL, T_STRING, 0, NULL, 0, 0}};

/* Keys the daemon reads once, at start; a reload leaves them as they were. */
static const char *const start_only_keys[] = {
	"Socket",	  "PidFile",  "UserID",	       "UMask", "Syslog",
	"SyslogFacility", "LogLevel", "MilterTimeout", NULL};

/* Every error names the file, and the line where there is one. */
static int PS_PRINTF(4, 5) fail(struct ps_error *err, const char *name,
				unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ps_error_vat(err, name, line, fmt, ap);
	va_end(ap);
	return -1;
}

static int
parse_ulong(const char *s, unsigned long *out, int allow_suffix)
{
	char *end;
	unsigned long v, mult = 1;

	if (!isdigit((unsigned char) *s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0)
		return -1;
	if (allow_suffix && *end != '\0' && end[1] == '\0') {
		switch (tolower((unsigned char) *end)) {
		case 'k': mult = 1024UL; break;
		case 'm': mult = 1024UL * 1024; break;
		case 'g': mult = 1024UL * 1024 * 1024; break;
		default: return -1;
		}
		end++;
	}
	if (*end != '\0' || v > ULONG_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static void
lowercase(char *s)
{
	for (; *s; s++)
		*s = (char) tolower((unsigned char) *s);
}

/* "<Partner-Support@X>  US" -> address and datacenter. */
static int
parse_support(char *value, struct ps_config *cfg)
{
	char *addr = value, *dc, *end;

	dc = addr + strcspn(addr, " \t");
	if (*dc == '\0')
		return -1;
	*dc++ = '\0';
	dc += strspn(dc, " \t");
	if (*dc == '\0' || dc[strcspn(dc, " \t")] != '\0')
		return -1;
	if (*addr == '<') {
		addr++;
		end = strchr(addr, '>');
		if (end == NULL || end[1] != '\0')
			return -1;
		*end = '\0';
	}
	if (strchr(addr, '@') == NULL || strchr(addr, '@') == addr)
		return -1;
	cfg->support = ps_xrealloc(cfg->support,
				   (cfg->nsupport + 1) * sizeof(*cfg->support));
	cfg->support[cfg->nsupport].address = ps_xstrdup(addr);
	lowercase(cfg->support[cfg->nsupport].address);
	cfg->support[cfg->nsupport].datacenter = ps_xstrdup(dc);
	cfg->nsupport++;
	return 0;
}

static int
parse_bool(const char *s)
{
	static const char *const yes[] = {"yes", "true", "on", "1", NULL};
	static const char *const no[] = {"no", "false", "off", "0", NULL};
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Store one value; returns NULL or the reason it is bad. */
static const char *
set_value(const struct config_key *k, char *value, struct ps_config *cfg)
{
	char *base = (char *) cfg, *end;
	unsigned long v;
	int i;

	switch (k->type) {
	case T_STRING:
		free(*(char **) (base + k->offset));
		*(char **) (base + k->offset) = ps_xstrdup(value);
		return NULL;
	case T_SIZE:
	case T_ULONG:
		if (parse_ulong(value, &v, k->type == T_SIZE) < 0)
			return k->type == T_SIZE ? "expected a size such as 2m"
						 : "expected a number";
		if (v < k->min || v > k->max)
			return "value out of range";
		if (k->type == T_SIZE)
			*(size_t *) (base + k->offset) = v;
		else
			*(unsigned long *) (base + k->offset) = v;
		return NULL;
	case T_SUPPORT:
		if (parse_support(value, cfg) < 0)
			return "expected: SupportAddress address DATACENTER";
		return NULL;
	case T_OCTAL:
		v = strtoul(value, &end, 8);
		if (*value == '\0' || *end != '\0' || v > k->max)
			return "expected an octal mode such as 007";
		*(unsigned long *) (base + k->offset) = v;
		return NULL;
	case T_BOOL:
		if ((i = parse_bool(value)) < 0)
			return "expected yes or no";
		*(int *) (base + k->offset) = i;
		return NULL;
	case T_FACILITY:
	case T_LEVEL:
		i = k->type == T_FACILITY ? ps_log_facility_by_name(value)
					  : ps_log_level_by_name(value);
		if (i < 0)
			return k->type == T_FACILITY
				? "expected mail, daemon, user or "
				  "local0..local7"
				: "expected error, warning, notice, info or "
				  "debug";
		*(int *) (base + k->offset) = i;
		return NULL;
	case T_ONERROR:
		if (strcasecmp(value, "accept") == 0)
			i = 0;
		else if (strcasecmp(value, "tempfail") == 0)
			i = 1;
		else
			return "expected accept or tempfail (psmilter never "
			       "rejects)";
		*(int *) (base + k->offset) = i;
		return NULL;
	}
	return "internal error: bad key type";
}

void
ps_config_init(struct ps_config *cfg)
{
	const struct config_key *k;

	memset(cfg, 0, sizeof(*cfg));
	for (k = config_keys; k->name != NULL; k++)
		if (k->def != NULL
		    && set_value(k, (char *) k->def, cfg) != NULL)
			abort(); /* a bad default is a build defect */
}

static const struct config_key *
find_key(const char *name)
{
	const struct config_key *k;

	for (k = config_keys; k->name != NULL; k++)
		if (strcasecmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* Trim, drop comments; returns the key and sets *value, or NULL if blank. */
static char *
split_line(char *line, char **value)
{
	char *p, *end;

	for (p = line; *p; p++)
		if (*p == '#'
		    && (p == line || isspace((unsigned char) p[-1]))) {
			*p = '\0';
			break;
		}
	line += strspn(line, " \t");
	end = line + strlen(line);
	while (end > line && isspace((unsigned char) end[-1]))
		*--end = '\0';
	if (*line == '\0')
		return NULL;
	p = line + strcspn(line, " \t");
	if (*p != '\0') {
		*p++ = '\0';
		p += strspn(p, " \t");
	}
	*value = p;
	return line;
}

int
ps_config_parse(const char *name, const char *text, size_t len,
		struct ps_config *cfg, struct ps_error *err)
{
	const struct config_key *k;
	unsigned long lineno = 0,
		      seen[sizeof(config_keys) / sizeof(config_keys[0])] = {0};
	const char *p = text, *end = text + len, *nl;
	char *line, *key, *value, *why;

	free(cfg->path);
	cfg->path = ps_xstrdup(name);
	while (p < end) {
		nl = memchr(p, '\n', (size_t) (end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		line = ps_xstrndup(p, (size_t) (nl - p));
		p = nl + 1;
		if ((key = split_line(line, &value)) == NULL) {
			free(line);
			continue;
		}
		if ((k = find_key(key)) == NULL) {
			fail(err, name, lineno, "unknown key \"%s\"", key);
			free(line);
			return -1;
		}
		if (*value == '\0') {
			fail(err, name, lineno, "%s: missing value", k->name);
			free(line);
			return -1;
		}
		if (k->type != T_SUPPORT && seen[k - config_keys] != 0) {
			fail(err, name, lineno,
			     "%s: given twice (first on line %lu)", k->name,
			     seen[k - config_keys]);
			free(line);
			return -1;
		}
		seen[k - config_keys] = lineno;
		if ((why = (char *) set_value(k, value, cfg)) != NULL) {
			fail(err, name, lineno, "%s: %s", k->name, why);
			free(line);
			return -1;
		}
		free(line);
	}
	return 0;
}

int
ps_config_load(const char *path, struct ps_config *cfg, struct ps_error *err)
{
	FILE *fp;
	char *buf;
	size_t n;
	int rc;

	if ((fp = fopen(path, "r")) == NULL)
		return fail(err, path, 0, "%s", strerror(errno));
	buf = ps_xmalloc(CONFIG_MAX_BYTES + 1);
	n = fread(buf, 1, CONFIG_MAX_BYTES + 1, fp);
	if (ferror(fp) || n > CONFIG_MAX_BYTES) {
		rc = fail(err, path, 0,
			  ferror(fp) ? "read error" : "file larger than 1 MiB");
	} else if (memchr(buf, '\0', n) != NULL) {
		rc = fail(err, path, 0, "file contains a NUL byte");
	} else {
		rc = ps_config_parse(path, buf, n, cfg, err);
	}
	free(buf);
	fclose(fp);
	return rc;
}

void
ps_config_free(struct ps_config *cfg)
{
	size_t i;

	free(cfg->path);
	free(cfg->license_cache);
	free(cfg->rules_file);
	free(cfg->regions_file);
	free(cfg->freemail_file);
	free(cfg->socket);
	free(cfg->pid_file);
	free(cfg->user_id);
	free(cfg->stats_file);
	for (i = 0; i < cfg->nsupport; i++) {
		free(cfg->support[i].address);
		free(cfg->support[i].datacenter);
	}
	free(cfg->support);
	memset(cfg, 0, sizeof(*cfg));
}

/* One key's value in cfg, as text, for comparing two configurations. */
static void
value_text(const struct config_key *k, const struct ps_config *cfg, char *buf,
	   size_t len)
{
	const char *base = (const char *) cfg;
	const char *str;

	switch (k->type) {
	case T_STRING:
		str = *(char *const *) (base + k->offset);
		snprintf(buf, len, "%s", str != NULL ? str : "");
		break;
	case T_SIZE:
		snprintf(buf, len, "%zu", *(const size_t *) (base + k->offset));
		break;
	case T_ULONG:
	case T_OCTAL:
		snprintf(buf, len, "%lu",
			 *(const unsigned long *) (base + k->offset));
		break;
	case T_SUPPORT: buf[0] = '\0'; break;
	default:
		snprintf(buf, len, "%d", *(const int *) (base + k->offset));
		break;
	}
}

char *
ps_config_start_state(const struct ps_config *cfg)
{
	char value[4096], *state = ps_xstrdup(""), *next;
	size_t i, n;

	for (i = 0; start_only_keys[i] != NULL; i++) {
		value_text(find_key(start_only_keys[i]), cfg, value,
			   sizeof(value));
		n = strlen(state) + strlen(value) + 2;
		next = ps_xmalloc(n);
		snprintf(next, n, "%s%s\n", state, value);
		free(state);
		state = next;
	}
	return state;
}

void
ps_config_start_changed(const char *state, const struct ps_config *cfg,
			char *buf, size_t len)
{
	char *now = ps_config_start_state(cfg);
	const char *a = state, *b = now;
	size_t i, la, lb, used = 0;

	buf[0] = '\0';
	for (i = 0; start_only_keys[i] != NULL && *a && *b; i++) {
		la = strcspn(a, "\n");
		lb = strcspn(b, "\n");
		if ((la != lb || memcmp(a, b, la) != 0) && used < len)
			used += (size_t) snprintf(buf + used, len - used,
						  "%s%s", used ? ", " : "",
						  start_only_keys[i]);
		a += la + (a[la] != '\0');
		b += lb + (b[lb] != '\0');
	}
	free(now);
}
