/* rules.h: the rule ids, written once. Readers and the checker name rules
 * through these constants; rules.c holds each rule's severity, titles and
 * basis, and docs/rules.md documents every id (a test checks). */
#ifndef GK_RULES_H
#define GK_RULES_H

/* Reader findings */
#define GK_RULE_BLANK_CELL "blank-cell"           /* blank reads 0 */
#define GK_RULE_AMBIGUOUS_CELLS "ambiguous-cells" /* lost separators */
#define GK_RULE_RECOVERED_CELLS "recovered-cells" /* lost separators, unique */
#define GK_RULE_MISSING_ROW "missing-row"         /* row not found */
#define GK_RULE_MISSING_TABLE "missing-table"     /* table not found */
#define GK_RULE_ROW_CELLS "row-cell-count"        /* too few/many values */
#define GK_RULE_BAD_NUMBER "bad-number"           /* cell text not a number */
#define GK_RULE_AMOUNT_UNIT "amount-unit"         /* amount written in 元 */
#define GK_RULE_LABEL_LOOSE "label-loose"         /* label matched loosely */
#define GK_RULE_ROW_VARIANT "row-variant"         /* group printed as a row */
#define GK_RULE_TRUNCATED "truncated"             /* text ends mid-report */
#define GK_RULE_GLUED "glued-report" /* a second report follows the first */

/* Arithmetic (勾稽关系) */
#define GK_RULE_APPLY_BALANCE "apply-balance"       /* new+in = total+out */
#define GK_RULE_APPLY_ROW_SUM "apply-row-sum"       /* applicants = total */
#define GK_RULE_APPLY_COLUMN_SUM "apply-column-sum" /* outcomes = total */
#define GK_RULE_APPLY_CELL "apply-cell"             /* one cell localised */
#define GK_RULE_REVIEW_ROW_SUM "review-row-sum"     /* results = total */
#define GK_RULE_BLANK_DETERMINED "blank-determined" /* a relation fixes it */

/* Values */
#define GK_RULE_NEGATIVE_COUNT "negative-count"
#define GK_RULE_FRACTIONAL_COUNT "fractional-count"

/* Metadata */
#define GK_RULE_TEMPLATE_YEAR "template-year"     /* wrong format for year */
#define GK_RULE_MISSING_YEAR "missing-year"       /* year not found */
#define GK_RULE_MISSING_SECTION "missing-section" /* section absent */
#define GK_RULE_SECTION_HEADING "section-heading" /* heading lacks 一、… */
#define GK_RULE_MISSING_DATE "missing-date"       /* no report date */
#define GK_RULE_DATE_BEFORE_END "date-before-period-end"
#define GK_RULE_DATE_LATE "date-late"             /* after 31 Jan / 31 Mar */
#define GK_RULE_NARRATIVE "narrative-mismatch"    /* text vs tables */

/* Across years (gk_compare_years, src/lib/many/compare.c) */
#define GK_RULE_CARRIED_OVER "carried-over" /* in (N) = out (N-1) */
#define GK_RULE_IN_FORCE "in-force"         /* stock carried forward */
#define GK_RULE_YEAR_GAP "year-gap"         /* a year is missing */

#endif /* GK_RULES_H */
