/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * autoanswer: answers ringing calls from allowed callers, after an
 * optional delay, with the account's own audio source and sink.
 *
 *   [plugin autoanswer]
 *   allow=alice@example.org;bob@example.org   bare JIDs (, ; or space
 *                                             separated); absent or "*":
 *                                             every caller that reaches
 *                                             plugins (the account's
 *                                             incoming-calls policy first)
 *   delay-ms=2000                             ring this long first (default 0)
 *
 * Calls from anybody else are left to the daemon: they keep ringing.
 */
#include "jd-plugin-api.h"

#include <string.h>

#define NAME "autoanswer"

typedef struct {
  JdPluginHost *host;
  char **allow;       /* lower-case bare JIDs; NULL = everyone */
  guint delay_ms;
  GHashTable *pending; /* GSource* -> NULL: delayed answers */
} AutoAnswer;

typedef struct {
  AutoAnswer *self;
  JdPluginCall *call;
} Pending;

static char *
bare_jid (const char *jid)
{
  const char *slash = strchr (jid, '/');
  g_autofree char *bare = slash != NULL ? g_strndup (jid, slash - jid) : g_strdup (jid);

  return g_utf8_strdown (bare, -1);
}

static gboolean
allowed (AutoAnswer *self, const char *peer)
{
  g_autofree char *bare = bare_jid (peer);

  return self->allow == NULL || g_strv_contains ((const char *const *) self->allow, bare);
}

static void
answer (JdPluginCall *call)
{
  g_autoptr (GError) error = NULL;

  if (jd_plugin_call_get_state (call) != JD_PLUGIN_CALL_STATE_RINGING)
    return;
  if (!jd_plugin_call_accept (call, NULL, NULL, &error))
    g_message ("call %u from %s: cannot answer: %s", jd_plugin_call_get_id (call),
               jd_plugin_call_get_peer (call), error->message);
  else
    g_info ("call %u from %s answered", jd_plugin_call_get_id (call),
            jd_plugin_call_get_peer (call));
}

static gboolean
on_delay (gpointer data)
{
  Pending *p = data;

  answer (p->call);
  g_hash_table_remove (p->self->pending, g_main_current_source ());
  return G_SOURCE_REMOVE;
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_object_unref (p->call);
  g_free (p);
}

static gboolean
on_incoming_call (JdPluginHost *host, JdPluginCall *call, AutoAnswer *self)
{
  Pending *p;
  GSource *source;

  if (!allowed (self, jd_plugin_call_get_peer (call)))
    return FALSE;
  if (self->delay_ms == 0)
    {
      answer (call);
      return TRUE;
    }
  p = g_new0 (Pending, 1);
  p->self = self;
  p->call = g_object_ref (call);
  source = g_timeout_source_new (self->delay_ms);
  g_source_set_callback (source, on_delay, p, pending_free);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_hash_table_add (self->pending, source);
  return TRUE;
}

static gboolean
parse_allow (AutoAnswer *self, const char *value, GError **error)
{
  g_autofree char *trimmed = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  g_auto (GStrv) items = NULL;
  GPtrArray *jids;

  if (trimmed == NULL || g_str_equal (trimmed, "*"))
    return TRUE;
  items = g_regex_split_simple ("[,;\\s]+", value, 0, 0);
  jids = g_ptr_array_new ();
  for (char **i = items; *i != NULL; i++)
    {
      if (**i == '\0')
        continue;
      if (strchr (*i, '@') == NULL || strchr (*i, '/') != NULL)
        {
          g_ptr_array_free (jids, TRUE);
          g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                       "key \"allow\" in [plugin " NAME "]: \"%s\" is not a bare JID", *i);
          return FALSE;
        }
      g_ptr_array_add (jids, g_utf8_strdown (*i, -1));
    }
  g_ptr_array_add (jids, NULL);
  self->allow = (char **) g_ptr_array_free (jids, FALSE);
  return TRUE;
}

static void
drop_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
autoanswer_shutdown (gpointer state)
{
  AutoAnswer *self = state;

  if (self == NULL)
    return;
  g_hash_table_unref (self->pending);
  g_strfreev (self->allow);
  g_free (self);
}

static gboolean
autoanswer_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "allow", "delay-ms", NULL };
  AutoAnswer *self = g_new0 (AutoAnswer, 1);

  self->host = host;
  self->pending = g_hash_table_new_full (NULL, NULL, drop_source, NULL);
  if (!jd_plugin_settings_check_keys (NAME, settings, keys, error) ||
      !jd_plugin_settings_get_uint (NAME, settings, "delay-ms", 0, 600000, &self->delay_ms,
                                    error) ||
      !parse_allow (self, g_hash_table_lookup (settings, "allow"), error))
    {
      autoanswer_shutdown (self);
      return FALSE;
    }
  g_signal_connect (host, "incoming-call", G_CALLBACK (on_incoming_call), self);
  *state = self;
  return TRUE;
}

JD_PLUGIN_DEFINE (autoanswer, NAME, "Answers calls from allowed callers after a delay",
                  autoanswer_init, autoanswer_shutdown)
