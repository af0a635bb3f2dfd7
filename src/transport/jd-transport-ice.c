/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * JdTransportIce: the XEP-0176 ICE-UDP transport on one NiceAgent with
 * one stream (RFC 8445 full agent, host/srflx/relay candidates), with
 * ICE restarts (RFC 8445 §9) started here or by the peer.
 */
#include "jd-transport-private.h"

#include <string.h>

struct _JdTransportIce
{
  GObject parent_instance;

  NiceAgent *agent;
  guint stream_id;
  gboolean has_turn;            /* release the allocations on close */
  gboolean gathering_started;
  gboolean gathering_done;      /* libnice delivered every local candidate */
  gboolean have_remote_credentials;
  /* The peer's credentials of the current ICE generation, NULL before
   * they come and after our own restart until the peer answers it. */
  char *remote_ufrag;
  char *remote_pwd;
  /* While we wait for that answer: the peer's credentials of the
   * generation before, which a transport-info sent before the peer saw
   * our restart still carries.  NULL otherwise. */
  char *stale_ufrag;
  char *stale_pwd;
  /* Remote candidates that came before the remote credentials or before
   * gather() (XEP-0176 §5, trickle).  NiceCandidate*. */
  GPtrArray *pending;
  gboolean closed;
};

static void jd_transport_ice_iface_init (JdTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JdTransportIce, jd_transport_ice, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JD_TYPE_TRANSPORT,
                                                      jd_transport_ice_iface_init))

static gboolean
closed_error (JdTransportIce *self, GError **error)
{
  if (!self->closed)
    return FALSE;
  g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_CLOSED,
                       "the transport is closed");
  return TRUE;
}

static gboolean
apply_remote_candidate (JdTransportIce *self, NiceCandidate *candidate, GError **error)
{
  GSList list = { candidate, NULL };

  /* Adds to the component's remote list; checks start or resume. */
  if (nice_agent_set_remote_candidates (self->agent, self->stream_id,
                                        candidate->component_id, &list) >= 0)
    return TRUE;
  g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
               "libnice refused a remote candidate for component %u",
               candidate->component_id);
  return FALSE;
}

/* libnice pairs remote candidates with local ones and authenticates its
 * checks with the remote password (RFC 8445 §7.2.2), so it gets them only
 * once both exist. */
static gboolean
flush_pending (JdTransportIce *self, GError **error)
{
  g_autoptr (GPtrArray) pending = NULL;

  if (!self->gathering_started || !self->have_remote_credentials)
    return TRUE;
  pending = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  for (guint i = 0; i < pending->len; i++)
    {
      if (!apply_remote_candidate (self, pending->pdata[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
jd_transport_ice_gather (JdTransport *transport, GError **error)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);

  if (closed_error (self, error))
    return FALSE;
  if (self->gathering_started)
    return TRUE;
  /* Candidates and ::gathering-done may be emitted before this returns. */
  if (!nice_agent_gather_candidates (self->agent, self->stream_id))
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                           "could not gather candidates: no usable local address");
      return FALSE;
    }
  self->gathering_started = TRUE;
  return flush_pending (self, error);
}

static gboolean
jd_transport_ice_get_local_credentials (JdTransport *transport, char **ufrag, char **pwd)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);

  return nice_agent_get_local_credentials (self->agent, self->stream_id, ufrag, pwd);
}

/* ---- ICE restart (RFC 8445 §9) ------------------------------------------ */

static gboolean
same_credentials (const char *ufrag_a, const char *pwd_a, const char *ufrag_b,
                  const char *pwd_b)
{
  return ufrag_a != NULL && ufrag_b != NULL &&
         strcmp (ufrag_a, ufrag_b) == 0 && strcmp (pwd_a, pwd_b) == 0;
}

/* New local credentials; libnice forgets the peer's credentials,
 * candidates and checks but keeps the selected pair, and the data on it,
 * until a new pair is selected. */
static gboolean
restart_stream (JdTransportIce *self, GError **error)
{
  if (!nice_agent_restart_stream (self->agent, self->stream_id))
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                           "libnice could not restart ICE");
      return FALSE;
    }
  /* Queued candidates belong to the peer's old generation. */
  g_ptr_array_set_size (self->pending, 0);
  if (self->remote_ufrag == NULL)
    return TRUE;
  g_free (self->stale_ufrag);
  g_free (self->stale_pwd);
  self->stale_ufrag = g_steal_pointer (&self->remote_ufrag);
  self->stale_pwd = g_steal_pointer (&self->remote_pwd);
  /* libnice forgot them too.  The peer, once restarted, checks with our
   * new credentials before its own reach us through the server: libnice
   * answers those checks and holds them until it learns the credentials
   * to check back with, as it does for checks that beat an answer. */
  self->have_remote_credentials = FALSE;
  return TRUE;
}

/* libnice 0.1.21 restarts without gathering again: the local candidates
 * stay, and the peer, which forgot them in its own restart, gets them
 * again. */
static void
announce_local_candidates (JdTransportIce *self)
{
  guint n_components = jd_transport_get_n_components (JD_TRANSPORT (self));

  for (guint c = 1; c <= n_components && !self->closed; c++)
    {
      GSList *candidates = nice_agent_get_local_candidates (self->agent, self->stream_id, c);

      for (GSList *l = candidates; l != NULL && !self->closed; l = l->next)
        jd_transport_emit_local_candidate (JD_TRANSPORT (self), l->data);
      g_slist_free_full (candidates, (GDestroyNotify) nice_candidate_free);
    }
  if (self->gathering_done && !self->closed)
    jd_transport_emit_gathering_done (JD_TRANSPORT (self));
}

static gboolean
jd_transport_ice_restart (JdTransport *transport, GError **error)
{
  g_autoptr (JdTransportIce) self = g_object_ref (JD_TRANSPORT_ICE (transport));

  if (closed_error (self, error) || !restart_stream (self, error))
    return FALSE;
  g_debug ("transport %p: ICE restarted", (void *) self);
  jd_transport_update_state (transport, JD_TRANSPORT_STATE_CHECKING);
  if (self->gathering_started)
    announce_local_candidates (self);
  return TRUE;
}

static void
on_gathering_done (JdTransport *transport, gpointer user_data)
{
  JD_TRANSPORT_ICE (transport)->gathering_done = TRUE;
}

static gboolean
jd_transport_ice_get_remote_credentials (JdTransport *transport, char **ufrag, char **pwd)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);

  if (self->remote_ufrag == NULL)
    return FALSE;
  *ufrag = g_strdup (self->remote_ufrag);
  *pwd = g_strdup (self->remote_pwd);
  return TRUE;
}

/* ---- remote credentials and candidates ------------------------------- */

static gboolean
jd_transport_ice_set_remote_credentials (JdTransport *transport, const char *ufrag,
                                         const char *pwd, GError **error)
{
  g_autoptr (JdTransportIce) self = g_object_ref (JD_TRANSPORT_ICE (transport));
  gboolean peer_restarted;

  if (closed_error (self, error))
    return FALSE;
  /* RFC 8445 §5.3: ufrag at least 4 characters, password at least 22. */
  if (ufrag == NULL || pwd == NULL || strlen (ufrag) < 4 || strlen (pwd) < 22)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "invalid remote ICE credentials");
      return FALSE;
    }
  /* Every transport-info may repeat them; and one sent before the peer
   * saw our restart carries the generation before. */
  if (same_credentials (ufrag, pwd, self->remote_ufrag, self->remote_pwd) ||
      same_credentials (ufrag, pwd, self->stale_ufrag, self->stale_pwd))
    return TRUE;
  /* RFC 8839 §4.4.1.1.2: new credentials from the peer are its restart;
   * unless they answer ours, we restart too. */
  peer_restarted = self->remote_ufrag != NULL;
  if (peer_restarted && !restart_stream (self, error))
    return FALSE;
  if (!nice_agent_set_remote_credentials (self->agent, self->stream_id, ufrag, pwd))
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                           "libnice refused the remote ICE credentials");
      return FALSE;
    }
  g_clear_pointer (&self->stale_ufrag, g_free);
  g_clear_pointer (&self->stale_pwd, g_free);
  self->remote_ufrag = g_strdup (ufrag);
  self->remote_pwd = g_strdup (pwd);
  self->have_remote_credentials = TRUE;
  if (peer_restarted)
    {
      g_debug ("transport %p: the peer restarted ICE", (void *) self);
      jd_transport_update_state (transport, JD_TRANSPORT_STATE_CHECKING);
      if (self->gathering_started)
        announce_local_candidates (self);
      if (self->closed)
        return TRUE;
    }
  return flush_pending (self, error);
}

static gboolean
jd_transport_ice_add_remote_candidate (JdTransport *transport,
                                       const NiceCandidate *candidate, GError **error)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);
  g_autoptr (NiceCandidate) copy = NULL;

  if (closed_error (self, error))
    return FALSE;
  if (!nice_address_is_valid (&candidate->addr) ||
      candidate->transport != NICE_CANDIDATE_TRANSPORT_UDP)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "a remote ICE candidate needs a UDP address");
      return FALSE;
    }
  if (self->stale_ufrag != NULL)
    {
      g_debug ("transport %p: dropping a candidate of the peer's old ICE generation",
               (void *) self);
      return TRUE;
    }
  copy = nice_candidate_copy (candidate);
  copy->stream_id = self->stream_id;
  if (self->gathering_started && self->have_remote_credentials)
    return apply_remote_candidate (self, copy, error);
  g_ptr_array_add (self->pending, g_steal_pointer (&copy));
  return TRUE;
}

/* XEP-0176 §6: the initiator is the controlling agent. */
static void
jd_transport_ice_set_controlling (JdTransport *transport, gboolean controlling)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);

  g_object_set (self->agent, "controlling-mode", controlling, NULL);
}

static NiceAgent *
jd_transport_ice_get_agent (JdTransport *transport, guint *stream_id)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (transport);

  if (self->closed)
    return NULL;
  if (stream_id != NULL)
    *stream_id = self->stream_id;
  return self->agent;
}

/* Removing the stream closes its sockets now, not at finalize; but only
 * once the deletions are done, as they and their answers go through those
 * sockets.  libnice 0.1.21 stops reading the sockets of a removed stream:
 * removed first, every answer is missed and each deletion retransmitted
 * until its timer gives up (2.5 s); removed while deletions are pending,
 * the sockets are closed at once and retransmissions use freed memory. */
static void
on_allocations_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  nice_agent_remove_stream (NICE_AGENT (source), GPOINTER_TO_UINT (user_data));
}

/* @emit: FALSE from dispose, where nobody should hear from us again. */
static void
close_internal (JdTransportIce *self, gboolean emit)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  jd_transport_agent_detach (JD_TRANSPORT (self), self->agent, self->stream_id);
  g_ptr_array_set_size (self->pending, 0);
  /* Deletes our TURN allocations (RFC 8656 §7) instead of letting them
   * time out; the agent keeps itself alive until that is done, and only
   * then may the stream go (see on_allocations_deleted). */
  if (self->has_turn)
    nice_agent_close_async (self->agent, on_allocations_deleted,
                            GUINT_TO_POINTER (self->stream_id));
  else
    nice_agent_remove_stream (self->agent, self->stream_id);
  if (emit)
    jd_transport_update_state (JD_TRANSPORT (self), JD_TRANSPORT_STATE_CLOSED);
  jd_transport_clear_funcs (JD_TRANSPORT (self));
}

static void
jd_transport_ice_close (JdTransport *transport)
{
  g_autoptr (JdTransportIce) self = g_object_ref (JD_TRANSPORT_ICE (transport));

  close_internal (self, TRUE);
}

static void
jd_transport_ice_dispose (GObject *object)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (object);

  if (self->agent != NULL)
    close_internal (self, FALSE);
  g_clear_object (&self->agent);
  G_OBJECT_CLASS (jd_transport_ice_parent_class)->dispose (object);
}

static void
jd_transport_ice_finalize (GObject *object)
{
  JdTransportIce *self = JD_TRANSPORT_ICE (object);

  g_ptr_array_unref (self->pending);
  g_free (self->remote_ufrag);
  g_free (self->remote_pwd);
  g_free (self->stale_ufrag);
  g_free (self->stale_pwd);
  G_OBJECT_CLASS (jd_transport_ice_parent_class)->finalize (object);
}

static void
jd_transport_ice_class_init (JdTransportIceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_transport_ice_dispose;
  object_class->finalize = jd_transport_ice_finalize;
}

static void
jd_transport_ice_iface_init (JdTransportInterface *iface)
{
  iface->gather = jd_transport_ice_gather;
  iface->get_local_credentials = jd_transport_ice_get_local_credentials;
  iface->set_remote_credentials = jd_transport_ice_set_remote_credentials;
  iface->add_remote_candidate = jd_transport_ice_add_remote_candidate;
  iface->set_controlling = jd_transport_ice_set_controlling;
  iface->get_agent = jd_transport_ice_get_agent;
  iface->close = jd_transport_ice_close;
  iface->restart = jd_transport_ice_restart;
  iface->get_remote_credentials = jd_transport_ice_get_remote_credentials;
}

static void
jd_transport_ice_init (JdTransportIce *self)
{
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
}

/* Returns: (transfer full) */
JdTransport *
jd_transport_ice_new (const JdTransportConfig *config, GError **error)
{
  g_autoptr (JdTransportIce) self = NULL;
  g_autoptr (NiceAgent) agent = NULL;
  guint stream_id = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  agent = jd_transport_agent_new (config, TRUE, &stream_id, error);
  if (agent == NULL)
    return NULL;
  self = g_object_new (JD_TYPE_TRANSPORT_ICE, NULL);
  jd_transport_init_shared (JD_TRANSPORT (self), config->n_components);
  self->agent = g_steal_pointer (&agent);
  self->stream_id = stream_id;
  self->has_turn = config->turn_servers->len > 0;
  jd_transport_agent_attach (JD_TRANSPORT (self), self->agent, self->stream_id);
  g_signal_connect (self, "gathering-done", G_CALLBACK (on_gathering_done), NULL);
  return JD_TRANSPORT (g_steal_pointer (&self));
}
