/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-im: RFC 6121 §5 messages of every type, with body, subject and
 * thread; message errors are surfaced with their condition.
 */
#pragma once

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

JdIm *jd_im_new (JdXmppConnection *conn);
/* Sends @msg (an id is assigned when it has none).
 * Returns: (transfer full): the message id, or NULL with @error */
char *jd_im_send (JdIm *self, const JdMessage *msg, GError **error);

G_END_DECLS
