/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the jinglectl subcommands share: the global options, the bus
 * connection and the generated proxies they talk through, the exit
 * statuses, and the output helpers (text and JSON).
 */
#pragma once

#include <gio/gio.h>

#include "jd-dbus-error.h"
#include "jd-dbus-generated.h"

G_BEGIN_DECLS

/* The exit statuses of jinglectl (the D-Bus API contract). */
typedef enum {
  JD_CTL_EXIT_OK = 0,
  JD_CTL_EXIT_ERROR = 1,       /* the daemon answered with an error */
  JD_CTL_EXIT_USAGE = 2,       /* bad arguments */
  JD_CTL_EXIT_UNREACHABLE = 3, /* no bus, or nobody owns im.jingled */
  JD_CTL_EXIT_CALL_FAILED = 4, /* --wait: the call ended with a failure reason */
} JdCtlExit;

typedef struct {
  /* Global options. */
  gboolean system_bus;
  gboolean session_bus;
  char *account;  /* --account NAME|JID, or NULL */
  gboolean json;

  /* Made on first use. */
  GDBusConnection *connection;
  JdDbusManager1 *manager;
} JdCtl;

void jd_ctl_clear (JdCtl *ctl);

/* Parsing: every subcommand accepts the global options too. */
GOptionEntry *jd_ctl_global_entries (JdCtl *ctl);

/**
 * jd_ctl_parse:
 * @ctl: the context (its global options may be set again here)
 * @argc: (inout): the subcommand's arguments, argv[0] being its name
 * @argv: (inout): as for g_option_context_parse()
 * @params: the usage line after the name, e.g. "JID [NAME]"
 * @summary: one sentence for --help
 * @entries: (nullable): the subcommand's own options
 * @min_args: @max_args: how many positional arguments are allowed
 *
 * Returns: %JD_CTL_EXIT_OK, or %JD_CTL_EXIT_USAGE after saying why
 */
JdCtlExit jd_ctl_parse (JdCtl *ctl, int *argc, char ***argv,
                        const char *params, const char *summary,
                        const GOptionEntry *entries, int min_args, int max_args);

/* Errors: print "jinglectl: ..." on stderr and return the exit status. */
JdCtlExit jd_ctl_usage (const char *format, ...) G_GNUC_PRINTF (1, 2);
JdCtlExit jd_ctl_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
JdCtlExit jd_ctl_report (const GError *error);

/* Proxies.  Each returns %JD_CTL_EXIT_OK and a proxy, or the status to exit with. */
JdCtlExit jd_ctl_get_manager (JdCtl *ctl, JdDbusManager1 **out);
JdCtlExit jd_ctl_get_account (JdCtl *ctl, JdDbusAccount1 **out);
JdCtlExit jd_ctl_get_account_at (JdCtl *ctl, const char *path, JdDbusAccount1 **out);
JdCtlExit jd_ctl_get_call (JdCtl *ctl, const char *call, JdDbusCall1 **out);
GPtrArray *jd_ctl_list_accounts (JdCtl *ctl, const char *const *paths);
GPtrArray *jd_ctl_list_calls (JdCtl *ctl, const char *const *paths);
gboolean jd_ctl_is_call_argument (const char *arg);
const char *jd_ctl_call_number (const char *path);

/* Output, on stdout as UTF-8 whatever the locale. */
JdCtlExit jd_ctl_write (GString *out);
JdCtlExit jd_ctl_write_json (GVariant *value);
void jd_ctl_append_text (GString *out, GVariant *value);
void jd_ctl_append_properties (GString *out, GDBusProxy *proxy,
                               const GDBusInterfaceInfo *info, const char *indent);
GVariant *jd_ctl_properties_dict (GDBusProxy *proxy, const GDBusInterfaceInfo *info);

/* JSON (ctl-json.c): GVariant in, JSON text out. */
void jd_ctl_json_append (GString *out, GVariant *value);
void jd_ctl_json_append_string (GString *out, const char *str);
void jd_ctl_append_double (GString *out, double value);

/* The subcommands; argv[0] is the subcommand name. */
typedef int (*JdCtlCommandFunc) (JdCtl *ctl, int argc, char **argv);

int jd_ctl_status (JdCtl *ctl, int argc, char **argv);
int jd_ctl_accounts (JdCtl *ctl, int argc, char **argv);
int jd_ctl_presence (JdCtl *ctl, int argc, char **argv);
int jd_ctl_roster (JdCtl *ctl, int argc, char **argv);
int jd_ctl_add (JdCtl *ctl, int argc, char **argv);
int jd_ctl_contact (JdCtl *ctl, int argc, char **argv);
int jd_ctl_blocked (JdCtl *ctl, int argc, char **argv);
int jd_ctl_msg (JdCtl *ctl, int argc, char **argv);
int jd_ctl_call (JdCtl *ctl, int argc, char **argv);
int jd_ctl_answer (JdCtl *ctl, int argc, char **argv);
int jd_ctl_end (JdCtl *ctl, int argc, char **argv);
int jd_ctl_hold (JdCtl *ctl, int argc, char **argv);
int jd_ctl_mute (JdCtl *ctl, int argc, char **argv);
int jd_ctl_dtmf (JdCtl *ctl, int argc, char **argv);
int jd_ctl_calls (JdCtl *ctl, int argc, char **argv);
int jd_ctl_stats (JdCtl *ctl, int argc, char **argv);
int jd_ctl_monitor (JdCtl *ctl, int argc, char **argv);

G_END_DECLS
