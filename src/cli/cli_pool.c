/* cli_pool.c: a fixed set of worker threads over items 0..n-1 whose
 * results are handed back in item order.
 *
 * Results live in a ring of WINDOW_PER_JOB x jobs slots; a worker takes
 * item i only while i < emitted + window, so slot i % window is free and
 * at most 'window' results (each a file's rendered output) exist at once,
 * whatever n is. The main thread waits for slot i, emits it, frees the
 * slot and wakes the workers. -j 1 runs inline, without threads.
 *
 * A report takes some 50 µs to read and check, so a wake-up per item (a
 * futex call and a context switch each way) cost as much as the work and
 * -j 2 ran no faster than -j 1: a thread signals only when the other side
 * sleeps waiting for what it just did, and the window is deep enough that
 * neither side waits often. */
#include "cli_common.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_PER_JOB 32

typedef struct pool {
  pthread_mutex_t mu;           /* guards everything below */
  pthread_cond_t work;          /* a slot became free, or stop */
  pthread_cond_t done;          /* a result is ready */
  size_t n;                     /* items */
  size_t next;                  /* next item a worker takes */
  size_t emitted;               /* items emitted so far */
  size_t window;                /* slots in the ring */
  size_t size;                  /* bytes of one result */
  unsigned char *slots;         /* window x size bytes */
  unsigned char *ready;         /* ready[s]: slot s holds a finished result */
  int stop;                     /* no new items */
  unsigned idle;                /* workers waiting on 'work' */
  int waiting;                  /* the main thread waits on 'done' */
  cli_job_fn job;               /* computes a result */
  cli_local_free_fn local_free; /* frees a worker's local state */
  void *ctx;                    /* passed to job */
} pool;

static void *slot(pool *p, size_t i) {
  return p->slots + (i % p->window) * p->size;
}

/* Results ready in a row from the next one to emit (under the lock). */
static size_t ready_run(const pool *p) {
  size_t k = 0;
  while (k < p->window && p->emitted + k < p->n &&
         p->ready[(p->emitted + k) % p->window])
    k++;
  return k;
}

/* How many results in a row wake the waiting main thread: half the window,
 * or all that remain. Emitting is far cheaper than reading a report, so a
 * main thread woken for each result slept again at once: a context switch
 * pair per file (6,900 for 5,000 files). Woken for a run, it emits the run
 * in one go. No deadlock: the workers stop only when the whole window is
 * taken, and once those finish the run is the whole window. */
static size_t wake_at(const pool *p) {
  size_t left = p->n - p->emitted, half = p->window / 2;
  return left < half ? left : half;
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
    if (p->waiting && ready_run(p) >= wake_at(p))
      pthread_cond_signal(&p->done);
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
  /* A result is made in a worker's malloc arena and freed by the main
   * thread; glibc then trims the arena's top and the worker faults the
   * pages in again for its next file (4,700 page faults for 5,000 files
   * against 750 with -j 1). A short-lived command keeps them. */
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
    for (size_t i = 0; i < n; i++) {
      pthread_mutex_lock(&p.mu);
      while (!p.ready[i % p.window]) {
        p.waiting = 1;
        pthread_cond_wait(&p.done, &p.mu);
        p.waiting = 0;
      }
      pthread_mutex_unlock(&p.mu);
      int stop = emit(i, slot(&p, i), ctx);
      pthread_mutex_lock(&p.mu);
      p.ready[i % p.window] = 0;
      p.emitted++;
      if (stop)
        p.stop = 1;
      if (p.idle)
        pthread_cond_broadcast(&p.work);
      pthread_mutex_unlock(&p.mu);
      if (stop) {
        rc = -1;
        break;
      }
    }
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
