/* report_text.c: the report as a text document (gk_write_report_text):
 * title, the period, the six sections under their numbered headings (the
 * template's titles), each table after the text of the section holding it
 * as tab-separated rows (group and block labels where they start), the
 * agency and the date: the layout gk_report_read_text() reads. Made for
 * the report from the ledger (gongkai report --format text). */
#include "write.h"

#include <string.h>

static const char *const numerals[GK_SECTIONS] = {"一", "二", "三",
                                                  "四", "五", "六"};

static gk_status text_table(gk__buf *b, const gk_report *rep, size_t t) {
  const gk_table_def *td = &rep->tpl->tables[t];
  const char *prev_group = NULL, *prev_block = NULL;
  gk_status s = GK_OK;
  for (size_t r = 0; !s && r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    if (row->block && (!prev_block || strcmp(row->block, prev_block) != 0))
      s = gk__buf_printf(b, "%s\n", row->block);
    prev_block = row->block;
    if (!s && row->group &&
        (!prev_group || strcmp(row->group, prev_group) != 0))
      s = gk__buf_printf(b, "%s\t", row->group);
    prev_group = row->group;
    if (!s)
      s = gk__buf_adds(b, row->label);
    for (size_t c = 0; !s && c < row->colset->ncols; c++) {
      char v[32];
      gk__format_scaled(v, sizeof(v), gk__ccell(rep, t, r, c)->value);
      s = gk__buf_printf(b, "\t%s", v);
    }
    if (!s)
      s = gk__buf_addc(b, '\n');
  }
  return s ? s : gk__buf_addc(b, '\n');
}

gk_status gk_write_report_text(const gk_report *rep, gk_write_fn fn, void *ud,
                               gk_error *err) {
  if (!rep || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk__buf b;
  gk__buf_init(&b, &rep->alloc, 0);
  int y = rep->year;
  int32_t d = rep->date;
  const char *agency = rep->agency ? rep->agency : "";
  gk_status s =
      gk__buf_printf(&b, "%s%d年政府信息公开工作年度报告\n\n", agency, y);
  if (!s && rep->period_from && rep->period_to)
    s = gk__buf_printf(
        &b, "本报告统计期限为%d年%d月%d日至%d年%d月%d日。\n",
        (int)(rep->period_from / 10000), (int)(rep->period_from / 100 % 100),
        (int)(rep->period_from % 100), (int)(rep->period_to / 10000),
        (int)(rep->period_to / 100 % 100), (int)(rep->period_to % 100));
  for (int n = 0; !s && n < GK_SECTIONS; n++) {
    s = gk__buf_printf(&b, "%s、%s\n", numerals[n],
                       rep->tpl->sections[n].title);
    if (!s && rep->sections[n])
      s = gk__buf_add(&b, rep->sections[n], rep->section_len[n]);
    if (!s)
      s = gk__buf_addc(&b, '\n');
    for (size_t t = 0; !s && t < GK_TABLES; t++)
      if (rep->tpl->tables[t].section == n + 1)
        s = text_table(&b, rep, t);
  }
  if (!s)
    s = gk__buf_printf(&b, "\n%s\n", agency);
  if (!s && d)
    s = gk__buf_printf(&b, "%d年%d月%d日\n", (int)(d / 10000),
                       (int)(d / 100 % 100), (int)(d % 100));
  if (s) {
    gk__buf_free(&b);
    return gk__fail(err, s, 0, 0, -1, "内存不足", "out of memory");
  }
  s = fn(b.data, b.len, ud) ? GK_E_IO : GK_OK;
  gk__buf_free(&b);
  return s ? gk__fail(err, s, 0, 0, -1, "无法写出报告",
                      "cannot write the report")
           : GK_OK;
}
