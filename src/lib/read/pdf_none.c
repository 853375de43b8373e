/* pdf_none.c: the PDF page source of a build without PDF support
 * (cmake -DGONGKAI_PDF=OFF, for embedders who do not want poppler's
 * headers or its ~55 libraries). Everything else still reads; a PDF is a
 * clear GK_E_UNSUPPORTED, never a silent empty report. */
#include "doc.h"

gk_status gk__pdf_pages(const char *buf, size_t len, const gk_limits *lim,
                        const gk_alloc *alloc, gk__pdf_page_fn fn, void *ud,
                        int *pages, gk_error *err) {
  (void)buf, (void)len, (void)lim, (void)alloc, (void)fn, (void)ud;
  if (pages)
    *pages = 0;
  return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                  "此版本的 gongkai 构建时未启用 PDF 读取（GONGKAI_PDF=OFF）："
                  "请提供 .docx、HTML 或文本格式，或使用启用 PDF 的版本",
                  "this build of gongkai reads no PDF (built with "
                  "GONGKAI_PDF=OFF): provide .docx, HTML or text, or use a "
                  "build with PDF support");
}
