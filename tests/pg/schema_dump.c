/* schema_dump: prints the ledger's PostgreSQL migrations (schema_pg.c) in
 * order, each in its own transaction, for psql: the text the store runs,
 * applied by the RLS test (test_rls.sh). */
#include "ledger/schema_pg.h"

#include <stdio.h>

int main(void) {
  for (int v = 1; v <= 10; v++) {
    char *sql = NULL;
    gk_error e;
    gk_error_clear(&e);
    gk_status rc = gk__schema_pg(NULL, v, &sql, &e);
    if (rc == GK_E_ARG)
      continue; /* a number with no migration (5, 9) */
    if (rc) {
      fprintf(stderr, "schema_dump: migration %d: %s\n", v, e.message_en);
      return 1;
    }
    printf("-- migration %d\nBEGIN;\n%s\nCOMMIT;\n", v, sql);
    gk__free(NULL, sql);
  }
  return 0;
}
