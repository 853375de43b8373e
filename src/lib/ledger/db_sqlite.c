/* db_sqlite.c: the SQLite driver of db.h (issue 13 item 1).
 *
 * One ledger per file: WAL journal, foreign keys on, synchronous NORMAL,
 * secure_delete (freed cells overwritten: applicants' data), a busy
 * handler of our own (issue 15). A file that cannot be written is opened
 * read-only. SQLite's failures are said as the person at the desk needs
 * them: a lock, a read-only file system and a full disk as such, never as
 * "not a gongkai ledger" (issue 15 items 4 and 10); only NOTADB is that. */
#include "db_driver.h"
#include "ledger.h" /* gk__iso_format */

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h> /* mkstemp */
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct sq_db {
  gk__db base;           /* ops, doing */
  const gk_alloc *alloc; /* the ledger's allocator */
  sqlite3 *db;           /* the connection */
  char *path;            /* the file, for messages */
  bool readonly;         /* opened read-only: the file cannot be written */
  int timeout_ms;        /* the busy timeout (open retries within it) */
  int64_t busy_since;    /* busy_wait: when this wait began (ms) */
  int last_rc;           /* extended code of the last failure */
} sq_db;

typedef struct sq_stmt {
  gk__stmt base;     /* ops */
  sq_db *db;         /* its connection */
  sqlite3_stmt *s;   /* the statement */
  int bind_rc;       /* first failed bind since the last reset (sticky) */
  int bind_at;       /* its parameter */
  bool done;         /* stepped past its last row */
  int nparams;       /* parameters of the statement */
  char (*dates)[12]; /* per parameter: the text a bound date points to */
} sq_stmt;

static const char *doing_of(const sq_db *d, const char *dflt) {
  return d->base.doing ? d->base.doing : dflt;
}

/* === Errors === */

/* What SQLite's failure 'code' (extended) means; SQLite's own text
 * carries no row values (constraint names only), so no personal data
 * reaches the message. */
static gk_status sql_fail(sq_db *d, int code, gk_error *err,
                          const char *doing) {
  int sys = sqlite3_system_errno(d->db);
  const char *path = d->path ? d->path : "";
  d->last_rc = code;
  switch (code & 0xff) {
  case SQLITE_NOMEM:
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "数据库内存不足（%s）",
                    "database out of memory (%s)", doing);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                    "台账 %s 正被其他程序锁定（如正在导入），等待后仍未释放，"
                    "请稍后再试",
                    "the ledger %s is locked by another program (an import?) "
                    "and stayed locked while we waited: try again later",
                    path);
  case SQLITE_READONLY:
    return gk__fail(err, GK_E_READONLY, 0, 0, -1,
                    "台账 %s 是只读的（只读文件系统或没有写权限）：可以查看、"
                    "导出和生成报告，不能修改",
                    "the ledger %s is read-only (read-only file system or no "
                    "write permission): it can be listed, exported and "
                    "reported on, not changed",
                    path);
  case SQLITE_FULL:
    return gk__fail(err, GK_E_NOSPACE, 0, 0, -1,
                    "磁盘已满，台账 %s 无法写入（%s）：请腾出空间后重试，"
                    "台账未被改动",
                    "the disk is full: the ledger %s cannot be written (%s); "
                    "free some space and retry, nothing was changed",
                    path, doing);
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
    if (sys == ENOSPC || sys == EDQUOT)
      return gk__fail(err, GK_E_NOSPACE, 0, 0, -1,
                      "磁盘已满，台账 %s 无法写入（%s）：请腾出空间后重试，"
                      "台账未被改动",
                      "the disk is full: the ledger %s cannot be written "
                      "(%s); free some space and retry, nothing was changed",
                      path, doing);
    if (sys == EROFS || sys == EACCES || sys == EPERM)
      return gk__fail(err, GK_E_READONLY, 0, 0, -1,
                      "台账 %s 是只读的（只读文件系统或没有写权限）：可以查看、"
                      "导出和生成报告，不能修改",
                      "the ledger %s is read-only (read-only file system or "
                      "no write permission): it can be listed, exported and "
                      "reported on, not changed",
                      path);
    return gk__fail(err, GK_E_IO, 0, 0, -1, "台账 %s 读写失败（%s）：%s",
                    "the ledger %s could not be read or written (%s): %s", path,
                    doing, sys ? strerror(sys) : sqlite3_errmsg(d->db));
  case SQLITE_NOTADB:
    return gk__fail(err, GK_E_DB, 0, 0, -1, "%s 不是 gongkai 台账（%s）",
                    "%s is not a gongkai ledger (%s)", path,
                    sqlite3_errmsg(d->db));
  case SQLITE_CORRUPT:
    return gk__fail(err, GK_E_DB, 0, 0, -1,
                    "台账 %s 已损坏（%s）：请从备份恢复",
                    "the ledger %s is damaged (%s): restore a backup", path,
                    sqlite3_errmsg(d->db));
  default:
    break;
  }
  return gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误（%s）：%s",
                  "database error (%s): %s", doing, sqlite3_errmsg(d->db));
}

/* The connection's last failure. */
static gk_status db_fail(sq_db *d, gk_error *err, const char *doing) {
  return sql_fail(d, sqlite3_extended_errcode(d->db), err, doing);
}

static gk_status sq_last_error(gk__db *db, gk_error *err) {
  sq_db *d = (sq_db *)db;
  return sql_fail(d, d->last_rc ? d->last_rc : SQLITE_ERROR, err,
                  doing_of(d, "step"));
}

static bool sq_last_unique(const gk__db *db) {
  const sq_db *d = (const sq_db *)db;
  return d->last_rc == SQLITE_CONSTRAINT_UNIQUE;
}

/* === Open, close === */

/* Whether the ledger can be written: the file and its folder (SQLite puts
 * its -wal, -shm and journal files beside it). A read-only file system
 * answers EROFS even to root. */
static bool can_write(const char *path) {
  if (access(path, W_OK) != 0)
    return false;
  const char *slash = strrchr(path, '/');
  if (!slash)
    return access(".", W_OK) == 0;
  if (slash == path)
    return access("/", W_OK) == 0;
  char dir[4096];
  size_t n = (size_t)(slash - path);
  if (n >= sizeof(dir))
    return true; /* let SQLite say what it finds */
  memcpy(dir, path, n);
  dir[n] = '\0';
  return access(dir, W_OK) == 0;
}

/* "file:PATH?mode=ro[&immutable=1]" for sqlite3_open_v2 (SQLITE_OPEN_URI):
 * '%', '?' and '#' escaped. A ledger in WAL mode on a read-only file
 * system has no -shm SQLite could make: it is opened immutable (nobody can
 * change it there) unless a -wal file holds pages to read. */
static char *readonly_uri(const gk_alloc *a, const char *path) {
  gk__buf b;
  gk__buf_init(&b, a, 0);
  gk_status rc = gk__buf_adds(&b, "file:");
  for (const char *p = path; !rc && *p; p++)
    rc = *p == '%' || *p == '?' || *p == '#'
             ? gk__buf_printf(&b, "%%%02X", (unsigned char)*p)
             : gk__buf_addc(&b, *p);
  char wal[4096];
  bool has_wal =
      snprintf(wal, sizeof(wal), "%s-wal", path) < (int)sizeof(wal) &&
      access(wal, F_OK) == 0;
  if (!rc)
    rc = gk__buf_adds(&b, has_wal ? "?mode=ro" : "?mode=ro&immutable=1");
  if (rc) {
    gk__buf_free(&b);
    return NULL;
  }
  return gk__buf_detach(&b, NULL);
}

/* Makes a new ledger file readable by its owner only (PIPL: it holds
 * applicants' names and contacts); SQLite gives its -wal and -shm files
 * the same mode. */
static gk_status create_private(const char *path, gk_error *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return gk__fail(err, errno == ENOSPC ? GK_E_NOSPACE : GK_E_IO, 0, 0, -1,
                    "无法建立台账 %s：%s", "cannot create ledger %s: %s", path,
                    strerror(errno));
  close(fd);
  return GK_OK;
}

static gk_status sq_exec(gk__db *db, const char *sql, gk_error *err) {
  sq_db *d = (sq_db *)db;
  int r = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
  if (r != SQLITE_OK)
    return sql_fail(d, sqlite3_extended_errcode(d->db), err,
                    doing_of(d, "exec"));
  return GK_OK;
}

/* journal_mode=WAL, unless the file already is. Switching back from an
 * import's rollback journal needs the exclusive lock, and SQLite refuses
 * that at once, without its busy handler, while the importer holds the
 * write lock (it would deadlock): retry within the busy timeout, and if
 * the import still runs, go on in its journal mode (it restores WAL when
 * it ends; until then this connection waits on its locks like any). */
static gk_status journal_wal(sq_db *d, gk_error *err) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(d->db, "PRAGMA journal_mode", -1, &s, NULL) !=
      SQLITE_OK)
    return db_fail(d, err, "open");
  int r = sqlite3_step(s);
  const char *mode =
      r == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
  bool wal = mode && strcmp(mode, "wal") == 0;
  sqlite3_finalize(s);
  if (r != SQLITE_ROW)
    return db_fail(d, err, "open");
  for (int waited = 0; !wal; waited += 20) {
    r = sqlite3_exec(d->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (r == SQLITE_OK)
      break;
    if ((r & 0xff) != SQLITE_BUSY && (r & 0xff) != SQLITE_LOCKED)
      return db_fail(d, err, "open");
    if (waited >= d->timeout_ms)
      break;
    sqlite3_sleep(20);
  }
  return GK_OK;
}

/* Waiting for a lock another connection holds: a try every 2 ms until the
 * busy timeout. SQLite's own handler sleeps up to 100 ms between tries,
 * and would seldom hit the short gap an import leaves between two of its
 * batches (store.c "Bulk import"): a clerk's add would wait for the whole
 * import. */
static int busy_wait(void *ud, int n) {
  sq_db *d = ud;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
  if (n == 0)
    d->busy_since = ms;
  if (ms - d->busy_since >= d->timeout_ms)
    return 0;
  sqlite3_sleep(2);
  return 1;
}

static void sq_close(gk__db *db) {
  sq_db *d = (sq_db *)db;
  sqlite3_close(d->db);
  gk__free(d->alloc, d->path);
  gk__free(d->alloc, d);
}

/* ":memory:" is a private in-memory database (the unit tests). */
static gk_status sq_open(gk__db **out, const char *path, bool create,
                         int timeout_ms, const gk_alloc *alloc, gk_error *err) {
  *out = NULL;
  bool memory = strcmp(path, ":memory:") == 0;
  if (create && !memory && access(path, F_OK) == 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "%s 已存在，不会覆盖",
                    "%s exists; it is not overwritten", path);
  if (!create && !memory && access(path, F_OK) != 0)
    return gk__fail(err, GK_E_IO, 0, 0, -1, "无法打开台账 %s：文件不存在",
                    "cannot open ledger %s: no such file", path);
  if (create && !memory) {
    gk_status c = create_private(path, err);
    if (c)
      return c;
  }
  sq_db *d = gk__calloc(alloc, 1, sizeof(*d));
  if (!d) {
    if (create && !memory)
      unlink(path);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  d->base.ops = &gk__db_sqlite_ops;
  d->alloc = alloc;
  d->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
  d->readonly = !create && !memory && !can_write(path);
  gk_status rc = GK_OK;
  d->path = gk__strdup(alloc, path);
  char *uri = d->readonly ? readonly_uri(alloc, path) : NULL;
  if (!d->path || (d->readonly && !uri)) {
    gk__free(alloc, uri);
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  int flags = d->readonly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                          : SQLITE_OPEN_READWRITE;
  int r = sqlite3_open_v2(d->readonly ? uri : path, &d->db,
                          flags | SQLITE_OPEN_NOMUTEX, NULL);
  gk__free(alloc, uri);
  if (r != SQLITE_OK) {
    rc = d->db
             ? db_fail(d, err, "open")
             : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  sqlite3_extended_result_codes(d->db, 1);
  sqlite3_busy_handler(d->db, busy_wait, d);
  /* A file that is not SQLite fails at the first read: here. */
  d->base.doing = "exec";
  rc = d->readonly ? sq_exec(&d->base, "PRAGMA schema_version", err)
                   : journal_wal(d, err);
  if (!rc)
    rc = sq_exec(&d->base,
                 "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                 "PRAGMA secure_delete=ON;",
                 err);
  d->base.doing = NULL;
done:
  if (rc) {
    sq_close(&d->base);
    if (create && !memory)
      unlink(path);
    return rc;
  }
  *out = &d->base;
  return GK_OK;
}

static bool sq_readonly(const gk__db *db) {
  return ((const sq_db *)db)->readonly;
}

/* === Transactions === */

static gk_status sq_begin(gk__db *db, bool write, gk_error *err) {
  return sq_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static gk_status sq_commit(gk__db *db, gk_error *err) {
  return sq_exec(db, "COMMIT", err);
}

static void sq_rollback(gk__db *db) {
  sq_db *d = (sq_db *)db;
  if (!sqlite3_get_autocommit(d->db))
    sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
}

static bool sq_in_transaction(const gk__db *db) {
  return !sqlite3_get_autocommit(((const sq_db *)db)->db);
}

/* === Statements === */

static gk_status sq_prepare(gk__db *db, const char *sql, bool keep,
                            gk__stmt **out, gk_error *err) {
  sq_db *d = (sq_db *)db;
  *out = NULL;
  sq_stmt *s = gk__calloc(d->alloc, 1, sizeof(*s));
  if (!s)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  s->base.ops = &gk__db_sqlite_ops;
  s->db = d;
  if (sqlite3_prepare_v3(d->db, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0,
                         &s->s, NULL) != SQLITE_OK ||
      !s->s) {
    /* no statement at all (empty SQL) is a failure too: GK_E_DB */
    gk_status rc = db_fail(d, err, doing_of(d, "prepare"));
    sqlite3_finalize(s->s);
    gk__free(d->alloc, s);
    return rc;
  }
  s->nparams = sqlite3_bind_parameter_count(s->s);
  if (s->nparams > 0) {
    s->dates = gk__calloc(d->alloc, (size_t)s->nparams, sizeof(*s->dates));
    if (!s->dates) {
      sqlite3_finalize(s->s);
      gk__free(d->alloc, s);
      return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    }
  }
  *out = &s->base;
  return GK_OK;
}

static void sq_stmt_free(gk__stmt *st) {
  sq_stmt *s = (sq_stmt *)st;
  sqlite3_finalize(s->s);
  gk__free(s->db->alloc, s->dates);
  gk__free(s->db->alloc, s);
}

static void sq_stmt_reset(gk__stmt *st) {
  sq_stmt *s = (sq_stmt *)st;
  sqlite3_reset(s->s);
  sqlite3_clear_bindings(s->s);
  s->bind_rc = SQLITE_OK;
  s->bind_at = 0;
  s->done = false;
}

/* The first failed bind is kept for the next step. */
static void bound(sq_stmt *s, int i, int r) {
  if (r != SQLITE_OK && s->bind_rc == SQLITE_OK) {
    s->bind_rc = r;
    s->bind_at = i;
  }
}

static void sq_bind_int(gk__stmt *st, int i, int64_t v) {
  sq_stmt *s = (sq_stmt *)st;
  bound(s, i, sqlite3_bind_int64(s->s, i, v));
}

static void sq_bind_text(gk__stmt *st, int i, const char *v) {
  sq_stmt *s = (sq_stmt *)st;
  bound(s, i,
        v ? sqlite3_bind_text(s->s, i, v, -1, SQLITE_STATIC)
          : sqlite3_bind_null(s->s, i));
}

static void sq_bind_blob(gk__stmt *st, int i, const void *v, size_t n) {
  sq_stmt *s = (sq_stmt *)st;
  if (!v) {
    bound(s, i, sqlite3_bind_null(s->s, i));
    return;
  }
  bound(s, i, sqlite3_bind_blob64(s->s, i, v, n, SQLITE_STATIC));
}

static void sq_bind_null(gk__stmt *st, int i) {
  sq_stmt *s = (sq_stmt *)st;
  bound(s, i, sqlite3_bind_null(s->s, i));
}

/* The date's text lives in the statement's buffer of that parameter
 * (no copy per bind: the import binds six dates a row); a parameter out
 * of range fails in SQLite's bind as any other. */
static void sq_bind_date(gk__stmt *st, int i, int32_t d) {
  sq_stmt *s = (sq_stmt *)st;
  if (!d) {
    bound(s, i, sqlite3_bind_null(s->s, i));
    return;
  }
  char tmp[12], *buf = i >= 1 && i <= s->nparams ? s->dates[i - 1] : tmp;
  gk__iso_format(d, buf);
  bound(s, i,
        sqlite3_bind_text(s->s, i, buf, -1,
                          buf == tmp ? SQLITE_TRANSIENT : SQLITE_STATIC));
}

static gk_status sq_step(gk__stmt *st, bool *row, gk_error *err) {
  sq_stmt *s = (sq_stmt *)st;
  sq_db *d = s->db;
  *row = false;
  if (s->bind_rc != SQLITE_OK) {
    d->last_rc = s->bind_rc;
    if ((s->bind_rc & 0xff) == SQLITE_NOMEM)
      return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "数据库内存不足（%s）",
                      "database out of memory (%s)", doing_of(d, "bind"));
    return gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误（%s）：参数 %d：%s",
                    "database error (%s): parameter %d: %s",
                    doing_of(d, "bind"), s->bind_at,
                    sqlite3_errstr(s->bind_rc));
  }
  if (s->done)
    return GK_OK;
  int r = sqlite3_step(s->s);
  if (r == SQLITE_ROW) {
    *row = true;
    return GK_OK;
  }
  if (r == SQLITE_DONE) {
    s->done = true;
    return GK_OK;
  }
  /* The statement's own code: sqlite3_reset would say it again. */
  return sql_fail(d, sqlite3_extended_errcode(d->db), err, doing_of(d, "step"));
}

static int sq_col_count(gk__stmt *st) {
  return sqlite3_column_count(((sq_stmt *)st)->s);
}
static const char *sq_col_name(gk__stmt *st, int i) {
  return sqlite3_column_name(((sq_stmt *)st)->s, i);
}
static bool sq_col_is_null(gk__stmt *st, int i) {
  return sqlite3_column_type(((sq_stmt *)st)->s, i) == SQLITE_NULL;
}
static int64_t sq_col_int(gk__stmt *st, int i) {
  return sqlite3_column_int64(((sq_stmt *)st)->s, i);
}
static const char *sq_col_text(gk__stmt *st, int i) {
  return (const char *)sqlite3_column_text(((sq_stmt *)st)->s, i);
}
static const void *sq_col_blob(gk__stmt *st, int i, size_t *n) {
  sqlite3_stmt *s = ((sq_stmt *)st)->s;
  const void *p = sqlite3_column_blob(s, i);
  *n = p ? (size_t)sqlite3_column_bytes(s, i) : 0;
  return p;
}
static bool sq_col_is_int(gk__stmt *st, int i) {
  return sqlite3_column_type(((sq_stmt *)st)->s, i) == SQLITE_INTEGER;
}
static int64_t sq_changes(gk__stmt *st) {
  return sqlite3_changes64(((sq_stmt *)st)->db->db);
}

/* === Backup (docs/ledger.md "Backup") ===
 * SQLite's online backup API copies every page of the ledger (events,
 * fees, records, cases, calendar notices, the audit log) as of one read
 * transaction: consistent while others write (WAL). The copy is made in a
 * temporary file of the target's directory (mkstemp: mode 0600) and
 * linked to its name at the end, so an interrupted backup leaves no half
 * file and an existing file is never overwritten. */
static gk_status sq_backup(gk__db *db, const char *path, gk_error *err) {
  sq_db *d = (sq_db *)db;
  size_t n = strlen(path);
  char *tmp = gk__malloc(d->alloc, n + 16);
  if (!tmp)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp-XXXXXX", 12);
  gk_status rc = GK_OK;
  sqlite3 *to = NULL;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    rc = gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出 %s：%s",
                  "cannot write %s: %s", path, strerror(errno));
    gk__free(d->alloc, tmp);
    return rc;
  }
  close(fd);
  if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    rc = gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出 %s：%s",
                  "cannot write %s: %s", path,
                  to ? sqlite3_errmsg(to) : "out of memory");
    goto done;
  }
  sqlite3_backup *b = sqlite3_backup_init(to, "main", d->db, "main");
  if (!b) {
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "备份失败：%s", "backup failed: %s",
                  sqlite3_errmsg(to));
    goto done;
  }
  int r = sqlite3_backup_step(b, -1); /* all pages, one snapshot */
  sqlite3_backup_finish(b);
  if (r != SQLITE_DONE) {
    rc = gk__fail(
        err, r == SQLITE_BUSY || r == SQLITE_LOCKED ? GK_E_DB : GK_E_IO, 0, 0,
        -1, "备份失败：%s", "backup failed: %s", sqlite3_errstr(r));
    goto done;
  }
  if (sqlite3_exec(to, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) !=
      SQLITE_OK) {
    rc = gk__fail(err, GK_E_IO, 0, 0, -1, "备份失败：%s", "backup failed: %s",
                  sqlite3_errmsg(to));
    goto done;
  }
  sqlite3_close(to);
  to = NULL;
  if (link(tmp, path) != 0)
    rc = errno == EEXIST
             ? gk__fail(err, GK_E_ARG, 0, 0, -1, "%s 已存在，不会覆盖",
                        "%s exists; it is not overwritten", path)
             : gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出 %s：%s",
                        "cannot write %s: %s", path, strerror(errno));
done:
  sqlite3_close(to);
  unlink(tmp);
  /* a WAL copy may have left its side files */
  for (const char *sfx = "-wal"; sfx; sfx = sfx[1] == 'w' ? "-shm" : NULL) {
    char side[4096];
    if ((size_t)snprintf(side, sizeof(side), "%s%s", tmp, sfx) < sizeof(side))
      unlink(side);
  }
  gk__free(d->alloc, tmp);
  return rc;
}

const gk__db_ops gk__db_sqlite_ops = {
    .kind = GK__DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .readonly = sq_readonly,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_transaction = sq_in_transaction,
    .prepare = sq_prepare,
    .last_error = sq_last_error,
    .last_unique = sq_last_unique,
    .backup = sq_backup,
    .stmt_free = sq_stmt_free,
    .stmt_reset = sq_stmt_reset,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .bind_date = sq_bind_date,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_is_null = sq_col_is_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_is_int = sq_col_is_int,
    .changes = sq_changes,
};
