/* letter.c: notice letters (告知书) of an application, from a template
 * with {{field}} placeholders, as printable HTML or a .docx.
 *
 * Sources: 条例 第三十条 (补正), 第三十一条 (the day of receipt), 第三十二条
 * (third party), 第三十三条 (reply period, extension), 第三十六条–第三十九条
 * (answers), 第四十二条 and 国办函〔2020〕109号 (fees), 第五十一条 (remedies);
 * spec/law.md. The letters' fields are filled by the ledger
 * (ledger/letter.c); this file knows templates and output only.
 *
 * A template is UTF-8 text, one paragraph a line: "# " a title, "> " a
 * line set right (signature, date), "< " a line without indent (the
 * salutation), an empty line an empty paragraph, any other line an
 * indented paragraph. {{name}} is replaced by the field's value; the
 * template's own text and every value are escaped for the output (HTML
 * or XML), so neither an office's template nor an applicant's text can
 * add markup. A placeholder the letter's kind does not have, or a broken
 * one, is an error naming the template, line and column: checked whole
 * before any byte is written. */
#include "../pkg/pkg.h"
#include "write.h"

#include <string.h>

#define TPL_MAX (64 * 1024)   /* an office's template */
#define VALUE_MAX (16 * 1024) /* one field's value */
#define OUT_MAX (4 * 1024 * 1024)

/* === Kinds and fields === */

#define K(k) (1u << (k))
#define ALL_KINDS ((1u << GK_LETTER_KIND_LAST) - 1u)
/* The third party consulted gets neither the applicant's name nor their
 * ID number (PIPL: only what the consultation needs). */
#define TO_APPLICANT (ALL_KINDS & ~K(GK_LETTER_CONSULTATION))

static const struct {
  const char *name;
  unsigned kinds;
} fields[] = {
    {"agency", ALL_KINDS},
    {"ref", ALL_KINDS},
    {"date", ALL_KINDS},
    {"received_on", ALL_KINDS},
    {"description", ALL_KINDS},
    {"applicant", TO_APPLICANT},
    {"applicant_id", TO_APPLICANT},
    {"due_on", K(GK_LETTER_RECEIPT) | K(GK_LETTER_EXTENSION)},
    {"until", K(GK_LETTER_CORRECTION)},
    {"days", K(GK_LETTER_EXTENSION)},
    {"reason", K(GK_LETTER_EXTENSION)},
    {"party", K(GK_LETTER_CONSULTATION)},
    {"reply_by", K(GK_LETTER_CONSULTATION)},
    {"fee", K(GK_LETTER_FEE)},
    {"fee_method", K(GK_LETTER_FEE)},
    {"fee_units", K(GK_LETTER_FEE)},
    {"pay_by", K(GK_LETTER_FEE)},
    {"outcome", K(GK_LETTER_ANSWER)},
    {"basis", K(GK_LETTER_ANSWER)},
    {"answer_text", K(GK_LETTER_ANSWER)},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct {
  const char *name, *label;
} kinds[GK_LETTER_KIND_LAST] = {
    [GK_LETTER_RECEIPT] = {"receipt", "政府信息公开申请受理回执"},
    [GK_LETTER_CORRECTION] = {"correction", "补正申请告知书"},
    [GK_LETTER_EXTENSION] = {"extension", "延期答复告知书"},
    [GK_LETTER_CONSULTATION] = {"consultation", "征求第三方意见书"},
    [GK_LETTER_FEE] = {"fee", "信息处理费缴费通知书"},
    [GK_LETTER_ANSWER] = {"answer", "政府信息公开申请答复书"},
};

/* The built-in templates, one per kind (the office may replace them). */
static const char *const defaults[GK_LETTER_KIND_LAST] = {
    [GK_LETTER_RECEIPT] =
        "# 政府信息公开申请受理回执\n"
        "< {{applicant}}（证件号码：{{applicant_id}}）：\n"
        "本机关于{{received_on}}收到您提出的政府信息公开申请，受理编号为"
        "{{ref}}，申请获取的政府信息为：“{{description}}”。\n"
        "根据《中华人民共和国政府信息公开条例》第三十一条、第三十三条的规定，"
        "本机关将自收到申请之日起20个工作日内（征求第三方和其他机关意见所需"
        "时间不计算在内）予以答复，即于{{due_on}}前答复；需要延长答复期限的，"
        "将另行告知。\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
    [GK_LETTER_CORRECTION] =
        "# 补正申请告知书\n"
        "< {{applicant}}（证件号码：{{applicant_id}}）：\n"
        "本机关于{{received_on}}收到您提出的政府信息公开申请（受理编号："
        "{{ref}}），申请获取：“{{description}}”。经审查，您的申请内容不明确，"
        "本机关无法据此确定您所需要的政府信息。\n"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于{{until}}"
        "前对申请作出补正，写明所需政府信息的名称、文号或者便于本机关查询的"
        "其他特征性描述。答复期限自本机关收到补正的申请之日起计算。无正当理由"
        "逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n"
        "特此告知。\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
    [GK_LETTER_EXTENSION] =
        "# 延期答复告知书\n"
        "< {{applicant}}（证件号码：{{applicant_id}}）：\n"
        "本机关于{{received_on}}收到您提出的政府信息公开申请（受理编号："
        "{{ref}}），申请获取：“{{description}}”。因{{reason}}，本机关不能在"
        "规定期限内作出答复。\n"
        "经政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开"
        "条例》第三十三条第二款的规定，答复期限延长{{days}}个工作日，本机关将于"
        "{{due_on}}前作出答复。\n"
        "特此告知。\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
    [GK_LETTER_CONSULTATION] =
        "# 政府信息公开征求第三方意见书\n"
        "< {{party}}：\n"
        "本机关于{{received_on}}收到政府信息公开申请（受理编号：{{ref}}），"
        "申请公开的政府信息为：“{{description}}”。本机关认为，公开该政府信息"
        "可能损害您的合法权益。\n"
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求"
        "您的意见。请您自收到本意见书之日起15个工作日内，即于{{reply_by}}前，"
        "向本机关提出书面意见；逾期未提出意见的，由本机关依照条例的规定决定"
        "是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为"
        "不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的"
        "政府信息内容和理由书面告知第三方。\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
    [GK_LETTER_FEE] =
        "# 信息处理费缴费通知书\n"
        "< {{applicant}}（证件号码：{{applicant_id}}）：\n"
        "本机关于{{received_on}}收到您提出的政府信息公开申请（受理编号："
        "{{ref}}），申请获取：“{{description}}”。您申请公开政府信息的数量、"
        "频次明显超过合理范围。\n"
        "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息"
        "处理费管理办法》（国办函〔2020〕109号）的规定，本机关{{fee_method}}"
        "收取信息处理费（{{fee_units}}），应缴金额为人民币{{fee}}元。\n"
        "请您于{{pay_by}}前缴纳。自发出本通知之日起至您缴纳费用之日止的期间，"
        "不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府"
        "信息公开申请。\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
    [GK_LETTER_ANSWER] =
        "# 政府信息公开申请答复书\n"
        "< {{applicant}}（证件号码：{{applicant_id}}）：\n"
        "本机关于{{received_on}}收到您提出的政府信息公开申请（受理编号："
        "{{ref}}），申请获取：“{{description}}”。现答复如下：\n"
        "{{answer_text}}\n"
        "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者"
        "自收到本答复之日起6个月内依法向人民法院提起行政诉讼（条例第五十一条）"
        "。"
        "\n"
        "\n"
        "> {{agency}}\n"
        "> {{date}}\n",
};

/* The print stylesheet (GB/T 9704: A4, 仿宋 三号 body, 小标宋 title). */
static const char css[] =
    "@page{size:A4;margin:37mm 26mm 35mm 28mm}"
    "body{font-family:FangSong,\"仿宋\",\"仿宋_GB2312\",serif;font-size:16pt;"
    "line-height:1.75;max-width:156mm;margin:2em auto;color:#000;"
    "background:#fff}"
    "h1{font-family:\"方正小标宋简体\",SimSun,\"宋体\",serif;font-size:22pt;"
    "font-weight:normal;text-align:center;margin:0 0 1em}"
    "p{margin:0;text-indent:2em}p.flush{text-indent:0}"
    "p.right{text-align:right;text-indent:0}p.empty{min-height:1.75em}"
    "@media print{body{margin:0;max-width:none}}";

struct gk_letter {
  gk_alloc alloc;
  gk_letter_kind kind;
  char *value[NFIELDS]; /* NULL: not set (written as empty) */
};

const char *gk_letter_kind_name(gk_letter_kind k) {
  return (unsigned)k < GK_LETTER_KIND_LAST ? kinds[k].name : NULL;
}

const char *gk_letter_kind_label(gk_letter_kind k) {
  return (unsigned)k < GK_LETTER_KIND_LAST ? kinds[k].label : NULL;
}

int gk_letter_kind_from_name(const char *name) {
  for (int k = 0; name && k < GK_LETTER_KIND_LAST; k++)
    if (strcmp(kinds[k].name, name) == 0)
      return k;
  return -1;
}

size_t gk_letter_field_count(gk_letter_kind k) {
  size_t n = 0;
  for (size_t i = 0; i < NFIELDS; i++)
    if ((unsigned)k < GK_LETTER_KIND_LAST && (fields[i].kinds & K(k)))
      n++;
  return n;
}

const char *gk_letter_field_name(gk_letter_kind k, size_t i) {
  for (size_t f = 0; f < NFIELDS; f++)
    if ((unsigned)k < GK_LETTER_KIND_LAST && (fields[f].kinds & K(k)) &&
        i-- == 0)
      return fields[f].name;
  return NULL;
}

const char *gk_letter_template_default(gk_letter_kind k) {
  return (unsigned)k < GK_LETTER_KIND_LAST ? defaults[k] : NULL;
}

const char *gk_letter_css(void) { return css; }

/* Index of field 'name' (n bytes) if kind 'k' has it, else -1. */
static int field_index(gk_letter_kind k, const char *name, size_t n) {
  for (size_t i = 0; i < NFIELDS; i++)
    if ((fields[i].kinds & K(k)) && strlen(fields[i].name) == n &&
        memcmp(fields[i].name, name, n) == 0)
      return (int)i;
  return -1;
}

gk_status gk_letter_new(gk_letter **out, gk_letter_kind kind,
                        const gk_alloc *alloc, gk_error *err) {
  if (!out)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  *out = NULL;
  if ((unsigned)kind >= GK_LETTER_KIND_LAST)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的告知书种类 %d",
                    "unknown kind of letter %d", (int)kind);
  if (!alloc)
    alloc = gk_alloc_default();
  gk_letter *l = gk__malloc(alloc, sizeof(*l));
  if (!l)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  memset(l, 0, sizeof(*l));
  l->alloc = *alloc;
  l->kind = kind;
  *out = l;
  return GK_OK;
}

void gk_letter_free(gk_letter *l) {
  if (!l)
    return;
  gk_alloc a = l->alloc;
  for (size_t i = 0; i < NFIELDS; i++)
    gk__free(&a, l->value[i]);
  gk__free(&a, l);
}

gk_letter_kind gk_letter_kind_of(const gk_letter *l) { return l->kind; }

gk_status gk_letter_set(gk_letter *l, const char *field, const char *value,
                        gk_error *err) {
  if (!l || !field)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  int i = field_index(l->kind, field, strlen(field));
  if (i < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "%s没有字段 '%s'",
                    "a %s has no field '%s'", kinds[l->kind].name, field);
  size_t n = value ? strlen(value) : 0;
  if (n > VALUE_MAX)
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1, "字段 '%s' 超过 %d 字节",
                    "field '%s' exceeds %d bytes", field, VALUE_MAX);
  char *v = NULL;
  if (value) {
    v = gk__strdup(&l->alloc, value);
    if (!v)
      return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  gk__free(&l->alloc, l->value[i]);
  l->value[i] = v;
  return GK_OK;
}

const char *gk_letter_get(const gk_letter *l, const char *field) {
  if (!l || !field)
    return NULL;
  int i = field_index(l->kind, field, strlen(field));
  return i < 0 ? NULL : l->value[i];
}

/* === Templates === */

/* One line's style, from its prefix. */
enum { L_BODY = 0, L_TITLE, L_RIGHT, L_FLUSH, L_EMPTY };

/* The output being made: one of two formats into 'b'. */
typedef struct lw {
  gk__buf *b;
  gk_letter_format fmt;
  gk_status st;
} lw;

static void add(lw *w, const char *s) {
  if (w && !w->st)
    w->st = gk__buf_adds(w->b, s);
}

/* Appends s[0..n) escaped; line breaks in a value become breaks. */
static void text(lw *w, const char *s, size_t n) {
  if (!w || w->st || !n)
    return;
  if (w->fmt == GK_LETTER_DOCX)
    add(w, "<w:r><w:t xml:space=\"preserve\">");
  size_t i = 0;
  while (!w->st && i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    size_t k = e;
    if (k > i && s[k - 1] == '\r')
      k--;
    /* gk__xml_escape escapes & < > " for HTML text and attributes too */
    w->st = gk__xml_escape(w->b, s + i, k - i);
    if (nl)
      add(w, w->fmt == GK_LETTER_DOCX ? "</w:t><w:br/><w:t "
                                        "xml:space=\"preserve\">"
                                      : "<br>");
    i = nl ? e + 1 : n;
  }
  if (w->fmt == GK_LETTER_DOCX)
    add(w, "</w:t></w:r>");
}

static void para_begin(lw *w, int style) {
  if (!w)
    return;
  if (w->fmt == GK_LETTER_HTML) {
    static const char *const open[] = {"<p>", "<h1>", "<p class=\"right\">",
                                       "<p class=\"flush\">",
                                       "<p class=\"empty\">"};
    add(w, open[style]);
    return;
  }
  add(w, "<w:p><w:pPr>");
  switch (style) {
  case L_TITLE:
    add(w, "<w:spacing w:after=\"360\"/><w:jc w:val=\"center\"/>"
           "<w:rPr><w:sz w:val=\"44\"/></w:rPr></w:pPr>");
    break;
  case L_RIGHT:
    add(w, "<w:jc w:val=\"right\"/></w:pPr>");
    break;
  case L_FLUSH:
  case L_EMPTY:
    add(w, "</w:pPr>");
    break;
  default:
    add(w, "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>");
  }
}

static void para_end(lw *w, int style) {
  if (!w)
    return;
  if (w->fmt == GK_LETTER_HTML)
    add(w, style == L_TITLE ? "</h1>\n" : "</p>\n");
  else
    add(w, "</w:p>");
}

/* Walks template t[0..n) named 'name' for kind 'k': checks it and, when
 * 'w' is not NULL, writes it with the values of 'l'. The first fault is
 * an error with its line and column (in characters). */
static gk_status walk(gk_letter_kind k, const char *t, size_t n,
                      const char *name, const gk_letter *l, lw *w,
                      gk_error *err) {
  if (!name)
    name = kinds[k].name;
  if (n > TPL_MAX)
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1, "告知书模板 %s 超过 %d 字节",
                    "letter template %s exceeds %d bytes", name, TPL_MAX);
  if (!gk__utf8_valid(t, n))
    return gk__fail(err, GK_E_ENCODING, 0, 0, -1,
                    "告知书模板 %s 不是 UTF-8 文本",
                    "letter template %s is not UTF-8 text", name);
  int64_t bad = gk__text_control(t, n);
  bool any = false;
  int64_t line = 1;
  size_t i = 0;
  if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
    i = 3; /* a BOM Notepad adds */
  while (i < n) {
    const char *nl = memchr(t + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - t) : n;
    size_t le = e > i && t[e - 1] == '\r' ? e - 1 : e;
    size_t p = i;
    int style = L_BODY;
    if (le == i)
      style = L_EMPTY;
    else if (le - i >= 2 && t[i] == '#' && t[i + 1] == ' ')
      style = L_TITLE;
    else if (le - i >= 2 && t[i] == '>' && t[i + 1] == ' ')
      style = L_RIGHT;
    else if (le - i >= 2 && t[i] == '<' && t[i + 1] == ' ')
      style = L_FLUSH;
    if (style != L_BODY && style != L_EMPTY)
      p += 2;
    if (bad >= 0 && (size_t)bad >= i && (size_t)bad < le) {
      int64_t col = (int64_t)((size_t)bad - i) + 1; /* bytes, as gk_error */
      return gk__fail(err, GK_E_ARG, line, col, bad,
                      "告知书模板 %s 第 %lld 行第 %lld 列：控制字符",
                      "letter template %s line %lld column %lld: a "
                      "control character",
                      name, (long long)line, (long long)col);
    }
    para_begin(w, style);
    while (p < le) {
      const char *open = NULL;
      for (size_t q = p; q + 1 < le && !open; q++)
        if (t[q] == '{' && t[q + 1] == '{')
          open = t + q;
      size_t lit_end = open ? (size_t)(open - t) : le;
      text(w, t + p, lit_end - p);
      if (lit_end > p)
        any = true;
      if (!open)
        break;
      int64_t col = (int64_t)(lit_end - i) + 1;
      const char *close = NULL;
      for (size_t q = lit_end + 2; q + 1 < le && !close; q++)
        if (t[q] == '}' && t[q + 1] == '}')
          close = t + q;
      if (!close)
        return gk__fail(err, GK_E_ARG, line, col, (int64_t)lit_end,
                        "告知书模板 %s 第 %lld 行第 %lld 列：占位符 {{ 没有 "
                        "}} 结束",
                        "letter template %s line %lld column %lld: a "
                        "placeholder {{ without its }}",
                        name, (long long)line, (long long)col);
      const char *nm = open + 2;
      size_t nn = (size_t)(close - nm);
      int f = field_index(k, nm, nn);
      if (f < 0) {
        char shown[64];
        gk__excerpt(shown, sizeof(shown), nm, nn, 40);
        return gk__fail(err, GK_E_ARG, line, col, (int64_t)lit_end,
                        "告知书模板 %s 第 %lld 行第 %lld 列：%s没有占位符 "
                        "{{%s}}",
                        "letter template %s line %lld column %lld: a %s "
                        "has no placeholder {{%s}}",
                        name, (long long)line, (long long)col, kinds[k].label,
                        shown);
      }
      if (l) {
        const char *v = l->value[f] ? l->value[f] : "";
        text(w, v, strlen(v));
      }
      any = true;
      p = (size_t)(close - t) + 2;
    }
    para_end(w, style);
    if (w && w->st)
      return w->st;
    line++;
    i = nl ? e + 1 : n;
  }
  if (!any)
    return gk__fail(err, GK_E_EMPTY, 0, 0, -1, "告知书模板 %s 是空的",
                    "letter template %s is empty", name);
  return GK_OK;
}

gk_status gk_letter_template_check(gk_letter_kind kind, const char *tpl,
                                   size_t len, const char *name,
                                   gk_error *err) {
  if ((unsigned)kind >= GK_LETTER_KIND_LAST || (!tpl && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  return walk(kind, tpl ? tpl : "", len, name, NULL, NULL, err);
}

/* === Output === */

/* The output buffer failed: out of memory or past OUT_MAX. */
static gk_status out_fail(gk_error *err, gk_status st) {
  if (st == GK_E_NOMEM)
    return gk__write_nomem(err);
  return gk__fail(err, st, 0, 0, -1, "告知书超过 %d 字节",
                  "the letter exceeds %d bytes", OUT_MAX);
}

static gk_status html_doc(gk__buf *b, const gk_letter *l,
                          const gk_letter_opts *o, const char *t, size_t n,
                          gk_error *err) {
  lw w = {b, GK_LETTER_HTML, GK_OK};
  add(&w, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
          "charset=\"utf-8\"><title>");
  text(&w, kinds[l->kind].label, strlen(kinds[l->kind].label));
  const char *ref = gk_letter_get(l, "ref");
  if (ref && *ref) {
    add(&w, " ");
    text(&w, ref, strlen(ref));
  }
  add(&w, "</title>");
  if (o && o->stylesheet) {
    add(&w, "<link rel=\"stylesheet\" href=\"");
    text(&w, o->stylesheet, strlen(o->stylesheet));
    add(&w, "\">");
  } else {
    add(&w, "<style>");
    add(&w, css);
    add(&w, "</style>");
  }
  add(&w, "</head>\n<body><article class=\"letter\">\n");
  if (w.st)
    return out_fail(err, w.st);
  gk_status st = walk(l->kind, t, n, o ? o->template_name : NULL, l, &w, err);
  if (st)
    return w.st ? out_fail(err, w.st) : st;
  add(&w, "</article></body></html>\n");
  return w.st ? out_fail(err, w.st) : GK_OK;
}

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* 仿宋 三号 (16 pt) body as official letters (GB/T 9704); LibreOffice
 * substitutes a CJK font it has. */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:eastAsia=\"仿宋\" w:cs=\"Times New Roman\"/>"
    "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" "
    "w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/>"
    "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/></w:style></w:styles>";

static gk_status docx_doc(gk__buf *b, const gk_letter *l,
                          const gk_letter_opts *o, const char *t, size_t n,
                          gk_error *err) {
  lw w = {b, GK_LETTER_DOCX, GK_OK};
  add(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<w:document xmlns:w=\"" W_NS "\"><w:body>");
  if (w.st)
    return out_fail(err, w.st);
  gk_status st = walk(l->kind, t, n, o ? o->template_name : NULL, l, &w, err);
  if (st)
    return w.st ? out_fail(err, w.st) : st;
  add(&w, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
          "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" "
          "w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
          "</w:sectPr></w:body></w:document>");
  return w.st ? out_fail(err, w.st) : GK_OK;
}

gk_status gk_letter_write(const gk_letter *l, const gk_letter_opts *opts,
                          gk_write_fn fn, void *ud, gk_error *err) {
  if (!l || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status bad = opts ? gk__opts_version(opts->version, GK_LETTER_OPTS_VERSION,
                                          "gk_letter_opts", "opts", err)
                       : GK_OK;
  if (bad)
    return bad;
  gk_letter_format fmt = opts ? opts->format : GK_LETTER_HTML;
  if (fmt != GK_LETTER_HTML && fmt != GK_LETTER_DOCX)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的告知书格式 %d",
                    "unknown letter format %d", (int)fmt);
  const char *t =
      opts && opts->template_text ? opts->template_text : defaults[l->kind];
  size_t n = opts && opts->template_text ? opts->template_len : strlen(t);
  gk_status st;
  if (fmt == GK_LETTER_HTML) {
    gk__buf b;
    gk__buf_init(&b, &l->alloc, OUT_MAX);
    st = html_doc(&b, l, opts, t, n, err);
    if (!st)
      st = gk__write_out(fn, ud, b.data, b.len, err);
    gk__buf_free(&b);
    return st;
  }
  gk__pkgw w;
  gk__pkgw_init(&w, &l->alloc);
  gk__buf *doc = NULL;
  st = gk__docx_parts(&w, styles, &doc);
  if (st)
    st = gk__write_nomem(err);
  if (!st)
    st = docx_doc(doc, l, opts, t, n, err);
  if (!st)
    st = gk__pkgw_finish(&w, fn, ud, err);
  gk__pkgw_free(&w);
  return st;
}
