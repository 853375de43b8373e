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
 * The library never prints, never exits and keeps no global mutable state.
 * Threads and options structs: the Conventions section below. */
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

/** ## Conventions: threads and options */

/** Threads: every object says what may share it. The rule behind each:
 * distinct objects may be used from different threads at once (no global
 * state, no hidden caches); one object that something changes is used by
 * one thread at a time (the caller locks); const functions on an object
 * nobody is changing may run from many threads at once. gk_ledger and
 * gk_reader keep buffers and a database connection: one per thread. */

/** Options: the structs a caller fills (gk_limits, all sizes, excepted)
 * start with 'version'. Initialise them with their _INIT macro (or zero
 * them: version 0 is the first layout); a field added later is read only
 * when 'version' says the caller knows it, and a version newer than the
 * library's is refused with GK_E_ARG naming the parameter, so a program
 * built against one release keeps working with the next (libgit2's
 * options pattern). Structs the library hands out carry the version of
 * the layout it filled. */

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
  /* PDF: poppler runs in a child process bounded by these (a content
   * stream can inflate a 96 KB file to gigabytes of text). */
  size_t max_pdf_memory;    /* bytes the child may grow by; default 512 MiB */
  unsigned max_pdf_seconds; /* wall-clock and CPU seconds; default 30 */
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
  GK_E_DB = 12,        /* the ledger database failed or is not gongkai's */
  GK_E_STATE = 13,     /* action not allowed in the application's state */
  GK_E_NOT_FOUND = 14, /* no application (or record) with that reference */
  GK_E_DENIED = 15,    /* refused to this actor (four eyes: own record) */
  /* ledgersec (issue 15): what a ledger's file system or key says */
  GK_E_BUSY = 16,      /* the ledger stayed locked past the busy timeout */
  GK_E_READONLY = 17,  /* the ledger is read-only (file system, rights) */
  GK_E_NOSPACE = 18,   /* the disk (or quota) is full */
  GK_E_KEY = 19,       /* the ledger's key file is missing, unsafe or wrong */
  GK_E_TAMPERED = 20,  /* the audit log's chain or guards are broken */
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
  /* What the caller must supply or fix, by the API's own name (a field of
   * gk_app_action, gk_ledger_opts...): "basis", "reason", "actor",
   * "key_file", "applicant_key", "clear_ids", "ledger" (the file is not
   * yet a ledger); "" when none. The messages never name a command-line
   * option or command: a caller says it in its own words from this (the
   * CLI as --basis, a web form as the field's label). */
  char param[32];
} gk_error;

/** Clears 'err' to GK_OK (no-op on NULL). */
GK_EXPORT void gk_error_clear(gk_error *err);

/** ## Templates: the two official formats, as data */

/** An official report format (a static, read-only description). Threads:
 * any number at once. */
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

/** One annual report: metadata, section texts, three tables, findings.
 * Threads: one at a time while it changes (a reader filling it,
 * gk_check_run adding findings, a setter); its const accessors and the
 * writers may run from many threads at once on a report nobody changes. */
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
  unsigned int version; /* GK_READ_OPTS_VERSION (0: the first layout) */
  unsigned flags;          /* GK_READ_* bits (none yet: 0) */
  const char *source_name; /* file name for messages and output; may be NULL */
  gk_limits limits;        /* zero fields take defaults */
  const gk_alloc *alloc;   /* NULL for the default allocator */
} gk_read_opts;
#define GK_READ_OPTS_VERSION 1
#define GK_READ_OPTS_INIT {.version = GK_READ_OPTS_VERSION}

/* No GK_READ_* flag is defined yet: 'flags' is reserved and must be 0
 * (readers refuse unknown bits with GK_E_ARG, so a flag added later can
 * never be silently ignored by an older library). */
#define GK_READ_ALL 0x0u /* mask of valid flags */

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
/** Writes 's' as one CSV field the way every gongkai CSV writes text
 * (RFC 4180 quoting; a cell a spreadsheet would read as a formula, one
 * starting with = + - @ tab or CR and not a plain number like -1 or a
 * lone "-", gets a
 * leading apostrophe), for callers building CSV of their own. No
 * separator is written. 's' NULL is an empty field. */
GK_EXPORT gk_status gk_write_csv_field(const char *s, gk_write_fn fn,
                                       void *ud, gk_error *err);
/** Writes 's' for a terminal with its control characters escaped as git
 * quotes file names: \t \n \r, others \xNN (C0, DEL, C1 and bytes that
 * are not UTF-8); the rest, Chinese included, as is. What the findings
 * writer does to file names and messages, for callers printing names or
 * applicant text of their own. 's' NULL writes nothing. */
GK_EXPORT gk_status gk_write_text_escaped(const char *s, gk_write_fn fn,
                                          void *ud, gk_error *err);
/** Writes findings like a compiler: FILE:LINE: error[RULE]: message.
 * Control characters in FILE and the message are escaped
 * (gk_write_text_escaped): a name holding a newline cannot forge a line. */
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

/** ## Deadlines: working-day calendar, deadlines and fees */

/* Dates are YYYYMMDD integers (20240927), as for reports. */

/** Parses an ISO date "YYYY-MM-DD" (exactly 10 bytes of 's', which need
 * not be NUL-terminated) into '*out'. GK_E_ARG for anything else,
 * including impossible days (2023-02-29) and years outside 1900–2999. */
GK_EXPORT gk_status gk_date_parse(const char *s, size_t len, int32_t *out,
                                  gk_error *err);
/** Writes 'date' as "YYYY-MM-DD" and a NUL into 'out' (11 bytes). */
GK_EXPORT void gk_date_format(int32_t date, char out[11]);
/** Non-zero if 'date' is a real day of the years 1900–2999. */
GK_EXPORT int gk_date_valid(int32_t date);
/** Day of the week of a valid date: 1 Monday … 7 Sunday. */
GK_EXPORT int gk_date_weekday(int32_t date);
/** The date 'days' calendar days after (or, negative, before) a valid
 * 'date'; 0 when 'date' is invalid or the result leaves 1900–2999. */
GK_EXPORT int32_t gk_date_add_days(int32_t date, int32_t days);

/** The working-day calendar: Monday–Friday, minus the State Council's
 * holidays (放假日), plus its make-up working days (调休上班日), one notice
 * (国办发明电) a year, kept as data (docs/calendar.md). A year without its
 * notice is an error, never a guess. Threads: adding a notice and
 * gk_calendar_set_provisional change it (one thread, nobody reading);
 * every const function may run from many threads at once otherwise. */
typedef struct gk_calendar gk_calendar;

/** Creates a calendar holding the built-in notices (data/calendar.txt,
 * compiled in). 'alloc' may be NULL for the default; it is copied. Free
 * with gk_calendar_free(). */
GK_EXPORT gk_status gk_calendar_new(gk_calendar **out, const gk_alloc *alloc,
                                    gk_error *err);
/** Creates a calendar without any notice (to be filled with
 * gk_calendar_add_notice). */
GK_EXPORT gk_status gk_calendar_new_empty(gk_calendar **out,
                                          const gk_alloc *alloc);
/** Frees the calendar. NULL is a no-op. */
GK_EXPORT void gk_calendar_free(gk_calendar *cal);

/** Adds the notices of 'text' (UTF-8, 'len' bytes) written in the line
 * format of docs/calendar.md: "notice YEAR NUMBER ISSUED" or "amend ..."
 * followed by "off DATE[..DATE] [NAME]" and "work DATE [NAME]" lines.
 * All or nothing: on failure the calendar is unchanged and 'err' names
 * the line and column (GK_E_ARG), GK_E_ENCODING, GK_E_TOO_LARGE (over
 * 1 MiB) or GK_E_NOMEM. A notice giving the same days as one already
 * held (names, number and date aside) is skipped, the held one kept; a
 * different annual notice for a year already covered fails. */
GK_EXPORT gk_status gk_calendar_add_notice(gk_calendar *cal, const char *text,
                                           size_t len, gk_error *err);
/** The first and last year with an annual notice (0 and 0 when none).
 * Years in between may lack one: see gk_calendar_covers(). */
GK_EXPORT void gk_calendar_years(const gk_calendar *cal, int *first,
                                 int *last);
/** Non-zero if the year of 'date' has its annual notice. */
GK_EXPORT int gk_calendar_covers(const gk_calendar *cal, int32_t date);
/** Provisional counting (law.md "Working days"), off by default: with
 * 'on' non-zero, a day of a year without its annual notice is counted by
 * the weekends and the fixed public holidays of 《全国年节及纪念日放假办法》
 * (2024 revision: 元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1,
 * 中秋 1, 国庆 3 days) instead of failing, for the years 2025–2035 whose
 * lunar dates the library holds; other years still fail. A receipt must
 * never be refused for want of a notice; a date so computed is provisional
 * until the notice is added. */
GK_EXPORT void gk_calendar_set_provisional(gk_calendar *cal, int on);
/** Non-zero if 'date' is counted provisionally: provisional counting is
 * on and its year has no notice (gk_calendar_set_provisional). */
GK_EXPORT int gk_calendar_is_provisional(const gk_calendar *cal,
                                         int32_t date);
/** Stores in '*yes' 1 if 'date' is a working day, else 0. GK_E_ARG
 * ("日历缺少 YYYY 年的放假安排") when the year has no notice or the date is
 * invalid. */
GK_EXPORT gk_status gk_calendar_is_workday(const gk_calendar *cal,
                                           int32_t date, int *yes,
                                           gk_error *err);
/** Stores in '*out' the 'n'-th working day after 'date' ('date' itself
 * not counted; n = 0 gives 'date'). GK_E_ARG for n < 0 or when a year
 * on the way has no notice. */
GK_EXPORT gk_status gk_calendar_add_workdays(const gk_calendar *cal,
                                             int32_t date, int n,
                                             int32_t *out, gk_error *err);
/** Stores in '*n' the number of working days after 'from' up to and
 * including 'to' (0 when to <= from). */
GK_EXPORT gk_status gk_calendar_count_workdays(const gk_calendar *cal,
                                               int32_t from, int32_t to,
                                               int64_t *n, gk_error *err);

/** One holiday notice held by a calendar (read-only, owned by it; shared
 * across threads as its calendar is). */
typedef struct gk_notice gk_notice;

/** One line of a notice: a run of days off, or one make-up working day. */
typedef struct gk_notice_entry {
  int32_t from;     /* first day, YYYYMMDD */
  int32_t to;       /* last day (== from for one day) */
  int work;         /* 1: 调休上班日 (a weekend day worked); 0: 放假日 */
  const char *name; /* the holiday, e.g. "春节"; "" when not given */
} gk_notice_entry;

/** Number of notices, in the order they were added (built-in first). */
GK_EXPORT size_t gk_calendar_notice_count(const gk_calendar *cal);
/** Notice 'i', or NULL past the end. Borrowed until the calendar is
 * freed. */
GK_EXPORT const gk_notice *gk_calendar_notice_at(const gk_calendar *cal,
                                                 size_t i);
/** The year the notice arranges. */
GK_EXPORT int gk_notice_year(const gk_notice *n);
/** Non-zero for a notice changing an earlier one ("amend"). */
GK_EXPORT int gk_notice_is_amendment(const gk_notice *n);
/** Non-zero for a notice compiled into the library. */
GK_EXPORT int gk_notice_is_builtin(const gk_notice *n);
/** Document number, e.g. "国办发明电〔2023〕7号", or NULL if unknown. */
GK_EXPORT const char *gk_notice_number(const gk_notice *n);
/** Date of the notice (成文日期), or 0 if unknown. */
GK_EXPORT int32_t gk_notice_issued(const gk_notice *n);
/** Number of entries and entry 'j' (strings borrowed from the notice). */
GK_EXPORT size_t gk_notice_entry_count(const gk_notice *n);
GK_EXPORT gk_status gk_notice_entry_at(const gk_notice *n, size_t j,
                                       gk_notice_entry *out);
/** The notice in the line format (NUL-terminated, length in '*len' if not
 * NULL): what gk_calendar_add_notice() reads back, for storing it. */
GK_EXPORT const char *gk_notice_text(const gk_notice *n, size_t *len);

/** Working-day periods of 条例 第三十条–第三十三条 and 国办函〔2020〕109号. */
#define GK_DAYS_REPLY 20         /* 第三十三条: reply */
#define GK_DAYS_EXTENSION_MAX 20 /* 第三十三条: extension, once */
#define GK_DAYS_CORRECTION 7     /* 第三十条: ask for 补正 */
#define GK_DAYS_THIRD_PARTY 15   /* 第三十二条: third party's opinion */
#define GK_DAYS_FEE 20           /* 109号 (provincial rules): pay the fee */
/* gongkai's decisions (law.md): the reasonable period to correct (第三十条
 * says "合理的补正期限") by default, and the longest one accepted. */
#define GK_DAYS_CORRECTION_PERIOD 15
#define GK_DAYS_CORRECTION_PERIOD_MAX 30

/** A period that does not count (consultation, unpaid fee),
 * both days included; the clock resumes the next working day after 'to'. */
typedef struct gk_pause {
  int32_t from; /* first paused day, YYYYMMDD */
  int32_t to;   /* last paused day */
} gk_pause;

/** Stores in '*due' the last day of a period of 'days' working days
 * starting the day after 'start' (that day not counted), skipping the
 * paused days. Pauses must be valid, from <= to, and not start before
 * 'start'; they may overlap. GK_E_ARG otherwise or when the calendar
 * lacks a year on the way. */
GK_EXPORT gk_status gk_deadline_after(const gk_calendar *cal, int32_t start,
                                      int days, const gk_pause *pauses,
                                      size_t npauses, int32_t *due,
                                      gk_error *err);
/** The reply deadline of an application received on 'received':
 * GK_DAYS_REPLY working days plus 'extension_days' (0 to
 * GK_DAYS_EXTENSION_MAX), minus the pauses (gk_deadline_after). */
GK_EXPORT gk_status gk_deadline_compute(const gk_calendar *cal,
                                        int32_t received, int extension_days,
                                        const gk_pause *pauses, size_t npauses,
                                        int32_t *due, gk_error *err);

/** Fees of 国办函〔2020〕109号 in 元, progressive (超额累进). By volume
 * (按量): pages 1–30 free, 31–100 10 元 each, 101–200 20, from 201 40
 * (250 pages = 4,700 元). GK_E_ARG for a negative count, GK_E_TOO_LARGE
 * when the fee does not fit an int64_t. */
GK_EXPORT gk_status gk_fee_by_pages(int64_t pages, int64_t *yuan,
                                    gk_error *err);
/** By piece (按件): the fee of the 'n'-th application of one applicant in
 * one calendar month: 1–10 free, 11–30 100 元, then each band of 10 costs
 * 100 元 more (31–40 200, 41–50 300, …). 'n' >= 1. */
GK_EXPORT gk_status gk_fee_of_nth_application(int64_t n, int64_t *yuan,
                                              gk_error *err);
/** By piece: the month's total for 'count' applications (0 is free). */
GK_EXPORT gk_status gk_fee_by_monthly_count(int64_t count, int64_t *yuan,
                                            gk_error *err);

/** ## Ledger: the applications of one agency (台账) */

/** A ledger: one agency's SQLite database of applications (条例 第二十七条–
 * 第四十五条), from which the annual report is made. Not thread-safe: one
 * handle per thread. Every change is one transaction and is written to the
 * append-only audit log with its actor. */
typedef struct gk_ledger gk_ledger;

/** Options of gk_ledger_create() and gk_ledger_open(); all may be 0/NULL. */
typedef struct gk_ledger_opts {
  unsigned int version; /* GK_LEDGER_OPTS_VERSION (0: the first layout) */
  const char *actor;     /* who makes the changes (audit log); NULL: "unknown" */
  const gk_alloc *alloc; /* NULL for the default allocator */
  int busy_timeout_ms;   /* wait for a locked database; 0: 5000 */
  int32_t today;         /* "today" (YYYYMMDD) for every default date and
                            check; 0: the date in China (Asia/Shanghai) now,
                            whatever the machine's time zone */
  const char *key_file;  /* the ledger's key file (ID numbers, audit
                            chain); NULL: "<path>.key". Made (0600) by
                            gk_ledger_create; a file group or others may
                            read is refused (GK_E_KEY) */
  unsigned flags;        /* GK_LEDGER_* */
} gk_ledger_opts;
#define GK_LEDGER_OPTS_VERSION 1
#define GK_LEDGER_OPTS_INIT {.version = GK_LEDGER_OPTS_VERSION}

/** gk_ledger_opts.flags: open a ledger whose audit log is broken, to
 * inspect it (gk_ledger_verify); without it such a ledger is refused
 * with GK_E_TAMPERED. */
#define GK_LEDGER_OPEN_TAMPERED 0x1u
/** gk_ledger_opts.flags (pgcli, issue 13): on PostgreSQL the report, its
 * --explain lists and the fees paid count the rows of the session's own
 * agency only; without it they count all the session sees, its agency
 * and those below it (a supervisor's regional report). No effect on
 * SQLite, where a ledger is one agency's. */
#define GK_LEDGER_OWN_AGENCY 0x2u

/** Creates a new ledger at 'path' (the file must not exist) for 'agency'
 * at 'level': "county_gov_or_above" (县级以上人民政府, report due 31 March)
 * or "department" (due 31 January), 条例 第四十九条. On success '*out' is an
 * open ledger; close it with gk_ledger_free(). */
GK_EXPORT gk_status gk_ledger_create(gk_ledger **out, const char *path,
                                     const char *agency, const char *level,
                                     const gk_ledger_opts *opts,
                                     gk_error *err);
/** Opens an existing ledger and applies pending migrations in order. A
 * database made by a newer gongkai is refused (GK_E_DB). */
GK_EXPORT gk_status gk_ledger_open(gk_ledger **out, const char *path,
                                   const gk_ledger_opts *opts, gk_error *err);
/** Closes the ledger. NULL is a no-op. */
GK_EXPORT void gk_ledger_free(gk_ledger *led);
/** The agency's name and level as recorded at creation. Borrowed. */
GK_EXPORT const char *gk_ledger_agency(const gk_ledger *led);
GK_EXPORT const char *gk_ledger_level(const gk_ledger *led);
/** The schema version of the open database (PRAGMA user_version). */
GK_EXPORT int gk_ledger_schema_version(const gk_ledger *led);
/** The newest schema version this library knows. */
GK_EXPORT int gk_ledger_schema_latest(void);

/** One application as stored. Dates are YYYYMMDD integers, 0 when absent.
 * Strings are NUL-terminated, NULL when absent. Made by the ledger, freed
 * with gk_app_free(). */
typedef struct gk_app {
  int64_t id;             /* row id */
  char *ref;              /* the agency's number, unique */
  char *applicant_type;   /* apply column id: natural, business, ... */
  char *applicant_name;   /* may be NULL */
  char *contact;          /* may be NULL */
  char *channel;          /* in_person, registered_mail, ordinary_mail,
                             online, fax */
  int32_t arrived_on;     /* the day it reached the agency, 0 if unknown */
  int32_t received_on;    /* the day of receipt (条例 第三十一条) */
  char *description;      /* what is asked for; may be NULL */
  char *state;            /* registered, correction_requested, consulting,
                             fee_pending, answered, abandoned, withdrawn */
  char *outcome;          /* apply row id (2021 format), NULL while open */
  char *basis;            /* legal basis cited, NULL while open */
  int32_t closed_on;      /* the day of the answer/termination, 0 if open */
  int32_t due_on;         /* the next deadline (docs/ledger.md), 0: none */
  int32_t period_from;    /* the reply period runs from the day after it */
  int extended;           /* working days of the extension, 0 if none */
  int corrections;        /* 补正 requests made (at most 1) */
  char *applicant_key;    /* the applicant's identity (schema 4): the number
                             of the identity document or the 统一社会信用代码
                             on the form, MASKED (gk_id_mask: first 3 and
                             last 4 characters); NULL if not given. The
                             clear number is sealed in the ledger (schema 7)
                             and leaves it only by gk_ledger_export_csv_reveal */
  char *applicant_key_hash; /* its keyed hash (hex, schema 7): the same
                               applicant has the same hash; NULL if none */
  int32_t voided_on;      /* schema 6: the day the registration was voided
                             (gk_ledger_app_void), 0 if not; a voided
                             application is kept but leaves the report */
  char *void_reason;      /* why it was voided, NULL if not voided */
  /* Derived when the ledger hands the application out (not stored): */
  int due_provisional;    /* 1: due_on reaches a year without its holiday
                             notice and was counted provisionally
                             (gk_calendar_set_provisional); it is recomputed
                             when the notice is added */
  int late;               /* 1: answered after due_on */
  int excluded_days;      /* working days of consultation and fee pauses
                             not counted in the reply period (bounded by
                             each pause's own period); gk_ledger_app_get and
                             gk_ledger_app_act only, 0 in lists */
} gk_app;

/** Frees an application made by the ledger. NULL is a no-op. */
GK_EXPORT void gk_app_free(const gk_ledger *led, gk_app *app);

/** What gk_ledger_app_add() takes. 'confirmed_on' is the day of
 * confirmation for ordinary mail, online and fax (第三十一条), 0 for in
 * person and registered mail, whose receipt is 'arrived_on'. */
typedef struct gk_app_input {
  unsigned int version; /* GK_APP_INPUT_VERSION (0: the first layout) */
  const char *ref;
  const char *applicant_type;
  const char *applicant_name; /* may be NULL */
  const char *contact;        /* may be NULL */
  const char *channel;
  int32_t arrived_on;   /* submitted / signed for / arrived */
  int32_t confirmed_on; /* ordinary mail, online, fax; else 0 */
  const char *description; /* may be NULL */
  const char *applicant_key; /* the applicant's identity document number
                                or 统一社会信用代码; may be NULL (then the
                                application cannot be charged by piece).
                                Stored normalised (gk_app_applicant_key) */
} gk_app_input;
#define GK_APP_INPUT_VERSION 1
#define GK_APP_INPUT_INIT {.version = GK_APP_INPUT_VERSION}

/** Derives the day of receipt under 条例 第三十一条 from the channel and
 * dates of 'in' into '*received_on'; GK_E_ARG with a message when the
 * dates do not fit the channel. */
GK_EXPORT gk_status gk_app_receipt_day(const gk_app_input *in,
                                       int32_t *received_on, gk_error *err);

/** Non-zero when 'in' is ordinary mail confirmed after the day it arrived:
 * the day of receipt stays the day it arrived (第三十一条: the office
 * confirms on the day it arrives), and the late confirmation deserves a
 * warning. */
GK_EXPORT int gk_app_confirmed_late(const gk_app_input *in);

/** Registers a new application (state registered) with its due date. On
 * success '*out' (may be NULL) receives it; free with gk_app_free(). */
GK_EXPORT gk_status gk_ledger_app_add(gk_ledger *led, const gk_app_input *in,
                                      gk_app **out, gk_error *err);
/** Looks an application up by reference; GK_E_NOT_FOUND if absent. */
GK_EXPORT gk_status gk_ledger_app_get(gk_ledger *led, const char *ref,
                                      gk_app **out, gk_error *err);

/** Corrections to an application's registration details, the ones that
 * decide neither a deadline nor a report cell. NULL leaves a field as it
 * is, "" clears it. */
typedef struct gk_app_amendment {
  unsigned int version; /* GK_APP_AMENDMENT_VERSION (0: the first layout) */
  const char *applicant_name;
  const char *contact;
  const char *description;
  const char *applicant_key; /* stored normalised (gk_app_applicant_key):
                                e.g. to charge by piece an application
                                registered without it */
  /* schema 6: the fields that decide the due date and the report. Given,
   * they move only through an audited 'amend' event, and the day of
   * receipt (第三十一条), the due date and the report follow. NULL / 0
   * keeps a field. */
  const char *applicant_type;
  const char *channel;
  int32_t arrived_on;
  int32_t confirmed_on; /* ordinary mail, online, fax */
} gk_app_amendment;
#define GK_APP_AMENDMENT_VERSION 1
#define GK_APP_AMENDMENT_INIT {.version = GK_APP_AMENDMENT_VERSION}

/** Corrects the details of application 'ref' in any state, in one
 * transaction, audited with before/after. The texts take no event; the
 * receipt day, channel and applicant type are amended through an 'amend'
 * event (before/after in its detail), and the due date follows; a receipt
 * day after the first step is refused (GK_E_STATE), as is a voided
 * application. GK_E_ARG when
 * nothing is given or a text is not UTF-8; GK_E_NOT_FOUND for an unknown
 * ref. On success '*out' (may be NULL) receives the application. */
GK_EXPORT gk_status gk_ledger_app_amend(gk_ledger *led, const char *ref,
                                        const gk_app_amendment *am,
                                        gk_app **out, gk_error *err);

/** An action on an application (docs/ledger.md: states and transitions). */
typedef struct gk_app_action {
  unsigned int version; /* GK_APP_ACTION_VERSION (0: the first layout) */
  const char *action; /* request-correction, correct, lapse, consult,
                         consult-end, extend, fee-notice, fee-paid,
                         fee-lapse, answer, withdraw */
  int32_t on;         /* the day it happened; 0: today */
  const char *reason; /* extend (required), consult, withdraw; may be NULL */
  const char *outcome; /* answer: an apply row id of the 2021 format */
  const char *basis;   /* answer: the legal basis cited */
  int days;            /* extend: working days (1..20; 0: 20) */
  int32_t until;       /* request-correction: the period given, 0: none */
  int fee_by;          /* fee-notice (required): GK_FEE_BY_PAGES or
                          GK_FEE_BY_PIECE; 0 for other actions */
  int64_t pages;       /* fee-notice by pages: pages of the information */
  const char *receipt; /* fee-paid: the official receipt number
                          (财政票据号); may be NULL */
  int32_t served_on;   /* consult: the day the third party (or other
                          agency) received the request; its 15 working
                          days run from it (第三十二条); 0: the day of the
                          request */
} gk_app_action;
#define GK_APP_ACTION_VERSION 1
#define GK_APP_ACTION_INIT {.version = GK_APP_ACTION_VERSION}

/** Applies one action as one transaction: checks it is lawful in the
 * application's state (else GK_E_STATE and nothing changes), records the
 * event, moves the state and recomputes the due date. '*out' (may be
 * NULL) receives the application after the action. fee-notice computes
 * the fee (gk_ledger_fee_quote) and stores it; a fee of 0 元 is refused
 * (GK_E_STATE: nothing to charge). fee-paid records the payment of the
 * open notice's amount, fee-lapse marks it lapsed (gk_ledger_app_fees). */
GK_EXPORT gk_status gk_ledger_app_act(gk_ledger *led, const char *ref,
                                      const gk_app_action *act, gk_app **out,
                                      gk_error *err);
/** Voids a wrong registration (schema 6): the application is kept, marked
 * with the day 'on' (0: today) and 'reason' (required), a 'void' event is
 * recorded, and it no longer counts in any report. Audited; nothing is
 * deleted. A voided application takes no further action (GK_E_STATE). */
GK_EXPORT gk_status gk_ledger_app_void(gk_ledger *led, const char *ref,
                                       const char *reason, int32_t on,
                                       gk_app **out, gk_error *err);
/** Revokes the latest step of application 'ref' that still counts (a wrong
 * action): records a 'revoke' event naming it, with 'reason' (required),
 * dated 'on' (0: today); the step stays in the history but no longer
 * counts, and the application is replayed from the steps that do, so its
 * state, outcome and due date follow. A revoked fee step undoes its fee
 * row (notice replaced, payment or lapse cleared), audited. The right
 * step is then taken with gk_ledger_app_act(). GK_E_STATE when there is
 * no step to revoke. */
GK_EXPORT gk_status gk_ledger_app_revoke(gk_ledger *led, const char *ref,
                                         const char *reason, int32_t on,
                                         gk_app **out, gk_error *err);
/** The article an outcome row is usually based on (law.md), or NULL when
 * the law gives none (the caller must then cite one). Static storage. */
GK_EXPORT const char *gk_app_default_basis(const char *outcome);
/* The states and actions as enums, with their names and labels: see
 * "Ledger: states, actions, channels and levels" below. */

/** Filter of gk_ledger_app_list(); zero fields do not filter. */
typedef struct gk_app_filter {
  unsigned int version; /* GK_APP_FILTER_VERSION (0: the first layout) */
  const char *state;          /* one state */
  const char *applicant_type; /* one applicant type */
  int overdue;                /* open and due_on before 'today' */
  int due_within;             /* open and due within N working days of
                                 'today' (overdue ones included); 0: off */
  int32_t today;              /* 0: the current date */
  int late;                   /* answered after the due date */
  const char *applicant_key;  /* one applicant's applications: the clear
                                 ID number, found by its keyed hash */
} gk_app_filter;
#define GK_APP_FILTER_VERSION 1
#define GK_APP_FILTER_INIT {.version = GK_APP_FILTER_VERSION}

/** Called once per application in reference order; the application is
 * borrowed for the call. Return non-zero to stop (the call then returns
 * GK_OK). */
typedef int (*gk_app_fn)(const gk_app *app, void *ud);
GK_EXPORT gk_status gk_ledger_app_list(gk_ledger *led,
                                       const gk_app_filter *filter,
                                       gk_app_fn fn, void *ud, gk_error *err);

/** Imports applications from CSV (docs/ledger.md: the header and columns)
 * all or nothing: every row or none, other commands seeing none of it
 * until it is done, while they keep working between its batches (no write
 * transaction holds more than gk_import_opts.batch_rows rows). Each row is held to the state
 * machine's rules (registered or closed; the outcome its state's
 * transition gives; the due date derived). A bad row fails with GK_E_ARG,
 * 'err' naming the first bad row's line and column. 'name' names the input in messages.
 * '*count' (may be NULL) receives the number of rows imported. */
GK_EXPORT gk_status gk_ledger_import_csv(gk_ledger *led, const char *csv,
                                         size_t len, const char *name,
                                         int64_t *count, gk_error *err);
/** Reads up to 'cap' bytes of input into 'buf': returns how many, 0 at
 * the end, -1 on failure (errno says why). */
typedef int64_t (*gk_read_fn)(char *buf, size_t cap, void *ud);
/** Called once per bad row of an import with its error (FILE:LINE:COL in
 * the message; borrowed for the call). */
typedef void (*gk_import_error_fn)(const gk_error *e, void *ud);
/** Options of gk_ledger_import_csv_stream(); zero fields take defaults. */
typedef struct gk_import_opts {
  unsigned int version;        /* GK_IMPORT_OPTS_VERSION */
  size_t max_record_bytes;     /* one CSV record; 0: 1 MiB */
  int64_t max_input_bytes;     /* the whole input; 0: 4 GiB */
  gk_import_error_fn on_error; /* each bad row (the first 100, then a
                                  count); may be NULL */
  void *ud;                    /* for on_error */
  /* version 2 (importb): */
  int64_t batch_rows;          /* rows per write transaction; 0: 10,000 */
} gk_import_opts;
#define GK_IMPORT_OPTS_VERSION 2
#define GK_IMPORT_OPTS_INIT {.version = GK_IMPORT_OPTS_VERSION}
/** Imports applications from CSV read through 'read' (streamed: never held
 * whole), with the rules of gk_ledger_import_csv(). The input is UTF-8 (a
 * BOM is skipped) or, when its first MiB is not UTF-8, GB18030 (Excel's
 * CSV on a Chinese Windows). Every bad row is checked and reported to
 * opts->on_error; then GK_E_ARG, 'err' holding the first, nothing
 * imported. A record or input beyond the limits: GK_E_TOO_LARGE with the
 * line. A read failure: GK_E_IO. */
GK_EXPORT gk_status gk_ledger_import_csv_stream(gk_ledger *led,
                                                gk_read_fn read, void *read_ud,
                                                const char *name,
                                                const gk_import_opts *opts,
                                                int64_t *count, gk_error *err);
/** Writes every application as CSV with the import header, in reference
 * order: exporting and importing into a new ledger gives the same rows. */
GK_EXPORT gk_status gk_ledger_export_csv(gk_ledger *led, gk_write_fn fn,
                                         void *ud, gk_error *err);

/** Backs the whole ledger up to 'path' (which must not exist): every
 * table (applications, events, fees, records, cases, calendar notices,
 * the audit log) as of one moment, made online with SQLite's backup API
 * while others keep working; the copy is a ledger gk_ledger_open() opens,
 * with mode 0600, and appears only when complete. GK_E_ARG if 'path'
 * exists, GK_E_IO if it cannot be written. */
GK_EXPORT gk_status gk_ledger_backup(gk_ledger *led, const char *path,
                                     gk_error *err);

/** Adds holiday notices (the line format of gk_calendar_add_notice(),
 * docs/calendar.md) to the ledger's calendar, stores them in the ledger and
 * recomputes the due dates of its open applications, in one transaction.
 * Notices already held are skipped. '*changed' (may be NULL) receives the
 * number of applications whose due date moved. The ledger's calendar is
 * the built-in notices plus every notice added this way. */
GK_EXPORT gk_status gk_ledger_calendar_add(gk_ledger *led, const char *text,
                                           size_t len, int64_t *changed,
                                           gk_error *err);

/** The year whose holiday notice the ledger lacks and needs on 'today'
 * (YYYYMMDD; 0: the ledger's today): today's year, or from 1 November the
 * next year; 0 when both are held. Due dates reaching that year are
 * provisional (gk_app.due_provisional) until its notice is added. */
GK_EXPORT int gk_ledger_notice_missing(gk_ledger *led, int32_t today);
/** "Today" for the ledger (YYYYMMDD): gk_ledger_opts.today when it was
 * set, else the date in China (Asia/Shanghai) now, whatever the machine's
 * time zone. 'led' may be NULL: the date in China. */
GK_EXPORT int32_t gk_ledger_today(const gk_ledger *led);

/** ## Ledger: the annual report, records of proactive disclosure, cases */

/** Makes the annual report of 'year' from the ledger: the template the law
 * prescribes for the year (gk_template_for_year()), every table counted
 * from the ledger (docs/ledger.md "The report from the ledger"), the
 * agency from the ledger, the period 1 January to 31 December, the date
 * 'date' (YYYYMMDD; 0: today) and draft texts of sections 一 to 六 with the
 * numbers filled in. The report passes gk_check_run() without errors for
 * any lawful ledger. Free '*out' with gk_report_free(). */
GK_EXPORT gk_status gk_ledger_report(gk_ledger *led, int year, int32_t date,
                                     gk_report **out, gk_error *err);

/** Writes 'rep' as a text document: title, period, the six sections
 * under their numbered headings, each table after its section's text as
 * tab-separated rows, the agency and the date; gk_report_read_text()
 * reads it back to the same tables. */
GK_EXPORT gk_status gk_write_report_text(const gk_report *rep, gk_write_fn fn,
                                         void *ud, gk_error *err);

/** One application counted in a cell (borrowed for the callback). */
typedef struct gk_explain_row {
  const char *ref;            /* the agency's number */
  const char *received_on;    /* YYYY-MM-DD */
  const char *closed_on;      /* YYYY-MM-DD, NULL while open */
  const char *outcome;        /* apply row id, NULL while open */
  const char *applicant_type; /* apply column id */
  const char *void_reason;    /* gk_ledger_explain_voided: why it was
                                 voided; NULL for a counted application */
} gk_explain_row;
/** Called once per application; non-zero stops (the call returns GK_OK). */
typedef int (*gk_explain_fn)(const gk_explain_row *row, void *ud);
/** Lists the applications counted in cell 'cell' ("apply.ROW.COLUMN", e.g.
 * "apply.granted.natural", "apply.carried_in.total") of the report of
 * 'year', in order of receipt; '*count' (may be NULL) receives how many,
 * which equals the cell of gk_ledger_report(). 'fn' may be NULL. */
GK_EXPORT gk_status gk_ledger_explain(gk_ledger *led, int year,
                                      const char *cell, gk_explain_fn fn,
                                      void *ud, int64_t *count, gk_error *err);
/** The voided applications (gk_ledger_app_void) that cell 'cell' of the
 * report of 'year' would count if they were not void, with their reason
 * (row->void_reason): not counted in the cell, listed so a changed figure
 * can be explained. Arguments as gk_ledger_explain(). */
GK_EXPORT gk_status gk_ledger_explain_voided(gk_ledger *led, int year,
                                             const char *cell,
                                             gk_explain_fn fn, void *ud,
                                             int64_t *count, gk_error *err);

/** A record of proactive disclosure or another report input: a document
 * (regulation, normative: a 规章 or 规范性文件), decisions (license,
 * other_service, penalty, coercion: 'count' decisions), an item count
 * ('items' = 1: 项目数量 of a kind on 'date', for format 2019's prior and
 * change), fees (fee: 'amount' in 万元) or procurement ('count' projects,
 * 'amount'). 'kind' is a row id of table disclose. Dates are YYYYMMDD, 0
 * when absent; amounts are scaled by GK_SCALE. It counts in the report once
 * a second person approved it. */
typedef struct gk_record {
  unsigned int version; /* GK_RECORD_VERSION (0: the first layout) */
  int64_t id;              /* row id (set by the ledger) */
  const char *kind;        /* disclose row id */
  int items;               /* 1: an item count, not decisions */
  const char *doc_no;      /* source document number (文号), required */
  const char *title;       /* may be NULL */
  int32_t date;            /* issued, made, decided, collected, purchased */
  int64_t count;           /* decisions, items or projects; documents 1 */
  int64_t amount;          /* 万元 × GK_SCALE (fee, procurement) */
  const char *drafted_by;  /* set by the ledger: the actor who added it */
  const char *approved_by; /* NULL until approved */
  int32_t published_on;    /* day of approval, 0 until approved */
  int32_t repealed_on;     /* documents: day repealed, 0 if in force */
} gk_record;
#define GK_RECORD_VERSION 1
#define GK_RECORD_INIT {.version = GK_RECORD_VERSION}

/** Adds a record drafted by the ledger's actor (gk_ledger_opts.actor), in
 * one transaction with its audit-log entry; '*id' (may be NULL) receives
 * its id. Reads kind, items, doc_no, title, date, count, amount. */
GK_EXPORT gk_status gk_ledger_record_add(gk_ledger *led, const gk_record *rec,
                                         int64_t *id, gk_error *err);
/** Approves record 'id' for publication on 'date' (0: today) as the
 * ledger's actor. The drafter cannot approve their own record:
 * GK_E_DENIED, nothing changes. */
GK_EXPORT gk_status gk_ledger_record_approve(gk_ledger *led, int64_t id,
                                             int32_t date, gk_error *err);
/** Marks document 'id' repealed on 'date' (0: today). Records are never
 * deleted: the history stays. GK_E_STATE if not published or already
 * repealed. */
GK_EXPORT gk_status gk_ledger_record_repeal(gk_ledger *led, int64_t id,
                                            int32_t date, gk_error *err);
/** Called once per record in id order (borrowed); non-zero stops. */
typedef int (*gk_record_fn)(const gk_record *rec, void *ud);
GK_EXPORT gk_status gk_ledger_record_list(gk_ledger *led, gk_record_fn fn,
                                          void *ud, gk_error *err);

/** A reconsideration (行政复议) or litigation (行政诉讼) case about an
 * application. 'kind' is a row id of table review (reconsideration,
 * litigation_direct, litigation_after); 'outcome' one of its column ids
 * (upheld, corrected, other), NULL while pending. */
typedef struct gk_case {
  unsigned int version; /* GK_CASE_VERSION (0: the first layout) */
  int64_t id;                  /* row id (set by the ledger) */
  const char *kind;            /* review row id */
  const char *application_ref; /* the application it concerns */
  const char *case_no;         /* case number; may be NULL */
  int32_t filed_on;            /* YYYYMMDD */
  const char *outcome;         /* review column id, NULL while pending */
  int32_t decided_on;          /* YYYYMMDD, 0 while pending */
  const char *created_by;      /* set by the ledger: its actor */
} gk_case;
#define GK_CASE_VERSION 1
#define GK_CASE_INIT {.version = GK_CASE_VERSION}

/** Adds a pending case (reads kind, application_ref, case_no, filed_on);
 * '*id' (may be NULL) receives its id. GK_E_NOT_FOUND if the application
 * is unknown; filed before the application was received is GK_E_ARG. */
GK_EXPORT gk_status gk_ledger_case_add(gk_ledger *led, const gk_case *c,
                                       int64_t *id, gk_error *err);
/** Closes case 'id' with 'outcome' on 'date' (0: today); GK_E_STATE if it
 * is already closed. */
GK_EXPORT gk_status gk_ledger_case_close(gk_ledger *led, int64_t id,
                                         const char *outcome, int32_t date,
                                         gk_error *err);
/** Called once per case in id order (borrowed); non-zero stops. */
typedef int (*gk_case_fn)(const gk_case *c, void *ud);
GK_EXPORT gk_status gk_ledger_case_list(gk_ledger *led, gk_case_fn fn, void *ud,
                                        gk_error *err);

/** ## Many reports: regional summary, year on year, near-copies */

/** A regional summary under construction (gongkai merge): the sum of
 * every cell of many reports of one template and year. Free with
 * gk_merge_free(). Threads: one at a time (adding changes it). */
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

/** An index of signatures that finds near-copies by LSH banding. Threads:
 * one at a time while adding and running; its const accessors from many
 * once it is run. */
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

/** The exact comparison of two narratives. Threads: one at a time. */
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

/** ## Ledger: fees noticed and paid (国办函〔2020〕109号) */

/** How a fee is computed; one application is charged one way, never both
 * (109号). */
typedef enum gk_fee_method {
  GK_FEE_NONE = 0,     /* no fee */
  GK_FEE_BY_PAGES = 1, /* 按量: the pages of the information (gk_fee_by_pages) */
  GK_FEE_BY_PIECE = 2  /* 按件: the application's rank among its applicant's
                          received in the same calendar month
                          (gk_fee_of_nth_application) */
} gk_fee_method;

/** One fee notice of an application as stored. Dates YYYYMMDD, 0 when
 * absent; amounts in whole 元. */
typedef struct gk_app_fee {
  int64_t id;           /* row id */
  gk_fee_method method; /* by pages or by piece */
  int64_t units;        /* pages, or the rank in the applicant's month */
  int64_t yuan;         /* the fee noticed */
  int32_t noticed_on;   /* the day of the notice */
  int32_t paid_on;      /* the day of payment, 0 while unpaid */
  int64_t paid_yuan;    /* the amount paid (the fee noticed), 0 unpaid */
  const char *receipt;  /* 财政票据号 of the payment, NULL if none given */
  int32_t lapsed_on;    /* fee-lapse: unpaid in time, 0 otherwise */
  int32_t replaced_on;  /* schema 6: replaced by a corrected notice or
                           revoked (gk_ledger_app_revoke) on that day; the
                           notice no longer stands. 0 otherwise */
} gk_app_fee;

/** Normalises an applicant's identity for comparison: white space dropped,
 * full-width ASCII made half-width, letters upper-case (身份证 "x"). Writes
 * at most 'outsz' bytes into 'out' (NUL-terminated); returns the length it
 * needed without the NUL, 0 when nothing is left. */
GK_EXPORT size_t gk_app_applicant_key(const char *key, char *out,
                                      size_t outsz);

/** The fee application 'ref' would be noticed now, without changing
 * anything: by pages ('pages' >= 0) or by piece (its rank among the
 * applications of the same applicant_key received in its calendar month,
 * by day of receipt then registration). '*units' (may be NULL) receives
 * the pages or the rank, '*yuan' the fee. GK_E_ARG for a bad method or
 * count, or by piece without an applicant key; GK_E_NOT_FOUND for an
 * unknown ref. */
GK_EXPORT gk_status gk_ledger_fee_quote(gk_ledger *led, const char *ref,
                                        gk_fee_method method, int64_t pages,
                                        int64_t *units, int64_t *yuan,
                                        gk_error *err);

/** Called once per fee notice (borrowed for the call); non-zero stops. */
typedef int (*gk_app_fee_fn)(const gk_app_fee *fee, void *ud);
/** Lists the fee notices of application 'ref' in the order made. */
GK_EXPORT gk_status gk_ledger_app_fees(gk_ledger *led, const char *ref,
                                       gk_app_fee_fn fn, void *ud,
                                       gk_error *err);

/** Called once per payment with the application's ref (borrowed);
 * non-zero stops the calls (the totals still cover the whole year). */
typedef int (*gk_fee_paid_fn)(const char *ref, const gk_app_fee *fee,
                              void *ud);
/** The fees paid in 'year' (payments dated 1 January to 31 December), in
 * order of payment: the figures of the report's section 六 draft.
 * '*apps' (may be NULL) receives the number of applications charged,
 * '*yuan' (may be NULL) the total in 元. 'fn' may be NULL. */
GK_EXPORT gk_status gk_ledger_fees_paid(gk_ledger *led, int year,
                                        gk_fee_paid_fn fn, void *ud,
                                        int64_t *apps, int64_t *yuan,
                                        gk_error *err);

/** ## Ledger: ids and their Chinese labels */

/** The ledger's vocabularies. Every function that takes an id of one of
 * them (gk_ledger_create's level, gk_app_input's applicant type and
 * channel, gk_app_action's outcome, gk_app_filter's state and type) also
 * takes its official Chinese label or a common short form (当面 for
 * 当面提交); what is stored and returned is always the id. */
typedef enum gk_vocab {
  GK_VOCAB_APPLICANT_TYPE = 0, /* apply's column ids: natural 自然人, ... */
  GK_VOCAB_CHANNEL = 1,        /* in_person 当面提交, registered_mail 挂号邮寄,
                                  ordinary_mail 平常信函, online 互联网,
                                  fax 传真 (第三十一条) */
  GK_VOCAB_OUTCOME = 2,        /* apply's outcome row ids (2021): granted
                                  予以公开, ... (the row label, unnumbered) */
  GK_VOCAB_STATE = 3,          /* registered 办理中, ... */
  GK_VOCAB_LEVEL = 4           /* county_gov_or_above 县级以上人民政府,
                                  department 政府部门 (第四十九条) */
} gk_vocab;

/** The number of values of 'v'. */
GK_EXPORT size_t gk_vocab_count(gk_vocab v);
/** The id of value 'i' of 'v' (in the order help lists them), NULL past
 * the end. Static storage. */
GK_EXPORT const char *gk_vocab_id(gk_vocab v, size_t i);
/** The Chinese label of 'id' in 'v' (an outcome row's label without its
 * numbering), NULL for an unknown id. Static storage. */
GK_EXPORT const char *gk_vocab_label(gk_vocab v, const char *id);
/** The id 'name' stands for in 'v': an id, a label (with or without its
 * numbering) or a short form; NULL when none. Static storage. */
GK_EXPORT const char *gk_vocab_find(gk_vocab v, const char *name);

/** ## Ledger: states, actions, channels and levels as enums
 *
 * The ledger's own vocabularies are fixed by the 条例 and are enums; each
 * value has its id (what is stored and exchanged: gk_app.state,
 * gk_app_action.action), its Chinese label, and from_name takes the id,
 * the label or a common short form, giving -1 for none. The values are in
 * the order gk_vocab_id() lists them. Outcomes and applicant types are not
 * enums on purpose: they are the rows and columns of the report's table
 * 三, which the templates hold as data (a future format adds rows without
 * a code change); gk_vocab names them. */

/** The states of an application (docs/ledger.md). */
typedef enum gk_app_state {
  GK_APP_REGISTERED = 0,           /* registered 办理中 */
  GK_APP_CORRECTION_REQUESTED = 1, /* correction_requested 待补正 (第三十条) */
  GK_APP_CONSULTING = 2,           /* consulting 征求意见中 (第三十二条) */
  GK_APP_FEE_PENDING = 3,          /* fee_pending 待缴费 (第四十二条) */
  GK_APP_ANSWERED = 4,             /* answered 已答复 */
  GK_APP_ABANDONED = 5,            /* abandoned 视为放弃 */
  GK_APP_WITHDRAWN = 6             /* withdrawn 已撤回 */
} gk_app_state;
/** The number of states (values 0 to count - 1). */
GK_EXPORT size_t gk_app_state_count(void);
/** Id and Chinese label; NULL out of range. Static storage. */
GK_EXPORT const char *gk_app_state_name(gk_app_state s);
GK_EXPORT const char *gk_app_state_label(gk_app_state s);
/** The state 'name' (id or label) stands for, or -1. */
GK_EXPORT int gk_app_state_from_name(const char *name);
/** Non-zero for the states that still await an outcome. */
GK_EXPORT int gk_app_state_is_open(gk_app_state s);

/** The actions gk_ledger_app_act() takes (gk_app_action.action is the id). */
typedef enum gk_app_action_kind {
  GK_ACTION_REQUEST_CORRECTION = 0, /* request-correction 要求补正 */
  GK_ACTION_CORRECT = 1,            /* correct 收到补正 */
  GK_ACTION_LAPSE = 2,              /* lapse 逾期未补正 */
  GK_ACTION_CONSULT = 3,            /* consult 征求意见 */
  GK_ACTION_CONSULT_END = 4,        /* consult-end 征求意见结束 */
  GK_ACTION_EXTEND = 5,             /* extend 延长答复期限 */
  GK_ACTION_FEE_NOTICE = 6,         /* fee-notice 收费通知 */
  GK_ACTION_FEE_PAID = 7,           /* fee-paid 已缴费 */
  GK_ACTION_FEE_LAPSE = 8,          /* fee-lapse 逾期未缴费 */
  GK_ACTION_ANSWER = 9,             /* answer 答复 */
  GK_ACTION_WITHDRAW = 10,          /* withdraw 申请人撤回 */
  GK_ACTION_LATER_DEADLINE = 11     /* later-deadline 确定延迟答复期限
                                       (第三十五条) */
} gk_app_action_kind;
/** The number of actions (values 0 to count - 1). */
GK_EXPORT size_t gk_app_action_count(void);
GK_EXPORT const char *gk_app_action_name(gk_app_action_kind a);
GK_EXPORT const char *gk_app_action_label(gk_app_action_kind a);
GK_EXPORT int gk_app_action_from_name(const char *name);

/** The channels of 第二十九条/第三十一条 (gk_app.channel is the id). */
typedef enum gk_channel {
  GK_CHANNEL_IN_PERSON = 0,       /* in_person 当面提交 */
  GK_CHANNEL_REGISTERED_MAIL = 1, /* registered_mail 挂号邮寄 */
  GK_CHANNEL_ORDINARY_MAIL = 2,   /* ordinary_mail 平常信函 */
  GK_CHANNEL_ONLINE = 3,          /* online 互联网 */
  GK_CHANNEL_FAX = 4              /* fax 传真 */
} gk_channel;
GK_EXPORT const char *gk_channel_name(gk_channel c);
GK_EXPORT const char *gk_channel_label(gk_channel c);
GK_EXPORT int gk_channel_from_name(const char *name);

/** The agency levels of 第四十九条, which fix the report's due day. */
typedef enum gk_level {
  GK_LEVEL_COUNTY_GOV_OR_ABOVE = 0, /* county_gov_or_above 县级以上人民政府:
                                       due 31 March */
  GK_LEVEL_DEPARTMENT = 1           /* department 政府部门: due 31 January */
} gk_level;
GK_EXPORT const char *gk_level_name(gk_level l);
GK_EXPORT const char *gk_level_label(gk_level l);
GK_EXPORT int gk_level_from_name(const char *name);

/** ## Ledger: actors */

/** Normalises an actor's name (who acts: the audit log's actor, a record's
 * drafter and approver) so that one person has one name: white space
 * trimmed at both ends and each inner run made one space, then Unicode's
 * NFKC_Casefold ("Alice ", "ａｌｉｃｅ", "ALICE" are all "alice"). The
 * ledger applies it to gk_ledger_opts.actor; a server passes its login
 * there, never a name the user typed. Writes the result NUL-terminated
 * into 'out' ('outsz' bytes; 1024 always suffice). GK_E_ARG: not UTF-8,
 * or empty once trimmed; GK_E_TOO_LARGE: longer than 255 characters or
 * 'out' too small. */
GK_EXPORT gk_status gk_actor_normalize(const char *actor, char *out,
                                       size_t outsz, gk_error *err);

/** ## Ledger: personal data and tamper evidence */

/** Masks an ID number for display (PIPL): the first 3 and the last 4
 * characters kept, each other one shown as '*' ("110***********123X"); a
 * number of fewer than 11 characters is all '*'. Writes at most 'outsz'
 * bytes into 'out' (NUL-terminated); returns the length it needed. */
GK_EXPORT size_t gk_id_mask(const char *id, char *out, size_t outsz);

/** Writes every application as gk_ledger_export_csv() does, but with the
 * applicants' ID numbers in clear (a move to another ledger, a court's
 * order). The export is first written to the audit log with the actor and
 * 'reason' (required), in its own transaction: a read-only ledger or one
 * without its key file cannot do it (GK_E_READONLY, GK_E_KEY). */
GK_EXPORT gk_status gk_ledger_export_csv_reveal(gk_ledger *led,
                                                const char *reason,
                                                gk_write_fn fn, void *ud,
                                                gk_error *err);

/** One break of the audit log found by gk_ledger_verify() (borrowed). */
typedef struct gk_audit_break {
  int64_t row_id;     /* the audit row where it shows, 0 for a trigger */
  const char *what;   /* "trigger", "chain", "gap", "key" */
  const char *message;    /* Chinese */
  const char *message_en; /* English */
} gk_audit_break;
typedef int (*gk_audit_break_fn)(const gk_audit_break *b, void *ud);

/** Checks the audit log of the ledger: its guard triggers (no update, no
 * delete) are there as made, and every row's keyed hash covers the row and
 * the previous row's hash (rows changed, deleted or inserted outside
 * gongkai break it). Calls 'fn' (may be NULL) per break; '*breaks'
 * receives their number, '*rows' (may be NULL) the rows checked and
 * 'head' (may be NULL, 65 bytes) the last row's hash in hex, which an
 * office may note down elsewhere: cutting rows off the end shows only
 * against such a note. Needs the key file (GK_E_KEY). gk_ledger_open()
 * checks the triggers and the last 256 rows of the chain. */
GK_EXPORT gk_status gk_ledger_verify(gk_ledger *led, gk_audit_break_fn fn,
                                     void *ud, int64_t *breaks, int64_t *rows,
                                     char *head, gk_error *err);
/** The key file the ledger uses (borrowed). */
GK_EXPORT const char *gk_ledger_key_file(const gk_ledger *led);
/* pgwire (issue 13) */
/** The ledger's name for messages: its file, or for PostgreSQL the
 * server(s) and database of its connection string, never the user's
 * password (borrowed from 'led'). */
GK_EXPORT const char *gk_ledger_target(const gk_ledger *led);
/* end pgwire */

/** ## Ledger: what a console asks of the state machine */

/** Non-zero if 'action' is lawful in 'state' by the state machine alone
 * (docs/ledger.md: states and transitions); 0 for values out of range, so
 * gk_app_action_from_name()'s -1 can be passed as it is.
 * gk_ledger_app_act() still checks the rest (periods, once-only actions,
 * dates). */
GK_EXPORT int gk_app_action_allowed(gk_app_action_kind action,
                                    gk_app_state state);

/** Called once per event of an application, in the order recorded:
 * 'action' is the action's name (static or borrowed for the call), 'on'
 * its day (YYYYMMDD). Non-zero stops. */
typedef int (*gk_app_event_fn)(const char *action, int32_t on, void *ud);
/** Lists the events (the steps taken) of application 'ref' in order;
 * GK_E_NOT_FOUND for an unknown ref. */
GK_EXPORT gk_status gk_ledger_app_events(gk_ledger *led, const char *ref,
                                         gk_app_event_fn fn, void *ud,
                                         gk_error *err);

/** ## Notice letters (告知书) and reminders */

/** The kinds of notice letter of an application (spec/law.md). */
typedef enum gk_letter_kind {
  GK_LETTER_RECEIPT = 0,      /* 受理回执 (第三十一条, 第三十三条) */
  GK_LETTER_CORRECTION = 1,   /* 补正申请告知书 (第三十条) */
  GK_LETTER_EXTENSION = 2,    /* 延期答复告知书 (第三十三条第二款) */
  GK_LETTER_CONSULTATION = 3, /* 征求第三方意见书 (第三十二条) */
  GK_LETTER_FEE = 4,          /* 信息处理费缴费通知书 (第四十二条, 109号) */
  GK_LETTER_ANSWER = 5,       /* 答复书, its text by the outcome (第三十六条–
                                 第三十九条) */
  GK_LETTER_KIND_LAST         /* one past the last kind; not a kind */
} gk_letter_kind;

/** The kind's name ("receipt", "correction", "extension", "consultation",
 * "fee", "answer") and its Chinese title; NULL for a bad kind. Static. */
GK_EXPORT const char *gk_letter_kind_name(gk_letter_kind k);
GK_EXPORT const char *gk_letter_kind_label(gk_letter_kind k);
/** The kind named 'name', or -1. */
GK_EXPORT int gk_letter_kind_from_name(const char *name);

/** One letter: its kind and the values of its fields (text, UTF-8).
 * Threads: one at a time while its fields are set; rendering (const) from
 * many at once. */
typedef struct gk_letter gk_letter;

/** The fields a kind of letter has, i.e. the placeholders its template
 * may use: 'i' from 0 to gk_letter_field_count() - 1; NULL past the end.
 * Every kind has agency, ref, date, received_on, description; all but
 * consultation (sent to the third party, who gets no personal data of
 * the applicant) have applicant and applicant_id (masked); receipt
 * due_on; correction until; extension days, reason, due_on;
 * consultation party, reply_by; fee fee, fee_method, fee_units, pay_by;
 * answer outcome, basis, answer_text. docs/server.md lists them. */
GK_EXPORT size_t gk_letter_field_count(gk_letter_kind k);
GK_EXPORT const char *gk_letter_field_name(gk_letter_kind k, size_t i);

/** Makes an empty letter of 'kind' (NULL 'alloc': the default); free it
 * with gk_letter_free(). */
GK_EXPORT gk_status gk_letter_new(gk_letter **out, gk_letter_kind kind,
                                  const gk_alloc *alloc, gk_error *err);
/** Frees a letter. NULL is a no-op. */
GK_EXPORT void gk_letter_free(gk_letter *l);
/** The letter's kind. */
GK_EXPORT gk_letter_kind gk_letter_kind_of(const gk_letter *l);
/** Sets field 'field' to a copy of 'value' (NULL: unset, written empty).
 * GK_E_ARG when the kind has no such field, GK_E_TOO_LARGE past 16 KiB. */
GK_EXPORT gk_status gk_letter_set(gk_letter *l, const char *field,
                                  const char *value, gk_error *err);
/** The value of 'field', NULL when unset or unknown. Borrowed. */
GK_EXPORT const char *gk_letter_get(const gk_letter *l, const char *field);

/** Fills a letter of 'kind' for application 'ref' from the ledger: the
 * agency, the applicant's name and masked ID number, the dates (in
 * Chinese, 2026年1月5日), the request, and what the step recorded (the
 * latest step of that kind that counts: a revoked step has no letter).
 * GK_E_NOT_FOUND for an unknown ref; GK_E_STATE when the application's
 * history lacks the step (no extension, no fee notice...), or it was
 * voided. On success '*out' is the letter; free with gk_letter_free(). */
GK_EXPORT gk_status gk_ledger_letter(gk_ledger *led, const char *ref,
                                     gk_letter_kind kind, gk_letter **out,
                                     gk_error *err);
/** The same for the 'n'th step of that kind that counts (1-based, in the
 * order recorded; 0: the latest, as gk_ledger_letter): an application
 * consulted twice has two 征求第三方意见书, a corrected fee notice two
 * 收费通知书. GK_E_STATE naming how many there are when 'n' is past them;
 * GK_E_ARG for a negative 'n'. */
GK_EXPORT gk_status gk_ledger_letter_nth(gk_ledger *led, const char *ref,
                                         gk_letter_kind kind, int n,
                                         gk_letter **out, gk_error *err);

/** The built-in template of 'kind' (static). Template syntax: UTF-8 text,
 * one paragraph a line; "# " starts the title, "> " a line set right, "< "
 * a line without indent, an empty line is an empty paragraph; {{field}} is
 * replaced by the field's value. Text and values are escaped for the
 * output format. */
GK_EXPORT const char *gk_letter_template_default(gk_letter_kind k);
/** Checks template t[0..len) for 'kind' without writing: GK_E_ARG naming
 * 'name' (may be NULL: the kind's name), the line and column of an
 * unknown placeholder, a {{ without }} or a control character;
 * GK_E_ENCODING when not UTF-8, GK_E_EMPTY when empty, GK_E_TOO_LARGE
 * past 64 KiB. 'err' has the line and column. */
GK_EXPORT gk_status gk_letter_template_check(gk_letter_kind kind,
                                             const char *tpl, size_t len,
                                             const char *name, gk_error *err);

/** Output formats of gk_letter_write(). */
typedef enum gk_letter_format {
  GK_LETTER_HTML = 0, /* one printable HTML page, a print stylesheet, no
                         script */
  GK_LETTER_DOCX = 1  /* Office Open XML (.docx), A4 */
} gk_letter_format;

/** Options of gk_letter_write(); all may be 0/NULL but 'version'. */
typedef struct gk_letter_opts {
  unsigned int version;      /* GK_LETTER_OPTS_VERSION */
  gk_letter_format format;   /* HTML (default) or DOCX */
  const char *template_text; /* the office's template; NULL: built-in */
  size_t template_len;       /* its length in bytes */
  const char *template_name; /* names it in errors (e.g. its file) */
  const char *stylesheet;    /* HTML: link this URL instead of the inline
                                <style> (a server whose CSP forbids inline
                                style serves gk_letter_css() there) */
} gk_letter_opts;
#define GK_LETTER_OPTS_VERSION 1
#define GK_LETTER_OPTS_INIT {.version = GK_LETTER_OPTS_VERSION}

/** Writes letter 'l' through its template (opts->template_text or the
 * built-in one) in opts->format to 'fn'. The template is checked whole
 * first: a broken one (gk_letter_template_check) writes nothing. 'opts'
 * may be NULL (HTML, built-in template, inline style). */
GK_EXPORT gk_status gk_letter_write(const gk_letter *l,
                                    const gk_letter_opts *opts,
                                    gk_write_fn fn, void *ud, gk_error *err);
/** The print stylesheet HTML letters carry (static). */
GK_EXPORT const char *gk_letter_css(void);

/** What a reminder is about (gk_ledger_remind). */
typedef enum gk_remind_kind {
  GK_REMIND_OVERDUE = 0,    /* 已逾期: the reply period has passed */
  GK_REMIND_DUE_SOON = 1,   /* 即将到期: due within the days asked */
  GK_REMIND_CORRECTION = 2, /* 补正期限已过: awaiting 补正 past its period */
  GK_REMIND_FEE = 3,        /* 缴费期限已过: awaiting payment past its
                               period */
  GK_REMIND_CONSULT = 4,    /* 征求意见期限已过: the third party's 15 working
                               days have passed */
  GK_REMIND_KIND_LAST       /* one past the last; not a kind */
} gk_remind_kind;
/** The kind's id ("overdue", "due_soon", "correction", "fee", "consult")
 * and Chinese label; NULL for a bad kind. Static. */
GK_EXPORT const char *gk_remind_kind_name(gk_remind_kind k);
GK_EXPORT const char *gk_remind_kind_label(gk_remind_kind k);

/** One reminder (borrowed for the call). No personal data: a digest is
 * mailed and kept, so it names applications by ref only. */
typedef struct gk_remind_item {
  gk_remind_kind kind;
  const char *ref;     /* the application's reference */
  const char *state;   /* its state id (gk_vocab_label for the label) */
  int32_t due_on;      /* the date due (the state's own period) */
  int64_t days_left;   /* working days from today to due_on: 0 due today,
                          negative when past */
  int due_provisional; /* the due date is provisional (no holiday notice) */
} gk_remind_item;
typedef int (*gk_remind_fn)(const gk_remind_item *it, void *ud);

/** The daily digest of ledger 'led' on 'today' (0: the ledger's today):
 * every open application that is overdue, due within 'within' working
 * days (0..60), or awaiting 补正, payment or a third party past that
 * step's own period; in order of kind, then due date, then ref. 'counts'
 * (may be NULL, GK_REMIND_KIND_LAST entries) receives the number of each
 * kind. Voided applications are left out. 'fn' may be NULL. */
GK_EXPORT gk_status gk_ledger_remind(gk_ledger *led, int within,
                                     int32_t today, gk_remind_fn fn,
                                     void *ud, int64_t *counts,
                                     gk_error *err);

/** ## Ledger database: an application's own tables beside the ledger */

/* pgsrv (issue 13): the ledger's SQL driver, for a program that keeps
 * tables of its own in the ledger's database (gongkai serve: accounts,
 * sessions, the catalogue). Its SQL is written once in the subset SQLite
 * and PostgreSQL share ('?' or '?N' parameters, RETURNING, ON CONFLICT);
 * where they differ the program asks gk_db_backend_kind(). */
/** A connection to a ledger's database: a SQLite file or a PostgreSQL
 * connection string, as gk_ledger_open() takes it. Not thread-safe: one
 * thread at a time (a program shares it under its own lock). */
typedef struct gk_db gk_db;
/** A prepared statement of a gk_db; one thread at a time, as its gk_db. */
typedef struct gk_db_stmt gk_db_stmt;
/** The database behind a gk_db. */
typedef enum gk_db_backend {
  GK_DB_SQLITE = 1,
  GK_DB_POSTGRESQL = 2
} gk_db_backend;

/** The backend 'target' names ("postgresql://…", "postgres://…" or a
 * libpq "key=value" string: PostgreSQL; anything else a SQLite file). */
GK_EXPORT gk_db_backend gk_db_backend_of(const char *target);
/** Connects to the existing database 'target' (it is never created: open
 * the ledger first). SQLite: WAL, foreign keys, 'busy_timeout_ms' (0:
 * 5000). PostgreSQL: the connection's role decides what it sees (row-level
 * security). Free it with gk_db_free(). */
GK_EXPORT gk_status gk_db_open(gk_db **out, const char *target,
                               int busy_timeout_ms, const gk_alloc *alloc,
                               gk_error *err);
/** Closes the connection; its statements must be freed first. NULL is a
 * no-op. */
GK_EXPORT void gk_db_free(gk_db *db);
/** The backend of an open connection. */
GK_EXPORT gk_db_backend gk_db_backend_kind(const gk_db *db);
/** Runs SQL without parameters or results (DDL; may hold several
 * statements). */
GK_EXPORT gk_status gk_db_exec(gk_db *db, const char *sql, gk_error *err);
/** Transactions: 'write' takes the write lock at once (SQLite BEGIN
 * IMMEDIATE); rollback of no transaction is a no-op. */
GK_EXPORT gk_status gk_db_begin(gk_db *db, int write, gk_error *err);
GK_EXPORT gk_status gk_db_commit(gk_db *db, gk_error *err);
GK_EXPORT void gk_db_rollback(gk_db *db);
/** Compiles 'sql' into '*out' (free it with gk_db_stmt_free()). */
GK_EXPORT gk_status gk_db_prepare(gk_db *db, const char *sql,
                                  gk_db_stmt **out, gk_error *err);
/** Frees a statement; NULL is a no-op. */
GK_EXPORT void gk_db_stmt_free(gk_db_stmt *s);
/** Ready to run again, bindings cleared. */
GK_EXPORT void gk_db_stmt_reset(gk_db_stmt *s);
/** Binds parameter 'i' (from 1). Text (NULL binds NULL) and blobs are
 * borrowed until the statement is reset or freed. A failure is returned
 * by the next gk_db_step(). */
GK_EXPORT void gk_db_bind_int(gk_db_stmt *s, int i, int64_t v);
GK_EXPORT void gk_db_bind_text(gk_db_stmt *s, int i, const char *v);
GK_EXPORT void gk_db_bind_blob(gk_db_stmt *s, int i, const void *v, size_t n);
GK_EXPORT void gk_db_bind_null(gk_db_stmt *s, int i);
/** Runs the statement (first call) and moves to the next row: '*row' is 1
 * on a row, 0 when there are no more. */
GK_EXPORT gk_status gk_db_step(gk_db_stmt *s, int *row, gk_error *err);
/** Columns of the current row, from 0; text and blobs are borrowed until
 * the next step, reset or free; NULL reads as 0, NULL, and n = 0. */
GK_EXPORT int64_t gk_db_col_int(gk_db_stmt *s, int i);
GK_EXPORT const char *gk_db_col_text(gk_db_stmt *s, int i);
GK_EXPORT const void *gk_db_col_blob(gk_db_stmt *s, int i, size_t *n);
GK_EXPORT int gk_db_col_is_null(gk_db_stmt *s, int i);
/** Rows changed by the statement's last INSERT, UPDATE or DELETE. */
GK_EXPORT int64_t gk_db_changes(gk_db_stmt *s);
/** Non-zero if the last failure of 'db' was a UNIQUE constraint (SQLite
 * CONSTRAINT_UNIQUE, PostgreSQL 23505). */
GK_EXPORT int gk_db_last_unique(const gk_db *db);
/* end pgsrv */

/* --- cliopts: the reason ids of a summary --- */
/** The id of a reason for leaving a report out of a summary, as
 * gk_write_merge_json() writes it: "unreadable", "check" or "other". A
 * static string. */
GK_EXPORT const char *gk_merge_reason_id(gk_merge_reason r);
/* --- end cliopts --- */

#ifdef __cplusplus
}
#endif
#endif /* GONGKAI_H */
