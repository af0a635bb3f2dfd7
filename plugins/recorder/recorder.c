/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * recorder: records every call the daemon makes or answers, both
 * directions, to an Ogg/Opus file per call.
 *
 *   [plugin recorder]
 *   dir=/var/lib/jingled/recordings   where the files go (absolute; created, mode 0700)
 *
 * The file is stereo: the left channel is what we sent, the right one
 * what the peer sent.  Its name is DATE-TIME-DIRECTION-PEER-ID.ogg, and
 * its Vorbis comments carry the peer (ARTIST), the start (DATETIME), the
 * direction (COMMENT) and a TITLE.  The recording runs from the moment
 * media flows (the call is active) to its end; it is written as NAME.ogg.part and
 * renamed to NAME.ogg when complete, so a .ogg file is always playable.
 *
 * Taps: both directions of the call are copied to interaudiosink
 * channels (jd_plugin_call_tap_audio()); the recorder's own pipeline reads
 * them with interaudiosrc, spreads them to left and right, mixes and
 * encodes.  The call never waits for the recorder.
 */
#include "jd-plugin-api.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#define NAME "recorder"

typedef struct {
  char *dir;
  GHashTable *recordings;   /* JdPluginCall* -> Recording* */
} Recorder;

typedef struct {
  Recorder *self;
  JdPluginCall *call;
  char *sent;               /* the tap channels */
  char *received;
  GstElement *pipeline;     /* NULL until the call is answered */
  GSource *bus_watch;
  char *part;               /* written */
  char *path;               /* renamed to when complete */
} Recording;

/* Stops the pipeline; a @complete file gets its final name, a broken
 * one stays NAME.ogg.part. */
static void
recording_finish (Recording *r, gboolean complete)
{
  if (r->pipeline == NULL)
    return;
  gst_element_set_state (r->pipeline, GST_STATE_NULL);
  g_clear_pointer (&r->pipeline, gst_object_unref);
  if (!complete)
    return;
  if (g_rename (r->part, r->path) != 0)
    g_message ("cannot rename %s: %s", r->part, g_strerror (errno));
  else
    g_info ("call %u recorded to %s", jd_plugin_call_get_id (r->call), r->path);
}

static void
recording_free (gpointer data)
{
  Recording *r = data;

  if (r->bus_watch != NULL)
    {
      g_source_destroy (r->bus_watch);
      g_source_unref (r->bus_watch);
    }
  if (r->pipeline != NULL)
    {
      /* Shutting down mid-call: finish the file before the call ends. */
      g_autoptr (GstBus) bus = gst_element_get_bus (r->pipeline);
      g_autoptr (GstMessage) end = NULL;

      gst_element_send_event (r->pipeline, gst_event_new_eos ());
      end = gst_bus_timed_pop_filtered (bus, 2 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      recording_finish (r, end != NULL && GST_MESSAGE_TYPE (end) == GST_MESSAGE_EOS);
    }
  g_object_unref (r->call);
  g_free (r->sent);
  g_free (r->received);
  g_free (r->part);
  g_free (r->path);
  g_free (r);
}

static char *
file_name (const char *dir, JdPluginCall *call)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *peer = g_strdup (jd_plugin_call_get_peer (call));
  g_autofree char *base = NULL;

  /* A resource may hold anything, even a slash. */
  g_strcanon (peer, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_", '_');
  base = g_strdup_printf ("%s-%s-%s-%u.ogg", date,
                          jd_plugin_call_get_direction (call) == JD_PLUGIN_CALL_INCOMING
                            ? "in" : "out", peer, jd_plugin_call_get_id (call));
  return g_build_filename (dir, base, NULL);
}

/* Left (sent) and right (received) through mix-matrix, then summed. */
#define BRANCH "interaudiosrc channel=%s ! audioconvert ! audioresample ! " \
               "audio/x-raw,rate=48000,channels=1 ! audioconvert mix-matrix=\"%s\" ! " \
               "audio/x-raw,channels=2 ! mix. "

static void
set_tags (GstElement *pipeline, JdPluginCall *call)
{
  g_autoptr (GstElement) enc = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GstDateTime) when = gst_date_time_new_from_g_date_time (g_date_time_ref (now));
  const char *peer = jd_plugin_call_get_peer (call);
  const gboolean in = jd_plugin_call_get_direction (call) == JD_PLUGIN_CALL_INCOMING;
  g_autofree char *title = g_strdup_printf ("Call %s %s", in ? "from" : "to", peer);

  gst_tag_setter_add_tags (GST_TAG_SETTER (enc), GST_TAG_MERGE_REPLACE,
                           GST_TAG_TITLE, title, GST_TAG_ARTIST, peer,
                           GST_TAG_COMMENT, in ? "incoming call" : "outgoing call",
                           GST_TAG_DATE_TIME, when, NULL);
}

static gboolean
on_bus (GstBus *bus, GstMessage *msg, gpointer data)
{
  Recording *r = data;
  g_autoptr (GError) error = NULL;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (msg, &error, NULL);
      g_message ("call %u: recording %s failed: %s", jd_plugin_call_get_id (r->call),
                 r->part, error->message);
    }
  else if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_EOS)
    return G_SOURCE_CONTINUE;
  recording_finish (r, error == NULL);
  /* After the call ended, the recording is done with: frees @r. */
  if (jd_plugin_call_get_state (r->call) == JD_PLUGIN_CALL_STATE_ENDED)
    g_hash_table_remove (r->self->recordings, r->call);
  return G_SOURCE_CONTINUE;
}

static void
recording_start (Recording *r, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autofree char *desc = g_strdup_printf (
    "audiomixer name=mix ! audio/x-raw,channels=2 ! audioconvert ! opusenc name=enc ! "
    "oggmux ! filesink name=sink " BRANCH BRANCH,
    r->sent, "<<(float)1.0>,<(float)0.0>>", r->received, "<<(float)0.0>,<(float)1.0>>");

  r->path = file_name (dir, r->call);
  r->part = g_strconcat (r->path, ".part", NULL);
  r->pipeline = gst_parse_launch (desc, &error);
  if (r->pipeline == NULL)
    {
      g_message ("call %u: cannot record: %s", jd_plugin_call_get_id (r->call), error->message);
      return;
    }
  sink = gst_bin_get_by_name (GST_BIN (r->pipeline), "sink");
  g_object_set (sink, "location", r->part, NULL);
  set_tags (r->pipeline, r->call);
  bus = gst_element_get_bus (r->pipeline);
  r->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (r->bus_watch, (GSourceFunc) (void (*) (void)) on_bus, r, NULL);
  g_source_attach (r->bus_watch, g_main_context_get_thread_default ());
  gst_element_set_state (r->pipeline, GST_STATE_PLAYING);
  g_info ("call %u: recording to %s", jd_plugin_call_get_id (r->call), r->part);
}

/* Taps the call; the recording starts when it is answered. */
static void
watch_call (Recorder *self, JdPluginCall *call)
{
  g_autoptr (GError) error = NULL;
  Recording *r = g_new0 (Recording, 1);

  r->self = self;
  r->call = g_object_ref (call);
  r->sent = g_strdup_printf ("rec-%p-%u-sent", (void *) self, jd_plugin_call_get_id (call));
  r->received = g_strdup_printf ("rec-%p-%u-received", (void *) self,
                                 jd_plugin_call_get_id (call));
  if (!jd_plugin_call_tap_audio (call, r->sent, r->received, &error))
    {
      g_message ("call %u: not recorded: %s", jd_plugin_call_get_id (call), error->message);
      recording_free (r);
      return;
    }
  g_hash_table_insert (self->recordings, call, r);
}

static void
on_call_added (JdPluginHost *host, JdPluginCall *call, Recorder *self)
{
  watch_call (self, call);
}

static void
on_call_state_changed (JdPluginHost *host, JdPluginCall *call, JdPluginCallState state,
                       Recorder *self)
{
  Recording *r = g_hash_table_lookup (self->recordings, call);

  if (r == NULL)
    return;
  /* Once: a recording that failed is not restarted into another file. */
  if (state == JD_PLUGIN_CALL_STATE_ACTIVE && r->path == NULL)
    recording_start (r, self->dir);
  else if (state == JD_PLUGIN_CALL_STATE_ENDED)
    {
      /* The file is complete at EOS: the bus watch then drops it. */
      if (r->pipeline != NULL)
        gst_element_send_event (r->pipeline, gst_event_new_eos ());
      else
        g_hash_table_remove (self->recordings, call);
    }
}

static void
recorder_shutdown (gpointer state)
{
  Recorder *self = state;

  if (self == NULL)
    return;
  g_hash_table_unref (self->recordings);
  g_free (self->dir);
  g_free (self);
}

static gboolean
recorder_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "dir", NULL };
  const char *dir = g_hash_table_lookup (settings, "dir");
  Recorder *self;

  if (!jd_plugin_settings_check_keys (NAME, settings, keys, error))
    return FALSE;
  if (dir == NULL || !g_path_is_absolute (dir))
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                   "[plugin " NAME "] needs dir= with an absolute directory");
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                   "key \"dir\" in [plugin " NAME "]: cannot create %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  self = g_new0 (Recorder, 1);
  self->dir = g_strdup (dir);
  self->recordings = g_hash_table_new_full (NULL, NULL, NULL, recording_free);
  g_signal_connect (host, "call-added", G_CALLBACK (on_call_added), self);
  g_signal_connect (host, "call-state-changed", G_CALLBACK (on_call_state_changed), self);
  *state = self;
  return TRUE;
}

JD_PLUGIN_DEFINE (recorder, NAME, "Records each call, both directions, to Ogg/Opus",
                  recorder_init, recorder_shutdown)
