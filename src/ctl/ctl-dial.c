/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl call JID: dial, and optionally send DTMF once the call is
 * active (--dtmf) and/or follow it until it ends (--wait).  Interrupting
 * a --wait hangs the call up and still waits for its end.
 */
#include "ctl.h"

#include <glib-unix.h>
#include <signal.h>
#include <string.h>

typedef struct {
  char *codecs;
  char *dtmf;
  gboolean video;
  gboolean raw_udp;
  gboolean no_jmi;
  gboolean wait;
} DialOptions;

typedef struct {
  JdCtl *ctl;
  JdDbusCall1 *call;  /* Borrowed. */
  GMainLoop *loop;
  const char *dtmf;   /* Digits still to send, or NULL; borrowed. */
  gboolean wait;
  char *shown_state;
  gboolean done;
  JdCtlExit status;
} Watch;

static GVariant *
dial_options (const DialOptions *options)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  if (options->video)
    g_variant_builder_add (&builder, "{sv}", "video", g_variant_new_boolean (TRUE));
  if (options->raw_udp)
    g_variant_builder_add (&builder, "{sv}", "transport", g_variant_new_string ("raw-udp"));
  if (options->no_jmi)
    g_variant_builder_add (&builder, "{sv}", "jmi", g_variant_new_boolean (FALSE));
  if (options->codecs != NULL)
    {
      g_auto (GStrv) codecs = g_strsplit (options->codecs, ",", -1);
      g_variant_builder_add (&builder, "{sv}", "codecs",
                             g_variant_new_strv ((const char *const *) codecs, -1));
    }
  return g_variant_builder_end (&builder);
}

/* One line per event of a --wait: text "state: X" / "ended: REASON",
 * or JSON {"State": X} / {"EndReason": REASON}. */
static void
print_event (JdCtl *ctl, const char *key, const char *value)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (ctl->json)
    {
      g_string_append_printf (out, "{\"%s\":", key);
      jd_ctl_json_append_string (out, value);
      g_string_append (out, "}\n");
    }
  else
    {
      g_string_append_printf (out, "%s: %s\n",
                              strcmp (key, "State") == 0 ? "state" : "ended", value);
    }
  jd_ctl_write (out);
}

static gboolean
is_failure (const char *reason)
{
  return reason[0] != '\0' && strcmp (reason, "success") != 0;
}

static void
finish (Watch *watch, JdCtlExit status)
{
  if (watch->done)
    return;
  watch->done = TRUE;
  watch->status = status;
  g_main_loop_quit (watch->loop);
}

static void
on_ended (Watch *watch, const char *reason)
{
  if (watch->done)
    return;
  if (watch->wait)
    print_event (watch->ctl, "EndReason", reason);
  if (is_failure (reason) && (watch->wait || watch->dtmf != NULL))
    {
      if (!watch->wait)
        g_printerr ("jinglectl: the call ended (%s) before DTMF could be sent\n", reason);
      finish (watch, JD_CTL_EXIT_CALL_FAILED);
    }
  else if (watch->dtmf != NULL)
    {
      finish (watch, jd_ctl_fail ("the call ended before DTMF could be sent"));
    }
  else
    {
      finish (watch, JD_CTL_EXIT_OK);
    }
}

static void
send_dtmf (Watch *watch)
{
  g_autoptr (GError) error = NULL;
  const char *digits = watch->dtmf;

  watch->dtmf = NULL;
  if (!jd_dbus_call1_call_send_dtmf_sync (watch->call, digits, 0, G_DBUS_CALL_FLAGS_NONE, -1,
                                          NULL, &error))
    finish (watch, jd_ctl_report (error));
  else if (!watch->wait)
    finish (watch, JD_CTL_EXIT_OK);
}

/* Called on every change: prints new states, sends the DTMF once active,
 * and ends the wait when the call ends. */
static void
check (Watch *watch)
{
  const char *state = jd_dbus_call1_get_state (watch->call);
  const char *reason = jd_dbus_call1_get_end_reason (watch->call);

  if (state != NULL && g_strcmp0 (state, watch->shown_state) != 0)
    {
      g_free (watch->shown_state);
      watch->shown_state = g_strdup (state);
      if (watch->wait && strcmp (state, "ended") != 0)
        print_event (watch->ctl, "State", state);
      if (strcmp (state, "active") == 0 && watch->dtmf != NULL)
        send_dtmf (watch);
    }
  /* Without an EndReason yet, the Ended signal brings it. */
  if (g_strcmp0 (state, "ended") == 0 && reason != NULL && reason[0] != '\0')
    on_ended (watch, reason);
}

static void
on_state_notify (GObject *proxy, GParamSpec *pspec, gpointer user_data)
{
  check (user_data);
}

static void
on_ended_signal (JdDbusCall1 *call, const char *reason, gpointer user_data)
{
  on_ended (user_data, reason);
}

static void
on_owner_notify (GObject *proxy, GParamSpec *pspec, gpointer user_data)
{
  Watch *watch = user_data;
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (proxy));

  if (owner == NULL)
    {
      g_printerr ("jinglectl: jingled went away\n");
      finish (watch, JD_CTL_EXIT_UNREACHABLE);
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr (GError) error = NULL;

  if (!jd_dbus_call1_call_hangup_sync (watch->call, "", G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    finish (watch, jd_ctl_report (error));
  return G_SOURCE_CONTINUE;
}

static GSource *
watch_interrupt (Watch *watch)
{
  GSource *source = g_unix_signal_source_new (SIGINT);

  g_source_set_callback (source, on_interrupt, watch, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static JdCtlExit
follow (JdCtl *ctl, JdDbusCall1 *call, const DialOptions *options)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  Watch watch = { ctl, call, loop, options->dtmf, options->wait, NULL, FALSE, JD_CTL_EXIT_OK };
  g_autoptr (GSource) interrupt = options->wait ? watch_interrupt (&watch) : NULL;

  g_signal_connect (call, "notify::state", G_CALLBACK (on_state_notify), &watch);
  g_signal_connect (call, "notify::end-reason", G_CALLBACK (on_state_notify), &watch);
  g_signal_connect (call, "ended", G_CALLBACK (on_ended_signal), &watch);
  g_signal_connect (call, "notify::g-name-owner", G_CALLBACK (on_owner_notify), &watch);
  /* The state may have moved on before the proxy was made. */
  check (&watch);
  if (!watch.done)
    g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (call, &watch);
  if (interrupt != NULL)
    g_source_destroy (interrupt);
  g_free (watch.shown_state);
  return watch.status;
}

static JdCtlExit
print_call (JdCtl *ctl, const char *path)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (!ctl->json)
    {
      g_string_append_printf (out, "%s\n", path);
      return jd_ctl_write (out);
    }
  return jd_ctl_write_json (g_variant_new_parsed ("{'Call': <%o>}", path));
}

static JdCtlExit
parse_dial (JdCtl *ctl, int *argc, char ***argv, DialOptions *options)
{
  const GOptionEntry entries[] = {
    { "video", 0, 0, G_OPTION_ARG_NONE, &options->video, "Add video to the call", NULL },
    { "raw-udp", 0, 0, G_OPTION_ARG_NONE, &options->raw_udp,
      "Use the raw UDP transport (XEP-0177) instead of ICE", NULL },
    { "no-jmi", 0, 0, G_OPTION_ARG_NONE, &options->no_jmi,
      "Send session-initiate to the best resource even when the callee does Jingle "
      "Message Initiation (XEP-0353)", NULL },
    { "codecs", 0, 0, G_OPTION_ARG_STRING, &options->codecs,
      "Offer only these codecs, in this order", "A,B,…" },
    { "dtmf", 0, 0, G_OPTION_ARG_STRING, &options->dtmf,
      "Send these DTMF digits once the call is active", "DIGITS" },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &options->wait,
      "Print the states until the call ends; exit 4 if it ended with a failure "
      "reason (Ctrl-C hangs up)", NULL },
    G_OPTION_ENTRY_NULL
  };

  return jd_ctl_parse (ctl, argc, argv, "JID",
                       "Call JID (a bare JID: the account picks the resource) and print "
                       "the call's path.",
                       entries, 1, 1);
}

int
jd_ctl_call (JdCtl *ctl, int argc, char **argv)
{
  DialOptions options = { 0 };
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  JdCtlExit status;

  status = parse_dial (ctl, &argc, &argv, &options);
  if (status == JD_CTL_EXIT_OK)
    status = jd_ctl_get_account (ctl, &account);
  if (status == JD_CTL_EXIT_OK &&
      !jd_dbus_account1_call_dial_sync (account, argv[1], dial_options (&options),
                                        G_DBUS_CALL_FLAGS_NONE, -1, &path, NULL, &error))
    status = jd_ctl_report (error);
  if (status == JD_CTL_EXIT_OK)
    status = print_call (ctl, path);
  if (status == JD_CTL_EXIT_OK && (options.wait || options.dtmf != NULL))
    status = jd_ctl_get_call (ctl, path, &call);
  if (status == JD_CTL_EXIT_OK && call != NULL)
    status = follow (ctl, call, &options);
  g_free (options.codecs);
  g_free (options.dtmf);
  return status;
}
