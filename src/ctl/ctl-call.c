/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl: calls (answer, reject, hangup, hold, unhold, mute, dtmf,
 * calls, stats).  Dialling, which may wait for the call, is in
 * ctl-dial.c.  CALL is a number N or a path; without it, the only call.
 */
#include "ctl.h"

#include <string.h>

/* [CALL] then @n_rest arguments: the call is there when there is one
 * more argument than @n_rest. */
static JdCtlExit
get_call_and_rest (JdCtl *ctl, int argc, char **argv, int n_rest,
                   JdDbusCall1 **call, char ***rest)
{
  gboolean named = argc - 1 > n_rest;

  *rest = argv + (named ? 2 : 1);
  return jd_ctl_get_call (ctl, named ? argv[1] : NULL, call);
}

int
jd_ctl_answer (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL]", "Accept an incoming call.", NULL, 0, 1);
  if (status != JD_CTL_EXIT_OK ||
      (status = jd_ctl_get_call (ctl, argc > 1 ? argv[1] : NULL, &call)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_call1_call_accept_sync (call, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

/* reject [CALL] [REASON], hangup [CALL] [REASON]: a lone argument is a
 * CALL when it looks like one (a number or a path); Jingle reasons are
 * words. */
int
jd_ctl_end (JdCtl *ctl, int argc, char **argv)
{
  gboolean reject = strcmp (argv[0], "reject") == 0;
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  const char *call_arg = NULL, *reason = "";
  gboolean ok;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL] [REASON]",
                         reject ? "Refuse an incoming call (REASON defaults to decline)."
                                : "End a call (REASON defaults to success).",
                         NULL, 0, 2);
  if (status != JD_CTL_EXIT_OK)
    return status;
  if (argc == 3 || (argc == 2 && jd_ctl_is_call_argument (argv[1])))
    call_arg = argv[1];
  if (argc == 3 || (argc == 2 && call_arg == NULL))
    reason = argv[argc - 1];
  if ((status = jd_ctl_get_call (ctl, call_arg, &call)) != JD_CTL_EXIT_OK)
    return status;
  if (reject)
    ok = jd_dbus_call1_call_reject_sync (call, reason, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  else
    ok = jd_dbus_call1_call_hangup_sync (call, reason, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  return ok ? JD_CTL_EXIT_OK : jd_ctl_report (error);
}

int
jd_ctl_hold (JdCtl *ctl, int argc, char **argv)
{
  gboolean hold = strcmp (argv[0], "hold") == 0;
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL]",
                         hold ? "Put a call on hold." : "Resume a held call.", NULL, 0, 1);
  if (status != JD_CTL_EXIT_OK ||
      (status = jd_ctl_get_call (ctl, argc > 1 ? argv[1] : NULL, &call)) != JD_CTL_EXIT_OK)
    return status;
  if (hold)
    ok = jd_dbus_call1_call_hold_sync (call, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  else
    ok = jd_dbus_call1_call_unhold_sync (call, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  return ok ? JD_CTL_EXIT_OK : jd_ctl_report (error);
}

static gboolean
parse_on_off (const char *text, gboolean *on)
{
  if (strcmp (text, "on") == 0 || strcmp (text, "yes") == 0 || strcmp (text, "true") == 0)
    *on = TRUE;
  else if (strcmp (text, "off") == 0 || strcmp (text, "no") == 0 || strcmp (text, "false") == 0)
    *on = FALSE;
  else
    return FALSE;
  return TRUE;
}

int
jd_ctl_mute (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  char **rest = NULL;
  gboolean on = FALSE;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL] MEDIA on|off",
                         "Stop (on) or resume (off) sending MEDIA (audio or video).",
                         NULL, 2, 3);
  if (status != JD_CTL_EXIT_OK)
    return status;
  if (!parse_on_off (argv[argc - 1], &on))
    return jd_ctl_usage ("mute: expected on or off, not %s", argv[argc - 1]);
  if ((status = get_call_and_rest (ctl, argc, argv, 2, &call, &rest)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_call1_call_mute_sync (call, rest[0], on, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

int
jd_ctl_dtmf (JdCtl *ctl, int argc, char **argv)
{
  int duration = 0;
  const GOptionEntry entries[] = {
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration,
      "Length of each tone (default 100)", "MS" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GError) error = NULL;
  char **rest = NULL;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL] DIGITS",
                         "Send DTMF tones (0-9, *, #, A-D) on an active call.",
                         entries, 1, 2);
  if (status != JD_CTL_EXIT_OK)
    return status;
  if (duration < 0)
    return jd_ctl_usage ("dtmf: --duration must not be negative");
  if ((status = get_call_and_rest (ctl, argc, argv, 1, &call, &rest)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_call1_call_send_dtmf_sync (call, rest[0], (guint) duration,
                                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

int
jd_ctl_calls (JdCtl *ctl, int argc, char **argv)
{
  const GDBusInterfaceInfo *info = jd_dbus_call1_interface_info ();
  JdDbusManager1 *manager = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  GVariantBuilder builder;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "", "List the calls and their properties.",
                         NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  calls = jd_ctl_list_calls (ctl, jd_dbus_manager1_get_calls (manager));
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < calls->len; i++)
    {
      GDBusProxy *call = calls->pdata[i];

      g_variant_builder_add_value (&builder, jd_ctl_properties_dict (call, info));
      g_string_append_printf (out, "%scall %s\n", i > 0 ? "\n" : "",
                              jd_ctl_call_number (g_dbus_proxy_get_object_path (call)));
      jd_ctl_append_properties (out, call, info, "  ");
    }
  if (ctl->json)
    return jd_ctl_write_json (g_variant_builder_end (&builder));
  g_variant_builder_clear (&builder);
  return jd_ctl_write (out);
}

/* "key: value" lines; a nested dictionary ("video") prefixes its keys. */
static void
append_stats_text (GString *out, GVariant *stats, const char *prefix)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, stats);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
        {
          g_autofree char *nested = g_strconcat (prefix, key, ".", NULL);
          append_stats_text (out, value, nested);
        }
      else
        {
          g_string_append_printf (out, "%s%s: ", prefix, key);
          jd_ctl_append_text (out, value);
          g_string_append_c (out, '\n');
        }
      g_variant_unref (value);
    }
}

int
jd_ctl_stats (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusCall1) call = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GVariant) stats = NULL;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[CALL]",
                         "Show the live statistics of a call (audio first, then video.*).",
                         NULL, 0, 1);
  if (status != JD_CTL_EXIT_OK ||
      (status = jd_ctl_get_call (ctl, argc > 1 ? argv[1] : NULL, &call)) != JD_CTL_EXIT_OK)
    return status;
  /* The proxy was just made: its GetAll read Stats a moment ago. */
  stats = g_dbus_proxy_get_cached_property (G_DBUS_PROXY (call), "Stats");
  if (stats == NULL)
    stats = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  if (ctl->json)
    return jd_ctl_write_json (g_variant_ref (stats));
  append_stats_text (out, stats, "");
  return jd_ctl_write (out);
}
