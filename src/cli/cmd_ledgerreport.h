/* cmd_ledgerreport.h: what the report, record and case commands share
 * (cmd_record.c holds the helpers): opening the ledger named by --db as
 * --actor, dates, amounts, and mapping a failed call to an exit code. */
#ifndef GK_CMD_LEDGERREPORT_H
#define GK_CMD_LEDGERREPORT_H

#include "cli_common.h"

/* Opens the ledger 'db' as 'actor' (NULL: $USER).
 * On failure prints why and returns the exit code; 0 on success. */
int cli_lr_open(const char *cmd, const char *db, const char *actor,
                gk_ledger **out);
/* Prints a failed call ("gongkai: <what>: <message>") and returns its
 * exit code: 3 for out of memory, 2 otherwise. */
int cli_lr_fail(gk_status st, const gk_error *err);
/* Parses YYYY-MM-DD into YYYYMMDD; 0 on success. */
int cli_lr_date(const char *s, int32_t *out);
/* Parses a whole number >= 0; 0 on success. */
int cli_lr_count(const char *s, int64_t *out);
/* Parses an amount in 万元 with at most 4 decimals into GK_SCALE units. */
int cli_lr_amount(const char *s, int64_t *out);
/* Writes 'len' bytes to OUT (temporary file, then rename) or stdout when
 * 'path' is NULL or "-". Returns the exit code. */
int cli_lr_write(const char *path, const char *data, size_t len);

int cli_cmd_report(int argc, char **argv);
int cli_cmd_record(int argc, char **argv);
int cli_cmd_case(int argc, char **argv);

#endif /* GK_CMD_LEDGERREPORT_H */
