/* docx_numbering.c: Word's automatic numbering, rebuilt for the .docx
 * reader: the 一、 （一） 1. that Word shows before a paragraph but that
 * stand in word/numbering.xml, not in the text.
 *
 * Source of truth: ECMA-376 Part 1 §17.9 (numbering: w:abstractNum, w:lvl,
 * w:start, w:numFmt, w:lvlText, w:lvlRestart, w:isLgl, w:suff, w:pStyle;
 * w:num, w:abstractNumId, w:lvlOverride, w:startOverride), §17.7 (styles:
 * w:style, w:basedOn, w:pPr/w:numPr), §17.18.59 (ST_NumberFormat).
 *
 * Design: both parts are streamed once (gk__docx_walk_part: same safe
 * options and limits as word/document.xml) into flat arrays sorted by id;
 * a paragraph's label is then a binary search and a few counters.
 * Counters: a w:num without w:lvlOverride counts with its abstractNum (Word
 * continues one list across the w:num that share an abstractNum); a w:num
 * with overrides counts on its own from its w:startOverride values (Word's
 * "restart numbering"). Using a level restarts the deeper ones (unless
 * their w:lvlRestart says otherwise). Anything the parts refer to that
 * does not exist (an unknown w:numId or abstractNum, an undefined level,
 * ilvl outside 0..8) gives no label; numbers are clamped to 0..INT32_MAX;
 * a format gongkai does not know is written in decimal. */
#include "docx_internal.h"

#include <stdlib.h>
#include <string.h>

#define NUMBERING_PART "word/numbering.xml"
#define STYLES_PART "word/styles.xml"
#define NLVL 9         /* levels 0..8 */
#define MAX_LVLTEXT 64 /* bytes of a w:lvlText kept (Word allows 255) */
#define MAX_BASED 32   /* w:basedOn hops followed (a cycle stops there) */
/* Entries kept per kind (abstractNum, num, style): a tiny element makes
 * a ~260-byte entry, so a bomb-sized part must not become gigabytes.
 * Word documents hold tens; 65536 lists is far beyond any real one. */
#define MAX_ENTRIES 65536
#define MAX_POOL ((size_t)16 << 20) /* bytes of lvlText and style names */

enum {
  F_DECIMAL = 0,
  F_DECIMAL_ZERO,
  F_FULLWIDTH,
  F_CHINESE,       /* chineseCounting, chineseCountingThousand */
  F_CHINESE_LEGAL, /* chineseLegalSimplified: 壹贰叁 */
  F_JAPANESE,      /* japaneseCounting: 百 without 一 */
  F_IDEO_DIGITAL,  /* digit by digit: 一〇 */
  F_TRAD,          /* ideographTraditional: 甲乙丙 */
  F_ZODIAC,        /* ideographZodiac: 子丑寅 */
  F_LOWER_LETTER,
  F_UPPER_LETTER,
  F_LOWER_ROMAN,
  F_UPPER_ROMAN,
  F_CIRCLE,     /* decimalEnclosedCircle: ① */
  F_PAREN,      /* decimalEnclosedParen: ⑴ */
  F_FULLSTOP,   /* decimalEnclosedFullstop: ⒈ */
  F_IDEO_CIRCLE, /* ideographEnclosedCircle: ㈠ */
  F_BULLET,
  F_NONE
};

static const struct {
  const char *name;
  uint8_t fmt;
} formats[] = {
    {"decimal", F_DECIMAL},
    {"decimalZero", F_DECIMAL_ZERO},
    {"decimalFullWidth", F_FULLWIDTH},
    {"decimalFullWidth2", F_FULLWIDTH},
    {"decimalHalfWidth", F_DECIMAL},
    {"chineseCounting", F_CHINESE},
    {"chineseCountingThousand", F_CHINESE},
    {"taiwaneseCounting", F_CHINESE},
    {"taiwaneseCountingThousand", F_CHINESE},
    {"chineseLegalSimplified", F_CHINESE_LEGAL},
    {"japaneseCounting", F_JAPANESE},
    {"ideographDigital", F_IDEO_DIGITAL},
    {"taiwaneseDigital", F_IDEO_DIGITAL},
    {"ideographTraditional", F_TRAD},
    {"ideographZodiac", F_ZODIAC},
    {"lowerLetter", F_LOWER_LETTER},
    {"upperLetter", F_UPPER_LETTER},
    {"lowerRoman", F_LOWER_ROMAN},
    {"upperRoman", F_UPPER_ROMAN},
    {"decimalEnclosedCircle", F_CIRCLE},
    {"decimalEnclosedCircleChinese", F_CIRCLE},
    {"decimalEnclosedParen", F_PAREN},
    {"decimalEnclosedFullstop", F_FULLSTOP},
    {"ideographEnclosedCircle", F_IDEO_CIRCLE},
    {"bullet", F_BULLET},
    {"none", F_NONE},
};

enum { SUFF_TAB = 0, SUFF_SPACE, SUFF_NOTHING };

typedef struct lvl {
  int32_t start;       /* w:start (0 when absent, as the standard says) */
  uint32_t text;       /* w:lvlText: offset in the pool */
  uint32_t pstyle;     /* w:pStyle linking a paragraph style: offset */
  uint16_t text_len;   /* bytes */
  uint16_t pstyle_len; /* bytes, 0: none */
  int8_t restart;      /* w:lvlRestart, -1 when absent */
  uint8_t fmt;         /* F_* */
  uint8_t suff;        /* SUFF_* */
  bool lgl;            /* w:isLgl: every level in decimal */
  bool defined;        /* the w:lvl exists */
} lvl;

typedef struct counters {
  int32_t val[NLVL]; /* current value of each level */
  uint16_t on;       /* bit k: level k counted since its last restart */
} counters;

typedef struct abstract {
  int32_t id;     /* w:abstractNumId */
  lvl lv[NLVL];
  counters c;     /* shared by its w:num without overrides */
} abstract;

typedef struct num {
  int32_t id;            /* w:numId */
  int32_t abs_id;        /* w:abstractNumId, -1 if none */
  int32_t abs;           /* index in abs[], -1 if unknown */
  int32_t start[NLVL];   /* w:startOverride */
  uint16_t over;         /* bit k: level k overridden */
  counters c;            /* its own counters when it overrides */
} num;

typedef struct style {
  uint32_t id, based;          /* w:styleId, w:basedOn: pool offsets */
  bool has_based, deflt;       /* w:basedOn present; w:default="1" */
  int32_t num, ilvl;           /* its own w:numPr, -1 if absent */
  int32_t rnum, rilvl;         /* after w:basedOn inheritance */
  const char *idp;             /* id as a C string, once the pool is final */
} style;

struct gk__numbering {
  const gk_alloc *alloc;
  gk__buf abs;    /* abstract[] sorted by id */
  gk__buf nums;   /* num[] sorted by id */
  gk__buf styles; /* style[] (paragraph styles) sorted by id */
  gk__buf pool;   /* strings, each NUL-terminated */
  size_t nabs, nnums, nstyles;
  const style *deflt; /* the default paragraph style, or NULL */
  /* parse state */
  int32_t cur_abs, cur_lvl, cur_num, cur_ovr, cur_style;
  int style_depth; /* depth of the open w:style */
  bool in_ppr;     /* in the open style's own w:pPr */
};

/* === Parsing === */

/* w:val of a decimal attribute, clamped to [lo, hi], or 'dflt'. */
static int64_t attr_int(xmlTextReaderPtr xr, const char *name, int64_t lo,
                        int64_t hi, int64_t dflt) {
  xmlChar *v = gk__docx_attr(xr, name);
  const char *s = (const char *)v;
  int64_t n = dflt;
  if (s) {
    while (*s == ' ')
      s++;
    bool neg = *s == '-';
    if (neg || *s == '+')
      s++;
    if (*s >= '0' && *s <= '9') {
      n = 0;
      for (; *s >= '0' && *s <= '9'; s++)
        if (n < ((int64_t)1 << 40))
          n = n * 10 + (*s - '0');
      n = neg ? -n : n;
      n = n < lo ? lo : n > hi ? hi : n;
    }
  }
  xmlFree(v);
  return n;
}

/* w:val of an on/off property: absent means on. */
static bool attr_on(xmlTextReaderPtr xr) {
  xmlChar *v = gk__docx_attr(xr, "val");
  const char *s = (const char *)v;
  bool on = !s || !(strcmp(s, "0") == 0 || strcmp(s, "false") == 0 ||
                    strcmp(s, "off") == 0);
  xmlFree(v);
  return on;
}

/* Copies w:NAME into the pool (at most 'max' bytes, cut on a UTF-8
 * boundary), NUL-terminated; '*off' and '*len' say where. */
static gk_status pool_attr(gk__numbering *n, xmlTextReaderPtr xr,
                           const char *name, size_t max, uint32_t *off,
                           uint16_t *len) {
  xmlChar *v = gk__docx_attr(xr, name);
  const char *s = v ? (const char *)v : "";
  size_t l = strlen(s);
  if (l > max) {
    l = max;
    while (l && ((unsigned char)s[l] & 0xC0) == 0x80)
      l--;
  }
  gk_status st = GK_OK;
  if (n->pool.len + l + 1 > UINT32_MAX) {
    st = GK_E_TOO_LARGE;
  } else {
    *off = (uint32_t)n->pool.len;
    *len = (uint16_t)l;
    st = gk__buf_add(&n->pool, s, l);
    if (!st)
      st = gk__buf_addc(&n->pool, '\0');
  }
  xmlFree(v);
  return st;
}

static abstract *abs_at(gk__numbering *n, int32_t i) {
  return (abstract *)n->abs.data + i;
}

static num *num_at(gk__numbering *n, int32_t i) {
  return (num *)n->nums.data + i;
}

static style *style_at(gk__numbering *n, int32_t i) {
  return (style *)n->styles.data + i;
}

/* What a w:lvl of an abstractNum says. */
static gk_status on_lvl_child(gk__numbering *n, xmlTextReaderPtr xr,
                              const char *l) {
  lvl *v = &abs_at(n, n->cur_abs)->lv[n->cur_lvl];
  if (strcmp(l, "start") == 0) {
    v->start = (int32_t)attr_int(xr, "val", 0, INT32_MAX, 0);
  } else if (strcmp(l, "numFmt") == 0) {
    xmlChar *f = gk__docx_attr(xr, "val");
    v->fmt = F_DECIMAL; /* a format gongkai does not know */
    for (size_t i = 0; f && i < sizeof(formats) / sizeof(formats[0]); i++)
      if (strcmp((const char *)f, formats[i].name) == 0)
        v->fmt = formats[i].fmt;
    xmlFree(f);
  } else if (strcmp(l, "lvlText") == 0) {
    return pool_attr(n, xr, "val", MAX_LVLTEXT, &v->text, &v->text_len);
  } else if (strcmp(l, "lvlRestart") == 0) {
    v->restart = (int8_t)attr_int(xr, "val", 0, NLVL, -1);
  } else if (strcmp(l, "isLgl") == 0) {
    v->lgl = attr_on(xr);
  } else if (strcmp(l, "suff") == 0) {
    xmlChar *f = gk__docx_attr(xr, "val");
    const char *s = f ? (const char *)f : "tab";
    v->suff = strcmp(s, "nothing") == 0 ? SUFF_NOTHING
              : strcmp(s, "space") == 0 ? SUFF_SPACE
                                        : SUFF_TAB;
    xmlFree(f);
  } else if (strcmp(l, "pStyle") == 0) {
    return pool_attr(n, xr, "val", 255, &v->pstyle, &v->pstyle_len);
  }
  return GK_OK;
}

static gk_status numbering_start(gk__numbering *n, xmlTextReaderPtr xr,
                                 const char *l, bool empty) {
  gk_status st = GK_OK;
  if (strcmp(l, "abstractNum") == 0) {
    abstract a;
    memset(&a, 0, sizeof(a));
    a.id = (int32_t)attr_int(xr, "abstractNumId", INT32_MIN, INT32_MAX, -1);
    st = gk__buf_add(&n->abs, &a, sizeof(a));
    n->cur_abs = empty || st ? -1 : (int32_t)n->nabs;
    n->nabs += !st;
    n->cur_lvl = -1;
    n->cur_num = -1;
  } else if (strcmp(l, "num") == 0) {
    num m;
    memset(&m, 0, sizeof(m));
    m.id = (int32_t)attr_int(xr, "numId", INT32_MIN, INT32_MAX, -1);
    m.abs_id = -1;
    m.abs = -1;
    st = gk__buf_add(&n->nums, &m, sizeof(m));
    n->cur_num = empty || st ? -1 : (int32_t)n->nnums;
    n->nnums += !st;
    n->cur_abs = -1;
    n->cur_lvl = -1;
    n->cur_ovr = -1;
  } else if (n->cur_num >= 0) {
    num *m = num_at(n, n->cur_num);
    if (strcmp(l, "abstractNumId") == 0) {
      m->abs_id = (int32_t)attr_int(xr, "val", INT32_MIN, INT32_MAX, -1);
    } else if (strcmp(l, "lvlOverride") == 0) {
      int64_t k = attr_int(xr, "ilvl", -1, 1000, -1);
      n->cur_ovr = !empty && k >= 0 && k < NLVL ? (int32_t)k : -1;
    } else if (strcmp(l, "startOverride") == 0 && n->cur_ovr >= 0) {
      m->start[n->cur_ovr] = (int32_t)attr_int(xr, "val", 0, INT32_MAX, 0);
      m->over |= (uint16_t)(1u << n->cur_ovr);
    }
    /* a whole w:lvl inside w:lvlOverride is not read (gongkai's gap) */
  } else if (n->cur_abs >= 0) {
    if (strcmp(l, "lvl") == 0) {
      int64_t k = attr_int(xr, "ilvl", -1, 1000, -1);
      n->cur_lvl = k >= 0 && k < NLVL ? (int32_t)k : -1;
      if (n->cur_lvl >= 0) {
        lvl *v = &abs_at(n, n->cur_abs)->lv[n->cur_lvl];
        memset(v, 0, sizeof(*v));
        v->restart = -1;
        v->defined = true;
        if (empty)
          n->cur_lvl = -1;
      }
    } else if (n->cur_lvl >= 0) {
      st = on_lvl_child(n, xr, l);
    }
  }
  return st;
}

static void numbering_end(gk__numbering *n, const char *l) {
  if (strcmp(l, "abstractNum") == 0) {
    n->cur_abs = -1;
    n->cur_lvl = -1;
  } else if (strcmp(l, "lvl") == 0) {
    n->cur_lvl = -1;
  } else if (strcmp(l, "num") == 0) {
    n->cur_num = -1;
  } else if (strcmp(l, "lvlOverride") == 0) {
    n->cur_ovr = -1;
  }
}

static gk_status on_numbering(void *ud, xmlTextReaderPtr xr, int type,
                              bool *skip) {
  gk__numbering *n = ud;
  (void)skip;
  if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
    return GK_OK;
  if (!gk__docx_is_w(xmlTextReaderConstNamespaceUri(xr)))
    return GK_OK;
  const char *l = (const char *)xmlTextReaderConstLocalName(xr);
  if (!l)
    return GK_OK;
  if (type == XML_READER_TYPE_END_ELEMENT) {
    numbering_end(n, l);
    return GK_OK;
  }
  return numbering_start(n, xr, l, xmlTextReaderIsEmptyElement(xr) == 1);
}

/* word/styles.xml: paragraph styles, their w:basedOn and their own
 * w:pPr/w:numPr (not those of w:tblStylePr, one level deeper). */
static gk_status on_styles(void *ud, xmlTextReaderPtr xr, int type,
                           bool *skip) {
  gk__numbering *n = ud;
  (void)skip;
  if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
    return GK_OK;
  if (!gk__docx_is_w(xmlTextReaderConstNamespaceUri(xr)))
    return GK_OK;
  const char *l = (const char *)xmlTextReaderConstLocalName(xr);
  int depth = xmlTextReaderDepth(xr);
  if (!l)
    return GK_OK;
  if (type == XML_READER_TYPE_END_ELEMENT) {
    if (strcmp(l, "style") == 0)
      n->cur_style = -1;
    else if (strcmp(l, "pPr") == 0 && depth == n->style_depth + 1)
      n->in_ppr = false;
    return GK_OK;
  }
  bool empty = xmlTextReaderIsEmptyElement(xr) == 1;
  gk_status st = GK_OK;
  if (strcmp(l, "style") == 0) {
    n->cur_style = -1;
    n->in_ppr = false;
    xmlChar *t = gk__docx_attr(xr, "type");
    bool para = !t || strcmp((const char *)t, "paragraph") == 0;
    xmlFree(t);
    if (!para)
      return GK_OK;
    style s;
    memset(&s, 0, sizeof(s));
    s.num = s.ilvl = -1;
    xmlChar *d = gk__docx_attr(xr, "default");
    s.deflt = d && (strcmp((const char *)d, "1") == 0 ||
                    strcmp((const char *)d, "true") == 0 ||
                    strcmp((const char *)d, "on") == 0);
    xmlFree(d);
    uint16_t len;
    st = pool_attr(n, xr, "styleId", 255, &s.id, &len);
    if (!st)
      st = gk__buf_add(&n->styles, &s, sizeof(s));
    if (!st && !empty) {
      n->cur_style = (int32_t)n->nstyles;
      n->style_depth = depth;
    }
    n->nstyles += !st;
  } else if (n->cur_style >= 0) {
    style *s = style_at(n, n->cur_style);
    if (depth == n->style_depth + 1 && strcmp(l, "basedOn") == 0) {
      uint16_t len;
      st = pool_attr(n, xr, "val", 255, &s->based, &len);
      s->has_based = !st;
    } else if (depth == n->style_depth + 1 && strcmp(l, "pPr") == 0) {
      n->in_ppr = !empty;
    } else if (n->in_ppr && strcmp(l, "numId") == 0) {
      s->num = (int32_t)attr_int(xr, "val", -1, INT32_MAX, -1);
    } else if (n->in_ppr && strcmp(l, "ilvl") == 0) {
      s->ilvl = (int32_t)attr_int(xr, "val", -1, INT32_MAX, -1);
    }
  }
  return st;
}

/* === Look-ups === */

static int cmp_abs(const void *a, const void *b) {
  int32_t x = ((const abstract *)a)->id, y = ((const abstract *)b)->id;
  return (x > y) - (x < y);
}

static int cmp_num(const void *a, const void *b) {
  int32_t x = ((const num *)a)->id, y = ((const num *)b)->id;
  return (x > y) - (x < y);
}

static int cmp_style(const void *a, const void *b) {
  return strcmp(((const style *)a)->idp, ((const style *)b)->idp);
}

static int32_t find_abs(gk__numbering *n, int32_t id) {
  size_t lo = 0, hi = n->nabs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int32_t v = abs_at(n, (int32_t)mid)->id;
    if (v == id)
      return (int32_t)mid;
    if (v < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static num *find_num(gk__numbering *n, int32_t id) {
  size_t lo = 0, hi = n->nnums;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    num *m = num_at(n, (int32_t)mid);
    if (m->id == id)
      return m;
    if (m->id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

static style *find_style(gk__numbering *n, const char *id) {
  size_t lo = 0, hi = n->nstyles;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    style *s = style_at(n, (int32_t)mid);
    int c = strcmp(s->idp, id);
    if (c == 0)
      return s;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Sorts what was read and resolves references once the pool is final. */
static void finish(gk__numbering *n) {
  if (n->nabs)
    qsort(n->abs.data, n->nabs, sizeof(abstract), cmp_abs);
  if (n->nnums)
    qsort(n->nums.data, n->nnums, sizeof(num), cmp_num);
  for (size_t i = 0; i < n->nnums; i++) {
    num *m = num_at(n, (int32_t)i);
    m->abs = find_abs(n, m->abs_id);
  }
  for (size_t i = 0; i < n->nstyles; i++) {
    style *s = style_at(n, (int32_t)i);
    s->idp = n->pool.data + s->id;
  }
  if (n->nstyles)
    qsort(n->styles.data, n->nstyles, sizeof(style), cmp_style);
  n->deflt = NULL;
  for (size_t i = 0; i < n->nstyles; i++) {
    style *s = style_at(n, (int32_t)i);
    s->rnum = s->num;
    s->rilvl = s->ilvl;
    const style *p = s;
    for (int hop = 0; hop < MAX_BASED && (s->rnum < 0 || s->rilvl < 0) &&
                      p->has_based;
         hop++) {
      p = find_style(n, n->pool.data + p->based);
      if (!p)
        break;
      if (s->rnum < 0)
        s->rnum = p->num;
      if (s->rilvl < 0)
        s->rilvl = p->ilvl;
    }
    if (s->deflt && !n->deflt)
      n->deflt = s;
  }
}

gk_status gk__numbering_read(gk__numbering **out, const gk_alloc *a,
                             gk__pkgr *pkg, const gk_limits *lim,
                             gk_error *err) {
  *out = NULL;
  if (!gk__pkgr_has(pkg, NUMBERING_PART))
    return GK_OK;
  gk__numbering *n = gk__calloc(a, 1, sizeof(*n));
  if (!n)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "读取 .docx 时内存不足",
                    "out of memory reading the .docx");
  n->alloc = a;
  gk__buf_init(&n->abs, a, MAX_ENTRIES * sizeof(abstract));
  gk__buf_init(&n->nums, a, MAX_ENTRIES * sizeof(num));
  gk__buf_init(&n->styles, a, MAX_ENTRIES * sizeof(style));
  gk__buf_init(&n->pool, a, MAX_POOL);
  n->cur_abs = n->cur_lvl = n->cur_num = n->cur_ovr = n->cur_style = -1;
  const char *part = NUMBERING_PART;
  gk_status st = gk__docx_walk_part(pkg, part, lim, err, on_numbering, n);
  if (!st && gk__pkgr_has(pkg, STYLES_PART)) {
    part = STYLES_PART;
    st = gk__docx_walk_part(pkg, part, lim, err, on_styles, n);
  }
  if (st == GK_E_NOMEM)
    gk__fail(err, st, 0, 0, -1, "读取 .docx 时内存不足",
             "out of memory reading the .docx");
  else if (st == GK_E_TOO_LARGE) /* said already if the archive was */
    gk__fail(err, st, 0, 0, -1, "%s 的编号或样式定义超过 %d 个",
             "%s holds more than %d numbering or style definitions", part,
             MAX_ENTRIES);
  if (st) {
    gk__numbering_free(n);
    return st;
  }
  finish(n);
  *out = n;
  return GK_OK;
}

void gk__numbering_free(gk__numbering *n) {
  if (!n)
    return;
  gk__buf_free(&n->abs);
  gk__buf_free(&n->nums);
  gk__buf_free(&n->styles);
  gk__buf_free(&n->pool);
  gk__free(n->alloc, n);
}

/* === Formatting numbers === */

static size_t put_cp(char *o, uint32_t cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  o[0] = (char)(0xE0 | (cp >> 12));
  o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

static size_t put_s(char *o, const char *s) {
  size_t l = strlen(s);
  memcpy(o, s, l);
  return l;
}

/* Chinese (and Japanese) counting of 0..99999: 十一, 二十, 一百零五. */
static size_t counting(char *o, uint32_t v, const char *const dig[10],
                       const char *const unit[4], bool legal, bool japanese) {
  if (v == 0)
    return put_s(o, dig[0]);
  const uint32_t p[5] = {v / 10000 % 10, v / 1000 % 10, v / 100 % 10,
                         v / 10 % 10, v % 10};
  size_t k = 0;
  bool started = false, gap = false;
  for (int i = 0; i < 5; i++) {
    int pos = 4 - i; /* 4 万, 3 千, 2 百, 1 十, 0 units */
    if (p[i] == 0) {
      gap = started;
      continue;
    }
    if (gap && !japanese)
      k += put_s(o + k, legal ? dig[0] : "零");
    gap = false;
    /* 十一 not 一十一 when the tens lead (壹拾壹 in the legal form);
     * Japanese drops 一 before 十百千 */
    bool one_dropped = p[i] == 1 && pos >= 1 && pos <= 3 &&
                       (japanese || (pos == 1 && !started && !legal));
    if (!one_dropped)
      k += put_s(o + k, dig[p[i]]);
    if (pos > 0)
      k += put_s(o + k, unit[pos - 1]);
    started = true;
  }
  return k;
}

static const char *const zh_dig[10] = {"〇", "一", "二", "三", "四",
                                       "五", "六", "七", "八", "九"};
static const char *const zh_unit[4] = {"十", "百", "千", "万"};
static const char *const legal_dig[10] = {"零", "壹", "贰", "叁", "肆",
                                          "伍", "陆", "柒", "捌", "玖"};
static const char *const legal_unit[4] = {"拾", "佰", "仟", "万"};

/* Writes 'v' in format 'fmt' into 'o' (room for 64 bytes). */
static size_t format_number(char *o, int fmt, int32_t v) {
  uint32_t u = (uint32_t)v; /* never negative: clamped when read */
  switch (fmt) {
  case F_DECIMAL_ZERO:
    if (u < 10) {
      o[0] = '0';
      o[1] = (char)('0' + u);
      return 2;
    }
    break;
  case F_FULLWIDTH: {
    char d[20];
    size_t n = gk__fmt_u64(d, u), k = 0;
    for (size_t i = 0; i < n; i++)
      k += put_cp(o + k, 0xFF10 + (uint32_t)(d[i] - '0'));
    return k;
  }
  case F_CHINESE:
    if (u < 100000)
      return counting(o, u, zh_dig, zh_unit, false, false);
    break;
  case F_CHINESE_LEGAL:
    if (u < 100000)
      return counting(o, u, legal_dig, legal_unit, true, false);
    break;
  case F_JAPANESE:
    if (u < 100000)
      return counting(o, u, zh_dig, zh_unit, false, true);
    break;
  case F_IDEO_DIGITAL: {
    char d[20];
    size_t n = gk__fmt_u64(d, u), k = 0;
    for (size_t i = 0; i < n; i++)
      k += put_s(o + k, zh_dig[d[i] - '0']);
    return k;
  }
  case F_TRAD:
    if (u >= 1)
      return put_cp(o, (const uint32_t[]){0x7532, 0x4E59, 0x4E19, 0x4E01,
                                          0x620A, 0x5DF1, 0x5E9A, 0x8F9B,
                                          0x58EC, 0x7678}[(u - 1) % 10]);
    break;
  case F_ZODIAC:
    if (u >= 1)
      return put_cp(o, (const uint32_t[]){0x5B50, 0x4E11, 0x5BC5, 0x536F,
                                          0x8FB0, 0x5DF3, 0x5348, 0x672A,
                                          0x7533, 0x9149, 0x620C,
                                          0x4EA5}[(u - 1) % 12]);
    break;
  case F_LOWER_LETTER:
  case F_UPPER_LETTER:
    /* a..z, then aa..zz, aaa..: the letter repeated */
    if (u >= 1 && u <= 26 * 20) {
      char c = (char)((fmt == F_LOWER_LETTER ? 'a' : 'A') + (u - 1) % 26);
      size_t k = (u - 1) / 26 + 1;
      memset(o, c, k);
      return k;
    }
    break;
  case F_LOWER_ROMAN:
  case F_UPPER_ROMAN:
    if (u >= 1 && u < 4000) {
      static const uint32_t val[] = {1000, 900, 500, 400, 100, 90, 50,
                                     40,   10,  9,   5,   4,   1};
      static const char *const up[] = {"M",  "CM", "D",  "CD", "C",
                                       "XC", "L",  "XL", "X",  "IX",
                                       "V",  "IV", "I"};
      size_t k = 0;
      for (size_t i = 0; i < 13; i++)
        while (u >= val[i]) {
          for (const char *s = up[i]; *s; s++)
            o[k++] = fmt == F_LOWER_ROMAN ? (char)(*s - 'A' + 'a') : *s;
          u -= val[i];
        }
      return k;
    }
    break;
  case F_CIRCLE:
    if (u >= 1 && u <= 20)
      return put_cp(o, 0x2460 + u - 1);
    if (u >= 21 && u <= 35)
      return put_cp(o, 0x3251 + u - 21);
    if (u >= 36 && u <= 50)
      return put_cp(o, 0x32B1 + u - 36);
    break;
  case F_PAREN:
    if (u >= 1 && u <= 20)
      return put_cp(o, 0x2474 + u - 1);
    {
      size_t k = 0;
      o[k++] = '(';
      k += gk__fmt_u64(o + k, u);
      o[k++] = ')';
      return k;
    }
  case F_FULLSTOP:
    if (u >= 1 && u <= 20)
      return put_cp(o, 0x2488 + u - 1);
    {
      size_t k = gk__fmt_u64(o, u);
      o[k++] = '.';
      return k;
    }
  case F_IDEO_CIRCLE:
    if (u >= 1 && u <= 10)
      return put_cp(o, 0x3220 + u - 1);
    break;
  case F_BULLET:
  case F_NONE:
    return 0;
  default:
    break;
  }
  return gk__fmt_u64(o, u);
}

/* === Labels === */

static int32_t start_of(const abstract *ab, const num *m, int k) {
  return (m->over >> k) & 1u ? m->start[k] : ab->lv[k].start;
}

/* The level a style is linked to by a w:lvl/w:pStyle, else 0. */
static int32_t linked_level(gk__numbering *n, const abstract *ab,
                            const style *s) {
  for (int k = 0; s && k < NLVL; k++)
    if (ab->lv[k].defined && ab->lv[k].pstyle_len &&
        strcmp(n->pool.data + ab->lv[k].pstyle, s->idp) == 0)
      return k;
  return 0;
}

size_t gk__numbering_label(gk__numbering *n, const char *style_id,
                           int32_t num_id, int32_t ilvl, char *out) {
  if (!n)
    return 0;
  const style *s =
      style_id && *style_id ? find_style(n, style_id) : n->deflt;
  int32_t nid = num_id >= 0 ? num_id : s ? s->rnum : -1;
  if (nid <= 0) /* numId 0 takes a style's numbering away */
    return 0;
  num *m = find_num(n, nid);
  if (!m || m->abs < 0)
    return 0;
  abstract *ab = abs_at(n, m->abs);
  int32_t lv = ilvl;
  if (lv < 0)
    lv = s && s->rnum == nid && s->rilvl >= 0 ? s->rilvl
                                              : linked_level(n, ab, s);
  if (lv >= NLVL || !ab->lv[lv].defined)
    return 0;
  /* count: the level goes on (or starts), the deeper ones restart */
  counters *c = m->over ? &m->c : &ab->c;
  if ((c->on >> lv) & 1u) {
    if (c->val[lv] < INT32_MAX)
      c->val[lv]++;
  } else {
    c->val[lv] = start_of(ab, m, lv);
    c->on |= (uint16_t)(1u << lv);
  }
  for (int d = lv + 1; d < NLVL; d++) {
    int r = ab->lv[d].restart;
    if (r < 0 || (r > 0 && lv < r))
      c->on &= (uint16_t)~(1u << d);
  }
  const lvl *v = &ab->lv[lv];
  if (v->fmt == F_BULLET || v->fmt == F_NONE || !v->text_len)
    return 0;
  /* the text: %1..%9 are the levels' values in their formats */
  const char *t = n->pool.data + v->text;
  size_t k = 0;
  for (size_t i = 0; i < v->text_len; i++) {
    char num_s[64];
    size_t nl = 0;
    const char *src = t + i;
    if (t[i] == '%' && i + 1 < v->text_len && t[i + 1] >= '1' &&
        t[i + 1] <= '9') {
      int lk = t[i + 1] - '1';
      int32_t val = (c->on >> lk) & 1u ? c->val[lk] : start_of(ab, m, lk);
      int fmt = v->lgl ? F_DECIMAL : ab->lv[lk].fmt;
      nl = format_number(num_s, fmt, val);
      src = num_s;
      i++;
    } else if (t[i] == '\t' || t[i] == '\n' || t[i] == '\r') {
      src = " "; /* would cut cells and lines the document does not cut */
      nl = 1;
    } else {
      nl = 1;
    }
    if (k + nl + 2 > GK__LABEL_MAX) {
      /* too long: cut before a character left incomplete */
      size_t j = k;
      while (j && ((unsigned char)out[j - 1] & 0xC0) == 0x80)
        j--;
      if (j) {
        unsigned char lead = (unsigned char)out[j - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (j - 1 + want > k)
          k = j - 1;
      }
      break;
    }
    memcpy(out + k, src, nl);
    k += nl;
  }
  if (!k)
    return 0;
  if (v->suff != SUFF_NOTHING)
    out[k++] = ' '; /* a tab after the label: a space in the line form */
  return k;
}
