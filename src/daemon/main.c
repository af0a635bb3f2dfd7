/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jingled: the Jingle call daemon.  Runs the accounts of a config file
 * and serves them on D-Bus as im.jingled (jd-daemon.h).
 *
 * Exit status: 0 after SIGTERM/SIGINT (every call hung up, every
 * account logged out), 1 when it cannot start (a bad config, no bus,
 * the name taken) or the bus went away.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <gst/gst.h>

#include "jd-daemon.h"
#include "jd-dbus-error.h"

#define SHUTDOWN_TIMEOUT_MS 3000

/* Our log domains; libnice and GStreamer keep their own switches. */
#define DEBUG_DOMAINS                                                          \
  "jingled-daemon jingled-config jingled-dbus jingled-call jingled-jingle "     \
  "jingled-xmpp jingled-transport jingled-media"

typedef struct {
  char *config_path;
  gboolean system_bus;
  gboolean debug;
  gboolean version;
  int call_grace_ms;
} Options;

typedef struct {
  GMainLoop *loop;
  int status;
} Run;

static gboolean
parse_options (int *argc, char ***argv, Options *o)
{
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config_path,
      "Configuration file (default: $XDG_CONFIG_HOME/jingled/jingled.conf)", "FILE" },
    { "system", 0, 0, G_OPTION_ARG_NONE, &o->system_bus, "Serve on the system bus", NULL },
    { "debug", 'd', 0, G_OPTION_ARG_NONE, &o->debug,
      "Debug logs, stanza traces included (passwords redacted)", NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL },
    /* Tests: how long an ended call stays on the bus. */
    { "call-grace-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &o->call_grace_ms, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context, "The Jingle call daemon: voice and video calls over "
                                         "XMPP, controlled over D-Bus (im.jingled).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "jingled: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* An explicit --config must exist; the default file may not (no accounts). */
static JdConfig *
load_config (const char *path, GError **error)
{
  g_autofree char *default_path = NULL;

  if (path != NULL)
    return jd_config_load (path, error);
  default_path = jd_config_default_path ();
  if (!g_file_test (default_path, G_FILE_TEST_EXISTS))
    {
      g_info ("%s does not exist: running without accounts", default_path);
      return jd_config_load_from_data ("", 0, default_path, error);
    }
  return jd_config_load (default_path, error);
}

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  g_info ("signal received: hanging up and logging out");
  run->status = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_bus_lost (JdDaemon *daemon, Run *run)
{
  run->status = 1;
  g_main_loop_quit (run->loop);
}

static GSource *
watch_signal (int signum, Run *run)
{
  GSource *source = g_unix_signal_source_new (signum);

  g_source_set_callback (source, on_signal, run, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
unwatch (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static int
serve (JdDaemon *daemon, GBusType bus_type)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (bus_type, NULL, &error);
  Run run = { .status = 0 };
  GSource *term, *intr;

  if (bus == NULL)
    {
      fprintf (stderr, "jingled: cannot connect to the %s bus: %s\n",
               bus_type == G_BUS_TYPE_SYSTEM ? "system" : "session", error->message);
      return 1;
    }
  if (!jd_daemon_start (daemon, bus, &error))
    {
      fprintf (stderr, "jingled: %s\n", error->message);
      return 1;
    }
  run.loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  term = watch_signal (SIGTERM, &run);
  intr = watch_signal (SIGINT, &run);
  g_signal_connect (daemon, "bus-lost", G_CALLBACK (on_bus_lost), &run);
  g_main_loop_run (run.loop);
  /* Shutting down runs the loop's context: a second signal or the bus
   * going away meanwhile only quits the loop again. */
  jd_daemon_shutdown (daemon, SHUTDOWN_TIMEOUT_MS);
  g_dbus_connection_flush_sync (bus, NULL, NULL);
  g_signal_handlers_disconnect_by_data (daemon, &run);
  unwatch (term);
  unwatch (intr);
  g_main_loop_unref (run.loop);
  return run.status;
}

int
main (int argc, char **argv)
{
  Options o = { .call_grace_ms = -1 };
  g_autoptr (JdConfig) config = NULL;
  g_autoptr (JdDaemon) daemon = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* A daemon's log is its stderr (the journal under systemd); stdout
   * carries only what was asked for (--version, --help). */
  g_log_writer_default_set_use_stderr (TRUE);
  if (!parse_options (&argc, &argv, &o))
    return 2;
  if (o.version)
    {
      printf ("jingled %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (o.debug)
    g_setenv ("G_MESSAGES_DEBUG", DEBUG_DOMAINS, TRUE);
  config = load_config (o.config_path, &error);
  g_free (o.config_path);
  if (config == NULL)
    {
      fprintf (stderr, "jingled: %s\n", error->message);
      return 1;
    }
  gst_init (&argc, &argv);
  /* Registers the im.jingled.Error names before any method can fail. */
  (void) JD_DBUS_ERROR;
  daemon = jd_daemon_new (g_steal_pointer (&config), &error);
  if (daemon == NULL)
    {
      fprintf (stderr, "jingled: %s\n", error->message);
      return 1;
    }
  if (o.call_grace_ms >= 0)
    jd_daemon_set_call_grace (daemon, (guint) o.call_grace_ms);
  status = serve (daemon, o.system_bus ? G_BUS_TYPE_SYSTEM : G_BUS_TYPE_SESSION);
  return status;
}
