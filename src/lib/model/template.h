/* template.h: the official report formats as data (internal view).
 *
 * Both formats (国办公开办函〔2019〕60号 and 〔2021〕30号) are described once,
 * in template.c, as tables of rows and columns with stable ids (those of
 * spec/report-fields.md), official labels and the label variants real
 * reports use. Readers, the checker and writers walk these tables; a new
 * format is a new table there, not a new code path. */
#ifndef GK_TEMPLATE_H
#define GK_TEMPLATE_H

#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>

#define GK_MAX_COLS 7     /* widest row: apply's six applicants + total */
#define GK_TABLES 3       /* disclose, apply, review */
#define GK_SECTIONS 6     /* 一 to 六 */

enum gk_table_index { GK_T_DISCLOSE = 0, GK_T_APPLY = 1, GK_T_REVIEW = 2 };

/* Role of a row in the apply table's arithmetic (勾稽关系). */
typedef enum gk_row_role {
  GK_ROLE_NONE = 0,    /* disclose and review rows */
  GK_ROLE_NEW,         /* 一、本年新收: left side of the balance */
  GK_ROLE_CARRIED_IN,  /* 二、上年结转: left side of the balance */
  GK_ROLE_OUTCOME,     /* one outcome row: sums to total per column */
  GK_ROLE_TOTAL,       /* （七）总计: right side of the balance */
  GK_ROLE_CARRIED_OUT  /* 四、结转下年度: right side of the balance */
} gk_row_role;

typedef struct gk_col_def {
  const char *id;                /* stable id, e.g. "natural" */
  const char *label;             /* official label */
  gk_col_kind kind;              /* count, signed or amount */
  const char *const *variants;   /* other labels seen, NULL-terminated */
} gk_col_def;

/* A set of columns shared by consecutive rows (a block of table disclose,
 * or all rows of apply/review). */
typedef struct gk_colset {
  size_t ncols;          /* columns in this set */
  const gk_col_def *cols; /* the columns, in printed order */
  int sum_col;           /* index of the column that is the sum of the
                            others (apply/review "total"), -1 if none */
} gk_colset;

typedef struct gk_row_def {
  const char *id;              /* stable id, e.g. "denied.state_secret" */
  const char *label;           /* official label, with its numbering */
  const char *group;           /* group label printed before it, or NULL */
  const char *block;           /* block header (disclose), or NULL */
  const gk_colset *colset;     /* its columns */
  gk_row_role role;            /* role in the apply arithmetic */
  const char *const *variants; /* other labels seen, NULL-terminated */
} gk_row_def;

/* Columns printed under one merged header cell (apply: 法人或其他组织
 * over the five kinds of organisation), for writers of the official
 * layout. */
typedef struct gk_col_group {
  const char *label; /* the merged cell's label */
  size_t first;      /* its first column */
  size_t count;      /* columns it spans */
} gk_col_group;

typedef struct gk_table_def {
  const char *id;        /* "disclose", "apply", "review" */
  int section;           /* section number (2, 3, 4) that holds it */
  size_t nrows;          /* rows */
  const gk_row_def *rows; /* rows in printed order */
  size_t ncells;         /* sum of every row's column count */
  const size_t *offset;  /* offset[r] = index of row r's first cell */
  const char *const *header_labels; /* column/caption labels printed in the
                                       table's header, NULL-terminated */
  const gk_col_group *col_group;    /* merged column header, or NULL */
} gk_table_def;

typedef struct gk_section_def {
  const char *title;           /* official title without numbering */
  const char *const *variants; /* other titles seen, NULL-terminated */
} gk_section_def;

struct gk_template {
  const char *name;       /* "2019" or "2021" */
  const char *source;     /* the State Council document */
  int first_year;         /* first report year it serves */
  int last_year;          /* last report year it serves (9999: open) */
  gk_table_def tables[GK_TABLES];
  gk_section_def sections[GK_SECTIONS];
};

/* The known templates, newest last, NULL-terminated. */
extern const gk_template *const gk__templates[];

/* Table, row and column access by index (no bounds checks: internal). */
static inline const gk_row_def *gk__row(const gk_template *tpl, size_t t,
                                        size_t r) {
  return &tpl->tables[t].rows[r];
}
static inline size_t gk__ncols(const gk_template *tpl, size_t t, size_t r) {
  return tpl->tables[t].rows[r].colset->ncols;
}
static inline size_t gk__cell_index(const gk_template *tpl, size_t t,
                                    size_t r, size_t c) {
  return tpl->tables[t].offset[r] + c;
}

/* Finds a row of table 't' by id; returns its index or -1. */
int gk__row_find(const gk_template *tpl, size_t t, const char *id);

#endif /* GK_TEMPLATE_H */
