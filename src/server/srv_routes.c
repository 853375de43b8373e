/* srv_routes.c: every endpoint of gongkai serve in one table: method,
 * path, handler, the roles allowed (docs/server.md lists it; the access
 * matrix test tests/cli/test_serve_access.sh asserts every role × endpoint
 * × method against its own copy). A path with no route is 404, a route
 * with another method 405 (with Allow), a role not in 'roles' 403. */
#include "srv_core.h"

#define PUBLIC SRV_ANYONE
#define STAFF SRV_STAFF
#define ADMIN SRV_R(SRV_ROLE_ADMIN)
#define SUPERVISOR SRV_R(SRV_ROLE_SUPERVISOR)
#define TEMPLATES (SRV_R(SRV_ROLE_HEAD) | SRV_R(SRV_ROLE_ADMIN))

const srv_route srv_routes[] = {
    {"GET", "/", srv_get_home, PUBLIC},
    {"GET", "/static/style.css", srv_get_style, PUBLIC},
    /* public site (issue 12 item 2) */
    {"GET", "/guide", srv_get_guide, PUBLIC},
    {"GET", "/catalogue", srv_get_catalogue, PUBLIC},
    {"GET", "/catalogue/{}", srv_get_catalogue_item, PUBLIC},
    {"GET", "/reports", srv_get_reports, PUBLIC},
    {"GET", "/reports/{}", srv_get_report, PUBLIC},
    {"GET", "/reports/{}/original", srv_get_report_original, PUBLIC},
    {"GET", "/apply", srv_get_apply, PUBLIC},
    {"POST", "/apply", srv_post_apply, PUBLIC},
    {"GET", "/status", srv_get_status, PUBLIC},
    {"POST", "/status", srv_post_status, PUBLIC},
    /* accounts */
    {"GET", "/login", srv_get_login, PUBLIC},
    {"POST", "/login", srv_post_login, PUBLIC},
    {"POST", "/logout", srv_post_logout, SRV_LOGGED_IN},
    /* office console (item 3) */
    {"GET", "/office", srv_get_queue, STAFF},
    {"GET", "/office/app/{}", srv_get_app, STAFF},
    {"POST", "/office/app/{}/act", srv_post_app_act,
     SRV_R(SRV_ROLE_CLERK) | SRV_R(SRV_ROLE_HEAD)},
    {"GET", "/office/report", srv_get_office_report, STAFF},
    {"GET", "/office/report/explain", srv_get_office_explain, STAFF},
    {"GET", "/office/records", srv_get_records, STAFF},
    {"POST", "/office/records", srv_post_record,
     SRV_R(SRV_ROLE_CLERK) | SRV_R(SRV_ROLE_HEAD)},
    {"POST", "/office/records/{}/approve", srv_post_record_approve,
     SRV_R(SRV_ROLE_REVIEWER) | SRV_R(SRV_ROLE_HEAD)},
    /* supervisor desk (item 4; srv_supervisor.c, srv_supmany.c) */
    {"GET", "/supervisor", srv_get_sup_home, SUPERVISOR},
    {"POST", "/supervisor/upload", srv_post_sup_upload, SUPERVISOR},
    {"GET", "/supervisor/report/{}", srv_get_sup_report, SUPERVISOR},
    {"POST", "/supervisor/report/{}/delete", srv_post_sup_delete, SUPERVISOR},
    {"POST", "/supervisor/report/{}/replace", srv_post_sup_replace, SUPERVISOR},
    {"GET", "/supervisor/merge", srv_get_sup_merge, SUPERVISOR},
    {"GET", "/supervisor/merge/{}", srv_get_sup_merge_file, SUPERVISOR},
    {"GET", "/supervisor/compare", srv_get_sup_compare, SUPERVISOR},
    {"GET", "/supervisor/similar", srv_get_sup_similar, SUPERVISOR},
    {"GET", "/supervisor/charts", srv_get_sup_charts, SUPERVISOR},
    {"GET", "/static/echarts.min.js", srv_get_echarts, PUBLIC},
    {"GET", "/static/supervisor.js", srv_get_sup_js, PUBLIC},
    /* letters (issue 12 item 3): notice letters, void and revoke (the
     * head's), the reminders' page */
    {"GET", "/static/letter.css", srv_get_letter_css, PUBLIC},
    {"GET", "/office/app/{}/letter/{}", srv_get_letter, STAFF},
    {"POST", "/office/app/{}/void", srv_post_app_void, SRV_R(SRV_ROLE_HEAD)},
    {"POST", "/office/app/{}/revoke", srv_post_app_revoke,
     SRV_R(SRV_ROLE_HEAD)},
    {"GET", "/office/remind", srv_get_remind, STAFF},
    /* end letters */
    /* letter templates edited in the browser (srv_templates.c): the office
     * head's and the admin's */
    {"GET", "/office/letters", srv_get_templates, TEMPLATES},
    {"GET", "/office/letters/{}", srv_get_template, TEMPLATES},
    {"POST", "/office/letters/{}", srv_post_template, TEMPLATES},
    {"POST", "/office/letters/{}/reset", srv_post_template_reset, TEMPLATES},
    /* administration */
    {"GET", "/admin/users", srv_get_users, ADMIN},
};
const size_t srv_nroutes = sizeof(srv_routes) / sizeof(srv_routes[0]);
