/* store.h: the ledger's storage boundary (docs/internals/ledger.md).
 *
 * The rules (app.c, csv.c, records.c, cases.c, report.c) talk to the
 * database only through these functions: store.c and store_report.c
 * implement them on the SQL driver of db.h, whose drivers are SQLite
 * (db_sqlite.c) and PostgreSQL (db_pg.c). Nothing above the store writes
 * SQL or sees a database handle. Every write function records its
 * change in the audit log (actor, time, before/after as JSON) inside the
 * caller's transaction; callers wrap each change in begin/commit. */
#ifndef GK_STORE_H
#define GK_STORE_H

#include "../model/template.h" /* gk_row_role */
#include "ledger.h"

#include <jansson.h>

/* Opens (create: creates; the file must not exist) the database at 'path',
 * sets WAL, foreign keys and the busy timeout. No migration yet. */
gk_status gk__store_open(gk__store **out, const char *path, bool create,
                         const gk_ledger_opts *opts, const gk_alloc *alloc,
                         gk_error *err);
void gk__store_close(gk__store *st);
/* True when the file could not be opened for writing (read-only file
 * system, no permission): reads work, every write fails GK_E_READONLY. */
bool gk__store_readonly(const gk__store *st);
/* The ledger's keys (keys.h; borrowed, may be unloaded: then what needs
 * them fails GK_E_KEY naming 'key_path'). Set before migrating. */
typedef struct gk__keys gk__keys;
void gk__store_set_keys(gk__store *st, gk__keys *keys,
                        const char *key_path);
/* While on, application views carry the clear ID number (an export with
 * gk_ledger_export_csv_reveal); off wipes the last one. */
void gk__store_reveal(gk__store *st, bool on);
/* The schema version (SQLite: PRAGMA user_version of the file;
 * PostgreSQL: the highest applied migration). */
gk_status gk__store_version(gk__store *st, int *out, gk_error *err);

/* The SQL condition "column = 'a' OR column = 'b' …" of the values list
 * 'which' (GK__LIST_*) allows, for the schema's CHECKs on both backends
 * (store.c, schema_pg.c); NULL when out of memory. Free with gk__free. */
char *gk__store_sql_check(const gk_alloc *a, int which, const char *column);

/* Applies pending migrations in order, one transaction each; refuses a
 * database newer than this binary, and (unless 'create') one that gongkai
 * did not make. Stores the resulting version. */
gk_status gk__store_migrate(gk__store *st, bool create, const char *actor,
                            int *version, gk_error *err);
/* PostgreSQL: the agency a create makes for a role that belongs to none
 * yet (borrowed; set before migrating). */
void gk__store_set_office(gk__store *st, const char *agency);
/* The ledger's name for messages: its file, or its PostgreSQL server and
 * database (never a password). */
const char *gk__store_name(const gk__store *st);
/* The report's scope as a condition to AND to its WHERE: "" (all the
 * session sees) or, with GK_LEDGER_OWN_AGENCY on PostgreSQL, its own
 * agency's rows ('fees': of the fees aliased f). */
const char *gk__store_scope(const gk__store *st, bool fees);
/* PostgreSQL: the session's agency when an administrator put it below the
 * tree's root ('*name' allocated, NULL otherwise and on SQLite), and
 * whether its level is below a county's (a department, street or town). */
gk_status gk__store_session_agency(gk__store *st, char **name, bool *below,
                                   gk_error *err);
/* Whether 'target' names a PostgreSQL database (db.h), not a file. */
bool gk__store_target_pg(const char *target);
/* The newest migration this binary has. */
int gk__store_latest(void);

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE), so
 * two writers queue on the busy timeout instead of failing mid-way. */
gk_status gk__store_begin(gk__store *st, gk_error *err);
/* A read transaction (a consistent snapshot); end it with rollback. */
gk_status gk__store_begin_read(gk__store *st, gk_error *err);
gk_status gk__store_commit(gk__store *st, gk_error *err);
void gk__store_rollback(gk__store *st);

/* Checks the audit log: its guard triggers, and the chain of the last
 * 'tail' rows (0: every row; < 0: none, the triggers only). Calls fn per
 * break; see gk_ledger_verify. */
gk_status gk__store_audit_verify(gk__store *st, int64_t tail,
                                 gk_audit_break_fn fn, void *ud,
                                 int64_t *breaks, int64_t *rows, char *head,
                                 gk_error *err);

/* Runs SQL without results (migrations). */
gk_status gk__store_exec(gk__store *st, const char *sql, gk_error *err);

/* Meta: key/value of the agency (agency, level, created_at). '*out' is
 * NULL when absent; free with gk__free. */
gk_status gk__store_meta_get(gk__store *st, const char *key, char **out,
                             gk_error *err);
gk_status gk__store_meta_set(gk__store *st, const char *actor,
                             const char *key, const char *value,
                             gk_error *err);

/* Appends one audit record; 'before'/'after' may be NULL (borrowed). */
gk_status gk__store_audit(gk__store *st, const char *actor, const char *table,
                          int64_t row_id, const char *action,
                          const json_t *before, const json_t *after,
                          gk_error *err);

/* Applications. insert sets app->id; its app->applicant_key is the clear,
 * normalised ID number (sealed on the way in: needs the key). update
 * writes every column of 'after' but the key columns (same id) and audits
 * before/after. set_key seals 'clear' (NULL or "": none) into the key
 * columns and gives its hash in 'hash' (may be NULL; "" for none); the
 * caller audits (the update that follows). Views read back the masked
 * form in applicant_key and the hash in applicant_key_hash. */
gk_status gk__store_app_insert(gk__store *st, const char *actor, gk_app *app,
                               gk_error *err);
gk_status gk__store_app_update(gk__store *st, const char *actor,
                               const gk_app *before, const gk_app *after,
                               gk_error *err);
gk_status gk__store_app_set_key(gk__store *st, int64_t app_id,
                                const char *clear, char hash[65],
                                gk_error *err);
gk_status gk__store_app_get(gk__store *st, const char *ref, gk_app **out,
                            gk_error *err);
/* Calls fn on every application matching (state, type, open_only,
 * due_before: due_on <= it when non-zero) in ref order. */
gk_status gk__store_app_each(gk__store *st, const char *state,
                             const char *type, bool open_only,
                             int32_t due_before, gk_app_fn fn, void *ud,
                             gk_error *err);

/* Events: one row per transition. 'detail' is borrowed (may be NULL). */
gk_status gk__store_event_add(gk__store *st, const char *actor,
                              int64_t app_id, const char *kind, int32_t on,
                              const json_t *detail, gk_error *err);
/* The latest event date of the application (0 if none). */
gk_status gk__store_event_last(gk__store *st, int64_t app_id, int32_t *on,
                               gk_error *err);
/* Calls fn(kind, on, ud) for each event of the application that counts, in
 * order: not the 'revoke' events, nor the events they supersede (migration
 * 6). event_last likewise ignores revoke, void and amend events. */
typedef int (*gk__event_fn)(const char *kind, int32_t on, void *ud);
gk_status gk__store_event_each(gk__store *st, int64_t app_id,
                               gk__event_fn fn, void *ud, gk_error *err);
/* The same with the event's id and detail (JSON text, may be NULL). */
typedef int (*gk__event_full_fn)(int64_t id, const char *kind, int32_t on,
                                 const char *detail, void *ud);
gk_status gk__store_event_each_full(gk__store *st, int64_t app_id,
                                    gk__event_full_fn fn, void *ud,
                                    gk_error *err);

/* The same with each event's detail (JSON text, NULL if none; borrowed
 * for the call). */
typedef int (*gk__event_detail_fn)(const char *kind, int32_t on,
                                   const char *detail, void *ud);
gk_status gk__store_event_each_detail(gk__store *st, int64_t app_id,
                                      gk__event_detail_fn fn, void *ud,
                                      gk_error *err);

/* Holiday notices added to this ledger (docs/calendar.md line format). */
gk_status gk__store_notice_add(gk__store *st, const char *actor, int year,
                               const char *number, const char *body,
                               gk_error *err);
/* Calls fn(body, ud) for each stored notice in the order added. */
gk_status gk__store_notice_each(gk__store *st,
                                int (*fn)(const char *body, void *ud),
                                void *ud, gk_error *err);

/* Fees (migration 4). fee_close also writes replaced_on (migration 6).
 * fee_add inserts a notice (method, units, yuan,
 * noticed_on of 'fee') and sets fee->id; fee_open finds the application's
 * notice neither paid nor lapsed (id 0 if none; no receipt); fee_close
 * writes the payment or lapse of 'after' (same id); fee_each calls fn on
 * each notice in order (borrowed). All audited. */
gk_status gk__store_fee_add(gk__store *st, const char *actor, int64_t app_id,
                            gk_app_fee *fee, gk_error *err);
gk_status gk__store_fee_open(gk__store *st, int64_t app_id, gk_app_fee *out,
                             gk_error *err);
gk_status gk__store_fee_close(gk__store *st, const char *actor, int64_t app_id,
                              const gk_app_fee *before,
                              const gk_app_fee *after, gk_error *err);
gk_status gk__store_fee_each(gk__store *st, int64_t app_id, gk_app_fee_fn fn,
                             void *ud, gk_error *err);
/* 按件: the rank of 'app' among the applications with its applicant_key
 * received in its calendar month (by day of receipt, then id), 1-based. */
gk_status gk__store_app_month_rank(gk__store *st, const gk_app *app,
                                   int64_t *rank, gk_error *err);

/* Bulk import, all or nothing, in bounded batches (migration 8;
 * store.c "Bulk import"). import_begin takes the ledger's import
 * lock (one import at a time), removes what dead imports left and
 * registers the import as running; import_row inserts a row into
 * applications tagged with the import (no per-row audit: the caller
 * audits the import as one record), committing every 'batch' rows, so no
 * write transaction grows with the file; import_end commits the last batch
 * and opens the small transaction that marks the import done: the caller
 * audits and commits, and that commit is what makes every row visible at
 * once. In every case the caller then calls import_finish, which removes
 * the rows of an import not marked done (in batches) and lets the lock go.
 */
gk_status gk__store_import_begin(gk__store *st, const char *actor,
                                 int64_t batch, gk_error *err);
gk_status gk__store_import_row(gk__store *st, const gk_app *app,
                               gk_error *err);
gk_status gk__store_import_end(gk__store *st, int64_t rows, gk_error *err);
void gk__store_import_finish(gk__store *st);
/* Removes the rows of imports that died (killed, crashed, failed without
 * cleaning up) when no import is running; a no-op on a read-only ledger
 * and when there is nothing to remove. Called when a ledger is opened. */
gk_status gk__store_import_cleanup(gk__store *st, gk_error *err);

/* The rows of applications every read sees: not those of an import not
 * (yet) done (migration 8). 'p' is the table's alias with its dot, or "".
 * import_id is in the report's covering indexes. Events, fees and cases
 * need no such test: they only attach to applications found through it. */
#define GK__APP_SEEN(p)                                                        \
  "(" p "import_id IS NULL OR " p "import_id IN (SELECT id FROM imports "      \
  "WHERE state = 'done'))"

/* A consistent copy of the whole database at 'path' (must not exist),
 * made online by the driver (SQLite's backup API); mode 0600. */
gk_status gk__store_backup(gk__store *st, const char *path, gk_error *err);

/* === Records, cases and the report (store_report.c; issue 13 item 1) ===
 * The SQL that records.c, cases.c and report.c ran themselves: typed
 * functions, so that nothing above the store writes SQL. Writes are not
 * audited here: the caller audits the row (gk__store_row_json) in its
 * transaction. */

/* The connection, for the store's own files (store*.c) only
 * (tests/cli/test_source_rules.sh). */
struct gk__db;
struct gk__db *gk__store_db(gk__store *st);

/* Every column of row 'id' of 'table' ("records" or "cases") as a JSON
 * object (the audit log's before/after): integers as numbers, text as
 * strings. GK_E_NOT_FOUND when absent. */
gk_status gk__store_row_json(gk__store *st, const char *table, int64_t id,
                             json_t **out, gk_error *err);

/* Records: insert (kind, items, doc_no, title, date, amount of 'rec';
 * 'count' as checked; drafted by 'actor'), approve, repeal, list. */
gk_status gk__store_record_insert(gk__store *st, const gk_record *rec,
                                  int64_t count, const char *actor, int64_t *id,
                                  gk_error *err);
gk_status gk__store_record_approve(gk__store *st, int64_t id, const char *actor,
                                   int32_t day, gk_error *err);
gk_status gk__store_record_repeal(gk__store *st, int64_t id, const char *actor,
                                  int32_t day, gk_error *err);
gk_status gk__store_record_each(gk__store *st, gk_record_fn fn, void *ud,
                                gk_error *err);

/* Cases: insert (kind, case_no, filed_on of 'c' about application
 * 'app_id'), close, list (with the application's ref). */
gk_status gk__store_case_insert(gk__store *st, const gk_case *c, int64_t app_id,
                                const char *actor, int64_t *id, gk_error *err);
gk_status gk__store_case_close(gk__store *st, int64_t id, const char *outcome,
                               int32_t day, gk_error *err);
gk_status gk__store_case_each(gk__store *st, gk_case_fn fn, void *ud,
                              gk_error *err);

/* The report's counts for 'year' (1 January to 31 December), grouped:
 * fn(a, b, n) per group, borrowed; non-zero stops. */
typedef int (*gk__count_fn)(const char *a, const char *b, int64_t n, void *ud);
/* Applications a row of table apply counts, by its role (docs/ledger.md):
 * new, carried_in, carried_out: fn(applicant_type, NULL, n); outcome and
 * total: fn(outcome, applicant_type, n) of those closed in the year.
 * Voided applications and those of an import not done never count. */
gk_status gk__store_report_apps(gk__store *st, gk_row_role role, int year,
                                gk__count_fn fn, void *ud, gk_error *err);
/* An application closed before it was received, or whose closing day
 * and outcome disagree: '*found' and its ref (cut to 63 bytes). */
gk_status gk__store_report_bad_app(gk__store *st, char ref[64], bool *found,
                                   gk_error *err);
/* Cases: fn(kind, outcome, n) decided in the year, then fn(kind,
 * "pending", n) filed by 31 December and undecided then. */
gk_status gk__store_report_cases(gk__store *st, int year, gk__count_fn fn,
                                 void *ud, gk_error *err);
/* Approved records (not item counts) per kind: v[0] count dated in the
 * year, v[1] published in it, v[2] published by 31 December and not
 * repealed then, v[3] repealed in the year, v[4] dated by 31 December and
 * not repealed then, v[5] amount dated in the year. */
#define GK__RECORD_SUMS 6
typedef int (*gk__record_sums_fn)(const char *kind,
                                  const int64_t v[GK__RECORD_SUMS], void *ud);
gk_status gk__store_report_records(gk__store *st, int year,
                                   gk__record_sums_fn fn, void *ud,
                                   gk_error *err);
/* The latest approved item count of each kind on or before 'day':
 * fn(kind, NULL, count). */
gk_status gk__store_report_items(gk__store *st, int32_t day, gk__count_fn fn,
                                 void *ud, gk_error *err);
/* Fees paid in the year: applications charged, 元 collected, and fee-paid
 * events of the year without a fee row minus the fee rows (the caller
 * clamps at 0). */
gk_status gk__store_report_fees(gk__store *st, int year, int64_t *apps,
                                int64_t *yuan, int64_t *unrecorded,
                                gk_error *err);
/* The payments of the year in order of payment, with the application's
 * ref. */
gk_status gk__store_fees_paid_each(gk__store *st, int year, gk_fee_paid_fn fn,
                                   void *ud, gk_error *err);
/* The applications of 'role' (of applicant 'type', NULL: all), in order
 * of receipt; 'voided': those a void took out of it instead. */
gk_status gk__store_explain(gk__store *st, gk_row_role role, bool voided,
                            int year, const char *type, gk_explain_fn fn,
                            void *ud, gk_error *err);

#endif /* GK_STORE_H */
