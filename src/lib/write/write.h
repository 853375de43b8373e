/* write.h: helpers shared by the writers (json.c, csv.c, text.c).
 * Writers take a gk_report in and hand bytes to a caller's gk_write_fn;
 * they never allocate through anything but the report's allocator. */
#ifndef GK_WRITE_H
#define GK_WRITE_H

#include "../model/report.h"
#include "../pkg/pkg.h"

/* Largest text gk__format_scaled produces for any int64_t, with NUL. */
#define GK__SCALED_MAX 32

/* Checks the arguments every writer takes; fills 'err' on failure. */
gk_status gk__write_args(const gk_report *rep, gk_write_fn fn, gk_error *err);

/* Hands 'len' bytes to 'fn'; GK_E_IO (with 'err' filled) if it refuses. */
gk_status gk__write_out(gk_write_fn fn, void *ud, const char *data, size_t len,
                        gk_error *err);

/* Fills 'err' for a sink that refused data; returns GK_E_IO. */
gk_status gk__write_refused(gk_error *err);

/* Fills 'err' for an allocation failure in a writer; returns GK_E_NOMEM. */
gk_status gk__write_nomem(gk_error *err);

/* Adds the parts every .docx shares ([Content_Types].xml, the package's and
 * the document's relationships) and 'styles' as word/styles.xml to 'w';
 * '*doc' gets the word/document.xml part for the caller to fill. A part
 * that could not grow: GK_E_NOMEM. */
gk_status gk__docx_parts(gk__pkgw *w, const char *styles, gk__buf **doc);

#endif /* GK_WRITE_H */
