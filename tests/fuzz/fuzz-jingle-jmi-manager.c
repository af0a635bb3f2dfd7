/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for JdJingleJmiManager: what a peer (or a server replaying
 * history) can send a device.  The input is a series of <message/>s, one
 * per line; the first byte of a line says how it arrives (0: directly,
 * 1: received carbon, 2: sent carbon), the rest is the XML.  The manager
 * (bob@example.com/one) has one outgoing proposal to alice before the
 * first message, so glare and answers have something to meet.  It must
 * not crash, take exactly the messages that have a JMI child, never
 * hold more records than the proposals it saw plus its own, and still
 * know its own proposal's id (live or ended) as outgoing to alice.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-fuzz.h"
#include "jd-jingle-jmi-manager.h"

#define OWN_JID "bob@example.com/one"
#define MAX_MESSAGES 64

static xmpp_ctx_t *
get_ctx (void)
{
  static xmpp_ctx_t *ctx;

  if (ctx == NULL)
    ctx = xmpp_ctx_new (NULL, NULL);
  return ctx;
}

static xmpp_ctx_t *
backend_context (gpointer backend)
{
  return get_ctx ();
}

static const char *
backend_jid (gpointer backend)
{
  return OWN_JID;
}

/* What we send is built, so its building is exercised too, then dropped. */
static void
backend_send (gpointer backend, xmpp_stanza_t *stanza)
{
  guint *n_sent = backend;

  if (xmpp_stanza_get_to (stanza) == NULL)
    abort ();
  (*n_sent)++;
}

static const JdJingleBackend backend = {
  .get_context = backend_context,
  .get_own_jid = backend_jid,
  .send = backend_send,
};

static void
deliver (JdJingleJmiManager *mgr, const char *line, guint *n_proposes)
{
  JdMessageCarbon carbon = (JdMessageCarbon) ((guchar) line[0] % 3);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (get_ctx (), line + 1);
  gboolean is_jmi;

  if (stanza == NULL || g_strcmp0 (xmpp_stanza_get_name (stanza), "message") != 0)
    return;
  is_jmi = jd_jingle_jmi_find (stanza) != NULL;
  if (jd_jingle_jmi_manager_handle_message (mgr, stanza, carbon) != is_jmi)
    abort ();
  *n_proposes += is_jmi;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", MAX_MESSAGES);
  const JdJingleMedia audio = JD_JINGLE_MEDIA_AUDIO;
  guint n_sent = 0;
  guint n_jmi = 0;
  JdJingleJmiSidInfo info;
  g_autoptr (JdJingleJmiManager) mgr = jd_jingle_jmi_manager_new (&backend, &n_sent);
  g_autofree char *id = jd_jingle_jmi_manager_propose (mgr, "alice@example.com", &audio, 1);

  if (id == NULL || n_sent != 1)
    abort ();
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        deliver (mgr, lines[i], &n_jmi);
    }
  if (jd_jingle_jmi_manager_count (mgr) > n_jmi + 1)
    abort ();
  if (!jd_jingle_jmi_manager_lookup_session_id (mgr, id, &info) || !info.outgoing ||
      g_strcmp0 (info.peer_bare, "alice@example.com") != 0)
    abort ();
  return 0;
}
