/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-transport: the JdTransport interface, its configuration value, and
 * the per-instance state it keeps for its implementations.
 */
#include "jd-transport-private.h"

G_DEFINE_QUARK (jd-transport-error-quark, jd_transport_error)

G_DEFINE_ENUM_TYPE (JdTransportState, jd_transport_state,
  G_DEFINE_ENUM_VALUE (JD_TRANSPORT_STATE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (JD_TRANSPORT_STATE_CHECKING, "checking"),
  G_DEFINE_ENUM_VALUE (JD_TRANSPORT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (JD_TRANSPORT_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (JD_TRANSPORT_STATE_CLOSED, "closed"))

enum {
  SIGNAL_GATHERING_DONE,
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Kept as qdata because an interface has no instance struct of its own;
 * both implementations reach it only through the functions below. */
typedef struct {
  guint n_components;           /* in use: 1 once the RTCP one is released */
  guint n_agent_components;     /* libnice's */
  JdTransportState state;
  JdTransportCandidateFunc candidate_func;
  gpointer candidate_data;
  GDestroyNotify candidate_destroy;
  JdTransportReceiveFunc receive_func;
  gpointer receive_data;
  GDestroyNotify receive_destroy;
} Shared;

G_DEFINE_INTERFACE (JdTransport, jd_transport, G_TYPE_OBJECT)

static void
jd_transport_default_init (JdTransportInterface *iface)
{
  signals[SIGNAL_GATHERING_DONE] =
    g_signal_new ("gathering-done", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  JD_TYPE_TRANSPORT_STATE);
}

const char *
jd_transport_state_to_string (JdTransportState state)
{
  static const char *const names[] = {
    [JD_TRANSPORT_STATE_NEW] = "new",
    [JD_TRANSPORT_STATE_CHECKING] = "checking",
    [JD_TRANSPORT_STATE_CONNECTED] = "connected",
    [JD_TRANSPORT_STATE_FAILED] = "failed",
    [JD_TRANSPORT_STATE_CLOSED] = "closed",
  };

  if ((guint) state >= G_N_ELEMENTS (names))
    return "invalid";
  return names[state];
}

/* ---- configuration ---------------------------------------------------- */

/* Returns: (transfer full) */
JdTurnServer *
jd_turn_server_new (const char *host, guint16 port, const char *username,
                    const char *password, JdTurnProtocol protocol)
{
  JdTurnServer *server = g_new0 (JdTurnServer, 1);

  server->host = g_strdup (host);
  server->port = port;
  server->username = g_strdup (username);
  server->password = g_strdup (password);
  server->protocol = protocol;
  return server;
}

/* Returns: (transfer full) */
JdTurnServer *
jd_turn_server_copy (const JdTurnServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);
  return jd_turn_server_new (server->host, server->port, server->username,
                             server->password, server->protocol);
}

void
jd_turn_server_free (JdTurnServer *server)
{
  if (server == NULL)
    return;
  g_free (server->host);
  g_free (server->username);
  g_free (server->password);
  g_free (server);
}

/* Returns: (transfer full) */
JdTransportConfig *
jd_transport_config_new (guint n_components)
{
  JdTransportConfig *config = g_new0 (JdTransportConfig, 1);

  config->n_components = n_components;
  config->local_addresses = g_ptr_array_new_with_free_func (g_free);
  config->turn_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_turn_server_free);
  return config;
}

/* Returns: (transfer full) */
JdTransportConfig *
jd_transport_config_copy (const JdTransportConfig *config)
{
  JdTransportConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);
  copy = jd_transport_config_new (config->n_components);
  for (guint i = 0; i < config->local_addresses->len; i++)
    jd_transport_config_add_local_address (copy, config->local_addresses->pdata[i]);
  for (guint i = 0; i < config->turn_servers->len; i++)
    jd_transport_config_add_turn_server (copy, jd_turn_server_copy (config->turn_servers->pdata[i]));
  copy->min_port = config->min_port;
  copy->max_port = config->max_port;
  copy->stun_host = g_strdup (config->stun_host);
  copy->stun_port = config->stun_port;
  copy->stun_initial_timeout_ms = config->stun_initial_timeout_ms;
  copy->stun_max_retransmissions = config->stun_max_retransmissions;
  copy->idle_timeout_ms = config->idle_timeout_ms;
  copy->relay_only = config->relay_only;
  return copy;
}

void
jd_transport_config_free (JdTransportConfig *config)
{
  if (config == NULL)
    return;
  g_ptr_array_unref (config->local_addresses);
  g_ptr_array_unref (config->turn_servers);
  g_free (config->stun_host);
  g_free (config);
}

void
jd_transport_config_add_local_address (JdTransportConfig *config, const char *ip)
{
  g_return_if_fail (config != NULL && ip != NULL);
  g_ptr_array_add (config->local_addresses, g_strdup (ip));
}

void
jd_transport_config_add_turn_server (JdTransportConfig *config, JdTurnServer *server)
{
  g_return_if_fail (config != NULL && server != NULL);
  g_ptr_array_add (config->turn_servers, server);
}

/* ---- shared per-instance state ---------------------------------------- */

static GQuark
shared_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("jd-transport-shared");
  return quark;
}

static void
shared_free (gpointer data)
{
  Shared *shared = data;

  /* Normally already cleared by close(); this covers a transport that
   * fails in its constructor. */
  if (shared->candidate_destroy != NULL)
    shared->candidate_destroy (shared->candidate_data);
  if (shared->receive_destroy != NULL)
    shared->receive_destroy (shared->receive_data);
  g_free (shared);
}

static Shared *
get_shared (JdTransport *self)
{
  Shared *shared = g_object_get_qdata (G_OBJECT (self), shared_quark ());

  g_assert (shared != NULL);
  return shared;
}

void
jd_transport_init_shared (JdTransport *self, guint n_components)
{
  Shared *shared = g_new0 (Shared, 1);

  shared->n_components = n_components;
  shared->n_agent_components = n_components;
  shared->state = JD_TRANSPORT_STATE_NEW;
  g_object_set_qdata_full (G_OBJECT (self), shared_quark (), shared, shared_free);
}

guint
jd_transport_get_n_components (JdTransport *self)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), 0);
  return get_shared (self)->n_components;
}

guint
jd_transport_get_n_agent_components (JdTransport *self)
{
  return get_shared (self)->n_agent_components;
}

JdTransportState
jd_transport_get_state (JdTransport *self)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), JD_TRANSPORT_STATE_CLOSED);
  return get_shared (self)->state;
}

void
jd_transport_set_local_candidate_func (JdTransport *self, JdTransportCandidateFunc func,
                                       gpointer user_data, GDestroyNotify destroy)
{
  Shared *shared;
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (JD_IS_TRANSPORT (self));
  shared = get_shared (self);
  old_destroy = shared->candidate_destroy;
  old_data = shared->candidate_data;
  shared->candidate_func = func;
  shared->candidate_data = user_data;
  shared->candidate_destroy = destroy;
  /* Last, so that a destroy notify that re-enters sees the new state. */
  if (old_destroy != NULL)
    old_destroy (old_data);
}

void
jd_transport_set_receive_func (JdTransport *self, JdTransportReceiveFunc func,
                               gpointer user_data, GDestroyNotify destroy)
{
  Shared *shared;
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (JD_IS_TRANSPORT (self));
  shared = get_shared (self);
  old_destroy = shared->receive_destroy;
  old_data = shared->receive_data;
  shared->receive_func = func;
  shared->receive_data = user_data;
  shared->receive_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

void
jd_transport_clear_funcs (JdTransport *self)
{
  jd_transport_set_local_candidate_func (self, NULL, NULL, NULL);
  jd_transport_set_receive_func (self, NULL, NULL, NULL);
}

void
jd_transport_emit_local_candidate (JdTransport *self, const NiceCandidate *candidate)
{
  Shared *shared = get_shared (self);

  if (shared->candidate_func != NULL && candidate->component_id <= shared->n_components)
    shared->candidate_func (self, candidate, shared->candidate_data);
}

void
jd_transport_emit_received (JdTransport *self, guint component, const guint8 *data,
                            gsize len)
{
  Shared *shared = get_shared (self);

  if (shared->receive_func != NULL)
    shared->receive_func (self, component, data, len, shared->receive_data);
}

void
jd_transport_emit_gathering_done (JdTransport *self)
{
  g_signal_emit (self, signals[SIGNAL_GATHERING_DONE], 0);
}

void
jd_transport_update_state (JdTransport *self, JdTransportState state)
{
  Shared *shared = get_shared (self);

  /* CLOSED is final: libnice may still report from a pending source. */
  if (shared->state == state || shared->state == JD_TRANSPORT_STATE_CLOSED)
    return;
  g_debug ("transport %p: %s -> %s", (void *) self,
           jd_transport_state_to_string (shared->state),
           jd_transport_state_to_string (state));
  shared->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

gboolean
jd_transport_check_component (JdTransport *self, guint component, GError **error)
{
  if (component >= 1 && component <= get_shared (self)->n_components)
    return TRUE;
  g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
               "no component %u (the transport has %u)", component,
               get_shared (self)->n_components);
  return FALSE;
}

/* ---- public wrappers -------------------------------------------------- */

gboolean
jd_transport_gather (JdTransport *self, GError **error)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return JD_TRANSPORT_GET_IFACE (self)->gather (self, error);
}

gboolean
jd_transport_get_local_credentials (JdTransport *self, char **ufrag, char **pwd)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (ufrag != NULL && pwd != NULL, FALSE);
  *ufrag = NULL;
  *pwd = NULL;
  return JD_TRANSPORT_GET_IFACE (self)->get_local_credentials (self, ufrag, pwd);
}

gboolean
jd_transport_set_remote_credentials (JdTransport *self, const char *ufrag,
                                     const char *pwd, GError **error)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return JD_TRANSPORT_GET_IFACE (self)->set_remote_credentials (self, ufrag, pwd, error);
}

gboolean
jd_transport_add_remote_candidate (JdTransport *self, const NiceCandidate *candidate,
                                   GError **error)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (candidate != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!jd_transport_check_component (self, candidate->component_id, error))
    return FALSE;
  return JD_TRANSPORT_GET_IFACE (self)->add_remote_candidate (self, candidate, error);
}

void
jd_transport_set_controlling (JdTransport *self, gboolean controlling)
{
  g_return_if_fail (JD_IS_TRANSPORT (self));
  JD_TRANSPORT_GET_IFACE (self)->set_controlling (self, controlling);
}

gboolean
jd_transport_send (JdTransport *self, guint component, const guint8 *data, gsize len,
                   GError **error)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  guint stream_id = 0;
  NiceAgent *agent;

  if (!jd_transport_check_component (self, component, error))
    return FALSE;
  agent = JD_TRANSPORT_GET_IFACE (self)->get_agent (self, &stream_id);
  if (agent == NULL)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_CLOSED,
                           "the transport is closed");
      return FALSE;
    }
  return jd_transport_agent_send (agent, stream_id, component, data, len, error);
}

NiceAgent *
jd_transport_get_agent (JdTransport *self, guint *stream_id)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), NULL);
  return JD_TRANSPORT_GET_IFACE (self)->get_agent (self, stream_id);
}

gboolean
jd_transport_get_selected_pair (JdTransport *self, guint component,
                                NiceCandidate **local, NiceCandidate **remote)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (local != NULL && remote != NULL, FALSE);
  guint stream_id = 0;
  NiceAgent *agent;

  *local = NULL;
  *remote = NULL;
  agent = JD_TRANSPORT_GET_IFACE (self)->get_agent (self, &stream_id);
  return agent != NULL &&
         jd_transport_agent_selected_pair (agent, stream_id, component, local, remote);
}

gboolean
jd_transport_restart (JdTransport *self, GError **error)
{
  JdTransportInterface *iface;

  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  iface = JD_TRANSPORT_GET_IFACE (self);
  if (iface->restart == NULL)
    return TRUE;
  return iface->restart (self, error);
}

gboolean
jd_transport_get_remote_credentials (JdTransport *self, char **ufrag, char **pwd)
{
  JdTransportInterface *iface;

  g_return_val_if_fail (JD_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (ufrag != NULL && pwd != NULL, FALSE);
  *ufrag = NULL;
  *pwd = NULL;
  iface = JD_TRANSPORT_GET_IFACE (self);
  return iface->get_remote_credentials != NULL &&
         iface->get_remote_credentials (self, ufrag, pwd);
}

void
jd_transport_close (JdTransport *self)
{
  g_return_if_fail (JD_IS_TRANSPORT (self));
  JD_TRANSPORT_GET_IFACE (self)->close (self);
}

void
jd_transport_release_rtcp_component (JdTransport *self)
{
  Shared *shared;
  NiceAgent *agent;
  guint stream_id = 0;

  g_return_if_fail (JD_IS_TRANSPORT (self));
  shared = get_shared (self);
  if (shared->n_components < 2)
    return;
  shared->n_components = 1;
  g_debug ("transport %p: RTCP component released (rtcp-mux)", (void *) self);
  /* Component 1 may be connected already, waiting for component 2 only. */
  agent = JD_TRANSPORT_GET_IFACE (self)->get_agent (self, &stream_id);
  if (agent != NULL)
    jd_transport_agent_refresh_state (self, agent, stream_id);
}
