/* text_internal.h: the text reader's state, shared by the read/ files.
 *
 * Data flow (one call of gk_report_read_text): encoding.c turns the bytes
 * into UTF-8 text; cells.c cuts that text into lines and the lines into
 * cells, each with a normalised matching key; text.c matches the keys
 * against the template tables (template.c is the source of truth for
 * labels), fills the cells and sections; recover.c splits digits whose
 * separators were lost; meta.c finds agency, year, period and date.
 * Every array lives in a few buffers owned by struct gk__reader: no
 * allocation per cell. */
#ifndef GK_READ_TEXT_INTERNAL_H
#define GK_READ_TEXT_INTERNAL_H

#include "../model/report.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>

/* === Lines === */
enum {
  GK__LINE_BLANK = 0, /* only white space: a table row break */
  GK__LINE_PLAIN,     /* narrative or cells separated by spaces */
  GK__LINE_TAB,       /* cells separated by tabs (Tika: a leading tab) */
  GK__LINE_CONT,      /* continues the previous tab line's last cell */
  GK__LINE_MDSEP,     /* a markdown |---| separator row: ignored */
  GK__LINE_HEADING    /* a section heading 一、… 六、 */
};

typedef struct gk__rline {
  uint32_t off;      /* offset of the line in the text */
  uint32_t len;      /* bytes, without the line break */
  uint32_t first;    /* index of its first cell */
  uint32_t ncells;   /* cells cut from it */
  uint8_t kind;      /* GK__LINE_* */
  uint8_t section;   /* 1..6 for a heading line, else 0 */
  uint8_t sflags;    /* GK_SECTION_* of a heading line */
  uint8_t narrative; /* a sentence: never cut into cells */
} gk__rline;

/* === Cells === */
#define GK__C_TAB 0x1u   /* cut from a tab or markdown line */
#define GK__C_BRK 0x2u   /* a table row break comes before it */
#define GK__C_USED 0x4u  /* consumed by the table parser */
#define GK__C_MULTI 0x8u /* its line holds several cells */
#define GK__C_SEC 0x10u  /* a section heading comes before it */

enum { GK__V_TEXT = 0, GK__V_NUM, GK__V_BLANK };

typedef struct gk__rcell {
  uint32_t off;   /* raw span in the text (may cover continuation lines) */
  uint32_t len;   /* raw span length */
  uint32_t key;   /* offset of its key in the key arena */
  uint32_t klen;  /* key length (0: the cell is blank) */
  uint32_t line;  /* index of the line it starts on */
  uint16_t flags; /* GK__C_* */
  uint8_t vkind;  /* GK__V_*: what the key reads as */
} gk__rcell;

/* === Keys of the template labels === */
enum {
  GK__K_ROW = 0, /* a row's label or variant, numbering included */
  GK__K_STRIP,   /* a row's label with its numbering removed */
  GK__K_GROUP,   /* a group label printed before rows (（三）不予公开) */
  GK__K_HEAD,    /* a table header label (caption, block header) */
  GK__K_COL,     /* a column label */
  GK__K_SECTION  /* a section title or variant (r = section - 1) */
};

#define GK__KEY_BUCKETS 512u /* hash buckets (power of two) */
#define GK__KEY_MAX 512u     /* key entries for both templates */
#define GK__KEY_STORE 16384u /* bytes of key text for both templates */
#define GK__NTPL 2           /* templates the reader knows */

typedef struct gk__rkey {
  uint32_t off;  /* key text in gk__reader.kstore */
  uint16_t len;  /* key length */
  uint16_t next; /* next entry in the hash chain, 0xffff = end */
  uint8_t tpl;   /* template index in gk__templates */
  uint8_t kind;  /* GK__K_* */
  uint8_t t;     /* table index */
  uint8_t r;     /* row index (GK__K_ROW/STRIP/GROUP) */
} gk__rkey;

/* === A row read with its digits glued (separators lost) === */
typedef struct gk__glued {
  uint8_t t;     /* table */
  uint8_t r;     /* row (review: 0, the whole line) */
  uint32_t cell; /* cell index holding the digits */
  uint32_t doff; /* digits: offset in the key arena */
  uint32_t dlen; /* number of digits */
  bool blanks;   /* fewer digits than cells: blank cells vanished, a
                    reading may leave cells empty (0) */
  uint8_t nsep;  /* 2+: separate values whose blank cells vanished, in
                    cells cell..cell+nsep-1 (placed whole, never split) */
} gk__glued;

#define GK__MAX_GLUED 32 /* glued rows handled per report */

/* === Encodings converted with iconv === */
enum { GK__ENC_GB18030 = 0, GK__ENC_UTF16LE, GK__ENC_UTF16BE, GK__NENC };

/* === The reader === */
struct gk__reader {
  const gk_alloc *alloc; /* the caller's allocator */
  gk_limits limits;      /* resolved limits */
  gk_error *err;         /* where failures go (may be NULL) */
  const char *doing;     /* what the reader does, for messages (zh) */
  const char *doing_en;  /* the same in English */
  const char *text;      /* decoded UTF-8 text (borrowed or owned) */
  size_t tlen;           /* its length */
  char *owned;           /* converted text we must free, or NULL */
  gk__rline *lines;      /* lines, index = line number - 1 */
  size_t nlines;         /* used */
  size_t lines_cap;      /* allocated */
  gk__rcell *cells;      /* cells of all lines, in order */
  size_t ncells;         /* used */
  size_t cells_cap;      /* allocated */
  char *keys;            /* key arena, one key per cell */
  size_t klen;           /* bytes used */
  size_t kcap;           /* allocated */
  int last_section;      /* last heading found while cutting lines */
  bool indented;         /* tabs are a page source's indentation (cells.c) */
  /* Template label keys (both templates), hashed. */
  char kstore[GK__KEY_STORE];        /* key texts */
  size_t kstore_len;                 /* used */
  gk__rkey kent[GK__KEY_MAX];        /* entries */
  size_t nkent;                      /* used */
  uint16_t kbucket[GK__KEY_BUCKETS]; /* chain heads, 0xffff = empty */
  uint16_t kpre[GK__KEY_MAX];        /* group/header keys of the chosen
                                        template (label prefixes) */
  size_t nkpre;                      /* used */
  uint16_t khdr[GK__KEY_MAX];        /* keys a header row may consist of */
  size_t nkhdr;                      /* used */
  uint16_t ksec[GK__KEY_MAX];        /* section title keys, in order */
  size_t nksec;                      /* used */
  bool keys_ready;                   /* kstore/kent/kbucket are built: a
                                        reused reader builds them once */
  bool line_first;                   /* tests: read by lines first even
                                        where the stream may go first */
  unsigned line_reads;               /* tests: line readings of the input
                                        by the last read (0 or 1) */
  iconv_t conv[GK__NENC];            /* iconv descriptors by GK__ENC_*,
                                        opened on first use (encoding.c),
                                        NULL until then */
  /* Table parsing (text.c). */
  gk_report *rep;                 /* the report being filled */
  int tpl_index;                  /* chosen template in gk__templates */
  size_t exp[GK_TABLES];          /* next expected row per table */
  bool armed[GK_TABLES];          /* a header of the table was seen */
  bool *row_read[GK_TABLES];      /* rows found, per table */
  bool row_read_store[64];        /* storage of row_read */
  int cur_section;                /* section of the cell being read */
  int64_t last_table_line;        /* line of the last table cell */
  bool apply_cut;                 /* apply's last row ran out of text */
  bool keep_cut;                  /* a text cut inside table 三 is read
                                     anyway (the second, stream reading) */
  gk_error cut_err;               /* with keep_cut: where the text ends,
                                     code GK_OK if it does not */
  bool own_utf8;                  /* the text is the stream reading's
                                     rebuilt text: UTF-8 by construction
                                     (slices at characters' starts) */
  int64_t glued_line;             /* a second report starts on this line
                                     of the input (read: the first only) */
  gk__glued glued[GK__MAX_GLUED]; /* rows with glued digits */
  size_t nglued;                  /* used */
  char tmp[512];                  /* scratch for joined keys */
  /* Metadata (meta.c). */
  char agency[256];    /* agency from the title, "" unknown */
  int year;            /* report year, 0 unknown */
  bool titled;         /* the title names an annual disclosure report */
  int32_t period_from; /* YYYYMMDD, 0 unknown */
  int32_t period_to;   /* YYYYMMDD, 0 unknown */
  bool period_stated;  /* the period was found in the text */
  int32_t date;        /* report date YYYYMMDD, 0 unknown */
  int64_t date_line;   /* its line, 0 unknown */
  size_t tail_line;    /* line index where the date search
                          starts (section 六 or after the
                          last table) */
};

/* encoding.c: decodes 'buf' into rd->text/tlen (borrowing 'buf' when it
 * is UTF-8 already). Fails with GK_E_TOO_LARGE/EMPTY/BINARY/ENCODING. */
gk_status gk__read_decode(struct gk__reader *rd, const char *buf, size_t len);
/* Where a second report starts in the decoded text (two reports glued
 * into one file), 0 if none: the text before it is the first report. */
size_t gk__read_glued_at(const char *s, size_t len);
/* The finding for a second report cut off at input line 'line'. */
gk_status gk__read_glued_finding(gk_report *rep, int64_t line);
/* Closes the reader's iconv descriptors (gk_reader_free). */
void gk__read_close_conv(struct gk__reader *rd);

/* cells.c */
/* Writes the matching key of s[0..n) into 'out' (room for n bytes):
 * white space and quotes dropped, full-width forms to ASCII, 只记 to 只计,
 * [bookmark: …] removed. Returns the key length (never more than n). */
size_t gk__read_key(const char *s, size_t n, char *out);
/* Length of the numbering (一、 （一） 1. 1、) at the start of a key. */
size_t gk__read_numbering(const char *k, size_t n, int *value);
/* Fills the hashed keys of both templates' labels and section titles. */
void gk__read_build_keys(struct gk__reader *rd);
/* Entries whose key is k[0..n); returns how many (at most 'max'). */
size_t gk__read_lookup(const struct gk__reader *rd, const char *k, size_t n,
                       uint16_t *out, size_t max);
/* Bytes of a heading line once trimmed, at most (longer: no heading). */
#define GK__HEADING_MAX 256
/* Cuts the text into lines and cells, finds section headings. */
gk_status gk__read_cut(struct gk__reader *rd);
/* Value of the Chinese numeral at s (〇 零 ○ 一 … 十), -1 if none; its
 * length in '*n' (number.c). */
int gk__read_cn_digit(const char *s, size_t len, size_t *n);
/* Section number (1..6) whose title or variant is k[0..n), else 0. */
int gk__read_section_title(const struct gk__reader *rd, const char *k,
                           size_t n);

/* number.c: classifies a key as text, number or blank. For numbers,
 * '*v' is the value scaled by GK_SCALE and '*yuan' is set when it ends
 * in 元 (not 万元). */
int gk__read_value_any(const char *k, size_t n, int64_t *v, bool *yuan);

/* gk__read_value_any, a count of up to 14 ASCII digits (most cells: 0,
 * 12) read here without the call. */
static inline int gk__read_value(const char *k, size_t n, int64_t *v,
                                 bool *yuan) {
  if (n && n <= 14) {
    uint64_t w = 0;
    size_t i = 0;
    while (i < n && k[i] >= '0' && k[i] <= '9')
      w = w * 10 + (uint64_t)(k[i++] - '0');
    if (i == n) {
      *yuan = false;
      *v = (int64_t)w * GK_SCALE;
      return GK__V_NUM;
    }
  }
  return gk__read_value_any(k, n, v, yuan);
}

/* recover.c: resolves the glued rows of the report (findings and cell
 * flags); 'digits' are in the key arena. */
gk_status gk__read_recover(struct gk__reader *rd);

/* meta.c: agency, year and period from the title and text (before the
 * tables are read: the year may decide the template); the date from the
 * tail, from rd->tail_line on. */
void gk__read_title(struct gk__reader *rd);
void gk__read_date(struct gk__reader *rd);

/* flow.c: the layout-free core. Rebuilds the decoded text rd->text as the
 * tab-line form (rows found by their labels anywhere in the character
 * stream) into 'out'; '*map' (caller frees with the reader's allocator)
 * gives each output line's source line. 'notes' receives what text.c
 * cannot see in the rebuilt form: loosely matched labels, groups printed
 * as one row. */
#define GK__FLOW_NOTES 16
struct gk__flow_loose {
  uint8_t t, r;  /* table, row */
  int64_t line;  /* source line */
  char text[64]; /* the label as printed (excerpt) */
};
struct gk__flow_notes {
  int tpl;                                     /* template of the rows */
  struct gk__flow_loose loose[GK__FLOW_NOTES]; /* loose label matches */
  size_t nloose;
  uint8_t group_first[GK__FLOW_NOTES]; /* first sub-row of a group read
                                          as one row */
  uint8_t group_row[GK__FLOW_NOTES];   /* the sub-row given its numbers */
  int64_t group_line[GK__FLOW_NOTES];  /* source line */
  size_t ngroup;
  uint64_t work; /* steps the stream reading took (tests: linear time) */
};
gk_status gk__read_flow(struct gk__reader *rd, gk__buf *out, int64_t **map,
                        size_t *nmap, struct gk__flow_notes *notes);

/* text.c: the state of a reader (tests: line_first, line_reads). */
struct gk__reader *gk__reader_state(gk_reader *reader);

/* Sets what the reader is doing (both languages), for error messages. */
#define GK__DOING(rd, zh, en)                                                  \
  do {                                                                         \
    (rd)->doing = (zh);                                                        \
    (rd)->doing_en = (en);                                                     \
  } while (0)

/* Fails with GK_E_NOMEM, naming what the reader was doing. Inline, so
 * the files below text.c (cells, encoding, flow, recover) need not call
 * back up into it (issue 14 item 2). */
static inline gk_status gk__read_nomem(struct gk__reader *rd) {
  return gk__fail(rd->err, GK_E_NOMEM, 0, 0, -1, "%s时内存不足",
                  "out of memory while %s", rd->doing ? rd->doing : "读取",
                  rd->doing_en ? rd->doing_en : "reading");
}

/* Length of the white-space character at s[0..n) other than ASCII (the
 * UTF-8 of U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF), 0 if
 * there is none: compared as bytes, the reader trims every line and cell
 * several times. */
static inline size_t gk__read_wide_space(const unsigned char *u, size_t n) {
  if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
    return 2;
  if (n < 3)
    return 0;
  if (u[0] == 0xe3)
    return u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
  if (u[0] == 0xe2)
    return (u[1] == 0x80 && (u[2] <= 0x8b || u[2] == 0xaf) && u[2] >= 0x80) ||
                   (u[1] == 0x81 && u[2] == 0x9f)
               ? 3
               : 0;
  if (u[0] == 0xef)
    return u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
  return 0;
}

/* Trims white space (ASCII, NBSP, U+3000) from both ends of s[0..*n). */
static inline const char *gk__read_trim(const char *s, size_t *n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t a = 0, b = *n;
  while (a < b) {
    unsigned char c = u[a];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      a++;
      continue;
    }
    size_t m = c >= 0xc2 ? gk__read_wide_space(u + a, b - a) : 0;
    if (!m)
      break;
    a += m;
  }
  while (b > a) {
    unsigned char c = u[b - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      b--;
      continue;
    }
    if (c == 0xa0 && b - a >= 2 && u[b - 2] == 0xc2) {
      b -= 2;
      continue;
    }
    if (c == 0x80 && b - a >= 3 && u[b - 3] == 0xe3 && u[b - 2] == 0x80) {
      b -= 3;
      continue;
    }
    break;
  }
  *n = b - a;
  return s + a;
}

#endif /* GK_READ_TEXT_INTERNAL_H */
