/* srv_store.c: the server's own tables in the ledger's SQLite file, all
 * named srv_* so they never meet the ledger's migrations (which stay the
 * library's): settings (the 指南's facts), users and sessions (srv_auth.c),
 * online submissions with their tracking codes' hashes, the 政府信息公开目录
 * (catalogue) with its FTS5 trigram index, and the server's audit log.
 * One connection in SQLite's serialized mode serves every thread. */
#include "srv_core.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Version 1 of the server's tables. A later change adds a step here and
 * bumps srv_meta.schema, like the ledger's migrations. */
static const char schema_v1[] =
    "CREATE TABLE IF NOT EXISTS srv_meta (key TEXT PRIMARY KEY, value TEXT "
    "NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS srv_settings (key TEXT PRIMARY KEY, value "
    "TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS srv_users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT UNIQUE NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  pwhash TEXT NOT NULL,\n"
    "  failed INTEGER NOT NULL DEFAULT 0,\n"
    "  locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS srv_sessions (\n"
    "  id_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES srv_users (id),\n"
    "  created INTEGER NOT NULL,\n"
    "  seen INTEGER NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS srv_submissions (\n"
    "  ref TEXT PRIMARY KEY,\n"
    "  code_hash TEXT UNIQUE NOT NULL,\n"
    "  id_type TEXT NOT NULL,\n"
    "  form TEXT NOT NULL,\n"
    "  delivery TEXT NOT NULL,\n"
    "  submitted_at TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS srv_catalogue (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  record_id INTEGER UNIQUE,\n"
    "  index_no TEXT UNIQUE NOT NULL,\n"
    "  doc_no TEXT,\n"
    "  title TEXT NOT NULL,\n"
    "  topic TEXT NOT NULL,\n"
    "  written_on TEXT,\n"
    "  published_on TEXT NOT NULL,\n"
    "  body TEXT);\n"
    "CREATE INDEX IF NOT EXISTS srv_catalogue_pub ON srv_catalogue "
    "(published_on DESC, id DESC);\n"
    "CREATE VIRTUAL TABLE IF NOT EXISTS srv_catalogue_fts USING fts5 (title, "
    "doc_no, index_no, body, content='srv_catalogue', content_rowid='id', "
    "tokenize='trigram');\n"
    "CREATE TRIGGER IF NOT EXISTS srv_catalogue_ai AFTER INSERT ON "
    "srv_catalogue BEGIN INSERT INTO srv_catalogue_fts (rowid, title, "
    "doc_no, index_no, body) VALUES (new.id, new.title, new.doc_no, "
    "new.index_no, new.body); END;\n"
    "CREATE TRIGGER IF NOT EXISTS srv_catalogue_ad AFTER DELETE ON "
    "srv_catalogue BEGIN INSERT INTO srv_catalogue_fts (srv_catalogue_fts, "
    "rowid, title, doc_no, index_no, body) VALUES ('delete', old.id, "
    "old.title, old.doc_no, old.index_no, old.body); END;\n"
    "CREATE TRIGGER IF NOT EXISTS srv_catalogue_au AFTER UPDATE ON "
    "srv_catalogue BEGIN INSERT INTO srv_catalogue_fts (srv_catalogue_fts, "
    "rowid, title, doc_no, index_no, body) VALUES ('delete', old.id, "
    "old.title, old.doc_no, old.index_no, old.body); INSERT INTO "
    "srv_catalogue_fts (rowid, title, doc_no, index_no, body) VALUES "
    "(new.id, new.title, new.doc_no, new.index_no, new.body); END;\n"
    "CREATE TABLE IF NOT EXISTS srv_audit (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  detail TEXT);\n"
    "CREATE TRIGGER IF NOT EXISTS srv_audit_no_update BEFORE UPDATE ON "
    "srv_audit BEGIN SELECT RAISE(ABORT, 'srv_audit is append-only'); END;\n"
    "CREATE TRIGGER IF NOT EXISTS srv_audit_no_delete BEFORE DELETE ON "
    "srv_audit BEGIN SELECT RAISE(ABORT, 'srv_audit is append-only'); END;\n"
    "INSERT OR IGNORE INTO srv_meta VALUES ('schema', '1');\n";

/* The supervisor desk's uploads (issue 12 item 4, srv_supervisor.c): each
 * file's bytes (re-read for every page, so a better reader improves old
 * uploads), its SHA-256 (a second upload of the same bytes is refused),
 * the name the browser gave, and what the reading gave at upload: the
 * agency, year, template, the report JSON with its findings (or the read
 * error naming the place), and the figures of the charts. */
static const char schema_supdesk[] =
    "CREATE TABLE IF NOT EXISTS srv_sup_uploads (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT UNIQUE NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  format TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  bytes BLOB NOT NULL,\n"
    "  readable INTEGER NOT NULL,\n"
    "  message TEXT,\n"
    "  agency TEXT,\n"
    "  agency_key TEXT,\n"
    "  year INTEGER,\n"
    "  template TEXT,\n"
    "  errors INTEGER NOT NULL DEFAULT 0,\n"
    "  warnings INTEGER NOT NULL DEFAULT 0,\n"
    "  report_json TEXT,\n"
    "  received INTEGER, granted INTEGER, partial INTEGER, denied INTEGER,\n"
    "  unable INTEGER, refused INTEGER, other INTEGER,\n"
    "  uploaded_at TEXT NOT NULL,\n"
    "  uploaded_by TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS srv_sup_uploads_year ON srv_sup_uploads "
    "(year, agency_key);\n";

/* The letters' templates as the office edits them in the browser
 * (srv_templates.c): every save and reset a row, never changed or
 * deleted, so each previous version stays with who saved it and when. */
static const char schema_templates[] =
    "CREATE TABLE IF NOT EXISTS srv_letter_templates (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,\n"
    "  body TEXT,\n" /* NULL: back to the template started with */
    "  saved_at TEXT NOT NULL,\n"
    "  saved_by TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS srv_letter_templates_kind ON "
    "srv_letter_templates (kind, id);\n"
    "CREATE TRIGGER IF NOT EXISTS srv_letter_templates_no_update BEFORE "
    "UPDATE ON srv_letter_templates BEGIN SELECT RAISE(ABORT, "
    "'srv_letter_templates is append-only'); END;\n"
    "CREATE TRIGGER IF NOT EXISTS srv_letter_templates_no_delete BEFORE "
    "DELETE ON srv_letter_templates BEGIN SELECT RAISE(ABORT, "
    "'srv_letter_templates is append-only'); END;\n";

gk_status srv_store_open(srv_server *s, gk_error *err) {
  /* The ledger first: it refuses a file that is not a ledger and applies
   * its own migrations before the server adds its tables. */
  gk_ledger *led = NULL;
  gk_status st = gk_ledger_open(&led, s->cfg.db, NULL, err);
  if (st)
    return st;
  int rc = sqlite3_open_v2(s->cfg.db, &s->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout(s->db, 5000);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(s->db, schema_v1, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(s->db, schema_supdesk, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(s->db, schema_templates, NULL, NULL, NULL);
  if (rc == SQLITE_OK) {
    /* the agency's name for page titles, kept in step with the ledger */
    srv_setting_set(s, "agency", gk_ledger_agency(led));
    snprintf(s->agency, sizeof(s->agency), "%s",
             gk_ledger_agency(led) ? gk_ledger_agency(led) : "");
  }
  if (rc != SQLITE_OK) {
    if (err) {
      err->code = GK_E_DB;
      snprintf(err->message, sizeof(err->message), "无法建立服务器数据表：%s",
               s->db ? sqlite3_errmsg(s->db) : "内存不足");
    }
    gk_ledger_free(led);
    sqlite3_close(s->db);
    s->db = NULL;
    return GK_E_DB;
  }
  int64_t added = 0;
  srv_catalogue_sync(s, led, &added);
  s->synced_at = (int64_t)time(NULL);
  gk_ledger_free(led);
  return GK_OK;
}

void srv_store_close(srv_server *s) {
  sqlite3_finalize(s->gen_st); /* sqlite3_close refuses while it lives */
  s->gen_st = NULL;
  if (s->db)
    sqlite3_close(s->db);
  s->db = NULL;
}

bool srv_setting(srv_server *s, const char *key, char *out, size_t n) {
  sqlite3_stmt *st = NULL;
  bool found = false;
  if (sqlite3_prepare_v2(s->db, "SELECT value FROM srv_settings WHERE key = ?",
                         -1, &st, NULL) != SQLITE_OK)
    return false;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    found = true;
  }
  sqlite3_finalize(st);
  return found;
}

int srv_setting_set(srv_server *s, const char *key, const char *value) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO srv_settings VALUES (?, ?) ON CONFLICT "
                         "(key) DO UPDATE SET value = excluded.value",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, value ? value : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
  sqlite3_finalize(st);
  return rc;
}

void srv_audit(srv_server *s, const char *actor, const char *action,
               const char *detail) {
  sqlite3_stmt *st = NULL;
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO srv_audit (at, actor, action, "
                         "detail) VALUES (?, ?, ?, ?)",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
  sqlite3_step(st);
  sqlite3_finalize(st);
}

/* === The catalogue: the ledger's published documents === */

typedef struct sync_ctx {
  sqlite3 *db; /* the sync's own connection */
  sqlite3_stmt *ins;
  char prefix[64];
  int64_t added;
  bool failed;
} sync_ctx;

/* A record enters the catalogue once approved (published) and titled: the
 * documents of proactive disclosure. Its 索引号 is the agency's prefix
 * (setting index_prefix), the year of publication and the record id. */
static int sync_one(const gk_record *rec, void *ud) {
  sync_ctx *c = ud;
  if (!rec->published_on || !rec->title || !rec->title[0])
    return 0;
  char index_no[128], written[11], published[11];
  snprintf(index_no, sizeof(index_no), "%s-%04d-%06lld", c->prefix,
           (int)(rec->published_on / 10000), (long long)rec->id);
  srv_date(rec->date, written);
  srv_date(rec->published_on, published);
  sqlite3_stmt *st = c->ins;
  sqlite3_bind_int64(st, 1, rec->id);
  sqlite3_bind_text(st, 2, index_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, rec->doc_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, rec->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5,
                    strcmp(rec->kind, "regulation") == 0  ? "规章"
                    : strcmp(rec->kind, "normative") == 0 ? "规范性文件"
                                                          : "其他",
                    -1, SQLITE_STATIC);
  if (written[0])
    sqlite3_bind_text(st, 6, written, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, 6);
  sqlite3_bind_text(st, 7, published, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE)
    c->failed = true;
  else
    c->added += sqlite3_changes(c->db);
  sqlite3_reset(st);
  return c->failed;
}

/* The sync runs in a transaction on a connection of its own: on the shared
 * one, other threads' statements would run inside it (and be rolled back
 * with it). */
int srv_catalogue_sync(srv_server *s, gk_ledger *led, int64_t *added) {
  sync_ctx c;
  memset(&c, 0, sizeof(c));
  *added = 0;
  if (!srv_setting(s, "index_prefix", c.prefix, sizeof(c.prefix)))
    snprintf(c.prefix, sizeof(c.prefix), "%s", "000000000");
  if (sqlite3_open_v2(s->cfg.db, &c.db, SQLITE_OPEN_READWRITE, NULL) !=
          SQLITE_OK ||
      sqlite3_busy_timeout(c.db, 5000) != SQLITE_OK ||
      sqlite3_prepare_v2(c.db,
                         "INSERT OR IGNORE INTO srv_catalogue (record_id, "
                         "index_no, doc_no, title, topic, written_on, "
                         "published_on) VALUES (?,?,?,?,?,?,?)",
                         -1, &c.ins, NULL) != SQLITE_OK) {
    sqlite3_close(c.db);
    return -1;
  }
  bool began =
      sqlite3_exec(c.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      began ? gk_ledger_record_list(led, sync_one, &c, &err) : GK_E_DB;
  if (began)
    sqlite3_exec(c.db, st || c.failed ? "ROLLBACK" : "COMMIT", NULL, NULL,
                 NULL);
  sqlite3_finalize(c.ins);
  sqlite3_close(c.db);
  *added = c.added;
  return st || c.failed ? -1 : 0;
}

void srv_catalogue_refresh(srv_server *s) {
  int64_t now = (int64_t)time(NULL);
  if (pthread_mutex_trylock(&s->sync_mu))
    return; /* another thread refreshes it now */
  if (now - s->synced_at >= (int64_t)s->cfg.sync_s) {
    gk_ledger *led = NULL;
    gk_ledger_opts o = {.actor = "server"};
    if (gk_ledger_open(&led, s->cfg.db, &o, NULL) == GK_OK) {
      int64_t added = 0;
      srv_catalogue_sync(s, led, &added);
      gk_ledger_free(led);
    }
    s->synced_at = now;
  }
  pthread_mutex_unlock(&s->sync_mu);
}
