/* keys.h: the ledger's key file, sealed ID numbers, the audit chain
 * (keys.c; docs/ledger.md "Personal data"). */
#ifndef GK_KEYS_H
#define GK_KEYS_H

#include "ledger.h"

/* The sub-keys of one master key; wiped when the ledger is freed. */
typedef struct gk__keys {
  bool loaded;               /* a key file was read or made */
  unsigned char box[32];     /* seals ID numbers */
  unsigned char lookup[32];  /* keyed hash of ID numbers */
  unsigned char chain[32];   /* the audit log's chain */
  char check[33];            /* fingerprint stored in meta 'key_check' */
  unsigned char nonce[24];   /* the last nonce used: random at load, then
                                incremented per seal (sodium_increment) */
} gk__keys;

/* An ID number as stored: its keyed hash (hex), its masked form (first 3
 * and last 4 characters) and the sealed box (nonce, MAC, cipher text). */
typedef struct gk__sealed {
  char hash[65];
  char masked[GK__KEY_MAX + 1];
  unsigned char box[24 + 16 + GK__KEY_MAX];
  size_t box_len;
} gk__sealed;

bool gk__keys_file_exists(const char *path);
/* Reads the key file (refused when group or others may read it). */
gk_status gk__keys_load(gk__keys *k, const char *path, gk_error *err);
/* Makes a new key file (0600, never over an existing file) and loads it. */
gk_status gk__keys_create(gk__keys *k, const char *path, gk_error *err);
void gk__keys_wipe(gk__keys *k);
/* A random key that lives as long as the ledger (":memory:" ledgers). */
void gk__keys_ephemeral(gk__keys *k);
/* The schema that seals ID numbers and chains the audit log. */
#define GK__SCHEMA_KEYED 7
/* GK_OK when the key is loaded, else GK_E_KEY naming 'path'. */
gk_status gk__keys_need(const gk__keys *k, const char *path, gk_error *err);

/* The keyed hash of a normalised ID number: 32 hex digits. */
void gk__keys_hash(const gk__keys *k, const char *id, char out[65]);
/* Seals a normalised ID number (at most GK__KEY_MAX bytes); uses the next
 * nonce of 'k'. */
gk_status gk__keys_seal(gk__keys *k, const char *id, gk__sealed *out,
                        gk_error *err);
/* Opens a sealed box into 'out'; false when it does not open. */
bool gk__keys_open(const gk__keys *k, const void *box, size_t len,
                   char out[GK__KEY_MAX + 1]);
/* One link of the audit chain: the keyed hash of the previous link, the
 * row id and the row's fields (NULL apart from ""). */
void gk__keys_chain(const gk__keys *k, const unsigned char prev[32],
                    int64_t id, const char *const fields[], size_t nfields,
                    unsigned char out[32]);

#endif /* GK_KEYS_H */
