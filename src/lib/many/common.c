/* common.c: helpers of the many-reports module (many.h): the JSON pieces shared by the merge and compare writers. */
#include "many.h"

#include <string.h>

#define REAL_DIGITS 15 /* as write/json.c: exact for 4 decimals < 10^11 */

json_t *gk__many_json_number(int64_t v) {
  if (v % GK_SCALE == 0)
    return json_integer((json_int_t)(v / GK_SCALE));
  return json_real((double)v / (double)GK_SCALE);
}

bool gk__many_json_set(json_t *obj, const char *key, json_t *val) {
  return json_object_set_new(obj, key, val) == 0;
}

json_t *gk__many_json_string(const char *s) {
  if (!s)
    return json_null();
  size_t len = strlen(s);
  if (gk__utf8_valid(s, len))
    return json_stringn(s, len);
  char *copy = gk__strndup(NULL, s, len);
  if (!copy)
    return NULL;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)copy[i] >= 0x80)
      copy[i] = '?';
  json_t *j = json_stringn(copy, len);
  gk__free(NULL, copy);
  return j;
}

json_t *gk__many_json_finding(const gk_finding *f, gk_lang lang) {
  int64_t v;
  json_t *o = json_object();
  if (!o)
    return NULL;
  const char *msg = gk_finding_message(f, lang);
  bool ok =
      gk__many_json_set(o, "rule", json_string(gk_finding_rule(f))) &&
      gk__many_json_set(o, "severity",
                        json_string(gk_finding_severity(f) == GK_SEV_ERROR
                                        ? "error"
                                        : "warning")) &&
      gk__many_json_set(o, "table",
                        gk__many_json_string(gk_finding_table(f))) &&
      gk__many_json_set(o, "row", gk__many_json_string(gk_finding_row(f))) &&
      gk__many_json_set(o, "column", gk__many_json_string(gk_finding_col(f))) &&
      gk__many_json_set(o, "reported",
                        gk_finding_reported(f, &v) ? gk__many_json_number(v)
                                                   : json_null()) &&
      gk__many_json_set(o, "expected",
                        gk_finding_expected(f, &v) ? gk__many_json_number(v)
                                                   : json_null()) &&
      gk__many_json_set(o, "message", gk__many_json_string(msg ? msg : ""));
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

struct sink {
  gk_write_fn fn; /* caller's output */
  void *ud;       /* its user data */
  bool refused;   /* fn returned non-zero */
};

static int dump_cb(const char *buffer, size_t size, void *data) {
  struct sink *s = data;
  if (s->fn(buffer, size, s->ud) != 0) {
    s->refused = true;
    return -1;
  }
  return 0;
}

gk_status gk__many_json_dump(json_t *root, gk_write_fn fn, void *ud,
                             gk_error *err) {
  if (!root)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "写出时内存不足",
                    "out of memory while writing");
  struct sink s = {fn, ud, false};
  int rc = json_dump_callback(root, dump_cb, &s,
                              JSON_COMPACT | JSON_REAL_PRECISION(REAL_DIGITS));
  json_decref(root);
  if (rc == 0 && fn("\n", 1, ud) != 0) {
    s.refused = true;
    rc = -1;
  }
  if (rc != 0 && s.refused)
    return gk__fail(err, GK_E_IO, 0, 0, -1, "写出被拒绝",
                    "the output refused the data");
  if (rc != 0)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "写出时内存不足",
                    "out of memory while writing");
  return GK_OK;
}
