/* check.h: the checker's internal interface. One function per group of
 * rules (values.c, arith.c, meta.c, narrative.c), driven by gk_check_run()
 * in check.c, plus the few helpers they share: the rule table's severity,
 * cell names for messages, and findings in two languages. Rule ids come
 * from model/rules.h; table/row/column ids from the template tables. */
#ifndef GK_CHECK_H
#define GK_CHECK_H

#include "../model/report.h"
#include "../model/rules.h"

/* The groups, each appending findings to 'rep'; GK_E_NOMEM is the only
 * failure. */
gk_status gk__check_values(gk_report *rep);
gk_status gk__check_arith(gk_report *rep);
gk_status gk__check_meta(gk_report *rep);
gk_status gk__check_narrative(gk_report *rep);

/* Default severity of rule 'id' from the rule table (rules.c), so that
 * findings and docs/rules.md agree; GK_SEV_ERROR for an unknown id. */
gk_severity gk__check_sev(const char *id);

/* Writes the Chinese name of cell (t, r, c) into 'out': the row's group
 * when its label is a sub-item, its label without the printed aside, the
 * column label and the ids, e.g. "（七）总计·总计（apply.total.total）".
 * 'c' < 0 names the row only. */
void gk__check_cell_zh(char *out, size_t outsz, const gk_template *tpl,
                       size_t t, size_t r, int c);
/* The same in English: the ids only, "apply.total.total". */
void gk__check_cell_en(char *out, size_t outsz, const gk_template *tpl,
                       size_t t, size_t r, int c);

/* Adds a finding whose messages are already formatted. 'r' < 0 with
 * 'c' >= 0 names a whole column of table 't' (gk__finding_addf names a
 * column only with a row, so the column id is set here). 't' >= GK_TABLES
 * names no table. */
gk_status gk__check_add(gk_report *rep, const char *rule, gk_severity sev,
                        size_t t, int r, int c, const int64_t *reported,
                        const int64_t *expected, int64_t line, const char *zh,
                        const char *en);

/* Stores in v[] (the table's ncells values) what the relations see of
 * table 't': the printed values, and for a blank cell of apply or review
 * that a relation fixes, that value (arith.c); other tables as printed.
 * The narrative compares the text with these. */
void gk__check_seen(const gk_report *rep, size_t t, int64_t *v);

/* Removes the reader's blank-cell finding of cell (t, r, c), if any: a
 * checker finding about that blank replaces it. */
void gk__check_drop_blank(gk_report *rep, size_t t, size_t r, size_t c);

#endif /* GK_CHECK_H */
