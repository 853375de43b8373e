/* report.h: the report model's internal layout, shared by the readers,
 * the checker and the writers (which include it; the CLI never does). */
#ifndef GK_REPORT_H
#define GK_REPORT_H

#include "../gk_internal.h"
#include "template.h"

typedef struct gk_cell {
  int64_t value;  /* scaled by GK_SCALE; 0 when blank or absent */
  unsigned flags; /* GK_CELL_* */
  uint32_t off;   /* byte offset of the value's cell in the reader's
                     decoded text (maps it back to a .docx cell) */
  int64_t line;   /* 1-based source line of the value, 0 if unknown */
  /* Provenance (gk_report_cell_source): the .docx table, row and cell
   * the value stood in; meaningful when 'has_src' is set. */
  uint16_t src_table, src_row, src_cell, has_src;
} gk_cell;

struct gk_finding {
  const char *rule;    /* static rule id (from the rule table) */
  gk_severity sev;     /* error or warning */
  const char *table;   /* static template id or NULL */
  const char *row;     /* static template id or NULL */
  const char *col;     /* static template id or NULL */
  bool has_reported;   /* 'reported' is meaningful */
  bool has_expected;   /* 'expected' is meaningful */
  int64_t reported;    /* scaled by GK_SCALE */
  int64_t expected;    /* scaled by GK_SCALE */
  int64_t line;        /* 1-based source line, 0 if none */
  char *message_zh;    /* in the report's message blocks */
  char *message_en;    /* in the report's message blocks */
};

/* Finding messages are stored in blocks that never move (report.c): no
 * allocation per message, freed with the report. */
typedef struct gk__msg_block gk__msg_block;

struct gk_report {
  gk_alloc alloc;             /* allocator for everything below */
  gk_limits limits;           /* resolved limits */
  const gk_template *tpl;     /* format of the tables */
  char *source_name;          /* file name for messages, or NULL */
  char *agency;               /* 报告主体, or NULL */
  int year;                   /* report year, 0 unknown */
  int32_t date;               /* YYYYMMDD of the report's date, 0 unknown */
  int64_t date_line;          /* source line of the date, 0 unknown */
  int32_t period_from;        /* YYYYMMDD, 0 unknown */
  int32_t period_to;          /* YYYYMMDD, 0 unknown */
  bool period_stated;         /* the period was stated in the text */
  int deadline_mmdd;          /* 条例 第四十九条: MMDD of the next year the
                                 report is due, as the agency's level says
                                 (the ledger knows it); 0: guessed from the
                                 agency's name */
  char *sections[GK_SECTIONS];     /* section texts (owned) or NULL */
  size_t section_len[GK_SECTIONS]; /* their lengths */
  int64_t section_line[GK_SECTIONS]; /* heading line, 0 if not found */
  unsigned section_flags[GK_SECTIONS]; /* GK_SECTION_* */
  bool table_found[GK_TABLES];     /* the reader found the table */
  int64_t table_line[GK_TABLES];   /* source line where it starts */
  gk_cell *cells[GK_TABLES];       /* per table, tpl->tables[t].ncells */
  gk_finding *findings;            /* findings, in order */
  size_t nfindings;                /* used */
  size_t findings_cap;             /* allocated */
  size_t findings_dropped;         /* beyond limits.max_findings */
  size_t count_by_sev[2];          /* errors, warnings (incl. dropped) */
  gk__msg_block *msgs;             /* message blocks, the one filled first */
};

/* Section flags set by readers. */
#define GK_SECTION_FOUND 0x1u      /* a heading was found */
#define GK_SECTION_UNNUMBERED 0x2u /* heading lacks its numbering 一、… */

/* Cell by indexes (no bounds checks). */
static inline gk_cell *gk__cell(gk_report *rep, size_t t, size_t r,
                                size_t c) {
  return &rep->cells[t][gk__cell_index(rep->tpl, t, r, c)];
}
static inline const gk_cell *gk__ccell(const gk_report *rep, size_t t,
                                       size_t r, size_t c) {
  return &rep->cells[t][gk__cell_index(rep->tpl, t, r, c)];
}

/* Creates a report with resolved limits (readers use this). */
gk_status gk__report_new(gk_report **out, const gk_template *tpl,
                         const gk_alloc *alloc, const gk_limits *limits);

/* Changes the template of a report under construction (the reader learns
 * it from the labels); cells are reset. */
gk_status gk__report_set_template(gk_report *rep, const gk_template *tpl);

/* Adds a finding with printf-style messages (zh then en arguments share
 * one va_list: both formats must use the same conversions in order).
 * Each message is cut at 1023 bytes; a finding beyond max_findings is
 * counted without being formatted. */
gk_status gk__finding_addf(gk_report *rep, const char *rule, gk_severity sev,
                           size_t t, int r, int c, const int64_t *reported,
                           const int64_t *expected, int64_t line,
                           const char *fmt_zh, const char *fmt_en, ...)
    __attribute__((format(printf, 10, 12)));

/* Formats a scaled value as a decimal ("3", "-233", "83.82") into out. */
void gk__format_scaled(char *out, size_t outsz, int64_t v);

/* Debug builds: asserts the report's invariants. */
void gk__report_check_invariants(const gk_report *rep);

#endif /* GK_REPORT_H */
