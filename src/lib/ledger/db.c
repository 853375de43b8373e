/* db.c: db.h's calls, dispatched to the driver of the connection or
 * statement (db_driver.h). The backend is chosen once, by the target a
 * ledger is opened with; nothing else here. */
#include "db_driver.h"
#include "ledger.h" /* gk__iso_parse */

#include <stdio.h>
#include <string.h>

gk__db_kind gk__db_kind_of_target(const char *target) {
  if (!target)
    return GK__DB_SQLITE;
  if (strncmp(target, "postgresql://", 13) == 0 ||
      strncmp(target, "postgres://", 11) == 0)
    return GK__DB_PG;
  /* a libpq "key=value …" string: a first word with '=' and no '/' */
  size_t n = strcspn(target, " \t/=");
  if (n > 0 && target[n] == '=')
    return GK__DB_PG;
  return GK__DB_SQLITE;
}

void gk__db_target_shown(const char *target, char *out, size_t n) {
  if (!n)
    return;
  out[0] = '\0';
  if (!target)
    return;
  if (gk__db_kind_of_target(target) != GK__DB_PG) {
    snprintf(out, n, "%s", target);
    return;
  }
  const char *p = strstr(target, "://");
  if (p) { /* scheme://[user[:password]@]hosts[/db][?params] */
    p += 3;
    size_t end = strcspn(p, "?#");
    const char *at = memchr(p, '@', end);
    if (at) {
      end -= (size_t)(at + 1 - p);
      p = at + 1;
    }
    snprintf(out, n, "postgresql://%.*s", (int)end, p);
    return;
  }
  /* key=value words: keep only what names the server */
  size_t len = 0;
  for (p = target; *p;) {
    p += strspn(p, " \t");
    size_t k = strcspn(p, "= \t");
    const char *v = p[k] == '=' ? p + k + 1 : p + k;
    bool quoted = *v == '\'';
    size_t vl = 0;
    if (quoted) {
      const char *q = v + 1;
      while (*q && *q != '\'')
        q += (*q == '\\' && q[1]) ? 2 : 1;
      vl = (size_t)(q - v) + (*q ? 1 : 0);
    } else
      vl = strcspn(v, " \t");
    bool keep = (k == 4 && strncmp(p, "host", 4) == 0) ||
                (k == 8 && strncmp(p, "hostaddr", 8) == 0) ||
                (k == 4 && strncmp(p, "port", 4) == 0) ||
                (k == 6 && strncmp(p, "dbname", 6) == 0);
    if (keep && len < n) {
      int w = snprintf(out + len, n - len, "%s%.*s", len ? " " : "",
                       (int)(v + vl - p), p);
      len = w < 0 ? n : len + (size_t)w;
    }
    p = v + vl;
    if (!k && !vl && *p)
      p++; /* a stray character: step over it */
  }
  if (!len)
    snprintf(out, n, "PostgreSQL");
}

gk_status gk__db_open(gk__db **out, const char *target, bool create,
                      int timeout_ms, const gk_alloc *alloc, gk_error *err) {
  *out = NULL;
  if (gk__db_kind_of_target(target) == GK__DB_PG) {
#ifdef GK_HAVE_PG
    return gk__db_pg_ops.open(out, target, create, timeout_ms, alloc, err);
#else
    return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                    "本程序构建时未包含 PostgreSQL 支持，无法打开 %s",
                    "this gongkai was built without PostgreSQL: cannot open "
                    "%s",
                    "postgresql://…");
#endif
  }
  return gk__db_sqlite_ops.open(out, target, create, timeout_ms, alloc, err);
}

void gk__db_close(gk__db *db) {
  if (db)
    db->ops->close(db);
}
gk__db_kind gk__db_backend(const gk__db *db) { return db->ops->kind; }
bool gk__db_readonly(const gk__db *db) { return db->ops->readonly(db); }
void gk__db_doing(gk__db *db, const char *doing) { db->doing = doing; }
void gk__db_write_lock(gk__db *db, const char *sql) { db->write_lock = sql; }

gk_status gk__db_exec(gk__db *db, const char *sql, gk_error *err) {
  return db->ops->exec(db, sql, err);
}
gk_status gk__db_begin(gk__db *db, bool write, gk_error *err) {
  return db->ops->begin(db, write, err);
}
gk_status gk__db_commit(gk__db *db, gk_error *err) {
  return db->ops->commit(db, err);
}
void gk__db_rollback(gk__db *db) { db->ops->rollback(db); }
bool gk__db_in_transaction(const gk__db *db) {
  return db->ops->in_transaction(db);
}

gk_status gk__db_prepare(gk__db *db, const char *sql, gk__stmt **out,
                         gk_error *err) {
  return db->ops->prepare(db, sql, false, out, err);
}
gk_status gk__db_prepare_kept(gk__db *db, const char *sql, gk__stmt **out,
                              gk_error *err) {
  return db->ops->prepare(db, sql, true, out, err);
}
bool gk__db_last_unique(const gk__db *db) { return db->ops->last_unique(db); }
gk_status gk__db_last_error(gk__db *db, gk_error *err) {
  return db->ops->last_error(db, err);
}
gk_status gk__db_backup(gk__db *db, const char *path, gk_error *err) {
  return db->ops->backup(db, path, err);
}

void gk__stmt_free(gk__stmt *s) {
  if (s)
    s->ops->stmt_free(s);
}
void gk__stmt_reset(gk__stmt *s) { s->ops->stmt_reset(s); }
void gk__bind_int(gk__stmt *s, int i, int64_t v) { s->ops->bind_int(s, i, v); }
void gk__bind_text(gk__stmt *s, int i, const char *v) {
  s->ops->bind_text(s, i, v);
}
void gk__bind_blob(gk__stmt *s, int i, const void *v, size_t n) {
  s->ops->bind_blob(s, i, v, n);
}
void gk__bind_null(gk__stmt *s, int i) { s->ops->bind_null(s, i); }
void gk__bind_date(gk__stmt *s, int i, int32_t yyyymmdd) {
  s->ops->bind_date(s, i, yyyymmdd);
}

gk_status gk__stmt_step(gk__stmt *s, bool *row, gk_error *err) {
  return s->ops->step(s, row, err);
}

gk_status gk__stmt_run(gk__stmt *s, gk_error *err) {
  bool row = false;
  return s->ops->step(s, &row, err);
}

int gk__col_count(gk__stmt *s) { return s->ops->col_count(s); }
const char *gk__col_name(gk__stmt *s, int i) { return s->ops->col_name(s, i); }
bool gk__col_is_null(gk__stmt *s, int i) { return s->ops->col_is_null(s, i); }
int64_t gk__col_int(gk__stmt *s, int i) { return s->ops->col_int(s, i); }
const char *gk__col_text(gk__stmt *s, int i) { return s->ops->col_text(s, i); }
const void *gk__col_blob(gk__stmt *s, int i, size_t *n) {
  return s->ops->col_blob(s, i, n);
}
bool gk__col_is_int(gk__stmt *s, int i) { return s->ops->col_is_int(s, i); }
int64_t gk__stmt_changes(gk__stmt *s) { return s->ops->changes(s); }

/* Shared by the drivers: 'YYYY-MM-DD' text as YYYYMMDD, 0 when NULL or
 * not a date. */
int32_t gk__col_date(gk__stmt *s, int i) {
  const char *t = s->ops->col_text(s, i);
  int32_t d = 0;
  if (!t || !gk__iso_parse(t, strlen(t), &d))
    return 0;
  return d;
}
