/* db.h: the SQL driver under the ledger's store (internal; issue 13).
 *
 * The store (store.h) is the ledger's only door to the database; this is
 * what the store itself stands on. Its SQL is written once, in the subset
 * SQLite (3.40) and PostgreSQL (15) share: '?' placeholders (db_pg.c
 * numbers them $1, $2…; '?NNN' names parameter NNN, for a value used
 * several times, as $NNN does: one style per statement), INSERT … RETURNING id,
 * ON CONFLICT … DO UPDATE, COALESCE, CASE, substr, ||. Where the two differ
 * (DDL, json access, dates, full-text search) the store asks gk__db_backend()
 * and says both. db_sqlite.c and db_pg.c are the two drivers; nothing above
 * this header includes sqlite3.h or libpq-fe.h.
 *
 * Errors are sticky per statement: a failed bind (out of memory, index
 * out of range) is remembered and returned by the next step, so a caller
 * binds several values and checks once, and no failure is ever dropped.
 * Failures are mapped to the library's codes: GK_E_BUSY (locked, or the
 * primary is gone and none took over in time), GK_E_READONLY, GK_E_NOSPACE,
 * GK_E_NOMEM, else GK_E_DB, with the driver's message (never a row value:
 * both drivers' texts name constraints, not data). */
#ifndef GK_DB_H
#define GK_DB_H

#include "gk_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gk__db gk__db;
typedef struct gk__stmt gk__stmt;

typedef enum gk__db_kind { GK__DB_SQLITE = 1, GK__DB_PG = 2 } gk__db_kind;

/* The backend a --db target names: a "postgresql://" or "postgres://" URI,
 * or a libpq "key=value" string, is PostgreSQL; anything else a SQLite
 * file path. */
gk__db_kind gk__db_kind_of_target(const char *target);
/* 'target' as messages may show it: a file as it is; a PostgreSQL URI
 * without its user, password and parameters; a key=value string with its
 * host, port and dbname only. Never the password. Truncated to 'n'. */
void gk__db_target_shown(const char *target, char *out, size_t n);

/* Connects. SQLite: 'target' is a file (create: it must not exist; made
 * 0600), WAL, foreign keys, the busy timeout of 'timeout_ms'; opened
 * read-only when the file cannot be written. PostgreSQL: 'target' is a
 * libpq connection string (multi-host allowed; the driver adds
 * target_session_attrs=read-write when absent), 'create' is ignored (the
 * database exists; the migrations make the schema). */
gk_status gk__db_open(gk__db **out, const char *target, bool create,
                      int timeout_ms, const gk_alloc *alloc, gk_error *err);
void gk__db_close(gk__db *db);
gk__db_kind gk__db_backend(const gk__db *db);
/* True when every write will fail GK_E_READONLY (a read-only file, a
 * standby server). */
bool gk__db_readonly(const gk__db *db);

/* Runs SQL without results and without parameters (DDL, migrations; may
 * hold several statements). */
gk_status gk__db_exec(gk__db *db, const char *sql, gk_error *err);

/* Transactions. A write transaction takes the write lock at once (SQLite
 * BEGIN IMMEDIATE), so two writers queue instead of failing mid-way; a
 * read transaction is one consistent snapshot (PostgreSQL REPEATABLE READ
 * READ ONLY) and ends with rollback. */
gk_status gk__db_begin(gk__db *db, bool write, gk_error *err);
gk_status gk__db_commit(gk__db *db, gk_error *err);
void gk__db_rollback(gk__db *db);
bool gk__db_in_transaction(const gk__db *db);

/* Statements. prepare compiles 'sql' (placeholders '?'); a statement may
 * be stepped, reset, rebound and stepped again, and is freed by
 * gk__stmt_free (NULL is fine). */
gk_status gk__db_prepare(gk__db *db, const char *sql, gk__stmt **out,
                         gk_error *err);
void gk__stmt_free(gk__stmt *s);
/* Ready to run again: the result is dropped, the bindings cleared, the
 * sticky error forgotten. */
void gk__stmt_reset(gk__stmt *s);

/* Parameters are numbered from 1. text NULL binds SQL NULL; date 0 binds
 * NULL, else YYYYMMDD bound as the text 'YYYY-MM-DD' (the column type of
 * every date in the schema). text and blob are borrowed until the
 * statement is reset or freed (no copy: the import binds millions). */
void gk__bind_int(gk__stmt *s, int i, int64_t v);
void gk__bind_text(gk__stmt *s, int i, const char *v);
void gk__bind_blob(gk__stmt *s, int i, const void *v, size_t n);
void gk__bind_null(gk__stmt *s, int i);
void gk__bind_date(gk__stmt *s, int i, int32_t yyyymmdd);

/* Runs the statement (on the first call) and moves to the next row:
 * GK_OK with '*row' true on a row, false when there is none left (then
 * the statement is done until reset). A bind's failure is returned here. */
gk_status gk__stmt_step(gk__stmt *s, bool *row, gk_error *err);
/* Steps a statement that returns no row (or whose rows are ignored). */
gk_status gk__stmt_run(gk__stmt *s, gk_error *err);

/* Columns of the current row, numbered from 0. text and blob are borrowed
 * until the next step or reset; NULL reads as 0, NULL and (blob) n = 0;
 * date reads 'YYYY-MM-DD' as YYYYMMDD, 0 when NULL or not a date. */
int gk__col_count(gk__stmt *s);
const char *gk__col_name(gk__stmt *s, int i);
bool gk__col_is_null(gk__stmt *s, int i);
int64_t gk__col_int(gk__stmt *s, int i);
const char *gk__col_text(gk__stmt *s, int i);
const void *gk__col_blob(gk__stmt *s, int i, size_t *n);
int32_t gk__col_date(gk__stmt *s, int i);
/* True when column i is an integer (SQLite's dynamic type; PostgreSQL's
 * int2/4/8): the audit log's JSON keeps numbers as numbers. */
bool gk__col_is_int(gk__stmt *s, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE run on 's'. */
int64_t gk__stmt_changes(gk__stmt *s);

/* --- store (issue 13 item 1): what the store's port needed beyond the
 * above; both drivers implement it (db_driver.h). --- */

/* What the caller is doing ("list", "fees"…), named by the next
 * failures' messages ("数据库错误（list）…"); a literal, borrowed. */
void gk__db_doing(gk__db *db, const char *doing);
/* PostgreSQL: SQL without parameters that every write transaction's BEGIN
 * runs in its own round trip, after the write lock (the store's audit
 * lock of the session's agency); a literal, borrowed; NULL: none. SQLite
 * ignores it. */
void gk__db_write_lock(gk__db *db, const char *sql);
/* prepare for a statement kept for the connection's life (SQLite:
 * SQLITE_PREPARE_PERSISTENT; PostgreSQL: a named prepared statement). */
gk_status gk__db_prepare_kept(gk__db *db, const char *sql, gk__stmt **out,
                              gk_error *err);
/* After a call made with err NULL: whether its failure was a UNIQUE
 * constraint (SQLite's CONSTRAINT_UNIQUE, PostgreSQL's 23505), and that
 * failure as the error it would have filled. */
bool gk__db_last_unique(const gk__db *db);
gk_status gk__db_last_error(gk__db *db, gk_error *err);
/* A consistent copy of the whole database into the new file 'path'
 * (mode 0600, never overwritten). SQLite: its online backup API. A
 * PostgreSQL driver answers GK_E_UNSUPPORTED (pg_basebackup is the tool,
 * docs/operations.md). */
gk_status gk__db_backup(gk__db *db, const char *path, gk_error *err);

#endif /* GK_DB_H */
