/* cells.c: UTF-8 text in, lines and cells with matching keys out.
 *
 * Source of truth for the shapes: the seeds in tests/data/seeds (Apache
 * Tika's text of .docx: a cell is a line starting with a tab, its text may
 * continue on lines without a tab, blank lines end table rows) and the
 * copied-text variants gongkai.h lists (tabs per row, runs of spaces, one
 * cell a line, markdown pipes). Keys normalise what real reports vary
 * (spec/report-fields.md): white space, full-width forms, quotes, 只记.
 * Section headings are recognised here, against the titles in template.c,
 * because a heading decides how the next lines are cut. */
#include "text_internal.h"

#include <string.h>

/* === Keys === */

static bool is_space_cp(uint32_t cp) {
  return cp == 0xa0 || cp == 0x3000 || cp == 0xfeff || cp == 0x202f ||
         cp == 0x205f || (cp >= 0x2000 && cp <= 0x200b);
}

/* gk__utf8_decode with the well-formed three-byte sequences of Chinese
 * text decoded inline: keys and trimming run over every cell. */
static inline uint32_t decode(const char *str, size_t len, size_t *n) {
  const unsigned char *u = (const unsigned char *)str;
  if ((u[0] & 0xf0) == 0xe0 && len >= 3 && (u[1] & 0xc0) == 0x80 &&
      (u[2] & 0xc0) == 0x80) {
    uint32_t cp = ((uint32_t)(u[0] & 0x0f) << 12) |
                  ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
    if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
      *n = 3;
      return cp;
    }
  }
  return gk__utf8_decode(str, len, n);
}

size_t gk__read_key(const char *s, size_t n, char *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    /* Fast path: CJK ideographs (lead bytes E4..E9) pass unchanged, but
     * for 记 after 只. Everything that changes starts with C2, E2, E3 or
     * EF, or is ASCII. */
    if (c >= 0xe4 && c <= 0xe9 && n - i >= 3) {
      if (c == 0xe8 && (unsigned char)s[i + 1] == 0xae &&
          (unsigned char)s[i + 2] == 0xb0 && o >= 3 &&
          memcmp(out + o - 3, "\xe5\x8f\xaa", 3) == 0) {
        memcpy(out + o, "\xe8\xae\xa1", 3); /* 只记 → 只计, a common typo */
      } else {
        out[o] = (char)c;
        out[o + 1] = s[i + 1];
        out[o + 2] = s[i + 2];
      }
      o += 3;
      i += 3;
      continue;
    }
    if (c < 0x80) {
      /* '*': markdown emphasis (**行政复议**, **12**); no label has one */
      if (c <= ' ' || c == '"' || c == '\'' || c == 0x7f || c == '*') {
        i++;
        continue;
      }
      if (c == '[' && n - i >= 10 && memcmp(s + i, "[bookmark:", 10) == 0) {
        const char *e = memchr(s + i, ']', n - i);
        if (e) {
          i = (size_t)(e - s) + 1;
          continue;
        }
      }
      out[o++] = (char)c;
      i++;
      continue;
    }
    size_t m;
    uint32_t cp = decode(s + i, n - i, &m);
    if (cp >= 0xff01 && cp <= 0xff5e) {
      char a = (char)(cp - 0xfee0);
      if (a != '"' && a != '\'')
        out[o++] = a;
    } else if (is_space_cp(cp) || cp == 0x2018 || cp == 0x2019 ||
               cp == 0x201c || cp == 0x201d) {
      /* dropped: spacing and quotes vary between copies of a label */
    } else if (cp == 0x2212) {
      out[o++] = '-';
    } else {
      memcpy(out + o, s + i, m);
      o += m;
    }
    i += m;
  }
  return o;
}

/* Reads 一 … 九十九 at k; returns bytes used (0 if none). */
static size_t cjk_number(const char *k, size_t n, int *value) {
  int v = 0, cur = -1;
  size_t i = 0;
  while (i < n && i < 9) {
    size_t m;
    int d = gk__read_cn_digit(k + i, n - i, &m);
    if (d < 0)
      break;
    if (d == 10) {
      v += (cur < 0 ? 1 : cur) * 10;
      cur = -1;
    } else {
      if (cur >= 0)
        break;
      cur = d;
    }
    i += m;
  }
  if (!i)
    return 0;
  *value = v + (cur < 0 ? 0 : cur);
  return i;
}

size_t gk__read_numbering(const char *k, size_t n, int *value) {
  static const char dun[] = "\xe3\x80\x81"; /* 、 */
  size_t i = 0;
  int v = 0;
  if (n >= 3 && k[0] == '(') {
    size_t m = cjk_number(k + 1, n - 1, &v);
    if (!m) {
      while (1 + m < n && m < 2 && k[1 + m] >= '0' && k[1 + m] <= '9')
        v = v * 10 + (k[1 + m++] - '0');
    }
    if (m && 1 + m < n && k[1 + m] == ')') {
      *value = v;
      return m + 2;
    }
    return 0;
  }
  i = cjk_number(k, n, &v);
  if (!i)
    while (i < n && i < 2 && k[i] >= '0' && k[i] <= '9')
      v = v * 10 + (k[i++] - '0');
  if (!i || i >= n)
    return 0;
  if (k[i] == '.' && !(i + 1 < n && k[i + 1] >= '0' && k[i + 1] <= '9')) {
    *value = v;
    return i + 1;
  }
  if (n - i >= 3 && memcmp(k + i, dun, 3) == 0) {
    *value = v;
    return i + 3;
  }
  return 0;
}

/* === Template keys, hashed === */

/* Hash of a key from its length and its first and last 8 bytes: O(1),
 * as it runs for every label of both templates on every call and for
 * every text cell; collisions only lengthen a chain. */
static uint32_t hash(const char *k, size_t n) {
  uint64_t a = 0, b = 0;
  size_t m = n < 8 ? n : 8;
  memcpy(&a, k, m);
  memcpy(&b, k + n - m, m);
  uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15u) ^ n) * 0xff51afd7ed558ccdu;
  return (uint32_t)(h >> 40) & (GK__KEY_BUCKETS - 1);
}

/* Adds an entry for the key k[0..kl) already written at the end of the
 * store. */
static void add_entry(struct gk__reader *rd, size_t kl, int tpl, int kind,
                      size_t t, size_t r) {
  const char *k = rd->kstore + rd->kstore_len;
  uint32_t h = hash(k, kl);
  /* no search for duplicates: they cost a lookup hit, not a wrong match */
  gk__rkey *e = &rd->kent[rd->nkent];
  e->off = (uint32_t)rd->kstore_len;
  e->len = (uint16_t)kl;
  e->tpl = (uint8_t)tpl;
  e->kind = (uint8_t)kind;
  e->t = (uint8_t)t;
  e->r = (uint8_t)r;
  e->next = rd->kbucket[h];
  rd->kbucket[h] = (uint16_t)rd->nkent++;
  rd->kstore_len += kl;
}

/* Adds the key of 'label'; with 'strip' also its numbering-stripped form
 * (made from the key, not normalised twice): GK__K_STRIP for a row, the
 * same kind for a group or header label (不予公开 for （三）不予公开). */
static void add_key(struct gk__reader *rd, const char *label, int tpl, int kind,
                    size_t t, size_t r, bool strip) {
  size_t n = strlen(label);
  if (rd->nkent + 2 > GK__KEY_MAX || rd->kstore_len + 2 * n > GK__KEY_STORE)
    return; /* the tables are static and fit: checked by the unit tests */
  char *k = rd->kstore + rd->kstore_len;
  size_t kl = gk__read_key(label, n, k);
  add_entry(rd, kl, tpl, kind, t, r);
  if (!strip)
    return;
  int v;
  size_t sk = gk__read_numbering(k, kl, &v);
  if (!sk || sk == kl)
    return;
  /* the stripped key: copy the tail to the store's end */
  char *dst = rd->kstore + rd->kstore_len;
  memmove(dst, k + sk, kl - sk);
  add_entry(rd, kl - sk, tpl, kind == GK__K_ROW ? GK__K_STRIP : kind, t, r);
}

static void add_variants(struct gk__reader *rd, const char *const *v, int tpl,
                         int kind, size_t t, size_t r, bool strip) {
  for (; v && *v; v++)
    add_key(rd, *v, tpl, kind, t, r, strip);
}

void gk__read_build_keys(struct gk__reader *rd) {
  rd->nkent = 0;
  rd->kstore_len = 0;
  memset(rd->kbucket, 0xff, sizeof(rd->kbucket));
  for (int ti = 0; ti < GK__NTPL && gk__templates[ti]; ti++) {
    const gk_template *tpl = gk__templates[ti];
    for (size_t t = 0; t < GK_TABLES; t++) {
      const gk_table_def *td = &tpl->tables[t];
      const gk_colset *cs = NULL;
      const char *group = NULL, *block = NULL;
      for (size_t r = 0; r < td->nrows; r++) {
        const gk_row_def *row = &td->rows[r];
        add_key(rd, row->label, ti, GK__K_ROW, t, r, true);
        add_variants(rd, row->variants, ti, GK__K_ROW, t, r, true);
        /* groups, blocks and column sets are shared by consecutive rows:
         * key them once */
        if (row->group && row->group != group)
          add_key(rd, row->group, ti, GK__K_GROUP, t, r, true);
        group = row->group;
        if (row->block && row->block != block)
          add_key(rd, row->block, ti, GK__K_HEAD, t, 0, false);
        block = row->block;
        if (row->colset != cs)
          for (size_t c = 0; c < row->colset->ncols; c++) {
            add_key(rd, row->colset->cols[c].label, ti, GK__K_COL, t, 0, false);
            add_variants(rd, row->colset->cols[c].variants, ti, GK__K_COL, t, 0,
                         false);
          }
        cs = row->colset;
      }
      for (const char *const *h = td->header_labels; h && *h; h++)
        add_key(rd, *h, ti, GK__K_HEAD, t, 0, true);
    }
  }
  /* Section titles are the same in both formats: template 0 holds them. */
  const gk_template *tpl = gk__templates[0];
  for (size_t s = 0; s < GK_SECTIONS; s++) {
    add_key(rd, tpl->sections[s].title, 0, GK__K_SECTION, 0, s, false);
    add_variants(rd, tpl->sections[s].variants, 0, GK__K_SECTION, 0, s, false);
  }
  rd->nksec = 0;
  for (size_t i = 0; i < rd->nkent; i++)
    if (rd->kent[i].kind == GK__K_SECTION)
      rd->ksec[rd->nksec++] = (uint16_t)i;
}

size_t gk__read_lookup(const struct gk__reader *rd, const char *k, size_t n,
                       uint16_t *out, size_t max) {
  size_t m = 0;
  if (!n || n > 0xffff)
    return 0;
  for (uint16_t e = rd->kbucket[hash(k, n)]; e != 0xffff && m < max;
       e = rd->kent[e].next)
    if (rd->kent[e].len == n && memcmp(rd->kstore + rd->kent[e].off, k, n) == 0)
      out[m++] = e;
  return m;
}

int gk__read_section_title(const struct gk__reader *rd, const char *k,
                           size_t n) {
  uint16_t hit[8];
  size_t m = gk__read_lookup(rd, k, n, hit, 8);
  for (size_t i = 0; i < m; i++)
    if (rd->kent[hit[i]].kind == GK__K_SECTION)
      return rd->kent[hit[i]].r + 1;
  return 0;
}

/* === Cutting lines into cells === */

static gk_status nomem(struct gk__reader *rd) { return gk__read_nomem(rd); }

static gk_status push_line(struct gk__reader *rd, gk__rline **out) {
  if (rd->nlines == rd->lines_cap) {
    size_t cap = rd->lines_cap * 2;
    gk__rline *l = gk__realloc(rd->alloc, rd->lines, cap * sizeof(*l));
    if (!l)
      return nomem(rd);
    rd->lines = l;
    rd->lines_cap = cap;
  }
  *out = &rd->lines[rd->nlines++];
  memset(*out, 0, sizeof(**out));
  return GK_OK;
}

/* Adds the cell s[0..n) (trimmed) of the current line. 'key' (kl bytes,
 * kind 'vkind') is the cell's key when the caller has made it already,
 * else NULL: trimming never changes a key (the key drops what trimming
 * removes). */
static gk_status push_cell_key(struct gk__reader *rd, const char *s, size_t n,
                               unsigned flags, const char *key, size_t kl,
                               int vkind) {
  if (rd->ncells >= rd->limits.max_cells)
    return gk__fail(rd->err, GK_E_TOO_LARGE, (int64_t)rd->nlines, 0,
                    (int64_t)(s - rd->text), "表格单元格过多（上限 %zu）",
                    "too many cells (limit %zu)", rd->limits.max_cells);
  if (rd->ncells == rd->cells_cap) {
    size_t cap = rd->cells_cap * 2;
    gk__rcell *c = gk__realloc(rd->alloc, rd->cells, cap * sizeof(*c));
    if (!c)
      return nomem(rd);
    rd->cells = c;
    rd->cells_cap = cap;
  }
  s = gk__read_trim(s, &n);
  gk__rcell *c = &rd->cells[rd->ncells++];
  c->off = (uint32_t)(s - rd->text);
  c->len = (uint32_t)n;
  c->key = (uint32_t)rd->klen;
  c->line = (uint32_t)(rd->nlines - 1);
  c->flags = (uint16_t)flags;
  /* a count (most cells: 0, 12): its key is itself and it reads as a
   * number, as gk__read_key and gk__read_value would say */
  size_t d = 0;
  if (!key && n && n <= 14)
    while (d < n && s[d] >= '0' && s[d] <= '9')
      d++;
  if (key) {
    memcpy(rd->keys + rd->klen, key, kl);
    c->klen = (uint32_t)kl;
    c->vkind = (uint8_t)vkind;
  } else if (d && d == n) {
    memcpy(rd->keys + rd->klen, s, n);
    c->klen = (uint32_t)n;
    c->vkind = GK__V_NUM;
  } else {
    c->klen = (uint32_t)gk__read_key(s, n, rd->keys + rd->klen);
    int64_t v;
    bool yuan;
    c->vkind = (uint8_t)gk__read_value(rd->keys + c->key, c->klen, &v, &yuan);
  }
  rd->klen += c->klen;
  return GK_OK;
}

static gk_status push_cell(struct gk__reader *rd, const char *s, size_t n,
                           unsigned flags) {
  return push_cell_key(rd, s, n, flags, NULL, 0, 0);
}

/* Splits s[0..n) on 'sep' into cells. */
static gk_status cut_on(struct gk__reader *rd, const char *s, size_t n,
                        char sep, unsigned flags) {
  size_t a = 0;
  for (;;) {
    const char *q = memchr(s + a, sep, n - a);
    size_t i = q ? (size_t)(q - s) : n;
    gk_status st = push_cell(rd, s + a, i - a, flags);
    if (st || !q)
      return st;
    a = i + 1;
  }
}

/* Length of the white-space run at s (ASCII blanks, NBSP, U+3000), and
 * whether it is "wide" (two or more, or an ideographic space). */
static size_t space_run(const char *s, size_t n, bool *wide) {
  size_t i = 0, count = 0;
  *wide = false;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t') {
      i++;
      count++;
      if (c == '\t')
        *wide = true;
      continue;
    }
    if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
      i += 2;
      count++;
      continue;
    }
    if (c == 0xe3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) {
      i += 3;
      count += 2;
      continue;
    }
    break;
  }
  if (count >= 2)
    *wide = true;
  return i;
}

/* A plain line: tokens split on white space; numbers and blank marks are
 * cells of their own, text tokens joined by single spaces stay one cell
 * (a label with a space inside), wider gaps separate text cells. */
static gk_status cut_plain(struct gk__reader *rd, const char *s, size_t n) {
  size_t i = 0, cell_a = 0, cell_b = 0;
  bool have = false;
  char kb[64];
  while (i < n) {
    bool wide;
    size_t sp = space_run(s + i, n - i, &wide);
    if (sp) {
      if (have && wide) {
        gk_status st = push_cell(rd, s + cell_a, cell_b - cell_a, 0);
        if (st)
          return st;
        have = false;
      }
      i += sp;
      continue;
    }
    size_t a = i;
    while (i < n) {
      /* only these bytes can start white space (NBSP C2, U+3000 E3) */
      unsigned char c = (unsigned char)s[i];
      bool w;
      if ((c == ' ' || c == '\t' || c == 0xc2 || c == 0xe3) &&
          space_run(s + i, n - i, &w))
        break;
      i++;
    }
    bool value = false;
    size_t kl = 0;
    int vkind = GK__V_TEXT;
    if (i - a <= sizeof(kb)) {
      int64_t v;
      bool yuan;
      kl = gk__read_key(s + a, i - a, kb);
      vkind = gk__read_value(kb, kl, &v, &yuan);
      value = vkind != GK__V_TEXT;
    }
    if (value) {
      if (have) {
        gk_status st = push_cell(rd, s + cell_a, cell_b - cell_a, 0);
        if (st)
          return st;
        have = false;
      }
      gk_status st = push_cell_key(rd, s + a, i - a, 0, kb, kl, vkind);
      if (st)
        return st;
    } else {
      if (!have)
        cell_a = a;
      cell_b = i;
      have = true;
    }
  }
  if (have)
    return push_cell(rd, s + cell_a, cell_b - cell_a, 0);
  return GK_OK;
}

/* True if the trimmed line is a markdown separator row (|---|:--:|). */
static bool md_separator(const char *s, size_t n) {
  bool dash = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-')
      dash = true;
    else if (c != '|' && c != ':' && c != ' ' && c != '\t')
      return false;
  }
  return dash;
}

/* True if the trimmed line is a page number (-3-, — 3 —, 第3页,
 * 第3页共5页): digits between two marks at least. pdftotext keeps them
 * where the page broke, mid-table or above the title; a bare number is
 * not one (a cell printed on a line of its own). */
static bool page_number(const char *s, size_t n) {
  size_t m = n, digits = 0, marks = 0;
  const char *t = gk__read_trim(s, &m);
  if (m > 40)
    return false;
  for (size_t i = 0; i < m;) {
    size_t k;
    uint32_t cp = gk__utf8_decode(t + i, m - i, &k);
    i += k ? k : 1;
    if (cp >= '0' && cp <= '9')
      digits++;
    else if (cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x7b2c ||
             cp == 0x9875 || cp == 0x5171) /* 第 页 共 */
      marks++;
    else if (!(cp == ' ' || cp == '\t' || is_space_cp(cp)))
      return false;
  }
  return digits && digits <= 6 && marks >= 2;
}

static bool only_blank(const char *s, size_t n) {
  size_t m = n;
  gk__read_trim(s, &m);
  return m == 0 || page_number(s, n);
}

/* True if the three-byte character c3 occurs in s[0..n): memchr on its
 * last byte, a continuation byte, rare in text (lead bytes are not). */
static bool has_char3(const char *s, size_t n, const char *c3) {
  if (n < 3)
    return false;
  const char *p = s + 2, *end = s + n;
  while (p < end) {
    p = memchr(p, c3[2], (size_t)(end - p));
    if (!p)
      return false;
    if (p[-1] == c3[1] && p[-2] == c3[0])
      return true;
    p++;
  }
  return false;
}

/* A sentence is never a table row: 。 or ； inside, or very long. */
static bool is_narrative(const char *s, size_t n) {
  if (n > 300)
    return true;
  return has_char3(s, n, "\xe3\x80\x82") || /* 。 */
         has_char3(s, n, "\xef\xbc\x9b");   /* ； */
}

/* Section number if the plain line is a heading; sets *unnumbered. */
/* Section whose title (or variant) starts k[0..n) followed by a short
 * remark, e.g. 一、总体情况（2020年度）; 0 if none. */
static int title_prefix(const struct gk__reader *rd, const char *k, size_t n) {
  for (size_t i = 0; i < rd->nksec; i++) {
    const gk__rkey *e = &rd->kent[rd->ksec[i]];
    if (e->len < n && n - e->len <= 24 &&
        (k[e->len] == '(' || k[e->len] == ':' || k[e->len] == '-') &&
        memcmp(rd->kstore + e->off, k, e->len) == 0)
      return e->r + 1;
  }
  return 0;
}

static int heading(struct gk__reader *rd, const char *s, size_t n,
                   bool *unnumbered) {
  char k[GK__HEADING_MAX];
  if (n > sizeof(k) || is_narrative(s, n))
    return 0;
  size_t kl = gk__read_key(s, n, k), a = 0;
  /* markdown emphasis or heading marks around a heading: ## 一、… or **…** */
  while (a < kl && (k[a] == '#' || k[a] == '*'))
    a++;
  while (kl > a && k[kl - 1] == '*')
    kl--;
  int num = 0;
  size_t skip = a + gk__read_numbering(k + a, kl - a, &num);
  int sec = gk__read_section_title(rd, k + skip, kl - skip);
  if (!sec && skip > a)
    sec = title_prefix(rd, k + skip, kl - skip);
  if (!sec)
    return 0;
  /* Sub-headings such as （一）主动公开情况 inside section 一 share words
   * with section titles: the numeral must be the section's own, and
   * sections come in order. */
  if (skip) {
    if (num != sec || sec <= rd->last_section)
      return 0;
    *unnumbered = false;
    return sec;
  }
  if (sec != rd->last_section + 1)
    return 0;
  *unnumbered = true;
  return sec;
}

/* Extends the previous tab line's last cell over this line (Tika writes a
 * cell's second paragraph on a line of its own: 本年新 / 制作数量). */
static bool continues_cell(struct gk__reader *rd, const char *s, size_t n) {
  if (rd->nlines < 2 || !rd->ncells)
    return false;
  const gk__rline *prev = &rd->lines[rd->nlines - 2];
  if ((prev->kind != GK__LINE_TAB && prev->kind != GK__LINE_CONT) ||
      !prev->ncells)
    return false;
  gk__rcell *c = &rd->cells[rd->ncells - 1];
  if (c->vkind != GK__V_TEXT || c->key + c->klen != rd->klen)
    return false;
  char *k = rd->keys + rd->klen;
  size_t kl = gk__read_key(s, n, k);
  if (!kl)
    return false;
  /* 只 / 记 broken over two lines is still the 只记 typo */
  if (kl >= 3 && c->klen >= 3 && memcmp(k, "\xe8\xae\xb0", 3) == 0 &&
      memcmp(k - 3, "\xe5\x8f\xaa", 3) == 0)
    memcpy(k, "\xe8\xae\xa1", 3);
  c->klen += (uint32_t)kl;
  rd->klen += kl;
  c->len = (uint32_t)(s + n - (rd->text + c->off));
  return true;
}

/* True if a text cell follows a value among the cells from 'first' on. */
static bool words_after_numbers(const struct gk__reader *rd, size_t first) {
  bool value = false;
  for (size_t i = first; i < rd->ncells; i++) {
    if (rd->cells[i].vkind == GK__V_TEXT && value)
      return true;
    if (rd->cells[i].vkind != GK__V_TEXT)
      value = true;
  }
  return false;
}

/* The line at 'at' (up to its '\n'), trimmed, in '*v'/'*vn'; returns the
 * offset after it. A lone CR ends no line here: '*vn' is 0 (not joined). */
static size_t md_line(const char *text, size_t len, size_t at, const char **v,
                      size_t *vn) {
  const char *u = text + at;
  const char *nl = memchr(u, '\n', len - at);
  size_t un = nl ? (size_t)(nl - u) : len - at;
  *vn = un;
  *v = gk__read_trim(u, vn);
  if (memchr(u, '\r', un) && u[un - 1] != '\r')
    *vn = 0; /* a lone CR: lines the loop cuts otherwise */
  return nl ? (size_t)(nl - text) + 1 : len;
}

/* Lines a wrapped markdown row may span at most (a row of 7 cells wrapped
 * before each pipe is 8). */
#define MD_WRAP_LINES 8

/* A markdown row wrapped over lines. The line [s, s+n) opens with a pipe:
 * - wrapped after a pipe: the next line holds the rest of the row, no
 *   opening pipe of its own, a closing one;
 * - wrapped before a pipe ('closed': this table's rows close with a pipe):
 *   this line has no closing pipe, the next lines open with one (as a row
 *   would) and the first that closes ends the row.
 * Returns the length from s to the end of the row's last line (all read as
 * one row) and the lines joined in '*more'; 0 if the line is no such row. */
static size_t md_wrapped(const char *text, size_t len, const char *s, size_t n,
                         size_t next, bool closed, size_t *more) {
  size_t tn = n;
  const char *t = gk__read_trim(s, &tn);
  *more = 0;
  if (!tn || t[0] != '|' || md_separator(t, tn) || next >= len)
    return 0;
  const char *v;
  size_t vn;
  size_t at = md_line(text, len, next, &v, &vn);
  if (!vn || md_separator(v, vn))
    return 0;
  if (v[0] != '|') {
    if (v[vn - 1] != '|')
      return 0;
    *more = 1;
    return (size_t)(v + vn - s);
  }
  /* before a pipe: an unclosed line of a table whose rows close */
  if (!closed || t[tn - 1] == '|')
    return 0;
  for (size_t k = 1; k < MD_WRAP_LINES; k++) {
    if (v[vn - 1] == '|') {
      *more = k;
      return (size_t)(v + vn - s);
    }
    if (at >= len)
      return 0;
    at = md_line(text, len, at, &v, &vn);
    if (!vn || v[0] != '|' || md_separator(v, vn))
      return 0;
  }
  return 0;
}

static void end_line(struct gk__reader *rd, bool *brk, bool *sec_before);

/* True if the blank line ending at 'e' stands between a line of one
 * plain cell and a line of one value: a page dump that prints every cell
 * of a table it cannot lay out as a paragraph of its own (lynx), blank
 * cells leaving nothing. The value goes on the row, not after a break. */
static bool value_after_cell(const struct gk__reader *rd, const char *e) {
  if (rd->nlines < 2)
    return false;
  const gk__rline *prev = &rd->lines[rd->nlines - 2];
  if (prev->kind != GK__LINE_PLAIN || prev->ncells != 1 || prev->narrative)
    return false;
  const char *end = rd->text + rd->tlen;
  if (e < end && *e == '\r')
    e++;
  if (e >= end || *e != '\n')
    return false;
  const char *s = e + 1;
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
  const char *t = gk__read_trim(s, &n);
  char kb[64];
  if (!n || n > sizeof(kb))
    return false;
  for (size_t i = 0; i < n; i++)
    if (t[i] == ' ' || t[i] == '\t')
      return false;
  int64_t v;
  bool yuan;
  size_t kl = gk__read_key(t, n, kb);
  return kl && gk__read_value(kb, kl, &v, &yuan) == GK__V_NUM;
}

static gk_status cut_line(struct gk__reader *rd, const char *s, size_t n,
                          bool *brk, bool *sec_before) {
  gk__rline *ln = NULL;
  gk_status st = push_line(rd, &ln);
  if (st)
    return st;
  if (rd->indented)
    s = gk__read_trim(s, &n);
  ln->off = (uint32_t)(s - rd->text);
  ln->len = (uint32_t)n;
  ln->first = (uint32_t)rd->ncells;
  if (n && s[0] == '\t') {
    ln->kind = GK__LINE_TAB;
    st = cut_on(rd, s + 1, n - 1, '\t', GK__C_TAB);
  } else if (only_blank(s, n)) {
    ln->kind = GK__LINE_BLANK;
    /* between a page source's cells: every cell stands alone, so white
     * space says nothing about where a row ends */
    if (!rd->indented && !value_after_cell(rd, s + n))
      *brk = true;
    return GK_OK;
  } else {
    size_t tn = n;
    const char *t = gk__read_trim(s, &tn);
    bool unnumbered = false;
    int sec;
    if (t[0] == '|') {
      if (md_separator(t, tn)) {
        ln->kind = GK__LINE_MDSEP;
        return GK_OK;
      }
      ln->kind = GK__LINE_TAB;
      t++;
      tn--;
      if (tn && t[tn - 1] == '|')
        tn--;
      st = cut_on(rd, t, tn, '|', GK__C_TAB);
    } else if (memchr(t, '\t', tn)) {
      ln->kind = GK__LINE_TAB;
      st = cut_on(rd, t, tn, '\t', GK__C_TAB);
    } else if ((sec = heading(rd, t, tn, &unnumbered)) != 0) {
      ln->kind = GK__LINE_HEADING;
      ln->section = (uint8_t)sec;
      ln->sflags = (uint8_t)(GK_SECTION_FOUND |
                             (unnumbered ? GK_SECTION_UNNUMBERED : 0));
      rd->last_section = sec;
      *brk = true;
      *sec_before = true;
      return GK_OK;
    } else if (continues_cell(rd, t, tn)) {
      ln->kind = GK__LINE_CONT;
      return GK_OK;
    } else if (is_narrative(t, tn)) {
      ln->kind = GK__LINE_PLAIN;
      ln->narrative = 1;
      *brk = true;
      return GK_OK;
    } else {
      ln->kind = GK__LINE_PLAIN;
      st = cut_plain(rd, t, tn);
      if (!st && words_after_numbers(rd, ln->first)) {
        /* 共收到申请 3 件: a sentence, not a row (a row is its label,
         * then its values) */
        rd->klen = rd->cells[ln->first].key;
        rd->ncells = ln->first;
        ln->narrative = 1;
        *brk = true;
        return GK_OK;
      }
    }
  }
  if (st)
    return st;
  end_line(rd, brk, sec_before);
  return GK_OK;
}

/* Closes the line just cut: its cell count, and the flags that say where
 * a row starts (a row on one line, or the first cell after a break). */
static void end_line(struct gk__reader *rd, bool *brk, bool *sec_before) {
  gk__rline *ln = &rd->lines[rd->nlines - 1];
  ln->ncells = (uint32_t)(rd->ncells - ln->first);
  bool multi = ln->ncells >= 2;
  for (size_t i = ln->first; i < rd->ncells; i++)
    if (multi)
      rd->cells[i].flags |= GK__C_MULTI;
  if (ln->ncells && (*brk || multi))
    rd->cells[ln->first].flags |= GK__C_BRK;
  if (ln->ncells && *sec_before)
    rd->cells[ln->first].flags |= GK__C_SEC;
  if (ln->ncells) {
    *brk = multi; /* a row on one line ends there */
    *sec_before = false;
  }
}

/* Makes '*p' hold at least 'want' elements of 'size' bytes; the old
 * contents are not kept (the buffers are refilled per read). */
static bool reserve(struct gk__reader *rd, void **p, size_t *cap, size_t want,
                    size_t size) {
  if (*p && *cap >= want)
    return true;
  gk__free(rd->alloc, *p);
  *p = gk__calloc(rd->alloc, want, size);
  *cap = *p ? want : 0;
  return *p != NULL;
}

/* === Grid tables ===
 * Text tables drawn with borders: reStructuredText and pandoc grid tables
 * (+----+----+ between rows, | between cells) and box drawing (w3m, and
 * programs that print tables: ┌─┬─┐ │ ├─┼─┤). A cell's text may wrap over
 * several lines of its row, down its own column, so a row is the band of
 * lines between two borders, and each cell is its column's pieces of
 * those lines, top to bottom. */

/* Box-drawing vertical bars and junctions that separate cells (U+2502,
 * U+2503, U+251C..U+254B's junctions), by their UTF-8 bytes E2 94 xx. */
static size_t grid_bar(const char *s, size_t n) {
  if (n && s[0] == '|')
    return 1;
  if (n < 3 || (unsigned char)s[0] != 0xe2 || (unsigned char)s[1] != 0x94)
    return 0;
  unsigned char c = (unsigned char)s[2];
  return c == 0x82 || c == 0x83 || (c >= 0x9c && c <= 0xbf) ? 3 : 0;
}

/* Length of a rule character at s: - = + : and box drawing (U+2500..
 * U+257F, E2 94 80..E2 95 BF), 0 if s holds none. */
static size_t grid_rule(const char *s, size_t n) {
  if (n && (s[0] == '-' || s[0] == '=' || s[0] == '+' || s[0] == ':'))
    return 1;
  if (n >= 3 && (unsigned char)s[0] == 0xe2 &&
      ((unsigned char)s[1] == 0x94 || (unsigned char)s[1] == 0x95))
    return 3;
  return 0;
}

/* True if s[0..n) is a border: rules, bars and spaces only, with a run of
 * at least three rules. 'start' asks for a border that can open a table
 * (its first character a + or a box corner or junction, not a bar). */
static bool grid_border(const char *s, size_t n, bool start) {
  const char *t = gk__read_trim(s, &n);
  if (n < 3)
    return false;
  /* a vertical bar: | or │ ┃ (E2 94 82, 83; the junctions come after) */
  if (start &&
      (t[0] == '|' || (grid_bar(t, n) == 3 && (unsigned char)t[2] < 0x9c)))
    return false;
  size_t run = 0, best = 0;
  for (size_t i = 0; i < n;) {
    size_t k;
    if (t[i] == ' ') {
      run = 0;
      i++;
    } else if ((k = grid_rule(t + i, n - i)) != 0) {
      run++;
      best = run > best ? run : best;
      i += k;
    } else if ((k = grid_bar(t + i, n - i)) != 0) {
      run = 0;
      i += k;
    } else {
      return false;
    }
  }
  return best >= 3;
}

/* True if a border crosses part of the line s[0..n): a cell of it is a
 * run of rules (a cell of the band above ends there while its neighbour,
 * a group cell spanning rows, goes on: │本年  ├──────┼──). */
static bool grid_partial(const char *s, size_t n) {
  const char *t = gk__read_trim(s, &n);
  if (!n || !grid_bar(t, n))
    return false;
  size_t rules = 0;
  for (size_t i = 0; i < n;) {
    size_t w = grid_bar(t + i, n - i);
    if (w) {
      if (rules >= 3)
        return true;
      rules = 0;
      i += w;
      continue;
    }
    size_t r = grid_rule(t + i, n - i);
    if (r) {
      rules++;
      i += r;
    } else if (t[i] == ' ') {
      i++;
    } else {
      /* text in this cell: not a rule run; skip to its next bar */
      rules = 0;
      while (i < n && !grid_bar(t + i, n - i))
        i++;
    }
  }
  return rules >= 3;
}

/* True if s[0..n) is a line of a grid row: it opens with a bar, and no
 * border crosses it. */
static bool grid_content(const char *s, size_t n) {
  const char *t = gk__read_trim(s, &n);
  return n && grid_bar(t, n) && !grid_border(t, n, false) &&
         !grid_partial(t, n);
}

/* The pieces of a grid line between its bars: piece k in [*a, *b); false
 * if the line has fewer. Pieces that are rules only (a border crossing
 * part of the band) are empty. */
static bool grid_piece(const char *s, size_t n, size_t k, size_t *a,
                       size_t *b) {
  size_t i = 0, piece = 0, start = SIZE_MAX;
  while (i < n) {
    size_t w = grid_bar(s + i, n - i);
    if (!w) {
      i++;
      continue;
    }
    if (start != SIZE_MAX) {
      if (piece == k) {
        *a = start;
        *b = i;
        for (size_t j = start; j < i;) {
          size_t r = grid_rule(s + j, i - j);
          if (!r && s[j] != ' ')
            return true;
          j += r ? r : 1;
        }
        *b = *a; /* rules only */
        return true;
      }
      piece++;
    }
    start = i + w;
    i += w;
  }
  return false;
}

static size_t grid_pieces(const char *s, size_t n) {
  size_t count = 0, a, b;
  while (grid_piece(s, n, count, &a, &b))
    count++;
  return count;
}

/* Cuts one band of a grid table: lines [pos, end) of the text, the first
 * of them 'first', into one row line of cells, each cell its column's
 * pieces joined (their keys concatenated). A band whose lines do not
 * agree on their pieces is cut line by line. The band's other lines stay
 * as lines without cells, so later lines keep their numbers. */
static gk_status cut_grid_band(struct gk__reader *rd, size_t pos, size_t end,
                               bool *brk, bool *sec_before) {
  const char *text = rd->text;
  size_t lines = 0, cols = SIZE_MAX;
  bool agree = true;
  for (size_t p = pos; p < end;) {
    const char *nl = memchr(text + p, '\n', end - p);
    size_t n = nl ? (size_t)(nl - text) - p : end - p;
    size_t c = grid_pieces(text + p, n);
    agree = agree && (cols == SIZE_MAX || c == cols);
    cols = c;
    lines++;
    p += n + 1;
  }
  char *key = gk__malloc(rd->alloc, end - pos + 1);
  if (!key)
    return nomem(rd);
  gk_status st = GK_OK;
  size_t line_no = 0;
  for (size_t p = pos; p < end && !st; line_no++) {
    const char *s = text + p;
    const char *nl = memchr(s, '\n', end - p);
    size_t n = nl ? (size_t)(nl - s) : end - p;
    /* the next line, past the \n (the band's end when none): taken before
     * a \r is trimmed, so a band ending in a lone \r still ends */
    size_t next = nl ? (size_t)(nl - text) + 1 : end;
    if (n && s[n - 1] == '\r')
      n--;
    gk__rline *ln = NULL;
    st = push_line(rd, &ln);
    if (st)
      break;
    ln->off = (uint32_t)(s - text);
    ln->len = (uint32_t)n;
    ln->first = (uint32_t)rd->ncells;
    if (agree && line_no) {
      ln->kind = GK__LINE_MDSEP; /* its pieces are in the band's cells */
    } else {
      ln->kind = GK__LINE_TAB;
      size_t ncols = grid_pieces(s, n);
      for (size_t k = 0; k < ncols && !st; k++) {
        size_t kl = 0, a = 0, b = 0, raw_a = 0, raw_b = 0;
        bool have = false;
        size_t q = p;
        for (size_t l = 0; l < (agree ? lines : 1); l++) {
          const char *ls = text + q;
          const char *lnl = memchr(ls, '\n', end - q);
          size_t ll = lnl ? (size_t)(lnl - ls) : end - q;
          q += ll + 1;
          if (!grid_piece(ls, ll, k, &a, &b) || a == b)
            continue;
          kl += gk__read_key(ls + a, b - a, key + kl);
          if (!have) {
            raw_a = (size_t)(ls - text) + a;
            raw_b = (size_t)(ls - text) + b;
            have = true;
          }
        }
        int64_t v;
        bool yuan;
        int vkind = gk__read_value(key, kl, &v, &yuan);
        if (!have)
          raw_a = raw_b = (size_t)(s - text) + n;
        st = push_cell_key(rd, text + raw_a, raw_b - raw_a, GK__C_TAB, key, kl,
                           vkind);
      }
      if (!st)
        end_line(rd, brk, sec_before);
    }
    p = next;
  }
  gk__free(rd->alloc, key);
  return st;
}

/* === Fixed-width tables ===
 * A page dumped as text without borders (w3m -dump, lynx -dump): a table
 * is a fixed-width layout, each column of text at the same display
 * columns on every line of it (a CJK character two columns wide). A label
 * wraps down its own column, its pieces centred there, beside a group
 * cell's pieces ((四)无 / 法提供) and with the row's numbers on one of its
 * lines. Read line by line, the pieces make labels no template knows
 * (三、(四)无2.没有现成信息需要) and rows go missing. Such a block is read
 * by positions: a line holding the row's numbers is the row; its label is
 * the text just left of the numbers, joined with the pieces above and
 * below it that sit in its columns with no blank line between; a group
 * cell's pieces, in other columns, are dropped (the row labels name their
 * rows). Blocks without a wrapped label are left to the line reading. */

#define FW_TOK 48    /* tokens a line of a block holds at most */
#define FW_SPAN 4096 /* lines a block spans at most */
#define FW_BETWEEN 6 /* lines without numbers between two rows, at most */

typedef struct fw_tok {
  uint32_t a, b;   /* bytes in the line */
  uint32_t ca, cb; /* display columns */
} fw_tok;

/* Display width of a code point in a terminal dump: two columns for the
 * East Asian wide and full-width ranges, one for the rest (“ ” among
 * them, as w3m and lynx print them). */
static unsigned fw_width(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115f) ||
                 (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
                 (cp >= 0xac00 && cp <= 0xd7a3) ||
                 (cp >= 0xf900 && cp <= 0xfaff) ||
                 (cp >= 0xfe30 && cp <= 0xfe4f) ||
                 (cp >= 0xff00 && cp <= 0xff60) ||
                 (cp >= 0xffe0 && cp <= 0xffe6) ||
                 (cp >= 0x20000 && cp <= 0x3fffd)
             ? 2
             : 1;
}

/* Cuts s[0..n) into tokens at spaces (U+3000 counts as two), with their
 * display columns; false if the line holds a tab or a control character
 * (no fixed-width layout) or more than FW_TOK tokens. */
static bool fw_split(const char *s, size_t n, fw_tok *tok, size_t *ntok) {
  size_t i = 0, col = 0, k = 0;
  bool in = false;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t w = 1;
    uint32_t cp = c < 0x80 ? c : gk__utf8_decode(s + i, n - i, &w);
    bool space = cp == ' ' || cp == 0xa0 || cp == 0x3000;
    if (cp < 0x20 && cp != '\r')
      return false;
    if (cp == '\r') {
      i += w;
      continue;
    }
    if (space) {
      if (in)
        k++;
      in = false;
    } else if (!in) {
      if (k == FW_TOK)
        return false;
      tok[k].a = (uint32_t)i;
      tok[k].ca = (uint32_t)col;
      in = true;
    }
    i += w;
    col += cp < 0x80 ? 1 : fw_width(cp);
    if (in) {
      tok[k].b = (uint32_t)i;
      tok[k].cb = (uint32_t)col;
    }
  }
  *ntok = k + in;
  return true;
}

/* True if token t of s reads as a value (number or blank mark). */
static bool fw_value(const char *s, const fw_tok *t) {
  char kb[64];
  if (t->b - t->a > sizeof(kb))
    return false;
  int64_t v;
  bool yuan;
  size_t kl = gk__read_key(s + t->a, t->b - t->a, kb);
  return kl && gk__read_value(kb, kl, &v, &yuan) != GK__V_TEXT;
}

/* A row line of a fixed-width table: a label, a gap of two columns or
 * more, then values and nothing else. Returns the number of
 * values (0: no row line); '*first' is the first value's token and
 * '*lab' the first token of the label (after the line's last wide gap
 * before the values: what stands left of it is another column). */
static size_t fw_row(const char *s, const fw_tok *tok, size_t nt, size_t *first,
                     size_t *lab) {
  size_t v = nt;
  while (v > 0 && fw_value(s, &tok[v - 1]))
    v--;
  if (v == 0 || v == nt || tok[v].ca < tok[v - 1].cb + 2)
    return 0;
  size_t l = v - 1;
  while (l > 0 && tok[l].ca < tok[l - 1].cb + 2)
    l--;
  *first = v;
  *lab = l;
  return nt - v;
}

/* The line at text[pos..) without its break: its length in '*n', the
 * position after it returned. */
static size_t fw_line(const char *text, size_t len, size_t pos, size_t *n) {
  const char *nl = memchr(text + pos, '\n', len - pos);
  *n = nl ? (size_t)(nl - text) - pos : len - pos;
  return pos + *n + (nl ? 1 : 0);
}

/* What a line of a block is. */
enum { FW_BLANK, FW_ROW, FW_PIECE, FW_OTHER };

/* The value columns of a block, from its first row: twice each value's
 * centre (w3m centres a cell's text, so 7 and 23 of one column start a
 * column apart), and where the first starts. */
typedef struct fw_cols {
  size_t n;              /* columns (0: none yet) */
  uint32_t mid2[FW_TOK]; /* twice the centre of each */
  uint32_t col;          /* display column where the first one starts */
} fw_cols;

/* Places the k values tok[0..k) in the columns of 'c', in order, each in
 * the column whose centre is nearest (within three display columns);
 * out[i] is value i's column. False if a value fits no column. */
static bool fw_place(const fw_tok *tok, size_t k, const fw_cols *c,
                     size_t *out) {
  size_t at = 0;
  for (size_t i = 0; i < k; i++) {
    uint32_t m = tok[i].ca + tok[i].cb;
    while (at < c->n && c->mid2[at] + 6 < m)
      at++;
    if (at == c->n || (c->mid2[at] > m + 6))
      return false;
    if (at + 1 < c->n && c->mid2[at + 1] <= m + 6 &&
        c->mid2[at + 1] - m < m - c->mid2[at])
      at++;
    out[i] = at++;
  }
  return true;
}

/* Classifies the line s[0..n) against a block's value columns 'c' (none
 * yet: any row line with two values or more, which then sets them). */
static int fw_kind(struct gk__reader *rd, const char *s, size_t n, fw_cols *c,
                   fw_tok *tok, size_t *nt, size_t *first, size_t *lab,
                   size_t *place) {
  if (only_blank(s, n))
    return FW_BLANK;
  if (!fw_split(s, n, tok, nt) || !*nt)
    return FW_OTHER;
  size_t k = fw_row(s, tok, *nt, first, lab);
  if (k && !c->n) {
    if (k < 2)
      return FW_OTHER;
    c->n = k;
    c->col = tok[*first].ca;
    for (size_t i = 0; i < k; i++) {
      c->mid2[i] = tok[*first + i].ca + tok[*first + i].cb;
      place[i] = i;
    }
    return FW_ROW;
  }
  if (k)
    return k <= c->n && tok[*first - 1].cb <= c->col &&
                   fw_place(tok + *first, k, c, place)
               ? FW_ROW
               : FW_OTHER;
  size_t tn = n;
  const char *t = gk__read_trim(s, &tn);
  bool unnumbered;
  if (!c->n || tok[*nt - 1].cb > c->col || is_narrative(t, tn) ||
      heading(rd, t, tn, &unnumbered))
    return FW_OTHER;
  for (size_t i = 0; i < *nt; i++)
    if (fw_value(s, &tok[i]))
      return FW_OTHER;
  return FW_PIECE;
}

/* If a fixed-width block with a wrapped label starts at the row line at
 * 'pos', returns its end (after its last row and the pieces right below
 * it), else 0. '*seen' is set to how far the scan went, so that the rows
 * of a block without wrapped labels are not scanned again. */
static size_t fw_block(struct gk__reader *rd, size_t pos, size_t *seen) {
  const char *text = rd->text;
  size_t len = rd->tlen, n, nt, first, lab;
  fw_tok tok[FW_TOK];
  fw_cols cols = {0};
  size_t place[FW_TOK];
  size_t p = fw_line(text, len, pos, &n);
  *seen = p;
  /* cheap tests first: a row line has no tab and a gap of two spaces */
  const char *gap = memchr(text + pos, ' ', n);
  while (gap && gap + 1 < text + pos + n && gap[1] != ' ')
    gap = memchr(gap + 1, ' ', (size_t)(text + pos + n - gap - 1));
  if (!gap || gap + 1 >= text + pos + n || memchr(text + pos, '\t', n))
    return 0;
  if (fw_kind(rd, text + pos, n, &cols, tok, &nt, &first, &lab, place) !=
      FW_ROW)
    return 0;
  size_t end = p, rows = 1, pieces = 0, pending = 0, between = 0, full = 1;
  size_t short_rows = 0;
  bool tail = true; /* pieces right below the last row (no blank) */
  for (size_t lines = 0; p < len && lines < FW_SPAN; lines++) {
    size_t next = fw_line(text, len, p, &n);
    int k = fw_kind(rd, text + p, n, &cols, tok, &nt, &first, &lab, place);
    if (k == FW_OTHER || (k != FW_ROW && between >= FW_BETWEEN))
      break;
    if (k == FW_ROW) {
      rows++;
      full += nt - first == cols.n;
      short_rows += nt - first < cols.n;
      pieces += pending;
      pending = 0;
      between = 0;
      tail = true;
      end = next;
    } else {
      between++;
      if (k == FW_BLANK) {
        tail = false;
      } else if (tail) {
        pieces++;
        end = next;
      } else {
        pending++;
      }
    }
    p = next;
  }
  *seen = p;
  /* wrapped labels, or blank cells that only the columns place (three
   * full rows agreeing on every column say the layout is fixed-width) */
  return rows >= 2 && (pieces || (short_rows && full >= 3)) ? end : 0;
}

/* Label segments of a block's line: its tokens grouped where the gap
 * between them is under two columns. */
static size_t fw_segments(const fw_tok *tok, size_t nt, size_t *seg) {
  size_t ns = 0;
  for (size_t i = 0; i < nt; i++)
    if (!i || tok[i].ca >= tok[i - 1].cb + 2)
      seg[ns++] = i;
  return ns;
}

typedef struct fw_line_info {
  uint32_t off, n;     /* the line in the text */
  uint8_t kind;        /* FW_* */
  uint32_t first, lab; /* a row: its first value token, its label token */
  uint32_t ca, cb;     /* a row: its label's display columns */
} fw_line_info;

/* True if a segment [ca, cb) overlaps the columns [a, b). */
static bool fw_overlap(uint32_t ca, uint32_t cb, uint32_t a, uint32_t b) {
  return ca < b && cb > a;
}

/* True if line 'j' of the block has text in the columns [a, b). */
static bool fw_occupied(const char *text, const fw_line_info *li, uint32_t a,
                        uint32_t b) {
  if (li->kind == FW_ROW)
    return fw_overlap(li->ca, li->cb, a, b);
  if (li->kind != FW_PIECE)
    return false;
  fw_tok tok[FW_TOK];
  size_t nt = 0;
  fw_split(text + li->off, li->n, tok, &nt);
  for (size_t i = 0; i < nt; i++)
    if (fw_overlap(tok[i].ca, tok[i].cb, a, b))
      return true;
  return false;
}

/* The row a piece [ca, cb) on line i belongs to: the row above (p) or
 * below (q) whose label columns it shares, every line between them having
 * text there too; both possible (rows with no blank line between), a
 * piece opening with a numbering starts the row below. SIZE_MAX: none
 * (a group cell's piece). */
static size_t fw_owner(const char *text, const fw_line_info *li, size_t i,
                       size_t p, size_t q, uint32_t ca, uint32_t cb,
                       bool numbered) {
  bool up = p != SIZE_MAX && fw_overlap(ca, cb, li[p].ca, li[p].cb);
  for (size_t j = p + 1; up && j < i; j++)
    up = fw_occupied(text, &li[j], li[p].ca, li[p].cb);
  bool down = q != SIZE_MAX && fw_overlap(ca, cb, li[q].ca, li[q].cb);
  for (size_t j = i + 1; down && j < q; j++)
    down = fw_occupied(text, &li[j], li[q].ca, li[q].cb);
  if (up && down)
    return numbered ? q : p;
  return up ? p : down ? q : SIZE_MAX;
}

/* Appends to key[*kl..) the keys of line i's pieces owned by row r. */
static void fw_add_pieces(const char *text, const fw_line_info *li, size_t i,
                          size_t p, size_t q, size_t r, char *key, size_t *kl) {
  const char *s = text + li[i].off;
  fw_tok tok[FW_TOK];
  size_t seg[FW_TOK], nt = 0;
  fw_split(s, li[i].n, tok, &nt);
  size_t ns = fw_segments(tok, nt, seg);
  for (size_t g = 0; g < ns; g++) {
    size_t e = g + 1 < ns ? seg[g + 1] : nt;
    const fw_tok *a = &tok[seg[g]], *b = &tok[e - 1];
    char kb[16];
    int num;
    size_t kn = gk__read_key(s + a->a, a->b - a->a < 16 ? a->b - a->a : 16, kb);
    bool numbered = gk__read_numbering(kb, kn, &num) > 0;
    if (fw_owner(text, li, i, p, q, a->ca, b->cb, numbered) == r)
      *kl += gk__read_key(s + a->a, b->b - a->a, key + *kl);
  }
}

/* 只 / 记 broken over two lines is still the 只记 typo (gk__read_key
 * mends it within one piece only). */
static void fw_mend(char *k, size_t kl) {
  for (size_t i = 0; i + 6 <= kl; i++)
    if (memcmp(k + i, "\xe5\x8f\xaa\xe8\xae\xb0", 6) == 0)
      memcpy(k + i + 3, "\xe8\xae\xa1", 3);
}

/* Cuts the block text[pos..end): a row line becomes the label cell and
 * its values, every other line stays a line without cells (so later
 * lines keep their numbers), a blank line a row break. */
static gk_status cut_fw_block(struct gk__reader *rd, size_t pos, size_t end,
                              bool *brk, bool *sec_before) {
  const char *text = rd->text;
  size_t count = 0, n;
  for (size_t p = pos; p < end; p = fw_line(text, end, p, &n))
    count++;
  fw_line_info *li = gk__calloc(rd->alloc, count, sizeof(*li));
  char *key = gk__malloc(rd->alloc, end - pos + 1);
  if (!li || !key) {
    gk__free(rd->alloc, li);
    gk__free(rd->alloc, key);
    return nomem(rd);
  }
  fw_tok tok[FW_TOK];
  fw_cols cols = {0};
  size_t place[FW_TOK];
  size_t nt = 0, first = 0, lab = 0, i = 0;
  for (size_t p = pos; p < end; i++) {
    size_t next = fw_line(text, end, p, &n);
    int k = fw_kind(rd, text + p, n, &cols, tok, &nt, &first, &lab, place);
    li[i].off = (uint32_t)p;
    li[i].n = (uint32_t)n;
    li[i].kind = (uint8_t)(k == FW_OTHER ? FW_PIECE : k);
    if (k == FW_ROW) {
      li[i].first = (uint32_t)first;
      li[i].lab = (uint32_t)lab;
      li[i].ca = tok[lab].ca;
      li[i].cb = tok[first - 1].cb;
    }
    p = next;
  }
  gk_status st = GK_OK;
  size_t prev = SIZE_MAX;
  for (i = 0; i < count && !st; i++) {
    const char *s = text + li[i].off;
    gk__rline *ln = NULL;
    st = push_line(rd, &ln);
    if (st)
      break;
    ln->off = li[i].off;
    ln->len = li[i].n;
    ln->first = (uint32_t)rd->ncells;
    if (li[i].kind == FW_BLANK) {
      ln->kind = GK__LINE_BLANK;
      *brk = true;
      continue;
    }
    if (li[i].kind != FW_ROW) {
      ln->kind = GK__LINE_MDSEP; /* its pieces are in the rows' labels */
      continue;
    }
    size_t next = SIZE_MAX;
    for (size_t j = i + 1; j < count && next == SIZE_MAX; j++)
      if (li[j].kind == FW_ROW)
        next = j;
    size_t kl = 0;
    for (size_t j = prev == SIZE_MAX ? 0 : prev + 1; j < i; j++)
      if (li[j].kind == FW_PIECE)
        fw_add_pieces(text, li, j, prev, i, i, key, &kl);
    fw_kind(rd, s, li[i].n, &cols, tok, &nt, &first, &lab, place);
    const fw_tok *a = &tok[li[i].lab], *b = &tok[li[i].first - 1];
    kl += gk__read_key(s + a->a, b->b - a->a, key + kl);
    for (size_t j = i + 1; j < (next == SIZE_MAX ? count : next); j++)
      if (li[j].kind == FW_PIECE)
        fw_add_pieces(text, li, j, i, next, i, key, &kl);
    fw_mend(key, kl);
    int64_t v;
    bool yuan;
    int vkind = gk__read_value(key, kl, &v, &yuan);
    ln->kind = GK__LINE_PLAIN;
    st = push_cell_key(rd, s + a->a, b->b - a->a, 0, key, kl, vkind);
    /* each column its value, or a blank cell where the row has none */
    for (size_t c = 0, x = first; c < cols.n && !st; c++) {
      if (x < nt && place[x - first] == c) {
        st = push_cell(rd, s + tok[x].a, tok[x].b - tok[x].a, 0);
        x++;
      } else {
        st = push_cell_key(rd, s + li[i].n, 0, 0, "", 0, GK__V_BLANK);
      }
    }
    if (!st)
      end_line(rd, brk, sec_before);
    prev = i;
  }
  gk__free(rd->alloc, li);
  gk__free(rd->alloc, key);
  return st;
}

/* True if the text's tabs are indentation: a crawler's text of a web
 * page keeps the page source's white space, so every cell stands on a
 * line of its own led by several tabs, between lines of tabs and spaces
 * only. Tika's text never has either (a cell line is led by one tab, a
 * blank cell is one tab alone), so a fifth of the first lines so shaped
 * decides. Such lines are then read trimmed: one cell a line. */
static bool indented_source(const char *text, size_t len) {
  size_t lines = 0, shaped = 0, pos = 0;
  while (pos < len && lines < 4000) {
    const char *s = text + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    pos += n + 1;
    if (n && s[n - 1] == '\r')
      n--;
    if (!n)
      continue;
    lines++;
    if (s[0] != '\t' && s[0] != ' ')
      continue;
    size_t lead = 0, tabs = 0;
    while (lead < n && (s[lead] == '\t' || s[lead] == ' '))
      tabs += s[lead++] == '\t';
    if (tabs && (lead == n ? lead >= 2 : tabs >= 2))
      shaped++;
  }
  return shaped >= 8 && shaped * 5 >= lines;
}

gk_status gk__read_cut(struct gk__reader *rd) {
  const char *text = rd->text;
  size_t len = rd->tlen, pos = 0;
  bool brk = true, sec = false, grid = false, md_closed = false;
  size_t fw_seen = 0; /* fixed-width rows scanned up to here */
  GK__DOING(rd, "切分行与单元格", "cutting lines into cells");
  rd->indented = indented_source(text, len);
  /* most texts have no CR: no line then needs a search for one */
  bool any_cr = memchr(text, '\r', len) != NULL;
  /* A reused reader keeps its buffers: allocate only what grows. */
  if (!reserve(rd, (void **)&rd->lines, &rd->lines_cap, len / 40 + 16,
               sizeof(*rd->lines)) ||
      !reserve(rd, (void **)&rd->cells, &rd->cells_cap, len / 20 + 16,
               sizeof(*rd->cells)) ||
      !reserve(rd, (void **)&rd->keys, &rd->kcap, len + 16, 1))
    return nomem(rd);
  while (pos < len) {
    const char *s = text + pos;
    size_t rest = len - pos;
    const char *nl = memchr(s, '\n', rest);
    size_t n = nl ? (size_t)(nl - s) : rest;
    size_t next = pos + n + (nl ? 1 : 0);
    const char *cr = any_cr ? memchr(s, '\r', n) : NULL;
    if (cr) {
      /* CRLF, or a lone CR (old Mac text) ending the line early */
      size_t at = (size_t)(cr - s);
      if (at + 1 == n && nl) {
        n = at;
      } else {
        n = at;
        next = pos + at + 1;
      }
    }
    if (n > rd->limits.max_line_bytes) {
      char ex[64];
      gk__excerpt(ex, sizeof(ex), s, n, 60);
      return gk__fail(rd->err, GK_E_TOO_LARGE, (int64_t)rd->nlines + 1, 1,
                      (int64_t)pos,
                      "第 %zu 行过长：%zu 字节，上限 %zu 字节：%s",
                      "line %zu too long: %zu bytes, limit %zu: %s",
                      rd->nlines + 1, n, rd->limits.max_line_bytes, ex);
    }
    /* The line trimmed once: most lines open with no character a border,
     * a grid row or a markdown row can open with (the tests below would
     * each trim and give up at that character). */
    size_t ln_n = n;
    const char *ln_s = gk__read_trim(s, &ln_n);
    unsigned char t0 = ln_n ? (unsigned char)ln_s[0] : 0;
    bool drawn = t0 == '-' || t0 == '=' || t0 == '+' || t0 == ':' ||
                 t0 == '|' || t0 == 0xe2;
    /* a grid table: borders, and bands of lines between them */
    if (drawn && (grid_border(s, n, !grid) || (grid && grid_partial(s, n)))) {
      gk__rline *ln = NULL;
      gk_status st = push_line(rd, &ln);
      if (st)
        return st;
      ln->off = (uint32_t)pos;
      ln->len = (uint32_t)n;
      ln->kind = GK__LINE_MDSEP;
      ln->first = (uint32_t)rd->ncells;
      grid = true;
      brk = true;
      pos = next;
      continue;
    }
    if (grid && drawn && grid_content(s, n)) {
      size_t end = next;
      while (end < len) {
        const char *t = text + end;
        const char *tn = memchr(t, '\n', len - end);
        size_t m = tn ? (size_t)(tn - t) : len - end;
        if (!grid_content(t, m))
          break;
        end += m + (tn ? 1 : 0);
      }
      size_t band_end = end && text[end - 1] == '\n' ? end - 1 : end;
      gk_status st = cut_grid_band(rd, pos, band_end, &brk, &sec);
      if (st)
        return st;
      brk = true;
      pos = end;
      continue;
    }
    grid = false;
    /* a fixed-width table with wrapped labels (a dump without borders) */
    if (!rd->indented && pos >= fw_seen) {
      size_t fw_end = fw_block(rd, pos, &fw_seen);
      if (fw_end) {
        gk_status st = cut_fw_block(rd, pos, fw_end, &brk, &sec);
        if (st)
          return st;
        pos = fw_end;
        continue;
      }
    }
    size_t more = 0;
    size_t joined =
        t0 == '|' ? md_wrapped(text, len, s, n, next, md_closed, &more) : 0;
    gk_status st = cut_line(rd, s, joined ? joined : n, &brk, &sec);
    /* a table's rows close with a pipe when its last line did */
    size_t tn = joined ? joined : ln_n;
    const char *t = joined ? gk__read_trim(s, &tn) : ln_s;
    if (tn)
      md_closed = t[0] == '|' && tn > 1 && t[tn - 1] == '|';
    for (size_t k = 0; !st && k < more; k++) {
      /* the continuation's lines, kept so later lines keep their numbers */
      gk__rline *ln = NULL;
      st = push_line(rd, &ln);
      if (!st) {
        ln->off = (uint32_t)(s + joined - text);
        ln->kind = GK__LINE_MDSEP;
        ln->first = (uint32_t)rd->ncells;
      }
      const char *nl2 = memchr(text + next, '\n', len - next);
      next = nl2 ? (size_t)(nl2 - text) + 1 : len;
    }
    if (st)
      return st;
    pos = next;
  }
  return GK_OK;
}
