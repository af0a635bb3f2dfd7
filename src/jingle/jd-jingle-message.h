/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-message
 *
 * JdJingleMessage is one parsed <iq><jingle/></iq> (XEP-0166 §7): the
 * action, sid, initiator/responder, contents (each with one RTP
 * description and one transport), a reason, and for session-info the
 * XEP-0167 §8 / XEP-0181 payload.  parse() validates everything the XEPs
 * say MUST and fails with a JD_JINGLE_ERROR that maps to the exact error
 * reply; build() is its inverse: parse(build(x)) equals x.
 *
 * Unknown extension elements are ignored, never fatal (XEP-0166 §7.1).
 * Pure: only an xmpp_ctx_t is needed, never a connection.
 */
#pragma once

#include "jd-jingle-rtp.h"
#include "jd-jingle-transport.h"

G_BEGIN_DECLS

#define JD_JINGLE_MAX_CONTENTS 16

typedef struct {
  char *name;
  JdJingleCreator creator;
  JdJingleSenders senders;
  char *disposition;                 /* nullable; "session" is the default */
  JdJingleRtpDescription *description;  /* nullable (content-remove, transport-*) */
  JdJingleTransport *transport;      /* nullable */
  /* The namespace of a <description/> or <transport/> we do not
   * implement (then description/transport is NULL): the session layer
   * answers with unsupported-applications/-transports (XEP-0166 §6.7). */
  char *unsupported_description;     /* nullable */
  char *unsupported_transport;       /* nullable */
} JdJingleContent;

typedef struct {
  JdJingleReasonType type;
  char *text;                        /* nullable */
  char *alternative_sid;             /* alternative-session only */
  /* A more detailed condition in another namespace (XEP-0166 §7.4), e.g.
   * <crypto-required xmlns=JD_NS_JINGLE_RTP_ERRORS/> (XEP-0167 §7). */
  char *detail_name;                 /* nullable */
  char *detail_ns;                   /* set with detail_name */
} JdJingleReason;

typedef enum {
  JD_JINGLE_INFO_NONE,               /* an empty session-info: a ping (XEP-0166 §6.8) */
  JD_JINGLE_INFO_ACTIVE,
  JD_JINGLE_INFO_HOLD,
  JD_JINGLE_INFO_UNHOLD,
  JD_JINGLE_INFO_MUTE,
  JD_JINGLE_INFO_UNMUTE,
  JD_JINGLE_INFO_RINGING,
  JD_JINGLE_INFO_DTMF,               /* XEP-0181 */
  JD_JINGLE_INFO_UNKNOWN,            /* answered with unsupported-info */
} JdJingleInfoType;

typedef struct {
  JdJingleInfoType type;
  char *name;                        /* mute/unmute: the content, nullable = all */
  JdJingleCreator creator;           /* mute/unmute */
  char dtmf_code;                    /* 0-9 * # A-D */
  guint dtmf_duration;               /* ms, 0 = absent (default 100) */
  guint dtmf_volume;                 /* dBm0 below 0, 0 = absent */
  /* JD_JINGLE_INFO_UNKNOWN: the payload we did not understand, kept so
   * that it can be logged and built again. */
  char *payload_name;                /* nullable */
  char *payload_ns;                  /* nullable */
} JdJingleInfo;

typedef struct {
  /* The IQ envelope. */
  char *from;                        /* nullable */
  char *to;                          /* nullable */
  char *iq_id;                       /* nullable */
  /* <jingle/> */
  JdJingleAction action;
  char *sid;
  char *initiator;                   /* nullable */
  char *responder;                   /* nullable */
  GPtrArray *contents;               /* JdJingleContent* */
  JdJingleReason *reason;            /* nullable */
  JdJingleInfo *info;                /* session-info only, nullable */
} JdJingleMessage;

JdJingleContent *jd_jingle_content_new   (const char *name, JdJingleCreator creator);
JdJingleContent *jd_jingle_content_copy  (const JdJingleContent *c);
void             jd_jingle_content_free  (JdJingleContent *c);
gboolean         jd_jingle_content_equal (const JdJingleContent *a, const JdJingleContent *b);
JdJingleReason  *jd_jingle_reason_new    (JdJingleReasonType type, const char *text);
JdJingleReason  *jd_jingle_reason_copy   (const JdJingleReason *r);
void             jd_jingle_reason_free   (JdJingleReason *r);
gboolean         jd_jingle_reason_equal  (const JdJingleReason *a, const JdJingleReason *b);
JdJingleInfo    *jd_jingle_info_new      (JdJingleInfoType type);
JdJingleInfo    *jd_jingle_info_copy     (const JdJingleInfo *i);
void             jd_jingle_info_free     (JdJingleInfo *i);
gboolean         jd_jingle_info_equal    (const JdJingleInfo *a, const JdJingleInfo *b);

JdJingleMessage *jd_jingle_message_new   (JdJingleAction action, const char *sid);
JdJingleMessage *jd_jingle_message_copy  (const JdJingleMessage *msg);
void             jd_jingle_message_free  (JdJingleMessage *msg);
gboolean         jd_jingle_message_equal (const JdJingleMessage *a, const JdJingleMessage *b);
const JdJingleContent *jd_jingle_message_find_content (const JdJingleMessage *msg,
                                                       const char *name);

/* @iq: an <iq type='set'> carrying <jingle xmlns=urn:xmpp:jingle:1>. */
gboolean       jd_jingle_message_parse (xmpp_stanza_t *iq, JdJingleMessage **out,
                                        GError **error);
/* Returns: (transfer full): <iq type='set'> with from/to/id from @msg. */
xmpp_stanza_t *jd_jingle_message_build (xmpp_ctx_t *ctx, const JdJingleMessage *msg);

/* The <iq type='error'/> answering @request for @error (a JD_JINGLE_ERROR,
 * anything else becomes bad-request). */
xmpp_stanza_t *jd_jingle_error_reply (xmpp_stanza_t *request, const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleContent, jd_jingle_content_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleReason, jd_jingle_reason_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleInfo, jd_jingle_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleMessage, jd_jingle_message_free)

G_END_DECLS
