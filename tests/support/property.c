/* property.c: the property tests' shared knobs and failure report
 * (property.h). */
#include "property.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "gongkai.h"

#define MAX_REPORTED_FAILURES 10

uint64_t gk_prop_env_u64(const char *name, uint64_t dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  return (end && !*end) ? (uint64_t)v : dflt;
}

void gk_prop_report_failure(gk_prop_stats *s, uint64_t seed,
                            const gk_gen_truth *tr, const char *text,
                            size_t len, const char *fmt, ...) {
  s->failures++;
  s->fails[tr->layout]++;
  if (s->failures > MAX_REPORTED_FAILURES)
    return;
  char flags[128], path[512], why[512];
  const char *tmp = getenv("TMPDIR");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof(why), fmt, ap);
  va_end(ap);
  gk_gen_flags_name(tr->flags, flags, sizeof(flags));
  snprintf(path, sizeof(path), "%s/gk_property_%llu.txt",
           tmp && *tmp ? tmp : "/tmp", (unsigned long long)seed);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(text, 1, len, f);
    fclose(f);
  }
  fprintf(stderr,
          "property: FAIL seed %llu: layout %s, encoding %s, flags %s, "
          "year %d (template %s)%s%s\n  %s\n  text: %s\n"
          "  again: GK_PROPERTY_SEED=%llu %s\n",
          (unsigned long long)seed, gk_gen_layout_name(tr->layout),
          gk_gen_encoding_name(tr->encoding), flags, tr->year,
          gk_template_name(tr->tpl), tr->corrupted ? ", corrupted" : "",
          tr->ambiguous ? ", ambiguous" : "", why, f ? path : "(not written)",
          (unsigned long long)seed, s->rerun ? s->rerun : "");
}

/* Compares every cell with the printed values; returns 0 or describes the
 * first difference in 'why'. */
int gk_prop_cells_match(const gk_report *rep, const gk_gen_truth *tr, char *why,
                        size_t whysz) {
  const gk_template *tpl = tr->tpl;
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        int64_t want = tr->value[t][r][c];
        if (tr->corrupted && t == tr->table && r == tr->row && c == tr->col)
          want = tr->reported;
        int64_t got = gk_report_cell(rep, t, r, c);
        if (got != want) {
          snprintf(why, whysz, "cell %s.%s.%s: read %lld, generated %lld",
                   gk_template_table_id(tpl, t), gk_template_row_id(tpl, t, r),
                   gk_template_col_id(tpl, t, r, c), (long long)got,
                   (long long)want);
          return -1;
        }
      }
  return 0;
}
