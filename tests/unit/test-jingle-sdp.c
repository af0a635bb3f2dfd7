/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-jingle-sdp: a JdJingleMessage as SDP.  The main one
 * is a golden comparison with tests/data/sdp/audio-video-offer.sdp of an
 * audio+video session-initiate built in C; JD_TEST_REGENERATE=1 rewrites
 * the golden file (review the diff).  The smaller ones pin the rules the
 * golden file cannot show (direction per sender, profiles, raw UDP,
 * fragments, summaries), and the last runs the parser's committed valid
 * stanzas through to SDP and checks the lines each must produce.
 */
#include <string.h>

#include "jd-jingle-sdp.h"
#include "jd-stanza.h"

#define ROMEO  "romeo@montague.example/dr4hcr0st3lup4c"
#define JULIET "juliet@capulet.example/yn0cl4bnw0yr3vym"
/* XEP-0320 §3's example fingerprint. */
#define FINGERPRINT "02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:" \
                    "3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2"
/* RFC 4568 §3's example key. */
#define SDES_KEY "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32"

static JdJingleCandidate *
candidate (const char *foundation, guint component, guint32 priority,
           const char *ip, guint16 port, JdJingleCandidateType type)
{
  JdJingleCandidate *c = jd_jingle_candidate_new ();

  c->foundation = g_strdup (foundation);
  c->component = component;
  c->priority = priority;
  c->protocol = g_strdup ("udp");
  c->ip = g_strdup (ip);
  c->port = port;
  c->type = type;
  c->id = g_strdup_printf ("c%s-%u", foundation, component);
  return c;
}

static JdJingleTransport *
ice_transport (JdJingleCandidate *first, JdJingleCandidate *second)
{
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);

  t->ufrag = g_strdup ("8hhy");
  t->pwd = g_strdup ("asd88fgpdd777uzjYhagZg");
  t->fingerprint = jd_jingle_fingerprint_new ("sha-256", "actpass", FINGERPRINT);
  g_ptr_array_add (t->candidates, first);
  g_ptr_array_add (t->candidates, second);
  return t;
}

static JdJinglePayloadType *
add_payload_type (JdJingleRtpDescription *d, guint8 id, const char *name,
                  guint clockrate, guint channels)
{
  JdJinglePayloadType *pt = jd_jingle_payload_type_new (id, name, clockrate, channels);

  g_ptr_array_add (d->payload_types, pt);
  return pt;
}

/* Opus with FEC and transport-cc, the G.711 pair, RFC 4733 events. */
static JdJingleRtpDescription *
audio_description (void)
{
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);
  JdJinglePayloadType *opus = add_payload_type (d, 111, "opus", 48000, 2);

  opus->ptime = 20;
  jd_jingle_payload_type_set_parameter (opus, "minptime", "10");
  jd_jingle_payload_type_set_parameter (opus, "useinbandfec", "1");
  jd_jingle_payload_type_add_rtcp_fb (opus, "transport-cc", NULL);
  add_payload_type (d, 0, "PCMU", 8000, 0);
  add_payload_type (d, 8, "PCMA", 8000, 0);
  add_payload_type (d, 101, "telephone-event", 8000, 0);
  g_ptr_array_add (d->hdrexts, jd_jingle_hdrext_new (1,
                                                    "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                                                    JD_JINGLE_SENDERS_BOTH));
  d->rtcp_mux = TRUE;
  g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (1, "AES_CM_128_HMAC_SHA1_80", SDES_KEY,
                                                     NULL));
  g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (2, "AES_CM_128_HMAC_SHA1_32", SDES_KEY,
                                                     "KDR=1 UNENCRYPTED_SRTCP"));
  d->has_ssrc = TRUE;
  d->ssrc = 3735928559u;
  return d;
}

/* VP8 and H.264 with NACK/PLI/FIR, a description-level trr-int, a
 * one-way header extension and a bandwidth limit. */
static JdJingleRtpDescription *
video_description (void)
{
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_VIDEO);
  JdJinglePayloadType *vp8 = add_payload_type (d, 96, "VP8", 90000, 0);
  JdJinglePayloadType *h264 = add_payload_type (d, 97, "H264", 90000, 0);

  jd_jingle_payload_type_add_rtcp_fb (vp8, "nack", NULL);
  jd_jingle_payload_type_add_rtcp_fb (vp8, "nack", "pli");
  jd_jingle_payload_type_add_rtcp_fb (vp8, "ccm", "fir");
  jd_jingle_payload_type_set_parameter (h264, "profile-level-id", "42e01f");
  jd_jingle_payload_type_set_parameter (h264, "packetization-mode", "1");
  jd_jingle_payload_type_add_rtcp_fb (h264, "nack", "pli");
  g_ptr_array_add (d->rtcp_fbs, jd_jingle_rtcp_fb_new ("trr-int", "100"));
  g_ptr_array_add (d->hdrexts, jd_jingle_hdrext_new (2, "urn:3gpp:video-orientation",
                                                    JD_JINGLE_SENDERS_INITIATOR));
  d->rtcp_mux = TRUE;
  d->bandwidth_type = g_strdup ("AS");
  d->bandwidth = 512;
  g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (1, "AES_CM_128_HMAC_SHA1_80", SDES_KEY,
                                                     NULL));
  return d;
}

static JdJingleContent *
content (const char *name, JdJingleSenders senders, JdJingleRtpDescription *d,
         JdJingleTransport *t)
{
  JdJingleContent *c = jd_jingle_content_new (name, JD_JINGLE_CREATOR_INITIATOR);

  c->senders = senders;
  c->description = d;
  c->transport = t;
  return c;
}

static JdJingleMessage *
message (JdJingleAction action, const char *from, const char *to)
{
  JdJingleMessage *msg = jd_jingle_message_new (action, "a73sjjvkla37jfea");

  msg->from = g_strdup (from);
  msg->to = g_strdup (to);
  msg->iq_id = g_strdup ("jingle1");
  msg->initiator = g_strdup (ROMEO);
  return msg;
}

/* Host + server-reflexive candidates (IPv4 for audio, IPv6 host for
 * video), SDES and DTLS both offered. */
static JdJingleMessage *
audio_video_offer (void)
{
  JdJingleMessage *msg = message (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO, JULIET);
  JdJingleCandidate *srflx;
  JdJingleTransport *t;

  srflx = candidate ("2", 1, 1694498815, "198.51.100.7", 45664, JD_JINGLE_CANDIDATE_SRFLX);
  srflx->rel_addr = g_strdup ("192.0.2.1");
  srflx->rel_port = 10000;
  t = ice_transport (candidate ("1", 1, 2130706431, "192.0.2.1", 10000,
                                JD_JINGLE_CANDIDATE_HOST), srflx);
  g_ptr_array_add (msg->contents, content ("voice", JD_JINGLE_SENDERS_BOTH,
                                           audio_description (), t));

  srflx = candidate ("4", 1, 1694498814, "198.51.100.7", 45666, JD_JINGLE_CANDIDATE_SRFLX);
  srflx->rel_addr = g_strdup ("2001:db8::1");
  srflx->rel_port = 10002;
  srflx->generation = 1;
  t = ice_transport (candidate ("3", 1, 2130706430, "2001:db8::1", 10002,
                                JD_JINGLE_CANDIDATE_HOST), srflx);
  g_ptr_array_add (msg->contents, content ("webcam", JD_JINGLE_SENDERS_BOTH,
                                           video_description (), t));
  return msg;
}

static char *
golden_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sdp", name, NULL);
}

static gboolean
regenerating (void)
{
  return g_strcmp0 (g_getenv ("JD_TEST_REGENERATE"), "1") == 0;
}

static void
assert_golden (const char *sdp, const char *name)
{
  g_autofree char *path = golden_path (name);
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  if (regenerating ())
    {
      g_file_set_contents (path, sdp, -1, &error);
      g_assert_no_error (error);
      g_test_message ("regenerated %s", path);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sdp, ==, expected);
}

static void
test_offer_golden (void)
{
  g_autoptr (JdJingleMessage) msg = audio_video_offer ();
  g_autofree char *sdp = jd_jingle_message_to_sdp (msg);

  assert_golden (sdp, "audio-video-offer.sdp");
}

/* Every line ends with CRLF and none is empty (RFC 4566 §5). */
static void
assert_crlf_lines (const char *sdp)
{
  g_assert_true (g_str_has_suffix (sdp, "\r\n"));
  for (const char *p = strchr (sdp, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    {
      g_assert_true (p > sdp && p[-1] == '\r');
      g_assert_true (p[1] == '\0' || (p[1] != '\r' && p[1] != '\n'));
    }
}

static void
assert_has_line (const char *sdp, const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s\r\n", line);

  if (strstr (sdp, needle) == NULL)
    g_error ("no line '%s' in:\n%s", line, sdp);
}

static void
assert_no_line_starting (const char *sdp, const char *prefix)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s", prefix);

  if (strstr (sdp, needle) != NULL)
    g_error ("unexpected '%s…' in:\n%s", prefix, sdp);
}

static void
test_offer_lines (void)
{
  g_autoptr (JdJingleMessage) msg = audio_video_offer ();
  g_autofree char *sdp = jd_jingle_message_to_sdp (msg);
  g_autoptr (JdJingleMessage) other = audio_video_offer ();
  g_autofree char *other_sdp = NULL;

  assert_crlf_lines (sdp);
  g_assert_true (g_str_has_prefix (sdp, "v=0\r\no=- "));
  assert_has_line (sdp, "m=audio 10000 UDP/TLS/RTP/SAVPF 111 0 8 101");
  assert_has_line (sdp, "c=IN IP6 2001:db8::1");
  assert_has_line (sdp, "a=rtpmap:101 telephone-event/8000");
  /* The o= line depends on the sid only. */
  g_free (other->iq_id);
  other->iq_id = g_strdup ("another-id");
  other_sdp = jd_jingle_message_to_sdp (other);
  g_assert_cmpstr (sdp, ==, other_sdp);
}

static const char *
direction_of (JdJingleAction action, const char *from, JdJingleSenders senders)
{
  g_autoptr (JdJingleMessage) msg = message (action, from, NULL);
  g_autofree char *sdp = NULL;
  static const char *const directions[] = { "sendrecv", "sendonly", "recvonly", "inactive" };

  msg->responder = g_strdup (JULIET);
  g_ptr_array_add (msg->contents,
                   content ("voice", senders,
                            jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO), NULL));
  sdp = jd_jingle_message_to_sdp (msg);
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      g_autofree char *line = g_strdup_printf ("\r\na=%s\r\n", directions[i]);

      if (strstr (sdp, line) != NULL)
        return directions[i];
    }
  return NULL;
}

/* The SDP speaks for the sender of the message (XEP-0166 §7.3 senders). */
static void
test_direction (void)
{
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO,
                                 JD_JINGLE_SENDERS_BOTH), ==, "sendrecv");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO,
                                 JD_JINGLE_SENDERS_INITIATOR), ==, "sendonly");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO,
                                 JD_JINGLE_SENDERS_RESPONDER), ==, "recvonly");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO,
                                 JD_JINGLE_SENDERS_NONE), ==, "inactive");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_ACCEPT, JULIET,
                                 JD_JINGLE_SENDERS_INITIATOR), ==, "recvonly");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_SESSION_ACCEPT, JULIET,
                                 JD_JINGLE_SENDERS_RESPONDER), ==, "sendonly");
  /* Any other action: the sender is told by the IQ's from. */
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_CONTENT_ADD, JULIET,
                                 JD_JINGLE_SENDERS_RESPONDER), ==, "sendonly");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_CONTENT_ADD, ROMEO,
                                 JD_JINGLE_SENDERS_RESPONDER), ==, "recvonly");
  g_assert_cmpstr (direction_of (JD_JINGLE_ACTION_CONTENT_MODIFY, NULL,
                                 JD_JINGLE_SENDERS_INITIATOR), ==, "sendonly");
}

/* Without a responder attribute, anyone but the initiator is the
 * responder (XEP-0167 §5's content-modify from Juliet). */
static void
test_direction_no_responder (void)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_CONTENT_MODIFY, JULIET, ROMEO);
  g_autofree char *sdp = NULL;

  g_ptr_array_add (msg->contents, content ("webcam", JD_JINGLE_SENDERS_INITIATOR, NULL, NULL));
  g_assert_cmpint (jd_jingle_message_sender (msg), ==, JD_JINGLE_CREATOR_RESPONDER);
  sdp = jd_jingle_message_to_sdp (msg);
  assert_has_line (sdp, "a=recvonly");
  assert_no_line_starting (sdp, "m=");
}

/* RFC 3264 §6: port 0 for a rejected stream. */
static void
test_content_reject (void)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_CONTENT_REJECT, JULIET, ROMEO);
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_VIDEO);
  g_autofree char *sdp = NULL;

  add_payload_type (d, 96, "VP8", 90000, 0);
  g_ptr_array_add (msg->contents, content ("webcam", JD_JINGLE_SENDERS_BOTH, d, NULL));
  sdp = jd_jingle_message_to_sdp (msg);
  assert_has_line (sdp, "m=video 0 RTP/AVP 96");
}

static const char *
profile_of (gboolean sdes, gboolean dtls, gboolean feedback, char **sdp)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO, NULL);
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_VIDEO);
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  JdJinglePayloadType *pt = add_payload_type (d, 96, "VP8", 90000, 0);
  const char *m;

  if (sdes)
    g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (1, "AES_CM_128_HMAC_SHA1_80",
                                                       SDES_KEY, NULL));
  if (dtls)
    t->fingerprint = jd_jingle_fingerprint_new ("sha-256", "active", FINGERPRINT);
  if (feedback)
    jd_jingle_payload_type_add_rtcp_fb (pt, "nack", NULL);
  g_ptr_array_add (msg->contents, content ("v", JD_JINGLE_SENDERS_BOTH, d, t));
  g_free (*sdp);
  *sdp = jd_jingle_message_to_sdp (msg);
  /* No candidate yet: the discard port (RFC 8840 §4.1.1). */
  m = strstr (*sdp, "\r\nm=video 9 ");
  g_assert_nonnull (m);
  assert_has_line (*sdp, "c=IN IP4 0.0.0.0");
  return m + strlen ("\r\nm=video 9 ");
}

static void
test_profile (void)
{
  g_autofree char *sdp = NULL;

  g_assert_true (g_str_has_prefix (profile_of (FALSE, FALSE, FALSE, &sdp), "RTP/AVP 96\r\n"));
  g_assert_true (g_str_has_prefix (profile_of (FALSE, FALSE, TRUE, &sdp), "RTP/AVPF 96\r\n"));
  g_assert_true (g_str_has_prefix (profile_of (TRUE, FALSE, FALSE, &sdp), "RTP/SAVP 96\r\n"));
  g_assert_true (g_str_has_prefix (profile_of (TRUE, FALSE, TRUE, &sdp), "RTP/SAVPF 96\r\n"));
  g_assert_true (g_str_has_prefix (profile_of (FALSE, TRUE, FALSE, &sdp),
                                   "UDP/TLS/RTP/SAVP 96\r\n"));
  g_assert_true (g_str_has_prefix (profile_of (TRUE, TRUE, TRUE, &sdp),
                                   "UDP/TLS/RTP/SAVPF 96\r\n"));
  assert_has_line (sdp, "a=setup:active");
}

/* XEP-0177: the RTP candidate is the m=/c= address, RTCP an a=rtcp. */
static void
test_raw_udp (void)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_SESSION_ACCEPT, JULIET, ROMEO);
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_RAW_UDP);
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);
  g_autofree char *sdp = NULL;

  g_ptr_array_add (t->candidates, candidate ("x", 2, 0, "203.0.113.5", 13541,
                                             JD_JINGLE_CANDIDATE_HOST));
  g_ptr_array_add (t->candidates, candidate ("x", 1, 0, "203.0.113.5", 13540,
                                             JD_JINGLE_CANDIDATE_HOST));
  add_payload_type (d, 0, NULL, 0, 0);
  add_payload_type (d, 18, "G729", 0, 0);
  g_ptr_array_add (msg->contents, content ("voice", JD_JINGLE_SENDERS_BOTH, d, t));
  sdp = jd_jingle_message_to_sdp (msg);
  assert_crlf_lines (sdp);
  assert_has_line (sdp, "m=audio 13540 RTP/AVP 0 18");
  assert_has_line (sdp, "c=IN IP4 203.0.113.5");
  assert_has_line (sdp, "a=rtcp:13541 IN IP4 203.0.113.5");
  /* Static payload types without a clock rate have no rtpmap. */
  assert_no_line_starting (sdp, "a=rtpmap:");
  assert_no_line_starting (sdp, "a=candidate:");
  assert_no_line_starting (sdp, "a=ice-");
}

/* transport-info: no description, so no m= line and no direction. */
static void
test_transport_info (void)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_TRANSPORT_INFO, JULIET, ROMEO);
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  JdJingleCandidate *relay = candidate ("5", 2, 16777215, "203.0.113.9", 3478,
                                        JD_JINGLE_CANDIDATE_RELAY);
  g_autofree char *sdp = NULL;

  t->ufrag = g_strdup ("uf");
  t->pwd = g_strdup ("pwpwpwpwpwpwpwpwpwpwpw");
  g_ptr_array_add (t->candidates, relay);
  t->remote_candidate = candidate ("r", 1, 0, "192.0.2.3", 5000, JD_JINGLE_CANDIDATE_HOST);
  g_ptr_array_add (msg->contents, content ("voice", JD_JINGLE_SENDERS_BOTH, NULL, t));
  sdp = jd_jingle_message_to_sdp (msg);
  assert_crlf_lines (sdp);
  assert_no_line_starting (sdp, "m=");
  assert_no_line_starting (sdp, "a=sendrecv");
  assert_has_line (sdp, "a=mid:voice");
  assert_has_line (sdp, "a=ice-ufrag:uf");
  assert_has_line (sdp, "a=candidate:5 2 udp 16777215 203.0.113.9 3478 typ relay generation 0");
  assert_has_line (sdp, "a=remote-candidates:1 192.0.2.3 5000");
}

/* A parameter without a name is a bare fmtp value (RFC 4733 §2.4.1). */
static void
test_fmtp (void)
{
  g_autoptr (JdJingleMessage) msg = message (JD_JINGLE_ACTION_SESSION_INITIATE, ROMEO, NULL);
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);
  JdJinglePayloadType *events = add_payload_type (d, 101, "telephone-event", 8000, 1);
  g_autofree char *sdp = NULL;

  jd_jingle_payload_type_set_parameter (events, "", "0-15");
  g_ptr_array_add (msg->contents, content ("voice", JD_JINGLE_SENDERS_BOTH, d, NULL));
  sdp = jd_jingle_message_to_sdp (msg);
  assert_has_line (sdp, "a=rtpmap:101 telephone-event/8000/1");
  assert_has_line (sdp, "a=fmtp:101 0-15");
}

static char *
summary_of (JdJingleMessage *msg)
{
  char *line = jd_jingle_message_summary (msg);

  g_assert_null (strchr (line, '\n'));
  return line;
}

static void
test_summary (void)
{
  g_autoptr (JdJingleMessage) offer = audio_video_offer ();
  g_autoptr (JdJingleMessage) end = message (JD_JINGLE_ACTION_SESSION_TERMINATE, JULIET, ROMEO);
  g_autoptr (JdJingleMessage) ring = message (JD_JINGLE_ACTION_SESSION_INFO, JULIET, ROMEO);
  g_autoptr (JdJingleMessage) dtmf = message (JD_JINGLE_ACTION_SESSION_INFO, ROMEO, JULIET);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;

  s1 = summary_of (offer);
  g_assert_cmpstr (s1, ==, "session-initiate sid=a73sjjvkla37jfea initiator=" ROMEO);
  end->responder = g_strdup (JULIET);
  end->reason = jd_jingle_reason_new (JD_JINGLE_REASON_BUSY, "in a \"meeting\"\nsorry");
  s2 = summary_of (end);
  g_assert_cmpstr (s2, ==, "session-terminate sid=a73sjjvkla37jfea initiator=" ROMEO
                   " responder=" JULIET " reason=busy text=\"in a \\\"meeting\\\"\\x0asorry\"");
  ring->info = jd_jingle_info_new (JD_JINGLE_INFO_RINGING);
  s3 = summary_of (ring);
  g_assert_true (g_str_has_suffix (s3, " info=ringing"));
  dtmf->info = jd_jingle_info_new (JD_JINGLE_INFO_DTMF);
  dtmf->info->dtmf_code = '#';
  dtmf->info->dtmf_duration = 400;
  s4 = summary_of (dtmf);
  g_assert_true (g_str_has_suffix (s4, " info=dtmf code=# duration=400"));
}

/* The lines any message must give, read off the message itself. */
static void
assert_content_lines (const char *sdp, const JdJingleContent *c)
{
  g_autofree char *mid = g_strdup_printf ("a=mid:%s", c->name);
  const JdJingleTransport *t = c->transport;

  assert_has_line (sdp, mid);
  for (guint i = 0; c->description != NULL && i < c->description->payload_types->len; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (c->description->payload_types, i);
      g_autofree char *rtpmap = g_strdup_printf ("\r\na=rtpmap:%u %s/%u", (guint) pt->id,
                                                 pt->name, pt->clockrate);

      if (pt->name != NULL && pt->clockrate != 0)
        g_assert_nonnull (strstr (sdp, rtpmap));
    }
  for (guint i = 0; t != NULL && t->type == JD_JINGLE_TRANSPORT_ICE_UDP &&
                    i < t->candidates->len; i++)
    {
      const JdJingleCandidate *cand = g_ptr_array_index (t->candidates, i);
      g_autofree char *line = g_strdup_printf ("\r\na=candidate:%s %u %s %u %s %u typ %s",
                                               cand->foundation, cand->component,
                                               cand->protocol, cand->priority, cand->ip,
                                               (guint) cand->port,
                                               jd_jingle_candidate_type_to_string (cand->type));

      g_assert_nonnull (strstr (sdp, line));
    }
  if (t != NULL && t->fingerprint != NULL)
    {
      g_autofree char *fp = g_strdup_printf ("a=fingerprint:%s %s", t->fingerprint->hash,
                                             t->fingerprint->value);
      assert_has_line (sdp, fp);
    }
}

static void
assert_message_lines (const char *sdp, const JdJingleMessage *msg)
{
  guint described = 0;
  guint m_lines = 0;

  assert_crlf_lines (sdp);
  g_assert_true (g_str_has_prefix (sdp, "v=0\r\no=- "));
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);

      described += c->description != NULL ? 1 : 0;
      assert_content_lines (sdp, c);
    }
  for (const char *p = strstr (sdp, "\r\nm="); p != NULL; p = strstr (p + 1, "\r\nm="))
    m_lines++;
  g_assert_cmpuint (m_lines, ==, described);
}

static JdJingleMessage *
parse_file (xmpp_ctx_t *ctx, const char *path)
{
  g_autofree char *xml = NULL;
  g_autoptr (xmpp_stanza_t) iq = NULL;
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  iq = jd_stanza_from_string (ctx, xml);
  g_assert_nonnull (iq);
  if (!jd_jingle_message_parse (iq, &msg, &error))
    g_error ("%s: %s", path, error->message);
  return msg;
}

/* Lines some committed stanzas must give, checked by hand against the
 * XML: the Dino captures (DTLS + SDES, rtcp-mux, relay candidates with
 * RTCP on component 2) and the XEP examples that exercise a rule. */
static const struct {
  const char *file;
  const char *line;      /* a whole line; "!" + prefix: no such line */
} capture_lines[] = {
  { "dino-video-session-initiate.xml", "m=audio 46923 UDP/TLS/RTP/SAVP 111 112 113 114 0 8" },
  { "dino-video-session-initiate.xml", "c=IN IP4 198.18.0.1" },
  { "dino-video-session-initiate.xml", "a=rtcp:40476 IN IP4 198.18.0.1" },
  { "dino-video-session-initiate.xml", "a=rtpmap:111 opus/48000/2" },
  { "dino-video-session-initiate.xml", "a=fmtp:111 useinbandfec=1" },
  { "dino-video-session-initiate.xml",
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:8UekUKFXfa1NX9nyLIwWk/Y5EdZU7s/WHfF/Xlif" },
  { "dino-video-session-initiate.xml",
    "a=candidate:5 1 udp 505413887 198.18.0.1 49243 typ relay raddr 198.18.0.1 rport 46923 "
    "generation 0" },
  { "dino-video-session-initiate.xml", "m=video 45454 UDP/TLS/RTP/SAVPF 98" },
  { "dino-video-session-initiate.xml", "a=rtcp-fb:98 ccm fir" },
  { "dino-video-session-initiate.xml", "a=extmap:1 urn:3gpp:video-orientation" },
  { "dino-video-session-initiate.xml", "a=setup:actpass" },
  { "dino-audio-session-accept.xml", "m=audio 50663 UDP/TLS/RTP/SAVP 111" },
  { "dino-audio-session-accept.xml", "a=setup:active" },
  { "dino-audio-transport-info-1.xml", "!m=" },
  { "dino-audio-transport-info-1.xml", "a=mid:audio" },
  { "dino-audio-transport-info-1.xml", "a=ice-ufrag:ibxK" },
  { "xep0167-content-modify.xml", "a=recvonly" },
  { "xep0167-content-reject.xml", "m=video 0 RTP/AVP 101 102" },
  { "xep0177-session-initiate.xml", "m=audio 13540 RTP/AVP 18" },
  { "xep0177-session-initiate.xml", "!a=candidate:" },
  { "xep0176-remote-candidate.xml", "a=remote-candidates:1 10.0.1.2 9001" },
  { "xep0293-session-initiate.xml", "m=video 49172 RTP/AVPF 98 99" },
  { "xep0293-session-initiate.xml", "a=rtcp-fb:* nack" },
  { "xep0294-session-initiate.xml", "a=extmap-allow-mixed" },
};

/* Returns: how many lines of the table were for @name. */
static guint
assert_capture_lines (const char *name, const char *sdp)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (capture_lines); i++)
    {
      const char *line = capture_lines[i].line;

      if (strcmp (capture_lines[i].file, name) != 0)
        continue;
      n++;
      if (line[0] == '!')
        assert_no_line_starting (sdp, line + 1);
      else
        assert_has_line (sdp, line);
    }
  return n;
}

static guint
check_valid_file (xmpp_ctx_t *ctx, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (JdJingleMessage) msg = parse_file (ctx, path);
  g_autofree char *sdp = jd_jingle_message_to_sdp (msg);
  g_autofree char *summary = jd_jingle_message_summary (msg);

  g_assert_true (g_str_has_prefix (summary, jd_jingle_action_to_string (msg->action)));
  assert_message_lines (sdp, msg);
  return assert_capture_lines (name, sdp);
}

static void
test_valid_stanzas (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "stanzas", "jingle",
                                                "valid", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  xmpp_ctx_t *ctx;
  guint n = 0;
  guint captured = 0;

  if (listing == NULL)
    {
      g_test_skip ("no tests/data/stanzas/jingle/valid/ yet");
      return;
    }
  ctx = xmpp_ctx_new (NULL, NULL);
  for (const char *name = g_dir_read_name (listing); name != NULL;
       name = g_dir_read_name (listing))
    {
      if (g_str_has_suffix (name, ".xml"))
        {
          captured += check_valid_file (ctx, dir, name);
          n++;
        }
    }
  xmpp_ctx_free (ctx);
  g_assert_cmpuint (n, >, 0);
  /* Every line of the table was checked: no file was renamed away. */
  g_assert_cmpuint (captured, ==, G_N_ELEMENTS (capture_lines));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jingle/sdp/offer/golden", test_offer_golden);
  g_test_add_func ("/jingle/sdp/offer/lines", test_offer_lines);
  g_test_add_func ("/jingle/sdp/direction", test_direction);
  g_test_add_func ("/jingle/sdp/direction/no-responder", test_direction_no_responder);
  g_test_add_func ("/jingle/sdp/content-reject", test_content_reject);
  g_test_add_func ("/jingle/sdp/profile", test_profile);
  g_test_add_func ("/jingle/sdp/raw-udp", test_raw_udp);
  g_test_add_func ("/jingle/sdp/transport-info", test_transport_info);
  g_test_add_func ("/jingle/sdp/fmtp", test_fmtp);
  g_test_add_func ("/jingle/sdp/summary", test_summary);
  g_test_add_func ("/jingle/sdp/valid-stanzas", test_valid_stanzas);
  return g_test_run ();
}
