/* srv_public.c: the public site, no login (issue 12 item 2): the home
 * page, 政府信息公开指南 (条例 第十二条, from the agency's settings), 政府信息
 * 公开目录 (the catalogue, FTS5 trigram search), the online application
 * form with the fields of 第二十九条, its receipt with a tracking code, and
 * the status page per tracking code. */
#include "srv_core.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PAGE_SIZE = 20, MAX_PAGE = 100000, MAX_QUERY = 120 };

/* GET / */
void srv_get_home(srv_req *r) {
  srv_page_begin(r, "政府信息公开");
  srv_html(&r->out,
           "<ul><li><a href=\"/guide\">政府信息公开指南</a>：公开的范围、"
           "方式和申请的办法</li>"
           "<li><a href=\"/catalogue\">政府信息公开目录</a>：主动公开的政府"
           "信息，可全文检索</li>"
           "<li><a href=\"/reports\">政府信息公开工作年度报告</a>：各年度，"
           "网页及 Word、Excel 下载</li>"
           "<li><a href=\"/apply\">在线提交政府信息公开申请</a>（《政府信息"
           "公开条例》第二十九条）</li>"
           "<li><a href=\"/status\">凭查询码查询申请办理进度</a></li></ul>");
  srv_page_end(r);
}

/* === 指南 === */

static void setting_row(srv_req *r, const char *label, const char *key) {
  char v[512];
  if (!srv_setting(r->srv, key, v, sizeof(v)) || !v[0])
    snprintf(v, sizeof(v), "%s", "（未设置）");
  srv_html(&r->out, "<tr><th>%s</th><td>%s</td></tr>", label, v);
}

/* GET /guide */
void srv_get_guide(srv_req *r) {
  char agency[256];
  if (!srv_setting(r->srv, "agency", agency, sizeof(agency)))
    agency[0] = '\0';
  srv_page_begin(r, "政府信息公开指南");
  srv_html(&r->out,
           "<p>为便于公民、法人和其他组织获取%s的政府信息，根据《中华人民共和国"
           "政府信息公开条例》第十二条，编制本指南。</p>"
           "<h2>一、政府信息公开工作机构</h2><table>",
           agency);
  setting_row(r, "机构名称", "office_name");
  setting_row(r, "办公地址", "address");
  setting_row(r, "办公时间", "office_hours");
  setting_row(r, "联系电话", "phone");
  setting_row(r, "传真号码", "fax");
  setting_row(r, "电子邮箱", "email");
  setting_row(r, "邮政编码", "postcode");
  srv_html(
      &r->out,
      "</table><h2>二、主动公开</h2><p>主动公开的政府信息列于<a "
      "href=\"/catalogue\">政府信息公开目录</a>，含索引号、文号、成文日期、"
      "发布日期和主题分类，可按标题、文号或正文检索。属于主动公开范围的政府信息"
      "，"
      "自形成或者变更之日起20个工作日内予以公开（条例第二十六条）。</p>"
      "<h2>三、依申请公开</h2><ol>"
      "<li>提交申请：可<a href=\"/apply\">在线提交</a>，也可当面提交、邮寄或"
      "传真。申请应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的"
      "政府信息的名称、文号或者便于查询的其他特征性描述，以及提供政府信息的"
      "形式要求和获取方式（条例第二十九条）。</li>"
      "<li>收到申请的时间：当面提交的，以提交之日为收到申请之日；以邮寄方式提交"
      "的，以签收之日为收到申请之日；通过互联网渠道或者传真提交的，以双方确认"
      "之日为收到申请之日（条例第三十一条）。</li>"
      "<li>补正：申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正"
      "（条例第三十条）。</li>"
      "<li>答复期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起"
      "20个工作日内答复；需要延长的，经负责人同意并告知申请人，延长期限最长不得"
      "超过20个工作日。征求第三方和其他机关意见所需时间不计算在内（条例第三十三"
      "条）。"
      "</li>"
      "<li>收费：一般不收取费用；申请数量、频次明显超过合理范围的，可以收取"
      "信息处理费（条例第四十二条，国办函〔2020〕109号）。</li></ol>"
      "<h2>四、监督和救济</h2><p>认为行政机关在政府信息公开工作中侵犯其合法"
      "权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可"
      "以"
      "依法申请行政复议或者提起行政诉讼（条例第五十一条）。</p>");
  srv_page_end(r);
}

/* === 目录 === */

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xc0) != 0x80)
      n++;
  return n;
}

/* A positive page number or 0 for bad input. */
static long page_arg(const char *v) {
  if (!v || !*v)
    return 1;
  char *end = NULL;
  long n = strtol(v, &end, 10);
  if (*end || n < 1 || n > MAX_PAGE)
    return 0;
  return n;
}

static bool utf8_ok(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x80) {
      if (*p < 0x20 || *p == 0x7f)
        return false;
      p++;
      continue;
    }
    int k = *p >= 0xf0 && *p <= 0xf4 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc2 ? 1 : -1;
    if (k < 0 || *p > 0xf4)
      return false;
    for (int j = 1; j <= k; j++)
      if ((p[j] & 0xc0) != 0x80)
        return false;
    p += k + 1;
  }
  return true;
}

/* GET /catalogue?q=TEXT&page=N */
void srv_get_catalogue(srv_req *r) {
  const char *q =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
  const char *pg =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "page");
  long page = page_arg(pg);
  if (!page) {
    srv_fail(r, 400, "页码须为 1 至 100000 之间的整数");
    return;
  }
  if (q && !utf8_ok(q)) {
    srv_fail(r, 400, "检索词不是有效的 UTF-8 文本");
    return;
  }
  if (q && strlen(q) > MAX_QUERY) {
    srv_fail(r, 400, "检索词过长（最多 40 个汉字）");
    return;
  }
  if (q && !*q)
    q = NULL;
  srv_catalogue_refresh(r->srv);
  /* the same search on an unchanged database: the kept page (srv_cache.c) */
  char key[192];
  snprintf(key, sizeof(key), "%ld\n%s", page, q ? q : "");
  int64_t gen = srv_db_generation(r->srv);
  srv_page_begin(r, "政府信息公开目录");
  size_t mark = r->out.len;
  if (srv_cache_get(r->srv, key, gen, &r->out)) {
    srv_page_end(r);
    return;
  }
  /* three chars or more: title, 文号, 索引号 and body by trigrams (SQLite:
   * the FTS5 trigram index, the query a phrase; PostgreSQL: ILIKE over
   * pg_trgm's index of SRV_CATALOGUE_TEXT); fewer: a scan of title and
   * 文号 with LIKE (a trigram index cannot serve one or two characters).
   * SQLite's LIKE and FTS5 ignore ASCII case; PostgreSQL's ILIKE too. */
  bool use_pg = srv_pg(r->srv);
  srv_buf arg, count_sql, list_sql;
  srv_buf_init(&arg, 1024);
  srv_buf_init(&count_sql, 1024);
  srv_buf_init(&list_sql, 1024);
  const char *where = "";
  bool phrase = q && utf8_chars(q) >= 3;
  if (phrase && !use_pg) {
    srv_buf_add(&arg, "\"", 1); /* a phrase: FTS syntax in it is text */
    for (const char *p = q; *p; p++) {
      if (*p == '"')
        srv_buf_add(&arg, "\"", 1); /* doubled, as in SQL */
      srv_buf_add(&arg, p, 1);
    }
    srv_buf_add(&arg, "\"", 1);
    where = " WHERE id IN (SELECT rowid FROM srv_catalogue_fts WHERE "
            "srv_catalogue_fts MATCH ?1)";
  } else if (q) {
    srv_buf_add(&arg, "%", 1);
    for (const char *p = q; *p; p++) {
      if (*p == '%' || *p == '_' || *p == '\\')
        srv_buf_add(&arg, "\\", 1);
      srv_buf_add(&arg, p, 1);
    }
    srv_buf_add(&arg, "%", 1);
    /* title and 文号 only: a scan of every body costs too much (bench/) */
    where = !phrase ? (use_pg ? " WHERE title ILIKE ?1 ESCAPE '\\' OR doc_no "
                            "ILIKE ?1 ESCAPE '\\'"
                          : " WHERE title LIKE ?1 ESCAPE '\\' OR doc_no LIKE "
                            "?1 ESCAPE '\\'")
                    : " WHERE (" SRV_CATALOGUE_TEXT ") ILIKE ?1 ESCAPE '\\'";
  }
  srv_buf_add(&arg, "", 1);
  /* the trigram count needs no join: the index alone counts its rows */
  if (phrase && !use_pg)
    srv_buf_str(&count_sql, "SELECT count(*) FROM srv_catalogue_fts WHERE "
                            "srv_catalogue_fts MATCH ?1");
  else
    srv_buf_printf(&count_sql, "SELECT count(*) FROM srv_catalogue%s", where);
  srv_buf_printf(
      &list_sql,
      "SELECT id, index_no, doc_no, title, topic, written_on, published_on "
      "FROM srv_catalogue%s ORDER BY published_on DESC, id DESC LIMIT %d "
      "OFFSET %lld",
      where, PAGE_SIZE, (long long)(page - 1) * PAGE_SIZE);
  srv_buf_add(&count_sql, "", 1);
  srv_buf_add(&list_sql, "", 1);
  gk_db_stmt *cs = NULL, *ls = NULL;
  int64_t total = 0;
  if (arg.failed || count_sql.failed || list_sql.failed ||
      !(cs = srv_sql(r->srv, count_sql.p, NULL)) ||
      !(ls = srv_sql(r->srv, list_sql.p, NULL))) {
    srv_fail(r, 500, "目录查询失败");
    goto done;
  }
  if (q) {
    gk_db_bind_text(cs, 1, arg.p);
    gk_db_bind_text(ls, 1, arg.p);
  }
  if (srv_step(cs, NULL) == 1)
    total = gk_db_col_int(cs, 0);
  srv_html(&r->out,
           "<form method=\"get\" action=\"/catalogue\"><label "
           "for=\"q\">全文检索（标题、文号、索引号、正文）</label><input "
           "type=\"text\" id=\"q\" name=\"q\" value=\"%s\" "
           "maxlength=\"40\"><button type=\"submit\">检索</button></form>",
           q ? q : "");
  srv_html(&r->out, "<p>共 %lld 条%s%s%s</p>", (long long)total,
           q ? "，检索词“" : "", q ? q : "", q ? "”" : "");
  srv_html(&r->out, "<table><thead><tr><th>索引号</th><th>标题</th>"
                    "<th>文号</th><th>成文日期</th><th>发布日期</th>"
                    "<th>主题分类</th></tr></thead><tbody>");
  while (srv_step(ls, NULL) == 1) {
    const char *c[7];
    for (int i = 1; i < 7; i++) {
      c[i] = gk_db_col_text(ls, i);
      if (!c[i])
        c[i] = "";
    }
    srv_html(&r->out,
             "<tr><td>%s</td><td><a href=\"/catalogue/%lld\">%s</a></td>"
             "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
             c[1], (long long)gk_db_col_int(ls, 0), c[3], c[2], c[5],
             c[6], c[4]);
  }
  srv_html(&r->out, "</tbody></table><nav class=\"pages\">");
  int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
  char *qe = NULL;
  if (q) {
    /* the query back into a link: percent-encode every byte but unreserved */
    srv_buf e;
    srv_buf_init(&e, 4 * MAX_QUERY);
    for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
      if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
          (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_')
        srv_buf_add(&e, (const char *)p, 1);
      else
        srv_buf_printf(&e, "%%%02X", *p);
    }
    qe = e.p;
  }
  if (page > 1)
    srv_html(&r->out, "<a href=\"/catalogue?page=%lld%s%s\">上一页</a>",
             (long long)page - 1, qe ? "&q=" : "", qe ? qe : "");
  srv_html(&r->out, "<span>第 %lld 页，共 %lld 页</span>", (long long)page,
           (long long)(pages ? pages : 1));
  if (page < pages)
    srv_html(&r->out, "<a href=\"/catalogue?page=%lld%s%s\">下一页</a>",
             (long long)page + 1, qe ? "&q=" : "", qe ? qe : "");
  srv_html(&r->out, "</nav>");
  free(qe);
  if (!r->out.failed && r->out.len >= mark)
    srv_cache_put(r->srv, key, gen, r->out.p + mark, r->out.len - mark);
  srv_page_end(r);
done:
  srv_sql_done(r->srv, ls);
  srv_sql_done(r->srv, cs);
  srv_buf_free(&arg);
  srv_buf_free(&count_sql);
  srv_buf_free(&list_sql);
}

/* GET /catalogue/{id} */
void srv_get_catalogue_item(srv_req *r) {
  char *end = NULL;
  long long id = strtoll(r->param, &end, 10);
  if (*end || id < 1) {
    srv_fail(r, 400, "目录条目编号须为正整数");
    return;
  }
  gk_db_stmt *st = srv_sql(r->srv,
                           "SELECT index_no, doc_no, title, topic, written_on, "
                           "published_on, body FROM srv_catalogue WHERE id = ?",
                           NULL);
  if (!st) {
    srv_fail(r, 500, "目录查询失败");
    return;
  }
  gk_db_bind_int(st, 1, id);
  if (srv_step(st, NULL) != 1) {
    srv_sql_done(r->srv, st);
    srv_fail(r, 404, "目录中没有该条目");
    return;
  }
  const char *c[7];
  for (int i = 0; i < 7; i++) {
    c[i] = gk_db_col_text(st, i);
    if (!c[i])
      c[i] = "";
  }
  srv_page_begin(r, c[2]);
  srv_html(&r->out,
           "<table><tr><th>索引号</th><td>%s</td></tr><tr><th>文号</th><td>%s"
           "</td></tr><tr><th>主题分类</th><td>%s</td></tr><tr><th>成文日期"
           "</th><td>%s</td></tr><tr><th>发布日期</th><td>%s</td></tr></table>"
           "<div>%s</div><p><a href=\"/catalogue\">返回目录</a></p>",
           c[0], c[1], c[3], c[4], c[5], c[6]);
  srv_sql_done(r->srv, st);
  srv_page_end(r);
}

/* === The online application (第二十九条) === */

static void select_of(srv_req *r, const char *name, const char *label,
                      const char *const *ids,
                      const char *(*lab)(const char *)) {
  srv_html(&r->out,
           "<label for=\"%s\">%s</label><select id=\"%s\" "
           "name=\"%s\" required>",
           name, label, name, name);
  for (size_t i = 0; ids[i]; i++)
    srv_html(&r->out, "<option value=\"%s\">%s</option>", ids[i], lab(ids[i]));
  srv_html(&r->out, "</select>");
}

static void text_input(srv_req *r, const char *name, const char *label,
                       int maxlen, bool required) {
  srv_html(&r->out,
           "<label for=\"%s\">%s%s</label><input type=\"text\" "
           "id=\"%s\" name=\"%s\" maxlength=\"%d\"%s>",
           name, label, required ? "（必填）" : "", name, name, maxlen,
           required ? " required" : "");
}

/* GET /apply */
void srv_get_apply(srv_req *r) {
  srv_page_begin(r, "政府信息公开申请");
  srv_html(&r->out, "<p>请如实填写以下内容（《政府信息公开条例》第二十九条）。"
                    "通过互联网提交的申请，提交成功即视为双方确认，当日为收到"
                    "申请之日（第三十一条）。</p><form method=\"post\" "
                    "action=\"/apply\">");
  srv_csrf_input(r);
  srv_html(&r->out, "<fieldset><legend>申请人信息</legend>");
  select_of(r, "applicant_type", "申请人类型", srv_applicant_types,
            srv_label_applicant_type);
  text_input(r, "name", "姓名或者名称", 100, true);
  select_of(r, "id_type", "身份证明类型", srv_id_types, srv_label_id_type);
  text_input(r, "id_number", "证件号码", 32, true);
  text_input(r, "phone", "联系电话", 32, false);
  text_input(r, "email", "电子邮箱", 100, false);
  text_input(r, "address", "通信地址", 200, false);
  srv_html(&r->out,
           "<p>联系电话、电子邮箱和通信地址至少填写一项。</p></fieldset>"
           "<fieldset><legend>申请公开的政府信息</legend><label "
           "for=\"description\">政府信息的名称、文号或者便于查询的其他"
           "特征性描述（必填）</label><textarea id=\"description\" "
           "name=\"description\" maxlength=\"4000\" required>"
           "</textarea>");
  select_of(r, "form", "提供政府信息的形式", srv_forms, srv_label_form);
  select_of(r, "delivery", "获取信息的方式", srv_deliveries,
            srv_label_delivery);
  srv_html(&r->out, "</fieldset><button type=\"submit\">提交申请</button>"
                    "</form>");
  srv_page_end(r);
}

static bool in_list(const char *v, const char *const *ids) {
  for (size_t i = 0; v && ids[i]; i++)
    if (strcmp(v, ids[i]) == 0)
      return true;
  return false;
}

/* GB 11643-1999: 17 digits and a check character. */
static bool resident_id_ok(const char *s) {
  static const int w[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                            3, 7, 9,  10, 5, 8, 4, 2};
  static const char check[] = "10X98765432";
  if (strlen(s) != 18)
    return false;
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    sum += (s[i] - '0') * w[i];
  }
  return s[17] == check[sum % 11];
}

/* 20 characters of an alphabet without 0/O, 1/I (100 bits), shown in four
 * groups of five. */
static void tracking_code(char out[24]) {
  static const char abc[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  int o = 0;
  for (int i = 0; i < 20; i++) {
    if (i && i % 5 == 0)
      out[o++] = '-';
    out[o++] = abc[randombytes_uniform(32)];
  }
  out[o] = '\0';
}

/* The code as typed back: dashes and blanks dropped, upper case. */
static void code_norm(const char *in, char *out, size_t n) {
  size_t o = 0;
  for (; *in && o + 1 < n; in++) {
    char c = *in;
    if (c == '-' || c == ' ')
      continue;
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    out[o++] = c;
  }
  out[o] = '\0';
}

/* POST /apply */
void srv_post_apply(srv_req *r) {
  const char *type = srv_field_text(r, "applicant_type");
  const char *name = srv_field_text(r, "name");
  const char *id_type = srv_field_text(r, "id_type");
  const char *id_number = srv_field_text(r, "id_number");
  const char *phone = srv_field_text(r, "phone");
  const char *email = srv_field_text(r, "email");
  const char *address = srv_field_text(r, "address");
  const char *desc = srv_field_text(r, "description");
  const char *form = srv_field_text(r, "form");
  const char *delivery = srv_field_text(r, "delivery");
  char key[72];
  if (!in_list(type, srv_applicant_types)) {
    srv_fail(r, 400, "请选择申请人类型");
    return;
  }
  if (!name || strlen(name) > 300) {
    srv_fail(r, 400, "请填写申请人的姓名或者名称（最多 100 个汉字）");
    return;
  }
  if (!in_list(id_type, srv_id_types)) {
    srv_fail(r, 400, "请选择身份证明类型");
    return;
  }
  if (!id_number || gk_app_applicant_key(id_number, key, sizeof(key)) == 0 ||
      strlen(id_number) > 64) {
    srv_fail(r, 400, "请填写证件号码");
    return;
  }
  if (strcmp(id_type, "resident_id") == 0 && !resident_id_ok(key)) {
    srv_fail(r, 400, "居民身份证号码应为 18 位且校验位正确");
    return;
  }
  if (!phone && !email && !address) {
    srv_fail(r, 400, "联系电话、电子邮箱和通信地址至少填写一项");
    return;
  }
  if ((phone && strlen(phone) > 64) || (email && strlen(email) > 200) ||
      (address && strlen(address) > 600)) {
    srv_fail(r, 400, "联系方式过长");
    return;
  }
  if (!desc || strlen(desc) > 12000) {
    srv_fail(r, 400, "请描述申请公开的政府信息（最多 4000 个汉字）");
    return;
  }
  if (!in_list(form, srv_forms)) {
    srv_fail(r, 400, "请选择提供政府信息的形式");
    return;
  }
  if (!in_list(delivery, srv_deliveries)) {
    srv_fail(r, 400, "请选择获取信息的方式");
    return;
  }
  if (srv_rate_hit(&r->srv->apply_rate, r->client, r->srv->cfg.apply_per_hour,
                   3600)) {
    srv_fail(r, 429, "提交过于频繁，请一小时后再试");
    return;
  }

  char contact[1024];
  snprintf(contact, sizeof(contact), "%s%s%s%s%s%s%s%s", phone ? "电话：" : "",
           phone ? phone : "", phone && (email || address) ? "；" : "",
           email ? "邮箱：" : "", email ? email : "",
           email && address ? "；" : "", address ? "地址：" : "",
           address ? address : "");
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  int32_t day = gk_ledger_today(led); /* the date in China */
  gk_app *app = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = GK_E_ARG;
  char ref[40];
  for (int attempt = 0; attempt < 8; attempt++) {
    char rnd[9];
    srv_random_hex(rnd, 4);
    for (char *p = rnd; *p; p++)
      if (*p >= 'a' && *p <= 'f')
        *p = (char)(*p - 'a' + 'A');
    snprintf(ref, sizeof(ref), "WS%08d-%s", (int)day, rnd);
    gk_app *dup = NULL;
    if (gk_ledger_app_get(led, ref, &dup, NULL) == GK_OK) {
      gk_app_free(led, dup);
      continue;
    }
    gk_app_input in = {.ref = ref,
                       .applicant_type = type,
                       .applicant_name = name,
                       .contact = contact,
                       .channel = "online",
                       .arrived_on = day,
                       .confirmed_on = day,
                       .description = desc,
                       .applicant_key = key};
    gk_error_clear(&err);
    st = gk_ledger_app_add(led, &in, &app, &err);
    break;
  }
  if (st) {
    /* The form was checked above, so a refusal here is the office's side:
     * typically the calendar lacks the holiday notice of the year the
     * reply period ends in (docs/ledger.md "Working days"). The applicant
     * is told to retry or to apply another way; nothing was registered. */
    char msg[512];
    snprintf(msg, sizeof(msg),
             "暂时无法在线受理申请（%s）。请稍后再试，或当面、邮寄提交申请。",
             st == GK_E_ARG && err.message[0] ? err.message : "台账错误");
    gk_ledger_free(led);
    fprintf(stderr,
            "gongkai serve: online application refused by the "
            "ledger: %s\n",
            gk_strerror(st, GK_LANG_EN));
    srv_fail(r, 503, msg);
    return;
  }
  char code[24], norm[24], h[65];
  tracking_code(code);
  code_norm(code, norm, sizeof(norm));
  srv_hash_hex(norm, h);
  bool stored = false;
  char at[32]; /* as SQLite's datetime('now') wrote it */
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
  gk_db_stmt *ins = srv_sql(
      r->srv, "INSERT INTO srv_submissions VALUES (?, ?, ?, ?, ?, ?)", NULL);
  if (ins) {
    gk_db_bind_text(ins, 1, ref);
    gk_db_bind_text(ins, 2, h);
    gk_db_bind_text(ins, 3, id_type);
    gk_db_bind_text(ins, 4, form);
    gk_db_bind_text(ins, 5, delivery);
    gk_db_bind_text(ins, 6, at);
    stored = srv_step(ins, NULL) == 0;
  }
  srv_sql_done(r->srv, ins);
  if (!stored) {
    gk_app_free(led, app);
    gk_ledger_free(led);
    {
      srv_fail(r, 500,
               "申请已登记，但查询码保存失败，请联系政府信息公开工作机构");
      return;
    }
  }
  srv_audit(r->srv, "public", "apply-online", ref);
  char received[11], due[SRV_DUE_LEN], masked[72];
  srv_date(app->received_on, received);
  srv_due(app->due_on, app->due_provisional, due);
  gk_id_mask(key, masked, sizeof(masked));
  srv_page_begin(r, "申请已提交");
  srv_html(
      &r->out,
      "<p>您的政府信息公开申请已收到。请记下查询码，凭查询码可查询办理进度；"
      "<strong>查询码不会再次显示</strong>。</p><table>"
      "<tr><th>受理编号</th><td>%s</td></tr>"
      "<tr><th>查询码</th><td class=\"code\">%s</td></tr>"
      "<tr><th>收到申请日期</th><td>%s</td></tr>"
      "<tr><th>答复期限</th><td>%s</td></tr>"
      "<tr><th>申请人</th><td>%s（%s）</td></tr>"
      "<tr><th>身份证明</th><td>%s %s</td></tr>"
      "<tr><th>提供形式</th><td>%s</td></tr>"
      "<tr><th>获取方式</th><td>%s</td></tr></table>"
      "<p><a href=\"/status\">查询办理进度</a></p>",
      ref, code, received, due, name, srv_label_applicant_type(type),
      srv_label_id_type(id_type), masked, srv_label_form(form),
      srv_label_delivery(delivery));
  srv_page_end(r);
  gk_app_free(led, app);
  gk_ledger_free(led);
}

/* GET /status */
void srv_get_status(srv_req *r) {
  srv_page_begin(r, "申请办理进度查询");
  srv_html(&r->out, "<form method=\"post\" action=\"/status\">");
  srv_csrf_input(r);
  srv_html(&r->out, "<label for=\"code\">查询码</label><input type=\"text\" "
                    "id=\"code\" name=\"code\" maxlength=\"40\" required "
                    "autocomplete=\"off\"><button type=\"submit\">查询"
                    "</button></form>");
  srv_page_end(r);
}

typedef struct steps_ctx {
  srv_req *r;
} steps_ctx;

static int step_row(const char *action, int32_t on, void *ud) {
  steps_ctx *c = ud;
  char d[11];
  srv_date(on, d);
  srv_html(&c->r->out, "<tr><td>%s</td><td>%s</td></tr>", d,
           srv_label_action(action));
  return 0;
}

/* POST /status */
void srv_post_status(srv_req *r) {
  const char *code = srv_field_text(r, "code");
  char norm[48], h[65], ref[64] = "";
  if (!code || strlen(code) > 40) {
    srv_fail(r, 400, "请填写提交申请时得到的查询码");
    return;
  }
  code_norm(code, norm, sizeof(norm));
  if (strlen(norm) != 20) {
    srv_fail(r, 400, "查询码应为 20 个字母或数字（可含短横线）");
    return;
  }
  if (srv_rate_hit(&r->srv->status_rate, r->client, r->srv->cfg.status_lookups,
                   600)) {
    srv_fail(r, 429, "查询过于频繁，请稍后再试");
    return;
  }
  srv_hash_hex(norm, h);
  /* the page of this code on an unchanged database (srv_cache.c): what it
   * shows (state, dates, steps) changes only with a commit, never with the
   * clock, so it is made once per change instead of per lookup */
  char key[80];
  snprintf(key, sizeof(key), "status:%s", h);
  int64_t gen = srv_db_generation(r->srv);
  srv_buf kept;
  srv_buf_init(&kept, SRV_CACHE_MAX_BODY);
  if (srv_cache_get(r->srv, key, gen, &kept) && !kept.failed) {
    srv_page_begin(r, "申请办理进度");
    srv_buf_add(&r->out, kept.p, kept.len);
    srv_page_end(r);
    srv_buf_free(&kept);
    return;
  }
  srv_buf_free(&kept);
  gk_db_stmt *st = srv_sql(
      r->srv, "SELECT ref FROM srv_submissions WHERE code_hash = ?", NULL);
  if (!st) {
    srv_fail(r, 500, "查询失败");
    return;
  }
  gk_db_bind_text(st, 1, h);
  if (srv_step(st, NULL) == 1)
    snprintf(ref, sizeof(ref), "%s", gk_db_col_text(st, 0));
  srv_sql_done(r->srv, st);
  if (!ref[0]) {
    srv_fail(r, 404, "没有与该查询码对应的申请，请核对后重试");
    return;
  }
  gk_ledger *led = srv_ledger_public(r);
  if (!led)
    return;
  gk_app *app = NULL;
  if (gk_ledger_app_get(led, ref, &app, NULL)) {
    srv_ledger_release(r, led);
    {
      srv_fail(r, 404, "没有与该查询码对应的申请，请核对后重试");
      return;
    }
  }
  char received[11], due[SRV_DUE_LEN], closed[11];
  srv_date(app->received_on, received);
  srv_due(app->due_on, app->due_provisional, due);
  srv_date(app->closed_on, closed);
  srv_page_begin(r, "申请办理进度");
  size_t mark = r->out.len;
  srv_html(&r->out,
           "<table><tr><th>受理编号</th><td>%s</td></tr>"
           "<tr><th>收到申请日期</th><td>%s</td></tr>"
           "<tr><th>当前状态</th><td>%s</td></tr>",
           app->ref, received, srv_label_state(app->state));
  char ol[256];
  if (app->outcome)
    srv_html(&r->out,
             "<tr><th>办理结果</th><td>%s</td></tr><tr><th>答复日期</th>"
             "<td>%s</td></tr>",
             srv_label_outcome_full(app->outcome, ol, sizeof(ol)), closed);
  else if (app->due_on)
    srv_html(&r->out, "<tr><th>%s</th><td>%s</td></tr>",
             strcmp(app->state, "registered") == 0             ? "答复期限"
             : strcmp(app->state, "correction_requested") == 0 ? "补正期限"
             : strcmp(app->state, "fee_pending") == 0          ? "缴费期限"
                                                      : "征求意见期限",
             due);
  srv_html(&r->out, "</table><h2>办理过程</h2><table><thead><tr><th>日期</th>"
                    "<th>事项</th></tr></thead><tbody>");
  steps_ctx c = {r};
  gk_status est = gk_ledger_app_events(led, ref, step_row, &c, NULL);
  srv_html(&r->out, "</tbody></table>");
  if (!est && !r->out.failed && r->out.len >= mark)
    srv_cache_put(r->srv, key, gen, r->out.p + mark, r->out.len - mark);
  srv_page_end(r);
  gk_app_free(led, app);
  srv_ledger_release(r, led);
}
