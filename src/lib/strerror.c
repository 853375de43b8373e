/* strerror.c: one sentence per gk_status. A switch without default, so
 * -Wswitch breaks the build when a code has no text (curl's reason). */
#include "gk_internal.h"

static const char *zh(gk_status st) {
  switch (st) {
  case GK_OK:
    return "成功";
  case GK_E_NOMEM:
    return "内存不足";
  case GK_E_IO:
    return "无法读写文件";
  case GK_E_TOO_LARGE:
    return "输入超过限制";
  case GK_E_ENCODING:
    return "无法识别文本编码";
  case GK_E_NOT_REPORT:
    return "不是政府信息公开工作年度报告";
  case GK_E_ARG:
    return "参数无效";
  case GK_E_BINARY:
    return "二进制文件，不是文本";
  case GK_E_EMPTY:
    return "文件为空";
  case GK_E_TRUNCATED:
    return "报告不完整，在表格中间结束";
  case GK_E_UNSUPPORTED:
    return "不支持的文件格式";
  case GK_E_CORRUPT:
    return "文件已损坏或含不安全内容";
  case GK_STATUS_LAST:
    break;
  }
  return "未知错误";
}

static const char *en(gk_status st) {
  switch (st) {
  case GK_OK:
    return "success";
  case GK_E_NOMEM:
    return "out of memory";
  case GK_E_IO:
    return "cannot read or write the file";
  case GK_E_TOO_LARGE:
    return "input exceeds a limit";
  case GK_E_ENCODING:
    return "text encoding not recognised";
  case GK_E_NOT_REPORT:
    return "not an annual report on government information disclosure";
  case GK_E_ARG:
    return "invalid argument";
  case GK_E_BINARY:
    return "binary file, not text";
  case GK_E_EMPTY:
    return "empty file";
  case GK_E_TRUNCATED:
    return "the report is truncated in the middle of a table";
  case GK_E_UNSUPPORTED:
    return "unsupported file format";
  case GK_E_CORRUPT:
    return "the file is damaged or holds unsafe content";
  case GK_STATUS_LAST:
    break;
  }
  return "unknown error";
}

const char *gk_strerror(gk_status st, gk_lang lang) {
  return lang == GK_LANG_EN ? en(st) : zh(st);
}
