/* vocab.c: the ledger's vocabularies as data — the channels of
 * 第二十九条/第三十一条, the states of an application, the agency levels of
 * 第四十九条 — with their ids, labels and the names staff type
 * (gk_vocab, the enums of gongkai.h), the CHECK lists the store writes
 * into the schema, and an application as a value (copy, free). It is the
 * bottom of the ledger folder: the rules (app.c) and the store stand on
 * it and it calls neither, so no file calls back up (issue 14 item 2).
 * The actions, the state machine's transitions, stay with the rules. */
#include "ledger.h"

#include "../model/template.h"

#include <string.h>

/* Channels of 第二十九条/第三十一条 and how each fixes the day of receipt:
 * the day it is submitted or signed for; ordinary mail, the day it arrives
 * (the office must confirm with the applicant that very day, so a later
 * confirmation does not move it); online and fax, the day both sides
 * confirm. */
static const struct {
  const char *id;
  int receipt;                /* BY_* */
  const char *label;          /* as 第三十一条 says it */
  const char *const *aliases; /* short forms staff type, NULL-terminated */
} channels[] = {
    {"in_person", GK__BY_ARRIVAL, "当面提交", (const char *const[]){"当面", NULL}},
    {"registered_mail", GK__BY_ARRIVAL, "挂号邮寄",
     (const char *const[]){"挂号信", "挂号", "邮政挂号信", NULL}},
    {"ordinary_mail", GK__BY_ARRIVAL_CONFIRMED, "平常信函",
     (const char *const[]){"平信", "信函", NULL}},
    {"online", GK__BY_CONFIRMATION, "互联网",
     (const char *const[]){"网络", "网上", "在线", "互联网渠道", NULL}},
    {"fax", GK__BY_CONFIRMATION, "传真", (const char *const[]){NULL}},
};
#define NCHANNELS (sizeof(channels) / sizeof(channels[0]))

/* States: gk_app_state (gongkai.h) names them; this table is their data.
 * 'open': no outcome yet; 'paused': the reply period does not run
 * (第三十条 补正, 第三十二条/第三十四条 consultation, 109号 fee). */
#define NSTATES GK__APP_NSTATES
static const struct {
  const char *id;
  bool open;
  const char *label; /* shown in Chinese output, accepted as the id */
} states[NSTATES] = {
    [GK_APP_REGISTERED] = {"registered", true, "办理中"},
    [GK_APP_CORRECTION_REQUESTED] = {"correction_requested", true, "待补正"},
    [GK_APP_CONSULTING] = {"consulting", true, "征求意见中"},
    [GK_APP_FEE_PENDING] = {"fee_pending", true, "待缴费"},
    [GK_APP_ANSWERED] = {"answered", false, "已答复"},
    [GK_APP_ABANDONED] = {"abandoned", false, "视为放弃"},
    [GK_APP_WITHDRAWN] = {"withdrawn", false, "已撤回"},
};

/* Agency levels (条例 第四十九条): the report is due by MMDD of the next
 * year: people's governments at county level and above 31 March, their
 * departments (and townships) 31 January. */
static const struct {
  const char *id;
  const char *label;
  const char *const *aliases;
  int due_mmdd;
} levels[] = {
    {"county_gov_or_above", "县级以上人民政府",
     (const char *const[]){"县级以上政府", NULL}, 331},
    {"department", "政府部门",
     (const char *const[]){"部门", "乡镇人民政府", NULL}, 131},
};
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))
/* === Lookups === */

static const gk_template *newest(void) {
  size_t i = 0;
  while (gk__templates[i + 1])
    i++;
  return gk__templates[i];
}

int gk__app_state_index(const char *s) {
  s = gk_vocab_find(GK_VOCAB_STATE, s);
  for (int i = 0; s && i < NSTATES; i++)
    if (strcmp(states[i].id, s) == 0)
      return i;
  return -1;
}

bool gk__app_state_open(const char *s) {
  int i = gk__app_state_index(s);
  return i >= 0 && states[i].open;
}

int gk__app_channel_index(const char *s) {
  s = gk_vocab_find(GK_VOCAB_CHANNEL, s);
  for (size_t i = 0; s && i < NCHANNELS; i++)
    if (strcmp(channels[i].id, s) == 0)
      return (int)i;
  return -1;
}

/* Applicant types are the apply table's columns but its sum column. */
bool gk__app_applicant_type_valid(const char *s) {
  s = gk_vocab_find(GK_VOCAB_APPLICANT_TYPE, s);
  const gk_template *tpl = newest();
  const gk_colset *cs = tpl->tables[GK_T_APPLY].rows[0].colset;
  for (size_t c = 0; s && c < cs->ncols; c++)
    if ((int)c != cs->sum_col && strcmp(cs->cols[c].id, s) == 0)
      return true;
  return false;
}

bool gk__app_outcome_valid(const char *outcome) {
  outcome = gk_vocab_find(GK_VOCAB_OUTCOME, outcome);
  const gk_template *tpl = newest();
  const gk_table_def *t = &tpl->tables[GK_T_APPLY];
  for (size_t r = 0; outcome && r < t->nrows; r++)
    if (t->rows[r].role == GK_ROLE_OUTCOME &&
        strcmp(t->rows[r].id, outcome) == 0)
      return true;
  return false;
}

/* === Ids and their Chinese labels (issue 11 item 11) ===
 * Applicant types and outcomes are the 2021 template's columns and rows
 * (their labels without the numbering, "（一）予以公开" shown 予以公开);
 * channels, states and levels are the tables above. A name is found by
 * id, by label (with or without its numbering), by a label variant of the
 * template or by an alias. */

/* The label without its printed numbering: "（一）", "1.", "一、". */
static const char *unnumbered(const char *s) {
  if (strncmp(s, "（", 3) == 0) {
    const char *e = strstr(s, "）");
    if (e && e - s <= 15)
      return e + 3;
  }
  const char *p = s;
  while (*p >= '0' && *p <= '9')
    p++;
  if (p > s && *p == '.')
    return p + 1;
  if (p > s && (strncmp(p, "．", 3) == 0 || strncmp(p, "、", 3) == 0))
    return p + 3;
  static const char numerals[] = "一二三四五六七八九十";
  for (size_t i = 0; i + 3 <= sizeof(numerals) - 1; i += 3)
    if (strncmp(s, numerals + i, 3) == 0 && strncmp(s + 3, "、", 3) == 0)
      return s + 6;
  return s;
}

/* The applicant-type columns (not the sum) or outcome rows of the newest
 * template: 'i'th id and label, false past the end. */
static bool tpl_entry(gk_vocab v, size_t i, const char **id, const char **label,
                      const char *const **variants) {
  const gk_template *tpl = newest();
  const gk_table_def *t = &tpl->tables[GK_T_APPLY];
  size_t k = 0;
  if (v == GK_VOCAB_APPLICANT_TYPE) {
    const gk_colset *cs = t->rows[0].colset;
    for (size_t c = 0; c < cs->ncols; c++)
      if ((int)c != cs->sum_col && k++ == i) {
        *id = cs->cols[c].id;
        *label = cs->cols[c].label;
        *variants = cs->cols[c].variants;
        return true;
      }
    return false;
  }
  for (size_t r = 0; r < t->nrows; r++)
    if (t->rows[r].role == GK_ROLE_OUTCOME && k++ == i) {
      *id = t->rows[r].id;
      *label = t->rows[r].label;
      *variants = t->rows[r].variants;
      return true;
    }
  return false;
}

/* Entry 'i' of vocabulary 'v': id, official label, other names. */
static bool vocab_entry(gk_vocab v, size_t i, const char **id,
                        const char **label, const char *const **aliases,
                        const char *const **variants) {
  *aliases = NULL;
  *variants = NULL;
  switch (v) {
  case GK_VOCAB_APPLICANT_TYPE:
  case GK_VOCAB_OUTCOME:
    return tpl_entry(v, i, id, label, variants);
  case GK_VOCAB_CHANNEL:
    if (i >= NCHANNELS)
      return false;
    *id = channels[i].id;
    *label = channels[i].label;
    *aliases = channels[i].aliases;
    return true;
  case GK_VOCAB_STATE:
    if (i >= NSTATES)
      return false;
    *id = states[i].id;
    *label = states[i].label;
    return true;
  case GK_VOCAB_LEVEL:
    if (i >= NLEVELS)
      return false;
    *id = levels[i].id;
    *label = levels[i].label;
    *aliases = levels[i].aliases;
    return true;
  }
  return false;
}

size_t gk_vocab_count(gk_vocab v) {
  const char *id, *label;
  const char *const *al, *const *va;
  size_t n = 0;
  while (vocab_entry(v, n, &id, &label, &al, &va))
    n++;
  return n;
}

const char *gk_vocab_id(gk_vocab v, size_t i) {
  const char *id, *label;
  const char *const *al, *const *va;
  return vocab_entry(v, i, &id, &label, &al, &va) ? id : NULL;
}

const char *gk_vocab_label(gk_vocab v, const char *id) {
  const char *eid, *label;
  const char *const *al, *const *va;
  for (size_t i = 0; id && vocab_entry(v, i, &eid, &label, &al, &va); i++)
    if (strcmp(eid, id) == 0) {
      /* A variant that is the label's beginning is its short form:
       * （二）部分公开 for the row whose label goes on with （区分处理的…）. */
      const char *l = unnumbered(label);
      for (size_t k = 0; va && va[k]; k++) {
        const char *s = unnumbered(va[k]);
        if (strlen(s) < strlen(l) && strncmp(l, s, strlen(s)) == 0)
          l = s;
      }
      return l;
    }
  return NULL;
}

const char *gk_vocab_find(gk_vocab v, const char *name) {
  const char *id, *label;
  const char *const *al, *const *va;
  if (!name || !*name)
    return NULL;
  for (size_t i = 0; vocab_entry(v, i, &id, &label, &al, &va); i++)
    if (strcmp(id, name) == 0)
      return id;
  for (size_t i = 0; vocab_entry(v, i, &id, &label, &al, &va); i++) {
    if (strcmp(label, name) == 0 || strcmp(unnumbered(label), name) == 0)
      return id;
    for (size_t k = 0; al && al[k]; k++)
      if (strcmp(al[k], name) == 0)
        return id;
    for (size_t k = 0; va && va[k]; k++)
      if (strcmp(va[k], name) == 0 || strcmp(unnumbered(va[k]), name) == 0)
        return id;
  }
  return NULL;
}

int gk__app_level_due(const char *level) {
  level = gk_vocab_find(GK_VOCAB_LEVEL, level);
  for (size_t i = 0; level && i < NLEVELS; i++)
    if (strcmp(levels[i].id, level) == 0)
      return levels[i].due_mmdd;
  return 0;
}

/* The enums of gongkai.h: each value indexes its table above. */

size_t gk_app_state_count(void) { return NSTATES; }
const char *gk_app_state_name(gk_app_state s) {
  return (int)s >= 0 && (int)s < NSTATES ? states[s].id : NULL;
}
const char *gk_app_state_label(gk_app_state s) {
  return (int)s >= 0 && (int)s < NSTATES ? states[s].label : NULL;
}
int gk_app_state_from_name(const char *name) {
  return gk__app_state_index(name);
}
int gk_app_state_is_open(gk_app_state s) {
  return (int)s >= 0 && (int)s < NSTATES && states[s].open;
}

const char *gk_channel_name(gk_channel c) {
  return (size_t)c < NCHANNELS ? channels[c].id : NULL;
}
const char *gk_channel_label(gk_channel c) {
  return (size_t)c < NCHANNELS ? channels[c].label : NULL;
}
int gk_channel_from_name(const char *name) {
  return gk__app_channel_index(name);
}

const char *gk_level_name(gk_level l) {
  return (size_t)l < NLEVELS ? levels[l].id : NULL;
}
const char *gk_level_label(gk_level l) {
  return (size_t)l < NLEVELS ? levels[l].label : NULL;
}
int gk_level_from_name(const char *name) {
  name = gk_vocab_find(GK_VOCAB_LEVEL, name);
  for (size_t i = 0; name && i < NLEVELS; i++)
    if (strcmp(levels[i].id, name) == 0)
      return (int)i;
  return -1;
}

void gk__app_list_each(int which, void (*fn)(const char *id, void *ud),
                       void *ud) {
  const gk_template *tpl = newest();
  const gk_table_def *t = &tpl->tables[GK_T_APPLY];
  const gk_colset *cs = t->rows[0].colset;
  switch (which) {
  case GK__LIST_APPLICANT:
    for (size_t c = 0; c < cs->ncols; c++)
      if ((int)c != cs->sum_col)
        fn(cs->cols[c].id, ud);
    break;
  case GK__LIST_CHANNEL:
    for (size_t c = 0; c < NCHANNELS; c++)
      fn(channels[c].id, ud);
    break;
  case GK__LIST_STATE:
    for (size_t s = 0; s < NSTATES; s++)
      fn(states[s].id, ud);
    break;
  default:
    for (size_t r = 0; r < t->nrows; r++)
      if (t->rows[r].role == GK_ROLE_OUTCOME)
        fn(t->rows[r].id, ud);
    break;
  }
}

/* === Applications as values === */

void gk_app_free(const gk_ledger *led, gk_app *app) {
  if (!app)
    return;
  const gk_alloc *a = led ? &led->alloc : NULL;
  char **s[] = {&app->ref,
                &app->applicant_type,
                &app->applicant_name,
                &app->contact,
                &app->channel,
                &app->description,
                &app->state,
                &app->outcome,
                &app->basis,
                &app->applicant_key,
                &app->applicant_key_hash,
                &app->void_reason};
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
    gk__free(a, *s[i]);
  gk__free(a, app);
}

gk_app *gk__app_dup(const gk_alloc *a, const gk_app *src) {
  gk_app *d = gk__calloc(a, 1, sizeof(*d));
  if (!d)
    return NULL;
  *d = *src;
  char **s[] = {&d->ref,
                &d->applicant_type,
                &d->applicant_name,
                &d->contact,
                &d->channel,
                &d->description,
                &d->state,
                &d->outcome,
                &d->basis,
                &d->applicant_key,
                &d->applicant_key_hash,
                &d->void_reason};
  bool bad = false;
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
    if (*s[i] && !bad) {
      *s[i] = gk__strdup(a, *s[i]);
      bad = !*s[i];
    } else
      *s[i] = NULL;
  }
  if (bad) {
    for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
      gk__free(a, *s[i]);
    gk__free(a, d);
    return NULL;
  }
  return d;
}

int gk__channel_receipt(int ch) {
  return ch >= 0 && (size_t)ch < NCHANNELS ? channels[ch].receipt : -1;
}
