/* cli_output.c: every file a command writes (-o OUT, the user calendar).
 *
 * A regular file OUT (or none yet) is written to a temporary file beside
 * it, synced and renamed over it when complete, as curl saves its caches
 * (lib/altsvc.c, Curl_altsvc_save): an interrupted run never leaves half
 * a file. A new OUT gets mode 0666 less the umask, like any file the user
 * makes; a replaced one keeps its permission bits (an export of applicants
 * kept 0600 stays 0600).
 *
 * Anything else is never replaced by a regular file (issue 15 point 2: a
 * rename over /dev/null, a FIFO or /dev/stdout lost the output, exit 0):
 *   - a FIFO or character device (a terminal, /dev/null, /dev/full) is
 *     written through, as the shell's '>' would;
 *   - /dev/stdout and /dev/stderr are the process's own descriptors;
 *   - a symbolic link is followed only to a FIFO or character device;
 *     to a regular file, a directory or nothing it is refused (exit 2):
 *     replacing it would silently turn the link into a file, writing
 *     through it would lose the atomic rename, so the user names the
 *     target;
 *   - a directory, block device or socket is refused (exit 2). */
#include "cli_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* OUT exists and is not to be replaced: say why, exit 2. */
static int refuse(const char *path, const char *zh, const char *en) {
  cli_error(cli_tr("不写出 %s：%s", "not writing %s: %s"), path,
            cli_tr(zh, en));
  return CLI_EXIT_INPUT;
}

/* Opens a FIFO or character device OUT to write through it. */
static int open_through(cli_out *o, const char *path, int nofollow) {
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC |
                          (nofollow ? O_NOFOLLOW : 0));
  struct stat sb;
  if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
    close(fd); /* it changed under us: no silent overwrite in place */
    return refuse(path, "文件在检查后被替换", "the file changed while opened");
  }
  o->path = path;
  o->f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!o->f) {
    int e = errno;
    if (fd >= 0)
      close(fd);
    memset(o, 0, sizeof(*o));
    o->path = path;
    int rc = fail(o, e);
    memset(o, 0, sizeof(*o));
    return rc;
  }
  return CLI_EXIT_OK;
}

int cli_out_open(cli_out *o, const char *path) {
  memset(o, 0, sizeof(*o));
  if (!path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
    o->f = stdout;
    return CLI_EXIT_OK;
  }
  if (strcmp(path, "/dev/stderr") == 0) {
    o->f = stderr;
    return CLI_EXIT_OK;
  }
  struct stat sb;
  mode_t keep = 0; /* permission bits of the file replaced, 0: new */
  if (lstat(path, &sb) == 0) {
    if (S_ISLNK(sb.st_mode)) {
      struct stat tb;
      if (stat(path, &tb) == 0 && (S_ISFIFO(tb.st_mode) || S_ISCHR(tb.st_mode)))
        return open_through(o, path, 0);
      return refuse(path,
                    "它是符号链接，不会被替换为普通文件；请给出链接指向的路径",
                    "it is a symbolic link, which would be replaced by a "
                    "regular file; give the path it points to");
    }
    if (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode))
      return open_through(o, path, 1);
    if (S_ISDIR(sb.st_mode))
      return refuse(path, "它是目录", "it is a directory");
    if (!S_ISREG(sb.st_mode))
      return refuse(path, "它不是普通文件、FIFO 或字符设备",
                    "it is not a regular file, FIFO or character device");
    keep = sb.st_mode & 0777;
  } else if (errno != ENOENT) {
    o->path = path;
    int rc = fail(o, errno);
    memset(o, 0, sizeof(*o));
    return rc;
  }
  o->path = path;
  size_t n = strlen(path) + 32;
  o->tmp = malloc(n);
  if (!o->tmp)
    return fail(o, ENOMEM);
  int fd = -1;
  for (unsigned k = 0; fd < 0 && k < 100; k++) {
    snprintf(o->tmp, n, "%s.tmp%ld.%u", path, (long)getpid(), k);
    fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
              keep ? 0600 : 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd >= 0 && keep && fchmod(fd, keep) != 0) {
    int e = errno;
    close(fd);
    unlink(o->tmp);
    fd = -1;
    errno = e;
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
  } else if (o->f && o->f != stdout && o->f != stderr) {
    fclose(o->f);
  }
  memset(o, 0, sizeof(*o));
}

int cli_out_commit(cli_out *o) {
  if (!o->tmp) {
    /* stdout, stderr or written through: nothing to rename */
    int bad = fflush(o->f) != 0 || ferror(o->f);
    int e = errno;
    if (o->f != stdout && o->f != stderr)
      bad |= fclose(o->f) != 0;
    cli_out failed = *o;
    memset(o, 0, sizeof(*o));
    return bad ? fail(&failed, e ? e : EIO) : CLI_EXIT_OK;
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
