/* gen.h: a generator of realistic 政府信息公开工作年度报告 as text, for the
 * property test, the benchmark and the fuzz corpus.
 *
 * It walks the official formats through the public template accessors of
 * gongkai.h (tables, rows, columns, labels are data there, never listed
 * here), draws realistic numbers with its own seeded PRNG, and prints the
 * report in one of the text layouts the reader must handle (Apache Tika's
 * text of a .docx like tests/data/seeds, tabs, space runs, one cell a
 * line, markdown pipes, lost separators), with orthogonal variants
 * (encodings, CRLF, full-width digits, 只记, quotes, blank zeros, labels
 * with a space or a line break). Optionally one cell of table apply is
 * corrupted. The truth (every true value, the corrupted cell) comes back
 * with the text.
 *
 * Deterministic: the same seed and options give the same bytes. No global
 * state: everything lives in the gk_gen object.
 *
 *   gk_gen *g = NULL;
 *   gk_gen_new(&g, 42);
 *   gk_gen_opts o = {0};              (all random)
 *   const char *text; size_t len; gk_gen_truth truth;
 *   gk_gen_report(g, &o, &text, &len, &truth);
 *   ... text is owned by g, valid until the next gk_gen_report/free ...
 *   gk_gen_free(g);
 */
#ifndef GK_GEN_H
#define GK_GEN_H

#include "gongkai.h"

#include <stddef.h>
#include <stdint.h>

/* Text layouts. 0 is "draw one at random". */
typedef enum gk_gen_layout {
  GK_GEN_LAYOUT_RANDOM = 0,
  GK_GEN_TIKA = 1,     /* Tika text of a .docx: a cell a tab-led line,
                          continuation lines, blank line between rows */
  GK_GEN_TABS = 2,     /* a table row a line, cells separated by tabs */
  GK_GEN_SPACES = 3,   /* a table row a line, cells separated by runs of
                          two or more spaces */
  GK_GEN_LINES = 4,    /* one cell a line, no tabs */
  GK_GEN_MARKDOWN = 5, /* markdown pipe tables */
  GK_GEN_GLUED = 6,    /* as TABS, but each row of table apply is its label
                          and the digits of its seven values glued:
                          一、本年新收政府信息公开申请数量640020470 */
  GK_GEN_LAYOUT_COUNT = 7
} gk_gen_layout;

/* Output encodings. 0 is "draw one at random". */
typedef enum gk_gen_encoding {
  GK_GEN_ENC_RANDOM = 0,
  GK_GEN_UTF8 = 1,    /* UTF-8 (a BOM with GK_GEN_BOM) */
  GK_GEN_GB18030 = 2, /* GB18030 (through iconv) */
  GK_GEN_UTF16LE = 3, /* UTF-16LE with a BOM */
  GK_GEN_UTF16BE = 4, /* UTF-16BE with a BOM */
  GK_GEN_ENC_COUNT = 5
} gk_gen_encoding;

/* Orthogonal variants (bits of gk_gen_opts.flags). */
#define GK_GEN_BOM 0x01u       /* UTF-8 output starts with a BOM */
#define GK_GEN_CRLF 0x02u      /* lines end with CR LF */
#define GK_GEN_FULLWIDTH 0x04u /* digits in the tables are full-width */
#define GK_GEN_ZHIJI 0x08u     /* 只记 for 只计 in row （二） of apply */
#define GK_GEN_QUOTES 0x10u    /* straight quotes for the official “” */
#define GK_GEN_BLANK_ZEROS                                                     \
  0x20u                          /* Tika only: zeros left as blank cells       \
                                    (tab, or tab + NBSP) */
#define GK_GEN_LABEL_SPACE 0x40u /* some row labels have a space inside */
#define GK_GEN_LABEL_BREAK 0x80u /* Tika only: labels broken over lines */
#define GK_GEN_MERGED                                                          \
  0x100u /* Tika only: empty cells where the .docx                             \
            has vertically merged cells (seed 000) */
#define GK_GEN_FLAGS_ALL 0x1ffu

/* Widest sizes of the official tables (checked against the templates by
 * gk_gen_report, which fails with GK_E_ARG if a template outgrows them). */
#define GK_GEN_MAX_ROWS 32
#define GK_GEN_MAX_COLS 8
#define GK_GEN_TABLES 3

typedef struct gk_gen_opts {
  int year;         /* report year (2008..2099); 0: random in 2019..2025 */
  int layout;       /* gk_gen_layout; 0: random */
  int encoding;     /* gk_gen_encoding; 0: random (mostly UTF-8) */
  unsigned flags;   /* GK_GEN_* variants always applied */
  int random_flags; /* non-zero: also draw variants at random */
  int corrupt;      /* 0: valid report; 1: corrupt one cell of table apply;
                       -1: corrupt one report in four at random. Layout
                       GK_GEN_GLUED is never corrupted (see truth) */
  int terse;        /* non-zero: one sentence a section (small fuzz seeds) */
  int glued_any;    /* GK_GEN_GLUED: keep the first draw even if its rows
                       split several ways (truth.ambiguous says so); by
                       default tables are redrawn until every row is unique */
  /* Varied narratives (gongkai similar). 0 keeps the sentence pools
     above and the output of every earlier version. Non-zero: sections 一,
     五 and 六 (their structure and sentences) come from a stream seeded by
     this value, sentences made of words of a vocabulary; two reports with
     the same value share their narrative but for the numbers and the
     agency's name: a planted near-copy. */
  uint64_t narrative;
  int narrative_edit; /* with 'narrative': percent of sentences replaced by
                         sentences of the report's own (a copy edited) */
} gk_gen_opts;

/* What was generated. Values are scaled by GK_SCALE, as in gk_report,
 * and indexed like the template: value[t][r][c]. */
typedef struct gk_gen_truth {
  const gk_template *tpl;   /* format (for 'year') */
  int year;                 /* report year */
  char agency[128];         /* 报告主体 as printed in the title (UTF-8) */
  int32_t period_from;      /* YYYYMMDD, 1 January of 'year' */
  int32_t period_to;        /* YYYYMMDD, 31 December of 'year' */
  int32_t date;             /* YYYYMMDD of the report date */
  gk_gen_layout layout;     /* layout used */
  gk_gen_encoding encoding; /* encoding used */
  unsigned flags;           /* variants used (GK_GEN_*) */
  int64_t value[GK_GEN_TABLES][GK_GEN_MAX_ROWS][GK_GEN_MAX_COLS];
  int corrupted;          /* 1 if one printed apply cell is wrong */
  size_t table, row, col; /* that cell (template indexes) */
  int64_t reported;       /* the value printed there (scaled) */
  int64_t expected;       /* its true value (scaled) */
  int ambiguous;          /* GK_GEN_GLUED: 1 if some apply row's digits
                             split in several ways that satisfy its row
                             sum, so the reading is expected ambiguous
                             unless column sums decide it */
} gk_gen_truth;

/* The generator (opaque): PRNG state and output buffers. */
typedef struct gk_gen gk_gen;

/* Creates a generator seeded with 'seed'. Returns GK_OK, GK_E_ARG (NULL
 * out) or GK_E_NOMEM. Free with gk_gen_free(). */
gk_status gk_gen_new(gk_gen **out, uint64_t seed);
/* Frees the generator and its text buffers. NULL is a no-op. */
void gk_gen_free(gk_gen *g);
/* Restarts the PRNG from 'seed': the next report is then a function of
 * 'seed' and the options only (how the property test reproduces one). */
void gk_gen_reseed(gk_gen *g, uint64_t seed);

/* Generates one report. '*text' (not NUL-terminated when UTF-16) and
 * '*len' describe bytes owned by 'g', valid until the next call or
 * gk_gen_free(). 'truth' (may be NULL) receives what was generated.
 * 'opts' may be NULL (all random, valid). Returns GK_OK, GK_E_ARG,
 * GK_E_NOMEM or GK_E_ENCODING (iconv unavailable). */
gk_status gk_gen_report(gk_gen *g, const gk_gen_opts *opts, const char **text,
                        size_t *len, gk_gen_truth *truth);

/* A random integer in [0, n) from the generator's PRNG (n > 0). */
uint64_t gk_gen_below(gk_gen *g, uint64_t n);

/* Names, for messages: "tika", "tabs", ...; "utf8", "gb18030", ... */
const char *gk_gen_layout_name(gk_gen_layout layout);
const char *gk_gen_encoding_name(gk_gen_encoding enc);
/* Writes the variant flags as "bom|crlf|..." (or "-") into out. */
void gk_gen_flags_name(unsigned flags, char *out, size_t outsz);

/* Counts the ways (stopping at 'limit') to split the ASCII digits
 * d[0..n) into 'ncells' numbers without leading zeros whose last equals
 * the sum of the others: how many readings a glued row has. */
int gk_gen_glued_readings(const char *d, size_t n, size_t ncells, int limit);

#endif /* GK_GEN_H */
