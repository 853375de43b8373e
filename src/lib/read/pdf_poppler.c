/* pdf_poppler.c: poppler-glib, run in a child process under limits
 * (issue 15 point 1), handing each page's text and character boxes to
 * pdf.c.
 *
 * Why a child: gongkai's own limits (characters, cells) act only on what
 * poppler hands back, and poppler first inflates every content stream
 * and builds its text model: a 96 KB PDF of repeated "(A) Tj" took
 * 1.4 GB and 2.5 s inside poppler, a 3 MB one was killed for memory. No
 * poppler-glib API bounds that, so poppler runs in a forked child:
 *   - RLIMIT_AS: the child's address space may grow by the memory limit
 *     plus slack (not under ASan, whose shadow reserves terabytes);
 *   - RLIMIT_CPU: the time limit in CPU seconds (SIGXCPU);
 *   - the parent polls the pipe with a wall-clock deadline and reads the
 *     child's resident size from /proc every tick: past the memory limit
 *     or the deadline it kills the child (SIGKILL). This holds under ASan
 *     too, and whatever poppler blocks on.
 * A limit that hits is GK_E_TOO_LARGE saying which one; a child that dies
 * otherwise (poppler crashed) is GK_E_CORRUPT. The child's stdin, stdout
 * and stderr are /dev/null (poppler prints syntax errors; the library
 * never prints) and it keeps no other descriptor of the parent's (a
 * sibling's pipe held open would hold off that sibling's end of file).
 *
 * The parent loads poppler (dlopen, once per process really: RTLD_NODELETE)
 * but never calls it: the child inherits the loaded library, so a fork
 * costs no relocation, and no thread of the parent can hold a glib lock
 * the child would need.
 *
 * The pipe carries frames: a header {u32 tag, u32 length} and the
 * payload. The parent trusts nothing in them (the child ran poppler on
 * hostile input): lengths are checked against the frame and the limits,
 * coordinates must be finite, text ends in a NUL.
 *   PAGE  f64 width, f64 height, u64 nrects, u64 textlen,
 *         nrects x {f64 x1, y1, x2, y2}, text (UTF-8), NUL
 *   FAIL  i32 status, char message[256], char message_en[256]
 *   DONE  i32 pages */
#define _GNU_SOURCE /* close_range (glibc 2.34), pipe2 */
#include "doc.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <poppler.h>

/* poppler-glib is loaded when the first PDF is read, not when gongkai
 * starts: linked in, its ~55 libraries (C++ poppler, cairo, glib, NSS...)
 * cost every command ~50 ms of loading and relocation, ten times the rest
 * of a `gongkai check` start. The headers still give the types; the
 * functions come through this table. RTLD_NODELETE: glib must never be
 * unloaded, so later loads only take a reference. */
#ifndef GK_POPPLER_GLIB_SONAME
#define GK_POPPLER_GLIB_SONAME "libpoppler-glib.so.8"
#endif

#if defined(__SANITIZE_ADDRESS__)
#define GK_NO_RLIMIT_AS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||    \
    __has_feature(thread_sanitizer)
#define GK_NO_RLIMIT_AS 1
#endif
#endif

#define AS_SLACK ((size_t)256 << 20) /* RLIMIT_AS over the memory limit: the
                                        /proc watch acts first */
#define TICK_MS 10 /* how often the parent looks at the child's size */
#define READ_CHUNK 65536

enum {
  TAG_PAGE = 0x45474150, /* "PAGE" */
  TAG_FAIL = 0x4c494146, /* "FAIL" */
  TAG_DONE = 0x454e4f44  /* "DONE" */
};
#define PAGE_HEAD 32 /* width, height, nrects, textlen */
#define FAIL_LEN (4 + 256 + 256)

typedef struct poppler_api {
  void *handle;
  GBytes *(*bytes_new_static)(gconstpointer data, gsize size);
  void (*bytes_unref)(GBytes *bytes);
  void (*free)(gpointer mem);
  void (*error_free)(GError *error);
  void (*object_unref)(gpointer object);
  GQuark (*error_quark)(void);
  PopplerDocument *(*document_new_from_bytes)(GBytes *bytes,
                                              const char *password,
                                              GError **error);
  int (*document_get_n_pages)(PopplerDocument *doc);
  PopplerPage *(*document_get_page)(PopplerDocument *doc, int index);
  char *(*page_get_text)(PopplerPage *page);
  void (*page_get_size)(PopplerPage *page, double *width, double *height);
  gboolean (*page_get_text_layout)(PopplerPage *page,
                                   PopplerRectangle **rectangles,
                                   guint *n_rectangles);
} poppler_api;

static gk_status poppler_load(poppler_api *api, gk_error *err) {
  memset(api, 0, sizeof(*api));
  api->handle =
      dlopen(GK_POPPLER_GLIB_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!api->handle)
    return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                    "读取 PDF 需要 poppler-glib 库（%s，Debian 软件包 "
                    "libpoppler-glib8）：%s",
                    "reading a PDF needs the poppler-glib library (%s, Debian "
                    "package libpoppler-glib8): %s",
                    GK_POPPLER_GLIB_SONAME, dlerror());
  /* POSIX's idiom for a function pointer from dlsym (XSH dlsym). */
  struct {
    void *field;
    const char *name;
  } sym[] = {
      {&api->bytes_new_static, "g_bytes_new_static"},
      {&api->bytes_unref, "g_bytes_unref"},
      {&api->free, "g_free"},
      {&api->error_free, "g_error_free"},
      {&api->object_unref, "g_object_unref"},
      {&api->error_quark, "poppler_error_quark"},
      {&api->document_new_from_bytes, "poppler_document_new_from_bytes"},
      {&api->document_get_n_pages, "poppler_document_get_n_pages"},
      {&api->document_get_page, "poppler_document_get_page"},
      {&api->page_get_text, "poppler_page_get_text"},
      {&api->page_get_size, "poppler_page_get_size"},
      {&api->page_get_text_layout, "poppler_page_get_text_layout"},
  };
  for (size_t i = 0; i < sizeof(sym) / sizeof(sym[0]); i++) {
    void *f = dlsym(api->handle, sym[i].name);
    if (!f) {
      dlclose(api->handle);
      api->handle = NULL;
      return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                      "poppler-glib 库缺少函数 %s",
                      "the poppler-glib library lacks %s", sym[i].name);
    }
    memcpy(sym[i].field, &f, sizeof(f));
  }
  return GK_OK;
}

/* === The child === */

/* Writes all of 'p' or ends the child (the parent has gone or killed it). */
static void put(int fd, const void *p, size_t n) {
  const char *s = p;
  while (n) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      _exit(3);
    s += w;
    n -= (size_t)w;
  }
}

static void put_head(int fd, uint32_t tag, uint64_t len) {
  if (len > UINT32_MAX)
    _exit(3); /* the parent refuses such a page anyway */
  uint32_t h[2] = {tag, (uint32_t)len};
  put(fd, h, sizeof(h));
}

static void put_fail(int fd, const gk_error *e) {
  char f[FAIL_LEN];
  int32_t st = (int32_t)e->code;
  memset(f, 0, sizeof(f));
  memcpy(f, &st, 4);
  memcpy(f + 4, e->message, 255);
  memcpy(f + 4 + 256, e->message_en, 255);
  put_head(fd, TAG_FAIL, sizeof(f));
  put(fd, f, sizeof(f));
}

static void open_failed(const poppler_api *api, gk_error *err,
                        const GError *ge) {
  if (ge && ge->domain == api->error_quark() &&
      ge->code == POPPLER_ERROR_ENCRYPTED)
    gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
             "PDF 已加密（需要密码），无法读取：请提供未加密的文件",
             "the PDF is encrypted (needs a password): provide an "
             "unencrypted file");
  else
    gk__fail(err, GK_E_CORRUPT, 0, 0, -1, "PDF 文件已损坏，无法打开（%s）",
             "the PDF is damaged and cannot be opened (%s)",
             ge && ge->message ? ge->message : "?");
}

/* One page: its text and the box of each of its characters. */
static void put_page(int fd, const poppler_api *api, PopplerPage *page) {
  char *text = api->page_get_text(page);
  PopplerRectangle *rects = NULL;
  guint nr = 0;
  double wh[2] = {0, 0};
  api->page_get_size(page, &wh[0], &wh[1]);
  if (!text)
    return;
  if (!api->page_get_text_layout(page, &rects, &nr)) {
    api->free(text);
    return;
  }
  uint64_t n[2] = {nr, strlen(text)};
  put_head(fd, TAG_PAGE, PAGE_HEAD + n[0] * 32 + n[1] + 1);
  put(fd, wh, sizeof(wh));
  put(fd, n, sizeof(n));
  for (guint i = 0; i < nr; i++) {
    double r[4] = {rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2};
    put(fd, r, sizeof(r));
  }
  put(fd, text, (size_t)n[1] + 1);
  api->free(rects);
  api->free(text);
}

/* Descriptors: 'fd' becomes 3, 0-2 are /dev/null, nothing else stays
 * open. Returns the pipe's descriptor. */
static int child_fds(int fd) {
  int nul = open("/dev/null", O_RDWR);
  if (fd < 3) {
    fd = fcntl(fd, F_DUPFD, 3);
    if (fd < 0)
      _exit(3);
  }
  if (nul >= 0) {
    dup2(nul, 0);
    dup2(nul, 1);
    dup2(nul, 2);
  }
  if (fd != 3) {
    if (dup2(fd, 3) < 0)
      _exit(3);
    fd = 3;
  }
  if (close_range(4, ~0u, 0) != 0) {
    long max = sysconf(_SC_OPEN_MAX);
    for (long i = 4; i < (max > 0 && max < 65536 ? max : 65536); i++)
      close((int)i);
  }
  return fd;
}

#ifndef GK_NO_RLIMIT_AS
/* Virtual size of this process in bytes (0 if unknown). */
static size_t vm_size(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (!f)
    return 0;
  if (fscanf(f, "%lu", &pages) != 1)
    pages = 0;
  fclose(f);
  return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}
#endif

static void child_limits(size_t memory, unsigned seconds) {
  struct rlimit rl;
  rl.rlim_cur = rl.rlim_max = 0;
  setrlimit(RLIMIT_CORE, &rl); /* SIGXCPU and abort dump no core */
  rl.rlim_cur = seconds;
  rl.rlim_max = (rlim_t)seconds + 1;
  setrlimit(RLIMIT_CPU, &rl);
#ifndef GK_NO_RLIMIT_AS
  size_t vm = vm_size();
  if (vm) {
    rl.rlim_cur = rl.rlim_max = vm + memory + AS_SLACK;
    setrlimit(RLIMIT_AS, &rl);
  }
#else
  (void)memory;
#endif
  /* a crash is the child's own: no handler of the parent's (a fuzzer's,
   * a sanitizer's) reports it as the parent's */
  int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGXCPU, SIGPIPE,
                SIGTERM, SIGINT};
  for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
    signal(sigs[i], SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_main(int fd, const poppler_api *api, const char *buf,
                       size_t len, size_t memory, unsigned seconds) {
  fd = child_fds(fd);
  child_limits(memory, seconds);
  gk_error e;
  gk_error_clear(&e);
  GError *ge = NULL;
  GBytes *bytes = api->bytes_new_static(buf, len);
  PopplerDocument *doc = api->document_new_from_bytes(bytes, NULL, &ge);
  int32_t np = 0;
  if (!doc) {
    open_failed(api, &e, ge);
    put_fail(fd, &e);
  } else {
    np = api->document_get_n_pages(doc);
    if (np <= 0) {
      gk__fail(&e, GK_E_CORRUPT, 0, 0, -1, "PDF 没有页面",
               "the PDF has no pages");
      put_fail(fd, &e);
    }
    for (int i = 0; i < np; i++) {
      PopplerPage *page = api->document_get_page(doc, i);
      if (!page)
        continue;
      put_page(fd, api, page);
      api->object_unref(page);
    }
    if (np > 0) {
      put_head(fd, TAG_DONE, 4);
      put(fd, &np, 4);
    }
    api->object_unref(doc);
  }
  if (ge)
    api->error_free(ge);
  api->bytes_unref(bytes);
  _exit(0);
}

/* === The parent === */

typedef struct run {
  pid_t pid;           /* the child, 0 once reaped */
  int fd;              /* read end of the pipe */
  gk__buf in;          /* bytes received, not yet a whole frame */
  size_t memory;       /* memory limit, bytes */
  unsigned seconds;    /* time limit */
  size_t base_rss;     /* the parent's resident size at the fork */
  size_t chars_left;   /* characters the child may still send */
  bool done;           /* DONE received */
  int32_t pages;       /* its page count */
  gk__pdf_page_fn fn;  /* pdf.c's page handler */
  void *ud;            /* its argument */
} run;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident size of process 'pid' in bytes (0 if unknown). */
static size_t rss_of(pid_t pid) {
  char path[48];
  snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  char s[128];
  ssize_t n = read(fd, s, sizeof(s) - 1);
  close(fd);
  if (n <= 0)
    return 0;
  s[n] = '\0';
  unsigned long size = 0, res = 0;
  if (sscanf(s, "%lu %lu", &size, &res) != 2)
    return 0;
  return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

static gk_status over_memory(const run *r, gk_error *err) {
  return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                  "读取 PDF 超出内存上限（%zu MiB）：内容流解压后过大"
                  "（解压炸弹？）",
                  "reading the PDF exceeds the memory limit (%zu MiB): its "
                  "content streams inflate too far (a decompression bomb?)",
                  r->memory >> 20);
}

static gk_status over_time(const run *r, gk_error *err) {
  return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                  "读取 PDF 超出时间上限（%u 秒）",
                  "reading the PDF exceeds the time limit (%u s)",
                  r->seconds);
}

static gk_status bad_frame(gk_error *err) {
  return gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                  "读取 PDF 的子进程送回的数据无效",
                  "the process reading the PDF sent back invalid data");
}

static gk_status too_much_text(const run *r, gk_error *err) {
  return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                  "PDF 文字过多（超过 %zu 个字符）",
                  "the PDF holds too much text (more than %zu characters)",
                  r->memory / 64);
}

static double finite_or_0(double v) { return isfinite(v) ? v : 0; }

/* One PAGE frame's payload: checked, then handed to pdf.c. */
static gk_status page_frame(run *r, char *p, size_t len, gk_error *err) {
  double wh[2];
  uint64_t n[2];
  if (len < PAGE_HEAD)
    return bad_frame(err);
  memcpy(wh, p, sizeof(wh));
  memcpy(n, p + 16, sizeof(n));
  if (n[0] > r->chars_left)
    return too_much_text(r, err);
  if (n[1] > len || n[0] * 32 > len - PAGE_HEAD - 1 ||
      PAGE_HEAD + n[0] * 32 + n[1] + 1 != len || p[len - 1] != '\0')
    return bad_frame(err);
  r->chars_left -= n[0];
  gk__pdf_page pg;
  pg.width = finite_or_0(wh[0]);
  pg.height = finite_or_0(wh[1]);
  pg.nrects = (size_t)n[0];
  /* the frame starts the buffer (8-aligned by malloc): boxes are aligned */
  pg.rects = (gk__pdf_rect *)(void *)(p + PAGE_HEAD);
  for (size_t i = 0; i < pg.nrects; i++) {
    gk__pdf_rect *b = (gk__pdf_rect *)(void *)(p + PAGE_HEAD + i * 32);
    b->x1 = finite_or_0(b->x1);
    b->y1 = finite_or_0(b->y1);
    b->x2 = finite_or_0(b->x2);
    b->y2 = finite_or_0(b->y2);
  }
  pg.text = p + PAGE_HEAD + n[0] * 32;
  pg.text_len = (size_t)n[1];
  return r->fn(&pg, r->ud);
}

/* Handles the whole frames at the start of r->in. */
static gk_status frames(run *r, gk_error *err) {
  size_t off = 0;
  gk_status st = GK_OK;
  while (!st && r->in.len - off >= 8) {
    uint32_t h[2];
    memcpy(h, r->in.data + off, 8);
    size_t len = h[1];
    /* checked before the frame is buffered: a length is what it claims */
    if (h[0] == TAG_PAGE && len > PAGE_HEAD + r->chars_left * 36 + 64)
      return too_much_text(r, err);
    if ((h[0] == TAG_FAIL && len != FAIL_LEN) ||
        (h[0] == TAG_DONE && len != 4) ||
        (h[0] != TAG_PAGE && h[0] != TAG_FAIL && h[0] != TAG_DONE))
      return bad_frame(err);
    if (r->in.len - off - 8 < len)
      break;
    if (off) { /* frames are handled from the buffer's start (aligned) */
      memmove(r->in.data, r->in.data + off, r->in.len - off);
      r->in.len -= off;
      off = 0;
    }
    char *p = r->in.data + 8;
    if (r->done)
      st = bad_frame(err);
    else if (h[0] == TAG_PAGE)
      st = page_frame(r, p, len, err);
    else if (h[0] == TAG_FAIL) {
      int32_t code;
      memcpy(&code, p, 4);
      p[4 + 255] = p[4 + 256 + 255] = '\0';
      st = code > 0 && code < GK_STATUS_LAST ? (gk_status)code : GK_E_CORRUPT;
      gk__fail(err, st, 0, 0, -1, "%s%.0s", "%.0s%s", p + 4, p + 4 + 256);
    } else {
      memcpy(&r->pages, p, 4);
      r->done = true;
    }
    off = 8 + len;
  }
  if (off) {
    memmove(r->in.data, r->in.data + off, r->in.len - off);
    r->in.len -= off;
  }
  return st;
}

/* Reads what the child sends until it ends, a limit hits or a frame
 * fails. */
static gk_status pump(run *r, gk_error *err) {
  char chunk[READ_CHUNK];
  double deadline = now_s() + r->seconds;
  for (;;) {
    double left = deadline - now_s();
    if (left <= 0)
      return over_time(r, err);
    int ms = left * 1000 < TICK_MS ? (int)(left * 1000) + 1 : TICK_MS;
    struct pollfd pf = {r->fd, POLLIN, 0};
    int k = poll(&pf, 1, ms);
    if (k < 0 && errno != EINTR)
      return gk__fail(err, GK_E_IO, 0, 0, -1, "读取 PDF 时出错：%s",
                      "reading the PDF failed: %s", strerror(errno));
    size_t rss = rss_of(r->pid);
    if (rss > r->base_rss && rss - r->base_rss > r->memory)
      return over_memory(r, err);
    if (k <= 0)
      continue;
    ssize_t n = read(r->fd, chunk, sizeof(chunk));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n < 0)
      return gk__fail(err, GK_E_IO, 0, 0, -1, "读取 PDF 时出错：%s",
                      "reading the PDF failed: %s", strerror(errno));
    if (n == 0)
      return GK_OK;
    if (gk__buf_add(&r->in, chunk, (size_t)n))
      return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "读取 PDF 时内存不足",
                      "out of memory while reading a PDF");
    gk_status st = frames(r, err);
    if (st)
      return st;
  }
}

/* Why a child that sent no DONE ended: 'status' from waitpid, 'maxrss'
 * its peak resident size. */
static gk_status died(const run *r, int status, size_t maxrss, gk_error *err) {
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
    return over_time(r, err);
  if (maxrss > r->base_rss && maxrss - r->base_rss >= r->memory / 2)
    return over_memory(r, err); /* an allocation failed under RLIMIT_AS */
  if (WIFSIGNALED(status))
    return gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                    "poppler 读取此 PDF 时崩溃（信号 %d）：文件已损坏",
                    "poppler crashed reading the PDF (signal %d): the file "
                    "is damaged",
                    WTERMSIG(status));
  return gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                  "poppler 读取此 PDF 时中止（退出码 %d）：文件已损坏",
                  "poppler stopped reading the PDF (exit code %d): the "
                  "file is damaged",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

gk_status gk__pdf_pages(const char *buf, size_t len, const gk_limits *lim,
                        const gk_alloc *alloc, gk__pdf_page_fn fn, void *ud,
                        int *pages, gk_error *err) {
  *pages = 0;
  poppler_api api;
  gk_status st = poppler_load(&api, err);
  if (st)
    return st;
  run r;
  memset(&r, 0, sizeof(r));
  r.memory = lim->max_pdf_memory;
  r.seconds = lim->max_pdf_seconds;
  r.chars_left = r.memory / 64; /* 36 bytes a character here, 40 in pdf.c */
  r.fn = fn;
  r.ud = ud;
  r.fd = -1;
  gk__buf_init(&r.in, alloc, 0);
  int p[2];
  if (pipe2(p, O_CLOEXEC)) {
    st = gk__fail(err, GK_E_IO, 0, 0, -1, "无法建立读取 PDF 的管道：%s",
                  "cannot make the pipe to read the PDF: %s", strerror(errno));
    goto out;
  }
  r.base_rss = rss_of(getpid());
  r.pid = fork();
  if (r.pid < 0) {
    st = gk__fail(err, errno == ENOMEM ? GK_E_NOMEM : GK_E_IO, 0, 0, -1,
                  "无法启动读取 PDF 的子进程：%s",
                  "cannot start the process that reads the PDF: %s",
                  strerror(errno));
    close(p[0]);
    close(p[1]);
    r.pid = 0;
    goto out;
  }
  if (r.pid == 0) {
    close(p[0]);
    child_main(p[1], &api, buf, len, r.memory, r.seconds);
  }
  close(p[1]);
  r.fd = p[0];
  st = pump(&r, err);
  if (st || !r.done)
    kill(r.pid, SIGKILL); /* stopped early, or it is ending anyway */
  int status = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof(ru));
  pid_t w;
  do
    w = wait4(r.pid, &status, 0, &ru);
  while (w < 0 && errno == EINTR);
  if (!st && !r.done) {
    if (w == r.pid)
      st = died(&r, status, (size_t)ru.ru_maxrss * 1024, err);
    else /* reaped elsewhere (SIGCHLD ignored): no status to tell */
      st = gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                    "poppler 读取此 PDF 时中止：文件已损坏",
                    "poppler stopped reading the PDF: the file is damaged");
  }
  if (!st)
    *pages = r.pages;
out:
  if (r.fd >= 0)
    close(r.fd);
  gk__buf_free(&r.in);
  dlclose(api.handle); /* a reference: RTLD_NODELETE keeps it loaded */
  return st;
}
