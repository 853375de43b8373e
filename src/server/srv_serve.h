/* srv_serve.h: the one entry of the server the CLI's command table sees
 * (src/cli/main.c): gongkai serve [user add|setting set|catalogue sync]. */
#ifndef GK_SRV_SERVE_H
#define GK_SRV_SERVE_H

int srv_cmd_serve(int argc, char **argv);

#endif /* GK_SRV_SERVE_H */
