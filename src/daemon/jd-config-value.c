/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Decoding one value of jd-config, and the messages that point at it.
 * Escapes and lists are GKeyFile's (a scratch GKeyFile decodes the raw
 * value), so the file means what `man 5 jingled.conf` and the GLib
 * documentation say it means.
 */
#include "jd-config-private.h"

#include <string.h>

void
jd_config_set_error (GError **error, JdConfigError code, const char *path, guint line,
                     const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, JD_CONFIG_ERROR, code, "%s:%u: %s", path, line, message);
}

gboolean
jd_config_entry_error (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error,
                       JdConfigError code, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, JD_CONFIG_ERROR, code, "%s:%u: key \"%s\" in [%s]: %s", ctx->path,
               entry->line, entry->key, ctx->group->name, message);
  return FALSE;
}

static GKeyFile *
scratch_key_file (const JdConfigEntry *entry)
{
  GKeyFile *kf = g_key_file_new ();

  g_key_file_set_value (kf, "v", "v", entry->value);
  return kf;
}

/* GKeyFile's own message would quote the key as "v"; say what is wrong
 * without echoing the value, which may be a secret. */
static gboolean
escape_error (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                "invalid escape sequence (use \\s \\n \\t \\r \\\\ or \\;)");
}

char *
jd_config_get_string (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  g_autoptr (GKeyFile) kf = scratch_key_file (entry);
  g_autoptr (GError) local = NULL;
  g_autofree char *value = g_key_file_get_string (kf, "v", "v", &local);

  /* GKeyFile returns the undecoded value along with the error. */
  if (local != NULL)
    {
      escape_error (ctx, entry, error);
      return NULL;
    }
  return g_steal_pointer (&value);
}

char *
jd_config_get_word (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  char *value = jd_config_get_string (ctx, entry, error);

  return value != NULL ? g_strstrip (value) : NULL;
}

char **
jd_config_get_list (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  g_autoptr (GKeyFile) kf = scratch_key_file (entry);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) items = g_key_file_get_string_list (kf, "v", "v", NULL, &local);

  if (local != NULL || items == NULL)
    {
      escape_error (ctx, entry, error);
      return NULL;
    }
  for (char **p = items; *p != NULL; p++)
    g_strstrip (*p);
  return g_steal_pointer (&items);
}

gboolean
jd_config_get_int (const JdConfigContext *ctx, const JdConfigEntry *entry, gint64 min,
                   gint64 max, gint64 *out, GError **error)
{
  g_autofree char *word = jd_config_get_word (ctx, entry, error);

  if (word == NULL)
    return FALSE;
  if (!g_ascii_string_to_signed (word, 10, min, max, out, NULL))
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "expected a number from %" G_GINT64_FORMAT " to %"
                                  G_GINT64_FORMAT ", got \"%s\"", min, max, word);
  return TRUE;
}

gboolean
jd_config_get_boolean (const JdConfigContext *ctx, const JdConfigEntry *entry, gboolean *out,
                       GError **error)
{
  g_autofree char *word = jd_config_get_word (ctx, entry, error);

  if (word == NULL)
    return FALSE;
  /* GKeyFile's spellings (g_key_file_get_boolean). */
  if (g_str_equal (word, "true") || g_str_equal (word, "1"))
    *out = TRUE;
  else if (g_str_equal (word, "false") || g_str_equal (word, "0"))
    *out = FALSE;
  else
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "expected true or false, got \"%s\"", word);
  return TRUE;
}

char *
jd_config_resolve_path (const JdConfigContext *ctx, const char *path)
{
  /* Also tidies "a/../b" and "./a", so messages show the file's real name. */
  return g_canonicalize_filename (path, ctx->dir);
}

char *
jd_config_get_path (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  g_autofree char *path = jd_config_get_string (ctx, entry, error);

  if (path == NULL)
    return NULL;
  if (*path == '\0')
    {
      jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                             "expected a path, got nothing");
      return NULL;
    }
  return jd_config_resolve_path (ctx, path);
}

static gboolean
parse_port (const char *str, guint16 *port)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (str, 10, 1, G_MAXUINT16, &n, NULL))
    return FALSE;
  *port = (guint16) n;
  return TRUE;
}

static gboolean
valid_host (const char *host)
{
  if (*host == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
jd_config_split_host_port (const char *str, char **host, guint16 *port)
{
  const char *colon;
  g_autofree char *name = NULL;

  *port = 0;
  if (*str == '[')
    {
      const char *close = strchr (str, ']');

      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        return FALSE;
      name = g_strndup (str + 1, close - str - 1);
      if (!g_hostname_is_ip_address (name) || strchr (name, ':') == NULL)
        return FALSE;
      colon = close[1] == ':' ? close + 1 : NULL;
    }
  else
    {
      colon = strchr (str, ':');
      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        return FALSE;   /* an IPv6 address needs brackets */
      name = colon != NULL ? g_strndup (str, colon - str) : g_strdup (str);
      if (!valid_host (name))
        return FALSE;
    }
  if (colon != NULL && !parse_port (colon + 1, port))
    return FALSE;
  *host = g_steal_pointer (&name);
  return TRUE;
}

/* Levenshtein distance, for "did you mean". */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));
          diag = up;
        }
    }
  return row[lb];
}

const char *
jd_config_suggest (const char *name, const char *const *known)
{
  g_autofree char *dashed = g_strdelimit (g_ascii_strdown (name, -1), "_ ", '-');
  const char *best = NULL;
  guint best_distance = strlen (name) > 4 ? 2 : 1;

  /* Bound the work on hostile input: no key is that long. */
  if (strlen (name) > 64)
    return NULL;
  for (const char *const *k = known; *k != NULL; k++)
    {
      guint d = edit_distance (dashed, *k);

      if (d <= best_distance)
        {
          best = d < best_distance || best == NULL ? *k : best;
          best_distance = d;
        }
    }
  return best;
}
