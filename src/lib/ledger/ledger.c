/* ledger.c: the public ledger handle: create (条例 第四十九条 sets the report
 * date by the agency's level), open with migrations, accessors. */
#include "store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int gk__ledger_report_due(const gk_ledger *led) {
  return gk__app_level_due(led->level);
}

/* Removes 'path' and SQLite's files beside it. */
static void remove_ledger_files(const char *path) {
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
  char p[4096];
  for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
    if (snprintf(p, sizeof(p), "%s%s", path, sfx[i]) < (int)sizeof(p))
      unlink(p);
}

static gk_status ledger_new(gk_ledger **out, const gk_ledger_opts *opts,
                            gk_error *err) {
  const gk_alloc *a = opts && opts->alloc ? opts->alloc : gk_alloc_default();
  gk_ledger *led = gk__calloc(a, 1, sizeof(*led));
  if (!led)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  led->alloc = *a;
  /* One name per person (four eyes, the audit log): "alice " is alice.
   * A name of blanks is no name. */
  char norm[1024];
  const char *actor = "unknown";
  if (opts && opts->actor && *opts->actor) {
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_actor_normalize(opts->actor, norm, sizeof(norm), &e);
    if (st && !(st == GK_E_ARG && gk__utf8_valid(opts->actor,
                                                   strlen(opts->actor)))) {
      gk__free(a, led);
      if (err)
        *err = e;
      return st;
    }
    if (!st)
      actor = norm;
  }
  led->actor = gk__strdup(a, actor);
  if (!led->actor) {
    gk__free(a, led);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  *out = led;
  return GK_OK;
}

static gk_status load_meta(gk_ledger *led, const char *path, gk_error *err) {
  gk_status rc = gk__store_meta_get(led->store, "agency", &led->agency, err);
  if (!rc)
    rc = gk__store_meta_get(led->store, "level", &led->level, err);
  if (!rc && (!led->agency || !led->level))
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "%s 缺少机关名称或层级（不是用 "
                  "gongkai ledger init 建立的？）",
                  "%s lacks the agency's name or level (not made by "
                  "gongkai ledger init?)",
                  path);
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
  gk_status rc = ledger_new(&led, opts, err);
  if (rc)
    return rc;
  rc = gk__store_open(&led->store, path, true, opts, &led->alloc, err);
  if (!rc)
    rc = gk__store_migrate(led->store, true, led->actor, &led->version, err);
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
    rc = load_meta(led, path, err);
  if (rc) {
    /* A half-made ledger (a full disk) is no ledger: remove it. */
    bool made = led->store != NULL;
    gk_ledger_free(led);
    if (made)
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
  gk_status rc = ledger_new(&led, opts, err);
  if (rc)
    return rc;
  rc = gk__store_open(&led->store, path, false, opts, &led->alloc, err);
  if (!rc)
    rc = gk__store_migrate(led->store, false, led->actor, &led->version, err);
  if (!rc)
    rc = load_meta(led, path, err);
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
  gk__free(&a, led);
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
