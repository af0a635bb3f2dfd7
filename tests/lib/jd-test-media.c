/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-media.h"

#include <math.h>

#include "jd-test-util.h"
#include "media/jd-dtls-certificate.h"
#include "media/jd-media-tone.h"

static void
on_error (JdMediaPipeline *pipeline, const GError *error, JdTestMediaSide *side)
{
  if (side->error == NULL)
    side->error = g_error_copy (error);
}

static void
on_element_message (JdMediaPipeline *pipeline, GstMessage *msg, JdTestMediaSide *side)
{
  double hz = jd_media_tone_peak_hz (msg, side->rate);

  if (hz < 0)
    return;
  side->reports++;
  side->last_peak_hz = hz;
  if (jd_test_media_is_tone (hz, side->expected_hz, side->rate, side->bands))
    side->hits++;
}

static GSocket *
bind_loopback (void)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (lo, 0);
  g_autoptr (GError) error = NULL;
  GSocket *udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (udp, any_port, FALSE, &error));
  g_assert_no_error (error);
  return udp;
}

void
jd_test_media_side_init (JdTestMediaSide *side, const char *name)
{
  g_autoptr (GError) error = NULL;

  *side = (JdTestMediaSide) { .name = g_strdup (name), .socket = bind_loopback () };
  side->pem = jd_dtls_certificate_new (&error);
  g_assert_no_error (error);
  side->pipeline = jd_media_pipeline_new (name);
  g_signal_connect (side->pipeline, "error", G_CALLBACK (on_error), side);
}

void
jd_test_media_side_clear (JdTestMediaSide *side)
{
  if (side->pipeline != NULL)
    jd_media_pipeline_stop (side->pipeline);
  g_clear_object (&side->pipeline);
  g_clear_object (&side->socket);
  g_clear_pointer (&side->pem, g_free);
  g_clear_pointer (&side->name, g_free);
  g_clear_error (&side->error);
  side->net_src = NULL;
}

guint16
jd_test_media_side_get_port (JdTestMediaSide *side)
{
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (side->socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

char *
jd_test_media_side_listen (JdTestMediaSide *side, double expected_hz, guint rate, guint bands,
                           guint interval_ms)
{
  side->expected_hz = expected_hz;
  side->rate = rate;
  side->bands = bands;
  g_signal_connect (side->pipeline, "element-message", G_CALLBACK (on_element_message), side);
  return jd_media_tone_sink_description (rate, bands, interval_ms);
}

void
jd_test_media_side_add_stream (JdTestMediaSide *side, const JdMediaStreamConfig *config,
                               GstElement *net_src, GstElement *net_sink)
{
  g_autoptr (GError) error = NULL;
  gboolean added;

  g_assert_nonnull (config->codec);
  added = jd_media_pipeline_add_stream (side->pipeline, 0, config, net_src, net_sink, &error);
  g_assert_no_error (error);
  g_assert_true (added);
}

void
jd_test_media_side_add_udp_stream (JdTestMediaSide *side, const JdMediaStreamConfig *config,
                                   JdTestMediaSide *peer)
{
  guint16 peer_port = jd_test_media_side_get_port (peer);
  GstElement *net_src = gst_element_factory_make ("udpsrc", NULL);
  GstElement *net_sink = gst_element_factory_make ("udpsink", NULL);

  /* Both elements use the side's socket, and the side frees it. */
  g_object_set (net_src, "socket", side->socket, "close-socket", FALSE, NULL);
  g_object_set (net_sink, "socket", side->socket, "close-socket", FALSE,
                "host", "127.0.0.1", "port", (int) peer_port, NULL);
  side->net_src = net_src;
  jd_test_media_side_add_stream (side, config, net_src, net_sink);
}

void
jd_test_media_start (JdTestMediaSide *alice, JdTestMediaSide *bob)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_media_pipeline_start (alice->pipeline, &error));
  g_assert_no_error (error);
  g_assert_true (jd_media_pipeline_start (bob->pipeline, &error));
  g_assert_no_error (error);
}

void
jd_test_media_wait_for_tones (JdTestMediaSide *alice, JdTestMediaSide *bob, guint hits,
                              guint timeout_ms)
{
  JD_TEST_WAIT_UNTIL ((alice->hits >= hits && bob->hits >= hits) || alice->error || bob->error,
                      timeout_ms);
  g_assert_no_error (alice->error);
  g_assert_no_error (bob->error);
  g_test_message ("%s hears %.0f Hz, %s hears %.0f Hz", alice->name, alice->last_peak_hz,
                  bob->name, bob->last_peak_hz);
}

char *
jd_test_media_tone_source (double hz)
{
  return g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%.0f volume=0.4", hz);
}

gboolean
jd_test_media_is_tone (double peak_hz, double expected_hz, guint rate, guint bands)
{
  return fabs (peak_hz - expected_hz) <= rate / (2.0 * (2 * bands - 2)) + 1;
}
