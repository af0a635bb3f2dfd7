/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-jingle-negotiate.  Offers and our capabilities are
 * written as XEP-0167 <description/> XML and parsed, so each test reads
 * like the stanza it stands for; Dino 0.4.2's real audio offer (captured
 * in tests/data/stanzas/jingle/valid/dino-*.xml) is the first vector.
 * Each rule has a case that fails if the rule is dropped.
 */
#include <string.h>

#include "jd-jingle-negotiate.h"
#include "jd-stanza.h"

#define RTP    "xmlns='urn:xmpp:jingle:apps:rtp:1'"
#define FB     "xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0'"
#define HDREXT "xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'"

/* Dino 0.4.2's session-initiate description, as captured. */
static const char dino_offer[] =
  "<description " RTP " media='audio'>"
  "  <payload-type id='111' name='opus' clockrate='48000' channels='2'>"
  "    <parameter value='1' name='useinbandfec'/>"
  "  </payload-type>"
  "  <payload-type id='112' clockrate='32000' name='speex'/>"
  "  <payload-type id='113' clockrate='16000' name='speex'/>"
  "  <payload-type id='114' clockrate='8000' name='speex'/>"
  "  <payload-type id='0' clockrate='8000' name='PCMU'/>"
  "  <payload-type id='8' clockrate='8000' name='PCMA'/>"
  "  <encryption>"
  "    <crypto tag='1' crypto-suite='AES_CM_128_HMAC_SHA1_80'"
  "            key-params='inline:dzhwe64KLdlkEAm7Raea+O5UKw5F8xT7h/n+Hy8J'/>"
  "  </encryption>"
  "  <rtcp-mux/>"
  "</description>";

/* Dino's session-accept to that offer. */
static const char dino_answer[] =
  "<description " RTP " media='audio'>"
  "  <payload-type id='111' name='opus' clockrate='48000' channels='2'>"
  "    <parameter value='1' name='useinbandfec'/>"
  "  </payload-type>"
  "  <rtcp-mux/>"
  "</description>";

/* Our audio: opus, PCMU, PCMA, telephone-event at 48000 and 8000. */
static const char our_audio[] =
  "<description " RTP " media='audio'>"
  "  <payload-type id='111' name='opus' clockrate='48000' channels='2'>"
  "    <parameter name='useinbandfec' value='1'/>"
  "  </payload-type>"
  "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
  "  <payload-type id='8' name='PCMA' clockrate='8000'/>"
  "  <payload-type id='101' name='telephone-event' clockrate='48000'>"
  "    <parameter name='events' value='0-15'/>"
  "  </payload-type>"
  "  <payload-type id='126' name='telephone-event' clockrate='8000'>"
  "    <parameter name='events' value='0-15'/>"
  "  </payload-type>"
  "  <rtcp-mux/>"
  "</description>";

typedef struct {
  xmpp_ctx_t *ctx;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

static JdJingleRtpDescription *
parse (Fixture *f, const char *xml)
{
  g_autoptr(xmpp_stanza_t) el = jd_stanza_from_string (f->ctx, xml);
  g_autoptr(GError) error = NULL;
  JdJingleRtpDescription *d;

  g_assert_nonnull (el);
  d = jd_jingle_rtp_description_parse (el, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

/* The answer for two XML descriptions, which must succeed. */
static JdJingleRtpDescription *
answer (Fixture *f, const char *offer_xml, const char *local_xml)
{
  g_autoptr(JdJingleRtpDescription) offer = parse (f, offer_xml);
  g_autoptr(JdJingleRtpDescription) local = parse (f, local_xml);
  g_autoptr(GError) error = NULL;
  JdJingleReasonType failure = JD_JINGLE_REASON_SUCCESS;
  JdJingleRtpDescription *a = jd_jingle_negotiate_answer (offer, local, &failure, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpint (failure, ==, JD_JINGLE_REASON_SUCCESS);   /* untouched */
  /* Whatever we answer, an offerer checking it must be content. */
  g_assert_true (jd_jingle_negotiate_check_answer (offer, a, &error));
  g_assert_no_error (error);
  return a;
}

static void
assert_no_answer (Fixture *f, const char *offer_xml, const char *local_xml)
{
  g_autoptr(JdJingleRtpDescription) offer = parse (f, offer_xml);
  g_autoptr(JdJingleRtpDescription) local = parse (f, local_xml);
  g_autoptr(JdJingleRtpDescription) a = NULL;
  g_autoptr(GError) error = NULL;
  JdJingleReasonType failure = JD_JINGLE_REASON_SUCCESS;

  a = jd_jingle_negotiate_answer (offer, local, &failure, &error);
  g_assert_null (a);
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC);
  g_assert_cmpint (failure, ==, JD_JINGLE_REASON_FAILED_APPLICATION);
}

/* "111:opus,0:PCMU" for the payload types of @d, in order. */
static char *
payload_list (const JdJingleRtpDescription *d)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < d->payload_types->len; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);

      g_string_append_printf (s, "%s%u:%s", i > 0 ? "," : "", pt->id,
                              pt->name != NULL ? pt->name : "");
    }
  return g_string_free (s, FALSE);
}

static void
assert_payloads (const JdJingleRtpDescription *d, const char *expected)
{
  g_autofree char *got = payload_list (d);

  g_assert_cmpstr (got, ==, expected);
}

static const char *
param (const JdJingleRtpDescription *d, guint index, const char *name)
{
  g_assert_cmpuint (index, <, d->payload_types->len);
  return jd_jingle_payload_type_get_parameter (g_ptr_array_index (d->payload_types, index), name);
}

/* "nack,nack pli" for the rtcp-fbs in @fbs. */
static char *
fb_list (const GPtrArray *fbs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < fbs->len; i++)
    {
      const JdJingleRtcpFb *fb = g_ptr_array_index (fbs, i);

      g_string_append_printf (s, "%s%s%s%s", i > 0 ? "," : "", fb->type,
                              fb->subtype != NULL ? " " : "",
                              fb->subtype != NULL ? fb->subtype : "");
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Codec intersection                                                  */

static void
test_dino_offer (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f, dino_offer, our_audio);

  /* Opus alone and with Dino's id: speex is not ours, and PCMU and PCMA
   * are not answered beside it (we decode one codec per content); no
   * telephone-event, which Dino did not offer. */
  assert_payloads (a, "111:opus");
  g_assert_cmpstr (param (a, 0, "useinbandfec"), ==, "1");
  g_assert_cmpuint (((JdJinglePayloadType *) g_ptr_array_index (a->payload_types, 0))->channels,
                    ==, 2);
  g_assert_true (a->rtcp_mux);
  /* The offerer's key is not ours to send back. */
  g_assert_cmpuint (a->cryptos->len, ==, 0);
  g_assert_cmpint (a->media, ==, JD_JINGLE_MEDIA_AUDIO);
}

static void
test_nothing_common (Fixture *f, gconstpointer data)
{
  assert_no_answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='112' clockrate='32000' name='speex'/>"
    "  <payload-type id='18' name='G729' clockrate='8000'/>"
    "</description>",
    our_audio);
  /* An empty offer has nothing in common with anything. */
  assert_no_answer (f, "<description " RTP " media='audio'/>", our_audio);
  /* Same codecs, other media: video opus is not our audio opus. */
  assert_no_answer (f, "<description " RTP " media='video'>"
                       "  <payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
                       "</description>", our_audio);
}

static void
test_name_case (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='96' name='OPUS' clockrate='48000' channels='2'/>"
    "  <payload-type id='8' name='pcma' clockrate='8000'/>"
    "</description>",
    our_audio);

  /* Matched without case; the offer's spelling goes back. */
  assert_payloads (a, "96:OPUS");
}

/* RFC 3264 §6.1 / XEP-0167 §5: the offer's ids; the offerer's favourite
 * common codec, alone. */
static void
test_offer_ids_and_order (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='8' name='PCMA' clockrate='8000'/>"
    "  <payload-type id='97' name='opus' clockrate='48000' channels='2'/>"
    "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
    "</description>",
    our_audio);

  assert_payloads (a, "8:PCMA");
}

/* Clock rate and channels are part of the codec; absent channels = 1. */
static void
test_rate_and_channels (Fixture *f, gconstpointer data)
{
  assert_no_answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='96' name='opus' clockrate='48000'/>"
    "  <payload-type id='97' name='PCMU' clockrate='16000'/>"
    "</description>",
    our_audio);
}

/* RFC 3551 §6: a static id without a name is that table's codec. */
static void
test_static_by_id (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='9'/>"
    "  <payload-type id='0'/>"
    "  <payload-type id='3'/>"
    "</description>",
    "<description " RTP " media='audio'>"
    "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
    "  <payload-type id='9' name='G722' clockrate='8000'/>"
    "</description>");

  /* 3 is GSM, which we lack; 0 comes after 9. */
  assert_payloads (a, "9:");
}

/* RFC 4733 §7.1.1: telephone-event only beside a kept codec of its rate. */
static void
test_telephone_event (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) both = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
    "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
    "  <payload-type id='110' name='telephone-event' clockrate='48000'/>"
    "  <payload-type id='101' name='telephone-event' clockrate='8000'/>"
    "</description>",
    our_audio);
  g_autoptr(JdJingleRtpDescription) opus_only = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
    "  <payload-type id='101' name='telephone-event' clockrate='8000'/>"
    "  <payload-type id='102' name='telephone-event' clockrate='16000'/>"
    "</description>",
    our_audio);

  g_autoptr(JdJingleRtpDescription) pcmu_first = answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
    "  <payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
    "  <payload-type id='110' name='telephone-event' clockrate='48000'/>"
    "  <payload-type id='101' name='telephone-event' clockrate='8000'/>"
    "</description>",
    our_audio);

  /* Only the telephone-event of the chosen codec's rate. */
  assert_payloads (both, "111:opus,110:telephone-event");
  assert_payloads (pcmu_first, "0:PCMU,101:telephone-event");
  /* Our parameters: the events we can receive. */
  g_assert_cmpstr (param (both, 1, "events"), ==, "0-15");
  /* No 8000 Hz codec kept, and we have no 16000 Hz one at all. */
  assert_payloads (opus_only, "111:opus");
  /* Never alone, even when both sides have it. */
  assert_no_answer (f,
    "<description " RTP " media='audio'>"
    "  <payload-type id='112' clockrate='32000' name='speex'/>"
    "  <payload-type id='101' name='telephone-event' clockrate='8000'/>"
    "</description>",
    our_audio);
}

/* ------------------------------------------------------------------ */
/* Per-codec parameters                                                */

static const char our_opus_24k[] =
  "<description " RTP " media='audio'>"
  "  <payload-type id='111' name='opus' clockrate='48000' channels='2'>"
  "    <parameter name='useinbandfec' value='1'/>"
  "    <parameter name='maxplaybackrate' value='24000'/>"
  "  </payload-type>"
  "</description>";

static const char our_opus_plain[] =
  "<description " RTP " media='audio'>"
  "  <payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
  "</description>";

#define OPUS_OFFER(params)                                                   \
  "<description " RTP " media='audio'>"                                      \
  "  <payload-type id='96' name='opus' clockrate='48000' channels='2'>"      \
  params                                                                     \
  "  </payload-type>"                                                        \
  "</description>"

/* RFC 7587 §7: receiver declarations are ours; maxplaybackrate the min. */
static void
test_opus_parameters (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) lower_offer = answer (f,
    OPUS_OFFER ("<parameter name='maxplaybackrate' value='16000'/>"
                "<parameter name='stereo' value='1'/>"
                "<parameter name='usedtx' value='1'/>"), our_opus_24k);
  g_autoptr(JdJingleRtpDescription) lower_ours = answer (f,
    OPUS_OFFER ("<parameter name='maxplaybackrate' value='32000'/>"), our_opus_24k);
  g_autoptr(JdJingleRtpDescription) only_offer = answer (f,
    OPUS_OFFER ("<parameter name='maxplaybackrate' value='8000'/>"), our_opus_plain);
  g_autoptr(JdJingleRtpDescription) neither = answer (f, OPUS_OFFER (""), our_opus_plain);

  g_assert_cmpstr (param (lower_offer, 0, "maxplaybackrate"), ==, "16000");
  g_assert_cmpstr (param (lower_ours, 0, "maxplaybackrate"), ==, "24000");
  g_assert_cmpstr (param (only_offer, 0, "maxplaybackrate"), ==, "8000");
  g_assert_null (param (neither, 0, "maxplaybackrate"));
  /* The offerer's own declarations are not echoed as ours... */
  g_assert_null (param (lower_offer, 0, "stereo"));
  g_assert_null (param (lower_offer, 0, "usedtx"));
  /* ...ours are declared, whatever the offer said. */
  g_assert_cmpstr (param (lower_offer, 0, "useinbandfec"), ==, "1");
  g_assert_null (param (neither, 0, "useinbandfec"));
}

static const char our_h264[] =
  "<description " RTP " media='video'>"
  "  <payload-type id='100' name='H264' clockrate='90000'>"
  "    <parameter name='packetization-mode' value='1'/>"
  "    <parameter name='profile-level-id' value='42e01f'/>"
  "  </payload-type>"
  "</description>";

#define H264_OFFER(params)                                                   \
  "<description " RTP " media='video'>"                                      \
  "  <payload-type id='102' name='H264' clockrate='90000'>"                  \
  params                                                                     \
  "  </payload-type>"                                                        \
  "</description>"

/* RFC 6184 §8.2.2: packetization-mode must be equal (absent = 0). */
static void
test_h264_packetization_mode (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) two_modes = NULL;

  assert_no_answer (f, H264_OFFER ("<parameter name='packetization-mode' value='0'/>"
                                   "<parameter name='profile-level-id' value='42e01f'/>"),
                    our_h264);
  assert_no_answer (f, H264_OFFER ("<parameter name='profile-level-id' value='42e01f'/>"),
                    our_h264);
  /* With both modes on our side, the matching one answers. */
  two_modes = answer (f,
    H264_OFFER ("<parameter name='packetization-mode' value='0'/>"
                "<parameter name='profile-level-id' value='42e01f'/>"),
    "<description " RTP " media='video'>"
    "  <payload-type id='100' name='H264' clockrate='90000'>"
    "    <parameter name='packetization-mode' value='1'/>"
    "    <parameter name='profile-level-id' value='42e01f'/>"
    "  </payload-type>"
    "  <payload-type id='101' name='H264' clockrate='90000'>"
    "    <parameter name='profile-level-id' value='42e01f'/>"
    "  </payload-type>"
    "</description>");
  assert_payloads (two_modes, "102:H264");
  g_assert_null (param (two_modes, 0, "packetization-mode"));
}

static char *
h264_answer_pli (Fixture *f, const char *offer_pli, const char *extra_offer,
                 const char *our_pli, const char *extra_ours)
{
  g_autofree char *offer = g_strdup_printf (
    "<description " RTP " media='video'>"
    "  <payload-type id='102' name='H264' clockrate='90000'>"
    "    <parameter name='packetization-mode' value='1'/>"
    "    <parameter name='profile-level-id' value='%s'/>%s"
    "  </payload-type>"
    "</description>", offer_pli, extra_offer);
  g_autofree char *ours = g_strdup_printf (
    "<description " RTP " media='video'>"
    "  <payload-type id='100' name='H264' clockrate='90000'>"
    "    <parameter name='packetization-mode' value='1'/>"
    "    <parameter name='profile-level-id' value='%s'/>%s"
    "  </payload-type>"
    "</description>", our_pli, extra_ours);
  g_autoptr(JdJingleRtpDescription) a = answer (f, offer, ours);

  return g_strdup (param (a, 0, "profile-level-id"));
}

#define ASYM "<parameter name='level-asymmetry-allowed' value='1'/>"

/* RFC 6184 §8.1, §8.2.2: same profile, the lower level unless both
 * allow asymmetry. */
static void
test_h264_profile_level (Fixture *f, gconstpointer data)
{
  struct {
    const char *offer, *extra_offer, *ours, *extra_ours, *expected;
  } cases[] = {
    { "42e01f", "", "42e015", "", "42e015" },      /* 3.1 vs 2.1: ours is lower */
    { "42e00b", "", "42e01f", "", "42e00b" },      /* 1.1 vs 3.1: the offer's */
    { "42e00b", ASYM, "42e01f", ASYM, "42e01f" },  /* asymmetric: ours stands */
    { "42e00b", ASYM, "42e01f", "", "42e00b" },    /* only one side allows it */
    { "42c01f", "", "42e01f", "", "42c01f" },      /* both Constrained Baseline */
    { "42f00b", "", "42e01f", "", "42f00b" },      /* 1b (cs3) is below 3.1 */
    { "42e01f", "", "42f00b", "", "42f00b" },      /* ours 1b, spelt with cs3 */
    { "4d001f", "", "4d100b", "", "4d100b" },      /* Main too */
    { "42e00b", "", "42f00b", "", "42f00b" },      /* 1b is below 1.1... */
    { "42f00b", "", "42e00a", "", "42e00a" },      /* ...and above 1 */
    { "640c2a", "", "640c1f", "", "640c1f" },      /* Constrained High 4.2 vs 3.1 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = h264_answer_pli (f, cases[i].offer, cases[i].extra_offer,
                                              cases[i].ours, cases[i].extra_ours);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_test_message ("offer %s, ours %s", cases[i].offer, cases[i].ours);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_h264_profile_mismatch (Fixture *f, gconstpointer data)
{
  /* Constrained High is not Constrained Baseline. */
  assert_no_answer (f, H264_OFFER ("<parameter name='packetization-mode' value='1'/>"
                                   "<parameter name='profile-level-id' value='640c1f'/>"),
                    our_h264);
  /* Baseline (no cs1) is not Constrained Baseline either. */
  assert_no_answer (f, H264_OFFER ("<parameter name='packetization-mode' value='1'/>"
                                   "<parameter name='profile-level-id' value='42001f'/>"),
                    our_h264);
  /* A malformed profile-level-id matches nothing. */
  assert_no_answer (f, H264_OFFER ("<parameter name='packetization-mode' value='1'/>"
                                   "<parameter name='profile-level-id' value='42e0'/>"),
                    our_h264);
}

/* RFC 7741 §6: max-fr and max-fs are what our decoder takes. */
static void
test_vp8_parameters (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f,
    "<description " RTP " media='video'>"
    "  <payload-type id='98' name='VP8' clockrate='90000'>"
    "    <parameter name='max-fs' value='1200'/>"
    "  </payload-type>"
    "</description>",
    "<description " RTP " media='video'>"
    "  <payload-type id='96' name='VP8' clockrate='90000'>"
    "    <parameter name='max-fr' value='30'/>"
    "    <parameter name='max-fs' value='3600'/>"
    "  </payload-type>"
    "</description>");

  assert_payloads (a, "98:VP8");
  g_assert_cmpstr (param (a, 0, "max-fr"), ==, "30");
  g_assert_cmpstr (param (a, 0, "max-fs"), ==, "3600");
}

/* ------------------------------------------------------------------ */
/* rtcp-fb, rtcp-mux, hdrext                                           */

/* Dino's VP8 offer with a trr-int added. */
static const char vp8_offer[] =
  "<description " RTP " media='video'>"
  "  <payload-type clockrate='90000' id='98' name='VP8'>"
  "    <rtcp-fb " FB " type='goog-remb'/>"
  "    <rtcp-fb " FB " type='ccm' subtype='fir'/>"
  "    <rtcp-fb " FB " type='nack'/>"
  "    <rtcp-fb " FB " type='nack' subtype='pli'/>"
  "    <rtcp-fb-trr-int " FB " value='100'/>"
  "  </payload-type>"
  "  <rtcp-fb " FB " type='nack' subtype='sli'/>"
  "  <rtcp-fb " FB " type='transport-cc'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:3gpp:video-orientation' id='1'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:ietf:params:rtp-hdrext:toffset' id='3' senders='initiator'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:ietf:params:rtp-hdrext:sdes:mid' id='4' senders='responder'/>"
  "  <rtp-hdrext " HDREXT " id='5'"
  "              uri='http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'/>"
  "  <rtcp-mux/>"
  "</description>";

static const char our_vp8[] =
  "<description " RTP " media='video'>"
  "  <payload-type clockrate='90000' id='96' name='VP8'>"
  "    <rtcp-fb " FB " type='NACK' subtype='PLI'/>"
  "    <rtcp-fb " FB " type='ccm' subtype='fir'/>"
  "    <rtcp-fb-trr-int " FB " value='0'/>"
  "  </payload-type>"
  "  <rtcp-fb " FB " type='nack'/>"
  "  <rtcp-fb " FB " type='transport-cc'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:ietf:params:rtp-hdrext:toffset' id='9'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:3gpp:video-orientation' id='7' senders='initiator'/>"
  "  <rtp-hdrext " HDREXT " uri='urn:ietf:params:rtp-hdrext:sdes:mid' id='8' senders='initiator'/>"
  "</description>";

/* Dino 0.4.2's video description, as captured. */
static const char dino_video_offer[] =
  "<description " RTP " media='video'>"
  "  <payload-type clockrate='90000' id='98' name='VP8'>"
  "    <rtcp-fb " FB " type='goog-remb'/>"
  "    <rtcp-fb " FB " type='ccm' subtype='fir'/>"
  "    <rtcp-fb " FB " type='nack'/>"
  "    <rtcp-fb " FB " type='nack' subtype='pli'/>"
  "  </payload-type>"
  "  <rtp-hdrext " HDREXT " uri='urn:3gpp:video-orientation' id='1'/>"
  "  <encryption>"
  "    <crypto key-params='inline:tU9KI22obzC3r7uYd9S0iSq1LnpumueoypdgYP/0' tag='1'"
  "            crypto-suite='AES_CM_128_HMAC_SHA1_80'/>"
  "  </encryption>"
  "  <rtcp-mux/>"
  "</description>";

/* What codecs/vp8.c declares: the feedback that rtpsession and the
 * encoder act on (a key frame for PLI and FIR), no header extension. */
static const char our_registry_vp8[] =
  "<description " RTP " media='video'>"
  "  <payload-type clockrate='90000' id='96' name='VP8'>"
  "    <rtcp-fb " FB " type='nack' subtype='pli'/>"
  "    <rtcp-fb " FB " type='ccm' subtype='fir'/>"
  "  </payload-type>"
  "  <rtcp-mux/>"
  "</description>";

/* Dino's VP8: picked with its id; answered with PLI and FIR only (not
 * goog-remb, not generic nack: nothing of ours estimates bandwidth or
 * retransmits); video-orientation not echoed; rtcp-mux kept. */
static void
test_dino_video_offer (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f, dino_video_offer, our_registry_vp8);
  const JdJinglePayloadType *pt;
  g_autofree char *pt_fbs = NULL;

  assert_payloads (a, "98:VP8");
  pt = g_ptr_array_index (a->payload_types, 0);
  pt_fbs = fb_list (pt->rtcp_fbs);
  g_assert_cmpstr (pt_fbs, ==, "ccm fir,nack pli");
  g_assert_cmpuint (a->rtcp_fbs->len, ==, 0);
  g_assert_cmpuint (a->hdrexts->len, ==, 0);
  g_assert_true (a->rtcp_mux);
  g_assert_cmpuint (a->cryptos->len, ==, 0);
}

/* XEP-0293 §4: the offered feedback we accept, unchanged; never added. */
static void
test_rtcp_fb (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f, vp8_offer, our_vp8);
  const JdJinglePayloadType *pt = g_ptr_array_index (a->payload_types, 0);
  g_autofree char *pt_fbs = fb_list (pt->rtcp_fbs);
  g_autofree char *desc_fbs = fb_list (a->rtcp_fbs);

  /* goog-remb dropped; nack accepted through our description-level one;
   * trr-int keeps the offer's value; the offer's spelling is echoed. */
  g_assert_cmpstr (pt_fbs, ==, "ccm fir,nack,nack pli,trr-int 100");
  /* nack sli is not nack; transport-cc is ours too. */
  g_assert_cmpstr (desc_fbs, ==, "transport-cc");
}

/* XEP-0294 §4: intersection by URI, the offer's ids; "both" may narrow. */
static void
test_hdrext (Fixture *f, gconstpointer data)
{
  g_autoptr(JdJingleRtpDescription) a = answer (f, vp8_offer, our_vp8);
  const JdJingleHdrExt *e0, *e1;

  g_assert_cmpuint (a->hdrexts->len, ==, 2);
  e0 = g_ptr_array_index (a->hdrexts, 0);
  e1 = g_ptr_array_index (a->hdrexts, 1);
  g_assert_cmpstr (e0->uri, ==, "urn:3gpp:video-orientation");
  g_assert_cmpuint (e0->id, ==, 1);
  g_assert_cmpint (e0->senders, ==, JD_JINGLE_SENDERS_INITIATOR);   /* narrowed */
  g_assert_cmpstr (e1->uri, ==, "urn:ietf:params:rtp-hdrext:toffset");
  g_assert_cmpuint (e1->id, ==, 3);
  g_assert_cmpint (e1->senders, ==, JD_JINGLE_SENDERS_INITIATOR);
  /* sdes:mid: offered for the responder only, we take it from the
   * initiator only: dropped.  abs-send-time: not ours. */
}

static void
test_rtcp_mux (Fixture *f, gconstpointer data)
{
  static const char offer_without[] =
    "<description " RTP " media='audio'>"
    "  <payload-type id='0' name='PCMU' clockrate='8000'/>"
    "</description>";
  g_autoptr(JdJingleRtpDescription) both = answer (f, dino_offer, our_audio);
  g_autoptr(JdJingleRtpDescription) not_ours = answer (f, dino_offer, our_opus_plain);
  g_autoptr(JdJingleRtpDescription) not_offered = answer (f, offer_without, our_audio);

  g_assert_true (both->rtcp_mux);
  g_assert_false (not_ours->rtcp_mux);
  g_assert_false (not_offered->rtcp_mux);
}

/* ------------------------------------------------------------------ */
/* The offerer's check                                                 */

static gboolean
check (Fixture *f, const char *offer_xml, const char *answer_xml, GError **error)
{
  g_autoptr(JdJingleRtpDescription) offer = parse (f, offer_xml);
  g_autoptr(JdJingleRtpDescription) ans = parse (f, answer_xml);

  return jd_jingle_negotiate_check_answer (offer, ans, error);
}

static void
test_check_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (check (f, dino_offer, dino_answer, &error));
  g_assert_no_error (error);
  /* A static id may come back without its name. */
  g_assert_true (check (f, dino_offer,
                        "<description " RTP " media='audio'><payload-type id='8'/></description>",
                        &error));
  g_assert_no_error (error);

  /* An id we never offered. */
  g_assert_false (check (f, dino_offer,
                         "<description " RTP " media='audio'>"
                         "<payload-type id='9' name='G722' clockrate='8000'/></description>",
                         &error));
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER);
  g_clear_error (&error);
  /* Our id, another codec. */
  g_assert_false (check (f, dino_offer,
                         "<description " RTP " media='audio'>"
                         "<payload-type id='111' name='speex' clockrate='48000'/></description>",
                         &error));
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER);
  g_assert_nonnull (strstr (error->message, "111"));
  g_clear_error (&error);
  /* Nothing usable at all. */
  g_assert_false (check (f, dino_offer, "<description " RTP " media='audio'/>", &error));
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER);
  g_clear_error (&error);
  /* telephone-event alone is no call. */
  g_assert_false (check (f, our_audio,
                         "<description " RTP " media='audio'>"
                         "<payload-type id='126' name='telephone-event' clockrate='8000'/>"
                         "</description>", &error));
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER);
}

static void
test_check_answer_h264_mode (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (check (f, our_h264,
                         "<description " RTP " media='video'>"
                         "  <payload-type id='100' name='H264' clockrate='90000'>"
                         "    <parameter name='profile-level-id' value='42e01f'/>"
                         "  </payload-type>"
                         "</description>", &error));
  g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER);
}

/* ------------------------------------------------------------------ */
/* Senders, DTLS, SDES                                                 */

#define I JD_JINGLE_ROLE_INITIATOR
#define R JD_JINGLE_ROLE_RESPONDER
#define BOTH JD_JINGLE_SENDERS_BOTH
#define INIT JD_JINGLE_SENDERS_INITIATOR
#define RESP JD_JINGLE_SENDERS_RESPONDER
#define NONE JD_JINGLE_SENDERS_NONE

/* RFC 3264 §6.1 in Jingle words: keep only the directions we can do. */
static void
test_senders (void)
{
  static const struct {
    JdJingleSenders offered;
    gboolean send, receive;
    JdJingleRole role;
    JdJingleSenders expected;
  } cases[] = {
    /* We answer as the responder. */
    { BOTH, TRUE,  TRUE,  R, BOTH }, { BOTH, TRUE,  FALSE, R, RESP },
    { BOTH, FALSE, TRUE,  R, INIT }, { BOTH, FALSE, FALSE, R, NONE },
    { INIT, TRUE,  TRUE,  R, INIT }, { INIT, TRUE,  FALSE, R, NONE },
    { INIT, FALSE, TRUE,  R, INIT }, { INIT, FALSE, FALSE, R, NONE },
    { RESP, TRUE,  TRUE,  R, RESP }, { RESP, TRUE,  FALSE, R, RESP },
    { RESP, FALSE, TRUE,  R, NONE }, { RESP, FALSE, FALSE, R, NONE },
    { NONE, TRUE,  TRUE,  R, NONE }, { NONE, TRUE,  FALSE, R, NONE },
    { NONE, FALSE, TRUE,  R, NONE }, { NONE, FALSE, FALSE, R, NONE },
    /* We answer the responder's content-add as the initiator. */
    { BOTH, TRUE,  TRUE,  I, BOTH }, { BOTH, TRUE,  FALSE, I, INIT },
    { BOTH, FALSE, TRUE,  I, RESP }, { BOTH, FALSE, FALSE, I, NONE },
    { INIT, TRUE,  TRUE,  I, INIT }, { INIT, TRUE,  FALSE, I, INIT },
    { INIT, FALSE, TRUE,  I, NONE }, { INIT, FALSE, FALSE, I, NONE },
    { RESP, TRUE,  TRUE,  I, RESP }, { RESP, TRUE,  FALSE, I, NONE },
    { RESP, FALSE, TRUE,  I, RESP }, { RESP, FALSE, FALSE, I, NONE },
    { NONE, TRUE,  TRUE,  I, NONE }, { NONE, TRUE,  FALSE, I, NONE },
    { NONE, FALSE, TRUE,  I, NONE }, { NONE, FALSE, FALSE, I, NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JdJingleSenders got = jd_jingle_negotiate_senders (cases[i].offered, cases[i].send,
                                                         cases[i].receive, cases[i].role);

      if (got != cases[i].expected)
        g_test_message ("case %u: offered %s", i, jd_jingle_senders_to_string (cases[i].offered));
      g_assert_cmpstr (jd_jingle_senders_to_string (got), ==,
                       jd_jingle_senders_to_string (cases[i].expected));
    }
}

/* RFC 4145 §4.1, RFC 5763 §5, XEP-0320. */
static void
test_dtls_setup (void)
{
  static const struct {
    const char *offered;
    const char *expected;   /* NULL = error */
  } cases[] = {
    { "actpass", "active" },
    { "active", "passive" },
    { "passive", "active" },
    { "holdconn", NULL },
    { "ACTPASS", NULL },     /* XML enumerations are case-sensitive */
    { "", NULL },
    { "sideways", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *got = jd_jingle_negotiate_dtls_setup_answer (cases[i].offered, &error);

      g_assert_cmpstr (got, ==, cases[i].expected);
      g_assert_cmpstr (got, !=, "actpass");
      if (cases[i].expected == NULL)
        g_assert_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP);
      else
        g_assert_no_error (error);
    }
}

static void
test_dtls_is_client (void)
{
  g_assert_true (jd_jingle_negotiate_dtls_is_client ("active"));
  g_assert_false (jd_jingle_negotiate_dtls_is_client ("passive"));
  g_assert_false (jd_jingle_negotiate_dtls_is_client ("actpass"));
  /* Dino answered actpass with active: Dino is the client, we are not. */
  g_assert_false (jd_jingle_negotiate_dtls_is_client (
                    jd_jingle_negotiate_dtls_setup_answer ("active", NULL)));
}

static GPtrArray *
offered_cryptos (void)
{
  GPtrArray *c = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_crypto_free);

  g_ptr_array_add (c, jd_jingle_crypto_new (1, "AES_CM_128_HMAC_SHA1_32", "inline:a", NULL));
  g_ptr_array_add (c, jd_jingle_crypto_new (2, "AES_CM_128_HMAC_SHA1_80", "inline:b", NULL));
  g_ptr_array_add (c, jd_jingle_crypto_new (3, "AES_256_CM_HMAC_SHA1_80", "inline:c", NULL));
  g_ptr_array_add (c, jd_jingle_crypto_new (4, "AES_CM_128_HMAC_SHA1_80", "inline:d", NULL));
  return c;
}

static guint
picked_tag (const GPtrArray *offered, const char *const *ours)
{
  const JdJingleCrypto *c = jd_jingle_negotiate_pick_crypto (offered, ours);

  return c != NULL ? c->tag : 0;
}

/* RFC 4568 §5.1.2: one offered crypto, by our preference. */
static void
test_pick_crypto (void)
{
  g_autoptr(GPtrArray) offered = offered_cryptos ();
  const char *const prefer_80[] = { "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", NULL };
  const char *const prefer_32[] = { "AES_CM_128_HMAC_SHA1_32", "AES_CM_128_HMAC_SHA1_80", NULL };
  const char *const only_256[] = { "AES_256_CM_HMAC_SHA1_80", NULL };
  const char *const lower[] = { "aes_cm_128_hmac_sha1_80", NULL };
  const char *const none[] = { "F8_128_HMAC_SHA1_80", NULL };
  const char *const empty[] = { NULL };

  g_assert_cmpuint (picked_tag (offered, prefer_80), ==, 2);   /* not 1, not 4 */
  g_assert_cmpuint (picked_tag (offered, prefer_32), ==, 1);
  g_assert_cmpuint (picked_tag (offered, only_256), ==, 3);
  g_assert_cmpuint (picked_tag (offered, lower), ==, 2);
  g_assert_cmpuint (picked_tag (offered, none), ==, 0);
  g_assert_cmpuint (picked_tag (offered, empty), ==, 0);
  g_assert_cmpuint (picked_tag (NULL, prefer_80), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Agreed feedback                                                     */

/* Agreed: listed on both sides, for the payload type or beside all of
 * them, compared without case; a subtype is another feedback than the
 * bare type; the answer adding something does not make it agreed. */
static void
test_rtcp_fb_agreed (Fixture *f, gconstpointer data)
{
  static const char offer_xml[] =
    "<description " RTP " media='video'>"
    "  <payload-type id='96' name='VP8' clockrate='90000'>"
    "    <rtcp-fb " FB " type='nack' subtype='pli'/>"
    "  </payload-type>"
    "  <payload-type id='97' name='H264' clockrate='90000'/>"
    "  <rtcp-fb " FB " type='ccm' subtype='fir'/>"
    "</description>";
  static const char answer_xml[] =
    "<description " RTP " media='video'>"
    "  <payload-type id='96' name='VP8' clockrate='90000'>"
    "    <rtcp-fb " FB " type='NACK' subtype='PLI'/>"
    "    <rtcp-fb " FB " type='ccm' subtype='fir'/>"
    "    <rtcp-fb " FB " type='nack'/>"
    "    <rtcp-fb " FB " type='goog-remb'/>"
    "  </payload-type>"
    "</description>";
  g_autoptr(JdJingleRtpDescription) offer = parse (f, offer_xml);
  g_autoptr(JdJingleRtpDescription) ans = parse (f, answer_xml);

  g_assert_true (jd_jingle_negotiate_rtcp_fb_agreed (offer, ans, 96, "nack", "pli"));
  g_assert_true (jd_jingle_negotiate_rtcp_fb_agreed (offer, ans, 96, "ccm", "fir"));
  g_assert_false (jd_jingle_negotiate_rtcp_fb_agreed (offer, ans, 96, "nack", NULL));
  g_assert_false (jd_jingle_negotiate_rtcp_fb_agreed (offer, ans, 96, "goog-remb", NULL));
  /* Payload type 97 is not in the answer and has no feedback of its own. */
  g_assert_false (jd_jingle_negotiate_rtcp_fb_agreed (offer, ans, 97, "nack", "pli"));
  g_assert_false (jd_jingle_negotiate_rtcp_fb_agreed (offer, offer, 97, "nack", "pli"));
  g_assert_true (jd_jingle_negotiate_rtcp_fb_agreed (offer, offer, 97, "ccm", "fir"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/jingle/negotiate/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("answer/dino-offer", test_dino_offer);
  ADD ("answer/nothing-common", test_nothing_common);
  ADD ("answer/name-case", test_name_case);
  ADD ("answer/offer-ids-and-order", test_offer_ids_and_order);
  ADD ("answer/rate-and-channels", test_rate_and_channels);
  ADD ("answer/static-by-id", test_static_by_id);
  ADD ("answer/telephone-event", test_telephone_event);
  ADD ("answer/opus-parameters", test_opus_parameters);
  ADD ("answer/h264-packetization-mode", test_h264_packetization_mode);
  ADD ("answer/h264-profile-level", test_h264_profile_level);
  ADD ("answer/h264-profile-mismatch", test_h264_profile_mismatch);
  ADD ("answer/vp8-parameters", test_vp8_parameters);
  ADD ("answer/rtcp-fb", test_rtcp_fb);
  ADD ("answer/dino-video-offer", test_dino_video_offer);
  ADD ("answer/hdrext", test_hdrext);
  ADD ("answer/rtcp-mux", test_rtcp_mux);
  ADD ("check-answer/payload-types", test_check_answer);
  ADD ("check-answer/h264-mode", test_check_answer_h264_mode);
  ADD ("rtcp-fb-agreed", test_rtcp_fb_agreed);
#undef ADD
  g_test_add_func ("/jingle/negotiate/senders", test_senders);
  g_test_add_func ("/jingle/negotiate/dtls/setup-answer", test_dtls_setup);
  g_test_add_func ("/jingle/negotiate/dtls/is-client", test_dtls_is_client);
  g_test_add_func ("/jingle/negotiate/pick-crypto", test_pick_crypto);
  return g_test_run ();
}
