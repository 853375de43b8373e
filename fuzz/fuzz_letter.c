/* fuzz_letter.c: libFuzzer target for notice letters' templates
 * (src/lib/write/letter.c): an office's template file is bytes from disk.
 *
 * The first byte picks the kind; the rest is the template. Every field of
 * the kind holds markup. Invariants (abort otherwise): writing succeeds
 * exactly when gk_letter_template_check does, in both formats; a refused
 * template writes nothing; no output ever holds a "<script" or "<w:p/>"
 * that neither the template's own escaping nor the values may produce.
 * replay.c replays the corpus in ctest without libFuzzer. */
#include "gongkai.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct out {
  char *p;
  size_t len, calls;
} out;

static int sink(const char *d, size_t n, void *ud) {
  out *o = ud;
  char *p = realloc(o->p, o->len + n + 1);
  if (!p)
    return -1;
  memcpy(p + o->len, d, n);
  o->p = p;
  o->len += n;
  o->p[o->len] = '\0';
  o->calls++;
  return 0;
}

/* Whether s[0..n) holds 'w' (the output may hold NUL bytes: a .docx). */
static int holds(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  for (size_t i = 0; s && i + k <= n; i++)
    if (memcmp(s + i, w, k) == 0)
      return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  gk_letter_kind kind = (gk_letter_kind)(data[0] % GK_LETTER_KIND_LAST);
  const char *tpl = (const char *)data + 1;
  size_t len = size - 1;
  gk_letter *l = NULL;
  if (gk_letter_new(&l, kind, NULL, NULL))
    return 0;
  for (size_t i = 0; i < gk_letter_field_count(kind); i++)
    gk_letter_set(l, gk_letter_field_name(kind, i),
                  "<script>x</script><w:p/>{{ref}}\n&", NULL);
  gk_status ok = gk_letter_template_check(kind, tpl, len, "fuzz", NULL);
  for (int f = 0; f < 2; f++) {
    gk_letter_opts o = {.version = GK_LETTER_OPTS_VERSION,
                        .format = (gk_letter_format)f,
                        .template_text = tpl,
                        .template_len = len};
    out b = {NULL, 0, 0};
    gk_status st = gk_letter_write(l, &o, sink, &b, NULL);
    if ((st == GK_OK) != (ok == GK_OK))
      abort();
    if (st && b.calls)
      abort();
    /* the .docx is deflated: only the HTML is searched */
    if (!st && f == GK_LETTER_HTML &&
        (holds(b.p, b.len, "<script") || holds(b.p, b.len, "<w:p/>")))
      abort();
    free(b.p);
  }
  gk_letter_free(l);
  return 0;
}
