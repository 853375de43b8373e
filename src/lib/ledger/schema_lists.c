/* schema_lists.c: the values the schema's CHECKs allow, as SQL, for both
 * backends' migration 1 (store.c on SQLite, schema_pg.c on PostgreSQL).
 * Apart from both so neither calls the other back (cli.test_layers): the
 * store asks schema_pg.c for PostgreSQL's DDL, and both ask this file. The
 * values themselves come from the data tables (vocab.c, the template). */
#include "store.h"

/* The CHECK condition of a column from the data tables (vocab.c, the
 * template): "column = 'a' OR column = 'b' ...". An OR chain, not IN
 * (...): SQLite builds an ephemeral index for an IN list on every insert,
 * which made a bulk import seven times slower. Owned by the caller. */
typedef struct check_sql {
  gk__buf b;
  const char *column;
  size_t n;
  gk_status rc;
} check_sql;

static void check_add(const char *id, void *ud) {
  check_sql *c = ud;
  c->rc |=
      gk__buf_printf(&c->b, "%s%s = '%s'", c->n++ ? " OR " : "", c->column, id);
}

char *gk__store_sql_check(const gk_alloc *a, int which,
                          const char *column) {
  check_sql c;
  gk__buf_init(&c.b, a, 0);
  c.column = column;
  c.n = 0;
  c.rc = GK_OK;
  gk__app_list_each(which, check_add, &c);
  if (c.rc) {
    gk__buf_free(&c.b);
    return NULL;
  }
  return gk__buf_detach(&c.b, NULL);
}
