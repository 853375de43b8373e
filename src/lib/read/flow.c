/* flow.c: the layout-free core. Text whose lines, tabs and spaces no
 * longer say where a row or a cell ends (a web page saved as one line, a
 * page hard-wrapped, a PDF whose labels wrap around their numbers) is read
 * as one character stream, and rebuilt as the tab-line form text.c parses.
 *
 * Source of truth: the template tables (model/template.c: row labels,
 * their order, column counts, section titles) and spec/report-fields.md.
 * Stages, each on the previous one's output only:
 *   normalise  the decoded text as one stream of keys (white space out,
 *              full-width to ASCII, quotes out, 只记 → 只计, Traditional →
 *              Simplified), each byte mapped to its source offset; the
 *              white space before a character kept as a hint (tabs, space,
 *              line break, and whether the line it ends was long: a wrap)
 *   tokens     label runs and number runs; a number run is cut into
 *              pieces where a hint separates digits (tabs count blank
 *              cells); 1. 2、 before a label is numbering, not a value
 *   sections   一、总体情况 … found anywhere in the stream, in order
 *   anchors    per table, the label runs aligned to the template's rows in
 *              order (dynamic programming over runs × rows), exact keys
 *              first, else edit distance against the run's tail; a loose
 *              match is reported
 *   emit       rows as tab lines with their pieces; pieces fewer than the
 *              row's cells are glued digits, written with '_' where a
 *              hint did cut them, for recover.c's arithmetic
 * No recursion; each stage walks the stream once (the alignment is
 * runs × rows of one table, both bounded). */
#include "../model/rules.h"
#include "text_internal.h"

#include <string.h>

/* === Stream === */

#define H_TABS 0x0fu /* tabs in the gap (capped at 15) */
#define H_SPACE 0x10u
#define H_NL 0x20u   /* a line break */
#define H_LONG 0x40u /* the line the break ends was long: maybe a wrap */
#define H_TSP 0x80u  /* a no-break or ideographic space after the gap's
                        last tab: a cell holding only white space */
#define H_LEAD 0x100u /* a tab follows the gap's last line break: it leads
                         the next cell (Tika's text) */

#define LONG_LINE 16 /* code points: a shorter line ends a cell */
#define WORK(f, k) (*(f)->work += (uint64_t)(k))
#define TRAD_BITS 4096u /* bits of the Traditional characters' filter */

enum { T_TEXT = 0, T_NUM };

typedef struct ftok {
  uint32_t a, b; /* bytes [a, b) of the stream */
  uint8_t kind;  /* T_* */
} ftok;

typedef struct fpiece {
  uint32_t a, b; /* bytes of the stream; a == b: a blank cell */
  bool cut;      /* a hint separates it from the previous piece */
} fpiece;

#define MAX_PIECES 64

typedef struct frow {
  int tok;       /* anchor token, -1: not found */
  uint32_t ms;   /* match start in the stream */
  bool loose;    /* matched by edit distance */
  bool group;    /* the group label read as a row (（六）其他处理) */
} frow;

#define MAX_ROWS 40 /* template rows + group pseudo-rows of one table */
#define ROW_KEYS 16 /* keys of one row: label, variants, stripped forms */

typedef struct ftable {
  size_t nrows;              /* rows of the alignment */
  int trow[MAX_ROWS];        /* template row, or -1 - row for a group */
  frow row[MAX_ROWS];        /* alignment */
  int score;                 /* sum of the matched rows' scores */
  uint32_t start, end;       /* stream span of the rows and their values */
  int tok_end;               /* token after the table's last value */
} ftable;

typedef struct flow {
  struct gk__reader *rd;
  const char *text; /* source (decoded) */
  size_t tlen;
  char *n;        /* normalised stream */
  uint32_t *src;  /* source offset of each stream byte */
  uint16_t *hint; /* hint before each stream byte (H_*) */
  size_t nn;
  ftok *tok;
  size_t ntok, tokcap;
  uint32_t sec_a[GK_SECTIONS]; /* heading span in the stream, a == b: none */
  uint32_t sec_b[GK_SECTIONS];
  int tpl;                     /* chosen template */
  ftable tab[GK_TABLES];
  uint64_t *work; /* steps taken (notes.work): the tests hold it linear
                     in the input's size */
  uint16_t rhead[GK__NTPL][GK_TABLES][256]; /* each row's label keys (ROW,
                                               STRIP, GROUP) in key order,
                                               chained by rnext */
  uint16_t rnext[GK__KEY_MAX];
  uint64_t trad_bits[TRAD_BITS / 64]; /* filter of the Traditional table */
  uint32_t *num; /* stream bytes where 1-6 or 一-六 start */
  size_t nnum, numcap;
} flow;

static gk_status nomem(struct gk__reader *rd) { return gk__read_nomem(rd); }

static bool is_space_cp(uint32_t cp) {
  if (cp < 0x80) /* \t \n \v \f \r are 9..13 */
    return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return cp == 0xa0 || cp == 0x3000 || cp == 0xfeff || cp == 0x202f ||
         cp == 0x205f || (cp >= 0x2000 && cp <= 0x200b);
}

/* Traditional characters of the labels and titles, to Simplified;
 * sorted for a binary search. */
static const uint32_t trad[][2] = {
    {0x500b, 0x4e2a}, /* 個 个 */ {0x5167, 0x5185}, /* 內 内 */
    {0x52d5, 0x52a8}, /* 動 动 */ {0x52d9, 0x52a1}, /* 務 务 */
    {0x554f, 0x95ee}, /* 問 问 */ {0x55ae, 0x5355}, /* 單 单 */
    {0x570b, 0x56fd}, /* 國 国 */ {0x57f7, 0x6267}, /* 執 执 */
    {0x5831, 0x62a5}, /* 報 报 */ {0x5be6, 0x5b9e}, /* 實 实 */
    {0x5be9, 0x5ba1}, /* 審 审 */ {0x5c0d, 0x5bf9}, /* 對 对 */
    {0x5c0e, 0x5bfc}, /* 導 导 */ {0x5c6c, 0x5c5e}, /* 屬 属 */
    {0x5ee2, 0x5e9f}, /* 廢 废 */ {0x5f37, 0x5f3a}, /* 強 强 */
    {0x5f8c, 0x540e}, /* 後 后 */ {0x5fa9, 0x590d}, /* 復 复 */
    {0x63a1, 0x91c7}, /* 採 采 */ {0x6578, 0x6570}, /* 數 数 */
    {0x6703, 0x4f1a}, /* 會 会 */ {0x689d, 0x6761}, /* 條 条 */
    {0x696d, 0x4e1a}, /* 業 业 */ {0x69cb, 0x6784}, /* 構 构 */
    {0x6a19, 0x6807}, /* 標 标 */ {0x6a5f, 0x673a}, /* 機 机 */
    {0x6a94, 0x6863}, /* 檔 档 */ {0x6aa2, 0x68c0}, /* 檢 检 */
    {0x6b0a, 0x6743}, /* 權 权 */ {0x6c23, 0x6c14}, /* 氣 气 */
    {0x6c7a, 0x51b3}, /* 決 决 */ {0x6c92, 0x6ca1}, /* 沒 没 */
    {0x6cc1, 0x51b5}, /* 況 况 */ {0x7121, 0x65e0}, /* 無 无 */
    {0x7372, 0x83b7}, /* 獲 获 */ {0x73fe, 0x73b0}, /* 現 现 */
    {0x7522, 0x4ea7}, /* 產 产 */ {0x767c, 0x53d1}, /* 發 发 */
    {0x78ba, 0x786e}, /* 確 确 */ {0x7a69, 0x7a33}, /* 穩 稳 */
    {0x7bc4, 0x8303}, /* 範 范 */ {0x7cfe, 0x7ea0}, /* 糾 纠 */
    {0x7d0d, 0x7eb3}, /* 納 纳 */ {0x7d1a, 0x7ea7}, /* 級 级 */
    {0x7d44, 0x7ec4}, /* 組 组 */ {0x7d50, 0x7ed3}, /* 結 结 */
    {0x7d93, 0x7ecf}, /* 經 经 */ {0x7dad, 0x7ef4}, /* 維 维 */
    {0x7e3d, 0x603b}, /* 總 总 */ {0x7e54, 0x7ec7}, /* 織 织 */
    {0x7e73, 0x7f34}, /* 繳 缴 */ {0x7f70, 0x7f5a}, /* 罰 罚 */
    {0x8207, 0x4e0e}, /* 與 与 */ {0x8209, 0x4e3e}, /* 舉 举 */
    {0x842c, 0x4e07}, /* 萬 万 */ {0x8655, 0x5904}, /* 處 处 */
    {0x8853, 0x672f}, /* 術 术 */ {0x88dc, 0x8865}, /* 補 补 */
    {0x88fd, 0x5236}, /* 製 制 */ {0x8907, 0x590d}, /* 複 复 */
    {0x898b, 0x89c1}, /* 見 见 */ {0x898f, 0x89c4}, /* 規 规 */
    {0x8a08, 0x8ba1}, /* 計 计 */ {0x8a0a, 0x8baf}, /* 訊 讯 */
    {0x8a0e, 0x8ba8}, /* 討 讨 */ {0x8a18, 0x8bb0}, /* 記 记 */
    {0x8a1f, 0x8bbc}, /* 訟 讼 */ {0x8a2d, 0x8bbe}, /* 設 设 */
    {0x8a31, 0x8bb8}, /* 許 许 */ {0x8a34, 0x8bc9}, /* 訴 诉 */
    {0x8a3a, 0x8bca}, /* 診 诊 */ {0x8a62, 0x8be2}, /* 詢 询 */
    {0x8a8d, 0x8ba4}, /* 認 认 */ {0x8acb, 0x8bf7}, /* 請 请 */
    {0x8ad6, 0x8bba}, /* 論 论 */ {0x8b49, 0x8bc1}, /* 證 证 */
    {0x8b70, 0x8bae}, /* 議 议 */ {0x8b77, 0x62a4}, /* 護 护 */
    {0x8cbb, 0x8d39}, /* 費 费 */ {0x8cc7, 0x8d44}, /* 資 资 */
    {0x8cfc, 0x8d2d}, /* 購 购 */ {0x8f09, 0x8f7d}, /* 載 载 */
    {0x8f49, 0x8f6c}, /* 轉 转 */ {0x8fa6, 0x529e}, /* 辦 办 */
    {0x9032, 0x8fdb}, /* 進 进 */ {0x904e, 0x8fc7}, /* 過 过 */
    {0x9078, 0x9009}, /* 選 选 */ {0x932f, 0x9519}, /* 錯 错 */
    {0x9580, 0x95e8}, /* 門 门 */ {0x958b, 0x5f00}, /* 開 开 */
    {0x95dc, 0x5173}, /* 關 关 */ {0x9673, 0x9648}, /* 陳 陈 */
    {0x9678, 0x9646}, /* 陸 陆 */ {0x968e, 0x9636}, /* 階 阶 */
    {0x96aa, 0x9669}, /* 險 险 */ {0x96fb, 0x7535}, /* 電 电 */
    {0x9802, 0x9876}, /* 頂 顶 */ {0x9805, 0x9879}, /* 項 项 */
    {0x984c, 0x9898}, /* 題 题 */ {0x984d, 0x989d}, /* 額 额 */
    {0x985e, 0x7c7b}, /* 類 类 */ {0x9918, 0x4f59}, /* 餘 余 */
    {0x9ad4, 0x4f53}, /* 體 体 */ {0x9ede, 0x70b9}, /* 點 点 */
};

static unsigned trad_bit(uint32_t cp) {
  return (unsigned)((cp * 2654435761u) >> 20) & (TRAD_BITS - 1);
}

/* Sets the filter's bit of each Traditional character: most characters
 * of a text then skip the binary search. */
static void trad_filter(uint64_t *bits) {
  memset(bits, 0, TRAD_BITS / 8);
  for (size_t i = 0; i < sizeof(trad) / sizeof(trad[0]); i++) {
    unsigned b = trad_bit(trad[i][0]);
    bits[b >> 6] |= (uint64_t)1 << (b & 63);
  }
}

/* The binary search, for the few characters the filter lets through. */
static uint32_t simplify_search(uint32_t cp) {
  size_t lo = 0, hi = sizeof(trad) / sizeof(trad[0]);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (trad[mid][0] == cp)
      return trad[mid][1];
    if (trad[mid][0] < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return cp;
}

/* Traditional → Simplified; inline: every character of a text asks. */
static inline uint32_t simplify(const uint64_t *bits, uint32_t cp) {
  if (cp < trad[0][0] || cp > trad[sizeof(trad) / sizeof(trad[0]) - 1][0])
    return cp;
  unsigned b = trad_bit(cp);
  if (!(bits[b >> 6] & ((uint64_t)1 << (b & 63))))
    return cp;
  return simplify_search(cp);
}

/* Length of a page-number line at s (-3-, — 3 —, 第3页, 第3页共5页) up
 * to its line break, 0 if the line is something else. A bare number is
 * not one: it may be a cell printed on a line of its own. */
static size_t page_line(const char *s, size_t n) {
  size_t lead = 0; /* pdftotext -layout centres it with spaces */
  while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
    lead++;
  size_t e = lead;
  while (e < n && e <= lead + 40 && s[e] != '\n' && s[e] != '\r')
    e++;
  if (e > lead + 40)
    return 0;
  size_t digits = 0, marks = 0, i = lead;
  while (i < e) {
    size_t m;
    uint32_t cp = gk__utf8_decode(s + i, e - i, &m);
    i += m ? m : 1;
    if (cp >= '0' && cp <= '9')
      digits++;
    else if (cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x7b2c ||
             cp == 0x9875 || cp == 0x5171) /* 第 页 共 */
      marks++;
    else if (!is_space_cp(cp))
      return 0;
  }
  return digits && digits <= 6 && marks >= 2 ? e : 0;
}

/* gk__utf8_decode, with the common cases (ASCII, a three-byte character
 * outside the surrogates) decoded here: the stream reading decodes every
 * character of the text. */
static uint32_t decode(const char *s, size_t len, size_t *m) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] < 0x80) {
    *m = 1;
    return u[0];
  }
  if (u[0] >= 0xe1 && u[0] <= 0xef && u[0] != 0xed && len >= 3 &&
      (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
    *m = 3;
    return (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 |
           (uint32_t)(u[2] & 0x3f);
  }
  return gk__utf8_decode(s, len, m);
}

/* Notes that a section number (1-6, 一-六) starts at the stream's end. */
static gk_status push_num(flow *f) {
  if (f->nnum == f->numcap) {
    size_t cap = f->numcap ? f->numcap * 2 : 64;
    uint32_t *p = gk__realloc(f->rd->alloc, f->num, cap * sizeof(*p));
    if (!p)
      return GK_E_NOMEM;
    f->num = p;
    f->numcap = cap;
  }
  f->num[f->nnum++] = (uint32_t)f->nn;
  return GK_OK;
}

/* Appends the UTF-8 bytes of cp (source offset 'at', hint h before it)
 * at n[nn]; returns the new length. */
static size_t put_cp_at(char *n, uint32_t *src, uint16_t *hint, size_t nn,
                        uint32_t cp, uint32_t at, uint16_t h) {
  char tmp[4];
  size_t m = gk__utf8_encode(cp, tmp);
  for (size_t i = 0; i < m; i++) {
    n[nn] = tmp[i];
    src[nn] = at;
    hint[nn] = i ? 0 : h;
    nn++;
  }
  return nn;
}

/* The stream's arrays and counters live in locals here: a store through
 * the char stream may alias any field of 'f', so the compiler would
 * reload them after every byte written. f->nn is synced around push_num,
 * which reads it. */
static gk_status normalise(flow *f) {
  size_t cap = f->tlen + 4;
  const gk_alloc *al = f->rd->alloc;
  f->n = gk__malloc(al, cap);
  f->src = gk__malloc(al, cap * sizeof(*f->src));
  f->hint = gk__malloc(al, cap * sizeof(*f->hint));
  if (!f->n || !f->src || !f->hint)
    return nomem(f->rd);
  trad_filter(f->trad_bits);
  const char *text = f->text;
  const size_t tlen = f->tlen;
  const uint64_t *trad_bits = f->trad_bits;
  char *n = f->n;
  uint32_t *src = f->src;
  uint16_t *hint = f->hint;
  size_t nn = 0;
  uint64_t work = 0;
  uint16_t h = 0;
  size_t line_cps = 0;    /* code points on the current line so far */
  bool pipe_last = false; /* the gap's last tab was a pipe */
  uint32_t prev = 0;
  for (size_t i = 0; i < tlen;) {
    unsigned char c0 = (unsigned char)text[i];
    if (c0 > ' ' && c0 < 0x7f && c0 != '|' && c0 != '"' && c0 != '\'' &&
        c0 != ':') {
      /* printable ASCII but the pipe, quotes and colon (digits, most of
       * what is not CJK): kept as it is, as the general path below would
       * (a colon may be a markdown alignment mark: the path below) */
      line_cps++;
      if (c0 >= '1' && c0 <= '6') {
        f->nn = nn;
        if (push_num(f))
          return nomem(f->rd);
      }
      n[nn] = (char)c0;
      src[nn] = (uint32_t)i;
      hint[nn++] = h;
      i++;
      work++;
      prev = c0;
      h = 0;
      pipe_last = false;
      continue;
    }
    size_t m;
    uint32_t cp = decode(text + i, tlen - i, &m);
    if (!m)
      m = 1;
    uint32_t at = (uint32_t)i;
    i += m;
    if (cp == '\n' || cp == '\r') {
      if (cp == '\r' && i < tlen && text[i] == '\n')
        i++;
      if (pipe_last && (h & H_TABS))
        h--; /* a markdown row's closing pipe: the next row's opens */
      pipe_last = false;
      h |= H_NL;
      h &= (uint16_t)~H_LEAD;
      if (line_cps >= LONG_LINE)
        h |= H_LONG;
      else
        h &= (uint16_t)~H_LONG;
      line_cps = 0;
      i += page_line(text + i, tlen - i);
      continue;
    }
    if (cp >= 0x3400 && cp < 0xfe00) {
      /* a CJK character (most of a text): no white space, quote, dash or
       * full-width form can be one; what the steps below do to it */
      line_cps++;
      uint32_t c = simplify(trad_bits, cp);
      if (c == 0x8bb0 && prev == 0x53ea) /* 只记 → 只计 */
        c = 0x8ba1;
      if (c >= 0x4e00 && c <= 0x56db &&
          (c == 0x4e00 || c == 0x4e8c || c == 0x4e09 || c == 0x56db ||
           c == 0x4e94 || c == 0x516d)) {
        f->nn = nn; /* 一 二 三 四 五 六: a heading may start */
        if (push_num(f))
          return nomem(f->rd);
      }
      if (c == cp) {
        n[nn] = text[at];
        n[nn + 1] = text[at + 1];
        n[nn + 2] = text[at + 2];
        src[nn] = src[nn + 1] = src[nn + 2] = at;
        hint[nn] = h;
        hint[nn + 1] = hint[nn + 2] = 0;
        nn += 3;
      } else {
        nn = put_cp_at(n, src, hint, nn, c, at, h);
      }
      work++;
      prev = c;
      h = 0;
      pipe_last = false;
      continue;
    }
    line_cps++; /* white space too: a wrap counts every character */
    if (is_space_cp(cp) || cp == '|') {
      /* a markdown pipe separates cells as a tab does */
      if (cp == '\t' || cp == '|') {
        if ((h & H_TABS) < H_TABS)
          h++;
        h &= (uint16_t)~H_TSP;
        if (h & H_NL)
          h |= H_LEAD;
        pipe_last = cp == '|';
      } else {
        h |= H_SPACE;
        if ((h & H_TABS) && (cp == 0xa0 || cp == 0x3000))
          h |= H_TSP;
      }
      continue;
    }
    uint32_t orig = cp;
    if (cp >= 0xff01 && cp <= 0xff5e)
      cp -= 0xfee0;
    if (cp == '"' || cp == '\'' || cp == 0x2018 || cp == 0x2019 ||
        cp == 0x201c || cp == 0x201d)
      continue;
    if (cp == ':' && (prev == '-' || (i < f->tlen && f->text[i] == '-')))
      continue; /* a markdown alignment mark (|---:|, |:---|) is layout */
    if (cp == 0x2212 || cp == 0x2013 || cp == 0xfe63)
      cp = '-';
    cp = simplify(trad_bits, cp);
    if (cp == 0x8bb0 && prev == 0x53ea) /* 只记 → 只计 */
      cp = 0x8ba1;
    if (cp >= '1' && cp <= '6') {
      f->nn = nn;
      if (push_num(f))
        return nomem(f->rd);
    }
    if (cp == orig && (m > 1 || cp < 0x80)) {
      /* unchanged: its bytes as they are (most of a text) */
      for (size_t k = 0; k < m; k++) {
        n[nn] = text[at + k];
        src[nn] = at;
        hint[nn++] = k ? 0 : h;
      }
    } else {
      nn = put_cp_at(n, src, hint, nn, cp, at, h);
    }
    work++;
    prev = cp;
    h = 0;
    pipe_last = false;
  }
  f->nn = nn;
  WORK(f, work);
  n[nn] = '\0';
  src[nn] = (uint32_t)tlen;
  hint[nn] = h;
  return GK_OK;
}

/* === Tokens === */

static bool digit_at(const flow *f, size_t i) {
  return i < f->nn && f->n[i] >= '0' && f->n[i] <= '9';
}

/* Blank cells a gap between two cells stands for: tabs beyond the one
 * that separates them, and, before a label, a cell of white space after
 * the last tab (before a number that space is the number's padding). */
static unsigned gap_blanks(uint16_t h, bool label_next) {
  unsigned tabs = h & H_TABS;
  /* before a label on a new line that no tab leads (a tab-per-row text),
   * every tab of the gap opened a cell */
  if (label_next && (h & H_NL) && !(h & H_LEAD))
    return tabs + ((h & H_TSP) ? 1 : 0);
  return (tabs ? tabs - 1 : 0) + ((h & H_TSP) && label_next ? 1 : 0);
}

/* True if the hint before byte i separates cells. */
static bool cut_hint(uint16_t h) {
  return (h & (H_TABS | H_SPACE)) || ((h & H_NL) && !(h & H_LONG));
}

static size_t cp_len(const flow *f, size_t i) {
  unsigned char c = (unsigned char)f->n[i];
  size_t m = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  return i + m <= f->nn ? m : f->nn - i;
}

static bool is3(const flow *f, size_t i, const char *c3) {
  return i + 3 <= f->nn && memcmp(f->n + i, c3, 3) == 0;
}

#define DUN "\xe3\x80\x81"  /* 、 */
#define DASH "\xe2\x80\x94" /* — */
#define WU "\xe6\x97\xa0"   /* 无 */
#define JIAN "\xe5\x87\x8f" /* 减 */
#define ZENG "\xe5\xa2\x9e" /* 增 */
#define YUAN "\xe5\x85\x83" /* 元 */
#define WAN "\xe4\xb8\x87"  /* 万 */

/* Length of a blank mark at i (— – / - 无), 0 if none. */
static size_t blank_mark(const flow *f, size_t i) {
  if (i >= f->nn)
    return 0;
  if (f->n[i] == '-' || f->n[i] == '/')
    return 1;
  if (is3(f, i, DASH) || is3(f, i, WU))
    return 3;
  return 0;
}

/* Length of the numeric unit at i when a number run may continue or
 * start there, 0 if none. 'in' says a run is open. */
/* False when no number unit can start at i: most characters of a label
 * are told apart by their first byte. */
static inline bool may_num(const flow *f, size_t i) {
  switch ((unsigned char)f->n[i]) {
  case '.':
  case ',':
  case '+':
  case '-':
  case '%':
  case '/':
    return true;
  case 0xe2:
    return is3(f, i, DASH);
  case 0xe4:
    return is3(f, i, WAN);
  case 0xe5:
    return is3(f, i, JIAN) || is3(f, i, ZENG) || is3(f, i, YUAN);
  case 0xe6:
    return is3(f, i, WU);
  default:
    return f->n[i] >= '0' && f->n[i] <= '9';
  }
}

static size_t num_unit(const flow *f, size_t i, bool in) {
  if (!may_num(f, i))
    return 0;
  char c = f->n[i];
  if (c >= '0' && c <= '9') {
    /* a single digit then 1. or 2、 before a label is numbering */
    if (!digit_at(f, i + 1) && i + 1 < f->nn && !cut_hint(f->hint[i + 1]) &&
        ((f->n[i + 1] == '.' && !digit_at(f, i + 2)) || is3(f, i + 1, DUN)))
      return 0;
    /* 2020年: a year in a sentence or a footnote, not a cell */
    if ((!in || cut_hint(f->hint[i])) && i + 7 <= f->nn && digit_at(f, i + 1) && digit_at(f, i + 2) &&
        digit_at(f, i + 3) && !digit_at(f, i + 4) &&
        (f->n[i] == '1' || f->n[i] == '2') && is3(f, i + 4, "\xe5\xb9\xb4") &&
        !cut_hint(f->hint[i + 4]))
      return 0;
    if (i > 0 && f->n[i - 1] == '(' && !cut_hint(f->hint[i]) && i + 1 < f->nn &&
        f->n[i + 1] == ')')
      return 0; /* (1) numbering */
    return 1;
  }
  if ((c == '.' || c == ',') && in && digit_at(f, i + 1) && !cut_hint(f->hint[i]) &&
      !cut_hint(f->hint[i + 1]))
    return 1;
  if ((c == '+' || c == '-') && digit_at(f, i + 1) && !cut_hint(f->hint[i + 1]))
    return 1;
  if ((is3(f, i, JIAN) || is3(f, i, ZENG)) && digit_at(f, i + 3) &&
      !cut_hint(f->hint[i + 3]))
    return 3;
  if (c == '%' && in && !cut_hint(f->hint[i]))
    return 1;
  if (in && !cut_hint(f->hint[i]) && (is3(f, i, YUAN)))
    return 3;
  if (in && !cut_hint(f->hint[i]) && is3(f, i, WAN) && is3(f, i + 3, YUAN))
    return 6;
  size_t b = blank_mark(f, i);
  if (b) {
    /* a blank mark stands alone: white space or numbers on both sides */
    bool before = i == 0 || f->hint[i] || in;
    if (!before)
      return 0; /* not scanned on: a dash run would cost its length at
                   each of its characters */
    size_t j = i + b;
    while (j < f->nn && blank_mark(f, j) && !f->hint[j]) {
      WORK(f, 1);
      j += blank_mark(f, j);
    }
    bool after = j >= f->nn || f->hint[j] || digit_at(f, j) ||
                 (f->n[j] == '-' && digit_at(f, j + 1));
    if (before && after && (f->n[i] != '-' || !digit_at(f, i + 1)))
      return j - i;
  }
  return 0;
}

static gk_status push_tok(flow *f, size_t a, size_t b, int kind) {
  if (f->ntok == f->tokcap) {
    size_t cap = f->tokcap ? f->tokcap * 2 : 256;
    ftok *t = gk__realloc(f->rd->alloc, f->tok, cap * sizeof(*t));
    if (!t)
      return nomem(f->rd);
    f->tok = t;
    f->tokcap = cap;
  }
  ftok *t = &f->tok[f->ntok++];
  t->a = (uint32_t)a;
  t->b = (uint32_t)b;
  t->kind = (uint8_t)kind;
  return GK_OK;
}

/* Label runs and number runs. Two or more tabs between label runs stand
 * for blank cells: an empty number run there. */
static gk_status tokenise(flow *f) {
  size_t i = 0;
  while (i < f->nn) {
    WORK(f, 1);
    size_t u = num_unit(f, i, false);
    size_t a = i;
    gk_status st;
    if (u) {
      i += u;
      while (i < f->nn) {
        WORK(f, 1);
        size_t v = num_unit(f, i, true);
        if (!v)
          break;
        i += v;
      }
      st = push_tok(f, a, i, T_NUM);
    } else {
      i += cp_len(f, i);
      /* may_num first: most bytes of a label can start no number */
      while (i < f->nn && !(may_num(f, i) && num_unit(f, i, false))) {
        WORK(f, 1);
        if (gap_blanks(f->hint[i], true))
          break;
        i += cp_len(f, i);
      }
      st = push_tok(f, a, i, T_TEXT);
      if (!st && i < f->nn && gap_blanks(f->hint[i], true) &&
          !num_unit(f, i, false))
        st = push_tok(f, i, i, T_NUM);
    }
    if (st)
      return st;
  }
  return GK_OK;
}

/* Cuts number runs toks[from..to) into pieces (blank cells included). */
static size_t pieces_of(const flow *f, size_t from, size_t to, fpiece *p,
                        size_t max) {
  size_t np = 0;
  for (size_t k = from; k < to; k++) {
    const ftok *t = &f->tok[k];
    WORK(f, t->b - t->a + 1);
    if (t->kind != T_NUM)
      continue;
    unsigned lead = gap_blanks(f->hint[t->a], t->a == t->b);
    for (unsigned x = 0; x < lead && np < max; x++) {
      p[np].a = p[np].b = t->a;
      p[np++].cut = true;
    }
    size_t i = t->a;
    while (i < t->b && np < max) {
      size_t a = i;
      size_t b = blank_mark(f, i);
      if (b && !(f->n[i] == '-' && digit_at(f, i + 1))) {
        while (i < t->b && blank_mark(f, i) && (i == a || !f->hint[i]))
          i += blank_mark(f, i);
        p[np].a = p[np].b = (uint32_t)a; /* a blank */
        p[np++].cut = true;
        goto gap;
      }
      i += num_unit(f, i, false) ? num_unit(f, i, false) : 1;
      while (i < t->b && !cut_hint(f->hint[i]) && f->n[i] != '+' &&
             f->n[i] != '-' && !is3(f, i, JIAN) && !is3(f, i, ZENG) &&
             !blank_mark(f, i))
        i += num_unit(f, i, true) ? num_unit(f, i, true) : 1;
      /* a page number -3- between pieces is not a value */
      if (f->n[a] == '-' && i < f->nn && f->n[i] == '-' && i - a <= 4 &&
          (i + 1 >= t->b || cut_hint(f->hint[i + 1]))) {
        i++;
        continue;
      }
      p[np].a = (uint32_t)a;
      p[np].b = (uint32_t)i;
      p[np++].cut = true;
    gap:
      if (i < t->b) {
        unsigned nb = gap_blanks(f->hint[i], false);
        for (unsigned x = 0; x < nb && np < max; x++) {
          p[np].a = p[np].b = (uint32_t)i;
          p[np++].cut = true;
        }
      }
    }
    /* blank cells after the run, before the next label */
    if (t->b < f->nn && t->a != t->b) {
      unsigned nb = gap_blanks(f->hint[t->b], true);
      for (unsigned x = 0; x < nb && np < max; x++) {
        p[np].a = p[np].b = t->b;
        p[np++].cut = true;
      }
    }
  }
  return np;
}

/* === Sections === */

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六"};
static const char *const ar_num[] = {"1", "2", "3", "4", "5", "6"};

#define SEC_PAT_MAX 300 /* a heading's number and title, bytes */

static const char *find_bytes(const char *h, size_t hn, const char *k,
                              size_t kn) {
  if (!kn || kn > hn)
    return NULL;
  const char *end = h + hn - kn + 1;
  for (const char *p = h; p < end;) {
    p = memchr(p, k[0], (size_t)(end - p));
    if (!p)
      return NULL;
    if (memcmp(p, k, kn) == 0)
      return p;
    p++;
  }
  return NULL;
}

/* Length of section s's number (一、 一. 1、 1.) at stream byte i, 0 if
 * there is none. */
static size_t sec_number(const flow *f, size_t i, int s) {
  size_t pl;
  if (f->n[i] == ar_num[s][0])
    pl = 1;
  else if (f->n[i] == cn_num[s][0] && i + 3 <= f->nn &&
           memcmp(f->n + i, cn_num[s], 3) == 0)
    pl = 3;
  else
    return 0;
  if (i + pl >= f->nn)
    return 0;
  if (f->n[i + pl] == '.')
    return pl + 1;
  return is3(f, i + pl, DUN) ? pl + 3 : 0;
}

/* The section whose number may start at byte i (its first byte decides,
 * the Chinese numerals share two), -1 if none. */
static int sec_of(const flow *f, size_t i) {
  unsigned char c = (unsigned char)f->n[i];
  if (c >= '1' && c <= '6')
    return c - '1';
  if ((c != 0xe4 && c != 0xe5) || i + 3 > f->nn)
    return -1;
  unsigned char c1 = (unsigned char)f->n[i + 1];
  if (c1 != 0xb8 && c1 != 0xba && c1 != 0x9b && c1 != 0x85)
    return -1; /* 一二三五: e4 b8/ba, 四六: e5 9b/85 */
  for (int s = 0; s < GK_SECTIONS; s++)
    if (memcmp(f->n + i, cn_num[s], 3) == 0)
      return s;
  return -1;
}

typedef struct heading {
  uint32_t at, len; /* stream bytes of a number and title */
  int s;            /* section */
} heading;

/* Each heading after the previous one: the first place from there where
 * the section's number is followed by one of its titles (the longest
 * there). Every place a heading may start is looked at once; the
 * headings found are then taken in order. */
static gk_status find_sections(flow *f) {
  struct gk__reader *rd = f->rd;
  heading *hd = NULL;
  size_t nh = 0, caph = 0;
  for (size_t c = 0; c < f->nnum; c++) {
    size_t i = f->num[c];
    WORK(f, 1);
    int s = sec_of(f, i);
    size_t nl = s < 0 ? 0 : sec_number(f, i, s);
    if (!nl)
      continue;
    size_t blen = 0;
    for (size_t x = 0; x < rd->nksec; x++) {
      const gk__rkey *e = &rd->kent[rd->ksec[x]];
      if ((int)e->r != s || (size_t)e->len + 6 > SEC_PAT_MAX)
        continue;
      WORK(f, 1);
      if (i + nl + e->len <= f->nn && nl + e->len > blen &&
          memcmp(f->n + i + nl, rd->kstore + e->off, e->len) == 0)
        blen = nl + e->len;
    }
    if (!blen)
      continue;
    if (nh == caph) {
      size_t cap = caph ? caph * 2 : 16;
      heading *h = gk__realloc(rd->alloc, hd, cap * sizeof(*h));
      if (!h) {
        gk__free(rd->alloc, hd);
        return nomem(rd);
      }
      hd = h;
      caph = cap;
    }
    hd[nh].at = (uint32_t)i;
    hd[nh].len = (uint32_t)blen;
    hd[nh++].s = s;
  }
  size_t pos = 0;
  for (int s = 0; s < GK_SECTIONS; s++) {
    f->sec_a[s] = f->sec_b[s] = 0;
    for (size_t k = 0; k < nh; k++) {
      WORK(f, 1);
      if (hd[k].s == s && hd[k].at >= pos) {
        f->sec_a[s] = hd[k].at;
        f->sec_b[s] = hd[k].at + hd[k].len;
        pos = f->sec_b[s];
        break;
      }
    }
  }
  gk__free(rd->alloc, hd);
  return GK_OK;
}

/* === Anchors: label runs aligned to the template's rows === */

#define TAIL_CPS 160 /* code points of a run's tail a label is looked for in */

/* Decodes s[0..n) into code points; returns how many (at most max). */
static size_t to_cps(const char *s, size_t n, uint32_t *out, size_t max) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < max;) {
    size_t m;
    out[k++] = gk__utf8_decode(s + i, n - i, &m);
    i += m ? m : 1;
  }
  return k;
}

/* Edit distance of 'lab' against the best substring of 'tok' (free
 * prefix and suffix of tok); the substring's start in '*start'. */
static size_t approx(const uint32_t *lab, size_t ln, const uint32_t *tok,
                     size_t tn, size_t *start, size_t *end) {
  /* columns: tok positions; rows: label; D[j] for the current label row,
   * with the start of the best alignment carried alongside */
  uint16_t D[TAIL_CPS + 1], S[TAIL_CPS + 1];
  for (size_t j = 0; j <= tn; j++) {
    D[j] = 0;
    S[j] = (uint16_t)j;
  }
  for (size_t i = 1; i <= ln; i++) {
    uint16_t diag = D[0], dstart = S[0];
    D[0] = (uint16_t)i;
    S[0] = 0;
    for (size_t j = 1; j <= tn; j++) {
      uint16_t up = D[j], ustart = S[j];
      uint16_t best = (uint16_t)(diag + (lab[i - 1] != tok[j - 1]));
      uint16_t bs = dstart;
      if (up + 1 < best) {
        best = (uint16_t)(up + 1);
        bs = ustart;
      }
      if (D[j - 1] + 1 < best) {
        best = (uint16_t)(D[j - 1] + 1);
        bs = S[j - 1];
      }
      diag = up;
      dstart = ustart;
      D[j] = best;
      S[j] = bs;
    }
  }
  size_t bd = SIZE_MAX;
  for (size_t j = 0; j <= tn; j++)
    if (D[j] <= bd) { /* the last best: a label ends near the run's end */
      bd = D[j];
      *start = S[j];
      *end = j;
    }
  return bd;
}

typedef struct cand {
  int score;    /* 0: no match */
  uint32_t ms;  /* match start in the stream */
  bool loose;
} cand;

/* The exact keys (ROW, STRIP) of one table's rows, chained by a hash of
 * their first four bytes: a run is scanned once for all of them, and each
 * key's last occurrence in it noted. Keys under four bytes are compared at
 * every byte. */
#define KX_BUCKETS 256
#define KX_MAX (MAX_ROWS * ROW_KEYS)
#define KX_NONE 0xffffu

typedef struct kindex {
  uint16_t key[KX_MAX];      /* kent index */
  uint16_t next[KX_MAX];     /* next in the bucket, KX_NONE: end */
  uint16_t head[KX_BUCKETS]; /* bucket chains */
  uint16_t shorts[KX_MAX];   /* keys shorter than four bytes */
  size_t n, nshort;
  int64_t last[KX_MAX]; /* last start in the current run, -1 */
  uint16_t hit[KX_MAX]; /* slots found in the current run */
  size_t nhit;
  uint8_t row[KX_MAX]; /* alignment row of each slot */
  uint8_t pos[KX_MAX]; /* its place among the row's keys */
} kindex;

static unsigned hash4(const char *s) {
  uint32_t v;
  memcpy(&v, s, 4);
  return (unsigned)((v * 2654435761u) >> 24) & (KX_BUCKETS - 1);
}

/* Adds key entry e; returns its slot. */
static uint16_t kindex_add(const struct gk__reader *rd, kindex *kx,
                           uint16_t e) {
  uint16_t k = (uint16_t)kx->n++;
  const gk__rkey *ke = &rd->kent[e];
  kx->key[k] = e;
  if (ke->len < 4) {
    kx->shorts[kx->nshort++] = k;
    kx->next[k] = KX_NONE;
  } else {
    unsigned h = hash4(rd->kstore + ke->off);
    kx->next[k] = kx->head[h];
    kx->head[h] = k;
  }
  return k;
}

/* Last occurrence of every key in stream bytes [a, b). */
static void kindex_scan(flow *f, kindex *kx, size_t a, size_t b) {
  const struct gk__reader *rd = f->rd;
  for (size_t h = 0; h < kx->nhit; h++)
    kx->last[kx->hit[h]] = -1;
  kx->nhit = 0;
  for (size_t i = a; i < b; i++) {
    if (((unsigned char)f->n[i] & 0xc0) == 0x80)
      continue; /* inside a character: no key starts there */
    WORK(f, 1);
    size_t rest = b - i;
    uint16_t k = rest >= 4 ? kx->head[hash4(f->n + i)] : KX_NONE;
    for (; k != KX_NONE; k = kx->next[k]) {
      const gk__rkey *e = &rd->kent[kx->key[k]];
      WORK(f, 1);
      if (e->len <= rest &&
          memcmp(f->n + i, rd->kstore + e->off, e->len) == 0) {
        if (kx->last[k] < 0)
          kx->hit[kx->nhit++] = k;
        kx->last[k] = (int64_t)i;
      }
    }
    for (size_t x = 0; x < kx->nshort; x++) {
      const gk__rkey *e = &rd->kent[kx->key[kx->shorts[x]]];
      WORK(f, 1);
      if (e->len <= rest &&
          memcmp(f->n + i, rd->kstore + e->off, e->len) == 0) {
        if (kx->last[kx->shorts[x]] < 0)
          kx->hit[kx->nhit++] = kx->shorts[x];
        kx->last[kx->shorts[x]] = (int64_t)i;
      }
    }
  }
}

/* The keys of one alignment row. */
typedef struct rowkeys {
  uint16_t key[ROW_KEYS];  /* kent index: the row's label keys */
  uint16_t slot[ROW_KEYS]; /* their kindex slot, KX_NONE: not indexed */
  size_t n;
  uint32_t lab[64]; /* the longest stripped key, for the edit
                       distance; ln == 0: none usable */
  size_t ln;
} rowkeys;

/* Row matches by exact keys in a run, from the keys kindex_scan found
 * there: each row takes its best scoring key (the first of its keys on a
 * tie) at that key's last place in the run. Rows none of whose keys
 * occur are left at no match. */
static void exact_rows(const flow *f, const ftok *tk, const kindex *kx,
                       cand *cs, uint8_t *best_pos) {
  const struct gk__reader *rd = f->rd;
  for (size_t h = 0; h < kx->nhit; h++) {
    uint16_t k = kx->hit[h];
    const gk__rkey *e = &rd->kent[kx->key[k]];
    int64_t p = kx->last[k];
    WORK(f, 1);
    if (e->len <= 6 && e->kind == GK__K_STRIP && (size_t)p + e->len != tk->b)
      continue; /* 其他, 总计 inside a header are no row */
    int sc = 3 * (int)e->len - (e->kind == GK__K_STRIP ? 2 : 0);
    cand *c = &cs[kx->row[k]];
    if (sc > c->score ||
        (sc == c->score && kx->pos[k] < best_pos[kx->row[k]])) {
      c->score = sc;
      c->ms = (uint32_t)p;
      c->loose = false;
      best_pos[kx->row[k]] = kx->pos[k];
    }
  }
}

/* Match of a group label read as a row (（六）其他处理): one of its keys
 * ends the run; the best scoring one (the first on a tie). */
static cand group_row(const flow *f, const ftok *tk, const rowkeys *rk) {
  const struct gk__reader *rd = f->rd;
  cand c = {0, 0, false};
  const char *tn = f->n + tk->a;
  size_t tl = tk->b - tk->a;
  for (size_t x = 0; x < rk->n; x++) {
    const gk__rkey *e = &rd->kent[rk->key[x]];
    if (e->kind != GK__K_GROUP)
      continue;
    if (e->len <= tl &&
        memcmp(tn + tl - e->len, rd->kstore + e->off, e->len) == 0) {
      int sc = 3 * (int)e->len;
      if (sc > c.score) {
        c.score = sc;
        c.ms = (uint32_t)(tk->b - e->len);
      }
    }
  }
  return c;
}

/* A run's tail as code points, decoded once for every row tried on it;
 * 'seen' has a bit set for each code point's hash. */
typedef struct tail {
  size_t from; /* byte of the run the tail starts at */
  uint32_t cp[TAIL_CPS];
  size_t n;
  uint64_t seen[16];
} tail;

static unsigned cp_bit(uint32_t cp) { return (cp * 2654435761u) >> 22; }

static void tail_of(flow *f, const ftok *tk, tail *tl) {
  const char *tn = f->n + tk->a;
  size_t len = tk->b - tk->a;
  size_t from = len > TAIL_CPS * 3 ? len - TAIL_CPS * 3 : 0;
  while (from < len && ((unsigned char)tn[from] & 0xc0) == 0x80)
    from++;
  tl->from = from;
  tl->n = to_cps(tn + from, len - from, tl->cp, TAIL_CPS);
  memset(tl->seen, 0, sizeof(tl->seen));
  for (size_t i = 0; i < tl->n; i++) {
    unsigned bit = cp_bit(tl->cp[i]);
    tl->seen[bit >> 6] |= (uint64_t)1 << (bit & 63);
  }
  WORK(f, tl->n);
}

/* Row match by edit distance of its longest stripped key against the
 * run's tail (≤ ¼ of the key's length, ending at the run's end). Label
 * characters the tail lacks each cost an edit: when they alone exceed the
 * allowance the distance is not computed. */
static cand loose_row(flow *f, const ftok *tk, const rowkeys *rk,
                      const tail *tl) {
  cand c = {0, 0, false};
  size_t ln = rk->ln;
  if (!ln)
    return c;
  size_t allow = ln >= 8 ? ln / 4 : 1;
  size_t absent = 0;
  for (size_t i = 0; i < ln && absent <= allow; i++) {
    unsigned bit = cp_bit(rk->lab[i]);
    if (!(tl->seen[bit >> 6] & ((uint64_t)1 << (bit & 63))))
      absent++;
  }
  WORK(f, ln);
  if (absent > allow)
    return c;
  size_t s0, e0;
  WORK(f, ln * tl->n);
  size_t d = approx(rk->lab, ln, tl->cp, tl->n, &s0, &e0);
  if (d > allow || e0 + 4 < tl->n)
    return c; /* too far, or not at the end of the run (values follow) */
  /* stream offset of the match start: walk s0 code points from 'from' */
  size_t tlen = tk->b - tk->a;
  size_t o = tl->from;
  for (size_t x = 0; x < s0 && o < tlen; x++)
    o += cp_len(f, tk->a + o);
  c.score = 3 * (int)(ln - d) - 3;
  c.ms = (uint32_t)(tk->a + o);
  c.loose = true;
  return c;
}

/* Row match of a label wrapped around its numbers (pdftotext -raw:
 * `5.要求行政机关确认或重新出具` / `0 0 0 0 0 0 0` / `已获取信息`): the
 * label's first part ends the run exactly, its rest opens the next label
 * run 'nx' (NULL: none) exactly, and together they are the whole label.
 * The first part must be half the label or six characters (a word or two
 * is not a label). Loose: the finding names the label as printed. */
static cand split_row(flow *f, const ftok *tk, const ftok *nx,
                      const rowkeys *rk, const tail *tl) {
  cand c = {0, 0, false};
  size_t ln = rk->ln;
  if (!ln || !nx || !tl->n)
    return c;
  size_t p = 0; /* longest prefix of the label ending the tail */
  for (size_t k = ln - 1; (k * 2 >= ln || k >= 6) && !p; k--)
    if (k <= tl->n &&
        !memcmp(tl->cp + tl->n - k, rk->lab, k * sizeof(*rk->lab)))
      p = k;
  if (!p)
    return c;
  uint32_t head[64];
  size_t hn = to_cps(f->n + nx->a, nx->b - nx->a, head, ln - p);
  WORK(f, ln + hn);
  if (hn != ln - p || memcmp(head, rk->lab + p, hn * sizeof(*head)))
    return c;
  /* stream offset of the first part: p code points before the run's end */
  size_t o = tk->b;
  for (size_t x = 0; x < p && o > tk->a; x++) {
    o--;
    while (o > tk->a && ((unsigned char)f->n[o] & 0xc0) == 0x80)
      o--;
  }
  c.score = 3 * (int)ln - 3;
  c.ms = (uint32_t)o;
  c.loose = true;
  return c;
}

/* True if a number run follows token i before the next label run. */
static bool values_follow(const flow *f, size_t i, size_t end) {
  return i + 1 < end && f->tok[i + 1].kind == T_NUM;
}

/* A short label (under 8 characters) matched loosely is one edit from
 * many words: it is kept only where the template's order pins it down,
 * the rows before and after it (those the table has) matched exactly on
 * the runs right before and after its run. */
static void pin_short_loose(ftable *ft, const rowkeys *rk, const size_t *ra) {
  for (size_t j = 0; j < ft->nrows; j++) {
    frow *fr = &ft->row[j];
    if (fr->tok < 0 || !fr->loose || rk[j].ln >= 8)
      continue;
    bool pinned = false, ok = true;
    size_t p = j;
    while (p > 0 && ft->trow[p - 1] < 0)
      p--;
    if (p > 0) {
      const frow *q = &ft->row[p - 1];
      ok = q->tok >= 0 && !q->loose && ra[p - 1] + 1 == ra[j];
      pinned = true;
    }
    size_t n = j + 1;
    while (n < ft->nrows && ft->trow[n] < 0)
      n++;
    if (ok && n < ft->nrows) {
      const frow *q = &ft->row[n];
      ok = q->tok >= 0 && !q->loose && ra[j] + 1 == ra[n];
      pinned = true;
    }
    if (!ok || !pinned)
      fr->tok = -1;
  }
}

/* Aligns the label runs of toks[from..to) with the rows of table t. */
static gk_status align(flow *f, int tpl, size_t t, size_t from, size_t to,
                       ftable *ft) {
  const gk_table_def *td = &gk__templates[tpl]->tables[t];
  size_t R = 0;
  const char *group = NULL;
  for (size_t r = 0; r < td->nrows && R + 2 <= MAX_ROWS; r++) {
    const char *g = td->rows[r].group;
    /* a group whose rows may be printed as one row (（六）其他处理 in
     * 2021): its label is a pseudo-row before them */
    if (g && g != group && t == GK_T_APPLY && r + 1 < td->nrows &&
        td->rows[r + 1].group == g && td->rows[td->nrows - 1].group != g) {
      bool last_group = true;
      for (size_t x = r + 1; x < td->nrows; x++)
        if (td->rows[x].group && td->rows[x].group != g)
          last_group = false;
      if (last_group)
        ft->trow[R++] = -1 - (int)r;
    }
    group = g;
    ft->trow[R++] = (int)r;
  }
  ft->nrows = R;
  ft->score = 0;
  for (size_t j = 0; j < R; j++)
    ft->row[j].tok = -1;
  size_t m = 0;
  for (size_t i = from; i < to; i++)
    if (f->tok[i].kind == T_TEXT && values_follow(f, i, to))
      m++;
  if (!m || !R)
    return GK_OK;
  const gk_alloc *al = f->rd->alloc;
  size_t *ti = gk__malloc(al, m * sizeof(*ti));
  cand *cs = gk__malloc(al, m * R * sizeof(*cs));
  int *F = gk__malloc(al, (m + 1) * (R + 1) * sizeof(*F));
  rowkeys *rk = gk__malloc(al, R * sizeof(*rk));
  kindex *kx = gk__malloc(al, sizeof(*kx));
  if (!ti || !cs || !F || !rk || !kx) {
    gk__free(al, ti);
    gk__free(al, cs);
    gk__free(al, F);
    gk__free(al, rk);
    gk__free(al, kx);
    return nomem(f->rd);
  }
  m = 0;
  for (size_t i = from; i < to; i++)
    if (f->tok[i].kind == T_TEXT && values_follow(f, i, to))
      ti[m++] = i;
  /* the keys of each row, found once (the template's keys are few per
   * row, many in all); a row's exact keys go into the index */
  const struct gk__reader *rd = f->rd;
  kx->n = kx->nshort = kx->nhit = 0;
  memset(kx->head, 0xff, sizeof(kx->head));
  for (size_t j = 0; j < R; j++) {
    rowkeys *k = &rk[j];
    bool grp = ft->trow[j] < 0;
    size_t r = grp ? (size_t)(-1 - ft->trow[j]) : (size_t)ft->trow[j];
    const gk__rkey *strip = NULL, *plain = NULL;
    k->n = 0;
    k->ln = 0;
    for (uint16_t i = f->rhead[tpl][t][r]; i != KX_NONE && k->n < ROW_KEYS;
         i = f->rnext[i]) {
      const gk__rkey *e = &rd->kent[i];
      bool exact = !grp && e->kind != GK__K_GROUP;
      k->key[k->n] = (uint16_t)i;
      k->slot[k->n] = exact ? kindex_add(rd, kx, (uint16_t)i) : KX_NONE;
      if (exact) {
        kx->row[k->slot[k->n]] = (uint8_t)j;
        kx->pos[k->slot[k->n]] = (uint8_t)k->n;
      }
      k->n++;
      if (exact && e->kind == GK__K_STRIP && (!strip || e->len > strip->len))
        strip = e;
      if (exact && e->kind == GK__K_ROW && !plain)
        plain = e;
    }
    /* a label printed without numbering (2019's 行政许可) has no stripped
     * key: the template's label (its first key) is the one to compare */
    if (!strip)
      strip = plain;
    if (strip) {
      size_t ln = to_cps(rd->kstore + strip->off, strip->len, k->lab, 64);
      k->ln = ln < 4 || ln >= 64 ? 0 : ln;
    }
  }
  for (size_t k = 0; k < kx->n; k++)
    kx->last[k] = -1;
  /* exact keys first; edit distance only between a row no run matches
   * exactly and a run that matches no row exactly (few of each) */
  for (size_t a = 0; a < m; a++) {
    const ftok *tk = &f->tok[ti[a]];
    kindex_scan(f, kx, tk->a, tk->b);
    uint8_t best_pos[MAX_ROWS];
    for (size_t j = 0; j < R; j++) {
      cs[a * R + j].score = 0;
      cs[a * R + j].ms = 0;
      cs[a * R + j].loose = false;
      best_pos[j] = UINT8_MAX;
      if (ft->trow[j] < 0) /* a group label: its keys at the run's end */
        cs[a * R + j] = group_row(f, tk, &rk[j]);
    }
    exact_rows(f, tk, kx, cs + a * R, best_pos);
    WORK(f, R);
  }
  /* rows some run matches exactly: no edit distance for them */
  bool row_exact[MAX_ROWS];
  for (size_t j = 0; j < R; j++) {
    row_exact[j] = false;
    for (size_t a = 0; a < m && !row_exact[j]; a++)
      row_exact[j] = cs[a * R + j].score > 0;
  }
  tail tl;
  for (size_t a = 0; a < m; a++) {
    bool tok_exact = false;
    for (size_t k = 0; k < R && !tok_exact; k++)
      tok_exact = cs[a * R + k].score > 0;
    if (tok_exact)
      continue;
    bool decoded = false;
    for (size_t j = 0; j < R; j++) {
      if (ft->trow[j] < 0 || !rk[j].ln || row_exact[j])
        continue;
      if (!decoded) {
        tail_of(f, &f->tok[ti[a]], &tl);
        decoded = true;
      }
      cs[a * R + j] = loose_row(f, &f->tok[ti[a]], &rk[j], &tl);
      if (!cs[a * R + j].score) {
        const ftok *nx = NULL;
        for (size_t x = ti[a] + 1; x < to && !nx; x++)
          if (f->tok[x].kind == T_TEXT)
            nx = &f->tok[x];
        cs[a * R + j] = split_row(f, &f->tok[ti[a]], nx, &rk[j], &tl);
      }
    }
  }
  gk__free(al, kx);
  WORK(f, (m + 1) * (R + 1));
#define FF(a, j) F[(a) * (R + 1) + (j)]
  for (size_t a = 0; a <= m; a++)
    for (size_t j = 0; j <= R; j++) {
      if (!a || !j) {
        FF(a, j) = 0;
        continue;
      }
      int best = FF(a - 1, j) > FF(a, j - 1) ? FF(a - 1, j) : FF(a, j - 1);
      int s = cs[(a - 1) * R + (j - 1)].score;
      if (s && FF(a - 1, j - 1) + s > best)
        best = FF(a - 1, j - 1) + s;
      FF(a, j) = best;
    }
  ft->score = FF(m, R);
  size_t ra[MAX_ROWS]; /* each matched row's run, among the m */
  for (size_t a = m, j = R; a && j;) {
    int s = cs[(a - 1) * R + (j - 1)].score;
    if (s && FF(a, j) == FF(a - 1, j - 1) + s) {
      frow *fr = &ft->row[j - 1];
      ra[j - 1] = a - 1;
      fr->tok = (int)ti[a - 1];
      fr->ms = cs[(a - 1) * R + (j - 1)].ms;
      fr->loose = cs[(a - 1) * R + (j - 1)].loose;
      fr->group = ft->trow[j - 1] < 0;
      a--;
      j--;
    } else if (FF(a, j) == FF(a - 1, j)) {
      a--;
    } else {
      j--;
    }
  }
#undef FF
  pin_short_loose(ft, rk, ra);
  gk__free(al, rk);
  gk__free(al, ti);
  gk__free(al, cs);
  gk__free(al, F);
  return GK_OK;
}

/* Token range of table t: from its section heading to the next heading. */
static void table_range(const flow *f, size_t t, int tpl, size_t *from,
                        size_t *to) {
  int s = gk__templates[tpl]->tables[t].section - 1;
  uint32_t a = 0, b = (uint32_t)f->nn;
  if (f->sec_b[s]) {
    a = f->sec_b[s];
  } else {
    for (int x = s - 1; x >= 0; x--)
      if (f->sec_b[x]) {
        a = f->sec_b[x];
        break;
      }
  }
  for (int x = s + 1; x < GK_SECTIONS; x++)
    if (f->sec_b[x] && f->sec_a[x] >= a) {
      b = f->sec_a[x];
      break;
    }
  size_t i = 0;
  while (i < f->ntok && f->tok[i].b <= a)
    i++;
  *from = i;
  /* blank cells just before the next heading are the last row's */
  while (i < f->ntok &&
         (f->tok[i].a < b || (f->tok[i].a == b && f->tok[i].b == b)))
    i++;
  *to = i;
}

/* The review table: the number runs after its header, up to the next
 * label run. */
static void review_range(const flow *f, size_t from, size_t to, size_t *a,
                         size_t *b) {
  *a = *b = to;
  size_t last_head = SIZE_MAX;
  for (size_t i = from; i < to; i++) {
    const ftok *tk = &f->tok[i];
    if (tk->kind != T_TEXT)
      continue;
    /* the header ends with a column label: 总计 or 尚未审结 */
    static const char zj[] = "\xe6\x80\xbb\xe8\xae\xa1"; /* 总计 */
    static const char wj[] = "\xe5\xae\xa1\xe7\xbb\x93"; /* 审结 */
    size_t l = tk->b - tk->a;
    if (l >= 6 && (memcmp(f->n + tk->b - 6, zj, 6) == 0 ||
                   memcmp(f->n + tk->b - 6, wj, 6) == 0))
      last_head = i;
  }
  if (last_head == SIZE_MAX)
    return;
  size_t i = last_head + 1;
  *a = i;
  while (i < to && f->tok[i].kind == T_NUM)
    i++;
  *b = i;
}

/* === Emitting the tab-line form === */

typedef struct emit {
  gk__buf *out;
  int64_t *map; /* source line of each output line */
  size_t nmap, capmap;
  const flow *f;
  size_t line_cur;  /* source line counter at 'line_off' */
  size_t line_off;
} emit;

static int64_t src_line(emit *e, size_t off) {
  const flow *f = e->f;
  if (off < e->line_off) {
    e->line_off = 0;
    e->line_cur = 1;
  }
  size_t end = off < f->tlen ? off : f->tlen;
  if (end > e->line_off)
    WORK(f, end - e->line_off);
  for (size_t i = e->line_off; i < end;) {
    const char *nl = memchr(f->text + i, '\n', end - i);
    if (!nl)
      break;
    e->line_cur++;
    i = (size_t)(nl - f->text) + 1;
  }
  e->line_off = off;
  return (int64_t)e->line_cur;
}

static gk_status add_map(emit *e, int64_t line) {
  if (e->nmap == e->capmap) {
    size_t cap = e->capmap ? e->capmap * 2 : 64;
    int64_t *m = gk__realloc(e->f->rd->alloc, e->map, cap * sizeof(*m));
    if (!m)
      return GK_E_NOMEM;
    e->map = m;
    e->capmap = cap;
  }
  e->map[e->nmap++] = line;
  return GK_OK;
}

/* Source text [a, b) as lines of their own. */
static gk_status emit_src(emit *e, size_t a, size_t b) {
  const flow *f = e->f;
  size_t i = a;
  while (i < b) {
    const char *nl = memchr(f->text + i, '\n', b - i);
    size_t end = nl ? (size_t)(nl - f->text) : b;
    size_t n = end - i;
    const char *s = gk__read_trim(f->text + i, &n);
    if (n) {
      if (add_map(e, src_line(e, (size_t)(s - f->text))) ||
          gk__buf_add(e->out, s, n) || gk__buf_addc(e->out, '\n'))
        return GK_E_NOMEM;
    }
    i = nl ? end + 1 : b;
  }
  return GK_OK;
}

static gk_status emit_line(emit *e, const char *s, size_t n, size_t src_off) {
  if (add_map(e, src_line(e, src_off)) || gk__buf_add(e->out, s, n) ||
      gk__buf_addc(e->out, '\n'))
    return GK_E_NOMEM;
  return GK_OK;
}

/* Appends the key bytes of piece p (its stream bytes) to the output. */
static gk_status put_piece(emit *e, const fpiece *p) {
  const flow *f = e->f;
  for (uint32_t i = p->a; i < p->b; i++) {
    char c = f->n[i];
    gk_status st;
    if (is3(f, i, JIAN)) {
      st = gk__buf_addc(e->out, '-');
      i += 2;
    } else if (is3(f, i, ZENG)) {
      st = gk__buf_addc(e->out, '+');
      i += 2;
    } else {
      st = gk__buf_addc(e->out, c);
    }
    if (st)
      return st;
  }
  return GK_OK;
}

static bool piece_digits(const flow *f, const fpiece *p) {
  if (p->a == p->b)
    return false;
  for (uint32_t i = p->a; i < p->b; i++)
    if (f->n[i] < '0' || f->n[i] > '9')
      return false;
  return true;
}

/* More pieces than the row has cells, blanks at an edge: those blanks
 * were separators (a markdown row's closing and opening pipes run
 * together when lines are joined). Drops them, trailing ones first. */
static size_t trim_blanks(fpiece *p, size_t np, size_t want) {
  while (np > want && p[np - 1].a == p[np - 1].b)
    np--;
  size_t lead = 0;
  while (np - lead > want && p[lead].a == p[lead].b)
    lead++;
  if (lead)
    memmove(p, p + lead, (np - lead) * sizeof(*p));
  return np - lead;
}

/* Writes the cells of a row whose label is 'label': the pieces as cells
 * when they are as many as the row's, else glued digits with '_' at the
 * cuts (recover.c splits them by the table's arithmetic). */
static gk_status emit_row(emit *e, const char *label, const fpiece *p,
                          size_t np, size_t ncols, size_t src_off) {
  gk__buf *o = e->out;
  if (add_map(e, src_line(e, src_off)) || gk__buf_addc(o, '\t') ||
      gk__buf_adds(o, label))
    return GK_E_NOMEM;
  bool glue = np < ncols && np > 0;
  for (size_t k = 0; k < np && glue; k++)
    if (!piece_digits(e->f, &p[k]))
      glue = false;
  if (glue) {
    if (gk__buf_addc(o, '\t'))
      return GK_E_NOMEM;
    for (size_t k = 0; k < np; k++)
      if ((k && gk__buf_addc(o, '_')) || put_piece(e, &p[k]))
        return GK_E_NOMEM;
  } else {
    for (size_t k = 0; k < np; k++)
      if (gk__buf_addc(o, '\t') || put_piece(e, &p[k]))
        return GK_E_NOMEM;
  }
  /* a blank line ends a row, as Tika writes a table */
  if (gk__buf_adds(o, "\n\n") || add_map(e, src_line(e, src_off)))
    return GK_E_NOMEM;
  return GK_OK;
}

/* The text before section 一: the title ends at its first 报告 when the
 * page runs on without a line break (meta.c reads the title's line). */
static gk_status emit_preamble(emit *e, size_t end) {
  const flow *f = e->f;
  const char *nl = memchr(f->text, '\n', end);
  size_t first = nl ? (size_t)(nl - f->text) : end;
  size_t look = first < 600 ? first : 600;
  const char *bg = find_bytes(f->text, look, "\xe6\x8a\xa5\xe5\x91\x8a", 6);
  if (!bg || (size_t)(bg - f->text) + 6 >= first)
    return emit_src(e, 0, end);
  size_t cut = (size_t)(bg - f->text) + 6;
  gk_status st = emit_src(e, 0, cut);
  return st ? st : emit_src(e, cut, end);
}

typedef struct event {
  uint32_t at;  /* stream offset */
  int kind;     /* 0 section heading, 1 table */
  size_t index; /* section or table */
} event;

/* Rows of table t as tab lines. */
static gk_status emit_table(emit *e, size_t t, struct gk__flow_notes *notes) {
  const flow *f = e->f;
  const gk_template *tpl = gk__templates[f->tpl];
  const gk_table_def *td = &tpl->tables[t];
  const ftable *ft = &f->tab[t];
  fpiece p[MAX_PIECES];
  gk_status st = GK_OK;
  if (t == GK_T_REVIEW) {
    size_t a, b;
    int ta = ft->row[0].tok, tb = ft->tok_end;
    if (ta < 0)
      return GK_OK;
    a = (size_t)ta;
    b = (size_t)tb;
    size_t np = pieces_of(f, a, b, p, MAX_PIECES);
    size_t want = td->nrows * td->rows[0].colset->ncols;
    np = trim_blanks(p, np, want);
    size_t off = f->src[f->tok[a].a];
    st = emit_line(e, "\t\xe8\xa1\x8c\xe6\x94\xbf\xe5\xa4\x8d\xe8\xae\xae"
                      "\t\xe8\xa1\x8c\xe6\x94\xbf\xe8\xaf\x89\xe8\xae\xbc\n",
                   strlen("\t行政复议\t行政诉讼\n"), off);
    if (st)
      return st;
    if (add_map(e, src_line(e, off)) || gk__buf_addc(e->out, '\t'))
      return GK_E_NOMEM;
    bool glue = np < want && np > 0;
    for (size_t k = 0; k < np && glue; k++)
      if (!piece_digits(f, &p[k]))
        glue = false;
    for (size_t k = 0; k < np; k++) {
      if (k && gk__buf_addc(e->out, glue ? '_' : '\t'))
        return GK_E_NOMEM;
      if (put_piece(e, &p[k]))
        return GK_E_NOMEM;
    }
    if (gk__buf_adds(e->out, "\n\n") || add_map(e, src_line(e, off)))
      return GK_E_NOMEM;
    return GK_OK;
  }
  size_t nr = ft->nrows;
  for (size_t j = 0; j < nr && !st; j++) {
    const frow *fr = &ft->row[j];
    int tr = ft->trow[j];
    if (fr->tok < 0)
      continue;
    /* values: number runs up to the next anchor (or the table's end) */
    size_t next = (size_t)ft->tok_end;
    for (size_t x = j + 1; x < nr; x++)
      if (ft->row[x].tok >= 0) {
        next = (size_t)ft->row[x].tok;
        break;
      }
    /* a row's values follow its label; a label run after them (a page
     * footer, the header repeated after a page break) ends them */
    size_t vend = (size_t)fr->tok + 1;
    while (vend < next && f->tok[vend].kind == T_NUM)
      vend++;
    size_t np = pieces_of(f, (size_t)fr->tok + 1, vend, p, MAX_PIECES);
    size_t off = f->src[fr->ms];
    np = trim_blanks(p, np, gk__ncols(tpl, t, tr < 0 ? (size_t)(-1 - tr) : (size_t)tr));
    if (tr < 0) {
      /* the group printed as one row: its sub-rows, if none was found,
       * read 0 and the last one takes the numbers */
      size_t g0 = (size_t)(-1 - tr);
      bool subrows = false;
      for (size_t x = j + 1; x < nr; x++)
        if (ft->trow[x] >= 0 && td->rows[ft->trow[x]].group == td->rows[g0].group &&
            ft->row[x].tok >= 0)
          subrows = true;
      if (subrows || !np)
        continue;
      size_t last = g0;
      while (last + 1 < td->nrows && td->rows[last + 1].group == td->rows[g0].group)
        last++;
      fpiece zero[GK_MAX_COLS];
      static const char z[] = "0";
      (void)z;
      for (size_t r = g0; r < last && !st; r++) {
        size_t nc = gk__ncols(tpl, t, r);
        /* zeros: a digit '0' of the stream is not at hand; write text */
        if (add_map(e, src_line(e, off)) || gk__buf_addc(e->out, '\t') ||
            gk__buf_adds(e->out, td->rows[r].label))
          return GK_E_NOMEM;
        for (size_t c = 0; c < nc; c++)
          if (gk__buf_adds(e->out, "\t0"))
            return GK_E_NOMEM;
        if (gk__buf_adds(e->out, "\n\n") || add_map(e, src_line(e, off)))
          return GK_E_NOMEM;
      }
      (void)zero;
      st = emit_row(e, td->rows[last].label, p, np, gk__ncols(tpl, t, last),
                    off);
      if (notes->ngroup < GK__FLOW_NOTES) {
        notes->group_row[notes->ngroup] = (uint8_t)last;
        notes->group_first[notes->ngroup] = (uint8_t)g0;
        notes->group_line[notes->ngroup++] = src_line(e, off);
      }
      continue;
    }
    st = emit_row(e, td->rows[tr].label, p, np, gk__ncols(tpl, t, (size_t)tr),
                  off);
    if (!st && fr->loose && notes->nloose < GK__FLOW_NOTES) {
      struct gk__flow_loose *l = &notes->loose[notes->nloose++];
      l->t = (uint8_t)t;
      l->r = (uint8_t)tr;
      l->line = src_line(e, off);
      size_t tb = f->tok[fr->tok].b;
      size_t sa = f->src[fr->ms];
      size_t sb = f->src[tb - 1] + 1;
      while (sb < f->tlen && ((unsigned char)f->text[sb] & 0xc0) == 0x80)
        sb++;
      gk__excerpt(l->text, sizeof(l->text), f->text + sa, sb - sa, 60);
    }
  }
  return st;
}

static gk_status emit_all(flow *f, gk__buf *out, int64_t **map, size_t *nmap,
                          struct gk__flow_notes *notes) {
  emit e;
  memset(&e, 0, sizeof(e));
  e.out = out;
  e.f = f;
  e.line_cur = 1;
  event ev[GK_SECTIONS + GK_TABLES];
  size_t nev = 0;
  for (int s = 0; s < GK_SECTIONS; s++)
    if (f->sec_b[s]) {
      ev[nev].at = f->sec_a[s];
      ev[nev].kind = 0;
      ev[nev++].index = (size_t)s;
    }
  for (size_t t = 0; t < GK_TABLES; t++)
    if (f->tab[t].start < f->tab[t].end) {
      ev[nev].at = f->tab[t].start;
      ev[nev].kind = 1;
      ev[nev++].index = t;
    }
  /* in stream order (few events: insertion sort) */
  for (size_t i = 1; i < nev; i++)
    for (size_t j = i; j > 0 && ev[j].at < ev[j - 1].at; j--) {
      event x = ev[j];
      ev[j] = ev[j - 1];
      ev[j - 1] = x;
    }
  gk_status st = GK_OK;
  size_t pos = 0; /* stream offset emitted up to */
  for (size_t i = 0; i < nev && !st; i++) {
    if (ev[i].at < pos)
      continue; /* overlapping: a table inside another's span */
    st = pos ? emit_src(&e, f->src[pos], f->src[ev[i].at])
             : emit_preamble(&e, f->src[ev[i].at]);
    if (st)
      break;
    if (ev[i].kind == 0) {
      int s = (int)ev[i].index;
      const char *title = gk__templates[f->tpl]->sections[s].title;
      size_t off = f->src[f->sec_a[s]];
      if (add_map(&e, src_line(&e, off)) || gk__buf_adds(out, cn_num[s]) ||
          gk__buf_adds(out, DUN) || gk__buf_adds(out, title) ||
          gk__buf_addc(out, '\n'))
        st = GK_E_NOMEM;
      pos = f->sec_b[s];
    } else {
      size_t t = ev[i].index;
      st = emit_table(&e, t, notes);
      pos = f->tab[t].end;
    }
  }
  if (!st)
    st = emit_src(&e, f->src[pos], f->tlen);
  *map = e.map;
  *nmap = e.nmap;
  return st == GK_E_NOMEM ? nomem(f->rd) : st;
}

/* === Driver === */

/* Chains each template row's label keys once, in key order (align
 * takes them per row, for both templates). */
static void index_row_keys(flow *f) {
  const struct gk__reader *rd = f->rd;
  memset(f->rhead, 0xff, sizeof(f->rhead));
  for (size_t i = rd->nkent; i-- > 0;) {
    const gk__rkey *e = &rd->kent[i];
    if (e->tpl >= GK__NTPL || e->t >= GK_TABLES ||
        (e->kind != GK__K_GROUP && e->kind != GK__K_ROW &&
         e->kind != GK__K_STRIP))
      continue;
    f->rnext[i] = f->rhead[e->tpl][e->t][e->r];
    f->rhead[e->tpl][e->t][e->r] = (uint16_t)i;
  }
}

/* Locates every table for template tpl; returns the alignment score. */
static gk_status locate(flow *f, int tpl, int *score) {
  *score = 0;
  for (size_t t = 0; t < GK_TABLES; t++) {
    ftable *ft = &f->tab[t];
    size_t from, to;
    table_range(f, t, tpl, &from, &to);
    ft->start = ft->end = 0;
    ft->tok_end = (int)to;
    if (t == GK_T_REVIEW) {
      size_t a, b;
      review_range(f, from, to, &a, &b);
      ft->nrows = 1;
      ft->trow[0] = 0;
      ft->row[0].tok = a < b ? (int)a : -1;
      ft->tok_end = (int)b;
      if (a < b) {
        ft->start = f->tok[a].a;
        ft->end = f->tok[b - 1].b;
        *score += 1;
      }
      continue;
    }
    gk_status st = align(f, tpl, t, from, to, ft);
    if (st)
      return st;
    int first = -1, last = -1;
    size_t rows = 0;
    for (size_t j = 0; j < ft->nrows; j++)
      if (ft->row[j].tok >= 0) {
        if (first < 0)
          first = (int)j;
        last = (int)j;
        rows++;
      }
    /* outside its own section (no heading of it: a text cut before it), a
     * few labels are the narrative's words (规范性文件 2 件, 1件结转下年度
     * 继续办理), not the table: it is missing */
    int sec = gk__templates[tpl]->tables[t].section - 1;
    if (first >= 0 && !f->sec_b[sec] && rows * 2 < ft->nrows) {
      for (size_t j = 0; j < ft->nrows; j++)
        ft->row[j].tok = -1;
      first = -1;
    } else {
      *score += ft->score;
    }
    if (first < 0)
      continue;
    /* the last row's values: the number runs right after its label */
    size_t e = (size_t)ft->row[last].tok + 1;
    while (e < to && f->tok[e].kind == T_NUM)
      e++;
    ft->tok_end = (int)e;
    ft->start = ft->row[first].ms;
    ft->end = f->tok[e - 1].b;
  }
  return GK_OK;
}

gk_status gk__read_flow(struct gk__reader *rd, gk__buf *out, int64_t **map,
                        size_t *nmap, struct gk__flow_notes *notes) {
  flow f;
  memset(&f, 0, sizeof(f));
  memset(notes, 0, sizeof(*notes));
  *map = NULL;
  *nmap = 0;
  f.rd = rd;
  f.work = &notes->work;
  f.text = rd->text;
  f.tlen = rd->tlen;
  GK__DOING(rd, "按字符流读取表格", "reading the tables as one stream");
  gk_status st = normalise(&f);
  if (!st)
    st = tokenise(&f);
  if (!st) {
    index_row_keys(&f);
    st = find_sections(&f);
  }
  if (!st) {
    /* both formats' alignments; the better one is kept (newest on a
     * tie) */
    int best = -1, best_tpl = GK__NTPL - 1;
    ftable keep[GK_TABLES];
    for (int tp = GK__NTPL - 1; tp >= 0 && !st; tp--) {
      int sc;
      st = locate(&f, tp, &sc);
      if (!st && sc > best) {
        best = sc;
        best_tpl = tp;
        memcpy(keep, f.tab, sizeof(keep));
      }
    }
    f.tpl = best_tpl;
    if (!st)
      memcpy(f.tab, keep, sizeof(keep));
  }
  if (!st)
    st = emit_all(&f, out, map, nmap, notes);
  notes->tpl = f.tpl;
  const gk_alloc *al = rd->alloc;
  gk__free(al, f.n);
  gk__free(al, f.src);
  gk__free(al, f.hint);
  gk__free(al, f.tok);
  gk__free(al, f.num);
  return st;
}
