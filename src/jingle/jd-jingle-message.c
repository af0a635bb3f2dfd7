/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-message: one <iq type='set'><jingle/></iq> (XEP-0166 §7) as
 * a JdJingleMessage, parsed and built, and the error reply a failed parse
 * is answered with (XEP-0166 §10).  The <reason/> and session-info
 * payloads are in jd-jingle-info.c.
 */
#include "jd-jingle-message.h"

#include "jd-jingle-message-private.h"
#include "jd-jingle-xml.h"
#include "jd-stanza.h"

/* What an action requires of its contents, where XEP-0166 says MUST. */
typedef struct {
  gboolean needs_content;      /* at least one <content/> */
  gboolean needs_application;  /* each with a <description/> and a <transport/> */
  gboolean needs_senders;      /* each with 'senders' */
  const char *section;         /* where XEP-0166 says so */
} ActionRule;

static const ActionRule action_rules[JD_JINGLE_N_ACTIONS] = {
  [JD_JINGLE_ACTION_CONTENT_ADD] = { TRUE, TRUE, FALSE, "§7.2.2" },
  [JD_JINGLE_ACTION_CONTENT_MODIFY] = { FALSE, FALSE, TRUE, "§7.3" },
  [JD_JINGLE_ACTION_SESSION_ACCEPT] = { TRUE, TRUE, FALSE, "§7.2.8" },
  [JD_JINGLE_ACTION_SESSION_INITIATE] = { TRUE, TRUE, FALSE, "§6.2" },
};

/* Contents */

/* Returns: (transfer full) */
JdJingleContent *
jd_jingle_content_new (const char *name, JdJingleCreator creator)
{
  JdJingleContent *c = g_new0 (JdJingleContent, 1);

  c->name = g_strdup (name);
  c->creator = creator;
  c->senders = JD_JINGLE_SENDERS_BOTH;
  return c;
}

/* Returns: (transfer full) */
JdJingleContent *
jd_jingle_content_copy (const JdJingleContent *c)
{
  JdJingleContent *copy;

  g_return_val_if_fail (c != NULL, NULL);
  copy = jd_jingle_content_new (c->name, c->creator);
  copy->senders = c->senders;
  copy->disposition = g_strdup (c->disposition);
  if (c->description != NULL)
    copy->description = jd_jingle_rtp_description_copy (c->description);
  if (c->transport != NULL)
    copy->transport = jd_jingle_transport_copy (c->transport);
  copy->unsupported_description = g_strdup (c->unsupported_description);
  copy->unsupported_transport = g_strdup (c->unsupported_transport);
  return copy;
}

void
jd_jingle_content_free (JdJingleContent *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->disposition);
  g_clear_pointer (&c->description, jd_jingle_rtp_description_free);
  g_clear_pointer (&c->transport, jd_jingle_transport_free);
  g_free (c->unsupported_description);
  g_free (c->unsupported_transport);
  g_free (c);
}

/* XEP-0166 §7.3: "The default value of this attribute is 'session'". */
static const char *
disposition_of (const JdJingleContent *c)
{
  return c->disposition != NULL ? c->disposition : "session";
}

static const JdJingleTransport *
transport_of (const JdJingleContent *c)
{
  if (c->transport == NULL || c->transport->type == JD_JINGLE_TRANSPORT_NONE)
    return NULL;
  return c->transport;
}

gboolean
jd_jingle_content_equal (const JdJingleContent *a, const JdJingleContent *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return g_strcmp0 (a->name, b->name) == 0 && a->creator == b->creator &&
         a->senders == b->senders && g_strcmp0 (disposition_of (a), disposition_of (b)) == 0 &&
         jd_jingle_rtp_description_equal (a->description, b->description) &&
         jd_jingle_transport_equal (transport_of (a), transport_of (b)) &&
         g_strcmp0 (a->unsupported_description, b->unsupported_description) == 0 &&
         g_strcmp0 (a->unsupported_transport, b->unsupported_transport) == 0;
}

/* XEP-0166 §7.3: 'name' and 'creator' are REQUIRED, but creator also has
 * a default ("initiator"), which we honour; 'senders' defaults to both. */
static gboolean
parse_content_attrs (xmpp_stanza_t *el, JdJingleContent *c, const ActionRule *rule,
                     GError **error)
{
  const char *creator = NULL, *senders = NULL;

  if (!jd_jingle_xml_dup_attr (el, "name", TRUE, &c->name, error) ||
      !jd_jingle_xml_attr (el, "creator", FALSE, &creator, error) ||
      !jd_jingle_xml_attr (el, "senders", FALSE, &senders, error) ||
      !jd_jingle_xml_dup_attr (el, "disposition", FALSE, &c->disposition, error))
    return FALSE;
  if (creator != NULL && !jd_jingle_creator_from_string (creator, &c->creator))
    {
      jd_jingle_xml_bad (error, el, "unknown 'creator' '%.32s'", creator);
      return FALSE;
    }
  if (senders == NULL && rule->needs_senders)
    {
      jd_jingle_xml_bad (error, el, "'senders' is missing (XEP-0166 %s)", rule->section);
      return FALSE;
    }
  if (senders != NULL && !jd_jingle_senders_from_string (senders, &c->senders))
    {
      jd_jingle_xml_bad (error, el, "unknown 'senders' '%.32s'", senders);
      return FALSE;
    }
  if (g_strcmp0 (c->disposition, "session") == 0)
    g_clear_pointer (&c->disposition, g_free);
  return TRUE;
}

/* Each content has one application (XEP-0166 §6.2); one we do not
 * implement is noted by namespace, not refused here. */
static gboolean
parse_description (JdJingleContent *c, xmpp_stanza_t *el, GError **error)
{
  const char *ns = jd_jingle_xml_ns (el, JD_NS_JINGLE);

  if (c->description != NULL || c->unsupported_description != NULL)
    {
      jd_jingle_xml_bad (error, el, "more than one in <content/> '%.64s'", c->name);
      return FALSE;
    }
  if (g_strcmp0 (ns, JD_NS_JINGLE_RTP) != 0)
    {
      if (!jd_jingle_xml_check_length (el, "xmlns", ns, error))
        return FALSE;
      c->unsupported_description = g_strdup (ns);
      return TRUE;
    }
  c->description = jd_jingle_rtp_description_parse (el, error);
  return c->description != NULL;
}

static gboolean
parse_transport (JdJingleContent *c, xmpp_stanza_t *el, GError **error)
{
  const char *ns = jd_jingle_xml_ns (el, JD_NS_JINGLE);

  if (c->transport != NULL || c->unsupported_transport != NULL)
    {
      jd_jingle_xml_bad (error, el, "more than one in <content/> '%.64s'", c->name);
      return FALSE;
    }
  if (g_strcmp0 (ns, JD_NS_JINGLE_ICE_UDP) != 0 && g_strcmp0 (ns, JD_NS_JINGLE_RAW_UDP) != 0)
    {
      if (!jd_jingle_xml_check_length (el, "xmlns", ns, error))
        return FALSE;
      c->unsupported_transport = g_strdup (ns);
      return TRUE;
    }
  c->transport = jd_jingle_transport_parse (el, error);
  return c->transport != NULL;
}

static gboolean
parse_content_children (xmpp_stanza_t *el, JdJingleContent *c, GError **error)
{
  for (xmpp_stanza_t *child = jd_jingle_xml_first_tag (el); child != NULL;
       child = jd_jingle_xml_next_tag (child))
    {
      const char *name = xmpp_stanza_get_name (child);

      if (g_strcmp0 (name, "description") == 0 && !parse_description (c, child, error))
        return FALSE;
      if (g_strcmp0 (name, "transport") == 0 && !parse_transport (c, child, error))
        return FALSE;
    }
  return TRUE;
}

static JdJingleContent *
parse_content (xmpp_stanza_t *el, const ActionRule *rule, GError **error)
{
  g_autoptr (JdJingleContent) c = jd_jingle_content_new (NULL, JD_JINGLE_CREATOR_INITIATOR);

  if (!parse_content_attrs (el, c, rule, error) || !parse_content_children (el, c, error))
    return NULL;
  if (rule->needs_application && c->description == NULL && c->unsupported_description == NULL)
    {
      jd_jingle_xml_bad (error, el, "'%.64s' has no <description/> (XEP-0166 %s)", c->name,
                         rule->section);
      return NULL;
    }
  if (rule->needs_application && c->transport == NULL && c->unsupported_transport == NULL)
    {
      jd_jingle_xml_bad (error, el, "'%.64s' has no <transport/> (XEP-0166 %s)", c->name,
                         rule->section);
      return NULL;
    }
  return g_steal_pointer (&c);
}

static void
build_application (xmpp_stanza_t *el, const JdJingleContent *c)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (el);
  g_autoptr (xmpp_stanza_t) description = NULL;
  g_autoptr (xmpp_stanza_t) transport = NULL;

  if (c->description != NULL)
    description = jd_jingle_rtp_description_build (ctx, c->description);
  else if (c->unsupported_description != NULL)
    description = jd_stanza_new_element (ctx, "description", c->unsupported_description);
  if (transport_of (c) != NULL)
    transport = jd_jingle_transport_build (ctx, c->transport);
  else if (c->unsupported_transport != NULL)
    transport = jd_stanza_new_element (ctx, "transport", c->unsupported_transport);
  if (description != NULL)
    xmpp_stanza_add_child (el, description);
  if (transport != NULL)
    xmpp_stanza_add_child (el, transport);
}

/* 'creator' always (XEP-0166 §7.3 makes it REQUIRED), the defaulted
 * 'senders' and 'disposition' only when they differ. */
static void
build_content (xmpp_stanza_t *jingle, const JdJingleContent *c)
{
  xmpp_stanza_t *el = jd_stanza_add_element (jingle, "content", NULL);

  xmpp_stanza_set_attribute (el, "creator", jd_jingle_creator_to_string (c->creator));
  if (c->name != NULL)
    xmpp_stanza_set_attribute (el, "name", c->name);
  if (c->senders != JD_JINGLE_SENDERS_BOTH)
    xmpp_stanza_set_attribute (el, "senders", jd_jingle_senders_to_string (c->senders));
  if (g_strcmp0 (disposition_of (c), "session") != 0)
    xmpp_stanza_set_attribute (el, "disposition", c->disposition);
  build_application (el, c);
}

/* Messages */

/* Returns: (transfer full) */
JdJingleMessage *
jd_jingle_message_new (JdJingleAction action, const char *sid)
{
  JdJingleMessage *msg = g_new0 (JdJingleMessage, 1);

  msg->action = action;
  msg->sid = g_strdup (sid);
  msg->contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);
  return msg;
}

/* Returns: (transfer full) */
JdJingleMessage *
jd_jingle_message_copy (const JdJingleMessage *msg)
{
  JdJingleMessage *copy;

  g_return_val_if_fail (msg != NULL, NULL);
  copy = jd_jingle_message_new (msg->action, msg->sid);
  copy->from = g_strdup (msg->from);
  copy->to = g_strdup (msg->to);
  copy->iq_id = g_strdup (msg->iq_id);
  copy->initiator = g_strdup (msg->initiator);
  copy->responder = g_strdup (msg->responder);
  g_ptr_array_unref (copy->contents);
  copy->contents = jd_jingle_array_copy (msg->contents, (JdJingleCopyFunc) jd_jingle_content_copy,
                                         (GDestroyNotify) jd_jingle_content_free);
  if (msg->reason != NULL)
    copy->reason = jd_jingle_reason_copy (msg->reason);
  if (msg->info != NULL)
    copy->info = jd_jingle_info_copy (msg->info);
  return copy;
}

void
jd_jingle_message_free (JdJingleMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->from);
  g_free (msg->to);
  g_free (msg->iq_id);
  g_free (msg->sid);
  g_free (msg->initiator);
  g_free (msg->responder);
  g_clear_pointer (&msg->contents, g_ptr_array_unref);
  g_clear_pointer (&msg->reason, jd_jingle_reason_free);
  g_clear_pointer (&msg->info, jd_jingle_info_free);
  g_free (msg);
}

gboolean
jd_jingle_message_equal (const JdJingleMessage *a, const JdJingleMessage *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return g_strcmp0 (a->from, b->from) == 0 && g_strcmp0 (a->to, b->to) == 0 &&
         g_strcmp0 (a->iq_id, b->iq_id) == 0 && a->action == b->action &&
         g_strcmp0 (a->sid, b->sid) == 0 && g_strcmp0 (a->initiator, b->initiator) == 0 &&
         g_strcmp0 (a->responder, b->responder) == 0 &&
         jd_jingle_array_equal (a->contents, b->contents,
                                (JdJingleEqualFunc) jd_jingle_content_equal) &&
         jd_jingle_reason_equal (a->reason, b->reason) &&
         jd_jingle_info_equal (a->info, b->info);
}

/* Returns: (transfer none) (nullable) */
const JdJingleContent *
jd_jingle_message_find_content (const JdJingleMessage *msg, const char *name)
{
  g_return_val_if_fail (msg != NULL && name != NULL, NULL);
  for (guint i = 0; msg->contents != NULL && i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);

      if (g_strcmp0 (c->name, name) == 0)
        return c;
    }
  return NULL;
}

/* Content names identify contents in every later action, so two of one
 * name in one message are ambiguous. */
static gboolean
add_content (JdJingleMessage *msg, xmpp_stanza_t *el, GError **error)
{
  g_autoptr (JdJingleContent) c = NULL;

  if (!jd_jingle_xml_check_limit (el, msg->contents->len, JD_JINGLE_MAX_CONTENTS, error) ||
      (c = parse_content (el, &action_rules[msg->action], error)) == NULL)
    return FALSE;
  if (jd_jingle_message_find_content (msg, c->name) != NULL)
    {
      jd_jingle_xml_bad (error, el, "duplicate 'name' '%.64s'", c->name);
      return FALSE;
    }
  g_ptr_array_add (msg->contents, g_steal_pointer (&c));
  return TRUE;
}

/* Unknown children are extensions (the schema's ##other), ignored. */
static gboolean
parse_jingle_child (xmpp_stanza_t *c, JdJingleMessage *msg, GError **error)
{
  if (jd_jingle_xml_is (c, "content", JD_NS_JINGLE, JD_NS_JINGLE))
    return add_content (msg, c, error);
  if (msg->reason == NULL && jd_jingle_xml_is (c, "reason", JD_NS_JINGLE, JD_NS_JINGLE))
    return (msg->reason = jd_jingle_reason_parse (c, error)) != NULL;
  return TRUE;
}

/* XEP-0166 §7.1: 'action' and 'sid' are REQUIRED, and an unknown action
 * MUST be answered with bad-request (§7.2).  'initiator' SHOULD be on a
 * session-initiate, but like Dino we accept it missing: the session layer
 * takes the initiator from the IQ 'from' then. */
static gboolean
parse_jingle_attrs (xmpp_stanza_t *jingle, JdJingleMessage *msg, GError **error)
{
  const char *action = NULL;

  if (!jd_jingle_xml_attr (jingle, "action", TRUE, &action, error) ||
      !jd_jingle_xml_dup_attr (jingle, "sid", TRUE, &msg->sid, error) ||
      !jd_jingle_xml_dup_attr (jingle, "initiator", FALSE, &msg->initiator, error) ||
      !jd_jingle_xml_dup_attr (jingle, "responder", FALSE, &msg->responder, error))
    return FALSE;
  if (!jd_jingle_action_from_string (action, &msg->action))
    {
      jd_jingle_xml_bad (error, jingle, "unknown 'action' '%.32s' (XEP-0166 §7.2)", action);
      return FALSE;
    }
  return TRUE;
}

/* A session-initiate needs at least one content of disposition "session"
 * (XEP-0166 §7.2.10), or the responder MUST answer bad-request. */
static gboolean
check_action (xmpp_stanza_t *jingle, const JdJingleMessage *msg, GError **error)
{
  const ActionRule *rule = &action_rules[msg->action];

  if (rule->needs_content && msg->contents->len == 0)
    {
      jd_jingle_xml_bad (error, jingle, "%s without <content/> (XEP-0166 %s)",
                         jd_jingle_action_to_string (msg->action), rule->section);
      return FALSE;
    }
  if (msg->action != JD_JINGLE_ACTION_SESSION_INITIATE)
    return TRUE;
  for (guint i = 0; i < msg->contents->len; i++)
    {
      if (g_strcmp0 (disposition_of (g_ptr_array_index (msg->contents, i)), "session") == 0)
        return TRUE;
    }
  jd_jingle_xml_bad (error, jingle, "no <content/> of 'disposition' session (XEP-0166 §7.2.10)");
  return FALSE;
}

static xmpp_stanza_t *
find_jingle (xmpp_stanza_t *iq, GError **error)
{
  xmpp_stanza_t *jingle;

  if (g_strcmp0 (xmpp_stanza_get_name (iq), "iq") != 0 ||
      g_strcmp0 (xmpp_stanza_get_type (iq), "set") != 0)
    {
      jd_jingle_xml_bad (error, iq, "a Jingle request is an <iq type='set'/> (XEP-0166 §6.2)");
      return NULL;
    }
  jingle = jd_stanza_get_child (iq, "jingle", JD_NS_JINGLE);
  if (jingle == NULL)
    jd_jingle_xml_bad (error, iq, "no <jingle xmlns='" JD_NS_JINGLE "'/>");
  return jingle;
}

static gboolean
parse_jingle (xmpp_stanza_t *iq, xmpp_stanza_t *jingle, JdJingleMessage *msg, GError **error)
{
  if (!jd_jingle_xml_dup_attr (iq, "from", FALSE, &msg->from, error) ||
      !jd_jingle_xml_dup_attr (iq, "to", FALSE, &msg->to, error) ||
      !jd_jingle_xml_dup_attr (iq, "id", FALSE, &msg->iq_id, error) ||
      !parse_jingle_attrs (jingle, msg, error))
    return FALSE;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (jingle); c != NULL;
       c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_jingle_child (c, msg, error))
        return FALSE;
    }
  if (msg->action == JD_JINGLE_ACTION_SESSION_INFO &&
      (msg->info = jd_jingle_info_parse (jingle, error)) == NULL)
    return FALSE;
  return check_action (jingle, msg, error);
}

gboolean
jd_jingle_message_parse (xmpp_stanza_t *iq, JdJingleMessage **out, GError **error)
{
  g_autoptr (JdJingleMessage) msg = jd_jingle_message_new (JD_JINGLE_ACTION_SESSION_INFO, NULL);
  xmpp_stanza_t *jingle;

  g_return_val_if_fail (iq != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  *out = NULL;
  if ((jingle = find_jingle (iq, error)) == NULL || !parse_jingle (iq, jingle, msg, error))
    return FALSE;
  *out = g_steal_pointer (&msg);
  return TRUE;
}

static xmpp_stanza_t *
build_iq (xmpp_ctx_t *ctx, const JdJingleMessage *msg)
{
  xmpp_stanza_t *iq = jd_stanza_new_element (ctx, "iq", NULL);

  xmpp_stanza_set_type (iq, "set");
  if (msg->iq_id != NULL)
    xmpp_stanza_set_id (iq, msg->iq_id);
  if (msg->from != NULL)
    xmpp_stanza_set_from (iq, msg->from);
  if (msg->to != NULL)
    xmpp_stanza_set_to (iq, msg->to);
  return iq;
}

/* Returns: (transfer full) */
xmpp_stanza_t *
jd_jingle_message_build (xmpp_ctx_t *ctx, const JdJingleMessage *msg)
{
  xmpp_stanza_t *iq;
  xmpp_stanza_t *jingle;

  g_return_val_if_fail (ctx != NULL && msg != NULL, NULL);
  iq = build_iq (ctx, msg);
  jingle = jd_stanza_add_element (iq, "jingle", JD_NS_JINGLE);
  xmpp_stanza_set_attribute (jingle, "action", jd_jingle_action_to_string (msg->action));
  if (msg->sid != NULL)
    xmpp_stanza_set_attribute (jingle, "sid", msg->sid);
  if (msg->initiator != NULL)
    xmpp_stanza_set_attribute (jingle, "initiator", msg->initiator);
  if (msg->responder != NULL)
    xmpp_stanza_set_attribute (jingle, "responder", msg->responder);
  for (guint i = 0; msg->contents != NULL && i < msg->contents->len; i++)
    build_content (jingle, g_ptr_array_index (msg->contents, i));
  if (msg->reason != NULL)
    jd_jingle_reason_build (jingle, msg->reason);
  jd_jingle_info_build (jingle, msg->info);
  return iq;
}

/* RFC 6120 §8.3.2: the defined condition, the text, then the
 * application-specific condition, here XEP-0166 §10's Jingle child.  The
 * text is our own parse error message: it names what was wrong. */
xmpp_stanza_t *
jd_jingle_error_reply (xmpp_stanza_t *request, const GError *error)
{
  gboolean ours = error != NULL && error->domain == JD_JINGLE_ERROR;
  const JdJingleErrorInfo *info;
  xmpp_stanza_t *reply;

  g_return_val_if_fail (request != NULL, NULL);
  info = jd_jingle_error_describe (ours ? (JdJingleError) error->code
                                        : JD_JINGLE_ERROR_BAD_REQUEST);
  reply = jd_stanza_error_reply (request, info->type, info->condition,
                                 ours ? error->message : NULL);
  if (info->jingle != NULL)
    jd_stanza_add_element (jd_stanza_get_child (reply, "error", NULL), info->jingle,
                           JD_NS_JINGLE_ERRORS);
  return reply;
}
