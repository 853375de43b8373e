/* store.c: the ledger's store (store.h) on the SQL driver of db.h.
 *
 * One agency per database (a SQLite file; a PostgreSQL database, issue
 * 13). Every change runs in a transaction the caller opens. The schema is
 * versioned: the table 'migrations' plus SQLite's PRAGMA user_version;
 * each migration runs in its own transaction, in order, when the ledger is
 * opened. The audit log is append-only (triggers refuse UPDATE and
 * DELETE).
 *
 * The SQL is written once, in what SQLite 3.40 and PostgreSQL 15 both run
 * (db.h). What only one of them has is chosen by gk__db_backend() and
 * marked "SQLite only" where it stands: json_extract, INDEXED BY, PRAGMA,
 * sqlite_master, the DDL of the migrations (PostgreSQL's is pg's, issue
 * 13), the backup API (db_sqlite.c). Nothing above this file writes SQL
 * (docs/internals/ledger.md). */
#define _DEFAULT_SOURCE /* flock: the import lock */
#include "store.h"
#include "db.h"
#include "keys.h" /* migration 7 (ledgersec) */
#include "schema_pg.h"

#include "../model/template.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Prepared statements kept for the life of the connection. */
enum {
  S_APP_INSERT = 0,
  S_APP_UPDATE,
  S_APP_GET,
  S_AUDIT,
  S_EVENT_ADD,
  S_EVENT_LAST,
  S_EVENT_EACH,
  S_META_GET,
  S_META_SET,
  S_AUDIT_LAST,
  S_COUNT
};

struct gk__store {
  const gk_alloc *alloc;  /* the ledger's allocator */
  gk__db *db;             /* the connection (db.h) */
  gk__stmt *s[S_COUNT];   /* prepared on first use */
  bool in_import;         /* between import_begin and import_finish */
  gk__stmt *imp_ins;      /* import: a row into applications, tagged */
  int64_t import_id;      /* import: its imports.id (0 before it has one) */
  int64_t batch;          /* import: rows per write transaction */
  int64_t in_batch;       /* import: rows in the open transaction */
  int64_t imported;       /* import: rows inserted so far */
  int lock_fd;            /* PATH-import while this store holds its flock */
  bool pg_locked;         /* PostgreSQL: holds the import's advisory lock */
  int timeout_ms;         /* the busy timeout (the import lock's wait) */
  char *path;             /* the ledger (file or target), for messages */
  gk__keys *keys;         /* the ledger's keys (may be unloaded) */
  const char *key_path;   /* their file, for messages */
  bool chained;           /* schema 7: audit rows carry their chain link */
  bool reveal;            /* views carry clear ID numbers (reveal export) */
  char revealed[GK__KEY_MAX + 1]; /* the current view's clear ID number */
  const char *office; /* PostgreSQL create: the agency's name (borrowed) */
  bool own_agency;    /* PostgreSQL: the report counts the session's agency
                         only (GK_LEDGER_OWN_AGENCY), not its subtree */
  /* PostgreSQL, inside one write transaction: it holds its agency's audit
   * lock and audit_id/audit_link are its chain's last row (its own last
   * insert), so the next audit row of the transaction needs neither the
   * lock nor the lookup again. Cleared at every begin, commit, rollback
   * and raw SQL (a savepoint rolled back takes rows and the lock away). */
  bool audit_held;
  bool audit_locked;    /* the agency's audit lock is held (begin took it) */
  bool begin_locks;     /* PostgreSQL, migrated: a write BEGIN takes it */
  int64_t audit_id;
  unsigned char audit_link[32];
  int64_t audit_spare; /* an id taken with the first (most writes audit two
                          rows), 0 once used; unused, it is a gap, as ids
                          of other agencies make anyway */
};

/* Columns of applications in the order every statement binds and reads
 * them (id first). */
#define APP_COLS "id, " APP_DATA_COLS
#define APP_DATA_COLS                                                          \
  "ref, applicant_type, applicant_name, contact, channel, arrived_on, "       \
  "received_on, description, state, outcome, basis, closed_on, due_on, "      \
  "extended, period_from, corrections, voided_on, void_reason, "            \
  "applicant_key, applicant_key_masked, applicant_key_enc"

/* Events that count (migration 6, docs/ledger.md "Void and revoke"): a
 * 'revoke' event supersedes the event its detail names; the superseded
 * event stays in the table (nothing is deleted) but no longer counts.
 * EVENT_ACTION: the steps an action's date must follow (not the
 * corrections made later about them: revoke, void, amend). The detail is
 * JSON text: SQLite reads it with json_extract, PostgreSQL with ->>. */
#define EVENT_LIVE(json_event)                                                 \
  "NOT EXISTS (SELECT 1 FROM application_events r WHERE "                      \
  "r.application_id = e.application_id AND r.kind = 'revoke' AND " json_event  \
  " = e.id)"
#define EVENT_LIVE_SQLITE EVENT_LIVE("json_extract(r.detail, '$.event')")
#define EVENT_LIVE_PG EVENT_LIVE("(r.detail::jsonb ->> 'event')::bigint")
#define EVENT_ACTION "kind NOT IN ('revoke', 'void', 'amend')"
#define EVENT_LAST(live)                                                       \
  "SELECT max(on_date) FROM application_events e WHERE "                       \
  "application_id = ? AND " EVENT_ACTION " AND " live
#define EVENT_EACH(live)                                                       \
  "SELECT id, kind, on_date, detail FROM application_events e WHERE "          \
  "application_id = ? AND kind <> 'revoke' AND " live " ORDER BY id"

/* The applicant's key columns (schema 7): applicant_key is the keyed hash,
 * _masked the display form, _enc the sealed number; written by insert and
 * gk__store_app_set_key only, never by the update of an action. */
static const char *const stmt_sql[S_COUNT] = {
    [S_APP_INSERT] = "INSERT INTO applications (" APP_DATA_COLS ") VALUES "
                     "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                     "RETURNING id",
    [S_APP_UPDATE] =
        "UPDATE applications SET ref=?, applicant_type=?, applicant_name=?, "
        "contact=?, channel=?, arrived_on=?, received_on=?, description=?, "
        "state=?, outcome=?, basis=?, closed_on=?, due_on=?, extended=?, "
        "period_from=?, corrections=?, voided_on=?, void_reason=? WHERE id=?",
    [S_APP_GET] = "SELECT " APP_COLS
                  " FROM applications WHERE ref=? AND " GK__APP_SEEN(""),
    [S_AUDIT] = "INSERT INTO audit_log (id, at, actor, table_name, row_id, "
                "action, before_json, after_json, chain) VALUES "
                "(?,?,?,?,?,?,?,?,?)",
    [S_EVENT_ADD] = "INSERT INTO application_events (application_id, kind, "
                    "on_date, detail, actor, created_at) VALUES "
                    "(?,?,?,?,?,?) RETURNING id",
    [S_EVENT_LAST] = EVENT_LAST(EVENT_LIVE_SQLITE),
    [S_EVENT_EACH] = EVENT_EACH(EVENT_LIVE_SQLITE),
    [S_META_GET] = "SELECT value FROM meta WHERE key=?",
    [S_META_SET] = "INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT "
                   "(key) DO UPDATE SET value=excluded.value",
    [S_AUDIT_LAST] = "SELECT id, chain FROM audit_log ORDER BY id DESC "
                     "LIMIT 1",
};

/* PostgreSQL: the lock of the session's agency's audit chain (audit_pg_lock,
 * and every write BEGIN once migrated). */
#define AUDIT_PG_LOCK                                                          \
  "SELECT pg_advisory_xact_lock(1735746932, CAST(gk_session_agency() % "       \
  "2147483647 AS int))"

/* PostgreSQL's text where it differs (NULL: the same). */
static const char *const stmt_sql_pg[S_COUNT] = {
    [S_EVENT_LAST] = EVENT_LAST(EVENT_LIVE_PG),
    [S_EVENT_EACH] = EVENT_EACH(EVENT_LIVE_PG),
    /* one chain per agency: the session's own, not every row RLS shows
     * (a supervisor's subtree) */
    [S_AUDIT_LAST] = "SELECT id, chain FROM audit_log WHERE agency_id = "
                     "gk_session_agency() ORDER BY id DESC LIMIT 1",
};

static bool is_sqlite(const gk__store *st) {
  return gk__db_backend(st->db) == GK__DB_SQLITE;
}

/* Names what the store is doing in the messages of the next failures
 * (db.h gk__db_doing). */
static void doing(gk__store *st, const char *what) {
  gk__db_doing(st->db, what);
}

static gk_status nomem(gk_error *err) {
  return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
}

static gk_status prep(gk__store *st, int which, gk__stmt **out, gk_error *err) {
  if (!st->s[which]) {
    const char *sql = !is_sqlite(st) && stmt_sql_pg[which] ? stmt_sql_pg[which]
                                                           : stmt_sql[which];
    gk_status rc = gk__db_prepare_kept(st->db, sql, &st->s[which], err);
    if (rc)
      return rc;
  }
  gk__stmt_reset(st->s[which]);
  *out = st->s[which];
  return GK_OK;
}

/* Steps a statement that returns one row (INSERT … RETURNING id): its
 * first column. */
static gk_status run_id(gk__stmt *s, int64_t *id, gk_error *err) {
  bool row = false;
  gk_status rc = gk__stmt_step(s, &row, err);
  *id = row ? gk__col_int(s, 0) : 0;
  if (!rc && row)
    rc = gk__stmt_run(s, err); /* to its end: the statement is complete */
  if (!rc && !row)
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误：插入未返回编号",
                  "database error: the insert returned no id");
  return rc;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* === Open, close, transactions === */

gk_status gk__store_open(gk__store **out, const char *path, bool create,
                         const gk_ledger_opts *opts, const gk_alloc *alloc,
                         gk_error *err) {
  *out = NULL;
  gk__store *st = gk__calloc(alloc, 1, sizeof(*st));
  if (!st)
    return nomem(err);
  st->alloc = alloc;
  st->lock_fd = -1;
  st->timeout_ms =
      opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
  st->own_agency =
      opts && (opts->flags & GK_LEDGER_OWN_AGENCY) && gk__store_target_pg(path);
  /* messages name the ledger by st->path: a connection string may hold a
   * password, so a PostgreSQL target is kept as db.h shows it */
  char shown[512];
  gk__db_target_shown(path, shown, sizeof(shown));
  st->path = gk__strdup(alloc, gk__store_target_pg(path) ? shown : path);
  gk_status rc =
      st->path ? gk__db_open(&st->db, path, create, st->timeout_ms, alloc, err)
               : nomem(err);
  if (rc) {
    gk__store_close(st);
    return rc;
  }
  *out = st;
  return GK_OK;
}

static gk_status user_version(gk__store *st, int *out, gk_error *err);

const char *gk__store_name(const gk__store *st) { return st->path; }

const char *gk__store_scope(const gk__store *st, bool fees) {
  if (!st->own_agency)
    return "";
  return fees ? " AND f.agency_id = gk_session_agency()"
              : " AND agency_id = gk_session_agency()";
}

bool gk__store_readonly(const gk__store *st) { return gk__db_readonly(st->db); }

void gk__store_set_keys(gk__store *st, gk__keys *keys,
                        const char *key_path) {
  st->keys = keys;
  st->key_path = key_path;
}

void gk__store_reveal(gk__store *st, bool on) {
  st->reveal = on;
  if (!on)
    sodium_memzero(st->revealed, sizeof(st->revealed));
}

gk_status gk__store_version(gk__store *st, int *out, gk_error *err) {
  return user_version(st, out, err);
}

static void unlock_import(gk__store *st);

void gk__store_close(gk__store *st) {
  if (!st)
    return;
  for (int i = 0; i < S_COUNT; i++)
    gk__stmt_free(st->s[i]);
  gk__stmt_free(st->imp_ins);
  if (st->db)
    unlock_import(st);
  gk__db_close(st->db);
  gk__free(st->alloc, st->path);
  gk__free(st->alloc, st);
}

gk_status gk__store_exec(gk__store *st, const char *sql, gk_error *err) {
  doing(st, "exec");
  st->audit_held = st->audit_locked = false;
  return gk__db_exec(st->db, sql, err);
}

gk_status gk__store_begin(gk__store *st, gk_error *err) {
  doing(st, "exec");
  st->audit_held = false;
  gk_status rc = gk__db_begin(st->db, true, err);
  st->audit_locked = !rc && st->begin_locks;
  return rc;
}

gk_status gk__store_begin_read(gk__store *st, gk_error *err) {
  doing(st, "exec");
  st->audit_held = st->audit_locked = false;
  return gk__db_begin(st->db, false, err);
}

gk_status gk__store_commit(gk__store *st, gk_error *err) {
  doing(st, "exec");
  st->audit_held = st->audit_locked = false;
  return gk__db_commit(st->db, err);
}

void gk__store_rollback(gk__store *st) {
  st->audit_held = st->audit_locked = false;
  gk__db_rollback(st->db);
}

/* === Migrations ===
 * Append-only: a released migration is never edited. Number 2 belongs to
 * the report's records and cases (ledgerreport). The DDL below is
 * SQLite's; PostgreSQL's is pg's (issue 13: one list, a text per
 * backend). */

typedef struct migration {
  int version;      /* PRAGMA user_version after it */
  const char *name; /* what it adds */
  gk_status (*apply)(gk__store *st, gk_error *err);
} migration;

/* Migration 1: meta, applications, events, audit log, calendar notices.
 * The CHECK lists come from the data tables (app.c, the template). */
static gk_status migrate_1(gk__store *st, gk_error *err) {
  char *lists[4] = {NULL, NULL, NULL, NULL};
  gk__buf b;
  gk__buf_init(&b, st->alloc, 0);
  gk_status rc = GK_OK;
  static const char *const column[4] = {
      [GK__LIST_APPLICANT] = "applicant_type", [GK__LIST_CHANNEL] = "channel",
      [GK__LIST_STATE] = "state", [GK__LIST_OUTCOME] = "outcome"};
  for (int i = 0; i < 4; i++) {
    lists[i] = gk__store_sql_check(st->alloc, i, column[i]);
    if (!lists[i]) {
      rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
      goto done;
    }
  }
  rc = gk__buf_printf(
      &b,
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
      "CREATE TABLE applications (\n"
      "  id INTEGER PRIMARY KEY,\n"
      "  ref TEXT UNIQUE NOT NULL CHECK (length(ref) > 0),\n"
      "  applicant_type TEXT NOT NULL CHECK (%s),\n"
      "  applicant_name TEXT,\n"
      "  contact TEXT,\n"
      "  channel TEXT NOT NULL CHECK (%s),\n"
      "  arrived_on TEXT,\n"
      "  received_on TEXT NOT NULL,\n"
      "  description TEXT,\n"
      "  state TEXT NOT NULL CHECK (%s),\n"
      "  outcome TEXT CHECK (outcome IS NULL OR %s),\n"
      "  basis TEXT,\n"
      "  closed_on TEXT,\n"
      "  due_on TEXT,\n"
      "  extended INTEGER NOT NULL DEFAULT 0 CHECK (extended BETWEEN 0 AND "
      "20),\n"
      "  period_from TEXT NOT NULL,\n"
      "  corrections INTEGER NOT NULL DEFAULT 0 CHECK (corrections = 0 OR "
      "corrections = 1),\n"
      "  CHECK ((outcome IS NULL) = (closed_on IS NULL))\n"
      ");\n"
      "CREATE INDEX applications_received_on ON applications (received_on);\n"
      "CREATE INDEX applications_closed_on ON applications (closed_on);\n"
      "CREATE TABLE application_events (\n"
      "  id INTEGER PRIMARY KEY,\n"
      "  application_id INTEGER NOT NULL REFERENCES applications (id),\n"
      "  kind TEXT NOT NULL,\n"
      "  on_date TEXT NOT NULL,\n"
      "  detail TEXT,\n"
      "  actor TEXT NOT NULL,\n"
      "  created_at TEXT NOT NULL\n"
      ");\n"
      "CREATE INDEX application_events_app ON application_events "
      "(application_id);\n"
      "CREATE TABLE audit_log (\n"
      "  id INTEGER PRIMARY KEY,\n"
      "  at TEXT NOT NULL,\n"
      "  actor TEXT NOT NULL,\n"
      "  table_name TEXT NOT NULL,\n"
      "  row_id INTEGER,\n"
      "  action TEXT NOT NULL,\n"
      "  before_json TEXT,\n"
      "  after_json TEXT\n"
      ");\n"
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
      "  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
      "END;\n"
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
      "  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
      "END;\n"
      "CREATE TABLE calendar_notices (\n"
      "  id INTEGER PRIMARY KEY,\n"
      "  year INTEGER NOT NULL,\n"
      "  number TEXT,\n"
      "  body TEXT NOT NULL,\n"
      "  added_at TEXT NOT NULL,\n"
      "  actor TEXT NOT NULL\n"
      ");\n",
      lists[GK__LIST_APPLICANT], lists[GK__LIST_CHANNEL], lists[GK__LIST_STATE],
      lists[GK__LIST_OUTCOME]);
  if (rc) {
    rc = gk__fail(err, rc, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  rc = gk__store_exec(st, b.data, err);
done:
  for (int i = 0; i < 4; i++)
    gk__free(st->alloc, lists[i]);
  gk__buf_free(&b);
  return rc;
}

/* Migration 2 (ledgerreport): records, cases, the report's covering
 * indexes. */

static const char migration_2[] =
    /* Records of proactive disclosure and the report's other inputs.
     * kind: a row id of table disclose; items = 1: a count of items
     * (项目数量) at dated_on, not decisions. A record counts in the report
     * once a second person approved it (published_on). Never deleted:
     * a document is repealed by marking repealed_on. */
    "CREATE TABLE records ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL,"
    " items INTEGER NOT NULL DEFAULT 0 CHECK (items IN (0, 1)),"
    " doc_no TEXT NOT NULL CHECK (doc_no <> ''),"
    " title TEXT NOT NULL DEFAULT '',"
    " dated_on TEXT NOT NULL,"
    " count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),"
    " amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),"
    " drafted_by TEXT NOT NULL CHECK (drafted_by <> ''),"
    " approved_by TEXT CHECK (approved_by <> drafted_by),"
    " published_on TEXT CHECK (published_on >= dated_on),"
    " repealed_on TEXT CHECK (repealed_on >= dated_on),"
    " repealed_by TEXT,"
    " CHECK ((approved_by IS NULL) = (published_on IS NULL)),"
    " CHECK (repealed_on IS NULL OR published_on IS NOT NULL));"
    "CREATE INDEX records_kind ON records(kind, dated_on);"
    "CREATE TRIGGER records_keep BEFORE DELETE ON records BEGIN"
    " SELECT RAISE(ABORT, 'records are never deleted'); END;"
    /* Reconsideration and litigation cases about an application. kind: a
     * row id of table review; outcome: one of its column ids, NULL while
     * pending. */
    "CREATE TABLE cases ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL,"
    " application_id INTEGER NOT NULL REFERENCES applications(id),"
    " case_no TEXT NOT NULL DEFAULT '',"
    " filed_on TEXT NOT NULL,"
    " outcome TEXT,"
    " decided_on TEXT CHECK (decided_on >= filed_on),"
    " created_by TEXT NOT NULL CHECK (created_by <> ''),"
    " CHECK ((outcome IS NULL) = (decided_on IS NULL)));"
    "CREATE INDEX cases_decided ON cases(decided_on);"
    "CREATE INDEX cases_application ON cases(application_id);"
    /* Covering indexes of the report's grouped queries: a year's report
     * reads index entries only. */
    "CREATE INDEX applications_report_received"
    " ON applications(received_on, applicant_type);"
    "CREATE INDEX applications_report_closed"
    " ON applications(closed_on, received_on, applicant_type, outcome);";

static gk_status migrate_2(gk__store *st, gk_error *err) {
  return gk__store_exec(st, migration_2, err);
}

/* Migration 2's covering indexes begin with received_on and closed_on, so
 * migration 1's one-column indexes on them only cost every insert: 1 M
 * rows imported in 9.2 s with them, 7.3 s without. */
static gk_status migrate_3(gk__store *st, gk_error *err) {
  return gk__store_exec(st,
                        "DROP INDEX IF EXISTS applications_received_on;"
                        "DROP INDEX IF EXISTS applications_closed_on;",
                        err);
}

/* Migration 4 (fee): the applicant's identity, so that 按件 can count one
 * applicant's applications in a month, and the fees noticed and paid
 * (国办函〔2020〕109号) in whole 元. A fee row is never deleted; a payment
 * or lapse updates it (audited as the applications are). */
static gk_status migrate_4(gk__store *st, gk_error *err) {
  return gk__store_exec(
      st,
      "ALTER TABLE applications ADD COLUMN applicant_key TEXT"
      " CHECK (applicant_key IS NULL OR length(applicant_key) > 0);"
      "CREATE INDEX applications_applicant ON applications"
      " (applicant_key, received_on) WHERE applicant_key IS NOT NULL;"
      "CREATE TABLE fees ("
      " id INTEGER PRIMARY KEY,"
      " application_id INTEGER NOT NULL REFERENCES applications (id),"
      " method TEXT NOT NULL CHECK (method = 'pages' OR method = 'piece'),"
      " units INTEGER NOT NULL CHECK (units > 0),"
      " yuan INTEGER NOT NULL CHECK (yuan > 0),"
      " noticed_on TEXT NOT NULL,"
      " paid_on TEXT CHECK (paid_on >= noticed_on),"
      " paid_yuan INTEGER CHECK (paid_yuan = yuan),"
      " receipt TEXT CHECK (receipt IS NULL OR paid_on IS NOT NULL),"
      " lapsed_on TEXT CHECK (lapsed_on > noticed_on),"
      " CHECK ((paid_on IS NULL) = (paid_yuan IS NULL)),"
      " CHECK (paid_on IS NULL OR lapsed_on IS NULL));"
      "CREATE INDEX fees_application ON fees (application_id);"
      "CREATE INDEX fees_paid ON fees (paid_on, application_id, paid_yuan)"
      " WHERE paid_on IS NOT NULL;"
      "CREATE TRIGGER fees_keep BEFORE DELETE ON fees BEGIN"
      " SELECT RAISE(ABORT, 'fees are never deleted'); END;",
      err);
}

/* Migration 6 (ledgerclerk): void and revoke (docs/ledger.md "Void and
 * revoke"). A voided application stays, with the day and the reason, and
 * leaves the report: the report's covering indexes are rebuilt with
 * voided_on so its queries still read index entries only. A fee notice
 * replaced by a corrected one, or revoked, is marked (replaced_on), never
 * deleted: one notice stands per application (国办函〔2020〕109号). */
static gk_status migrate_6(gk__store *st, gk_error *err) {
  return gk__store_exec(
      st,
      "ALTER TABLE applications ADD COLUMN voided_on TEXT;"
      "ALTER TABLE applications ADD COLUMN void_reason TEXT"
      " CHECK ((voided_on IS NULL) = (void_reason IS NULL));"
      "ALTER TABLE fees ADD COLUMN replaced_on TEXT"
      " CHECK (replaced_on IS NULL OR (paid_on IS NULL AND"
      " lapsed_on IS NULL));"
      "DROP INDEX IF EXISTS applications_report_received;"
      "DROP INDEX IF EXISTS applications_report_closed;"
      "CREATE INDEX applications_report_received"
      " ON applications(received_on, applicant_type, voided_on);"
      "CREATE INDEX applications_report_closed"
      " ON applications(closed_on, received_on, applicant_type, outcome,"
      " voided_on);",
      err);
}
/* Migration 7 (ledgersec): at the end of this file. */
static gk_status migrate_7(gk__store *st, gk_error *err);

/* Migration 8 (importb, issue 15 point 4): imports in bounded batches.
 * Each import is a row of 'imports'; the applications it inserts carry
 * its id and are seen by no read until its state is 'done'
 * (GK__APP_SEEN); the report's covering indexes get import_id so that
 * test still reads index entries only. first_id: the lowest id of its
 * rows (ids only grow while it runs), where removing them starts. */
static gk_status migrate_8(gk__store *st, gk_error *err) {
  return gk__store_exec(
      st,
      "CREATE TABLE imports ("
      " id INTEGER PRIMARY KEY,"
      " state TEXT NOT NULL DEFAULT 'running'"
      " CHECK (state IN ('running', 'done', 'abandoned')),"
      " actor TEXT NOT NULL,"
      " started_at TEXT NOT NULL,"
      " ended_at TEXT,"
      " first_id INTEGER,"
      " rows INTEGER NOT NULL DEFAULT 0);"
      "ALTER TABLE applications ADD COLUMN import_id INTEGER;"
      "DROP INDEX IF EXISTS applications_report_received;"
      "DROP INDEX IF EXISTS applications_report_closed;"
      "CREATE INDEX applications_report_received"
      " ON applications(received_on, applicant_type, voided_on, import_id);"
      "CREATE INDEX applications_report_closed"
      " ON applications(closed_on, received_on, applicant_type, outcome,"
      " voided_on, import_id);",
      err);
}

/* 9 (pgbench): PostgreSQL's read policies as index conditions and the
 * index of the rows the report refuses (schema_pg.c); SQLite, one agency
 * a file, has neither to change. */
static gk_status migrate_9(gk__store *st, gk_error *err) {
  (void)st;
  (void)err;
  return GK_OK;
}

/* Migration 10: PostgreSQL's audit chain per agency (schema_pg.c's
 * pg_10); SQLite's ledger is one agency, one chain: nothing to do. */
static gk_status migrate_10(gk__store *st, gk_error *err) {
  (void)st;
  (void)err;
  return GK_OK;
}

static const migration migrations[] = {
    {1, "applications, events, audit log, calendar", migrate_1},
    /* 2: records and cases (branch ledgerreport) */
    {2, "records, cases, report indexes", migrate_2},
    {3, "drop the date indexes the report's indexes cover", migrate_3},
    {4, "applicant identity, fees noticed and paid", migrate_4},
    /* 5: ledgerlaw (no migration needed) */
    {6, "void an application, replace or revoke a fee notice", migrate_6},
    {7, "ID numbers sealed, audit log chained", migrate_7},
    {8, "imports committed in batches, hidden until done", migrate_8},
    {9, "agency read policies as index conditions (PostgreSQL)", migrate_9},
    {10, "one audit chain per agency (PostgreSQL)", migrate_10},
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

int gk__store_latest(void) { return migrations[NMIGRATIONS - 1].version; }

/* One integer from a query without parameters. */
static gk_status query_int(gk__store *st, const char *sql, int64_t *out,
                           gk_error *err) {
  gk__stmt *s = NULL;
  *out = 0;
  doing(st, "user_version");
  gk_status rc = gk__db_prepare(st->db, sql, &s, err);
  bool row = false;
  if (!rc)
    rc = gk__stmt_step(s, &row, err);
  if (!rc && row)
    *out = gk__col_int(s, 0);
  else if (!rc)
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误（%s）：%s",
                  "database error (%s): %s", "user_version", "no row");
  gk__stmt_free(s);
  return rc;
}

gk_status gk__store_session_agency(gk__store *st, char **name, bool *below,
                                   gk_error *err) {
  *name = NULL;
  *below = false;
  if (is_sqlite(st))
    return GK_OK;
  gk__stmt *s = NULL;
  doing(st, "agency");
  gk_status rc =
      gk__db_prepare(st->db,
                     "SELECT name, CAST(parent_id IS NOT NULL AS int), "
                     "CAST(gk_agency_rank(level) > 3 AS int) FROM agencies "
                     "WHERE id = gk_session_agency()",
                     &s, err);
  bool row = false;
  if (!rc)
    rc = gk__stmt_step(s, &row, err);
  if (!rc && row && gk__col_int(s, 1)) {
    *name = gk__strdup(st->alloc, gk__col_text(s, 0));
    *below = gk__col_int(s, 2) != 0;
    if (!*name)
      rc = nomem(err);
  }
  gk__stmt_free(s);
  return rc;
}

/* The schema version: SQLite keeps it in PRAGMA user_version (0 for a
 * file gongkai did not make); PostgreSQL has no such header, so it is the
 * highest applied migration (0 when the table is not there yet). */
static gk_status user_version(gk__store *st, int *out, gk_error *err) {
  int64_t v = 0;
  *out = 0;
  gk_status rc;
  if (is_sqlite(st))
    rc = query_int(st, "PRAGMA user_version", &v, err);
  else {
    rc = query_int(st,
                   "SELECT CAST(to_regclass('migrations') IS NOT NULL AS int)",
                   &v, err);
    if (!rc && v)
      rc = query_int(st, "SELECT COALESCE(max(version), 0) FROM migrations", &v,
                     err);
  }
  if (!rc)
    *out = (int)v;
  return rc;
}

bool gk__store_target_pg(const char *target) {
  return gk__db_kind_of_target(target) == GK__DB_PG;
}

void gk__store_set_office(gk__store *st, const char *agency) {
  st->office = agency;
}

/* PostgreSQL, before the first migration: the role is no superuser (it
 * would pass through row-level security) and the administrator made the
 * group role gk_office (docs/operations.md "Setup"). */
static gk_status pg_preflight(gk__store *st, gk_error *err) {
  int64_t n = 0;
  gk_status rc = query_int(st,
                           "SELECT CAST(rolsuper OR rolbypassrls AS int) "
                           "FROM pg_roles WHERE rolname = current_user",
                           &n, err);
  if (!rc && n)
    return gk__fail_param(
        err, GK_E_DB, "ledger",
        "不能以超级用户或 BYPASSRLS 角色建立 PostgreSQL 台账 %s（它不受行级安全"
        "约束）：请用专门的属主角色连接（见 docs/operations.md）",
        "refusing to make the PostgreSQL ledger %s as a superuser or a "
        "BYPASSRLS role (row-level security does not hold it): connect as "
        "the ledger's owner role (docs/operations.md)",
        st->path);
  if (!rc)
    rc = query_int(st,
                   "SELECT count(*) FROM pg_roles WHERE rolname = "
                   "'gk_office'",
                   &n, err);
  if (!rc && !n)
    return gk__fail_param(
        err, GK_E_DB, "ledger",
        "PostgreSQL 台账 %s：数据库中没有角色 gk_office，须由管理员先建立"
        "（CREATE ROLE gk_office NOLOGIN;，见 docs/operations.md）",
        "PostgreSQL ledger %s: the role gk_office does not exist; an "
        "administrator must make it first (CREATE ROLE gk_office NOLOGIN;, "
        "docs/operations.md)",
        st->path);
  return rc;
}

/* PostgreSQL, in migration 1's transaction: the session's role owns an
 * agency, since every row defaults to it. A role an administrator put in
 * the tree keeps its agency; otherwise the ledger being created is one
 * office's: its agency becomes a tree of its own (the schema's root
 * level), with this role as its member. */
static gk_status pg_office(gk__store *st, gk_error *err) {
  int64_t n = 0;
  gk_status rc = query_int(
      st, "SELECT CAST(gk_session_agency() IS NOT NULL AS int)", &n, err);
  if (rc || n)
    return rc;
  if (!st->office)
    return gk__fail_param(err, GK_E_DB, "ledger",
                          "PostgreSQL 台账 %s：当前数据库角色不属于任何机关"
                          "（agency_members 中没有它）",
                          "PostgreSQL ledger %s: the session's role belongs "
                          "to no agency (no row of agency_members)",
                          st->path);
  gk__stmt *s = NULL;
  int64_t id = 0;
  doing(st, "agency");
  rc = gk__db_prepare(st->db,
                      "INSERT INTO agencies (level, code, name) VALUES "
                      "('province', current_user, CAST(? AS text)) "
                      "RETURNING id",
                      &s, err);
  if (!rc) {
    gk__bind_text(s, 1, st->office);
    rc = run_id(s, &id, err);
  }
  gk__stmt_free(s);
  s = NULL;
  if (!rc)
    rc = gk__db_prepare(st->db,
                        "INSERT INTO agency_members VALUES (current_user, "
                        "CAST(? AS bigint))",
                        &s, err);
  if (!rc) {
    gk__bind_int(s, 1, id);
    rc = gk__stmt_run(s, err);
  }
  gk__stmt_free(s);
  return rc;
}

static gk_status migrate_7_data(gk__store *st, gk_error *err);

/* A migration on PostgreSQL: schema_pg.c's DDL of the same number, then
 * the backend-neutral data steps of migration 7. */
static gk_status migrate_pg(gk__store *st, int version, gk_error *err) {
  char *sql = NULL;
  gk_status rc = GK_OK;
  if (version == 7)
    rc = gk__keys_need(st->keys, st->key_path, err);
  if (!rc)
    rc = gk__schema_pg(st->alloc, version, &sql, err);
  if (!rc && *sql) /* 3 has nothing to do on PostgreSQL */
    rc = gk__store_exec(st, sql, err);
  gk__free(st->alloc, sql);
  if (!rc && version == 1)
    rc = pg_office(st, err);
  if (!rc && version == 7)
    rc = migrate_7_data(st, err);
  return rc;
}

/* Records migration 'm' as applied (in its transaction). */
static gk_status mark_migrated(gk__store *st, const migration *m,
                               const char *actor, gk_error *err) {
  char now[24];
  gk__now_iso(now);
  gk__stmt *s = NULL;
  doing(st, "exec");
  gk_status rc = gk__db_prepare(
      st->db, "INSERT INTO migrations VALUES (?, ?, ?, ?)", &s, err);
  if (!rc) {
    gk__bind_int(s, 1, m->version);
    gk__bind_text(s, 2, m->name);
    gk__bind_text(s, 3, now);
    gk__bind_text(s, 4, actor ? actor : "unknown");
    rc = gk__stmt_run(s, err);
  }
  gk__stmt_free(s);
  if (!rc && is_sqlite(st)) { /* SQLite only: the version in the header */
    char q[48];
    snprintf(q, sizeof(q), "PRAGMA user_version = %d", m->version);
    rc = gk__store_exec(st, q, err);
  }
  return rc;
}

gk_status gk__store_migrate(gk__store *st, bool create, const char *actor,
                            int *version, gk_error *err) {
  int v = 0;
  gk_status rc = user_version(st, &v, err);
  if (rc)
    return rc;
  if (!create && v == 0)
    return gk__fail_param(err, GK_E_DB, "ledger",
                          "不是 gongkai 台账（没有结构版本），须先建立台账",
                          "not a gongkai ledger (no schema version): create "
                          "the ledger first");
  if (create && v > 0 && !is_sqlite(st)) /* as SQLite refuses the file */
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "%s 已存在，不会覆盖（数据库中已有台账）",
                    "%s exists, not overwritten (the database already holds "
                    "a ledger)",
                    st->path);
  int latest = gk__store_latest();
  st->chained = v >= 7;
  if (v > latest)
    return gk__fail(err, GK_E_DB, 0, 0, -1,
                    "台账的结构版本 %d 比本程序（%d）新，请升级 gongkai",
                    "the ledger's schema version %d is newer than this "
                    "program's (%d): upgrade gongkai",
                    v, latest);
  if (gk__store_readonly(st) && v < latest)
    return gk__fail(err, GK_E_READONLY, 0, 0, -1,
                    "台账 %s 是只读的，而它的结构版本 %d 需要升级到 %d：请先在"
                    "可写的位置用本程序打开一次",
                    "the ledger %s is read-only and its schema version %d "
                    "needs the upgrade to %d: open it once where it can be "
                    "written",
                    st->path, v, latest);
  /* PostgreSQL's DDL is transactional: a new ledger is made in one
   * transaction, so a create that fails leaves nothing behind. */
  bool whole = !is_sqlite(st) && v == 0;
  if (whole) {
    rc = pg_preflight(st, err);
    if (!rc)
      rc = gk__store_begin(st, err);
    if (rc)
      return rc;
  }
  for (size_t i = 0; i < NMIGRATIONS; i++) {
    const migration *m = &migrations[i];
    if (m->version <= v)
      continue;
    char sql[160];
    if (!whole) {
      rc = gk__store_begin(st, err);
      if (rc)
        return rc;
    }
    rc = is_sqlite(st) ? m->apply(st, err) : migrate_pg(st, m->version, err);
    if (!rc && m->version == 1)
      rc = gk__store_exec(st,
                          "CREATE TABLE migrations (version INTEGER PRIMARY "
                          "KEY, name TEXT NOT NULL, applied_at TEXT NOT "
                          "NULL, actor TEXT NOT NULL)",
                          err);
    /* every agency's session reads the schema's version (pgcli: an
     * agency's own login could not open the ledger) */
    if (!rc && m->version == 1 && !is_sqlite(st))
      rc = gk__store_exec(st, "GRANT SELECT ON migrations TO gk_office", err);
    if (!rc)
      rc = mark_migrated(st, m, actor, err);
    if (!rc) {
      snprintf(sql, sizeof(sql), "%d", m->version);
      rc = gk__store_meta_set(st, actor, "schema_version", sql, err);
    }
    if (!rc && !whole)
      rc = gk__store_commit(st, err);
    if (rc) {
      gk__store_rollback(st);
      return rc;
    }
    v = m->version;
  }
  if (whole) {
    rc = gk__store_commit(st, err);
    if (rc) {
      gk__store_rollback(st);
      return rc;
    }
  }
  /* From now on (gk_session_agency() exists) a write transaction's BEGIN
   * takes the agency's audit lock in its own round trip: every write
   * audits, and a lock taken apart cost one more. */
  if (!is_sqlite(st)) {
    gk__db_write_lock(st->db, AUDIT_PG_LOCK);
    st->begin_locks = true;
  }
  *version = v;
  return GK_OK;
}

/* === Binding helpers === */

/* Binds the 18 columns after id up to void_reason from parameter 'first'
 * on (the key columns are bound apart: bind_key). */
static void bind_app(gk__stmt *s, int first, const gk_app *a) {
  int i = first;
  gk__bind_text(s, i++, a->ref);
  gk__bind_text(s, i++, a->applicant_type);
  gk__bind_text(s, i++, a->applicant_name);
  gk__bind_text(s, i++, a->contact);
  gk__bind_text(s, i++, a->channel);
  gk__bind_date(s, i++, a->arrived_on);
  gk__bind_date(s, i++, a->received_on);
  gk__bind_text(s, i++, a->description);
  gk__bind_text(s, i++, a->state);
  gk__bind_text(s, i++, a->outcome);
  gk__bind_text(s, i++, a->basis);
  gk__bind_date(s, i++, a->closed_on);
  gk__bind_date(s, i++, a->due_on);
  gk__bind_int(s, i++, a->extended);
  gk__bind_date(s, i++, a->period_from);
  gk__bind_int(s, i++, a->corrections);
  gk__bind_date(s, i++, a->voided_on);
  gk__bind_text(s, i++, a->void_reason);
}

/* Binds the three key columns from parameter 'first' on: the sealed form
 * of 'clear' (a normalised ID number), or NULLs. Needs the key. 'sealed'
 * is bound, not copied: it lives until the statement ran. */
static gk_status bind_key(gk__store *st, gk__stmt *s, int first,
                          const char *clear, gk__sealed *sealed,
                          gk_error *err) {
  if (!clear || !*clear) {
    for (int i = 0; i < 3; i++)
      gk__bind_null(s, first + i);
    return GK_OK;
  }
  gk_status rc = gk__keys_need(st->keys, st->key_path, err);
  if (!rc)
    rc = gk__keys_seal(st->keys, clear, sealed, err);
  if (rc)
    return rc;
  gk__bind_text(s, first, sealed->hash);
  gk__bind_text(s, first + 1, sealed->masked);
  gk__bind_blob(s, first + 2, sealed->box, sealed->box_len);
  return GK_OK;
}

/* Reads a row of APP_COLS into 'a' whose strings point into the statement
 * (valid until the next step): the borrowed view of list callbacks. */
static void read_app_view(gk__store *st, gk__stmt *s, gk_app *a) {
  a->id = gk__col_int(s, 0);
  a->ref = (char *)gk__col_text(s, 1);
  a->applicant_type = (char *)gk__col_text(s, 2);
  a->applicant_name = (char *)gk__col_text(s, 3);
  a->contact = (char *)gk__col_text(s, 4);
  a->channel = (char *)gk__col_text(s, 5);
  a->arrived_on = gk__col_date(s, 6);
  a->received_on = gk__col_date(s, 7);
  a->description = (char *)gk__col_text(s, 8);
  a->state = (char *)gk__col_text(s, 9);
  a->outcome = (char *)gk__col_text(s, 10);
  a->basis = (char *)gk__col_text(s, 11);
  a->closed_on = gk__col_date(s, 12);
  a->due_on = gk__col_date(s, 13);
  a->extended = (int)gk__col_int(s, 14);
  a->period_from = gk__col_date(s, 15);
  a->corrections = (int)gk__col_int(s, 16);
  a->voided_on = gk__col_date(s, 17);
  a->void_reason = (char *)gk__col_text(s, 18);
  a->applicant_key_hash = (char *)gk__col_text(s, 19);
  a->applicant_key = (char *)gk__col_text(s, 20);
  if (st->reveal && a->applicant_key) {
    /* A box that does not open shows as masked: never a wrong number. */
    size_t n = 0;
    const void *box = gk__col_blob(s, 21, &n);
    if (gk__keys_open(st->keys, box, n, st->revealed))
      a->applicant_key = st->revealed;
  }
}

/* === JSON of a row (audit) === */

static json_t *app_json(const gk_app *a) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  char d[12];
  int bad = 0;
#define STR(k, v) bad |= json_object_set_new(o, k, v ? json_string(v) : json_null())
#define DATE(k, v)                                                             \
  do {                                                                         \
    if (v) {                                                                   \
      gk__iso_format(v, d);                                                    \
      bad |= json_object_set_new(o, k, json_string(d));                        \
    } else                                                                     \
      bad |= json_object_set_new(o, k, json_null());                           \
  } while (0)
  bad |= json_object_set_new(o, "id", json_integer(a->id));
  STR("ref", a->ref);
  STR("applicant_type", a->applicant_type);
  STR("applicant_name", a->applicant_name);
  STR("contact", a->contact);
  STR("channel", a->channel);
  DATE("arrived_on", a->arrived_on);
  DATE("received_on", a->received_on);
  STR("description", a->description);
  STR("state", a->state);
  STR("outcome", a->outcome);
  STR("basis", a->basis);
  DATE("closed_on", a->closed_on);
  DATE("due_on", a->due_on);
  bad |= json_object_set_new(o, "extended", json_integer(a->extended));
  DATE("period_from", a->period_from);
  bad |= json_object_set_new(o, "corrections", json_integer(a->corrections));
  DATE("voided_on", a->voided_on);
  STR("void_reason", a->void_reason);
  /* The audit log keeps the keyed hash only, never the number (PIPL). */
  STR("applicant_key_hash", a->applicant_key_hash);
#undef STR
#undef DATE
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* === Audit ===
 * Schema 7 chains the rows (issue 15 item 7): each row's 'chain' is the
 * keyed BLAKE2b of the previous row's chain, its own id and every column
 * (keys.c), so a row changed, deleted or slipped in outside gongkai breaks
 * the chain from there on, and only the key's holder can mend it. Ids are
 * given, not left to SQLite: the id is part of the link. */

/* The link of one audit row: 'prev' the previous row's (zeros for the
 * first row), then the row. */
static void audit_link(const gk__keys *k, const unsigned char prev[32],
                       int64_t id, const char *at, const char *actor,
                       const char *table, const char *row_id,
                       const char *action, const char *before,
                       const char *after, unsigned char out[32]) {
  const char *f[] = {at, actor, table, row_id, action, before, after};
  gk__keys_chain(k, prev, id, f, sizeof(f) / sizeof(f[0]), out);
}

/* The last row's id and chain link (0 and zeros for an empty log). */
static gk_status audit_last(gk__store *st, int64_t *id,
                            unsigned char link[32], gk_error *err) {
  gk__stmt *s = NULL;
  *id = 0;
  memset(link, 0, 32);
  gk_status rc = prep(st, S_AUDIT_LAST, &s, err);
  bool row = false;
  if (!rc)
    rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    *id = gk__col_int(s, 0);
    size_t n = 0;
    const void *b = gk__col_blob(s, 1, &n);
    if (n == 32)
      memcpy(link, b, 32);
  }
  if (s)
    gk__stmt_reset(s);
  return rc;
}

/* PostgreSQL: many agencies share audit_log, each with its own chain
 * (docs/internals/ledger.md). Its writers queue on a lock of its own, taken
 * in the write transaction before the last row is read, so two writers of
 * one agency cannot link to the same row (a fork); other agencies' writers
 * do not wait on it. db_pg.c's write lock serialises every writer today;
 * this one keeps the chain whole if that lock is ever narrowed. The id is
 * the table's sequence (nextval, migration 10), taken after the lock: the
 * link hashes the id as SQLite's does, so a row cannot be renumbered, and
 * the ids stay unique across agencies, which last + 1 over the rows a
 * session sees could not (23505). */
static gk_status audit_pg_lock(gk__store *st, gk_error *err) {
  doing(st, "audit");
  gk__stmt *s = NULL;
  gk_status rc =
      gk__db_prepare(st->db, "SELECT 1 FROM (" AUDIT_PG_LOCK ") l", &s, err);
  bool row = false;
  if (!rc)
    rc = gk__stmt_step(s, &row, err);
  gk__stmt_free(s);
  return rc;
}

/* PostgreSQL: the chain's last row and the next two ids in one round
 * trip, after the lock (its own statement: a statement's snapshot is
 * taken when it starts, so the lock must be held before this one starts).
 * Ids taken under the lock are above every id of the agency's chain. */
static gk_status audit_pg_next(gk__store *st, int64_t *last,
                               unsigned char link[32], int64_t *id,
                               int64_t *spare, gk_error *err) {
  gk__stmt *s = NULL;
  *last = *id = *spare = 0;
  memset(link, 0, 32);
  gk_status rc = gk__db_prepare(
      st->db,
      "SELECT l.id, l.chain, n.a, n.b FROM (SELECT min(v) AS a, max(v) AS "
      "b FROM (SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) "
      "AS v FROM generate_series(1, 2)) g) n LEFT JOIN (SELECT id, chain "
      "FROM audit_log WHERE agency_id = gk_session_agency() ORDER BY id "
      "DESC LIMIT 1) l ON true",
      &s, err);
  bool row = false;
  if (!rc)
    rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    *last = gk__col_int(s, 0);
    size_t n = 0;
    const void *b = gk__col_blob(s, 1, &n);
    if (n == 32)
      memcpy(link, b, 32);
    *id = gk__col_int(s, 2);
    *spare = gk__col_int(s, 3);
  }
  if (!rc && !row)
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误：没有取得审计编号",
                  "database error: no audit id");
  gk__stmt_free(s);
  return rc;
}

/* Before schema 7 (older ledgers being migrated): rows without a link. */
static gk_status audit_unchained(gk__store *st, const char *now,
                                 const char *actor, const char *table,
                                 int64_t row_id, const char *action,
                                 const char *bj, const char *aj,
                                 gk_error *err) {
  gk__stmt *s = NULL;
  gk_status rc = gk__db_prepare(st->db,
                                "INSERT INTO audit_log (at, actor, "
                                "table_name, row_id, action, before_json, "
                                "after_json) VALUES (?,?,?,?,?,?,?)",
                                &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, now);
  gk__bind_text(s, 2, actor);
  gk__bind_text(s, 3, table);
  if (row_id)
    gk__bind_int(s, 4, row_id);
  else
    gk__bind_null(s, 4);
  gk__bind_text(s, 5, action);
  gk__bind_text(s, 6, bj);
  gk__bind_text(s, 7, aj);
  rc = gk__stmt_run(s, err);
  gk__stmt_free(s);
  return rc;
}

gk_status gk__store_audit(gk__store *st, const char *actor, const char *table,
                          int64_t row_id, const char *action,
                          const json_t *before, const json_t *after,
                          gk_error *err) {
  gk_status rc = GK_OK;
  char now[24];
  gk__now_iso(now);
  doing(st, "audit");
  actor = actor ? actor : "unknown";
  char *bj = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *aj = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  if ((before && !bj) || (after && !aj)) {
    rc = nomem(err);
    goto done;
  }
  if (!st->chained) {
    rc = audit_unchained(st, now, actor, table, row_id, action, bj, aj, err);
    goto done;
  }
  rc = gk__keys_need(st->keys, st->key_path, err);
  int64_t last = 0, id = 0;
  unsigned char prev[32], link[32];
  bool pg = !is_sqlite(st);
  if (!rc && pg && st->audit_held && gk__db_in_transaction(st->db)) {
    /* this transaction's own last row, under the lock it holds */
    last = st->audit_id;
    memcpy(prev, st->audit_link, 32);
    if (st->audit_spare > last) {
      id = st->audit_spare;
      st->audit_spare = 0;
    } else {
      rc = query_int(
          st, "SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))", &id,
          err);
    }
  } else if (!rc && pg) {
    /* a write transaction's BEGIN took it (gk__store_migrate) */
    if (!(st->audit_locked && gk__db_in_transaction(st->db)))
      rc = audit_pg_lock(st, err);
    if (!rc)
      rc = audit_pg_next(st, &last, prev, &id, &st->audit_spare, err);
  } else if (!rc) {
    rc = audit_last(st, &last, prev, err);
    id = last + 1;
  }
  st->audit_held = false;
  if (rc)
    goto done;
  doing(st, "audit");
  char rid[24];
  snprintf(rid, sizeof(rid), "%lld", (long long)row_id);
  audit_link(st->keys, prev, id, now, actor, table, row_id ? rid : NULL,
             action, bj, aj, link);
  gk__stmt *s = NULL;
  rc = prep(st, S_AUDIT, &s, err);
  if (rc)
    goto done;
  gk__bind_int(s, 1, id);
  gk__bind_text(s, 2, now);
  gk__bind_text(s, 3, actor);
  gk__bind_text(s, 4, table);
  if (row_id)
    gk__bind_int(s, 5, row_id);
  else
    gk__bind_null(s, 5);
  gk__bind_text(s, 6, action);
  gk__bind_text(s, 7, bj);
  gk__bind_text(s, 8, aj);
  gk__bind_blob(s, 9, link, 32);
  rc = gk__stmt_run(s, err);
  gk__stmt_reset(s);
  if (!rc && pg && gk__db_in_transaction(st->db)) {
    st->audit_held = true;
    st->audit_id = id;
    memcpy(st->audit_link, link, 32);
  }
done:
  free(bj); /* jansson allocates with malloc */
  free(aj);
  return rc;
}

/* The guard triggers as migration 1 made them (sqlite_master keeps the
 * statement's text as written). */
static const char *const audit_triggers[][2] = {
    {"audit_log_no_update",
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
     "  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
     "END"},
    {"audit_log_no_delete",
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
     "  SELECT RAISE(ABORT, 'audit_log is append-only');\n"
     "END"},
};

/* Whether guard trigger 'i' stands as migration 1 made it. SQLite only:
 * sqlite_master keeps its text; PostgreSQL: that it exists on audit_log
 * (its DDL is pg's, issue 13). */
static gk_status trigger_same(gk__store *st, size_t i, bool *same,
                              gk_error *err) {
  gk__stmt *s = NULL;
  *same = false;
  gk_status rc = gk__db_prepare(
      st->db,
      is_sqlite(st) ? "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                      "AND name = ? AND tbl_name = 'audit_log'"
                    : "SELECT NULL FROM pg_trigger WHERE tgname = ? AND "
                      "tgrelid = 'audit_log'::regclass AND NOT tgisinternal",
      &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, audit_triggers[i][0]);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    const char *sql = gk__col_text(s, 0);
    *same =
        is_sqlite(st) ? sql && strcmp(sql, audit_triggers[i][1]) == 0 : true;
  }
  gk__stmt_free(s);
  return rc;
}

gk_status gk__store_audit_verify(gk__store *st, int64_t tail,
                                 gk_audit_break_fn fn, void *ud,
                                 int64_t *breaks, int64_t *rows, char *head,
                                 gk_error *err) {
  *breaks = 0;
  if (rows)
    *rows = 0;
  if (head)
    head[0] = '\0';
  gk_status rc = GK_OK;
  char zh[256], en[256];
  gk_audit_break b = {0, NULL, zh, en};
#define BREAK(id, kind, ...)                                                   \
  do {                                                                         \
    ++*breaks;                                                                 \
    b.row_id = (id);                                                           \
    b.what = (kind);                                                           \
    gk_error e_;                                                               \
    gk_error_clear(&e_);                                                       \
    gk__fail(&e_, GK_E_TAMPERED, 0, 0, -1, __VA_ARGS__);                       \
    snprintf(zh, sizeof(zh), "%s", e_.message);                                \
    snprintf(en, sizeof(en), "%s", e_.message_en);                             \
    if (fn && fn(&b, ud))                                                      \
      goto done;                                                               \
  } while (0)
  gk__stmt *s = NULL;
  doing(st, "verify");
  for (size_t i = 0; i < sizeof(audit_triggers) / sizeof(audit_triggers[0]);
       i++) {
    bool same = false;
    rc = trigger_same(st, i, &same, err);
    if (rc)
      return rc;
    if (!same)
      BREAK(0, "trigger",
            "审计日志的保护触发器 %s 被删除或改动：日志可被改写",
            "the audit log's guard trigger %s was dropped or changed: the "
            "log can be rewritten",
            audit_triggers[i][0]);
  }
  if (!st->chained || tail < 0)
    goto done;
  rc = gk__keys_need(st->keys, st->key_path, err);
  if (rc)
    goto done;
  /* The tail: from the row before the last 'tail' rows (its link taken
   * as stored); all rows when 'tail' is 0. PostgreSQL: each agency has a
   * chain of its own. All rows: every agency the session sees (a
   * supervisor its subtree), one after the other. The tail (the check at
   * open): the session's own chain, the one it writes to, so that one
   * office's broken chain does not lock its supervisors out and the check
   * stays one index range however many agencies are below. */
  bool pg = !is_sqlite(st);
  int64_t last = 0, from = 0, own = 0;
  unsigned char prev[32], link[32], own_head[32];
  bool has_own = false;
  if (pg) {
    rc = query_int(st, "SELECT coalesce(gk_session_agency(), 0)", &own, err);
  } else {
    rc = audit_last(st, &last, prev, err);
    from = tail && last > tail ? last - tail : 0;
  }
  if (rc)
    goto done;
  doing(st, "verify");
  rc = gk__db_prepare(
      st->db,
      pg && tail
          ? "SELECT *, count(*) OVER () FROM (SELECT id, at, actor, "
            "table_name, row_id, action, before_json, after_json, chain, "
            "agency_id FROM audit_log WHERE agency_id = gk_session_agency() "
            "ORDER BY id DESC LIMIT CAST(? AS bigint)) t ORDER BY id"
      : pg ? "SELECT id, at, actor, table_name, row_id, action, before_json, "
             "after_json, chain, agency_id, 0 FROM audit_log ORDER BY "
             "agency_id, id"
         : "SELECT id, at, actor, table_name, row_id, action, "
           "before_json, after_json, chain FROM audit_log "
           "WHERE id >= ? ORDER BY id",
      &s, err);
  if (rc)
    goto done;
  if (!pg)
    gk__bind_int(s, 1, from);
  else if (tail)
    gk__bind_int(s, 1, tail + 1);
  memset(prev, 0, sizeof(prev));
  int64_t expect = from ? from : 1;
  int64_t agency = -1;
  bool first = from > 0;
  bool row = false;
  while (!(rc = gk__stmt_step(s, &row, err)) && row) {
    int64_t id = gk__col_int(s, 0);
    size_t n = 0;
    const void *stored = gk__col_blob(s, 8, &n);
    bool has = n == 32;
    if (pg && gk__col_int(s, 9) != agency) { /* the next agency's chain */
      if (agency == own && has_own)
        memcpy(own_head, prev, 32);
      agency = gk__col_int(s, 9);
      memset(prev, 0, sizeof(prev));
      first = tail > 0 && gk__col_int(s, 10) == tail + 1;
    }
    if (first) { /* the anchor row: its link as stored */
      first = false;
      if (has)
        memcpy(prev, stored, 32);
      expect = id + 1;
      if (pg && agency == own)
        has_own = true;
      continue;
    }
    if (rows)
      ++*rows;
    /* PostgreSQL's ids come from one sequence for every agency (and a
     * rolled-back write spends one): an agency's chain has gaps by
     * design. A row deleted from it breaks the next row's link. */
    if (!pg && id != expect)
      BREAK(id, "gap",
            "审计日志第 %lld 行之前缺少 %lld 行（被删除）",
            "audit rows are missing before row %lld (%lld deleted)",
            (long long)id, (long long)(id - expect));
    /* row_id read as text, as the link was made from it */
    const char *c[7];
    for (int i = 0; i < 7; i++)
      c[i] = gk__col_text(s, i + 1);
    audit_link(st->keys, prev, id, c[0], c[1], c[2], c[3], c[4], c[5], c[6],
               link);
    if (!has || sodium_memcmp(link, stored, 32) != 0)
      BREAK(id, "chain",
            "审计日志第 %lld 行与链不符：该行或其前一行在 gongkai 之外被改动",
            "audit row %lld does not match the chain: it or the row before "
            "it was changed outside gongkai",
            (long long)id);
    /* Go on from the stored link: one changed row is one break. */
    if (has)
      memcpy(prev, stored, 32);
    else
      memcpy(prev, link, 32);
    expect = id + 1;
    if (pg && agency == own)
      has_own = true;
  }
  /* PostgreSQL: the head is the session's own agency's chain's */
  if (pg && agency != own) {
    if (has_own)
      memcpy(prev, own_head, 32);
    else
      memset(prev, 0, sizeof(prev));
  }
  if (head && !rc)
    sodium_bin2hex(head, 65, prev, 32);
done:
#undef BREAK
  gk__stmt_free(s);
  return rc;
}

/* === Meta === */

gk_status gk__store_meta_get(gk__store *st, const char *key, char **out,
                             gk_error *err) {
  *out = NULL;
  gk__stmt *s = NULL;
  doing(st, "meta");
  gk_status rc = prep(st, S_META_GET, &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, key);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    *out = gk__strdup(st->alloc, gk__col_text(s, 0));
    if (!*out)
      rc = nomem(err);
  }
  gk__stmt_reset(s);
  return rc;
}

gk_status gk__store_meta_set(gk__store *st, const char *actor,
                             const char *key, const char *value,
                             gk_error *err) {
  char *old = NULL;
  gk_status rc = gk__store_meta_get(st, key, &old, err);
  if (rc)
    return rc;
  gk__stmt *s = NULL;
  rc = prep(st, S_META_SET, &s, err);
  if (rc)
    goto done;
  gk__bind_text(s, 1, key);
  gk__bind_text(s, 2, value);
  rc = gk__stmt_run(s, err);
  gk__stmt_reset(s);
  if (rc)
    goto done;
  json_t *b = old ? json_pack("{ss}", key, old) : NULL;
  json_t *a = json_pack("{ss}", key, value);
  if (!a || (old && !b))
    rc = nomem(err);
  else
    rc = gk__store_audit(st, actor, "meta", 0, old ? "update" : "insert", b, a,
                         err);
  json_decref(a);
  json_decref(b);
done:
  gk__free(st->alloc, old);
  return rc;
}

/* === Applications === */

/* Whether 'ref' is held by a row no read sees: an import still running
 * (or one that died and is not cleaned up yet, docs/ledger.md "Import"). */
static bool ref_importing(gk__store *st, const char *ref) {
  gk__stmt *s = NULL;
  if (gk__db_prepare(st->db,
                     "SELECT 1 FROM applications WHERE ref = ? AND "
                     "NOT " GK__APP_SEEN(""),
                     &s, NULL))
    return false;
  gk__bind_text(s, 1, ref);
  bool row = false;
  bool r = !gk__stmt_step(s, &row, NULL) && row;
  gk__stmt_free(s);
  return r;
}

/* After a write of applications that failed (run with err NULL): a
 * duplicate reference said as such, else the driver's reading. */
static gk_status app_failed(gk__store *st, gk_error *err, const gk_app *a) {
  if (!gk__db_last_unique(st->db))
    return gk__db_last_error(st->db, err);
  /* PostgreSQL aborted the transaction at the failed statement: the
   * lookup below would fail in it (25P02); nothing more runs in it and
   * the caller rolls back anyway */
  if (!st->in_import && a->ref && !is_sqlite(st))
    gk__store_rollback(st);
  if (!st->in_import && a->ref && ref_importing(st, a->ref))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "编号 %s 属于一次尚未完成的导入：导入完成后即可查到；"
                    "导入失败则可再用",
                    "reference %s belongs to an import not finished: it "
                    "shows once the import is done, and is free again if "
                    "the import fails",
                    a->ref);
  return gk__fail(err, GK_E_ARG, 0, 0, -1, "编号 %s 已经登记过",
                  "reference %s is already registered", a->ref);
}

gk_status gk__store_app_insert(gk__store *st, const char *actor, gk_app *app,
                               gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "applications");
  gk_status rc = prep(st, S_APP_INSERT, &s, err);
  if (rc)
    return rc;
  gk__sealed sealed;
  bind_app(s, 1, app);
  rc = bind_key(st, s, 19, app->applicant_key, &sealed, err);
  if (!rc && run_id(s, &app->id, NULL))
    rc = app_failed(st, err, app);
  gk__stmt_reset(s);
  if (rc)
    return rc;
  /* The audit record sees what is stored: the hash, not the number. */
  char *clear = app->applicant_key;
  app->applicant_key_hash = clear ? sealed.hash : NULL;
  app->applicant_key = NULL;
  json_t *a = app_json(app);
  if (!a)
    return nomem(err);
  rc = gk__store_audit(st, actor, "applications", app->id, "insert", NULL, a,
                       err);
  json_decref(a);
  app->applicant_key = clear;
  app->applicant_key_hash = NULL;
  return rc;
}

gk_status gk__store_app_set_key(gk__store *st, int64_t app_id,
                                const char *clear, char hash[65],
                                gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "applications");
  gk_status rc = gk__db_prepare(st->db,
                                "UPDATE applications SET applicant_key = ?, "
                                "applicant_key_masked = ?, applicant_key_enc "
                                "= ? WHERE id = ?",
                                &s, err);
  if (rc)
    return rc;
  gk__sealed sealed;
  rc = bind_key(st, s, 1, clear, &sealed, err);
  gk__bind_int(s, 4, app_id);
  if (!rc)
    rc = gk__stmt_run(s, err);
  gk__stmt_free(s);
  if (hash) {
    if (!rc && clear && *clear)
      memcpy(hash, sealed.hash, 65);
    else
      hash[0] = '\0';
  }
  return rc;
}

gk_status gk__store_app_update(gk__store *st, const char *actor,
                               const gk_app *before, const gk_app *after,
                               gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "applications");
  gk_status rc = prep(st, S_APP_UPDATE, &s, err);
  if (rc)
    return rc;
  bind_app(s, 1, after);
  gk__bind_int(s, 19, after->id);
  if (gk__stmt_run(s, NULL)) {
    rc = app_failed(st, err, after);
    gk__stmt_reset(s);
    return rc;
  }
  gk__stmt_reset(s);
  json_t *b = app_json(before), *a = app_json(after);
  if (!a || !b)
    rc = nomem(err);
  else
    rc = gk__store_audit(st, actor, "applications", after->id, "update", b, a,
                         err);
  json_decref(a);
  json_decref(b);
  return rc;
}

gk_status gk__store_app_get(gk__store *st, const char *ref, gk_app **out,
                            gk_error *err) {
  *out = NULL;
  gk__stmt *s = NULL;
  doing(st, "applications");
  gk_status rc = prep(st, S_APP_GET, &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, ref);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    gk_app view;
    read_app_view(st, s, &view);
    *out = gk__app_dup(st->alloc, &view);
    if (!*out)
      rc = nomem(err);
  } else if (!rc)
    rc = gk__fail(err, GK_E_NOT_FOUND, 0, 0, -1, "没有编号为 %s 的申请",
                  "no application with reference %s", ref);
  gk__stmt_reset(s);
  return rc;
}

gk_status gk__store_app_each(gk__store *st, const char *state,
                             const char *type, bool open_only,
                             int32_t due_before, gk_app_fn fn, void *ud,
                             gk_error *err) {
  /* Open means no closed_on (CHECK keeps it equal to outcome IS NULL).
   * The casts type the parameters for PostgreSQL (libpq's are untyped). */
  /* the report's scope too (--explain late): an agency's own rows with
   * GK_LEDGER_OWN_AGENCY, else all the session sees */
  char sql[sizeof(APP_COLS) + 512];
  snprintf(sql, sizeof(sql),
           "SELECT " APP_COLS " FROM applications WHERE "
           "(CAST(?1 AS text) IS NULL OR state = ?1) AND "
           "(CAST(?2 AS text) IS NULL OR applicant_type = ?2) AND "
           "(?3 = 0 OR closed_on IS NULL) AND "
           "(CAST(?4 AS text) IS NULL OR due_on <= ?4) AND " GK__APP_SEEN(
               "") "%s ORDER BY ref",
           gk__store_scope(st, false));
  gk__stmt *s = NULL;
  doing(st, "list");
  gk_status rc = gk__db_prepare(st->db, sql, &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, state);
  gk__bind_text(s, 2, type);
  gk__bind_int(s, 3, open_only);
  gk__bind_date(s, 4, due_before);
  bool row = false;
  while (!(rc = gk__stmt_step(s, &row, err)) && row) {
    gk_app view;
    read_app_view(st, s, &view);
    if (fn(&view, ud))
      break;
  }
  gk__stmt_free(s);
  return rc;
}

/* === Events === */

gk_status gk__store_event_add(gk__store *st, const char *actor,
                              int64_t app_id, const char *kind, int32_t on,
                              const json_t *detail, gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "event");
  gk_status rc = prep(st, S_EVENT_ADD, &s, err);
  if (rc)
    return rc;
  char d[12] = "", now[24];
  gk__now_iso(now);
  char *dj = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  if (detail && !dj)
    return nomem(err);
  if (on)
    gk__iso_format(on, d);
  gk__bind_int(s, 1, app_id);
  gk__bind_text(s, 2, kind);
  gk__bind_text(s, 3, on ? d : NULL);
  gk__bind_text(s, 4, dj);
  gk__bind_text(s, 5, actor ? actor : "unknown");
  gk__bind_text(s, 6, now);
  int64_t id = 0;
  rc = run_id(s, &id, err);
  gk__stmt_reset(s);
  if (!rc) {
    json_t *a = json_pack("{sIsssssO?}", "application_id", (json_int_t)app_id,
                          "kind", kind, "on_date", d, "detail",
                          (json_t *)detail);
    if (!a)
      rc = nomem(err);
    else
      rc = gk__store_audit(st, actor, "application_events", id, "insert", NULL,
                           a, err);
    json_decref(a);
  }
  free(dj);
  return rc;
}

gk_status gk__store_event_last(gk__store *st, int64_t app_id, int32_t *on,
                               gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "event");
  *on = 0;
  gk_status rc = prep(st, S_EVENT_LAST, &s, err);
  if (rc)
    return rc;
  gk__bind_int(s, 1, app_id);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row)
    *on = gk__col_date(s, 0);
  else if (!rc)
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误（%s）：%s",
                  "database error (%s): %s", "event", "no row");
  gk__stmt_reset(s);
  return rc;
}

gk_status gk__store_event_each_full(gk__store *st, int64_t app_id,
                                    gk__event_full_fn fn, void *ud,
                                    gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "event");
  gk_status rc = prep(st, S_EVENT_EACH, &s, err);
  if (rc)
    return rc;
  gk__bind_int(s, 1, app_id);
  bool row = false;
  while (!(rc = gk__stmt_step(s, &row, err)) && row)
    if (fn(gk__col_int(s, 0), gk__col_text(s, 1), gk__col_date(s, 2),
           gk__col_text(s, 3), ud))
      break;
  gk__stmt_reset(s);
  return rc;
}

/* event_each and event_each_detail are event_each_full with less: one
 * query (the events that count, revoked ones left out) serves all three. */
typedef struct kind_adapter {
  gk__event_fn fn;
  void *ud;
} kind_adapter;

static int kind_adapt(int64_t id, const char *kind, int32_t on,
                      const char *detail, void *ud) {
  (void)id;
  (void)detail;
  kind_adapter *a = ud;
  return a->fn(kind, on, a->ud);
}

gk_status gk__store_event_each(gk__store *st, int64_t app_id,
                               gk__event_fn fn, void *ud, gk_error *err) {
  kind_adapter a = {fn, ud};
  return gk__store_event_each_full(st, app_id, kind_adapt, &a, err);
}

typedef struct detail_adapter {
  gk__event_detail_fn fn;
  void *ud;
} detail_adapter;

static int detail_adapt(int64_t id, const char *kind, int32_t on,
                        const char *detail, void *ud) {
  (void)id;
  detail_adapter *a = ud;
  return a->fn(kind, on, detail, a->ud);
}

gk_status gk__store_event_each_detail(gk__store *st, int64_t app_id,
                                      gk__event_detail_fn fn, void *ud,
                                      gk_error *err) {
  detail_adapter a = {fn, ud};
  return gk__store_event_each_full(st, app_id, detail_adapt, &a, err);
}

/* === Holiday notices === */

gk_status gk__store_notice_add(gk__store *st, const char *actor, int year,
                               const char *number, const char *body,
                               gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "calendar");
  gk_status rc = gk__db_prepare(st->db,
                                "INSERT INTO calendar_notices (year, number, "
                                "body, added_at, actor) VALUES (?,?,?,?,?) "
                                "RETURNING id",
                                &s, err);
  if (rc)
    return rc;
  char now[24];
  gk__now_iso(now);
  gk__bind_int(s, 1, year);
  gk__bind_text(s, 2, number);
  gk__bind_text(s, 3, body);
  gk__bind_text(s, 4, now);
  gk__bind_text(s, 5, actor ? actor : "unknown");
  int64_t id = 0;
  rc = run_id(s, &id, err);
  gk__stmt_free(s);
  if (rc)
    return rc;
  json_t *a = json_object();
  if (a && (json_object_set_new(a, "year", json_integer(year)) ||
            json_object_set_new(a, "number",
                                number ? json_string(number) : json_null()) ||
            json_object_set_new(a, "body", json_string(body)))) {
    json_decref(a);
    a = NULL;
  }
  if (!a)
    return nomem(err);
  rc = gk__store_audit(st, actor, "calendar_notices", id, "insert", NULL, a,
                       err);
  json_decref(a);
  return rc;
}

gk_status gk__store_notice_each(gk__store *st,
                                int (*fn)(const char *body, void *ud),
                                void *ud, gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "calendar");
  gk_status rc = gk__db_prepare(
      st->db, "SELECT body FROM calendar_notices ORDER BY id", &s, err);
  if (rc)
    return rc;
  bool row = false;
  while (!(rc = gk__stmt_step(s, &row, err)) && row)
    if (fn(gk__col_text(s, 0), ud))
      break;
  gk__stmt_free(s);
  return rc;
}

/* === Fees (migration 4) === */

static const char *const fee_methods[] = {
    [GK_FEE_NONE] = NULL, [GK_FEE_BY_PAGES] = "pages",
    [GK_FEE_BY_PIECE] = "piece"};

#define FEE_COLS                                                               \
  "id, method, units, yuan, noticed_on, paid_on, paid_yuan, receipt, "        \
  "lapsed_on, replaced_on"

/* Reads FEE_COLS from column 'first' on; the receipt points into the
 * statement (valid until the next step). */
static void read_fee_view(gk__stmt *s, int first, gk_app_fee *f) {
  const char *m = gk__col_text(s, first + 1);
  f->id = gk__col_int(s, first);
  f->method = m && strcmp(m, "piece") == 0 ? GK_FEE_BY_PIECE : GK_FEE_BY_PAGES;
  f->units = gk__col_int(s, first + 2);
  f->yuan = gk__col_int(s, first + 3);
  f->noticed_on = gk__col_date(s, first + 4);
  f->paid_on = gk__col_date(s, first + 5);
  f->paid_yuan = gk__col_int(s, first + 6);
  f->receipt = gk__col_text(s, first + 7);
  f->lapsed_on = gk__col_date(s, first + 8);
  f->replaced_on = gk__col_date(s, first + 9);
}

/* A fee row as JSON (audit log). */
static json_t *fee_json(int64_t app_id, const gk_app_fee *f) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  char d[12];
  int bad = 0;
#define DATE(k, v)                                                             \
  do {                                                                         \
    if (v) {                                                                   \
      gk__iso_format(v, d);                                                    \
      bad |= json_object_set_new(o, k, json_string(d));                        \
    } else                                                                     \
      bad |= json_object_set_new(o, k, json_null());                           \
  } while (0)
  bad |= json_object_set_new(o, "id", json_integer(f->id));
  bad |= json_object_set_new(o, "application_id", json_integer(app_id));
  bad |= json_object_set_new(o, "method", json_string(fee_methods[f->method]));
  bad |= json_object_set_new(o, "units", json_integer(f->units));
  bad |= json_object_set_new(o, "yuan", json_integer(f->yuan));
  DATE("noticed_on", f->noticed_on);
  DATE("paid_on", f->paid_on);
  bad |= json_object_set_new(o, "paid_yuan", f->paid_on
                                                 ? json_integer(f->paid_yuan)
                                                 : json_null());
  bad |= json_object_set_new(o, "receipt",
                             f->receipt ? json_string(f->receipt)
                                        : json_null());
  DATE("lapsed_on", f->lapsed_on);
  DATE("replaced_on", f->replaced_on);
#undef DATE
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

gk_status gk__store_fee_add(gk__store *st, const char *actor, int64_t app_id,
                            gk_app_fee *fee, gk_error *err) {
  if (fee->method != GK_FEE_BY_PAGES && fee->method != GK_FEE_BY_PIECE)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的计费方式",
                    "unknown fee method");
  gk__stmt *s = NULL;
  doing(st, "fees");
  gk_status rc = gk__db_prepare(st->db,
                                "INSERT INTO fees (application_id, method, "
                                "units, yuan, noticed_on) VALUES (?,?,?,?,?) "
                                "RETURNING id",
                                &s, err);
  if (rc)
    return rc;
  gk__bind_int(s, 1, app_id);
  gk__bind_text(s, 2, fee_methods[fee->method]);
  gk__bind_int(s, 3, fee->units);
  gk__bind_int(s, 4, fee->yuan);
  gk__bind_date(s, 5, fee->noticed_on);
  rc = run_id(s, &fee->id, err);
  gk__stmt_free(s);
  if (rc)
    return rc;
  json_t *a = fee_json(app_id, fee);
  if (!a)
    return nomem(err);
  rc = gk__store_audit(st, actor, "fees", fee->id, "insert", NULL, a, err);
  json_decref(a);
  return rc;
}

gk_status gk__store_fee_open(gk__store *st, int64_t app_id, gk_app_fee *out,
                             gk_error *err) {
  memset(out, 0, sizeof(*out));
  gk__stmt *s = NULL;
  doing(st, "fees");
  gk_status rc = gk__db_prepare(st->db,
                                "SELECT " FEE_COLS " FROM fees WHERE "
                                "application_id = ? AND paid_on IS NULL AND "
                                "lapsed_on IS NULL AND replaced_on IS NULL "
                                "ORDER BY id DESC LIMIT 1",
                                &s, err);
  if (rc)
    return rc;
  gk__bind_int(s, 1, app_id);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row) {
    read_fee_view(s, 0, out);
    out->receipt = NULL; /* an open notice has none; the row is freed */
  }
  gk__stmt_free(s);
  return rc;
}

gk_status gk__store_fee_close(gk__store *st, const char *actor, int64_t app_id,
                              const gk_app_fee *before,
                              const gk_app_fee *after, gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "fees");
  gk_status rc = gk__db_prepare(st->db,
                                "UPDATE fees SET paid_on = ?, paid_yuan = ?, "
                                "receipt = ?, lapsed_on = ?, replaced_on = ? "
                                "WHERE id = ? AND application_id = ?",
                                &s, err);
  if (rc)
    return rc;
  gk__bind_date(s, 1, after->paid_on);
  if (after->paid_on)
    gk__bind_int(s, 2, after->paid_yuan);
  else
    gk__bind_null(s, 2);
  gk__bind_text(s, 3, after->receipt);
  gk__bind_date(s, 4, after->lapsed_on);
  gk__bind_date(s, 5, after->replaced_on);
  gk__bind_int(s, 6, after->id);
  gk__bind_int(s, 7, app_id);
  rc = gk__stmt_run(s, err);
  if (!rc && gk__stmt_changes(s) != 1)
    rc = gk__fail(err, GK_E_NOT_FOUND, 0, 0, -1, "没有该缴费通知",
                  "no such fee notice");
  gk__stmt_free(s);
  if (rc)
    return rc;
  json_t *b = fee_json(app_id, before), *a = fee_json(app_id, after);
  if (!a || !b)
    rc = nomem(err);
  else
    rc = gk__store_audit(st, actor, "fees", after->id, "update", b, a, err);
  json_decref(a);
  json_decref(b);
  return rc;
}

gk_status gk__store_fee_each(gk__store *st, int64_t app_id, gk_app_fee_fn fn,
                             void *ud, gk_error *err) {
  gk__stmt *s = NULL;
  doing(st, "fees");
  gk_status rc = gk__db_prepare(st->db,
                                "SELECT " FEE_COLS " FROM fees WHERE "
                                "application_id = ? ORDER BY id",
                                &s, err);
  if (rc)
    return rc;
  gk__bind_int(s, 1, app_id);
  bool row = false;
  while (!(rc = gk__stmt_step(s, &row, err)) && row) {
    gk_app_fee f;
    read_fee_view(s, 0, &f);
    if (fn(&f, ud))
      break;
  }
  gk__stmt_free(s);
  return rc;
}

/* 按件: the applications of one applicant received in the calendar month
 * of 'app', up to it (by day of receipt, then registration). SQLite only:
 * INDEXED BY (its planner picked another index). */
gk_status gk__store_app_month_rank(gk__store *st, const gk_app *app,
                                   int64_t *rank, gk_error *err) {
  *rank = 0;
  gk__stmt *s = NULL;
  doing(st, "rank");
  char sql[400];
  snprintf(sql, sizeof(sql),
           "SELECT count(*) FROM applications %s WHERE applicant_key = ?1 "
           "AND received_on BETWEEN ?2 AND ?3 AND (received_on < ?3 OR id "
           "<= ?4) AND " GK__APP_SEEN(""),
           is_sqlite(st) ? "INDEXED BY applications_applicant" : "");
  gk_status rc = gk__db_prepare(st->db, sql, &s, err);
  if (rc)
    return rc;
  gk__bind_text(s, 1, app->applicant_key_hash);
  gk__bind_date(s, 2, app->received_on / 100 * 100 + 1);
  gk__bind_date(s, 3, app->received_on);
  gk__bind_int(s, 4, app->id);
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  if (!rc && row)
    *rank = gk__col_int(s, 0);
  gk__stmt_free(s);
  return rc;
}

/* === Bulk import ===
 * All or nothing, and no write transaction longer than one batch (issue 15
 * point 4; docs/ledger.md "Import"):
 *
 * - The import is a row of 'imports' (migration 8), state 'running'. Its
 *   rows go straight into applications with import_id set, committed every
 *   'batch' rows: between two batches other clerks write. No read sees them
 *   (GK__APP_SEEN in every query of applications), so a list, a report or
 *   an export during the import sees none of it. The UNIQUE index on ref
 *   covers them: a duplicate, in the file or against the ledger, fails at
 *   its row; a clerk's add of a ref the import already holds is refused
 *   (app_failed says why), one the import reaches after the add fails the
 *   import at that row.
 * - Done: one small transaction sets the state to 'done' with the import's
 *   audit record. Its commit shows every row at once.
 * - Otherwise (a bad row, an error, a kill): the rows stay hidden and are
 *   deleted in batches, by import_finish, or, after a kill, by the next
 *   import or the next open, and the import is marked 'abandoned'.
 * - Which import is dead: a running import holds flock on PATH-import (a
 *   file beside the ledger, as SQLite's -wal and -shm, empty) for its whole
 *   run; the kernel lets it go when the process dies. One import at a time:
 *   whoever holds the lock may remove every other 'running' import's rows.
 * Nothing is staged outside the ledger (no TEMP table, temp_store in
 * memory): an applicant's name or sealed ID number never sits in a
 * temporary file. */
#define IMPORT_BATCH 10000
/* After each batch the import lets the write lock go this long, so that a
 * writer waiting for it (busy_wait tries every 2 ms) gets in. */
#define IMPORT_GAP_MS 10

/* The import lock: flock(LOCK_EX) on PATH-import, made 0600 if missing.
 * 'wait': retry within the busy timeout. '*got' false when another process
 * (or store) holds it. An in-memory ledger has one connection: no lock.
 * PostgreSQL has no file beside the ledger: a session advisory lock, which
 * the server lets go when the session ends (a killed import's too). */
#define IMPORT_PG_LOCK 0x676b696d /* "gkim" */
static gk_status lock_import(gk__store *st, bool wait, bool *got,
                             gk_error *err) {
  *got = false;
  if (st->lock_fd >= 0 || st->pg_locked || strcmp(st->path, ":memory:") == 0) {
    *got = true;
    return GK_OK;
  }
  if (!is_sqlite(st)) {
    gk__stmt *s = NULL;
    doing(st, "import");
    gk_status rc =
        gk__db_prepare(st->db, "SELECT pg_try_advisory_lock(?)", &s, err);
    for (int waited = 0; !rc; waited += 20) {
      bool row = false;
      gk__stmt_reset(s);
      gk__bind_int(s, 1, IMPORT_PG_LOCK);
      rc = gk__stmt_step(s, &row, err);
      if (!rc && row && gk__col_int(s, 0)) {
        st->pg_locked = *got = true;
        break;
      }
      if (rc || !wait || waited >= st->timeout_ms)
        break;
      sleep_ms(20);
    }
    gk__stmt_free(s);
    return rc;
  }
  char p[4096];
  if (snprintf(p, sizeof(p), "%s-import", st->path) >= (int)sizeof(p))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "台账路径过长",
                    "the ledger's path is too long");
  int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return gk__fail(err, errno == ENOSPC ? GK_E_NOSPACE : GK_E_IO, 0, 0, -1,
                    "无法建立导入锁文件 %s：%s",
                    "cannot create the import lock file %s: %s", p,
                    strerror(errno));
  for (int waited = 0;; waited += 20) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      st->lock_fd = fd;
      *got = true;
      return GK_OK;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int e = errno;
      close(fd);
      return gk__fail(err, GK_E_IO, 0, 0, -1, "无法锁定 %s：%s",
                      "cannot lock %s: %s", p, strerror(e));
    }
    if (!wait || waited >= st->timeout_ms)
      break;
    sleep_ms(20);
  }
  close(fd);
  return GK_OK;
}

static void unlock_import(gk__store *st) {
  if (st->lock_fd >= 0)
    close(st->lock_fd);
  st->lock_fd = -1;
  if (st->pg_locked) {
    gk__stmt *s = NULL;
    if (!gk__db_prepare(st->db, "SELECT pg_advisory_unlock(?)", &s, NULL)) {
      gk__bind_int(s, 1, IMPORT_PG_LOCK);
      gk__stmt_run(s, NULL);
    }
    gk__stmt_free(s);
    st->pg_locked = false;
  }
}

/* One step of removing an import's rows: at most 'batch' of them, in one
 * write transaction; '*left' whether some may remain. */
static gk_status remove_batch(gk__store *st, int64_t imp, int64_t first,
                              int64_t batch, bool *left, gk_error *err) {
  gk__stmt *s = NULL;
  *left = false;
  gk_status rc = gk__store_begin(st, err);
  if (rc)
    return rc;
  doing(st, "import cleanup");
  rc = gk__db_prepare(st->db,
                      "DELETE FROM applications WHERE id IN (SELECT id "
                      "FROM applications WHERE id >= ? AND import_id = ? "
                      "LIMIT ?)",
                      &s, err);
  if (!rc) {
    gk__bind_int(s, 1, first);
    gk__bind_int(s, 2, imp);
    gk__bind_int(s, 3, batch);
    rc = gk__stmt_run(s, err);
    if (!rc)
      *left = gk__stmt_changes(s) >= batch;
  }
  gk__stmt_free(s);
  if (!rc)
    rc = gk__store_commit(st, err);
  if (rc)
    gk__store_rollback(st);
  return rc;
}

/* Runs one UPDATE of imports with its parameters: 'now' (NULL: none) then
 * the integers; '*changes' the rows it changed (may be NULL). */
static gk_status imports_update(gk__store *st, const char *sql, const char *now,
                                const int64_t *v, int nv, int64_t *changes,
                                gk_error *err) {
  gk__stmt *s = NULL;
  gk_status rc = gk__db_prepare(st->db, sql, &s, err);
  if (rc)
    return rc;
  int i = 1;
  if (now)
    gk__bind_text(s, i++, now);
  for (int k = 0; k < nv; k++)
    gk__bind_int(s, i++, v[k]);
  rc = gk__stmt_run(s, err);
  if (!rc && changes)
    *changes = gk__stmt_changes(s);
  gk__stmt_free(s);
  return rc;
}

/* Removes the rows of one import not done, batch by batch, then marks it
 * abandoned (with the count removed). Only under the import lock. */
static gk_status abandon(gk__store *st, int64_t imp, int64_t first,
                         int64_t batch, gk_error *err) {
  gk_status rc = GK_OK;
  bool left = first > 0;
  while (!rc && left)
    rc = remove_batch(st, imp, first, batch, &left, err);
  if (rc)
    return rc;
  char now[24];
  gk__now_iso(now);
  doing(st, "exec");
  return imports_update(st,
                        "UPDATE imports SET state = 'abandoned', ended_at = "
                        "? WHERE id = ? AND state = 'running'",
                        now, &imp, 1, NULL, err);
}

/* Every running import but this store's own: dead, since we hold the
 * lock. */
static gk_status abandon_dead(gk__store *st, int64_t batch, gk_error *err) {
  for (;;) {
    gk__stmt *s = NULL;
    doing(st, "import cleanup");
    gk_status rc = gk__db_prepare(st->db,
                                  "SELECT id, coalesce(first_id, 0) FROM "
                                  "imports WHERE state = 'running' AND id <> "
                                  "? LIMIT 1",
                                  &s, err);
    if (rc)
      return rc;
    gk__bind_int(s, 1, st->import_id);
    bool row = false;
    rc = gk__stmt_step(s, &row, err);
    int64_t imp = row ? gk__col_int(s, 0) : 0;
    int64_t first = row ? gk__col_int(s, 1) : 0;
    gk__stmt_free(s);
    if (rc || !row)
      return rc;
    rc = abandon(st, imp, first, batch, err);
    if (rc)
      return rc;
  }
}

gk_status gk__store_import_cleanup(gk__store *st, gk_error *err) {
  if (gk__store_readonly(st) || st->in_import)
    return GK_OK;
  gk__stmt *s = NULL;
  doing(st, "import cleanup");
  gk_status rc = gk__db_prepare(
      st->db, "SELECT 1 FROM imports WHERE state = 'running'", &s, err);
  if (rc)
    return rc;
  bool row = false;
  rc = gk__stmt_step(s, &row, err);
  gk__stmt_free(s);
  if (rc || !row)
    return rc;
  bool got = false;
  rc = lock_import(st, false, &got, err);
  if (rc || !got) /* an import runs: its rows are its own */
    return rc;
  rc = abandon_dead(st, IMPORT_BATCH, err);
  unlock_import(st);
  return rc;
}

/* A row into applications tagged with the import; the first one returns
 * its id (where removing starts), the others need not. */
#define IMPORT_INSERT                                                          \
  "INSERT INTO applications (" APP_DATA_COLS ", import_id) VALUES "            \
  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

gk_status gk__store_import_begin(gk__store *st, const char *actor,
                                 int64_t batch, gk_error *err) {
  st->in_import = true; /* import_finish cleans up and lets the lock go */
  st->import_id = 0;
  st->in_batch = 0;
  st->imported = 0;
  st->batch = batch > 0 ? batch : IMPORT_BATCH;
  bool got = false;
  gk_status rc = GK_OK;
  if (is_sqlite(st)) /* SQLite only: a bigger page cache while it runs */
    rc = gk__store_exec(st,
                        "PRAGMA cache_size=-65536; "
                        "PRAGMA temp_store=MEMORY",
                        err);
  if (!rc)
    rc = lock_import(st, true, &got, err);
  if (!rc && !got)
    rc = gk__fail(err, GK_E_BUSY, 0, 0, -1,
                  "台账 %s 正在导入另一个文件（一次只能导入一个），"
                  "等待后仍未结束，请稍后再试",
                  "the ledger %s is importing another file (one import at "
                  "a time) and still was after we waited: try again later",
                  st->path);
  if (!rc)
    rc = abandon_dead(st, st->batch, err);
  char now[24];
  gk__now_iso(now);
  if (!rc)
    rc = gk__store_begin(st, err);
  gk__stmt *s = NULL;
  if (!rc) {
    doing(st, "exec");
    rc = gk__db_prepare(st->db,
                        "INSERT INTO imports (actor, started_at) VALUES "
                        "(?, ?) RETURNING id",
                        &s, err);
  }
  if (!rc) {
    gk__bind_text(s, 1, actor ? actor : "unknown");
    gk__bind_text(s, 2, now);
    rc = run_id(s, &st->import_id, err);
  }
  gk__stmt_free(s);
  if (!rc)
    rc = gk__store_commit(st, err);
  if (rc) {
    gk__store_rollback(st);
    st->import_id = 0;
  }
  doing(st, "import");
  if (!rc)
    rc = gk__db_prepare_kept(st->db, IMPORT_INSERT, &st->imp_ins, err);
  return rc;
}

/* The first row of an import: inserted with RETURNING id, recorded as the
 * import's first_id (ids only grow while this import lives). */
static gk_status import_first(gk__store *st, const gk_app *app, gk_error *err) {
  gk__stmt *s = NULL;
  gk_status rc = gk__db_prepare(st->db, IMPORT_INSERT " RETURNING id", &s, err);
  if (rc)
    return rc;
  gk__sealed sealed;
  int64_t id = 0;
  bind_app(s, 1, app);
  rc = bind_key(st, s, 19, app->applicant_key, &sealed, err);
  gk__bind_int(s, 22, st->import_id);
  if (!rc && run_id(s, &id, NULL))
    rc = app_failed(st, err, app);
  gk__stmt_free(s);
  if (rc)
    return rc;
  int64_t v[2] = {id, st->import_id};
  doing(st, "exec");
  rc = imports_update(st, "UPDATE imports SET first_id = ? WHERE id = ?", NULL,
                      v, 2, NULL, err);
  doing(st, "import");
  return rc;
}

gk_status gk__store_import_row(gk__store *st, const gk_app *app,
                               gk_error *err) {
  gk_status rc = GK_OK;
  if (st->in_batch == 0 && !gk__db_in_transaction(st->db))
    rc = gk__store_begin(st, err); /* waits on the busy timeout */
  if (rc)
    return rc;
  /* PostgreSQL aborts the whole transaction on a failed INSERT: a
   * savepoint per row keeps the batch going past a bad row, as SQLite
   * does by itself */
  bool sp = !is_sqlite(st);
  if (sp) {
    rc = gk__store_exec(st, "SAVEPOINT gk_row", err);
    if (rc)
      return rc;
  }
  doing(st, "import");
  if (st->imported == 0) {
    rc = import_first(st, app, err);
  } else {
    gk__stmt *s = st->imp_ins;
    gk__sealed sealed;
    gk__stmt_reset(s);
    bind_app(s, 1, app);
    rc = bind_key(st, s, 19, app->applicant_key, &sealed, err);
    gk__bind_int(s, 22, st->import_id);
    if (!rc && gk__stmt_run(s, NULL))
      rc = app_failed(st, err, app);
    gk__stmt_reset(s);
  }
  if (sp && (!rc || rc == GK_E_ARG)) {
    gk_error e;
    gk_error_clear(&e);
    gk_status u =
        rc ? gk__store_exec(st, "ROLLBACK TO SAVEPOINT gk_row", &e) : GK_OK;
    if (!u)
      u = gk__store_exec(st, "RELEASE SAVEPOINT gk_row", &e);
    if (u) {
      if (err)
        *err = e;
      return u;
    }
  }
  if (!rc)
    st->imported++;
  /* A bad row (GK_E_ARG) fails the import but the next rows are still
   * checked: the batch goes on. */
  if ((!rc || rc == GK_E_ARG) && ++st->in_batch >= st->batch) {
    gk_status c = gk__store_commit(st, err);
    st->in_batch = 0;
    if (c)
      return c;
    sleep_ms(IMPORT_GAP_MS);
  }
  return rc;
}

gk_status gk__store_import_end(gk__store *st, int64_t rows, gk_error *err) {
  gk_status rc = GK_OK;
  if (gk__db_in_transaction(st->db))
    rc = gk__store_commit(st, err); /* the last batch */
  st->in_batch = 0;
  char now[24];
  gk__now_iso(now);
  if (!rc)
    rc = gk__store_begin(st, err);
  int64_t changed = 0;
  int64_t v[2] = {rows, st->import_id};
  if (!rc)
    rc = imports_update(st,
                        "UPDATE imports SET state = 'done', ended_at = ?, "
                        "rows = ? WHERE id = ? AND state = 'running'",
                        now, v, 2, &changed, err);
  if (!rc && changed != 1)
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "导入已被他人清除",
                  "the import was removed by someone else");
  return rc;
}

void gk__store_import_finish(gk__store *st) {
  if (!st->in_import)
    return;
  st->in_import = false;
  gk__store_rollback(st); /* a no-op after the commit */
  gk__stmt_free(st->imp_ins);
  st->imp_ins = NULL;
  if (st->import_id) {
    /* Not done (a bad row, an error): remove its rows now. If that fails
     * too (a full disk), they stay hidden until the next open or import. */
    gk__stmt *s = NULL;
    int64_t first = 0;
    bool running = false;
    if (!gk__db_prepare(st->db,
                        "SELECT coalesce(first_id, 0) FROM imports WHERE "
                        "id = ? AND state = 'running'",
                        &s, NULL)) {
      gk__bind_int(s, 1, st->import_id);
      if (!gk__stmt_step(s, &running, NULL) && running)
        first = gk__col_int(s, 0);
    }
    gk__stmt_free(s);
    if (running)
      abandon(st, st->import_id, first, st->batch, NULL);
  }
  st->import_id = 0;
  unlock_import(st);
  if (is_sqlite(st)) /* SQLite only: the page cache back to its default */
    gk__db_exec(st->db, "PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT",
                NULL);
}

/* === Backup (docs/ledger.md "Backup"): the driver's (db_sqlite.c: the
 * online backup API; PostgreSQL: pg_basebackup, not gongkai). */
gk_status gk__store_backup(gk__store *st, const char *path, gk_error *err) {
  return gk__db_backup(st->db, path, err);
}

/* === The connection, for store_report.c === */
gk__db *gk__store_db(gk__store *st) { return st->db; }

/* === Migration 7 (ledgersec) === */

/* Migration 7 (ledgersec, issue 15 items 6 and 7): ID numbers sealed, the
 * audit log chained.
 * - applications.applicant_key becomes the keyed hash of the number (the
 *   partial index and the 按件 count work on it unchanged); the masked form
 *   and the sealed number go to two new columns.
 * - Past audit rows held the numbers in clear ("applicant_key" in their
 *   JSON). PIPL favours removal: under one documented exception to the
 *   append-only rule, this migration drops the no-update trigger, replaces
 *   each such value by "applicant_key_hash", restores the trigger and
 *   records what it did as an audit row of its own. secure_delete (set on
 *   every connection) overwrites the freed cells.
 * - Every row, old and new, gets its chain link; rows before this
 *   migration are chained as they stand after the redaction. */
static gk_status seal_old_keys(gk__store *st, int64_t *sealed,
                               gk_error *err) {
  gk__stmt *s = NULL;
  *sealed = 0;
  doing(st, "migration 7");
  gk_status rc = gk__db_prepare(st->db,
                                "SELECT id, applicant_key FROM applications "
                                "WHERE applicant_key IS NOT NULL ORDER BY id",
                                &s, err);
  if (rc)
    return rc;
  bool row = false;
  char clear[GK__KEY_MAX + 1];
  while (!(rc = gk__stmt_step(s, &row, err)) && row) {
    const char *k = gk__col_text(s, 1);
    snprintf(clear, sizeof(clear), "%s", k ? k : "");
    rc = gk__store_app_set_key(st, gk__col_int(s, 0), clear, NULL, err);
    doing(st, "migration 7");
    ++*sealed;
    if (rc)
      break;
  }
  sodium_memzero(clear, sizeof(clear));
  gk__stmt_free(s);
  return rc;
}

/* Replaces "applicant_key" by "applicant_key_hash" in one JSON text;
 * NULL when the text has none (nothing to change) or on failure. */
static char *redact_json(gk__store *st, const char *text, bool *bad) {
  *bad = false;
  if (!text || !strstr(text, "\"applicant_key\""))
    return NULL;
  json_t *o = json_loads(text, 0, NULL);
  json_t *k = o ? json_object_get(o, "applicant_key") : NULL;
  char *out = NULL;
  if (k) {
    char hash[65];
    if (json_is_string(k))
      gk__keys_hash(st->keys, json_string_value(k), hash);
    if (json_object_set_new(o, "applicant_key_hash",
                            json_is_string(k) ? json_string(hash)
                                              : json_null()) ||
        json_object_del(o, "applicant_key"))
      *bad = true;
    else
      out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    *bad = *bad || !out;
  }
  json_decref(o);
  return out;
}

static gk_status redact_audit(gk__store *st, int64_t *redacted,
                              gk_error *err) {
  *redacted = 0;
  gk__stmt *s = NULL, *u = NULL;
  doing(st, "migration 7");
  gk_status rc = gk__db_prepare(st->db,
                                "SELECT id, before_json, after_json FROM "
                                "audit_log WHERE before_json LIKE "
                                "'%\"applicant_key\"%' OR after_json LIKE "
                                "'%\"applicant_key\"%' ORDER BY id",
                                &s, err);
  if (!rc)
    rc = gk__db_prepare(st->db,
                        "UPDATE audit_log SET before_json = coalesce(?, "
                        "before_json), after_json = coalesce(?, after_json) "
                        "WHERE id = ?",
                        &u, err);
  bool row = false;
  while (!rc && !(rc = gk__stmt_step(s, &row, err)) && row) {
    bool bad1, bad2;
    char *b = redact_json(st, gk__col_text(s, 1), &bad1);
    char *a = redact_json(st, gk__col_text(s, 2), &bad2);
    if (bad1 || bad2)
      rc = nomem(err);
    else if (a || b) {
      gk__stmt_reset(u);
      gk__bind_text(u, 1, b);
      gk__bind_text(u, 2, a);
      gk__bind_int(u, 3, gk__col_int(s, 0));
      rc = gk__stmt_run(u, err);
      ++*redacted;
    }
    free(a);
    free(b);
  }
  gk__stmt_free(s);
  gk__stmt_free(u);
  return rc;
}

/* Links every audit row in id order (the log before schema 7). */
static gk_status chain_all(gk__store *st, gk_error *err) {
  gk__stmt *s = NULL, *u = NULL;
  doing(st, "migration 7");
  gk_status rc = gk__db_prepare(st->db,
                                "SELECT id, at, actor, table_name, row_id, "
                                "action, before_json, after_json FROM "
                                "audit_log ORDER BY id",
                                &s, err);
  if (!rc)
    rc = gk__db_prepare(st->db, "UPDATE audit_log SET chain = ? WHERE id = ?",
                        &u, err);
  unsigned char prev[32] = {0}, link[32];
  bool row = false;
  /* Ids renumbered from 1 would break nothing, but they are kept: the old
   * rows' ids are what earlier exports and notes refer to. A gap already
   * there (no trigger ever allowed one) is chained over as it is. */
  while (!rc && !(rc = gk__stmt_step(s, &row, err)) && row) {
    const char *c[7];
    for (int i = 0; i < 7; i++)
      c[i] = gk__col_text(s, i + 1);
    int64_t id = gk__col_int(s, 0);
    audit_link(st->keys, prev, id, c[0], c[1], c[2], c[3], c[4], c[5], c[6],
               link);
    gk__stmt_reset(u);
    gk__bind_blob(u, 1, link, 32);
    gk__bind_int(u, 2, id);
    rc = gk__stmt_run(u, err);
    memcpy(prev, link, 32);
  }
  gk__stmt_free(s);
  gk__stmt_free(u);
  return rc;
}

static gk_status migrate_7(gk__store *st, gk_error *err) {
  gk_status rc = gk__keys_need(st->keys, st->key_path, err);
  if (!rc)
    rc = gk__store_exec(
        st,
        "ALTER TABLE applications ADD COLUMN applicant_key_masked TEXT;"
        "ALTER TABLE applications ADD COLUMN applicant_key_enc BLOB;"
        "ALTER TABLE audit_log ADD COLUMN chain BLOB;"
        "DROP TRIGGER audit_log_no_update;",
        err);
  return rc ? rc : migrate_7_data(st, err);
}

/* Migration 7's data steps, the same on both backends. */
static gk_status migrate_7_data(gk__store *st, gk_error *err) {
  gk_status rc = GK_OK;
  int64_t sealed = 0, redacted = 0;
  if (!rc)
    rc = seal_old_keys(st, &sealed, err);
  if (!rc)
    rc = redact_audit(st, &redacted, err);
  if (!rc)
    rc = chain_all(st, err);
  if (!rc) /* the no-update guard back (PostgreSQL: made now) */
    rc = gk__store_exec(
        st, is_sqlite(st) ? audit_triggers[0][1] : gk__schema_pg_7_guard, err);
  if (rc)
    return rc;
  st->chained = true;
  if (!sealed && !redacted) /* a new ledger: nothing to tell */
    return gk__store_meta_set(st, "gongkai-migration-7", "key_check",
                              st->keys->check, err);
  json_t *a = json_pack("{sIsIss}", "applications_sealed", (json_int_t)sealed,
                        "audit_rows_redacted", (json_int_t)redacted, "why",
                        "migration 7: ID numbers in past audit rows replaced "
                        "by their keyed hash (PIPL); rows before this one "
                        "were chained as they stood after it");
  if (!a)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  rc = gk__store_audit(st, "gongkai-migration-7", "audit_log", 0, "redact",
                       NULL, a, err);
  json_decref(a);
  if (!rc)
    rc = gk__store_meta_set(st, "gongkai-migration-7", "key_check",
                            st->keys->check, err);
  return rc;
}
