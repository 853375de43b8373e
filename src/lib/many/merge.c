/* merge.c: the regional summary (gongkai merge). A supervising office
 * (政务公开办) sums the annual reports of its subordinate agencies: every
 * cell of every table, walked through the template, amounts to the 元
 * (scaled integers), signed cells signed. Reports are summed per
 * (template, year) as they come, so memory does not grow with their
 * number; gk_merge_finish keeps one group (the --year's, else the
 * largest) and leaves the others out: the two formats are never mixed.
 * The sums are linear, so balanced tables sum to balanced tables and the
 * summary passes the validator when its inputs did (test_many.c). */
#include "many.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef struct group {
  const gk_template *tpl;  /* template of its reports */
  int year;                /* their year (0: unknown) */
  int64_t *sum[GK_TABLES]; /* per table, tpl->tables[t].ncells */
  char **names;            /* inputs summed here (owned) */
  size_t n, cap;           /* used, allocated */
  int32_t date;            /* latest report date, 0 if none */
} group;

typedef struct left {
  char *name;             /* input name (owned) */
  gk_merge_reason reason; /* why */
  char *rules;            /* "id,id" for GK_MERGE_CHECK, else "" (owned) */
  char *msg_zh, *msg_en;  /* one line each (owned) */
} left;

struct gk_merge {
  gk_alloc alloc;       /* for everything below */
  char *agency;         /* the summary's 报告主体 */
  int year;             /* asked year, 0: the majority's */
  group *groups;        /* one per (template, year) seen */
  size_t ngroups, gcap; /* used, allocated */
  left *left;           /* inputs left out, in order */
  size_t nleft, lcap;   /* used, allocated */
  const group *chosen;  /* the summed group, after finish */
  bool finished;        /* gk_merge_finish ran */
};

gk_status gk_merge_new(gk_merge **out, const char *agency, int year,
                       const gk_alloc *alloc) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  if (!agency || year < 0)
    return GK_E_ARG;
  if (!alloc)
    alloc = gk_alloc_default();
  gk_merge *m = gk__calloc(alloc, 1, sizeof(*m));
  if (!m)
    return GK_E_NOMEM;
  m->alloc = *alloc;
  m->year = year;
  m->agency = gk__strdup(alloc, agency);
  if (!m->agency) {
    gk__free(alloc, m);
    return GK_E_NOMEM;
  }
  *out = m;
  return GK_OK;
}

void gk_merge_free(gk_merge *m) {
  if (!m)
    return;
  gk_alloc a = m->alloc;
  for (size_t g = 0; g < m->ngroups; g++) {
    for (size_t t = 0; t < GK_TABLES; t++)
      gk__free(&a, m->groups[g].sum[t]);
    for (size_t i = 0; i < m->groups[g].n; i++)
      gk__free(&a, m->groups[g].names[i]);
    gk__free(&a, m->groups[g].names);
  }
  gk__free(&a, m->groups);
  for (size_t i = 0; i < m->nleft; i++) {
    gk__free(&a, m->left[i].name);
    gk__free(&a, m->left[i].rules);
    gk__free(&a, m->left[i].msg_zh);
    gk__free(&a, m->left[i].msg_en);
  }
  gk__free(&a, m->left);
  gk__free(&a, m->agency);
  gk__free(&a, m);
}

/* Appends a left-out input; copies every string. */
static gk_status add_left(gk_merge *m, const char *name, gk_merge_reason why,
                          const char *rules, const char *zh, const char *en) {
  gk_status st =
      gk__grow(&m->alloc, &m->left, &m->lcap, m->nleft + 1, sizeof(*m->left));
  if (st)
    return st;
  left l = {gk__strdup(&m->alloc, name ? name : "-"), why,
            gk__strdup(&m->alloc, rules ? rules : ""),
            gk__strdup(&m->alloc, zh), gk__strdup(&m->alloc, en ? en : zh)};
  if (!l.name || !l.rules || !l.msg_zh || !l.msg_en) {
    gk__free(&m->alloc, l.name);
    gk__free(&m->alloc, l.rules);
    gk__free(&m->alloc, l.msg_zh);
    gk__free(&m->alloc, l.msg_en);
    return GK_E_NOMEM;
  }
  m->left[m->nleft++] = l;
  return GK_OK;
}

gk_status gk_merge_add_unreadable(gk_merge *m, const char *name,
                                  const char *why_zh, const char *why_en) {
  if (!m || m->finished || !why_zh)
    return GK_E_ARG;
  return add_left(m, name, GK_MERGE_UNREADABLE, NULL, why_zh, why_en);
}

/* The distinct rule ids of the error findings, "a,b" in order of first
 * appearance, into 'b'. */
static gk_status error_rules(const gk_report *rep, gk__buf *b) {
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (gk_finding_severity(f) != GK_SEV_ERROR)
      continue;
    const char *id = gk_finding_rule(f);
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++) {
      const gk_finding *g = gk_report_finding(rep, j);
      seen = gk_finding_severity(g) == GK_SEV_ERROR &&
             strcmp(gk_finding_rule(g), id) == 0;
    }
    if (seen)
      continue;
    gk_status st = b->len ? gk__buf_addc(b, ',') : GK_OK;
    if (!st)
      st = gk__buf_adds(b, id);
    if (st)
      return st;
  }
  return GK_OK;
}

static gk_status left_for_check(gk_merge *m, const gk_report *rep,
                                const char *name) {
  gk__buf b;
  gk__buf_init(&b, &m->alloc, 4096);
  gk_status st = error_rules(rep, &b);
  if (!st) {
    const char *ids = b.data ? b.data : "";
    char zh[512], en[512];
    snprintf(zh, sizeof(zh), "检查发现 %zu 个错误：%s",
             gk_report_count(rep, GK_SEV_ERROR), ids);
    snprintf(en, sizeof(en), "the validator found %zu error%s: %s",
             gk_report_count(rep, GK_SEV_ERROR),
             gk_report_count(rep, GK_SEV_ERROR) == 1 ? "" : "s", ids);
    st = add_left(m, name, GK_MERGE_CHECK, ids, zh, en);
  }
  gk__buf_free(&b);
  return st;
}

/* The group of (tpl, year), made when first seen. */
static gk_status find_group(gk_merge *m, const gk_template *tpl, int year,
                            group **out) {
  for (size_t g = 0; g < m->ngroups; g++)
    if (m->groups[g].tpl == tpl && m->groups[g].year == year) {
      *out = &m->groups[g];
      return GK_OK;
    }
  gk_status st = gk__grow(&m->alloc, &m->groups, &m->gcap, m->ngroups + 1,
                          sizeof(*m->groups));
  if (st)
    return st;
  group *g = &m->groups[m->ngroups];
  memset(g, 0, sizeof(*g));
  g->tpl = tpl;
  g->year = year;
  for (size_t t = 0; t < GK_TABLES; t++) {
    g->sum[t] = gk__calloc(&m->alloc, tpl->tables[t].ncells, sizeof(int64_t));
    if (!g->sum[t]) {
      for (size_t u = 0; u < t; u++)
        gk__free(&m->alloc, g->sum[u]);
      return GK_E_NOMEM;
    }
  }
  m->ngroups++;
  *out = g;
  return GK_OK;
}

static bool add_overflows(int64_t a, int64_t b) {
  return (b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b);
}

gk_status gk_merge_add(gk_merge *m, gk_report *rep, const char *name,
                       gk_error *err) {
  if (!m || !rep || m->finished)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "汇总：参数无效",
                    "merge: invalid argument");
  if (!name)
    name = gk_report_source_name(rep) ? gk_report_source_name(rep) : "-";
  gk_status st = gk_check_run(rep, GK_CHECK_ALL, err);
  if (st)
    return st;
  if (gk_report_count(rep, GK_SEV_ERROR)) {
    st = left_for_check(m, rep, name);
    return st ? gk__fail(err, st, 0, 0, -1, "汇总时内存不足",
                         "out of memory while merging")
              : GK_OK;
  }
  group *g = NULL;
  st = find_group(m, rep->tpl, rep->year, &g);
  if (!st)
    st = gk__grow(&m->alloc, &g->names, &g->cap, g->n + 1, sizeof(*g->names));
  char *copy = st ? NULL : gk__strdup(&m->alloc, name);
  if (!copy)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "汇总时内存不足",
                    "out of memory while merging");
  /* every sum is checked before any is changed: a refused report leaves
   * the group as it was */
  for (size_t t = 0; t < GK_TABLES; t++)
    for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
      if (add_overflows(g->sum[t][i], rep->cells[t][i].value)) {
        gk__free(&m->alloc, copy);
        return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                        "%s：汇总数超出可表示的范围",
                        "%s: a sum exceeds the representable range", name);
      }
  for (size_t t = 0; t < GK_TABLES; t++)
    for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
      g->sum[t][i] += rep->cells[t][i].value;
  g->names[g->n++] = copy;
  if (rep->date > g->date)
    g->date = rep->date;
  return GK_OK;
}

/* Is 'a' a better choice than 'b'? More reports; ties: the later year,
 * then the newer template. */
static bool better(const group *a, const group *b) {
  if (a->n != b->n)
    return a->n > b->n;
  if (a->year != b->year)
    return a->year > b->year;
  return a->tpl->first_year > b->tpl->first_year;
}

static const group *choose(const gk_merge *m) {
  const group *best = NULL;
  for (size_t g = 0; g < m->ngroups; g++) {
    const group *c = &m->groups[g];
    /* a report of unknown year cannot head a summary of one year */
    if (!c->n || !c->year || (m->year && c->year != m->year))
      continue;
    if (!best || better(c, best))
      best = c;
  }
  return best;
}

/* The six sections say what the summary is; no statement a narrative
 * pattern would read as a count (check/narrative.c). */
static gk_status set_sections(gk_report *rep, const group *g) {
  char s1[512];
  snprintf(s1, sizeof(s1),
           "本报告汇总了%s所辖单位的%zu份%d年度政府信息公开工作年度报告"
           "（格式%s），各表各项数据为所汇总报告相应数据之和。",
           rep->agency, g->n, g->year, g->tpl->name);
  const char *text[GK_SECTIONS] = {s1,
                                   "本部分统计表为所汇总报告之和。",
                                   "本部分统计表为所汇总报告之和。",
                                   "本部分统计表为所汇总报告之和。",
                                   "见所汇总的各单位年度报告。",
                                   "无。"};
  for (int s = 0; s < GK_SECTIONS; s++) {
    gk_status st = gk_report_set_section(rep, s + 1, text[s], strlen(text[s]));
    if (st)
      return st;
  }
  return GK_OK;
}

static gk_status build(const gk_merge *m, const group *g, gk_report **out) {
  gk_report *rep = NULL;
  gk_status st = gk_report_new(&rep, g->tpl, &m->alloc);
  if (!st)
    st = gk_report_set_agency(rep, m->agency);
  if (!st)
    st = set_sections(rep, g);
  if (st) {
    gk_report_free(rep);
    return st;
  }
  gk_report_set_year(rep, g->year);
  if (g->year)
    gk_report_set_period(rep, g->year * 10000 + 101, g->year * 10000 + 1231);
  gk_report_set_date(rep, g->date);
  for (size_t t = 0; t < GK_TABLES; t++) {
    for (size_t i = 0; i < g->tpl->tables[t].ncells; i++) {
      rep->cells[t][i].value = g->sum[t][i];
      rep->cells[t][i].flags = GK_CELL_PRESENT;
    }
    rep->table_found[t] = true;
  }
  *out = rep;
  return GK_OK;
}

/* Why the reports of group 'g' are not in the summary, in both languages
 * (buffers of 'size' bytes). */
static void why_other(const gk_merge *m, const group *g, char *zh, char *en,
                      size_t size) {
  const group *c = m->chosen;
  if (!g->year) {
    snprintf(zh, size, "未能确定报告年度（格式 %s）", g->tpl->name);
    snprintf(en, size, "report year unknown (template %s)", g->tpl->name);
  } else if (c) {
    snprintf(zh, size, "报告年度 %d、格式 %s，与汇总的 %d 年度、格式 %s 不同",
             g->year, g->tpl->name, c->year, c->tpl->name);
    snprintf(en, size,
             "report year %d, template %s; the summary is of %d, template %s",
             g->year, g->tpl->name, c->year, c->tpl->name);
  } else {
    snprintf(zh, size, "报告年度 %d、格式 %s，不是要汇总的 %d 年度", g->year,
             g->tpl->name, m->year);
    snprintf(en, size, "report year %d, template %s; not the year %d", g->year,
             g->tpl->name, m->year);
  }
}

gk_status gk_merge_finish(gk_merge *m, gk_report **out, gk_error *err) {
  if (!m || !out || m->finished)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "汇总：参数无效",
                    "merge: invalid argument");
  *out = NULL;
  m->finished = true;
  m->chosen = choose(m);
  for (size_t gi = 0; gi < m->ngroups; gi++) {
    const group *g = &m->groups[gi];
    if (g == m->chosen)
      continue;
    char zh[256], en[256];
    why_other(m, g, zh, en, sizeof(zh));
    for (size_t i = 0; i < g->n; i++)
      if (add_left(m, g->names[i], GK_MERGE_OTHER, NULL, zh, en))
        return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "汇总时内存不足",
                        "out of memory while merging");
  }
  if (!m->chosen) {
    if (m->year)
      return gk__fail(err, GK_E_EMPTY, 0, 0, -1, "没有可汇总的 %d 年度报告",
                      "no report of year %d to merge", m->year);
    return gk__fail(err, GK_E_EMPTY, 0, 0, -1, "没有可汇总的报告",
                    "no report to merge");
  }
  gk_status st = build(m, m->chosen, out);
  if (st)
    return gk__fail(err, st, 0, 0, -1, "汇总时内存不足",
                    "out of memory while merging");
  return GK_OK;
}

size_t gk_merge_count(const gk_merge *m) {
  return m && m->chosen ? m->chosen->n : 0;
}
const char *gk_merge_name(const gk_merge *m, size_t i) {
  return i < gk_merge_count(m) ? m->chosen->names[i] : NULL;
}
size_t gk_merge_left_out_count(const gk_merge *m) { return m ? m->nleft : 0; }
const char *gk_merge_left_out_name(const gk_merge *m, size_t i) {
  return i < gk_merge_left_out_count(m) ? m->left[i].name : NULL;
}
gk_merge_reason gk_merge_left_out_reason(const gk_merge *m, size_t i) {
  return i < gk_merge_left_out_count(m) ? m->left[i].reason
                                        : GK_MERGE_UNREADABLE;
}
const char *gk_merge_left_out_message(const gk_merge *m, size_t i,
                                      gk_lang lang) {
  if (i >= gk_merge_left_out_count(m))
    return NULL;
  return lang == GK_LANG_EN ? m->left[i].msg_en : m->left[i].msg_zh;
}
const char *gk_merge_left_out_rules(const gk_merge *m, size_t i) {
  return i < gk_merge_left_out_count(m) ? m->left[i].rules : NULL;
}

const char *gk_merge_reason_id(gk_merge_reason r) {
  switch (r) {
  case GK_MERGE_UNREADABLE:
    return "unreadable";
  case GK_MERGE_CHECK:
    return "check";
  case GK_MERGE_OTHER:
    return "other";
  }
  return "unreadable";
}

/* "a,b" as ["a", "b"]. */
static json_t *rules_array(const char *ids) {
  json_t *a = json_array();
  while (a && *ids) {
    const char *end = strchr(ids, ',');
    size_t n = end ? (size_t)(end - ids) : strlen(ids);
    if (json_array_append_new(a, json_stringn(ids, n))) {
      json_decref(a);
      return NULL;
    }
    ids += n + (end ? 1 : 0);
  }
  return a;
}

static json_t *build_json(const gk_merge *m, gk_lang lang) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  /* the arrays belong to 'o' from the start: one decref frees all */
  json_t *merged = json_array(), *lo = json_array();
  const group *g = m->chosen;
  bool ok =
      gk__many_json_set(o, "agency", gk__many_json_string(m->agency)) &&
      gk__many_json_set(o, "year",
                        g && g->year ? json_integer(g->year) : json_null()) &&
      gk__many_json_set(o, "template",
                        g ? json_string(g->tpl->name) : json_null()) &&
      gk__many_json_set(o, "merged", json_incref(merged)) &&
      gk__many_json_set(o, "left_out", json_incref(lo));
  for (size_t i = 0; ok && i < gk_merge_count(m); i++)
    ok = json_array_append_new(merged,
                               gk__many_json_string(gk_merge_name(m, i))) == 0;
  for (size_t i = 0; ok && i < m->nleft; i++) {
    const left *l = &m->left[i];
    json_t *e = json_object();
    ok = e && json_array_append_new(lo, e) == 0 &&
         gk__many_json_set(e, "file", gk__many_json_string(l->name)) &&
         gk__many_json_set(e, "reason",
                           json_string(gk_merge_reason_id(l->reason))) &&
         gk__many_json_set(e, "rules", rules_array(l->rules)) &&
         gk__many_json_set(
             e, "message",
             gk__many_json_string(lang == GK_LANG_EN ? l->msg_en : l->msg_zh));
  }
  json_decref(merged);
  json_decref(lo);
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

gk_status gk_write_merge_json(const gk_merge *m, gk_lang lang, gk_write_fn fn,
                              void *ud, gk_error *err) {
  if (!m || !fn || !m->finished)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "汇总：参数无效",
                    "merge: invalid argument");
  return gk__many_json_dump(build_json(m, lang), fn, ud, err);
}
