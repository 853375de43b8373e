/* fuzz_ledger_csv.c: libFuzzer target for gk_ledger_import_csv, the
 * ledger's CSV import (docs/ledger.md "CSV"), on an in-memory ledger. The
 * whole input is the CSV. If the import succeeds, the ledger is exported
 * and the export imported into a second ledger, which must succeed (the
 * round trip of docs/ledger.md); a failure aborts. All is freed (leaks are
 * findings). The corpus replays in ctest without libFuzzer (replay.c). */
#include "gongkai.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
  char *data;
  size_t len;
} out;

static int collect(const char *data, size_t len, void *ud) {
  out *o = ud;
  char *p = realloc(o->data, o->len + len);
  if (!p)
    return -1;
  memcpy(p + o->len, data, len);
  o->data = p;
  o->len += len;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_ledger *led = NULL, *again = NULL;
  if (gk_ledger_create(&led, ":memory:", "fuzz", "department", NULL, NULL))
    return 0;
  int64_t n = 0;
  out o = {NULL, 0};
  gk_error err;
  gk_error_clear(&err);
  if (gk_ledger_import_csv(led, (const char *)data, size, "fuzz.csv", &n,
                           &err) == GK_OK &&
      gk_ledger_export_csv(led, collect, &o, NULL) == GK_OK &&
      gk_ledger_create(&again, ":memory:", "fuzz", "department", NULL,
                       NULL) == GK_OK) {
    int64_t m = 0;
    if (gk_ledger_import_csv(again, o.data, o.len, "export", &m, NULL) ||
        m != n)
      abort(); /* an export the import refuses */
  }
  free(o.data);
  gk_ledger_free(again);
  gk_ledger_free(led);
  return 0;
}
