/* srv_auth.c: accounts, sessions, CSRF tokens and rate limits (issue 12
 * item 5; docs/server.md "Security model").
 * - Passwords: argon2id via libsodium's crypto_pwhash_str (interactive
 *   limits); a login for an unknown name verifies a dummy hash so both take
 *   the same time.
 * - Sessions: 32 random bytes in an HttpOnly SameSite=Strict cookie; the
 *   table keeps only their BLAKE2b hash, so a copy of the database opens no
 *   session. Idle timeout 30 minutes, absolute 12 hours.
 * - CSRF: the token of a form is HMAC(key, session id), or HMAC(key, an
 *   anonymous cookie) before login; the key is random per server start.
 * - Lockout: after cfg.login_fails failures in a row an account is locked
 *   for cfg.lock_minutes; per address, failed logins are rate limited. */
#include "srv_core.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { IDLE_S = 30 * 60, ABSOLUTE_S = 12 * 3600 };

void srv_random_hex(char *out, size_t bytes) {
  unsigned char raw[64];
  if (bytes > sizeof(raw))
    bytes = sizeof(raw);
  randombytes_buf(raw, bytes);
  sodium_bin2hex(out, 2 * bytes + 1, raw, bytes);
}

void srv_hash_hex(const char *s, char out[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s), NULL,
                     0);
  sodium_bin2hex(out, 65, h, sizeof(h));
}

/* === Rate limits: fixed windows per key in a small table === */

static bool rate(srv_rate *rt, const char *key, unsigned limit,
                 int64_t window_s, bool count) {
  int64_t now = (int64_t)time(NULL);
  bool over = false;
  pthread_mutex_lock(&rt->mu);
  size_t free_i = SRV_RATE_SLOTS, oldest = 0;
  size_t i;
  for (i = 0; i < SRV_RATE_SLOTS; i++) {
    if (rt->slot[i].key[0] && strcmp(rt->slot[i].key, key) == 0)
      break;
    if (!rt->slot[i].key[0] && free_i == SRV_RATE_SLOTS)
      free_i = i;
    if (rt->slot[i].window_start < rt->slot[oldest].window_start)
      oldest = i;
  }
  if (i == SRV_RATE_SLOTS) {
    i = free_i < SRV_RATE_SLOTS ? free_i : oldest;
    snprintf(rt->slot[i].key, sizeof(rt->slot[i].key), "%s", key);
    rt->slot[i].window_start = now;
    rt->slot[i].count = 0;
  }
  if (now - rt->slot[i].window_start >= window_s) {
    rt->slot[i].window_start = now;
    rt->slot[i].count = 0;
  }
  if (count)
    rt->slot[i].count++;
  over = rt->slot[i].count > limit || (!count && rt->slot[i].count >= limit);
  pthread_mutex_unlock(&rt->mu);
  return over;
}

bool srv_rate_hit(srv_rate *rt, const char *key, unsigned limit,
                  int64_t window_s) {
  return rate(rt, key, limit, window_s, true);
}
bool srv_rate_over(srv_rate *rt, const char *key, unsigned limit,
                   int64_t window_s) {
  return rate(rt, key, limit, window_s, false);
}

/* === Accounts === */

int srv_user_add(srv_server *s, const char *name, srv_role role,
                 const char *password, char *msg, size_t n) {
  char hash[crypto_pwhash_STRBYTES];
  size_t nl = strlen(name);
  if (nl == 0 || nl > 60) {
    snprintf(msg, n, "用户名须为 1–60 字节");
    return -1;
  }
  if (strlen(password) < 10) {
    snprintf(msg, n, "密码至少 10 个字符");
    return -1;
  }
  if (crypto_pwhash_str(hash, password, strlen(password),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    snprintf(msg, n, "内存不足，无法计算密码摘要");
    return -1;
  }
  /* as SQLite's datetime('now') wrote it */
  char created[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S", &tm);
  gk_error err;
  gk_error_clear(&err);
  gk_db_stmt *st = srv_sql(s,
                           "INSERT INTO srv_users (name, role, pwhash, "
                           "created_at) VALUES (?, ?, ?, ?)",
                           &err);
  if (!st) {
    snprintf(msg, n, "数据库错误：%s", err.message);
    return -1;
  }
  gk_db_bind_text(st, 1, name);
  gk_db_bind_text(st, 2, srv_role_id(role));
  gk_db_bind_text(st, 3, hash);
  gk_db_bind_text(st, 4, created);
  int rc = srv_step(st, &err);
  bool unique = rc < 0 && gk_db_last_unique(s->db);
  srv_sql_done(s, st);
  if (unique) {
    snprintf(msg, n, "用户 '%s' 已存在", name);
    return -1;
  }
  if (rc != 0) {
    snprintf(msg, n, "数据库错误：%s", err.message);
    return -1;
  }
  srv_audit(s, "cli", "user-add", name);
  return 0;
}

static void session_insert(srv_server *s, int64_t uid, char sid[65]) {
  char h[65];
  srv_random_hex(sid, 32);
  srv_hash_hex(sid, h);
  int64_t now = (int64_t)time(NULL);
  gk_db_stmt *st =
      srv_sql(s, "INSERT INTO srv_sessions VALUES (?, ?, ?, ?)", NULL);
  if (!st) {
    sid[0] = '\0';
    return;
  }
  gk_db_bind_text(st, 1, h);
  gk_db_bind_int(st, 2, uid);
  gk_db_bind_int(st, 3, now);
  gk_db_bind_int(st, 4, now);
  if (srv_step(st, NULL) != 0)
    sid[0] = '\0';
  srv_sql_done(s, st);
  /* expired sessions go when someone logs in */
  char q[128];
  snprintf(q, sizeof(q),
           "DELETE FROM srv_sessions WHERE seen < %lld OR created < %lld",
           (long long)(now - IDLE_S), (long long)(now - ABSOLUTE_S));
  srv_sql_exec(s, q);
}

int srv_login(srv_server *s, const char *name, const char *password,
              char sid[65], srv_role *role) {
  sid[0] = '\0';
  *role = SRV_ROLE_PUBLIC;
  gk_db_stmt *st = srv_sql(s,
                           "SELECT id, pwhash, failed, locked_until, role FROM "
                           "srv_users WHERE name = ?",
                           NULL);
  if (!st)
    return -1;
  gk_db_bind_text(st, 1, name);
  int64_t uid = 0, failed = 0, locked = 0;
  char hash[crypto_pwhash_STRBYTES] = "";
  if (srv_step(st, NULL) == 1) {
    uid = gk_db_col_int(st, 0);
    snprintf(hash, sizeof(hash), "%s", gk_db_col_text(st, 1));
    failed = gk_db_col_int(st, 2);
    locked = gk_db_col_int(st, 3);
    int ro = srv_role_from_id(gk_db_col_text(st, 4));
    *role = ro > 0 ? (srv_role)ro : SRV_ROLE_PUBLIC;
  }
  srv_sql_done(s, st);
  int64_t now = (int64_t)time(NULL);
  if (!uid) {
    /* verify something of the same cost, then refuse */
    char tmp[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(tmp, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
      return -1;
    srv_audit(s, "public", "login-unknown-user", NULL);
    return 1;
  }
  if (locked > now) {
    srv_audit(s, name, "login-locked", NULL);
    return 2;
  }
  bool good = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
  char q[160];
  if (!good) {
    failed++;
    bool lock = failed >= s->cfg.login_fails;
    snprintf(q, sizeof(q),
             "UPDATE srv_users SET failed = %lld, locked_until = %lld WHERE "
             "id = %lld",
             (long long)(lock ? 0 : failed),
             (long long)(lock ? now + 60 * (int64_t)s->cfg.lock_minutes : 0),
             (long long)uid);
    srv_sql_exec(s, q);
    srv_audit(s, name, lock ? "login-failed-locked" : "login-failed", NULL);
    return lock ? 2 : 1;
  }
  snprintf(q, sizeof(q),
           "UPDATE srv_users SET failed = 0, locked_until = 0 WHERE id = %lld",
           (long long)uid);
  srv_sql_exec(s, q);
  session_insert(s, uid, sid);
  if (!sid[0])
    return -1;
  srv_audit(s, name, "login", NULL);
  return 0;
}

void srv_logout(srv_server *s, const char *sid) {
  char h[65];
  srv_hash_hex(sid, h);
  gk_db_stmt *st =
      srv_sql(s, "DELETE FROM srv_sessions WHERE id_hash = ?", NULL);
  if (!st)
    return;
  gk_db_bind_text(st, 1, h);
  srv_step(st, NULL);
  srv_sql_done(s, st);
}

static bool hex64(const char *v) {
  if (!v || strlen(v) != 64)
    return false;
  for (size_t i = 0; i < 64; i++)
    if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
      return false;
  return true;
}

void srv_session_load(srv_req *r) {
  const char *v =
      MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "gk_session");
  const char *a =
      MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "gk_csrf");
  if (hex64(a))
    snprintf(r->anon, sizeof(r->anon), "%s", a);
  if (!hex64(v))
    return;
  char h[65];
  srv_hash_hex(v, h);
  int64_t now = (int64_t)time(NULL);
  gk_db_stmt *st = srv_sql(r->srv,
                           "SELECT u.id, u.name, u.role, s.created, s.seen "
                           "FROM srv_sessions s JOIN srv_users u ON u.id = "
                           "s.user_id WHERE s.id_hash = ?",
                           NULL);
  if (!st)
    return;
  gk_db_bind_text(st, 1, h);
  if (srv_step(st, NULL) == 1) {
    int64_t created = gk_db_col_int(st, 3);
    int64_t seen = gk_db_col_int(st, 4);
    int role = srv_role_from_id(gk_db_col_text(st, 2));
    if (now - seen < IDLE_S && now - created < ABSOLUTE_S && role > 0) {
      r->user.id = gk_db_col_int(st, 0);
      snprintf(r->user.name, sizeof(r->user.name), "%s",
               gk_db_col_text(st, 1));
      r->user.role = (srv_role)role;
      snprintf(r->sid, sizeof(r->sid), "%s", v);
    }
  }
  srv_sql_done(r->srv, st);
  if (r->user.id) {
    char q[160];
    snprintf(q, sizeof(q),
             "UPDATE srv_sessions SET seen = %lld WHERE id_hash = '%s'",
             (long long)now, h);
    srv_sql_exec(r->srv, q);
  }
}

/* === CSRF === */

static void csrf_token(const srv_req *r, const char *basis, char out[65]) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, (const unsigned char *)basis, strlen(basis),
                         r->srv->key);
  sodium_bin2hex(out, 65, mac, sizeof(mac));
}

void srv_csrf_input(srv_req *r) {
  if (!r->sid[0] && !r->anon[0]) {
    srv_random_hex(r->anon, 32);
    srv_set_cookie(r, "gk_csrf", r->anon, 0);
  }
  char tok[65];
  csrf_token(r, r->sid[0] ? r->sid : r->anon, tok);
  srv_html(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", tok);
}

bool srv_csrf_ok(srv_req *r) {
  const char *got = srv_field_get(r, "csrf");
  if (!got || strlen(got) != 64)
    return false;
  char tok[65];
  const char *basis = r->sid[0] ? r->sid : r->anon;
  if (!basis[0])
    return false;
  csrf_token(r, basis, tok);
  return sodium_memcmp(tok, got, 64) == 0;
}
