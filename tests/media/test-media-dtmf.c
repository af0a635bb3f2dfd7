/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RFC 4733 DTMF between two media pipelines back to back over UDP on
 * 127.0.0.1 with DTLS-SRTP (as test-media-loopback.c): what alice sends
 * with jd_media_pipeline_send_dtmf() must arrive at bob as exactly those
 * digits in order, once each, with Opus (telephone-event/48000) and with
 * PCMU (telephone-event/8000).  Invalid digits and streams without
 * telephone-event are refused without sending anything.
 *
 * On the wire (plain RTP, read from bob's socket): each digit is one
 * event whose packets share its timestamp, the first marked, the last
 * three with the E bit and the tone's duration; the next event starts the
 * gap after the previous tone's end; events carry the audio's SSRC and
 * sequence numbers and a timestamp on the audio's clock, and no audio of
 * an event's span is sent.  Hold ends a tone early with the same three
 * end packets.
 */
#include <string.h>

#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"

#define ALL_DIGITS "0123456789*#ABCD"

typedef struct {
  JdTestMediaSide media;
  GString *sent;             /* "dtmf-sent" digits */
  GString *received;         /* "dtmf-received" digits */
  JdMediaCrypto crypto;      /* DTLS unless set before start_call() */
  GAsyncQueue *wire;         /* Packet*, what the socket received, when set */
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

/* An RTP packet as bob's socket received it; the last four fields are
 * the RFC 4733 §2.3 payload of telephone-event packets. */
typedef struct {
  gint64 arrival_us;
  guint8 pt;
  gboolean marker;
  guint16 seq;
  guint32 ts;
  guint32 ssrc;
  guint8 event;
  gboolean end;
  guint8 volume;
  guint16 duration;
} Packet;

static void
parse_event (Packet *p, const guint8 *payload, gsize size)
{
  if (size < 4)
    return;
  p->event = payload[0];
  p->end = (payload[1] & 0x80) != 0;
  p->volume = payload[1] & 0x3f;
  p->duration = GST_READ_UINT16_BE (payload + 2);
}

/* RFC 3550 §5.1; NULL for RTCP (RFC 5761 §4: types 64-95) and others. */
static Packet *
parse_rtp (const guint8 *data, gsize size)
{
  gsize header = 12 + 4 * (gsize) (data[0] & 0x0f);
  Packet *p;

  if (size < 12 || data[0] >> 6 != 2 || ((data[1] & 0x7f) >= 64 && (data[1] & 0x7f) < 96))
    return NULL;
  if ((data[0] & 0x10) != 0 && size >= header + 4)
    header += 4 + 4 * (gsize) GST_READ_UINT16_BE (data + header + 2);
  p = g_new0 (Packet, 1);
  p->arrival_us = g_get_monotonic_time ();
  p->pt = data[1] & 0x7f;
  p->marker = (data[1] & 0x80) != 0;
  p->seq = GST_READ_UINT16_BE (data + 2);
  p->ts = GST_READ_UINT32_BE (data + 4);
  p->ssrc = GST_READ_UINT32_BE (data + 8);
  if (size > header)
    parse_event (p, data + header, size - header);
  return p;
}

/* Streaming thread: into the thread-safe queue only. */
static GstPadProbeReturn
on_datagram (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  Packet *p;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  p = parse_rtp (map.data, map.size);
  if (p != NULL)
    g_async_queue_push (user_data, p);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
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

static JdMediaStreamConfig
config_for (const Media *media, Side *side, gboolean client, const char *source)
{
  const JdCodec *codec = jd_codec_registry_find (media->codec, media->clock_rate,
                                                 media->channels);
  const JdCodec *dtmf = jd_codec_registry_find ("telephone-event", media->clock_rate, 1);

  g_assert_nonnull (codec);
  g_assert_nonnull (dtmf);
  return (JdMediaStreamConfig) {
    .codec = codec, .pt = media->pt, .dtls_client = client, .dtls_pem = side->media.pem,
    .crypto = side->crypto, .source = source, .sink = "fakesink name=sink sync=false",
    .dtmf_codec = media->dtmf_pt != 0 ? dtmf : NULL, .dtmf_pt = media->dtmf_pt,
  };
}

static void
setup_side (Side *side, const char *name)
{
  jd_test_media_side_init (&side->media, name);
  side->sent = g_string_new (NULL);
  side->received = g_string_new (NULL);
  g_signal_connect (side->media.pipeline, "dtmf-sent", G_CALLBACK (on_dtmf_sent), side);
  g_signal_connect (side->media.pipeline, "dtmf-received", G_CALLBACK (on_dtmf_received), side);
}

static void
add_stream (Side *side, const Media *media, gboolean client, Side *peer)
{
  JdMediaStreamConfig config = config_for (media, side, client,
                                           "audiotestsrc is-live=true wave=sine volume=0.4");

  jd_test_media_side_add_udp_stream (&side->media, &config, &peer->media);
  if (side->wire != NULL)
    {
      g_autoptr (GstPad) pad = gst_element_get_static_pad (side->media.net_src, "src");

      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_datagram,
                         g_async_queue_ref (side->wire), (GDestroyNotify) g_async_queue_unref);
    }
}

static void
teardown_side (Side *side)
{
  jd_test_media_side_clear (&side->media);
  g_string_free (side->sent, TRUE);
  g_string_free (side->received, TRUE);
  g_clear_pointer (&side->wire, g_async_queue_unref);
}

static guint64
packets_received (Side *side)
{
  JdMediaStats stats;

  g_assert_true (jd_media_pipeline_get_stats (side->media.pipeline, 0, &stats));
  return stats.packets_received;
}

/* Both started, DTLS done and media arriving both ways: from now on
 * nothing alice sends is dropped for want of keys. */
static void
start_call (Side *alice, Side *bob, const Media *media)
{
  setup_side (alice, "alice");
  setup_side (bob, "bob");
  add_stream (alice, media, TRUE, bob);
  add_stream (bob, media, FALSE, alice);
  jd_test_media_start (&alice->media, &bob->media);
  JD_TEST_WAIT_UNTIL ((packets_received (alice) > 0 && packets_received (bob) > 0) ||
                      alice->media.error || bob->media.error, 10000);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
}

/* All of @expected arrived; then a little longer, so that a duplicate
 * (say from the redundant end packets) would have arrived too. */
static void
wait_for_digits (Side *alice, Side *bob, const char *expected)
{
  gsize n = strlen (expected);

  JD_TEST_WAIT_UNTIL ((alice->sent->len >= n && bob->received->len >= n) || alice->media.error ||
                      bob->media.error, 1000 * (n + 5));
  jd_test_run_for (500);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
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
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, ALL_DIGITS, 0, 0, &error));
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
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "9a", 300, 150, &error));
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "#d0", 60, 20, &error));
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
  g_assert_false (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "123E", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "4 5", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Longer than a 16-bit duration at 48 kHz (RFC 4733 §2.5.1.3). */
  g_assert_false (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "6", 2000, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "11", 0, 0, &error));
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "22", 0, 0, &error));
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
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "12345", 1000, 0, &error));
  JD_TEST_WAIT_UNTIL (bob.received->len > 0 || alice.media.error || bob.media.error, 5000);
  jd_media_pipeline_set_sending (alice.media.pipeline, 0, FALSE);
  /* Well past the 1000 ms tone and what would have followed. */
  jd_test_run_for (2000);
  g_assert_cmpstr (alice.sent->str, ==, "1");
  g_assert_cmpstr (bob.received->str, ==, "1");
  jd_media_pipeline_set_sending (alice.media.pipeline, 0, TRUE);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "9", 0, 0, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, "19");
  teardown_side (&alice);
  teardown_side (&bob);
}

typedef struct {
  const Media *media;
  const char *digits;
  guint tone_ms;             /* 0: the default 100 */
  guint gap_ms;              /* 0: the default 50 */
} Wire;

#define END_PACKETS 3

static gint64
units (const Media *media, gint64 ms)
{
  return ms * media->clock_rate / 1000;
}

static int
event_of (char digit)
{
  return (int) (strchr (ALL_DIGITS, g_ascii_toupper (digit)) - ALL_DIGITS);
}

/* An event's packets p[0..n): RFC 4733 §2.5.1.  Returns the final
 * duration. */
static guint16
check_event (const Packet *p, guint n, char digit)
{
  guint16 final;

  g_assert_cmpuint (n, >=, END_PACKETS);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (p[i].ts, ==, p[0].ts);
      g_assert_cmpint (p[i].marker, ==, i == 0);
      g_assert_cmpint (p[i].end, ==, i >= n - END_PACKETS);
      g_assert_cmpint (p[i].event, ==, event_of (digit));
      g_assert_cmpuint (p[i].volume, ==, 10);
      if (i > 0)
        g_assert_cmpuint (p[i].duration, >=, p[i - 1].duration);
    }
  final = p[n - 1].duration;
  g_assert_cmpuint (p[n - 2].duration, ==, final);
  g_assert_cmpuint (p[n - 3].duration, ==, final);
  return final;
}

/* The audio packet received last before @event: its timestamp, on the
 * same clock, is a little older than the event's (a whole 128 ms buffer
 * of the PCMU test source, and more under sanitizers); with another
 * clock or offset it would be anywhere in the 32-bit range.  Only for the
 * first event: the short gaps between events may hold no audio packet
 * of their own. */
static void
check_audio_clock (GArray *packets, guint event, const Media *media)
{
  const Packet *e = &g_array_index (packets, Packet, event);

  for (guint i = event; i-- > 0;)
    {
      const Packet *a = &g_array_index (packets, Packet, i);

      if (a->pt != media->pt)
        continue;
      g_assert_cmpint ((gint32) (e->ts - a->ts), >=, -units (media, 20));
      g_assert_cmpint ((gint32) (e->ts - a->ts), <=, units (media, 1000));
      return;
    }
  g_assert_not_reached ();
}

static int
compare_ints (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* One SSRC and one run of sequence numbers, audio and events alike, and
 * no audio of the span [ts, ts + final) of an event after its first
 * 20 ms (audio captured just as the event starts may reach rtpdtmfmux
 * before the event's first packet does).  rtpdtmfmux numbers
 * the packets of its two input threads under a lock but pushes them
 * after it, so two packets may swap places: none may be missing. */
static void
check_stream (GArray *packets, guint from, guint32 ts, guint16 final, const Media *media)
{
  const Packet *first = &g_array_index (packets, Packet, from);
  g_autoptr (GArray) seqs = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = from; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);
      int seq = (gint16) (guint16) (p->seq - first->seq);

      g_assert_cmpuint (p->ssrc, ==, first->ssrc);
      g_array_append_val (seqs, seq);
      if (p->pt == media->pt && p->ts - ts >= units (media, 20))
        g_assert_cmpuint (p->ts - ts, >=, final);
    }
  g_array_sort (seqs, compare_ints);
  for (guint i = 1; i < seqs->len; i++)
    g_assert_cmpint (g_array_index (seqs, int, i), ==, g_array_index (seqs, int, i - 1) + 1);
}

/* The events in arrival order, one per digit (audio packets may come
 * between the copies of the end packet); returns the number of timestamp
 * units from the first's start to the last's end. */
static gint64
check_events (GArray *packets, const Wire *wire)
{
  const Media *media = wire->media;
  g_autoptr (GArray) events = g_array_new (FALSE, FALSE, sizeof (Packet));
  g_autoptr (GArray) where = g_array_new (FALSE, FALSE, sizeof (guint));
  const Packet *prev = NULL;   /* the previous event's last packet */
  guint digit = 0;

  for (guint i = 0; i < packets->len; i++)
    if (g_array_index (packets, Packet, i).pt == media->dtmf_pt)
      {
        g_array_append_val (events, g_array_index (packets, Packet, i));
        g_array_append_val (where, i);
      }
  for (guint i = 0; i < events->len; digit++)
    {
      const Packet *p = &g_array_index (events, Packet, i);
      guint at = g_array_index (where, guint, i);
      guint n = 0;

      while (i + n < events->len && g_array_index (events, Packet, i + n).ts == p->ts)
        n++;
      g_assert_cmpuint (digit, <, strlen (wire->digits));
      g_assert_cmpint (ABS ((gint64) check_event (p, n, wire->digits[digit]) -
                            units (media, wire->tone_ms)), <=, units (media, 20));
      if (digit == 0)
        check_audio_clock (packets, at, media);
      check_stream (packets, at > 0 ? at - 1 : 0, p->ts, p[n - 1].duration, media);
      if (prev != NULL)
        g_assert_cmpint (ABS ((gint32) (p->ts - prev->ts - prev->duration) -
                              units (media, wire->gap_ms)), <=, units (media, 30));
      prev = &p[n - 1];
      i += n;
    }
  g_assert_cmpuint (digit, ==, strlen (wire->digits));
  return (gint64) (guint32) (prev->ts + prev->duration - g_array_index (events, Packet, 0).ts);
}

static GArray *
drain (GAsyncQueue *wire)
{
  GArray *packets = g_array_new (FALSE, FALSE, sizeof (Packet));
  Packet *p;

  while ((p = g_async_queue_try_pop (wire)) != NULL)
    {
      g_array_append_val (packets, *p);
      g_free (p);
    }
  return packets;
}

/* From the first event packet to the last: not sent in a burst. */
static gint64
wire_time_us (GArray *packets, guint8 pt)
{
  gint64 first = -1, last = -1;

  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);

      if (p->pt != pt)
        continue;
      if (first < 0)
        first = p->arrival_us;
      last = p->arrival_us;
    }
  return last - first;
}

static void
test_wire (gconstpointer data)
{
  Wire wire = *(const Wire *) data;
  Side alice = { .crypto = JD_MEDIA_CRYPTO_NONE };
  Side bob = { .crypto = JD_MEDIA_CRYPTO_NONE };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) packets = NULL;
  gint64 span, expected;
  guint n = strlen (wire.digits);

  bob.wire = g_async_queue_new_full (g_free);
  start_call (&alice, &bob, wire.media);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, wire.digits, wire.tone_ms,
                                              wire.gap_ms, &error));
  g_assert_no_error (error);
  wait_for_digits (&alice, &bob, wire.digits);
  jd_media_pipeline_stop (bob.media.pipeline);
  packets = drain (bob.wire);
  wire.tone_ms = wire.tone_ms != 0 ? wire.tone_ms : 100;
  wire.gap_ms = wire.gap_ms != 0 ? wire.gap_ms : 50;
  span = check_events (packets, &wire);
  /* n tones and n - 1 gaps: 16 default digits in 16 × 150 ms less the
   * last gap. */
  expected = units (wire.media, n * wire.tone_ms + (n - 1) * wire.gap_ms);
  g_test_message ("%u digits: %" G_GINT64_FORMAT " ms of events, %" G_GINT64_FORMAT
                  " ms on the wire", n, span * 1000 / wire.media->clock_rate,
                  wire_time_us (packets, wire.media->dtmf_pt) / 1000);
  g_assert_cmpint (ABS (span - expected), <=, units (wire.media, 50));
  g_assert_cmpint (wire_time_us (packets, wire.media->dtmf_pt), >=,
                   (span * 1000 / wire.media->clock_rate - 40) * 1000);
  teardown_side (&alice);
  teardown_side (&bob);
}

static GArray *
events_only (GArray *packets, guint8 pt)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (Packet));

  for (guint i = 0; i < packets->len; i++)
    if (g_array_index (packets, Packet, i).pt == pt)
      g_array_append_val (events, g_array_index (packets, Packet, i));
  return events;
}

/* Hold in the middle of a long tone: the event ends early but properly,
 * with its three end packets, and the next digit never starts. */
static void
test_wire_hold (void)
{
  Side alice = { .crypto = JD_MEDIA_CRYPTO_NONE };
  Side bob = { .crypto = JD_MEDIA_CRYPTO_NONE };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) packets = NULL;
  g_autoptr (GArray) events = NULL;
  guint16 final;

  bob.wire = g_async_queue_new_full (g_free);
  start_call (&alice, &bob, &pcmu);
  g_assert_true (jd_media_pipeline_send_dtmf (alice.media.pipeline, 0, "12", 1000, 0, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (bob.received->len > 0 || alice.media.error || bob.media.error, 5000);
  jd_media_pipeline_set_sending (alice.media.pipeline, 0, FALSE);
  jd_test_run_for (1500);
  g_assert_cmpstr (alice.sent->str, ==, "1");
  jd_media_pipeline_stop (bob.media.pipeline);
  packets = drain (bob.wire);
  events = events_only (packets, pcmu.dtmf_pt);
  final = check_event (&g_array_index (events, Packet, 0), events->len, '1');
  g_test_message ("1000 ms tone held after the first digit arrived: %u ms on the wire",
                  final * 1000 / pcmu.clock_rate);
  g_assert_cmpuint (final, <, units (&pcmu, 1000));
  teardown_side (&alice);
  teardown_side (&bob);
}

static void
test_not_negotiated (void)
{
  const Media plain = { "opus", 48000, 2, 111, 0 };
  Side side = { 0 };
  g_autoptr (GError) error = NULL;

  setup_side (&side, "alice");
  add_stream (&side, &plain, TRUE, &side);
  g_assert_false (jd_media_pipeline_send_dtmf (side.media.pipeline, 0, "1", 0, 0, &error));
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

  setup_side (&side, "alice");
  config = config_for (&opus, &side, TRUE, "audiotestsrc is-live=true");
  config.dtmf_codec = jd_codec_registry_find ("telephone-event", 8000, 1);
  g_assert_false (jd_media_pipeline_add_stream (side.media.pipeline, 0, &config,
                                                gst_element_factory_make ("udpsrc", NULL),
                                                gst_element_factory_make ("udpsink", NULL),
                                                &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  teardown_side (&side);
}

int
main (int argc, char **argv)
{
  /* Below rtpdtmfsrc's 250 ms and 100 ms floors, and not on a 20 ms grid. */
  static const Wire wire_defaults = { &opus, ALL_DIGITS, 0, 0 };
  static const Wire wire_short = { &pcmu, "159#", 40, 30 };
  static const Wire wire_odd = { &pcmu, "*07", 170, 90 };

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/media/dtmf/opus/all-digits", &opus, test_all_digits);
  g_test_add_data_func ("/media/dtmf/pcmu/all-digits", &pcmu, test_all_digits);
  g_test_add_func ("/media/dtmf/pcmu/queued-lower-case", test_queued_lower_case);
  g_test_add_func ("/media/dtmf/opus/repeated-and-invalid", test_repeated_and_invalid);
  g_test_add_func ("/media/dtmf/opus/hold-drops-pending", test_hold_drops_pending);
  g_test_add_data_func ("/media/dtmf/opus/wire-defaults", &wire_defaults, test_wire);
  g_test_add_data_func ("/media/dtmf/pcmu/wire-short", &wire_short, test_wire);
  g_test_add_data_func ("/media/dtmf/pcmu/wire-odd-length", &wire_odd, test_wire);
  g_test_add_func ("/media/dtmf/pcmu/wire-hold", test_wire_hold);
  g_test_add_func ("/media/dtmf/not-negotiated", test_not_negotiated);
  g_test_add_func ("/media/dtmf/clock-rate-mismatch", test_clock_rate_mismatch);
  return g_test_run ();
}
