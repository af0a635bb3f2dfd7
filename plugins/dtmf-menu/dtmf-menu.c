/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dtmf-menu: a tiny phone menu.  It answers every call that reaches it,
 * plays a greeting, and on each DTMF digit plays the file configured for
 * it, interrupting whatever was playing.  Digits without a file are
 * ignored; between files the caller hears silence.
 *
 *   [plugin dtmf-menu]
 *   greeting=/srv/menu/welcome.ogg
 *   1=/srv/menu/opening-hours.ogg
 *   2=/srv/menu/address.wav
 *   ...                             keys 0-9, *, #, A-D; absolute paths of
 *                                   any file GStreamer decodes
 *
 * Each call gets a player pipeline (filesrc ! decodebin ! interaudiosink)
 * and answers with the interaudiosrc of the same channel as its source.
 */
#include "jd-plugin-api.h"

#include <gst/gst.h>

#define NAME "dtmf-menu"

typedef struct {
  GHashTable *files;        /* "greeting", "1", ... -> absolute path */
  GHashTable *calls;        /* JdPluginCall* -> Menu* */
} DtmfMenu;

typedef struct {
  JdPluginCall *call;
  char *channel;
  GstElement *player;       /* what plays now, NULL between files */
  GSource *bus_watch;
} Menu;

static void
stop_player (Menu *m)
{
  if (m->bus_watch != NULL)
    {
      g_source_destroy (m->bus_watch);
      g_clear_pointer (&m->bus_watch, g_source_unref);
    }
  if (m->player != NULL)
    {
      gst_element_set_state (m->player, GST_STATE_NULL);
      g_clear_pointer (&m->player, gst_object_unref);
    }
}

static void
menu_free (gpointer data)
{
  Menu *m = data;

  stop_player (m);
  g_object_unref (m->call);
  g_free (m->channel);
  g_free (m);
}

/* A file played to its end (or failed): silence until the next digit. */
static gboolean
on_player_bus (GstBus *bus, GstMessage *msg, gpointer data)
{
  Menu *m = data;
  g_autoptr (GError) error = NULL;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (msg, &error, NULL);
      g_message ("call %u: cannot play: %s", jd_plugin_call_get_id (m->call), error->message);
    }
  else if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_EOS)
    return G_SOURCE_CONTINUE;
  gst_element_set_state (m->player, GST_STATE_NULL);
  g_clear_pointer (&m->player, gst_object_unref);
  g_clear_pointer (&m->bus_watch, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
play (Menu *m, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autofree char *desc = g_strdup_printf (
    "filesrc name=src ! decodebin ! audioconvert ! audioresample ! interaudiosink channel=%s",
    m->channel);

  stop_player (m);
  m->player = gst_parse_launch (desc, &error);
  if (m->player == NULL)
    {
      g_message ("call %u: no player: %s", jd_plugin_call_get_id (m->call), error->message);
      return;
    }
  src = gst_bin_get_by_name (GST_BIN (m->player), "src");
  g_object_set (src, "location", path, NULL);
  bus = gst_element_get_bus (m->player);
  m->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (m->bus_watch, (GSourceFunc) (void (*) (void)) on_player_bus, m, NULL);
  g_source_attach (m->bus_watch, g_main_context_get_thread_default ());
  gst_element_set_state (m->player, GST_STATE_PLAYING);
  g_info ("call %u: playing %s", jd_plugin_call_get_id (m->call), path);
}

static gboolean
on_incoming_call (JdPluginHost *host, JdPluginCall *call, DtmfMenu *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  Menu *m = g_new0 (Menu, 1);

  m->call = g_object_ref (call);
  m->channel = g_strdup_printf ("dtmf-menu-%p-%u", (void *) self, jd_plugin_call_get_id (call));
  source = g_strdup_printf ("pipeline:interaudiosrc channel=%s", m->channel);
  if (!jd_plugin_call_accept (call, source, NULL, &error))
    {
      g_message ("call %u from %s: cannot answer: %s", jd_plugin_call_get_id (call),
                 jd_plugin_call_get_peer (call), error->message);
      menu_free (m);
      return TRUE;
    }
  g_hash_table_insert (self->calls, call, m);
  return TRUE;
}

static void
on_call_state_changed (JdPluginHost *host, JdPluginCall *call, JdPluginCallState state,
                       DtmfMenu *self)
{
  Menu *m = g_hash_table_lookup (self->calls, call);
  const char *greeting = g_hash_table_lookup (self->files, "greeting");

  if (m == NULL)
    return;
  if (state == JD_PLUGIN_CALL_STATE_ACTIVE && greeting != NULL)
    play (m, greeting);
  else if (state == JD_PLUGIN_CALL_STATE_ENDED)
    g_hash_table_remove (self->calls, call);
}

static void
on_dtmf_received (JdPluginHost *host, JdPluginCall *call, const char *digit, DtmfMenu *self)
{
  Menu *m = g_hash_table_lookup (self->calls, call);
  g_autofree char *key = g_ascii_strup (digit, -1);
  const char *file = g_hash_table_lookup (self->files, key);

  if (m == NULL)
    return;
  if (file == NULL)
    {
      g_info ("call %u: nothing for digit %s", jd_plugin_call_get_id (call), digit);
      return;
    }
  play (m, file);
}

static gboolean
check_files (GHashTable *settings, GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, settings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_path_is_absolute (value) || !g_file_test (value, G_FILE_TEST_IS_REGULAR))
      {
        g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                     "key \"%s\" in [plugin " NAME "]: \"%s\" is not an absolute path of a "
                     "file", (const char *) key, (const char *) value);
        return FALSE;
      }
  return TRUE;
}

static void
dtmf_menu_shutdown (gpointer state)
{
  DtmfMenu *self = state;

  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->files);
  g_free (self);
}

static gboolean
dtmf_menu_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "greeting", "0", "1", "2", "3", "4", "5", "6", "7", "8",
                                      "9", "*", "#", "A", "B", "C", "D", NULL };
  DtmfMenu *self;

  if (!jd_plugin_settings_check_keys (NAME, settings, keys, error) ||
      !check_files (settings, error))
    return FALSE;
  self = g_new0 (DtmfMenu, 1);
  self->files = g_hash_table_ref (settings);
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, menu_free);
  g_signal_connect (host, "incoming-call", G_CALLBACK (on_incoming_call), self);
  g_signal_connect (host, "call-state-changed", G_CALLBACK (on_call_state_changed), self);
  g_signal_connect (host, "dtmf-received", G_CALLBACK (on_dtmf_received), self);
  *state = self;
  return TRUE;
}

JD_PLUGIN_DEFINE (dtmf_menu, NAME, "Answers, plays a greeting and a file per DTMF digit",
                  dtmf_menu_init, dtmf_menu_shutdown)
