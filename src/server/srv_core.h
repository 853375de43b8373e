/* srv_core.h: what the files of gongkai serve share (issue 12, docs/server.md).
 * The server uses gongkai.h only (like the CLI); its own tables (users,
 * sessions, submissions, the catalogue) live in the ledger's database (a
 * SQLite file or PostgreSQL) under the srv_ prefix, made by srv_store.c
 * and reached through the library's gk_db. */
#ifndef GK_SRV_H
#define GK_SRV_H

#include "gongkai.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

/* === Roles (docs/server.md "Roles") === */

typedef enum srv_role {
  SRV_ROLE_PUBLIC = 0, /* not logged in: the public, an applicant with a
                          tracking code */
  SRV_ROLE_CLERK,      /* 经办人: registers and handles applications */
  SRV_ROLE_REVIEWER,   /* 审核人: reviews (records; reads applications) */
  SRV_ROLE_HEAD, /* 机构负责人: approves extensions (第三十三条) */
  SRV_ROLE_SUPERVISOR, /* 上级主管部门: the supervisor desk */
  SRV_ROLE_ADMIN,      /* 系统管理员: accounts */
  SRV_NROLES
} srv_role;
#define SRV_R(r) (1u << (r))
#define SRV_ANYONE ((1u << SRV_NROLES) - 1u)
#define SRV_STAFF                                                              \
  (SRV_R(SRV_ROLE_CLERK) | SRV_R(SRV_ROLE_REVIEWER) | SRV_R(SRV_ROLE_HEAD))
#define SRV_LOGGED_IN (SRV_ANYONE & ~SRV_R(SRV_ROLE_PUBLIC))

const char *srv_role_id(srv_role r);    /* "clerk" */
const char *srv_role_label(srv_role r); /* "经办人" */
int srv_role_from_id(const char *id);   /* -1 if unknown */

/* === Buffers === */

/* A growable byte buffer with a cap (style.md §3, curl's dynbuf): past the
 * cap or on OOM it is marked failed and stays so; callers test 'failed'
 * once at the end. */
typedef struct srv_buf {
  char *p;
  size_t len, cap, max;
  bool failed;
} srv_buf;
void srv_buf_init(srv_buf *b, size_t max);
void srv_buf_free(srv_buf *b);
void srv_buf_add(srv_buf *b, const char *s, size_t n);
void srv_buf_str(srv_buf *b, const char *s);
void srv_buf_printf(srv_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* === Templates (srv_html.c) ===
 * srv_html(b, TEMPLATE, ...): TEMPLATE is a string literal of markup; its
 * %s arguments are text and always escaped (& < > " ' and control bytes),
 * %d/%lld numbers, %% a percent sign. Nothing else is understood (an
 * unknown directive writes nothing and marks the buffer failed). Trusted
 * markup made elsewhere is written only by srv_html_raw(), the one raw
 * call (tests/cli/test_serve_html.sh greps for it). */
void srv_html(srv_buf *b, const char *tpl, ...);
void srv_html_raw(srv_buf *b, const char *trusted);
void srv_html_escape(srv_buf *b, const char *s, size_t n);
/* A date YYYYMMDD as text "2026-12-07", "" for 0. */
void srv_date(int32_t d, char out[11]);
/* A due date as shown, with （暂定） when it is provisional (its year has
 * no holiday notice yet: gk_app.due_provisional); "" for none. */
#define SRV_DUE_LEN 32
void srv_due(int32_t d, int provisional, char out[SRV_DUE_LEN]);

/* === Labels: every id by its official name (srv_labels.c) === */
const char *srv_label_applicant_type(const char *id); /* 自然人 */
const char *srv_label_channel(const char *id);        /* 当面提交 */
const char *srv_label_state(const char *id);          /* 已登记 */
const char *srv_label_action(const char *id);         /* 要求补正 */
const char *srv_label_outcome(const char *id);        /* 予以公开 */
/* The outcome with its group, "不予公开：属于国家秘密", into 'buf'. */
const char *srv_label_outcome_full(const char *id, char *buf, size_t n);
const char *srv_label_id_type(const char *id);  /* 居民身份证 */
const char *srv_label_form(const char *id);     /* 纸质 */
const char *srv_label_delivery(const char *id); /* 邮寄 */
/* The ids of a group, NULL-terminated (forms' select lists). */
extern const char *const srv_applicant_types[];
extern const char *const srv_id_types[];
extern const char *const srv_forms[];
extern const char *const srv_deliveries[];
extern const char *const srv_outcomes[];
/* === The server === */

typedef struct srv_config {
  const char *db;          /* the ledger: a file or a PostgreSQL URI */
  const char *key;         /* the ledger's key file (NULL: the library's
                              default, the file's name + .key) */
  const char *listen_host; /* numeric IPv4/IPv6 address */
  unsigned port;           /* 0: any free port (printed) */
  unsigned threads;        /* thread pool size */
  unsigned max_conns;      /* connections in all */
  unsigned max_per_ip;     /* connections from one address */
  unsigned timeout_s;      /* idle connection timeout */
  size_t max_body;         /* request body bytes (413 beyond) */
  bool secure_cookies;     /* Secure flag and HSTS (behind TLS) */
  unsigned apply_per_hour; /* online applications per address per hour */
  unsigned login_fails;    /* failed logins before lockout */
  unsigned lock_minutes;   /* lockout */
  unsigned sync_s;         /* catalogue refreshed from the ledger at most
                              this often (seconds), on a catalogue request */
  unsigned status_lookups; /* status lookups per address per 10 minutes */
} srv_config;

/* Per-address counters in a fixed table (rate limits); oldest evicted. */
#define SRV_RATE_SLOTS 1024
/* Open ledger handles kept for the public's read-only pages, and how long
 * one is reused (seconds) before it is closed and opened afresh. */
#define SRV_POOL 16
#define SRV_POOL_TTL 60
/* Catalogue search pages kept while the database is unchanged (srv_cache.c) */
#define SRV_CACHE_SLOTS 64
#define SRV_CACHE_MAX_BODY (64u << 10)
typedef struct srv_rate {
  pthread_mutex_t mu;
  struct {
    char key[48]; /* the address (never written anywhere) */
    int64_t window_start;
    unsigned count;
  } slot[SRV_RATE_SLOTS];
} srv_rate;

typedef struct srv_server {
  srv_config cfg;
  gk_db *db;               /* the server's connection, under db_mu */
  pthread_mutex_t db_mu;   /* recursive: held from srv_sql to srv_sql_done */
  bool db_mu_made;
  int64_t writes;          /* statements that may write, run on db */
  unsigned char key[32];   /* HMAC key of CSRF tokens (per start) */
  srv_rate apply_rate;     /* POST /apply per address */
  srv_rate login_rate;     /* failed POST /login per address */
  srv_rate status_rate;    /* POST /status per address */
  pthread_mutex_t sync_mu; /* one catalogue refresh at a time */
  int64_t synced_at;       /* time of the last refresh */
  /* supervisor desk (srv_supervisor.c): its own upload limits */
  size_t max_upload; /* one uploaded file (413 beyond) */
  size_t max_batch;  /* the whole body of an upload request */
  char *echarts;     /* echarts.min.js, loaded at start (NULL: no charts) */
  size_t echarts_len;
  /* the public's ledger handles (srv_ledger_public, load bench) */
  pthread_mutex_t pool_mu;
  struct {
    gk_ledger *led;
    int64_t born; /* monotonic seconds when opened */
  } pool[SRV_POOL];
  size_t npool;
  char agency[256];         /* page titles: the ledger's, read at start */
  pthread_mutex_t cache_mu; /* the catalogue's search pages (srv_cache.c) */
  struct {
    char key[192]; /* query and page */
    int64_t gen;   /* srv_db_generation when made */
    char *body;    /* the page's middle, escaped HTML; NULL: free slot */
    size_t len;
    uint64_t used; /* LRU clock */
  } cache[SRV_CACHE_SLOTS];
  uint64_t cache_clock;
  gk_db_stmt *gen_st; /* srv_db_generation's statement, prepared once */
  /* letters: the office's templates (--letters DIR), NULL: built-in */
  char *letter_tpl[GK_LETTER_KIND_LAST];
  size_t letter_len[GK_LETTER_KIND_LAST];
  /* --reports DIR: the annual reports the agency published (before the
   * ledger, or instead of its draft), served for their years */
  struct srv_published {
    int year;
    char *name; /* the file's name in DIR */
    char *data; /* its bytes, read at start */
    size_t len;
    gk_report *rep;     /* as read at start */
    pthread_mutex_t mu; /* one reader of 'rep' at a time */
  } * published;
  size_t npublished;
  /* one serve for the agency tree (pgsrv, docs/server.md "The agency
   * tree"): the sites, each a srv_server of its own whose connections act
   * as its agency's role; a site knows its path prefix "/a/ID" */
  struct srv_server *sites;
  size_t nsites;
  char prefix[72]; /* "/a/ID" of a site, "" otherwise */
} srv_server;

/* === Requests and responses (srv_http.c) === */

#define SRV_MAX_FIELDS 48
typedef struct srv_field {
  char *name, *value;
} srv_field;

typedef struct srv_user {
  int64_t id; /* 0: not logged in */
  char name[64];
  srv_role role;
} srv_user;

typedef struct srv_req {
  srv_server *srv;
  struct MHD_Connection *conn;
  const char *method, *path;
  char *body;
  size_t body_len;
  srv_field fields[SRV_MAX_FIELDS]; /* parsed form body (POST) */
  size_t nfields;
  const char *param;  /* the {ref}/{id} of the route, decoded */
  const char *param2; /* a second {} (/office/app/{ref}/letter/{kind}) */
  srv_user user;
  char sid[65];  /* the session cookie when it names a live session */
  char anon[65]; /* the anonymous CSRF cookie (forms before login) */
  char client[48];
  /* the response */
  int status;
  srv_buf out;
  const char *ctype;
  char cookies[3][256];
  size_t ncookies;
  char location[512];
  bool cacheable;        /* static assets only */
  char disposition[128]; /* Content-Disposition of a download, or "" */
  /* multipart/form-data bodies (srv_multipart.c) */
  struct srv_file *files; /* the uploaded files, in order */
  size_t nfiles;
  struct srv_multipart *mp; /* owns the fields' text and the files */
  bool scripts;             /* CSP allows script-src 'self' (charts page) */
  int64_t ledger_born;      /* when srv_ledger_public's handle was opened */
} srv_req;

typedef void (*srv_handler)(srv_req *r);
typedef struct srv_route {
  const char *method;  /* GET, POST */
  const char *pattern; /* "/office/app/{}": two {} segments at most */
  srv_handler fn;
  unsigned roles; /* SRV_R() bits allowed */
} srv_route;
extern const srv_route srv_routes[];
extern const size_t srv_nroutes;

/* === Form bodies (srv_form.c) === */
typedef enum srv_form_status {
  SRV_FORM_OK = 0,
  SRV_FORM_BAD_TEXT, /* a bad %-escape, not UTF-8, NUL or a control char */
  SRV_FORM_TOO_MANY  /* more than 'max' fields */
} srv_form_status;
/* Splits 'body' (NUL-terminated at 'len') into at most 'max' fields that
 * point into it, decoding %XX and '+' in place; empty names are skipped.
 * On failure '*n' and the fields hold what was parsed so far. */
srv_form_status srv_form_parse(char *body, size_t len, srv_field *fields,
                               size_t max, size_t *n);
/* Decodes %XX and '+' in place; false on a bad escape or %00. */
bool srv_url_decode(char *s);
/* Well-formed UTF-8 without NUL or C0 controls but tab, CR and LF. */
bool srv_text_ok(const char *s, size_t n);

/* === multipart/form-data (srv_multipart.c), on MHD's post processor === */
/* One uploaded file: its name as the browser sent it (valid UTF-8 text, or
 * "" when it was not) and its bytes (owned by r->mp). */
typedef struct srv_file {
  char *name;
  char *data;
  size_t len;
} srv_file;
/* Parses r->body into r->fields (text fields) and r->files. Returns 0, or
 * an HTTP status (400, 413) after writing the error page. */
int srv_multipart_parse(srv_req *r, size_t max_file);
void srv_multipart_free(srv_req *r);
/* True if a POST to 'path' may carry files (the larger body limit). */
bool srv_upload_route(const char *path);

/* Form field by name, NULL if absent; "" counts as given. */
const char *srv_field_get(const srv_req *r, const char *name);
/* A trimmed non-empty field or NULL. */
const char *srv_field_text(const srv_req *r, const char *name);

/* Error page: status, a one-line Chinese message (escaped). */
void srv_fail(srv_req *r, int status, const char *msg);
/* 303 See Other to a local path. */
void srv_redirect(srv_req *r, const char *path);
void srv_set_cookie(srv_req *r, const char *name, const char *value,
                    int max_age);

/* Page frame: <html>…<main>, then the caller's markup, then srv_page_end. */
void srv_page_begin(srv_req *r, const char *title);
void srv_page_end(srv_req *r);
/* The hidden CSRF input of a form (makes the anonymous cookie if needed). */
void srv_csrf_input(srv_req *r);
/* True if the POST carries the right token (srv_auth.c). */
bool srv_csrf_ok(srv_req *r);

/* Opens the ledger for one request as the logged-in user (or "public").
 * On failure writes a 500 page and returns NULL. */
gk_ledger *srv_ledger(srv_req *r);
/* A ledger handle for the public's read-only pages (actor "public") from
 * the server's pool, opened when the pool has none younger than
 * SRV_POOL_TTL; give it back with srv_ledger_release (gk_ledger_free is
 * also fine). On failure a 500 and NULL. */
gk_ledger *srv_ledger_public(srv_req *r);
void srv_ledger_release(srv_req *r, gk_ledger *led);

/* === Cache of catalogue pages (srv_cache.c) === */
/* The database's generation: changes with every commit by any connection
 * (SQLite data_version and this connection's total_changes); -1 unknown. */
int64_t srv_db_generation(srv_server *s);
/* Appends the fragment kept for 'key' at generation 'gen'; false if none. */
bool srv_cache_get(srv_server *s, const char *key, int64_t gen, srv_buf *out);
/* Keeps a copy of 'body' for 'key' at 'gen' (the least recently used or a
 * stale entry makes room); a failure to allocate keeps nothing. */
void srv_cache_put(srv_server *s, const char *key, int64_t gen,
                   const char *body, size_t len);
void srv_cache_free(srv_server *s);

/* The site whose prefix 'path' starts with ("/a/ID/..."), and in '*rest'
 * the path after it; NULL when none. */
srv_server *srv_site_of(srv_server *s, const char *path, const char **rest);
/* Runs the daemon until SIGTERM/SIGINT; returns an exit code. */
int srv_run(srv_server *s);

/* === Store: the server's tables (srv_store.c) === */
gk_status srv_store_open(srv_server *s, gk_error *err);
void srv_store_close(srv_server *s);
/* Setting 'key' (NULL if unset); copies into 'out' (n bytes). */
bool srv_setting(srv_server *s, const char *key, char *out, size_t n);
int srv_setting_set(srv_server *s, const char *key, const char *value);
/* Audit line of a server action (never personal data of applicants). */
void srv_audit(srv_server *s, const char *actor, const char *action,
               const char *detail);
/* SQL on the server's connection, one thread at a time: srv_sql prepares
 * 'sql' and takes db_mu (NULL on failure, 'err' may be NULL, the lock not
 * kept); srv_sql_done frees the statement and gives db_mu back (NULL is a
 * no-op). A statement open meanwhile on the same thread is fine (the
 * mutex is recursive). Text and blobs bound are borrowed until done. */
gk_db_stmt *srv_sql(srv_server *s, const char *sql, gk_error *err);
void srv_sql_done(srv_server *s, gk_db_stmt *st);
/* One step: 1 a row, 0 done, -1 a failure (in 'err', may be NULL). */
int srv_step(gk_db_stmt *st, gk_error *err);
/* A statement without parameters or rows; 0 or -1. */
int srv_sql_exec(srv_server *s, const char *sql);
/* True when the ledger (and so the server's tables) is on PostgreSQL. */
bool srv_pg(const srv_server *s);
/* Now as UTC text "2026-12-07T19:00:00Z" (the tables' time stamps). */
void srv_now_text(char out[32]);
/* The text the catalogue's search reads on PostgreSQL (and its trigram
 * index covers): title, 文号, 索引号 and body, with a separator no query
 * holds (srv_public.c refuses control characters), so no match spans two
 * fields, as FTS5's columns on SQLite. */
#define SRV_CATALOGUE_TEXT                                                     \
  "title || chr(1) || coalesce(doc_no, '') || chr(1) || index_no || "          \
  "chr(1) || coalesce(body, '')"
/* Copies the ledger's published records into the catalogue. */
int srv_catalogue_sync(srv_server *s, gk_ledger *led, int64_t *added);
/* The same when the last refresh is older than cfg.sync_s (a record
 * approved while the server runs shows up without a restart). */
void srv_catalogue_refresh(srv_server *s);

/* === Accounts and sessions (srv_auth.c) === */
int srv_user_add(srv_server *s, const char *name, srv_role role,
                 const char *password, char *msg, size_t n);
/* Checks a login; on success makes a session, returns its id in 'sid'
 * and the user's role in '*role'. 0 ok, 1 wrong, 2 locked, -1 failure. */
int srv_login(srv_server *s, const char *name, const char *password,
              char sid[65], srv_role *role);
void srv_logout(srv_server *s, const char *sid);
/* Fills r->user from the session cookie (idle and absolute timeouts). */
void srv_session_load(srv_req *r);
/* Counts one event of 'key' in the window; true if over 'limit'. */
bool srv_rate_hit(srv_rate *rt, const char *key, unsigned limit,
                  int64_t window_s);
bool srv_rate_over(srv_rate *rt, const char *key, unsigned limit,
                   int64_t window_s);
void srv_random_hex(char *out, size_t bytes); /* 2*bytes+1 chars */
void srv_hash_hex(const char *s, char out[65]);

/* === Handlers === */
void srv_get_style(srv_req *r);
void srv_get_home(srv_req *r);
void srv_get_guide(srv_req *r);
void srv_get_catalogue(srv_req *r);
void srv_get_catalogue_item(srv_req *r);
void srv_get_apply(srv_req *r);
void srv_post_apply(srv_req *r);
void srv_get_status(srv_req *r);
void srv_post_status(srv_req *r);
void srv_get_login(srv_req *r);
void srv_post_login(srv_req *r);
void srv_post_logout(srv_req *r);
void srv_get_queue(srv_req *r);
void srv_get_app(srv_req *r);
void srv_post_app_act(srv_req *r);
void srv_get_users(srv_req *r);
void srv_get_reports(srv_req *r);
void srv_get_records(srv_req *r);
void srv_post_record(srv_req *r);
void srv_post_record_approve(srv_req *r);
void srv_get_report(srv_req *r);
void srv_get_report_original(srv_req *r);
void srv_get_office_report(srv_req *r);
/* supervisor desk (issue 12 item 4; srv_supervisor.c, srv_supmany.c) */
void srv_get_sup_home(srv_req *r);
void srv_post_sup_upload(srv_req *r);
void srv_get_sup_report(srv_req *r);
void srv_post_sup_delete(srv_req *r);
void srv_post_sup_replace(srv_req *r);
void srv_get_sup_merge(srv_req *r);
void srv_get_sup_merge_file(srv_req *r);
void srv_get_sup_compare(srv_req *r);
void srv_get_sup_similar(srv_req *r);
void srv_get_sup_charts(srv_req *r);
void srv_get_echarts(srv_req *r);
void srv_get_sup_js(srv_req *r);
/* Reads and stores one report on the desk as 'actor' (gongkai serve desk
 * add): 0 stored, 1 a duplicate (not stored), 2 stored but unreadable,
 * -1 database failure; 'msg' says which, naming the file. */
int srv_sup_add_file(srv_server *s, const char *actor, const char *name,
                     char *data, size_t len, char *msg, size_t n);
bool srv_sup_is_supervisor(srv_server *s, const char *name);
/* Loads echarts.min.js (GK_ECHARTS_JS, found at build time) into memory. */
void srv_echarts_load(srv_server *s);
/* One table of a report as HTML; 'mark' (may be NULL) is asked for each
 * cell's class ("" for none) and may add notes after a row (srv_reports.c). */
typedef struct srv_table_mark {
  const char *(*cell)(void *ud, size_t t, size_t row, size_t col);
  void (*row_end)(void *ud, srv_req *r, size_t t, size_t row);
  void *ud;
  /* a link for the cell's value into 'buf' (escaped by the caller's
   * construction: ids and numbers only), or NULL for none */
  const char *(*href)(void *ud, size_t t, size_t row, size_t col, char *buf,
                      size_t n);
} srv_table_mark;
/* The validator's findings next to the cells (srv_reports.c): 'ud' is a
 * srv_findings; cell classes cell-err / cell-warn, each finding's text in
 * a row under its row. The supervisor desk and the office's report page. */
typedef struct srv_findings {
  const gk_report *rep;
  int explain_year; /* > 0: apply cells link to /office/report/explain */
} srv_findings;
const char *srv_findings_cell(void *ud, size_t t, size_t row, size_t col);
void srv_findings_row_end(void *ud, srv_req *r, size_t t, size_t row);
const char *srv_findings_href(void *ud, size_t t, size_t row, size_t col,
                              char *buf, size_t n);
void srv_get_office_explain(srv_req *r);
void srv_report_table(srv_req *r, const gk_report *rep, size_t t,
                      const srv_table_mark *mark);

/* === letters (issue 12 item 3; srv_letters.c): notice letters, void and
 * revoke in the console, the reminders' page === */
/* Loads DIR/KIND.txt for each kind that has one, each checked whole
 * (gk_letter_template_check); 0, or 2 after printing what is wrong. */
int srv_letters_load(srv_server *s, const char *dir);
void srv_letters_free(srv_server *s);
/* --reports DIR: reads every file of DIR as an annual report (the year from
 * the report itself); 0, or 2 after a message naming the file that cannot
 * be read or the second file of one year. */
int srv_published_load(srv_server *s, const char *dir);
void srv_published_free(srv_server *s);
/* The letter link of the 'n'th step (1-based) of kind 'action' (an
 * event's name) of the history, nothing for a step that has no letter. */
void srv_letter_link(srv_req *r, const char *ref, const char *action, int n);
/* The letter kind named 'name' (a path segment), or -1 after a 404 that
 * lists the kinds. */
int srv_letter_kind(srv_req *r, const char *name);
/* The application page's part: a voided registration's notice, or the
 * head's void and revoke forms. */
void srv_app_fix_forms(srv_req *r, const gk_app *a);
void srv_get_letter(srv_req *r);
void srv_get_letter_css(srv_req *r);
void srv_post_app_void(srv_req *r);
void srv_post_app_revoke(srv_req *r);
void srv_get_remind(srv_req *r);
/* === end letters === */

/* === letter templates edited in the browser (srv_templates.c) === */
/* The latest template saved for 'kind' into '*out' (malloc'd, NUL-ended;
 * NULL when none is saved or the latest is a reset), with who saved it
 * and when ('by', 'at' may be NULL). 0, or -1 on a database failure. */
int srv_template_get(srv_server *s, int kind, char **out, size_t *len, char *by,
                     size_t byn, char *at, size_t atn);
void srv_get_templates(srv_req *r);
void srv_get_template(srv_req *r);
void srv_post_template(srv_req *r);
void srv_post_template_reset(srv_req *r);
/* === end letter templates === */

/* The gongkai serve subcommand (srv_main.c). */
int srv_cmd_serve(int argc, char **argv);

#endif /* GK_SRV_H */
