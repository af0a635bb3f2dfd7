/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-transport-jingle: JdJingleCandidate <-> NiceCandidate, and Jingle
 * <transport/> values <-> JdTransport credentials and candidates.
 */
#include "jd-transport-jingle.h"

#include <string.h>

/* XEP-0176 §5.1 candidate types are the RFC 8445 §5.1.1 ones. */
static const struct {
  JdJingleCandidateType jingle;
  NiceCandidateType nice;
} type_map[] = {
  { JD_JINGLE_CANDIDATE_HOST, NICE_CANDIDATE_TYPE_HOST },
  { JD_JINGLE_CANDIDATE_SRFLX, NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE },
  { JD_JINGLE_CANDIDATE_PRFLX, NICE_CANDIDATE_TYPE_PEER_REFLEXIVE },
  { JD_JINGLE_CANDIDATE_RELAY, NICE_CANDIDATE_TYPE_RELAYED },
};

static NiceCandidateType
type_to_nice (JdJingleCandidateType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_map); i++)
    {
      if (type_map[i].jingle == type)
        return type_map[i].nice;
    }
  return NICE_CANDIDATE_TYPE_HOST;
}

static JdJingleCandidateType
type_to_jingle (NiceCandidateType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_map); i++)
    {
      if (type_map[i].nice == type)
        return type_map[i].jingle;
    }
  return JD_JINGLE_CANDIDATE_HOST;
}

static gboolean
invalid (GError **error, const char *what)
{
  g_set_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT,
               "unusable Jingle candidate: %s", what);
  return FALSE;
}

static gboolean
set_address (NiceAddress *addr, const char *ip, guint16 port)
{
  nice_address_init (addr);
  if (ip == NULL || !nice_address_set_from_string (addr, ip))
    return FALSE;
  nice_address_set_port (addr, port);
  return TRUE;
}

/* The ICE-only attributes (XEP-0176 §5.1): foundation, priority,
 * protocol and the related address of a reflexive or relayed candidate. */
static gboolean
ice_fields_from_jingle (const JdJingleCandidate *c, NiceCandidate *nc, GError **error)
{
  if (g_ascii_strcasecmp (c->protocol != NULL ? c->protocol : "", "udp") != 0)
    return invalid (error, "ICE-UDP carries protocol udp only");
  /* RFC 8445 §5.1.1.3: at most 32 characters. */
  if (c->foundation == NULL || c->foundation[0] == '\0' ||
      strlen (c->foundation) >= NICE_CANDIDATE_MAX_FOUNDATION)
    return invalid (error, "foundation missing or longer than 32 characters");
  g_strlcpy (nc->foundation, c->foundation, sizeof nc->foundation);
  nc->priority = c->priority;
  if (c->rel_addr != NULL && !set_address (&nc->base_addr, c->rel_addr, c->rel_port))
    return invalid (error, "rel-addr is not an IP address");
  return TRUE;
}

/* What both XEP-0176 and XEP-0177 candidates carry. */
static gboolean
common_fields_from_jingle (const JdJingleCandidate *c, NiceCandidate *nc, GError **error)
{
  if (c->component < 1 || c->component > 255)
    return invalid (error, "component out of range");
  if (c->port == 0 || !set_address (&nc->addr, c->ip, c->port))
    return invalid (error, "ip/port is not a UDP address");
  nc->component_id = c->component;
  nc->transport = NICE_CANDIDATE_TRANSPORT_UDP;
  return TRUE;
}

/* Returns: (transfer full) */
NiceCandidate *
jd_transport_candidate_from_jingle (const JdJingleCandidate *candidate,
                                    JdJingleTransportType type, GError **error)
{
  g_autoptr (NiceCandidate) nc = NULL;

  g_return_val_if_fail (candidate != NULL, NULL);
  nc = nice_candidate_new (type_to_nice (candidate->type));
  if (!common_fields_from_jingle (candidate, nc, error))
    return NULL;
  if (type == JD_JINGLE_TRANSPORT_ICE_UDP)
    {
      if (!ice_fields_from_jingle (candidate, nc, error))
        return NULL;
    }
  else
    {
      /* XEP-0177 has no foundation; libnice wants one for its pairs. */
      g_strlcpy (nc->foundation, "1", sizeof nc->foundation);
    }
  return g_steal_pointer (&nc);
}

static char *
address_string (const NiceAddress *addr)
{
  char buf[NICE_ADDRESS_STRING_LEN];

  nice_address_to_string (addr, buf);
  return g_strdup (buf);
}

/* Returns: (transfer full) */
JdJingleCandidate *
jd_transport_candidate_to_jingle (const NiceCandidate *candidate,
                                  JdJingleTransportType type, guint generation)
{
  JdJingleCandidate *c;

  g_return_val_if_fail (candidate != NULL, NULL);
  c = jd_jingle_candidate_new ();
  c->component = candidate->component_id;
  c->generation = generation;
  /* XEP-0176 §5.1: unique within the session; a random one is. */
  c->id = g_uuid_string_random ();
  c->ip = address_string (&candidate->addr);
  c->port = (guint16) nice_address_get_port (&candidate->addr);
  c->type = type_to_jingle (candidate->type);
  if (type != JD_JINGLE_TRANSPORT_ICE_UDP)
    return c;
  c->foundation = g_strdup (candidate->foundation);
  c->priority = candidate->priority;
  c->protocol = g_strdup ("udp");
  if (candidate->type != NICE_CANDIDATE_TYPE_HOST &&
      nice_address_is_valid (&candidate->base_addr))
    {
      c->rel_addr = address_string (&candidate->base_addr);
      c->rel_port = (guint16) nice_address_get_port (&candidate->base_addr);
    }
  return c;
}

JdJingleTransportType
jd_transport_jingle_type (JdTransport *transport)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (transport), JD_JINGLE_TRANSPORT_NONE);
  if (JD_IS_TRANSPORT_RAW_UDP (transport))
    return JD_JINGLE_TRANSPORT_RAW_UDP;
  return JD_JINGLE_TRANSPORT_ICE_UDP;
}

/* Returns: (transfer full) */
JdJingleTransport *
jd_transport_jingle_describe (JdTransport *transport, GPtrArray *candidates,
                              guint generation)
{
  JdJingleTransportType type = jd_transport_jingle_type (transport);
  JdJingleTransport *t = jd_jingle_transport_new (type);

  jd_transport_get_local_credentials (transport, &t->ufrag, &t->pwd);
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    g_ptr_array_add (t->candidates,
                     jd_transport_candidate_to_jingle (candidates->pdata[i], type, generation));
  return t;
}

gboolean
jd_transport_jingle_apply_remote (JdTransport *transport, const JdJingleTransport *remote,
                                  GError **error)
{
  g_return_val_if_fail (JD_IS_TRANSPORT (transport), FALSE);
  g_return_val_if_fail (remote != NULL, FALSE);
  /* XEP-0176 §5.2: a transport-info may carry candidates only. */
  if (remote->ufrag != NULL && remote->pwd != NULL &&
      !jd_transport_set_remote_credentials (transport, remote->ufrag, remote->pwd, error))
    return FALSE;
  for (guint i = 0; remote->candidates != NULL && i < remote->candidates->len; i++)
    {
      g_autoptr (NiceCandidate) nc =
        jd_transport_candidate_from_jingle (remote->candidates->pdata[i], remote->type, error);

      if (nc == NULL || !jd_transport_add_remote_candidate (transport, nc, error))
        return FALSE;
    }
  return TRUE;
}
