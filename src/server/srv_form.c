/* srv_form.c: request bodies of type application/x-www-form-urlencoded
 * (the HTML forms of gongkai serve; WHATWG URL Standard, "application/
 * x-www-form-urlencoded parsing") into name/value fields, in place, without
 * allocating. Fields must be text: well-formed UTF-8 without NUL or control
 * characters but tab and line breaks. Kept apart from libmicrohttpd so
 * fuzz/fuzz_form.c can run it on anything. */
#include "srv_core.h"

#include <string.h>

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes %XX and '+' in place; false on a bad escape or %00. */
bool srv_url_decode(char *s) {
  char *o = s;
  for (char *p = s; *p; p++) {
    if (*p == '+')
      *o++ = ' ';
    else if (*p == '%') {
      int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
      if (h < 0 || l < 0 || (h == 0 && l == 0))
        return false; /* %00 would cut the text short unseen */
      *o++ = (char)(h * 16 + l);
      p += 2;
    } else
      *o++ = *p;
  }
  *o = '\0';
  return true;
}

/* Well-formed UTF-8 without NUL and without C0 controls other than tab,
 * CR and LF (forms carry text, nothing else). */
bool srv_text_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return false;
      i++;
      continue;
    }
    size_t k;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf)
      k = 1, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
      k = 2, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
      k = 3, cp = c & 0x07;
    else
      return false;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (p[i + j] & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (p[i + j] & 0x3f);
    }
    if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return false;
    i += k + 1;
  }
  return true;
}

srv_form_status srv_form_parse(char *body, size_t len, srv_field *fields,
                               size_t max, size_t *n) {
  *n = 0;
  if (memchr(body, '\0', len))
    return SRV_FORM_BAD_TEXT;
  char *p = body;
  while (p && *p) {
    char *amp = strchr(p, '&');
    if (amp)
      *amp = '\0';
    char *eq = strchr(p, '=');
    if (eq)
      *eq = '\0';
    char *name = p, *value = eq ? eq + 1 : p + strlen(p);
    if (!srv_url_decode(name) || !srv_url_decode(value) ||
        !srv_text_ok(name, strlen(name)) || !srv_text_ok(value, strlen(value)))
      return SRV_FORM_BAD_TEXT;
    if (*name) {
      if (*n == max)
        return SRV_FORM_TOO_MANY;
      fields[*n].name = name;
      fields[*n].value = value;
      (*n)++;
    }
    p = amp ? amp + 1 : NULL;
  }
  return SRV_FORM_OK;
}
