/* cli_pool.c: a fixed set of worker threads over items 0..n-1 whose
 * results are handed back in item order.
 *
 * Results live in a ring of WINDOW_PER_JOB x jobs slots; a worker takes
 * item i only while i < emitted + window, so slot i % window is free and
 * at most 'window' results (each a file's rendered output) exist at once,
 * whatever n is. -j 1 runs inline, without threads.
 *
 * The worker that finishes the next item to emit emits it, and every
 * ready one after it, holding the turn ('emitting'): one thread at a
 * time, strictly in order, the lock released while it writes. The main
 * thread only waits for the end. It used to emit itself: a third thread
 * on two cores, woken for each run of results, reading and freeing on one
 * core the output made on the other; now the output is written mostly by
 * the core whose cache holds it and nothing preempts a worker to do it.
 *
 * A report takes some 50 µs to read and check, so a wake-up per item (a
 * futex call and a context switch each way) would cost as much as the
 * work: a worker sleeps only when the window is full, and is woken only
 * when it sleeps. */
#include "cli_common.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_PER_JOB 32

typedef struct pool {
  pthread_mutex_t mu;           /* guards everything below */
  pthread_cond_t work;          /* a slot became free, or stop */
  pthread_cond_t done;          /* the run ended: all emitted, or stop */
  size_t n;                     /* items */
  size_t next;                  /* next item a worker takes */
  size_t emitted;               /* items emitted so far */
  size_t window;                /* slots in the ring */
  size_t size;                  /* bytes of one result */
  unsigned char *slots;         /* window x size bytes */
  unsigned char *ready;         /* ready[s]: slot s holds a finished result */
  int stop;                     /* no new items: emit asked to stop */
  int emitting;                 /* a worker holds the turn to emit */
  unsigned idle;                /* workers waiting on 'work' */
  cli_job_fn job;               /* computes a result */
  cli_emit_fn emit;             /* hands a result out, in order */
  cli_local_free_fn local_free; /* frees a worker's local state */
  void *ctx;                    /* passed to job and emit */
} pool;

static void *slot(pool *p, size_t i) {
  return p->slots + (i % p->window) * p->size;
}

/* Emits the ready results in order from 'emitted' (called with the lock
 * held and the turn taken; returns with both). */
static void emit_ready(pool *p) {
  while (!p->stop && p->emitted < p->n && p->ready[p->emitted % p->window]) {
    size_t i = p->emitted;
    pthread_mutex_unlock(&p->mu);
    int stop = p->emit(i, slot(p, i), p->ctx);
    pthread_mutex_lock(&p->mu);
    p->ready[i % p->window] = 0;
    p->emitted++;
    if (stop)
      p->stop = 1;
    if (p->idle)
      pthread_cond_broadcast(&p->work);
  }
  if (p->stop || p->emitted == p->n)
    pthread_cond_signal(&p->done);
}

static void *worker(void *arg) {
  pool *p = arg;
  void *local = NULL; /* this worker's state (a reader), made by the job */
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->next < p->n && p->next >= p->emitted + p->window) {
      p->idle++;
      pthread_cond_wait(&p->work, &p->mu);
      p->idle--;
    }
    if (p->stop || p->next >= p->n)
      break;
    size_t i = p->next++;
    void *r = slot(p, i);
    pthread_mutex_unlock(&p->mu);
    memset(r, 0, p->size);
    p->job(i, r, p->ctx, &local);
    pthread_mutex_lock(&p->mu);
    p->ready[i % p->window] = 1;
    if (!p->emitting && i == p->emitted) {
      p->emitting = 1;
      emit_ready(p);
      p->emitting = 0;
    }
  }
  pthread_mutex_unlock(&p->mu);
  if (p->local_free)
    p->local_free(local);
  return NULL;
}

static int run_inline(size_t n, size_t size, cli_job_fn job, cli_emit_fn emit,
                      cli_local_free_fn local_free, void *ctx) {
  void *r = malloc(size ? size : 1);
  if (!r)
    return -1;
  int rc = 0;
  void *local = NULL;
  for (size_t i = 0; !rc && i < n; i++) {
    memset(r, 0, size);
    job(i, r, ctx, &local);
    rc = emit(i, r, ctx) ? -1 : 0;
  }
  if (local_free)
    local_free(local);
  free(r);
  return rc;
}

int cli_pool_run(size_t n, unsigned jobs, size_t size, cli_job_fn job,
                 cli_emit_fn emit, cli_discard_fn discard,
                 cli_local_free_fn local_free, void *ctx) {
  if (jobs > n)
    jobs = (unsigned)(n ? n : 1);
  if (jobs <= 1)
    return run_inline(n, size, job, emit, local_free, ctx);
  pool p;
  memset(&p, 0, sizeof(p));
  p.n = n;
  p.window = (size_t)jobs * WINDOW_PER_JOB;
  p.size = size;
  p.job = job;
  p.emit = emit;
  p.local_free = local_free;
  p.ctx = ctx;
  p.slots = calloc(p.window, size);
  p.ready = calloc(p.window, 1);
  pthread_t *tids = calloc(jobs, sizeof(*tids));
  if (!p.slots || !p.ready || !tids) {
    free(p.slots);
    free(p.ready);
    free(tids);
    return -1;
  }
  /* A result is made in a worker's malloc arena and often freed by the
   * other worker, the one that emits it; glibc then trims the arena's top
   * and the worker faults the pages in again for its next file (4,700
   * page faults for 5,000 files against 750 with -j 1). A short-lived
   * command keeps them. */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.done, NULL);
  unsigned started = 0;
  for (; started < jobs; started++)
    if (pthread_create(&tids[started], NULL, worker, &p))
      break;
  int rc = 0;
  if (!started) {
    rc = run_inline(n, size, job, emit, local_free, ctx);
  } else {
    pthread_mutex_lock(&p.mu);
    while (!p.stop && p.emitted < n)
      pthread_cond_wait(&p.done, &p.mu);
    if (p.stop)
      rc = -1;
    pthread_mutex_unlock(&p.mu);
  }
  pthread_mutex_lock(&p.mu);
  p.stop = 1;
  pthread_cond_broadcast(&p.work);
  pthread_mutex_unlock(&p.mu);
  for (unsigned t = 0; t < started; t++)
    pthread_join(tids[t], NULL);
  /* after a stop, finished results nobody emitted still own memory */
  for (size_t s = 0; s < p.window; s++)
    if (p.ready[s] && discard)
      discard(p.slots + s * size, ctx);
  pthread_cond_destroy(&p.done);
  pthread_cond_destroy(&p.work);
  pthread_mutex_destroy(&p.mu);
  free(tids);
  free(p.ready);
  free(p.slots);
  return rc;
}
