/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd_jingle_message_build() and jd_jingle_error_reply():
 * messages built in C survive build -> XML -> parse unchanged, defaults
 * are left out of the wire form, every reason and session-info payload
 * round-trips, the parser is lenient where XEP-0166 allows it and ignores
 * unknown extensions, and every JD_JINGLE_ERROR becomes the XMPP error
 * XEP-0166 §10 prescribes.
 */
#include <string.h>

#include "jd-jingle-message.h"
#include "jd-stanza.h"

typedef struct {
  xmpp_ctx_t *ctx;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

static JdJingleMessage *
parse_ok (xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;

  g_assert_nonnull (stanza);
  g_assert_true (jd_jingle_message_parse (stanza, &msg, &error));
  g_assert_no_error (error);
  return msg;
}

static JdJingleMessage *
parse_xml (Fixture *f, const char *xml)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);

  return parse_ok (stanza);
}

/* Returns: the wire form of @msg, after checking it parses back equal. */
static char *
assert_round_trip (Fixture *f, const JdJingleMessage *msg)
{
  g_autoptr (xmpp_stanza_t) built = jd_jingle_message_build (f->ctx, msg);
  char *xml = jd_stanza_to_string (built);
  g_autoptr (JdJingleMessage) again = parse_xml (f, xml);

  if (!jd_jingle_message_equal (msg, again))
    g_error ("round trip changed the message: %s", xml);
  return xml;
}

static JdJingleRtpDescription *
opus_description (void)
{
  JdJingleRtpDescription *d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);
  JdJinglePayloadType *opus = jd_jingle_payload_type_new (111, "opus", 48000, 2);
  JdJinglePayloadType *dtmf = jd_jingle_payload_type_new (101, "telephone-event", 8000, 0);

  jd_jingle_payload_type_set_parameter (opus, "useinbandfec", "1");
  jd_jingle_payload_type_set_parameter (opus, "minptime", "10");
  jd_jingle_payload_type_add_rtcp_fb (opus, "transport-cc", NULL);
  opus->ptime = 20;
  opus->maxptime = 60;
  jd_jingle_payload_type_set_parameter (dtmf, "events", "0-15");
  g_ptr_array_add (d->payload_types, opus);
  g_ptr_array_add (d->payload_types, dtmf);
  g_ptr_array_add (d->payload_types, jd_jingle_payload_type_new (0, "PCMU", 8000, 1));
  g_ptr_array_add (d->hdrexts, jd_jingle_hdrext_new (1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                                                     JD_JINGLE_SENDERS_INITIATOR));
  g_ptr_array_add (d->rtcp_fbs, jd_jingle_rtcp_fb_new ("trr-int", "100"));
  g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (1, "AES_CM_128_HMAC_SHA1_80",
                                                     "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
                                                     "KDR=1"));
  d->encryption_required = TRUE;
  d->rtcp_mux = TRUE;
  d->has_ssrc = TRUE;
  d->ssrc = G_MAXUINT32;
  d->bandwidth_type = g_strdup ("AS");
  d->bandwidth = 64;
  return d;
}

static JdJingleCandidate *
ice_candidate (const char *ip, guint16 port, JdJingleCandidateType type)
{
  JdJingleCandidate *c = jd_jingle_candidate_new ();

  c->foundation = g_strdup ("1");
  c->id = g_strdup_printf ("id-%u", port);
  c->ip = g_strdup (ip);
  c->port = port;
  c->priority = 2130706431;
  c->protocol = g_strdup ("udp");
  c->type = type;
  return c;
}

static JdJingleTransport *
ice_transport (void)
{
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  JdJingleCandidate *srflx = ice_candidate ("2001:db8::1", 45664, JD_JINGLE_CANDIDATE_SRFLX);

  srflx->rel_addr = g_strdup ("fe80::1");
  srflx->rel_port = 8998;
  srflx->generation = 1;
  srflx->network = 2;
  srflx->component = 2;
  t->ufrag = g_strdup ("8hhy");
  t->pwd = g_strdup ("asd88fgpdd777uzjYhagZg");
  g_ptr_array_add (t->candidates, ice_candidate ("10.0.1.1", 8998, JD_JINGLE_CANDIDATE_HOST));
  g_ptr_array_add (t->candidates, srflx);
  t->fingerprint = jd_jingle_fingerprint_new ("sha-256", "actpass", "02:1A:CC");
  return t;
}

static void
test_session_initiate (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_SESSION_INITIATE,
                                                           "a73sjjvkla37jfea");
  JdJingleContent *c = jd_jingle_content_new ("voice", JD_JINGLE_CREATOR_INITIATOR);
  g_autofree char *xml = NULL;

  msg->from = g_strdup ("romeo@montague.lit/orchard");
  msg->to = g_strdup ("juliet@capulet.lit/balcony");
  msg->iq_id = g_strdup ("xs51r0k4");
  msg->initiator = g_strdup (msg->from);
  c->description = opus_description ();
  c->transport = ice_transport ();
  c->senders = JD_JINGLE_SENDERS_RESPONDER;
  g_ptr_array_add (msg->contents, c);
  xml = assert_round_trip (f, msg);
  g_assert_nonnull (strstr (xml, "senders=\"responder\""));
  g_assert_nonnull (strstr (xml, "<rtcp-fb-trr-int "));
  g_assert_nonnull (strstr (xml, " value=\"100\""));
}

/* XEP-0166 §7.3 defaults stay off the wire; 'creator' is always there. */
static void
test_compact (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_TRANSPORT_INFO, "s1");
  JdJingleContent *c = jd_jingle_content_new ("audio", JD_JINGLE_CREATOR_INITIATOR);
  g_autoptr (xmpp_stanza_t) built = NULL;
  xmpp_stanza_t *el;

  c->disposition = g_strdup ("session");
  c->transport = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  g_ptr_array_add (msg->contents, c);
  g_free (assert_round_trip (f, msg));
  built = jd_jingle_message_build (f->ctx, msg);
  el = jd_stanza_get_child (jd_stanza_get_child (built, "jingle", JD_NS_JINGLE), "content", NULL);
  g_assert_cmpstr (xmpp_stanza_get_attribute (el, "creator"), ==, "initiator");
  g_assert_null (xmpp_stanza_get_attribute (el, "senders"));
  g_assert_null (xmpp_stanza_get_attribute (el, "disposition"));
  el = jd_stanza_get_child (el, "transport", JD_NS_JINGLE_ICE_UDP);
  g_assert_null (xmpp_stanza_get_attribute (el, "ufrag"));
  g_assert_null (xmpp_stanza_get_children (el));
}

/* A transport of type NONE is no <transport/> at all. */
static void
test_transport_none (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_CONTENT_REMOVE, "s1");
  JdJingleContent *c = jd_jingle_content_new ("video", JD_JINGLE_CREATOR_RESPONDER);
  g_autofree char *xml = NULL;

  c->transport = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_NONE);
  g_ptr_array_add (msg->contents, c);
  xml = assert_round_trip (f, msg);
  g_assert_null (strstr (xml, "transport"));
}

static void
test_raw_udp (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_TRANSPORT_REPLACE,
                                                           "s1");
  JdJingleContent *c = jd_jingle_content_new ("voice", JD_JINGLE_CREATOR_INITIATOR);
  JdJingleCandidate *cand = jd_jingle_candidate_new ();

  cand->ip = g_strdup ("10.1.1.104");
  cand->port = 13540;
  cand->id = g_strdup ("a9j3mnbtu1");
  cand->type = JD_JINGLE_CANDIDATE_RELAY;
  c->transport = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_RAW_UDP);
  g_ptr_array_add (c->transport->candidates, cand);
  g_ptr_array_add (msg->contents, c);
  g_free (assert_round_trip (f, msg));
}

static void
test_reasons (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < JD_JINGLE_N_REASONS; i++)
    {
      g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_SESSION_TERMINATE,
                                                               "s1");

      msg->reason = jd_jingle_reason_new (i, i % 2 ? "why not" : NULL);
      if (i == JD_JINGLE_REASON_ALTERNATIVE_SESSION)
        msg->reason->alternative_sid = g_strdup ("b84tkkwlmb48kgfb");
      if (i == JD_JINGLE_REASON_SECURITY_ERROR)
        {
          msg->reason->detail_name = g_strdup ("crypto-required");
          msg->reason->detail_ns = g_strdup (JD_NS_JINGLE_RTP_ERRORS);
        }
      g_free (assert_round_trip (f, msg));
    }
}

static JdJingleMessage *
info_message (JdJingleInfoType type)
{
  JdJingleMessage *msg = jd_jingle_message_new (JD_JINGLE_ACTION_SESSION_INFO, "s1");

  msg->info = jd_jingle_info_new (type);
  return msg;
}

static void
test_infos (Fixture *f, gconstpointer data)
{
  for (JdJingleInfoType t = JD_JINGLE_INFO_NONE; t <= JD_JINGLE_INFO_UNKNOWN; t++)
    {
      g_autoptr (JdJingleMessage) msg = info_message (t);

      msg->info->creator = JD_JINGLE_CREATOR_RESPONDER;
      msg->info->name = t == JD_JINGLE_INFO_MUTE ? g_strdup ("voice") : NULL;
      msg->info->dtmf_code = '#';
      msg->info->dtmf_duration = t == JD_JINGLE_INFO_DTMF ? 250 : 0;
      msg->info->dtmf_volume = 10;
      msg->info->payload_name = g_strdup ("trying");
      msg->info->payload_ns = g_strdup ("urn:example:sip");
      g_free (assert_round_trip (f, msg));
    }
}

/* An empty session-info is a ping (XEP-0166 §6.8): no info and NONE are
 * the same thing. */
static void
test_ping (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_SESSION_INFO, "s1");
  g_autoptr (xmpp_stanza_t) built = jd_jingle_message_build (f->ctx, msg);

  g_free (assert_round_trip (f, msg));
  g_assert_null (xmpp_stanza_get_children (jd_stanza_get_child (built, "jingle", JD_NS_JINGLE)));
}

/* XEP-0166 §6.8: an unknown payload is kept for the unsupported-info
 * answer; a known one wins over it. */
static void
test_unknown_info (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) unknown = parse_xml (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'>"
       "<trying xmlns='urn:example:sip'/><busy xmlns='urn:example:sip'/></jingle></iq>");
  g_autoptr (JdJingleMessage) mixed = parse_xml (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'>"
       "<trying xmlns='urn:example:sip'/><unmute xmlns='urn:xmpp:jingle:apps:rtp:info:1' "
       "creator='responder'/></jingle></iq>");

  g_assert_cmpint (unknown->info->type, ==, JD_JINGLE_INFO_UNKNOWN);
  g_assert_cmpstr (unknown->info->payload_name, ==, "trying");
  g_assert_cmpstr (unknown->info->payload_ns, ==, "urn:example:sip");
  g_assert_cmpint (mixed->info->type, ==, JD_JINGLE_INFO_UNMUTE);
  g_assert_null (mixed->info->name);
  g_assert_cmpint (mixed->info->creator, ==, JD_JINGLE_CREATOR_RESPONDER);
}

/* Unknown elements anywhere are extensions and ignored (XEP-0166 §7.1). */
static void
test_unknown_extensions (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = parse_xml (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' sid='s'>"
       "<x xmlns='urn:example'><content name='fake'/></x><group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'/>"
       "<content creator='initiator' name='a'><security xmlns='urn:example'/>"
       "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1'/>"
       "<payload-type id='0'><x xmlns='urn:example'/></payload-type><zzz/>"
       "<encryption><zrtp-hash xmlns='urn:xmpp:jingle:apps:rtp:zrtp:1'>abc</zrtp-hash></encryption></description>"
       "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'><x xmlns='urn:example'/>"
       "<candidate xmlns='urn:example' ip='not an address'/></transport></content></jingle></iq>");
  const JdJingleContent *c = g_ptr_array_index (msg->contents, 0);

  g_assert_cmpuint (msg->contents->len, ==, 1);
  g_assert_cmpuint (c->description->payload_types->len, ==, 1);
  g_assert_cmpuint (c->description->cryptos->len, ==, 0);
  g_assert_cmpuint (c->transport->candidates->len, ==, 0);
  g_free (assert_round_trip (f, msg));
}

/* Where XEP-0166 says SHOULD, or a default exists, we accept what Dino
 * and others send: no initiator, no reason, no creator, no ufrag/pwd. */
static void
test_lenient (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) initiate = parse_xml (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'>"
       "<content name='a'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/>"
       "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/></content></jingle></iq>");
  g_autoptr (JdJingleMessage) terminate = parse_xml (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'/></iq>");
  const JdJingleContent *c = g_ptr_array_index (initiate->contents, 0);

  g_assert_null (initiate->initiator);
  g_assert_cmpint (c->creator, ==, JD_JINGLE_CREATOR_INITIATOR);
  g_assert_null (c->transport->ufrag);
  g_assert_null (c->transport->pwd);
  g_assert_null (terminate->reason);
}

/* XEP-0167 §4: parameter order does not matter, names are case-sensitive. */
static void
test_parameters (void)
{
  g_autoptr (JdJinglePayloadType) a = jd_jingle_payload_type_new (96, "VP8", 90000, 0);
  g_autoptr (JdJinglePayloadType) b = jd_jingle_payload_type_new (96, "VP8", 90000, 0);

  jd_jingle_payload_type_set_parameter (a, "x", "1");
  jd_jingle_payload_type_set_parameter (a, "y", "2");
  jd_jingle_payload_type_set_parameter (b, "y", "2");
  jd_jingle_payload_type_set_parameter (b, "x", "0");
  g_assert_false (jd_jingle_payload_type_equal (a, b));
  jd_jingle_payload_type_set_parameter (b, "x", "1");
  g_assert_cmpuint (b->parameters->len, ==, 2);
  g_assert_true (jd_jingle_payload_type_equal (a, b));
  g_assert_null (jd_jingle_payload_type_get_parameter (a, "X"));
  g_assert_cmpstr (jd_jingle_payload_type_get_parameter (a, "y"), ==, "2");
}

/* Error replies: expectations written out from XEP-0166 §10 and RFC 6120
 * §8.3.3, not read from jd_jingle_error_describe(). */
typedef struct {
  JdJingleError code;
  const char *name;
  const char *type;
  const char *condition;
  const char *jingle;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { JD_JINGLE_ERROR_BAD_REQUEST, "bad-request", "modify", "bad-request", NULL },
  { JD_JINGLE_ERROR_OUT_OF_ORDER, "out-of-order", "wait", "unexpected-request", "out-of-order" },
  { JD_JINGLE_ERROR_TIE_BREAK, "tie-break", "cancel", "conflict", "tie-break" },
  { JD_JINGLE_ERROR_UNKNOWN_SESSION, "unknown-session", "cancel", "item-not-found",
    "unknown-session" },
  { JD_JINGLE_ERROR_UNSUPPORTED_INFO, "unsupported-info", "modify", "feature-not-implemented",
    "unsupported-info" },
  { JD_JINGLE_ERROR_NOT_AUTHORIZED, "not-authorized", "auth", "forbidden", NULL },
  { JD_JINGLE_ERROR_LIMIT, "limit", "modify", "policy-violation", NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_cases) == JD_JINGLE_N_ERRORS);

static xmpp_stanza_t *
error_child (xmpp_stanza_t *error, const char *ns)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (error); c != NULL; c = xmpp_stanza_get_next (c))
    {
      if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_ns (c), ns) == 0 &&
          g_strcmp0 (xmpp_stanza_get_name (c), "text") != 0)
        return c;
    }
  return NULL;
}

static xmpp_stanza_t *
request (Fixture *f)
{
  return xmpp_stanza_new_from_string (
    f->ctx, "<iq from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' id='hq7rg186' "
            "type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'/></iq>");
}

/* The reply goes through XML text, as it would on the wire. */
static void
test_error_reply (Fixture *f, gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr (xmpp_stanza_t) req = request (f);
  g_autoptr (GError) error = g_error_new (JD_JINGLE_ERROR, ec->code, "<jingle/>: it is wrong");
  g_autoptr (xmpp_stanza_t) built = jd_jingle_error_reply (req, error);
  g_autofree char *xml = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) reply = xmpp_stanza_new_from_string (f->ctx, xml);
  xmpp_stanza_t *err = jd_stanza_get_child (reply, "error", NULL);
  xmpp_stanza_t *jingle = error_child (err, JD_NS_JINGLE_ERRORS);

  g_assert_cmpstr (xmpp_stanza_get_name (reply), ==, "iq");
  g_assert_cmpstr (xmpp_stanza_get_type (reply), ==, "error");
  g_assert_cmpstr (xmpp_stanza_get_id (reply), ==, "hq7rg186");
  g_assert_cmpstr (xmpp_stanza_get_to (reply), ==, "romeo@montague.lit/orchard");
  g_assert_cmpstr (xmpp_stanza_get_attribute (err, "type"), ==, ec->type);
  g_assert_cmpstr (xmpp_stanza_get_name (error_child (err, JD_NS_STANZAS)), ==, ec->condition);
  g_assert_cmpstr (jd_stanza_error_text (reply), ==, "<jingle/>: it is wrong");
  g_assert_cmpstr (jingle != NULL ? xmpp_stanza_get_name (jingle) : NULL, ==, ec->jingle);
}

/* An error of another domain is a bad request, and its text stays ours. */
static void
test_error_reply_foreign (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) req = request (f);
  g_autoptr (GError) error = g_error_new (G_FILE_ERROR, G_FILE_ERROR_FAILED, "internal detail");
  g_autoptr (xmpp_stanza_t) reply = jd_jingle_error_reply (req, error);
  g_autoptr (xmpp_stanza_t) reply_null = jd_jingle_error_reply (req, NULL);

  g_assert_cmpstr (jd_stanza_error_condition (reply), ==, "bad-request");
  g_assert_null (jd_stanza_error_text (reply));
  g_assert_cmpstr (jd_stanza_error_condition (reply_null), ==, "bad-request");
}

/* The reply to a real parse failure carries its message. */
static void
test_error_reply_from_parse (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) req = xmpp_stanza_new_from_string (
    f->ctx, "<iq from='a@b/c' id='1' type='set'><jingle xmlns='urn:xmpp:jingle:1' "
            "action='session-start' sid='s'/></iq>");
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply = NULL;
  JdJingleMessage *msg = NULL;

  g_assert_false (jd_jingle_message_parse (req, &msg, &error));
  reply = jd_jingle_error_reply (req, error);
  g_assert_cmpstr (jd_stanza_error_condition (reply), ==, "bad-request");
  g_assert_nonnull (strstr (jd_stanza_error_text (reply), "session-start"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/jingle/build/session-initiate", Fixture, NULL, fixture_setup,
              test_session_initiate, fixture_teardown);
  g_test_add ("/jingle/build/compact", Fixture, NULL, fixture_setup, test_compact,
              fixture_teardown);
  g_test_add ("/jingle/build/transport-none", Fixture, NULL, fixture_setup, test_transport_none,
              fixture_teardown);
  g_test_add ("/jingle/build/raw-udp", Fixture, NULL, fixture_setup, test_raw_udp,
              fixture_teardown);
  g_test_add ("/jingle/build/reasons", Fixture, NULL, fixture_setup, test_reasons,
              fixture_teardown);
  g_test_add ("/jingle/build/session-info", Fixture, NULL, fixture_setup, test_infos,
              fixture_teardown);
  g_test_add ("/jingle/build/ping", Fixture, NULL, fixture_setup, test_ping, fixture_teardown);
  g_test_add ("/jingle/parse/unknown-info", Fixture, NULL, fixture_setup, test_unknown_info,
              fixture_teardown);
  g_test_add ("/jingle/parse/unknown-extensions", Fixture, NULL, fixture_setup,
              test_unknown_extensions, fixture_teardown);
  g_test_add ("/jingle/parse/lenient", Fixture, NULL, fixture_setup, test_lenient,
              fixture_teardown);
  g_test_add_func ("/jingle/payload-type/parameters", test_parameters);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/jingle/error-reply/%s", error_cases[i].name);

      g_test_add (path, Fixture, &error_cases[i], fixture_setup, test_error_reply,
                  fixture_teardown);
    }
  g_test_add ("/jingle/error-reply/foreign-domain", Fixture, NULL, fixture_setup,
              test_error_reply_foreign, fixture_teardown);
  g_test_add ("/jingle/error-reply/from-parse", Fixture, NULL, fixture_setup,
              test_error_reply_from_parse, fixture_teardown);
  return g_test_run ();
}
