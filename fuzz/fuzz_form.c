/* fuzz_form.c: libFuzzer target for the form bodies of gongkai serve
 * (src/server/srv_form.c: application/x-www-form-urlencoded into fields,
 * in place), the one parser the server runs on request bytes itself
 * (style.md §10: "HTTP request parsing").
 *
 * The input is the body. Whatever it is, the parser must stop within it;
 * when it accepts, every field must be non-empty-named text that passes
 * srv_text_ok, lie inside the body and be no longer than it; at most 'max'
 * fields. A body is re-encoded and parsed again: the same fields (abort
 * otherwise). replay.c replays the corpus in ctest without libFuzzer. The
 * parser is compiled in (it is not part of the library). */
#include "../src/server/srv_form.c"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX = 8 };

static size_t encode(const char *s, char *out) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9'))
      out[o++] = (char)*p;
    else {
      out[o++] = '%';
      out[o++] = hex[*p >> 4];
      out[o++] = hex[*p & 15];
    }
  }
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *body = malloc(size + 1);
  if (!body)
    return 0;
  memcpy(body, data, size);
  body[size] = '\0';
  srv_field f[MAX];
  size_t n = 0;
  srv_form_status st = srv_form_parse(body, size, f, MAX, &n);
  if (n > MAX)
    abort();
  if (st == SRV_FORM_OK) {
    /* a re-encoded copy parses to the same fields */
    char *again = malloc(size * 3 + MAX * 2 + 1);
    if (!again)
      abort();
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
      size_t nl = strlen(f[i].name), vl = strlen(f[i].value);
      if (!nl || nl > size || vl > size || f[i].name < body ||
          f[i].value > body + size || !srv_text_ok(f[i].name, nl) ||
          !srv_text_ok(f[i].value, vl))
        abort();
      if (i)
        again[o++] = '&';
      o += encode(f[i].name, again + o);
      again[o++] = '=';
      o += encode(f[i].value, again + o);
    }
    again[o] = '\0';
    srv_field g[MAX];
    size_t m = 0;
    if (srv_form_parse(again, o, g, MAX, &m) != SRV_FORM_OK || m != n)
      abort();
    for (size_t i = 0; i < n; i++)
      if (strcmp(f[i].name, g[i].name) || strcmp(f[i].value, g[i].value))
        abort();
    free(again);
  }
  free(body);
  return 0;
}
