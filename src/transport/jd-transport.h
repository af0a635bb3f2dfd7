/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-transport
 *
 * JdTransport moves datagrams for one Jingle content: a GObject interface
 * with two implementations, both on libnice (one NiceAgent, one stream):
 *
 * - JdTransportIce: XEP-0176 ICE-UDP (RFC 8445 connectivity checks,
 *   host/srflx/relay candidates, STUN and TURN servers);
 * - JdTransportRawUdp: XEP-0177 raw UDP, one host candidate per
 *   component and no checks: the peer's candidate is used as is.
 *
 * Candidates are NiceCandidate values on purpose: this layer knows nothing
 * of Jingle (DESIGN.md: signaling and transport never call each other).
 * The Call converts them with jd-transport-jingle.h.
 *
 * Everything happens on the thread-default GMainContext of the thread that
 * created the transport; no thread of our own is started, and every
 * callback and signal runs on that context.
 *
 * Flow (the Call does this):
 *   1. create with a JdTransportConfig, set_controlling (Jingle initiator
 *      = controlling, RFC 8445 §6.1.1), set the local-candidate and
 *      receive functions, gather;
 *   2. local candidates trickle out one by one through the candidate
 *      function, then ::gathering-done fires;
 *   3. remote credentials and candidates go in, in any order (XEP-0176
 *      §5: candidates may come in transport-info before session-accept);
 *   4. ::state-changed reports checking, connected, failed; send/receive;
 *   5. on a network change, either side may restart ICE (RFC 8445 §9):
 *      jd_transport_restart() here, and the peer's transport restarts when
 *      it sees our new credentials; candidates trickle again both ways.
 *
 * Re-entrancy: callbacks and signals run from inside libnice's signal
 * emission, and from inside jd_transport_restart() and (when the peer
 * restarted) jd_transport_set_remote_credentials().  They may call any
 * JdTransport function, but must not drop the last reference to the
 * transport: defer that to an idle source.
 */
#pragma once

#include <gio/gio.h>
#include <nice.h>

G_BEGIN_DECLS

#define JD_TRANSPORT_ERROR (jd_transport_error_quark ())
GQuark jd_transport_error_quark (void);

typedef enum {
  JD_TRANSPORT_ERROR_FAILED,            /* libnice refused the operation */
  JD_TRANSPORT_ERROR_INVALID_ARGUMENT,  /* bad address, component, credentials */
  JD_TRANSPORT_ERROR_NOT_CONNECTED,     /* send before a pair is selected */
  JD_TRANSPORT_ERROR_CLOSED,
} JdTransportError;

typedef enum {
  JD_TRANSPORT_STATE_NEW,
  JD_TRANSPORT_STATE_CHECKING,
  JD_TRANSPORT_STATE_CONNECTED,
  JD_TRANSPORT_STATE_FAILED,
  JD_TRANSPORT_STATE_CLOSED,
} JdTransportState;

#define JD_TYPE_TRANSPORT_STATE (jd_transport_state_get_type ())
GType       jd_transport_state_get_type  (void);
const char *jd_transport_state_to_string (JdTransportState state);

/* ---- configuration ---------------------------------------------------- */

typedef enum {
  JD_TURN_UDP,
  JD_TURN_TCP,
  /* libnice (0.1.21, and its sources since) speaks plain TCP here in
   * RFC 5245 mode: no TLS handshake, so a TURN server expecting TLS
   * never answers. */
  JD_TURN_TLS,
} JdTurnProtocol;

typedef struct {
  char *host;               /* an IP literal: libnice does not resolve names */
  guint16 port;
  char *username;
  char *password;           /* never logged */
  JdTurnProtocol protocol;
} JdTurnServer;

/* A plain value; transports copy it. */
typedef struct {
  /* 1 with rtcp-mux (RFC 5761), 2 otherwise (RTP + RTCP). */
  guint n_components;
  /* IP literals to gather host candidates on; empty = every interface.
   * libnice skips loopback unless it is listed here. */
  GPtrArray *local_addresses;           /* char* */
  guint16 min_port, max_port;           /* 0, 0 = any */
  /* RFC 8489 STUN server for server-reflexive candidates (ICE only);
   * NULL = none. An IP literal. */
  char *stun_host;
  guint16 stun_port;                    /* 0 = 3478 */
  GPtrArray *turn_servers;              /* JdTurnServer*; ICE only */
  /* libnice timers, 0 = libnice default.  Rc (RFC 8489 §6.2.1) bounds
   * every STUN transaction, checks included; the initial RTO applies to
   * gathering only: libnice 0.1.21 times connectivity checks with
   * MAX (200 ms, Ta * pairs in flight) (RFC 8445 §14.3).  The idle
   * timeout is how long libnice waits with no check in flight before it
   * declares a component failed.  Rc 3 and idle 500 ms fail a dead peer
   * in about 2.5 s; the defaults (7, 5000 ms) take far longer. */
  guint stun_initial_timeout_ms;
  guint stun_max_retransmissions;
  guint idle_timeout_ms;
  /* ICE only: offer and use relayed candidates only (libnice
   * "force-relay"), so that the peer never learns this host's addresses
   * and every packet goes through a TURN server.  Needs at least one
   * TURN server; raw UDP refuses it, as it has no relay to offer.  When
   * no allocation succeeds the transport fails once gathering is done. */
  gboolean relay_only;
} JdTransportConfig;

JdTurnServer      *jd_turn_server_new  (const char *host, guint16 port,
                                        const char *username, const char *password,
                                        JdTurnProtocol protocol);
JdTurnServer      *jd_turn_server_copy (const JdTurnServer *server);
void               jd_turn_server_free (JdTurnServer *server);

JdTransportConfig *jd_transport_config_new  (guint n_components);
JdTransportConfig *jd_transport_config_copy (const JdTransportConfig *config);
void               jd_transport_config_free (JdTransportConfig *config);
void               jd_transport_config_add_local_address (JdTransportConfig *config,
                                                          const char *ip);
/* @server: (transfer full) */
void               jd_transport_config_add_turn_server   (JdTransportConfig *config,
                                                          JdTurnServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTurnServer, jd_turn_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTransportConfig, jd_transport_config_free)
/* libnice 0.1.21 does not define one. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NiceCandidate, nice_candidate_free)

/* ---- the interface ---------------------------------------------------- */

#define JD_TYPE_TRANSPORT (jd_transport_get_type ())
G_DECLARE_INTERFACE (JdTransport, jd_transport, JD, TRANSPORT, GObject)

/* @candidate: (transfer none): valid only during the call. */
typedef void (*JdTransportCandidateFunc) (JdTransport *transport,
                                          const NiceCandidate *candidate,
                                          gpointer user_data);
/* @data: (transfer none): valid only during the call.  No GBytes: this is
 * the per-packet path. */
typedef void (*JdTransportReceiveFunc) (JdTransport *transport,
                                        guint component,
                                        const guint8 *data,
                                        gsize len,
                                        gpointer user_data);

struct _JdTransportInterface
{
  GTypeInterface parent_iface;

  gboolean (*gather)                 (JdTransport *self, GError **error);
  gboolean (*get_local_credentials)  (JdTransport *self, char **ufrag, char **pwd);
  gboolean (*set_remote_credentials) (JdTransport *self, const char *ufrag,
                                      const char *pwd, GError **error);
  gboolean (*add_remote_candidate)   (JdTransport *self,
                                      const NiceCandidate *candidate,
                                      GError **error);
  void     (*set_controlling)        (JdTransport *self, gboolean controlling);
  void     (*close)                  (JdTransport *self);
  /* NULL once closed; sending and the selected pair go through it. */
  NiceAgent *(*get_agent)            (JdTransport *self, guint *stream_id);
  /* Optional (raw UDP has neither): the ICE restart and the credentials
   * of the peer's current ICE generation. */
  gboolean (*restart)                (JdTransport *self, GError **error);
  gboolean (*get_remote_credentials) (JdTransport *self, char **ufrag, char **pwd);
};

/* Signals:
 *   ::gathering-done ()            every local candidate has been delivered
 *   ::state-changed (JdTransportState state)   after the change is complete
 */

guint            jd_transport_get_n_components (JdTransport *self);
JdTransportState jd_transport_get_state        (JdTransport *self);

/* One consumer, "down" direction (STYLE §7): setting a new function
 * calls @destroy on the previous @user_data. */
void jd_transport_set_local_candidate_func (JdTransport *self,
                                            JdTransportCandidateFunc func,
                                            gpointer user_data,
                                            GDestroyNotify destroy);
void jd_transport_set_receive_func         (JdTransport *self,
                                            JdTransportReceiveFunc func,
                                            gpointer user_data,
                                            GDestroyNotify destroy);

gboolean jd_transport_gather                 (JdTransport *self, GError **error);
/* @ufrag, @pwd: (out) (transfer full) (nullable).  Returns FALSE with both
 * set to NULL when the transport has none (raw UDP). */
gboolean jd_transport_get_local_credentials  (JdTransport *self, char **ufrag, char **pwd);
/* Raw UDP accepts and ignores them.  ICE: credentials that differ from
 * the current remote ones mean that the peer restarted ICE (RFC 8445 §9,
 * RFC 8839 §4.4.1.1.2): unless we restarted first and were waiting for
 * them, the transport restarts too (see jd_transport_restart()) before it
 * takes them.  While we wait for the peer's answer to our restart, the
 * credentials of the generation before are stale and ignored. */
gboolean jd_transport_set_remote_credentials (JdTransport *self, const char *ufrag,
                                              const char *pwd, GError **error);
/* May be called before the remote credentials or before gather(): the
 * candidate is queued until both are there.  @candidate is copied.  ICE:
 * after our restart and before the peer's new credentials, a candidate
 * can only be of the old generation, and is dropped. */
gboolean jd_transport_add_remote_candidate   (JdTransport *self,
                                              const NiceCandidate *candidate,
                                              GError **error);
void     jd_transport_set_controlling        (JdTransport *self, gboolean controlling);
gboolean jd_transport_send                   (JdTransport *self, guint component,
                                              const guint8 *data, gsize len,
                                              GError **error);
/* For statistics.  @local, @remote: (out) (transfer full).  FALSE when no
 * pair is selected for @component yet. */
gboolean jd_transport_get_selected_pair      (JdTransport *self, guint component,
                                              NiceCandidate **local,
                                              NiceCandidate **remote);
/* The agent and stream carrying the media, for nicesrc/nicesink (which the
 * Call creates: transport knows no GStreamer, media no ICE).  Once nicesrc
 * is attached to a component, it receives that component's data instead
 * of the receive function.  Returns: (transfer none) */
NiceAgent *jd_transport_get_agent            (JdTransport *self, guint *stream_id);
/* ICE restart (RFC 8445 §9): new local credentials, and the checks start
 * again once the peer's new credentials and candidates are in; the peer's
 * old candidates are forgotten.  libnice 0.1.21 does not gather again: it
 * keeps the local candidates (and their sockets), so they are delivered
 * again through the candidate function for the peer, which forgot them,
 * followed by ::gathering-done if gathering had completed.  Meanwhile the
 * state is CHECKING, and data still flows over the pair selected before,
 * which libnice keeps until a new one is selected: nicesrc and nicesink on
 * get_agent() need nothing.  Raw UDP: nothing to restart, returns TRUE. */
gboolean jd_transport_restart                (JdTransport *self, GError **error);
/* The peer's credentials of the current ICE generation.  @ufrag, @pwd:
 * (out) (transfer full) (nullable).  FALSE with both NULL when there are
 * none: raw UDP, not received yet, or our restart not answered yet. */
gboolean jd_transport_get_remote_credentials (JdTransport *self, char **ufrag, char **pwd);
/* RFC 5761 §5.1.3: an offer carries candidates for an RTCP component (2)
 * in case the answer refuses rtcp-mux; when the answer accepts it, that
 * component is never used.  From then on the transport behaves as one of
 * 1 component: jd_transport_get_n_components() says 1, the state is
 * component 1's alone, component 2's local candidates are no longer
 * delivered and remote ones are refused as for any component it lacks.
 * libnice keeps the component's sockets until close.  A no-op on a
 * transport of 1 component. */
void     jd_transport_release_rtcp_component (JdTransport *self);
/* Stops everything, drops the functions, moves to CLOSED.  Idempotent;
 * dispose does it too. */
void     jd_transport_close                  (JdTransport *self);

/* ---- implementations -------------------------------------------------- */

#define JD_TYPE_TRANSPORT_ICE (jd_transport_ice_get_type ())
G_DECLARE_FINAL_TYPE (JdTransportIce, jd_transport_ice, JD, TRANSPORT_ICE, GObject)

/* Returns: (transfer full): an XEP-0176 transport on the caller's
 * thread-default main context, or NULL with @error set. */
JdTransport *jd_transport_ice_new (const JdTransportConfig *config, GError **error);

#define JD_TYPE_TRANSPORT_RAW_UDP (jd_transport_raw_udp_get_type ())
G_DECLARE_FINAL_TYPE (JdTransportRawUdp, jd_transport_raw_udp, JD, TRANSPORT_RAW_UDP, GObject)

/* Returns: (transfer full): an XEP-0177 transport.  STUN and TURN settings
 * in @config are ignored: raw UDP has host candidates only. */
JdTransport *jd_transport_raw_udp_new (const JdTransportConfig *config, GError **error);

G_END_DECLS
