/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl monitor: every signal jingled emits, from every object,
 * PropertiesChanged included, one line each until interrupted.  Text:
 * `PATH INTERFACE.MEMBER ARGS` (ARGS as g_variant_print() writes the
 * tuple); JSON: {"path", "interface", "member", "args": [...]}.
 */
#include "ctl.h"

#include <glib-unix.h>
#include <signal.h>

typedef struct {
  JdCtl *ctl;
  GMainLoop *loop;
  JdCtlExit status;
} Monitor;

static void
append_json_line (GString *out, const char *path, const char *interface,
                  const char *member, GVariant *parameters)
{
  g_string_append (out, "{\"path\":");
  jd_ctl_json_append_string (out, path);
  g_string_append (out, ",\"interface\":");
  jd_ctl_json_append_string (out, interface);
  g_string_append (out, ",\"member\":");
  jd_ctl_json_append_string (out, member);
  g_string_append (out, ",\"args\":");
  jd_ctl_json_append (out, parameters);
  g_string_append (out, "}\n");
}

static void
on_signal (GDBusConnection *connection, const char *sender, const char *path,
           const char *interface, const char *member, GVariant *parameters,
           gpointer user_data)
{
  Monitor *monitor = user_data;
  g_autoptr (GString) out = g_string_new (NULL);

  if (monitor->ctl->json)
    {
      append_json_line (out, path, interface, member, parameters);
    }
  else
    {
      g_autofree char *args = g_variant_print (parameters, FALSE);
      g_string_append_printf (out, "%s %s.%s %s\n", path, interface, member, args);
    }
  if (jd_ctl_write (out) != JD_CTL_EXIT_OK)
    {
      monitor->status = JD_CTL_EXIT_ERROR;
      g_main_loop_quit (monitor->loop);
    }
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Monitor *monitor = user_data;

  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

static GSource *
watch_unix_signal (Monitor *monitor, int signum)
{
  GSource *source = g_unix_signal_source_new (signum);

  g_source_set_callback (source, on_quit_signal, monitor, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

int
jd_ctl_monitor (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  Monitor monitor = { ctl, loop, JD_CTL_EXIT_OK };
  JdDbusManager1 *manager = NULL;
  g_autoptr (GSource) interrupt = NULL;
  g_autoptr (GSource) terminate = NULL;
  guint subscription;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "",
                         "Print every signal of jingled's objects, one per line, until "
                         "interrupted (also across daemon restarts).",
                         NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  /* Any interface, member and path, but only from the daemon's name. */
  subscription = g_dbus_connection_signal_subscribe (ctl->connection, JD_DBUS_NAME, NULL,
                                                     NULL, NULL, NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     on_signal, &monitor, NULL);
  interrupt = watch_unix_signal (&monitor, SIGINT);
  terminate = watch_unix_signal (&monitor, SIGTERM);
  g_main_loop_run (loop);
  g_dbus_connection_signal_unsubscribe (ctl->connection, subscription);
  g_source_destroy (interrupt);
  g_source_destroy (terminate);
  return monitor.status;
}
