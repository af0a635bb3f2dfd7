/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-call-content.h"

#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"
#include "media/jd-media-srtp.h"
#include "transport/jd-transport-jingle.h"

#define FINGERPRINT_HASH "sha-256"
#define STUN_DEFAULT_PORT 3478   /* RFC 8489 §18.6 */

void
jd_call_content_free (JdCallContent *c)
{
  if (c == NULL)
    return;
  jd_call_content_drop_retired (c);
  if (c->transport != NULL)
    jd_transport_close (c->transport);
  g_clear_object (&c->transport);
  g_free (c->stale_ufrag);
  g_clear_pointer (&c->gathered, g_ptr_array_unref);
  g_clear_pointer (&c->local, jd_jingle_rtp_description_free);
  g_free (c->name);
  g_free (c->remote_fingerprint);
  g_free (c->sdes_suite);
  g_free (c->sdes_send_key);
  g_free (c->sdes_recv_key);
  g_free (c);
}

/* libnice takes IP literals only: a name here would be silently ignored
 * and the call would go without server-reflexive candidates. */
static gboolean
set_stun_server (JdTransportConfig *config, const char *server, GError **error)
{
  g_autoptr (GSocketConnectable) address = NULL;
  const char *host;
  guint16 port;

  address = g_network_address_parse (server, STUN_DEFAULT_PORT, NULL);
  host = address != NULL ? g_network_address_get_hostname (G_NETWORK_ADDRESS (address)) : NULL;
  port = address != NULL ? g_network_address_get_port (G_NETWORK_ADDRESS (address)) : 0;
  if (host == NULL || !g_hostname_is_ip_address (host) || port == 0)
    {
      g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                   "invalid STUN server \"%s\": expected IP:PORT (an IP address, not a name)",
                   server);
      return FALSE;
    }
  config->stun_host = g_strdup (host);
  config->stun_port = port;
  return TRUE;
}

static JdTransport *
make_transport (gboolean raw_udp, guint n_components, const JdCallOptions *options,
                gboolean controlling, GError **error)
{
  g_autoptr (JdTransportConfig) config = jd_transport_config_new (n_components);
  JdTransport *transport;

  for (guint i = 0; options->local_addresses != NULL && options->local_addresses[i]; i++)
    jd_transport_config_add_local_address (config, options->local_addresses[i]);
  config->idle_timeout_ms = options->ice_idle_timeout_ms;
  config->stun_max_retransmissions = options->stun_max_retransmissions;
  if (options->stun_server != NULL && !set_stun_server (config, options->stun_server, error))
    return NULL;
  for (guint i = 0; options->turn_servers != NULL && options->turn_servers[i]; i++)
    jd_transport_config_add_turn_server (config, jd_turn_server_copy (options->turn_servers[i]));
  config->relay_only = options->relay_only;
  transport = raw_udp ? jd_transport_raw_udp_new (config, error)
                      : jd_transport_ice_new (config, error);
  if (transport != NULL)
    jd_transport_set_controlling (transport, controlling);
  return transport;
}

JdCallContent *
jd_call_content_new (const char *name, JdJingleCreator creator, JdJingleMedia media,
                     gboolean raw_udp, guint n_components, const JdCallOptions *options,
                     gboolean controlling, GError **error)
{
  g_autoptr (JdCallContent) c = g_new0 (JdCallContent, 1);

  c->name = g_strdup (name);
  c->creator = creator;
  c->media = media;
  c->crypto = options->crypto;
  c->gathered = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  c->transport = make_transport (raw_udp, n_components, options, controlling, error);
  return c->transport != NULL ? g_steal_pointer (&c) : NULL;
}

gboolean
jd_call_content_replace_transport (JdCallContent *c, gboolean raw_udp,
                                   const JdCallOptions *options, gboolean controlling,
                                   GError **error)
{
  JdTransport *fresh = make_transport (raw_udp, jd_transport_get_n_components (c->transport),
                                       options, controlling, error);

  if (fresh == NULL)
    return FALSE;
  jd_call_content_drop_retired (c);
  c->retired = c->transport;
  c->transport = fresh;
  g_ptr_array_set_size (c->gathered, 0);
  return TRUE;
}

void
jd_call_content_drop_retired (JdCallContent *c)
{
  if (c->retired == NULL)
    return;
  jd_transport_close (c->retired);
  g_clear_object (&c->retired);
}

GPtrArray *
jd_call_content_take_gathered (JdCallContent *c)
{
  GPtrArray *candidates = g_steal_pointer (&c->gathered);

  c->gathered = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  return candidates;
}

/* ---------------------------------------------------------------- */
/* Codecs                                                           */

static JdJingleRtpDescription *
local_description (JdJingleMedia media, const JdCallOptions *options)
{
  return jd_codec_registry_local_description (media, options->codecs,
                                              media == JD_JINGLE_MEDIA_AUDIO && !options->no_dtmf);
}

/* The first payload type that is a codec we have, then the
 * telephone-event at that codec's clock rate (RFC 4733 §7.1.1). */
static gboolean
pick_codecs (JdCallContent *c, const JdJingleRtpDescription *d, GError **error)
{
  c->codec = NULL;
  c->dtmf_codec = NULL;
  for (guint i = 0; i < d->payload_types->len && c->codec == NULL; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);
      const JdCodec *codec = pt->name != NULL
                               ? jd_codec_registry_find (pt->name, pt->clockrate, pt->channels)
                               : NULL;

      if (codec != NULL && !codec->is_dtmf && codec->media == c->media)
        {
          c->codec = codec;
          c->pt = pt->id;
        }
    }
  if (c->codec == NULL)
    {
      g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR,
                           JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC, "no codec in common");
      return FALSE;
    }
  for (guint i = 0; i < d->payload_types->len; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);
      const JdCodec *codec = pt->name != NULL
                               ? jd_codec_registry_find (pt->name, pt->clockrate, pt->channels)
                               : NULL;

      if (codec != NULL && codec->is_dtmf && codec->clock_rate == c->codec->clock_rate)
        {
          c->dtmf_codec = codec;
          c->dtmf_pt = pt->id;
          break;
        }
    }
  return TRUE;
}

/* What the media of the chosen payload type may send (jd-media-pipeline.h
 * JdMediaFeedback): the key-frame requests the offer and the answer both
 * list for it (XEP-0293). */
static void
take_feedback (JdCallContent *c, const JdJingleRtpDescription *offer,
               const JdJingleRtpDescription *answer)
{
  c->feedback = JD_MEDIA_FEEDBACK_NONE;
  if (c->media != JD_JINGLE_MEDIA_VIDEO)
    return;
  if (jd_jingle_negotiate_rtcp_fb_agreed (offer, answer, c->pt, "nack", "pli"))
    c->feedback |= JD_MEDIA_FEEDBACK_PLI;
  if (jd_jingle_negotiate_rtcp_fb_agreed (offer, answer, c->pt, "ccm", "fir"))
    c->feedback |= JD_MEDIA_FEEDBACK_FIR;
}

/* ---------------------------------------------------------------- */
/* Keying                                                           */

static gboolean
security_error (JdJingleReasonType *failure, GError **error, const char *message)
{
  *failure = JD_JINGLE_REASON_SECURITY_ERROR;
  g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
                       message);
  return FALSE;
}

/* SDES: every suite we support, each with its own fresh key (RFC 4568
 * §6.1: a key per crypto line), tags 1, 2, ... */
static gboolean
add_sdes_offer (JdJingleRtpDescription *d, GError **error)
{
  const char *const *suites = jd_media_srtp_suites ();

  for (guint i = 0; suites[i] != NULL; i++)
    {
      g_autofree char *key = jd_media_srtp_key_params_new (suites[i], error);

      if (key == NULL)
        return FALSE;
      g_ptr_array_add (d->cryptos, jd_jingle_crypto_new (i + 1, suites[i], key, NULL));
    }
  d->encryption_required = TRUE;
  return TRUE;
}

void
jd_call_content_make_offer (JdCallContent *c, const JdCallOptions *options, GError **error)
{
  g_clear_pointer (&c->local, jd_jingle_rtp_description_free);
  c->local = local_description (c->media, options);
  if (c->crypto == JD_MEDIA_CRYPTO_SDES)
    add_sdes_offer (c->local, error);
}

static gboolean
is_sha256 (const JdJingleFingerprint *fp)
{
  return fp->hash != NULL && g_ascii_strcasecmp (fp->hash, FINGERPRINT_HASH) == 0 &&
         fp->value != NULL;
}

void
jd_call_content_note_fingerprint (JdCallContent *c, const JdJingleFingerprint *fp)
{
  if (fp == NULL || fp->value == NULL)
    return;
  g_free (c->remote_fingerprint);
  /* An unsupported hash leaves nothing to compare with: the check fails. */
  c->remote_fingerprint = is_sha256 (fp) ? g_strdup (fp->value) : g_strdup ("");
}

static gboolean
answer_dtls (JdCallContent *c, const JdJingleFingerprint *fp, JdJingleReasonType *failure,
             GError **error)
{
  const char *setup;

  if (!is_sha256 (fp))
    return security_error (failure, error, "the DTLS fingerprint is not sha-256");
  setup = jd_jingle_negotiate_dtls_setup_answer (fp->setup, error);
  if (setup == NULL)
    {
      *failure = JD_JINGLE_REASON_SECURITY_ERROR;
      return FALSE;
    }
  c->crypto = JD_MEDIA_CRYPTO_DTLS;
  c->dtls_client = jd_jingle_negotiate_dtls_is_client (setup);
  jd_call_content_note_fingerprint (c, fp);
  return TRUE;
}

static gboolean
answer_sdes (JdCallContent *c, const GPtrArray *offered, JdJingleReasonType *failure,
             GError **error)
{
  const JdJingleCrypto *pick = jd_jingle_negotiate_pick_crypto (offered, jd_media_srtp_suites ());
  g_autofree char *key = NULL;

  if (pick == NULL)
    return security_error (failure, error, "no offered SRTP crypto-suite is supported");
  key = jd_media_srtp_key_params_new (pick->crypto_suite, error);
  if (key == NULL)
    {
      *failure = JD_JINGLE_REASON_FAILED_APPLICATION;
      return FALSE;
    }
  c->crypto = JD_MEDIA_CRYPTO_SDES;
  c->sdes_tag = pick->tag;
  c->sdes_suite = g_strdup (pick->crypto_suite);
  c->sdes_recv_key = g_strdup (pick->key_params);
  c->sdes_send_key = g_strdup (key);
  g_ptr_array_add (c->local->cryptos, jd_jingle_crypto_new (pick->tag, pick->crypto_suite,
                                                            key, NULL));
  return TRUE;
}

/* DTLS when a fingerprint is offered, SDES when only <crypto/> is, plain
 * RTP only when allowed. */
static gboolean
answer_keying (JdCallContent *c, const JdJingleContent *offer, const JdCallOptions *options,
               JdJingleReasonType *failure, GError **error)
{
  const JdJingleFingerprint *fp = offer->transport != NULL ? offer->transport->fingerprint
                                                           : NULL;

  if (fp != NULL)
    return answer_dtls (c, fp, failure, error);
  if (offer->description->cryptos->len > 0)
    return answer_sdes (c, offer->description->cryptos, failure, error);
  if (!options->allow_plain)
    return security_error (failure, error, "the offer is not encrypted");
  c->crypto = JD_MEDIA_CRYPTO_NONE;
  return TRUE;
}

gboolean
jd_call_content_answer (JdCallContent *c, const JdJingleContent *offer,
                        const JdCallOptions *options, JdJingleReasonType *failure,
                        GError **error)
{
  g_autoptr (JdJingleRtpDescription) ours = local_description (c->media, options);

  *failure = JD_JINGLE_REASON_FAILED_APPLICATION;
  c->local = jd_jingle_negotiate_answer (offer->description, ours, failure, error);
  if (c->local == NULL || !pick_codecs (c, c->local, error))
    return FALSE;
  take_feedback (c, offer->description, c->local);
  return answer_keying (c, offer, options, failure, error);
}

static const JdJingleCrypto *
find_crypto (const GPtrArray *cryptos, guint tag)
{
  for (guint i = 0; i < cryptos->len; i++)
    {
      const JdJingleCrypto *k = g_ptr_array_index (cryptos, i);

      if (k->tag == tag)
        return k;
    }
  return NULL;
}

static gboolean
take_sdes_answer (JdCallContent *c, const JdJingleRtpDescription *answer,
                  JdJingleReasonType *failure, GError **error)
{
  const JdJingleCrypto *theirs = answer->cryptos->len == 1
                                   ? g_ptr_array_index (answer->cryptos, 0) : NULL;
  const JdJingleCrypto *ours = theirs != NULL ? find_crypto (c->local->cryptos, theirs->tag)
                                              : NULL;

  if (ours == NULL || g_strcmp0 (ours->crypto_suite, theirs->crypto_suite) != 0)
    return security_error (failure, error, "the answer accepts none of our SRTP keys");
  c->sdes_tag = ours->tag;
  c->sdes_suite = g_strdup (ours->crypto_suite);
  c->sdes_send_key = g_strdup (ours->key_params);
  c->sdes_recv_key = g_strdup (theirs->key_params);
  return TRUE;
}

/* RFC 5761 §5.1.3: our offer had an RTCP component in case the peer
 * refuses rtcp-mux; an answer that accepts it leaves that unused. */
static gboolean
take_rtcp_mux (JdCallContent *c, const JdJingleRtpDescription *answer,
               JdJingleReasonType *failure, GError **error)
{
  if (answer->rtcp_mux)
    {
      jd_transport_release_rtcp_component (c->transport);
      return TRUE;
    }
  if (jd_transport_get_n_components (c->transport) == 2)
    return TRUE;
  *failure = JD_JINGLE_REASON_INCOMPATIBLE_PARAMETERS;
  g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR,
                       JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER,
                       "the answer refuses rtcp-mux, and no RTCP component was offered");
  return FALSE;
}

gboolean
jd_call_content_take_answer (JdCallContent *c, const JdJingleContent *answer,
                             JdJingleReasonType *failure, GError **error)
{
  const JdJingleFingerprint *fp = answer->transport != NULL ? answer->transport->fingerprint
                                                            : NULL;

  *failure = JD_JINGLE_REASON_FAILED_APPLICATION;
  if (answer->description == NULL ||
      !jd_jingle_negotiate_check_answer (c->local, answer->description, error) ||
      !pick_codecs (c, answer->description, error) ||
      !take_rtcp_mux (c, answer->description, failure, error))
    return FALSE;
  take_feedback (c, c->local, answer->description);
  switch (c->crypto)
    {
    case JD_MEDIA_CRYPTO_DTLS:
      if (fp == NULL && c->remote_fingerprint == NULL)
        return security_error (failure, error, "the answer carries no DTLS fingerprint");
      /* RFC 5763 §5: the answerer picked its role; we take the other one. */
      c->dtls_client = fp != NULL && g_strcmp0 (fp->setup, "passive") == 0;
      jd_call_content_note_fingerprint (c, fp);
      return TRUE;
    case JD_MEDIA_CRYPTO_SDES:
      return take_sdes_answer (c, answer->description, failure, error);
    case JD_MEDIA_CRYPTO_NONE:
    default:
      return TRUE;
    }
}

/* ---------------------------------------------------------------- */
/* Describing                                                       */

JdJingleTransport *
jd_call_content_describe_transport (JdCallContent *c, GPtrArray *candidates)
{
  return jd_transport_jingle_describe (c->transport, candidates, c->generation);
}

gboolean
jd_call_content_apply_remote (JdCallContent *c, const JdJingleTransport *t, GError **error)
{
  const guint n_components = jd_transport_get_n_components (c->transport);
  g_autoptr (GPtrArray) used = g_ptr_array_new ();
  JdJingleTransport view = *t;

  for (guint i = 0; t->candidates != NULL && i < t->candidates->len; i++)
    {
      const JdJingleCandidate *candidate = g_ptr_array_index (t->candidates, i);

      if (candidate->component <= n_components)
        g_ptr_array_add (used, (gpointer) candidate);
      else
        g_debug ("content %s: ignoring a candidate for component %u (rtcp-mux)", c->name,
                 candidate->component);
    }
  view.candidates = used;
  return jd_transport_jingle_apply_remote (c->transport, &view, error);
}

JdJingleContent *
jd_call_content_describe (JdCallContent *c, const char *dtls_setup, const char *fingerprint,
                          GPtrArray *candidates)
{
  JdJingleContent *content = jd_jingle_content_new (c->name, c->creator);

  content->description = jd_jingle_rtp_description_copy (c->local);
  content->transport = jd_call_content_describe_transport (c, candidates);
  if (c->crypto == JD_MEDIA_CRYPTO_DTLS)
    content->transport->fingerprint = jd_jingle_fingerprint_new (FINGERPRINT_HASH, dtls_setup,
                                                                 fingerprint);
  return content;
}

void
jd_call_content_stream_config (JdCallContent *c, const char *pem, JdMediaStreamConfig *config)
{
  *config = (JdMediaStreamConfig) {
    .codec = c->codec, .pt = c->pt, .dtls_client = c->dtls_client, .dtls_pem = pem,
    .source = c->source, .sink = c->sink,
    .crypto = c->crypto, .sdes_suite = c->sdes_suite,
    .sdes_send_key = c->sdes_send_key, .sdes_recv_key = c->sdes_recv_key,
    .dtmf_codec = c->dtmf_codec, .dtmf_pt = c->dtmf_pt, .feedback = c->feedback,
  };
}
