/*
 * NAME
 *	replace.c - write a new LMDB file and rename it over the old
 * SUMMARY
 *	The atomic replacement behind "psmilter-cache build".
 * DESCRIPTION
 *	The new database goes to "PATH.tmp.PID" in the same directory (so
 *	rename() is atomic), created with mode 0644 as modified by the
 *	umask: with the usual umask 022 the milter's unprivileged user can
 *	read it.  It is opened MDB_NOSUBDIR|MDB_NOLOCK|MDB_WRITEMAP|
 *	MDB_NOSYNC: no lock file is ever made, and since nobody else can see
 *	the file yet, one explicit sync before the rename is all the
 *	durability needed.  With MDB_WRITEMAP LMDB grows the file to the map
 *	size, so it is cut back to the pages in use, and the checksum
 *	trailer (checksum.c) is appended.  After the rename the
 *	directory is synced so the new name survives a crash.  Readers that
 *	opened the old file keep reading it until they open the cache again.
 * DIAGNOSTICS
 *	"PATH.tmp.PID: what: reason", "rename A to B: reason".
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/checksum.h"
#include "cache/replace.h"
#include "util/xalloc.h"

struct target {
	const char *path; /* the temporary file */
	struct ps_error *err;
};

static int
mdb_fail(const struct target *t, const char *what, int rc)
{
	ps_error_at(t->err, t->path, 0, "%s: %s", what, mdb_strerror(rc));
	return -1;
}

static int
sys_fail(const struct target *t, const char *what)
{
	ps_error_at(t->err, t->path, 0, "%s: %s", what, strerror(errno));
	return -1;
}

static int
fill_txn(const struct target *t, MDB_env *env, ps_fill_fn fill, void *ctx)
{
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc;

	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) != 0)
		return mdb_fail(t, "begin", rc);
	if ((rc = mdb_dbi_open(txn, NULL, 0, &dbi)) != 0
	    || (rc = mdb_cursor_open(txn, dbi, &cur)) != 0) {
		mdb_txn_abort(txn);
		return mdb_fail(t, "open", rc);
	}
	rc = fill(cur, ctx);
	mdb_cursor_close(cur);
	if (rc != 0) {
		mdb_txn_abort(txn);
		return mdb_fail(t, "write", rc);
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		return mdb_fail(t, "commit", rc);
	return 0;
}

/*
 * Cuts the file to the pages in use, appends the checksum trailer
 * (checksum.c) and flushes it all to disk.
 */
static int
seal(const struct target *t, MDB_env *env)
{
	unsigned char trailer[PS_TRAILER_SIZE];
	MDB_envinfo info;
	MDB_stat st;
	uint64_t hash;
	size_t used;
	ssize_t n;
	int fd, rc;

	if ((rc = mdb_env_info(env, &info)) != 0
	    || (rc = mdb_env_stat(env, &st)) != 0
	    || (rc = mdb_env_get_fd(env, &fd)) != 0)
		return mdb_fail(t, "stat", rc);
	used = (info.me_last_pgno + 1) * st.ms_psize;
	if ((rc = mdb_env_sync(env, 1)) != 0)
		return mdb_fail(t, "sync", rc);
	/* Still map-sized here: every page is in the file. */
	if (ps_cache_hash_mapped(fd, used, &hash) < 0)
		return sys_fail(t, "checksum");
	ps_trailer_encode(trailer, used, hash);
	if (ftruncate(fd, (off_t) (used + sizeof(trailer))) < 0)
		return sys_fail(t, "truncate");
	if ((n = pwrite(fd, trailer, sizeof(trailer), (off_t) used))
	    != (ssize_t) sizeof(trailer)) {
		if (n >= 0)
			errno = ENOSPC; /* a short write */
		return sys_fail(t, "write");
	}
	if (fsync(fd) < 0)
		return sys_fail(t, "fsync");
	return 0;
}

static int
write_file(const struct target *t, size_t mapsize, ps_fill_fn fill, void *ctx)
{
	MDB_env *env;
	int rc;

	if ((rc = mdb_env_create(&env)) != 0)
		return mdb_fail(t, "create", rc);
	if ((rc = mdb_env_set_mapsize(env, mapsize)) != 0
	    || (rc = mdb_env_open(env, t->path,
				  MDB_NOSUBDIR | MDB_NOLOCK | MDB_WRITEMAP
					  | MDB_NOSYNC,
				  0644))
		    != 0) {
		mdb_env_close(env);
		return mdb_fail(t, "open", rc);
	}
	rc = fill_txn(t, env, fill, ctx);
	if (rc == 0)
		rc = seal(t, env);
	mdb_env_close(env);
	return rc;
}

void
ps_cache_build_tmpname(const char *cache, char *buf, size_t len)
{
	snprintf(buf, len, "%s.tmp.%ld", cache, (long) getpid());
}

/* Creates PATH.tmp.PID (mode 0644 & ~umask); its name, or NULL. */
static char *
create_temp(const char *path, struct ps_error *err)
{
	size_t len = strlen(path) + 64;
	char *tmp = ps_xmalloc(len);
	unsigned n;
	int fd = -1;

	/* A stale file of a dead build with our pid: take the next name. */
	for (n = 0; n < 100 && fd < 0; n++) {
		if (n == 0)
			ps_cache_build_tmpname(path, tmp, len);
		else
			snprintf(tmp, len, "%s.tmp.%ld.%u", path,
				 (long) getpid(), n);
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		ps_error_set(err, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

static int
sync_dir(const char *path, struct ps_error *err)
{
	char *dir = ps_xstrndup(path, strlen(path));
	char *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = 0;
	else
		*slash = 0;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0
	    || fsync(fd) < 0) {
		ps_error_set(err, "%s: sync directory: %s", dir,
			     strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int
ps_lmdb_replace(const char *path, size_t mapsize, ps_fill_fn fill, void *ctx,
		struct ps_error *err)
{
	struct target t;
	char *tmp;

	if ((tmp = create_temp(path, err)) == NULL)
		return -1;
	t.path = tmp;
	t.err = err;
	if (write_file(&t, mapsize, fill, ctx) < 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		ps_error_set(err, "rename %s to %s: %s", tmp, path,
			     strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	/* The new file is in place, but may not survive a crash. */
	return sync_dir(path, err);
}
