/* db_pg.h: what db_pg.c, the PostgreSQL driver of db.h, offers beside its
 * table of functions (gk__db_pg_ops, db_driver.h; issue 13). */
#ifndef GK_DB_PG_H
#define GK_DB_PG_H

#include "gk_internal.h"

/* Rewrites SQLite's placeholders as PostgreSQL's: '?' is one more than
 * the highest number given so far, '?N' is $N (SQLite's rules), and a '?'
 * inside a string, a quoted name, a comment or a dollar-quoted body stays
 * as it is. Stores the new text (free with gk__free) and the number of
 * parameters. GK_E_ARG for '?0' or a number above 32767, GK_E_NOMEM. */
gk_status gk__pg_placeholders(const gk_alloc *alloc, const char *sql,
                              char **out, int *nparams, gk_error *err);

#endif /* GK_DB_PG_H */
