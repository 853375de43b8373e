/* db_driver.h: what a driver of db.h implements (internal; issue 13).
 *
 * db.c dispatches every db.h call through the driver the connection or
 * statement was made by: a table of functions, as SQLite's own VFS and
 * libpq-free builds do. A driver's connection and statement structs start
 * with the members below, so db.c can read which driver they belong to.
 * db_sqlite.c is one driver; db_pg.c (issue 13, PostgreSQL) the other,
 * registered in db.c when built with GK_HAVE_PG. Only db.c and the
 * drivers include this header. */
#ifndef GK_DB_DRIVER_H
#define GK_DB_DRIVER_H

#include "db.h"

typedef struct gk__db_ops {
  gk__db_kind kind;
  gk_status (*open)(gk__db **out, const char *target, bool create,
                    int timeout_ms, const gk_alloc *alloc, gk_error *err);
  void (*close)(gk__db *db);
  bool (*readonly)(const gk__db *db);
  gk_status (*exec)(gk__db *db, const char *sql, gk_error *err);
  gk_status (*begin)(gk__db *db, bool write, gk_error *err);
  gk_status (*commit)(gk__db *db, gk_error *err);
  void (*rollback)(gk__db *db);
  bool (*in_transaction)(const gk__db *db);
  gk_status (*prepare)(gk__db *db, const char *sql, bool keep, gk__stmt **out,
                       gk_error *err);
  gk_status (*last_error)(gk__db *db, gk_error *err);
  bool (*last_unique)(const gk__db *db);
  gk_status (*backup)(gk__db *db, const char *path, gk_error *err);

  void (*stmt_free)(gk__stmt *s);
  void (*stmt_reset)(gk__stmt *s);
  void (*bind_int)(gk__stmt *s, int i, int64_t v);
  void (*bind_text)(gk__stmt *s, int i, const char *v);
  void (*bind_blob)(gk__stmt *s, int i, const void *v, size_t n);
  void (*bind_null)(gk__stmt *s, int i);
  void (*bind_date)(gk__stmt *s, int i, int32_t yyyymmdd);
  gk_status (*step)(gk__stmt *s, bool *row, gk_error *err);
  int (*col_count)(gk__stmt *s);
  const char *(*col_name)(gk__stmt *s, int i);
  bool (*col_is_null)(gk__stmt *s, int i);
  int64_t (*col_int)(gk__stmt *s, int i);
  const char *(*col_text)(gk__stmt *s, int i);
  const void *(*col_blob)(gk__stmt *s, int i, size_t *n);
  bool (*col_is_int)(gk__stmt *s, int i);
  int64_t (*changes)(gk__stmt *s);
} gk__db_ops;

/* The head of every driver's connection. */
struct gk__db {
  const gk__db_ops *ops;
  const char *doing; /* gk__db_doing: what the messages say is being done */
  const char *write_lock; /* gk__db_write_lock: SQL a write BEGIN runs too */
};

/* The head of every driver's statement. */
struct gk__stmt {
  const gk__db_ops *ops;
};

extern const gk__db_ops gk__db_sqlite_ops;
#ifdef GK_HAVE_PG
extern const gk__db_ops gk__db_pg_ops;
#endif

#endif /* GK_DB_DRIVER_H */
