/* ledger.c: the public ledger handle: create (条例 第四十九条 sets the report
 * date by the agency's level), open with migrations, accessors. */
#include "keys.h"
#include "store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int gk__ledger_report_due(const gk_ledger *led) {
  return gk__app_level_due(led->level);
}

/* Removes 'path' and SQLite's files beside it. */
static void remove_ledger_files(const char *path) {
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal", "-import"};
  char p[4096];
  for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
    if (snprintf(p, sizeof(p), "%s%s", path, sfx[i]) < (int)sizeof(p))
      unlink(p);
}

static gk_status ledger_new(gk_ledger **out, const char *path,
                            const gk_ledger_opts *opts, gk_error *err) {
  if (opts) {
    gk_status bad = gk__opts_version(opts->version, GK_LEDGER_OPTS_VERSION,
                                     "gk_ledger_opts", "opts", err);
    if (bad)
      return bad;
  }
  const gk_alloc *a = opts && opts->alloc ? opts->alloc : gk_alloc_default();
  gk_ledger *led = gk__calloc(a, 1, sizeof(*led));
  if (!led)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  led->alloc = *a;
  led->today = opts && gk_date_valid(opts->today) ? opts->today : 0;
  /* One name per person (four eyes, the audit log): "alice " is alice.
   * A name of blanks is no name. */
  char norm[1024];
  const char *actor = "unknown";
  if (opts && opts->actor && *opts->actor) {
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_actor_normalize(opts->actor, norm, sizeof(norm), &e);
    if (st &&
        !(st == GK_E_ARG && gk__utf8_valid(opts->actor, strlen(opts->actor)))) {
      gk__free(a, led);
      if (err)
        *err = e;
      return st;
    }
    if (!st)
      actor = norm;
  }
  led->actor = gk__strdup(a, actor);
  led->keys = gk__calloc(a, 1, sizeof(*led->keys));
  if (path) {
    const char *kf =
        opts && opts->key_file && *opts->key_file ? opts->key_file : NULL;
    /* A database has no folder to keep the key beside (and "<uri>.key"
     * would put the connection string in a file name): say where. */
    if (!kf && gk__store_target_pg(path)) {
      gk_ledger_free(led);
      return gk__fail_param(err, GK_E_ARG, "key_file",
                            "PostgreSQL 台账须指定密钥文件",
                            "a PostgreSQL ledger needs its key file named");
    }
    gk__buf b;
    gk__buf_init(&b, a, 0);
    if (kf ? gk__buf_adds(&b, kf) : gk__buf_printf(&b, "%s.key", path))
      gk__buf_free(&b);
    else
      led->key_path = gk__buf_detach(&b, NULL);
  }
  if (!led->actor || !led->keys || !led->key_path) {
    gk_ledger_free(led);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  *out = led;
  return GK_OK;
}

/* An in-memory ledger (tests) without a key file keeps an in-memory key. */
static bool is_memory(const char *path, const gk_ledger_opts *opts) {
  return strcmp(path, ":memory:") == 0 && !(opts && opts->key_file);
}

/* The first break of the audit log, for the message of an open. */
typedef struct first_break {
  char zh[200], en[200];
  bool seen;
} first_break;

static int keep_first(const gk_audit_break *b, void *ud) {
  first_break *f = ud;
  if (!f->seen) {
    snprintf(f->zh, sizeof(f->zh), "%s", b->message);
    snprintf(f->en, sizeof(f->en), "%s", b->message_en);
    f->seen = true;
  }
  return 0;
}

/* After the migrations: the key belongs to this ledger, and the audit log
 * is whole (its triggers; the last 256 rows of the chain when the key is
 * here), unless the caller opens a broken ledger to inspect it. */
static gk_status check_key_and_audit(gk_ledger *led, const gk_ledger_opts *opts,
                                     gk_error *err) {
  char *check = NULL;
  gk_status rc = GK_OK;
  if (led->keys->loaded) {
    rc = gk__store_meta_get(led->store, "key_check", &check, err);
    if (!rc && check && strcmp(check, led->keys->check) != 0)
      rc = gk__fail(err, GK_E_KEY, 0, 0, -1, "密钥文件 %s 不属于台账 %s",
                    "the key file %s does not belong to the ledger %s",
                    led->key_path, gk__store_name(led->store));
    gk__free(&led->alloc, check);
  }
  if (rc || (opts && (opts->flags & GK_LEDGER_OPEN_TAMPERED)))
    return rc;
  first_break fb;
  memset(&fb, 0, sizeof(fb));
  int64_t breaks = 0;
  rc = gk__store_audit_verify(led->store, led->keys->loaded ? 256 : -1,
                              keep_first, &fb, &breaks, NULL, NULL, err);
  if (!rc && breaks)
    rc = gk__fail(err, GK_E_TAMPERED, 0, 0, -1, "%s%.0s（共 %lld 处）",
                  "%.0s%s (%lld in all)", fb.zh, fb.en, (long long)breaks);
  return rc;
}

static gk_status load_meta(gk_ledger *led, gk_error *err) {
  gk_status rc = gk__store_meta_get(led->store, "agency", &led->agency, err);
  if (!rc)
    rc = gk__store_meta_get(led->store, "level", &led->level, err);
  if (!rc && (!led->agency || !led->level))
    rc = gk__fail_param(err, GK_E_DB, "ledger",
                        "%s 缺少机关名称或层级（不是建立台账时写入的？）",
                        "%s lacks the agency's name or level (not written "
                        "when the ledger was created?)",
                        gk__store_name(led->store));
  /* PostgreSQL: meta names the agency that made the ledger (the tree's
   * root); an agency below it is its own session's, with the report
   * deadline of its level (条例 第四十九条) */
  char *name = NULL;
  bool below = false;
  if (!rc)
    rc = gk__store_session_agency(led->store, &name, &below, err);
  if (!rc && name) {
    char *level =
        gk__strdup(&led->alloc, below ? "department" : "county_gov_or_above");
    if (!level) {
      gk__free(&led->alloc, name);
      rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    } else {
      gk__free(&led->alloc, led->agency);
      gk__free(&led->alloc, led->level);
      led->agency = name;
      led->level = level;
    }
  }
  if (!rc)
    rc = gk__calendar_load(led, err);
  return rc;
}

gk_status gk_ledger_create(gk_ledger **out, const char *path,
                           const char *agency, const char *level,
                           const gk_ledger_opts *opts, gk_error *err) {
  *out = NULL;
  if (!path || !agency || !*agency || !level)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "缺少台账文件、机关名称或层级",
                    "the ledger file, agency or level is missing");
  const char *lv = gk_vocab_find(GK_VOCAB_LEVEL, level);
  if (!lv)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "未知的机关层级 '%s'（可选：county_gov_or_above 县级以上"
                    "人民政府、department 政府部门）",
                    "unknown agency level '%s' (county_gov_or_above, "
                    "department)",
                    level);
  level = lv;
  gk_ledger *led = NULL;
  gk_status rc = ledger_new(&led, path, opts, err);
  if (rc)
    return rc;
  rc = gk__store_open(&led->store, path, true, opts, &led->alloc, err);
  /* The key file: made 0600 beside the ledger unless one is given (an
   * agency may keep one key for several years' ledgers). */
  bool made_key = false;
  if (!rc && is_memory(path, opts))
    gk__keys_ephemeral(led->keys);
  else if (!rc && gk__keys_file_exists(led->key_path))
    rc = gk__keys_load(led->keys, led->key_path, err);
  else if (!rc) {
    rc = gk__keys_create(led->keys, led->key_path, err);
    made_key = !rc;
  }
  if (!rc) {
    gk__store_set_keys(led->store, led->keys, led->key_path);
    gk__store_set_office(led->store, agency);
    rc = gk__store_migrate(led->store, true, led->actor, &led->version, err);
  }
  if (!rc)
    rc = gk__store_begin(led->store, err);
  if (!rc) {
    char now[24];
    gk__now_iso(now);
    rc = gk__store_meta_set(led->store, led->actor, "agency", agency, err);
    if (!rc)
      rc = gk__store_meta_set(led->store, led->actor, "level", level, err);
    if (!rc)
      rc = gk__store_meta_set(led->store, led->actor, "created_at", now, err);
    if (!rc)
      rc = gk__store_commit(led->store, err);
    if (rc)
      gk__store_rollback(led->store);
  }
  if (!rc)
    rc = load_meta(led, err);
  if (rc) {
    /* A half-made ledger (a full disk) is no ledger: remove it. */
    bool made = led->store != NULL;
    if (made_key)
      unlink(led->key_path);
    gk_ledger_free(led);
    if (made && !gk__store_target_pg(path))
      remove_ledger_files(path);
    return rc;
  }
  *out = led;
  return GK_OK;
}

gk_status gk_ledger_open(gk_ledger **out, const char *path,
                         const gk_ledger_opts *opts, gk_error *err) {
  *out = NULL;
  if (!path)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "缺少台账文件",
                    "the ledger file is missing");
  gk_ledger *led = NULL;
  gk_status rc = ledger_new(&led, path, opts, err);
  if (rc)
    return rc;
  rc = gk__store_open(&led->store, path, false, opts, &led->alloc, err);
  /* The key when its file is here; a ledger older than schema 7 gets one
   * (its migration seals the ID numbers it holds). Without it, reads work
   * and what needs it fails GK_E_KEY. */
  int v = 0;
  if (!rc)
    rc = gk__store_version(led->store, &v, err);
  if (!rc && is_memory(path, opts))
    gk__keys_ephemeral(led->keys);
  else if (!rc && gk__keys_file_exists(led->key_path))
    rc = gk__keys_load(led->keys, led->key_path, err);
  else if (!rc && v > 0 && v < GK__SCHEMA_KEYED &&
           !gk__store_readonly(led->store))
    rc = gk__keys_create(led->keys, led->key_path, err);
  if (!rc) {
    gk__store_set_keys(led->store, led->keys, led->key_path);
    rc = gk__store_migrate(led->store, false, led->actor, &led->version, err);
  }
  if (!rc)
    rc = check_key_and_audit(led, opts, err);
  if (!rc)
    rc = load_meta(led, err);
  /* Rows a killed import left (hidden from every read) go at the next
   * open; if that fails (a busy or full disk) they stay hidden until the
   * next one (docs/ledger.md "Import"). */
  if (!rc)
    gk__store_import_cleanup(led->store, NULL);
  if (rc) {
    gk_ledger_free(led);
    return rc;
  }
  *out = led;
  return GK_OK;
}

void gk_ledger_free(gk_ledger *led) {
  if (!led)
    return;
  gk_alloc a = led->alloc;
  gk__store_close(led->store);
  gk_calendar_free(led->cal);
  gk__free(&a, led->actor);
  gk__free(&a, led->agency);
  gk__free(&a, led->level);
  if (led->keys)
    gk__keys_wipe(led->keys);
  gk__free(&a, led->keys);
  gk__free(&a, led->key_path);
  gk__free(&a, led);
}

const char *gk_ledger_key_file(const gk_ledger *led) {
  return led ? led->key_path : NULL;
}

const char *gk_ledger_target(const gk_ledger *led) {
  return led && led->store ? gk__store_name(led->store) : NULL;
}

const char *gk_ledger_agency(const gk_ledger *led) {
  return led ? led->agency : NULL;
}
const char *gk_ledger_level(const gk_ledger *led) {
  return led ? led->level : NULL;
}
int gk_ledger_schema_version(const gk_ledger *led) {
  return led ? led->version : 0;
}
int gk_ledger_schema_latest(void) { return gk__store_latest(); }

gk_status gk_ledger_backup(gk_ledger *led, const char *path, gk_error *err) {
  if (!led || !path || !*path)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  return gk__store_backup(led->store, path, err);
}

/* === Personal data and the audit log (issue 15 items 6, 7) === */

gk_status gk_ledger_export_csv_reveal(gk_ledger *led, const char *reason,
                                      gk_write_fn fn, void *ud, gk_error *err) {
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (!reason || !*reason || !gk__utf8_valid(reason, strlen(reason)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "导出证件号码原文须写明理由（记入审计日志）",
                    "exporting clear ID numbers needs a reason (it goes to "
                    "the audit log)");
  gk_status rc = gk__keys_need(led->keys, led->key_path, err);
  if (rc)
    return rc;
  /* Audited first, in its own transaction: an export that fails half-way
   * was still asked for. */
  json_t *a = json_pack("{ss}", "reason", reason);
  if (!a)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  rc = gk__store_begin(led->store, err);
  if (!rc)
    rc = gk__store_audit(led->store, led->actor, "applications", 0,
                         "export_clear_ids", NULL, a, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
  if (rc)
    gk__store_rollback(led->store);
  json_decref(a);
  if (rc)
    return rc;
  gk__store_reveal(led->store, true);
  rc = gk_ledger_export_csv(led, fn, ud, err);
  gk__store_reveal(led->store, false);
  return rc;
}

gk_status gk_ledger_verify(gk_ledger *led, gk_audit_break_fn fn, void *ud,
                           int64_t *breaks, int64_t *rows, char *head,
                           gk_error *err) {
  int64_t n = 0;
  if (breaks)
    *breaks = 0;
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status rc = gk__keys_need(led->keys, led->key_path, err);
  if (!rc)
    rc = gk__store_begin_read(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_audit_verify(led->store, 0, fn, ud, &n, rows, head, err);
  gk__store_rollback(led->store);
  if (breaks)
    *breaks = n;
  return rc;
}
