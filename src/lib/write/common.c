/* common.c: argument checks and sink calls shared by the writers. */
#include "write.h"

gk_status gk__write_args(const gk_report *rep, gk_write_fn fn, gk_error *err) {
  if (!rep || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "写出报告：缺少报告或输出函数",
                    "writing a report: no report or no output function");
  gk__report_check_invariants(rep);
  return GK_OK;
}

gk_status gk__write_refused(gk_error *err) {
  return gk__fail(err, GK_E_IO, 0, 0, -1, "写出报告：输出被拒绝",
                  "writing a report: the output refused the data");
}

gk_status gk__write_out(gk_write_fn fn, void *ud, const char *data, size_t len,
                        gk_error *err) {
  if (fn(data, len, ud) != 0)
    return gk__write_refused(err);
  return GK_OK;
}

gk_status gk__write_nomem(gk_error *err) {
  return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "写出报告时内存不足",
                  "out of memory while writing a report");
}

/* === The package parts every .docx shares (report and letters) === */

static const char docx_content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>";

static const char docx_package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

static const char docx_document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

gk_status gk__docx_parts(gk__pkgw *w, const char *styles, gk__buf **doc) {
  gk__buf *ct = gk__pkgw_part(w, "[Content_Types].xml");
  gk__buf *pr = gk__pkgw_part(w, "_rels/.rels");
  *doc = gk__pkgw_part(w, "word/document.xml");
  gk__buf *dr = gk__pkgw_part(w, "word/_rels/document.xml.rels");
  gk__buf *sty = gk__pkgw_part(w, "word/styles.xml");
  gk_status st = gk__buf_adds(ct, docx_content_types);
  if (!st)
    st = gk__buf_adds(pr, docx_package_rels);
  if (!st)
    st = gk__buf_adds(dr, docx_document_rels);
  if (!st)
    st = gk__buf_adds(sty, styles);
  return st;
}
