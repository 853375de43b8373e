/* keys.c: the ledger's key and what it protects (issue 15 items 6 and 7,
 * PIPL 《个人信息保护法》 第五十一条: encryption, de-identification).
 *
 * One master key of 32 random bytes lives in a key file outside the
 * database (default "<db>.key", mode 0600, a file readable by group or
 * others is refused). Sub-keys are derived from it with libsodium's KDF
 * (BLAKE2b), one per purpose:
 *   1 box    seals ID numbers at rest (crypto_secretbox: XSalsa20-Poly1305,
 *            a random nonce per value)
 *   2 lookup the keyed hash of an ID number (BLAKE2b-128), stored for
 *            lookups (按件 counts one applicant's month by it) and the only
 *            form the audit log keeps
 *   3 chain  the audit log's chain: each row's keyed hash covers the
 *            previous row's
 *   4 check  a fingerprint stored in the ledger: a key file that is not
 *            this ledger's is refused
 * No cryptography is written here: libsodium does it all. */
#include "keys.h"

#include <sodium.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEADER "gongkai-ledger-key v1\n"
#define KDF_CONTEXT "gkledger" /* crypto_kdf_CONTEXTBYTES = 8 */

static void derive(gk__keys *k, const unsigned char master[32]) {
  crypto_kdf_derive_from_key(k->box, sizeof(k->box), 1, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key(k->lookup, sizeof(k->lookup), 2, KDF_CONTEXT,
                             master);
  crypto_kdf_derive_from_key(k->chain, sizeof(k->chain), 3, KDF_CONTEXT,
                             master);
  unsigned char check[32];
  crypto_kdf_derive_from_key(check, sizeof(check), 4, KDF_CONTEXT, master);
  sodium_bin2hex(k->check, sizeof(k->check), check, 16);
  sodium_memzero(check, sizeof(check));
  /* Nonces: a random 192-bit start per handle, then +1 per seal. Random
   * starts of two handles do not meet within any number of seals a ledger
   * makes, and one getrandom() per handle, not per ID number, is a tenth
   * of a sealed import's system time. */
  randombytes_buf(k->nonce, sizeof(k->nonce));
  k->loaded = true;
}

bool gk__keys_file_exists(const char *path) {
  struct stat sb;
  return lstat(path, &sb) == 0;
}

gk_status gk__keys_load(gk__keys *k, const char *path, gk_error *err) {
  if (sodium_init() < 0)
    return gk__fail(err, GK_E_KEY, 0, 0, -1, "无法初始化 libsodium",
                    "libsodium failed to initialise");
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    return gk__fail(err, GK_E_KEY, 0, 0, -1, "无法读取台账密钥文件 %s：%s",
                    "cannot read the ledger's key file %s: %s", path,
                    strerror(errno));
  struct stat sb;
  char buf[256];
  ssize_t n = -1;
  gk_status rc = GK_OK;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
    rc = gk__fail(err, GK_E_KEY, 0, 0, -1, "台账密钥文件 %s 不是普通文件",
                  "the ledger's key file %s is not a regular file", path);
  else if (sb.st_mode & 077)
    rc = gk__fail(err, GK_E_KEY, 0, 0, -1,
                  "台账密钥文件 %s 可被同组或其他用户读取，拒绝使用：请执行 "
                  "chmod 600",
                  "the ledger's key file %s is readable by group or others "
                  "and is refused: chmod 600 it",
                  path);
  else
    n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (rc)
    return rc;
  unsigned char master[32];
  size_t hl = strlen(KEY_HEADER), bin = 0;
  if (n < (ssize_t)(hl + 64) || memcmp(buf, KEY_HEADER, hl) != 0 ||
      sodium_hex2bin(master, sizeof(master), buf + hl, 64, NULL, &bin,
                     NULL) != 0 ||
      bin != sizeof(master)) {
    sodium_memzero(buf, sizeof(buf));
    return gk__fail(err, GK_E_KEY, 0, 0, -1, "%s 不是 gongkai 台账密钥文件",
                    "%s is not a gongkai ledger key file", path);
  }
  sodium_memzero(buf, sizeof(buf));
  derive(k, master);
  sodium_memzero(master, sizeof(master));
  return GK_OK;
}

gk_status gk__keys_create(gk__keys *k, const char *path, gk_error *err) {
  if (sodium_init() < 0)
    return gk__fail(err, GK_E_KEY, 0, 0, -1, "无法初始化 libsodium",
                    "libsodium failed to initialise");
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0)
    return gk__fail(err,
                    errno == ENOSPC   ? GK_E_NOSPACE
                    : errno == EROFS  ? GK_E_READONLY
                                      : GK_E_KEY,
                    0, 0, -1, "无法建立台账密钥文件 %s：%s",
                    "cannot create the ledger's key file %s: %s", path,
                    strerror(errno));
  unsigned char master[32];
  randombytes_buf(master, sizeof(master));
  char text[sizeof(KEY_HEADER) + 66];
  char hex[65];
  sodium_bin2hex(hex, sizeof(hex), master, sizeof(master));
  int len = snprintf(text, sizeof(text), "%s%s\n", KEY_HEADER, hex);
  sodium_memzero(hex, sizeof(hex));
  bool ok = write(fd, text, (size_t)len) == len && fsync(fd) == 0;
  int e = errno;
  sodium_memzero(text, sizeof(text));
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(path);
    sodium_memzero(master, sizeof(master));
    return gk__fail(err, e == ENOSPC ? GK_E_NOSPACE : GK_E_KEY, 0, 0, -1,
                    "无法写入台账密钥文件 %s：%s",
                    "cannot write the ledger's key file %s: %s", path,
                    strerror(e));
  }
  derive(k, master);
  sodium_memzero(master, sizeof(master));
  return GK_OK;
}

void gk__keys_wipe(gk__keys *k) { sodium_memzero(k, sizeof(*k)); }

void gk__keys_ephemeral(gk__keys *k) {
  unsigned char master[32];
  if (sodium_init() < 0)
    return; /* stays unloaded: GK_E_KEY where it is needed */
  randombytes_buf(master, sizeof(master));
  derive(k, master);
  sodium_memzero(master, sizeof(master));
}

gk_status gk__keys_need(const gk__keys *k, const char *path, gk_error *err) {
  if (k && k->loaded)
    return GK_OK;
  return gk__fail_param(err, GK_E_KEY, "key_file",
                        "缺少台账密钥文件 %s：修改台账和处理证件号码都需要它"
                        "（从与台账分开保存的备份恢复）",
                        "the ledger's key file %s is missing: changes and ID "
                        "numbers need it (restore it from the backup kept "
                        "apart from the ledger)",
                        path ? path : "");
}

/* === ID numbers === */

/* Lower-case hex of public bytes (a hash): no secret passes here, so the
 * constant-time sodium_bin2hex (800 instructions a hash, a tenth of a
 * sealed import's cost) is not needed. */
static void hex(char *out, const unsigned char *b, size_t n) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * n] = '\0';
}

/* 128 bits (BLAKE2b's own 16-byte output, not a cut): the index on it
 * stays small, and a collision among the applicants of one ledger
 * (2^-64 for 2^32 of them) does not happen. */
void gk__keys_hash(const gk__keys *k, const char *id, char out[65]) {
  unsigned char h[16];
  crypto_generichash(h, sizeof(h), (const unsigned char *)id, strlen(id),
                     k->lookup, sizeof(k->lookup));
  hex(out, h, sizeof(h));
}

gk_status gk__keys_seal(gk__keys *k, const char *id, gk__sealed *out,
                        gk_error *err) {
  size_t len = strlen(id);
  if (len > GK__KEY_MAX)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "申请人证件号码过长",
                    "the applicant key is too long");
  gk__keys_hash(k, id, out->hash);
  gk_id_mask(id, out->masked, sizeof(out->masked));
  unsigned char *nonce = out->box;
  sodium_increment(k->nonce, sizeof(k->nonce));
  memcpy(nonce, k->nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out->box + crypto_secretbox_NONCEBYTES,
                        (const unsigned char *)id, len, nonce, k->box);
  out->box_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
  return GK_OK;
}

bool gk__keys_open(const gk__keys *k, const void *box, size_t len,
                   char out[GK__KEY_MAX + 1]) {
  const unsigned char *b = box;
  size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (!k || !k->loaded || len < over || len - over > GK__KEY_MAX)
    return false;
  if (crypto_secretbox_open_easy((unsigned char *)out,
                                 b + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, b,
                                 k->box) != 0)
    return false;
  out[len - over] = '\0';
  return true;
}

/* === The audit chain === */

void gk__keys_chain(const gk__keys *k, const unsigned char prev[32],
                    int64_t id, const char *const fields[], size_t nfields,
                    unsigned char out[32]) {
  crypto_generichash_state s;
  crypto_generichash_init(&s, k->chain, sizeof(k->chain), 32);
  crypto_generichash_update(&s, prev, 32);
  unsigned char num[8];
  for (int i = 0; i < 8; i++)
    num[i] = (unsigned char)((uint64_t)id >> (8 * i));
  crypto_generichash_update(&s, num, sizeof(num));
  for (size_t f = 0; f < nfields; f++) {
    /* Length-prefixed, NULL apart from "": no two rows hash alike. */
    uint64_t l = fields[f] ? strlen(fields[f]) : UINT64_MAX;
    for (int i = 0; i < 8; i++)
      num[i] = (unsigned char)(l >> (8 * i));
    crypto_generichash_update(&s, num, sizeof(num));
    if (fields[f])
      crypto_generichash_update(&s, (const unsigned char *)fields[f],
                                strlen(fields[f]));
  }
  crypto_generichash_final(&s, out, 32);
}

/* === Masking (public) === */

size_t gk_id_mask(const char *id, char *out, size_t outsz) {
  /* Code points, so a full-width or Chinese character is one. */
  size_t cps = 0;
  for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p;
       p++)
    cps += (*p & 0xC0) != 0x80;
  size_t n = 0, cp = 0;
  bool shown = cps >= 11; /* at least 4 hidden: else hide it all */
#define PUT(ch)                                                                \
  do {                                                                         \
    if (n + 1 < outsz)                                                         \
      out[n] = (char)(ch);                                                     \
    n++;                                                                       \
  } while (0)
  for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p;) {
    size_t l = 1;
    while (p[l] && (p[l] & 0xC0) == 0x80)
      l++;
    if (shown && (cp < 3 || cp >= cps - 4))
      for (size_t i = 0; i < l; i++)
        PUT(p[i]);
    else
      PUT('*');
    p += l;
    cp++;
  }
#undef PUT
  if (outsz)
    out[n < outsz ? n : outsz - 1] = '\0';
  return n;
}
