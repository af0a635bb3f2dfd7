/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-transport-agent: the NiceAgent plumbing shared by the ICE-UDP and
 * raw-UDP transports: creating and configuring the agent, forwarding its
 * candidates, data and component states to the JdTransport.
 */
#include "jd-transport-private.h"

#define DEFAULT_STUN_PORT 3478 /* RFC 8489 §18.6 */

static gboolean
parse_ip (const char *ip, NiceAddress *addr, const char *what, GError **error)
{
  nice_address_init (addr);
  if (ip != NULL && nice_address_set_from_string (addr, ip))
    return TRUE;
  g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
               "%s is not an IP address: %s", what, ip != NULL ? ip : "(null)");
  return FALSE;
}

static NiceRelayType
relay_type (JdTurnProtocol protocol)
{
  switch (protocol)
    {
    case JD_TURN_TCP:
      return NICE_RELAY_TYPE_TURN_TCP;
    case JD_TURN_TLS:
      return NICE_RELAY_TYPE_TURN_TLS;
    case JD_TURN_UDP:
    default:
      return NICE_RELAY_TYPE_TURN_UDP;
    }
}

/* Without this list libnice gathers on every interface and skips
 * loopback; with it, only the listed addresses are used. */
static gboolean
add_local_addresses (NiceAgent *agent, const JdTransportConfig *config, GError **error)
{
  for (guint i = 0; i < config->local_addresses->len; i++)
    {
      NiceAddress addr;

      if (!parse_ip (config->local_addresses->pdata[i], &addr, "local address", error))
        return FALSE;
      nice_agent_add_local_address (agent, &addr);
    }
  return TRUE;
}

static void
set_timers (NiceAgent *agent, const JdTransportConfig *config)
{
  if (config->stun_initial_timeout_ms != 0)
    g_object_set (agent, "stun-initial-timeout", config->stun_initial_timeout_ms, NULL);
  if (config->stun_max_retransmissions != 0)
    g_object_set (agent, "stun-max-retransmissions", config->stun_max_retransmissions, NULL);
  if (config->idle_timeout_ms != 0)
    g_object_set (agent, "idle-timeout", config->idle_timeout_ms, NULL);
}

static gboolean
set_stun_server (NiceAgent *agent, const JdTransportConfig *config, GError **error)
{
  NiceAddress addr;

  if (config->stun_host == NULL)
    return TRUE;
  if (!parse_ip (config->stun_host, &addr, "STUN server", error))
    return FALSE;
  g_object_set (agent,
                "stun-server", config->stun_host,
                "stun-server-port", (guint) (config->stun_port != 0 ? config->stun_port
                                                                    : DEFAULT_STUN_PORT),
                NULL);
  return TRUE;
}

/* Every component gets every TURN server: relayed candidates are
 * gathered per component (RFC 8445 §5.1.1.2). */
static gboolean
set_turn_servers (NiceAgent *agent, guint stream_id, const JdTransportConfig *config,
                  GError **error)
{
  for (guint i = 0; i < config->turn_servers->len; i++)
    {
      const JdTurnServer *turn = config->turn_servers->pdata[i];
      NiceAddress addr;

      if (!parse_ip (turn->host, &addr, "TURN server", error))
        return FALSE;
      for (guint c = 1; c <= config->n_components; c++)
        {
          if (!nice_agent_set_relay_info (agent, stream_id, c, turn->host, turn->port,
                                          turn->username != NULL ? turn->username : "",
                                          turn->password != NULL ? turn->password : "",
                                          relay_type (turn->protocol)))
            {
              g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "libnice refused TURN server %s:%u", turn->host, turn->port);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
check_config (const JdTransportConfig *config, GError **error)
{
  if (config->n_components < 1 || config->n_components > 2)
    {
      g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                   "%u components: expected 1 (rtcp-mux) or 2", config->n_components);
      return FALSE;
    }
  if (config->min_port > config->max_port)
    {
      g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                   "port range %u-%u is empty", config->min_port, config->max_port);
      return FALSE;
    }
  return TRUE;
}

/* libnice would gather no candidate at all with force-relay and no TURN
 * server, and raw UDP can only offer host addresses: both would give away
 * what relay_only promises to hide, or never connect. */
static gboolean
check_relay_only (const JdTransportConfig *config, gboolean full_ice, GError **error)
{
  if (!config->relay_only)
    return TRUE;
  if (!full_ice)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "relay_only: raw UDP has no relayed candidates");
      return FALSE;
    }
  if (config->turn_servers->len == 0)
    {
      g_set_error_literal (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                           "relay_only needs a TURN server");
      return FALSE;
    }
  return TRUE;
}

/* Regular nomination: RFC 8445 §8.1.1 removed aggressive nomination.
 * No NICE_AGENT_OPTION_ICE_TRICKLE although candidates do trickle: with
 * it libnice only fails a component after the peer signals the end of
 * its candidates, and XEP-0176 has no such signal, so a dead peer would
 * never be reported.  Without it libnice still takes candidates at any
 * time, and declares failure when no check is left in flight for
 * idle-timeout ms (RFC 8445 §7.2.5.3.3). */
static NiceAgent *
create_agent (gboolean full_ice)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  NiceAgent *agent;

  agent = nice_agent_new_full (context, NICE_COMPATIBILITY_RFC5245,
                               full_ice ? NICE_AGENT_OPTION_REGULAR_NOMINATION
                                        : NICE_AGENT_OPTION_NONE);
  /* UPnP would multicast SSDP on the LAN; ICE-TCP candidates have no
   * XEP-0176 "udp" protocol to travel in. */
  g_object_set (agent, "upnp", FALSE, "ice-tcp", FALSE, NULL);
  return agent;
}

/* Returns: (transfer full) */
NiceAgent *
jd_transport_agent_new (const JdTransportConfig *config, gboolean full_ice,
                        guint *stream_id, GError **error)
{
  g_autoptr (NiceAgent) agent = NULL;
  guint id;

  if (!check_config (config, error) || !check_relay_only (config, full_ice, error))
    return NULL;
  agent = create_agent (full_ice);
  /* Host and server-reflexive candidates are still gathered (they are the
   * relayed ones' bases) but never signalled, paired, or received on. */
  if (config->relay_only)
    g_object_set (agent, "force-relay", TRUE, NULL);
  set_timers (agent, config);
  if (!add_local_addresses (agent, config, error))
    return NULL;
  if (full_ice && !set_stun_server (agent, config, error))
    return NULL;
  id = nice_agent_add_stream (agent, config->n_components);
  if (id == 0)
    {
      g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                   "libnice could not add a stream");
      return NULL;
    }
  for (guint c = 1; config->max_port != 0 && c <= config->n_components; c++)
    nice_agent_set_port_range (agent, id, c, config->min_port, config->max_port);
  if (full_ice && !set_turn_servers (agent, id, config, error))
    return NULL;
  *stream_id = id;
  return g_steal_pointer (&agent);
}

/* ---- signals from the agent ------------------------------------------- */

static void
on_new_candidate (NiceAgent *agent, NiceCandidate *candidate, gpointer user_data)
{
  jd_transport_emit_local_candidate (JD_TRANSPORT (user_data), candidate);
}

/* With force-relay libnice lists relayed candidates only. */
static gboolean
every_component_has_candidates (NiceAgent *agent, guint stream_id, guint n_components)
{
  for (guint c = 1; c <= n_components; c++)
    {
      GSList *local = nice_agent_get_local_candidates (agent, stream_id, c);
      gboolean empty = local == NULL;

      g_slist_free_full (local, (GDestroyNotify) nice_candidate_free);
      if (empty)
        return FALSE;
    }
  return TRUE;
}

/* libnice fails a component only once the checks of its pairs have failed
 * (RFC 8445 §7.2.5.3.3); a component that gathered nothing has no pairs
 * and would wait forever.  That is what relay_only comes to when no TURN
 * allocation succeeds (wrong credentials, unreachable server). */
static void
on_gathering_done (NiceAgent *agent, guint stream_id, gpointer user_data)
{
  JdTransport *self = JD_TRANSPORT (user_data);

  jd_transport_emit_gathering_done (self);
  if (jd_transport_get_state (self) == JD_TRANSPORT_STATE_CLOSED ||
      every_component_has_candidates (agent, stream_id, jd_transport_get_n_components (self)))
    return;
  g_debug ("transport %p: a component gathered no candidate", (void *) self);
  jd_transport_update_state (self, JD_TRANSPORT_STATE_FAILED);
}

static gboolean
has_selected_pair (NiceAgent *agent, guint stream_id, guint component)
{
  NiceCandidate *local = NULL, *remote = NULL;

  return nice_agent_get_selected_pair (agent, stream_id, component, &local, &remote);
}

/* The transport's state is the worst of its components' (RFC 8445 §8.1.3:
 * the stream is completed when every component has a selected pair). */
static JdTransportState
aggregate_state (NiceAgent *agent, guint stream_id, guint n_components)
{
  guint n_connected = 0;
  gboolean checking = FALSE;

  for (guint c = 1; c <= n_components; c++)
    {
      switch (nice_agent_get_component_state (agent, stream_id, c))
        {
        case NICE_COMPONENT_STATE_FAILED:
          return JD_TRANSPORT_STATE_FAILED;
        case NICE_COMPONENT_STATE_CONNECTED:
        case NICE_COMPONENT_STATE_READY:
          n_connected++;
          break;
        case NICE_COMPONENT_STATE_CONNECTING:
          checking = TRUE;
          break;
        case NICE_COMPONENT_STATE_GATHERING:
          /* An ICE restart puts the component back in GATHERING with the
           * pair selected before still in use: checking, not new. */
          checking = checking || has_selected_pair (agent, stream_id, c);
          break;
        default:
          break;
        }
    }
  if (n_connected == n_components)
    return JD_TRANSPORT_STATE_CONNECTED;
  if (checking || n_connected > 0)
    return JD_TRANSPORT_STATE_CHECKING;
  return JD_TRANSPORT_STATE_NEW;
}

void
jd_transport_agent_refresh_state (JdTransport *self, NiceAgent *agent, guint stream_id)
{
  jd_transport_update_state (self, aggregate_state (agent, stream_id,
                                                    jd_transport_get_n_components (self)));
}

static void
on_component_state_changed (NiceAgent *agent, guint stream_id, guint component,
                            guint state, gpointer user_data)
{
  JdTransport *self = JD_TRANSPORT (user_data);

  g_debug ("transport %p: component %u is %s", (void *) self, component,
           nice_component_state_to_string (state));
  jd_transport_agent_refresh_state (self, agent, stream_id);
}

static void
on_recv (NiceAgent *agent, guint stream_id, guint component, guint len, gchar *buf,
         gpointer user_data)
{
  jd_transport_emit_received (JD_TRANSPORT (user_data), component, (const guint8 *) buf, len);
}

void
jd_transport_agent_attach (JdTransport *self, NiceAgent *agent, guint stream_id)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  /* No reference on @self: it owns the agent and detaches before it
   * drops it. */
  g_signal_connect (agent, "new-candidate-full", G_CALLBACK (on_new_candidate), self);
  g_signal_connect (agent, "candidate-gathering-done", G_CALLBACK (on_gathering_done), self);
  g_signal_connect (agent, "component-state-changed",
                    G_CALLBACK (on_component_state_changed), self);
  for (guint c = 1; c <= jd_transport_get_n_agent_components (self); c++)
    nice_agent_attach_recv (agent, stream_id, c, context, on_recv, self);
}

static void
discard_recv (NiceAgent *agent, guint stream_id, guint component, guint len, gchar *buf,
              gpointer user_data)
{
}

/* A receive function that drops the data rather than none: without one
 * libnice stops reading the sockets, and the answers to the TURN
 * deallocations sent on close would go unheard. */
void
jd_transport_agent_detach (JdTransport *self, NiceAgent *agent, guint stream_id)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  g_signal_handlers_disconnect_by_data (agent, self);
  for (guint c = 1; c <= jd_transport_get_n_agent_components (self); c++)
    nice_agent_attach_recv (agent, stream_id, c, context, discard_recv, NULL);
}

/* ---- data and statistics ---------------------------------------------- */

gboolean
jd_transport_agent_send (NiceAgent *agent, guint stream_id, guint component,
                         const guint8 *data, gsize len, GError **error)
{
  NiceComponentState state;

  if (len > G_MAXUINT16)
    {
      g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
                   "a %" G_GSIZE_FORMAT "-byte datagram does not fit in UDP", len);
      return FALSE;
    }
  if (nice_agent_send (agent, stream_id, component, (guint) len, (const gchar *) data) >= 0)
    return TRUE;
  state = nice_agent_get_component_state (agent, stream_id, component);
  if (state != NICE_COMPONENT_STATE_CONNECTED && state != NICE_COMPONENT_STATE_READY)
    g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_NOT_CONNECTED,
                 "component %u has no selected pair (%s)", component,
                 nice_component_state_to_string (state));
  else
    g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_FAILED,
                 "could not send on component %u", component);
  return FALSE;
}

gboolean
jd_transport_agent_selected_pair (NiceAgent *agent, guint stream_id, guint component,
                                  NiceCandidate **local, NiceCandidate **remote)
{
  NiceCandidate *l = NULL, *r = NULL;

  /* libnice lends us its own candidates; callers get copies. */
  if (!nice_agent_get_selected_pair (agent, stream_id, component, &l, &r))
    return FALSE;
  *local = nice_candidate_copy (l);
  *remote = nice_candidate_copy (r);
  return TRUE;
}
