/* cli_writers.c: the output formats of the commands that write a report
 * (export, report): one table, so a new writer is one more row here and
 * every such command takes it. */
#include "cli_common.h"

#include <string.h>

static gk_status write_csv(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                           void *ud, gk_error *err) {
  (void)lang;
  return gk_write_csv(rep, 1, fn, ud, err);
}

/* The whole report as text, readable again by gongkai check. */
static gk_status write_text(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                            void *ud, gk_error *err) {
  (void)lang;
  return gk_write_report_text(rep, fn, ud, err);
}

static const cli_writer writers[] = {
    {"docx", gk_write_docx}, /* the official layout */
    {"xlsx", gk_write_xlsx}, /* a sheet per table */
    {"json", gk_write_json}, /* what parse prints */
    {"csv", write_csv},      /* the long form, with its header */
    {"html", gk_write_html}, /* one printable page, official layout */
    {"md", gk_write_md},     /* Markdown, pipe tables */
    {"text", write_text},    /* the report as plain text */
};
#define NWRITERS (sizeof(writers) / sizeof(writers[0]))

const cli_writer *cli_writer_find(const char *name) {
  for (size_t i = 0; i < NWRITERS; i++)
    if (strcmp(name, writers[i].name) == 0)
      return &writers[i];
  return NULL;
}

const cli_writer *cli_writers(size_t *n) {
  *n = NWRITERS;
  return writers;
}
