/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * JdTransportRawUdp: the XEP-0177 raw-UDP transport.  One host candidate
 * per component on one configured local address, no connectivity checks:
 * the peer's candidate is selected as soon as we know it (XEP-0177 §5),
 * which libnice offers as nice_agent_set_selected_remote_candidate().
 */
#include "jd-transport-private.h"

#define MAX_COMPONENTS 2

struct _JdTransportRawUdp
{
  GObject parent_instance;

  NiceAgent *agent;
  guint stream_id;
  gboolean gathered;            /* our host candidates exist */
  /* The peer's candidate per component, waiting for gather() or already
   * selected; a later one replaces it.  Index: component - 1. */
  NiceCandidate *remote[MAX_COMPONENTS];
  gboolean closed;
};

static void jd_transport_raw_udp_iface_init (JdTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JdTransportRawUdp, jd_transport_raw_udp, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JD_TYPE_TRANSPORT,
                                                      jd_transport_raw_udp_iface_init))

static gboolean
closed_error (JdTransportRawUdp *self, GError **error)
{
  if (!self->closed)
    return FALSE;
  g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_CLOSED,
                       "the transport is closed");
  return TRUE;
}

static gboolean
select_remote (JdTransportRawUdp *self, guint component, GError **error)
{
  NiceCandidate *remote = self->remote[component - 1];

  if (remote == NULL || !self->gathered)
    return TRUE;
  /* Moves the component to READY at once: there is nothing to check. */
  if (nice_agent_set_selected_remote_candidate (self->agent, self->stream_id,
                                                component, remote))
    return TRUE;
  g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
               "no local candidate to pair with the peer's on component %u", component);
  return FALSE;
}

static gboolean
jd_transport_raw_udp_gather (JdTransport *transport, GError **error)
{
  JdTransportRawUdp *self = JD_TRANSPORT_RAW_UDP (transport);

  if (closed_error (self, error))
    return FALSE;
  if (self->gathered)
    return TRUE;
  if (!nice_agent_gather_candidates (self->agent, self->stream_id))
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                           "could not open a UDP port on the local address");
      return FALSE;
    }
  self->gathered = TRUE;
  for (guint c = 1; c <= jd_transport_get_n_components (transport); c++)
    {
      if (!select_remote (self, c, error))
        return FALSE;
    }
  return TRUE;
}

/* XEP-0177 has no credentials. */
static gboolean
jd_transport_raw_udp_get_local_credentials (JdTransport *transport, char **ufrag, char **pwd)
{
  return FALSE;
}

static gboolean
jd_transport_raw_udp_set_remote_credentials (JdTransport *transport, const char *ufrag,
                                             const char *pwd, GError **error)
{
  return !closed_error (JD_TRANSPORT_RAW_UDP (transport), error);
}

static gboolean
jd_transport_raw_udp_add_remote_candidate (JdTransport *transport,
                                           const NiceCandidate *candidate, GError **error)
{
  JdTransportRawUdp *self = JD_TRANSPORT_RAW_UDP (transport);
  guint component = candidate->component_id;

  if (closed_error (self, error))
    return FALSE;
  if (!nice_address_is_valid (&candidate->addr))
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "a raw-UDP candidate needs an address");
      return FALSE;
    }
  g_clear_pointer (&self->remote[component - 1], nice_candidate_free);
  self->remote[component - 1] = nice_candidate_copy (candidate);
  self->remote[component - 1]->stream_id = self->stream_id;
  return select_remote (self, component, error);
}

/* No ICE roles in XEP-0177. */
static void
jd_transport_raw_udp_set_controlling (JdTransport *transport, gboolean controlling)
{
}

static NiceAgent *
jd_transport_raw_udp_get_agent (JdTransport *transport, guint *stream_id)
{
  JdTransportRawUdp *self = JD_TRANSPORT_RAW_UDP (transport);

  if (self->closed)
    return NULL;
  if (stream_id != NULL)
    *stream_id = self->stream_id;
  return self->agent;
}

static void
close_internal (JdTransportRawUdp *self, gboolean emit)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  jd_transport_agent_detach (JD_TRANSPORT (self), self->agent, self->stream_id);
  nice_agent_remove_stream (self->agent, self->stream_id);
  for (guint i = 0; i < MAX_COMPONENTS; i++)
    g_clear_pointer (&self->remote[i], nice_candidate_free);
  if (emit)
    jd_transport_update_state (JD_TRANSPORT (self), JD_TRANSPORT_STATE_CLOSED);
  jd_transport_clear_funcs (JD_TRANSPORT (self));
}

static void
jd_transport_raw_udp_close (JdTransport *transport)
{
  g_autoptr (JdTransportRawUdp) self = g_object_ref (JD_TRANSPORT_RAW_UDP (transport));

  close_internal (self, TRUE);
}

static void
jd_transport_raw_udp_dispose (GObject *object)
{
  JdTransportRawUdp *self = JD_TRANSPORT_RAW_UDP (object);

  if (self->agent != NULL)
    close_internal (self, FALSE);
  g_clear_object (&self->agent);
  G_OBJECT_CLASS (jd_transport_raw_udp_parent_class)->dispose (object);
}

static void
jd_transport_raw_udp_class_init (JdTransportRawUdpClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jd_transport_raw_udp_dispose;
}

static void
jd_transport_raw_udp_iface_init (JdTransportInterface *iface)
{
  iface->gather = jd_transport_raw_udp_gather;
  iface->get_local_credentials = jd_transport_raw_udp_get_local_credentials;
  iface->set_remote_credentials = jd_transport_raw_udp_set_remote_credentials;
  iface->add_remote_candidate = jd_transport_raw_udp_add_remote_candidate;
  iface->set_controlling = jd_transport_raw_udp_set_controlling;
  iface->get_agent = jd_transport_raw_udp_get_agent;
  iface->close = jd_transport_raw_udp_close;
}

static void
jd_transport_raw_udp_init (JdTransportRawUdp *self)
{
}

/* XEP-0177 §4 offers exactly one candidate per component, so only the
 * first configured local address is used, and one is required: "every
 * interface" would produce several. */
static JdTransportConfig *
raw_config (const JdTransportConfig *config, GError **error)
{
  g_autoptr (JdTransportConfig) copy = NULL;

  if (config->local_addresses->len == 0)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "raw UDP needs the local address to offer");
      return NULL;
    }
  copy = jd_transport_config_copy (config);
  g_ptr_array_set_size (copy->local_addresses, 1);
  return g_steal_pointer (&copy);
}

/* Returns: (transfer full) */
JdTransport *
jd_transport_raw_udp_new (const JdTransportConfig *config, GError **error)
{
  g_autoptr (JdTransportRawUdp) self = NULL;
  g_autoptr (JdTransportConfig) raw = NULL;
  g_autoptr (NiceAgent) agent = NULL;
  guint stream_id = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  raw = raw_config (config, error);
  if (raw == NULL)
    return NULL;
  agent = jd_transport_agent_new (raw, FALSE, &stream_id, error);
  if (agent == NULL)
    return NULL;
  self = g_object_new (JD_TYPE_TRANSPORT_RAW_UDP, NULL);
  jd_transport_init_shared (JD_TRANSPORT (self), raw->n_components);
  self->agent = g_steal_pointer (&agent);
  self->stream_id = stream_id;
  jd_transport_agent_attach (JD_TRANSPORT (self), self->agent, self->stream_id);
  return JD_TRANSPORT (g_steal_pointer (&self));
}
