/* db_pg_none.c: the PostgreSQL driver of a build without libpq (cmake
 * -DGONGKAI_PG=OFF, or libpq-dev missing). A SQLite ledger works as
 * before; a PostgreSQL target is a clear GK_E_UNSUPPORTED, never a
 * connection string mistaken for a file name. The other functions are
 * never reached (no handle exists) and are here so the dispatcher links. */
#include "db_pg.h"

gk_status gk__pg_open(gk__pgdb **out, const char *target, int timeout_ms,
                      const gk_alloc *alloc, gk_error *err) {
  (void)target, (void)timeout_ms, (void)alloc;
  *out = NULL;
  return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                  "此版本的 gongkai 构建时未启用 PostgreSQL（GONGKAI_PG=OFF）"
                  "：请使用 SQLite 台账文件，或使用启用 PostgreSQL 的版本",
                  "this build of gongkai has no PostgreSQL support (built "
                  "with GONGKAI_PG=OFF): use a SQLite ledger file, or a "
                  "build with PostgreSQL");
}

static gk_status none(gk_error *err) {
  return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1, "未启用 PostgreSQL",
                  "built without PostgreSQL");
}

void gk__pg_close(gk__pgdb *db) { (void)db; }
bool gk__pg_readonly(const gk__pgdb *db) { return (void)db, true; }
gk_status gk__pg_exec(gk__pgdb *db, const char *sql, gk_error *err) {
  return (void)db, (void)sql, none(err);
}
gk_status gk__pg_begin(gk__pgdb *db, bool write, gk_error *err) {
  return (void)db, (void)write, none(err);
}
gk_status gk__pg_commit(gk__pgdb *db, gk_error *err) {
  return (void)db, none(err);
}
void gk__pg_rollback(gk__pgdb *db) { (void)db; }
bool gk__pg_in_transaction(const gk__pgdb *db) { return (void)db, false; }
gk_status gk__pg_prepare(gk__pgdb *db, const char *sql, gk__pgstmt **out,
                         gk_error *err) {
  *out = NULL;
  return (void)db, (void)sql, none(err);
}
void gk__pg_stmt_free(gk__pgstmt *s) { (void)s; }
void gk__pg_stmt_reset(gk__pgstmt *s) { (void)s; }
void gk__pg_bind_int(gk__pgstmt *s, int i, int64_t v) {
  (void)s, (void)i, (void)v;
}
void gk__pg_bind_text(gk__pgstmt *s, int i, const char *v) {
  (void)s, (void)i, (void)v;
}
void gk__pg_bind_blob(gk__pgstmt *s, int i, const void *v, size_t n) {
  (void)s, (void)i, (void)v, (void)n;
}
void gk__pg_bind_null(gk__pgstmt *s, int i) { (void)s, (void)i; }
void gk__pg_bind_date(gk__pgstmt *s, int i, int32_t d) {
  (void)s, (void)i, (void)d;
}
gk_status gk__pg_stmt_step(gk__pgstmt *s, bool *row, gk_error *err) {
  *row = false;
  return (void)s, none(err);
}
gk_status gk__pg_stmt_run(gk__pgstmt *s, gk_error *err) {
  return (void)s, none(err);
}
int gk__pg_col_count(gk__pgstmt *s) { return (void)s, 0; }
const char *gk__pg_col_name(gk__pgstmt *s, int i) {
  return (void)s, (void)i, NULL;
}
bool gk__pg_col_is_null(gk__pgstmt *s, int i) { return (void)s, (void)i, true; }
int64_t gk__pg_col_int(gk__pgstmt *s, int i) { return (void)s, (void)i, 0; }
const char *gk__pg_col_text(gk__pgstmt *s, int i) {
  return (void)s, (void)i, NULL;
}
const void *gk__pg_col_blob(gk__pgstmt *s, int i, size_t *n) {
  *n = 0;
  return (void)s, (void)i, NULL;
}
int32_t gk__pg_col_date(gk__pgstmt *s, int i) { return (void)s, (void)i, 0; }
bool gk__pg_col_is_int(gk__pgstmt *s, int i) {
  return (void)s, (void)i, false;
}
int64_t gk__pg_stmt_changes(gk__pgstmt *s) { return (void)s, 0; }
gk_status gk__pg_placeholders(const gk_alloc *alloc, const char *sql,
                              char **out, int *nparams, gk_error *err) {
  (void)alloc, (void)sql;
  *out = NULL;
  *nparams = 0;
  return none(err);
}
