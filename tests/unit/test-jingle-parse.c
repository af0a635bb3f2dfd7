/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd_jingle_message_parse() against committed stanzas:
 *
 * - tests/data/stanzas/jingle/valid/: the examples of XEP-0166, -0167,
 *   -0176, -0177, -0181, -0293, -0294, -0320 (namespaces brought up to
 *   date; each file says what was changed) and real Dino 0.4.2 captures.
 *   Every one must parse, survive build -> parse (in memory and through
 *   XML text) unchanged, and some have their values spot-checked.
 * - tests/data/stanzas/jingle/invalid/: one violated rule each.  The first
 *   line says what must happen: <!-- expect: CODE WORD... --> where CODE
 *   is bad-request or limit and every WORD must appear in the message.
 */
#include <string.h>

#include "jd-jingle-message.h"
#include "jd-stanza.h"
#include "jd-unit-model.h"

typedef JdUnitFixture Fixture;
#define fixture_setup jd_unit_fixture_setup
#define fixture_teardown jd_unit_fixture_teardown

static JdJingleMessage *
parse_text (Fixture *f, const char *xml)
{
  return jd_unit_parse_text (&jd_stanza_model_jingle, f, xml);
}

static char *
load_text (const char *kind, const char *name)
{
  return jd_unit_load (&jd_stanza_model_jingle, kind, name);
}

static void
assert_round_trip (Fixture *f, const JdJingleMessage *value)
{
  jd_unit_assert_round_trip (&jd_stanza_model_jingle, f, value);
}

/* Spot checks */

static const JdJingleContent *
content (const JdJingleMessage *msg, guint i)
{
  g_assert_cmpuint (i, <, msg->contents->len);
  return g_ptr_array_index (msg->contents, i);
}

static const JdJinglePayloadType *
payload_type (const JdJingleContent *c, guint i)
{
  g_assert_nonnull (c->description);
  g_assert_cmpuint (i, <, c->description->payload_types->len);
  return g_ptr_array_index (c->description->payload_types, i);
}

static const JdJingleCandidate *
candidate (const JdJingleContent *c, guint i)
{
  g_assert_nonnull (c->transport);
  g_assert_cmpuint (i, <, c->transport->candidates->len);
  return g_ptr_array_index (c->transport->candidates, i);
}

static const JdJingleRtcpFb *
rtcp_fb (const GPtrArray *fbs, guint i)
{
  g_assert_cmpuint (i, <, fbs->len);
  return g_ptr_array_index (fbs, i);
}

static void
assert_pt (const JdJinglePayloadType *pt, guint id, const char *name, guint clockrate,
           guint channels)
{
  g_assert_cmpuint (pt->id, ==, id);
  g_assert_cmpstr (pt->name, ==, name);
  g_assert_cmpuint (pt->clockrate, ==, clockrate);
  g_assert_cmpuint (pt->channels, ==, channels);
}

static void
assert_fb (const JdJingleRtcpFb *fb, const char *type, const char *subtype)
{
  g_assert_cmpstr (fb->type, ==, type);
  g_assert_cmpstr (fb->subtype, ==, subtype);
}

static void
assert_candidate (const JdJingleCandidate *c, const char *id, guint component, const char *ip,
                  guint port, guint32 priority, JdJingleCandidateType type)
{
  g_assert_cmpstr (c->id, ==, id);
  g_assert_cmpuint (c->component, ==, component);
  g_assert_cmpstr (c->ip, ==, ip);
  g_assert_cmpuint (c->port, ==, port);
  g_assert_cmpuint (c->priority, ==, priority);
  g_assert_cmpint (c->type, ==, type);
}

/* Dino's audio offer: opus/111 with useinbandfec=1 first, SDES and DTLS
 * both, rtcp-mux and yet RTCP candidates (README of the capture). */
static void
check_dino_audio_initiate (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);
  const JdJingleCrypto *crypto;

  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_SESSION_INITIATE);
  g_assert_cmpstr (msg->sid, ==, "963e7a73-0c7d-45a8-940f-cb36aefafec2");
  g_assert_cmpstr (msg->initiator, ==, "alice@localhost/dino.ubapuuhk");
  g_assert_cmpstr (msg->iq_id, ==, "5fd52427-3ff5-4850-aaf5-fb2293f79de7");
  g_assert_cmpstr (c->name, ==, "audio");
  g_assert_cmpint (c->creator, ==, JD_JINGLE_CREATOR_INITIATOR);
  g_assert_cmpint (c->senders, ==, JD_JINGLE_SENDERS_BOTH);
  g_assert_cmpint (c->description->media, ==, JD_JINGLE_MEDIA_AUDIO);
  g_assert_cmpuint (c->description->payload_types->len, ==, 6);
  assert_pt (payload_type (c, 0), 111, "opus", 48000, 2);
  g_assert_cmpstr (jd_jingle_payload_type_get_parameter (payload_type (c, 0), "useinbandfec"),
                   ==, "1");
  assert_pt (payload_type (c, 4), 0, "PCMU", 8000, 0);
  g_assert_true (c->description->rtcp_mux);
  g_assert_false (c->description->encryption_required);
  g_assert_cmpuint (c->description->cryptos->len, ==, 1);
  crypto = g_ptr_array_index (c->description->cryptos, 0);
  g_assert_cmpuint (crypto->tag, ==, 1);
  g_assert_cmpstr (crypto->crypto_suite, ==, "AES_CM_128_HMAC_SHA1_80");
  g_assert_cmpstr (crypto->key_params, ==, "inline:dzhwe64KLdlkEAm7Raea+O5UKw5F8xT7h/n+Hy8J");
  g_assert_null (crypto->session_params);
}

static void
check_dino_audio_initiate_transport (const JdJingleMessage *msg)
{
  const JdJingleTransport *t = content (msg, 0)->transport;

  check_dino_audio_initiate (msg);
  g_assert_cmpint (t->type, ==, JD_JINGLE_TRANSPORT_ICE_UDP);
  g_assert_cmpstr (t->ufrag, ==, "ibxK");
  g_assert_cmpstr (t->pwd, ==, "L0v07CPjklxdKWarLno19u");
  g_assert_cmpstr (t->fingerprint->hash, ==, "sha-256");
  g_assert_cmpstr (t->fingerprint->setup, ==, "actpass");
  g_assert_cmpstr (t->fingerprint->value, ==,
                   "96:7D:2F:EB:F1:46:4C:43:BD:4E:8B:01:B7:AA:FD:91:"
                   "55:25:59:BF:7E:79:6B:98:3A:BF:54:79:46:9D:6A:FA");
  g_assert_cmpuint (t->candidates->len, ==, 2);
  assert_candidate (candidate (content (msg, 0), 0), "e1193683", 1, "198.18.0.1", 33694,
                    2015363327, JD_JINGLE_CANDIDATE_HOST);
  assert_candidate (candidate (content (msg, 0), 1), "ec80bef5", 2, "198.18.0.1", 55043,
                    2015363326, JD_JINGLE_CANDIDATE_HOST);
  g_assert_cmpstr (candidate (content (msg, 0), 0)->foundation, ==, "1");
  g_assert_cmpstr (candidate (content (msg, 0), 0)->protocol, ==, "udp");
  g_assert_null (t->remote_candidate);
}

static void
check_dino_audio_trickle (const JdJingleMessage *msg)
{
  const JdJingleCandidate *c = candidate (content (msg, 0), 0);

  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_TRANSPORT_INFO);
  g_assert_null (content (msg, 0)->description);
  g_assert_null (content (msg, 0)->transport->fingerprint);
  assert_candidate (c, "4926e792", 1, "198.18.0.1", 49208, 505413887, JD_JINGLE_CANDIDATE_RELAY);
  g_assert_cmpstr (c->rel_addr, ==, "198.18.0.1");
  g_assert_cmpuint (c->rel_port, ==, 33694);
}

static void
check_dino_audio_accept (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);

  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_SESSION_ACCEPT);
  g_assert_null (msg->initiator);
  g_assert_null (msg->responder);
  g_assert_cmpuint (c->description->payload_types->len, ==, 1);
  assert_pt (payload_type (c, 0), 111, "opus", 48000, 2);
  g_assert_cmpstr (c->transport->fingerprint->setup, ==, "active");
  g_assert_cmpuint (c->transport->candidates->len, ==, 4);
  g_assert_cmpuint (candidate (c, 3)->rel_port, ==, 55217);
}

static void
check_dino_terminate (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_SESSION_TERMINATE);
  g_assert_cmpuint (msg->contents->len, ==, 0);
  g_assert_cmpint (msg->reason->type, ==, JD_JINGLE_REASON_SUCCESS);
  g_assert_null (msg->reason->text);
}

/* Video: VP8/98 with four kinds of feedback and one header extension. */
static void
check_dino_video_initiate (const JdJingleMessage *msg)
{
  const JdJingleContent *video = content (msg, 1);
  const JdJinglePayloadType *vp8 = payload_type (video, 0);
  const JdJingleHdrExt *ext;

  g_assert_cmpuint (msg->contents->len, ==, 2);
  g_assert_cmpstr (content (msg, 0)->name, ==, "audio");
  g_assert_cmpstr (video->name, ==, "video");
  g_assert_cmpint (video->description->media, ==, JD_JINGLE_MEDIA_VIDEO);
  assert_pt (vp8, 98, "VP8", 90000, 0);
  g_assert_cmpuint (vp8->rtcp_fbs->len, ==, 4);
  assert_fb (rtcp_fb (vp8->rtcp_fbs, 0), "goog-remb", NULL);
  assert_fb (rtcp_fb (vp8->rtcp_fbs, 1), "ccm", "fir");
  assert_fb (rtcp_fb (vp8->rtcp_fbs, 2), "nack", NULL);
  assert_fb (rtcp_fb (vp8->rtcp_fbs, 3), "nack", "pli");
  g_assert_cmpuint (video->description->hdrexts->len, ==, 1);
  ext = g_ptr_array_index (video->description->hdrexts, 0);
  g_assert_cmpuint (ext->id, ==, 1);
  g_assert_cmpstr (ext->uri, ==, "urn:3gpp:video-orientation");
  g_assert_cmpint (ext->senders, ==, JD_JINGLE_SENDERS_BOTH);
  g_assert_cmpuint (video->transport->candidates->len, ==, 2);
  g_assert_nonnull (jd_jingle_message_find_content (msg, "video"));
  g_assert_null (jd_jingle_message_find_content (msg, "screen"));
}

static void
check_alternative_session (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->reason->type, ==, JD_JINGLE_REASON_ALTERNATIVE_SESSION);
  g_assert_cmpstr (msg->reason->alternative_sid, ==, "b84tkkwlmb48kgfb");
}

static void
check_success_text (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->reason->type, ==, JD_JINGLE_REASON_SUCCESS);
  g_assert_cmpstr (msg->reason->text, ==, "Sorry, gotta go!");
}

static void
check_invalid_crypto (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->reason->type, ==, JD_JINGLE_REASON_SECURITY_ERROR);
  g_assert_cmpstr (msg->reason->detail_name, ==, "invalid-crypto");
  g_assert_cmpstr (msg->reason->detail_ns, ==, JD_NS_JINGLE_RTP_ERRORS);
}

/* XEP-0166 §2: a stub application over a stub transport is noted, not
 * refused; the session layer answers unsupported-applications. */
static void
check_stub (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);

  g_assert_null (c->description);
  g_assert_null (c->transport);
  g_assert_cmpstr (c->unsupported_description, ==, "urn:xmpp:jingle:apps:stub:0");
  g_assert_cmpstr (c->unsupported_transport, ==, "urn:xmpp:jingle:transports:stub:0");
}

static void
check_ping (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_SESSION_INFO);
  g_assert_cmpint (msg->info->type, ==, JD_JINGLE_INFO_NONE);
  g_assert_cmpuint (msg->contents->len, ==, 0);
}

static void
check_ringing (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->info->type, ==, JD_JINGLE_INFO_RINGING);
}

static void
check_hold (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->info->type, ==, JD_JINGLE_INFO_HOLD);
}

static void
check_mute (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->info->type, ==, JD_JINGLE_INFO_MUTE);
  g_assert_cmpint (msg->info->creator, ==, JD_JINGLE_CREATOR_RESPONDER);
  g_assert_cmpstr (msg->info->name, ==, "voice");
}

static void
check_dtmf (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->info->type, ==, JD_JINGLE_INFO_DTMF);
  g_assert_cmpint (msg->info->dtmf_code, ==, '7');
  g_assert_cmpuint (msg->info->dtmf_duration, ==, 400);
  g_assert_cmpuint (msg->info->dtmf_volume, ==, 42);
}

static void
check_srtp (const JdJingleMessage *msg)
{
  const JdJingleRtpDescription *d = content (msg, 0)->description;
  const JdJingleCrypto *crypto;

  g_assert_cmpuint (d->cryptos->len, ==, 1);
  crypto = g_ptr_array_index (d->cryptos, 0);
  g_assert_true (d->encryption_required);
  g_assert_cmpstr (crypto->key_params, ==,
                   "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32");
  g_assert_cmpstr (crypto->session_params, ==, "KDR=1 UNENCRYPTED_SRTCP");
}

static void
check_content_add (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);

  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_CONTENT_ADD);
  g_assert_cmpstr (c->description->bandwidth_type, ==, "AS");
  g_assert_cmpuint (c->description->bandwidth, ==, 128);
  g_assert_cmpuint (payload_type (c, 0)->parameters->len, ==, 5);
  g_assert_cmpstr (jd_jingle_payload_type_get_parameter (payload_type (c, 0), "sampling"), ==,
                   "YCbCr-4:2:2");
  g_assert_cmpuint (c->transport->candidates->len, ==, 0);
}

static void
check_content_modify (const JdJingleMessage *msg)
{
  g_assert_cmpint (content (msg, 0)->senders, ==, JD_JINGLE_SENDERS_INITIATOR);
  g_assert_null (content (msg, 0)->description);
  g_assert_null (content (msg, 0)->transport);
}

static void
check_remote_candidate (const JdJingleMessage *msg)
{
  const JdJingleTransport *t = content (msg, 0)->transport;

  g_assert_cmpuint (t->candidates->len, ==, 0);
  g_assert_nonnull (t->remote_candidate);
  g_assert_cmpstr (t->remote_candidate->ip, ==, "10.0.1.2");
  g_assert_cmpuint (t->remote_candidate->port, ==, 9001);
  g_assert_cmpuint (t->remote_candidate->component, ==, 1);
}

static void
check_ipv6_candidate (const JdJingleMessage *msg)
{
  g_assert_cmpstr (candidate (content (msg, 0), 0)->ip, ==, "2001:db8::9:1");
}

static void
check_raw_udp (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);

  g_assert_cmpint (c->transport->type, ==, JD_JINGLE_TRANSPORT_RAW_UDP);
  g_assert_cmpuint (c->transport->candidates->len, ==, 2);
  assert_candidate (candidate (c, 1), "hg92lsn10b", 2, "208.68.163.214", 9877, 0,
                    JD_JINGLE_CANDIDATE_HOST);
  g_assert_cmpstr (msg->responder, ==, "juliet@capulet.lit/balcony");
}

static void
check_fb_levels (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);
  const JdJinglePayloadType *h264 = payload_type (c, 0);

  assert_fb (rtcp_fb (c->description->rtcp_fbs, 0), "nack", "pli");
  assert_fb (rtcp_fb (h264->rtcp_fbs, 0), "trr-int", "100");
  assert_fb (rtcp_fb (h264->rtcp_fbs, 1), "nack", "sli");
  g_assert_cmpuint (payload_type (c, 1)->rtcp_fbs->len, ==, 0);
}

static void
check_fb_trr_int (const JdJingleMessage *msg)
{
  const JdJingleContent *c = content (msg, 0);
  const JdJingleRtcpFb *tmmbr = rtcp_fb (payload_type (c, 0)->rtcp_fbs, 0);
  const JdJingleParameter *p;

  assert_fb (rtcp_fb (c->description->rtcp_fbs, 0), "trr-int", "0");
  assert_fb (tmmbr, "ccm", "tmmbr");
  g_assert_cmpuint (tmmbr->parameters->len, ==, 1);
  p = g_ptr_array_index (tmmbr->parameters, 0);
  g_assert_cmpstr (p->name, ==, "smaxpr");
  g_assert_cmpstr (p->value, ==, "120");
}

static void
check_hdrext (const JdJingleMessage *msg)
{
  const JdJingleRtpDescription *d = content (msg, 0)->description;

  g_assert_cmpuint (d->hdrexts->len, ==, 3);
  g_assert_cmpuint (((JdJingleHdrExt *) g_ptr_array_index (d->hdrexts, 1))->id, ==, 4097);
  g_assert_true (d->extmap_allow_mixed);
}

static void
check_hdrext_senders (const JdJingleMessage *msg)
{
  const JdJingleRtpDescription *d = content (msg, 0)->description;
  const JdJingleHdrExt *ext = g_ptr_array_index (d->hdrexts, 1);

  g_assert_cmpint (ext->senders, ==, JD_JINGLE_SENDERS_INITIATOR);
  g_assert_cmpstr (ext->uri, ==, "URI-gps-string");
}

/* XEP-0320 writes the hex inside white space, which is not part of it. */
static void
check_fingerprint (const JdJingleMessage *msg)
{
  const JdJingleFingerprint *fp = content (msg, 0)->transport->fingerprint;

  g_assert_cmpstr (fp->setup, ==, "actpass");
  g_assert_cmpstr (fp->value, ==,
                   "02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:"
                   "3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2");
}

static void
check_security_info (const JdJingleMessage *msg)
{
  g_assert_cmpint (msg->action, ==, JD_JINGLE_ACTION_SECURITY_INFO);
  g_assert_cmpstr (content (msg, 0)->name, ==, "xmlstream");
  g_assert_null (content (msg, 0)->description);
}

typedef struct {
  const char *file;
  void (*check) (const JdJingleMessage *msg);
} SpotCheck;

static const SpotCheck spot_checks[] = {
  { "dino-audio-session-initiate.xml", check_dino_audio_initiate_transport },
  { "dino-audio-transport-info-1.xml", check_dino_audio_trickle },
  { "dino-audio-session-accept.xml", check_dino_audio_accept },
  { "dino-audio-session-terminate.xml", check_dino_terminate },
  { "dino-video-session-initiate.xml", check_dino_video_initiate },
  { "dino-video-session-terminate.xml", check_dino_terminate },
  { "xep0166-terminate-alternative-session.xml", check_alternative_session },
  { "xep0166-terminate-success-text.xml", check_success_text },
  { "xep0166-stub-session-initiate.xml", check_stub },
  { "xep0166-session-ping.xml", check_ping },
  { "xep0166-session-info-ringing.xml", check_ringing },
  { "xep0166-security-info.xml", check_security_info },
  { "xep0167-info-hold.xml", check_hold },
  { "xep0167-info-mute.xml", check_mute },
  { "xep0167-terminate-invalid-crypto.xml", check_invalid_crypto },
  { "xep0167-srtp-session-initiate.xml", check_srtp },
  { "xep0167-content-add.xml", check_content_add },
  { "xep0167-content-modify.xml", check_content_modify },
  { "xep0176-remote-candidate.xml", check_remote_candidate },
  { "xep0176-transport-info.xml", check_ipv6_candidate },
  { "xep0177-session-accept.xml", check_raw_udp },
  { "xep0181-dtmf.xml", check_dtmf },
  { "xep0293-description-level.xml", check_fb_levels },
  { "xep0293-session-accept-trr-int.xml", check_fb_trr_int },
  { "xep0294-session-initiate.xml", check_hdrext },
  { "xep0294-session-accept.xml", check_hdrext_senders },
  { "xep0320-session-initiate.xml", check_fingerprint },
};

static void
test_valid (Fixture *f, gconstpointer data)
{
  const char *name = data;
  g_autofree char *xml = load_text ("valid", name);
  g_autoptr (JdJingleMessage) msg = parse_text (f, xml);

  assert_round_trip (f, msg);
  for (guint i = 0; i < G_N_ELEMENTS (spot_checks); i++)
    {
      if (g_str_equal (spot_checks[i].file, name))
        spot_checks[i].check (msg);
    }
}

/* Every spot check names a file that exists, so none is skipped silently. */
static void
test_spot_checks_exist (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (spot_checks); i++)
    {
      const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", "jingle", "valid",
                                              spot_checks[i].file, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  jd_unit_assert_invalid (&jd_stanza_model_jingle, f, data);
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  jd_unit_add_file_tests (&jd_stanza_model_jingle, "/jingle/parse", "valid", test_valid, keep);
  jd_unit_add_file_tests (&jd_stanza_model_jingle, "/jingle/parse", "invalid", test_invalid, keep);
  g_test_add_func ("/jingle/parse/spot-checks-exist", test_spot_checks_exist);
  return g_test_run ();
}
