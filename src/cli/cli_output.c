/* cli_output.c: every file a command writes (-o OUT, the user calendar)
 * goes to a temporary file beside it, synced and renamed over it when
 * complete, as curl saves its caches (lib/altsvc.c, Curl_altsvc_save):
 * an interrupted run never leaves half a file. The temporary file is
 * created with mode 0666 less the umask, like any file the user makes. */
#include "cli_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const cli_out *o, int errnum) {
  if (o->path)
    cli_error(cli_tr("无法写出 %s：%s", "cannot write %s: %s"), o->path,
              strerror(errnum));
  else
    cli_error(cli_tr("无法写出到标准输出：%s", "cannot write to stdout: %s"),
              strerror(errnum));
  return CLI_EXIT_INTERNAL;
}

int cli_out_open(cli_out *o, const char *path) {
  memset(o, 0, sizeof(*o));
  if (!path || strcmp(path, "-") == 0) {
    o->f = stdout;
    return CLI_EXIT_OK;
  }
  o->path = path;
  size_t n = strlen(path) + 32;
  o->tmp = malloc(n);
  if (!o->tmp)
    return fail(o, ENOMEM);
  int fd = -1;
  for (unsigned k = 0; fd < 0 && k < 100; k++) {
    snprintf(o->tmp, n, "%s.tmp%ld.%u", path, (long)getpid(), k);
    fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  o->f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!o->f) {
    int e = errno;
    if (fd >= 0) {
      close(fd);
      unlink(o->tmp);
    }
    free(o->tmp);
    o->tmp = NULL;
    return fail(o, e);
  }
  return CLI_EXIT_OK;
}

int cli_out_sink(const char *data, size_t len, void *ud) {
  cli_out *o = ud;
  return !len || fwrite(data, 1, len, o->f) == len ? 0 : -1;
}

void cli_out_abort(cli_out *o) {
  if (o->tmp) {
    fclose(o->f);
    unlink(o->tmp);
    free(o->tmp);
  }
  memset(o, 0, sizeof(*o));
}

int cli_out_commit(cli_out *o) {
  if (!o->tmp) {
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    memset(o, 0, sizeof(*o));
    return bad ? fail(o, e) : CLI_EXIT_OK;
  }
  int bad = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
  bad |= fclose(o->f) != 0;
  if (!bad && rename(o->tmp, o->path) != 0)
    bad = 1;
  int e = bad && errno ? errno : EIO;
  if (bad)
    unlink(o->tmp);
  free(o->tmp);
  int rc = bad ? fail(o, e) : CLI_EXIT_OK;
  memset(o, 0, sizeof(*o));
  return rc;
}

int cli_out_write(const char *path, const char *data, size_t len) {
  cli_out o;
  int rc = cli_out_open(&o, path);
  if (rc)
    return rc;
  if (cli_out_sink(data, len, &o)) {
    int e = errno;
    cli_out failed = o;
    cli_out_abort(&o);
    return fail(&failed, e);
  }
  return cli_out_commit(&o);
}
