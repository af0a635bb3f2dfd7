/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The line scanner of jd-config.  GKeyFile reports neither the line of a
 * key nor that of its own syntax errors, so the file is split here, with
 * the rules of GKeyFile's parser (glib/gkeyfile.c, 2.74): lines end at
 * '\n' (a '\r' before it is dropped), leading white space is ignored, '#'
 * starts a comment, "[NAME]" opens a group (blanks may follow the ']'),
 * anything else is KEY=VALUE with blanks around KEY and before VALUE
 * dropped.  Stricter than GKeyFile where it would pass a mistake silently:
 * a group or a key given twice is an error, not a merge or an override.
 */
#include "jd-config-private.h"

#include <string.h>

typedef struct {
  const char *path;
  guint line;
  GPtrArray *groups;
  GHashTable *group_lines;    /* name -> line, borrowed names */
  GHashTable *key_lines;      /* key -> line in the current group, borrowed */
} Scanner;

static void
entry_free (JdConfigEntry *entry)
{
  g_free (entry->key);
  /* The value may be a password. */
  explicit_bzero (entry->value, strlen (entry->value));
  g_free (entry->value);
  g_free (entry);
}

void
jd_config_group_free (JdConfigGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_ptr_array_unref (group->entries);
  g_free (group);
}

static gboolean
has_control_char (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (g_ascii_iscntrl (s[i]))
      return TRUE;
  return FALSE;
}

static gboolean
syntax_error (Scanner *sc, GError **error, const char *message)
{
  jd_config_set_error (error, JD_CONFIG_ERROR_SYNTAX, sc->path, sc->line, "%s", message);
  return FALSE;
}

static gboolean
scan_group (Scanner *sc, const char *line, gsize len, GError **error)
{
  const char *close = memchr (line, ']', len);
  JdConfigGroup *group;
  gpointer first;

  if (close == NULL || close == line + 1 || memchr (line + 1, '[', close - line - 1) != NULL ||
      has_control_char (line + 1, close - line - 1))
    return syntax_error (sc, error, "expected a group header such as [account NAME]");
  for (const char *p = close + 1; p < line + len; p++)
    if (*p != ' ' && *p != '\t')
      return syntax_error (sc, error, "text after the group header's ']'");

  group = g_new0 (JdConfigGroup, 1);
  group->name = g_strndup (line + 1, close - line - 1);
  group->line = sc->line;
  group->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_ptr_array_add (sc->groups, group);
  if (g_hash_table_lookup_extended (sc->group_lines, group->name, NULL, &first))
    {
      jd_config_set_error (error, JD_CONFIG_ERROR_DUPLICATE, sc->path, sc->line,
                           "[%s]: group given twice (first at line %u)", group->name,
                           GPOINTER_TO_UINT (first));
      return FALSE;
    }
  g_hash_table_insert (sc->group_lines, group->name, GUINT_TO_POINTER (sc->line));
  g_hash_table_remove_all (sc->key_lines);
  return TRUE;
}

static gboolean
check_key (Scanner *sc, const char *key, GError **error)
{
  if (*key == '\0')
    return syntax_error (sc, error, "a line with '=' but no key before it");
  if (strchr (key, '[') != NULL || strchr (key, ']') != NULL)
    return syntax_error (sc, error, "keys cannot contain '[' or ']' (no localised keys here)");
  if (has_control_char (key, strlen (key)))
    return syntax_error (sc, error, "a key with a control character");
  return TRUE;
}

static gboolean
add_entry (Scanner *sc, JdConfigGroup *group, char *key, const char *value, GError **error)
{
  JdConfigEntry *entry = g_new0 (JdConfigEntry, 1);
  gpointer first;

  entry->key = key;
  entry->value = g_strdup (value);
  entry->line = sc->line;
  g_ptr_array_add (group->entries, entry);
  if (g_hash_table_lookup_extended (sc->key_lines, key, NULL, &first))
    {
      jd_config_set_error (error, JD_CONFIG_ERROR_DUPLICATE, sc->path, sc->line,
                           "key \"%s\" in [%s]: given twice (first at line %u)", key,
                           group->name, GPOINTER_TO_UINT (first));
      return FALSE;
    }
  g_hash_table_insert (sc->key_lines, key, GUINT_TO_POINTER (sc->line));
  return TRUE;
}

static gboolean
scan_key_value (Scanner *sc, const char *line, gsize len, GError **error)
{
  const char *eq = memchr (line, '=', len);
  const char *value;
  g_autofree char *key = NULL;
  g_autofree char *raw_value = NULL;

  if (eq == NULL)
    return syntax_error (sc, error,
                         "expected KEY=VALUE, a [group] header or a # comment");
  key = g_strstrip (g_strndup (line, eq - line));
  if (!check_key (sc, key, error))
    return FALSE;
  if (sc->groups->len == 0)
    {
      jd_config_set_error (error, JD_CONFIG_ERROR_SYNTAX, sc->path, sc->line,
                           "key \"%s\" before any group; put it under [account NAME] or "
                           "[daemon]", key);
      return FALSE;
    }
  for (value = eq + 1; value < line + len && (*value == ' ' || *value == '\t'); value++)
    ;
  raw_value = g_strndup (value, line + len - value);
  return add_entry (sc, g_ptr_array_index (sc->groups, sc->groups->len - 1),
                    g_steal_pointer (&key), raw_value, error);
}

static gboolean
scan_line (Scanner *sc, const char *line, gsize len, GError **error)
{
  if (memchr (line, '\0', len) != NULL)
    return syntax_error (sc, error, "the line contains a NUL byte");
  if (!g_utf8_validate_len (line, len, NULL))
    return syntax_error (sc, error, "the line is not valid UTF-8");
  while (len > 0 && g_ascii_isspace (*line))
    line++, len--;
  if (len == 0 || *line == '#')
    return TRUE;
  if (*line == '[')
    return scan_group (sc, line, len, error);
  return scan_key_value (sc, line, len, error);
}

GPtrArray *
jd_config_scan (const char *data, gsize len, const char *path, GError **error)
{
  g_autoptr (GHashTable) group_lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) key_lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) groups =
    g_ptr_array_new_with_free_func ((GDestroyNotify) jd_config_group_free);
  Scanner sc = { path, 0, groups, group_lines, key_lines };
  const char *end = data + len;

  for (const char *line = data; line < end;)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *line_end = nl != NULL ? nl : end;
      gsize n = line_end - line;

      sc.line++;
      if (n > 0 && line[n - 1] == '\r')
        n--;
      if (!scan_line (&sc, line, n, error))
        return NULL;
      line = nl != NULL ? nl + 1 : end;
    }
  return g_steal_pointer (&groups);
}
