/* actor.c: who acts, as one name per person (issue 15 item 8). The
 * four-eyes rule compares the drafter with the approver, and the audit
 * log names them: "alice", "Alice ", "ａｌｉｃｅ" and "ALICE" are one
 * person. Names are trimmed, their inner runs of white space made one
 * space, and mapped by Unicode's NFKC_Casefold (compatibility
 * decomposition, composition and full case folding, UAX #15 and
 * CaseFolding.txt) with ICU's normaliser: no table of our own. */
#include "ledger.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <string.h>

/* The longest actor name kept, in UTF-16 units (a name, a login). */
#define ACTOR_MAX 256

gk_status gk_actor_normalize(const char *actor, char *out, size_t outsz,
                             gk_error *err) {
  if (outsz)
    out[0] = '\0';
  if (!actor || !out)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  UChar src[ACTOR_MAX], norm[ACTOR_MAX * 4], trim[ACTOR_MAX * 4];
  int32_t n = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(src, ACTOR_MAX, &n, actor, -1, &ec);
  if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING)
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                    "操作人名称过长（最多 %d 个字符）",
                    "the actor's name is too long (at most %d characters)",
                    ACTOR_MAX - 1);
  if (U_FAILURE(ec))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "操作人名称不是 UTF-8 文本",
                    "the actor's name is not UTF-8 text");
  const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&ec);
  int32_t m = U_SUCCESS(ec) ? unorm2_normalize(nfkc_cf, src, n, norm,
                                               ACTOR_MAX * 4, &ec)
                            : 0;
  if (U_FAILURE(ec))
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                    "操作人名称过长（最多 %d 个字符）",
                    "the actor's name is too long (at most %d characters)",
                    ACTOR_MAX - 1);
  /* Trim both ends, one space for each inner run of white space. */
  int32_t t = 0;
  bool space = false;
  for (int32_t i = 0; i < m; i++) {
    if (u_isUWhiteSpace(norm[i])) {
      space = t > 0;
      continue;
    }
    if (space)
      trim[t++] = 0x20;
    space = false;
    trim[t++] = norm[i];
  }
  if (!t)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "操作人名称为空",
                    "the actor's name is empty");
  int32_t len = 0;
  u_strToUTF8(out, (int32_t)(outsz > INT32_MAX ? INT32_MAX : outsz), &len,
              trim, t, &ec);
  if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING ||
      (size_t)len >= outsz) {
    if (outsz)
      out[0] = '\0';
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1, "操作人名称过长",
                    "the actor's name is too long");
  }
  if (U_FAILURE(ec))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "操作人名称不是 UTF-8 文本",
                    "the actor's name is not UTF-8 text");
  return GK_OK;
}
