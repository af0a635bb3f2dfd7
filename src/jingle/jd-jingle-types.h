/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-types
 *
 * The vocabulary of XEP-0166 as enums with their wire names, and the
 * Jingle error domain.  Pure: no I/O, no GMainContext, no GStreamer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JD_NS_JINGLE          "urn:xmpp:jingle:1"
#define JD_NS_JINGLE_ERRORS   "urn:xmpp:jingle:errors:1"
#define JD_NS_JINGLE_RTP      "urn:xmpp:jingle:apps:rtp:1"
#define JD_NS_JINGLE_RTP_INFO "urn:xmpp:jingle:apps:rtp:info:1"
#define JD_NS_JINGLE_RTP_AUDIO "urn:xmpp:jingle:apps:rtp:audio"
#define JD_NS_JINGLE_RTP_VIDEO "urn:xmpp:jingle:apps:rtp:video"
#define JD_NS_JINGLE_RTP_FB   "urn:xmpp:jingle:apps:rtp:rtcp-fb:0"      /* XEP-0293 */
#define JD_NS_JINGLE_RTP_HDREXT "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0" /* XEP-0294 */
#define JD_NS_JINGLE_ICE_UDP  "urn:xmpp:jingle:transports:ice-udp:1"
#define JD_NS_JINGLE_RAW_UDP  "urn:xmpp:jingle:transports:raw-udp:1"
#define JD_NS_JINGLE_DTLS     "urn:xmpp:jingle:apps:dtls:0"              /* XEP-0320 */
#define JD_NS_JINGLE_DTMF     "urn:xmpp:jingle:dtmf:0"                   /* XEP-0181 */

typedef enum {
  JD_JINGLE_ACTION_CONTENT_ACCEPT,
  JD_JINGLE_ACTION_CONTENT_ADD,
  JD_JINGLE_ACTION_CONTENT_MODIFY,
  JD_JINGLE_ACTION_CONTENT_REJECT,
  JD_JINGLE_ACTION_CONTENT_REMOVE,
  JD_JINGLE_ACTION_DESCRIPTION_INFO,
  JD_JINGLE_ACTION_SECURITY_INFO,
  JD_JINGLE_ACTION_SESSION_ACCEPT,
  JD_JINGLE_ACTION_SESSION_INFO,
  JD_JINGLE_ACTION_SESSION_INITIATE,
  JD_JINGLE_ACTION_SESSION_TERMINATE,
  JD_JINGLE_ACTION_TRANSPORT_ACCEPT,
  JD_JINGLE_ACTION_TRANSPORT_INFO,
  JD_JINGLE_ACTION_TRANSPORT_REJECT,
  JD_JINGLE_ACTION_TRANSPORT_REPLACE,
  JD_JINGLE_N_ACTIONS
} JdJingleAction;

/* XEP-0166 §6: a session exists from session-initiate on. */
typedef enum {
  JD_JINGLE_STATE_PENDING,
  JD_JINGLE_STATE_ACTIVE,
  JD_JINGLE_STATE_ENDED,
  JD_JINGLE_N_STATES
} JdJingleState;

/* XEP-0166 §7.4 reason conditions. */
typedef enum {
  JD_JINGLE_REASON_ALTERNATIVE_SESSION,
  JD_JINGLE_REASON_BUSY,
  JD_JINGLE_REASON_CANCEL,
  JD_JINGLE_REASON_CONNECTIVITY_ERROR,
  JD_JINGLE_REASON_DECLINE,
  JD_JINGLE_REASON_EXPIRED,
  JD_JINGLE_REASON_FAILED_APPLICATION,
  JD_JINGLE_REASON_FAILED_TRANSPORT,
  JD_JINGLE_REASON_GENERAL_ERROR,
  JD_JINGLE_REASON_GONE,
  JD_JINGLE_REASON_INCOMPATIBLE_PARAMETERS,
  JD_JINGLE_REASON_MEDIA_ERROR,
  JD_JINGLE_REASON_SECURITY_ERROR,
  JD_JINGLE_REASON_SUCCESS,
  JD_JINGLE_REASON_TIMEOUT,
  JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS,
  JD_JINGLE_REASON_UNSUPPORTED_TRANSPORTS,
  JD_JINGLE_N_REASONS
} JdJingleReasonType;

typedef enum {
  JD_JINGLE_SENDERS_BOTH,        /* the default (XEP-0166 §7.3) */
  JD_JINGLE_SENDERS_INITIATOR,
  JD_JINGLE_SENDERS_RESPONDER,
  JD_JINGLE_SENDERS_NONE,
  JD_JINGLE_N_SENDERS
} JdJingleSenders;

typedef enum {
  JD_JINGLE_CREATOR_INITIATOR,
  JD_JINGLE_CREATOR_RESPONDER,
  JD_JINGLE_N_CREATORS
} JdJingleCreator;

typedef enum {
  JD_JINGLE_MEDIA_AUDIO,
  JD_JINGLE_MEDIA_VIDEO,
  JD_JINGLE_N_MEDIA
} JdJingleMedia;

/* Each returns the wire name, or parses it (case-sensitive, as on the
 * wire) into *out and returns FALSE for an unknown name. */
const char *jd_jingle_action_to_string   (JdJingleAction action);
gboolean    jd_jingle_action_from_string (const char *str, JdJingleAction *out);
const char *jd_jingle_state_to_string    (JdJingleState state);
const char *jd_jingle_reason_to_string   (JdJingleReasonType reason);
gboolean    jd_jingle_reason_from_string (const char *str, JdJingleReasonType *out);
const char *jd_jingle_senders_to_string  (JdJingleSenders senders);
gboolean    jd_jingle_senders_from_string (const char *str, JdJingleSenders *out);
const char *jd_jingle_creator_to_string  (JdJingleCreator creator);
gboolean    jd_jingle_creator_from_string (const char *str, JdJingleCreator *out);
const char *jd_jingle_media_to_string    (JdJingleMedia media);
gboolean    jd_jingle_media_from_string  (const char *str, JdJingleMedia *out);

/**
 * JdJingleError:
 * The errors a Jingle request can be answered with.  Each maps, through
 * jd_jingle_error_describe(), to the XMPP error type, the defined condition
 * (RFC 6120 §8.3.3) and the XEP-0166 §8 Jingle error child, if any.
 */
#define JD_JINGLE_ERROR (jd_jingle_error_quark ())
GQuark jd_jingle_error_quark (void);

typedef enum {
  JD_JINGLE_ERROR_BAD_REQUEST,          /* malformed: modify/bad-request */
  JD_JINGLE_ERROR_OUT_OF_ORDER,         /* wait/unexpected-request + out-of-order */
  JD_JINGLE_ERROR_TIE_BREAK,            /* cancel/conflict + tie-break */
  JD_JINGLE_ERROR_UNKNOWN_SESSION,      /* cancel/item-not-found + unknown-session */
  JD_JINGLE_ERROR_UNSUPPORTED_INFO,     /* modify/feature-not-implemented + unsupported-info */
  JD_JINGLE_ERROR_NOT_AUTHORIZED,       /* auth/forbidden: a party not in the session */
  JD_JINGLE_ERROR_LIMIT,                /* modify/policy-violation: over a sanity limit */
  JD_JINGLE_N_ERRORS
} JdJingleError;

typedef struct {
  const char *type;        /* "cancel", "modify", "wait", "auth" */
  const char *condition;   /* RFC 6120 defined condition */
  const char *jingle;      /* XEP-0166 error child, or NULL */
} JdJingleErrorInfo;

const JdJingleErrorInfo *jd_jingle_error_describe (JdJingleError code);

G_END_DECLS
