/* ledger_load: the ledger's workload from N clients at once, on the public
 * API (issue 13 item 5; bench/ledger_scale.sh runs it, bench/README.md).
 *   ledger_load [-c CLIENTS] [-n ITERATIONS] [-k KEYFILE] [-r EVERY]
 *               [-j JSONFILE] TARGET
 * TARGET is what --db takes: a ledger file (SQLite) or a PostgreSQL
 * connection string; the ledger must exist (gongkai ledger init). Each
 * client is a thread with its own handle (a handle is not thread-safe) and
 * runs ITERATIONS times what a clerk does with one application:
 *   add     register it (in person, today)
 *   extend  an action: extend the reply period (第三十三条)
 *   status  read it back by reference
 *   queue   a queue page: the first 20 open applications due within 5
 *           working days
 *   answer  an action: answer it (granted)
 * and, every EVERY-th iteration (50; 0: never), the year's annual report.
 * Each call is one operation, timed alone. Prints operations/s over the
 * wall time and p50/p99 latency per kind and over all, and with -j the
 * same as JSON for the script's table. A failed call is counted and the
 * rest of its application skipped; the exit status is 1 if any failed.
 * Today is fixed (10 June 2025) so that runs are alike. */
#include "gongkai.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OP_ADD, OP_EXTEND, OP_STATUS, OP_QUEUE, OP_ANSWER, OP_REPORT, OPS };
static const char *const op_name[OPS] = {"add",   "extend", "status",
                                         "queue", "answer", "report"};

#define TODAY 20250610
#define QUEUE_PAGE 20

/* One client's share: its settings in, its timings out. */
typedef struct client {
  int id;             /* 0-based, part of every reference it makes */
  long run;           /* the run's tag: references stay unique across runs */
  const char *target; /* --db */
  const char *key;    /* key file, NULL: the ledger's default */
  int iterations;     /* applications this client handles */
  int report_every;   /* a report every this many iterations, 0: none */
  double *ms[OPS];    /* latencies, one per successful call */
  size_t n[OPS];      /* how many in ms[] */
  long failed;        /* calls that failed */
  gk_error first;     /* the first failure, for the message */
} client;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Records one call's outcome; returns non-zero when it failed. */
static int done(client *c, int op, double t0, gk_status st, const gk_error *e) {
  if (st) {
    if (!c->failed)
      c->first = *e;
    c->failed++;
    return 1;
  }
  c->ms[op][c->n[op]++] = now_ms() - t0;
  return 0;
}

static int queue_take(const gk_app *app, void *ud) {
  (void)app;
  return ++*(int *)ud >= QUEUE_PAGE;
}

static void one(client *c, gk_ledger *led, int i) {
  gk_error e;
  gk_error_clear(&e);
  char ref[64];
  snprintf(ref, sizeof(ref), "L%ld-%d-%d", c->run, c->id, i);

  gk_app_input in = GK_APP_INPUT_INIT;
  in.ref = ref;
  in.applicant_type = "natural";
  in.channel = "in_person";
  in.arrived_on = TODAY;
  in.description = "某项目环境影响评价报告";
  double t0 = now_ms();
  if (done(c, OP_ADD, t0, gk_ledger_app_add(led, &in, NULL, &e), &e))
    return;

  gk_app_action ext = GK_APP_ACTION_INIT;
  ext.action = "extend";
  ext.on = TODAY;
  ext.reason = "需要调取档案";
  ext.days = 20;
  t0 = now_ms();
  if (done(c, OP_EXTEND, t0, gk_ledger_app_act(led, ref, &ext, NULL, &e), &e))
    return;

  gk_app *app = NULL;
  t0 = now_ms();
  gk_status st = gk_ledger_app_get(led, ref, &app, &e);
  gk_app_free(led, app);
  if (done(c, OP_STATUS, t0, st, &e))
    return;

  gk_app_filter f = GK_APP_FILTER_INIT;
  f.due_within = 5;
  f.today = TODAY;
  int taken = 0;
  t0 = now_ms();
  if (done(c, OP_QUEUE, t0, gk_ledger_app_list(led, &f, queue_take, &taken, &e),
           &e))
    return;

  gk_app_action ans = GK_APP_ACTION_INIT;
  ans.action = "answer";
  ans.on = TODAY;
  ans.outcome = "granted";
  ans.basis = gk_app_default_basis("granted");
  t0 = now_ms();
  if (done(c, OP_ANSWER, t0, gk_ledger_app_act(led, ref, &ans, NULL, &e), &e))
    return;

  if (c->report_every && (i + 1) % c->report_every == 0) {
    gk_report *rep = NULL;
    t0 = now_ms();
    st = gk_ledger_report(led, TODAY / 10000, TODAY, &rep, &e);
    gk_report_free(rep);
    done(c, OP_REPORT, t0, st, &e);
  }
}

static void *client_run(void *arg) {
  client *c = arg;
  gk_ledger_opts o = GK_LEDGER_OPTS_INIT;
  o.actor = "bench";
  o.today = TODAY;
  o.key_file = c->key;
  /* 32 writers queue for one lock: wait rather than fail */
  o.busy_timeout_ms = 120000;
  gk_ledger *led = NULL;
  gk_error e;
  gk_error_clear(&e);
  if (gk_ledger_open(&led, c->target, &o, &e)) {
    c->first = e;
    c->failed++;
    return NULL;
  }
  for (int i = 0; i < c->iterations; i++)
    one(c, led, i);
  gk_ledger_free(led);
  return NULL;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The p-th percentile (nearest rank) of 'v' sorted, 0 when empty. */
static double pct(const double *v, size_t n, double p) {
  if (!n)
    return 0;
  size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
  return v[k ? k - 1 : 0];
}

static void usage(void) {
  fprintf(stderr, "usage: ledger_load [-c CLIENTS] [-n ITERATIONS] "
                  "[-k KEYFILE] [-r EVERY] [-j JSONFILE] TARGET\n");
}

int main(int argc, char **argv) {
  int clients = 1, iterations = 100, every = 50;
  const char *key = NULL, *json = NULL;
  int opt;
  while ((opt = getopt(argc, argv, "c:n:k:r:j:")) != -1) {
    switch (opt) {
    case 'c':
      clients = (int)strtol(optarg, NULL, 10);
      break;
    case 'n':
      iterations = (int)strtol(optarg, NULL, 10);
      break;
    case 'k':
      key = optarg;
      break;
    case 'r':
      every = (int)strtol(optarg, NULL, 10);
      break;
    case 'j':
      json = optarg;
      break;
    default:
      usage();
      return 2;
    }
  }
  if (optind != argc - 1 || clients < 1 || clients > 1024 || iterations < 1 ||
      iterations > 10000000 || every < 0) {
    usage();
    return 2;
  }
  const char *target = argv[optind];
  client *cs = calloc((size_t)clients, sizeof(*cs));
  pthread_t *th = calloc((size_t)clients, sizeof(*th));
  if (!cs || !th) {
    fprintf(stderr, "ledger_load: out of memory\n");
    return 3;
  }
  long run = (long)time(NULL) % 100000000L * 100 + getpid() % 100;
  int rc = 0;
  for (int i = 0; i < clients && !rc; i++) {
    cs[i].id = i;
    cs[i].run = run;
    cs[i].target = target;
    cs[i].key = key;
    cs[i].iterations = iterations;
    cs[i].report_every = every;
    for (int k = 0; k < OPS; k++) {
      cs[i].ms[k] = malloc((size_t)iterations * sizeof(double));
      if (!cs[i].ms[k])
        rc = 3;
    }
  }
  double t0 = now_ms();
  int started = 0;
  for (; !rc && started < clients; started++)
    if (pthread_create(&th[started], NULL, client_run, &cs[started]))
      rc = 3;
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  double wall = (now_ms() - t0) / 1e3;
  if (rc) {
    fprintf(stderr, "ledger_load: out of memory or threads\n");
    return 3;
  }

  /* all clients' latencies by kind, and over every kind */
  size_t total = 0;
  long failed = 0;
  double *all[OPS + 1];
  size_t n[OPS + 1];
  for (int k = 0; k < OPS; k++) {
    n[k] = 0;
    for (int i = 0; i < clients; i++)
      n[k] += cs[i].n[k];
    total += n[k];
  }
  n[OPS] = total;
  for (int k = 0; k <= OPS; k++) {
    all[k] = malloc((n[k] ? n[k] : 1) * sizeof(double));
    if (!all[k]) {
      fprintf(stderr, "ledger_load: out of memory\n");
      return 3;
    }
  }
  size_t at[OPS + 1] = {0};
  for (int i = 0; i < clients; i++) {
    failed += cs[i].failed;
    for (int k = 0; k < OPS; k++) {
      memcpy(all[k] + at[k], cs[i].ms[k], cs[i].n[k] * sizeof(double));
      memcpy(all[OPS] + at[OPS], cs[i].ms[k], cs[i].n[k] * sizeof(double));
      at[k] += cs[i].n[k];
      at[OPS] += cs[i].n[k];
    }
  }
  for (int k = 0; k <= OPS; k++)
    qsort(all[k], n[k], sizeof(double), cmp_double);

  printf("ledger_load: %d clients x %d applications: %zu operations in "
         "%.2f s, %.0f operations/s, %ld failed\n",
         clients, iterations, total, wall, (double)total / wall, failed);
  for (int k = 0; k <= OPS; k++)
    if (n[k])
      printf("  %-7s %8zu  p50 %8.2f ms  p99 %8.2f ms\n",
             k < OPS ? op_name[k] : "all", n[k], pct(all[k], n[k], 50),
             pct(all[k], n[k], 99));
  if (failed) {
    for (int i = 0; i < clients; i++)
      if (cs[i].failed) {
        fprintf(stderr, "ledger_load: client %d: %ld failed, first: %s\n", i,
                cs[i].failed, cs[i].first.message_en);
        break;
      }
    rc = 1;
  }
  if (json) {
    FILE *f = fopen(json, "w");
    if (!f) {
      perror(json);
      rc = 2;
    } else {
      fprintf(f,
              "{\"clients\": %d, \"iterations\": %d, \"operations\": %zu, "
              "\"seconds\": %.4f, \"ops_per_s\": %.2f, \"failed\": %ld, "
              "\"ops\": {",
              clients, iterations, total, wall, (double)total / wall, failed);
      for (int k = 0; k <= OPS; k++)
        fprintf(f, "%s\"%s\": {\"n\": %zu, \"p50_ms\": %.3f, \"p99_ms\": %.3f}",
                k ? ", " : "", k < OPS ? op_name[k] : "all", n[k],
                pct(all[k], n[k], 50), pct(all[k], n[k], 99));
      fprintf(f, "}}\n");
      if (fclose(f))
        rc = 2;
    }
  }
  for (int k = 0; k <= OPS; k++)
    free(all[k]);
  for (int i = 0; i < clients; i++)
    for (int k = 0; k < OPS; k++)
      free(cs[i].ms[k]);
  free(cs);
  free(th);
  return rc;
}
