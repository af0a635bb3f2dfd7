/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-candidate: the XEP-0176 ICE-UDP <candidate/> and
 * <remote-candidate/>, and the XEP-0177 raw-UDP <candidate/>.
 */
#include "jd-jingle-transport-private.h"

#include <gio/gio.h>

#include "jd-jingle-xml.h"
#include "jd-stanza.h"

static const char *const type_names[JD_JINGLE_N_CANDIDATE_TYPES] = {
  [JD_JINGLE_CANDIDATE_HOST] = "host",
  [JD_JINGLE_CANDIDATE_PRFLX] = "prflx",
  [JD_JINGLE_CANDIDATE_RELAY] = "relay",
  [JD_JINGLE_CANDIDATE_SRFLX] = "srflx",
};

const char *
jd_jingle_candidate_type_to_string (JdJingleCandidateType type)
{
  g_return_val_if_fail ((guint) type < JD_JINGLE_N_CANDIDATE_TYPES, NULL);
  return type_names[type];
}

gboolean
jd_jingle_candidate_type_from_string (const char *str, JdJingleCandidateType *out)
{
  for (guint i = 0; i < JD_JINGLE_N_CANDIDATE_TYPES; i++)
    {
      if (g_strcmp0 (type_names[i], str) == 0)
        {
          *out = (JdJingleCandidateType) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns: (transfer full): a host candidate for component 1 (RTP),
 * every other field empty. */
JdJingleCandidate *
jd_jingle_candidate_new (void)
{
  JdJingleCandidate *c = g_new0 (JdJingleCandidate, 1);

  c->component = 1;
  c->type = JD_JINGLE_CANDIDATE_HOST;
  return c;
}

/* Returns: (transfer full) */
JdJingleCandidate *
jd_jingle_candidate_copy (const JdJingleCandidate *c)
{
  JdJingleCandidate *copy;

  g_return_val_if_fail (c != NULL, NULL);
  copy = g_memdup2 (c, sizeof *c);
  copy->foundation = g_strdup (c->foundation);
  copy->id = g_strdup (c->id);
  copy->ip = g_strdup (c->ip);
  copy->protocol = g_strdup (c->protocol);
  copy->rel_addr = g_strdup (c->rel_addr);
  return copy;
}

void
jd_jingle_candidate_free (JdJingleCandidate *c)
{
  if (c == NULL)
    return;
  g_free (c->foundation);
  g_free (c->id);
  g_free (c->ip);
  g_free (c->protocol);
  g_free (c->rel_addr);
  g_free (c);
}

gboolean
jd_jingle_candidate_equal (const JdJingleCandidate *a, const JdJingleCandidate *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->component == b->component && g_strcmp0 (a->foundation, b->foundation) == 0 &&
         a->generation == b->generation && g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->ip, b->ip) == 0 && a->network == b->network && a->port == b->port &&
         a->priority == b->priority && g_strcmp0 (a->protocol, b->protocol) == 0 &&
         g_strcmp0 (a->rel_addr, b->rel_addr) == 0 && a->rel_port == b->rel_port &&
         a->type == b->type;
}

/* XEP-0176 §5.3 and XEP-0177 §4: "either an IPv4 address or an IPv6
 * address", i.e. a literal, never a host name. */
static gboolean
parse_ip (xmpp_stanza_t *el, const char *attr, gboolean required, char **out, GError **error)
{
  const char *value = NULL;
  g_autoptr (GInetAddress) address = NULL;

  if (!jd_jingle_xml_attr (el, attr, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  address = g_inet_address_new_from_string (value);
  if (address == NULL)
    {
      jd_jingle_xml_bad (error, el, "'%s' is not an IPv4 or IPv6 address: '%.64s'", attr, value);
      return FALSE;
    }
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
parse_type (xmpp_stanza_t *el, gboolean required, JdJingleCandidateType *type, GError **error)
{
  const char *value = NULL;

  if (!jd_jingle_xml_attr (el, "type", required, &value, error))
    return FALSE;
  if (value != NULL && !jd_jingle_candidate_type_from_string (value, type))
    {
      jd_jingle_xml_bad (error, el, "unknown 'type' '%.32s'", value);
      return FALSE;
    }
  return TRUE;
}

/* What every form has: component (an unsignedByte, and ICE numbers them
 * from 1), ip and port (0 is no port to send to). */
static gboolean
parse_address (xmpp_stanza_t *el, JdJingleCandidate *c, GError **error)
{
  guint64 component = 0, port = 0;

  if (!jd_jingle_xml_uint (el, "component", TRUE, 1, 255, &component, error) ||
      !parse_ip (el, "ip", TRUE, &c->ip, error) ||
      !jd_jingle_xml_uint (el, "port", TRUE, 1, 65535, &port, error))
    return FALSE;
  c->component = (guint) component;
  c->port = (guint16) port;
  return TRUE;
}

/* The schemas make generation and id REQUIRED, but the header keeps them
 * optional: a missing generation is the first one, 0. */
static gboolean
parse_common (xmpp_stanza_t *el, JdJingleCandidate *c, GError **error)
{
  guint64 generation = 0;

  if (!parse_address (el, c, error) ||
      !jd_jingle_xml_uint (el, "generation", FALSE, 0, 255, &generation, error) ||
      !jd_jingle_xml_dup_attr (el, "id", FALSE, &c->id, error))
    return FALSE;
  c->generation = (guint) generation;
  return TRUE;
}

/* XEP-0176 §5.3: the ICE attributes; rel-port may be 0 (browsers hide
 * the related address as 0.0.0.0:0). */
static gboolean
parse_ice (xmpp_stanza_t *el, JdJingleCandidate *c, GError **error)
{
  guint64 network = 0, priority = 0, rel_port = 0;

  if (!jd_jingle_xml_dup_attr (el, "foundation", TRUE, &c->foundation, error) ||
      !jd_jingle_xml_uint (el, "network", FALSE, 0, 255, &network, error) ||
      !jd_jingle_xml_uint (el, "priority", TRUE, 1, G_MAXUINT32, &priority, error) ||
      !jd_jingle_xml_dup_attr (el, "protocol", TRUE, &c->protocol, error) ||
      !parse_ip (el, "rel-addr", FALSE, &c->rel_addr, error) ||
      !jd_jingle_xml_uint (el, "rel-port", FALSE, 0, 65535, &rel_port, error) ||
      !parse_type (el, TRUE, &c->type, error))
    return FALSE;
  c->network = (guint) network;
  c->priority = (guint32) priority;
  c->rel_port = (guint16) rel_port;
  return TRUE;
}

/* Returns: (transfer full) (nullable) */
JdJingleCandidate *
jd_jingle_candidate_parse (xmpp_stanza_t *el, JdJingleCandidateForm form, GError **error)
{
  g_autoptr (JdJingleCandidate) c = jd_jingle_candidate_new ();
  gboolean ok = FALSE;

  switch (form)
    {
    case JD_JINGLE_CANDIDATE_ICE:
      ok = parse_common (el, c, error) && parse_ice (el, c, error);
      break;
    case JD_JINGLE_CANDIDATE_RAW:
      /* XEP-0177 §4: 'type' is an OPTIONAL hint. */
      ok = parse_common (el, c, error) && parse_type (el, FALSE, &c->type, error);
      break;
    case JD_JINGLE_CANDIDATE_REMOTE:
      /* XEP-0176 §5.7: component, ip and port only. */
      ok = parse_address (el, c, error);
      break;
    }
  return ok ? g_steal_pointer (&c) : NULL;
}

static void
set_optional (xmpp_stanza_t *el, const char *attr, const char *value)
{
  if (value != NULL)
    xmpp_stanza_set_attribute (el, attr, value);
}

static void
build_ice (xmpp_stanza_t *el, const JdJingleCandidate *c)
{
  set_optional (el, "foundation", c->foundation);
  jd_jingle_xml_set_uint (el, "network", c->network);
  jd_jingle_xml_set_uint (el, "priority", c->priority);
  set_optional (el, "protocol", c->protocol);
  set_optional (el, "rel-addr", c->rel_addr);
  if (c->rel_port != 0)
    jd_jingle_xml_set_uint (el, "rel-port", c->rel_port);
}

void
jd_jingle_candidate_build (xmpp_stanza_t *parent, const JdJingleCandidate *c,
                           JdJingleCandidateForm form)
{
  gboolean remote = form == JD_JINGLE_CANDIDATE_REMOTE;
  xmpp_stanza_t *el = jd_stanza_add_element (parent, remote ? "remote-candidate" : "candidate",
                                             NULL);

  jd_jingle_xml_set_uint (el, "component", c->component);
  set_optional (el, "ip", c->ip);
  jd_jingle_xml_set_uint (el, "port", c->port);
  if (remote)
    return;
  jd_jingle_xml_set_uint (el, "generation", c->generation);
  set_optional (el, "id", c->id);
  if (form == JD_JINGLE_CANDIDATE_ICE)
    build_ice (el, c);
  xmpp_stanza_set_attribute (el, "type", jd_jingle_candidate_type_to_string (c->type));
}
