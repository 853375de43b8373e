/* many.h: what merge.c, compare.c and similar.c share: the JSON pieces of
 * their outputs (jansson, as write/json.c). The shape of a finding is spec/report-fields.md's. */
#ifndef GK_MANY_H
#define GK_MANY_H

#include "../model/report.h"

#include <jansson.h>

/* A scaled value as a JSON number (integer when whole), as json.c does. */
json_t *gk__many_json_number(int64_t v);
/* A finding as the spec's finding object. NULL on OOM. */
json_t *gk__many_json_finding(const gk_finding *f, gk_lang lang);
/* Sets obj[key] = val, taking val; false on failure (val NULL included). */
bool gk__many_json_set(json_t *obj, const char *key, json_t *val);
/* A string or null (NULL 's'); invalid UTF-8 is refused by jansson, so
 * such bytes become '?'. */
json_t *gk__many_json_string(const char *s);
/* Dumps 'root' as one line plus a newline to 'fn'; takes 'root'. */
gk_status gk__many_json_dump(json_t *root, gk_write_fn fn, void *ud,
                             gk_error *err);

#endif /* GK_MANY_H */
