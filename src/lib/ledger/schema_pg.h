/* schema_pg.h: the ledger's PostgreSQL DDL, per migration (schema_pg.c;
 * issue 13 item 3). */
#ifndef GK_SCHEMA_PG_H
#define GK_SCHEMA_PG_H

#include "gk_internal.h"

/* Stores in '*out' (free with gk__free) the PostgreSQL text of the
 * ledger's migration 'version', the counterpart of the SQLite text of the
 * same number; "" when it has nothing to do there. Run in the migration's
 * transaction by a role that is no superuser, after the group role
 * gk_office exists. GK_E_ARG for a number that is no migration. */
gk_status gk__schema_pg(const gk_alloc *alloc, int version, char **out,
                        gk_error *err);

/* Migration 7's last step, after the store chained the audit rows the
 * earlier migrations wrote: audit_log's no-update guard (the SQLite
 * migration drops and restores its own the same way). */
extern const char gk__schema_pg_7_guard[];

#endif /* GK_SCHEMA_PG_H */
