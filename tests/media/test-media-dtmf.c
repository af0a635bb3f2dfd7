/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RFC 4733 DTMF between two media pipelines back to back over UDP on
 * 127.0.0.1 with DTLS-SRTP (as test-media-loopback.c): what alice sends
 * with jd_media_pipeline_send_dtmf() must arrive at bob as exactly those
 * digits in order, once each, with Opus (telephone-event/48000) and with
 * PCMU (telephone-event/8000).  Invalid digits and streams without
 * telephone-event are refused without sending anything.
 */
#include <gio/gio.h>

#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "media/jd-dtls-certificate.h"
#include "media/jd-media-pipeline.h"

#define ALL_DIGITS "0123456789*#ABCD"

typedef struct {
  JdMediaPipeline *pipeline;
  GSocket *socket;
  char *pem;
  GString *sent;             /* "dtmf-sent" digits */
  GString *received;         /* "dtmf-received" digits */
  GError *error;
} Side;

typedef struct {
  const char *codec;
  guint clock_rate;
  guint channels;
  guint8 pt;
  guint8 dtmf_pt;            /* 0: no telephone-event */
} Media;

static const Media opus = { "opus", 48000, 2, 111, 101 };
static const Media pcmu = { "PCMU", 8000, 1, 0, 126 };

static GSocket *
bind_loopback (void)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                G_SOCKET_PROTOCOL_UDP, NULL);

  g_assert_true (g_socket_bind (sock, addr, FALSE, NULL));
  return sock;
}

static guint16
port_of (GSocket *sock)
{
  g_autoptr (GSocketAddress) addr = g_socket_get_local_address (sock, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr));
}

static void
on_dtmf_sent (JdMediaPipeline *p, guint id, const char *digit, Side *side)
{
  g_assert_cmpuint (id, ==, 0);
  g_string_append (side->sent, digit);
}

static void
on_dtmf_received (JdMediaPipeline *p, guint id, const char *digit, Side *side)
{
  g_assert_cmpuint (id, ==, 0);
  g_string_append (side->received, digit);
}

static void
on_error (JdMediaPipeline *p, const GError *error, Side *side)
{
  if (side->error == NULL)
    side->error = g_error_copy (error);
}

static JdMediaStreamConfig
config_for (const Media *media, Side *side, gboolean client, const char *source)
{
  const JdCodec *codec = jd_codec_registry_find (media->codec, media->clock_rate,
                                                 media->channels);
  const JdCodec *dtmf = jd_codec_registry_find ("telephone-event", media->clock_rate, 1);

  g_assert_nonnull (codec);
  g_assert_nonnull (dtmf);
  return (JdMediaStreamConfig) {
    .codec = codec, .pt = media->pt, .dtls_client = client, .dtls_pem = side->pem,
    .source = source, .sink = "fakesink name=sink sync=false",
    .dtmf_codec = media->dtmf_pt != 0 ? dtmf : NULL, .dtmf_pt = media->dtmf_pt,
  };
}

static void
setup_side (Side *side, const char *name, const Media *media, gboolean client, guint16 peer_port)
{
  g_autoptr (GError) error = NULL;
  GstElement *net_src = gst_element_factory_make ("udpsrc", NULL);
  GstElement *net_sink = gst_element_factory_make ("udpsink", NULL);
  JdMediaStreamConfig config;

  side->pem = jd_dtls_certificate_new (NULL);
  g_assert_nonnull (side->pem);
  side->sent = g_string_new (NULL);
  side->received = g_string_new (NULL);
  config = config_for (media, side, client, "audiotestsrc is-live=true wave=sine volume=0.4");
  g_object_set (net_src, "socket", side->socket, "close-socket", FALSE, NULL);
  g_object_set (net_sink, "socket", side->socket, "close-socket", FALSE,
                "host", "127.0.0.1", "port", (int) peer_port, NULL);
  side->pipeline = jd_media_pipeline_new (name);
  g_signal_connect (side->pipeline, "dtmf-sent", G_CALLBACK (on_dtmf_sent), side);
  g_signal_connect (side->pipeline, "dtmf-received", G_CALLBACK (on_dtmf_received), side);
  g_signal_connect (side->pipeline, "error", G_CALLBACK (on_error), side);
  g_assert_true (jd_media_pipeline_add_stream (side->pipeline, 0, &config, net_src, net_sink,
                                               &error));
  g_assert_no_error (error);
}

static void
teardown_side (Side *side)
{
  jd_media_pipeline_stop (side->pipeline);
  g_object_unref (side->pipeline);
  g_object_unref (side->socket);
  g_string_free (side->sent, TRUE);
  g_string_free (side->received, TRUE);
  g_clear_error (&side->error);
  g_free (side->pem);
}

static guint64
packets_received (Side *side)
{
  JdMediaStats stats;

  g_assert_true (jd_media_pipeline_get_stats (side->pipeline, 0, &stats));
  return stats.packets_received;
}

/* Both started, DTLS done and media arriving both ways: from now on
 * nothing alice sends is dropped for want of keys. */
static void
start_call (Side *alice, Side *bob, const Media *media)
{
  g_autoptr (GError) error = NULL;

  alice->socket = bind_loopback ();
  bob->socket = bind_loopback ();
  setup_side (alice, "alice", media, TRUE, port_of (bob->socket));
  setup_side (bob, "bob", media, FALSE, port_of (alice->socket));
  g_assert_true (jd_media_pipeline_start (alice->pipeline, &error));
  g_assert_true (jd_media_pipeline_start (bob->pipeline, &error));
  JD_TEST_WAIT_UNTIL ((packets_received (alice) > 0 && packets_received (bob) > 0) ||
                      alice->error || bob->error, 10000);
  g_assert_no_error (alice->error);
  g_assert_no_error (bob->error);
}

/* All of @expected arrived; then a little longer, so that a duplicate
 * (say from the redundant end packets) would have arrived too. */
static void
wait_for_digits (Side *alice, Side *bob, const char *expected)
{
  gsize n = strlen (expected);

  JD_TEST_WAIT_UNTIL ((alice->sent->len >= n && bob->received->len >= n) || alice->error ||
                      bob->error, 1000 * (n + 5));
  jd_test_run_for (500);
  g_assert_no_error (alice->error);
  g_assert_no_error (bob->error);
  g_assert_cmpstr (alice->sent->str, ==, expected);
  g_assert_cmpstr (bob->received->str, ==, expected);
  /* Nothing went the other way. */
  g_assert_cmpstr (alice->received->str, ==, "");
}

static void
test_all_digits (gconstpointer data)
{
  const Media *media = data;
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, media);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, ALL_DIGITS, 0, 0, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, ALL_DIGITS);
  teardown_side (&alice);
  teardown_side (&bob);
}

/* Lower case, explicit tone and gap lengths, and a second call queued
 * behind the first while it plays. */
static void
test_queued_lower_case (void)
{
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, &pcmu);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "9a", 300, 150, &error));
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "#d0", 60, 20, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, "9A#D0");
  teardown_side (&alice);
  teardown_side (&bob);
}

/* A repeated digit is two events, each reported once; a refused call
 * queues none of its digits. */
static void
test_repeated_and_invalid (void)
{
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, &opus);
  g_assert_false (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "123E", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "4 5", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Longer than a 16-bit duration at 48 kHz (RFC 4733 §2.5.1.3). */
  g_assert_false (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "6", 2000, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "11", 0, 0, &error));
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "22", 0, 0, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, "1122");
  teardown_side (&alice);
  teardown_side (&bob);
}

/* Hold while a digit plays: it ends at once, the rest is dropped, and
 * DTMF sent after resuming goes through. */
static void
test_hold_drops_pending (void)
{
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, &opus);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "12345", 1000, 0, &error));
  JD_TEST_WAIT_UNTIL (bob.received->len > 0 || alice.error || bob.error, 5000);
  jd_media_pipeline_set_sending (alice.pipeline, 0, FALSE);
  /* Well past the 1000 ms tone and what would have followed. */
  jd_test_run_for (2000);
  g_assert_cmpstr (alice.sent->str, ==, "1");
  g_assert_cmpstr (bob.received->str, ==, "1");
  jd_media_pipeline_set_sending (alice.pipeline, 0, TRUE);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.pipeline, 0, "9", 0, 0, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, "19");
  teardown_side (&alice);
  teardown_side (&bob);
}

static void
test_not_negotiated (void)
{
  const Media plain = { "opus", 48000, 2, 111, 0 };
  Side side = { 0 };
  g_autoptr (GError) error = NULL;

  side.socket = bind_loopback ();
  setup_side (&side, "alice", &plain, TRUE, port_of (side.socket));
  g_assert_false (jd_media_pipeline_send_dtmf (side.pipeline, 0, "1", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED);
  teardown_side (&side);
}

/* RFC 4733 §2.1: the events' clock is the audio's; the wrong pairing is
 * refused when the stream is built. */
static void
test_clock_rate_mismatch (void)
{
  Side side = { 0 };
  g_autoptr (GError) error = NULL;
  JdMediaStreamConfig config;

  side.pem = jd_dtls_certificate_new (NULL);
  config = config_for (&opus, &side, TRUE, "audiotestsrc is-live=true");
  config.dtmf_codec = jd_codec_registry_find ("telephone-event", 8000, 1);
  side.pipeline = jd_media_pipeline_new ("alice");
  g_assert_false (jd_media_pipeline_add_stream (side.pipeline, 0, &config,
                                                gst_element_factory_make ("udpsrc", NULL),
                                                gst_element_factory_make ("udpsink", NULL),
                                                &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_object_unref (side.pipeline);
  g_free (side.pem);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/media/dtmf/opus/all-digits", &opus, test_all_digits);
  g_test_add_data_func ("/media/dtmf/pcmu/all-digits", &pcmu, test_all_digits);
  g_test_add_func ("/media/dtmf/pcmu/queued-lower-case", test_queued_lower_case);
  g_test_add_func ("/media/dtmf/opus/repeated-and-invalid", test_repeated_and_invalid);
  g_test_add_func ("/media/dtmf/opus/hold-drops-pending", test_hold_drops_pending);
  g_test_add_func ("/media/dtmf/not-negotiated", test_not_negotiated);
  g_test_add_func ("/media/dtmf/clock-rate-mismatch", test_clock_rate_mismatch);
  return g_test_run ();
}
