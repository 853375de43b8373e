/* testio.h: what the unit tests share to read their inputs and collect a
 * writer's output (one copy instead of one per test file). */
#ifndef GK_TEST_IO_H
#define GK_TEST_IO_H

#include <stddef.h>

/* The five real reports of tests/data/seeds, by file name. */
#define GK_TEST_NSEEDS 5
extern const char *const gk_test_seeds[GK_TEST_NSEEDS];

/* The whole file, NUL-terminated (not counted in '*len'), or NULL when it
 * cannot be read. The caller frees it. */
char *gk_test_slurp(const char *path, size_t *len);

/* Seed i's text from $GK_SOURCE_DIR/tests/data/seeds, as gk_test_slurp. */
char *gk_test_seed_text(size_t i, size_t *len);

/* A growing buffer for gk_write_fn output: gk_test_mem_sink appends to the
 * gk_test_mem 'ud' (zero-initialised; free 'data'). */
typedef struct gk_test_mem {
  char *data;
  size_t len, cap;
} gk_test_mem;
int gk_test_mem_sink(const char *data, size_t len, void *ud);

#endif /* GK_TEST_IO_H */
