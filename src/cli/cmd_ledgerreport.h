/* cmd_ledgerreport.h: the commands on the ledger's report inputs and the
 * report itself (cmd_report.c, cmd_record.c, cmd_case.c); they open the
 * ledger and report failures as the ledger commands do (cli_ledger.h). */
#ifndef GK_CMD_LEDGERREPORT_H
#define GK_CMD_LEDGERREPORT_H

#include "cli_ledger.h"

int cli_cmd_report(int argc, char **argv);
int cli_cmd_record(int argc, char **argv);
int cli_cmd_case(int argc, char **argv);

#endif /* GK_CMD_LEDGERREPORT_H */
