/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-jmi
 *
 * JdJingleJmi is one parsed XEP-0353 Jingle Message Initiation message
 * (urn:xmpp:jingle-message:0): a <message type='chat'/> carrying one of
 * <propose/> (with one RTP <description media=…/> per medium), <ringing/>,
 * <proceed/>, <reject/>, <retract/>, <accept/> or <finish/>, each with the
 * id that becomes the Jingle sid.  The message-level parts a call needs
 * are kept too: the type, the XEP-0334 <store/> hint and the XEP-0203
 * <delay/> stamp a replayed (offline or archived) message carries.
 *
 * parse() fails with a JD_JINGLE_ERROR (BAD_REQUEST or LIMIT) naming what
 * was wrong; build() is its inverse: parse(build(x)) equals x.  Unknown
 * children are ignored, e.g. the OMEMO <device/> that Dino puts in
 * <proceed/>.  The XEP says <reject/>, <retract/> and <finish/> MUST carry
 * a <reason/>, but older clients (Dino 0.4 among them) send none, so the
 * reason is optional here and the caller picks the default.
 *
 * Pure: only an xmpp_ctx_t is needed, never a connection.
 */
#pragma once

#include <strophe.h>

#include "jd-jingle-message.h"

G_BEGIN_DECLS

#define JD_NS_JINGLE_MESSAGE "urn:xmpp:jingle-message:0"   /* XEP-0353 */
#define JD_NS_HINTS          "urn:xmpp:hints"              /* XEP-0334 */
#define JD_NS_DELAY          "urn:xmpp:delay"              /* XEP-0203 */

typedef enum {
  JD_JINGLE_JMI_PROPOSE,
  JD_JINGLE_JMI_RINGING,
  JD_JINGLE_JMI_PROCEED,
  JD_JINGLE_JMI_REJECT,
  JD_JINGLE_JMI_RETRACT,
  JD_JINGLE_JMI_ACCEPT,
  JD_JINGLE_JMI_FINISH,
  JD_JINGLE_JMI_N_ACTIONS
} JdJingleJmiAction;

/* The element name, e.g. "propose"; from_string() returns FALSE for an
 * unknown one. */
const char *jd_jingle_jmi_action_to_string   (JdJingleJmiAction action);
gboolean    jd_jingle_jmi_action_from_string (const char *str, JdJingleJmiAction *out);

typedef struct {
  /* The <message/> envelope. */
  char *from;                        /* nullable */
  char *to;                          /* nullable */
  char *message_id;                  /* nullable */
  char *type;                        /* nullable = "normal"; XEP-0353 says "chat" */
  gboolean store;                    /* <store xmlns='urn:xmpp:hints'/> */
  GDateTime *delay;                  /* nullable: the XEP-0203 stamp, UTC */
  /* The JMI element. */
  JdJingleJmiAction action;
  char *id;                          /* the future Jingle sid */
  /* propose: the media of its RTP descriptions, in document order, each
   * at most once.  Descriptions of other applications (file transfer...)
   * are not calls and are ignored; a propose without an RTP one fails. */
  JdJingleMedia media[JD_JINGLE_N_MEDIA];
  guint n_media;
  JdJingleReason *reason;            /* nullable */
  gboolean tie_break;                /* <tie-break/> in reject/retract (XEP-0353 §4) */
  char *migrated_to;                 /* nullable: <migrated to=…/> in finish (§4.2) */
} JdJingleJmi;

/* A message of type "chat" with the <store/> hint, as XEP-0353 asks. */
JdJingleJmi *jd_jingle_jmi_new       (JdJingleJmiAction action, const char *id);
JdJingleJmi *jd_jingle_jmi_copy      (const JdJingleJmi *jmi);
void         jd_jingle_jmi_free      (JdJingleJmi *jmi);
gboolean     jd_jingle_jmi_equal     (const JdJingleJmi *a, const JdJingleJmi *b);
/* Appends @media unless already listed. */
void         jd_jingle_jmi_add_media (JdJingleJmi *jmi, JdJingleMedia media);
gboolean     jd_jingle_jmi_has_media (const JdJingleJmi *jmi, JdJingleMedia media);

/* Returns: (transfer none) (nullable): the first urn:xmpp:jingle-message:0
 * child of @message, to tell JMI messages from others without parsing. */
xmpp_stanza_t *jd_jingle_jmi_find  (xmpp_stanza_t *message);
/* @message: a <message/> with one JMI child. */
gboolean       jd_jingle_jmi_parse (xmpp_stanza_t *message, JdJingleJmi **out, GError **error);
/* Returns: (transfer full): the <message/>. */
xmpp_stanza_t *jd_jingle_jmi_build (xmpp_ctx_t *ctx, const JdJingleJmi *jmi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleJmi, jd_jingle_jmi_free)

G_END_DECLS
