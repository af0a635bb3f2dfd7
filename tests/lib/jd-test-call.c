/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-call.h"

#include "jd-test-media.h"
#include "media/jd-media-tone.h"

#define BANDS 480
#define RATE 48000
#define VIDEO_SOURCE "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1"
#define VIDEO_SINK "fakesink name=sink signal-handoffs=true sync=false async=false"

const char *const jd_test_loopback[] = { "127.0.0.1", NULL };

static void
on_element_message (JdMediaPipeline *p, GstMessage *msg, JdTestSide *side)
{
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz < 0)
    return;
  side->last_peak_hz = hz;
  side->reports++;
  if (jd_test_media_is_tone (hz, side->expect_hz, RATE, BANDS))
    side->hits++;
}

static void
on_dtmf (JdCall *call, const char *digit, JdTestSide *side)
{
  g_string_append (side->dtmf, digit);
}

/* Streaming thread: only atomics. */
static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, JdTestSide *side)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *s = caps != NULL ? gst_caps_get_structure (caps, 0) : NULL;
  int w = 0, h = 0;

  if (s != NULL && gst_structure_get_int (s, "width", &w) &&
      gst_structure_get_int (s, "height", &h))
    {
      g_atomic_int_set (&side->video_width, w);
      g_atomic_int_set (&side->video_height, h);
    }
  g_atomic_int_inc ((gint *) &side->video_frames);
}

guint64
jd_test_side_received (JdTestSide *side, JdJingleMedia media)
{
  JdCallStats stats;
  guint64 n;

  g_assert_true (jd_call_get_stats (side->call, media, &stats));
  n = stats.media.packets_received;
  jd_call_stats_clear (&stats);
  return n;
}

guint
jd_test_side_frames (JdTestSide *side)
{
  return (guint) g_atomic_int_get ((gint *) &side->video_frames);
}

static void
listen_to (JdTestSide *side)
{
  JdMediaPipeline *p = jd_call_get_pipeline (side->call);
  guint video = jd_call_get_stream_id (side->call, JD_JINGLE_MEDIA_VIDEO);

  g_signal_connect (p, "element-message", G_CALLBACK (on_element_message), side);
  if (video != G_MAXUINT)
    {
      g_autoptr (GstElement) sink = jd_media_pipeline_get_sink (p, video);

      g_assert_nonnull (sink);
      g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), side);
    }
}

static void
on_state (JdCall *call, guint state, JdTestSide *side)
{
  /* The pipeline exists from "connecting" on, before any media flows. */
  if (state == JD_CALL_STATE_CONNECTING)
    listen_to (side);
}

static void
watch (JdTestSide *side)
{
  g_signal_connect (side->call, "dtmf-received", G_CALLBACK (on_dtmf), side);
  g_signal_connect (side->call, "state-changed", G_CALLBACK (on_state), side);
}

static void
on_incoming (JdJingleManager *m, JdJingleSession *session, const JdJingleMessage *offer,
             JdTestCall *tc)
{
  tc->bob_was_offered = TRUE;
  if (tc->bob_call_hook != NULL)
    tc->bob_call_hook (TRUE, tc->bob_call_hook_data);
  tc->bob.call = jd_call_new_incoming (session, offer, &tc->bob.options, &tc->bob_error);
  if (tc->bob_call_hook != NULL)
    tc->bob_call_hook (FALSE, tc->bob_call_hook_data);
  if (tc->bob.call == NULL)
    return;
  watch (&tc->bob);
  if (tc->bob_answers)
    g_assert_true (jd_call_accept (tc->bob.call, tc->bob_error == NULL ? &tc->bob_error : NULL));
}

static void
init_side (JdTestSide *side, double send_hz, double expect_hz)
{
  side->send_hz = send_hz;
  side->expect_hz = expect_hz;
  side->dtmf = g_string_new (NULL);
  side->options.local_addresses = jd_test_loopback;
}

JdTestCall *
jd_test_call_new (JdTestProsody *prosody)
{
  JdTestCall *tc = g_new0 (JdTestCall, 1);

  tc->alice_account = jd_test_account_fresh (prosody, "alice");
  tc->bob_account = jd_test_account_fresh (prosody, "bob");
  tc->alice_manager = jd_jingle_manager_new_for_client (tc->alice_account->client);
  tc->bob_manager = jd_jingle_manager_new_for_client (tc->bob_account->client);
  tc->bob_answers = TRUE;
  tc->strings = g_ptr_array_new_with_free_func (g_free);
  init_side (&tc->alice, 440, 880);
  init_side (&tc->bob, 880, 440);
  g_signal_connect (tc->bob_manager, "incoming-session", G_CALLBACK (on_incoming), tc);
  return tc;
}

/* Sources and sinks the test did not choose: a tone, the spectrum, the
 * ball pattern and a counting sink.  The strings live as long as @tc. */
static void
fill_media (JdTestSide *side, GPtrArray *keep)
{
  char *source = jd_test_media_tone_source (side->send_hz);
  char *sink = jd_media_tone_sink_description (RATE, BANDS, 200);

  g_ptr_array_add (keep, source);
  g_ptr_array_add (keep, sink);
  if (side->options.audio_source == NULL)
    side->options.audio_source = source;
  if (side->options.audio_sink == NULL)
    side->options.audio_sink = sink;
  if (side->options.video_source == NULL)
    side->options.video_source = VIDEO_SOURCE;
  if (side->options.video_sink == NULL)
    side->options.video_sink = VIDEO_SINK;
}

void
jd_test_call_dial (JdTestCall *tc)
{
  g_autoptr (GError) error = NULL;
  fill_media (&tc->alice, tc->strings);
  fill_media (&tc->bob, tc->strings);
  tc->alice.call = jd_call_dial (tc->alice_manager, jd_test_account_full_jid (tc->bob_account),
                                 &tc->alice.options, &error);
  g_assert_no_error (error);
  watch (&tc->alice);
}

void
jd_test_call_wait_tones (JdTestCall *tc)
{
  JD_TEST_WAIT_UNTIL (tc->bob.call != NULL || tc->bob_error != NULL, 10000);
  g_assert_no_error (tc->bob_error);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ACTIVE &&
                      jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ACTIVE, 10000);
  JD_TEST_WAIT_UNTIL (tc->alice.hits >= 5 && tc->bob.hits >= 5, 15000);
  tc->alice.hits = tc->alice.reports = tc->bob.hits = tc->bob.reports = 0;
  JD_TEST_WAIT_UNTIL (tc->alice.reports >= 10 && tc->bob.reports >= 10, 10000);
  g_test_message ("alice hears %.0f Hz (%u of %u reports), bob hears %.0f Hz (%u of %u)",
                  tc->alice.last_peak_hz, tc->alice.hits, tc->alice.reports,
                  tc->bob.last_peak_hz, tc->bob.hits, tc->bob.reports);
  g_assert_cmpuint (tc->alice.hits * 10, >=, tc->alice.reports * 8);
  g_assert_cmpuint (tc->bob.hits * 10, >=, tc->bob.reports * 8);
}

static void
clear_side (JdTestSide *side)
{
  if (side->call != NULL)
    {
      jd_call_hangup (side->call, JD_JINGLE_REASON_SUCCESS);
      g_signal_handlers_disconnect_by_data (side->call, side);
      g_clear_object (&side->call);
    }
  g_string_free (side->dtmf, TRUE);
}

void
jd_test_call_free (JdTestCall *tc)
{
  g_signal_handlers_disconnect_by_data (tc->bob_manager, tc);
  clear_side (&tc->alice);
  clear_side (&tc->bob);
  g_clear_error (&tc->bob_error);
  g_ptr_array_unref (tc->strings);
  g_object_unref (tc->alice_manager);
  g_object_unref (tc->bob_manager);
  jd_test_account_free (tc->alice_account);
  jd_test_account_free (tc->bob_account);
  g_free (tc);
}

typedef struct {
  JdTestJingleRewrite func;
  gpointer user_data;
} Rewrite;

static JdStanzaResult
on_jingle_iq (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  Rewrite *r = user_data;
  xmpp_stanza_t *jingle = xmpp_stanza_get_child_by_ns (stanza, JD_NS_JINGLE);

  if (jingle != NULL && g_strcmp0 (xmpp_stanza_get_type (stanza), "set") == 0)
    r->func (jingle, r->user_data);
  return JD_STANZA_PASS;
}

void
jd_test_rewrite_jingle (JdTestAccount *acc, JdTestJingleRewrite func, gpointer user_data)
{
  Rewrite *r = g_new0 (Rewrite, 1);

  r->func = func;
  r->user_data = user_data;
  /* After the blocking filter, before the Jingle manager. */
  jd_xmpp_connection_add_handler (jd_test_account_conn (acc), JD_XMPP_PRIORITY_FILTER / 2, "iq",
                                  JD_NS_JINGLE, on_jingle_iq, r, g_free);
}

static void
for_each_named (xmpp_stanza_t *el, const char *name, void (*func) (xmpp_stanza_t *, gpointer),
                gpointer user_data)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL; c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), name) == 0)
        func (c, user_data);
      for_each_named (c, name, func, user_data);
    }
}

static void
blackhole_candidate (xmpp_stanza_t *candidate, gpointer port)
{
  g_autofree char *p = g_strdup_printf ("%u", GPOINTER_TO_UINT (port));

  xmpp_stanza_set_attribute (candidate, "ip", "127.0.0.1");
  xmpp_stanza_set_attribute (candidate, "port", p);
}

void
jd_test_rewrite_candidates (xmpp_stanza_t *jingle, gpointer black_hole_port)
{
  for_each_named (jingle, "candidate", blackhole_candidate, black_hole_port);
}

static void
blackhole_ice_transport (xmpp_stanza_t *transport, gpointer port)
{
  if (g_strcmp0 (xmpp_stanza_get_ns (transport), JD_NS_JINGLE_ICE_UDP) == 0)
    for_each_named (transport, "candidate", blackhole_candidate, port);
}

void
jd_test_rewrite_ice_candidates (xmpp_stanza_t *jingle, gpointer black_hole_port)
{
  for_each_named (jingle, "transport", blackhole_ice_transport, black_hole_port);
}

/* Flips the first hex digit: same shape, another certificate. */
static void
forge_fingerprint (xmpp_stanza_t *fp, gpointer unused)
{
  xmpp_stanza_t *text = xmpp_stanza_get_children (fp);
  g_autofree char *value = text != NULL ? xmpp_stanza_get_text (fp) : NULL;

  if (value == NULL || value[0] == '\0')
    return;
  value[0] = value[0] == 'A' ? 'B' : 'A';
  xmpp_stanza_set_text (text, value);
}

void
jd_test_rewrite_fingerprint (xmpp_stanza_t *jingle, gpointer unused)
{
  for_each_named (jingle, "fingerprint", forge_fingerprint, NULL);
}
