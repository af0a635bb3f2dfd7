/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Settings helpers for plugins (jd-plugin-api.h): one wording for all. */
#include "plugin/jd-plugin-api.h"

gboolean
jd_plugin_settings_check_keys (const char *plugin, GHashTable *settings,
                               const char *const *known, GError **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, settings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (known, key))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);

        g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                     "unknown key \"%s\" in [plugin %s] (known: %s)", (const char *) key,
                     plugin, list);
        return FALSE;
      }
  return TRUE;
}

gboolean
jd_plugin_settings_get_uint (const char *plugin, GHashTable *settings, const char *key,
                             guint fallback, guint max, guint *out, GError **error)
{
  const char *value = g_hash_table_lookup (settings, key);
  guint64 n;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &n, NULL))
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                   "key \"%s\" in [plugin %s]: expected a number from 0 to %u, got \"%s\"",
                   key, plugin, max, value);
      return FALSE;
    }
  *out = (guint) n;
  return TRUE;
}
