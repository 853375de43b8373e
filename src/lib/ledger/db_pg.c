/* db_pg.c: the PostgreSQL driver of db.h on libpq (issue 13 item 1).
 *
 * Statements run prepared: text parameters ('?' renumbered $n once, at
 * prepare), text results. The first run of a statement's text on a
 * connection goes unnamed (PQexecParams: a command that runs each
 * statement once pays no more round trips); the second sends it with
 * PQprepare under a name of the connection's, and every later run (of any
 * gk__stmt with that text) only PQexecPrepared, no parse and no analysis
 * on the server (the plan cache's own rule decides when a generic plan
 * replaces the custom ones). The names die with the connection (a
 * reconnection starts afresh) and after DDL (x_exec deallocates them, so
 * no plan outlives a migration); past PREPARED_MAX texts a statement runs
 * unnamed (PQexecParams). A result is read whole before the
 * first row is handed out: the store steps one statement while it runs
 * others on the same connection (as SQLite allows), which libpq's
 * single-row mode forbids.
 *
 * Parameters go untyped: the server infers each from its place, as it
 * would for a literal (an int4 for substr's position, a text for a text
 * column). Where nothing gives a type ("? IS NULL" alone), the shared SQL
 * says it: CAST(? AS text).
 *
 * Writers queue as SQLite's do: a write transaction takes one advisory
 * lock (pg_advisory_xact_lock) before anything else, so the store's
 * read-then-write steps (the next reference number, a state change) see
 * no concurrent writer, and the wait is bounded by lock_timeout; the
 * store's agency lock (gk__db_write_lock) rides in the same round trip.
 *
 * Failover: the connection string may name several hosts; libpq connects
 * to the one that accepts writes (target_session_attrs=read-write). When
 * the connection is lost, the statement fails, and the next one outside a
 * transaction reconnects, trying for up to the timeout while a standby is
 * promoted. A statement is never re-sent by the driver: whether a write
 * whose answer was lost was committed is for the caller to find out.
 *
 * Messages carry the server's primary message and SQLSTATE, never its
 * DETAIL (which quotes row values), and a data exception (class 22, whose
 * message may quote the value) only its SQLSTATE; the connection is named
 * by host, port and database, never by the connection string (which may
 * hold a password). */
#include "db_pg.h"
#include "db_driver.h"

#include <libpq-fe.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The one advisory lock every write transaction takes ("gongkai" in
 * ASCII, so that another application's locks do not collide by chance). */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(7453191717409417)"

/* Texts kept prepared per connection: the store's are some 150; a bound
 * keeps dynamic texts (a report's filters) from growing the server's
 * memory without end. */
#define PREPARED_MAX 512

/* PostgreSQL's type oids (catalog/pg_type_d.h is a server header). */
enum {
  OID_BOOL = 16,
  OID_BYTEA = 17,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_NUMERIC = 1700
};

/* A statement text run on the connection: once (not named yet), or
 * prepared as "gk<name>". */
struct prepared {
  uint64_t hash; /* of 'sql', compared first */
  char *sql;     /* with $n placeholders, owned */
  unsigned name;
  bool named;    /* prepared on the server */
};

typedef struct pg_db {
  gk__db base;           /* ops, doing (db_driver.h) */
  const gk_alloc *alloc; /* everything below is allocated with it */
  PGconn *conn;          /* NULL after a failed reconnection */
  char *target;          /* the caller's connection string */
  int timeout_ms;        /* lock wait and reconnection budget */
  bool in_tx;            /* between begin and commit/rollback */
  bool lost;             /* connection lost: reconnect before the next use */
  bool readonly;         /* a standby (target_session_attrs said any) */
  gk_error last;         /* the last failure (gk__db_last_error) */
  char last_state[6];    /* its SQLSTATE, "" when none */
  char fail_state[6];    /* the SQLSTATE pg_fail saw, until relayed */
  struct prepared *prep; /* [nprep] texts prepared on this connection */
  size_t nprep;
  unsigned next_name;    /* the next statement's name */
  unsigned gen;          /* bumped when 'prep' is emptied */
  bool stale;            /* DDL ran: deallocate before the next prepare */
} pg_db;

struct blob {
  unsigned char *p; /* PQunescapeBytea's, freed with PQfreemem */
  size_t n;         /* its length */
};

typedef struct pg_stmt {
  gk__stmt base;       /* ops (db_driver.h) */
  pg_db *db;           /* borrowed; outlives the statement */
  char *sql;           /* with $n placeholders */
  int nparams;         /* highest $n */
  const char **vals;   /* [nparams] bound values (NULL: SQL NULL), borrowed
                          (text, blob) or pointing into 'nums' */
  char (*nums)[24];    /* [nparams] integers and dates as text */
  int *lens;           /* [nparams] byte lengths (blobs) */
  int *fmts;           /* [nparams] 0 text, 1 binary (blobs) */
  gk_status sticky;    /* first failed bind, returned by the next step */
  char sticky_msg[96]; /* its English text */
  PGresult *res;       /* the whole result once run, else NULL */
  int row;             /* current row of 'res', -1 before the first */
  bool done;           /* stepped past the last row: false until reset */
  struct blob *blobs;  /* [columns] bytea of the current row, decoded */
  int64_t changes;     /* rows changed by the last run */
  Oid *types;          /* [nparams] text for a parameter the SQL never
                          names, else 0 (inferred); NULL when it names all */
  uint64_t hash;       /* of 'sql' (FNV-1a) */
  unsigned gen;        /* db->gen when 'name' was found */
  char name[16];       /* its prepared name, "" when not (yet) known */
} pg_stmt;

static void x_close(pg_db *db);
static void x_stmt_free(pg_stmt *s);

/* === Errors === */

/* host:port/db of the connection, for messages. */
static void where(const pg_db *db, char *out, size_t n) {
  if (db->conn && PQhost(db->conn))
    snprintf(out, n, "%s:%s/%s", PQhost(db->conn),
             PQport(db->conn) ? PQport(db->conn) : "",
             PQdb(db->conn) ? PQdb(db->conn) : "");
  else
    snprintf(out, n, "PostgreSQL");
}

static bool lost_state(const char *state) {
  /* 08: connection exception; 57P01..3: the server shuts down or starts */
  return !state || strncmp(state, "08", 2) == 0 ||
         strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
         strcmp(state, "57P03") == 0;
}

/* Maps a failed result (or, res NULL, a failed call) to a status, marking
 * the connection lost when it is. 'doing' names the step. */
static gk_status pg_fail(pg_db *db, const PGresult *res, gk_error *err,
                         const char *doing) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  if (db->base.doing)
    doing = db->base.doing;
  snprintf(db->fail_state, sizeof(db->fail_state), "%s", state ? state : "");
  char at[160];
  where(db, at, sizeof(at));
  if (!db->conn || PQstatus(db->conn) == CONNECTION_BAD ||
      (lost_state(state) && (!res || state))) {
    bool in_tx = db->in_tx;
    db->lost = true;
    if (in_tx) /* the server rolled it back: the whole of it may be retried */
      return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                      "与数据库 %s 的连接在事务中断开（%s），事务未提交，"
                      "可以重试",
                      "the connection to the database %s was lost in a "
                      "transaction (%s): nothing of it was committed, retry",
                      at, doing);
    return gk__fail(err, GK_E_DB, 0, 0, -1,
                    "与数据库 %s 的连接断开（%s），这一操作是否已生效不明："
                    "请先查看再决定是否重做",
                    "the connection to the database %s was lost (%s): "
                    "whether this change took effect is unknown, look "
                    "before doing it again",
                    at, doing);
  }
  if (!state)
    state = "";
  const char *msg =
      res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!msg || strncmp(state, "22", 2) == 0) /* may quote a value */
    msg = "";
  if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
      strcmp(state, "55P03") == 0)
    return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                    "数据库 %s 忙（%s，%s），事务未提交，请稍后重试",
                    "the database %s is busy (%s, %s): nothing was "
                    "committed, try again",
                    at, state, doing);
  if (strcmp(state, "25006") == 0)
    return gk__fail(err, GK_E_READONLY, 0, 0, -1,
                    "数据库 %s 只读（备库或只读事务，%s）：可以查看、导出和"
                    "生成报告，不能修改",
                    "the database %s is read-only (a standby or a read-only "
                    "transaction, %s): it can be listed, exported and "
                    "reported on, not changed",
                    at, doing);
  if (strcmp(state, "53100") == 0)
    return gk__fail(err, GK_E_NOSPACE, 0, 0, -1,
                    "数据库服务器 %s 磁盘已满（%s）：请腾出空间后重试，"
                    "台账未被改动",
                    "the database server %s is out of disk space (%s); free "
                    "some space and retry, nothing was changed",
                    at, doing);
  if (strcmp(state, "53200") == 0)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "数据库内存不足（%s）",
                    "database out of memory (%s)", doing);
  return gk__fail(err, GK_E_DB, 0, 0, -1, "数据库 %s 出错（%s，%s）：%s",
                  "database %s failed (%s, %s): %s", at, state, doing, msg);
}

static gk_status oom(gk_error *err) {
  return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
}

/* === Connection === */

/* The server's notices (a DROP … IF EXISTS that found nothing) would go
 * to stderr: the library never prints. */
static void no_notice(void *arg, const char *message) {
  (void)arg, (void)message;
}

/* After every (re)connection: the lock wait, whether it takes writes. */
static gk_status session_setup(pg_db *db, gk_error *err) {
  char sql[160];
  PQsetNoticeProcessor(db->conn, no_notice, NULL);
  snprintf(sql, sizeof(sql),
           "SET lock_timeout = %d; SELECT pg_is_in_recovery() OR "
           "current_setting('default_transaction_read_only')::bool",
           db->timeout_ms > 0 ? db->timeout_ms : 0);
  PGresult *r = PQexec(db->conn, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    gk_status rc = pg_fail(db, r, err, "session");
    PQclear(r);
    return rc;
  }
  db->readonly = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  return GK_OK;
}

/* One connection attempt; the caller's settings win over the defaults
 * because expand_dbname applies them after ours. */
static PGconn *connect_once(const char *target) {
  const char *const keys[] = {
      "target_session_attrs", "connect_timeout", "client_encoding",
      "application_name",     "dbname",          NULL};
  const char *const vals[] = {"read-write", "5",    "UTF8",
                              "gongkai",    target, NULL};
  return PQconnectdbParams(keys, vals, 1);
}

static gk_status connect_fail(pg_db *db, gk_error *err) {
  /* libpq's text names hosts and ports, never a password */
  char msg[240];
  const char *m = db->conn ? PQerrorMessage(db->conn) : "out of memory";
  snprintf(msg, sizeof(msg), "%s", m);
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                  "无法连接到可写的数据库（主库不可用，且在等待时间内没有"
                  "备库接替）：%s",
                  "could not connect to a database that takes writes (the "
                  "primary is gone and none took over in time): %s",
                  msg);
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Empties the list of prepared texts (the server's names are gone or
 * deallocated). */
static void forget_prepared(pg_db *db) {
  for (size_t i = 0; i < db->nprep; i++)
    gk__free(db->alloc, db->prep[i].sql);
  db->nprep = 0;
  db->gen++;
  db->stale = false;
}

/* Connects, retrying every 200 ms for up to the timeout (a promotion
 * takes seconds; a first connection gets one try). */
static gk_status reconnect(pg_db *db, bool retry, gk_error *err) {
  int64_t until = now_ms() + (retry ? db->timeout_ms : 0);
  forget_prepared(db); /* the names died with the old connection */
  for (;;) {
    if (db->conn)
      PQfinish(db->conn);
    db->conn = connect_once(db->target);
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK) {
      db->lost = false;
      return session_setup(db, err);
    }
    if (now_ms() >= until)
      return connect_fail(db, err);
    sleep_ms(200);
  }
}

static gk_status x_open(pg_db **out, const char *target, int timeout_ms,
                        const gk_alloc *alloc, gk_error *err) {
  *out = NULL;
  if (!target || !*target)
    return gk__fail_param(err, GK_E_ARG, "target", "没有给出数据库连接串",
                          "no database connection string");
  pg_db *db = gk__calloc(alloc, 1, sizeof(*db));
  if (!db)
    return oom(err);
  db->base.ops = &gk__db_pg_ops;
  db->alloc = alloc;
  db->timeout_ms = timeout_ms;
  db->target = gk__strdup(alloc, target);
  if (!db->target) {
    gk__free(alloc, db);
    return oom(err);
  }
  gk_status rc = reconnect(db, false, err);
  if (rc) {
    x_close(db);
    return rc;
  }
  *out = db;
  return GK_OK;
}

static void x_close(pg_db *db) {
  if (!db)
    return;
  if (db->conn)
    PQfinish(db->conn);
  forget_prepared(db);
  gk__free(db->alloc, db->prep);
  gk__free(db->alloc, db->target);
  gk__free(db->alloc, db);
}

static bool x_readonly(const pg_db *db) { return db->readonly; }

/* Before a statement: a lost connection is taken up again outside a
 * transaction; inside one the transaction is gone and stays failed until
 * the caller rolls back. */
static gk_status ready(pg_db *db, gk_error *err) {
  if (!db->lost && db->conn)
    return GK_OK;
  if (db->in_tx)
    return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                    "与数据库的连接在事务中断开，事务须回滚后重做",
                    "the connection to the database was lost in this "
                    "transaction: roll it back and do it again");
  return reconnect(db, true, err);
}

/* Runs SQL without parameters; 'res' NULL drops the result. */
static gk_status run_plain(pg_db *db, const char *sql, const char *doing,
                           gk_error *err) {
  gk_status rc = ready(db, err);
  if (rc)
    return rc;
  PGresult *r = PQexec(db->conn, sql);
  ExecStatusType t = PQresultStatus(r);
  if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
    rc = pg_fail(db, r, err, doing);
  PQclear(r);
  return rc;
}

/* Whether raw SQL may change what a prepared plan reads (DDL, a setting):
 * all but the import's savepoints, which run per row. */
static bool changes_plans(const char *sql) {
  while (*sql == ' ' || *sql == '\n' || *sql == '\t')
    sql++;
  return strncmp(sql, "SAVEPOINT", 9) != 0 &&
         strncmp(sql, "RELEASE", 7) != 0 &&
         strncmp(sql, "ROLLBACK TO", 11) != 0;
}

static gk_status x_exec(pg_db *db, const char *sql, gk_error *err) {
  gk_status rc = run_plain(db, sql, "exec", err);
  if (db->nprep && changes_plans(sql))
    db->stale = true; /* even when it failed: part of it may have run */
  return rc;
}

static gk_status x_begin(pg_db *db, bool write, gk_error *err) {
  if (db->in_tx)
    return gk__fail(err, GK_E_DB, 0, 0, -1, "事务已经开始",
                    "a transaction is already open");
  /* one round trip: BEGIN, the write lock, and the caller's lock */
  char sql[512];
  const char *extra = write ? db->base.write_lock : NULL;
  snprintf(sql, sizeof(sql), "%s%s%s",
           write ? "BEGIN ISOLATION LEVEL READ COMMITTED; " WRITE_LOCK
                 : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
           extra ? "; " : "", extra ? extra : "");
  gk_status rc = run_plain(db, sql, "begin", err);
  if (!rc)
    db->in_tx = true;
  else if (db->conn && PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
    /* the lock wait timed out: leave no half-open transaction */
    PGresult *r = PQexec(db->conn, "ROLLBACK");
    PQclear(r);
  }
  return rc;
}

static gk_status x_commit(pg_db *db, gk_error *err) {
  if (!db->in_tx)
    return gk__fail(err, GK_E_DB, 0, 0, -1, "没有进行中的事务",
                    "no transaction to commit");
  if (db->lost || !db->conn) {
    db->in_tx = false;
    return gk__fail(err, GK_E_BUSY, 0, 0, -1,
                    "与数据库的连接在事务中断开，事务未提交，可以重试",
                    "the connection to the database was lost in the "
                    "transaction: nothing of it was committed, retry");
  }
  PGresult *r = PQexec(db->conn, "COMMIT");
  gk_status rc = GK_OK;
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    /* lost at COMMIT: the outcome is unknown, pg_fail says so */
    db->in_tx = false;
    rc = pg_fail(db, r, err, "commit");
  } else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
    /* COMMIT of a failed transaction rolls back without an error */
    rc = gk__fail(err, GK_E_DB, 0, 0, -1, "事务中有语句失败，已回滚",
                  "a statement of the transaction failed: it was rolled "
                  "back");
  }
  db->in_tx = false;
  PQclear(r);
  return rc;
}

static void x_rollback(pg_db *db) {
  if (!db->in_tx)
    return;
  db->in_tx = false;
  if (db->conn && !db->lost) {
    PGresult *r = PQexec(db->conn, "ROLLBACK");
    if (PQresultStatus(r) != PGRES_COMMAND_OK &&
        PQstatus(db->conn) == CONNECTION_BAD)
      db->lost = true;
    PQclear(r);
  }
}

static bool x_in_transaction(const pg_db *db) { return db->in_tx; }

/* === Placeholders === */

/* Length of a dollar-quote tag at s ("$$" or "$tag$"), 0 if none. */
static size_t dollar_tag(const char *s) {
  size_t n = 1;
  if (s[n] >= '0' && s[n] <= '9')
    return 0; /* $1 is a parameter */
  while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') ||
         (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
         (unsigned char)s[n] >= 0x80)
    n++;
  return s[n] == '$' ? n + 1 : 0;
}

gk_status gk__pg_placeholders(const gk_alloc *alloc, const char *sql,
                              char **out, int *nparams, gk_error *err) {
  gk__buf b;
  gk__buf_init(&b, alloc, 0);
  int max = 0;
  gk_status rc = GK_OK;
  const char *p = sql;
  *out = NULL;
  *nparams = 0;
  while (*p && !rc) {
    const char *start = p;
    if (*p == '\'' || *p == '"') {
      /* '…' with '' inside; E'…' also with backslash escapes; "name" */
      char q = *p;
      bool esc =
          q == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
          (p - 1 == sql ||
           !(p[-2] == '_' || (p[-2] >= 'a' && p[-2] <= 'z') ||
             (p[-2] >= 'A' && p[-2] <= 'Z') || (p[-2] >= '0' && p[-2] <= '9')));
      p++;
      while (*p) {
        if (esc && *p == '\\' && p[1]) {
          p += 2;
          continue;
        }
        if (*p == q) {
          if (p[1] == q) {
            p += 2;
            continue;
          }
          p++;
          break;
        }
        p++;
      }
      rc = gk__buf_add(&b, start, (size_t)(p - start));
    } else if (p[0] == '-' && p[1] == '-') {
      while (*p && *p != '\n')
        p++;
      rc = gk__buf_add(&b, start, (size_t)(p - start));
    } else if (p[0] == '/' && p[1] == '*') {
      int depth = 0; /* PostgreSQL's block comments nest */
      do {
        if (p[0] == '/' && p[1] == '*') {
          depth++;
          p += 2;
        } else if (p[0] == '*' && p[1] == '/') {
          depth--;
          p += 2;
        } else {
          p++;
        }
      } while (*p && depth > 0);
      rc = gk__buf_add(&b, start, (size_t)(p - start));
    } else if (*p == '$' && dollar_tag(p)) {
      size_t t = dollar_tag(p);
      const char *end;
      p += t;
      for (end = p; *end; end++)
        if (*end == '$' && strncmp(end, start, t) == 0)
          break;
      p = *end ? end + t : end;
      rc = gk__buf_add(&b, start, (size_t)(p - start));
    } else if (*p == '?') {
      long n;
      p++;
      if (*p >= '0' && *p <= '9') {
        char *e = NULL;
        errno = 0;
        n = strtol(p, &e, 10);
        if (errno || n < 1 || n > 32767) {
          rc = gk__fail(err, GK_E_ARG, 0, 0, p - sql,
                        "SQL 参数编号 ?%.*s 无效（1 到 32767）",
                        "SQL parameter number ?%.*s is invalid (1 to "
                        "32767)",
                        (int)(e - p), p);
          break;
        }
        p = e;
      } else {
        n = max + 1;
        if (n > 32767) {
          rc = gk__fail(err, GK_E_ARG, 0, 0, p - sql, "SQL 参数过多",
                        "too many SQL parameters");
          break;
        }
      }
      if (n > max)
        max = (int)n;
      rc = gk__buf_printf(&b, "$%ld", n);
    } else {
      p++;
      rc = gk__buf_addc(&b, *start);
    }
  }
  if (!rc && !b.data)
    rc = gk__buf_adds(&b, "");
  if (rc) {
    gk__buf_free(&b);
    return rc == GK_E_NOMEM ? oom(err) : rc;
  }
  *out = gk__buf_detach(&b, NULL);
  *nparams = max;
  return GK_OK;
}

/* === Statements === */

/* A parameter the text never names (carried_out's "?2" alone, bound
 * with the year's ?1 like its siblings) has no place for the server to
 * infer its type from, and PostgreSQL refuses the statement (42P18):
 * such a parameter is declared text. */
static gk_status unnamed_types(pg_stmt *s, gk_error *err) {
  Oid *t = gk__calloc(s->db->alloc, (size_t)s->nparams, sizeof(*t));
  if (!t)
    return oom(err);
  for (const char *p = s->sql; *p; p++) {
    if (*p != '$' || p[1] < '0' || p[1] > '9')
      continue;
    long n = strtol(p + 1, NULL, 10);
    if (n >= 1 && n <= s->nparams)
      t[n - 1] = 1; /* named */
  }
  bool all = true;
  for (int i = 0; i < s->nparams; i++) {
    all = all && t[i];
    t[i] = t[i] ? 0 : 25; /* 25: text's OID (pg_type.h) */
  }
  if (all)
    gk__free(s->db->alloc, t);
  else
    s->types = t;
  return GK_OK;
}

static gk_status x_prepare(pg_db *db, const char *sql, pg_stmt **out,
                           gk_error *err) {
  *out = NULL;
  pg_stmt *s = gk__calloc(db->alloc, 1, sizeof(*s));
  if (!s)
    return oom(err);
  s->base.ops = &gk__db_pg_ops;
  s->db = db;
  s->row = -1;
  gk_status rc = gk__pg_placeholders(db->alloc, sql, &s->sql, &s->nparams, err);
  if (!rc) {
    s->hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s->sql; *p; p++)
      s->hash = (s->hash ^ *p) * 1099511628211u;
  }
  if (!rc && s->nparams > 0) {
    size_t n = (size_t)s->nparams;
    s->vals = gk__calloc(db->alloc, n, sizeof(*s->vals));
    s->lens = gk__calloc(db->alloc, n, sizeof(*s->lens));
    s->fmts = gk__calloc(db->alloc, n, sizeof(*s->fmts));
    s->nums = gk__calloc(db->alloc, n, sizeof(*s->nums));
    if (!s->vals || !s->lens || !s->fmts || !s->nums)
      rc = oom(err);
  }
  if (!rc && s->nparams > 0)
    rc = unnamed_types(s, err);
  if (rc) {
    x_stmt_free(s);
    return rc;
  }
  *out = s;
  return GK_OK;
}

static void drop_blobs(pg_stmt *s) {
  if (!s->blobs)
    return;
  int n = s->res ? PQnfields(s->res) : 0;
  for (int i = 0; i < n; i++)
    if (s->blobs[i].p)
      PQfreemem(s->blobs[i].p);
  gk__free(s->db->alloc, s->blobs);
  s->blobs = NULL;
}

static void drop_result(pg_stmt *s) {
  drop_blobs(s);
  PQclear(s->res);
  s->res = NULL;
  s->row = -1;
  s->done = false;
}

static void unbind(pg_stmt *s) {
  for (int i = 0; i < s->nparams; i++) {
    s->vals[i] = NULL;
    s->lens[i] = 0;
    s->fmts[i] = 0;
  }
}

static void x_stmt_free(pg_stmt *s) {
  if (!s)
    return;
  drop_result(s);
  /* no unbind: a prepare that ran out of memory frees a statement with
   * some of these arrays NULL */
  gk__free(s->db->alloc, s->vals);
  gk__free(s->db->alloc, s->lens);
  gk__free(s->db->alloc, s->fmts);
  gk__free(s->db->alloc, s->nums);
  gk__free(s->db->alloc, s->types);
  gk__free(s->db->alloc, s->sql);
  gk__free(s->db->alloc, s);
}

static void x_stmt_reset(pg_stmt *s) {
  drop_result(s);
  unbind(s);
  s->sticky = GK_OK;
  s->sticky_msg[0] = '\0';
  s->changes = 0;
}

static void stick(pg_stmt *s, gk_status st, const char *msg) {
  if (s->sticky)
    return; /* the first failure is the one to report */
  s->sticky = st;
  snprintf(s->sticky_msg, sizeof(s->sticky_msg), "%s", msg);
}

/* Binds v[0..n) (binary when 'fmt' is 1) as parameter i, borrowed until
 * reset or free (db.h: no copy, the import binds millions). Text is
 * NUL-terminated, as libpq wants a text parameter. */
static void bind(pg_stmt *s, int i, const char *v, size_t n, int fmt) {
  if (i < 1 || i > s->nparams) {
    stick(s, GK_E_DB, "parameter index out of range");
    return;
  }
  if (n > INT32_MAX - 1) {
    stick(s, GK_E_TOO_LARGE, "parameter too large");
    return;
  }
  /* a new binding replaces the old (rebinding after a step) */
  drop_result(s);
  s->vals[i - 1] = v;
  s->lens[i - 1] = (int)n;
  s->fmts[i - 1] = fmt;
}

static void x_bind_int(pg_stmt *s, int i, int64_t v) {
  if (i < 1 || i > s->nparams) {
    stick(s, GK_E_DB, "parameter index out of range");
    return;
  }
  char *buf = s->nums[i - 1];
  size_t n = gk__fmt_i64(buf, v);
  buf[n] = '\0';
  bind(s, i, buf, n, 0);
}

static void x_bind_text(pg_stmt *s, int i, const char *v) {
  bind(s, i, v, v ? strlen(v) : 0, 0);
}

static void x_bind_blob(pg_stmt *s, int i, const void *v, size_t n) {
  /* binary format: a bytea parameter is the bytes themselves */
  static const char empty[1] = "";
  bind(s, i, v ? (const char *)v : (n ? NULL : empty), n, 1);
}

static void x_bind_null(pg_stmt *s, int i) { bind(s, i, NULL, 0, 0); }

static void x_bind_date(pg_stmt *s, int i, int32_t d) {
  if (!d) {
    bind(s, i, NULL, 0, 0);
    return;
  }
  if (i < 1 || i > s->nparams) {
    stick(s, GK_E_DB, "parameter index out of range");
    return;
  }
  if (d < 10000101 || d > 99991231) {
    stick(s, GK_E_ARG, "not a date");
    return;
  }
  char *buf = s->nums[i - 1];
  snprintf(buf, sizeof(s->nums[0]), "%04d-%02d-%02d", (int)(d / 10000),
           (int)(d / 100 % 100), (int)(d % 100));
  bind(s, i, buf, 10, 0);
}

/* The name 's' runs under on this connection: found, or prepared now on
 * the text's second run (one round trip, once per text and connection);
 * "" on its first run, past PREPARED_MAX or when stale texts could not be
 * deallocated (then it runs unnamed). */
static gk_status prepared_name(pg_stmt *s, gk_error *err) {
  pg_db *db = s->db;
  if (db->stale) {
    PGresult *r = PQexec(db->conn, "DEALLOCATE ALL");
    bool done = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!done) { /* an aborted transaction: the statement fails anyway */
      s->name[0] = '\0';
      return GK_OK;
    }
    forget_prepared(db);
  }
  if (s->gen == db->gen && s->name[0])
    return GK_OK;
  s->name[0] = '\0';
  s->gen = db->gen;
  struct prepared *p = NULL;
  for (size_t i = 0; i < db->nprep && !p; i++)
    if (db->prep[i].hash == s->hash && strcmp(db->prep[i].sql, s->sql) == 0)
      p = &db->prep[i];
  if (!p) { /* the first run: noted, unnamed */
    if (db->nprep >= PREPARED_MAX)
      return GK_OK;
    if (!db->prep) {
      db->prep = gk__calloc(db->alloc, PREPARED_MAX, sizeof(*db->prep));
      if (!db->prep)
        return oom(err);
    }
    char *copy = gk__strdup(db->alloc, s->sql);
    if (!copy)
      return oom(err);
    db->prep[db->nprep++] = (struct prepared){s->hash, copy, 0, false};
    s->gen = db->gen - 1; /* look again on the next run */
    return GK_OK;
  }
  if (!p->named) {
    unsigned name = db->next_name;
    char buf[16];
    snprintf(buf, sizeof(buf), "gk%u", name);
    PGresult *r = PQprepare(db->conn, buf, s->sql, s->nparams, s->types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      gk_status rc = pg_fail(db, r, err, "step");
      PQclear(r);
      return rc;
    }
    PQclear(r);
    db->next_name++;
    p->name = name;
    p->named = true;
  }
  snprintf(s->name, sizeof(s->name), "gk%u", p->name);
  return GK_OK;
}

static gk_status execute(pg_stmt *s, gk_error *err) {
  pg_db *db = s->db;
  gk_status rc = ready(db, err);
  if (!rc)
    rc = prepared_name(s, err);
  if (rc)
    return rc;
  PGresult *r =
      s->name[0] ? PQexecPrepared(db->conn, s->name, s->nparams, s->vals,
                                  s->lens, s->fmts, 0)
                 : PQexecParams(db->conn, s->sql, s->nparams, s->types,
                                s->vals, s->lens, s->fmts, 0);
  ExecStatusType t = PQresultStatus(r);
  if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
    rc = pg_fail(db, r, err, "step");
    PQclear(r);
    return rc;
  }
  s->res = r;
  s->row = -1;
  const char *c = PQcmdTuples(r);
  s->changes = *c ? strtoll(c, NULL, 10) : 0;
  int nf = PQnfields(r);
  if (nf > 0) {
    s->blobs = gk__calloc(db->alloc, (size_t)nf, sizeof(*s->blobs));
    if (!s->blobs) {
      PQclear(r);
      s->res = NULL;
      return oom(err);
    }
  }
  return GK_OK;
}

static gk_status x_step(pg_stmt *s, bool *row, gk_error *err) {
  *row = false;
  if (s->sticky)
    return gk__fail(err, s->sticky, 0, 0, -1, "绑定 SQL 参数失败：%s",
                    "binding an SQL parameter failed: %s", s->sticky_msg);
  if (s->done)
    return GK_OK;
  if (!s->res) {
    gk_status rc = execute(s, err);
    if (rc)
      return rc;
  }
  if (s->blobs) {
    int nf = PQnfields(s->res);
    for (int i = 0; i < nf; i++)
      if (s->blobs[i].p) {
        PQfreemem(s->blobs[i].p);
        s->blobs[i].p = NULL;
      }
  }
  s->row++;
  if (s->row >= PQntuples(s->res)) {
    s->done = true;
    return GK_OK;
  }
  *row = true;
  return GK_OK;
}

/* The current row, or false when there is none or 'i' is out of range. */
static bool cell(pg_stmt *s, int i) {
  return s->res && !s->done && s->row >= 0 && s->row < PQntuples(s->res) &&
         i >= 0 && i < PQnfields(s->res);
}

static int x_col_count(pg_stmt *s) { return s->res ? PQnfields(s->res) : 0; }

static const char *x_col_name(pg_stmt *s, int i) {
  return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

static bool x_col_is_null(pg_stmt *s, int i) {
  return !cell(s, i) || PQgetisnull(s->res, s->row, i);
}

static int64_t x_col_int(pg_stmt *s, int i) {
  if (x_col_is_null(s, i))
    return 0;
  const char *v = PQgetvalue(s->res, s->row, i);
  if (PQftype(s->res, i) == OID_BOOL)
    return v[0] == 't';
  return strtoll(v, NULL, 10);
}

static const char *x_col_text(pg_stmt *s, int i) {
  if (x_col_is_null(s, i))
    return NULL;
  return PQgetvalue(s->res, s->row, i);
}

static const void *x_col_blob(pg_stmt *s, int i, size_t *n) {
  *n = 0;
  if (x_col_is_null(s, i))
    return NULL;
  const char *v = PQgetvalue(s->res, s->row, i);
  if (PQftype(s->res, i) != OID_BYTEA) {
    *n = (size_t)PQgetlength(s->res, s->row, i);
    return v;
  }
  if (!s->blobs[i].p) {
    s->blobs[i].p = PQunescapeBytea((const unsigned char *)v, &s->blobs[i].n);
    if (!s->blobs[i].p)
      return NULL; /* out of memory reads as NULL; n is 0 */
  }
  *n = s->blobs[i].n;
  return s->blobs[i].p;
}

static bool x_col_is_int(pg_stmt *s, int i) {
  if (!s->res || i < 0 || i >= PQnfields(s->res) || x_col_is_null(s, i))
    return false;
  switch (PQftype(s->res, i)) {
  case OID_INT2:
  case OID_INT4:
  case OID_INT8:
    return true;
  case OID_NUMERIC: /* sum() of bigint: whole when it has no point */
    return !strchr(PQgetvalue(s->res, s->row, i), '.');
  default:
    return false;
  }
}

static int64_t x_changes(pg_stmt *s) { return s->changes; }

/* === The driver (db_driver.h) ===
 * Every failure is kept for gk__db_last_error / gk__db_last_unique, and
 * handed to 'err' as gk__fail does (first error wins). */

static gk_status relay(pg_db *d, gk_status rc, const gk_error *e,
                       gk_error *err) {
  if (!rc)
    return GK_OK;
  d->last = *e;
  memcpy(d->last_state, d->fail_state, sizeof(d->last_state));
  d->fail_state[0] = '\0';
  if (err && err->code == GK_OK)
    *err = *e;
  return rc;
}

#define DB(x) ((pg_db *)(x))
#define ST(x) ((pg_stmt *)(x))

static gk_status op_open(gk__db **out, const char *target, bool create,
                         int timeout_ms, const gk_alloc *alloc, gk_error *err) {
  (void)create; /* the database exists; the migrations make the schema */
  pg_db *d = NULL;
  gk_status rc = x_open(&d, target, timeout_ms, alloc, err);
  *out = d ? &d->base : NULL;
  return rc;
}
static void op_close(gk__db *db) { x_close(DB(db)); }
static bool op_readonly(const gk__db *db) {
  return x_readonly((const pg_db *)db);
}
static gk_status op_exec(gk__db *db, const char *sql, gk_error *err) {
  gk_error e;
  gk_error_clear(&e);
  return relay(DB(db), x_exec(DB(db), sql, &e), &e, err);
}
static gk_status op_begin(gk__db *db, bool write, gk_error *err) {
  gk_error e;
  gk_error_clear(&e);
  return relay(DB(db), x_begin(DB(db), write, &e), &e, err);
}
static gk_status op_commit(gk__db *db, gk_error *err) {
  gk_error e;
  gk_error_clear(&e);
  return relay(DB(db), x_commit(DB(db), &e), &e, err);
}
static void op_rollback(gk__db *db) { x_rollback(DB(db)); }
static bool op_in_transaction(const gk__db *db) {
  return x_in_transaction((const pg_db *)db);
}
/* 'keep' changes nothing here: every text is kept prepared per
 * connection (prepared_name), whoever prepares it. */
static gk_status op_prepare(gk__db *db, const char *sql, bool keep,
                            gk__stmt **out, gk_error *err) {
  (void)keep;
  gk_error e;
  gk_error_clear(&e);
  pg_stmt *s = NULL;
  gk_status rc = relay(DB(db), x_prepare(DB(db), sql, &s, &e), &e, err);
  *out = s ? &s->base : NULL;
  return rc;
}
static gk_status op_last_error(gk__db *db, gk_error *err) {
  pg_db *d = DB(db);
  if (err && err->code == GK_OK && d->last.code)
    *err = d->last;
  return d->last.code;
}
static bool op_last_unique(const gk__db *db) {
  return strcmp(((const pg_db *)db)->last_state, "23505") == 0;
}
static gk_status op_backup(gk__db *db, const char *path, gk_error *err) {
  (void)path;
  gk_error e;
  gk_error_clear(&e);
  gk__fail(&e, GK_E_UNSUPPORTED, 0, 0, -1,
           "PostgreSQL 台账的备份用 pg_basebackup 和 WAL 归档"
           "（docs/operations.md）",
           "a PostgreSQL ledger is backed up with pg_basebackup and WAL "
           "archiving (docs/operations.md)");
  return relay(DB(db), GK_E_UNSUPPORTED, &e, err);
}
static void op_stmt_free(gk__stmt *s) { x_stmt_free(ST(s)); }
static void op_stmt_reset(gk__stmt *s) { x_stmt_reset(ST(s)); }
static void op_bind_int(gk__stmt *s, int i, int64_t v) {
  x_bind_int(ST(s), i, v);
}
static void op_bind_text(gk__stmt *s, int i, const char *v) {
  x_bind_text(ST(s), i, v);
}
static void op_bind_blob(gk__stmt *s, int i, const void *v, size_t n) {
  x_bind_blob(ST(s), i, v, n);
}
static void op_bind_null(gk__stmt *s, int i) { x_bind_null(ST(s), i); }
static void op_bind_date(gk__stmt *s, int i, int32_t d) {
  x_bind_date(ST(s), i, d);
}
static gk_status op_step(gk__stmt *s, bool *row, gk_error *err) {
  gk_error e;
  gk_error_clear(&e);
  return relay(ST(s)->db, x_step(ST(s), row, &e), &e, err);
}
static int op_col_count(gk__stmt *s) { return x_col_count(ST(s)); }
static const char *op_col_name(gk__stmt *s, int i) {
  return x_col_name(ST(s), i);
}
static bool op_col_is_null(gk__stmt *s, int i) {
  return x_col_is_null(ST(s), i);
}
static int64_t op_col_int(gk__stmt *s, int i) { return x_col_int(ST(s), i); }
static const char *op_col_text(gk__stmt *s, int i) {
  return x_col_text(ST(s), i);
}
static const void *op_col_blob(gk__stmt *s, int i, size_t *n) {
  return x_col_blob(ST(s), i, n);
}
static bool op_col_is_int(gk__stmt *s, int i) { return x_col_is_int(ST(s), i); }
static int64_t op_changes(gk__stmt *s) { return x_changes(ST(s)); }

const gk__db_ops gk__db_pg_ops = {
    .kind = GK__DB_PG,
    .open = op_open,
    .close = op_close,
    .readonly = op_readonly,
    .exec = op_exec,
    .begin = op_begin,
    .commit = op_commit,
    .rollback = op_rollback,
    .in_transaction = op_in_transaction,
    .prepare = op_prepare,
    .last_error = op_last_error,
    .last_unique = op_last_unique,
    .backup = op_backup,
    .stmt_free = op_stmt_free,
    .stmt_reset = op_stmt_reset,
    .bind_int = op_bind_int,
    .bind_text = op_bind_text,
    .bind_blob = op_bind_blob,
    .bind_null = op_bind_null,
    .bind_date = op_bind_date,
    .step = op_step,
    .col_count = op_col_count,
    .col_name = op_col_name,
    .col_is_null = op_col_is_null,
    .col_int = op_col_int,
    .col_text = op_col_text,
    .col_blob = op_col_blob,
    .col_is_int = op_col_is_int,
    .changes = op_changes,
};
