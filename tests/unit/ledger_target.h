/* ledger_target.h: where a ledger test keeps its ledgers, so the same test
 * runs on both backends (issue 13). Without GK_TEST_PG_URI: a file in the
 * test's temporary folder. With it (tests/pg/pg_unit.sh sets it, and
 * GK_TEST_PG_ADMIN, a superuser's URI): a fresh schema of that database per
 * ledger, owned by the URI's role, selected by search_path; the key file
 * in the temporary folder (a PostgreSQL ledger needs one named).
 * lt_int and lt_exec run SQL on a second connection, as the ledger's own
 * role (on PostgreSQL row-level security applies, as it does to gongkai). */
#ifndef GK_TEST_LEDGER_TARGET_H
#define GK_TEST_LEDGER_TARGET_H

#include "gongkai.h"
#include "ledger/db.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool lt_pg(void) {
  const char *u = getenv("GK_TEST_PG_URI");
  return u && *u;
}

/* Runs 'sql' (no result) as 'who' (a target): 0 when it succeeded. */
static inline int lt_exec(const char *who, const char *sql) {
  if (gk__db_kind_of_target(who) != GK__DB_PG) {
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(who, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
  }
  gk__db *db = NULL;
  gk_error e;
  gk_error_clear(&e);
  gk_status rc = gk__db_open(&db, who, false, 5000, NULL, &e);
  if (!rc)
    rc = gk__db_exec(db, sql, &e);
  gk__db_close(db);
  return (int)rc;
}

/* One integer from SQL on the ledger 'target' (-1 when it fails). SQL
 * both backends run: no PRAGMA, no sqlite_master; JSON through
 * json_extract, which lt_target gives PostgreSQL too. */
static inline int64_t lt_int(const char *target, const char *sql) {
  int64_t v = -1;
  if (gk__db_kind_of_target(target) != GK__DB_PG) {
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }
  gk__db *db = NULL;
  gk__stmt *s = NULL;
  gk_error e;
  gk_error_clear(&e);
  bool row = false;
  if (!gk__db_open(&db, target, false, 5000, NULL, &e) &&
      !gk__db_prepare(db, sql, &s, &e) && !gk__stmt_step(s, &row, &e) && row)
    v = gk__col_is_null(s, 0) ? 0 : gk__col_int(s, 0);
  else if (e.message_en[0])
    fprintf(stderr, "lt_int: %s: %s\n", sql, e.message_en);
  gk__stmt_free(s);
  gk__db_close(db);
  return v;
}

/* The target of ledger 'name' for the test whose folder is 'dir' (made
 * by mkdtemp): "dir/name", or on PostgreSQL the URI of a new schema named
 * after both. 0 on success. */
static inline int lt_target(const char *dir, const char *name, char *out,
                            size_t n) {
  if (!lt_pg())
    return snprintf(out, n, "%s/%s", dir, name) >= (int)n ? -1 : 0;
  char schema[64];
  size_t k = 0;
  const char *base = strrchr(dir, '/');
  base = base ? base + 1 : dir;
  for (const char *p = base; *p && k < 30; p++)
    schema[k++] = isalnum((unsigned char)*p) ? (char)tolower(*p) : '_';
  schema[k++] = '_';
  for (const char *p = name; *p && k < sizeof(schema) - 1; p++)
    schema[k++] = isalnum((unsigned char)*p) ? (char)tolower(*p) : '_';
  schema[k] = '\0';
  const char *uri = getenv("GK_TEST_PG_URI");
  const char *admin = getenv("GK_TEST_PG_ADMIN");
  const char *user = strstr(uri, "://");
  char role[64];
  if (!admin || !user || sscanf(user + 3, "%63[^@:/]", role) != 1)
    return -1;
  /* json_extract as SQLite has it (text paths '$.a'), for the tests' SQL */
  char sql[1024];
  snprintf(sql, sizeof(sql),
           "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s AUTHORIZATION "
           "%s; CREATE FUNCTION %s.json_extract(j text, p text) RETURNS text "
           "LANGUAGE sql IMMUTABLE AS $$ SELECT CAST(j AS jsonb) #>> "
           "string_to_array(substr(p, 3), '.') $$",
           schema, schema, role, schema);
  if (lt_exec(admin, sql))
    return -1;
  return snprintf(out, n, "%s?options=-csearch_path%%3D%s", uri, schema) >=
                 (int)n
             ? -1
             : 0;
}

/* Options for a ledger of the test in 'dir': on PostgreSQL the key file
 * 'dir/k.key' (one for all its ledgers; 'key' holds its name). */
static inline gk_ledger_opts lt_opts(const char *dir, char *key, size_t n,
                                     const char *actor) {
  gk_ledger_opts o;
  memset(&o, 0, sizeof(o));
  o.actor = actor;
  if (lt_pg()) {
    snprintf(key, n, "%s/k.key", dir);
    o.key_file = key;
  }
  return o;
}

#endif /* GK_TEST_LEDGER_TARGET_H */
