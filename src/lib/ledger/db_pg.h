/* db_pg.h: the PostgreSQL driver of db.h (db_pg.c, on libpq; issue 13).
 *
 * Every function here is db.h's function of the same name with gk__pg_
 * for gk__db_ / gk__stmt_ / gk__bind_ / gk__col_, the same arguments and
 * the same contract, so that db.h's functions dispatch to it for a
 * PostgreSQL target and to db_sqlite.c otherwise. The handles are their
 * own types; each begins with its gk__db_kind (GK__DB_PG), so the
 * dispatcher can tell the drivers' handles apart by their first field.
 *
 * A build without libpq (cmake -DGONGKAI_PG=OFF) links db_pg_none.c:
 * gk__pg_open fails with GK_E_UNSUPPORTED, "built without PostgreSQL". */
#ifndef GK_DB_PG_H
#define GK_DB_PG_H

#include "db.h"

typedef struct gk__pgdb gk__pgdb;
typedef struct gk__pgstmt gk__pgstmt;

/* 'target': a libpq connection string or URI, multi-host allowed;
 * target_session_attrs=read-write, connect_timeout=5 and
 * client_encoding=UTF8 are added unless it says otherwise. 'timeout_ms'
 * bounds the wait for the write lock (lock_timeout) and for a new primary
 * after the connection was lost. */
gk_status gk__pg_open(gk__pgdb **out, const char *target, int timeout_ms,
                      const gk_alloc *alloc, gk_error *err);
void gk__pg_close(gk__pgdb *db);
bool gk__pg_readonly(const gk__pgdb *db);
gk_status gk__pg_exec(gk__pgdb *db, const char *sql, gk_error *err);
gk_status gk__pg_begin(gk__pgdb *db, bool write, gk_error *err);
gk_status gk__pg_commit(gk__pgdb *db, gk_error *err);
void gk__pg_rollback(gk__pgdb *db);
bool gk__pg_in_transaction(const gk__pgdb *db);

gk_status gk__pg_prepare(gk__pgdb *db, const char *sql, gk__pgstmt **out,
                         gk_error *err);
void gk__pg_stmt_free(gk__pgstmt *s);
void gk__pg_stmt_reset(gk__pgstmt *s);
void gk__pg_bind_int(gk__pgstmt *s, int i, int64_t v);
void gk__pg_bind_text(gk__pgstmt *s, int i, const char *v);
void gk__pg_bind_blob(gk__pgstmt *s, int i, const void *v, size_t n);
void gk__pg_bind_null(gk__pgstmt *s, int i);
void gk__pg_bind_date(gk__pgstmt *s, int i, int32_t yyyymmdd);
gk_status gk__pg_stmt_step(gk__pgstmt *s, bool *row, gk_error *err);
gk_status gk__pg_stmt_run(gk__pgstmt *s, gk_error *err);
int gk__pg_col_count(gk__pgstmt *s);
const char *gk__pg_col_name(gk__pgstmt *s, int i);
bool gk__pg_col_is_null(gk__pgstmt *s, int i);
int64_t gk__pg_col_int(gk__pgstmt *s, int i);
const char *gk__pg_col_text(gk__pgstmt *s, int i);
const void *gk__pg_col_blob(gk__pgstmt *s, int i, size_t *n);
int32_t gk__pg_col_date(gk__pgstmt *s, int i);
bool gk__pg_col_is_int(gk__pgstmt *s, int i);
int64_t gk__pg_stmt_changes(gk__pgstmt *s);

/* Rewrites SQLite's placeholders as PostgreSQL's: '?' is one more than
 * the highest number given so far, '?N' is $N (SQLite's rules), and a '?'
 * inside a string, a quoted name, a comment or a dollar-quoted body stays
 * as it is. Stores the new text (free with gk__free) and the number of
 * parameters. GK_E_ARG for '?0' or a number above 32767, GK_E_NOMEM. */
gk_status gk__pg_placeholders(const gk_alloc *alloc, const char *sql,
                              char **out, int *nparams, gk_error *err);

#endif /* GK_DB_PG_H */
