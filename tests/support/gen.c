/* gen.c: generator of realistic annual reports as text (see gen.h).
 *
 * Source of truth for the tables: the templates of gongkai.h (ids, labels,
 * kinds, groups, block headers), walked through the public accessors. The
 * printed shapes copy tests/data/seeds (Apache Tika's text of .docx): a
 * cell is a tab-led line, a line break inside a cell is a continuation
 * line, a blank line ends a row, merged cells leave empty cells. The other
 * layouts are what text copied from web pages and PDFs looks like.
 *
 * Structure the generator relies on, as the official formats print it
 * (spec/report-fields.md): table 0 disclose, 1 apply, 2 review; in apply
 * rows 0 and 1 are 一、本年新收 and 二、上年结转, the last two （七）总计 and
 * 四、结转下年度, the rows between are the outcomes; in apply and review
 * the last column is the total of the others. */
#include "gen.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_DISCLOSE = 0, T_APPLY = 1, T_REVIEW = 2 };

/* === Buffers === */

typedef struct gbuf {
  char *p;    /* bytes, NUL-terminated when not NULL */
  size_t len; /* used */
  size_t cap; /* allocated */
  int oom;    /* an allocation failed: the content is incomplete */
} gbuf;

static int gb_reserve(gbuf *b, size_t extra) {
  if (b->oom)
    return -1;
  if (extra > SIZE_MAX / 2 - b->len) {
    b->oom = 1;
    return -1;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < need)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    b->oom = 1;
    return -1;
  }
  b->p = p;
  b->cap = cap;
  return 0;
}

static void gb_add(gbuf *b, const char *s, size_t n) {
  if (gb_reserve(b, n))
    return;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void gb_adds(gbuf *b, const char *s) { gb_add(b, s, strlen(s)); }

static void gb_addc(gbuf *b, char c) { gb_add(b, &c, 1); }

static void gb_printf(gbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void gb_printf(gbuf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->oom = 1;
    return;
  }
  if ((size_t)n >= sizeof(tmp)) { /* long: format again into the buffer */
    if (gb_reserve(b, (size_t)n))
      return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return;
  }
  gb_add(b, tmp, (size_t)n);
}

static void gb_reset(gbuf *b) {
  b->len = 0;
  b->oom = 0;
  if (b->p)
    b->p[0] = 0;
}

/* === The generator === */

struct gk_gen {
  uint64_t s[4]; /* xoshiro256** state */
  gbuf out;      /* the report as UTF-8, LF */
  gbuf enc;      /* after CRLF and encoding */
  gbuf row;      /* texts of the cells of the row being printed */
  iconv_t cd;    /* UTF-8 -> GB18030, opened on first use */
  int cd_open;   /* 'cd' is valid */
};

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next64(gk_gen *g) {
  uint64_t *s = g->s;
  uint64_t r = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

void gk_gen_reseed(gk_gen *g, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++)
    g->s[i] = splitmix64(&x);
}

uint64_t gk_gen_below(gk_gen *g, uint64_t n) {
  return n ? next64(g) % n : 0; /* bias is irrelevant for test data */
}

/* Shorthands: below(n), a chance of p percent, a pick from an array. */
#define BELOW(n) ((int64_t)gk_gen_below(g, (uint64_t)(n)))
#define CHANCE(pct) (gk_gen_below(g, 100) < (uint64_t)(pct))
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[gk_gen_below(g, NELEM(a))])

gk_status gk_gen_new(gk_gen **out, uint64_t seed) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  gk_gen *g = calloc(1, sizeof(*g));
  if (!g)
    return GK_E_NOMEM;
  gk_gen_reseed(g, seed);
  *out = g;
  return GK_OK;
}

void gk_gen_free(gk_gen *g) {
  if (!g)
    return;
  free(g->out.p);
  free(g->enc.p);
  free(g->row.p);
  if (g->cd_open)
    iconv_close(g->cd);
  free(g);
}

/* === Names === */

const char *gk_gen_layout_name(gk_gen_layout layout) {
  switch (layout) {
  case GK_GEN_LAYOUT_RANDOM:
    return "random";
  case GK_GEN_TIKA:
    return "tika";
  case GK_GEN_TABS:
    return "tabs";
  case GK_GEN_SPACES:
    return "spaces";
  case GK_GEN_LINES:
    return "lines";
  case GK_GEN_MARKDOWN:
    return "markdown";
  case GK_GEN_GLUED:
    return "glued";
  case GK_GEN_LAYOUT_COUNT:
    break;
  }
  return "?";
}

const char *gk_gen_encoding_name(gk_gen_encoding enc) {
  switch (enc) {
  case GK_GEN_ENC_RANDOM:
    return "random";
  case GK_GEN_UTF8:
    return "utf8";
  case GK_GEN_GB18030:
    return "gb18030";
  case GK_GEN_UTF16LE:
    return "utf16le";
  case GK_GEN_UTF16BE:
    return "utf16be";
  case GK_GEN_ENC_COUNT:
    break;
  }
  return "?";
}

void gk_gen_flags_name(unsigned flags, char *out, size_t outsz) {
  static const char *const names[] = {"bom",         "crlf",        "fullwidth",
                                      "zhiji",       "quotes",      "blank0",
                                      "label-space", "label-break", "merged"};
  size_t used = 0;
  if (!outsz)
    return;
  out[0] = 0;
  for (size_t i = 0; i < NELEM(names); i++) {
    if (!(flags & (1u << i)))
      continue;
    int n =
        snprintf(out + used, outsz - used, "%s%s", used ? "|" : "", names[i]);
    if (n < 0 || (size_t)n >= outsz - used)
      return;
    used += (size_t)n;
  }
  if (!used)
    snprintf(out, outsz, "-");
}

/* === Glued rows: how many readings === */

static int split_ways(const char *d, size_t n, size_t parts, uint64_t remaining,
                      int limit) {
  if (parts == 0)
    return n == 0 && remaining == 0;
  if (n < parts)
    return 0;
  int ways = 0;
  uint64_t v = 0;
  size_t maxlen = n - (parts - 1);
  for (size_t k = 1; k <= maxlen && k <= 18; k++) {
    if (k > 1 && d[0] == '0')
      break; /* no leading zeros */
    v = v * 10 + (uint64_t)(d[k - 1] - '0');
    if (v > remaining)
      break;
    ways += split_ways(d + k, n - k, parts - 1, remaining - v, limit - ways);
    if (ways >= limit)
      break;
  }
  return ways;
}

int gk_gen_glued_readings(const char *d, size_t n, size_t ncells, int limit) {
  int ways = 0;
  if (ncells < 2 || n < ncells)
    return 0;
  for (size_t k = 1; k + (ncells - 1) <= n && k <= 18; k++) {
    const char *t = d + n - k;
    if (k > 1 && t[0] == '0')
      continue;
    uint64_t total = 0;
    for (size_t i = 0; i < k; i++)
      total = total * 10 + (uint64_t)(t[i] - '0');
    ways += split_ways(d, n - k, ncells - 1, total, limit - ways);
    if (ways >= limit)
      break;
  }
  return ways;
}

/* === Names and words (realistic, not official labels) === */

static const char *const places[] = {
    "满洲里", "抚远", "德惠", "海拉尔",   "牙克石", "扎兰屯", "额尔古纳",
    "根河",   "阿荣", "临河", "乌兰浩特", "榆树",   "农安",   "公主岭",
    "梅河口", "珲春", "同江", "富锦",     "绥芬河", "宁安",   "海林",
    "安达",   "肇东", "五常", "尚志",     "北安",   "讷河",   "虎林",
    "密山",   "铁力", "双城", "阿城",     "长岭",   "敦化",   "龙井"};
static const char *const bureaus[] = {
    "统计局",         "财政局",     "教育局",           "民政局",
    "自然资源局",     "生态环境局", "住房和城乡建设局", "交通运输局",
    "农业农村局",     "水务局",     "商务局",           "文化旅游局",
    "市场监督管理局", "应急管理局", "审计局",           "林业和草原局",
    "机关事务管理局", "医疗保障局", "退役军人事务局",   "人力资源和社会保障局"};
static const char *const streets[] = {"南区", "北区", "东山", "西城", "新华",
                                      "站前", "铁南", "兴华", "光明", "和平"};
static const char *const kinds[] = {"市", "县", "区"};

/* Writes an agency name into tr->agency; returns 1 for a people's
 * government (deadline 31 March), 0 for a department (31 January). */
static int draw_agency(gk_gen *g, gk_gen_truth *tr) {
  const char *place = PICK(places);
  const char *kind = PICK(kinds);
  int gov = 0;
  switch (gk_gen_below(g, 5)) {
  case 0:
    snprintf(tr->agency, sizeof(tr->agency), "%s%s人民政府", place, kind);
    gov = 1;
    break;
  case 1:
    snprintf(tr->agency, sizeof(tr->agency), "%s%s人民政府办公室", place, kind);
    break;
  case 2:
  case 3:
    snprintf(tr->agency, sizeof(tr->agency), "%s%s%s", place, kind,
             PICK(bureaus));
    break;
  default:
    snprintf(tr->agency, sizeof(tr->agency), "%s%s%s街道办事处", place, kind,
             PICK(streets));
    break;
  }
  return gov;
}

/* Sentences of narrative, with no numbers and no heading-like starts. */
static const char *const sentences[] = {
    "认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为"
    "例外的原则，不断提升政务公开工作水平。",
    "严格落实信息发布审核机制，确保公开信息的准确性和严肃性。",
    "进一步健全政府信息公开工作机制，明确分管领导和具体工作人员，做到工作有人抓"
    "、事情有人管。",
    "围绕群众关心关注的重点领域，及时准确公开财政预决算、重大建设项目、社会公益"
    "事业等信息。",
    "持续做好政策解读工作，通过图文解读、专家解读等多种形式，提升政策知晓度。",
    "依托政府门户网站、政务新媒体和政务公开栏等平台，拓宽信息公开渠道，方便群众"
    "获取信息。",
    "按照保密审查制度，坚持先审查、后公开，一事一审，防止失泄密事件发生。",
    "加强对政务公开工作的日常监督，将政务公开工作纳入年度绩效考核内容。",
    "规范依申请公开的受理、审查、办理、答复等环节，依法保障公民、法人和其他组织"
    "的知情权。",
    "及时更新政府信息公开指南和政府信息公开目录，确保目录内容与实际工作相符。",
    "组织工作人员参加政务公开业务培训，提高工作人员的业务能力和依法公开意识。",
    "加强政务舆情回应，对社会关注的热点问题及时发布权威信息。",
    "推进基层政务公开标准化规范化建设，编制完成基层政务公开事项标准目录。",
    "全面梳理权责清单，动态调整并及时向社会公布。",
    "全年未发生因政府信息公开工作不到位而被追究责任的情况。",
    "政府信息公开工作领导小组定期研究部署相关工作，协调解决工作中遇到的问题。",
    "在政务服务大厅设置政务公开专区，为群众提供政府信息查阅服务。",
    "积极开展政府开放日活动，邀请群众代表走进机关、参与监督。",
    "对照上级考核要求，逐项查找不足，认真整改落实。",
    "建立健全信息公开工作台账，做到发布有记录、审核有留痕。"};
static const char *const problems[] = {
    "政务公开工作人员业务水平有待进一步提高，对新条例的学习理解还不够深入。",
    "信息发布的及时性有待加强，部分栏目更新不够及时。",
    "政策解读形式较为单一，解读的深度和广度还需进一步拓展。",
    "公众参与的渠道和方式还不够丰富，互动交流有待加强。",
    "政府信息公开的内容还不够全面，与群众的需求还有一定差距。"};
static const char *const remedies[] = {
    "加强业务培训，提升工作人员依法公开的意识和能力。",
    "完善信息发布机制，明确发布时限，确保信息及时更新。",
    "丰富政策解读形式，综合运用图表图解、音频视频等方式开展解读。",
    "拓宽公众参与渠道，认真听取群众意见建议，及时回应社会关切。",
    "强化监督考核，将政务公开工作落实情况纳入年度考核。"};
static const char *const subheads1[] = {
    "（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况",
    "（四）平台建设情况", "（五）监督保障情况"};

/* Section headings of both formats (国办公开办函〔2019〕60号, 〔2021〕30号,
 * spec/law.md). gongkai.h has no accessor for them yet. */
static const char *const headings[] = {"一、总体情况",
                                       "二、主动公开政府信息情况",
                                       "三、收到和处理政府信息公开申请情况",
                                       "四、政府信息公开行政复议、行政诉讼情况",
                                       "五、存在的主要问题及改进情况",
                                       "六、其他需要报告的事项"};

/* Printed header cells of the tables that are not row or column labels
 * (template.c header_labels; not in the public API). */
#define H_CONTENT "信息内容"
#define H_CAPTION                                                              \
  "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#define H_APPLICANTS "申请人情况"
#define H_ORGS "法人或其他组织"

/* === Numbers === */

static int64_t draw_magnitude(gk_gen *g) {
  static const int64_t caps[] = {5, 20, 100, 1000, 6000};
  return caps[gk_gen_below(g, NELEM(caps))];
}

/* Splits 'total' units into n parts proportional to the weights w
 * (some zero); the rounding remainder goes to parts of non-zero weight. */
static void split_by_weights(gk_gen *g, int64_t total, const int64_t *w,
                             size_t n, int64_t *out) {
  int64_t sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += w[i];
  if (sum <= 0) {
    for (size_t i = 0; i < n; i++)
      out[i] = 0;
    if (n)
      out[0] = total;
    return;
  }
  int64_t used = 0;
  for (size_t i = 0; i < n; i++) {
    out[i] = total * w[i] / sum;
    used += out[i];
  }
  while (used < total) {
    size_t i = (size_t)BELOW(n);
    if (w[i] > 0) {
      out[i]++;
      used++;
    }
  }
}

/* Table apply, balanced by construction: per applicant column draw new
 * and carried_in, choose carried_out, distribute the rest over the
 * outcome rows; totals are sums. 'small' caps the volume. */
static void gen_apply(gk_gen *g, const gk_template *tpl, gk_gen_truth *tr,
                      int small) {
  size_t nr = gk_template_row_count(tpl, T_APPLY);
  size_t nc = gk_template_col_count(tpl, T_APPLY, 0);
  size_t sum_c = nc - 1, r_total = nr - 2, r_out = nr - 1;
  int64_t v[GK_GEN_MAX_ROWS][GK_GEN_MAX_COLS];
  memset(v, 0, sizeof(v));

  int64_t volume;
  uint64_t k = gk_gen_below(g, 100);
  if (k < 15)
    volume = 0;
  else if (k < 55 || small)
    volume = 1 + BELOW(small ? 6 : 10);
  else if (k < 85)
    volume = 10 + BELOW(110);
  else
    volume = 120 + BELOW(2900);

  int64_t wcol[GK_GEN_MAX_COLS] = {0};
  wcol[0] = 50 + BELOW(50);
  for (size_t c = 1; c < sum_c; c++)
    wcol[c] = CHANCE(c == 1 ? 60 : 25) ? BELOW(c == 1 ? 30 : 10) : 0;
  int64_t newc[GK_GEN_MAX_COLS];
  split_by_weights(g, volume, wcol, sum_c, newc);

  size_t nout = r_total - 2;
  int64_t wout[GK_GEN_MAX_ROWS] = {0};
  wout[0] = 30 + BELOW(70); /* granted */
  wout[1] = CHANCE(50) ? BELOW(20) : 0;
  for (size_t i = 2; i < nout; i++)
    wout[i] = CHANCE(30) ? BELOW(15) : 0;

  int carry_in = CHANCE(40), carry_out = CHANCE(40);
  for (size_t c = 0; c < sum_c; c++) {
    v[0][c] = newc[c];
    v[1][c] = carry_in ? BELOW(newc[c] / 4 + 2) : 0;
    int64_t avail = v[0][c] + v[1][c];
    v[r_out][c] = carry_out ? BELOW(avail / 5 + 1) : 0;
    int64_t outc[GK_GEN_MAX_ROWS];
    split_by_weights(g, avail - v[r_out][c], wout, nout, outc);
    for (size_t i = 0; i < nout; i++)
      v[2 + i][c] = outc[i];
  }
  for (size_t c = 0; c < sum_c; c++) {
    v[r_total][c] = 0;
    for (size_t r = 2; r < r_total; r++)
      v[r_total][c] += v[r][c];
  }
  for (size_t r = 0; r < nr; r++) {
    v[r][sum_c] = 0;
    for (size_t c = 0; c < sum_c; c++)
      v[r][sum_c] += v[r][c];
  }
  for (size_t r = 0; r < nr; r++)
    for (size_t c = 0; c < nc; c++)
      tr->value[T_APPLY][r][c] = v[r][c] * GK_SCALE;
}

static void gen_review(gk_gen *g, const gk_template *tpl, gk_gen_truth *tr) {
  int none = CHANCE(55);
  for (size_t r = 0; r < gk_template_row_count(tpl, T_REVIEW); r++) {
    size_t nc = gk_template_col_count(tpl, T_REVIEW, r);
    int64_t sum = 0;
    for (size_t c = 0; c + 1 < nc; c++) {
      int64_t x = none || CHANCE(60) ? 0 : BELOW(c == 0 ? 12 : 4);
      tr->value[T_REVIEW][r][c] = x * GK_SCALE;
      sum += x;
    }
    tr->value[T_REVIEW][r][nc - 1] = sum * GK_SCALE;
  }
}

static void gen_disclose(gk_gen *g, const gk_template *tpl, gk_gen_truth *tr) {
  for (size_t r = 0; r < gk_template_row_count(tpl, T_DISCLOSE); r++) {
    int64_t mag = draw_magnitude(g);
    for (size_t c = 0; c < gk_template_col_count(tpl, T_DISCLOSE, r); c++) {
      int64_t x = 0;
      switch (gk_template_col_kind(tpl, T_DISCLOSE, r, c)) {
      case GK_COL_COUNT:
        x = CHANCE(35) ? 0 : BELOW(mag + 1) * GK_SCALE;
        break;
      case GK_COL_SIGNED:
        x = CHANCE(30) ? 0 : (1 + BELOW(mag)) * GK_SCALE;
        if (CHANCE(45))
          x = -x;
        break;
      case GK_COL_AMOUNT:
        if (CHANCE(35))
          x = 0;
        else if (CHANCE(30))
          x = (1 + BELOW(20000)) * GK_SCALE; /* whole 万元 */
        else
          x = (1 + BELOW(2000000)) * (GK_SCALE / 100); /* to the 百元 */
        break;
      }
      tr->value[T_DISCLOSE][r][c] = x;
    }
  }
}

/* === Printing cells === */

/* Appends the ASCII digit d (or its full-width form). */
static void put_digits(gbuf *b, const char *s, int fullwidth) {
  for (; *s; s++) {
    if (fullwidth && *s >= '0' && *s <= '9') {
      char fw[3] = {(char)0xEF, (char)0xBC, (char)(0x90 + (*s - '0'))};
      gb_add(b, fw, 3);
    } else {
      gb_addc(b, *s);
    }
  }
}

/* Formats a scaled value of kind 'kind' as reports write it. */
static void format_value(gk_gen *g, char *out, size_t outsz, int64_t v,
                         gk_col_kind kind) {
  int64_t whole = v / GK_SCALE, frac = v % GK_SCALE;
  if (frac < 0)
    frac = -frac;
  switch (kind) {
  case GK_COL_COUNT:
    snprintf(out, outsz, "%lld", (long long)whole);
    break;
  case GK_COL_SIGNED:
    snprintf(out, outsz, v > 0 ? "+%lld" : "%lld", (long long)whole);
    break;
  case GK_COL_AMOUNT: {
    const char *unit = CHANCE(20) ? "万元" : "";
    if (!frac && CHANCE(70)) {
      snprintf(out, outsz, "%lld%s", (long long)whole, unit);
    } else {
      char f[8];
      snprintf(f, sizeof(f), "%04lld", (long long)frac);
      size_t n = 4;
      while (n > 2 && f[n - 1] == '0') /* at least two decimals */
        n--;
      f[n] = 0;
      snprintf(out, outsz, "%s%lld.%s%s", v < 0 ? "-" : "",
               (long long)(whole < 0 ? -whole : whole), f, unit);
    }
    break;
  }
  }
}

/* Cell kinds of a printed row. */
enum { CK_LABEL = 0, CK_VALUE, CK_PH, CK_BLANK };

#define MAX_ROW_CELLS 20

typedef struct prow {
  size_t n;                  /* cells */
  size_t off[MAX_ROW_CELLS]; /* text of cell i: g->row.p + off[i] */
  size_t len[MAX_ROW_CELLS]; /* its length */
  int kind[MAX_ROW_CELLS];   /* CK_* */
  int nlabels;               /* leading label/placeholder cells */
} prow;

/* Context of one report being printed. */
typedef struct ctx {
  gk_gen *g;
  const gk_template *tpl;
  gk_gen_layout layout;
  unsigned flags;
  int md_width;      /* markdown: columns of the current table */
  int md_rows;       /* markdown: rows printed in the current table */
  int bookmark_left; /* Tika: a [bookmark: _GoBack] still to place */
  int terse;         /* one sentence a paragraph, fewer paragraphs */
  int glue_groups;   /* GLUED: group labels glued before their row */
  int64_t printed[GK_GEN_TABLES][GK_GEN_MAX_ROWS][GK_GEN_MAX_COLS];
  int narrative;      /* gk_gen_opts.narrative != 0 */
  int edit;           /* gk_gen_opts.narrative_edit */
  uint64_t ns[4];     /* narrative stream, while outside it */
  uint64_t es[4];     /* edit stream (this report's own) */
  uint64_t saved[4];  /* the main stream, while inside the narrative */
} ctx;

static void row_start(ctx *x, prow *pr) {
  gb_reset(&x->g->row);
  pr->n = 0;
  pr->nlabels = 0;
}

static void row_cell(ctx *x, prow *pr, const char *s, size_t n, int kind) {
  if (pr->n >= MAX_ROW_CELLS)
    return;
  pr->off[pr->n] = x->g->row.len;
  gb_add(&x->g->row, s, n);
  pr->len[pr->n] = n;
  pr->kind[pr->n] = kind;
  if (kind == CK_LABEL || kind == CK_PH)
    pr->nlabels = (int)pr->n + 1;
  pr->n++;
}

/* True if the code point starting at s is an ASCII byte or punctuation
 * that must not start a continuation line or sit next to a space. */
static int awkward(const unsigned char *s) {
  if (*s < 0x80)
    return 1;
  static const char *const bad[] = {"（", "）", "、", "，", "“", "”", "。"};
  for (size_t i = 0; i < NELEM(bad); i++)
    if (!strncmp((const char *)s, bad[i], strlen(bad[i])))
      return 1;
  return 0;
}

/* Byte offsets of code point boundaries of s[0..n) where a space or a
 * line break may go: not in the first two code points or the last one,
 * not next to ASCII or brackets. Returns how many, at most 'max'. */
static size_t break_points(const char *s, size_t n, size_t *pos, size_t max) {
  size_t cps[256], ncp = 0;
  for (size_t i = 0; i < n && ncp < NELEM(cps); i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      cps[ncp++] = i;
  size_t k = 0;
  for (size_t j = 2; j + 1 < ncp && k < max; j++) {
    const unsigned char *here = (const unsigned char *)s + cps[j];
    const unsigned char *prev = (const unsigned char *)s + cps[j - 1];
    if (awkward(here) || awkward(prev))
      continue;
    pos[k++] = cps[j];
  }
  return k;
}

/* Adds a label cell, applying the label variants of the flags. 'is_row'
 * selects row labels (spaces, 只记, quotes) from header labels. */
static void row_label(ctx *x, prow *pr, const char *label, int is_row) {
  gk_gen *g = x->g;
  char buf[512];
  size_t n = 0;
  const char *s = label;
  while (*s && n + 8 < sizeof(buf)) {
    if (is_row && (x->flags & GK_GEN_QUOTES) &&
        (!strncmp(s, "“", 3) || !strncmp(s, "”", 3))) {
      buf[n++] = '"';
      s += 3;
    } else if (is_row && (x->flags & GK_GEN_ZHIJI) && !strncmp(s, "只计", 6)) {
      memcpy(buf + n, "只记", 6);
      n += 6;
      s += 6;
    } else {
      buf[n++] = *s++;
    }
  }
  buf[n] = 0;
  size_t pos[128];
  int insert = 0;
  const char *ins = NULL;
  if (is_row && (x->flags & GK_GEN_LABEL_SPACE) && CHANCE(30)) {
    insert = 1;
    ins = " ";
  } else if (x->layout == GK_GEN_TIKA && (x->flags & GK_GEN_LABEL_BREAK) &&
             CHANCE(is_row ? 15 : 50)) {
    insert = 1;
    ins = "\n";
  }
  if (insert) {
    size_t k = break_points(buf, n, pos, NELEM(pos));
    if (k) {
      size_t at = pos[gk_gen_below(g, k)];
      char tmp[520];
      memcpy(tmp, buf, at);
      tmp[at] = ins[0];
      memcpy(tmp + at + 1, buf + at, n - at);
      row_cell(x, pr, tmp, n + 1, CK_LABEL);
      return;
    }
  }
  row_cell(x, pr, buf, n, CK_LABEL);
}

static void row_ph(ctx *x, prow *pr) { row_cell(x, pr, "", 0, CK_PH); }

/* Adds a value cell: zero may print blank (Tika), padding in Tika. */
static void row_value(ctx *x, prow *pr, int64_t v, gk_col_kind kind) {
  gk_gen *g = x->g;
  if (x->layout == GK_GEN_TIKA && v == 0 && (x->flags & GK_GEN_BLANK_ZEROS) &&
      CHANCE(60)) {
    if (CHANCE(50))
      row_cell(x, pr, "\xC2\xA0", 2, CK_BLANK);
    else
      row_cell(x, pr, "", 0, CK_BLANK);
    return;
  }
  char num[64];
  format_value(g, num, sizeof(num), v, kind);
  gbuf tmp = {0};
  if (x->layout == GK_GEN_TIKA && CHANCE(8))
    gb_adds(&tmp, CHANCE(50) ? "\xC2\xA0" : "　");
  put_digits(&tmp, num, (x->flags & GK_GEN_FULLWIDTH) != 0);
  if (x->layout == GK_GEN_TIKA && CHANCE(5))
    gb_adds(&tmp, "\xC2\xA0");
  if (tmp.oom)
    x->g->row.oom = 1;
  else
    row_cell(x, pr, tmp.p, tmp.len, CK_VALUE);
  free(tmp.p);
}

/* === Layouts: one printed row === */

/* A markdown row: cells between pipes (merged-cell ghosts as empty
 * cells), header rows padded to the table's width; the separator line
 * follows the first row. Data rows are not padded between label and
 * values (a label spanning columns is one cell). */
static void md_row(ctx *x, const prow *pr, int data) {
  gbuf *o = &x->g->out;
  int n = (int)pr->n;
  int pad = data ? 0 : x->md_width - n;
  gb_adds(o, "|");
  for (int i = 0; i < n; i++) {
    gb_addc(o, ' ');
    for (size_t j = 0; j < pr->len[i]; j++) {
      char ch = x->g->row.p[pr->off[i] + j];
      gb_addc(o, ch == '\n' ? ' ' : ch);
    }
    gb_adds(o, " |");
  }
  for (int k = 0; k < pad; k++)
    gb_adds(o, "  |");
  gb_addc(o, '\n');
  if (x->md_rows++ == 0) {
    gb_adds(o, "|");
    for (int k = 0; k < (n > x->md_width ? n : x->md_width); k++)
      gb_adds(o, "---|");
    gb_addc(o, '\n');
  }
}

/* Prints a row in the current layout. 'data' marks a row of values (for
 * markdown alignment and glued apply rows). */
static void emit_row(ctx *x, const prow *pr, int data, int glue) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  const char *base = g->row.p ? g->row.p : "";
  /* GLUED glues apply's data rows; it prints the rest as TABS */
  gk_gen_layout layout = x->layout;
  if (layout == GK_GEN_GLUED && !glue)
    layout = GK_GEN_TABS;
  switch (layout) {
  case GK_GEN_TIKA:
    for (size_t i = 0; i < pr->n; i++) {
      if (pr->kind[i] == CK_PH && !(x->flags & GK_GEN_MERGED))
        continue;
      gb_addc(o, '\t');
      if (x->bookmark_left && pr->kind[i] == CK_LABEL && CHANCE(5)) {
        gb_adds(o, "[bookmark: _GoBack]");
        x->bookmark_left = 0;
      }
      gb_add(o, base + pr->off[i], pr->len[i]);
      gb_addc(o, '\n');
    }
    gb_addc(o, '\n');
    break;
  case GK_GEN_MARKDOWN:
    md_row(x, pr, data);
    break;
  case GK_GEN_LINES:
    for (size_t i = 0; i < pr->n; i++) {
      if (pr->kind[i] == CK_PH || !pr->len[i])
        continue;
      gb_add(o, base + pr->off[i], pr->len[i]);
      gb_addc(o, '\n');
    }
    break;
  case GK_GEN_GLUED: {
    /* Every cell of table apply glued, as text copied from a PDF that lost
     * its separators: header rows, label and digits; group labels glued
     * before the row or on lines of their own. */
    size_t from = 0;
    if (data && !x->glue_groups) {
      for (int i = 0; i + 1 < pr->nlabels; i++) {
        if (pr->kind[i] == CK_PH)
          continue;
        gb_add(o, base + pr->off[i], pr->len[i]);
        gb_addc(o, '\n');
      }
      from = pr->nlabels ? (size_t)pr->nlabels - 1 : 0;
    }
    for (size_t i = from; i < pr->n; i++)
      gb_add(o, base + pr->off[i], pr->len[i]);
    gb_addc(o, '\n');
    break;
  }
  case GK_GEN_TABS:
  case GK_GEN_SPACES: {
    int first = 1;
    if (layout == GK_GEN_SPACES && CHANCE(20))
      gb_adds(o, "  ");
    for (size_t i = 0; i < pr->n; i++) {
      if (pr->kind[i] == CK_PH)
        continue;
      if (!first) {
        if (layout == GK_GEN_SPACES) {
          int k = 2 + (int)gk_gen_below(g, 5);
          for (int j = 0; j < k; j++)
            gb_addc(o, ' ');
        } else {
          gb_addc(o, '\t');
        }
      }
      first = 0;
      gb_add(o, base + pr->off[i], pr->len[i]);
    }
    gb_addc(o, '\n');
    break;
  }
  case GK_GEN_LAYOUT_RANDOM:
  case GK_GEN_LAYOUT_COUNT:
    break;
  }
}

/* Starts a table (markdown: a new pipe table of 'width' columns). */
static void table_begin(ctx *x, int width) {
  x->md_width = width;
  x->md_rows = 0;
  if (x->layout == GK_GEN_MARKDOWN)
    gb_addc(&x->g->out, '\n');
}

static void table_end(ctx *x) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  if (x->layout == GK_GEN_TIKA || x->layout == GK_GEN_MARKDOWN)
    gb_addc(o, '\n');
  else if (CHANCE(50))
    gb_addc(o, '\n');
}

/* === Tables === */

static void print_disclose(ctx *x) {
  const gk_template *tpl = x->tpl;
  size_t nr = gk_template_row_count(tpl, T_DISCLOSE);
  prow pr;
  const char *block = NULL;
  for (size_t r = 0; r < nr; r++) {
    size_t nc = gk_template_col_count(tpl, T_DISCLOSE, r);
    const char *b = gk_template_row_block(tpl, T_DISCLOSE, r);
    if (b && (!block || strcmp(b, block) != 0)) {
      if (block && x->layout == GK_GEN_MARKDOWN)
        table_end(x);
      block = b;
      if (x->layout == GK_GEN_MARKDOWN)
        table_begin(x, (int)nc + 1);
      row_start(x, &pr);
      row_label(x, &pr, b, 0);
      emit_row(x, &pr, 0, 0);
      row_start(x, &pr);
      row_label(x, &pr, H_CONTENT, 0);
      for (size_t c = 0; c < nc; c++)
        row_label(x, &pr, gk_template_col_label(tpl, T_DISCLOSE, r, c), 0);
      emit_row(x, &pr, 0, 0);
    }
    row_start(x, &pr);
    row_label(x, &pr, gk_template_row_label(tpl, T_DISCLOSE, r), 1);
    for (size_t c = 0; c < nc; c++)
      row_value(x, &pr, x->printed[T_DISCLOSE][r][c],
                gk_template_col_kind(tpl, T_DISCLOSE, r, c));
    emit_row(x, &pr, 1, 0);
  }
  table_end(x);
}

static void print_apply(ctx *x) {
  const gk_template *tpl = x->tpl;
  size_t nr = gk_template_row_count(tpl, T_APPLY);
  size_t nc = gk_template_col_count(tpl, T_APPLY, 0);
  prow pr;
  table_begin(x, 3 + (int)nc);

  row_start(x, &pr);
  row_label(x, &pr, H_CAPTION, 0);
  row_label(x, &pr, H_APPLICANTS, 0);
  emit_row(x, &pr, 0, 1);
  row_start(x, &pr);
  row_ph(x, &pr);
  row_label(x, &pr, gk_template_col_label(tpl, T_APPLY, 0, 0), 0);
  row_label(x, &pr, H_ORGS, 0);
  row_label(x, &pr, gk_template_col_label(tpl, T_APPLY, 0, nc - 1), 0);
  emit_row(x, &pr, 0, 1);
  row_start(x, &pr);
  row_ph(x, &pr);
  row_ph(x, &pr);
  for (size_t c = 1; c + 1 < nc; c++)
    row_label(x, &pr, gk_template_col_label(tpl, T_APPLY, 0, c), 0);
  row_ph(x, &pr);
  emit_row(x, &pr, 0, 1);

  /* The outer group (三、本年度办理结果) is the group of the first outcome
   * row; it spans every row down to （七）总计. */
  const char *outer = gk_template_row_group(tpl, T_APPLY, 2);
  const char *inner_prev = NULL;
  for (size_t r = 0; r < nr; r++) {
    const char *grp = gk_template_row_group(tpl, T_APPLY, r);
    row_start(x, &pr);
    if (r >= 2 && r + 1 < nr) {
      if (r == 2 && outer)
        row_label(x, &pr, outer, 0);
      else
        row_ph(x, &pr);
      if (grp && (!outer || strcmp(grp, outer) != 0)) {
        if (!inner_prev || strcmp(inner_prev, grp) != 0)
          row_label(x, &pr, grp, 0);
        else
          row_ph(x, &pr);
        inner_prev = grp;
      } else {
        inner_prev = NULL;
      }
    }
    row_label(x, &pr, gk_template_row_label(tpl, T_APPLY, r), 1);
    for (size_t c = 0; c < nc; c++)
      row_value(x, &pr, x->printed[T_APPLY][r][c], GK_COL_COUNT);
    emit_row(x, &pr, 1, 1);
  }
  table_end(x);
}

static void print_review(ctx *x) {
  const gk_template *tpl = x->tpl;
  size_t nr = gk_template_row_count(tpl, T_REVIEW);
  size_t nc = gk_template_col_count(tpl, T_REVIEW, 0);
  prow pr;
  table_begin(x, (int)(nr * nc));
  row_start(x, &pr);
  row_label(x, &pr, gk_template_row_label(tpl, T_REVIEW, 0), 0);
  row_label(x, &pr, gk_template_row_group(tpl, T_REVIEW, 1), 0);
  emit_row(x, &pr, 0, 0);
  row_start(x, &pr);
  for (size_t c = 0; c < nc; c++)
    row_label(x, &pr, gk_template_col_label(tpl, T_REVIEW, 0, c), 0);
  for (size_t r = 1; r < nr; r++)
    row_label(x, &pr, gk_template_row_label(tpl, T_REVIEW, r), 0);
  emit_row(x, &pr, 0, 0);
  row_start(x, &pr);
  for (size_t c = 0; c < nc; c++)
    row_ph(x, &pr);
  for (size_t r = 1; r < nr; r++)
    for (size_t c = 0; c < nc; c++)
      row_label(x, &pr, gk_template_col_label(tpl, T_REVIEW, r, c), 0);
  emit_row(x, &pr, 0, 0);
  row_start(x, &pr);
  for (size_t r = 0; r < nr; r++)
    for (size_t c = 0; c < nc; c++)
      row_value(x, &pr, x->printed[T_REVIEW][r][c], GK_COL_COUNT);
  emit_row(x, &pr, 1, 0);
  table_end(x);
}

/* === Narrative === */

static const char *const cn_digits[] = {"〇", "一", "二", "三", "四",
                                        "五", "六", "七", "八", "九"};

static void put_cn_number(gbuf *o, int n) { /* 1..31 */
  if (n >= 20)
    gb_adds(o, cn_digits[n / 10]);
  if (n >= 10)
    gb_adds(o, "十");
  if (n % 10 || n < 10)
    gb_adds(o, cn_digits[n % 10]);
}

static void put_date(ctx *x, int32_t ymd) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  if (CHANCE(12)) {
    char ys[8];
    snprintf(ys, sizeof(ys), "%04d", y);
    for (int i = 0; i < 4; i++)
      gb_adds(o, cn_digits[ys[i] - '0']);
    gb_adds(o, "年");
    put_cn_number(o, m);
    gb_adds(o, "月");
    put_cn_number(o, d);
    gb_adds(o, "日");
  } else {
    gb_printf(o, "%d年%d月%d日", y, m, d);
  }
}

static void para_start(ctx *x) {
  gk_gen *g = x->g;
  if (CHANCE(40))
    gb_adds(&x->g->out, "　　");
}

static void para_end(ctx *x, int blank_lines) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  if (CHANCE(15))
    gb_addc(o, ' ');
  gb_addc(o, '\n');
  if (blank_lines)
    gb_addc(o, '\n');
}

/* === Varied narratives (gk_gen_opts.narrative) === */

/* Words of the vocabulary narratives are made of: common terms of the
 * reports, so copies and originals look like the real thing. */
static const char *const vocab[] = {
    "政务公开", "信息发布", "政策解读", "回应关切", "公开平台", "制度建设",
    "监督保障", "依法行政", "工作机制", "审核把关", "门户网站", "新媒体",
    "基层政务", "标准目录", "重点领域", "财政预算", "决算公开", "重大项目",
    "社会救助", "教育卫生", "生态环境", "公共资源", "行政许可", "行政处罚",
    "权责清单", "办事指南", "便民服务", "营商环境", "数据开放", "政务服务",
    "网上办理", "一网通办", "群众满意", "知情权",   "参与权",   "监督权",
    "保密审查", "舆情回应", "专家解读", "图文解读", "视频解读", "在线访谈",
    "意见征集", "公众参与", "开放日",   "考核评议", "培训学习", "业务能力",
    "工作台账", "信息更新", "栏目建设", "年度计划", "任务分解", "责任落实",
    "统筹推进", "协调联动", "规范运行", "持续深化", "全面加强", "稳步推进",
    "扎实开展", "不断完善", "切实提高", "积极探索", "认真落实", "及时准确",
    "主动发布", "依申请",   "答复规范", "受理登记", "按时办结", "补正告知",
    "复议诉讼", "纠错整改", "问题清单", "短板弱项", "长效机制", "常态化",
    "规范化",   "标准化",   "便利化",   "乡镇街道", "村居社区", "部门单位",
    "分管领导", "专职人员", "联络员",   "工作会议", "专题研究", "督查通报",
    "绩效考核", "社会评议", "第三方",   "满意度",   "服务质量", "办事效率"};

static void put_vocab_sentence(gk_gen *g) {
  int words = 6 + (int)BELOW(10);
  for (int w = 0; w < words; w++) {
    gb_adds(&g->out, PICK(vocab));
    if (w + 1 < words && CHANCE(20))
      gb_adds(&g->out, "，");
  }
  gb_adds(&g->out, "。");
}

static void swap_state(uint64_t *a, uint64_t *b) {
  for (int i = 0; i < 4; i++) {
    uint64_t t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

/* Between enter and leave, the generator draws from the narrative stream:
 * structure and sentences are the narrative seed's. */
static void narrative_enter(ctx *x) {
  if (!x->narrative)
    return;
  memcpy(x->saved, x->g->s, sizeof(x->saved));
  memcpy(x->g->s, x->ns, sizeof(x->ns));
}

static void narrative_leave(ctx *x) {
  if (!x->narrative)
    return;
  memcpy(x->ns, x->g->s, sizeof(x->ns));
  memcpy(x->g->s, x->saved, sizeof(x->saved));
}

/* One vocabulary sentence of the narrative stream; with x->edit percent,
 * replaced by one of the edit stream (the narrative stream advances the
 * same either way, so the rest stays aligned). */
static void put_narrative_sentence(ctx *x) {
  gk_gen *g = x->g;
  size_t before = g->out.len;
  put_vocab_sentence(g);
  swap_state(g->s, x->es);
  if (x->edit && CHANCE(x->edit)) {
    g->out.len = before;
    if (g->out.p)
      g->out.p[before] = 0;
    put_vocab_sentence(g);
  }
  swap_state(g->s, x->es);
}

static void put_sentences(ctx *x, const char *const *pool, size_t npool,
                          int min, int max) {
  gk_gen *g = x->g;
  int k = min + (int)gk_gen_below(g, (uint64_t)(max - min + 1));
  if (x->terse)
    k = 1;
  for (int i = 0; i < k; i++) {
    if (x->narrative)
      put_narrative_sentence(x);
    else
      gb_adds(&g->out, pool[gk_gen_below(g, npool)]);
  }
}

static void put_heading(ctx *x, int n) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  if (x->layout == GK_GEN_TIKA && x->bookmark_left && CHANCE(10)) {
    gb_adds(o, "[bookmark: _GoBack]");
    x->bookmark_left = 0;
  } else if (CHANCE(10)) {
    gb_adds(o, CHANCE(50) ? "    " : "　　");
  }
  gb_adds(o, headings[n - 1]);
  if (CHANCE(15))
    gb_adds(o, " ");
  gb_addc(o, '\n');
}

static int64_t units(const gk_gen_truth *tr, size_t t, size_t r, size_t c) {
  return tr->value[t][r][c] / GK_SCALE;
}

static void put_section1(ctx *x, const gk_gen_truth *tr, int blanks) {
  gk_gen *g = x->g;
  gbuf *o = &g->out;
  const gk_template *tpl = x->tpl;
  size_t nc = gk_template_col_count(tpl, T_APPLY, 0);
  size_t nr = gk_template_row_count(tpl, T_APPLY);
  para_start(x);
  gb_printf(o, "%d年，%s", tr->year, tr->agency);
  put_sentences(x, sentences, NELEM(sentences), 3, 6);
  para_end(x, blanks);
  for (size_t i = 0; i < NELEM(subheads1); i++) {
    if (CHANCE(25) || (x->terse && i != 1))
      continue;
    gb_adds(o, subheads1[i]);
    para_end(x, blanks);
    para_start(x);
    if (i == 0 && CHANCE(70)) {
      gb_printf(o, "全年通过政府门户网站主动公开政府信息%lld条。",
                (long long)(20 + BELOW(3000)));
    } else if (i == 1) {
      int64_t n = units(tr, T_APPLY, 0, nc - 1);
      int64_t ci = units(tr, T_APPLY, 1, nc - 1);
      int64_t granted = units(tr, T_APPLY, 2, nc - 1);
      int64_t co = units(tr, T_APPLY, nr - 1, nc - 1);
      gb_printf(o, "%d年，%s共收到政府信息公开申请%lld件", tr->year,
                CHANCE(50) ? "本机关" : tr->agency, (long long)n);
      if (ci)
        gb_printf(o, "，上年结转政府信息公开申请%lld件", (long long)ci);
      gb_printf(o, "，其中予以公开%lld件", (long long)granted);
      if (co)
        gb_printf(o, "，结转下年度继续办理%lld件", (long long)co);
      gb_adds(o, "。");
    }
    put_sentences(x, sentences, NELEM(sentences), 2, 6);
    para_end(x, blanks);
  }
}

/* === Encoding === */

static gk_status encode(gk_gen *g, gk_gen_encoding enc, unsigned flags) {
  gbuf *in = &g->out, *out = &g->enc;
  gb_reset(out);
  gbuf crlf = {0};
  const char *src = in->p ? in->p : "";
  size_t n = in->len;
  if (flags & GK_GEN_CRLF) {
    for (size_t i = 0; i < n; i++) {
      if (src[i] == '\n')
        gb_addc(&crlf, '\r');
      gb_addc(&crlf, src[i]);
    }
    if (crlf.oom) {
      free(crlf.p);
      return GK_E_NOMEM;
    }
    src = crlf.p ? crlf.p : "";
    n = crlf.len;
  }
  gk_status st = GK_OK;
  switch (enc) {
  case GK_GEN_UTF8:
  case GK_GEN_ENC_RANDOM:
  case GK_GEN_ENC_COUNT:
    if (flags & GK_GEN_BOM)
      gb_adds(out, "\xEF\xBB\xBF");
    gb_add(out, src, n);
    break;
  case GK_GEN_GB18030: {
    if (!g->cd_open) {
      g->cd = iconv_open("GB18030", "UTF-8");
      if (g->cd == (iconv_t)-1) {
        st = GK_E_ENCODING;
        break;
      }
      g->cd_open = 1;
    }
    iconv(g->cd, NULL, NULL, NULL, NULL);
    if (gb_reserve(out, n * 2 + 16)) {
      st = GK_E_NOMEM;
      break;
    }
    char *ip = (char *)src, *op = out->p;
    size_t il = n, ol = out->cap - 1;
    if (iconv(g->cd, &ip, &il, &op, &ol) == (size_t)-1) {
      st = GK_E_ENCODING;
      break;
    }
    out->len = (size_t)(op - out->p);
    out->p[out->len] = 0;
    break;
  }
  case GK_GEN_UTF16LE:
  case GK_GEN_UTF16BE: {
    int be = enc == GK_GEN_UTF16BE;
    const unsigned char *s = (const unsigned char *)src;
    if (gb_reserve(out, n * 2 + 4)) {
      st = GK_E_NOMEM;
      break;
    }
    uint32_t units16[3] = {0xFEFF, 0, 0};
    size_t i = 0;
    int bom = 1;
    while (i < n || bom) {
      size_t k = 0;
      if (bom) {
        k = 1;
        bom = 0;
      } else {
        uint32_t cp;
        if (s[i] < 0x80) {
          cp = s[i];
          i += 1;
        } else if ((s[i] & 0xE0) == 0xC0 && i + 1 < n) {
          cp = ((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
          i += 2;
        } else if ((s[i] & 0xF0) == 0xE0 && i + 2 < n) {
          cp = ((uint32_t)(s[i] & 0x0F) << 12) |
               ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
          i += 3;
        } else if (i + 3 < n) {
          cp = ((uint32_t)(s[i] & 0x07) << 18) |
               ((uint32_t)(s[i + 1] & 0x3F) << 12) |
               ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
          i += 4;
        } else {
          cp = 0xFFFD;
          i += 1;
        }
        if (cp >= 0x10000) {
          cp -= 0x10000;
          units16[0] = 0xD800 | (cp >> 10);
          units16[1] = 0xDC00 | (cp & 0x3FF);
          k = 2;
        } else {
          units16[0] = cp;
          k = 1;
        }
      }
      for (size_t j = 0; j < k; j++) {
        char b2[2];
        b2[be ? 0 : 1] = (char)(units16[j] >> 8);
        b2[be ? 1 : 0] = (char)(units16[j] & 0xFF);
        gb_add(out, b2, 2);
      }
    }
    break;
  }
  }
  free(crlf.p);
  if (!st && out->oom)
    st = GK_E_NOMEM;
  return st;
}

/* === One report === */

static gk_gen_layout draw_layout(gk_gen *g) {
  /* Tika twice as often as the others: it is what the crawler stores */
  uint64_t k = gk_gen_below(g, 7);
  return k < 2 ? GK_GEN_TIKA : (gk_gen_layout)(k);
}

static gk_gen_encoding draw_encoding(gk_gen *g) {
  uint64_t k = gk_gen_below(g, 10);
  if (k < 7)
    return GK_GEN_UTF8;
  return (gk_gen_encoding)(k - 5); /* 7 -> GB18030, 8 -> LE, 9 -> BE */
}

static unsigned draw_flags(gk_gen *g, gk_gen_layout layout) {
  unsigned f = 0;
  for (unsigned bit = 1; bit <= GK_GEN_MERGED; bit <<= 1)
    if (CHANCE(bit == GK_GEN_MERGED ? 50 : 25))
      f |= bit;
  if (layout != GK_GEN_TIKA)
    f &= ~(GK_GEN_BLANK_ZEROS | GK_GEN_LABEL_BREAK | GK_GEN_MERGED);
  return f;
}

/* Digits of the printed values of apply row r, glued. */
static size_t glued_digits(const ctx *x, size_t r, char *d, size_t dsz) {
  size_t n = 0, nc = gk_template_col_count(x->tpl, T_APPLY, r);
  for (size_t c = 0; c < nc; c++) {
    char num[32];
    int k = snprintf(num, sizeof(num), "%lld",
                     (long long)(x->printed[T_APPLY][r][c] / GK_SCALE));
    if (k < 0 || n + (size_t)k >= dsz)
      return 0;
    memcpy(d + n, num, (size_t)k);
    n += (size_t)k;
  }
  return n;
}

static int apply_ambiguous(const ctx *x) {
  size_t nr = gk_template_row_count(x->tpl, T_APPLY);
  for (size_t r = 0; r < nr; r++) {
    char d[256];
    size_t n = glued_digits(x, r, d, sizeof(d));
    size_t nc = gk_template_col_count(x->tpl, T_APPLY, r);
    if (gk_gen_glued_readings(d, n, nc, 2) != 1)
      return 1;
  }
  return 0;
}

static void corrupt_cell(gk_gen *g, ctx *x, gk_gen_truth *tr) {
  size_t nr = gk_template_row_count(x->tpl, T_APPLY);
  size_t r = (size_t)BELOW(nr);
  size_t c = (size_t)BELOW(gk_template_col_count(x->tpl, T_APPLY, r));
  int64_t v = tr->value[T_APPLY][r][c] / GK_SCALE, w;
  if (v == 0 || CHANCE(60))
    w = v + 1 + BELOW(v / 2 + 9);
  else
    w = BELOW(v); /* smaller, maybe 0 */
  tr->corrupted = 1;
  tr->table = T_APPLY;
  tr->row = r;
  tr->col = c;
  tr->expected = v * GK_SCALE;
  tr->reported = w * GK_SCALE;
  x->printed[T_APPLY][r][c] = tr->reported;
}

static int check_sizes(const gk_template *tpl) {
  if (gk_template_table_count(tpl) != GK_GEN_TABLES)
    return 0;
  for (size_t t = 0; t < GK_GEN_TABLES; t++) {
    size_t nr = gk_template_row_count(tpl, t);
    if (nr > GK_GEN_MAX_ROWS || (t == T_APPLY && nr < 5))
      return 0;
    for (size_t r = 0; r < nr; r++)
      if (gk_template_col_count(tpl, t, r) > GK_GEN_MAX_COLS)
        return 0;
  }
  return 1;
}

gk_status gk_gen_report(gk_gen *g, const gk_gen_opts *opts, const char **text,
                        size_t *len, gk_gen_truth *truth) {
  static const gk_gen_opts defaults = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  gk_gen_truth local;
  gk_gen_truth *tr = truth ? truth : &local;
  if (!g || !text || !len)
    return GK_E_ARG;
  if (!opts)
    opts = &defaults;
  if (opts->layout < 0 || opts->layout >= GK_GEN_LAYOUT_COUNT ||
      opts->encoding < 0 || opts->encoding >= GK_GEN_ENC_COUNT ||
      (opts->year && (opts->year < 2008 || opts->year > 2099)))
    return GK_E_ARG;
  memset(tr, 0, sizeof(*tr));

  tr->year = opts->year ? opts->year : 2019 + (int)BELOW(7);
  tr->tpl = gk_template_for_year(tr->year);
  if (!tr->tpl || !check_sizes(tr->tpl))
    return GK_E_ARG;
  tr->layout = opts->layout ? (gk_gen_layout)opts->layout : draw_layout(g);
  tr->encoding =
      opts->encoding ? (gk_gen_encoding)opts->encoding : draw_encoding(g);
  tr->flags = opts->flags & GK_GEN_FLAGS_ALL;
  if (opts->random_flags)
    tr->flags |= draw_flags(g, tr->layout);
  if (tr->encoding != GK_GEN_UTF8)
    tr->flags &= ~GK_GEN_BOM; /* UTF-16 always has one, GB18030 never */
  tr->period_from = tr->year * 10000 + 101;
  tr->period_to = tr->year * 10000 + 1231;
  int gov = draw_agency(g, tr);
  int month = gov ? 1 + (int)BELOW(3) : 1;
  int day =
      month == 1 ? 4 + (int)BELOW(28) : 1 + (int)BELOW(month == 2 ? 28 : 31);
  tr->date = (tr->year + 1) * 10000 + month * 100 + day;

  ctx *x = calloc(1, sizeof(*x));
  if (!x)
    return GK_E_NOMEM;
  x->g = g;
  x->tpl = tr->tpl;
  x->layout = tr->layout;
  x->flags = tr->flags;
  x->bookmark_left = tr->layout == GK_GEN_TIKA && CHANCE(60);
  x->terse = opts->terse != 0;
  x->glue_groups = CHANCE(50);
  if (opts->narrative) {
    uint64_t seed = opts->narrative, own = next64(g);
    x->narrative = 1;
    x->edit = opts->narrative_edit;
    for (int i = 0; i < 4; i++) {
      x->ns[i] = splitmix64(&seed);
      x->es[i] = splitmix64(&own);
    }
  }

  gen_disclose(g, tr->tpl, tr);
  gen_review(g, tr->tpl, tr);
  for (int attempt = 0;; attempt++) {
    gen_apply(g, tr->tpl, tr, attempt >= 8);
    memcpy(x->printed, tr->value, sizeof(x->printed));
    if (tr->layout != GK_GEN_GLUED)
      break;
    tr->ambiguous = apply_ambiguous(x);
    if (!tr->ambiguous || opts->glued_any || attempt >= 30)
      break;
  }
  int corrupt = opts->corrupt > 0 || (opts->corrupt < 0 && CHANCE(25));
  if (corrupt && tr->layout != GK_GEN_GLUED)
    corrupt_cell(g, x, tr);

  /* The document */
  gbuf *o = &g->out;
  gb_reset(o);
  int blanks = CHANCE(40); /* blank lines between paragraphs (seed 002) */
  if (CHANCE(8))
    gb_adds(o, " ");
  switch (gk_gen_below(g, 4)) {
  case 0:
    gb_printf(o, "%s\n%d年政府信息公开工作年度报告\n", tr->agency, tr->year);
    break;
  case 1: /* broken where the line wrapped (seeds 001, 004) */
    gb_printf(o, "%s%d年政府信息\n%s公开工作年度报告\n", tr->agency, tr->year,
              CHANCE(50) ? "\n" : "");
    break;
  default:
    gb_printf(o, "%s%d年政府信息公开工作年度报告\n", tr->agency, tr->year);
    break;
  }
  gb_addc(o, '\n');
  para_start(x);
  gb_adds(o, "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
             "第五十条规定编制。");
  if (CHANCE(50))
    gb_adds(o, "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开"
               "申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及"
               "改进情况、其他需要报告的事项。");
  gb_printf(o, "所列数据统计期限为%d年1月1日至%d年12月31日。", tr->year,
            tr->year);
  /* one draw per statement: argument order is unspecified, and the text
   * must not depend on the compiler */
  int area = 400 + (int)BELOW(500);
  int phone = 1000000 + (int)BELOW(8999999);
  gb_printf(o,
            "本报告电子版可在%s门户网站下载。如对本报告有疑问，请与%s联系"
            "（电话：0%03d-%07d）。",
            tr->agency, tr->agency, area, phone);
  para_end(x, 1);

  put_heading(x, 1);
  if (blanks)
    gb_addc(o, '\n');
  narrative_enter(x);
  put_section1(x, tr, blanks);
  narrative_leave(x);
  if (x->layout == GK_GEN_TIKA || CHANCE(50))
    gb_addc(o, '\n');
  put_heading(x, 2);
  print_disclose(x);
  put_heading(x, 3);
  print_apply(x);
  put_heading(x, 4);
  print_review(x);
  put_heading(x, 5);
  narrative_enter(x);
  if (CHANCE(60)) {
    gb_adds(o, "（一）存在的主要问题");
    para_end(x, blanks);
  }
  para_start(x);
  put_sentences(x, problems, NELEM(problems), 2, 4);
  para_end(x, blanks);
  if (CHANCE(60)) {
    gb_adds(o, "（二）改进措施");
    para_end(x, blanks);
  }
  para_start(x);
  put_sentences(x, remedies, NELEM(remedies), 2, 5);
  para_end(x, blanks);
  put_heading(x, 6);
  para_start(x);
  if (CHANCE(50))
    gb_adds(o, "无。");
  else
    gb_printf(o, "%d年度本机关未收取政府信息公开信息处理费。", tr->year);
  para_end(x, 1);
  narrative_leave(x);
  gb_addc(o, '\n');
  if (CHANCE(60)) {
    if (CHANCE(30))
      gb_adds(o, "                    ");
    gb_adds(o, tr->agency);
    gb_addc(o, '\n');
  }
  if (CHANCE(30))
    gb_adds(o, "                    ");
  put_date(x, tr->date);
  gb_addc(o, '\n');

  free(x);
  if (o->oom || g->row.oom) {
    g->row.oom = 0;
    return GK_E_NOMEM;
  }
  gk_status st = encode(g, tr->encoding, tr->flags);
  if (st)
    return st;
  *text = g->enc.p;
  *len = g->enc.len;
  return GK_OK;
}
