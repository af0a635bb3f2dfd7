/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-jmi: XEP-0353 Jingle Message Initiation messages, with the
 * XEP-0334 <store/> hint and the XEP-0203 <delay/> stamp.
 */
#include "jd-jingle-jmi.h"

#include "jd-jingle-message-private.h"
#include "jd-jingle-xml.h"
#include "jd-stanza.h"

static const char *const action_names[] = {
  [JD_JINGLE_JMI_PROPOSE] = "propose",
  [JD_JINGLE_JMI_RINGING] = "ringing",
  [JD_JINGLE_JMI_PROCEED] = "proceed",
  [JD_JINGLE_JMI_REJECT] = "reject",
  [JD_JINGLE_JMI_RETRACT] = "retract",
  [JD_JINGLE_JMI_ACCEPT] = "accept",
  [JD_JINGLE_JMI_FINISH] = "finish",
};
G_STATIC_ASSERT (G_N_ELEMENTS (action_names) == JD_JINGLE_JMI_N_ACTIONS);

const char *
jd_jingle_jmi_action_to_string (JdJingleJmiAction action)
{
  g_return_val_if_fail ((guint) action < JD_JINGLE_JMI_N_ACTIONS, NULL);
  return action_names[action];
}

gboolean
jd_jingle_jmi_action_from_string (const char *str, JdJingleJmiAction *out)
{
  for (guint i = 0; i < JD_JINGLE_JMI_N_ACTIONS; i++)
    {
      if (g_strcmp0 (str, action_names[i]) == 0)
        {
          *out = (JdJingleJmiAction) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Values */

/* Returns: (transfer full) */
JdJingleJmi *
jd_jingle_jmi_new (JdJingleJmiAction action, const char *id)
{
  JdJingleJmi *jmi = g_new0 (JdJingleJmi, 1);

  jmi->action = action;
  jmi->id = g_strdup (id);
  jmi->type = g_strdup ("chat");
  jmi->store = TRUE;
  return jmi;
}

/* Returns: (transfer full) */
JdJingleJmi *
jd_jingle_jmi_copy (const JdJingleJmi *jmi)
{
  JdJingleJmi *copy;

  g_return_val_if_fail (jmi != NULL, NULL);
  copy = g_new0 (JdJingleJmi, 1);
  *copy = *jmi;
  copy->from = g_strdup (jmi->from);
  copy->to = g_strdup (jmi->to);
  copy->message_id = g_strdup (jmi->message_id);
  copy->type = g_strdup (jmi->type);
  copy->delay = jmi->delay != NULL ? g_date_time_ref (jmi->delay) : NULL;
  copy->id = g_strdup (jmi->id);
  copy->reason = jmi->reason != NULL ? jd_jingle_reason_copy (jmi->reason) : NULL;
  copy->migrated_to = g_strdup (jmi->migrated_to);
  return copy;
}

void
jd_jingle_jmi_free (JdJingleJmi *jmi)
{
  if (jmi == NULL)
    return;
  g_free (jmi->from);
  g_free (jmi->to);
  g_free (jmi->message_id);
  g_free (jmi->type);
  g_clear_pointer (&jmi->delay, g_date_time_unref);
  g_free (jmi->id);
  g_clear_pointer (&jmi->reason, jd_jingle_reason_free);
  g_free (jmi->migrated_to);
  g_free (jmi);
}

static gboolean
delay_equal (GDateTime *a, GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static gboolean
media_equal (const JdJingleJmi *a, const JdJingleJmi *b)
{
  if (a->n_media != b->n_media)
    return FALSE;
  for (guint i = 0; i < a->n_media; i++)
    {
      if (a->media[i] != b->media[i])
        return FALSE;
    }
  return TRUE;
}

gboolean
jd_jingle_jmi_equal (const JdJingleJmi *a, const JdJingleJmi *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->from, b->from) == 0 && g_strcmp0 (a->to, b->to) == 0 &&
         g_strcmp0 (a->message_id, b->message_id) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 && a->store == b->store &&
         delay_equal (a->delay, b->delay) && a->action == b->action &&
         g_strcmp0 (a->id, b->id) == 0 && media_equal (a, b) &&
         jd_jingle_reason_equal (a->reason, b->reason) && a->tie_break == b->tie_break &&
         g_strcmp0 (a->migrated_to, b->migrated_to) == 0;
}

gboolean
jd_jingle_jmi_has_media (const JdJingleJmi *jmi, JdJingleMedia media)
{
  g_return_val_if_fail (jmi != NULL, FALSE);
  for (guint i = 0; i < jmi->n_media; i++)
    {
      if (jmi->media[i] == media)
        return TRUE;
    }
  return FALSE;
}

void
jd_jingle_jmi_add_media (JdJingleJmi *jmi, JdJingleMedia media)
{
  g_return_if_fail (jmi != NULL && (guint) media < JD_JINGLE_N_MEDIA);
  if (!jd_jingle_jmi_has_media (jmi, media))
    jmi->media[jmi->n_media++] = media;
}

/* Parsing */

/* Returns: (transfer none) (nullable) */
xmpp_stanza_t *
jd_jingle_jmi_find (xmpp_stanza_t *message)
{
  g_return_val_if_fail (message != NULL, NULL);
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (message); c != NULL;
       c = jd_jingle_xml_next_tag (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_ns (c), JD_NS_JINGLE_MESSAGE) == 0)
        return c;
    }
  return NULL;
}

/* XEP-0353 §3: one <description/> per medium.  The same medium twice
 * would make two contents of one name later, so it is refused here. */
static gboolean
parse_rtp_description (JdJingleJmi *jmi, xmpp_stanza_t *el, GError **error)
{
  const char *name = NULL;
  JdJingleMedia media;

  if (!jd_jingle_xml_attr (el, "media", TRUE, &name, error))
    return FALSE;
  if (!jd_jingle_media_from_string (name, &media))
    {
      jd_jingle_xml_bad (error, el, "unknown 'media' '%.32s'", name);
      return FALSE;
    }
  if (jd_jingle_jmi_has_media (jmi, media))
    {
      jd_jingle_xml_bad (error, el, "'media' '%s' twice", name);
      return FALSE;
    }
  jmi->media[jmi->n_media++] = media;
  return TRUE;
}

/* Unknown children are extensions (Dino's OMEMO <device/>), ignored,
 * and so are descriptions of applications other than RTP. */
static gboolean
parse_jmi_child (JdJingleJmi *jmi, xmpp_stanza_t *c, GError **error)
{
  if (jmi->action == JD_JINGLE_JMI_PROPOSE &&
      jd_jingle_xml_is (c, "description", JD_NS_JINGLE_RTP, JD_NS_JINGLE_MESSAGE))
    return parse_rtp_description (jmi, c, error);
  if (jmi->reason == NULL && jd_jingle_xml_is (c, "reason", JD_NS_JINGLE, JD_NS_JINGLE_MESSAGE))
    return (jmi->reason = jd_jingle_reason_parse (c, error)) != NULL;
  if (jd_jingle_xml_is (c, "tie-break", JD_NS_JINGLE_MESSAGE, JD_NS_JINGLE_MESSAGE))
    jmi->tie_break = TRUE;
  if (jmi->action == JD_JINGLE_JMI_FINISH && jmi->migrated_to == NULL &&
      jd_jingle_xml_is (c, "migrated", JD_NS_JINGLE_MESSAGE, JD_NS_JINGLE_MESSAGE))
    return jd_jingle_xml_dup_attr (c, "to", TRUE, &jmi->migrated_to, error);
  return TRUE;
}

static gboolean
parse_jmi_element (JdJingleJmi *jmi, xmpp_stanza_t *el, GError **error)
{
  if (!jd_jingle_jmi_action_from_string (xmpp_stanza_get_name (el), &jmi->action))
    {
      jd_jingle_xml_bad (error, el, "not a Jingle Message Initiation action (XEP-0353)");
      return FALSE;
    }
  if (!jd_jingle_xml_dup_attr (el, "id", TRUE, &jmi->id, error))
    return FALSE;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_jmi_child (jmi, c, error))
        return FALSE;
    }
  if (jmi->action == JD_JINGLE_JMI_PROPOSE && jmi->n_media == 0)
    {
      jd_jingle_xml_bad (error, el, "propose without an RTP <description/> (XEP-0353 §3)");
      return FALSE;
    }
  return TRUE;
}

/* XEP-0203 §3: 'stamp' is a XEP-0082 DateTime, always with a time zone. */
static gboolean
parse_delay (JdJingleJmi *jmi, xmpp_stanza_t *el, GError **error)
{
  const char *stamp = NULL;
  g_autoptr (GDateTime) when = NULL;

  if (!jd_jingle_xml_attr (el, "stamp", TRUE, &stamp, error))
    return FALSE;
  when = g_date_time_new_from_iso8601 (stamp, NULL);
  if (when == NULL)
    {
      jd_jingle_xml_bad (error, el, "'stamp' is not a XEP-0082 DateTime: '%.64s'", stamp);
      return FALSE;
    }
  jmi->delay = g_date_time_to_utc (when);
  return TRUE;
}

/* Exactly one JMI element: two (say a propose and a retract) would leave
 * it open which one the sender meant. */
static xmpp_stanza_t *
find_single_jmi (xmpp_stanza_t *message, GError **error)
{
  xmpp_stanza_t *el = jd_jingle_jmi_find (message);

  if (el == NULL)
    {
      jd_jingle_xml_bad (error, message, "no <element xmlns='" JD_NS_JINGLE_MESSAGE "'/>");
      return NULL;
    }
  for (xmpp_stanza_t *c = jd_jingle_xml_next_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_ns (c), JD_NS_JINGLE_MESSAGE) == 0)
        {
          jd_jingle_xml_bad (error, message, "more than one Jingle Message Initiation element");
          return NULL;
        }
    }
  return el;
}

static gboolean
parse_envelope (JdJingleJmi *jmi, xmpp_stanza_t *message, GError **error)
{
  xmpp_stanza_t *delay = jd_stanza_get_child (message, "delay", JD_NS_DELAY);

  g_clear_pointer (&jmi->type, g_free);
  if (!jd_jingle_xml_dup_attr (message, "from", FALSE, &jmi->from, error) ||
      !jd_jingle_xml_dup_attr (message, "to", FALSE, &jmi->to, error) ||
      !jd_jingle_xml_dup_attr (message, "id", FALSE, &jmi->message_id, error) ||
      !jd_jingle_xml_dup_attr (message, "type", FALSE, &jmi->type, error))
    return FALSE;
  jmi->store = jd_stanza_get_child (message, "store", JD_NS_HINTS) != NULL;
  return delay == NULL || parse_delay (jmi, delay, error);
}

gboolean
jd_jingle_jmi_parse (xmpp_stanza_t *message, JdJingleJmi **out, GError **error)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_PROPOSE, NULL);
  xmpp_stanza_t *el;

  g_return_val_if_fail (message != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  *out = NULL;
  if (g_strcmp0 (xmpp_stanza_get_name (message), "message") != 0)
    {
      jd_jingle_xml_bad (error, message, "Jingle Message Initiation comes in a <message/>");
      return FALSE;
    }
  if (!parse_envelope (jmi, message, error) || (el = find_single_jmi (message, error)) == NULL ||
      !parse_jmi_element (jmi, el, error))
    return FALSE;
  *out = g_steal_pointer (&jmi);
  return TRUE;
}

/* Building */

static void
build_descriptions (xmpp_stanza_t *el, const JdJingleJmi *jmi)
{
  for (guint i = 0; i < jmi->n_media; i++)
    {
      xmpp_stanza_t *d = jd_stanza_add_element (el, "description", JD_NS_JINGLE_RTP);

      xmpp_stanza_set_attribute (d, "media", jd_jingle_media_to_string (jmi->media[i]));
    }
}

/* jd_jingle_reason_build() writes the <reason/> of a <jingle/>, where
 * the namespace is inherited; here it has to be said. */
static void
build_reason (xmpp_stanza_t *el, const JdJingleReason *reason)
{
  jd_jingle_reason_build (el, reason);
  xmpp_stanza_set_ns (jd_stanza_get_child (el, "reason", NULL), JD_NS_JINGLE);
}

static void
build_jmi_element (xmpp_stanza_t *message, const JdJingleJmi *jmi)
{
  xmpp_stanza_t *el = jd_stanza_add_element (message, jd_jingle_jmi_action_to_string (jmi->action),
                                             JD_NS_JINGLE_MESSAGE);

  if (jmi->id != NULL)
    xmpp_stanza_set_attribute (el, "id", jmi->id);
  build_descriptions (el, jmi);
  if (jmi->reason != NULL)
    build_reason (el, jmi->reason);
  if (jmi->tie_break)
    jd_stanza_add_element (el, "tie-break", NULL);
  if (jmi->migrated_to != NULL)
    xmpp_stanza_set_attribute (jd_stanza_add_element (el, "migrated", NULL), "to",
                               jmi->migrated_to);
}

static void
build_delay (xmpp_stanza_t *message, GDateTime *delay)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (delay);
  g_autofree char *stamp = g_date_time_format_iso8601 (utc);
  xmpp_stanza_t *el = jd_stanza_add_element (message, "delay", JD_NS_DELAY);

  xmpp_stanza_set_attribute (el, "stamp", stamp);
}

/* Returns: (transfer full) */
xmpp_stanza_t *
jd_jingle_jmi_build (xmpp_ctx_t *ctx, const JdJingleJmi *jmi)
{
  xmpp_stanza_t *message;

  g_return_val_if_fail (ctx != NULL && jmi != NULL, NULL);
  message = xmpp_message_new (ctx, jmi->type, jmi->to, jmi->message_id);
  if (jmi->from != NULL)
    xmpp_stanza_set_from (message, jmi->from);
  build_jmi_element (message, jmi);
  if (jmi->store)
    jd_stanza_add_element (message, "store", JD_NS_HINTS);
  if (jmi->delay != NULL)
    build_delay (message, jmi->delay);
  return message;
}
