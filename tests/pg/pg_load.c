/* pg_load: a steady load of registrations and answers through db_pg.c, for
 * the failover test (test_failover.sh; issue 13 item 4). Each iteration is
 * one write transaction: register an application (seq, a number of our
 * own), then answer it. Only after the commit returned GK_OK is the seq
 * acknowledged: one line "SEQ MS" (MS: CLOCK_REALTIME in milliseconds) in
 * ACKFILE. A failed iteration is not retried with the same seq: whether a
 * commit whose answer was lost took effect is what the test checks.
 *   pg_load URI ACKFILE STOPFILE   runs until STOPFILE exists
 * Prints "acked N failed M longest_outage_ms X" at the end. */
#include "ledger/db_driver.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* access */

static const gk__db_ops *const P = &gk__db_pg_ops;

static gk_status run(gk__stmt *s, gk_error *err) {
  bool row = false;
  return P->step(s, &row, err);
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static gk_status one(gk__db *db, gk__stmt *reg, gk__stmt *ans, int64_t seq,
                     gk_error *err) {
  gk_status rc = P->begin(db, true, err);
  if (rc)
    return rc;
  bool row = false;
  P->stmt_reset(reg);
  P->bind_int(reg, 1, seq);
  P->bind_date(reg, 2, 20240301);
  rc = P->step(reg, &row, err);
  if (!rc && !row)
    rc = GK_E_DB;
  if (!rc) {
    P->stmt_reset(ans);
    P->bind_int(ans, 1, P->col_int(reg, 0));
    rc = run(ans, err);
  }
  if (!rc && P->changes(ans) != 1)
    rc = GK_E_DB;
  if (!rc)
    return P->commit(db, err);
  P->rollback(db);
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: pg_load URI ACKFILE STOPFILE\n");
    return 2;
  }
  FILE *ack = fopen(argv[2], "w");
  if (!ack) {
    perror(argv[2]);
    return 2;
  }
  gk_error e;
  gk_error_clear(&e);
  gk__db *db = NULL;
  if (P->open(&db, argv[1], false, 30000, NULL, &e) ||
      P->exec(db,
              "CREATE TABLE IF NOT EXISTS load (id bigserial PRIMARY "
              "KEY, seq bigint NOT NULL, received_on text NOT NULL, "
              "answered boolean NOT NULL DEFAULT false)",
              &e)) {
    fprintf(stderr, "pg_load: %s\n", e.message_en);
    fclose(ack);
    P->close(db);
    return 1;
  }
  gk__stmt *reg = NULL, *ans = NULL;
  if (P->prepare(db,
                 "INSERT INTO load (seq, received_on) VALUES (?, ?) "
                 "RETURNING id",
                 false, &reg, &e) ||
      P->prepare(db, "UPDATE load SET answered = true WHERE id = ?", false,
                 &ans, &e)) {
    fprintf(stderr, "pg_load: %s\n", e.message_en);
    return 1;
  }
  int64_t acked = 0, failed = 0, down_since = 0, longest = 0;
  for (int64_t seq = 1; access(argv[3], F_OK) != 0; seq++) {
    gk_error_clear(&e);
    gk_status rc = one(db, reg, ans, seq, &e);
    int64_t t = now_ms();
    if (rc) {
      failed++;
      if (!down_since) {
        down_since = t;
        fprintf(stderr, "pg_load: seq %lld failed: %s\n", (long long)seq,
                e.message_en);
      }
      struct timespec pause = {0, 20 * 1000000L};
      nanosleep(&pause, NULL);
      continue;
    }
    if (down_since) {
      if (t - down_since > longest)
        longest = t - down_since;
      fprintf(stderr, "pg_load: writes again after %lld ms\n",
              (long long)(t - down_since));
      down_since = 0;
    }
    fprintf(ack, "%lld %lld\n", (long long)seq, (long long)t);
    fflush(ack);
    acked++;
  }
  printf("acked %lld failed %lld longest_outage_ms %lld\n", (long long)acked,
         (long long)failed, (long long)longest);
  P->stmt_free(reg);
  P->stmt_free(ans);
  P->close(db);
  fclose(ack);
  return 0;
}
