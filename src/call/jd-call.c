/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-call-private.h"

#include <string.h>

#include "jd-call-content.h"
#include "jd-call-dtmf.h"
#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"
#include "media/jd-dtls-certificate.h"
#include "media/jd-media-endpoint.h"
#include "transport/jd-transport-jingle.h"

#define DEFAULT_RING_TIMEOUT_MS 60000
#define DEFAULT_CONNECT_TIMEOUT_MS 20000
/* We offer rtcp-mux, and an RTCP component in case the peer refuses it,
 * released when the answer accepts it (RFC 5761 §5.1.3, as Dino does):
 * a peer without rtcp-mux can still be called, and one with it never
 * checks the RTCP component. */
#define OFFER_COMPONENTS 2
/* How long a responder whose ICE failed waits for the initiator's
 * transport-replace to raw UDP (both see the failure within a check
 * interval or two of each other). */
#define FALLBACK_WAIT_MS 5000
/* How long the DTLS client of a stream added during the call lets the
 * peer's stream start before its own (must_wait_for_peer_stream()). */
#define JOIN_DELAY_MS 1000


G_DEFINE_FINAL_TYPE (JdCall, jd_call, G_TYPE_OBJECT)
G_DEFINE_QUARK (jd-call-error-quark, jd_call_error)

enum {
  SIGNAL_STATE_CHANGED, SIGNAL_DTMF_RECEIVED, SIGNAL_REMOTE_HOLD, SIGNAL_PEER_RINGING,
  SIGNAL_MEDIA_CHANGED, N_SIGNALS
};
static guint signals[N_SIGNALS];

const char *
jd_call_state_to_string (JdCallState state)
{
  static const char *const names[] = { "calling", "ringing", "connecting", "active", "ended" };

  return (guint) state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

void
jd_call_stats_clear (JdCallStats *stats)
{
  g_clear_pointer (&stats->local_candidate_type, g_free);
  g_clear_pointer (&stats->remote_candidate_type, g_free);
  g_clear_pointer (&stats->local_address, g_free);
  g_clear_pointer (&stats->remote_address, g_free);
}

void
jd_call_set_state (JdCall *self, JdCallState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

void
jd_call_cancel_timer (GSource **timer)
{
  if (*timer == NULL)
    return;
  g_source_destroy (*timer);
  g_clear_pointer (timer, g_source_unref);
}

/* On the thread-default context, as everything else (g_timeout_add()
 * would use the global default one). */
void
jd_call_start_timer (JdCall *self, GSource **timer, guint ms, GSourceFunc func)
{
  jd_call_cancel_timer (timer);
  *timer = g_timeout_source_new (ms);
  g_source_set_callback (*timer, func, self, NULL);
  g_source_attach (*timer, g_main_context_get_thread_default ());
}

void
jd_call_teardown (JdCall *self)
{
  jd_call_cancel_timer (&self->ring_timer);
  jd_call_cancel_timer (&self->connect_timer);
  jd_call_cancel_timer (&self->fallback_timer);
  jd_call_cancel_timer (&self->fallback_idle);
  jd_call_cancel_timer (&self->join_timer);
  if (self->dtmf != NULL)
    jd_call_dtmf_cancel (self->dtmf);
  if (self->pipeline != NULL)
    jd_media_pipeline_stop (self->pipeline);
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      jd_call_content_drop_retired (c);
      jd_transport_close (c->transport);
    }
}

static JdCallContent *
content_by_name (JdCall *self, const char *name)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (g_strcmp0 (c->name, name) == 0)
        return c;
    }
  return NULL;
}

static JdCallContent *
content_by_transport (JdCall *self, JdTransport *transport)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (c->transport == transport)
        return c;
    }
  return NULL;
}

JdCallContent *
jd_call_content_by_media (JdCall *self, JdJingleMedia media)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (c->media == media)
        return c;
    }
  return NULL;
}

static void
fail (JdCall *self, JdJingleReasonType reason, const GError *error)
{
  g_info ("call with %s: %s", jd_call_get_peer (self),
          error != NULL ? error->message : jd_jingle_reason_to_string (reason));
  jd_call_hangup (self, reason);
}

/* ---------------------------------------------------------------- */
/* Media                                                            */

static gboolean
all_connected (JdCall *self)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (jd_transport_get_state (c->transport) != JD_TRANSPORT_STATE_CONNECTED)
        return FALSE;
    }
  return TRUE;
}

/* DTLS-SRTP has its keys only once the handshake is done: until then
 * media (and DTMF sent the moment the call is "active") would be
 * dropped.  The peer's certificate, checked against its fingerprint,
 * comes with the end of the handshake. */
static gboolean
all_secured (JdCall *self)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (c->in_pipeline && c->crypto == JD_MEDIA_CRYPTO_DTLS && !c->dtls_verified)
        return FALSE;
    }
  return TRUE;
}

static void
maybe_activate (JdCall *self)
{
  if (!self->media_started || self->state != JD_CALL_STATE_CONNECTING || !all_secured (self))
    return;
  jd_call_cancel_timer (&self->connect_timer);
  jd_call_set_state (self, JD_CALL_STATE_ACTIVE);
}

static void
maybe_start_media (JdCall *self)
{
  g_autoptr (GError) error = NULL;

  if (self->pipeline == NULL || self->media_started || self->state != JD_CALL_STATE_CONNECTING ||
      !all_connected (self))
    return;
  if (!jd_media_pipeline_start (self->pipeline, &error))
    {
      fail (self, JD_JINGLE_REASON_MEDIA_ERROR, error);
      return;
    }
  self->media_started = TRUE;
  maybe_activate (self);
}

/* RFC 5763 §6.6 / XEP-0320: the certificate the peer presented must be
 * the one it signalled, or a man in the middle holds the keys. */
static void
on_peer_certificate (JdMediaPipeline *pipeline, guint stream_id, const char *pem,
                     gpointer user_data)
{
  JdCall *self = user_data;
  JdCallContent *c = stream_id < self->contents->len
                       ? g_ptr_array_index (self->contents, stream_id) : NULL;
  g_autofree char *seen = jd_media_fingerprint_from_pem (pem);

  if (c == NULL || c->crypto != JD_MEDIA_CRYPTO_DTLS)
    return;
  if (seen != NULL && c->remote_fingerprint != NULL &&
      g_ascii_strcasecmp (seen, c->remote_fingerprint) == 0)
    {
      c->dtls_verified = TRUE;
      maybe_activate (self);
      return;
    }
  g_message ("call with %s: the DTLS certificate does not match the signalled fingerprint",
             jd_jingle_session_get_peer (self->session));
  jd_call_hangup (self, JD_JINGLE_REASON_SECURITY_ERROR);
}

static void
on_media_dtmf (JdMediaPipeline *pipeline, guint stream_id, const char *digit,
               gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_DTMF_RECEIVED], 0, digit);
}

static void
on_media_error (JdMediaPipeline *pipeline, const GError *error, gpointer user_data)
{
  fail (user_data, JD_JINGLE_REASON_MEDIA_ERROR, error);
}

/* nicesrc and nicesink on @component of @c's transport. */
static gboolean
make_nice_pair (JdCallContent *c, guint component, GstElement **src, GstElement **sink,
                GError **error)
{
  guint stream_id = 0;
  NiceAgent *agent = jd_transport_get_agent (c->transport, &stream_id);

  *src = gst_element_factory_make ("nicesrc", NULL);
  *sink = gst_element_factory_make ("nicesink", NULL);
  if (*src == NULL || *sink == NULL)
    {
      if (*src != NULL)
        gst_object_unref (gst_object_ref_sink (*src));
      if (*sink != NULL)
        gst_object_unref (gst_object_ref_sink (*sink));
      g_set_error_literal (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                           "GStreamer's nice elements are not installed");
      return FALSE;
    }
  g_object_set (*src, "agent", agent, "stream", stream_id, "component", component, NULL);
  g_object_set (*sink, "agent", agent, "stream", stream_id, "component", component, NULL);
  return TRUE;
}

/* With rtcp-mux RTP and RTCP share component 1; without, RTCP has
 * component 2. */
static gboolean
add_stream (JdCall *self, JdCallContent *c, GError **error)
{
  GstElement *src, *sink, *rtcp_src = NULL, *rtcp_sink = NULL;
  JdMediaStreamConfig config;

  if (!make_nice_pair (c, 1, &src, &sink, error))
    return FALSE;
  if (jd_transport_get_n_components (c->transport) == 2 &&
      !make_nice_pair (c, 2, &rtcp_src, &rtcp_sink, error))
    {
      gst_object_unref (gst_object_ref_sink (src));
      gst_object_unref (gst_object_ref_sink (sink));
      return FALSE;
    }
  jd_call_content_stream_config (c, self->pem, &config);
  c->in_pipeline = TRUE;
  return jd_media_pipeline_add_stream_full (self->pipeline, c->stream_id, &config, src, sink,
                                            rtcp_src, rtcp_sink, error);
}

/* The stream moves to @c's current transport (jd-media-net.h): the
 * elements of the retired one leave the pipeline. */
static gboolean
repoint_stream (JdCall *self, JdCallContent *c, GError **error)
{
  GstElement *src, *sink, *rtcp_src = NULL, *rtcp_sink = NULL;

  if (!make_nice_pair (c, 1, &src, &sink, error))
    return FALSE;
  if (jd_transport_get_n_components (c->transport) == 2 &&
      !make_nice_pair (c, 2, &rtcp_src, &rtcp_sink, error))
    {
      gst_object_unref (gst_object_ref_sink (src));
      gst_object_unref (gst_object_ref_sink (sink));
      return FALSE;
    }
  return jd_media_pipeline_replace_network (self->pipeline, c->stream_id, src, sink, rtcp_src,
                                            rtcp_sink, error);
}

static gboolean
build_pipeline (JdCall *self, GError **error)
{
  self->pipeline = jd_media_pipeline_new (jd_jingle_session_get_sid (self->session));
  jd_media_pipeline_set_jitter_buffer (self->pipeline, self->options.jitter_buffer_ms);
  g_signal_connect_object (self->pipeline, "peer-certificate", G_CALLBACK (on_peer_certificate),
                           self, 0);
  g_signal_connect_object (self->pipeline, "dtmf-received", G_CALLBACK (on_media_dtmf), self, 0);
  g_signal_connect_object (self->pipeline, "error", G_CALLBACK (on_media_error), self, 0);
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      c->stream_id = i;
      if (!add_stream (self, c, error))
        return FALSE;
    }
  return TRUE;
}

/* A timer that waited for a media path in vain (it fired: drop it). */
static gboolean
no_path (JdCall *self, GSource **timer)
{
  g_clear_pointer (timer, g_source_unref);
  fail (self, JD_JINGLE_REASON_CONNECTIVITY_ERROR, NULL);
  return G_SOURCE_REMOVE;
}

gboolean
jd_call_on_connect_timeout (gpointer user_data)
{
  return no_path (user_data, &((JdCall *) user_data)->connect_timer);
}

static void
start_connecting (JdCall *self)
{
  jd_call_cancel_timer (&self->ring_timer);
  jd_call_set_state (self, JD_CALL_STATE_CONNECTING);
  jd_call_start_timer (self, &self->connect_timer, self->options.connect_timeout_ms,
               jd_call_on_connect_timeout);
  maybe_start_media (self);
}

/* ---------------------------------------------------------------- */
/* Transports                                                       */

static void
send_candidate (JdCall *self, JdCallContent *c, const NiceCandidate *candidate)
{
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_autoptr (JdJingleTransport) t = NULL;

  g_ptr_array_add (one, (gpointer) candidate);
  t = jd_call_content_describe_transport (c, one);
  jd_jingle_session_send_transport_info (self->session, c->name, t, NULL);
}

/* XEP-0176 trickle: before the offer (or answer) is out, candidates ride
 * in it; afterwards each goes in its own transport-info. */
static void
on_local_candidate (JdTransport *transport, const NiceCandidate *candidate, gpointer user_data)
{
  JdCallContent *c = user_data;
  JdCall *self = c->call;

  if (self->description_sent &&
      jd_jingle_session_get_state (self->session) != JD_JINGLE_STATE_ENDED)
    send_candidate (self, c, candidate);
  else
    g_ptr_array_add (c->gathered, nice_candidate_copy (candidate));
}

/* A replacement transport connected: media moves over from the one it
 * replaces, which stayed in use until now (make before break). */
static void
finish_switch (JdCall *self, JdCallContent *c)
{
  g_autoptr (GError) error = NULL;

  if (c->retired == NULL)
    return;
  if (self->pipeline != NULL && !repoint_stream (self, c, &error))
    {
      fail (self, JD_JINGLE_REASON_MEDIA_ERROR, error);
      return;
    }
  jd_call_content_drop_retired (c);
}

static gboolean fall_back_later (JdCall *self, JdCallContent *c);
static void maybe_add_stream (JdCall *self, JdCallContent *c);

static void
on_transport_state (JdTransport *transport, JdTransportState state, gpointer user_data)
{
  JdCall *self = user_data;
  JdCallContent *c = content_by_transport (self, transport);

  if (c == NULL)
    return;
  if (state == JD_TRANSPORT_STATE_CONNECTED)
    {
      finish_switch (self, c);
      maybe_start_media (self);
      maybe_add_stream (self, c);
    }
  else if (state == JD_TRANSPORT_STATE_FAILED && !fall_back_later (self, c))
    fail (self, JD_JINGLE_REASON_CONNECTIVITY_ERROR, NULL);
}

static gboolean
start_transport_with (JdCall *self, JdCallContent *c, JdTransportCandidateFunc on_candidate,
                      gpointer data, GError **error)
{
  jd_transport_set_local_candidate_func (c->transport, on_candidate, data, NULL);
  g_signal_connect_object (c->transport, "state-changed", G_CALLBACK (on_transport_state),
                           self, 0);
  return jd_transport_gather (c->transport, error);
}

static gboolean
start_transport (JdCall *self, JdCallContent *c, GError **error)
{
  return start_transport_with (self, c, on_local_candidate, c, error);
}

/* A fresh transport for @c (raw UDP or ICE); the old one keeps carrying
 * media, silently, until the new one connects (finish_switch()).  What
 * the new one gathers at once goes to @on_candidate. */
static gboolean
switch_transport (JdCall *self, JdCallContent *c, gboolean raw_udp,
                  JdTransportCandidateFunc on_candidate, gpointer data, GError **error)
{
  if (!jd_call_content_replace_transport (c, raw_udp, &self->options, !self->incoming, error))
    return FALSE;
  g_signal_handlers_disconnect_by_data (c->retired, self);
  jd_transport_set_local_candidate_func (c->retired, NULL, NULL, NULL);
  return start_transport_with (self, c, on_candidate, data, error);
}

static gboolean
apply_remote_transport (JdCallContent *c, const JdJingleTransport *t, GError **error)
{
  if (t == NULL || t->type != jd_transport_jingle_type (c->transport))
    return TRUE;
  jd_call_content_note_fingerprint (c, t->fingerprint);
  return jd_call_content_apply_remote (c, t, error);
}

static void
on_restart_candidate (JdTransport *transport, const NiceCandidate *candidate,
                      gpointer user_data)
{
  g_ptr_array_add (user_data, nice_candidate_copy (candidate));
}

/* An ICE restart announces every local candidate again at once: they go
 * in one transport-info with the new credentials rather than one each.
 * @restart_or_apply runs with the candidates collected, then trickling
 * resumes. */
static gboolean
announce_restart (JdCall *self, JdCallContent *c,
                  gboolean (*restart_or_apply) (JdCallContent *, const JdJingleTransport *,
                                                GPtrArray *, GError **),
                  const JdJingleTransport *remote, GError **error)
{
  g_autoptr (GPtrArray) announced =
    g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  g_autofree char *before = NULL, *after = NULL, *pwd = NULL, *pwd_after = NULL;
  g_autoptr (JdJingleTransport) ours = NULL;
  gboolean ok;

  jd_transport_get_local_credentials (c->transport, &before, &pwd);
  jd_transport_set_local_candidate_func (c->transport, on_restart_candidate, announced, NULL);
  ok = restart_or_apply (c, remote, announced, error);
  jd_transport_set_local_candidate_func (c->transport, on_local_candidate, c, NULL);
  jd_transport_get_local_credentials (c->transport, &after, &pwd_after);
  if (!ok || jd_jingle_session_get_state (self->session) == JD_JINGLE_STATE_ENDED)
    return ok;
  /* Not restarted: anything announced meanwhile is an ordinary trickle. */
  if (g_strcmp0 (before, after) == 0 && announced->len == 0)
    return TRUE;
  if (g_strcmp0 (before, after) != 0)
    c->generation++;
  ours = jd_call_content_describe_transport (c, announced);
  return jd_jingle_session_send_transport_info (self->session, c->name, ours, error);
}

/* Our ICE restart (RFC 8445 §9) on a fresh agent: libnice 0.1.21 does
 * not gather again on restart, so after an address change the old agent
 * would offer the addresses that are gone.  The old transport carries
 * media until the new one connects. */
static gboolean
renew_transport (JdCallContent *c, const JdJingleTransport *unused, GPtrArray *announced,
                 GError **error)
{
  g_autofree char *stale = NULL, *stale_pwd = NULL;

  jd_transport_get_remote_credentials (c->transport, &stale, &stale_pwd);
  if (!switch_transport (c->call, c, FALSE, on_restart_candidate, announced, error))
    return FALSE;
  g_free (c->stale_ufrag);
  c->stale_ufrag = g_steal_pointer (&stale);
  return TRUE;
}

static gboolean
apply_remote_restart (JdCallContent *c, const JdJingleTransport *t, GPtrArray *unused,
                      GError **error)
{
  return apply_remote_transport (c, t, error);
}

/* RFC 8839 §4.4.1.1.2: new credentials in a transport-info are the
 * peer's ICE restart; the transport restarts too, and our new
 * credentials answer it. */
static gboolean
apply_transport_info (JdCall *self, JdCallContent *c, const JdJingleTransport *t,
                      GError **error)
{
  /* Before our description is out, what the transport announces rides in
   * it (on_local_candidate). */
  if (!self->description_sent)
    return apply_remote_transport (c, t, error);
  /* Sent before the peer saw our restart: for the agent we replaced. */
  if (c->stale_ufrag != NULL && t != NULL && g_strcmp0 (t->ufrag, c->stale_ufrag) == 0)
    return TRUE;
  if (t != NULL && t->ufrag != NULL)
    g_clear_pointer (&c->stale_ufrag, g_free);
  return announce_restart (self, c, apply_remote_restart, t, error);
}

/* ---------------------------------------------------------------- */
/* Raw UDP fallback (XEP-0166 §7.2.15 transport-replace)            */

/* Initiator: raw UDP instead, announced in a transport-replace. */
static gboolean
fall_back_to_raw_udp (JdCall *self, JdCallContent *c, GError **error)
{
  g_autoptr (GPtrArray) candidates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  g_autoptr (JdJingleTransport) t = NULL;

  g_info ("call with %s: ICE failed for %s, replacing it by raw UDP",
          jd_jingle_session_get_peer (self->session), c->name);
  if (!switch_transport (self, c, TRUE, on_restart_candidate, candidates, error))
    return FALSE;
  jd_transport_set_local_candidate_func (c->transport, on_local_candidate, c, NULL);
  t = jd_call_content_describe_transport (c, candidates);
  self->replacing++;
  return jd_jingle_session_replace_transport (self->session, c->name, t, error);
}

static gboolean
on_fallback_idle (gpointer user_data)
{
  JdCall *self = user_data;
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->fallback_idle, g_source_unref);
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (jd_transport_get_state (c->transport) == JD_TRANSPORT_STATE_FAILED &&
          !fall_back_to_raw_udp (self, c, &error))
        {
          fail (self, JD_JINGLE_REASON_CONNECTIVITY_ERROR, error);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_fallback_timeout (gpointer user_data)
{
  return no_path (user_data, &((JdCall *) user_data)->fallback_timer);
}

/* ICE failed on @c.  Returns TRUE when raw UDP is tried instead: only
 * before media flows (a call that worked and lost its path needs an ICE
 * restart, not host candidates that failed already), only with a peer
 * that has raw UDP, and never for relay-only calls.  The initiator
 * replaces (from an idle source: we are inside libnice's emission, and
 * the transport goes away); the responder waits for it. */
static gboolean
fall_back_later (JdCall *self, JdCallContent *c)
{
  if (!self->options.raw_udp_fallback || self->options.relay_only ||
      self->state != JD_CALL_STATE_CONNECTING ||
      jd_transport_jingle_type (c->transport) != JD_JINGLE_TRANSPORT_ICE_UDP)
    return FALSE;
  if (self->incoming)
    {
      if (self->fallback_timer == NULL)
        jd_call_start_timer (self, &self->fallback_timer, FALLBACK_WAIT_MS, on_fallback_timeout);
      return TRUE;
    }
  if (self->fallback_idle == NULL)
    {
      self->fallback_idle = g_idle_source_new ();
      g_source_set_callback (self->fallback_idle, on_fallback_idle, self, NULL);
      g_source_attach (self->fallback_idle, g_main_context_get_thread_default ());
    }
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* Signalling                                                       */

static gboolean
ensure_certificate (JdCall *self, GError **error)
{
  if (self->pem != NULL)
    return TRUE;
  self->pem = jd_dtls_certificate_new (error);
  if (self->pem == NULL)
    return FALSE;
  self->fingerprint = jd_media_fingerprint_from_pem (self->pem);
  return TRUE;
}

static GPtrArray *
describe_all (JdCall *self, const char *(*setup_of) (JdCallContent *))
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);

  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);
      g_autoptr (GPtrArray) candidates = jd_call_content_take_gathered (c);

      g_ptr_array_add (out, jd_call_content_describe (c, setup_of (c), self->fingerprint,
                                                      candidates));
    }
  return out;
}

/* Outgoing: the answer arrived.  A content the peer left out is dropped. */
static void
on_answer (JdCall *self, const JdJingleMessage *msg)
{
  g_autoptr (GError) error = NULL;
  JdJingleReasonType failure = JD_JINGLE_REASON_FAILED_APPLICATION;

  for (guint i = self->contents->len; i-- > 0;)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);
      const JdJingleContent *answer = jd_jingle_message_find_content (msg, c->name);

      if (answer == NULL)
        g_ptr_array_remove_index (self->contents, i);
      else if (!jd_call_content_take_answer (c, answer, &failure, &error) ||
               !apply_remote_transport (c, answer->transport, &error))
        break;
    }
  if (error == NULL && self->contents->len == 0)
    g_set_error_literal (&error, JD_JINGLE_NEGOTIATE_ERROR,
                         JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC, "the answer has no content");
  if (error == NULL)
    build_pipeline (self, &error);
  if (error != NULL)
    {
      fail (self, failure, error);
      return;
    }
  start_connecting (self);
}

static gboolean
on_transport_info (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *in = g_ptr_array_index (msg->contents, i);
      JdCallContent *c = content_by_name (self, in->name);

      if (c != NULL && !apply_transport_info (self, c, in->transport, error))
        return FALSE;
    }
  return TRUE;
}

/* The responder cannot do our transport (XEP-0177 §4: a peer without
 * ICE replaces it by raw UDP): switch, then accept with our candidate. */
static gboolean
on_transport_replace (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *in = g_ptr_array_index (msg->contents, i);
      JdCallContent *c = content_by_name (self, in->name);
      g_autoptr (GPtrArray) candidates = NULL;
      g_autoptr (JdJingleTransport) ours = NULL;
      gboolean raw_udp = in->transport != NULL &&
                         in->transport->type == JD_JINGLE_TRANSPORT_RAW_UDP;

      if (c == NULL || in->transport == NULL)
        continue;
      jd_call_cancel_timer (&self->fallback_timer);
      candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
      if (!switch_transport (self, c, raw_udp, on_restart_candidate, candidates, error))
        return FALSE;
      jd_transport_set_local_candidate_func (c->transport, on_local_candidate, c, NULL);
      if (!apply_remote_transport (c, in->transport, error))
        return FALSE;
      ours = jd_call_content_describe_transport (c, candidates);
      if (!jd_jingle_session_accept_transport (self->session, c->name, ours, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean on_content_add (JdCall *self, const JdJingleMessage *msg, GError **error);
static gboolean on_content_accept (JdCall *self, const JdJingleMessage *msg, GError **error);
static void on_content_gone (JdCall *self, const JdJingleMessage *msg);

static gboolean
on_transport_accept (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *in = g_ptr_array_index (msg->contents, i);
      JdCallContent *c = content_by_name (self, in->name);

      if (c != NULL && !apply_remote_transport (c, in->transport, error))
        return FALSE;
      if (self->replacing > 0)
        self->replacing--;
    }
  if (self->replacing == 0 && self->accept_pending)
    return jd_call_do_accept (self, error);
  return TRUE;
}

static void
on_session_info (JdCall *self, const JdJingleInfo *info)
{
  char digit[2] = { 0, 0 };

  switch (info->type)
    {
    case JD_JINGLE_INFO_DTMF:
      digit[0] = info->dtmf_code;
      g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, digit);
      break;
    case JD_JINGLE_INFO_RINGING:
      if (self->state == JD_CALL_STATE_CALLING)
        g_signal_emit (self, signals[SIGNAL_PEER_RINGING], 0);
      break;
    case JD_JINGLE_INFO_HOLD:
    case JD_JINGLE_INFO_UNHOLD:
      g_signal_emit (self, signals[SIGNAL_REMOTE_HOLD], 0, info->type == JD_JINGLE_INFO_HOLD);
      break;
    default:
      break;
    }
}

static void
on_remote_action (JdJingleSession *session, const JdJingleMessage *msg, gpointer user_data)
{
  JdCall *self = user_data;
  g_autoptr (GError) error = NULL;
  JdJingleReasonType reason = JD_JINGLE_REASON_FAILED_APPLICATION;
  gboolean ok = TRUE;

  switch (msg->action)
    {
    case JD_JINGLE_ACTION_SESSION_ACCEPT:
      on_answer (self, msg);
      break;
    case JD_JINGLE_ACTION_TRANSPORT_INFO:
      ok = on_transport_info (self, msg, &error);
      break;
    case JD_JINGLE_ACTION_TRANSPORT_REPLACE:
      ok = on_transport_replace (self, msg, &error);
      reason = JD_JINGLE_REASON_FAILED_TRANSPORT;
      break;
    case JD_JINGLE_ACTION_TRANSPORT_ACCEPT:
      ok = on_transport_accept (self, msg, &error);
      reason = JD_JINGLE_REASON_FAILED_TRANSPORT;
      break;
    case JD_JINGLE_ACTION_TRANSPORT_REJECT:
      ok = FALSE;
      reason = JD_JINGLE_REASON_UNSUPPORTED_TRANSPORTS;
      break;
    case JD_JINGLE_ACTION_SESSION_INFO:
      if (msg->info != NULL)
        on_session_info (self, msg->info);
      break;
    case JD_JINGLE_ACTION_CONTENT_ADD:
      ok = on_content_add (self, msg, &error);
      break;
    case JD_JINGLE_ACTION_CONTENT_ACCEPT:
      ok = on_content_accept (self, msg, &error);
      break;
    case JD_JINGLE_ACTION_CONTENT_REJECT:
    case JD_JINGLE_ACTION_CONTENT_REMOVE:
      on_content_gone (self, msg);
      break;
    default:
      break;
    }
  if (!ok)
    fail (self, reason, error);
}

static void
on_terminated (JdJingleSession *session, const JdJingleReason *reason, gboolean by_peer,
               gpointer user_data)
{
  JdCall *self = user_data;

  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  self->end_reason = jd_jingle_reason_copy (reason);
  jd_call_jmi_session_ended (self, reason->type);
  jd_call_teardown (self);
  jd_call_set_state (self, JD_CALL_STATE_ENDED);
}

gboolean
jd_call_on_ring_timeout (gpointer user_data)
{
  JdCall *self = user_data;

  g_clear_pointer (&self->ring_timer, g_source_unref);
  fail (self, JD_JINGLE_REASON_TIMEOUT, NULL);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------- */
/* Setting up                                                       */

/* NULL-terminated, like the caller's. */
static const JdTurnServer *const *
copy_turn_servers (const JdTurnServer *const *servers)
{
  GPtrArray *copy;

  if (servers == NULL)
    return NULL;
  copy = g_ptr_array_new ();
  for (guint i = 0; servers[i] != NULL; i++)
    g_ptr_array_add (copy, jd_turn_server_copy (servers[i]));
  g_ptr_array_add (copy, NULL);
  return (const JdTurnServer *const *) g_ptr_array_free (copy, FALSE);
}

void
jd_call_copy_options (JdCall *self, const JdCallOptions *o)
{
  JdCallOptions *mine = &self->options;

  *mine = *o;
  /* "auto" never fails: without devices it sends silence and discards. */
  mine->audio_source = o->audio_source != NULL
                         ? g_strdup (o->audio_source)
                         : jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, "auto", NULL);
  mine->audio_sink = o->audio_sink != NULL
                       ? g_strdup (o->audio_sink)
                       : jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, "auto", NULL);
  mine->video_source = o->video_source != NULL
                         ? g_strdup (o->video_source)
                         : jd_media_endpoint_source (JD_JINGLE_MEDIA_VIDEO, "auto", NULL);
  mine->video_sink = o->video_sink != NULL
                       ? g_strdup (o->video_sink)
                       : jd_media_endpoint_sink (JD_JINGLE_MEDIA_VIDEO, "auto", NULL);
  mine->local_addresses = (const char *const *) g_strdupv ((char **) o->local_addresses);
  mine->codecs = (const char *const *) g_strdupv ((char **) o->codecs);
  mine->stun_server = g_strdup (o->stun_server);
  mine->turn_servers = copy_turn_servers (o->turn_servers);
  if (mine->ring_timeout_ms == 0)
    mine->ring_timeout_ms = DEFAULT_RING_TIMEOUT_MS;
  if (mine->connect_timeout_ms == 0)
    mine->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
}

static void
free_options (JdCallOptions *o)
{
  g_free ((char *) o->audio_source);
  g_free ((char *) o->audio_sink);
  g_free ((char *) o->video_source);
  g_free ((char *) o->video_sink);
  g_strfreev ((char **) o->local_addresses);
  g_strfreev ((char **) o->codecs);
  g_free ((char *) o->stun_server);
  for (guint i = 0; o->turn_servers != NULL && o->turn_servers[i] != NULL; i++)
    jd_turn_server_free ((JdTurnServer *) o->turn_servers[i]);
  g_free ((gpointer) o->turn_servers);
}

static JdCallContent *
add_content (JdCall *self, const char *name, JdJingleCreator creator, JdJingleMedia media,
             gboolean raw_udp, guint n_components, GError **error)
{
  JdCallContent *c = jd_call_content_new (name, creator, media, raw_udp, n_components,
                                          &self->options, !self->incoming, error);

  if (c == NULL)
    return NULL;
  c->call = self;
  c->source = media == JD_JINGLE_MEDIA_VIDEO ? self->options.video_source
                                             : self->options.audio_source;
  c->sink = media == JD_JINGLE_MEDIA_VIDEO ? self->options.video_sink
                                           : self->options.audio_sink;
  c->stream_id = self->contents->len;
  g_ptr_array_add (self->contents, c);
  return c;
}

static void
send_inband (char digit, guint tone_ms, guint gap_ms, gpointer user_data)
{
  JdCall *self = user_data;
  JdCallContent *audio = jd_call_content_by_media (self, JD_JINGLE_MEDIA_AUDIO);
  const char digits[] = { digit, '\0' };
  g_autoptr (GError) error = NULL;

  if (audio == NULL || self->pipeline == NULL ||
      !jd_media_pipeline_send_dtmf_inband (self->pipeline, audio->stream_id, digits, tone_ms,
                                           gap_ms, &error))
    g_info ("DTMF '%c' not sent in-band: %s", digit,
            error != NULL ? error->message : "no audio");
}

/* XEP-0181 DTMF refused (unsupported-info): in-band instead. */
static void
on_info_failed (JdJingleSession *session, const JdJingleInfo *info, const GError *error,
                gpointer user_data)
{
  JdCall *self = user_data;

  /* Only a refused DTMF payload: a peer may well refuse hold and take
   * DTMF, and replaying digits it already has would dial them twice. */
  if (info->type == JD_JINGLE_INFO_DTMF && self->dtmf != NULL &&
      jd_call_dtmf_refused (self->dtmf, send_inband, self))
    g_info ("the peer refused DTMF as session-info (%s): sending it in-band", error->message);
}

void
jd_call_watch_session (JdCall *self, JdJingleSession *session)
{
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "info-failed", G_CALLBACK (on_info_failed), self, 0);
  g_signal_connect_object (session, "remote-action", G_CALLBACK (on_remote_action), self, 0);
  g_signal_connect_object (session, "terminated", G_CALLBACK (on_terminated), self, 0);
}

static const char *
offer_setup (JdCallContent *c)
{
  return "actpass";
}

static const char *
answer_setup (JdCallContent *c)
{
  return c->dtls_client ? "active" : "passive";
}

gboolean
jd_call_prepare_offer (JdCall *self, GError **error)
{
  const gboolean raw_udp = self->options.transport == JD_CALL_TRANSPORT_RAW_UDP;
  GError *local = NULL;

  if (self->options.crypto == JD_MEDIA_CRYPTO_NONE && !self->options.allow_plain)
    {
      g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
                           "plain RTP is not allowed");
      return FALSE;
    }
  if (self->options.crypto == JD_MEDIA_CRYPTO_DTLS && !ensure_certificate (self, error))
    return FALSE;
  if (add_content (self, "audio", JD_JINGLE_CREATOR_INITIATOR, JD_JINGLE_MEDIA_AUDIO, raw_udp,
                   OFFER_COMPONENTS, error) == NULL ||
      (self->options.video &&
       add_content (self, "video", JD_JINGLE_CREATOR_INITIATOR, JD_JINGLE_MEDIA_VIDEO, raw_udp,
                    OFFER_COMPONENTS, error) == NULL))
    return FALSE;
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      jd_call_content_make_offer (c, &self->options, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (!start_transport (self, c, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jd_call_start_session (JdCall *self, JdJingleManager *manager, const char *peer,
                       const char *sid, GError **error)
{
  g_autoptr (GPtrArray) contents = describe_all (self, offer_setup);
  JdJingleSession *session;

  session = sid != NULL ? jd_jingle_manager_initiate_with_sid (manager, peer, sid, contents, error)
                        : jd_jingle_manager_initiate (manager, peer, contents, error);
  if (session == NULL)
    return FALSE;
  jd_call_watch_session (self, session);
  self->description_sent = TRUE;
  self->dtmf = jd_call_dtmf_new (session);
  return TRUE;
}

JdCall *
jd_call_dial (JdJingleManager *manager, const char *peer, const JdCallOptions *options,
              GError **error)
{
  g_autoptr (JdCall) self = g_object_new (JD_TYPE_CALL, NULL);

  jd_call_copy_options (self, options);
  if (!jd_call_prepare_offer (self, error) ||
      !jd_call_start_session (self, manager, peer, NULL, error))
    return NULL;
  self->state = JD_CALL_STATE_CALLING;
  jd_call_start_timer (self, &self->ring_timer, self->options.ring_timeout_ms,
                       jd_call_on_ring_timeout);
  return g_steal_pointer (&self);
}

/* An answerer that speaks raw UDP only replaces the offered ICE. */
static gboolean
replace_transport (JdCall *self, JdCallContent *c, GError **error)
{
  g_autoptr (GPtrArray) candidates = jd_call_content_take_gathered (c);
  g_autoptr (JdJingleTransport) t = jd_call_content_describe_transport (c, candidates);

  self->replacing++;
  return jd_jingle_session_replace_transport (self->session, c->name, t, error);
}

static gboolean
take_offered_content (JdCall *self, const JdJingleContent *offer, JdJingleReasonType *failure,
                      GError **error)
{
  const JdJingleMedia media = offer->description->media;
  const gboolean offered_raw = offer->transport != NULL &&
                               offer->transport->type == JD_JINGLE_TRANSPORT_RAW_UDP;
  const gboolean want_raw = self->options.transport == JD_CALL_TRANSPORT_RAW_UDP;
  JdCallContent *c;

  /* We accept rtcp-mux whenever it is offered (jd_jingle_negotiate_answer()). */
  c = add_content (self, offer->name, offer->creator, media, offered_raw || want_raw,
                   offer->description->rtcp_mux ? 1 : 2, error);
  if (c == NULL)
    {
      /* Our own settings (STUN, TURN, relay-only) are at fault, not the offer. */
      *failure = JD_JINGLE_REASON_GENERAL_ERROR;
      return FALSE;
    }
  if (!jd_call_content_answer (c, offer, &self->options, failure, error) ||
      (c->crypto == JD_MEDIA_CRYPTO_DTLS && !ensure_certificate (self, error)) ||
      !start_transport (self, c, error))
    return FALSE;
  if (want_raw && !offered_raw)
    return replace_transport (self, c, error);
  return apply_remote_transport (c, offer->transport, error);
}

static gboolean
wanted (JdCall *self, const JdJingleContent *offer)
{
  return offer->description != NULL &&
         (offer->description->media == JD_JINGLE_MEDIA_AUDIO ||
          (offer->description->media == JD_JINGLE_MEDIA_VIDEO && self->options.video));
}

gboolean
jd_call_take_offer (JdCall *self, JdJingleSession *session, const JdJingleMessage *offer_msg,
                    GError **error)
{
  JdJingleReasonType failure = JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS;
  GError *local = NULL;

  jd_call_watch_session (self, session);
  self->dtmf = jd_call_dtmf_new (session);
  for (guint i = 0; i < offer_msg->contents->len && local == NULL; i++)
    {
      const JdJingleContent *offer = g_ptr_array_index (offer_msg->contents, i);

      if (wanted (self, offer))
        take_offered_content (self, offer, &failure, &local);
    }
  if (local == NULL && jd_call_content_by_media (self, JD_JINGLE_MEDIA_AUDIO) == NULL)
    g_set_error_literal (&local, JD_JINGLE_NEGOTIATE_ERROR,
                         JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC, "the offer has no audio");
  if (local != NULL)
    {
      jd_jingle_session_terminate (session, failure, local->message, NULL);
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

JdCall *
jd_call_new_incoming (JdJingleSession *session, const JdJingleMessage *offer_msg,
                      const JdCallOptions *options, GError **error)
{
  g_autoptr (JdCall) self = g_object_new (JD_TYPE_CALL, NULL);
  g_autoptr (JdJingleInfo) ringing = NULL;

  self->incoming = TRUE;
  self->state = JD_CALL_STATE_RINGING;
  jd_call_copy_options (self, options);
  if (!jd_call_take_offer (self, session, offer_msg, error))
    return NULL;
  /* XEP-0167 §7.2: tell the caller we are ringing. */
  ringing = jd_jingle_info_new (JD_JINGLE_INFO_RINGING);
  jd_jingle_session_send_info (session, ringing, NULL);
  jd_call_start_timer (self, &self->ring_timer, self->options.ring_timeout_ms, jd_call_on_ring_timeout);
  return g_steal_pointer (&self);
}

gboolean
jd_call_do_accept (JdCall *self, GError **error)
{
  g_autoptr (GPtrArray) contents = describe_all (self, answer_setup);

  self->accept_pending = FALSE;
  if (!build_pipeline (self, error) || !jd_jingle_session_accept (self->session, contents, error))
    return FALSE;
  self->description_sent = TRUE;
  start_connecting (self);
  return TRUE;
}

gboolean
jd_call_accept (JdCall *self, GError **error)
{
  g_return_val_if_fail (self->incoming && self->state == JD_CALL_STATE_RINGING, FALSE);
  if (self->session == NULL)
    return jd_call_jmi_accept (self, error);
  if (self->replacing > 0)
    {
      /* Accepted as soon as the initiator takes our transport. */
      self->accept_pending = TRUE;
      jd_call_cancel_timer (&self->ring_timer);
      return TRUE;
    }
  return jd_call_do_accept (self, error);
}

static void
replace_string (const char **slot, const char *value)
{
  if (value == NULL)
    return;
  g_free ((char *) *slot);
  *slot = g_strdup (value);
}

gboolean
jd_call_set_endpoints (JdCall *self, JdJingleMedia media, const char *source, const char *sink,
                       GError **error)
{
  const gboolean video = media == JD_JINGLE_MEDIA_VIDEO;

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  if (self->pipeline != NULL || self->state == JD_CALL_STATE_ENDED)
    {
      g_set_error (error, JD_CALL_ERROR, JD_CALL_ERROR_NOT_ACTIVE,
                   "the call is %s: its media is set up already",
                   jd_call_state_to_string (self->state));
      return FALSE;
    }
  replace_string (video ? &self->options.video_source : &self->options.audio_source, source);
  replace_string (video ? &self->options.video_sink : &self->options.audio_sink, sink);
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (c->media != media)
        continue;
      c->source = video ? self->options.video_source : self->options.audio_source;
      c->sink = video ? self->options.video_sink : self->options.audio_sink;
    }
  return TRUE;
}

void
jd_call_get_endpoints (JdCall *self, JdJingleMedia media, const char **source, const char **sink)
{
  const gboolean video = media == JD_JINGLE_MEDIA_VIDEO;

  g_return_if_fail (JD_IS_CALL (self));
  if (source != NULL)
    *source = video ? self->options.video_source : self->options.audio_source;
  if (sink != NULL)
    *sink = video ? self->options.video_sink : self->options.audio_sink;
}

void
jd_call_hangup (JdCall *self, JdJingleReasonType reason)
{
  if (self->state == JD_CALL_STATE_ENDED)
    return;
  if (self->session == NULL)
    {
      jd_call_jmi_hangup (self, reason);
      return;
    }
  g_object_ref (self);
  if (jd_jingle_session_get_state (self->session) != JD_JINGLE_STATE_ENDED)
    jd_jingle_session_terminate (self->session, reason, NULL, NULL);
  if (self->end_reason == NULL)
    self->end_reason = jd_jingle_reason_new (reason, NULL);
  jd_call_teardown (self);
  jd_call_set_state (self, JD_CALL_STATE_ENDED);
  g_object_unref (self);
}

/* ---------------------------------------------------------------- */
/* In call                                                          */

static gboolean
check_active (JdCall *self, GError **error)
{
  if (self->pipeline != NULL && self->state == JD_CALL_STATE_ACTIVE)
    return TRUE;
  g_set_error (error, JD_CALL_ERROR, JD_CALL_ERROR_NOT_ACTIVE, "the call is %s",
               jd_call_state_to_string (self->state));
  return FALSE;
}

gboolean
jd_call_send_dtmf (JdCall *self, const char *digits, guint tone_ms, guint gap_ms,
                   GError **error)
{
  JdCallContent *audio = jd_call_content_by_media (self, JD_JINGLE_MEDIA_AUDIO);

  if (!jd_call_dtmf_validate (digits, error) || !check_active (self, error))
    return FALSE;
  if (audio != NULL && audio->dtmf_codec != NULL)
    return jd_media_pipeline_send_dtmf (self->pipeline, audio->stream_id, digits, tone_ms,
                                        gap_ms, error);
  if (audio != NULL && jd_call_dtmf_is_inband (self->dtmf))
    return jd_media_pipeline_send_dtmf_inband (self->pipeline, audio->stream_id, digits,
                                               tone_ms, gap_ms, error);
  jd_call_dtmf_send (self->dtmf, digits, tone_ms, gap_ms);
  return TRUE;
}

static void
update_sending (JdCall *self)
{
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      jd_media_pipeline_set_sending (self->pipeline, c->stream_id,
                                     !self->held && !c->muted && !c->removed);
    }
}

gboolean
jd_call_set_hold (JdCall *self, gboolean hold, GError **error)
{
  g_autoptr (JdJingleInfo) info = jd_jingle_info_new (hold ? JD_JINGLE_INFO_HOLD
                                                           : JD_JINGLE_INFO_UNHOLD);

  if (!check_active (self, error))
    return FALSE;
  self->held = hold;
  update_sending (self);
  return jd_jingle_session_send_info (self->session, info, error);
}

gboolean
jd_call_set_mute (JdCall *self, JdJingleMedia media, gboolean mute, GError **error)
{
  JdCallContent *c = jd_call_content_by_media (self, media);
  g_autoptr (JdJingleInfo) info = NULL;

  if (!check_active (self, error))
    return FALSE;
  if (c == NULL)
    {
      g_set_error (error, JD_CALL_ERROR, JD_CALL_ERROR_NO_SUCH_MEDIA, "the call carries no %s",
                   jd_jingle_media_to_string (media));
      return FALSE;
    }
  c->muted = mute;
  update_sending (self);
  info = jd_jingle_info_new (mute ? JD_JINGLE_INFO_MUTE : JD_JINGLE_INFO_UNMUTE);
  info->name = g_strdup (c->name);
  info->creator = c->creator;
  return jd_jingle_session_send_info (self->session, info, error);
}

/* ---------------------------------------------------------------- */
/* Adding and removing media (XEP-0166 content-add, -remove)        */

/* A content negotiated during the call joins the running pipeline once
 * its transport is connected (nicesink would block on an agent without
 * a selected pair). */
static gboolean
on_join_timer (gpointer user_data)
{
  JdCall *self = user_data;

  g_clear_pointer (&self->join_timer, g_source_unref);
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      if (!c->in_pipeline && !c->join_waited)
        {
          c->join_waited = TRUE;
          maybe_add_stream (self, c);
        }
    }
  return G_SOURCE_REMOVE;
}

/* The DTLS client of an added stream sends its first flight as soon as
 * its stream runs.  The peer's stream joins its pipeline only when its
 * own transport connects, a little later, and libnice drops what
 * arrives before: the flight is lost.  GStreamer's DTLS (1.22) leaves
 * OpenSSL at its minimum MTU, so the ClientHello goes out in fragments,
 * and OpenSSL 3.0 retransmits a fragmented ClientHello wrongly: the
 * handshake then fails for good ("length mismatch").  So the client
 * gives the peer's stream time to start first. */
static gboolean
must_wait_for_peer_stream (JdCall *self, JdCallContent *c)
{
  if (c->crypto != JD_MEDIA_CRYPTO_DTLS || !c->dtls_client || c->join_waited)
    return FALSE;
  if (self->join_timer == NULL)
    jd_call_start_timer (self, &self->join_timer, JOIN_DELAY_MS, on_join_timer);
  return TRUE;
}

static void
maybe_add_stream (JdCall *self, JdCallContent *c)
{
  g_autoptr (GError) error = NULL;

  if (self->state != JD_CALL_STATE_ACTIVE || self->pipeline == NULL || c->in_pipeline ||
      c->adding || c->removed || c->codec == NULL ||
      jd_transport_get_state (c->transport) != JD_TRANSPORT_STATE_CONNECTED ||
      must_wait_for_peer_stream (self, c))
    return;
  if (!add_stream (self, c, &error))
    {
      fail (self, JD_JINGLE_REASON_MEDIA_ERROR, error);
      return;
    }
  update_sending (self);
  g_signal_emit (self, signals[SIGNAL_MEDIA_CHANGED], 0);
}

/* Gathers for @c; what comes at once is described with the content. */
static JdJingleContent *
prepare_added_content (JdCall *self, JdCallContent *c, const char *setup, GError **error)
{
  g_autoptr (GPtrArray) candidates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);

  if ((c->crypto == JD_MEDIA_CRYPTO_DTLS && !ensure_certificate (self, error)) ||
      !start_transport_with (self, c, on_restart_candidate, candidates, error))
    return NULL;
  jd_transport_set_local_candidate_func (c->transport, on_local_candidate, c, NULL);
  return jd_call_content_describe (c, setup, self->fingerprint, candidates);
}

static void
drop_content (JdCall *self, JdCallContent *c)
{
  /* Stream ids are indexes: only a content without a stream goes. */
  const gboolean was_carried = !c->adding;

  if (c->in_pipeline)
    {
      c->removed = TRUE;
      update_sending (self);
    }
  else
    g_ptr_array_remove (self->contents, c);
  if (was_carried)
    g_signal_emit (self, signals[SIGNAL_MEDIA_CHANGED], 0);
}

gboolean
jd_call_add_video (JdCall *self, GError **error)
{
  const gboolean raw_udp = jd_call_is_raw_udp (self);
  g_autoptr (JdJingleContent) described = NULL;
  JdCallContent *c;
  GError *local = NULL;

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  if (!check_active (self, error))
    return FALSE;
  c = jd_call_content_by_media (self, JD_JINGLE_MEDIA_VIDEO);
  if (c != NULL && !c->removed)
    {
      g_set_error_literal (error, JD_CALL_ERROR, JD_CALL_ERROR_NOT_ACTIVE,
                           "the call has video already");
      return FALSE;
    }
  c = add_content (self, c != NULL ? "video-2" : "video",
                   self->incoming ? JD_JINGLE_CREATOR_RESPONDER : JD_JINGLE_CREATOR_INITIATOR,
                   JD_JINGLE_MEDIA_VIDEO, raw_udp, OFFER_COMPONENTS, error);
  if (c == NULL)
    return FALSE;
  jd_call_content_make_offer (c, &self->options, &local);
  if (local == NULL)
    described = prepare_added_content (self, c, "actpass", &local);
  if (local == NULL)
    jd_jingle_session_add_content (self->session, described, &local);
  if (local != NULL)
    {
      g_ptr_array_remove (self->contents, c);
      g_propagate_error (error, local);
      return FALSE;
    }
  c->adding = TRUE;
  return TRUE;
}

gboolean
jd_call_has_media (JdCall *self, JdJingleMedia media)
{
  JdCallContent *c = jd_call_content_by_media (self, media);

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  /* Proposed (XEP-0353), no offer yet: what the propose named. */
  if (self->session == NULL && self->contents->len == 0)
    return (self->proposed_media & (1u << media)) != 0;
  return c != NULL && !c->adding && !c->removed;
}

gboolean
jd_call_remove_video (JdCall *self, GError **error)
{
  JdCallContent *c = jd_call_content_by_media (self, JD_JINGLE_MEDIA_VIDEO);

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  if (!check_active (self, error))
    return FALSE;
  if (c == NULL || c->removed)
    {
      g_set_error_literal (error, JD_CALL_ERROR, JD_CALL_ERROR_NO_SUCH_MEDIA,
                           "the call carries no video");
      return FALSE;
    }
  if (!jd_jingle_session_remove_content (self->session, c->name, error))
    return FALSE;
  drop_content (self, c);
  return TRUE;
}

/* The peer adds a medium: video is taken unless refused by option, with
 * the same codec and keying rules as an offer. */
static gboolean
on_content_add (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *offer = g_ptr_array_index (msg->contents, i);
      JdJingleReasonType failure = JD_JINGLE_REASON_FAILED_APPLICATION;
      g_autoptr (JdJingleContent) answer = NULL;
      g_autoptr (GError) why = NULL;
      JdCallContent *c = NULL;
      JdCallContent *existing = jd_call_content_by_media (self, JD_JINGLE_MEDIA_VIDEO);

      if (offer->description != NULL && offer->description->media == JD_JINGLE_MEDIA_VIDEO &&
          !self->options.refuse_added_video && (existing == NULL || existing->removed))
        c = add_content (self, offer->name, offer->creator, JD_JINGLE_MEDIA_VIDEO,
                         offer->transport != NULL &&
                           offer->transport->type == JD_JINGLE_TRANSPORT_RAW_UDP,
                         offer->description->rtcp_mux ? 1 : 2, &why);
      else
        failure = JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS;
      if (c != NULL && jd_call_content_answer (c, offer, &self->options, &failure, &why))
        answer = prepare_added_content (self, c, answer_setup (c), &why);
      if (answer != NULL && apply_remote_transport (c, offer->transport, &why) &&
          jd_jingle_session_accept_content (self->session, answer, error))
        continue;
      if (c != NULL)
        g_ptr_array_remove (self->contents, c);
      g_info ("call with %s: content %s refused: %s", jd_jingle_session_get_peer (self->session),
              offer->name, why != NULL ? why->message : jd_jingle_reason_to_string (failure));
      if (!jd_jingle_session_reject_content (self->session, offer->name, failure, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
on_content_accept (JdCall *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *answer = g_ptr_array_index (msg->contents, i);
      JdCallContent *c = content_by_name (self, answer->name);
      JdJingleReasonType failure;

      if (c == NULL || !c->adding)
        continue;
      c->adding = FALSE;
      if (!jd_call_content_take_answer (c, answer, &failure, error) ||
          !apply_remote_transport (c, answer->transport, error))
        return FALSE;
      maybe_add_stream (self, c);
    }
  return TRUE;
}

static void
on_content_gone (JdCall *self, const JdJingleMessage *msg)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *in = g_ptr_array_index (msg->contents, i);
      JdCallContent *c = content_by_name (self, in->name);

      if (c != NULL)
        drop_content (self, c);
    }
}

/* ---------------------------------------------------------------- */
/* ICE restart                                                      */

gboolean
jd_call_restart_ice (JdCall *self, GError **error)
{
  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!check_active (self, error))
    return FALSE;
  for (guint i = 0; i < self->contents->len; i++)
    {
      JdCallContent *c = g_ptr_array_index (self->contents, i);

      /* Raw UDP has no checks to restart (XEP-0177). */
      if (jd_transport_jingle_type (c->transport) == JD_JINGLE_TRANSPORT_ICE_UDP &&
          !announce_restart (self, c, renew_transport, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jd_call_get_ice_ufrags (JdCall *self, JdJingleMedia media, char **local, char **remote)
{
  JdCallContent *c;
  g_autofree char *local_pwd = NULL, *remote_pwd = NULL;

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  g_return_val_if_fail (local != NULL && remote != NULL, FALSE);
  *local = *remote = NULL;
  c = jd_call_content_by_media (self, media);
  if (c == NULL || !jd_transport_get_local_credentials (c->transport, local, &local_pwd))
    return FALSE;
  jd_transport_get_remote_credentials (c->transport, remote, &remote_pwd);
  return TRUE;
}

void
jd_call_advertise (JdXmppClient *client)
{
  JdDisco *disco = jd_xmpp_client_get_disco (client);
  g_autoptr (GPtrArray) video = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, NULL);
  static const char *const features[] = {
    JD_NS_JINGLE_RTP, JD_NS_JINGLE_RTP_AUDIO, JD_NS_JINGLE_ICE_UDP, JD_NS_JINGLE_RAW_UDP,
    JD_NS_JINGLE_DTLS, JD_NS_JINGLE_DTMF,
  };

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    jd_disco_add_feature (disco, features[i]);
  if (video->len > 0)
    jd_disco_add_feature (disco, JD_NS_JINGLE_RTP_VIDEO);
}

gboolean
jd_call_peer_has_raw_udp (JdCaps *caps, const char *peer)
{
  const JdDiscoInfo *info = caps != NULL ? jd_caps_get_info (caps, peer) : NULL;

  return info != NULL && jd_disco_info_has_feature (info, JD_NS_JINGLE_RAW_UDP);
}

JdCallTransport
jd_call_transport_for_peer (JdCaps *caps, const char *peer, JdCallTransport preferred)
{
  const JdDiscoInfo *info = caps != NULL ? jd_caps_get_info (caps, peer) : NULL;

  if (info != NULL && !jd_disco_info_has_feature (info, JD_NS_JINGLE_ICE_UDP) &&
      jd_disco_info_has_feature (info, JD_NS_JINGLE_RAW_UDP))
    return JD_CALL_TRANSPORT_RAW_UDP;
  return preferred;
}

/* ---------------------------------------------------------------- */
/* Getters                                                          */

JdCallState
jd_call_get_state (JdCall *self)
{
  return self->state;
}

const char *
jd_call_get_codec_for (JdCall *self, JdJingleMedia media)
{
  JdCallContent *c = jd_call_content_by_media (self, media);

  return c != NULL && c->codec != NULL ? c->codec->name : NULL;
}

const char *
jd_call_get_codec (JdCall *self)
{
  return jd_call_get_codec_for (self, JD_JINGLE_MEDIA_AUDIO);
}

JdMediaCrypto
jd_call_get_crypto (JdCall *self)
{
  JdCallContent *c = jd_call_content_by_media (self, JD_JINGLE_MEDIA_AUDIO);

  return c != NULL ? c->crypto : self->options.crypto;
}

const char *
jd_call_get_fingerprint (JdCall *self)
{
  return self->fingerprint;
}

gboolean
jd_call_is_raw_udp (JdCall *self)
{
  JdCallContent *c = jd_call_content_by_media (self, JD_JINGLE_MEDIA_AUDIO);

  return c != NULL && jd_transport_jingle_type (c->transport) == JD_JINGLE_TRANSPORT_RAW_UDP;
}

guint
jd_call_get_stream_id (JdCall *self, JdJingleMedia media)
{
  JdCallContent *c = jd_call_content_by_media (self, media);

  return c != NULL ? c->stream_id : G_MAXUINT;
}

/* RFC 8445 §5.1.1 names, as SDP writes them. */
static const char *
candidate_type (const NiceCandidate *c)
{
  switch (c->type)
    {
    case NICE_CANDIDATE_TYPE_HOST:
      return "host";
    case NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE:
      return "srflx";
    case NICE_CANDIDATE_TYPE_PEER_REFLEXIVE:
      return "prflx";
    case NICE_CANDIDATE_TYPE_RELAYED:
    default:
      return "relay";
    }
}

static char *
address_of (const NiceCandidate *c)
{
  char ip[NICE_ADDRESS_STRING_LEN];

  nice_address_to_string (&c->addr, ip);
  return g_strdup_printf ("%s:%u", ip, nice_address_get_port (&c->addr));
}

gboolean
jd_call_get_stats (JdCall *self, JdJingleMedia media, JdCallStats *stats)
{
  JdCallContent *c = jd_call_content_by_media (self, media);
  g_autoptr (NiceCandidate) local = NULL;
  g_autoptr (NiceCandidate) remote = NULL;

  memset (stats, 0, sizeof *stats);
  if (c == NULL || self->pipeline == NULL ||
      !jd_media_pipeline_get_stats (self->pipeline, c->stream_id, &stats->media))
    return FALSE;
  if (jd_transport_get_selected_pair (c->transport, 1, &local, &remote))
    {
      stats->local_candidate_type = g_strdup (candidate_type (local));
      stats->remote_candidate_type = g_strdup (candidate_type (remote));
      stats->local_address = address_of (local);
      stats->remote_address = address_of (remote);
    }
  return TRUE;
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

const char *
jd_call_get_end_reason_name (JdCall *self)
{
  g_return_val_if_fail (JD_IS_CALL (self), NULL);
  if (self->end_reason_name != NULL)
    return self->end_reason_name;
  return self->end_reason != NULL ? jd_jingle_reason_to_string (self->end_reason->type) : NULL;
}

const char *
jd_call_get_peer (JdCall *self)
{
  g_return_val_if_fail (JD_IS_CALL (self), NULL);
  return self->session != NULL ? jd_jingle_session_get_peer (self->session) : self->jmi_peer;
}

void
jd_call_emit_peer_ringing (JdCall *self)
{
  g_signal_emit (self, signals[SIGNAL_PEER_RINGING], 0);
}

void
jd_call_emit_media_changed (JdCall *self)
{
  g_signal_emit (self, signals[SIGNAL_MEDIA_CHANGED], 0);
}

static void
jd_call_dispose (GObject *object)
{
  JdCall *self = JD_CALL (object);

  jd_call_teardown (self);
  g_clear_pointer (&self->dtmf, jd_call_dtmf_free);
  g_clear_object (&self->pipeline);
  g_ptr_array_set_size (self->contents, 0);
  g_clear_object (&self->session);
  g_clear_object (&self->jmi);
  g_clear_object (&self->jingle);
  G_OBJECT_CLASS (jd_call_parent_class)->dispose (object);
}

static void
jd_call_finalize (GObject *object)
{
  JdCall *self = JD_CALL (object);

  g_ptr_array_unref (self->contents);
  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  free_options (&self->options);
  g_free (self->pem);
  g_free (self->fingerprint);
  g_free (self->jmi_id);
  g_free (self->jmi_peer);
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
  signals[SIGNAL_DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_PEER_RINGING] =
    g_signal_new ("peer-ringing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* A medium joined or left the running call (content-add, -remove). */
  signals[SIGNAL_MEDIA_CHANGED] =
    g_signal_new ("media-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOTE_HOLD] =
    g_signal_new ("remote-hold", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
jd_call_init (JdCall *self)
{
  self->contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_call_content_free);
}
