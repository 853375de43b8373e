/* srv_main.c: gongkai serve (issue 12; docs/server.md):
 *   gongkai serve --db FILE [--listen HOST:PORT] [options]   run the server
 *   gongkai serve user add --db FILE --name NAME --role ROLE  (password on
 *                                                     the first line of stdin)
 *   gongkai serve setting set --db FILE KEY VALUE   the 指南's facts
 *   gongkai serve catalogue sync --db FILE          published records → 目录
 * Exit codes as every command (docs/cli.md): 0, 2 usage or unreadable
 * database, 3 internal failure. */
#include "cli_common.h"
#include "cli_ledger.h"
#include "srv_core.h"
#include "srv_serve.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static const cli_option options[] = {
    {"db", required_argument, 'd', "FILE",
     "台账文件或 PostgreSQL 连接串 postgresql://…（必需）",
     "the ledger file or a PostgreSQL URI postgresql://… (required)"},
    {"key", required_argument, 'F', "FILE",
     "台账密钥文件（默认：台账文件名加 .key，或环境变量 GONGKAI_KEY_FILE；"
     "PostgreSQL 必需）",
     "the ledger's key file (default: the ledger's name + .key, or "
     "GONGKAI_KEY_FILE; required for PostgreSQL)"},
    {"listen", required_argument, 'L', "HOST:PORT",
     "监听地址（默认 127.0.0.1:8080；端口 0 为任一空闲端口）",
     "address to listen on (default 127.0.0.1:8080; port 0: any free port)"},
    {"threads", required_argument, 't', "N",
     "线程池大小（默认为在线 CPU 核数）",
     "thread pool size (default: online CPU cores)"},
    {"max-connections", required_argument, 'c', "N", "连接总数上限（默认 256）",
     "connections in all (default 256)"},
    {"max-per-ip", required_argument, 'P', "N",
     "每个地址的连接数上限（默认 16）",
     "connections from one address (default 16)"},
    {"timeout", required_argument, 'T', "S", "空闲连接超时秒数（默认 30）",
     "idle connection timeout in seconds (default 30)"},
    {"max-body", required_argument, 'b', "BYTES",
     "请求体上限，超出返回 413（默认 65536）",
     "largest request body, 413 beyond (default 65536)"},
    {"apply-per-hour", required_argument, 'a', "N",
     "每个地址每小时在线申请数上限（默认 10）",
     "online applications per address per hour (default 10)"},
    {"login-fails", required_argument, 'f', "N",
     "连续登录失败 N 次锁定账户（默认 5）",
     "failed logins in a row that lock an account (default 5)"},
    {"lock-minutes", required_argument, 'm', "N", "锁定分钟数（默认 15）",
     "minutes an account stays locked (default 15)"},
    {"secure-cookies", no_argument, 'S', NULL,
     "Cookie 加 Secure 并发送 HSTS（在 TLS 之后运行时）",
     "Secure cookies and HSTS (when running behind TLS)"},
    {"status-lookups", required_argument, 'k', "N",
     "每个地址每 10 分钟查询办理进度的次数上限（默认 60）",
     "status lookups per address per 10 minutes (default 60)"},
    {"catalogue-sync", required_argument, 's', "S",
     "目录从台账刷新的最短间隔秒数（默认 60）",
     "refresh the catalogue from the ledger at most every S seconds "
     "(default 60)"},
    {"max-upload", required_argument, 'U', "BYTES",
     "上级主管部门工作台：单个上传文件的上限，超出返回 413（默认 16777216）",
     "supervisor desk: one uploaded file, 413 beyond (default 16777216)"},
    {"max-upload-batch", required_argument, 'B', "BYTES",
     "上级主管部门工作台：一次上传的请求体上限（默认 67108864）",
     "supervisor desk: the body of one upload request (default 67108864)"},
    {"reports", required_argument, 'r', "DIR",
     "本机关已公开的年度报告（.docx、PDF、HTML、文本）：其年度的公开页面和下载"
     "用原件，不用台账生成的报告（启动时读取）",
     "the annual reports the agency published (.docx, PDF, HTML, text): "
     "their years' public pages and downloads use them instead of the "
     "ledger's report (read at start)"},
    {"letters", required_argument, 'J', "DIR",
     "本机关的告知书模板目录：DIR/KIND.txt 代替内置模板（启动时检查）",
     "the office's letter templates: DIR/KIND.txt replaces the built-in "
     "template (checked at start)"},
    {"site", required_argument, 'A', "ID=ROLE",
     "PostgreSQL 机关树：在 /a/ID/ 下提供以机关角色 ROLE 访问的网站（可重复；"
     "其服务器数据表在模式 srv_ROLE 中）",
     "the PostgreSQL agency tree: a site under /a/ID/ acting as the agency's "
     "role ROLE (repeatable; its server tables in schema srv_ROLE)"},
    {"name", required_argument, 'n', "NAME",
     "user add：用户名；desk add：上级主管部门的账户",
     "user add: the user name; desk add: the supervisor's account"},
    {"role", required_argument, 'R', "ROLE",
     "user add：clerk reviewer head supervisor admin",
     "user add: clerk reviewer head supervisor admin"},
    CLI_OPT_LANG,
    CLI_OPT_HELP,
};

enum { SERVE_MAX_SITES = 64 };

/* What the options set (ctx of cli_parse). */
typedef struct serve_opts {
  srv_server *s;
  char *host; /* 64 bytes */
  const char *name, *role;
  const char *letters; /* --letters DIR */
  const char *reports; /* --reports DIR */
  const char *site[SERVE_MAX_SITES]; /* --site ID=ROLE */
  size_t nsites;
} serve_opts;

static int usage_error(const char *fmt, const char *arg) {
  return cli_usage_error("serve", fmt, arg);
}

/* A whole number in [lo, hi] or -1. */
static long number(const char *s, long lo, long hi) {
  char *end = NULL;
  errno = 0;
  long n = strtol(s, &end, 10);
  if (errno || end == s || *end || n < lo || n > hi)
    return -1;
  return n;
}

/* HOST:PORT, [V6]:PORT or PORT alone. */
static int parse_listen(const char *v, char *host, size_t n, unsigned *port) {
  const char *colon;
  if (v[0] == '[') {
    const char *rb = strchr(v, ']');
    if (!rb || rb[1] != ':')
      return -1;
    snprintf(host, n, "%.*s", (int)(rb - v - 1), v + 1);
    colon = rb + 1;
  } else {
    colon = strrchr(v, ':');
    if (!colon) {
      snprintf(host, n, "127.0.0.1");
      colon = v - 1;
    } else
      snprintf(host, n, "%.*s", (int)(colon - v), v);
  }
  long p = number(colon + 1, 0, 65535);
  if (p < 0 || !host[0])
    return -1;
  *port = (unsigned)p;
  return 0;
}

/* --site ID=ROLE: ID names the path (/a/ID/), ROLE the agency's role in
 * the database (agency_members); both plain names, as they go into a path
 * and a connection string. The site's target is the --db URI with
 * options: the role from the start (a server login granted the agency
 * roles, NOINHERIT, acts as one agency per connection; row-level security
 * does the rest) and its own schema for the server's tables. NULL: not a
 * site (the message printed). */
static char *site_target(const char *db, const char *site, char *id,
                         size_t idn) {
  const char *eq = strchr(site, '=');
  size_t il = eq ? (size_t)(eq - site) : 0;
  const char *role = eq ? eq + 1 : "";
  bool ok = il > 0 && il < idn && role[0] && strlen(role) < 60;
  for (size_t i = 0; ok && site[i]; i++) {
    char c = site[i];
    ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         (c == '-' && site + i < eq) || site + i == eq;
  }
  if (!ok) {
    usage_error("--site 应为 ID=ROLE（小写字母、数字、下划线），而不是 '%s'",
                site);
    return NULL;
  }
  if (strncmp(db, "postgresql://", 13) != 0 &&
      strncmp(db, "postgres://", 11) != 0) {
    usage_error("%s", "--site 需要 --db postgresql://…（机关树在 PostgreSQL 中）");
    return NULL;
  }
  snprintf(id, idn, "%.*s", (int)il, site);
  size_t n = strlen(db) + 3 * strlen(role) + 128;
  char *t = malloc(n);
  if (t)
    snprintf(t, n,
             "%s%soptions=-c%%20role%%3D%s%%20-c%%20search_path%%3Dsrv_%s"
             "%%2Cpublic",
             db, strchr(db, '?') ? "&" : "?", role, role);
  return t;
}

static int open_store(srv_server *s) {
  gk_error err;
  gk_error_clear(&err);
  if (srv_store_open(s, &err)) {
    /* a connection string may hold a password: the library's message
     * names its server and database instead */
    if (gk_db_backend_of(s->cfg.db) == GK_DB_POSTGRESQL)
      fprintf(stderr, "gongkai: %s\n",
              err.message[0] ? err.message : "无法打开台账");
    else
      fprintf(stderr, "gongkai: %s: %s\n", s->cfg.db,
              err.message[0] ? err.message : "无法打开台账");
    return EXIT_USAGE;
  }
  return 0;
}

static int user_add(srv_server *s, const char *name, const char *role) {
  int r = srv_role_from_id(role);
  if (!name || !role)
    return usage_error("%s", "user add 需要 --name 和 --role");
  if (r < 0)
    return usage_error("未知角色 '%s'（clerk reviewer head supervisor admin）",
                       role);
  char pw[256];
  if (!fgets(pw, sizeof(pw), stdin))
    return usage_error("%s", "请在标准输入的第一行给出密码");
  pw[strcspn(pw, "\r\n")] = '\0';
  int rc = open_store(s);
  if (rc)
    return rc;
  char msg[256];
  rc =
      srv_user_add(s, name, (srv_role)r, pw, msg, sizeof(msg)) ? EXIT_USAGE : 0;
  sodium_memzero(pw, sizeof(pw));
  if (rc)
    fprintf(stderr, "gongkai: %s\n", msg);
  else
    fprintf(stderr, "gongkai: 已建立用户 %s（%s）\n", name,
            srv_role_label((srv_role)r));
  srv_store_close(s);
  return rc;
}

static const char *const setting_keys[] = {
    "office_name", "address",  "office_hours", "phone", "fax",
    "email",       "postcode", "index_prefix", NULL};

static int setting_set(srv_server *s, const char *key, const char *value) {
  bool known = false;
  for (size_t i = 0; setting_keys[i]; i++)
    known = known || strcmp(setting_keys[i], key) == 0;
  if (!known)
    return usage_error("未知设置 '%s'（office_name address office_hours phone "
                       "fax email postcode index_prefix）",
                       key);
  int rc = open_store(s);
  if (rc)
    return rc;
  rc = srv_setting_set(s, key, value) ? EXIT_INTERNAL : 0;
  srv_audit(s, "cli", "setting-set", key);
  srv_store_close(s);
  return rc;
}

/* serve desk add --db FILE --name SUPERVISOR FILE...: the supervisor
 * desk's upload without a browser (make serve-demo loads the seeds so).
 * Each file is read and stored as the upload form does; one that cannot
 * be read is stored with its message and the others are still taken.
 * Exit 2 when a file is missing or unreadable, else 0. */
static int desk_add(srv_server *s, const char *name, int n, char **files) {
  if (!name)
    return usage_error("%s", "desk add 需要 --name（上级主管部门的账户）");
  int rc = open_store(s);
  if (rc)
    return rc;
  if (!srv_sup_is_supervisor(s, name)) {
    srv_store_close(s);
    return usage_error("'%s' 不是上级主管部门（supervisor）的账户", name);
  }
  for (int i = 0; i < n; i++) {
    char *buf = NULL;
    size_t len = 0;
    gk_error err;
    gk_error_clear(&err);
    if (cli_read_path(files[i], s->max_upload, &buf, &len, &err)) {
      fprintf(stderr, "gongkai: %s: %s\n", files[i],
              err.message[0] ? err.message : "无法读取");
      rc = EXIT_USAGE;
      continue;
    }
    char msg[1024];
    /* the file's own name, as a browser would send it */
    const char *base = strrchr(files[i], '/');
    base = base && base[1] ? base + 1 : files[i];
    int st = srv_sup_add_file(s, name, base, buf, len, msg, sizeof(msg));
    free(buf);
    if (st < 0) {
      fprintf(stderr, "gongkai: %s: 无法保存（数据库错误）\n", files[i]);
      rc = EXIT_INTERNAL;
      break;
    }
    fprintf(stderr, "gongkai: %s\n", msg);
    if (st == 2 && !rc)
      rc = EXIT_USAGE;
  }
  srv_store_close(s);
  return rc;
}

static int catalogue_sync(srv_server *s) {
  int rc = open_store(s); /* opening syncs */
  if (rc)
    return rc;
  srv_store_close(s);
  return 0;
}

static int option(int c, const cli_value *v, void *ctx) {
  serve_opts *o = ctx;
  srv_config *cfg = &o->s->cfg;
  long n = 0;
  switch (c) {
  case 'd':
    cfg->db = v->text;
    return 0;
  case 'F':
    cfg->key = v->text;
    return 0;
  case 'A':
    if (o->nsites == SERVE_MAX_SITES)
      return usage_error("%s", "--site 最多 64 个");
    o->site[o->nsites++] = v->text;
    return 0;
  case 'L':
    if (parse_listen(v->text, o->host, 64, &cfg->port))
      return usage_error("%s", cli_tr("--listen 应为 HOST:PORT，例如 "
                                      "127.0.0.1:8080",
                                      "--listen takes HOST:PORT, e.g. "
                                      "127.0.0.1:8080"));
    return 0;
  case 't':
    n = number(v->text, 1, 64), cfg->threads = (unsigned)n;
    break;
  case 'c':
    n = number(v->text, 1, 100000), cfg->max_conns = (unsigned)n;
    break;
  case 'P':
    n = number(v->text, 1, 10000), cfg->max_per_ip = (unsigned)n;
    break;
  case 'T':
    n = number(v->text, 1, 3600), cfg->timeout_s = (unsigned)n;
    break;
  case 'b':
    n = number(v->text, 1024, 64L << 20), cfg->max_body = (size_t)n;
    break;
  case 'a':
    n = number(v->text, 1, 100000), cfg->apply_per_hour = (unsigned)n;
    break;
  case 'k':
    n = number(v->text, 1, 1000000), cfg->status_lookups = (unsigned)n;
    break;
  case 'f':
    n = number(v->text, 1, 100), cfg->login_fails = (unsigned)n;
    break;
  case 'm':
    n = number(v->text, 1, 10080), cfg->lock_minutes = (unsigned)n;
    break;
  case 's':
    n = number(v->text, 1, 86400), cfg->sync_s = (unsigned)n;
    break;
  case 'U':
    n = number(v->text, 1024, 1L << 30), o->s->max_upload = (size_t)n;
    break;
  case 'B':
    n = number(v->text, 1024, 4L << 30), o->s->max_batch = (size_t)n;
    break;
  case 'S':
    cfg->secure_cookies = true;
    return 0;
  case 'r':
    o->reports = v->text;
    return 0;
  case 'n':
    o->name = v->text;
    return 0;
  case 'R':
    o->role = v->text;
    return 0;
  case 'J':
    o->letters = v->text;
    return 0;
  default:
    return 0;
  }
  if (n < 0)
    return usage_error(
        cli_tr("选项的数值 '%s' 超出范围", "value '%s' out of range"), v->text);
  return 0;
}

static const cli_cmd command = {
    .name = "serve",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai serve --db FILE [--listen HOST:PORT] [选项] | "
                "serve user add --db FILE --name NAME --role ROLE | serve "
                "setting set --db FILE KEY VALUE | serve catalogue sync "
                "--db FILE | serve desk add --db FILE --name NAME FILE...",
    .usage_en = "gongkai serve --db FILE [--listen HOST:PORT] [options] | "
                "serve user add --db FILE --name NAME --role ROLE | serve "
                "setting set --db FILE KEY VALUE | serve catalogue sync "
                "--db FILE | serve desk add --db FILE --name NAME FILE...",
    .about_zh = "在台账上运行政府信息公开网站：公开指南、公开目录、在线申请、"
                "进度查询、办理台（docs/server.md）。user add 的密码从标准输入"
                "第一行读取。",
    .about_en = "Runs the disclosure website on the ledger: guide, "
                "catalogue, online application, status, office console "
                "(docs/server.md). user add reads the password from the "
                "first line of standard input.",
    .exit_zh = "退出码：0 成功（收到 SIGTERM 后正常停止）；2 用法错误、无法打开"
               "台账或无法监听；3 内部错误",
    .exit_en = "exit codes: 0 success (stopped cleanly on SIGTERM); 2 bad "
               "usage, ledger not openable or address not available; 3 "
               "internal failure",
    .min_args = 0,
    .max_args = -1, /* desk add takes files */
    .option = option,
};

/* One serve for the tree: a site per --site, each a server of its own
 * (tables, caches, keys) sharing the daemon, the letters, the published
 * reports and the charts' script of the main one, which has no database
 * of its own. */
static int run_tree(srv_server *s, const serve_opts *o) {
  int rc = o->letters ? srv_letters_load(s, o->letters) : 0;
  if (!rc && o->reports)
    rc = srv_published_load(s, o->reports);
  if (rc)
    return rc;
  s->sites = calloc(o->nsites, sizeof(*s->sites));
  if (!s->sites)
    return cli_nomem();
  srv_echarts_load(s);
  size_t opened = 0;
  for (size_t i = 0; !rc && i < o->nsites; i++) {
    srv_server *x = &s->sites[i];
    char id[32];
    char *t = site_target(s->cfg.db, o->site[i], id, sizeof(id));
    if (!t) {
      rc = EXIT_USAGE;
      break;
    }
    for (size_t j = 0; j < i; j++)
      if (strcmp(s->sites[j].prefix + 3, id) == 0)
        rc = usage_error("--site '%s' 重复", id);
    x->cfg = s->cfg;
    x->cfg.db = t;
    x->max_upload = s->max_upload;
    x->max_batch = s->max_batch;
    x->echarts = s->echarts; /* borrowed from the main server */
    x->echarts_len = s->echarts_len;
    memcpy(x->letter_tpl, s->letter_tpl, sizeof(x->letter_tpl));
    memcpy(x->letter_len, s->letter_len, sizeof(x->letter_len));
    x->published = s->published;
    x->npublished = s->npublished;
    snprintf(x->prefix, sizeof(x->prefix), "/a/%s", id);
    randombytes_buf(x->key, sizeof(x->key));
    s->nsites = i + 1;
    if (!rc)
      rc = open_store(x);
    if (!rc)
      opened = i + 1;
  }
  if (!rc)
    rc = srv_run(s);
  for (size_t i = 0; i < s->nsites; i++) {
    srv_server *x = &s->sites[i];
    if (i < opened)
      srv_store_close(x);
    sodium_memzero(x->key, sizeof(x->key));
    free((char *)x->cfg.db);
  }
  free(s->sites);
  s->sites = NULL;
  s->nsites = 0;
  return rc;
}

int srv_cmd_serve(int argc, char **argv) {
  srv_server *s = calloc(1, sizeof(*s));
  if (!s)
    return cli_nomem();
  char host[64] = "127.0.0.1";
  s->cfg = (srv_config){NULL,  NULL, host,  8080, 4, 256, 16, 30,
                        65536, false, 10,   5, 15,  60, 60};
  /* one thread a core: more only queue on the cores and stretch the tail
   * (bench/serve_load.sh at 256 connections on 2 cores: p99 34 ms with 2
   * threads, 49 ms with 4, for the same requests/s) */
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  s->cfg.threads = cores < 1 ? 1u : cores > 64 ? 64u : (unsigned)cores;
  s->max_upload = 16u << 20; /* supervisor desk (docs/server.md) */
  s->max_batch = 64u << 20;
  serve_opts o = {.s = s, .host = host};
  char *one_site = NULL;
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &o, &a);
  const char *name = o.name, *role = o.role;
  if (rc != CLI_PARSED)
    goto done;
  rc = 0;
  if (!s->cfg.db) {
    rc = usage_error("%s", cli_tr("缺少 --db FILE", "--db FILE is required"));
    goto done;
  }
  s->cfg.key = cli_key_file(s->cfg.key);
  /* one site and a subcommand: the subcommand acts on that site */
  if (o.nsites == 1 && a.argc) {
    char id[32];
    one_site = site_target(s->cfg.db, o.site[0], id, sizeof(id));
    if (!one_site) {
      rc = EXIT_USAGE;
      goto done;
    }
    s->cfg.db = one_site;
  }
  if (sodium_init() < 0) {
    fprintf(stderr, "gongkai: libsodium 初始化失败\n");
    rc = EXIT_INTERNAL;
    goto done;
  }
  int rest = a.argc;
  char **words = a.argv;
  if (rest == 2 && strcmp(words[0], "user") == 0 &&
      strcmp(words[1], "add") == 0) {
    rc = user_add(s, name, role);
  } else if (rest == 4 && strcmp(words[0], "setting") == 0 &&
             strcmp(words[1], "set") == 0) {
    rc = setting_set(s, words[2], words[3]);
  } else if (rest == 2 && strcmp(words[0], "catalogue") == 0 &&
             strcmp(words[1], "sync") == 0) {
    rc = catalogue_sync(s);
  } else if (rest >= 3 && strcmp(words[0], "desk") == 0 &&
             strcmp(words[1], "add") == 0) {
    rc = desk_add(s, name, rest - 2, words + 2);
  } else if (rest) {
    rc = usage_error("未知的参数 '%s'", words[0]);
  } else if (o.nsites) {
    rc = run_tree(s, &o);
  } else {
    randombytes_buf(s->key, sizeof(s->key));
    rc = o.letters ? srv_letters_load(s, o.letters) : 0;
    if (!rc && o.reports)
      rc = srv_published_load(s, o.reports);
    if (!rc)
      rc = open_store(s);
    if (!rc) {
      srv_echarts_load(s);
      rc = srv_run(s);
      srv_store_close(s);
    }
  }
done:
  free(one_site);
  srv_letters_free(s);
  srv_published_free(s);
  sodium_memzero(s->key, sizeof(s->key));
  free(s->echarts);
  free(s);
  return rc;
}
