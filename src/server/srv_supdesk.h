/* srv_supdesk.h: what the two files of the supervisor desk share
 * (srv_supervisor.c: uploads and findings; srv_supmany.c: merge, compare,
 * similar, charts). docs/server.md "Supervisor desk". */
#ifndef GK_SRV_SUPDESK_H
#define GK_SRV_SUPDESK_H

#include "srv_core.h"

/* One stored upload, as the list shows it. */
typedef struct sup_row {
  int64_t id;
  char name[256];
  char format[16];
  bool readable;
  char agency[256];
  char agency_key[256];
  int year;
  char tpl[8];
  int64_t errors, warnings;
  int64_t fig[7]; /* received and the six outcome groups (sup_fig_labels) */
} sup_row;

/* The figures of the charts: applications received (apply.new.total) and
 * the outcomes' totals by group, their labels as the official table's. */
enum { SUP_NFIG = 7 };
extern const char *const sup_fig_labels[SUP_NFIG];

/* Calls 'fn' on every upload (ordered by agency, year, id); 'only_readable'
 * skips those that could not be read. Returns -1 on a database failure. */
int sup_each(srv_server *s, bool only_readable,
             int (*fn)(const sup_row *row, void *ud), void *ud);

/* Reads upload 'id' again from its stored bytes (the library's readers,
 * with the PDF limits) and checks it. NULL if it is gone or unreadable
 * ('err' says why). Free with gk_report_free(). */
gk_report *sup_load(srv_server *s, int64_t id, gk_error *err);

/* The desk's navigation, under the title of each of its pages. */
void sup_nav(srv_req *r);

#endif /* GK_SRV_SUPDESK_H */
