/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * echo: an echo-test service.  It answers every call that reaches it and
 * sends the caller back what it hears, delay-ms later: a way to test any
 * client's audio against jingled.
 *
 *   [plugin echo]
 *   delay-ms=1000    how late the caller hears itself (default 500, max 10000)
 *
 * Per call: the call's sink is an interaudiosink ("in" channel) and its
 * source the interaudiosrc of an "out" channel; between them the plugin
 * runs its own pipeline, interaudiosrc → queue → interaudiosink, whose
 * queue lets nothing out before it holds delay-ms of audio.  The delay
 * lives in a pipeline of its own because a queue measures what it holds
 * from running time 0: inside the call's pipeline, which has run for a
 * while before the first audio is decoded, that start-up time would be
 * taken off the delay.  Here interaudiosrc produces audio (silence until
 * the caller speaks) from the first moment, so the queue holds exactly
 * delay-ms and the echo never comes early.
 */
#include "jd-plugin-api.h"

#include <gst/gst.h>

#define NAME "echo"

typedef struct {
  guint delay_ms;
  GHashTable *delays;       /* JdPluginCall* -> GstElement* (the delay pipeline) */
} Echo;

static void
stop_pipeline (gpointer pipeline)
{
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

static GstElement *
delay_pipeline (Echo *self, const char *in, const char *out, GError **error)
{
  g_autofree char *desc = g_strdup_printf (
    "interaudiosrc channel=%s ! queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 "
    "min-threshold-time=%" G_GUINT64_FORMAT " ! interaudiosink channel=%s sync=false",
    in, (guint64) self->delay_ms * G_TIME_SPAN_MILLISECOND * 1000, out);

  return gst_parse_launch (desc, error);
}

static gboolean
on_incoming_call (JdPluginHost *host, JdPluginCall *call, Echo *self)
{
  g_autoptr (GError) error = NULL;
  /* interaudio channels are process-wide: the instance makes them unique
   * even when two hosts (accounts in tests) number their calls alike. */
  g_autofree char *in = g_strdup_printf ("echo-%p-%u-in", (void *) self,
                                         jd_plugin_call_get_id (call));
  g_autofree char *out = g_strdup_printf ("echo-%p-%u-out", (void *) self,
                                          jd_plugin_call_get_id (call));
  g_autofree char *source = g_strdup_printf ("pipeline:interaudiosrc channel=%s", out);
  g_autofree char *sink = g_strdup_printf ("pipeline:interaudiosink channel=%s sync=false", in);
  GstElement *delay = delay_pipeline (self, in, out, &error);

  if (delay == NULL || !jd_plugin_call_accept (call, source, sink, &error))
    {
      g_message ("call %u from %s: cannot answer: %s", jd_plugin_call_get_id (call),
                 jd_plugin_call_get_peer (call), error->message);
      if (delay != NULL)
        gst_object_unref (delay);
      return TRUE;
    }
  gst_element_set_state (delay, GST_STATE_PLAYING);
  g_hash_table_insert (self->delays, g_object_ref (call), delay);
  g_info ("call %u from %s: echoing with %u ms delay", jd_plugin_call_get_id (call),
          jd_plugin_call_get_peer (call), self->delay_ms);
  return TRUE;
}

static void
on_call_state_changed (JdPluginHost *host, JdPluginCall *call, JdPluginCallState state,
                       Echo *self)
{
  if (state == JD_PLUGIN_CALL_STATE_ENDED)
    g_hash_table_remove (self->delays, call);
}

static void
echo_shutdown (gpointer state)
{
  Echo *self = state;

  g_clear_pointer (&self->delays, g_hash_table_unref);
  g_free (self);
}

static gboolean
echo_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "delay-ms", NULL };
  Echo *self = g_new0 (Echo, 1);

  self->delays = g_hash_table_new_full (NULL, NULL, g_object_unref, stop_pipeline);
  if (!jd_plugin_settings_check_keys (NAME, settings, keys, error) ||
      !jd_plugin_settings_get_uint (NAME, settings, "delay-ms", 500, 10000, &self->delay_ms,
                                    error))
    {
      echo_shutdown (self);
      return FALSE;
    }
  g_signal_connect (host, "incoming-call", G_CALLBACK (on_incoming_call), self);
  g_signal_connect (host, "call-state-changed", G_CALLBACK (on_call_state_changed), self);
  *state = self;
  return TRUE;
}

JD_PLUGIN_DEFINE (echo, NAME, "Answers and sends back what it hears, a moment later",
                  echo_init, echo_shutdown)
