/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-transport: the XEP-0176 ICE-UDP and XEP-0177 raw-UDP
 * <transport/>, with the XEP-0320 DTLS <fingerprint/>.  The candidates
 * themselves are in jd-jingle-candidate.c.
 */
#include "jd-jingle-transport.h"

#include "jd-jingle-transport-private.h"
#include "jd-jingle-xml.h"
#include "jd-stanza.h"

/* Fingerprints */

/* Returns: (transfer full) */
JdJingleFingerprint *
jd_jingle_fingerprint_new (const char *hash, const char *setup, const char *value)
{
  JdJingleFingerprint *fp = g_new0 (JdJingleFingerprint, 1);

  fp->hash = g_strdup (hash);
  fp->setup = g_strdup (setup);
  fp->value = g_strdup (value);
  return fp;
}

/* Returns: (transfer full) */
JdJingleFingerprint *
jd_jingle_fingerprint_copy (const JdJingleFingerprint *fp)
{
  g_return_val_if_fail (fp != NULL, NULL);
  return jd_jingle_fingerprint_new (fp->hash, fp->setup, fp->value);
}

void
jd_jingle_fingerprint_free (JdJingleFingerprint *fp)
{
  if (fp == NULL)
    return;
  g_free (fp->hash);
  g_free (fp->setup);
  g_free (fp->value);
  g_free (fp);
}

gboolean
jd_jingle_fingerprint_equal (const JdJingleFingerprint *a, const JdJingleFingerprint *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->hash, b->hash) == 0 && g_strcmp0 (a->setup, b->setup) == 0 &&
         g_strcmp0 (a->value, b->value) == 0;
}

/* XEP-0320 §1 and its schema: 'hash' and 'setup' are REQUIRED, setup is one of
 * the RFC 4145 roles.  The examples wrap the hex in white space, which is
 * not part of it. */
static JdJingleFingerprint *
parse_fingerprint (xmpp_stanza_t *el, GError **error)
{
  static const char *const setups[] = { "actpass", "active", "passive", "holdconn", NULL };
  const char *hash = NULL, *setup = NULL;
  g_autofree char *value = NULL;

  if (!jd_jingle_xml_attr (el, "hash", TRUE, &hash, error) ||
      !jd_jingle_xml_attr (el, "setup", TRUE, &setup, error) ||
      !jd_jingle_xml_text (el, &value, error))
    return NULL;
  if (!g_strv_contains (setups, setup))
    {
      jd_jingle_xml_bad (error, el, "'setup' '%.32s' is not actpass, active, passive or holdconn",
                         setup);
      return NULL;
    }
  if (value == NULL)
    {
      jd_jingle_xml_bad (error, el, "the fingerprint value is empty");
      return NULL;
    }
  return jd_jingle_fingerprint_new (hash, setup, value);
}

static void
build_fingerprint (xmpp_stanza_t *parent, const JdJingleFingerprint *fp)
{
  xmpp_stanza_t *el = jd_stanza_add_element (parent, "fingerprint", JD_NS_JINGLE_DTLS);

  if (fp->hash != NULL)
    xmpp_stanza_set_attribute (el, "hash", fp->hash);
  if (fp->setup != NULL)
    xmpp_stanza_set_attribute (el, "setup", fp->setup);
  if (fp->value != NULL)
    jd_jingle_xml_set_text (el, fp->value);
}

/* Transports */

const char *
jd_jingle_transport_type_to_ns (JdJingleTransportType type)
{
  switch (type)
    {
    case JD_JINGLE_TRANSPORT_ICE_UDP:
      return JD_NS_JINGLE_ICE_UDP;
    case JD_JINGLE_TRANSPORT_RAW_UDP:
      return JD_NS_JINGLE_RAW_UDP;
    case JD_JINGLE_TRANSPORT_NONE:
    default:
      return NULL;
    }
}

/* Returns: (transfer full) */
JdJingleTransport *
jd_jingle_transport_new (JdJingleTransportType type)
{
  JdJingleTransport *t = g_new0 (JdJingleTransport, 1);

  t->type = type;
  t->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_candidate_free);
  return t;
}

/* Returns: (transfer full) */
JdJingleTransport *
jd_jingle_transport_copy (const JdJingleTransport *t)
{
  JdJingleTransport *copy;

  g_return_val_if_fail (t != NULL, NULL);
  copy = g_new0 (JdJingleTransport, 1);
  copy->type = t->type;
  copy->ufrag = g_strdup (t->ufrag);
  copy->pwd = g_strdup (t->pwd);
  copy->candidates = jd_jingle_array_copy (t->candidates,
                                           (JdJingleCopyFunc) jd_jingle_candidate_copy,
                                           (GDestroyNotify) jd_jingle_candidate_free);
  if (t->remote_candidate != NULL)
    copy->remote_candidate = jd_jingle_candidate_copy (t->remote_candidate);
  if (t->fingerprint != NULL)
    copy->fingerprint = jd_jingle_fingerprint_copy (t->fingerprint);
  return copy;
}

void
jd_jingle_transport_free (JdJingleTransport *t)
{
  if (t == NULL)
    return;
  g_free (t->ufrag);
  g_free (t->pwd);
  g_clear_pointer (&t->candidates, g_ptr_array_unref);
  g_clear_pointer (&t->remote_candidate, jd_jingle_candidate_free);
  g_clear_pointer (&t->fingerprint, jd_jingle_fingerprint_free);
  g_free (t);
}

gboolean
jd_jingle_transport_equal (const JdJingleTransport *a, const JdJingleTransport *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->type == b->type && g_strcmp0 (a->ufrag, b->ufrag) == 0 &&
         g_strcmp0 (a->pwd, b->pwd) == 0 &&
         jd_jingle_array_equal (a->candidates, b->candidates,
                                (JdJingleEqualFunc) jd_jingle_candidate_equal) &&
         jd_jingle_candidate_equal (a->remote_candidate, b->remote_candidate) &&
         jd_jingle_fingerprint_equal (a->fingerprint, b->fingerprint);
}

static gboolean
add_candidate (JdJingleTransport *t, xmpp_stanza_t *el, GError **error)
{
  JdJingleCandidateForm form = t->type == JD_JINGLE_TRANSPORT_ICE_UDP ? JD_JINGLE_CANDIDATE_ICE
                                                                     : JD_JINGLE_CANDIDATE_RAW;
  JdJingleCandidate *c;

  if (!jd_jingle_xml_check_limit (el, t->candidates->len, JD_JINGLE_MAX_CANDIDATES, error) ||
      (c = jd_jingle_candidate_parse (el, form, error)) == NULL)
    return FALSE;
  g_ptr_array_add (t->candidates, c);
  return TRUE;
}

/* Only the first <remote-candidate/> and <fingerprint/> count; anything
 * unknown is an extension we ignore. */
static gboolean
parse_child (JdJingleTransport *t, xmpp_stanza_t *c, const char *ns, GError **error)
{
  if (jd_jingle_xml_is (c, "candidate", ns, ns))
    return add_candidate (t, c, error);
  if (t->type == JD_JINGLE_TRANSPORT_ICE_UDP && t->remote_candidate == NULL &&
      jd_jingle_xml_is (c, "remote-candidate", ns, ns))
    {
      t->remote_candidate = jd_jingle_candidate_parse (c, JD_JINGLE_CANDIDATE_REMOTE, error);
      return t->remote_candidate != NULL;
    }
  if (t->fingerprint == NULL && jd_jingle_xml_is (c, "fingerprint", JD_NS_JINGLE_DTLS, ns))
    {
      t->fingerprint = parse_fingerprint (c, error);
      return t->fingerprint != NULL;
    }
  return TRUE;
}

/* XEP-0176 §5.3: 'ufrag' and 'pwd' MUST accompany candidates, but a
 * trickling peer may send an empty <transport/> first, so both stay
 * optional here. */
static gboolean
parse_transport_attrs (JdJingleTransport *t, xmpp_stanza_t *el, GError **error)
{
  if (t->type != JD_JINGLE_TRANSPORT_ICE_UDP)
    return TRUE;
  return jd_jingle_xml_dup_attr (el, "ufrag", FALSE, &t->ufrag, error) &&
         jd_jingle_xml_dup_attr (el, "pwd", FALSE, &t->pwd, error);
}

/* Returns: (transfer full) (nullable) */
JdJingleTransport *
jd_jingle_transport_parse (xmpp_stanza_t *el, GError **error)
{
  const char *ns;
  g_autoptr (JdJingleTransport) t = NULL;

  g_return_val_if_fail (el != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  ns = xmpp_stanza_get_ns (el);
  if (g_strcmp0 (ns, JD_NS_JINGLE_ICE_UDP) == 0)
    t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  else if (g_strcmp0 (ns, JD_NS_JINGLE_RAW_UDP) == 0)
    t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_RAW_UDP);
  else
    {
      jd_jingle_xml_bad (error, el, "unsupported transport namespace '%.64s'", ns ? ns : "");
      return NULL;
    }
  if (!parse_transport_attrs (t, el, error))
    return NULL;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_child (t, c, ns, error))
        return NULL;
    }
  return g_steal_pointer (&t);
}

/* Returns: (transfer full) (nullable): NULL for JD_JINGLE_TRANSPORT_NONE */
xmpp_stanza_t *
jd_jingle_transport_build (xmpp_ctx_t *ctx, const JdJingleTransport *t)
{
  JdJingleCandidateForm form;
  xmpp_stanza_t *el;

  g_return_val_if_fail (ctx != NULL && t != NULL, NULL);
  if (t->type == JD_JINGLE_TRANSPORT_NONE)
    return NULL;
  el = jd_stanza_new_element (ctx, "transport", jd_jingle_transport_type_to_ns (t->type));
  form = t->type == JD_JINGLE_TRANSPORT_ICE_UDP ? JD_JINGLE_CANDIDATE_ICE : JD_JINGLE_CANDIDATE_RAW;
  if (form == JD_JINGLE_CANDIDATE_ICE && t->ufrag != NULL)
    xmpp_stanza_set_attribute (el, "ufrag", t->ufrag);
  if (form == JD_JINGLE_CANDIDATE_ICE && t->pwd != NULL)
    xmpp_stanza_set_attribute (el, "pwd", t->pwd);
  if (t->fingerprint != NULL)
    build_fingerprint (el, t->fingerprint);
  for (guint i = 0; t->candidates != NULL && i < t->candidates->len; i++)
    jd_jingle_candidate_build (el, g_ptr_array_index (t->candidates, i), form);
  if (form == JD_JINGLE_CANDIDATE_ICE && t->remote_candidate != NULL)
    jd_jingle_candidate_build (el, t->remote_candidate, JD_JINGLE_CANDIDATE_REMOTE);
  return el;
}
