/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the JdTransport implementations share: the per-instance state the
 * interface keeps for them (functions, aggregate state), and the NiceAgent
 * plumbing both ICE-UDP and raw UDP use.  Not for callers.
 */
#pragma once

#include "jd-transport.h"

G_BEGIN_DECLS

/* Called once from each implementation's constructor. */
void jd_transport_init_shared (JdTransport *self, guint n_components);

/* Hand a gathered candidate to the single consumer. */
void jd_transport_emit_local_candidate (JdTransport *self, const NiceCandidate *candidate);
void jd_transport_emit_gathering_done  (JdTransport *self);
/* Hand a received datagram to the single consumer. */
void jd_transport_emit_received        (JdTransport *self, guint component,
                                        const guint8 *data, gsize len);
/* Emits ::state-changed when @state differs from the current one. */
void jd_transport_update_state         (JdTransport *self, JdTransportState state);
/* Drops both functions (calls their destroy notifies). */
void jd_transport_clear_funcs          (JdTransport *self);

/* libnice 0.1.21 declares its GObject types by hand, without these. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NiceAgent, g_object_unref)

/* Creates the agent on the thread-default context with one stream of
 * config->n_components components.  @full_ice: apply the STUN/TURN
 * settings; raw UDP passes FALSE. */
NiceAgent *jd_transport_agent_new (const JdTransportConfig *config,
                                   gboolean full_ice,
                                   guint *stream_id,
                                   GError **error);
/* Connects the agent's candidate, gathering and component-state signals
 * and the receive path to @self.  Undo with jd_transport_agent_detach(). */
void jd_transport_agent_attach (JdTransport *self, NiceAgent *agent, guint stream_id);
void jd_transport_agent_detach (JdTransport *self, NiceAgent *agent, guint stream_id);

gboolean jd_transport_agent_send (NiceAgent *agent, guint stream_id, guint component,
                                  const guint8 *data, gsize len, GError **error);
gboolean jd_transport_agent_selected_pair (NiceAgent *agent, guint stream_id,
                                           guint component,
                                           NiceCandidate **local,
                                           NiceCandidate **remote);
gboolean jd_transport_check_component (JdTransport *self, guint component, GError **error);
/* The components libnice has, released or not (jd_transport_get_n_components()
 * counts those in use). */
guint    jd_transport_get_n_agent_components (JdTransport *self);
/* Recomputes the state from the agent's components in use. */
void     jd_transport_agent_refresh_state (JdTransport *self, NiceAgent *agent, guint stream_id);

G_END_DECLS
