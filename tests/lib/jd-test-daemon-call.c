/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-daemon-call.h"

#include <math.h>
#include <string.h>

#include <gst/gst.h>

#include "jd-test-util.h"
#include "media/jd-media-tone.h"

#define RATE 48000
#define BANDS 480
/* Flags and timeout of every proxy call. */
#define SYNC G_DBUS_CALL_FLAGS_NONE, -1

static void
on_dtmf (JdDbusCall1 *proxy, const char *digit, JdTestDaemonCall *c)
{
  g_string_append (c->dtmf, digit);
}

static void
on_ended (JdDbusCall1 *proxy, const char *reason, JdTestDaemonCall *c)
{
  g_assert_null (c->ended);
  c->ended = g_strdup (reason);
}

void
jd_test_daemon_call_watch (JdTestDaemonCall *c, JdTestDaemon *d, const char *path)
{
  c->proxy = jd_test_daemon_call (d, path);
  c->dtmf = g_string_new (NULL);
  g_signal_connect (c->proxy, "dtmf-received", G_CALLBACK (on_dtmf), c);
  g_signal_connect (c->proxy, "ended", G_CALLBACK (on_ended), c);
}

void
jd_test_daemon_call_clear (JdTestDaemonCall *c)
{
  g_clear_object (&c->proxy);
  if (c->dtmf != NULL)
    g_string_free (c->dtmf, TRUE);
  g_free (c->ended);
}

/* Why the call ended: its Ended signal, or for a call that ended before
 * the proxy was made (a quick decline), its EndReason.  NULL until then. */
const char *
jd_test_daemon_call_end_reason (JdTestDaemonCall *c)
{
  const char *reason = jd_dbus_call1_get_end_reason (c->proxy);

  if (c->ended != NULL)
    return c->ended;
  return reason != NULL && *reason != '\0' ? reason : NULL;
}

gboolean
jd_test_daemon_call_in_state (JdTestDaemonCall *c, const char *state)
{
  return g_strcmp0 (jd_dbus_call1_get_state (c->proxy), state) == 0;
}

void
jd_test_on_incoming_call (JdDbusAccount1 *account, const char *path, const char *from,
                          const char *const *media, JdTestIncoming *in)
{
  in->count++;
  g_free (in->path);
  g_free (in->from);
  g_strfreev (in->media);
  in->path = g_strdup (path);
  in->from = g_strdup (from);
  in->media = g_strdupv ((char **) media);
}

void
jd_test_incoming_clear (JdTestIncoming *in)
{
  g_free (in->path);
  g_free (in->from);
  g_strfreev (in->media);
}

void
jd_test_on_missed_call (JdDbusAccount1 *account, const char *from, const char *const *media,
                        gint64 timestamp, JdTestMissed *m)
{
  m->count++;
  g_free (m->from);
  g_strfreev (m->media);
  m->from = g_strdup (from);
  m->media = g_strdupv ((char **) media);
  m->timestamp = timestamp;
}

void
jd_test_missed_clear (JdTestMissed *m)
{
  g_clear_pointer (&m->from, g_free);
  g_clear_pointer (&m->media, g_strfreev);
  m->count = 0;
}

void
jd_test_on_call_counted (JdDbusManager1 *manager, const char *path, guint *count)
{
  (*count)++;
}

GVariant *
jd_test_no_options (void)
{
  return g_variant_new ("a{sv}", NULL);
}

/* Until the callee's daemon is online and its caps have reached the
 * caller, a bare JID has no resource to call (PeerUnavailable). */
char *
jd_test_daemon_dial (JdTestDaemon *from, const char *jid)
{
  gint64 deadline = g_get_monotonic_time () + JD_TEST_DAEMON_CALL_TIMEOUT_MS * 1000 * jd_test_timeout_scale ();

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      char *path = NULL;

      if (jd_dbus_account1_call_dial_sync (from->account, jid, jd_test_no_options (), SYNC, &path,
                                           NULL, &error))
        return path;
      g_assert_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_PEER_UNAVAILABLE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jd_test_run_for (200);
    }
}

const char *
jd_test_daemon_bound_jid (JdTestDaemon *d)
{
  return jd_dbus_account1_get_bound_jid (d->account);
}

/* ---------------------------------------------------------------- */
/* What a recording holds                                           */

static guint32
le32 (const guint8 *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24;
}

/* The recording stops without its WAV sizes filled in (the call ends,
 * the file is never finished with an EOS), so read the fmt chunk
 * ourselves and the rest as raw samples. */
static char *
raw_description (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  const guint8 *h;
  guint16 format, channels, bits;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 44 + RATE);
  h = (const guint8 *) data;
  g_assert_true (memcmp (h, "RIFF", 4) == 0 && memcmp (h + 12, "fmt ", 4) == 0);
  format = h[20] | h[21] << 8;
  channels = h[22] | h[23] << 8;
  bits = h[34] | h[35] << 8;
  return g_strdup_printf ("filesrc location=\"%s\" ! rawaudioparse use-sink-caps=false "
                          "format=pcm pcm-format=%s sample-rate=%u num-channels=%u ! "
                          "audioconvert ! audioresample ! audio/x-raw,rate=%d",
                          path, format == 3 ? "f32le" : bits == 32 ? "s32le" : "s16le",
                          le32 (h + 24), channels, RATE);
}

/* How many of the spectrum reports over @path peak within a band of @hz. */
void
jd_test_count_tone (const char *path, double hz, guint *hits, guint *reports)
{
  g_autofree char *src = raw_description (path);
  g_autofree char *sink = jd_media_tone_sink_description (RATE, BANDS, 100);
  g_autofree char *desc = g_strdup_printf ("%s ! %s", src, sink);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) p = gst_parse_launch (desc, &error);
  g_autoptr (GstBus) bus = NULL;
  GstMessage *msg;

  g_assert_no_error (error);
  bus = gst_element_get_bus (p);
  *hits = *reports = 0;
  gst_element_set_state (p, GST_STATE_PLAYING);
  while ((msg = gst_bus_timed_pop (bus, 5 * GST_SECOND * jd_test_timeout_scale ())) != NULL)
    {
      gboolean end = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS ||
                     GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR;
      double peak = jd_media_tone_peak_hz (msg, RATE);

      if (peak > 0)
        {
          (*reports)++;
          *hits += fabs (peak - hz) <= RATE / (2.0 * BANDS - 2) + 1;
        }
      gst_message_unref (msg);
      if (end)
        break;
    }
  gst_element_set_state (p, GST_STATE_NULL);
}

void
jd_test_assert_recorded_tone (const char *path, double hz)
{
  guint hits, reports;

  jd_test_count_tone (path, hz, &hits, &reports);
  g_test_message ("%s: %u of %u reports at %.0f Hz", path, hits, reports, hz);
  /* A second of audio at least, mostly the tone. */
  g_assert_cmpuint (reports, >=, 10);
  g_assert_cmpuint (hits * 4, >=, reports * 3);
}

