/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl plumbing: options, the connection, the generated proxies,
 * error reporting and the text rendering of D-Bus values.
 */
#include "ctl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void
jd_ctl_clear (JdCtl *ctl)
{
  g_clear_object (&ctl->manager);
  g_clear_object (&ctl->connection);
  g_clear_pointer (&ctl->account, g_free);
}

/* Returns: (transfer full): entries pointing into @ctl; g_free() them. */
GOptionEntry *
jd_ctl_global_entries (JdCtl *ctl)
{
  const GOptionEntry entries[] = {
    { "session", 0, 0, G_OPTION_ARG_NONE, &ctl->session_bus,
      "Talk to jingled on the session bus (the default)", NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &ctl->system_bus,
      "Talk to jingled on the system bus", NULL },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &ctl->account,
      "The account to use (default: the only one)", "NAME|JID" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &ctl->json,
      "Print JSON instead of text", NULL },
    G_OPTION_ENTRY_NULL
  };

  return g_memdup2 (entries, sizeof entries);
}

static JdCtlExit
check_arity (char **argv, int n_args, const char *params, int min_args, int max_args)
{
  if (n_args < min_args)
    return jd_ctl_usage ("%s: missing arguments, expected %s", argv[0], params);
  if (max_args >= 0 && n_args > max_args)
    return jd_ctl_usage ("%s: too many arguments, expected %s", argv[0], params);
  return JD_CTL_EXIT_OK;
}

/* GOption leaves "--" in place when an argument after it starts with
 * '-' (a negative priority): it only ends the options, drop it. */
static void
drop_double_dash (int *argc, char **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          memmove (argv + i, argv + i + 1, (size_t) (*argc - i) * sizeof *argv);
          (*argc)--;
          return;
        }
    }
}

JdCtlExit
jd_ctl_parse (JdCtl *ctl, int *argc, char ***argv,
              const char *params, const char *summary,
              const GOptionEntry *entries, int min_args, int max_args)
{
  g_autofree char *usage = g_strdup_printf ("%s %s", (*argv)[0], params);
  g_autoptr (GOptionContext) context = g_option_context_new (usage);
  g_autofree GOptionEntry *global = jd_ctl_global_entries (ctl);
  GOptionGroup *group = g_option_group_new ("global", "Global options:",
                                            "Show the global options", NULL, NULL);
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_group_add_entries (group, global);
  g_option_context_add_group (context, group);
  if (!g_option_context_parse (context, argc, argv, &error))
    return jd_ctl_usage ("%s: %s", (*argv)[0], error->message);
  drop_double_dash (argc, *argv);
  if (ctl->system_bus && ctl->session_bus)
    return jd_ctl_usage ("--session and --system exclude each other");
  return check_arity (*argv, *argc - 1, params, min_args, max_args);
}

JdCtlExit
jd_ctl_usage (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("jinglectl: %s (see --help)\n", message);
  return JD_CTL_EXIT_USAGE;
}

JdCtlExit
jd_ctl_fail (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("jinglectl: %s\n", message);
  return JD_CTL_EXIT_ERROR;
}

/* The bus says nobody is there (any more) to answer. */
static gboolean
is_unreachable (const GError *error, const char *remote_name)
{
  static const char *const names[] = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.NoReply",
    "org.freedesktop.DBus.Error.Disconnected",
    NULL
  };

  if (remote_name != NULL)
    return g_strv_contains (names, remote_name);
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* Prints "jinglectl: NAME: message" for an error of the daemon (or of
 * the JD_DBUS_ERROR domain made up here, which has a name too). */
JdCtlExit
jd_ctl_report (const GError *error)
{
  g_autofree char *name = g_dbus_error_get_remote_error (error);
  g_autoptr (GError) copy = g_error_copy (error);

  g_dbus_error_strip_remote_error (copy);
  if (name != NULL)
    g_printerr ("jinglectl: %s: %s\n", name, copy->message);
  else
    g_printerr ("jinglectl: %s\n", copy->message);
  return is_unreachable (error, name) ? JD_CTL_EXIT_UNREACHABLE : JD_CTL_EXIT_ERROR;
}

static JdCtlExit
unreachable (JdCtl *ctl, const char *why)
{
  g_printerr ("jinglectl: jingled is not reachable on the %s bus: %s\n",
              ctl->system_bus ? "system" : "session", why);
  return JD_CTL_EXIT_UNREACHABLE;
}

static JdCtlExit
connect_bus (JdCtl *ctl)
{
  g_autoptr (GError) error = NULL;
  GBusType type = ctl->system_bus ? G_BUS_TYPE_SYSTEM : G_BUS_TYPE_SESSION;

  ctl->connection = g_bus_get_sync (type, NULL, &error);
  if (ctl->connection == NULL)
    return unreachable (ctl, error->message);
  return JD_CTL_EXIT_OK;
}

static JdCtlExit
make_manager (JdCtl *ctl)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = NULL;
  JdCtlExit status;

  if (ctl->connection == NULL && (status = connect_bus (ctl)) != JD_CTL_EXIT_OK)
    return status;
  /* Auto-start allowed: D-Bus activation may start the daemon. */
  ctl->manager = jd_dbus_manager1_proxy_new_sync (ctl->connection, G_DBUS_PROXY_FLAGS_NONE,
                                                  JD_DBUS_NAME, JD_DBUS_PATH, NULL, &error);
  if (ctl->manager == NULL)
    return unreachable (ctl, error->message);
  owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (ctl->manager));
  if (owner == NULL)
    {
      g_clear_object (&ctl->manager);
      return unreachable (ctl, "nobody owns the name " JD_DBUS_NAME);
    }
  return JD_CTL_EXIT_OK;
}

JdCtlExit
jd_ctl_get_manager (JdCtl *ctl, JdDbusManager1 **out)
{
  JdCtlExit status;

  if (ctl->manager == NULL && (status = make_manager (ctl)) != JD_CTL_EXIT_OK)
    return status;
  *out = ctl->manager;
  return JD_CTL_EXIT_OK;
}

/* A proxy whose GetAll failed has no cached properties: the object is
 * not exported (or does not have the interface). */
static gboolean
proxy_has_object (gpointer proxy)
{
  g_auto (GStrv) names = g_dbus_proxy_get_cached_property_names (G_DBUS_PROXY (proxy));

  return names != NULL && names[0] != NULL;
}

static JdCtlExit
no_object (JdDbusError code, const char *what, const char *path)
{
  g_autoptr (GError) error = g_error_new (JD_DBUS_ERROR, code, "no %s at %s", what, path);

  return jd_ctl_report (error);
}

JdCtlExit
jd_ctl_get_account_at (JdCtl *ctl, const char *path, JdDbusAccount1 **out)
{
  g_autoptr (JdDbusAccount1) account = NULL;
  g_autoptr (GError) error = NULL;

  account = jd_dbus_account1_proxy_new_sync (ctl->connection, G_DBUS_PROXY_FLAGS_NONE,
                                             JD_DBUS_NAME, path, NULL, &error);
  if (account == NULL)
    return jd_ctl_report (error);
  if (!proxy_has_object (account))
    return no_object (JD_DBUS_ERROR_UNKNOWN_ACCOUNT, "account", path);
  *out = g_steal_pointer (&account);
  return JD_CTL_EXIT_OK;
}

static JdCtlExit
find_account (JdDbusManager1 *manager, const char *name, char **path)
{
  g_autoptr (GError) error = NULL;

  if (!jd_dbus_manager1_call_find_account_sync (manager, name, G_DBUS_CALL_FLAGS_NONE, -1,
                                                path, NULL, &error))
    return jd_ctl_report (error);
  return JD_CTL_EXIT_OK;
}

JdCtlExit
jd_ctl_get_account (JdCtl *ctl, JdDbusAccount1 **out)
{
  JdDbusManager1 *manager = NULL;
  g_autofree char *path = NULL;
  const char *const *accounts;
  JdCtlExit status;

  if ((status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  if (ctl->account != NULL)
    {
      if ((status = find_account (manager, ctl->account, &path)) != JD_CTL_EXIT_OK)
        return status;
      return jd_ctl_get_account_at (ctl, path, out);
    }
  accounts = jd_dbus_manager1_get_accounts (manager);
  if (accounts == NULL || accounts[0] == NULL)
    return jd_ctl_fail ("jingled has no account");
  if (accounts[1] != NULL)
    return jd_ctl_usage ("jingled has several accounts: choose one with --account NAME|JID");
  return jd_ctl_get_account_at (ctl, accounts[0], out);
}

gboolean
jd_ctl_is_call_argument (const char *arg)
{
  if (arg[0] == '/')
    return TRUE;
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return arg[0] != '\0';
}

/* "/im/jingled/call/7" -> "7"; any other path is its own name. */
const char *
jd_ctl_call_number (const char *path)
{
  if (g_str_has_prefix (path, JD_DBUS_CALL_PATH_PREFIX))
    return path + strlen (JD_DBUS_CALL_PATH_PREFIX);
  return path;
}

static JdCtlExit
only_call (JdCtl *ctl, char **path)
{
  JdDbusManager1 *manager = NULL;
  const char *const *calls;
  g_autoptr (GString) numbers = NULL;
  JdCtlExit status;

  if ((status = jd_ctl_get_manager (ctl, &manager)) != JD_CTL_EXIT_OK)
    return status;
  calls = jd_dbus_manager1_get_calls (manager);
  if (calls == NULL || calls[0] == NULL)
    return jd_ctl_fail ("no call in progress");
  if (calls[1] == NULL)
    {
      *path = g_strdup (calls[0]);
      return JD_CTL_EXIT_OK;
    }
  numbers = g_string_new (NULL);
  for (guint i = 0; calls[i] != NULL; i++)
    g_string_append_printf (numbers, "%s%s", i > 0 ? ", " : "", jd_ctl_call_number (calls[i]));
  return jd_ctl_usage ("several calls in progress (%s): name one", numbers->str);
}

static char *
call_path (const char *call)
{
  if (call[0] == '/')
    return g_strdup (call);
  return g_strconcat (JD_DBUS_CALL_PATH_PREFIX, call, NULL);
}

JdCtlExit
jd_ctl_get_call (JdCtl *ctl, const char *call, JdDbusCall1 **out)
{
  g_autoptr (JdDbusCall1) proxy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = call != NULL ? call_path (call) : NULL;
  JdDbusManager1 *manager = NULL;
  JdCtlExit status;

  if (path != NULL && (!jd_ctl_is_call_argument (call) || !g_variant_is_object_path (path)))
    return jd_ctl_usage ("not a call number or path: %s", call);
  if (path == NULL)
    status = only_call (ctl, &path);
  else
    status = jd_ctl_get_manager (ctl, &manager);
  if (status != JD_CTL_EXIT_OK)
    return status;
  proxy = jd_dbus_call1_proxy_new_sync (ctl->connection, G_DBUS_PROXY_FLAGS_NONE,
                                        JD_DBUS_NAME, path, NULL, &error);
  if (proxy == NULL)
    return jd_ctl_report (error);
  if (!proxy_has_object (proxy))
    return no_object (JD_DBUS_ERROR_UNKNOWN_CALL, "call", path);
  *out = g_steal_pointer (&proxy);
  return JD_CTL_EXIT_OK;
}

/* fwrite, not g_print: the output is UTF-8 whatever the locale says. */
JdCtlExit
jd_ctl_write (GString *out)
{
  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      g_printerr ("jinglectl: standard output: %s\n", g_strerror (errno));
      return JD_CTL_EXIT_ERROR;
    }
  return JD_CTL_EXIT_OK;
}

/* Takes @value: a floating or a full reference. */
JdCtlExit
jd_ctl_write_json (GVariant *value)
{
  g_autoptr (GVariant) owned = g_variant_take_ref (value);
  g_autoptr (GString) out = g_string_new (NULL);

  jd_ctl_json_append (out, owned);
  g_string_append_c (out, '\n');
  return jd_ctl_write (out);
}

static void
append_text_dict (GString *out, GVariant *dict)
{
  gsize n = g_variant_n_children (dict);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (dict, i);
      g_autoptr (GVariant) key = g_variant_get_child_value (entry, 0);
      g_autoptr (GVariant) value = g_variant_get_child_value (entry, 1);

      g_string_append (out, i > 0 ? ", " : "");
      jd_ctl_append_text (out, key);
      g_string_append_c (out, '=');
      jd_ctl_append_text (out, value);
    }
}

static void
append_text_array (GString *out, GVariant *array)
{
  gsize n = g_variant_n_children (array);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (array, i);

      g_string_append (out, i > 0 ? ", " : "");
      jd_ctl_append_text (out, child);
    }
}

/**
 * jd_ctl_append_text:
 *
 * A value for people: strings bare, lists joined by ", ", dictionaries as
 * key=value, variants unwrapped, doubles as in JSON; anything else (such
 * as a tuple) as g_variant_print() writes it.
 */
void
jd_ctl_append_text (GString *out, GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
      g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH))
    {
      g_string_append (out, g_variant_get_string (value, NULL));
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      jd_ctl_append_double (out, g_variant_get_double (value));
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr (GVariant) child = g_variant_get_variant (value);
      jd_ctl_append_text (out, child);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DICTIONARY))
    {
      append_text_dict (out, value);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY))
    {
      append_text_array (out, value);
    }
  else
    {
      g_autofree char *text = g_variant_print (value, FALSE);
      g_string_append (out, text);
    }
}

/* Live values such as Stats have their own command and stay out of
 * listings. */
static gboolean
is_listed (const GDBusPropertyInfo *property)
{
  const char *emits = g_dbus_annotation_info_lookup (
    property->annotations, "org.freedesktop.DBus.Property.EmitsChangedSignal");

  return g_strcmp0 (emits, "false") != 0;
}

static int
longest_name (const GDBusInterfaceInfo *info)
{
  int longest = 0;

  for (guint i = 0; info->properties[i] != NULL; i++)
    longest = MAX (longest, (int) strlen (info->properties[i]->name));
  return longest;
}

/**
 * jd_ctl_append_properties:
 *
 * One "Name: value" line per listed property of @info, in the order of
 * the introspection XML, values aligned.
 */
void
jd_ctl_append_properties (GString *out, GDBusProxy *proxy,
                          const GDBusInterfaceInfo *info, const char *indent)
{
  int width = longest_name (info) + 1;

  for (guint i = 0; info->properties[i] != NULL; i++)
    {
      const GDBusPropertyInfo *property = info->properties[i];
      g_autoptr (GVariant) value = NULL;
      g_autofree char *label = NULL;

      if (!is_listed (property))
        continue;
      value = g_dbus_proxy_get_cached_property (proxy, property->name);
      if (value == NULL)
        continue;
      label = g_strconcat (property->name, ":", NULL);
      g_string_append_printf (out, "%s%-*s ", indent, width, label);
      jd_ctl_append_text (out, value);
      /* An empty value leaves no trailing blanks. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

/**
 * jd_ctl_properties_dict:
 *
 * Returns: (transfer floating): a{sv} of "Path" and the listed properties
 *   of @info, in the order of the introspection XML
 */
GVariant *
jd_ctl_properties_dict (GDBusProxy *proxy, const GDBusInterfaceInfo *info)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "Path",
                         g_variant_new_object_path (g_dbus_proxy_get_object_path (proxy)));
  for (guint i = 0; info->properties[i] != NULL; i++)
    {
      const GDBusPropertyInfo *property = info->properties[i];
      g_autoptr (GVariant) value = NULL;

      if (!is_listed (property))
        continue;
      value = g_dbus_proxy_get_cached_property (proxy, property->name);
      if (value != NULL)
        g_variant_builder_add (&builder, "{sv}", property->name, value);
    }
  return g_variant_builder_end (&builder);
}

/**
 * jd_ctl_list_accounts:
 * jd_ctl_list_calls:
 * @paths: (nullable): object paths, as in Manager1.Accounts/Calls
 *
 * Returns: (transfer full) (element-type JdDbusAccount1/JdDbusCall1):
 *   proxies of the objects still exported; one that vanished since
 *   @paths was read is left out
 */
GPtrArray *
jd_ctl_list_accounts (JdCtl *ctl, const char *const *paths)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr (JdDbusAccount1) proxy = jd_dbus_account1_proxy_new_sync (
        ctl->connection, G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS, JD_DBUS_NAME,
        paths[i], NULL, NULL);

      if (proxy != NULL && proxy_has_object (proxy))
        g_ptr_array_add (list, g_steal_pointer (&proxy));
    }
  return list;
}

GPtrArray *
jd_ctl_list_calls (JdCtl *ctl, const char *const *paths)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr (JdDbusCall1) proxy = jd_dbus_call1_proxy_new_sync (
        ctl->connection, G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS, JD_DBUS_NAME,
        paths[i], NULL, NULL);

      if (proxy != NULL && proxy_has_object (proxy))
        g_ptr_array_add (list, g_steal_pointer (&proxy));
    }
  return list;
}
