/* similar.c: narratives copied from a neighbour (内容雷同). Each report's
 * sections 一 to 六 are normalised (Han characters and letters kept, every
 * run of digits one symbol '#', so a copy with other numbers still
 * matches; punctuation and spaces dropped), cut into 5-character
 * shingles, and summarised by a MinHash signature of 128 multiply-shift
 * hashes of the shingles' 64-bit hashes. LSH banding (bands of r rows,
 * r chosen from the threshold) finds candidate pairs without comparing
 * all pairs; the estimate (share of equal MinHash values) filters them;
 * gk_similarity_compare computes the exact Jaccard similarity and the
 * shared passages of a pair. Parameters and their reasons:
 * docs/internals/many.md. Hashing is splitmix64's mixer with fixed seeds:
 * every run gives the same signatures. */
#include "many.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K GK_SIMILAR_HASHES
#define SHINGLE 5                  /* characters per shingle */
#define SEED 0x9e3779b97f4a7c15ULL /* of the hash coefficients */
#define DIGITS 0x23u               /* '#': a run of digits */
#define PASSAGE_MIN 12  /* shortest shared passage, normalised chars */
#define PASSAGE_KEEP 16 /* passages kept, longest first */
#define SEED_GRAM 8     /* passages grow from common 8-grams */
#define CHAIN_MAX 64    /* occurrences of one 8-gram tried */
#define CANDIDATES_MAX ((size_t)64 * 1024 * 1024) /* pairs held at once */

/* === Hashing === */

static uint64_t mix64(uint64_t z) { /* splitmix64's finalizer */
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x) {
  *x += 0x9e3779b97f4a7c15ULL;
  return mix64(*x);
}

/* The K hash functions h_i(x) = (a_i x + b_i) >> 32 (multiply-shift,
 * a_i odd), drawn from a fixed seed. */
static void coefficients(uint64_t a[K], uint64_t b[K]) {
  uint64_t s = SEED;
  for (size_t i = 0; i < K; i++) {
    a[i] = splitmix64(&s) | 1u;
    b[i] = splitmix64(&s);
  }
}

/* === Normalised text === */

typedef struct ntext {
  const gk_alloc *alloc; /* for the arrays */
  uint32_t *cp;          /* normalised characters */
  uint8_t *sec;          /* section (1..6) of each, when positions wanted */
  uint32_t *off, *end;   /* its source bytes [off, end) in that section */
  size_t n, cap;         /* used, allocated */
  bool positions;        /* fill sec/off/end */
} ntext;

static void ntext_free(ntext *t) {
  gk__free(t->alloc, t->cp);
  gk__free(t->alloc, t->sec);
  gk__free(t->alloc, t->off);
  gk__free(t->alloc, t->end);
}

static gk_status push(ntext *t, uint32_t cp, int sec, size_t off, size_t end) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    if (cap > SIZE_MAX / sizeof(uint32_t))
      return GK_E_NOMEM;
    uint32_t *c = gk__realloc(t->alloc, t->cp, cap * sizeof(*c));
    if (!c)
      return GK_E_NOMEM;
    t->cp = c;
    if (t->positions) {
      uint8_t *s = gk__realloc(t->alloc, t->sec, cap * sizeof(*s));
      if (s)
        t->sec = s;
      uint32_t *o = s ? gk__realloc(t->alloc, t->off, cap * sizeof(*o)) : NULL;
      if (o)
        t->off = o;
      uint32_t *e = o ? gk__realloc(t->alloc, t->end, cap * sizeof(*e)) : NULL;
      if (!e)
        return GK_E_NOMEM;
      t->end = e;
    }
    t->cap = cap;
  }
  t->cp[t->n] = cp;
  if (t->positions) {
    t->sec[t->n] = (uint8_t)sec;
    t->off[t->n] = (uint32_t)off;
    t->end[t->n] = (uint32_t)end;
  }
  t->n++;
  return GK_OK;
}

static bool is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) ||
         cp == 0x3007; /* 〇 */
}

/* What 'cp' becomes: itself, a lower-case ASCII letter, DIGITS, or 0
 * (dropped). */
static uint32_t normal(uint32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
    cp -= 0xFEE0;
  if (cp >= '0' && cp <= '9')
    return DIGITS;
  if (cp >= 'A' && cp <= 'Z')
    return cp + 32;
  if ((cp >= 'a' && cp <= 'z') || is_han(cp))
    return cp;
  return 0;
}

/* Normalises sections 1 to 6 of 'rep' into 't' (its arrays are grown). A
 * digit run stays one DIGITS even across dropped punctuation ("83.82"). */
static gk_status normalise(const gk_report *rep, ntext *t) {
  for (int s = 1; s <= GK_SECTIONS; s++) {
    size_t len;
    const char *text = gk_report_section(rep, s, &len);
    if (len > UINT32_MAX)
      return GK_E_TOO_LARGE;
    size_t i = 0;
    while (i < len) {
      size_t n;
      uint32_t cp = normal(gk__utf8_decode(text + i, len - i, &n));
      bool more = cp == DIGITS && t->n && t->cp[t->n - 1] == DIGITS;
      if (cp && !more) {
        gk_status st = push(t, cp, s, i, i + n);
        if (st)
          return st;
      } else if (more && t->positions && t->sec[t->n - 1] == s) {
        t->end[t->n - 1] = (uint32_t)(i + n); /* the run grows */
      }
      i += n;
    }
  }
  return GK_OK;
}

static uint64_t shingle_hash(const uint32_t *cp) {
  uint64_t x = 0;
  for (size_t k = 0; k < SHINGLE; k++)
    x = mix64(x ^ cp[k]) + k;
  return x;
}

gk_status gk_similar_sign(const gk_report *rep, uint32_t sig[K],
                          size_t *nshingles, gk_error *err) {
  if (!rep || !sig || !nshingles)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "相似度：参数无效",
                    "similar: invalid argument");
  ntext t = {&rep->alloc, NULL, NULL, NULL, NULL, 0, 0, false};
  gk_status st = normalise(rep, &t);
  if (st) {
    ntext_free(&t);
    return gk__fail(err, st, 0, 0, -1, "计算相似度签名时内存不足",
                    "out of memory while signing a narrative");
  }
  uint64_t a[K], b[K];
  coefficients(a, b);
  for (size_t i = 0; i < K; i++)
    sig[i] = UINT32_MAX;
  size_t n = t.n >= SHINGLE ? t.n - SHINGLE + 1 : 0;
  for (size_t s = 0; s < n; s++) {
    uint64_t h = shingle_hash(t.cp + s);
    for (size_t i = 0; i < K; i++) {
      uint32_t v = (uint32_t)((a[i] * h + b[i]) >> 32);
      sig[i] = v < sig[i] ? v : sig[i];
    }
  }
  *nshingles = n;
  ntext_free(&t);
  return GK_OK;
}

/* === The LSH index === */

struct gk_similar {
  gk_alloc alloc;     /* for everything below */
  double threshold;   /* similarity asked for */
  size_t bands, rows; /* banding: bands x rows <= K */
  uint32_t *sigs;     /* K values per report */
  bool *usable;       /* enough shingles to be paired */
  size_t n, cap;      /* reports, allocated */
  size_t candidates;  /* distinct candidate pairs of the last run */
  uint64_t *pairs;    /* kept pairs, a << 32 | b */
  double *estimate;   /* their estimates */
  size_t npairs;      /* kept */
};

/* Probability that a pair of similarity s shares a bucket in some band. */
static double p_candidate(double s, size_t bands, size_t rows) {
  return 1.0 - pow(1.0 - pow(s, (double)rows), (double)bands);
}

/* The most rows per band (fewest false candidates) that still makes a
 * pair at the threshold a candidate with probability 0.99. */
static void choose_banding(double t, size_t *bands, size_t *rows) {
  *rows = 1;
  *bands = K;
  for (size_t r = 2; r <= 32; r++)
    if (p_candidate(t, K / r, r) >= 0.99) {
      *rows = r;
      *bands = K / r;
    }
}

gk_status gk_similar_new(gk_similar **out, double threshold,
                         const gk_alloc *alloc) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  if (!(threshold > 0.0 && threshold <= 1.0))
    return GK_E_ARG;
  if (!alloc)
    alloc = gk_alloc_default();
  gk_similar *s = gk__calloc(alloc, 1, sizeof(*s));
  if (!s)
    return GK_E_NOMEM;
  s->alloc = *alloc;
  s->threshold = threshold;
  choose_banding(threshold, &s->bands, &s->rows);
  *out = s;
  return GK_OK;
}

void gk_similar_free(gk_similar *s) {
  if (!s)
    return;
  gk_alloc a = s->alloc;
  gk__free(&a, s->sigs);
  gk__free(&a, s->usable);
  gk__free(&a, s->pairs);
  gk__free(&a, s->estimate);
  gk__free(&a, s);
}

gk_status gk_similar_add(gk_similar *s, const uint32_t sig[K],
                         size_t nshingles) {
  if (!s || !sig || s->n >= UINT32_MAX)
    return GK_E_ARG;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    if (cap > SIZE_MAX / (K * sizeof(uint32_t)))
      return GK_E_NOMEM;
    uint32_t *ns = gk__realloc(&s->alloc, s->sigs, cap * K * sizeof(*ns));
    if (!ns)
      return GK_E_NOMEM;
    s->sigs = ns;
    bool *nu = gk__realloc(&s->alloc, s->usable, cap * sizeof(*nu));
    if (!nu)
      return GK_E_NOMEM;
    s->usable = nu;
    s->cap = cap;
  }
  memcpy(s->sigs + s->n * K, sig, K * sizeof(*sig));
  s->usable[s->n] = nshingles >= GK_SIMILAR_MIN_SHINGLES;
  s->n++;
  return GK_OK;
}

typedef struct keyed {
  uint64_t key; /* hash of one band of a signature */
  uint32_t id;  /* report */
} keyed;

static int cmp_keyed(const void *x, const void *y) {
  const keyed *a = x, *b = y;
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* Sorts and deduplicates v[0..*n). */
static void unique(uint64_t *v, size_t *n) {
  if (*n < 2)
    return;
  qsort(v, *n, sizeof(*v), cmp_u64);
  size_t o = 1;
  for (size_t i = 1; i < *n; i++)
    if (v[i] != v[o - 1])
      v[o++] = v[i];
  *n = o;
}

static double estimate(const gk_similar *s, uint32_t a, uint32_t b) {
  const uint32_t *x = s->sigs + (size_t)a * K, *y = s->sigs + (size_t)b * K;
  size_t eq = 0;
  for (size_t i = 0; i < K; i++)
    eq += x[i] == y[i];
  return (double)eq / K;
}

typedef struct kept {
  uint64_t pair; /* a << 32 | b */
  double est;    /* estimated similarity */
} kept;

static int cmp_kept(const void *x, const void *y) {
  const kept *a = x, *b = y;
  if (a->est != b->est)
    return a->est > b->est ? -1 : 1;
  return a->pair < b->pair ? -1 : a->pair > b->pair;
}

/* Collects the candidate pairs of every band into '*v' (deduplicated). */
static gk_status collect(gk_similar *s, keyed *keys, uint64_t **v, size_t *n,
                         size_t *cap) {
  size_t last_unique = 0;
  for (size_t band = 0; band < s->bands; band++) {
    size_t m = 0;
    for (size_t id = 0; id < s->n; id++) {
      if (!s->usable[id])
        continue;
      const uint32_t *row = s->sigs + id * K + band * s->rows;
      uint64_t h = mix64(band + 1);
      for (size_t r = 0; r < s->rows; r++)
        h = mix64(h ^ row[r]);
      keys[m].key = h;
      keys[m].id = (uint32_t)id;
      m++;
    }
    qsort(keys, m, sizeof(*keys), cmp_keyed);
    for (size_t i = 0; i < m;) {
      size_t j = i + 1;
      while (j < m && keys[j].key == keys[i].key)
        j++;
      for (size_t x = i; x < j; x++)
        for (size_t y = x + 1; y < j; y++) {
          if (*n == *cap) {
            /* deduplicate before growing: a bucket met in many bands is
             * held once */
            if (*n > 2 * last_unique) {
              unique(*v, n);
              last_unique = *n;
            }
            if (*n == *cap) {
              if (*cap >= CANDIDATES_MAX)
                return GK_E_TOO_LARGE;
              gk_status st = gk__grow(&s->alloc, v, cap, *cap + 1, sizeof(**v));
              if (st)
                return st;
            }
          }
          (*v)[(*n)++] = (uint64_t)keys[x].id << 32 | keys[y].id;
        }
      i = j;
    }
  }
  unique(*v, n);
  return GK_OK;
}

gk_status gk_similar_run(gk_similar *s, gk_error *err) {
  if (!s)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "相似度：参数无效",
                    "similar: invalid argument");
  gk__free(&s->alloc, s->pairs);
  gk__free(&s->alloc, s->estimate);
  s->pairs = NULL;
  s->estimate = NULL;
  s->npairs = s->candidates = 0;
  keyed *keys = gk__calloc(&s->alloc, s->n ? s->n : 1, sizeof(*keys));
  uint64_t *v = NULL;
  size_t n = 0, cap = 0;
  kept *k = NULL;
  gk_status st = keys ? collect(s, keys, &v, &n, &cap) : GK_E_NOMEM;
  gk__free(&s->alloc, keys);
  if (st == GK_E_TOO_LARGE) {
    gk__free(&s->alloc, v);
    return gk__fail(err, st, 0, 0, -1,
                    "候选对超过 %zu 个：大量报告正文几乎相同，请提高阈值",
                    "more than %zu candidate pairs: many narratives are "
                    "nearly the same; raise the threshold",
                    CANDIDATES_MAX);
  }
  s->candidates = n;
  /* 3 standard errors of the estimate at the threshold: a pair truly at
   * the threshold is kept with probability ~0.999 */
  double t = s->threshold;
  double floor = t - 3.0 * sqrt(t * (1.0 - t) / K);
  if (!st && n)
    k = gk__calloc(&s->alloc, n, sizeof(*k));
  if (!st && n && !k)
    st = GK_E_NOMEM;
  size_t m = 0;
  for (size_t i = 0; !st && i < n; i++) {
    double e = estimate(s, (uint32_t)(v[i] >> 32), (uint32_t)v[i]);
    if (e >= floor) {
      k[m].pair = v[i];
      k[m].est = e;
      m++;
    }
  }
  gk__free(&s->alloc, v);
  if (!st && m > GK_SIMILAR_MAX_PAIRS) {
    gk__free(&s->alloc, k);
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                    "%zu 对报告的正文估计相近，超过 %d 对的上限：请提高阈值",
                    "%zu pairs of narratives are estimated close, more than "
                    "the limit of %d: raise the threshold",
                    m, GK_SIMILAR_MAX_PAIRS);
  }
  if (!st && m) {
    qsort(k, m, sizeof(*k), cmp_kept);
    s->pairs = gk__calloc(&s->alloc, m, sizeof(*s->pairs));
    s->estimate = gk__calloc(&s->alloc, m, sizeof(*s->estimate));
    if (!s->pairs || !s->estimate)
      st = GK_E_NOMEM;
    for (size_t i = 0; !st && i < m; i++) {
      s->pairs[i] = k[i].pair;
      s->estimate[i] = k[i].est;
    }
    if (!st)
      s->npairs = m;
  }
  gk__free(&s->alloc, k);
  if (st)
    return gk__fail(err, st, 0, 0, -1, "查找相似报告时内存不足",
                    "out of memory while looking for similar reports");
  return GK_OK;
}

void gk_similar_banding(const gk_similar *s, size_t *bands, size_t *rows) {
  if (bands)
    *bands = s ? s->bands : 0;
  if (rows)
    *rows = s ? s->rows : 0;
}
size_t gk_similar_candidates(const gk_similar *s) {
  return s ? s->candidates : 0;
}
size_t gk_similar_pair_count(const gk_similar *s) { return s ? s->npairs : 0; }
void gk_similar_pair(const gk_similar *s, size_t i, size_t *a, size_t *b,
                     double *est) {
  if (!s || i >= s->npairs)
    return;
  if (a)
    *a = (size_t)(s->pairs[i] >> 32);
  if (b)
    *b = (size_t)(s->pairs[i] & UINT32_MAX);
  if (est)
    *est = s->estimate[i];
}

/* === The exact comparison of two narratives === */

typedef struct passage {
  char *text;   /* text of 'a' (owned) */
  int section;  /* 1..6 */
  size_t chars; /* normalised length */
} passage;

struct gk_similarity {
  gk_alloc alloc;          /* for everything below */
  double jaccard;          /* |A ∩ B| / |A ∪ B| of the shingle sets */
  passage p[PASSAGE_KEEP]; /* longest first */
  size_t np;               /* used */
};

/* The sorted distinct shingle hashes of 't'. */
static gk_status shingle_set(const ntext *t, const gk_alloc *a, uint64_t **out,
                             size_t *n) {
  *n = t->n >= SHINGLE ? t->n - SHINGLE + 1 : 0;
  *out = gk__calloc(a, *n ? *n : 1, sizeof(**out));
  if (!*out)
    return GK_E_NOMEM;
  for (size_t i = 0; i < *n; i++)
    (*out)[i] = shingle_hash(t->cp + i);
  unique(*out, n);
  return GK_OK;
}

static double jaccard(const uint64_t *x, size_t nx, const uint64_t *y,
                      size_t ny) {
  size_t i = 0, j = 0, both = 0;
  while (i < nx && j < ny) {
    if (x[i] == y[j]) {
      both++;
      i++;
      j++;
    } else if (x[i] < y[j]) {
      i++;
    } else {
      j++;
    }
  }
  size_t all = nx + ny - both;
  return all ? (double)both / (double)all : 0.0;
}

static uint64_t gram_hash(const uint32_t *cp) {
  uint64_t x = 0;
  for (size_t k = 0; k < SEED_GRAM; k++)
    x = mix64(x ^ cp[k]);
  return x;
}

static const char *const openers[] = {"（", "“", "《", "【", "「", "(", "\""};
static const char *const closers[] = {"）", "”", "》", "】", "」", ")", "\""};

/* Keeps a passage of 'len' characters at A[i], if among the longest. */
static gk_status keep_passage(gk_similarity *sim, const gk_report *a,
                              const ntext *ta, size_t i, size_t len) {
  if (sim->np == PASSAGE_KEEP && sim->p[PASSAGE_KEEP - 1].chars >= len)
    return GK_OK;
  int s = ta->sec[i];
  size_t slen = 0;
  const char *text = gk_report_section(a, s, &slen);
  size_t from = ta->off[i], to = ta->end[i + len - 1];
  /* brackets and quotes are dropped by the normalisation: give the
   * passage the one that opens or closes it, so "（一）存在…" reads whole */
  for (size_t k = 0; k < sizeof(openers) / sizeof(openers[0]); k++) {
    size_t n = strlen(openers[k]);
    if (from >= n && memcmp(text + from - n, openers[k], n) == 0) {
      from -= n;
      break;
    }
  }
  for (size_t k = 0; k < sizeof(closers) / sizeof(closers[0]); k++) {
    size_t n = strlen(closers[k]);
    if (to + n <= slen && memcmp(text + to, closers[k], n) == 0) {
      to += n;
      break;
    }
  }
  passage p = {gk__strndup(&sim->alloc, text + from, to - from), s, len};
  if (!p.text)
    return GK_E_NOMEM;
  size_t slot;
  if (sim->np == PASSAGE_KEEP) {
    slot = PASSAGE_KEEP - 1;
    gk__free(&sim->alloc, sim->p[slot].text);
  } else {
    slot = sim->np++;
  }
  /* insertion: longest first, earlier first among equals */
  while (slot > 0 && sim->p[slot - 1].chars < len) {
    sim->p[slot] = sim->p[slot - 1];
    slot--;
  }
  sim->p[slot] = p;
  return GK_OK;
}

/* Greedy tiling: from each position of A, the longest run equal to some
 * run of B (grown from a common 8-gram, within one section on both
 * sides); a run of PASSAGE_MIN or more is a passage and is skipped over. */
static gk_status passages(gk_similarity *sim, const gk_report *a,
                          const ntext *ta, const ntext *tb) {
  if (ta->n < SEED_GRAM || tb->n < SEED_GRAM)
    return GK_OK;
  size_t ng = tb->n - SEED_GRAM + 1, nb = 1;
  while (nb < 2 * ng)
    nb *= 2;
  uint32_t *head = gk__malloc(&sim->alloc, nb * sizeof(*head));
  uint32_t *next = gk__malloc(&sim->alloc, ng * sizeof(*next));
  gk_status st = head && next ? GK_OK : GK_E_NOMEM;
  if (!st) {
    memset(head, 0xff, nb * sizeof(*head));
    for (size_t j = ng; j-- > 0;) { /* chains in increasing position */
      size_t h = (size_t)gram_hash(tb->cp + j) & (nb - 1);
      next[j] = head[h];
      head[h] = (uint32_t)j;
    }
  }
  for (size_t i = 0; !st && i + SEED_GRAM <= ta->n;) {
    size_t h = (size_t)gram_hash(ta->cp + i) & (nb - 1), best = 0;
    size_t tries = 0;
    for (uint32_t j = head[h]; j != UINT32_MAX && tries < CHAIN_MAX;
         j = next[j], tries++) {
      size_t len = 0;
      while (i + len < ta->n && j + len < tb->n &&
             ta->cp[i + len] == tb->cp[j + len] &&
             ta->sec[i + len] == ta->sec[i] && tb->sec[j + len] == tb->sec[j])
        len++;
      if (len > best)
        best = len;
    }
    if (best >= PASSAGE_MIN) {
      st = keep_passage(sim, a, ta, i, best);
      i += best;
    } else {
      i++;
    }
  }
  gk__free(&sim->alloc, head);
  gk__free(&sim->alloc, next);
  return st;
}

gk_status gk_similarity_compare(const gk_report *a, const gk_report *b,
                                gk_similarity **out, gk_error *err) {
  if (!a || !b || !out)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "相似度：参数无效",
                    "similar: invalid argument");
  *out = NULL;
  const gk_alloc *al = &a->alloc;
  gk_similarity *sim = gk__calloc(al, 1, sizeof(*sim));
  if (!sim)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "比较正文时内存不足",
                    "out of memory while comparing narratives");
  sim->alloc = *al;
  ntext ta = {al, NULL, NULL, NULL, NULL, 0, 0, true};
  ntext tb = {al, NULL, NULL, NULL, NULL, 0, 0, true};
  uint64_t *sa = NULL, *sb = NULL;
  size_t na = 0, nb = 0;
  gk_status st = normalise(a, &ta);
  if (!st)
    st = normalise(b, &tb);
  if (!st)
    st = shingle_set(&ta, al, &sa, &na);
  if (!st)
    st = shingle_set(&tb, al, &sb, &nb);
  if (!st) {
    sim->jaccard = jaccard(sa, na, sb, nb);
    st = passages(sim, a, &ta, &tb);
  }
  gk__free(al, sa);
  gk__free(al, sb);
  ntext_free(&ta);
  ntext_free(&tb);
  if (st) {
    gk_similarity_free(sim);
    return gk__fail(err, st, 0, 0, -1, "比较正文时内存不足",
                    "out of memory while comparing narratives");
  }
  *out = sim;
  return GK_OK;
}

void gk_similarity_free(gk_similarity *sim) {
  if (!sim)
    return;
  gk_alloc a = sim->alloc;
  for (size_t i = 0; i < sim->np; i++)
    gk__free(&a, sim->p[i].text);
  gk__free(&a, sim);
}

double gk_similarity_jaccard(const gk_similarity *sim) {
  return sim ? sim->jaccard : 0.0;
}
size_t gk_similarity_passage_count(const gk_similarity *sim) {
  return sim ? sim->np : 0;
}
const char *gk_similarity_passage(const gk_similarity *sim, size_t i,
                                  int *section, size_t *chars) {
  if (!sim || i >= sim->np)
    return NULL;
  if (section)
    *section = sim->p[i].section;
  if (chars)
    *chars = sim->p[i].chars;
  return sim->p[i].text;
}

char *gk_text_excerpt(const char *s, size_t max_chars, char *out,
                      size_t outsz) {
  static const char ellipsis[] = "…";
  size_t len = s ? strlen(s) : 0, i = 0, o = 0, chars = 0;
  if (!outsz)
    return out;
  while (i < len) {
    size_t n;
    (void)gk__utf8_decode(s + i, len - i, &n);
    if (chars == max_chars || o + n + sizeof(ellipsis) > outsz) {
      memcpy(out + o, ellipsis, sizeof(ellipsis)); /* with its NUL */
      return out;
    }
    memcpy(out + o, s + i, n);
    o += n;
    i += n;
    chars++;
  }
  out[o] = '\0';
  return out;
}

gk_status gk_write_similarity_json(const gk_similarity *sim, const char *name_a,
                                   const char *name_b, double est,
                                   size_t max_passages, size_t max_chars,
                                   gk_write_fn fn, void *ud, gk_error *err) {
  if (!sim || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "相似度：参数无效",
                    "similar: invalid argument");
  json_t *o = json_object();
  json_t *a = json_array();
  bool ok = o && gk__many_json_set(o, "a", gk__many_json_string(name_a)) &&
            gk__many_json_set(o, "b", gk__many_json_string(name_b)) &&
            gk__many_json_set(o, "similarity", json_real(sim->jaccard)) &&
            gk__many_json_set(o, "estimate", json_real(est)) &&
            gk__many_json_set(o, "passages", json_incref(a));
  size_t outsz = max_chars * 4 + 8;
  char *buf = ok ? gk__malloc(&sim->alloc, outsz) : NULL;
  ok = ok && buf;
  for (size_t i = 0; ok && i < sim->np && i < max_passages; i++) {
    json_t *p = json_object();
    ok = p && json_array_append_new(a, p) == 0 &&
         gk__many_json_set(p, "section", json_integer(sim->p[i].section)) &&
         gk__many_json_set(p, "chars",
                           json_integer((json_int_t)sim->p[i].chars)) &&
         gk__many_json_set(p, "text",
                           gk__many_json_string(gk_text_excerpt(
                               sim->p[i].text, max_chars, buf, outsz)));
  }
  gk__free(&sim->alloc, buf);
  json_decref(a);
  if (!ok) {
    json_decref(o);
    o = NULL;
  }
  return gk__many_json_dump(o, fn, ud, err);
}
