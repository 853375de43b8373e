/* fuzz_csv.c: libFuzzer target for the CSV writers' formula guard (issue
 * 15 point 5). The input, cut at its first NUL, is one text: written with
 * gk_write_csv_field and as the agency and file name of a report written
 * with gk_write_csv. Every output is parsed as RFC 4180; a cell that
 * starts with = + - @ tab or CR and is neither a plain negative number
 * nor a lone "-" aborts (a spreadsheet would run it), and so does a field
 * that does not read back to the text once the guard's apostrophe is
 * dropped. tests/unit/test_csv_formula.c runs the same property over
 * random texts and the ledger export. Replayed in ctest over
 * fuzz/corpus/csv (replay.c). */
#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
  char *p;
  size_t n, cap;
} out;

static int sink(const char *data, size_t len, void *ud) {
  out *o = ud;
  if (o->n + len + 1 > o->cap) {
    size_t cap = (o->n + len + 1) * 2;
    char *p = realloc(o->p, cap);
    if (!p)
      return 1;
    o->p = p;
    o->cap = cap;
  }
  memcpy(o->p + o->n, data, len);
  o->n += len;
  o->p[o->n] = '\0';
  return 0;
}

static bool negative_number(const char *s, size_t n) {
  size_t i = 1, d = 0, f = 0;
  if (n < 2 || s[0] != '-')
    return false;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
    d++;
  if (i < n && s[i] == '.')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      f++;
  return d && i == n && (f || s[n - 1] != '.');
}

/* Checks every cell of 'o'; 'want' (may be NULL) is the text the cell
 * 'which' (0-based, in document order) must read back to. */
static void check(const out *o, size_t which, const char *want) {
  size_t i = 0, cell = 0;
  char *f = malloc(o->n + 1);
  if (!f)
    return;
  while (i < o->n) {
    size_t k = 0;
    if (o->p[i] == '"') {
      for (i++;; i++) {
        if (i >= o->n)
          abort(); /* a quote never closed */
        if (o->p[i] == '"' && i + 1 < o->n && o->p[i + 1] == '"')
          f[k++] = o->p[i++];
        else if (o->p[i] == '"')
          break;
        else
          f[k++] = o->p[i];
      }
      i++;
    } else {
      while (i < o->n && o->p[i] != ',' && o->p[i] != '\n') {
        if (o->p[i] == '"')
          abort(); /* a bare quote */
        f[k++] = o->p[i++];
      }
    }
    if (k && strchr("=+-@\t\r", f[0]) && f[0] && !negative_number(f, k) &&
        !(k == 1 && f[0] == '-'))
      abort(); /* a spreadsheet runs this cell */
    if (want && cell == which) {
      size_t off = k > 1 && f[0] == '\'' && strchr("=+-@\t\r'", f[1]) && f[1];
      if (k - off != strlen(want) || memcmp(f + off, want, k - off) != 0)
        abort(); /* the text does not read back */
    }
    cell++;
    if (i < o->n && (o->p[i] == ',' || o->p[i] == '\n'))
      i++;
  }
  free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096)
    return 0;
  char *s = malloc(size + 1);
  if (!s)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0'; /* the text ends at its first NUL */
  out o = {NULL, 0, 0};
  if (gk_write_csv_field(s, sink, &o, NULL) == GK_OK && o.p)
    check(&o, 0, s);
  free(o.p);
  gk_report *rep = NULL;
  if (gk_report_new(&rep, gk_template_by_name("2021"), NULL) == GK_OK &&
      gk_report_set_agency(rep, s) == GK_OK &&
      gk_report_set_source_name(rep, s) == GK_OK) {
    out r = {NULL, 0, 0};
    if (gk_write_csv(rep, 1, sink, &r, NULL) == GK_OK && r.p)
      check(&r, 9, s); /* line 2: file (8), agency (9) */
    free(r.p);
  }
  gk_report_free(rep);
  free(s);
  return 0;
}
