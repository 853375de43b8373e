/* srv_http.c: the HTTP side of gongkai serve (issue 12 item 1) on
 * libmicrohttpd with its internal thread pool: limits (connections in all
 * and per address, idle timeout, header memory, body size → 413), the
 * routing table (404, 405 with Allow, 403 by role), the form body parser
 * (application/x-www-form-urlencoded, UTF-8 only → 400), the security
 * headers of every response, and the graceful stop on SIGTERM/SIGINT:
 * the daemon stops accepting, finishes the requests in flight, and the
 * database is closed after. The request log has method, route, status and
 * time: never an address, a query or a body (PIPL). */
#include "srv_core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SRV_PAGE_MAX (8u << 20) /* one response */

static const char csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action "
    "'self'; frame-ancestors 'none'; base-uri 'none'";
/* the supervisor desk's charts: scripts from the server itself, never
 * inline (the chart data is in a data attribute) */
static const char csp_scripts[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src "
    "'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* Per-connection upload state (MHD's con_cls). */
typedef struct srv_upload {
  char *body;
  size_t len;
  bool too_large;
  size_t discarded; /* bytes read past the limit (chunked bodies) */
  size_t limit;     /* this request's body limit (larger for uploads) */
} srv_upload;

/* === Form fields === */

/* The body into r->fields (srv_form.c); on error a 400 and false. */
static bool parse_form(srv_req *r) {
  const char *ct =
      MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
  if (r->body_len == 0)
    return true;
  if (ct && strncmp(ct, "multipart/form-data", 19) == 0)
    return srv_multipart_parse(r, r->srv->max_upload) == 0;
  if (!ct || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
    srv_fail(r, 400,
             "请求格式不受支持：表单须为 "
             "application/x-www-form-urlencoded");
    return false;
  }
  switch (srv_form_parse(r->body, r->body_len, r->fields, SRV_MAX_FIELDS,
                         &r->nfields)) {
  case SRV_FORM_OK:
    return true;
  case SRV_FORM_TOO_MANY:
    srv_fail(r, 400, "表单字段过多");
    return false;
  case SRV_FORM_BAD_TEXT:
    break;
  }
  srv_fail(r, 400, "表单内容不是有效的 UTF-8 文本");
  return false;
}

const char *srv_field_get(const srv_req *r, const char *name) {
  for (size_t i = 0; i < r->nfields; i++)
    if (strcmp(r->fields[i].name, name) == 0)
      return r->fields[i].value;
  return NULL;
}

const char *srv_field_text(const srv_req *r, const char *name) {
  const char *v = srv_field_get(r, name);
  if (!v)
    return NULL;
  while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
    v++;
  return *v ? v : NULL;
}

/* === Responses === */

void srv_fail(srv_req *r, int status, const char *msg) {
  static const struct {
    int status;
    const char *title;
  } titles[] = {{400, "请求有误"},       {403, "无权访问"},
                {404, "页面不存在"},     {405, "不支持的请求方法"},
                {413, "提交内容过大"},   {429, "请求过于频繁"},
                {500, "服务器内部错误"}, {503, "服务暂不可用"}};
  const char *title = "错误";
  for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
    if (titles[i].status == status)
      title = titles[i].title;
  srv_buf_free(&r->out);
  srv_buf_init(&r->out, SRV_PAGE_MAX);
  r->status = status;
  r->ctype = "text/html; charset=utf-8";
  srv_page_begin(r, title);
  srv_html(&r->out, "<p class=\"err\">%s</p>", msg);
  if (status == 403 && !r->user.id)
    srv_html(&r->out, "<p><a href=\"/login\">工作人员登录</a></p>");
  srv_html(&r->out, "<p><a href=\"/\">返回首页</a></p>");
  srv_page_end(r);
}

void srv_redirect(srv_req *r, const char *path) {
  r->status = 303;
  snprintf(r->location, sizeof(r->location), "%s", path);
}

void srv_set_cookie(srv_req *r, const char *name, const char *value,
                    int max_age) {
  if (r->ncookies == sizeof(r->cookies) / sizeof(r->cookies[0]))
    return;
  /* a site's cookies are its own: a session of one agency's site is
   * never sent to another's */
  snprintf(r->cookies[r->ncookies++], sizeof(r->cookies[0]),
           "%s=%s; Path=%s/; HttpOnly; SameSite=Strict%s%s", name, value,
           r->srv->prefix,
           r->srv->cfg.secure_cookies ? "; Secure" : "",
           max_age < 0 ? "; Max-Age=0" : "");
}

/* === Routing === */

/* Matches 'path' against 'pattern'; each '{}' (two at most) takes one
 * non-empty segment into param[0], param[1] (allocated; the caller frees;
 * both NULL when it does not match). */
static bool match(const char *pattern, const char *path, char *param[2]) {
  size_t np = 0;
  for (;;) {
    const char *brace = strstr(pattern, "{}");
    if (!brace) {
      if (strcmp(pattern, path) == 0)
        return true;
      break;
    }
    size_t pre = (size_t)(brace - pattern);
    if (np == 2 || strncmp(pattern, path, pre) != 0)
      break;
    const char *seg = path + pre;
    const char *end = strchr(seg, '/');
    size_t n = end ? (size_t)(end - seg) : strlen(seg);
    if (n == 0)
      break;
    param[np] = malloc(n + 1);
    if (!param[np])
      break;
    memcpy(param[np], seg, n);
    param[np++][n] = '\0';
    pattern = brace + 2;
    path = seg + n;
  }
  for (size_t i = 0; i < np; i++) {
    free(param[i]);
    param[i] = NULL;
  }
  return false;
}

/* A segment taken from the path is %-decoded; it must be text. */
static bool param_ok(char *p) {
  return !p || (srv_url_decode(p) && srv_text_ok(p, strlen(p)));
}

static void dispatch(srv_req *r, const srv_route **hit) {
  char allow[64] = "";
  const char *path = r->path;
  for (size_t i = 0; i < srv_nroutes; i++) {
    const srv_route *rt = &srv_routes[i];
    char *param[2] = {NULL, NULL};
    if (!match(rt->pattern, path, param))
      continue;
    if (strcmp(rt->method, r->method) != 0) {
      if (!strstr(allow, rt->method)) {
        size_t l = strlen(allow);
        snprintf(allow + l, sizeof(allow) - l, "%s%s", l ? ", " : "",
                 rt->method);
      }
      free(param[0]);
      free(param[1]);
      continue;
    }
    *hit = rt;
    if (!param_ok(param[0]) || !param_ok(param[1])) {
      free(param[0]);
      free(param[1]);
      srv_fail(r, 400, "地址中的编号不是有效的文本");
      return;
    }
    r->param = param[0];
    r->param2 = param[1];
    if (!(rt->roles & SRV_R(r->user.role))) {
      srv_fail(r, 403,
               r->user.id ? "您的角色无权执行此操作"
                          : "请先登录后再访问此页面");
      return;
    }
    if (strcmp(r->method, "POST") == 0) {
      if (!parse_form(r))
        return;
      if (!srv_csrf_ok(r)) {
        srv_fail(r, 403, "表单已失效（缺少或错误的校验码），请刷新页面后重试");
        return;
      }
    }
    rt->fn(r);
    return;
  }
  if (allow[0]) {
    srv_fail(r, 405, "此地址不支持该请求方法");
    snprintf(r->location, sizeof(r->location), "%s", allow);
    r->status = -405; /* marks 'location' as the Allow header */
    return;
  }
  srv_fail(r, 404, "您访问的页面不存在");
}

/* === MHD glue === */

/* A site's page links its own paths: every href, action and src that
 * starts with '/' gets the site's prefix (the pages are written for the
 * root, as one agency's server serves them). */
static void prefix_links(srv_req *r) {
  const char *pre = r->srv->prefix;
  if (!pre[0] || r->out.failed || !r->out.p ||
      (r->ctype && strncmp(r->ctype, "text/html", 9) != 0))
    return;
  static const char *const attrs[] = {" href=\"/", " action=\"/", " src=\"/"};
  srv_buf b;
  srv_buf_init(&b, r->out.max + r->out.max / 4);
  size_t i = 0;
  while (i < r->out.len) {
    size_t k = 0, n = 0;
    for (; k < 3; k++) {
      n = strlen(attrs[k]);
      if (i + n <= r->out.len && memcmp(r->out.p + i, attrs[k], n) == 0)
        break;
    }
    if (k < 3) {
      srv_buf_add(&b, r->out.p + i, n - 1);
      srv_buf_str(&b, pre);
      i += n - 1;
    } else {
      srv_buf_add(&b, r->out.p + i, 1);
      i++;
    }
  }
  srv_buf_free(&r->out);
  r->out = b;
}

srv_server *srv_site_of(srv_server *s, const char *path, const char **rest) {
  for (size_t i = 0; i < s->nsites; i++) {
    size_t n = strlen(s->sites[i].prefix);
    if (strncmp(path, s->sites[i].prefix, n) == 0 &&
        (path[n] == '/' || path[n] == '\0')) {
      *rest = path[n] ? path + n : "/";
      return &s->sites[i];
    }
  }
  return NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, srv_req *r) {
  prefix_links(r);
  if (r->status == 303 && r->srv->prefix[0] && r->location[0] == '/') {
    size_t pl = strlen(r->srv->prefix), ll = strlen(r->location);
    if (pl + ll < sizeof(r->location)) {
      memmove(r->location + pl, r->location, ll + 1);
      memcpy(r->location, r->srv->prefix, pl);
    }
  }
  int status = r->status < 0 ? -r->status : r->status;
  struct MHD_Response *resp;
  if (r->out.failed) {
    static const char oom[] = "服务器内部错误：页面过大或内存不足";
    status = 500;
    resp = MHD_create_response_from_buffer(sizeof(oom) - 1, (void *)oom,
                                           MHD_RESPMEM_PERSISTENT);
    r->ctype = "text/plain; charset=utf-8";
  } else {
    resp = MHD_create_response_from_buffer(r->out.len, r->out.p,
                                           MHD_RESPMEM_MUST_FREE);
    r->out.p = NULL; /* MHD frees it */
  }
  if (!resp)
    return MHD_NO;
  MHD_add_response_header(resp, "Content-Type",
                          r->ctype ? r->ctype : "text/html; charset=utf-8");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          r->scripts ? csp_scripts : csp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(resp, "Permissions-Policy",
                          "camera=(), microphone=(), geolocation=()");
  MHD_add_response_header(resp, "Cache-Control",
                          r->cacheable ? "public, max-age=3600" : "no-store");
  if (r->srv->cfg.secure_cookies)
    MHD_add_response_header(resp, "Strict-Transport-Security",
                            "max-age=31536000");
  if (r->disposition[0])
    MHD_add_response_header(resp, "Content-Disposition", r->disposition);
  for (size_t i = 0; i < r->ncookies; i++)
    MHD_add_response_header(resp, "Set-Cookie", r->cookies[i]);
  if (r->status == 303)
    MHD_add_response_header(resp, "Location", r->location);
  if (r->status == -405)
    MHD_add_response_header(resp, "Allow", r->location);
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  out[0] = '\0';
  if (!ci || !ci->client_addr)
    return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET,
              &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
              (socklen_t)n);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6,
              &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
              (socklen_t)n);
}

static enum MHD_Result reply_simple(struct MHD_Connection *c, srv_server *s,
                                    int status, const char *msg) {
  srv_req r;
  memset(&r, 0, sizeof(r));
  r.srv = s;
  r.conn = c;
  r.method = "GET";
  r.path = "/";
  srv_buf_init(&r.out, SRV_PAGE_MAX);
  srv_fail(&r, status, msg);
  r.cookies[0][0] = '\0';
  r.ncookies = 0;
  enum MHD_Result ret = send_reply(c, &r);
  srv_buf_free(&r.out);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls) {
  srv_server *s = cls;
  srv_upload *up = *con_cls;
  (void)version;
  if (!up) {
    up = calloc(1, sizeof(*up));
    if (!up)
      return MHD_NO;
    *con_cls = up;
    up->limit = s->cfg.max_body;
    if (strcmp(method, "POST") == 0 && srv_upload_route(url)) {
      /* the supervisor desk's uploads: the larger limit, only for a
       * logged-in supervisor (anyone else keeps --max-body) */
      srv_req q;
      memset(&q, 0, sizeof(q));
      q.srv = s;
      q.conn = c;
      srv_session_load(&q);
      if (q.user.id && q.user.role == SRV_ROLE_SUPERVISOR &&
          s->max_batch > up->limit)
        up->limit = s->max_batch;
    }
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl) {
      char *end = NULL;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || end == cl || *end || n > up->limit)
        up->too_large = true;
    }
    if (up->too_large)
      return reply_simple(c, s, 413, "提交的内容超过了允许的大小");
    return MHD_YES;
  }
  if (*upload_size) {
    if (up->too_large) {
      up->discarded += *upload_size;
      if (up->discarded > (size_t)1 << 20)
        return MHD_NO;
    } else {
      if (up->len + *upload_size > up->limit) {
        /* a body without Content-Length (chunked) found too large: read
         * on and discard, then answer 413 (libmicrohttpd 0.9.75 cannot
         * answer in mid-upload); past a bound the connection is cut */
        up->too_large = true;
        free(up->body);
        up->body = NULL;
      } else {
        char *b = realloc(up->body, up->len + *upload_size + 1);
        if (!b)
          return MHD_NO;
        memcpy(b + up->len, upload, *upload_size);
        up->len += *upload_size;
        b[up->len] = '\0';
        up->body = b;
      }
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (up->too_large)
    return reply_simple(c, s, 413, "提交的内容超过了允许的大小");

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  srv_req r;
  memset(&r, 0, sizeof(r));
  r.srv = s;
  r.conn = c;
  r.method = method;
  r.path = url;
  r.body = up->body;
  r.body_len = up->len;
  r.status = 200;
  srv_buf_init(&r.out, SRV_PAGE_MAX);
  client_addr(c, r.client, sizeof(r.client));
  const srv_route *hit = NULL;
  if (s->nsites) {
    /* the tree: a site's path, or the list of the sites */
    const char *rest = NULL;
    srv_server *site = srv_site_of(s, url, &rest);
    if (site) {
      r.srv = site;
      r.path = rest;
    } else if (strcmp(url, "/") == 0 && strcmp(method, "GET") == 0) {
      srv_page_begin(&r, "各机关政府信息公开网站");
      srv_html(&r.out, "<ul>");
      for (size_t i = 0; i < s->nsites; i++)
        srv_html(&r.out, "<li><a href=\"%s/\">%s</a></li>",
                 s->sites[i].prefix, s->sites[i].agency);
      srv_html(&r.out, "</ul>");
      srv_page_end(&r);
      goto reply;
    } else {
      srv_fail(&r, 404, "您访问的页面不存在");
      goto reply;
    }
  }
  if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0 &&
      strcmp(method, "HEAD") != 0) {
    dispatch(&r, &hit); /* no route has it: 405 on a known path, else 404 */
  } else {
    if (strcmp(method, "HEAD") == 0)
      r.method = "GET"; /* MHD drops the body of a HEAD reply */
    srv_session_load(&r);
    dispatch(&r, &hit);
  }
reply:;
  enum MHD_Result ret = send_reply(c, &r);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "gongkai serve: %s %s %d %.1fms\n", method,
          hit ? hit->pattern : "-", r.status < 0 ? -r.status : r.status,
          (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
              (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
  free((void *)r.param);
  srv_multipart_free(&r);
  free((void *)r.param2);
  srv_buf_free(&r.out);
  return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  srv_upload *up = *con_cls;
  if (up) {
    free(up->body);
    free(up);
  }
  *con_cls = NULL;
}

static gk_ledger *ledger_as(srv_req *r, bool public) {
  gk_ledger *led = NULL;
  gk_error err;
  gk_error_clear(&err);
  /* designated: the library's option structs grow (style.md §2) */
  gk_ledger_opts o = {.actor = "public", .key_file = r->srv->cfg.key};
  char actor[80];
  if (r->user.id && !public) {
    snprintf(actor, sizeof(actor), "%s", r->user.name);
    o.actor = actor;
  }
  if (gk_ledger_open(&led, r->srv->cfg.db, &o, &err)) {
    srv_fail(r, 500, "无法打开台账数据库");
    return NULL;
  }
  return led;
}

gk_ledger *srv_ledger(srv_req *r) { return ledger_as(r, false); }

/* === The public's ledger handles ===
 * Opening a ledger costs more than the status page it serves (SQLite
 * open, the key file, the audit log's latest entries verified, the holiday
 * calendar parsed: bench/serve_load.sh), so the public's read-only pages
 * reuse handles from a pool. A handle older than SRV_POOL_TTL is closed
 * instead of reused: the open's audit check and a newly added calendar
 * notice still take effect within a minute. Staff requests open their own
 * (the actor is theirs) and so do the public's writes. */

static int64_t mono_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec;
}

gk_ledger *srv_ledger_public(srv_req *r) {
  srv_server *s = r->srv;
  int64_t now = mono_s();
  gk_ledger *led = NULL, *old = NULL;
  pthread_mutex_lock(&s->pool_mu);
  while (!led && s->npool > 0) {
    s->npool--;
    if (now - s->pool[s->npool].born < SRV_POOL_TTL) {
      led = s->pool[s->npool].led;
      r->ledger_born = s->pool[s->npool].born;
    } else {
      old = s->pool[s->npool].led;
      break;
    }
  }
  pthread_mutex_unlock(&s->pool_mu);
  gk_ledger_free(old); /* outside the lock: closing takes a while */
  if (led)
    return led;
  r->ledger_born = now;
  return ledger_as(r, true); /* shared: actor "public" whoever asks */
}

void srv_ledger_release(srv_req *r, gk_ledger *led) {
  srv_server *s = r->srv;
  if (!led)
    return;
  pthread_mutex_lock(&s->pool_mu);
  if (s->npool < SRV_POOL && mono_s() - r->ledger_born < SRV_POOL_TTL) {
    s->pool[s->npool].led = led;
    s->pool[s->npool].born = r->ledger_born;
    s->npool++;
    led = NULL;
  }
  pthread_mutex_unlock(&s->pool_mu);
  gk_ledger_free(led);
}

/* === Run until a signal === */

int srv_run(srv_server *s) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  /* the pool's threads inherit the mask: only sigwait below gets them */
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  for (size_t i = 0; i <= s->nsites; i++) {
    srv_server *x = i ? &s->sites[i - 1] : s;
    pthread_mutex_init(&x->apply_rate.mu, NULL);
    pthread_mutex_init(&x->login_rate.mu, NULL);
    pthread_mutex_init(&x->status_rate.mu, NULL);
    pthread_mutex_init(&x->sync_mu, NULL);
    pthread_mutex_init(&x->pool_mu, NULL);
    pthread_mutex_init(&x->cache_mu, NULL);
  }

  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof(ss));
  socklen_t sl;
  /* ITC: MHD_quiesce_daemon needs it with a thread pool */
  unsigned flags =
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, s->cfg.listen_host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)s->cfg.port);
    sl = sizeof(*a4);
  } else if (inet_pton(AF_INET6, s->cfg.listen_host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)s->cfg.port);
    sl = sizeof(*a6);
    flags |= MHD_USE_IPv6;
  } else {
    fprintf(stderr,
            "gongkai: --listen 的地址须为数字形式的 IPv4 或 IPv6 地址\n");
    return 2;
  }
  (void)sl;
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, (uint16_t)s->cfg.port, NULL, NULL, on_request, s,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
      s->cfg.threads, MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_conns,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->cfg.max_per_ip,
      MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout_s,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "gongkai: 无法在 %s:%u 上监听：%s\n", s->cfg.listen_host,
            s->cfg.port, strerror(errno));
    return 2;
  }
  const union MHD_DaemonInfo *di =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = di ? di->port : s->cfg.port;
  fprintf(stderr, "gongkai serve: listening on http://%s%s%s:%u/\n",
          strchr(s->cfg.listen_host, ':') ? "[" : "", s->cfg.listen_host,
          strchr(s->cfg.listen_host, ':') ? "]" : "", port);
  fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "gongkai serve: signal %d, finishing requests\n", sig);
  /* stop accepting, let the requests in flight finish (bounded by the
   * idle timeout, at most 10 s), then stop */
  MHD_socket ls = MHD_quiesce_daemon(d);
  if (ls != MHD_INVALID_SOCKET)
    close(ls);
  ls = MHD_INVALID_SOCKET;
  unsigned wait_ms = (s->cfg.timeout_s < 10 ? s->cfg.timeout_s : 10) * 1000;
  for (unsigned waited = 0; waited < wait_ms; waited += 50) {
    const union MHD_DaemonInfo *ci =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!ci || ci->num_connections == 0)
      break;
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
  if (ls != MHD_INVALID_SOCKET)
    close(ls);
  for (size_t k = 0; k <= s->nsites; k++) {
    srv_server *x = k ? &s->sites[k - 1] : s;
    for (size_t i = 0; i < x->npool; i++)
      gk_ledger_free(x->pool[i].led);
    x->npool = 0;
    srv_cache_free(x);
  }
  fprintf(stderr, "gongkai serve: stopped\n");
  return 0;
}
