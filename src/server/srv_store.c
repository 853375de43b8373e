/* srv_store.c: the server's own tables in the ledger's database (a SQLite
 * file or PostgreSQL, docs/server.md "Storage"), all named srv_* so they
 * never meet the ledger's migrations (which stay the library's): settings
 * (the 指南's facts), users and sessions (srv_auth.c), online submissions
 * with their tracking codes' hashes, the 政府信息公开目录 (catalogue) with
 * its trigram search, and the server's audit log. The SQL runs on the
 * library's driver (gk_db, gongkai.h), written once; the DDL is SQLite's
 * text, given to PostgreSQL through pg_ddl(), and the few statements that
 * differ ask srv_pg(). One connection serves every thread, under db_mu. */
#include "srv_core.h"

#include <stdio.h>
#include <stdlib.h>
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
    "INSERT INTO srv_meta VALUES ('schema', '1') ON CONFLICT DO NOTHING;\n";

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

/* PostgreSQL's text of a SQLite DDL block: identity keys, bigint for
 * every INTEGER (times are epoch seconds), bytea for BLOB, and no FTS5
 * table or SQLite trigger (pg_extra below makes their counterparts).
 * Returns malloc'd text or NULL. */
static char *pg_ddl(const char *sqlite_ddl) {
  srv_buf b;
  srv_buf_init(&b, 1u << 20);
  const char *p = sqlite_ddl;
  while (*p) {
    const char *end = strstr(p, ";\n");
    size_t n = end ? (size_t)(end - p) + 2 : strlen(p);
    /* statements that are SQLite's own: FTS5 and its triggers, and the
     * triggers' BEGIN…END bodies (a ';' inside ends at "END;") */
    if (strncmp(p, "CREATE TRIGGER", 14) == 0) {
      const char *e = strstr(p, "END;\n");
      n = e ? (size_t)(e - p) + 5 : strlen(p);
      p += n;
      continue;
    }
    if (strncmp(p, "CREATE VIRTUAL TABLE", 20) == 0) {
      p += n;
      continue;
    }
    for (size_t i = 0; i < n;) {
      static const struct {
        const char *from, *to;
      } map[] = {
          {"INTEGER PRIMARY KEY", "bigint GENERATED BY DEFAULT AS IDENTITY "
                                  "PRIMARY KEY"},
          {"INTEGER", "bigint"},
          {"BLOB", "bytea"},
      };
      bool done = false;
      for (size_t k = 0; k < sizeof(map) / sizeof(map[0]) && !done; k++) {
        size_t fl = strlen(map[k].from);
        if (i + fl <= n && strncmp(p + i, map[k].from, fl) == 0) {
          srv_buf_str(&b, map[k].to);
          i += fl;
          done = true;
        }
      }
      if (!done) {
        srv_buf_add(&b, p + i, 1);
        i++;
      }
    }
    p += n;
  }
  srv_buf_add(&b, "", 1);
  if (b.failed) {
    srv_buf_free(&b);
    return NULL;
  }
  return b.p;
}

/* PostgreSQL: the append-only guards SQLite's triggers give, and the
 * catalogue's search index (pg_trgm's GIN over the four searched fields,
 * one expression, as srv_public.c's query writes it). */
static const char pg_guards[] =
    "CREATE OR REPLACE FUNCTION srv_append_only() RETURNS trigger LANGUAGE "
    "plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; "
    "END $$;\n"
    "CREATE OR REPLACE TRIGGER srv_audit_no_change BEFORE UPDATE OR DELETE "
    "ON srv_audit FOR EACH ROW EXECUTE FUNCTION srv_append_only();\n"
    "CREATE OR REPLACE TRIGGER srv_letter_templates_no_change BEFORE UPDATE "
    "OR DELETE ON srv_letter_templates FOR EACH ROW EXECUTE FUNCTION "
    "srv_append_only();\n";
/* pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may
 * create it. Without it the search is the same ILIKE, unindexed. */
static const char pg_trgm[] =
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
    "CREATE INDEX IF NOT EXISTS srv_catalogue_trgm ON srv_catalogue USING "
    "gin ((" SRV_CATALOGUE_TEXT ") gin_trgm_ops);\n";

static gk_status schema(srv_server *s, const char *ddl, gk_error *err) {
  if (!srv_pg(s))
    return gk_db_exec(s->db, ddl, err);
  char *t = pg_ddl(ddl);
  if (!t)
    return GK_E_NOMEM;
  gk_status st = gk_db_exec(s->db, t, err);
  free(t);
  return st;
}

gk_status srv_store_open(srv_server *s, gk_error *err) {
  /* The ledger first: it refuses a database that is not a ledger and
   * applies its own migrations before the server adds its tables. */
  gk_ledger *led = NULL;
  gk_ledger_opts lo = {.key_file = s->cfg.key};
  gk_status st = gk_ledger_open(&led, s->cfg.db, &lo, err);
  if (st)
    return st;
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&s->db_mu, &ma);
  pthread_mutexattr_destroy(&ma);
  s->db_mu_made = true;
  gk_error e;
  gk_error_clear(&e);
  st = gk_db_open(&s->db, s->cfg.db, 5000, NULL, &e);
  if (!st)
    st = schema(s, schema_v1, &e);
  if (!st)
    st = schema(s, schema_supdesk, &e);
  if (!st)
    st = schema(s, schema_templates, &e);
  if (!st && srv_pg(s)) {
    st = gk_db_exec(s->db, pg_guards, &e);
    if (!st) /* optional: see pg_trgm */
      gk_db_exec(s->db, pg_trgm, NULL);
  }
  if (!st) {
    /* the agency's name for page titles, kept in step with the ledger */
    srv_setting_set(s, "agency", gk_ledger_agency(led));
    snprintf(s->agency, sizeof(s->agency), "%s",
             gk_ledger_agency(led) ? gk_ledger_agency(led) : "");
  }
  if (st) {
    if (err) {
      err->code = st;
      /* the driver's message cut to fit behind the prefix */
      snprintf(err->message, sizeof(err->message), "无法建立服务器数据表：%.200s",
               e.message[0] ? e.message : gk_strerror(st, GK_LANG_ZH));
    }
    gk_ledger_free(led);
    gk_db_free(s->db);
    s->db = NULL;
    return st;
  }
  int64_t added = 0;
  srv_catalogue_sync(s, led, &added);
  s->synced_at = (int64_t)time(NULL);
  gk_ledger_free(led);
  return GK_OK;
}

void srv_store_close(srv_server *s) {
  gk_db_stmt_free(s->gen_st); /* the connection is closed after its
                                 statements */
  s->gen_st = NULL;
  gk_db_free(s->db);
  s->db = NULL;
  if (s->db_mu_made)
    pthread_mutex_destroy(&s->db_mu);
  s->db_mu_made = false;
}

/* === SQL on the server's connection === */

bool srv_pg(const srv_server *s) {
  return s->db && gk_db_backend_kind(s->db) == GK_DB_POSTGRESQL;
}

gk_db_stmt *srv_sql(srv_server *s, const char *sql, gk_error *err) {
  gk_db_stmt *st = NULL;
  if (!s->db)
    return NULL;
  pthread_mutex_lock(&s->db_mu);
  /* a write bumps the generation before it runs: a page made meanwhile
   * is kept under the old one and never served after the write */
  if (strncmp(sql, "SELECT", 6) != 0)
    s->writes++;
  if (gk_db_prepare(s->db, sql, &st, err)) {
    pthread_mutex_unlock(&s->db_mu);
    return NULL;
  }
  return st;
}

void srv_sql_done(srv_server *s, gk_db_stmt *st) {
  if (!st)
    return;
  gk_db_stmt_free(st);
  pthread_mutex_unlock(&s->db_mu);
}

int srv_step(gk_db_stmt *st, gk_error *err) {
  int row = 0;
  if (gk_db_step(st, &row, err))
    return -1;
  return row ? 1 : 0;
}

int srv_sql_exec(srv_server *s, const char *sql) {
  gk_db_stmt *st = srv_sql(s, sql, NULL);
  if (!st)
    return -1;
  int rc = srv_step(st, NULL) < 0 ? -1 : 0;
  srv_sql_done(s, st);
  return rc;
}

void srv_now_text(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool srv_setting(srv_server *s, const char *key, char *out, size_t n) {
  bool found = false;
  gk_db_stmt *st =
      srv_sql(s, "SELECT value FROM srv_settings WHERE key = ?", NULL);
  if (!st)
    return false;
  gk_db_bind_text(st, 1, key);
  if (srv_step(st, NULL) == 1) {
    snprintf(out, n, "%s", gk_db_col_text(st, 0));
    found = true;
  }
  srv_sql_done(s, st);
  return found;
}

int srv_setting_set(srv_server *s, const char *key, const char *value) {
  gk_db_stmt *st = srv_sql(s,
                           "INSERT INTO srv_settings VALUES (?, ?) ON CONFLICT "
                           "(key) DO UPDATE SET value = excluded.value",
                           NULL);
  if (!st)
    return -1;
  gk_db_bind_text(st, 1, key);
  gk_db_bind_text(st, 2, value ? value : "");
  int rc = srv_step(st, NULL) == 0 ? 0 : -1;
  srv_sql_done(s, st);
  return rc;
}

void srv_audit(srv_server *s, const char *actor, const char *action,
               const char *detail) {
  char now[32];
  srv_now_text(now);
  gk_db_stmt *st = srv_sql(s,
                           "INSERT INTO srv_audit (at, actor, action, "
                           "detail) VALUES (?, ?, ?, ?)",
                           NULL);
  if (!st)
    return;
  gk_db_bind_text(st, 1, now);
  gk_db_bind_text(st, 2, actor);
  gk_db_bind_text(st, 3, action);
  gk_db_bind_text(st, 4, detail);
  srv_step(st, NULL);
  srv_sql_done(s, st);
}

/* === The catalogue: the ledger's published documents === */

typedef struct sync_ctx {
  gk_db *db; /* the sync's own connection */
  gk_db_stmt *ins;
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
  gk_db_stmt *st = c->ins;
  gk_db_bind_int(st, 1, rec->id);
  gk_db_bind_text(st, 2, index_no);
  gk_db_bind_text(st, 3, rec->doc_no);
  gk_db_bind_text(st, 4, rec->title);
  gk_db_bind_text(st, 5,
                  strcmp(rec->kind, "regulation") == 0  ? "规章"
                  : strcmp(rec->kind, "normative") == 0 ? "规范性文件"
                                                        : "其他");
  gk_db_bind_text(st, 6, written[0] ? written : NULL);
  gk_db_bind_text(st, 7, published);
  if (srv_step(st, NULL) != 0)
    c->failed = true;
  else
    c->added += gk_db_changes(st);
  gk_db_stmt_reset(st);
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
  if (gk_db_open(&c.db, s->cfg.db, 5000, NULL, NULL) ||
      gk_db_prepare(c.db,
                    "INSERT INTO srv_catalogue (record_id, index_no, doc_no, "
                    "title, topic, written_on, published_on) VALUES "
                    "(?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    &c.ins, NULL)) {
    gk_db_free(c.db);
    return -1;
  }
  bool began = gk_db_begin(c.db, 1, NULL) == GK_OK;
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      began ? gk_ledger_record_list(led, sync_one, &c, &err) : GK_E_DB;
  if (began) {
    if (st || c.failed)
      gk_db_rollback(c.db);
    else if (gk_db_commit(c.db, NULL))
      c.failed = true;
  }
  gk_db_stmt_free(c.ins);
  gk_db_free(c.db);
  *added = c.failed ? 0 : c.added;
  return st || c.failed ? -1 : 0;
}

void srv_catalogue_refresh(srv_server *s) {
  int64_t now = (int64_t)time(NULL);
  if (pthread_mutex_trylock(&s->sync_mu))
    return; /* another thread refreshes it now */
  if (now - s->synced_at >= (int64_t)s->cfg.sync_s) {
    gk_ledger *led = NULL;
    gk_ledger_opts o = {.actor = "server", .key_file = s->cfg.key};
    if (gk_ledger_open(&led, s->cfg.db, &o, NULL) == GK_OK) {
      int64_t added = 0;
      srv_catalogue_sync(s, led, &added);
      gk_ledger_free(led);
    }
    s->synced_at = now;
  }
  pthread_mutex_unlock(&s->sync_mu);
}
