/* gongkai.h: the public API of libgongkai.
 *
 * gongkai reads, checks and writes 政府信息公开工作年度报告 (annual reports on
 * government information disclosure) in the two official formats
 * (国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号). Cell ids, JSON and
 * CSV shapes follow spec/report-fields.md; this header is the only one a
 * program using gongkai includes.
 *
 * Conventions: functions return a gk_status (GK_OK = 0); details of a
 * failure go into a caller-owned gk_error (may be NULL). Objects come in
 * gk_x_new/gk_x_free (or gk_x_read/gk_x_free) pairs; _free(NULL) is a no-op.
 * Strings are UTF-8 with explicit lengths or NUL-terminated where said.
 * Accessors return borrowed pointers valid until the owner is freed.
 * The library never prints, never exits and keeps no global mutable state. */
#ifndef GONGKAI_H
#define GONGKAI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GK_STATIC)
#define GK_EXPORT
#elif defined(__GNUC__)
#define GK_EXPORT __attribute__((visibility("default")))
#else
#define GK_EXPORT
#endif

/** ## Version */

#define GK_VERSION_MAJOR 0
#define GK_VERSION_MINOR 1
#define GK_VERSION_PATCH 0
#define GK_VERSION_STRING "0.1.0"

/** Returns the library's version string, e.g. "0.1.0" (static storage). */
GK_EXPORT const char *gk_version(void);

/** ## Allocator and limits */

/** A custom allocator, stored in every object made with it (as cmark does).
 * Every function may return NULL; the library then fails with GK_E_NOMEM. */
typedef struct gk_alloc {
  void *(*malloc)(size_t size, void *ud);
  void *(*realloc)(void *ptr, size_t size, void *ud);
  void (*free)(void *ptr, void *ud);
  void *ud; /* passed to the three functions */
} gk_alloc;

/** Returns the default allocator (malloc/realloc/free), static storage. */
GK_EXPORT const gk_alloc *gk_alloc_default(void);

/** Limits checked before allocating; 0 in a field means its default. */
typedef struct gk_limits {
  size_t max_input_bytes; /* one input document; default 64 MiB */
  size_t max_line_bytes;  /* one line of text; default 1 MiB */
  size_t max_cells;       /* table cells read from one document; default 1M */
  size_t max_findings;    /* findings kept for one report; default 10000 */
} gk_limits;

/** ## Errors */

/** Why a call failed. Append-only: codes are never renumbered. A report
 * that was read but is wrong is GK_OK with findings, not an error. */
typedef enum gk_status {
  GK_OK = 0,
  GK_E_NOMEM = 1,      /* an allocation failed */
  GK_E_IO = 2,         /* a file could not be opened, read or written */
  GK_E_TOO_LARGE = 3,  /* input exceeds a gk_limits bound */
  GK_E_ENCODING = 4,   /* bytes are not text in any supported encoding */
  GK_E_NOT_REPORT = 5, /* text, but not an annual report gongkai knows */
  GK_E_ARG = 6,        /* invalid argument (unknown id, bad option) */
  GK_E_BINARY = 7,     /* input is a binary file (NUL bytes, not UTF-16) */
  GK_E_EMPTY = 8,      /* input is empty or only white space */
  GK_E_TRUNCATED = 9,  /* the report ends in the middle of a table */
  GK_STATUS_LAST       /* one past the last code; not a status */
} gk_status;

/** Output language of messages. */
typedef enum gk_lang { GK_LANG_ZH = 0, GK_LANG_EN = 1 } gk_lang;

/** Returns a one-line description of 'st' in 'lang' (static storage). */
GK_EXPORT const char *gk_strerror(gk_status st, gk_lang lang);

/** Details of a failed call; owned by the caller, filled by the library.
 * Only the first error of a call is kept (curl's errorbuffer rule). */
typedef struct gk_error {
  gk_status code;     /* GK_OK when nothing failed */
  char message[256];  /* one line, Chinese; no newline */
  char message_en[256]; /* the same in English */
  int64_t line;       /* 1-based line in the input, 0 if unknown */
  int64_t column;     /* 1-based column (bytes), 0 if unknown */
  int64_t offset;     /* byte offset in the input, -1 if unknown */
} gk_error;

/** Clears 'err' to GK_OK (no-op on NULL). */
GK_EXPORT void gk_error_clear(gk_error *err);

/** ## Templates: the two official formats, as data */

/** An official report format (a static, read-only description). */
typedef struct gk_template gk_template;

/** Scale of every stored number: values are integers in 1/GK_SCALE units
 * (an amount in 万元 is stored exactly to the 元). Counts are multiples. */
#define GK_SCALE 10000

/** Returns the template named "2019" or "2021", or NULL. */
GK_EXPORT const gk_template *gk_template_by_name(const char *name);
/** Returns the template the law prescribes for report year 'year':
 * 2019 for years up to 2020, 2021 from 2021 on. */
GK_EXPORT const gk_template *gk_template_for_year(int year);
/** Returns the template's name, "2019" or "2021". */
GK_EXPORT const char *gk_template_name(const gk_template *tpl);
/** Returns the template's source document, e.g. "国办公开办函〔2021〕30号". */
GK_EXPORT const char *gk_template_source(const gk_template *tpl);
/** Number of tables (3: disclose, apply, review). */
GK_EXPORT size_t gk_template_table_count(const gk_template *tpl);
/** Table id ("disclose", "apply", "review") of table 't'. */
GK_EXPORT const char *gk_template_table_id(const gk_template *tpl, size_t t);
/** Number of rows of table 't'. */
GK_EXPORT size_t gk_template_row_count(const gk_template *tpl, size_t t);
/** Row id (e.g. "denied.state_secret") of row 'r' of table 't'. */
GK_EXPORT const char *gk_template_row_id(const gk_template *tpl, size_t t,
                                         size_t r);
/** Official label of the row (without its group label). */
GK_EXPORT const char *gk_template_row_label(const gk_template *tpl, size_t t,
                                            size_t r);
/** Official group label printed before the row, e.g. "（三）不予公开" for
 * denied.state_secret, or NULL. */
GK_EXPORT const char *gk_template_row_group(const gk_template *tpl, size_t t,
                                            size_t r);
/** Number of columns of row 'r' (disclose rows differ; apply has 7). */
GK_EXPORT size_t gk_template_col_count(const gk_template *tpl, size_t t,
                                       size_t r);
/** Column id of column 'c' of row 'r' (e.g. "natural", "total"). */
GK_EXPORT const char *gk_template_col_id(const gk_template *tpl, size_t t,
                                         size_t r, size_t c);
/** Official column label (e.g. "本年新制作数量"). */
GK_EXPORT const char *gk_template_col_label(const gk_template *tpl, size_t t,
                                            size_t r, size_t c);
/** Kind of a column's numbers. */
typedef enum gk_col_kind {
  GK_COL_COUNT = 0,  /* non-negative integer */
  GK_COL_SIGNED = 1, /* signed integer (本年增/减) */
  GK_COL_AMOUNT = 2  /* 万元, may have decimals */
} gk_col_kind;
GK_EXPORT gk_col_kind gk_template_col_kind(const gk_template *tpl, size_t t,
                                           size_t r, size_t c);
/** Block header printed above the row's block in table disclose, e.g.
 * "第二十条第（一）项", or NULL. */
GK_EXPORT const char *gk_template_row_block(const gk_template *tpl, size_t t,
                                            size_t r);
/** Finds table/row/column indexes by ids; returns GK_E_ARG if unknown.
 * 'row' and 'col' may be NULL to look up only the table (and row). */
GK_EXPORT gk_status gk_template_find(const gk_template *tpl, const char *table,
                                     const char *row, const char *col,
                                     size_t *t, size_t *r, size_t *c);

/** ## Report model */

/** One annual report: metadata, section texts, three tables, findings. */
typedef struct gk_report gk_report;

/** Severity of a finding. */
typedef enum gk_severity { GK_SEV_ERROR = 0, GK_SEV_WARNING = 1 } gk_severity;

/** One thing wrong with a report (a rule that does not hold). */
typedef struct gk_finding gk_finding;

/** Creates an empty report of template 'tpl' (all cells 0, not present).
 * 'alloc' may be NULL for the default; it is copied. Free with
 * gk_report_free(). */
GK_EXPORT gk_status gk_report_new(gk_report **out, const gk_template *tpl,
                                  const gk_alloc *alloc);
/** Frees the report and everything it holds. NULL is a no-op. */
GK_EXPORT void gk_report_free(gk_report *rep);

/** The report's template (never NULL). */
GK_EXPORT const gk_template *gk_report_template(const gk_report *rep);
/** Agency (报告主体) from the title, or NULL if unknown. Borrowed. */
GK_EXPORT const char *gk_report_agency(const gk_report *rep);
/** Report year, or 0 if unknown. */
GK_EXPORT int gk_report_year(const gk_report *rep);
/** Dates are YYYYMMDD integers (20210114), 0 if unknown. */
GK_EXPORT int32_t gk_report_date(const gk_report *rep);
GK_EXPORT int32_t gk_report_period_from(const gk_report *rep);
GK_EXPORT int32_t gk_report_period_to(const gk_report *rep);
/** Name of the file the report came from (for messages), or NULL. */
GK_EXPORT const char *gk_report_source_name(const gk_report *rep);
/** Text of section 'n' (1 to 6), or NULL if absent; length in '*len'. */
GK_EXPORT const char *gk_report_section(const gk_report *rep, int n,
                                        size_t *len);

/** Setters: copy their arguments. Used by readers, the ledger and tests. */
GK_EXPORT gk_status gk_report_set_agency(gk_report *rep, const char *agency);
GK_EXPORT gk_status gk_report_set_source_name(gk_report *rep,
                                              const char *name);
GK_EXPORT void gk_report_set_year(gk_report *rep, int year);
GK_EXPORT void gk_report_set_date(gk_report *rep, int32_t yyyymmdd);
GK_EXPORT void gk_report_set_period(gk_report *rep, int32_t from,
                                    int32_t to);
GK_EXPORT gk_status gk_report_set_section(gk_report *rep, int n,
                                          const char *text, size_t len);

/** Reads the value of a cell, scaled by GK_SCALE, into '*value'.
 * Returns GK_E_ARG for unknown ids. */
GK_EXPORT gk_status gk_report_get(const gk_report *rep, const char *table,
                                  const char *row, const char *col,
                                  int64_t *value);
/** Sets a cell to 'value' (scaled by GK_SCALE) and marks it present. */
GK_EXPORT gk_status gk_report_set(gk_report *rep, const char *table,
                                  const char *row, const char *col,
                                  int64_t value);

/** Cell flags, from gk_report_cell_flags(). */
#define GK_CELL_PRESENT 0x1u   /* the document had a value for it */
#define GK_CELL_BLANK 0x2u     /* the document's cell was blank: reads 0 */
#define GK_CELL_RECOVERED 0x4u /* separators were lost; value from the sums */
#define GK_CELL_AMBIGUOUS 0x8u /* several readings fit; value is a guess */

/** Index-based cell access (fast path for writers and tools). */
GK_EXPORT int64_t gk_report_cell(const gk_report *rep, size_t t, size_t r,
                                 size_t c);
GK_EXPORT unsigned gk_report_cell_flags(const gk_report *rep, size_t t,
                                        size_t r, size_t c);
/** 1-based source line of the cell's value, 0 if unknown. */
GK_EXPORT int64_t gk_report_cell_line(const gk_report *rep, size_t t,
                                      size_t r, size_t c);

/** Findings, in the order the checker or reader produced them. */
GK_EXPORT size_t gk_report_finding_count(const gk_report *rep);
GK_EXPORT const gk_finding *gk_report_finding(const gk_report *rep, size_t i);
/** Number of findings of severity 'sev'. */
GK_EXPORT size_t gk_report_count(const gk_report *rep, gk_severity sev);

/** Finding accessors. Ids are NULL where they don't apply. */
GK_EXPORT const char *gk_finding_rule(const gk_finding *f);
GK_EXPORT gk_severity gk_finding_severity(const gk_finding *f);
GK_EXPORT const char *gk_finding_table(const gk_finding *f);
GK_EXPORT const char *gk_finding_row(const gk_finding *f);
GK_EXPORT const char *gk_finding_col(const gk_finding *f);
/** Reported/expected values scaled by GK_SCALE; returns 0 when the finding
 * has none (then '*value' is untouched), 1 when it has one. */
GK_EXPORT int gk_finding_reported(const gk_finding *f, int64_t *value);
GK_EXPORT int gk_finding_expected(const gk_finding *f, int64_t *value);
/** Message in 'lang' (UTF-8, one line). */
GK_EXPORT const char *gk_finding_message(const gk_finding *f, gk_lang lang);
/** 1-based source line the finding points at, 0 if none. */
GK_EXPORT int64_t gk_finding_line(const gk_finding *f);

/** Adds a finding (copies strings; ids must be template ids or NULL).
 * 'reported'/'expected' may be NULL. Beyond gk_limits.max_findings the
 * finding is counted but dropped. */
GK_EXPORT gk_status gk_report_add_finding(
    gk_report *rep, const char *rule, gk_severity sev, const char *table,
    const char *row, const char *col, const int64_t *reported,
    const int64_t *expected, int64_t line, const char *message_zh,
    const char *message_en);

/** ## Readers */

/** Reader options. */
typedef struct gk_read_opts {
  unsigned flags;          /* GK_READ_* bits */
  const char *source_name; /* file name for messages and output; may be NULL */
  gk_limits limits;        /* zero fields take defaults */
  const gk_alloc *alloc;   /* NULL for the default allocator */
} gk_read_opts;

#define GK_READ_STRICT 0x1u /* unknown lines in tables are errors */
#define GK_READ_ALL 0x1u    /* mask of valid flags */

/** Reads a report from text: Apache Tika's text of a .docx, text copied
 * from a web page or PDF (tabs, space runs, one cell a line, markdown
 * pipes), in UTF-8 (BOM or not), GB18030/GBK or UTF-16 with BOM.
 * On success '*out' is a new report (free with gk_report_free()) that may
 * carry reader findings (blank cells, ambiguous readings). On failure
 * '*out' is NULL and 'err' says what and where. 'buf' is borrowed. */
GK_EXPORT gk_status gk_report_read_text(gk_report **out, const char *buf,
                                        size_t len, const gk_read_opts *opts,
                                        gk_error *err);

/** A reusable reader: keeps its buffers and the templates' label keys
 * between reads, so reading many files costs less than
 * gk_report_read_text() each time. Not thread-safe: one per thread.
 * 'alloc' may be NULL for the default; free with gk_reader_free(). */
typedef struct gk_reader gk_reader;
GK_EXPORT gk_status gk_reader_new(gk_reader **out, const gk_alloc *alloc);
/** Frees the reader (not the reports it made). NULL is a no-op. */
GK_EXPORT void gk_reader_free(gk_reader *reader);
/** Like gk_report_read_text(), with the reader's buffers; the report is
 * the caller's and outlives the reader. 'opts->alloc' must be NULL or the
 * reader's allocator (GK_E_ARG otherwise). */
GK_EXPORT gk_status gk_reader_read_text(gk_reader *reader, gk_report **out,
                                        const char *buf, size_t len,
                                        const gk_read_opts *opts,
                                        gk_error *err);

/** ## Checker */

#define GK_CHECK_ARITH 0x1u    /* balances, row and column sums */
#define GK_CHECK_VALUES 0x2u   /* negative and fractional counts */
#define GK_CHECK_META 0x4u     /* template vs year, dates, sections */
#define GK_CHECK_NARRATIVE 0x8u /* numbers stated in the text vs tables */
#define GK_CHECK_ALL 0xfu

/** Runs the checks in 'which' (GK_CHECK_* bits) and appends findings to
 * 'rep'. When several relations of table apply fail because of one cell,
 * one finding names that cell with its expected value. */
GK_EXPORT gk_status gk_check_run(gk_report *rep, unsigned which,
                                 gk_error *err);

/** A rule the checker or reader may report. */
typedef struct gk_rule_info {
  const char *id;       /* stable rule id, e.g. "apply-balance" */
  gk_severity severity; /* default severity */
  const char *title_zh; /* short description */
  const char *title_en;
  const char *basis;    /* legal or arithmetic source */
} gk_rule_info;

/** Number of rules and the rule 'i' (static storage). */
GK_EXPORT size_t gk_rule_count(void);
GK_EXPORT const gk_rule_info *gk_rule_at(size_t i);

/** ## Writers */

/** Output sink: called with each piece of output; returns 0 on success,
 * non-zero to abort the write with GK_E_IO. */
typedef int (*gk_write_fn)(const char *data, size_t len, void *ud);

/** Writes the report as one line of JSON (report.schema.json), ending
 * with a newline. */
GK_EXPORT gk_status gk_write_json(const gk_report *rep, gk_lang lang,
                                  gk_write_fn fn, void *ud, gk_error *err);
/** Writes the CSV long form, one number a line:
 * file,agency,year,template,table,row,column,value. 'header' non-zero
 * writes the header line first. */
GK_EXPORT gk_status gk_write_csv(const gk_report *rep, int header,
                                 gk_write_fn fn, void *ud, gk_error *err);
/** Writes only the CSV header line (for output that concatenates the CSV
 * of several reports written with 'header' 0). */
GK_EXPORT gk_status gk_write_csv_header(gk_write_fn fn, void *ud,
                                        gk_error *err);
/** Writes findings like a compiler: FILE:LINE: error[RULE]: message. */
GK_EXPORT gk_status gk_write_findings_text(const gk_report *rep, gk_lang lang,
                                           gk_write_fn fn, void *ud,
                                           gk_error *err);

/* === Many reports (src/lib/many, docs/internals/many.md) === */

/** ## Many reports: regional summary, year on year, near-copies */

/** A regional summary under construction (gongkai merge): the sum of
 * every cell of many reports of one template and year. Free with
 * gk_merge_free(). */
typedef struct gk_merge gk_merge;

/** Why a report was left out of a summary. */
typedef enum gk_merge_reason {
  GK_MERGE_UNREADABLE = 1, /* the input could not be read */
  GK_MERGE_CHECK = 2,      /* the validator found errors in it */
  GK_MERGE_OTHER = 3       /* another template or year than the summary's */
} gk_merge_reason;

/** Creates a summary for agency 'agency' (copied; the merged report's
 * 报告主体). 'year' 0 takes the year most reports have (ties: the later
 * year); otherwise only reports of 'year' are summed. 'alloc' may be NULL
 * for the default. */
GK_EXPORT gk_status gk_merge_new(gk_merge **out, const char *agency, int year,
                                 const gk_alloc *alloc);
/** Frees the summary. NULL is a no-op. */
GK_EXPORT void gk_merge_free(gk_merge *m);
/** Offers a report read from 'name' (copied). Runs gk_check_run(rep,
 * GK_CHECK_ALL) on it (findings are appended to 'rep'); a report with an
 * error finding is left out (GK_MERGE_CHECK, its rule ids), any other is
 * added to the sums of its (template, year). 'rep' is only borrowed.
 * Fails with GK_E_NOMEM, or GK_E_TOO_LARGE when a sum leaves int64. */
GK_EXPORT gk_status gk_merge_add(gk_merge *m, gk_report *rep,
                                 const char *name, gk_error *err);
/** Records an input that could not be read: left out (GK_MERGE_UNREADABLE)
 * with 'why_zh'/'why_en' (copied; 'why_en' may be NULL). */
GK_EXPORT gk_status gk_merge_add_unreadable(gk_merge *m, const char *name,
                                            const char *why_zh,
                                            const char *why_en);
/** Chooses the summed (template, year), leaves the reports of any other
 * out (GK_MERGE_OTHER) and stores the merged report in '*out' (free with
 * gk_report_free()): agency, year, template, period 1 January to
 * 31 December, date the latest of the inputs', six sections saying what
 * was summed, every cell the sum of the inputs'. GK_E_EMPTY when no
 * report can be summed. Call once. */
GK_EXPORT gk_status gk_merge_finish(gk_merge *m, gk_report **out,
                                    gk_error *err);
/** Inputs summed (valid after gk_merge_finish) and their names. */
GK_EXPORT size_t gk_merge_count(const gk_merge *m);
GK_EXPORT const char *gk_merge_name(const gk_merge *m, size_t i);
/** Inputs left out so far (all of them after gk_merge_finish), in the
 * order they were offered, then those of other templates or years. */
GK_EXPORT size_t gk_merge_left_out_count(const gk_merge *m);
GK_EXPORT const char *gk_merge_left_out_name(const gk_merge *m, size_t i);
GK_EXPORT gk_merge_reason gk_merge_left_out_reason(const gk_merge *m,
                                                   size_t i);
/** Why, one line in 'lang': the rule ids, the read error, or the year and
 * template against the summary's. */
GK_EXPORT const char *gk_merge_left_out_message(const gk_merge *m, size_t i,
                                                gk_lang lang);
/** Rule ids of the error findings that left input 'i' out (GK_MERGE_CHECK),
 * comma-separated, or "" for other reasons. */
GK_EXPORT const char *gk_merge_left_out_rules(const gk_merge *m, size_t i);
/** Writes one JSON line: {"agency", "year", "template", "merged": [names],
 * "left_out": [{"file", "reason": "unreadable"|"check"|"other",
 * "rules": [ids], "message"}]}. Valid after gk_merge_finish. */
GK_EXPORT gk_status gk_write_merge_json(const gk_merge *m, gk_lang lang,
                                        gk_write_fn fn, void *ud,
                                        gk_error *err);

/** Compares two reports of one agency (spec/report-fields.md, "Across
 * years"): 'older' of year N-1, 'newer' of year N. Appends to 'newer' one
 * finding per broken relation (rule carried-over per column of apply;
 * in-force per row of disclose when both use the 2021 template), with
 * reported = newer's value, expected = what 'older' implies, naming both
 * files; or, when years between them are missing, one year-gap warning
 * and nothing else. GK_E_ARG unless older's year is before newer's (both
 * known). */
GK_EXPORT gk_status gk_compare_years(const gk_report *older, gk_report *newer,
                                     gk_error *err);
/** Writes one JSON line: {"old": {"file", "agency", "year", "template"},
 * "new": {...}, "findings": [finding objects of the spec]} with the
 * findings of 'newer' from index 'from' on (those gk_compare_years
 * appended). */
GK_EXPORT gk_status gk_write_compare_json(const gk_report *older,
                                          const gk_report *newer, size_t from,
                                          gk_lang lang, gk_write_fn fn,
                                          void *ud, gk_error *err);
/** Writes the agency's name normalised for grouping into 'out' (size
 * 'outsz', always NUL-terminated): white space dropped, full-width ASCII
 * made half-width. Returns the length it needed (without the NUL). */
GK_EXPORT size_t gk_agency_key(const char *agency, char *out, size_t outsz);

/** MinHash values of one narrative signature. */
#define GK_SIMILAR_HASHES 128
/** Narratives with fewer shingles are too short to call copies. */
#define GK_SIMILAR_MIN_SHINGLES 50

/** Computes the MinHash signature of the narrative (sections 一 to 六) of
 * 'rep': text normalised (Han characters and letters kept, every run of
 * digits one symbol, the rest dropped), 5-character shingles, 128 seeded
 * multiply-shift hashes. '*nshingles' gets the number of shingles. Pure:
 * safe on many threads at once. */
GK_EXPORT gk_status gk_similar_sign(const gk_report *rep,
                                    uint32_t sig[GK_SIMILAR_HASHES],
                                    size_t *nshingles, gk_error *err);

/** An index of signatures that finds near-copies by LSH banding. */
typedef struct gk_similar gk_similar;
/** Creates an index for similarity 'threshold' (0 < threshold <= 1);
 * the banding is chosen from it (docs/internals/many.md). */
GK_EXPORT gk_status gk_similar_new(gk_similar **out, double threshold,
                                   const gk_alloc *alloc);
GK_EXPORT void gk_similar_free(gk_similar *s);
/** Adds the signature of the next report (ids count from 0 in the order
 * of adding); one with fewer than GK_SIMILAR_MIN_SHINGLES shingles takes
 * an id but is never paired. */
GK_EXPORT gk_status gk_similar_add(gk_similar *s,
                                   const uint32_t sig[GK_SIMILAR_HASHES],
                                   size_t nshingles);
/** Most pairs gk_similar_run keeps (each is verified by reading both). */
#define GK_SIMILAR_MAX_PAIRS 100000
/** Finds the candidate pairs (same bucket in some band), keeps those whose
 * estimated similarity reaches the threshold less three standard errors,
 * sorted by estimate (highest first), then ids. GK_E_TOO_LARGE when more
 * than GK_SIMILAR_MAX_PAIRS would be kept (most narratives are alike at
 * this threshold: raise it). */
GK_EXPORT gk_status gk_similar_run(gk_similar *s, gk_error *err);
/** Bands and rows per band in use; candidate pairs before the estimate. */
GK_EXPORT void gk_similar_banding(const gk_similar *s, size_t *bands,
                                  size_t *rows);
GK_EXPORT size_t gk_similar_candidates(const gk_similar *s);
/** Pairs kept by gk_similar_run: ids a < b and the estimated similarity. */
GK_EXPORT size_t gk_similar_pair_count(const gk_similar *s);
GK_EXPORT void gk_similar_pair(const gk_similar *s, size_t i, size_t *a,
                               size_t *b, double *estimate);

/** The exact comparison of two narratives. */
typedef struct gk_similarity gk_similarity;
/** Compares the narratives of 'a' and 'b': Jaccard similarity of their
 * shingle sets, and the passages they share (longest common runs of
 * normalised text, at least 12 characters, longest first), as text of
 * 'a'. Free with gk_similarity_free(). */
GK_EXPORT gk_status gk_similarity_compare(const gk_report *a,
                                          const gk_report *b,
                                          gk_similarity **out, gk_error *err);
GK_EXPORT void gk_similarity_free(gk_similarity *sim);
GK_EXPORT double gk_similarity_jaccard(const gk_similarity *sim);
GK_EXPORT size_t gk_similarity_passage_count(const gk_similarity *sim);
/** Passage 'i': its text in 'a' (NUL-terminated, borrowed), the section
 * (1 to 6) and its length in normalised characters. */
GK_EXPORT const char *gk_similarity_passage(const gk_similarity *sim,
                                            size_t i, int *section,
                                            size_t *chars);
/** Writes one JSON line for a pair: {"a": name_a, "b": name_b,
 * "similarity": Jaccard, "estimate": 'estimate', "passages": [{"section",
 * "chars", "text"}]} with at most 'max_passages' passages, each text cut
 * to 'max_chars' characters (an ellipsis marks a cut). */
GK_EXPORT gk_status gk_write_similarity_json(const gk_similarity *sim,
                                             const char *name_a,
                                             const char *name_b,
                                             double estimate,
                                             size_t max_passages,
                                             size_t max_chars, gk_write_fn fn,
                                             void *ud, gk_error *err);
/** Writes into 'out' (size 'outsz', NUL-terminated) at most 'max_chars'
 * characters of 's', ending with "…" when cut; never cuts a character.
 * Returns 'out'. */
GK_EXPORT char *gk_text_excerpt(const char *s, size_t max_chars, char *out,
                                size_t outsz);

#ifdef __cplusplus
}
#endif
#endif /* GONGKAI_H */
