/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What jingled answers to the offers a real Dino 0.4.2 sends: the
 * session-initiate and trickled transport-infos captured from Dino
 * (tests/data/interop/dino-0.4.2/) are replayed by a scripted peer,
 * logged in as alice, to a real jingled logged in as bob, which answers
 * calls from alice automatically.  Every element of its session-accept
 * is checked, and none of Dino's stanzas may be answered with an error.
 *
 * As Dino does, the call starts with Jingle Message Initiation (XEP-0353):
 * the captured <propose> to bob's bare JID, then the session-initiate
 * only once jingled has sent <proceed> to alice's full JID.
 */
#include <string.h>

#include <gst/gst.h>

#include "jd-test-daemon.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-replay.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "xmpp/jd-stanza.h"

#define GRACE_MS 500
#define ANSWER_TIMEOUT_MS 15000
#define NS_JINGLE "urn:xmpp:jingle:1"
#define NS_RTP "urn:xmpp:jingle:apps:rtp:1"
#define NS_ICE "urn:xmpp:jingle:transports:ice-udp:1"
#define NS_DTLS "urn:xmpp:jingle:apps:dtls:0"
#define NS_RTCP_FB "urn:xmpp:jingle:apps:rtp:rtcp-fb:0"
#define NS_JMI "urn:xmpp:jingle-message:0"

#define DINO_AUDIO "dino-0.4.2/call-audio.xml"
#define DINO_VIDEO "dino-0.4.2/call-video.xml"
#define WEBRTC_AUDIO "webrtc-style/call-audio.xml"
#define WEBRTC_ACTOR "alice@example.org/Conversations.Xk3q"

static JdTestProsody *prosody;

static char *
capture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "interop", name, NULL);
}

static JdTestDaemon *
start_bob (void)
{
  g_autofree char *alice = jd_test_prosody_jid (prosody, "alice");
  g_autofree char *extra = g_strdup_printf ("incoming-calls = auto-answer\n"
                                            "allow = %s\n"
                                            "audio-source = silence\n"
                                            "audio-sink = null\n"
                                            "video-source = pipeline:videotestsrc "
                                            "is-live=true pattern=black\n"
                                            "video-sink = null\n",
                                            alice);
  g_autofree char *config = jd_test_daemon_config (prosody, "bob", extra);
  JdTestDaemon *bob = jd_test_daemon_start ("bob", config, GRACE_MS);

  jd_test_daemon_wait_connected (bob);
  return bob;
}

static JdTestReplay *
start_alice (JdTestDaemon *bob)
{
  JdTestReplay *alice = jd_test_replay_new (prosody, "alice");

  jd_test_replay_set_peer (alice, jd_dbus_account1_get_bound_jid (bob->account));
  return alice;
}

static void
load (JdTestReplay *alice, const char *capture, const char *actor, const char *label)
{
  g_autofree char *path = capture_path (capture);
  const char *labels[] = { label, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_test_replay_load_capture (alice, path, actor, labels, &error));
  g_assert_no_error (error);
}

/* ---- Reading the answer ---- */

static guint
count_children (xmpp_stanza_t *el, const char *name)
{
  guint n = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), name) == 0)
      n++;
  return n;
}

static xmpp_stanza_t *
content_named (xmpp_stanza_t *jingle, const char *name)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (jingle); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "content") == 0 &&
        g_strcmp0 (xmpp_stanza_get_attribute (c, "name"), name) == 0)
      return c;
  return NULL;
}

static void
assert_attr (xmpp_stanza_t *el, const char *attr, const char *expected)
{
  g_assert_cmpstr (xmpp_stanza_get_attribute (el, attr), ==, expected);
}

static void
assert_nonempty_attr (xmpp_stanza_t *el, const char *attr)
{
  const char *value = xmpp_stanza_get_attribute (el, attr);

  g_assert_nonnull (value);
  g_assert_cmpuint (strlen (value), >, 0);
}

/* The only payload type of @description, which must have that @id. */
static xmpp_stanza_t *
single_payload_type (xmpp_stanza_t *description, const char *id)
{
  xmpp_stanza_t *pt = jd_stanza_get_child (description, "payload-type", NS_RTP);

  g_assert_cmpuint (count_children (description, "payload-type"), ==, 1);
  g_assert_nonnull (pt);
  assert_attr (pt, "id", id);
  return pt;
}

/* No <candidate component='2'/> below @transport. */
static void
assert_no_component_2 (xmpp_stanza_t *transport)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (transport); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "candidate") == 0)
      g_assert_cmpstr (xmpp_stanza_get_attribute (c, "component"), ==, "1");
}

/* DTLS-SRTP only: ICE credentials, our fingerprint as the active side
 * (Dino offered actpass), no SDES <crypto/> although Dino offered one. */
static void
assert_transport_and_security (xmpp_stanza_t *content)
{
  xmpp_stanza_t *description = jd_stanza_get_child (content, "description", NS_RTP);
  xmpp_stanza_t *transport = jd_stanza_get_child (content, "transport", NS_ICE);
  xmpp_stanza_t *fingerprint;
  g_autofree char *hash = NULL;

  g_assert_nonnull (description);
  g_assert_nonnull (jd_stanza_get_child (description, "rtcp-mux", NS_RTP));
  g_assert_null (jd_stanza_get_child (description, "encryption", NS_RTP));
  g_assert_cmpuint (count_children (description, "encryption"), ==, 0);
  g_assert_nonnull (transport);
  assert_nonempty_attr (transport, "ufrag");
  assert_nonempty_attr (transport, "pwd");
  fingerprint = jd_stanza_get_child (transport, "fingerprint", NS_DTLS);
  g_assert_nonnull (fingerprint);
  assert_attr (fingerprint, "hash", "sha-256");
  assert_attr (fingerprint, "setup", "active");
  hash = jd_stanza_dup_text (fingerprint);
  /* 32 bytes as hex pairs with colons. */
  g_assert_cmpuint (strlen (hash), ==, 32 * 3 - 1);
  assert_no_component_2 (transport);
}

static void
assert_content_is_offered (xmpp_stanza_t *content, const char *name, const char *media)
{
  xmpp_stanza_t *description = jd_stanza_get_child (content, "description", NS_RTP);

  assert_attr (content, "name", name);
  assert_attr (content, "creator", "initiator");
  g_assert_nonnull (description);
  assert_attr (description, "media", media);
}

/* Opus 111 at 48000/2 with useinbandfec=1 (we decode in-band FEC), no
 * speex, PCMU or PCMA. */
static void
assert_audio_answer (xmpp_stanza_t *content)
{
  xmpp_stanza_t *description = jd_stanza_get_child (content, "description", NS_RTP);
  xmpp_stanza_t *pt;
  xmpp_stanza_t *param;

  assert_content_is_offered (content, "audio", "audio");
  pt = single_payload_type (description, "111");
  assert_attr (pt, "name", "opus");
  assert_attr (pt, "clockrate", "48000");
  assert_attr (pt, "channels", "2");
  g_assert_cmpuint (count_children (pt, "parameter"), ==, 1);
  param = jd_stanza_get_child (pt, "parameter", NS_RTP);
  assert_attr (param, "name", "useinbandfec");
  assert_attr (param, "value", "1");
  g_assert_cmpuint (count_children (description, "rtp-hdrext"), ==, 0);
  assert_transport_and_security (content);
}

static gboolean
has_rtcp_fb (xmpp_stanza_t *pt, const char *type, const char *subtype)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (pt); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "rtcp-fb") == 0 &&
        g_strcmp0 (xmpp_stanza_get_ns (c), NS_RTCP_FB) == 0 &&
        g_strcmp0 (xmpp_stanza_get_attribute (c, "type"), type) == 0 &&
        g_strcmp0 (xmpp_stanza_get_attribute (c, "subtype"), subtype) == 0)
      return TRUE;
  return FALSE;
}

/* VP8 98 with the feedback we act on: PLI and FIR (answered with a key
 * frame by rtpsession and the encoder).  Not goog-remb (no REMB
 * estimator) nor generic nack (no retransmission), not the
 * video-orientation header extension (we do not rotate). */
static void
assert_video_answer (xmpp_stanza_t *content)
{
  xmpp_stanza_t *description = jd_stanza_get_child (content, "description", NS_RTP);
  xmpp_stanza_t *pt;

  assert_content_is_offered (content, "video", "video");
  pt = single_payload_type (description, "98");
  assert_attr (pt, "name", "VP8");
  assert_attr (pt, "clockrate", "90000");
  g_assert_true (has_rtcp_fb (pt, "nack", "pli"));
  g_assert_true (has_rtcp_fb (pt, "ccm", "fir"));
  g_assert_false (has_rtcp_fb (pt, "goog-remb", NULL));
  g_assert_false (has_rtcp_fb (pt, "nack", NULL));
  g_assert_cmpuint (count_children (pt, "rtcp-fb"), ==, 2);
  g_assert_cmpuint (count_children (description, "rtcp-fb"), ==, 0);
  g_assert_cmpuint (count_children (description, "rtp-hdrext"), ==, 0);
  assert_transport_and_security (content);
}

static xmpp_stanza_t *
session_accept (JdTestReplay *alice, guint n_contents)
{
  xmpp_stanza_t *iq = jd_test_replay_find_jingle (alice, "session-accept");
  xmpp_stanza_t *jingle;
  g_autofree char *text = NULL;

  g_assert_nonnull (iq);
  text = jd_stanza_to_string (iq);
  g_test_message ("session-accept: %s", text);
  jingle = jd_stanza_get_child (iq, "jingle", NS_JINGLE);
  assert_attr (jingle, "sid", jd_test_replay_get_sid (alice));
  assert_attr (jingle, "initiator", jd_test_replay_get_jid (alice));
  assert_attr (jingle, "responder", xmpp_stanza_get_from (iq));
  g_assert_cmpuint (count_children (jingle, "content"), ==, n_contents);
  return jingle;
}

/* Our candidates that came later must not name component 2 either. */
static void
assert_trickled_candidates (JdTestReplay *alice)
{
  GPtrArray *received = jd_test_replay_received (alice);

  for (guint i = 0; i < received->len; i++)
    {
      xmpp_stanza_t *jingle = jd_stanza_get_child (received->pdata[i], "jingle", NS_JINGLE);

      if (jingle == NULL ||
          g_strcmp0 (xmpp_stanza_get_attribute (jingle, "action"), "transport-info") != 0)
        continue;
      for (xmpp_stanza_t *c = xmpp_stanza_get_children (jingle); c; c = xmpp_stanza_get_next (c))
        if (xmpp_stanza_is_tag (c))
          assert_no_component_2 (jd_stanza_get_child (c, "transport", NS_ICE));
    }
}

/* Every IQ alice sent was answered, and with a result: jingled accepted
 * the component-2 and relay candidates without complaint. */
static void
assert_all_acknowledged (JdTestReplay *alice, guint n_iqs)
{
  JD_TEST_WAIT_UNTIL (jd_test_replay_count_results (alice) +
                        jd_test_replay_count_errors (alice) >= n_iqs, ANSWER_TIMEOUT_MS);
  jd_test_run_for (300);
  g_assert_cmpuint (jd_test_replay_count_errors (alice), ==, 0);
  g_assert_cmpuint (jd_test_replay_count_results (alice), ==, n_iqs);
}

/* The JMI message with @action and our sid that jingled sent alice, or NULL. */
static xmpp_stanza_t *
find_jmi (JdTestReplay *alice, const char *action, guint *index)
{
  GPtrArray *got = jd_test_replay_received (alice);

  for (guint i = 0; i < got->len; i++)
    {
      xmpp_stanza_t *el = jd_stanza_get_child (got->pdata[i], action, NS_JMI);

      if (el != NULL && g_strcmp0 (xmpp_stanza_get_attribute (el, "id"),
                                   jd_test_replay_get_sid (alice)) == 0)
        {
          *index = i;
          return got->pdata[i];
        }
    }
  return NULL;
}

/* Dino's propose to bob's bare JID: jingled rings (<ringing/>), then,
 * answering automatically, proceeds: both to alice's full JID, as chat
 * messages with the <store/> hint, with the propose's id.
 * Returns: the full JID that proceeded. */
static const char *
propose_as (JdTestReplay *alice, const char *capture, const char *actor)
{
  xmpp_stanza_t *ringing, *proceed;
  guint ringing_at = 0, proceed_at = 0;

  load (alice, capture, actor, "jmi-propose");
  jd_test_replay_add_wait (alice, "proceed", "message", "chat", NS_JMI, "proceed",
                           ANSWER_TIMEOUT_MS);
  jd_test_replay_run (alice);
  ringing = find_jmi (alice, "ringing", &ringing_at);
  proceed = find_jmi (alice, "proceed", &proceed_at);
  g_assert_nonnull (ringing);
  g_assert_nonnull (proceed);
  g_assert_cmpuint (ringing_at, <, proceed_at);
  assert_attr (proceed, "type", "chat");
  assert_attr (proceed, "to", jd_test_replay_get_jid (alice));
  assert_attr (ringing, "to", jd_test_replay_get_jid (alice));
  assert_attr (ringing, "from", xmpp_stanza_get_from (proceed));
  g_assert_nonnull (jd_stanza_get_child (proceed, "store", "urn:xmpp:hints"));
  return xmpp_stanza_get_from (proceed);
}

static const char *
propose (JdTestReplay *alice, const char *capture)
{
  return propose_as (alice, capture, "alice@localhost");
}

/* ---- Tests ---- */

/* As captured: propose and proceed, session-initiate, then two transport-infos with one relay
 * candidate each (components 1 and 2) before the answer, then hang-up. */
static void
test_audio (void)
{
  g_autoptr (JdTestDaemon) bob = start_bob ();
  g_autoptr (JdTestReplay) alice = start_alice (bob);
  xmpp_stanza_t *jingle;
  const char *answerer = propose (alice, DINO_AUDIO);

  load (alice, DINO_AUDIO, "alice@localhost", "session-initiate");
  load (alice, DINO_AUDIO, "alice@localhost", "transport-info");
  jd_test_replay_add_wait_jingle (alice, "session-accept", ANSWER_TIMEOUT_MS);
  jd_test_replay_run (alice);

  jingle = session_accept (alice, 1);
  assert_attr (jingle, "responder", answerer);
  assert_audio_answer (content_named (jingle, "audio"));
  assert_all_acknowledged (alice, 3);
  /* jingled checks the candidates it was given: ICE reached our sockets. */
  JD_TEST_WAIT_UNTIL (jd_test_replay_count_datagrams (alice) > 0, ANSWER_TIMEOUT_MS);
  assert_trickled_candidates (alice);

  load (alice, DINO_AUDIO, "alice@localhost", "session-terminate");
  jd_test_replay_run (alice);
  assert_all_acknowledged (alice, 4);
}

/* Audio and video; the video relay candidates (components 1 and 2) are
 * sent after jingled's answer, as they may be. */
static void
test_video (void)
{
  g_autoptr (JdTestDaemon) bob = start_bob ();
  g_autoptr (JdTestReplay) alice = start_alice (bob);
  xmpp_stanza_t *jingle;
  const char *answerer = propose (alice, DINO_VIDEO);

  load (alice, DINO_VIDEO, "alice@localhost", "session-initiate");
  jd_test_replay_add_wait_jingle (alice, "session-accept", ANSWER_TIMEOUT_MS);
  load (alice, DINO_VIDEO, "alice@localhost", "transport-info");
  jd_test_replay_run (alice);

  jingle = session_accept (alice, 2);
  assert_attr (jingle, "responder", answerer);
  assert_audio_answer (content_named (jingle, "audio"));
  assert_video_answer (content_named (jingle, "video"));
  assert_all_acknowledged (alice, 3);
  JD_TEST_WAIT_UNTIL (jd_test_replay_count_datagrams (alice) > 0, ANSWER_TIMEOUT_MS);
  assert_trickled_candidates (alice);

  load (alice, DINO_VIDEO, "alice@localhost", "session-terminate");
  jd_test_replay_run (alice);
  assert_all_acknowledged (alice, 4);
}

/* An offer the way WebRTC-based clients (Conversations, Movim) write
 * theirs, by hand (tests/data/interop/webrtc-style/README.md): BUNDLE
 * group, mid-named content, XEP-0294 header extensions, XEP-0339
 * sources, red/CN/two telephone-events, transport-cc feedback, every
 * candidate trickled after the offer.  jingled answers one content
 * named as offered with Opus 111 and the 48 kHz telephone-event only,
 * DTLS active, rtcp-mux, and nothing it does not do: no BUNDLE group
 * (XEP-0338: leaving it out declines bundling), no header extension,
 * no feedback, no source. */
static void
test_webrtc_style_audio (void)
{
  g_autoptr (JdTestDaemon) bob = start_bob ();
  g_autoptr (JdTestReplay) alice = start_alice (bob);
  xmpp_stanza_t *jingle, *content, *description, *pt;
  const char *answerer = propose_as (alice, WEBRTC_AUDIO, WEBRTC_ACTOR);

  load (alice, WEBRTC_AUDIO, WEBRTC_ACTOR, "session-initiate");
  load (alice, WEBRTC_AUDIO, WEBRTC_ACTOR, "transport-info");
  jd_test_replay_add_wait_jingle (alice, "session-accept", ANSWER_TIMEOUT_MS);
  jd_test_replay_run (alice);

  jingle = session_accept (alice, 1);
  assert_attr (jingle, "responder", answerer);
  g_assert_null (jd_stanza_get_child (jingle, "group", "urn:xmpp:jingle:apps:grouping:0"));
  content = content_named (jingle, "0");
  assert_content_is_offered (content, "0", "audio");
  description = jd_stanza_get_child (content, "description", NS_RTP);
  pt = jd_stanza_get_child (description, "payload-type", NS_RTP);
  assert_attr (pt, "id", "111");
  assert_attr (pt, "name", "opus");
  g_assert_cmpuint (count_children (pt, "rtcp-fb"), ==, 0);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (description); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "payload-type") == 0 &&
        c != pt)
      {
        assert_attr (c, "name", "telephone-event");
        assert_attr (c, "id", "110");
        assert_attr (c, "clockrate", "48000");
      }
  g_assert_cmpuint (count_children (description, "payload-type"), <=, 2);
  g_assert_cmpuint (count_children (description, "rtp-hdrext"), ==, 0);
  g_assert_cmpuint (count_children (description, "extmap-allow-mixed"), ==, 0);
  g_assert_cmpuint (count_children (description, "source"), ==, 0);
  assert_transport_and_security (content);
  assert_all_acknowledged (alice, 3);
  JD_TEST_WAIT_UNTIL (jd_test_replay_count_datagrams (alice) > 0, ANSWER_TIMEOUT_MS);

  load (alice, WEBRTC_AUDIO, WEBRTC_ACTOR, "session-terminate");
  jd_test_replay_run (alice);
  assert_all_acknowledged (alice, 4);
}

/* The harness itself, both sides of the capture's JMI exchange played
 * by two replays (the way the lead will script a propose against a
 * daemon): alice's propose reaches bob through his bare JID, rewritten,
 * and bob's proceed (with Dino's OMEMO device element) reaches alice. */
static void
test_jmi_steps (void)
{
  g_autoptr (JdTestReplay) alice = jd_test_replay_new (prosody, "alice");
  g_autoptr (JdTestReplay) bob = jd_test_replay_new (prosody, "bob");
  xmpp_stanza_t *proceed;
  GPtrArray *got;

  jd_test_replay_set_peer (alice, jd_test_replay_get_jid (bob));
  jd_test_replay_set_peer (bob, jd_test_replay_get_jid (alice));
  jd_test_replay_set_sid (bob, jd_test_replay_get_sid (alice));
  load (alice, DINO_AUDIO, "alice@localhost", "jmi-propose");
  jd_test_replay_add_wait (alice, "proceed", "message", "chat", NS_JMI, "proceed",
                           ANSWER_TIMEOUT_MS);
  jd_test_replay_add_wait (bob, "propose", "message", "chat", NS_JMI, "propose",
                           ANSWER_TIMEOUT_MS);
  load (bob, DINO_AUDIO, "bob@localhost", "jmi-proceed");

  /* alice proposes; bob waits for it and answers; alice waits for that. */
  g_assert_true (jd_test_replay_step (alice));
  jd_test_replay_run (bob);
  jd_test_replay_run (alice);

  got = jd_test_replay_received (bob);
  g_assert_cmpuint (got->len, ==, 1);
  assert_attr (jd_stanza_get_child (got->pdata[0], "propose", NS_JMI), "id",
               jd_test_replay_get_sid (alice));
  got = jd_test_replay_received (alice);
  g_assert_cmpuint (got->len, ==, 1);
  proceed = jd_stanza_get_child (got->pdata[0], "proceed", NS_JMI);
  assert_attr (proceed, "id", jd_test_replay_get_sid (alice));
  g_assert_nonnull (jd_stanza_get_child (proceed, "device",
                                         "http://gultsch.de/xmpp/drafts/omemo/dlts-srtp-verification"));
}

/* Dino shows its call button only when the callee's caps have rtp:1 and
 * rtp:audio (and its video button with rtp:video): ask the daemon's
 * disco#info, from which its caps hash is computed. */
static void
test_advertised (void)
{
  g_autoptr (JdTestDaemon) bob = start_bob ();
  g_autoptr (JdTestReplay) alice = start_alice (bob);
  JdDisco *disco = jd_xmpp_client_get_disco (jd_test_replay_get_client (alice));
  g_autoptr (GPtrArray) video = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JdDiscoInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  jd_disco_query_info_async (disco, jd_dbus_account1_get_bound_jid (bob->account), NULL, NULL,
                             jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, ANSWER_TIMEOUT_MS);
  info = jd_disco_query_info_finish (disco, result, &error);
  g_assert_no_error (error);
  g_assert_true (jd_disco_info_has_feature (info, NS_RTP));
  g_assert_true (jd_disco_info_has_feature (info, "urn:xmpp:jingle:apps:rtp:audio"));
  /* The daemon and this test see the same GStreamer registry. */
  g_assert_cmpint (jd_disco_info_has_feature (info, "urn:xmpp:jingle:apps:rtp:video"), ==,
                   video->len > 0);
  g_assert_true (jd_disco_info_has_feature (info, NS_ICE));
  g_assert_true (jd_disco_info_has_feature (info, NS_DTLS));
}

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_prosody_suite_init (&argc, &argv);

  prosody = server;
  g_test_add_func ("/dino-replay/audio", test_audio);
  g_test_add_func ("/dino-replay/video", test_video);
  g_test_add_func ("/dino-replay/webrtc-style-audio", test_webrtc_style_audio);
  g_test_add_func ("/dino-replay/advertised", test_advertised);
  g_test_add_func ("/dino-replay/harness/jmi-steps", test_jmi_steps);
  return g_test_run ();
}
