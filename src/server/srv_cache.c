/* srv_cache.c: the public catalogue's search results, kept while the
 * database is unchanged (bench/serve_load.sh: a trigram search over 10,000
 * items costs ~4 ms of SQLite, all on the server's one connection, against
 * a few µs to copy the page). An entry is the HTML fragment a search page
 * made (already escaped by srv_html), keyed by the query and page, and
 * valid for one generation of the database: SQLite's data_version (bumped
 * by every commit of another connection: the ledger handles, another
 * process such as `gongkai serve catalogue sync`), on PostgreSQL the WAL's
 * insert position (moved by every write of any connection), with the
 * writes run on the server's own connection (srv_sql). Any change at all
 * empties it in effect. */
#include "srv_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t srv_db_generation(srv_server *s) {
  /* asked on every kept page: one statement prepared once (its parse cost
   * about a tenth of a status page's), used under db_mu. Still a read
   * transaction per ask: a commit by another process shows at once */
  int64_t v = -1;
  if (!s->db)
    return -1;
  pthread_mutex_lock(&s->db_mu);
  if (!s->gen_st)
    gk_db_prepare(s->db,
                  srv_pg(s) ? "SELECT (pg_current_wal_insert_lsn() - "
                              "'0/0'::pg_lsn)::bigint"
                            : "PRAGMA data_version",
                  &s->gen_st, NULL);
  if (s->gen_st && srv_step(s->gen_st, NULL) == 1)
    v = gk_db_col_int(s->gen_st, 0);
  if (s->gen_st)
    gk_db_stmt_reset(s->gen_st);
  int64_t mine = s->writes;
  pthread_mutex_unlock(&s->db_mu);
  if (v < 0)
    return -1; /* never matches a stored generation */
  /* mixed, not added: a WAL position is already a large number */
  return (int64_t)(((uint64_t)v * 0x9E3779B97F4A7C15ull) ^ (uint64_t)mine) &
         INT64_MAX;
}

bool srv_cache_get(srv_server *s, const char *key, int64_t gen, srv_buf *out) {
  bool hit = false;
  if (gen < 0 || strlen(key) >= sizeof(s->cache[0].key))
    return false;
  pthread_mutex_lock(&s->cache_mu);
  for (size_t i = 0; i < SRV_CACHE_SLOTS; i++)
    if (s->cache[i].body && s->cache[i].gen == gen &&
        strcmp(s->cache[i].key, key) == 0) {
      srv_buf_add(out, s->cache[i].body, s->cache[i].len);
      s->cache[i].used = ++s->cache_clock;
      hit = true;
      break;
    }
  pthread_mutex_unlock(&s->cache_mu);
  return hit;
}

void srv_cache_put(srv_server *s, const char *key, int64_t gen,
                   const char *body, size_t len) {
  if (gen < 0 || strlen(key) >= sizeof(s->cache[0].key) ||
      len > SRV_CACHE_MAX_BODY)
    return;
  char *copy = malloc(len ? len : 1);
  if (!copy)
    return; /* a cache: nothing lost */
  memcpy(copy, body, len);
  pthread_mutex_lock(&s->cache_mu);
  /* a stale or the least recently used slot */
  size_t k = 0;
  for (size_t i = 0; i < SRV_CACHE_SLOTS; i++) {
    if (!s->cache[i].body || s->cache[i].gen != gen) {
      k = i;
      break;
    }
    if (s->cache[i].used < s->cache[k].used)
      k = i;
  }
  char *old = s->cache[k].body;
  snprintf(s->cache[k].key, sizeof(s->cache[k].key), "%s", key);
  s->cache[k].gen = gen;
  s->cache[k].body = copy;
  s->cache[k].len = len;
  s->cache[k].used = ++s->cache_clock;
  pthread_mutex_unlock(&s->cache_mu);
  free(old);
}

void srv_cache_free(srv_server *s) {
  for (size_t i = 0; i < SRV_CACHE_SLOTS; i++) {
    free(s->cache[i].body);
    s->cache[i].body = NULL;
  }
}
