/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-im: RFC 6121 §5 messages of every type, with body, subject and
 * thread; message errors are surfaced with their condition.
 *
 * XEP-0280 message carbons: enabled at every login when the server's
 * disco#info lists urn:xmpp:carbons:2.  A carbon is unwrapped and
 * reported on ::carbon, never on ::message, marked as a copy of a message
 * another resource of ours received or sent.  Only our own bare JID may
 * send carbons (XEP-0280 §11): any other "carbon" is a forgery that
 * would let a stranger put words in a contact's mouth, and is dropped.
 */
#pragma once

#include "jd-disco.h"
#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

typedef enum {
  JD_MESSAGE_NORMAL,
  JD_MESSAGE_CHAT,
  JD_MESSAGE_GROUPCHAT,
  JD_MESSAGE_HEADLINE,
  JD_MESSAGE_ERROR,
} JdMessageType;

const char *jd_message_type_to_string   (JdMessageType type);
gboolean    jd_message_type_from_string (const char *str, JdMessageType *out);

#define JD_NS_CARBONS "urn:xmpp:carbons:2"     /* XEP-0280 */
#define JD_NS_FORWARD "urn:xmpp:forward:0"     /* XEP-0297 */

typedef enum {
  JD_MESSAGE_CARBON_NONE,       /* addressed to us */
  JD_MESSAGE_CARBON_RECEIVED,   /* a copy of what another resource of ours received */
  JD_MESSAGE_CARBON_SENT,       /* a copy of what another resource of ours sent */
} JdMessageCarbon;

typedef struct {
  char *id;         /* nullable */
  char *from;
  char *to;         /* nullable */
  JdMessageType type;
  char *body;       /* nullable */
  char *subject;    /* nullable */
  char *thread;     /* nullable */
  char *error_condition;  /* type error only */
  char *error_text;       /* nullable */
  JdMessageCarbon carbon; /* set by JdIm::carbon only */
} JdMessage;

JdMessage *jd_message_new   (JdMessageType type, const char *to, const char *body);
JdMessage *jd_message_copy  (const JdMessage *msg);
void       jd_message_free  (JdMessage *msg);
/* Parses a <message/>; a message with nothing a user reads (no body,
 * subject or error: chat states, receipts...) is still parsed. */
JdMessage *jd_message_parse (xmpp_stanza_t *stanza, GError **error);
xmpp_stanza_t *jd_message_build (xmpp_ctx_t *ctx, const JdMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdMessage, jd_message_free)

#define JD_TYPE_IM (jd_im_get_type ())
G_DECLARE_FINAL_TYPE (JdIm, jd_im, JD, IM, GObject)

/* @disco: borrowed, to learn whether the server offers carbons. */
JdIm *jd_im_new (JdXmppConnection *conn, JdDisco *disco);
/* TRUE once the server acknowledged <enable xmlns=urn:xmpp:carbons:2/>
 * on the current stream. */
gboolean jd_im_get_carbons_enabled (JdIm *self);
/* Sends @msg (an id is assigned when it has none).
 * Returns: (transfer full): the message id, or NULL with @error */
char *jd_im_send (JdIm *self, const JdMessage *msg, GError **error);

G_END_DECLS
