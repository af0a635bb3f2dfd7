/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-info: the XEP-0166 §7.4 <reason/> and the session-info
 * payloads: XEP-0167 §8 (active, hold, unhold, mute, unmute, ringing in
 * urn:xmpp:jingle:apps:rtp:info:1) and XEP-0181 <dtmf/>.
 */
#include "jd-jingle-message-private.h"

#include <string.h>

#include "jd-jingle-xml.h"
#include "jd-stanza.h"

/* Reasons */

/* Returns: (transfer full) */
JdJingleReason *
jd_jingle_reason_new (JdJingleReasonType type, const char *text)
{
  JdJingleReason *r = g_new0 (JdJingleReason, 1);

  r->type = type;
  r->text = g_strdup (text);
  return r;
}

/* Returns: (transfer full) */
JdJingleReason *
jd_jingle_reason_copy (const JdJingleReason *r)
{
  JdJingleReason *copy;

  g_return_val_if_fail (r != NULL, NULL);
  copy = jd_jingle_reason_new (r->type, r->text);
  copy->alternative_sid = g_strdup (r->alternative_sid);
  copy->detail_name = g_strdup (r->detail_name);
  copy->detail_ns = g_strdup (r->detail_ns);
  return copy;
}

void
jd_jingle_reason_free (JdJingleReason *r)
{
  if (r == NULL)
    return;
  g_free (r->text);
  g_free (r->alternative_sid);
  g_free (r->detail_name);
  g_free (r->detail_ns);
  g_free (r);
}

/* The <sid/> only exists inside <alternative-session/>. */
gboolean
jd_jingle_reason_equal (const JdJingleReason *a, const JdJingleReason *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->type == b->type && g_strcmp0 (a->text, b->text) == 0 &&
         (a->type != JD_JINGLE_REASON_ALTERNATIVE_SESSION ||
          g_strcmp0 (a->alternative_sid, b->alternative_sid) == 0) &&
         g_strcmp0 (a->detail_name, b->detail_name) == 0 &&
         (a->detail_name == NULL || g_strcmp0 (a->detail_ns, b->detail_ns) == 0);
}

/* Keeps the name and namespace of an element we do not understand, so
 * that it can be built again. */
static gboolean
keep_element (xmpp_stanza_t *el, const char *ns, char **name, char **ns_out, GError **error)
{
  if (!jd_jingle_xml_check_length (el, "name", xmpp_stanza_get_name (el), error) ||
      !jd_jingle_xml_check_length (el, "xmlns", ns, error))
    return FALSE;
  *name = g_strdup (xmpp_stanza_get_name (el));
  *ns_out = g_strdup (ns);
  return TRUE;
}

static gboolean
parse_condition (JdJingleReason *r, xmpp_stanza_t *c, gboolean *found, GError **error)
{
  if (!jd_jingle_reason_from_string (xmpp_stanza_get_name (c), &r->type))
    return TRUE; /* a condition from the future: not one we can act on */
  *found = TRUE;
  if (r->type != JD_JINGLE_REASON_ALTERNATIVE_SESSION)
    return TRUE;
  /* XEP-0166 §7.4: the other session's id SHOULD be in a <sid/> child. */
  for (xmpp_stanza_t *s = jd_jingle_xml_first_tag (c); s != NULL; s = jd_jingle_xml_next_tag (s))
    {
      if (jd_jingle_xml_is (s, "sid", JD_NS_JINGLE, JD_NS_JINGLE))
        return jd_jingle_xml_text (s, &r->alternative_sid, error);
    }
  return TRUE;
}

/* Sorts one child of <reason/>: the condition and <text/> in the Jingle
 * namespace, the first element of any other namespace as the detail. */
static gboolean
parse_reason_child (JdJingleReason *r, xmpp_stanza_t *c, gboolean *found, GError **error)
{
  const char *ns = jd_jingle_xml_ns (c, JD_NS_JINGLE);

  if (g_strcmp0 (ns, JD_NS_JINGLE) != 0)
    return r->detail_name != NULL ||
           keep_element (c, ns, &r->detail_name, &r->detail_ns, error);
  if (g_strcmp0 (xmpp_stanza_get_name (c), "text") == 0)
    return r->text != NULL || jd_jingle_xml_text (c, &r->text, error);
  return *found || parse_condition (r, c, found, error);
}

/* XEP-0166 §7.4: "The <reason/> element MUST contain an element that
 * provides machine-readable information about the condition". */
JdJingleReason *
jd_jingle_reason_parse (xmpp_stanza_t *el, GError **error)
{
  g_autoptr (JdJingleReason) r = jd_jingle_reason_new (JD_JINGLE_REASON_SUCCESS, NULL);
  gboolean found = FALSE;

  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_reason_child (r, c, &found, error))
        return NULL;
    }
  if (!found)
    {
      jd_jingle_xml_bad (error, el, "no condition (XEP-0166 §7.4)");
      return NULL;
    }
  return g_steal_pointer (&r);
}

void
jd_jingle_reason_build (xmpp_stanza_t *jingle, const JdJingleReason *reason)
{
  xmpp_stanza_t *el = jd_stanza_add_element (jingle, "reason", NULL);
  xmpp_stanza_t *cond;

  cond = jd_stanza_add_element (el, jd_jingle_reason_to_string (reason->type), NULL);
  if (reason->type == JD_JINGLE_REASON_ALTERNATIVE_SESSION && reason->alternative_sid != NULL)
    jd_jingle_xml_set_text (jd_stanza_add_element (cond, "sid", NULL), reason->alternative_sid);
  if (reason->text != NULL)
    jd_stanza_add_text_child (el, "text", reason->text);
  if (reason->detail_name != NULL)
    jd_stanza_add_element (el, reason->detail_name, reason->detail_ns);
}

/* Session-info payloads */

/* The XEP-0167 §8 payloads, by JdJingleInfoType. */
static const char *const rtp_info_names[] = {
  [JD_JINGLE_INFO_ACTIVE] = "active",
  [JD_JINGLE_INFO_HOLD] = "hold",
  [JD_JINGLE_INFO_UNHOLD] = "unhold",
  [JD_JINGLE_INFO_MUTE] = "mute",
  [JD_JINGLE_INFO_UNMUTE] = "unmute",
  [JD_JINGLE_INFO_RINGING] = "ringing",
  [JD_JINGLE_INFO_DTMF] = NULL,
};

/* Returns: (transfer full) */
JdJingleInfo *
jd_jingle_info_new (JdJingleInfoType type)
{
  JdJingleInfo *i = g_new0 (JdJingleInfo, 1);

  i->type = type;
  i->creator = JD_JINGLE_CREATOR_INITIATOR;
  return i;
}

/* Returns: (transfer full) */
JdJingleInfo *
jd_jingle_info_copy (const JdJingleInfo *i)
{
  JdJingleInfo *copy;

  g_return_val_if_fail (i != NULL, NULL);
  copy = g_memdup2 (i, sizeof *i);
  copy->name = g_strdup (i->name);
  copy->payload_name = g_strdup (i->payload_name);
  copy->payload_ns = g_strdup (i->payload_ns);
  return copy;
}

void
jd_jingle_info_free (JdJingleInfo *i)
{
  if (i == NULL)
    return;
  g_free (i->name);
  g_free (i->payload_name);
  g_free (i->payload_ns);
  g_free (i);
}

static gboolean
is_mute (JdJingleInfoType type)
{
  return type == JD_JINGLE_INFO_MUTE || type == JD_JINGLE_INFO_UNMUTE;
}

/* Compares what the payload of each type carries; no info at all is a
 * ping, like JD_JINGLE_INFO_NONE. */
gboolean
jd_jingle_info_equal (const JdJingleInfo *a, const JdJingleInfo *b)
{
  JdJingleInfoType type = a != NULL ? a->type : JD_JINGLE_INFO_NONE;

  if (type != (b != NULL ? b->type : JD_JINGLE_INFO_NONE))
    return FALSE;
  if (is_mute (type))
    return a->creator == b->creator && g_strcmp0 (a->name, b->name) == 0;
  if (type == JD_JINGLE_INFO_DTMF)
    return a->dtmf_code == b->dtmf_code && a->dtmf_duration == b->dtmf_duration &&
           a->dtmf_volume == b->dtmf_volume;
  if (type == JD_JINGLE_INFO_UNKNOWN)
    return g_strcmp0 (a->payload_name, b->payload_name) == 0 &&
           g_strcmp0 (a->payload_ns, b->payload_ns) == 0;
  return TRUE;
}

/* XEP-0167 §8.3 (schema): 'creator' is REQUIRED on mute/unmute; like the
 * content 'creator' (XEP-0166 §7.3) a missing one means the initiator.
 * No 'name' means every content. */
static gboolean
parse_mute (xmpp_stanza_t *el, JdJingleInfo *info, GError **error)
{
  const char *creator = NULL;

  if (!jd_jingle_xml_attr (el, "creator", FALSE, &creator, error) ||
      !jd_jingle_xml_dup_attr (el, "name", FALSE, &info->name, error))
    return FALSE;
  if (creator != NULL && !jd_jingle_creator_from_string (creator, &info->creator))
    {
      jd_jingle_xml_bad (error, el, "unknown 'creator' '%.32s'", creator);
      return FALSE;
    }
  return TRUE;
}

/* XEP-0181 §2: 'code' is one of 0-9 # * A-D; 'duration' a non-negative
 * number of ms; 'volume' 0-63 (dBm0 below zero). */
static gboolean
parse_dtmf (xmpp_stanza_t *el, JdJingleInfo *info, GError **error)
{
  const char *code = NULL;
  guint64 duration = 0, volume = 0;

  if (!jd_jingle_xml_attr (el, "code", TRUE, &code, error) ||
      !jd_jingle_xml_uint (el, "duration", FALSE, 0, G_MAXUINT32, &duration, error) ||
      !jd_jingle_xml_uint (el, "volume", FALSE, 0, 63, &volume, error))
    return FALSE;
  if (strlen (code) != 1 || strchr ("0123456789*#ABCD", code[0]) == NULL)
    {
      jd_jingle_xml_bad (error, el, "'code' '%.8s' is not one of 0-9 * # A-D", code);
      return FALSE;
    }
  info->dtmf_code = code[0];
  info->dtmf_duration = (guint) duration;
  info->dtmf_volume = (guint) volume;
  return TRUE;
}

static JdJingleInfoType
payload_type (xmpp_stanza_t *el, const char *ns)
{
  const char *name = xmpp_stanza_get_name (el);

  if (g_strcmp0 (ns, JD_NS_JINGLE_DTMF) == 0 && g_strcmp0 (name, "dtmf") == 0)
    return JD_JINGLE_INFO_DTMF;
  if (g_strcmp0 (ns, JD_NS_JINGLE_RTP_INFO) != 0)
    return JD_JINGLE_INFO_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (rtp_info_names); i++)
    {
      if (g_strcmp0 (rtp_info_names[i], name) == 0)
        return (JdJingleInfoType) i;
    }
  return JD_JINGLE_INFO_UNKNOWN;
}

static JdJingleInfo *
parse_payload (xmpp_stanza_t *el, JdJingleInfoType type, GError **error)
{
  g_autoptr (JdJingleInfo) info = jd_jingle_info_new (type);

  if (is_mute (type) && !parse_mute (el, info, error))
    return NULL;
  if (type == JD_JINGLE_INFO_DTMF && !parse_dtmf (el, info, error))
    return NULL;
  return g_steal_pointer (&info);
}

/* XEP-0166 §6.8: the payload is a child in another namespace than
 * Jingle's; none at all is a ping.  A payload we know wins over one we
 * do not; of those, the first is kept for the unsupported-info answer. */
JdJingleInfo *
jd_jingle_info_parse (xmpp_stanza_t *jingle, GError **error)
{
  g_autoptr (JdJingleInfo) unknown = NULL;

  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (jingle); c != NULL;
       c = jd_jingle_xml_next_tag (c))
    {
      const char *ns = jd_jingle_xml_ns (c, JD_NS_JINGLE);
      JdJingleInfoType type = payload_type (c, ns);

      if (g_strcmp0 (ns, JD_NS_JINGLE) == 0)
        continue;
      if (type != JD_JINGLE_INFO_UNKNOWN)
        return parse_payload (c, type, error);
      if (unknown == NULL)
        {
          unknown = jd_jingle_info_new (JD_JINGLE_INFO_UNKNOWN);
          if (!keep_element (c, ns, &unknown->payload_name, &unknown->payload_ns, error))
            return NULL;
        }
    }
  return unknown != NULL ? g_steal_pointer (&unknown) : jd_jingle_info_new (JD_JINGLE_INFO_NONE);
}

static void
build_dtmf (xmpp_stanza_t *el, const JdJingleInfo *info)
{
  char code[2] = { info->dtmf_code, '\0' };

  xmpp_stanza_set_attribute (el, "code", code);
  if (info->dtmf_duration != 0)
    jd_jingle_xml_set_uint (el, "duration", info->dtmf_duration);
  if (info->dtmf_volume != 0)
    jd_jingle_xml_set_uint (el, "volume", info->dtmf_volume);
}

void
jd_jingle_info_build (xmpp_stanza_t *jingle, const JdJingleInfo *info)
{
  xmpp_stanza_t *el;

  if (info == NULL || info->type == JD_JINGLE_INFO_NONE)
    return;
  g_return_if_fail ((guint) info->type <= JD_JINGLE_INFO_UNKNOWN);
  if (info->type == JD_JINGLE_INFO_UNKNOWN)
    {
      if (info->payload_name != NULL)
        jd_stanza_add_element (jingle, info->payload_name, info->payload_ns);
      return;
    }
  if (info->type == JD_JINGLE_INFO_DTMF)
    {
      build_dtmf (jd_stanza_add_element (jingle, "dtmf", JD_NS_JINGLE_DTMF), info);
      return;
    }
  el = jd_stanza_add_element (jingle, rtp_info_names[info->type], JD_NS_JINGLE_RTP_INFO);
  if (is_mute (info->type))
    {
      xmpp_stanza_set_attribute (el, "creator", jd_jingle_creator_to_string (info->creator));
      if (info->name != NULL)
        xmpp_stanza_set_attribute (el, "name", info->name);
    }
}
