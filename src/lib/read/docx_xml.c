/* docx_xml.c: streaming one XML part of a .docx package through
 * libxml2's xmlTextReader with the safe options and limits, and the small
 * WordprocessingML helpers. Both docx.c (the body) and docx_numbering.c
 * (numbering and styles) stand on it; it calls neither, so the .docx
 * reader's files form no cycle. */
#include "docx_internal.h"

#include <stdio.h>
#include <string.h>

#define W_NS GK__W_NS
#define W_NS_STRICT GK__W_NS_STRICT

typedef struct part_walk {
  const char *part;    /* its name in the package */
  char xml_error[200]; /* first libxml2 message */
  int xml_line;        /* its line */
  int xml_col;         /* its column */
} part_walk;

/* libxml2 reports here instead of stderr; the first message is kept. */
static void on_xml_error(void *ud, xmlErrorPtr e) {
  part_walk *w = ud;
  if (!e || w->xml_error[0])
    return;
  const char *m = e->message ? e->message : "?";
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
    n--; /* libxml2 ends its messages with a newline */
  gk__excerpt(w->xml_error, sizeof(w->xml_error), m, n, 150);
  w->xml_line = e->line;
  w->xml_col = e->int2;
}

static int io_read(void *ctx, char *buf, int len) {
  return gk__pkgr_stream_read(ctx, buf, len);
}

static int io_close(void *ctx) {
  (void)ctx; /* the caller closes the stream after the reader */
  return 0;
}

gk_status gk__docx_xml_fail(xmlTextReaderPtr xr, const char *part,
                            gk_error *err, gk_status st, const char *zh,
                            const char *en) {
  int line = xr ? xmlTextReaderGetParserLineNumber(xr) : 0;
  int col = xr ? xmlTextReaderGetParserColumnNumber(xr) : 0;
  bool first = err && err->code == GK_OK;
  gk__fail(err, st, line, col, -1, "%s 第 %d 行第 %d 列：%s",
           "%s line %d column %d: %s", part, line, col, zh);
  if (first) /* both formats share the arguments: English written apart */
    snprintf(err->message_en, sizeof(err->message_en),
             "%s line %d column %d: %s", part, line, col, en);
  return st;
}

bool gk__docx_is_w(const xmlChar *ns) {
  const char *u = (const char *)ns;
  return u && (strcmp(u, W_NS) == 0 || strcmp(u, W_NS_STRICT) == 0);
}

xmlChar *gk__docx_attr(xmlTextReaderPtr xr, const char *name) {
  xmlChar *v = xmlTextReaderGetAttributeNs(xr, BAD_CAST name, BAD_CAST W_NS);
  if (!v)
    v = xmlTextReaderGetAttributeNs(xr, BAD_CAST name, BAD_CAST W_NS_STRICT);
  return v;
}

gk_status gk__docx_walk_part(gk__pkgr *pkg, const char *part,
                             const gk_limits *lim, gk_error *err,
                             gk__docx_visit visit, void *ud) {
  gk__pkg_stream *in = NULL;
  gk_status st = gk__pkgr_stream_open(pkg, part, &in, err);
  if (st)
    return st;
  xmlInitParser();
  /* no XML_PARSE_NOENT / DTDLOAD / DTDATTR / HUGE: entities stay
   * unexpanded, nothing is fetched, libxml2's own size caps hold */
  xmlTextReaderPtr xr = xmlReaderForIO(io_read, io_close, in, part, NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!xr) {
    gk__pkgr_stream_close(in);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "读取 .docx 时内存不足",
                    "out of memory reading the .docx");
  }
  part_walk w;
  memset(&w, 0, sizeof(w));
  w.part = part;
  xmlTextReaderSetStructuredErrorHandler(xr, on_xml_error, &w);
  int r = xmlTextReaderRead(xr);
  while (r == 1 && !st) {
    int type = xmlTextReaderNodeType(xr);
    bool skip = false;
    if ((size_t)xmlTextReaderDepth(xr) > lim->max_xml_depth)
      st = gk__docx_xml_fail(xr, part, err, GK_E_CORRUPT, "XML 元素嵌套过深",
                             "XML elements nested too deep");
    else if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
             type == XML_READER_TYPE_ENTITY_REFERENCE ||
             type == XML_READER_TYPE_ENTITY)
      /* a .docx never declares a DTD: one is an attack (external
       * entities, billion laughs) */
      st = gk__docx_xml_fail(xr, part, err, GK_E_CORRUPT,
                             "含文档类型声明（DTD），拒绝读取",
                             "holds a document type declaration (DTD): "
                             "refused");
    else
      st = visit(ud, xr, type, &skip);
    if (!st)
      r = skip ? xmlTextReaderNext(xr) : xmlTextReaderRead(xr);
  }
  if (st == GK_E_NOMEM) {
    gk__fail(err, GK_E_NOMEM, 0, 0, -1, "读取 .docx 时内存不足",
             "out of memory reading the .docx");
  } else if (!st && r < 0) {
    st = gk__pkgr_stream_status(in); /* a bomb or damaged data: said */
    if (!st) {
      const char *why = w.xml_error[0] ? w.xml_error : "?";
      st = gk__fail(err, GK_E_CORRUPT, w.xml_line, w.xml_col, -1,
                    "%s 第 %d 行第 %d 列：XML 格式错误：%s",
                    "%s line %d column %d: malformed XML: %s", part, w.xml_line,
                    w.xml_col, why);
    }
  }
  xmlFreeTextReader(xr);
  gk__pkgr_stream_close(in);
  return st;
}
