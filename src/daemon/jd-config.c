/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-config: the file, its groups, [daemon] and [plugin NAME].  The
 * account keys are in jd-config-account.c, the scanner that finds lines
 * in jd-config-scan.c.
 */
#include "jd-config-private.h"

#include <string.h>

G_DEFINE_QUARK (jd-config-error-quark, jd_config_error)

#define DEFAULT_MAX_CALLS 4
#define DEFAULT_RING_TIMEOUT_S 60
#define DEFAULT_CONNECT_TIMEOUT_S 20

JdConfigAccount *
jd_config_account_new (const char *name)
{
  JdConfigAccount *account = g_new0 (JdConfigAccount, 1);

  account->name = g_strdup (name);
  account->autoconnect = TRUE;
  account->turn_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_turn_server_free);
  account->policy = JD_CALL_POLICY_REJECT;
  account->max_calls = DEFAULT_MAX_CALLS;
  account->ring_timeout_s = DEFAULT_RING_TIMEOUT_S;
  account->connect_timeout_s = DEFAULT_CONNECT_TIMEOUT_S;
  return account;
}

void
jd_config_account_free (JdConfigAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_clear_pointer (&account->xmpp, jd_xmpp_settings_free);
  g_free (account->stun_server);
  g_ptr_array_unref (account->turn_servers);
  g_strfreev (account->codecs);
  g_free (account->audio_source);
  g_free (account->audio_sink);
  g_free (account->video_source);
  g_free (account->video_sink);
  g_free (account->recording_dir);
  g_strfreev (account->allow);
  g_strfreev (account->local_addresses);
  g_free (account);
}

static JdConfig *
config_new (const char *path)
{
  JdConfig *config = g_new0 (JdConfig, 1);

  config->path = g_strdup (path);
  config->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_config_account_free);
  config->plugin_settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_hash_table_unref);
  return config;
}

void
jd_config_free (JdConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_ptr_array_unref (config->accounts);
  g_free (config->plugin_dir);
  g_strfreev (config->plugins);
  g_hash_table_unref (config->plugin_settings);
  g_free (config);
}

char *
jd_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "jingled", "jingled.conf", NULL);
}

const JdConfigAccount *
jd_config_find_account (const JdConfig *config, const char *name)
{
  g_return_val_if_fail (config != NULL && name != NULL, NULL);

  for (guint i = 0; i < config->accounts->len; i++)
    {
      const JdConfigAccount *account = g_ptr_array_index (config->accounts, i);

      if (g_str_equal (account->name, name))
        return account;
    }
  return NULL;
}

/* Account and plugin names show up in D-Bus paths, logs and file names. */
static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
valid_plugin_names (char **names)
{
  for (char **n = names; *n != NULL; n++)
    if (!valid_name (*n))
      return FALSE;
  return TRUE;
}

static gboolean
parse_daemon_entry (const JdConfigContext *ctx, const JdConfigEntry *entry, JdConfig *config,
                    GError **error)
{
  static const char *const known[] = { "plugin-dir", "plugins", NULL };
  const char *suggestion;

  if (g_str_equal (entry->key, "plugin-dir"))
    return (config->plugin_dir = jd_config_get_path (ctx, entry, error)) != NULL;
  if (g_str_equal (entry->key, "plugins"))
    {
      config->plugins = jd_config_get_list (ctx, entry, error);
      if (config->plugins != NULL && !valid_plugin_names (config->plugins))
        return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                      "plugin names are letters, digits, '-', '_' and '.'");
      return config->plugins != NULL;
    }
  suggestion = jd_config_suggest (entry->key, known);
  return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_UNKNOWN_KEY,
                                "unknown key%s%s%s (the keys of [daemon] are plugin-dir "
                                "and plugins)", suggestion != NULL ? "; did you mean \"" : "",
                                suggestion != NULL ? suggestion : "",
                                suggestion != NULL ? "\"?" : "");
}

static gboolean
parse_daemon (const JdConfigContext *ctx, JdConfig *config, GError **error)
{
  for (guint i = 0; i < ctx->group->entries->len; i++)
    if (!parse_daemon_entry (ctx, g_ptr_array_index (ctx->group->entries, i), config, error))
      return FALSE;
  return TRUE;
}

/* Free keys, decoded as strings: the plugin checks them. */
static gboolean
parse_plugin (const JdConfigContext *ctx, const char *name, JdConfig *config, GError **error)
{
  g_autoptr (GHashTable) settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);

  for (guint i = 0; i < ctx->group->entries->len; i++)
    {
      const JdConfigEntry *entry = g_ptr_array_index (ctx->group->entries, i);
      char *value = jd_config_get_string (ctx, entry, error);

      if (value == NULL)
        return FALSE;
      g_hash_table_insert (settings, g_strdup (entry->key), value);
    }
  g_hash_table_insert (config->plugin_settings, g_strdup (name), g_steal_pointer (&settings));
  return TRUE;
}

static gboolean
group_error (const JdConfigContext *ctx, GError **error, JdConfigError code,
             const char *why)
{
  jd_config_set_error (error, code, ctx->path, ctx->group->line, "[%s]: %s", ctx->group->name,
                       why);
  return FALSE;
}

static gboolean
unknown_group (const JdConfigContext *ctx, GError **error)
{
  static const char *const kinds[] = { "account", "daemon", "plugin", NULL };
  g_autofree char *kind = g_strndup (ctx->group->name, strcspn (ctx->group->name, " "));
  const char *suggestion = jd_config_suggest (kind, kinds);
  g_autofree char *why = NULL;

  /* [account] without a name, [daemon foo]: the word is right, the form is not. */
  if (suggestion != NULL && g_str_equal (suggestion, kind))
    suggestion = NULL;

  why = g_strdup_printf ("unknown group%s%s%s; expected [account NAME], [daemon] or "
                         "[plugin NAME]", suggestion != NULL ? " (did you mean \"" : "",
                         suggestion != NULL ? suggestion : "",
                         suggestion != NULL ? "\"?)" : "");
  return group_error (ctx, error, JD_CONFIG_ERROR_UNKNOWN_GROUP, why);
}

static gboolean
parse_group (const JdConfigContext *ctx, JdConfig *config, GError **error)
{
  const char *name = ctx->group->name;
  JdConfigAccount *account;

  if (g_str_equal (name, "daemon"))
    return parse_daemon (ctx, config, error);
  if (g_str_has_prefix (name, "plugin ") || g_str_has_prefix (name, "account "))
    {
      const char *arg = strchr (name, ' ') + 1;

      if (!valid_name (arg))
        return group_error (ctx, error, JD_CONFIG_ERROR_UNKNOWN_GROUP,
                            "a name is letters, digits, '-', '_' and '.'");
      if (g_str_has_prefix (name, "plugin "))
        return parse_plugin (ctx, arg, config, error);
      account = jd_config_parse_account (ctx, arg, error);
      if (account != NULL)
        g_ptr_array_add (config->accounts, account);
      return account != NULL;
    }
  return unknown_group (ctx, error);
}

JdConfig *
jd_config_load_from_data_with_flags (const char *data, gssize len, const char *path,
                                     JdConfigFlags flags, GError **error)
{
  g_autoptr (JdConfig) config = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  groups = jd_config_scan (data, len < 0 ? strlen (data) : (gsize) len, path, error);
  if (groups == NULL)
    return NULL;
  absolute = g_canonicalize_filename (path, NULL);
  dir = g_path_get_dirname (absolute);
  config = config_new (path);
  for (guint i = 0; i < groups->len; i++)
    {
      JdConfigContext ctx = { path, dir, flags, g_ptr_array_index (groups, i) };

      if (!parse_group (&ctx, config, error))
        return NULL;
    }
  return g_steal_pointer (&config);
}

JdConfig *
jd_config_load_from_data (const char *data, gssize len, const char *path, GError **error)
{
  return jd_config_load_from_data_with_flags (data, len, path, JD_CONFIG_FLAGS_NONE, error);
}

JdConfig *
jd_config_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_IO, "%s", local->message);
      return NULL;
    }
  return jd_config_load_from_data (data, len, path, error);
}
