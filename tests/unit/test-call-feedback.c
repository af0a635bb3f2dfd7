/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The RTCP feedback a call's media may send, as the call layer reads it
 * off the negotiation into the media stream config (JdMediaFeedback):
 * what the offer and the answer both list for the chosen payload type
 * (XEP-0293), whichever side we are, never what our codec descriptor
 * alone declares.  Through the content functions a call uses, with our
 * real codec registry:
 *
 * - answering Dino 0.4.2's captured video offer (VP8 with goog-remb,
 *   ccm fir, nack, nack pli): PLI and FIR, and generic NACK not agreed;
 *   its audio: none;
 * - our own video offer answered with only "ccm fir": FIR only; with
 *   nothing: none; with "nack pli" at description level: PLI; with a
 *   generic "nack" we never offered: none.
 */
#include "call/jd-call-content.h"
#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"
#include "jd-stanza.h"

#define FB "xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0'"

static const char *const loopback[] = { "127.0.0.1", NULL };

typedef struct {
  xmpp_ctx_t *ctx;
  JdCallOptions options;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->options = (JdCallOptions) { .local_addresses = loopback, .video = TRUE };
}

static void
teardown (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

static JdJingleMessage *
parse_iq (Fixture *f, const char *xml)
{
  g_autoptr (xmpp_stanza_t) iq = jd_stanza_from_string (f->ctx, xml);
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;

  g_assert_nonnull (iq);
  g_assert_true (jd_jingle_message_parse (iq, &msg, &error));
  g_assert_no_error (error);
  return msg;
}

static JdJingleMessage *
load_dino (Fixture *f, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", "jingle", "valid",
                                          name, NULL);

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  return parse_iq (f, xml);
}

static const JdJingleContent *
content_named (const JdJingleMessage *msg, const char *name)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);

      if (g_str_equal (c->name, name))
        return c;
    }
  g_assert_not_reached ();
}

static JdCallContent *
new_content (Fixture *f, const char *name, JdJingleMedia media)
{
  g_autoptr (GError) error = NULL;
  JdCallContent *c = jd_call_content_new (name, JD_JINGLE_CREATOR_INITIATOR, media, FALSE, 1,
                                          &f->options, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* The config the call would give the pipeline for @c. */
static JdMediaStreamConfig
config_of (JdCallContent *c)
{
  JdMediaStreamConfig config;

  jd_call_content_stream_config (c, NULL, &config);
  return config;
}

/* Answering Dino's offer: content @name. */
static JdCallContent *
answer_dino (Fixture *f, const JdJingleMessage *offer, const char *name, JdJingleMedia media)
{
  g_autoptr (GError) error = NULL;
  JdJingleReasonType failure = JD_JINGLE_REASON_SUCCESS;
  JdCallContent *c = new_content (f, name, media);

  g_assert_true (jd_call_content_answer (c, content_named (offer, name), &f->options, &failure,
                                         &error));
  g_assert_no_error (error);
  return c;
}

static void
test_dino_offer (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) offer = load_dino (f, "dino-video-session-initiate.xml");
  g_autoptr (JdCallContent) video = answer_dino (f, offer, "video", JD_JINGLE_MEDIA_VIDEO);
  g_autoptr (JdCallContent) audio = answer_dino (f, offer, "audio", JD_JINGLE_MEDIA_AUDIO);
  JdMediaStreamConfig config = config_of (video);

  g_assert_cmpstr (config.codec->name, ==, "VP8");
  g_assert_cmpuint (config.pt, ==, 98);
  g_assert_cmpint (config.feedback, ==, JD_MEDIA_FEEDBACK_PLI | JD_MEDIA_FEEDBACK_FIR);
  /* Offered, but nothing of ours retransmits: not answered, not agreed. */
  g_assert_false (jd_jingle_negotiate_rtcp_fb_agreed (content_named (offer, "video")->description,
                                                      video->local, 98, "nack", NULL));
  g_assert_cmpint (config_of (audio).feedback, ==, JD_MEDIA_FEEDBACK_NONE);
}

/* A session-accept of our video with VP8 (its id in our offer) carrying
 * @pt_fbs inside the payload type and @description_fbs beside it. */
static char *
answer_xml (const char *pt_fbs, const char *description_fbs)
{
  const JdCodec *vp8 = jd_codec_registry_find ("VP8", 90000, 1);

  return g_strdup_printf (
    "<iq type='set' id='a1' from='bob@example.org/b' to='alice@example.org/a'>"
    "<jingle xmlns='urn:xmpp:jingle:1' action='session-accept' sid='s1'"
    "        responder='bob@example.org/b'>"
    "<content name='video' creator='initiator' senders='both'>"
    "  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>"
    "    <payload-type id='%u' name='VP8' clockrate='90000'>%s</payload-type>"
    "    %s<rtcp-mux/>"
    "  </description>"
    "  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u1' pwd='p1p1p1p1p1p1p1p1p1p1p1'>"
    "    <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>"
    "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"
    "</fingerprint>"
    "  </transport>"
    "</content></jingle></iq>",
    vp8->payload_type, pt_fbs, description_fbs);
}

/* We offer our video; the peer answers with @pt_fbs, @description_fbs. */
static JdMediaFeedback
feedback_of_answer (Fixture *f, const char *pt_fbs, const char *description_fbs)
{
  g_autoptr (JdCallContent) c = new_content (f, "video", JD_JINGLE_MEDIA_VIDEO);
  g_autofree char *xml = answer_xml (pt_fbs, description_fbs);
  g_autoptr (JdJingleMessage) answer = parse_iq (f, xml);
  g_autoptr (GError) error = NULL;
  JdJingleReasonType failure = JD_JINGLE_REASON_SUCCESS;
  JdMediaStreamConfig config;

  jd_call_content_make_offer (c, &f->options, &error);
  g_assert_no_error (error);
  g_assert_true (jd_call_content_take_answer (c, content_named (answer, "video"), &failure,
                                              &error));
  g_assert_no_error (error);
  config = config_of (c);
  g_assert_cmpstr (config.codec->name, ==, "VP8");
  return config.feedback;
}

static void
test_answer_fir_only (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (feedback_of_answer (f, "<rtcp-fb " FB " type='ccm' subtype='fir'/>", ""),
                   ==, JD_MEDIA_FEEDBACK_FIR);
}

static void
test_answer_without_feedback (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (feedback_of_answer (f, "", ""), ==, JD_MEDIA_FEEDBACK_NONE);
}

/* XEP-0293 §3: feedback beside the payload types is for all of them. */
static void
test_answer_description_level (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (feedback_of_answer (f, "", "<rtcp-fb " FB " type='nack' subtype='pli'/>"),
                   ==, JD_MEDIA_FEEDBACK_PLI);
}

/* Generic NACK is not PLI, and an answer cannot add what we did not offer. */
static void
test_answer_generic_nack (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (feedback_of_answer (f, "<rtcp-fb " FB " type='nack'/>", ""), ==,
                   JD_MEDIA_FEEDBACK_NONE);
}

static void
test_no_vp8 (void)
{
  g_test_skip ("VP8 is not installed");
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  if (!jd_codec_is_available (jd_codec_registry_find ("VP8", 90000, 1)))
    {
      g_test_add_func ("/call/feedback", test_no_vp8);
      return g_test_run ();
    }
#define ADD(path, func) g_test_add ("/call/feedback/" path, Fixture, NULL, setup, func, teardown)
  ADD ("dino-offer", test_dino_offer);
  ADD ("answer/fir-only", test_answer_fir_only);
  ADD ("answer/none", test_answer_without_feedback);
  ADD ("answer/description-level", test_answer_description_level);
  ADD ("answer/generic-nack", test_answer_generic_nack);
#undef ADD
  return g_test_run ();
}
