/* test_status_text.c: the fixed texts of the library: gk_strerror (one
 * Chinese and one English sentence per status, from one switch) and
 * gk_merge_reason_id (the reason ids merge's JSON and the CLI print). */
#include "gongkai.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_every_status_has_two_distinct_sentences(void **state) {
  (void)state;
  for (int s = GK_OK; s < GK_STATUS_LAST; s++) {
    const char *zh = gk_strerror((gk_status)s, GK_LANG_ZH);
    const char *en = gk_strerror((gk_status)s, GK_LANG_EN);
    assert_non_null(zh);
    assert_non_null(en);
    assert_true(strlen(zh) > 0);
    assert_true(strlen(en) > 0);
    assert_string_not_equal(zh, en);
    assert_string_not_equal(zh, "未知错误");
    assert_string_not_equal(en, "unknown error");
    /* no two statuses say the same */
    for (int t = GK_OK; t < s; t++) {
      assert_string_not_equal(zh, gk_strerror((gk_status)t, GK_LANG_ZH));
      assert_string_not_equal(en, gk_strerror((gk_status)t, GK_LANG_EN));
    }
  }
}

static void test_known_sentences_pair_up(void **state) {
  (void)state;
  static const struct {
    gk_status st;
    const char *zh, *en;
  } cases[] = {
      {GK_OK, "成功", "success"},
      {GK_E_NOMEM, "内存不足", "out of memory"},
      {GK_E_IO, "无法读写文件", "cannot read or write the file"},
      {GK_E_TOO_LARGE, "输入超过限制", "input exceeds a limit"},
      {GK_E_DENIED, "操作人无权进行此操作", "not allowed to this actor"},
      {GK_E_BUSY, "台账正被其他程序锁定", "the ledger is locked"},
      {GK_E_READONLY, "台账是只读的", "the ledger is read-only"},
      {GK_E_NOSPACE, "磁盘已满", "the disk is full"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    assert_string_equal(gk_strerror(cases[i].st, GK_LANG_ZH), cases[i].zh);
    assert_string_equal(gk_strerror(cases[i].st, GK_LANG_EN), cases[i].en);
  }
}

static void test_unknown_status_says_unknown(void **state) {
  (void)state;
  assert_string_equal(gk_strerror(GK_STATUS_LAST, GK_LANG_ZH), "未知错误");
  assert_string_equal(gk_strerror(GK_STATUS_LAST, GK_LANG_EN), "unknown error");
}

static void test_merge_reason_ids(void **state) {
  (void)state;
  assert_string_equal(gk_merge_reason_id(GK_MERGE_UNREADABLE), "unreadable");
  assert_string_equal(gk_merge_reason_id(GK_MERGE_CHECK), "check");
  assert_string_equal(gk_merge_reason_id(GK_MERGE_OTHER), "other");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_status_has_two_distinct_sentences),
      cmocka_unit_test(test_known_sentences_pair_up),
      cmocka_unit_test(test_unknown_status_says_unknown),
      cmocka_unit_test(test_merge_reason_ids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
