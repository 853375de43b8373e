/* report.c: the report model: creation, accessors, setters, findings.
 * Layout and field meanings are in report.h; ids in spec/report-fields.md. */
#include "report.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct gk__msg_block {
  gk__msg_block *next; /* the next block to free */
  size_t used;         /* bytes used in data */
  size_t cap;          /* bytes of data */
  char data[];         /* NUL-terminated messages */
};

static gk_status alloc_cells(gk_report *rep) {
  for (size_t t = 0; t < GK_TABLES; t++) {
    rep->cells[t] =
        gk__calloc(&rep->alloc, rep->tpl->tables[t].ncells, sizeof(gk_cell));
    if (!rep->cells[t])
      return GK_E_NOMEM;
  }
  return GK_OK;
}

gk_status gk__report_new(gk_report **out, const gk_template *tpl,
                         const gk_alloc *alloc, const gk_limits *limits) {
  *out = NULL;
  if (!tpl)
    return GK_E_ARG;
  if (!alloc)
    alloc = gk_alloc_default();
  gk_report *rep = gk__calloc(alloc, 1, sizeof(*rep));
  if (!rep)
    return GK_E_NOMEM;
  rep->alloc = *alloc;
  rep->tpl = tpl;
  gk__limits_resolve(&rep->limits, limits);
  gk_status st = alloc_cells(rep);
  if (st) {
    gk_report_free(rep);
    return st;
  }
  *out = rep;
  return GK_OK;
}

gk_status gk_report_new(gk_report **out, const gk_template *tpl,
                        const gk_alloc *alloc) {
  if (!out)
    return GK_E_ARG;
  return gk__report_new(out, tpl, alloc, NULL);
}

gk_status gk__report_set_template(gk_report *rep, const gk_template *tpl) {
  if (tpl == rep->tpl)
    return GK_OK;
  gk_cell *fresh[GK_TABLES] = {NULL, NULL, NULL};
  for (size_t t = 0; t < GK_TABLES; t++) {
    fresh[t] = gk__calloc(&rep->alloc, tpl->tables[t].ncells, sizeof(gk_cell));
    if (!fresh[t]) {
      for (size_t u = 0; u < t; u++)
        gk__free(&rep->alloc, fresh[u]);
      return GK_E_NOMEM;
    }
  }
  for (size_t t = 0; t < GK_TABLES; t++) {
    gk__free(&rep->alloc, rep->cells[t]);
    rep->cells[t] = fresh[t];
  }
  rep->tpl = tpl;
  return GK_OK;
}

void gk_report_free(gk_report *rep) {
  if (!rep)
    return;
  const gk_alloc *a = &rep->alloc;
  gk_alloc copy = *a;
  for (size_t t = 0; t < GK_TABLES; t++)
    gk__free(&copy, rep->cells[t]);
  for (size_t i = 0; i < GK_SECTIONS; i++)
    gk__free(&copy, rep->sections[i]);
  while (rep->msgs) {
    gk__msg_block *b = rep->msgs;
    rep->msgs = b->next;
    gk__free(&copy, b);
  }
  gk__free(&copy, rep->findings);
  gk__free(&copy, rep->agency);
  gk__free(&copy, rep->source_name);
  gk__free(&copy, rep);
}

/* === Accessors === */

const gk_template *gk_report_template(const gk_report *rep) { return rep->tpl; }
const char *gk_report_agency(const gk_report *rep) { return rep->agency; }
int gk_report_year(const gk_report *rep) { return rep->year; }
int32_t gk_report_date(const gk_report *rep) { return rep->date; }
int32_t gk_report_period_from(const gk_report *rep) { return rep->period_from; }
int32_t gk_report_period_to(const gk_report *rep) { return rep->period_to; }
const char *gk_report_source_name(const gk_report *rep) {
  return rep->source_name;
}

const char *gk_report_section(const gk_report *rep, int n, size_t *len) {
  if (n < 1 || n > GK_SECTIONS || !rep->sections[n - 1]) {
    if (len)
      *len = 0;
    return NULL;
  }
  if (len)
    *len = rep->section_len[n - 1];
  return rep->sections[n - 1];
}

/* === Setters === */

static gk_status replace_string(gk_report *rep, char **slot, const char *s) {
  char *copy = NULL;
  if (s) {
    copy = gk__strdup(&rep->alloc, s);
    if (!copy)
      return GK_E_NOMEM;
  }
  gk__free(&rep->alloc, *slot);
  *slot = copy;
  return GK_OK;
}

gk_status gk_report_set_agency(gk_report *rep, const char *agency) {
  return replace_string(rep, &rep->agency, agency);
}
gk_status gk_report_set_source_name(gk_report *rep, const char *name) {
  return replace_string(rep, &rep->source_name, name);
}
void gk_report_set_year(gk_report *rep, int year) { rep->year = year; }
void gk_report_set_date(gk_report *rep, int32_t yyyymmdd) {
  rep->date = yyyymmdd;
}
void gk_report_set_period(gk_report *rep, int32_t from, int32_t to) {
  rep->period_from = from;
  rep->period_to = to;
  rep->period_stated = true;
}

gk_status gk_report_set_section(gk_report *rep, int n, const char *text,
                                size_t len) {
  if (n < 1 || n > GK_SECTIONS)
    return GK_E_ARG;
  char *copy = NULL;
  if (text) {
    copy = gk__strndup(&rep->alloc, text, len);
    if (!copy)
      return GK_E_NOMEM;
  }
  gk__free(&rep->alloc, rep->sections[n - 1]);
  rep->sections[n - 1] = copy;
  rep->section_len[n - 1] = text ? len : 0;
  if (text)
    rep->section_flags[n - 1] |= GK_SECTION_FOUND;
  return GK_OK;
}

/* === Cells === */

gk_status gk_report_get(const gk_report *rep, const char *table,
                        const char *row, const char *col, int64_t *value) {
  size_t t, r, c;
  if (!rep || !row || !col || !value)
    return GK_E_ARG;
  gk_status st = gk_template_find(rep->tpl, table, row, col, &t, &r, &c);
  if (st)
    return st;
  *value = gk__ccell(rep, t, r, c)->value;
  return GK_OK;
}

gk_status gk_report_set(gk_report *rep, const char *table, const char *row,
                        const char *col, int64_t value) {
  size_t t, r, c;
  if (!rep || !row || !col)
    return GK_E_ARG;
  gk_status st = gk_template_find(rep->tpl, table, row, col, &t, &r, &c);
  if (st)
    return st;
  gk_cell *cell = gk__cell(rep, t, r, c);
  cell->value = value;
  cell->flags = GK_CELL_PRESENT;
  rep->table_found[t] = true;
  return GK_OK;
}

static bool in_range(const gk_report *rep, size_t t, size_t r, size_t c) {
  return t < GK_TABLES && r < rep->tpl->tables[t].nrows &&
         c < gk__ncols(rep->tpl, t, r);
}

int64_t gk_report_cell(const gk_report *rep, size_t t, size_t r, size_t c) {
  return in_range(rep, t, r, c) ? gk__ccell(rep, t, r, c)->value : 0;
}
unsigned gk_report_cell_flags(const gk_report *rep, size_t t, size_t r,
                              size_t c) {
  return in_range(rep, t, r, c) ? gk__ccell(rep, t, r, c)->flags : 0;
}
int64_t gk_report_cell_line(const gk_report *rep, size_t t, size_t r,
                            size_t c) {
  return in_range(rep, t, r, c) ? gk__ccell(rep, t, r, c)->line : 0;
}

/* === Findings === */

size_t gk_report_finding_count(const gk_report *rep) { return rep->nfindings; }
const gk_finding *gk_report_finding(const gk_report *rep, size_t i) {
  return i < rep->nfindings ? &rep->findings[i] : NULL;
}
size_t gk_report_count(const gk_report *rep, gk_severity sev) {
  return sev == GK_SEV_ERROR || sev == GK_SEV_WARNING ? rep->count_by_sev[sev]
                                                      : 0;
}

const char *gk_finding_rule(const gk_finding *f) { return f->rule; }
gk_severity gk_finding_severity(const gk_finding *f) { return f->sev; }
const char *gk_finding_table(const gk_finding *f) { return f->table; }
const char *gk_finding_row(const gk_finding *f) { return f->row; }
const char *gk_finding_col(const gk_finding *f) { return f->col; }
int gk_finding_reported(const gk_finding *f, int64_t *value) {
  if (!f->has_reported)
    return 0;
  if (value)
    *value = f->reported;
  return 1;
}
int gk_finding_expected(const gk_finding *f, int64_t *value) {
  if (!f->has_expected)
    return 0;
  if (value)
    *value = f->expected;
  return 1;
}
const char *gk_finding_message(const gk_finding *f, gk_lang lang) {
  return lang == GK_LANG_EN ? f->message_en : f->message_zh;
}
int64_t gk_finding_line(const gk_finding *f) { return f->line; }

/* === Message blocks === */

#define MSG_BLOCK 4096 /* bytes: one block holds a typical report's */

/* Copies s[0..n) and a NUL into the report's message blocks; NULL on
 * OOM. A message longer than a block gets a block of its own, kept
 * behind the one being filled. */
static char *store_msg(gk_report *rep, const char *s, size_t n) {
  gk__msg_block *b = rep->msgs;
  if (!b || b->cap - b->used <= n) {
    size_t cap = n < MSG_BLOCK ? MSG_BLOCK : n + 1;
    if (n >= SIZE_MAX / 2)
      return NULL;
    gk__msg_block *nb = gk__malloc(&rep->alloc, sizeof(*nb) + cap);
    if (!nb)
      return NULL;
    nb->used = 0;
    nb->cap = cap;
    if (b && cap > MSG_BLOCK) {
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      rep->msgs = nb;
    }
    b = nb;
  }
  char *p = b->data + b->used;
  memcpy(p, s, n);
  p[n] = '\0';
  b->used += n + 1;
  return p;
}

static void count_finding(gk_report *rep, gk_severity sev) {
  if (sev == GK_SEV_ERROR || sev == GK_SEV_WARNING)
    rep->count_by_sev[sev]++;
}

/* True if a finding of severity 'sev' is beyond max_findings: then it is
 * counted as dropped, and never formatted or stored. */
static bool drop_finding(gk_report *rep, gk_severity sev) {
  if (rep->nfindings < rep->limits.max_findings)
    return false;
  count_finding(rep, sev);
  rep->findings_dropped++;
  return true;
}

/* Makes room for one more finding. */
static gk_status reserve_finding(gk_report *rep) {
  if (rep->nfindings < rep->findings_cap)
    return GK_OK;
  return gk__grow(&rep->alloc, &rep->findings, &rep->findings_cap,
                  rep->nfindings + 1, sizeof(*rep->findings));
}

/* Appends a finding whose messages are in the report's blocks; room was
 * reserved and the finding counted. */
static void push_finding(gk_report *rep, const gk_finding *f) {
  rep->findings[rep->nfindings++] = *f;
}

/* Stores both messages of 'f'; on failure the finding is uncounted. */
static gk_status store_messages(gk_report *rep, gk_finding *f, const char *zh,
                                size_t zl, const char *en, size_t el) {
  f->message_zh = store_msg(rep, zh, zl);
  f->message_en = f->message_zh ? store_msg(rep, en, el) : NULL;
  if (f->message_en)
    return GK_OK;
  if (f->sev == GK_SEV_ERROR || f->sev == GK_SEV_WARNING)
    rep->count_by_sev[f->sev]--;
  return GK_E_NOMEM;
}

/* Interns an id against the template so findings only hold static
 * strings; returns NULL for an unknown id. */
static const char *intern_table(const gk_template *tpl, const char *table,
                                size_t *t) {
  if (!table)
    return NULL;
  for (size_t i = 0; i < GK_TABLES; i++)
    if (strcmp(tpl->tables[i].id, table) == 0) {
      *t = i;
      return tpl->tables[i].id;
    }
  return NULL;
}

gk_status gk_report_add_finding(gk_report *rep, const char *rule,
                                gk_severity sev, const char *table,
                                const char *row, const char *col,
                                const int64_t *reported,
                                const int64_t *expected, int64_t line,
                                const char *message_zh,
                                const char *message_en) {
  size_t t = 0, r = 0, c = 0;
  if (!rep || !rule || !message_zh)
    return GK_E_ARG;
  const gk_rule_info *info = NULL;
  for (size_t i = 0; i < gk_rule_count(); i++)
    if (strcmp(gk_rule_at(i)->id, rule) == 0)
      info = gk_rule_at(i);
  if (!info)
    return GK_E_ARG;
  gk_finding f;
  memset(&f, 0, sizeof(f));
  f.rule = info->id;
  f.sev = sev;
  if (table) {
    f.table = intern_table(rep->tpl, table, &t);
    if (!f.table)
      return GK_E_ARG;
    if (row) {
      if (gk_template_find(rep->tpl, table, row, NULL, &t, &r, NULL))
        return GK_E_ARG;
      f.row = gk__row(rep->tpl, t, r)->id;
      if (col) {
        if (gk_template_find(rep->tpl, table, row, col, &t, &r, &c))
          return GK_E_ARG;
        f.col = gk__row(rep->tpl, t, r)->colset->cols[c].id;
      }
    }
  }
  if (reported) {
    f.has_reported = true;
    f.reported = *reported;
  }
  if (expected) {
    f.has_expected = true;
    f.expected = *expected;
  }
  f.line = line;
  if (drop_finding(rep, sev))
    return GK_OK;
  if (reserve_finding(rep))
    return GK_E_NOMEM;
  count_finding(rep, sev);
  if (!message_en)
    message_en = message_zh;
  gk_status st = store_messages(rep, &f, message_zh, strlen(message_zh),
                                message_en, strlen(message_en));
  if (!st)
    push_finding(rep, &f);
  return st;
}

gk_status gk__finding_addf(gk_report *rep, const char *rule, gk_severity sev,
                           size_t t, int r, int c, const int64_t *reported,
                           const int64_t *expected, int64_t line,
                           const char *fmt_zh, const char *fmt_en, ...) {
  gk_finding f;
  memset(&f, 0, sizeof(f));
  f.rule = rule;
  f.sev = sev;
  if (t < GK_TABLES) {
    f.table = rep->tpl->tables[t].id;
    /* A column without a row (a column's balance) takes the column id from
     * the first row: apply and review use one column set for every row. */
    const gk_row_def *row = gk__row(rep->tpl, t, r >= 0 ? (size_t)r : 0);
    if (r >= 0)
      f.row = row->id;
    if (c >= 0)
      f.col = row->colset->cols[c].id;
  }
  if (reported) {
    f.has_reported = true;
    f.reported = *reported;
  }
  if (expected) {
    f.has_expected = true;
    f.expected = *expected;
  }
  f.line = line;
  if (drop_finding(rep, sev))
    return GK_OK; /* its messages would never be read */
  if (reserve_finding(rep))
    return GK_E_NOMEM;
  count_finding(rep, sev);
  va_list ap;
  char zh[1024], en[1024];
  va_start(ap, fmt_en);
  int zl = gk__vformat(zh, sizeof(zh), fmt_zh, ap);
  va_end(ap);
  va_start(ap, fmt_en);
  int el = gk__vformat(en, sizeof(en), fmt_en, ap);
  va_end(ap);
  size_t zn = zl < 0                    ? 0
              : (size_t)zl < sizeof(zh) ? (size_t)zl
                                        : sizeof(zh) - 1;
  size_t en_n = el < 0                    ? 0
                : (size_t)el < sizeof(en) ? (size_t)el
                                          : sizeof(en) - 1;
  if (zl < 0)
    zh[0] = '\0';
  if (el < 0)
    en[0] = '\0';
  gk_status st = store_messages(rep, &f, zh, zn, en, en_n);
  if (!st)
    push_finding(rep, &f);
  return st;
}

void gk__format_scaled(char *out, size_t outsz, int64_t v) {
  uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  uint64_t whole = mag / GK_SCALE, frac = mag % GK_SCALE;
  if (!frac) {
    snprintf(out, outsz, "%s%" PRIu64, v < 0 ? "-" : "", whole);
    return;
  }
  char f[8];
  snprintf(f, sizeof(f), "%04" PRIu64, frac);
  size_t n = strlen(f);
  while (n > 0 && f[n - 1] == '0')
    f[--n] = '\0';
  snprintf(out, outsz, "%s%" PRIu64 ".%s", v < 0 ? "-" : "", whole, f);
}

void gk__report_check_invariants(const gk_report *rep) {
#ifndef NDEBUG
  assert(rep->tpl);
  assert(rep->nfindings <= rep->findings_cap || rep->findings_cap == 0);
  assert(rep->count_by_sev[0] + rep->count_by_sev[1] >= rep->nfindings);
  for (size_t t = 0; t < GK_TABLES; t++) {
    assert(rep->cells[t]);
    for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++) {
      const gk_cell *cell = &rep->cells[t][i];
      assert(!(cell->flags & GK_CELL_BLANK) || cell->value == 0);
    }
  }
  for (size_t i = 0; i < GK_SECTIONS; i++)
    assert(!rep->sections[i] || rep->sections[i][rep->section_len[i]] == 0);
#else
  (void)rep;
#endif
}
