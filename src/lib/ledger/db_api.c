/* db_api.c: the SQL driver (db.h) offered in the public API as gk_db_*
 * (pgsrv, issue 13; docs/server.md "Storage"). gongkai serve keeps its own
 * tables (accounts, sessions, the catalogue) in the ledger's database and
 * includes gongkai.h only (style.md §1), so it reaches both backends
 * through these calls instead of a second copy of every statement. A
 * gk_db is a gk__db and a gk_db_stmt a gk__stmt: the public names are the
 * internal structs seen from outside, no wrapper to allocate. */
#include "db.h"

#include "gongkai.h"

static gk__db *D(gk_db *db) { return (gk__db *)(void *)db; }
static const gk__db *CD(const gk_db *db) {
  return (const gk__db *)(const void *)db;
}
static gk__stmt *S(gk_db_stmt *s) { return (gk__stmt *)(void *)s; }

gk_db_backend gk_db_backend_of(const char *target) {
  return gk__db_kind_of_target(target) == GK__DB_PG ? GK_DB_POSTGRESQL
                                                     : GK_DB_SQLITE;
}

gk_status gk_db_open(gk_db **out, const char *target, int busy_timeout_ms,
                     const gk_alloc *alloc, gk_error *err) {
  if (!out || !target)
    return gk__fail_param(err, GK_E_ARG, out ? "target" : "out",
                          "缺少数据库", "no database given");
  *out = NULL;
  gk__db *d = NULL;
  gk_status st = gk__db_open(&d, target, false,
                             busy_timeout_ms > 0 ? busy_timeout_ms : 5000,
                             alloc, err);
  if (!st)
    *out = (gk_db *)(void *)d;
  return st;
}

void gk_db_free(gk_db *db) {
  if (db)
    gk__db_close(D(db));
}

gk_db_backend gk_db_backend_kind(const gk_db *db) {
  return gk__db_backend(CD(db)) == GK__DB_PG ? GK_DB_POSTGRESQL : GK_DB_SQLITE;
}

gk_status gk_db_exec(gk_db *db, const char *sql, gk_error *err) {
  return gk__db_exec(D(db), sql, err);
}

gk_status gk_db_begin(gk_db *db, int write, gk_error *err) {
  return gk__db_begin(D(db), write != 0, err);
}

gk_status gk_db_commit(gk_db *db, gk_error *err) {
  return gk__db_commit(D(db), err);
}

void gk_db_rollback(gk_db *db) {
  if (gk__db_in_transaction(D(db)))
    gk__db_rollback(D(db));
}

gk_status gk_db_prepare(gk_db *db, const char *sql, gk_db_stmt **out,
                        gk_error *err) {
  *out = NULL;
  gk__stmt *s = NULL;
  gk_status st = gk__db_prepare(D(db), sql, &s, err);
  if (!st)
    *out = (gk_db_stmt *)(void *)s;
  return st;
}

void gk_db_stmt_free(gk_db_stmt *s) { gk__stmt_free(S(s)); }
void gk_db_stmt_reset(gk_db_stmt *s) { gk__stmt_reset(S(s)); }
void gk_db_bind_int(gk_db_stmt *s, int i, int64_t v) {
  gk__bind_int(S(s), i, v);
}
void gk_db_bind_text(gk_db_stmt *s, int i, const char *v) {
  gk__bind_text(S(s), i, v);
}
void gk_db_bind_blob(gk_db_stmt *s, int i, const void *v, size_t n) {
  gk__bind_blob(S(s), i, v, n);
}
void gk_db_bind_null(gk_db_stmt *s, int i) { gk__bind_null(S(s), i); }

gk_status gk_db_step(gk_db_stmt *s, int *row, gk_error *err) {
  bool r = false;
  gk_status st = gk__stmt_step(S(s), &r, err);
  if (row)
    *row = r;
  return st;
}

int64_t gk_db_col_int(gk_db_stmt *s, int i) { return gk__col_int(S(s), i); }
const char *gk_db_col_text(gk_db_stmt *s, int i) {
  return gk__col_text(S(s), i);
}
const void *gk_db_col_blob(gk_db_stmt *s, int i, size_t *n) {
  return gk__col_blob(S(s), i, n);
}
int gk_db_col_is_null(gk_db_stmt *s, int i) { return gk__col_is_null(S(s), i); }
int64_t gk_db_changes(gk_db_stmt *s) { return gk__stmt_changes(S(s)); }
int gk_db_last_unique(const gk_db *db) { return gk__db_last_unique(CD(db)); }
