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
  /* Containers (.docx): checked before anything is inflated. */
  size_t max_zip_bytes;   /* uncompressed bytes of all entries read from
                             one archive; default 256 MiB */
  size_t max_zip_ratio;   /* uncompressed/compressed size of one entry;
                             default 200 */
  size_t max_zip_entries; /* entries in one archive; default 10000 */
  size_t max_xml_depth;   /* element nesting in one XML part; default 256 */
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
  GK_E_UNSUPPORTED = 10, /* a format gongkai does not read (legacy .doc) */
  GK_E_CORRUPT = 11,   /* a damaged or unsafe container or XML part */
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

/** ## Documents in and out: formats, .docx, .xlsx, provenance */

/** Input formats gk_detect_format() tells apart by their bytes. */
typedef enum gk_format {
  GK_FORMAT_TEXT = 0, /* plain text (any encoding the text reader takes) */
  GK_FORMAT_DOCX = 1, /* Office Open XML word processing (.docx) */
  GK_FORMAT_DOC = 2,  /* legacy Word binary (OLE2): not read */
  GK_FORMAT_PDF = 3,  /* PDF */
  GK_FORMAT_HTML = 4, /* HTML */
  GK_FORMAT_ZIP = 5   /* a ZIP archive that is not a .docx */
} gk_format;

/** Tells the format of 'buf' from its first bytes (and, for a ZIP, its
 * central directory: a .docx holds word/document.xml). Never fails. */
GK_EXPORT gk_format gk_detect_format(const char *buf, size_t len);
/** Name of a format: "text", "docx", "doc", "pdf", "html", "zip". */
GK_EXPORT const char *gk_format_name(gk_format f);

/** Reads a report from a document in any supported format, detected from
 * its bytes (gk_detect_format()): .docx through the docx reader, text
 * through gk_reader_read_text(). A legacy .doc is GK_E_UNSUPPORTED with a
 * message saying to save it as .docx. Same contract as
 * gk_reader_read_text(). */
GK_EXPORT gk_status gk_reader_read_buffer(gk_reader *reader, gk_report **out,
                                          const char *buf, size_t len,
                                          const gk_read_opts *opts,
                                          gk_error *err);
/** One-shot gk_reader_read_buffer() with a temporary reader. */
GK_EXPORT gk_status gk_report_read_buffer(gk_report **out, const char *buf,
                                          size_t len, const gk_read_opts *opts,
                                          gk_error *err);
/** Reads a report from a .docx (body paragraphs, tables with merged and
 * nested cells, fields, text boxes, numbering, tracked insertions; deleted
 * text is skipped). Archive and XML are bounded by 'opts->limits'. */
GK_EXPORT gk_status gk_reader_read_docx(gk_reader *reader, gk_report **out,
                                        const char *buf, size_t len,
                                        const gk_read_opts *opts,
                                        gk_error *err);

/** Where a cell's value stood in the source document. */
typedef struct gk_cell_source {
  int32_t table; /* 0-based index of the table in the document (body order,
                    nested tables counted where they open) */
  int32_t row;   /* 0-based row of that table */
  int32_t cell;  /* 0-based cell (w:tc) of that row */
} gk_cell_source;

/** Fills '*src' with the document position of cell (t, r, c) and returns
 * 1 when the reader recorded one (a .docx table cell), else 0 ('*src'
 * untouched): text input, or a value the document did not hold. */
GK_EXPORT int gk_report_cell_source(const gk_report *rep, size_t t, size_t r,
                                    size_t c, gk_cell_source *src);

/** Writes the report as a .docx in the official layout: title, sections
 * 一 to 六 with their text, the three tables with the official merged
 * headers. Readable again by gk_reader_read_docx(). */
GK_EXPORT gk_status gk_write_docx(const gk_report *rep, gk_lang lang,
                                  gk_write_fn fn, void *ud, gk_error *err);
/** Writes the report as an .xlsx workbook: one sheet per table, numbers as
 * numeric cells, labels as inline strings. */
GK_EXPORT gk_status gk_write_xlsx(const gk_report *rep, gk_lang lang,
                                  gk_write_fn fn, void *ud, gk_error *err);

/** ## HTML, Markdown and PDF (documents in and out) */

/** Reads a report from an HTML page (a report saved from a web site):
 * the charset comes from a BOM or the page's <meta> (UTF-8, GBK, GB2312
 * read as GB18030); navigation, headers, footers, scripts and styles are
 * left out; tables with rowspan/colspan are laid out as a grid. Findings
 * and cells point at lines of the HTML source. Same contract as
 * gk_reader_read_text(). */
GK_EXPORT gk_status gk_reader_read_html(gk_reader *reader, gk_report **out,
                                        const char *buf, size_t len,
                                        const gk_read_opts *opts,
                                        gk_error *err);
/** Reads a report from a PDF with a text layer: table rows are rebuilt
 * from the positions of the characters on each page. A scanned PDF
 * without text, an encrypted one, or a damaged one fails with a message
 * that says which. Same contract as gk_reader_read_text(). */
GK_EXPORT gk_status gk_reader_read_pdf(gk_reader *reader, gk_report **out,
                                       const char *buf, size_t len,
                                       const gk_read_opts *opts,
                                       gk_error *err);
/** Writes the report as one self-contained printable HTML page (UTF-8,
 * inline CSS, no external assets): title, sections 一 to 六, the three
 * tables in the official layout with merged headers. gk_reader_read_html()
 * reads it back to the same report. 'lang' is unused (the page is in
 * Chinese, as the report). */
GK_EXPORT gk_status gk_write_html(const gk_report *rep, gk_lang lang,
                                  gk_write_fn fn, void *ud, gk_error *err);
/** Writes the report as Markdown: headings, section text, pipe tables
 * whose merged headers are flattened into the column and row labels.
 * gk_report_read_text() reads it back to the same report. */
GK_EXPORT gk_status gk_write_md(const gk_report *rep, gk_lang lang,
                                gk_write_fn fn, void *ud, gk_error *err);

#ifdef __cplusplus
}
#endif
#endif /* GONGKAI_H */
