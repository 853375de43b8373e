/* ledger.h: what the ledger's files share (internal). The ledger keeps one
 * agency's applications (条例 第二十七条–第四十五条, spec/law.md) in a store
 * (store.h); app.c holds the rules (receipt day, states and transitions,
 * due dates), csv.c import and export, ledger.c the public handle. */
#ifndef GK_LEDGER_H
#define GK_LEDGER_H

#include "gk_internal.h"

#include <stdbool.h>

typedef struct gk__store gk__store;

struct gk_ledger {
  gk_alloc alloc;   /* every allocation of the ledger */
  gk__store *store; /* the database (store.h) */
  char *actor;      /* who makes the changes (audit log) */
  char *agency;     /* meta: the agency's name */
  char *level;      /* meta: county_gov_or_above | department */
  int version;      /* schema version after migrations */
  gk_calendar *cal; /* built-in notices + the ledger's (calendar_notices) */
  int32_t today;    /* gk_ledger_opts.today: a fixed "today", 0: the clock */
  struct gk__keys *keys; /* the key file's keys (keys.h), wiped at free */
  char *key_path;   /* the key file */
};

/* MMDD of the year after the report's by which the agency's annual report
 * is due (条例 第四十九条), from the level chosen at creation; 0 if the
 * level is unknown. */
int gk__ledger_report_due(const gk_ledger *led);

/* === Dates (ledger/date.c) ===
 * Dates are YYYYMMDD integers inside, ISO 'YYYY-MM-DD' text in the store. */
/* Parses 'YYYY-MM-DD' (exactly) into '*out'; false if not a valid date. */
bool gk__iso_parse(const char *s, size_t len, int32_t *out);
/* Writes 'YYYY-MM-DD' and a NUL into 'out' (>= 11 bytes). */
void gk__iso_format(int32_t d, char *out);
/* "YYYY-MM-DD" from YYYYMMDD into out[11]; false if not a valid date. */
bool gk__iso_date(char out[11], int32_t yyyymmdd);
/* Today: the ledger's fixed day (gk_ledger_opts.today), else the date in
 * China (Asia/Shanghai, UTC+8 all year since 1991), whatever the server's
 * time zone: the law's days are China's days. */
int32_t gk__today(const gk_ledger *led);
/* Now as 'YYYY-MM-DDTHH:MM:SSZ' (UTC) into 'out' (>= 21 bytes). */
void gk__now_iso(char *out);

/* === Working days (ledger/due.c) ===
 * Thin layer over the deadline calendar (src/lib/deadline). */
/* The 'n'th working day after 'from' (day 1 is the next working day). */
gk_status gk__wd_add(gk_ledger *led, int32_t from, int n, int32_t *out,
                     gk_error *err);
/* gk_deadline_after() on the ledger's calendar. */
gk_status gk__deadline(gk_ledger *led, int32_t start, int days,
                       const gk_pause *pauses, size_t npauses, int32_t *due,
                       gk_error *err);
/* True if a due date counted from 'from' to 'due' crosses a year counted
 * provisionally (no notice yet). */
bool gk__due_provisional(const gk_ledger *led, int32_t from, int32_t due);
/* Sets the derived fields of 'app' (gk_app: due_provisional, late; with
 * 'detail' also excluded_days, which reads the events). */
gk_status gk__app_derive(gk_ledger *led, gk_app *app, bool detail,
                         gk_error *err);
/* The reply period's end with every finished pause, in any state (the
 * extension letter's date; ledger/letter.c). */
gk_status gk__app_reply_due(gk_ledger *led, const gk_app *app, int32_t *out,
                            gk_error *err);
/* (Re)builds led->cal: the built-in notices plus the stored ones. */
gk_status gk__calendar_load(gk_ledger *led, gk_error *err);

/* === Rules (ledger/app.c) === */
/* Index of a state / channel / applicant type by name, -1 if unknown. */
/* vocab.c: how a channel fixes the day of receipt (第三十一条): the day
 * it is submitted or signed for; ordinary mail, the day it arrives (the
 * office confirms that very day); online and fax, the day both sides
 * confirm. gk__channel_receipt gives one of these for a channel index, -1
 * out of range. */
enum { GK__BY_ARRIVAL = 0, GK__BY_ARRIVAL_CONFIRMED, GK__BY_CONFIRMATION };
int gk__channel_receipt(int ch);
/* The number of states (gk_app_state's values are 0 to this - 1). */
#define GK__APP_NSTATES ((int)GK_APP_WITHDRAWN + 1)

int gk__app_state_index(const char *s);
bool gk__app_state_open(const char *s);
int gk__app_channel_index(const char *s);
bool gk__app_applicant_type_valid(const char *s);
/* True if 'outcome' is an outcome row of the newest apply table. */
bool gk__app_outcome_valid(const char *outcome);
/* The due date of an open application in its state (docs/ledger.md). */
gk_status gk__app_due(gk_ledger *led, const gk_app *app, gk_error *err,
                      int32_t *out);

/* The values the schema's CHECK of a column allows, from the data tables
 * (never written twice): fn(id, ud) for each (the store writes the SQL). */
void gk__app_list_each(int which, void (*fn)(const char *id, void *ud),
                       void *ud);
enum { GK__LIST_APPLICANT = 0, GK__LIST_CHANNEL, GK__LIST_STATE,
       GK__LIST_OUTCOME };

/* MMDD of the next year the report of an agency at 'level' (an id or a
 * label) is due (第四十九条); 0 for an unknown level. */
int gk__app_level_due(const char *level);

/* The applicant's identity (按件 counts per applicant): longest stored key.
 * An identity document number or a 统一社会信用代码 is 18 characters. */
#define GK__KEY_MAX 64
/* Checks and normalises 'key' (gk_app_applicant_key) into 'out'; NULL or
 * a key of blanks gives "" (none). GK_E_ARG: not UTF-8, or too long. */
gk_status gk__app_applicant_key(const char *key, char out[GK__KEY_MAX + 1],
                                gk_error *err);

/* Checks a history-less application (CSV import) against the state
 * machine's rules and derives the due date of an open one (app.c). On
 * GK_E_ARG '*field' says which column is wrong (GK__F_*). */
enum { GK__F_STATE = 0, GK__F_OUTCOME, GK__F_CLOSED, GK__F_BASIS, GK__F_DUE,
       GK__F_CORRECTIONS, GK__F_EXTENDED, GK__F_PERIOD };
gk_status gk__app_check_standing(gk_ledger *led, gk_app *a, int *field,
                                 gk_error *err);

/* Copies an application (deep); NULL on OOM. */
gk_app *gk__app_dup(const gk_alloc *a, const gk_app *src);

#endif /* GK_LEDGER_H */
