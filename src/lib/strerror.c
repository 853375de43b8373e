/* strerror.c: one sentence per gk_status, in Chinese and English side by
 * side. A switch without default, so -Wswitch breaks the build when a code
 * has no text (curl's reason). */
#include "gk_internal.h"

typedef struct sentence {
  const char *zh; /* Chinese */
  const char *en; /* English */
} sentence;

static sentence text(gk_status st) {
  switch (st) {
  case GK_OK:
    return (sentence){"成功", "success"};
  case GK_E_NOMEM:
    return (sentence){"内存不足", "out of memory"};
  case GK_E_IO:
    return (sentence){"无法读写文件", "cannot read or write the file"};
  case GK_E_TOO_LARGE:
    return (sentence){"输入超过限制", "input exceeds a limit"};
  case GK_E_ENCODING:
    return (sentence){"无法识别文本编码", "text encoding not recognised"};
  case GK_E_NOT_REPORT:
    return (sentence){
        "不是政府信息公开工作年度报告",
        "not an annual report on government information disclosure"};
  case GK_E_ARG:
    return (sentence){"参数无效", "invalid argument"};
  case GK_E_BINARY:
    return (sentence){"二进制文件，不是文本", "binary file, not text"};
  case GK_E_EMPTY:
    return (sentence){"文件为空", "empty file"};
  case GK_E_TRUNCATED:
    return (sentence){"报告不完整，在表格中间结束",
                      "the report is truncated in the middle of a table"};
  case GK_E_UNSUPPORTED:
    return (sentence){"不支持的文件格式", "unsupported file format"};
  case GK_E_CORRUPT:
    return (sentence){"文件已损坏或含不安全内容",
                      "the file is damaged or holds unsafe content"};
  case GK_E_DB:
    return (sentence){"台账数据库出错", "ledger database error"};
  case GK_E_STATE:
    return (sentence){"申请的当前状态不允许此操作",
                      "not allowed in the application's state"};
  case GK_E_NOT_FOUND:
    return (sentence){"找不到该申请", "no such application"};
  case GK_E_DENIED:
    return (sentence){"操作人无权进行此操作", "not allowed to this actor"};
  case GK_E_BUSY:
    return (sentence){"台账正被其他程序锁定", "the ledger is locked"};
  case GK_E_READONLY:
    return (sentence){"台账是只读的", "the ledger is read-only"};
  case GK_E_NOSPACE:
    return (sentence){"磁盘已满", "the disk is full"};
  case GK_E_KEY:
    return (sentence){"台账密钥文件缺失、不安全或不匹配",
                      "the ledger's key file is missing, unsafe or wrong"};
  case GK_E_TAMPERED:
    return (sentence){"审计日志被篡改", "the audit log was tampered with"};
  case GK_STATUS_LAST:
    break;
  }
  return (sentence){"未知错误", "unknown error"};
}

const char *gk_strerror(gk_status st, gk_lang lang) {
  sentence s = text(st);
  return lang == GK_LANG_EN ? s.en : s.zh;
}
