/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Real audio calls between two accounts through a private Prosody:
 * Jingle signalling through the server, ICE (or raw UDP) on 127.0.0.1
 * with libnice, DTLS-SRTP with a fresh certificate per call, GStreamer
 * media.  Alice sends a 440 Hz tone and bob an 880 Hz one; each side must
 * hear the other's (the spectrum of what it decoded).
 */
#include "jd-test-call.h"
#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"

static JdTestProsody *prosody;

static void
hang_up_and_check (JdTestCall *tc)
{
  jd_call_hangup (tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==, JD_JINGLE_REASON_SUCCESS);
}

static void
call_with (const char *const *codecs, const char *expect_codec)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  gint64 t0 = g_get_monotonic_time ();

  tc->alice.options.codecs = codecs;
  tc->bob.options.codecs = codecs;
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ACTIVE, 10000);
  g_test_message ("%s call active %" G_GINT64_FORMAT " ms after dialling", expect_codec,
                  (g_get_monotonic_time () - t0) / 1000);
  jd_test_call_wait_tones (tc);
  g_assert_cmpstr (jd_call_get_codec (tc->alice.call), ==, expect_codec);
  g_assert_cmpstr (jd_call_get_codec (tc->bob.call), ==, expect_codec);
  g_assert_cmpint (jd_call_get_crypto (tc->alice.call), ==, JD_MEDIA_CRYPTO_DTLS);
  g_assert_false (jd_call_is_raw_udp (tc->alice.call));
  hang_up_and_check (tc);
}

static void
test_opus (void)
{
  call_with (NULL, "opus");
}

static void
test_pcmu (void)
{
  const char *const pcmu[] = { "PCMU", NULL };

  call_with (pcmu, "PCMU");
}

static void
test_pcma (void)
{
  const char *const pcma[] = { "PCMA", NULL };

  call_with (pcma, "PCMA");
}

static void
test_g722 (void)
{
  const char *const g722[] = { "G722", NULL };

  call_with (g722, "G722");
}

/* Alice offers PCMU only, bob takes G.722 only: bob refuses the offer with
 * failed-application (XEP-0167 §6: no payload type in common) and alice's
 * call ends with that reason, never reaching media. */
static void
test_no_common_codec (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  const char *const pcmu[] = { "PCMU", NULL };
  const char *const g722[] = { "G722", NULL };

  tc->alice.options.codecs = pcmu;
  tc->bob.options.codecs = g722;
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  g_assert_true (tc->bob_was_offered);
  g_assert_null (tc->bob.call);
  g_assert_error (tc->bob_error, JD_JINGLE_NEGOTIATE_ERROR,
                  JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_FAILED_APPLICATION);
  g_assert_null (jd_call_get_pipeline (tc->alice.call));
}

/* XEP-0177 from the start: both sides configured for raw UDP. */
static void
test_raw_udp (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->alice.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  tc->bob.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
  hang_up_and_check (tc);
}

static gboolean
caps_say (JdTestCall *tc, gboolean ice, gboolean raw)
{
  const JdDiscoInfo *info = jd_caps_get_info (jd_xmpp_client_get_caps (tc->alice_account->client),
                                              jd_test_account_full_jid (tc->bob_account));

  return info != NULL && jd_disco_info_has_feature (info, JD_NS_JINGLE_ICE_UDP) == ice &&
         jd_disco_info_has_feature (info, JD_NS_JINGLE_RAW_UDP) == raw;
}

/* Bob's caps stop listing ICE (a client that does raw UDP only): alice,
 * who prefers ICE, offers raw UDP to him by herself, and the call works. */
static void
test_raw_udp_by_caps (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCaps *caps = jd_xmpp_client_get_caps (tc->alice_account->client);
  const char *bob = jd_test_account_full_jid (tc->bob_account);

  jd_call_advertise (tc->bob_account->client);
  jd_test_account_befriend (tc->alice_account, tc->bob_account);
  JD_TEST_WAIT_UNTIL (caps_say (tc, TRUE, TRUE), 10000);
  g_assert_cmpint (jd_call_transport_for_peer (caps, bob, JD_CALL_TRANSPORT_ICE), ==,
                   JD_CALL_TRANSPORT_ICE);
  /* A peer with both: ICE, and raw UDP if ICE fails. */
  g_assert_true (jd_call_peer_has_raw_udp (caps, bob));
  g_assert_false (jd_call_peer_has_raw_udp (caps, "nobody@jingled.test/x"));
  jd_disco_remove_feature (jd_xmpp_client_get_disco (tc->bob_account->client),
                           JD_NS_JINGLE_ICE_UDP);
  JD_TEST_WAIT_UNTIL (caps_say (tc, FALSE, TRUE), 10000);
  tc->alice.options.transport = jd_call_transport_for_peer (caps, bob, JD_CALL_TRANSPORT_ICE);
  g_assert_cmpint (tc->alice.options.transport, ==, JD_CALL_TRANSPORT_RAW_UDP);
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
  hang_up_and_check (tc);
}

/* Alice offers ICE; bob does raw UDP only and replaces the transport
 * (transport-replace, transport-accept) before accepting. */
static void
test_transport_replace (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->bob.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
  hang_up_and_check (tc);
}

/* What Dino looks for before it shows a call button, asked of bob over
 * disco#info through the server. */
static void
test_advertised (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JdDiscoInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  JdDisco *disco = jd_xmpp_client_get_disco (tc->alice_account->client);
  const char *const expected[] = {
    JD_NS_JINGLE, JD_NS_JINGLE_RTP, JD_NS_JINGLE_RTP_AUDIO, JD_NS_JINGLE_RTP_VIDEO,
    JD_NS_JINGLE_ICE_UDP, JD_NS_JINGLE_RAW_UDP, JD_NS_JINGLE_DTLS, JD_NS_JINGLE_DTMF,
  };

  jd_call_advertise (tc->bob_account->client);
  jd_disco_query_info_async (disco, jd_test_account_full_jid (tc->bob_account), NULL, NULL,
                             jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  info = jd_disco_query_info_finish (disco, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("bob advertises %s", expected[i]);
      g_assert_true (jd_disco_info_has_feature (info, expected[i]));
    }
}

typedef struct {
  guint offers_stripped;      /* session-initiates bob got without <rtcp-mux/> */
  gboolean answer_has_rtcp_mux;
  guint rtcp_candidates;      /* bob's component-2 candidates alice received */
} RtcpMux;

static void
count_rtcp_candidates (xmpp_stanza_t *el, RtcpMux *seen)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL; c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), "candidate") == 0 &&
          g_strcmp0 (xmpp_stanza_get_attribute (c, "component"), "2") == 0)
        seen->rtcp_candidates++;
      if (g_strcmp0 (xmpp_stanza_get_name (c), "rtcp-mux") == 0)
        seen->answer_has_rtcp_mux = TRUE;
      count_rtcp_candidates (c, seen);
    }
}

/* As bob receives it: the offer without <rtcp-mux/> (libstrophe cannot
 * unlink a child: an unknown element is ignored like an absent one). */
static void
strip_rtcp_mux (xmpp_stanza_t *el, gpointer user_data)
{
  RtcpMux *seen = user_data;

  if (g_strcmp0 (xmpp_stanza_get_attribute (el, "action"), "session-initiate") == 0)
    seen->offers_stripped++;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL; c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), "rtcp-mux") == 0)
        xmpp_stanza_set_name (c, "removed");
      else
        strip_rtcp_mux (c, NULL);
    }
}

/* As alice receives bob's Jingle: only looked at. */
static void
watch_answer (xmpp_stanza_t *jingle, gpointer user_data)
{
  const char *action = xmpp_stanza_get_attribute (jingle, "action");

  if (g_strcmp0 (action, "session-accept") == 0 || g_strcmp0 (action, "transport-info") == 0)
    count_rtcp_candidates (jingle, user_data);
}

static double
rtt_of (JdTestSide *side)
{
  JdCallStats stats;
  double rtt;

  g_assert_true (jd_call_get_stats (side->call, JD_JINGLE_MEDIA_AUDIO, &stats));
  rtt = stats.media.rtt_ms;
  jd_call_stats_clear (&stats);
  return rtt;
}

/* Streaming thread. */
static GstPadProbeReturn
count_rtcp (GstPad *pad, GstPadProbeInfo *info, gpointer counter)
{
  guint8 head[2];

  /* RFC 5761 §4: an RTCP packet type, in clear even in SRTCP. */
  if (gst_buffer_extract (GST_PAD_PROBE_INFO_BUFFER (info), 0, head, 2) == 2 &&
      (head[0] >> 6) == 2 && head[1] >= 192 && head[1] <= 223)
    g_atomic_int_inc ((gint *) counter);
  return GST_PAD_PROBE_OK;
}

/* Counts the RTCP that @side's pipeline receives on ICE component 2. */
static void
watch_rtcp_component (JdTestSide *side, gint *counter)
{
  JdMediaPipeline *p = jd_call_get_pipeline (side->call);
  g_autoptr (GstElement) sink =
    jd_media_pipeline_get_sink (p, jd_call_get_stream_id (side->call, JD_JINGLE_MEDIA_AUDIO));
  g_autoptr (GstObject) bin = gst_object_get_parent (GST_OBJECT (sink));
  g_autoptr (GstObject) pipeline = gst_object_get_parent (bin);
  g_autoptr (GstIterator) it = gst_bin_iterate_elements (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;
  guint found = 0;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *e = g_value_get_object (&item);
      guint component = 0;

      if (g_strcmp0 (GST_OBJECT_NAME (gst_element_get_factory (e)), "nicesrc") == 0)
        g_object_get (e, "component", &component, NULL);
      if (component == 2)
        {
          g_autoptr (GstPad) pad = gst_element_get_static_pad (e, "src");

          gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_rtcp, counter, NULL);
          found++;
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);
  g_assert_cmpuint (found, ==, 1);
}

/* A peer that does not do rtcp-mux (RFC 5761), emulated by taking it out
 * of alice's offer on its way to bob: bob answers without it, with RTCP
 * on ICE component 2, and alice uses the RTCP component she offered for
 * that case.  Each hears the other, and RTCP, which each side now sends
 * on component 2 only, brings both the round-trip time. */
static void
test_no_rtcp_mux (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  RtcpMux seen = { 0 };
  gint alice_rtcp = 0, bob_rtcp = 0;

  jd_test_rewrite_jingle (tc->bob_account, strip_rtcp_mux, &seen);
  jd_test_rewrite_jingle (tc->alice_account, watch_answer, &seen);
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_cmpuint (seen.offers_stripped, ==, 1);
  g_assert_false (seen.answer_has_rtcp_mux);
  g_assert_cmpuint (seen.rtcp_candidates, >, 0);
  watch_rtcp_component (&tc->alice, &alice_rtcp);
  watch_rtcp_component (&tc->bob, &bob_rtcp);
  JD_TEST_WAIT_UNTIL (rtt_of (&tc->alice) >= 0 && rtt_of (&tc->bob) >= 0 &&
                      g_atomic_int_get (&alice_rtcp) > 0 && g_atomic_int_get (&bob_rtcp) > 0,
                      15000);
  g_test_message ("rtt %.2f ms (alice), %.2f ms (bob); bob sent %u RTCP candidates; "
                  "RTCP packets in on component 2: %d (alice), %d (bob)", rtt_of (&tc->alice),
                  rtt_of (&tc->bob), seen.rtcp_candidates, g_atomic_int_get (&alice_rtcp),
                  g_atomic_int_get (&bob_rtcp));
  hang_up_and_check (tc);
  /* The probes' counters are on this stack: the pipelines are stopped. */
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;
  int rc;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  g_test_add_func ("/call/audio/opus-dtls-srtp-ice", test_opus);
  g_test_add_func ("/call/audio/pcmu-dtls-srtp-ice", test_pcmu);
  g_test_add_func ("/call/audio/pcma-dtls-srtp-ice", test_pcma);
  g_test_add_func ("/call/audio/g722-dtls-srtp-ice", test_g722);
  g_test_add_func ("/call/audio/no-common-codec", test_no_common_codec);
  g_test_add_func ("/call/audio/raw-udp", test_raw_udp);
  g_test_add_func ("/call/audio/transport-replace-ice-to-raw-udp", test_transport_replace);
  g_test_add_func ("/call/audio/raw-udp-for-a-peer-without-ice", test_raw_udp_by_caps);
  g_test_add_func ("/call/audio/features-advertised", test_advertised);
  g_test_add_func ("/call/audio/no-rtcp-mux", test_no_rtcp_mux);
  rc = g_test_run ();
  return rc;
}
