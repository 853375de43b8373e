/* ledger_report.h: what report.c, records.c, cases.c and draft.c share
 * (internal): the measures that turn records into table disclose's
 * columns, and small helpers. Their SQL is the store's (store.h, "Records,
 * cases and the report"; store_report.c).
 * Contract: spec/report-fields.md (ids), spec/law.md, docs/ledger.md. */
#ifndef GK_LEDGER_REPORT_H
#define GK_LEDGER_REPORT_H

#include "../model/report.h"
#include "../model/template.h"
#include "store.h"

/* What a column of table disclose counts, found by the column's id in
 * the table of report.c (the only place the ids are written). */
typedef enum gk__measure {
  GK__M_NONE = 0,       /* not fed by records */
  GK__M_COUNT_YEAR,     /* sum of 'count' dated in the year (made, issued,
                           decisions, projects) */
  GK__M_PUBLISHED_YEAR, /* documents published (approved) in the year */
  GK__M_PUBLISHED_ALL,  /* published by 31 Dec and not repealed by then */
  GK__M_REPEALED_YEAR,  /* documents repealed in the year */
  GK__M_IN_FORCE,       /* issued by 31 Dec and not repealed by then */
  GK__M_AMOUNT_YEAR,    /* sum of 'amount' (万元) dated in the year */
  GK__M_ITEMS_PRIOR,    /* 项目数量 at 31 Dec of the year before */
  GK__M_ITEMS_CHANGE    /* 项目数量 at 31 Dec minus the one before */
} gk__measure;

/* Measure of a disclose column id. */
gk__measure gk__measure_of(const char *col_id);

/* True if some template's disclose row 'kind' has a column of measure
 * 'm' (kind names a row of table disclose). */
bool gk__kind_has(const char *kind, gk__measure m);

/* Audits the change of row 'id' of 'table' (before: may be NULL; taken)
 * and commits the caller's transaction; rolls back on failure. */
gk_status gk__lr_audit_commit(gk_ledger *led, const char *table, int64_t id,
                              const char *action, json_t *before,
                              gk_error *err);
/* GK_OK if the ledger has a named actor (changes need one). */
gk_status gk__lr_actor(const gk_ledger *led, gk_error *err);

/* Column of table apply for an applicant type (a column id but the sum),
 * or -1. */
int gk__apply_col(const gk_template *tpl, const char *type);
/* Row of table apply for an outcome: the outcome row of that id, else the
 * one whose id is its dotted prefix (2019's "other" for "other.no_fee"),
 * or -1. */
int gk__apply_outcome_row(const gk_template *tpl, const char *outcome);

/* Fees of the year for section 六 (国办函〔2020〕109号). */
typedef struct gk__fees {
  int64_t apps;       /* applications with a payment dated in the year */
  int64_t yuan;       /* 元 paid in the year */
  int64_t unrecorded; /* fee-paid events of the year with no amount (made
                         before migration 4) */
} gk__fees;

/* Writes the draft texts of sections 一 to 六 from the filled tables and
 * the year's fees (draft.c). */
gk_status gk__ledger_draft(gk_report *rep, const gk__fees *fees);

#endif /* GK_LEDGER_REPORT_H */
