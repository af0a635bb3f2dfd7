/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What jd-call.c shares with jd-call-jmi.c (calls begun with XEP-0353
 * Jingle Message Initiation): the JdCall instance and the steps both
 * kinds of call go through.  Private to src/call.
 */
#pragma once

#include "jd-call.h"
#include "jd-call-content.h"
#include "jd-call-dtmf.h"

G_BEGIN_DECLS

struct _JdCall
{
  GObject parent_instance;

  JdJingleSession *session;       /* strong */
  JdCallState state;
  gboolean incoming;
  JdCallOptions options;          /* strings owned, see copy_options() */

  GPtrArray *contents;            /* JdCallContent*; index = pipeline stream id */
  char *pem;                      /* our DTLS certificate and key, when DTLS is used */
  char *fingerprint;
  gboolean description_sent;      /* later candidates go in transport-info */
  guint replacing;                /* our transport-replaces not yet accepted */
  gboolean accept_pending;        /* accepted while a replace was pending */
  JdMediaPipeline *pipeline;
  JdCallDtmf *dtmf;               /* XEP-0181 sender */
  gboolean held;
  gboolean media_started;
  GSource *ring_timer;
  GSource *connect_timer;
  GSource *fallback_timer;        /* responder: waiting for a transport-replace */
  GSource *fallback_idle;         /* initiator: the replace, out of libnice's emission */
  GSource *join_timer;            /* an added stream's DTLS client waits for the peer's */
  JdJingleReason *end_reason;

  /* XEP-0353: set when the call began with a propose (jd-call-jmi.c). */
  JdJingleJmiManager *jmi;        /* strong; NULL for a plain Jingle call */
  JdJingleManager *jingle;        /* strong; outgoing: starts the session after proceed */
  char *jmi_id;                   /* the propose's id, the session's sid */
  char *jmi_peer;                 /* bare JID (outgoing before proceed), else full */
  guint proposed_media;           /* incoming: 1 << JdJingleMedia of the propose */
  const char *end_reason_name;    /* static: "answered-elsewhere"... overrides end_reason */
};

void           jd_call_set_state       (JdCall *self, JdCallState state);
void           jd_call_cancel_timer    (GSource **timer);
/* On the thread-default context; @func gets @self. */
void           jd_call_start_timer     (JdCall *self, GSource **timer, guint ms, GSourceFunc func);
/* Stops timers, media and transports (the call is ending). */
void           jd_call_teardown        (JdCall *self);
void           jd_call_copy_options    (JdCall *self, const JdCallOptions *options);
void           jd_call_watch_session   (JdCall *self, JdJingleSession *session);
JdCallContent *jd_call_content_by_media (JdCall *self, JdJingleMedia media);
/* Outgoing: contents, codecs, keying, transports gathering. */
gboolean       jd_call_prepare_offer   (JdCall *self, GError **error);
/* Outgoing: session-initiate of the prepared offer to @peer (a full
 * JID), with @sid or (NULL) a fresh one. */
gboolean       jd_call_start_session   (JdCall *self, JdJingleManager *manager, const char *peer,
                                        const char *sid, GError **error);
/* Incoming: watches @session and negotiates its offer; a refused offer
 * is terminated with its reason. */
gboolean       jd_call_take_offer      (JdCall *self, JdJingleSession *session,
                                        const JdJingleMessage *offer, GError **error);
/* Incoming: pipeline, session-accept, connecting. */
gboolean       jd_call_do_accept       (JdCall *self, GError **error);
gboolean       jd_call_on_ring_timeout (gpointer self);
gboolean       jd_call_on_connect_timeout (gpointer self);
void           jd_call_emit_peer_ringing (JdCall *self);
void           jd_call_emit_media_changed (JdCall *self);

/* jd-call-jmi.c */
/* jd_call_accept() of a proposed call: <proceed/>, then wait for the
 * session-initiate. */
gboolean       jd_call_jmi_accept      (JdCall *self, GError **error);
/* jd_call_hangup() of a call without a session yet. */
void           jd_call_jmi_hangup      (JdCall *self, JdJingleReasonType reason);
/* The session of a JMI call ended: <finish/>.  No-op for other calls. */
void           jd_call_jmi_session_ended (JdCall *self, JdJingleReasonType reason);

G_END_DECLS
