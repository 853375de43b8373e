/* test_util.c: the library's internal helpers that every module leans on.
 * gk__fail cuts a message that does not fit gk_error's buffers on a
 * character boundary (issue 14 item 5: a long Chinese message used to end
 * in half a character, which made the whole line invalid UTF-8). */
#include "gk_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Every prefix length from 0 to 300 bytes of ASCII before a run of
 * three- and four-byte characters: whatever byte the cut falls on, the
 * message is valid UTF-8, a prefix of the full text, and loses less than
 * one character. */
static void test_fail_cuts_on_character_boundary(void **state) {
  (void)state;
  char full[1200];
  for (size_t pad = 0; pad <= 300; pad++) {
    size_t n = 0;
    for (size_t i = 0; i < pad; i++)
      full[n++] = 'a';
    for (int i = 0; i < 60 && n + 8 < sizeof(full); i++) {
      const char *ch = (i % 5 == 4) ? "\xF0\x9F\x93\x84" /* U+1F4C4 */
                                    : "申";
      memcpy(full + n, ch, strlen(ch));
      n += strlen(ch);
    }
    full[n] = '\0';
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk__fail(&err, GK_E_ARG, 0, 0, -1, "%s", "%s", full),
                     GK_E_ARG);
    size_t zh = strlen(err.message), en = strlen(err.message_en);
    assert_true(gk__utf8_valid(err.message, zh));
    assert_true(gk__utf8_valid(err.message_en, en));
    assert_memory_equal(err.message, full, zh);
    assert_memory_equal(err.message_en, full, en);
    if (n < sizeof(err.message)) {
      assert_int_equal(zh, n);
    } else {
      assert_true(zh + 4 > sizeof(err.message) - 1);
    }
  }
}

/* A message that fits is kept whole, newlines turned into spaces. */
static void test_fail_keeps_short_message(void **state) {
  (void)state;
  gk_error err;
  gk_error_clear(&err);
  gk__fail(&err, GK_E_IO, 3, 4, 5, "第%d行\n无法读取", "line %d\ncannot read",
           3);
  assert_string_equal(err.message, "第3行 无法读取");
  assert_string_equal(err.message_en, "line 3 cannot read");
  assert_int_equal(err.line, 3);
  assert_int_equal(err.column, 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fail_cuts_on_character_boundary),
      cmocka_unit_test(test_fail_keeps_short_message),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
