/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * echo: an echo-test service.  It answers every call that reaches it and
 * sends the caller back what it hears, delay-ms later: a way to test any
 * client's audio against jingled.
 *
 *   [plugin echo]
 *   delay-ms=1000    how late the caller hears itself (default 500, max 10000)
 *
 * The call's audio sink is a queue that holds delay-ms of audio before it
 * lets any out, into an interaudiosink; the call's source is the
 * interaudiosrc of the same channel, one channel per call.  Whatever
 * arrives is in the queue until it leaves, so the echo never comes early.
 */
#include "jd-plugin-api.h"

#define NAME "echo"

typedef struct {
  guint delay_ms;
} Echo;

static gboolean
on_incoming_call (JdPluginHost *host, JdPluginCall *call, Echo *self)
{
  g_autoptr (GError) error = NULL;
  /* interaudio channels are process-wide: the instance makes them unique
   * even when two hosts (accounts in tests) number their calls alike. */
  g_autofree char *channel = g_strdup_printf ("echo-%p-%u", (void *) self,
                                              jd_plugin_call_get_id (call));
  g_autofree char *source = g_strdup_printf ("pipeline:interaudiosrc channel=%s", channel);
  g_autofree char *sink = g_strdup_printf (
    "pipeline:queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 "
    "min-threshold-time=%" G_GUINT64_FORMAT " ! interaudiosink channel=%s sync=false",
    (guint64) self->delay_ms * G_TIME_SPAN_MILLISECOND * 1000, channel);

  if (!jd_plugin_call_accept (call, source, sink, &error))
    {
      g_message ("call %u from %s: cannot answer: %s", jd_plugin_call_get_id (call),
                 jd_plugin_call_get_peer (call), error->message);
      return TRUE;
    }
  g_info ("call %u from %s: echoing with %u ms delay", jd_plugin_call_get_id (call),
          jd_plugin_call_get_peer (call), self->delay_ms);
  return TRUE;
}

static gboolean
echo_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "delay-ms", NULL };
  Echo *self = g_new0 (Echo, 1);

  if (!jd_plugin_settings_check_keys (NAME, settings, keys, error) ||
      !jd_plugin_settings_get_uint (NAME, settings, "delay-ms", 500, 10000, &self->delay_ms,
                                    error))
    {
      g_free (self);
      return FALSE;
    }
  g_signal_connect (host, "incoming-call", G_CALLBACK (on_incoming_call), self);
  *state = self;
  return TRUE;
}

JD_PLUGIN_DEFINE (echo, NAME, "Answers and sends back what it hears, a moment later",
                  echo_init, g_free)
