/* recover.c: rows whose cell separators were lost (a web page saved as
 * text: 一、本年新收政府信息公开申请数量640020470).
 *
 * Source of truth: the relations of spec/report-fields.md. Table apply:
 * each row's six applicant cells sum to its total (row candidates), then
 * per column new + carried_in = total + carried_out and the outcome rows
 * sum to total (propagation across rows). Table review: each row's four
 * results sum to its total. Table disclose has no arithmetic: a reading
 * is kept only when it is the only split possible. One reading left:
 * cells RECOVERED with a warning; several: cells AMBIGUOUS (first reading
 * stored) with an error listing them; never a silent guess. Enumeration
 * has a fixed depth (columns of a row) and a step budget. */
#include "../model/rules.h"
#include "text_internal.h"

#include <string.h>

#define MAX_DIGITS 40      /* longer digit strings are not split */
#define MAX_CAND 32        /* readings kept per row */
#define STEP_BUDGET 200000 /* enumeration steps per glued row */
#define LIST_MAX 5         /* readings named in a message */

typedef struct cand_set {
  int64_t v[MAX_CAND][GK_MAX_COLS * 3]; /* readings, unscaled */
  size_t n;                             /* stored */
  size_t found;                         /* found (may exceed MAX_CAND) */
  bool exhausted;                       /* the step budget ran out: more
                                           readings may exist */
  bool alive[MAX_CAND];                 /* still fits the relations */
} cand_set;

typedef struct splitter {
  const char *d;                /* digits */
  uint64_t cuts;                /* bit i: a cell boundary before digit i */
  size_t n;                     /* digit count */
  size_t k;                     /* parts */
  int64_t target;               /* sum of the parts, -1: any */
  int64_t cur[GK_MAX_COLS * 3]; /* parts so far */
  size_t *budget;        /* enumeration steps left (shared by a row's calls) */
  cand_set *out;         /* readings */
  size_t base;           /* first column written in each reading */
  const int64_t *prefix; /* columns before 'base' copied into readings */
  int64_t last;          /* value appended after the parts, -1: none */
  bool empty;            /* a part may be empty (a blank cell: 0) */
} splitter;

static bool value_of(const char *d, size_t len, int64_t *v) {
  if (!len || len > 14 || (len > 1 && d[0] == '0'))
    return false;
  int64_t x = 0;
  for (size_t i = 0; i < len; i++)
    x = x * 10 + (d[i] - '0');
  *v = x;
  return true;
}

static bool same_reading(const splitter *sp, const int64_t *row) {
  for (size_t i = 0; i < sp->k; i++)
    if (row[sp->base + i] != sp->cur[i])
      return false;
  return sp->last < 0 || row[sp->base + sp->k] == sp->last;
}

static void record(splitter *sp) {
  cand_set *o = sp->out;
  /* with empty parts, 0 and a blank read alike: one reading */
  for (size_t i = 0; sp->empty && i < o->n; i++)
    if (same_reading(sp, o->v[i]))
      return;
  o->found++;
  if (o->n >= MAX_CAND)
    return;
  int64_t *row = o->v[o->n];
  for (size_t i = 0; i < sp->base; i++)
    row[i] = sp->prefix[i];
  for (size_t i = 0; i < sp->k; i++)
    row[sp->base + i] = sp->cur[i];
  if (sp->last >= 0)
    row[sp->base + sp->k] = sp->last;
  o->alive[o->n] = true;
  o->n++;
}

/* The digits of a glued key into out[MAX_DIGITS]; a '_' (flow.c: white
 * space stood there) becomes a cut before the next digit. Returns the
 * digit count, MAX_DIGITS + 1 when there are more. */
static size_t clean_digits(const char *k, size_t n, char *out,
                           uint64_t *cuts) {
  size_t nd = 0;
  *cuts = 0;
  for (size_t i = 0; i < n && k[i] != '.' && (k[i] & 0x80) == 0; i++) {
    if (k[i] == '_') {
      if (nd < 64)
        *cuts |= (uint64_t)1 << nd;
      continue;
    }
    if (nd >= MAX_DIGITS)
      return MAX_DIGITS + 1;
    out[nd++] = k[i];
  }
  return nd;
}

/* True if a cut falls strictly inside digits [a, b). */
static bool inner_cut(uint64_t cuts, size_t a, size_t b) {
  for (size_t i = a + 1; i < b; i++)
    if ((cuts >> i) & 1)
      return true;
  return false;
}

/* Splits d[pos..n) into parts part..k-1 (depth at most k, a constant of
 * the template, so the recursion is bounded). */
static void split(splitter *sp, size_t part, size_t pos, int64_t sum) {
  if (!*sp->budget) {
    sp->out->exhausted = true;
    return;
  }
  (*sp->budget)--;
  if (part == sp->k - 1) {
    int64_t v = 0;
    if ((pos < sp->n || !sp->empty) && !value_of(sp->d + pos, sp->n - pos, &v))
      return;
    if (inner_cut(sp->cuts, pos, sp->n))
      return;
    if (sp->target >= 0 && sum + v != sp->target)
      return;
    sp->cur[part] = v;
    record(sp);
    return;
  }
  size_t rest = sp->empty ? 0 : sp->k - part - 1;
  for (size_t l = sp->empty ? 0 : 1; l <= 14 && pos + l + rest <= sp->n; l++) {
    int64_t v = 0;
    if (l && !value_of(sp->d + pos, l, &v))
      break;
    if (l > 1 && (sp->cuts >> (pos + l - 1)) & 1)
      break; /* a cut inside the value */
    if (sp->target >= 0 && sum + v > sp->target)
      break;
    sp->cur[part] = v;
    split(sp, part + 1, pos + l, sum + v);
  }
}

/* Readings of d[0..n) as 'k' cells; with 'sum', the last is the sum of
 * the others. Columns before 'base' come from 'prefix'. */
static void readings(const char *d, size_t n, uint64_t cuts, size_t k, bool sum,
                     cand_set *out, size_t base, const int64_t *prefix,
                     size_t *budget, bool empty) {
  splitter sp;
  memset(&sp, 0, sizeof(sp));
  sp.empty = empty;
  sp.cuts = cuts;
  sp.budget = budget;
  sp.d = d;
  sp.out = out;
  sp.base = base;
  sp.prefix = prefix;
  if (!sum) {
    sp.n = n;
    sp.k = k;
    sp.target = -1;
    sp.last = -1;
    if (n >= k)
      split(&sp, 0, 0, 0);
    return;
  }
  /* the total is the last part: try each length, split the rest */
  for (size_t l = 1; l <= 14 && l + (empty ? 0 : k - 1) <= n; l++) {
    int64_t total;
    if (!value_of(d + n - l, l, &total) || inner_cut(cuts, n - l, n))
      continue;
    sp.n = n - l;
    sp.k = k - 1;
    sp.target = total;
    sp.last = total;
    split(&sp, 0, 0, 0);
  }
}

/* === Applying a reading === */

static size_t format_reading(char *out, size_t outsz, const int64_t *v,
                             size_t k) {
  size_t o = 0;
  for (size_t i = 0; i < k && o + 24 < outsz; i++) {
    if (i)
      out[o++] = ',';
    o += gk__fmt_i64(out + o, v[i]);
  }
  out[o] = '\0';
  return o;
}

/* Appends s[0..n) to out[0..*o) of 'outsz' bytes as snprintf would at
 * out + *o: cut to fit, NUL-terminated, *o kept within the buffer. */
static void append_cut(char *out, size_t outsz, size_t *o, const char *s,
                       size_t n) {
  size_t room = outsz - 1 - *o;
  if (n > room)
    n = room;
  memcpy(out + *o, s, n);
  *o += n;
  out[*o] = '\0';
}

/* Stores reading 'v' into row (t, r) with 'flags'. */
static void put_row(struct gk__reader *rd, size_t t, size_t r, const int64_t *v,
                    unsigned flags, int64_t line) {
  size_t nc = gk__ncols(rd->rep->tpl, t, r);
  for (size_t c = 0; c < nc; c++) {
    gk_cell *cell = gk__cell(rd->rep, t, r, c);
    cell->value = v[c] * GK_SCALE;
    cell->flags = GK_CELL_PRESENT | flags;
    cell->line = line;
  }
}

/* Findings and cells of one row whose alive readings are known. 'k' is
 * the number of cells a reading has ('v' rows of the set); 'sep': the
 * row's values were separate, its blank cells vanished (else glued). */
static gk_status conclude(struct gk__reader *rd, size_t t, size_t r,
                          cand_set *cs, size_t k, int64_t line, bool sep) {
  const char *label = gk__row(rd->rep->tpl, t, r)->label;
  size_t alive = 0, first = 0;
  for (size_t i = 0; i < cs->n; i++)
    if (cs->alive[i]) {
      if (!alive)
        first = i;
      alive++;
    }
  if (cs->found > cs->n)
    alive += cs->found - cs->n; /* unexamined readings still count */
  char list[LIST_MAX * 64 + 16];
  size_t o = 0;
  list[0] = '\0';
  for (size_t i = 0, shown = 0; i < cs->n && shown < LIST_MAX; i++) {
    if (!cs->alive[i])
      continue;
    char one[160];
    size_t ol = format_reading(one, sizeof(one), cs->v[i], k);
    if (shown)
      append_cut(list, sizeof(list), &o, " ", 1);
    append_cut(list, sizeof(list), &o, "[", 1);
    append_cut(list, sizeof(list), &o, one, ol);
    append_cut(list, sizeof(list), &o, "]", 1);
    shown++;
  }
  size_t per = gk__ncols(rd->rep->tpl, t, r);
  gk_status st = GK_OK;
  if (cs->exhausted && alive < 2)
    return gk__finding_addf(
        rd->rep, GK_RULE_AMBIGUOUS_CELLS, GK_SEV_ERROR, t, (int)r, -1, NULL,
        NULL, line, "“%s”行数字粘连，数字过多，读法无法确定",
        "row %s: separators lost; too many digits to decide a reading", label);
  if (alive == 0)
    return gk__finding_addf(
        rd->rep, GK_RULE_AMBIGUOUS_CELLS, GK_SEV_ERROR, t, (int)r, -1, NULL,
        NULL, line, "“%s”行数字粘连，没有符合勾稽关系的读法",
        "row %s: separators lost; no reading fits the table's sums", label);
  /* one finding per model row (the review line holds three) */
  for (size_t x = 0; x * per < k && !st; x++) {
    const char *lx = gk__row(rd->rep->tpl, t, r + x)->label;
    put_row(rd, t, r + x, cs->v[first] + x * per,
            alive == 1 ? GK_CELL_RECOVERED : GK_CELL_AMBIGUOUS, line);
    if (alive == 1 && sep)
      st = gk__finding_addf(
          rd->rep, GK_RULE_RECOVERED_CELLS, GK_SEV_WARNING, t, (int)(r + x), -1,
          NULL, NULL, line, "“%s”行缺少空白单元格，已按表内勾稽关系读为 %s",
          "row %s: blank cells lost; the table's sums place its values as %s",
          lx, list);
    else if (sep)
      st = gk__finding_addf(
          rd->rep, GK_RULE_AMBIGUOUS_CELLS, GK_SEV_ERROR, t, (int)(r + x), -1,
          NULL, NULL, line, "“%s”行缺少空白单元格，数值有 %zu 种位置：%s%s",
          "row %s: blank cells lost; %zu placements of its values fit: %s%s",
          lx, alive, list, alive > LIST_MAX ? " …" : "");
    else if (alive == 1)
      st = gk__finding_addf(
          rd->rep, GK_RULE_RECOVERED_CELLS, GK_SEV_WARNING, t, (int)(r + x), -1,
          NULL, NULL, line, "“%s”行数字粘连，已按表内勾稽关系读为 %s",
          "row %s: separators lost; the table's sums give %s", lx, list);
    else
      st = gk__finding_addf(rd->rep, GK_RULE_AMBIGUOUS_CELLS, GK_SEV_ERROR, t,
                            (int)(r + x), -1, NULL, NULL, line,
                            "“%s”行数字粘连，有 %zu 种读法：%s%s",
                            "row %s: separators lost; %zu readings fit: %s%s",
                            lx, alive, list, alive > LIST_MAX ? " …" : "");
  }
  return st;
}

/* === Table apply: propagation over the column relations === */

typedef struct apply_state {
  const gk_row_def *rows; /* template rows */
  size_t nrows;           /* rows */
  int glued[32];          /* row -> index in sets, -1: known */
  cand_set *sets;         /* candidate sets of glued rows */
} apply_state;

/* Alive readings of glued row g, or 1 for a known row. */
static size_t alive_count(const cand_set *cs) {
  size_t a = 0;
  for (size_t i = 0; i < cs->n; i++)
    a += cs->alive[i];
  a = cs->found > cs->n ? a + (cs->found - cs->n) : a;
  return cs->exhausted && a < 2 ? 2 : a;
}

/* Value of row r, column c, when r is determined. */
static int64_t row_value(struct gk__reader *rd, const apply_state *as, size_t r,
                         size_t c) {
  int g = as->glued[r];
  if (g < 0)
    return gk__ccell(rd->rep, GK_T_APPLY, r, c)->value / GK_SCALE;
  const cand_set *cs = &as->sets[g];
  for (size_t i = 0; i < cs->n; i++)
    if (cs->alive[i])
      return cs->v[i][c];
  return 0;
}

/* Coefficient of a row in relation 'rel' (0: balance, 1: outcomes). */
static int coef(gk_row_role role, int rel) {
  if (rel == 0)
    return role == GK_ROLE_NEW || role == GK_ROLE_CARRIED_IN      ? 1
           : role == GK_ROLE_TOTAL || role == GK_ROLE_CARRIED_OUT ? -1
                                                                  : 0;
  return role == GK_ROLE_OUTCOME ? 1 : role == GK_ROLE_TOTAL ? -1 : 0;
}

#define JOINT_ROWS 4    /* undetermined rows one relation is solved over */
#define JOINT_COMBOS 1024 /* combinations of their readings tried */

/* Several undetermined rows in one relation: every combination of their
 * readings (few: each row's readings already sum across) is tried, and a
 * reading that is in no combination satisfying every column is dropped.
 * Returns true if readings were removed. */
static bool propagate_joint(struct gk__reader *rd, apply_state *as, int rel) {
  size_t und[JOINT_ROWS], nund = 0, combos = 1;
  for (size_t r = 0; r < as->nrows; r++) {
    if (!coef(as->rows[r].role, rel))
      continue;
    int g = as->glued[r];
    if (g < 0 || alive_count(&as->sets[g]) == 1)
      continue;
    const cand_set *cs = &as->sets[g];
    if (nund == JOINT_ROWS || cs->found > cs->n || cs->exhausted ||
        !alive_count(cs))
      return false;
    und[nund++] = r;
    combos *= cs->n;
    if (combos > JOINT_COMBOS)
      return false;
  }
  int64_t known[GK_MAX_COLS];
  for (size_t c = 0; c < GK_MAX_COLS; c++) {
    int64_t sum = 0;
    for (size_t r = 0; r < as->nrows; r++) {
      int k = coef(as->rows[r].role, rel);
      bool u = false;
      for (size_t x = 0; x < nund; x++)
        u = u || und[x] == r;
      if (k && !u)
        sum += k * row_value(rd, as, r, c);
    }
    known[c] = sum;
  }
  bool used[JOINT_ROWS][MAX_CAND];
  memset(used, 0, sizeof(used));
  size_t idx[JOINT_ROWS] = {0};
  bool any = false;
  for (size_t n = 0; n < combos; n++) {
    size_t rest = n;
    bool ok = true;
    for (size_t x = 0; x < nund; x++) {
      const cand_set *cs = &as->sets[as->glued[und[x]]];
      idx[x] = rest % cs->n;
      rest /= cs->n;
      ok = ok && cs->alive[idx[x]];
    }
    for (size_t c = 0; c < GK_MAX_COLS && ok; c++) {
      int64_t sum = known[c];
      for (size_t x = 0; x < nund; x++)
        sum += coef(as->rows[und[x]].role, rel) *
               as->sets[as->glued[und[x]]].v[idx[x]][c];
      ok = sum == 0;
    }
    if (!ok)
      continue;
    any = true;
    for (size_t x = 0; x < nund; x++)
      used[x][idx[x]] = true;
  }
  if (!any)
    return false; /* the document breaks the relation: filter nothing */
  bool changed = false;
  for (size_t x = 0; x < nund; x++) {
    cand_set *cs = &as->sets[as->glued[und[x]]];
    for (size_t i = 0; i < cs->n; i++)
      if (cs->alive[i] && !used[x][i]) {
        cs->alive[i] = false;
        changed = true;
      }
  }
  return changed;
}

/* Filters the one undetermined row of a relation; returns true if it
 * removed readings. A relation the document breaks filters nothing. */
static bool propagate(struct gk__reader *rd, apply_state *as, int rel) {
  size_t und = SIZE_MAX, nund = 0;
  for (size_t r = 0; r < as->nrows; r++) {
    if (!coef(as->rows[r].role, rel))
      continue;
    int g = as->glued[r];
    if (g >= 0 && alive_count(&as->sets[g]) != 1) {
      und = r;
      nund++;
    }
  }
  if (nund > 1)
    return propagate_joint(rd, as, rel);
  if (nund != 1)
    return false;
  cand_set *cs = &as->sets[as->glued[und]];
  if (cs->found > cs->n || cs->exhausted || alive_count(cs) == 0)
    return false;
  int cu = coef(as->rows[und].role, rel);
  int64_t need[GK_MAX_COLS];
  for (size_t c = 0; c < GK_MAX_COLS; c++) {
    int64_t s = 0;
    for (size_t r = 0; r < as->nrows; r++) {
      int k = coef(as->rows[r].role, rel);
      if (k && r != und)
        s += k * row_value(rd, as, r, c);
    }
    need[c] = -s * cu;
  }
  bool keep[MAX_CAND];
  size_t kept = 0;
  for (size_t i = 0; i < cs->n; i++) {
    keep[i] = cs->alive[i] &&
              memcmp(cs->v[i], need, sizeof(int64_t) * GK_MAX_COLS) == 0;
    kept += keep[i];
  }
  if (!kept || kept == alive_count(cs))
    return false;
  for (size_t i = 0; i < cs->n; i++)
    cs->alive[i] = keep[i];
  return true;
}

/* The separate values of row 'gl' (cells gl->cell on, digits only). */
static void sep_values(const struct gk__reader *rd, const gk__glued *gl,
                       int64_t *v) {
  for (size_t i = 0; i < gl->nsep; i++) {
    const gk__rcell *c = &rd->cells[gl->cell + i];
    v[i] = 0;
    value_of(rd->keys + c->key, c->klen, &v[i]);
  }
}

/* Readings of 'm' separate values in a row of 'k' cells whose blank cells
 * vanished: every way to place them in order (the other cells 0), with
 * 'total' only those whose last cell, the total, is the sum of the others;
 * distinct ones only. At most C(k, m) = 35 for table 三's seven columns. */
static void placements(const int64_t *v, size_t m, size_t k, bool total,
                       cand_set *out) {
  for (uint32_t mask = 0; mask < (1u << k); mask++) {
    if ((size_t)__builtin_popcount(mask) != m)
      continue;
    int64_t row[GK_MAX_COLS * 3] = {0}, sum = 0;
    for (size_t c = 0, i = 0; c < k; c++)
      if ((mask >> c) & 1)
        row[c] = v[i++];
    for (size_t c = 0; c + 1 < k && total; c++)
      sum += row[c];
    if (total && sum != row[k - 1])
      continue;
    /* a value 0 placed in either of two cells reads alike: one reading */
    bool seen = false;
    for (size_t i = 0; i < out->n && !seen; i++)
      seen = memcmp(out->v[i], row, sizeof(int64_t) * k) == 0;
    if (seen)
      continue;
    out->found++;
    if (out->n < MAX_CAND) {
      memcpy(out->v[out->n], row, sizeof(row));
      out->alive[out->n++] = true;
    }
  }
}

/* Table 二 has no sums to split digits by: its glued pieces may also be
 * whole values whose blank cells vanished ("政府集中采购 50" beside an
 * empty 采购总金额 reads [5,0] or [50,0] or [0,50]). Adds each placement
 * of the pieces (digits between cuts), distinct from the readings found. */
static void whole_pieces(const char *d, size_t n, uint64_t cuts, size_t k,
                         cand_set *out) {
  int64_t v[GK_MAX_COLS * 3];
  size_t m = 0, a = 0;
  for (size_t i = 1; i <= n; i++)
    if (i == n || ((cuts >> i) & 1)) {
      if (m >= k || !value_of(d + a, i - a, &v[m]))
        return;
      m++;
      a = i;
    }
  if (m && m < k)
    placements(v, m, k, false, out);
}

static gk_status recover_apply(struct gk__reader *rd, size_t nglued) {
  apply_state as;
  const gk_table_def *td = &rd->rep->tpl->tables[GK_T_APPLY];
  as.rows = td->rows;
  as.nrows = td->nrows;
  as.sets = gk__malloc(rd->alloc, nglued * sizeof(*as.sets));
  if (!as.sets)
    return GK_E_NOMEM;
  for (size_t r = 0; r < 32; r++)
    as.glued[r] = -1;
  size_t g = 0;
  for (size_t i = 0; i < rd->nglued; i++) {
    const gk__glued *gl = &rd->glued[i];
    if (gl->t != GK_T_APPLY)
      continue;
    cand_set *cs = &as.sets[g];
    size_t budget = STEP_BUDGET;
    cs->n = cs->found = 0;
    char dig[MAX_DIGITS];
    uint64_t cuts;
    size_t nd = clean_digits(rd->keys + gl->doff, gl->dlen, dig, &cuts);
    cs->exhausted = !gl->nsep && nd > MAX_DIGITS;
    if (gl->nsep) {
      int64_t v[GK_MAX_COLS];
      sep_values(rd, gl, v);
      placements(v, gl->nsep, GK_MAX_COLS, true, cs);
    } else if (!cs->exhausted) {
      readings(dig, nd, cuts, GK_MAX_COLS, true, cs, 0, NULL, &budget,
               gl->blanks);
    }
    as.glued[gl->r] = (int)g++;
  }
  /* both relations run each round: one may unlock the other */
  for (bool changed = true; changed;) {
    bool a = propagate(rd, &as, 0);
    bool b = propagate(rd, &as, 1);
    changed = a || b;
  }
  gk_status st = GK_OK;
  for (size_t i = 0; i < rd->nglued && !st; i++) {
    const gk__glued *gl = &rd->glued[i];
    if (gl->t != GK_T_APPLY)
      continue;
    const cand_set *cs = &as.sets[as.glued[gl->r]];
    int64_t line = (int64_t)rd->cells[gl->cell].line + 1;
    if ((gl->blanks || gl->nsep) && !cs->found && !cs->exhausted) {
      /* no placement sums: the row as it was, values short */
      int64_t v[GK_MAX_COLS] = {0};
      size_t nv = gl->nsep ? gl->nsep : 1;
      if (gl->nsep)
        sep_values(rd, gl, v);
      else
        value_of(rd->keys + gl->doff, gl->dlen, &v[0]);
      for (size_t c = 0; c < nv; c++) {
        gk_cell *cell = gk__cell(rd->rep, GK_T_APPLY, gl->r, c);
        cell->value = v[c] * GK_SCALE;
        cell->flags = GK_CELL_PRESENT;
        cell->line = line;
      }
      /* text.c's row-cell-count finding (recover.c stays below text.c) */
      st = gk__finding_addf(rd->rep, GK_RULE_ROW_CELLS, GK_SEV_ERROR,
                            GK_T_APPLY, (int)gl->r, -1, NULL, NULL, line,
                            "“%s”行有 %zu 个数值，模板为 %zu 个",
                            "row %s has %zu values; the template has %zu",
                            gk__row(rd->rep->tpl, GK_T_APPLY, gl->r)->label, nv,
                            gk__ncols(rd->rep->tpl, GK_T_APPLY, gl->r));
      continue;
    }
    st = conclude(rd, gl->t, gl->r, &as.sets[as.glued[gl->r]], GK_MAX_COLS,
                  line, gl->nsep != 0);
  }
  gk__free(rd->alloc, as.sets);
  return st;
}

/* Table review: three rows of five, each summing, read one after the
 * other from one digit string (depth 3, fixed). */
static void review_rows(const char *d, size_t n, uint64_t cuts, size_t row,
                        size_t per, int64_t *prefix, cand_set *out,
                        size_t *budget) {
  if (row == 3) {
    if (n == 0) {
      out->found++;
      if (out->n < MAX_CAND) {
        memcpy(out->v[out->n], prefix, sizeof(int64_t) * per * 3);
        out->alive[out->n++] = true;
      }
    }
    return;
  }
  for (size_t end = per; end + per * (2 - row) <= n; end++) {
    if (!*budget) {
      out->exhausted = true;
      return;
    }
    (*budget)--;
    /* readings of this row's segment; few, as each must sum */
    cand_set one;
    one.n = one.found = 0;
    one.exhausted = false;
    readings(d, end, cuts, per, true, &one, 0, NULL, budget, false);
    if (one.exhausted || one.found > one.n)
      out->exhausted = true;
    for (size_t i = 0; i < one.n; i++) {
      memcpy(prefix + row * per, one.v[i], sizeof(int64_t) * per);
      review_rows(d + end, n - end, cuts >> end, row + 1, per, prefix, out,
                  budget);
    }
  }
}

/* A glued amount's decimals and unit (13575394432.52元: the digits are
 * split above, the last cell keeps .52 元): added to the last cell, 元
 * converted to 万元 as number.c does for a cell of its own. */
static void glued_fraction(struct gk__reader *rd, const gk__glued *gl,
                           size_t nc) {
  const char *k = rd->keys + gl->doff;
  const char *dot = memchr(k, '.', gl->dlen);
  bool yuan = gl->dlen >= 3 &&
              memcmp(k + gl->dlen - 3, "\xe5\x85\x83", 3) == 0 &&
              !(gl->dlen >= 6 &&
                memcmp(k + gl->dlen - 6, "\xe4\xb8\x87", 3) == 0);
  int64_t frac = 0, scale = GK_SCALE / 10;
  for (const char *p = dot ? dot + 1 : k + gl->dlen;
       p < k + gl->dlen && *p >= '0' && *p <= '9' && scale; p++) {
    frac += (*p - '0') * scale;
    scale /= 10;
  }
  gk_cell *cell = gk__cell(rd->rep, gl->t, gl->r, nc - 1);
  const gk_col_def *cd = &gk__row(rd->rep->tpl, gl->t, gl->r)->colset->cols[nc - 1];
  cell->value += frac;
  if (yuan && cd->kind == GK_COL_AMOUNT)
    cell->value = (cell->value + 5000) / 10000;
}

gk_status gk__read_recover(struct gk__reader *rd) {
  if (!rd->nglued)
    return GK_OK;
  GK__DOING(rd, "恢复粘连的数字", "recovering glued digits");
  size_t napply = 0;
  gk_status st = GK_OK;
  for (size_t i = 0; i < rd->nglued; i++)
    napply += rd->glued[i].t == GK_T_APPLY;
  if (napply) {
    st = recover_apply(rd, napply);
    if (st)
      return gk__read_nomem(rd);
  }
  cand_set *cs = gk__malloc(rd->alloc, sizeof(*cs));
  if (!cs)
    return gk__read_nomem(rd);
  for (size_t i = 0; i < rd->nglued && !st; i++) {
    const gk__glued *gl = &rd->glued[i];
    int64_t line = (int64_t)rd->cells[gl->cell].line + 1;
    char d[MAX_DIGITS];
    uint64_t cuts;
    size_t nd = clean_digits(rd->keys + gl->doff, gl->dlen, d, &cuts);
    size_t budget = STEP_BUDGET;
    cs->n = cs->found = 0;
    cs->exhausted = nd > MAX_DIGITS;
    if (gl->t == GK_T_DISCLOSE) {
      size_t nc = gk__ncols(rd->rep->tpl, gl->t, gl->r);
      if (!cs->exhausted)
        readings(d, nd, cuts, nc, false, cs, 0, NULL, &budget, false);
      if (!cs->exhausted)
        whole_pieces(d, nd, cuts, nc, cs);
      st = conclude(rd, gl->t, gl->r, cs, nc, line, false);
      if (!st)
        glued_fraction(rd, gl, nc);
    } else if (gl->t == GK_T_REVIEW) {
      const gk_table_def *td = &rd->rep->tpl->tables[GK_T_REVIEW];
      size_t per = td->rows[0].colset->ncols;
      int64_t prefix[GK_MAX_COLS * 3];
      if (!cs->exhausted && td->nrows == 3)
        review_rows(d, nd, cuts, 0, per, prefix, cs, &budget);
      st = conclude(rd, gl->t, 0, cs, per * td->nrows, line, false);
      for (size_t r = 0; r < td->nrows; r++)
        rd->row_read[gl->t][r] = true;
    }
  }
  gk__free(rd->alloc, cs);
  return st;
}
