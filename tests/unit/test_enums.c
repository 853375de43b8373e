/* test_enums.c: the ledger's vocabularies as enums (gongkai.h "Ledger:
 * states, actions, channels and levels as enums", issue 14 item 1): each
 * value's id and Chinese label, from_name taking the id, the label and a
 * short form, -1/NULL out of range, and the enum order equal to
 * gk_vocab_id()'s, so the two ways of naming a value never drift. Also
 * the options structs' version field (libgit2's pattern): 0 and _INIT are
 * this layout, a newer version is refused naming the parameter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gongkai.h"
#include "ledger_target.h" /* the ledger part on both backends */

typedef const char *(*name_fn)(int);
typedef int (*from_fn)(const char *);

/* Every value of an enum of 'n' values named by 'name' and 'label' reads
 * back through 'from' by id and by label, and lists as vocabulary 'v'
 * does. */
static void round_trip(gk_vocab v, size_t n, name_fn name, name_fn label,
                       from_fn from) {
  assert_int_equal(n, gk_vocab_count(v));
  for (size_t i = 0; i < n; i++) {
    const char *id = name((int)i), *zh = label((int)i);
    assert_non_null(id);
    assert_non_null(zh);
    assert_string_equal(id, gk_vocab_id(v, i));
    assert_string_equal(zh, gk_vocab_label(v, id));
    assert_int_equal(from(id), (int)i);
    assert_int_equal(from(zh), (int)i);
  }
  assert_null(name((int)n));
  assert_null(label((int)n));
  assert_null(name(-1));
  assert_int_equal(from("no such thing"), -1);
  assert_int_equal(from(""), -1);
  assert_int_equal(from(NULL), -1);
}

static const char *state_name(int i) { return gk_app_state_name(i); }
static const char *state_label(int i) { return gk_app_state_label(i); }
static const char *channel_name(int i) { return gk_channel_name(i); }
static const char *channel_label(int i) { return gk_channel_label(i); }
static const char *level_name(int i) { return gk_level_name(i); }
static const char *level_label(int i) { return gk_level_label(i); }

static void test_states(void **state) {
  (void)state;
  round_trip(GK_VOCAB_STATE, gk_app_state_count(), state_name, state_label,
             gk_app_state_from_name);
  assert_string_equal(gk_app_state_name(GK_APP_FEE_PENDING), "fee_pending");
  assert_string_equal(gk_app_state_label(GK_APP_ABANDONED), "视为放弃");
  assert_int_equal(gk_app_state_from_name("待补正"),
                   GK_APP_CORRECTION_REQUESTED);
  /* open: awaiting an outcome; the three ends are not */
  assert_true(gk_app_state_is_open(GK_APP_REGISTERED));
  assert_true(gk_app_state_is_open(GK_APP_CONSULTING));
  assert_false(gk_app_state_is_open(GK_APP_ANSWERED));
  assert_false(gk_app_state_is_open(GK_APP_WITHDRAWN));
  assert_false(gk_app_state_is_open((gk_app_state)99));
}

static void test_channels_levels(void **state) {
  (void)state;
  round_trip(GK_VOCAB_CHANNEL, 5, channel_name, channel_label,
             gk_channel_from_name);
  round_trip(GK_VOCAB_LEVEL, 2, level_name, level_label, gk_level_from_name);
  /* short forms staff type */
  assert_int_equal(gk_channel_from_name("挂号信"), GK_CHANNEL_REGISTERED_MAIL);
  assert_int_equal(gk_channel_from_name("网上"), GK_CHANNEL_ONLINE);
  assert_int_equal(gk_level_from_name("部门"), GK_LEVEL_DEPARTMENT);
  assert_string_equal(gk_level_name(GK_LEVEL_COUNTY_GOV_OR_ABOVE),
                      "county_gov_or_above");
}

static void test_actions(void **state) {
  (void)state;
  size_t n = gk_app_action_count();
  assert_int_equal(n, (size_t)GK_ACTION_LATER_DEADLINE + 1);
  for (size_t i = 0; i < n; i++) {
    const char *id = gk_app_action_name(i), *zh = gk_app_action_label(i);
    assert_non_null(id);
    assert_non_null(zh);
    assert_int_equal(gk_app_action_from_name(id), (int)i);
    assert_int_equal(gk_app_action_from_name(zh), (int)i);
    for (size_t k = 0; k < i; k++) /* labels tell the actions apart */
      assert_string_not_equal(zh, gk_app_action_label(k));
  }
  assert_string_equal(gk_app_action_name(GK_ACTION_FEE_LAPSE), "fee-lapse");
  assert_string_equal(gk_app_action_label(GK_ACTION_REQUEST_CORRECTION),
                      "要求补正");
  assert_null(gk_app_action_name((gk_app_action_kind)n));
  assert_int_equal(gk_app_action_from_name("answered"), -1);
  /* the state machine, through the enums: a few rows of docs/ledger.md */
  assert_true(gk_app_action_allowed(GK_ACTION_ANSWER, GK_APP_REGISTERED));
  assert_false(gk_app_action_allowed(GK_ACTION_ANSWER, GK_APP_CONSULTING));
  assert_true(gk_app_action_allowed(GK_ACTION_WITHDRAW, GK_APP_FEE_PENDING));
  assert_false(gk_app_action_allowed(GK_ACTION_WITHDRAW, GK_APP_ANSWERED));
  assert_true(
      gk_app_action_allowed(GK_ACTION_CORRECT, GK_APP_CORRECTION_REQUESTED));
  /* from_name's -1 passes straight through as "not allowed" */
  assert_false(gk_app_action_allowed(
      (gk_app_action_kind)gk_app_action_from_name("nonsense"),
      GK_APP_REGISTERED));
  assert_false(gk_app_action_allowed(
      GK_ACTION_ANSWER, (gk_app_state)gk_app_state_from_name("nonsense")));
}

static int count_app(const gk_app *a, void *ud) {
  (void)a;
  ++*(int *)ud;
  return 0;
}

/* A struct from a newer gongkai is refused with GK_E_ARG naming the
 * parameter; 0 (zeroed) and _INIT are accepted. */
static void test_options_versions(void **state) {
  (void)state;
  char dir[] = "/tmp/gk-enums-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[512], key[128];
  assert_int_equal(lt_target(dir, "l.db", path, sizeof(path)), 0);
  gk_error err;
  gk_ledger *led = NULL;

  gk_ledger_opts lo = GK_LEDGER_OPTS_INIT;
  lo.actor = "测试";
  if (lt_pg()) {
    snprintf(key, sizeof(key), "%s/k.key", dir);
    lo.key_file = key;
  }
  lo.today = 20250610;
  lo.version = GK_LEDGER_OPTS_VERSION + 1;
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_create(&led, path, "某局", "department", &lo, &err), GK_E_ARG);
  assert_null(led);
  assert_string_equal(err.param, "opts");
  assert_non_null(strstr(err.message_en, "gk_ledger_opts version 2"));
  /* nothing made */
  if (lt_pg())
    assert_int_equal(lt_int(path, "SELECT count(*) FROM pg_tables WHERE "
                                  "schemaname = current_schema()"),
                     0);
  else
    assert_int_equal(access(path, F_OK), -1);
  lo.version = 0;
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_create(&led, path, "某局", "department", &lo, &err), GK_OK);

  gk_app_input in = GK_APP_INPUT_INIT;
  in.ref = "V-1";
  in.applicant_type = "natural";
  in.channel = "in_person";
  in.arrived_on = 20250609;
  in.version = GK_APP_INPUT_VERSION + 7;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_add(led, &in, NULL, &err), GK_E_ARG);
  assert_string_equal(err.param, "in");
  in.version = GK_APP_INPUT_VERSION;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_add(led, &in, NULL, &err), GK_OK);

  gk_app_action act = GK_APP_ACTION_INIT;
  act.action = "answer";
  act.outcome = "granted";
  act.basis = "《政府信息公开条例》第三十六条第（一）项";
  act.on = 20250610;
  act.version = GK_APP_ACTION_VERSION + 1;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(led, "V-1", &act, NULL, &err), GK_E_ARG);
  assert_string_equal(err.param, "act");
  act.version = 0;
  gk_error_clear(&err);
  if (gk_ledger_app_act(led, "V-1", &act, NULL, &err) != GK_OK)
    fail_msg("%s", err.message_en);

  gk_app_filter flt = GK_APP_FILTER_INIT;
  flt.version = GK_APP_FILTER_VERSION + 1;
  gk_error_clear(&err);
  int seen = 0;
  assert_int_equal(gk_ledger_app_list(led, &flt, count_app, &seen, &err),
                   GK_E_ARG);
  assert_string_equal(err.param, "filter");
  flt.version = GK_APP_FILTER_VERSION;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_list(led, &flt, count_app, &seen, &err),
                   GK_OK);
  assert_int_equal(seen, 1);
  gk_ledger_free(led);

  gk_read_opts ro = GK_READ_OPTS_INIT;
  ro.version = GK_READ_OPTS_VERSION + 1;
  gk_report *rep = NULL;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, "x", 1, &ro, &err), GK_E_ARG);
  assert_null(rep);
  assert_string_equal(err.param, "opts");

  char cmd[96];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_states),
      cmocka_unit_test(test_channels_levels),
      cmocka_unit_test(test_actions),
      cmocka_unit_test(test_options_versions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
