/* fee.c: 信息处理费 of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号),
 * both progressive (超额累进), in whole 元. The bands are data; every sum is
 * checked so that a huge count fails (GK_E_TOO_LARGE) instead of wrapping. */
#include "deadline.h"

/* One band: from the 'first' unit on, each unit costs 'price' 元. */
typedef struct fee_band {
  int64_t first; /* first unit of the band */
  int64_t price; /* 元 per unit */
} fee_band;

/* 按量: pages of one application. */
static const fee_band by_pages[] = {{1, 0}, {31, 10}, {101, 20}, {201, 40}};

/* 按件: applications of one applicant in one month; from the last band on,
 * each further band of PIECE_STEP applications costs PIECE_RISE more. */
static const fee_band by_piece[] = {{1, 0}, {11, 100}, {31, 200}};
#define PIECE_STEP 10
#define PIECE_RISE 100

#define NBANDS(t) (sizeof(t) / sizeof((t)[0]))

static int add_ok(int64_t a, int64_t b, int64_t *out) {
  if (b > 0 && a > INT64_MAX - b)
    return 0;
  *out = a + b;
  return 1;
}

static int mul_ok(int64_t a, int64_t b, int64_t *out) {
  if (a && b > INT64_MAX / a)
    return 0;
  *out = a * b;
  return 1;
}

static gk_status too_large(gk_error *err, int64_t n) {
  return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1, "数量 %lld 过大，费用超出范围",
                  "count %lld too large: the fee overflows", (long long)n);
}

static gk_status negative(gk_error *err, int64_t n) {
  return gk__fail(err, GK_E_ARG, 0, 0, -1, "数量 %lld 不能为负数",
                  "count %lld cannot be negative", (long long)n);
}

/* Sum over the bands of units 1..n (the open last band runs to n). */
static int banded(const fee_band *t, size_t nt, int64_t n, int64_t *out) {
  int64_t sum = 0;
  for (size_t i = 0; i < nt; i++) {
    int64_t hi = i + 1 < nt ? t[i + 1].first - 1 : n;
    if (hi > n)
      hi = n;
    int64_t units = hi - t[i].first + 1, part;
    if (units <= 0)
      break;
    if (!mul_ok(units, t[i].price, &part) || !add_ok(sum, part, &sum))
      return 0;
  }
  *out = sum;
  return 1;
}

gk_status gk_fee_by_pages(int64_t pages, int64_t *yuan, gk_error *err) {
  *yuan = 0;
  if (pages < 0)
    return negative(err, pages);
  if (!banded(by_pages, NBANDS(by_pages), pages, yuan))
    return too_large(err, pages);
  return GK_OK;
}

gk_status gk_fee_of_nth_application(int64_t n, int64_t *yuan, gk_error *err) {
  const fee_band *last = &by_piece[NBANDS(by_piece) - 1];
  *yuan = 0;
  if (n < 1)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "第 %lld 件申请无效（从 1 起）",
                    "application number %lld invalid (counted from 1)",
                    (long long)n);
  for (size_t i = NBANDS(by_piece); i-- > 0;)
    if (n >= by_piece[i].first) {
      *yuan = by_piece[i].price;
      break;
    }
  if (n >= last->first) {
    int64_t rise;
    if (!mul_ok((n - last->first) / PIECE_STEP, PIECE_RISE, &rise) ||
        !add_ok(*yuan, rise, yuan))
      return too_large(err, n);
  }
  return GK_OK;
}

gk_status gk_fee_by_monthly_count(int64_t count, int64_t *yuan, gk_error *err) {
  const fee_band *last = &by_piece[NBANDS(by_piece) - 1];
  int64_t sum = 0;
  *yuan = 0;
  if (count < 0)
    return negative(err, count);
  /* the fixed bands up to the last one's start */
  if (!banded(by_piece, NBANDS(by_piece) - 1,
              count < last->first ? count : last->first - 1, &sum))
    return too_large(err, count);
  if (count >= last->first) {
    /* full steps k = 0..q-1 cost STEP * (price + k * RISE) each; then
     * r applications at price + q * RISE */
    int64_t m = count - last->first + 1, q = m / PIECE_STEP, r = m % PIECE_STEP,
            t, u;
    /* STEP * (q * price + RISE * q * (q - 1) / 2); q or q - 1 is even */
    int64_t tri;
    if (!(q % 2 ? mul_ok((q - 1) / 2, q, &tri) : mul_ok(q / 2, q - 1, &tri)) ||
        !mul_ok(q, last->price, &t) || !mul_ok(tri, PIECE_RISE, &u) ||
        !add_ok(t, u, &t) || !mul_ok(t, PIECE_STEP, &t) ||
        !add_ok(sum, t, &sum) || !mul_ok(q, PIECE_RISE, &u) ||
        !add_ok(u, last->price, &u) || !mul_ok(u, r, &u) ||
        !add_ok(sum, u, &sum))
      return too_large(err, count);
  }
  *yuan = sum;
  return GK_OK;
}
