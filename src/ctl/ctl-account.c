/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl: the daemon and its accounts (status, accounts, presence,
 * roster, contacts, block list, messages).
 */
#include "ctl.h"

#include <errno.h>
#include <string.h>

/* "/im/jingled/account/0" -> "0". */
static const char *
account_number (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

static void
append_account_line (GString *out, JdDbusAccount1 *account)
{
  const char *show = "unknown", *status = "";
  gint32 priority = 0;
  GVariant *presence = jd_dbus_account1_get_presence (account);

  if (presence != NULL)
    g_variant_get (presence, "(&s&si)", &show, &status, &priority);
  g_string_append_printf (out, "account %s: %s (%s) %s, %s",
                          account_number (g_dbus_proxy_get_object_path (G_DBUS_PROXY (account))),
                          jd_dbus_account1_get_name (account),
                          jd_dbus_account1_get_jid (account),
                          jd_dbus_account1_get_connection_state (account), show);
  if (status[0] != '\0')
    g_string_append_printf (out, ": %s", status);
  g_string_append_c (out, '\n');
}

static void
append_call_line (GString *out, JdDbusCall1 *call)
{
  g_string_append_printf (out, "call %s: %s %s, %s\n",
                          jd_ctl_call_number (g_dbus_proxy_get_object_path (G_DBUS_PROXY (call))),
                          jd_dbus_call1_get_direction (call),
                          jd_dbus_call1_get_peer (call),
                          jd_dbus_call1_get_state (call));
}

static GVariant *
dicts_of (GPtrArray *proxies, const GDBusInterfaceInfo *info)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < proxies->len; i++)
    g_variant_builder_add_value (&builder, jd_ctl_properties_dict (proxies->pdata[i], info));
  return g_variant_builder_end (&builder);
}

static JdCtlExit
status_json (JdCtl *ctl, JdDbusManager1 *manager, GPtrArray *accounts, GPtrArray *calls)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "Version",
                         g_variant_new_string (jd_dbus_manager1_get_version (manager)));
  g_variant_builder_add (&builder, "{sv}", "Bus",
                         g_variant_new_string (ctl->system_bus ? "system" : "session"));
  g_variant_builder_add (&builder, "{sv}", "Accounts",
                         dicts_of (accounts, jd_dbus_account1_interface_info ()));
  g_variant_builder_add (&builder, "{sv}", "Calls",
                         dicts_of (calls, jd_dbus_call1_interface_info ()));
  return jd_ctl_write_json (g_variant_builder_end (&builder));
}

static JdCtlExit
status_text (JdCtl *ctl, JdDbusManager1 *manager, GPtrArray *accounts, GPtrArray *calls)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_string_append_printf (out, "jingled %s on the %s bus, %u account%s, %u call%s\n",
                          jd_dbus_manager1_get_version (manager),
                          ctl->system_bus ? "system" : "session",
                          accounts->len, accounts->len == 1 ? "" : "s",
                          calls->len, calls->len == 1 ? "" : "s");
  for (guint i = 0; i < accounts->len; i++)
    append_account_line (out, accounts->pdata[i]);
  for (guint i = 0; i < calls->len; i++)
    append_call_line (out, calls->pdata[i]);
  return jd_ctl_write (out);
}

int
jd_ctl_status (JdCtl *ctl, int argc, char **argv)
{
  JdDbusManager1 *manager = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "",
                         "Show the daemon's version, its accounts and its calls.",
                         NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  accounts = jd_ctl_list_accounts (ctl, jd_dbus_manager1_get_accounts (manager));
  calls = jd_ctl_list_calls (ctl, jd_dbus_manager1_get_calls (manager));
  if (ctl->json)
    return status_json (ctl, manager, accounts, calls);
  return status_text (ctl, manager, accounts, calls);
}

int
jd_ctl_accounts (JdCtl *ctl, int argc, char **argv)
{
  const GDBusInterfaceInfo *info = jd_dbus_account1_interface_info ();
  JdDbusManager1 *manager = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "", "List the accounts and their properties.",
                         NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  accounts = jd_ctl_list_accounts (ctl, jd_dbus_manager1_get_accounts (manager));
  if (ctl->json)
    return jd_ctl_write_json (dicts_of (accounts, info));
  for (guint i = 0; i < accounts->len; i++)
    {
      g_string_append_printf (out, "%s%s\n", i > 0 ? "\n" : "",
                              g_dbus_proxy_get_object_path (accounts->pdata[i]));
      jd_ctl_append_properties (out, accounts->pdata[i], info, "  ");
    }
  return jd_ctl_write (out);
}

static JdCtlExit
show_presence (JdCtl *ctl, JdDbusAccount1 *account)
{
  const char *show = "unknown", *status = "";
  gint32 priority = 0;
  GVariant *presence = jd_dbus_account1_get_presence (account);
  g_autoptr (GString) out = g_string_new (NULL);

  if (presence != NULL)
    g_variant_get (presence, "(&s&si)", &show, &status, &priority);
  if (ctl->json)
    return jd_ctl_write_json (
      g_variant_new_parsed ("{'show': <%s>, 'status': <%s>, 'priority': <%i>}",
                            show, status, priority));
  g_string_append_printf (out, "%s %d%s%s\n", show, priority, status[0] != '\0' ? " " : "", status);
  return jd_ctl_write (out);
}

static gboolean
parse_priority (const char *text, gint32 *priority)
{
  char *end = NULL;
  gint64 value;

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < -128 || value > 127)
    return FALSE;
  *priority = (gint32) value;
  return TRUE;
}

int
jd_ctl_presence (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GError) error = NULL;
  gint32 priority = 0;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "[SHOW [STATUS [PRIORITY]]]",
                         "Show our presence, or set it.  SHOW is available, away, chat, "
                         "dnd, xa or unavailable; PRIORITY is -128..127 (default 0; "
                         "write -- before a negative one).",
                         NULL, 0, 3);
  if (status != JD_CTL_EXIT_OK)
    return status;
  if (argc > 3 && !parse_priority (argv[3], &priority))
    return jd_ctl_usage ("presence: PRIORITY must be an integer in -128..127, not %s", argv[3]);
  if ((status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  if (argc == 1)
    return show_presence (ctl, account);
  if (!jd_dbus_account1_call_set_presence_sync (account, argv[1], argc > 2 ? argv[2] : "",
                                                priority, G_DBUS_CALL_FLAGS_NONE, -1,
                                                NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

static void
append_roster_text (GString *out, GVariant *roster)
{
  GVariantIter iter;
  const char *jid, *name, *subscription;
  g_autofree const char **groups = NULL;

  g_variant_iter_init (&iter, roster);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s)", &jid, &name, &subscription, &groups))
    {
      g_autofree char *joined = g_strjoinv (",", (char **) groups);

      g_string_append_printf (out, "%s\t%s\t%s\t%s\n", jid, subscription, name, joined);
      g_clear_pointer (&groups, g_free);
    }
}

static GVariant *
roster_json (GVariant *roster)
{
  GVariantBuilder builder;
  GVariantIter iter;
  const char *jid, *name, *subscription;
  GVariant *groups;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, roster);
  while (g_variant_iter_next (&iter, "(&s&s&s@as)", &jid, &name, &subscription, &groups))
    {
      g_variant_builder_add_parsed (&builder,
                                    "{'jid': <%s>, 'name': <%s>, 'subscription': <%s>,"
                                    " 'groups': <%@as>}",
                                    jid, name, subscription, groups);
      g_variant_unref (groups);
    }
  return g_variant_builder_end (&builder);
}

int
jd_ctl_roster (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GVariant) roster = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "",
                         "List the roster: JID, subscription, name and groups, tab-separated.",
                         NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_account1_call_get_roster_sync (account, G_DBUS_CALL_FLAGS_NONE, -1, &roster,
                                               NULL, &error))
    return jd_ctl_report (error);
  if (ctl->json)
    return jd_ctl_write_json (roster_json (roster));
  append_roster_text (out, roster);
  return jd_ctl_write (out);
}

int
jd_ctl_add (JdCtl *ctl, int argc, char **argv)
{
  g_auto (GStrv) groups = NULL;
  const GOptionEntry entries[] = {
    { "group", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &groups,
      "Put the contact in GROUP (repeatable)", "GROUP" },
    G_OPTION_ENTRY_NULL
  };
  const char *const no_groups[] = { NULL };
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GError) error = NULL;
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "JID [NAME]",
                         "Add a contact to the roster and ask for its presence.",
                         entries, 1, 2);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_account1_call_add_contact_sync (account, argv[1], argc > 2 ? argv[2] : "",
                                               groups != NULL ? (const char *const *) groups
                                                              : no_groups,
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

typedef gboolean (*ContactMethod) (JdDbusAccount1 *proxy, const char *jid,
                                   GDBusCallFlags flags, int timeout_msec,
                                   GCancellable *cancellable, GError **error);

typedef struct {
  const char *name;
  const char *summary;
  ContactMethod method;
} ContactCommand;

static const ContactCommand contact_commands[] = {
  { "remove", "Remove a contact from the roster.", jd_dbus_account1_call_remove_contact_sync },
  { "approve", "Let JID see our presence.", jd_dbus_account1_call_approve_subscription_sync },
  { "deny", "Refuse (or revoke) JID's subscription to our presence.",
    jd_dbus_account1_call_deny_subscription_sync },
  { "subscribe", "Ask JID to let us see its presence.", jd_dbus_account1_call_subscribe_sync },
  { "block", "Block JID: no messages, presence or calls from it.",
    jd_dbus_account1_call_block_sync },
  { "unblock", "Remove JID from the block list.", jd_dbus_account1_call_unblock_sync },
};

/* remove, approve, deny, subscribe, block, unblock: JID in, nothing out. */
int
jd_ctl_contact (JdCtl *ctl, int argc, char **argv)
{
  const ContactCommand *command = NULL;
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GError) error = NULL;
  JdCtlExit status;

  for (guint i = 0; i < G_N_ELEMENTS (contact_commands); i++)
    {
      if (strcmp (argv[0], contact_commands[i].name) == 0)
        command = &contact_commands[i];
    }
  g_return_val_if_fail (command != NULL, JD_CTL_EXIT_USAGE);
  status = jd_ctl_parse (ctl, &argc, &argv, "JID", command->summary, NULL, 1, 1);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  if (!command->method (account, argv[1], G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

int
jd_ctl_blocked (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusAccount1) account = NULL;
  g_auto (GStrv) jids = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "", "List the blocked JIDs.", NULL, 0, 0);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  if (!jd_dbus_account1_call_get_blocked_sync (account, G_DBUS_CALL_FLAGS_NONE, -1, &jids,
                                               NULL, &error))
    return jd_ctl_report (error);
  if (ctl->json)
    return jd_ctl_write_json (g_variant_new_strv ((const char *const *) jids, -1));
  for (guint i = 0; jids[i] != NULL; i++)
    g_string_append_printf (out, "%s\n", jids[i]);
  return jd_ctl_write (out);
}

int
jd_ctl_msg (JdCtl *ctl, int argc, char **argv)
{
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  JdCtlExit status;

  status = jd_ctl_parse (ctl, &argc, &argv, "JID TEXT…",
                         "Send a chat message (the words of TEXT joined by spaces) "
                         "and print its stanza id.",
                         NULL, 2, -1);
  if (status != JD_CTL_EXIT_OK || (status = jd_ctl_get_account (ctl, &account)) != JD_CTL_EXIT_OK)
    return status;
  body = g_strjoinv (" ", argv + 2);
  if (!jd_dbus_account1_call_send_message_sync (account, argv[1], body, G_DBUS_CALL_FLAGS_NONE,
                                                -1, &id, NULL, &error))
    return jd_ctl_report (error);
  if (ctl->json)
    return jd_ctl_write_json (g_variant_new_parsed ("{'id': <%s>}", id));
  g_string_append_printf (out, "%s\n", id);
  return jd_ctl_write (out);
}
