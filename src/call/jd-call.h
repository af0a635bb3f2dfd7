/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-call
 *
 * JdCall is one call: it wires a Jingle session (signalling), a
 * JdTransport (ICE over libnice) and a JdMediaPipeline (GStreamer,
 * DTLS-SRTP), which never talk to each other directly (DESIGN.md).
 *
 * Outgoing: a certificate and an ICE agent are made, host candidates
 * gathered, and session-initiate offers our codecs, the candidates and
 * our fingerprint (setup='actpass'); the answer fixes codec, payload type
 * and DTLS role.  Incoming: the offer is negotiated against our codecs
 * (failed-application when nothing is common), and session-accept answers
 * with setup='active'.  Later candidates trickle in transport-info both
 * ways.  Media starts when ICE is connected, so the DTLS handshake's first
 * flight is not lost to a path that does not exist yet.
 *
 * This first version carries one audio content with DTLS-SRTP.
 */
#pragma once

#include "jingle/jd-jingle-manager.h"
#include "media/jd-media-pipeline.h"
#include "transport/jd-transport.h"

G_BEGIN_DECLS

typedef enum {
  JD_CALL_STATE_CALLING,     /* outgoing, waiting for the answer */
  JD_CALL_STATE_RINGING,     /* incoming, waiting for jd_call_accept() */
  JD_CALL_STATE_CONNECTING,  /* answered, ICE/DTLS under way */
  JD_CALL_STATE_ACTIVE,      /* media flowing */
  JD_CALL_STATE_ENDED,
} JdCallState;

const char *jd_call_state_to_string (JdCallState state);

typedef struct {
  const char *audio_source;            /* gst-launch description; default autoaudiosrc */
  const char *audio_sink;              /* default autoaudiosink */
  const char *const *local_addresses;  /* restrict ICE host candidates (tests: 127.0.0.1) */
  const char *const *codecs;           /* preference order, NULL = the registry's */
} JdCallOptions;

#define JD_TYPE_CALL (jd_call_get_type ())
G_DECLARE_FINAL_TYPE (JdCall, jd_call, JD, CALL, GObject)

/* Needs gst_init(). */
JdCall          *jd_call_dial         (JdJingleManager *manager, const char *peer,
                                       const JdCallOptions *options, GError **error);
/* For JdJingleManager::incoming-session. */
JdCall          *jd_call_new_incoming (JdJingleSession *session, const JdJingleMessage *offer,
                                       const JdCallOptions *options, GError **error);
gboolean         jd_call_accept       (JdCall *self, GError **error);
void             jd_call_hangup       (JdCall *self, JdJingleReasonType reason);

JdCallState      jd_call_get_state    (JdCall *self);
/* The negotiated codec's name, once known. */
const char      *jd_call_get_codec    (JdCall *self);
JdJingleSession *jd_call_get_session  (JdCall *self);
/* Returns: (transfer none) (nullable): once media is negotiated */
JdMediaPipeline *jd_call_get_pipeline (JdCall *self);
/* Returns: (transfer none) (nullable): why it ended */
const JdJingleReason *jd_call_get_end_reason (JdCall *self);

G_END_DECLS
