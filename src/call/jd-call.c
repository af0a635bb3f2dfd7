/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-call.h"

#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"
#include "media/jd-dtls-certificate.h"
#include "transport/jd-transport-jingle.h"

#define CONTENT_NAME "audio"
#define DEFAULT_SOURCE "autoaudiosrc"
#define DEFAULT_SINK "autoaudiosink"

struct _JdCall
{
  GObject parent_instance;

  JdJingleSession *session;       /* strong */
  JdCallState state;
  gboolean incoming;
  char *audio_source;
  char *audio_sink;
  GStrv codecs;

  char *pem;                      /* our DTLS certificate and key */
  char *fingerprint;
  JdTransport *transport;
  GPtrArray *gathered;            /* NiceCandidate*, before the session can carry them */
  JdJingleRtpDescription *answer; /* incoming: what we answer */
  const JdCodec *codec;
  guint8 pt;
  gboolean dtls_client;
  gboolean negotiated;
  JdMediaPipeline *pipeline;
  JdJingleReason *end_reason;
};

G_DEFINE_FINAL_TYPE (JdCall, jd_call, G_TYPE_OBJECT)

enum { SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
jd_call_state_to_string (JdCallState state)
{
  static const char *const names[] = { "calling", "ringing", "connecting", "active", "ended" };

  return (guint) state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

static void
set_state (JdCall *self, JdCallState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

static void
teardown (JdCall *self)
{
  if (self->pipeline != NULL)
    jd_media_pipeline_stop (self->pipeline);
  if (self->transport != NULL)
    jd_transport_close (self->transport);
}

/* ---------------------------------------------------------------- */
/* Media                                                            */

static gboolean
maybe_start_media (JdCall *self)
{
  g_autoptr (GError) error = NULL;

  if (self->pipeline == NULL || self->state == JD_CALL_STATE_ACTIVE ||
      jd_transport_get_state (self->transport) != JD_TRANSPORT_STATE_CONNECTED)
    return TRUE;
  if (!jd_media_pipeline_start (self->pipeline, &error))
    {
      g_info ("call with %s: %s", jd_jingle_session_get_peer (self->session), error->message);
      jd_call_hangup (self, JD_JINGLE_REASON_MEDIA_ERROR);
      return FALSE;
    }
  set_state (self, JD_CALL_STATE_ACTIVE);
  return TRUE;
}

static gboolean
build_pipeline (JdCall *self, GError **error)
{
  guint stream_id = 0;
  NiceAgent *agent = jd_transport_get_agent (self->transport, &stream_id);
  JdMediaStreamConfig config = {
    .codec = self->codec, .pt = self->pt, .dtls_client = self->dtls_client,
    .dtls_pem = self->pem, .source = self->audio_source, .sink = self->audio_sink,
  };
  GstElement *src = gst_element_factory_make ("nicesrc", NULL);
  GstElement *sink = gst_element_factory_make ("nicesink", NULL);

  if (src == NULL || sink == NULL)
    {
      g_set_error_literal (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                           "GStreamer's nice elements are not installed");
      return FALSE;
    }
  /* rtcp-mux: RTP and RTCP share component 1. */
  g_object_set (src, "agent", agent, "stream", stream_id, "component", 1, NULL);
  g_object_set (sink, "agent", agent, "stream", stream_id, "component", 1, NULL);
  self->pipeline = jd_media_pipeline_new (jd_jingle_session_get_sid (self->session));
  return jd_media_pipeline_add_stream (self->pipeline, 0, &config, src, sink, error);
}

/* The first payload type that is a codec (not telephone-event) we have. */
static gboolean
pick_codec (JdCall *self, const JdJingleRtpDescription *d, GError **error)
{
  for (guint i = 0; i < d->payload_types->len; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);
      const JdCodec *codec = pt->name != NULL
                               ? jd_codec_registry_find (pt->name, pt->clockrate, pt->channels)
                               : NULL;

      if (codec != NULL && !codec->is_dtmf)
        {
          self->codec = codec;
          self->pt = pt->id;
          return TRUE;
        }
    }
  g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC,
                       "no codec in common");
  return FALSE;
}

/* ---------------------------------------------------------------- */
/* Signalling                                                       */

static const JdJingleContent *
audio_content (GPtrArray *contents)
{
  for (guint i = 0; i < contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (contents, i);

      if (c->description != NULL && c->description->media == JD_JINGLE_MEDIA_AUDIO)
        return c;
    }
  return NULL;
}

static JdJingleContent *
our_content (JdCall *self, const JdJingleRtpDescription *description, const char *setup,
             GPtrArray *candidates)
{
  JdJingleContent *c = jd_jingle_content_new (CONTENT_NAME, JD_JINGLE_CREATOR_INITIATOR);

  c->description = jd_jingle_rtp_description_copy (description);
  c->transport = jd_transport_jingle_describe (self->transport, candidates, 0);
  c->transport->fingerprint = jd_jingle_fingerprint_new ("sha-256", setup, self->fingerprint);
  return c;
}

static void
send_candidate (JdCall *self, const NiceCandidate *candidate)
{
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_autoptr (JdJingleTransport) t = NULL;

  g_ptr_array_add (one, (gpointer) candidate);
  t = jd_transport_jingle_describe (self->transport, one, 0);
  jd_jingle_session_send_transport_info (self->session, CONTENT_NAME, t, NULL);
}

/* XEP-0176 trickle: before the offer (or answer) is out, candidates ride
 * in it; afterwards each goes in its own transport-info. */
static void
on_local_candidate (JdTransport *transport, const NiceCandidate *candidate, gpointer user_data)
{
  JdCall *self = user_data;
  gboolean sent_description = self->session != NULL &&
                              (!self->incoming || self->state != JD_CALL_STATE_RINGING);

  if (sent_description && jd_jingle_session_get_state (self->session) != JD_JINGLE_STATE_ENDED)
    send_candidate (self, candidate);
  else
    g_ptr_array_add (self->gathered, nice_candidate_copy (candidate));
}

static void
on_transport_state (JdTransport *transport, JdTransportState state, gpointer user_data)
{
  JdCall *self = user_data;

  if (state == JD_TRANSPORT_STATE_CONNECTED)
    maybe_start_media (self);
  else if (state == JD_TRANSPORT_STATE_FAILED)
    jd_call_hangup (self, JD_JINGLE_REASON_CONNECTIVITY_ERROR);
}

static gboolean
apply_remote_transport (JdCall *self, const JdJingleContent *content, GError **error)
{
  return content->transport == NULL ||
         jd_transport_jingle_apply_remote (self->transport, content->transport, error);
}

/* Outgoing: the answer arrived. */
static gboolean
on_answer (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  const JdJingleContent *c = audio_content (msg->contents);
  const JdJingleFingerprint *fp = c != NULL && c->transport != NULL ? c->transport->fingerprint
                                                                    : NULL;

  if (c == NULL || c->description == NULL || !pick_codec (self, c->description, error))
    return FALSE;
  /* RFC 5763 §5: the answerer picked its role; we take the other one. */
  self->dtls_client = fp != NULL && g_strcmp0 (fp->setup, "passive") == 0;
  if (!apply_remote_transport (self, c, error) || !build_pipeline (self, error))
    return FALSE;
  set_state (self, JD_CALL_STATE_CONNECTING);
  return maybe_start_media (self);
}

static void
on_remote_action (JdJingleSession *session, const JdJingleMessage *msg, gpointer user_data)
{
  JdCall *self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  if (msg->action == JD_JINGLE_ACTION_SESSION_ACCEPT)
    ok = on_answer (self, msg, &error);
  else if (msg->action == JD_JINGLE_ACTION_TRANSPORT_INFO)
    for (guint i = 0; ok && i < msg->contents->len; i++)
      ok = apply_remote_transport (self, g_ptr_array_index (msg->contents, i), &error);
  if (!ok)
    {
      g_info ("call with %s: %s", jd_jingle_session_get_peer (session), error->message);
      jd_call_hangup (self, JD_JINGLE_REASON_FAILED_APPLICATION);
    }
}

static void
on_terminated (JdJingleSession *session, const JdJingleReason *reason, gboolean by_peer,
               gpointer user_data)
{
  JdCall *self = user_data;

  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  self->end_reason = jd_jingle_reason_copy (reason);
  teardown (self);
  set_state (self, JD_CALL_STATE_ENDED);
}

/* ---------------------------------------------------------------- */
/* Setting up                                                       */

static gboolean
prepare (JdCall *self, const JdCallOptions *options, gboolean controlling, GError **error)
{
  g_autoptr (JdTransportConfig) config = jd_transport_config_new (1);   /* rtcp-mux */

  self->audio_source = g_strdup (options->audio_source != NULL ? options->audio_source
                                                               : DEFAULT_SOURCE);
  self->audio_sink = g_strdup (options->audio_sink != NULL ? options->audio_sink : DEFAULT_SINK);
  self->codecs = g_strdupv ((char **) options->codecs);
  for (guint i = 0; options->local_addresses != NULL && options->local_addresses[i]; i++)
    jd_transport_config_add_local_address (config, options->local_addresses[i]);
  self->pem = jd_dtls_certificate_new (error);
  if (self->pem == NULL)
    return FALSE;
  self->fingerprint = jd_media_fingerprint_from_pem (self->pem);
  self->transport = jd_transport_ice_new (config, error);
  if (self->transport == NULL)
    return FALSE;
  jd_transport_set_controlling (self->transport, controlling);
  jd_transport_set_local_candidate_func (self->transport, on_local_candidate, self, NULL);
  g_signal_connect_object (self->transport, "state-changed", G_CALLBACK (on_transport_state),
                           self, 0);
  return TRUE;
}

static void
watch_session (JdCall *self, JdJingleSession *session)
{
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "remote-action", G_CALLBACK (on_remote_action), self, 0);
  g_signal_connect_object (session, "terminated", G_CALLBACK (on_terminated), self, 0);
}

static GPtrArray *
take_gathered (JdCall *self)
{
  GPtrArray *candidates = g_steal_pointer (&self->gathered);

  self->gathered = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  return candidates;
}

JdCall *
jd_call_dial (JdJingleManager *manager, const char *peer, const JdCallOptions *options,
              GError **error)
{
  g_autoptr (JdCall) self = g_object_new (JD_TYPE_CALL, NULL);
  g_autoptr (JdJingleRtpDescription) offer = NULL;
  g_autoptr (GPtrArray) contents = NULL;
  g_autoptr (GPtrArray) candidates = NULL;
  JdJingleSession *session;

  if (!prepare (self, options, TRUE, error) || !jd_transport_gather (self->transport, error))
    return NULL;
  offer = jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO,
                                               (const char *const *) self->codecs, TRUE);
  candidates = take_gathered (self);
  contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);
  g_ptr_array_add (contents, our_content (self, offer, "actpass", candidates));
  session = jd_jingle_manager_initiate (manager, peer, contents, error);
  if (session == NULL)
    return NULL;
  watch_session (self, session);
  self->state = JD_CALL_STATE_CALLING;
  return g_steal_pointer (&self);
}

JdCall *
jd_call_new_incoming (JdJingleSession *session, const JdJingleMessage *offer_msg,
                      const JdCallOptions *options, GError **error)
{
  g_autoptr (JdCall) self = g_object_new (JD_TYPE_CALL, NULL);
  g_autoptr (JdJingleRtpDescription) local = NULL;
  const JdJingleContent *c = audio_content (offer_msg->contents);
  JdJingleReasonType failure = JD_JINGLE_REASON_FAILED_APPLICATION;
  const char *setup;

  self->incoming = TRUE;
  self->state = JD_CALL_STATE_RINGING;
  watch_session (self, session);
  if (c == NULL || !prepare (self, options, FALSE, error))
    goto refuse;
  local = jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO,
                                               (const char *const *) self->codecs, TRUE);
  self->answer = jd_jingle_negotiate_answer (c->description, local, &failure, error);
  setup = c->transport != NULL && c->transport->fingerprint != NULL
            ? jd_jingle_negotiate_dtls_setup_answer (c->transport->fingerprint->setup, error)
            : NULL;
  if (self->answer == NULL || setup == NULL || !pick_codec (self, self->answer, error))
    goto refuse;
  self->dtls_client = jd_jingle_negotiate_dtls_is_client (setup);
  if (!apply_remote_transport (self, c, error) || !jd_transport_gather (self->transport, error))
    goto refuse;
  return g_steal_pointer (&self);

refuse:
  /* DTLS-SRTP is required: an offer without a fingerprint is refused too. */
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
                         "the offer carries no DTLS fingerprint");
  jd_jingle_session_terminate (session, c == NULL ? JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS
                                                  : failure, NULL, NULL);
  return NULL;
}

gboolean
jd_call_accept (JdCall *self, GError **error)
{
  g_autoptr (GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);
  g_autoptr (GPtrArray) candidates = take_gathered (self);

  g_return_val_if_fail (self->incoming && self->state == JD_CALL_STATE_RINGING, FALSE);
  g_ptr_array_add (contents, our_content (self, self->answer,
                                          self->dtls_client ? "active" : "passive", candidates));
  if (!build_pipeline (self, error) ||
      !jd_jingle_session_accept (self->session, contents, error))
    return FALSE;
  set_state (self, JD_CALL_STATE_CONNECTING);
  return maybe_start_media (self);
}

void
jd_call_hangup (JdCall *self, JdJingleReasonType reason)
{
  if (self->state == JD_CALL_STATE_ENDED)
    return;
  g_object_ref (self);
  if (jd_jingle_session_get_state (self->session) != JD_JINGLE_STATE_ENDED)
    jd_jingle_session_terminate (self->session, reason, NULL, NULL);
  teardown (self);
  set_state (self, JD_CALL_STATE_ENDED);
  g_object_unref (self);
}

JdCallState
jd_call_get_state (JdCall *self)
{
  return self->state;
}

const char *
jd_call_get_codec (JdCall *self)
{
  return self->codec != NULL ? self->codec->name : NULL;
}

JdJingleSession *
jd_call_get_session (JdCall *self)
{
  return self->session;
}

JdMediaPipeline *
jd_call_get_pipeline (JdCall *self)
{
  return self->pipeline;
}

const JdJingleReason *
jd_call_get_end_reason (JdCall *self)
{
  return self->end_reason;
}

static void
jd_call_dispose (GObject *object)
{
  JdCall *self = JD_CALL (object);

  teardown (self);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->transport);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jd_call_parent_class)->dispose (object);
}

static void
jd_call_finalize (GObject *object)
{
  JdCall *self = JD_CALL (object);

  g_ptr_array_unref (self->gathered);
  g_clear_pointer (&self->answer, jd_jingle_rtp_description_free);
  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  g_free (self->audio_source);
  g_free (self->audio_sink);
  g_strfreev (self->codecs);
  g_free (self->pem);
  g_free (self->fingerprint);
  G_OBJECT_CLASS (jd_call_parent_class)->finalize (object);
}

static void
jd_call_class_init (JdCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_call_dispose;
  object_class->finalize = jd_call_finalize;
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
jd_call_init (JdCall *self)
{
  self->gathered = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
}
