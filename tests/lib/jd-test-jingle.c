/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-jingle.h"

#include "xmpp/jd-stanza.h"
#include "xmpp/jd-xmpp-error.h"

struct _JdTestJingleLink {
  xmpp_ctx_t *ctx;
  JdTestJinglePeer peers[2];
  GQueue wire;                  /* Delivery*, in sending order */
  GSource *pump;
  guint iq_timeout_ms;
  gboolean closing;             /* drop whatever is sent from now on */
};

typedef struct {
  JdTestJinglePeer *from;
  JdTestJinglePeer *to;
  char *xml;
} Delivery;

typedef struct {
  JdTestJinglePeer *peer;
  char *id;
  JdJingleReplyFunc done;       /* NULL for raw injections */
  gpointer user_data;
  GSource *timeout;
} ReplyWait;

static void
reply_wait_free (ReplyWait *w)
{
  if (w->timeout != NULL)
    {
      g_source_destroy (w->timeout);
      g_source_unref (w->timeout);
    }
  g_free (w->id);
  g_free (w);
}

static void deliver_one (JdTestJingleLink *link, Delivery *d);

static gboolean
on_pump (gpointer user_data)
{
  JdTestJingleLink *link = user_data;
  Delivery *d = g_queue_pop_head (&link->wire);

  if (d != NULL)
    deliver_one (link, d);
  if (!g_queue_is_empty (&link->wire))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&link->pump, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
enqueue_as (JdTestJinglePeer *from, xmpp_stanza_t *stanza, const char *as_jid)
{
  JdTestJingleLink *link = from->link;
  Delivery *d;

  if (link->closing)
    return;
  d = g_new0 (Delivery, 1);
  d->from = from;
  d->to = &link->peers[from == &link->peers[0] ? 1 : 0];
  xmpp_stanza_set_from (stanza, as_jid);
  d->xml = jd_stanza_to_string (stanza);
  g_queue_push_tail (&link->wire, d);
  if (link->pump == NULL)
    {
      link->pump = g_idle_source_new ();
      g_source_set_callback (link->pump, on_pump, link, NULL);
      g_source_attach (link->pump, NULL);
    }
}

static void
enqueue (JdTestJinglePeer *from, xmpp_stanza_t *stanza)
{
  enqueue_as (from, stanza, from->jid);
}

static GError *
error_of (xmpp_stanza_t *reply)
{
  const char *text = jd_stanza_error_text (reply);

  /* The same shape JdXmppConnection gives: condition first. */
  return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA, "%s%s%s",
                      jd_stanza_error_condition (reply), text ? ": " : "", text ? text : "");
}

static void
complete (JdTestJinglePeer *peer, xmpp_stanza_t *reply)
{
  ReplyWait *w = g_hash_table_lookup (peer->pending, xmpp_stanza_get_id (reply));
  g_autoptr (GError) error = NULL;
  JdJingleReplyFunc done;
  gpointer data;

  if (w == NULL)
    return;
  done = w->done;
  data = w->user_data;
  g_hash_table_remove (peer->pending, xmpp_stanza_get_id (reply));
  if (done == NULL)
    {
      g_ptr_array_add (peer->replies, xmpp_stanza_clone (reply));
      return;
    }
  if (g_strcmp0 (xmpp_stanza_get_type (reply), "error") == 0)
    error = error_of (reply);
  done (error == NULL ? reply : NULL, error, data);
}

static void
deliver_one (JdTestJingleLink *link, Delivery *d)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (link->ctx, d->xml);
  const char *type = stanza != NULL ? xmpp_stanza_get_type (stanza) : NULL;

  if (stanza != NULL && !d->to->deaf)
    {
      if (g_strcmp0 (type, "result") == 0 || g_strcmp0 (type, "error") == 0)
        complete (d->to, stanza);
      else if (!jd_jingle_manager_handle_iq (d->to->manager, stanza))
        g_error ("a non-Jingle stanza on the test link: %s", d->xml);
    }
  g_free (d->xml);
  g_free (d);
}

static gboolean
on_reply_timeout (gpointer user_data)
{
  ReplyWait *w = user_data;
  JdJingleReplyFunc done = w->done;
  gpointer data = w->user_data;
  JdTestJinglePeer *peer = w->peer;
  g_autoptr (GError) error = g_error_new_literal (JD_XMPP_ERROR, JD_XMPP_ERROR_TIMEOUT,
                                                  "no answer");

  g_source_unref (g_steal_pointer (&w->timeout));
  g_hash_table_remove (peer->pending, w->id);
  if (done != NULL)
    done (NULL, error, data);
  return G_SOURCE_REMOVE;
}

static void
wait_reply (JdTestJinglePeer *peer, xmpp_stanza_t *iq, JdJingleReplyFunc done, gpointer data)
{
  ReplyWait *w = g_new0 (ReplyWait, 1);

  w->peer = peer;
  w->id = g_strdup (xmpp_stanza_get_id (iq));
  w->done = done;
  w->user_data = data;
  w->timeout = g_timeout_source_new (peer->link->iq_timeout_ms);
  g_source_set_callback (w->timeout, on_reply_timeout, w, NULL);
  g_source_attach (w->timeout, NULL);
  g_hash_table_replace (peer->pending, w->id, w);
}

/* JdJingleBackend */

static xmpp_ctx_t *
backend_context (gpointer backend)
{
  return ((JdTestJinglePeer *) backend)->link->ctx;
}

static const char *
backend_jid (gpointer backend)
{
  return ((JdTestJinglePeer *) backend)->jid;
}

static void
backend_send_iq (gpointer backend, xmpp_stanza_t *iq, JdJingleReplyFunc done, gpointer data)
{
  wait_reply (backend, iq, done, data);
  enqueue (backend, iq);
}

static void
backend_send (gpointer backend, xmpp_stanza_t *stanza)
{
  enqueue (backend, stanza);
}

static const JdJingleBackend test_backend = {
  .get_context = backend_context,
  .get_own_jid = backend_jid,
  .send_iq = backend_send_iq,
  .send = backend_send,
};

/* Signals */

static void
on_remote_action (JdJingleSession *session, const JdJingleMessage *msg, JdTestJinglePeer *peer)
{
  g_ptr_array_add (peer->actions, jd_jingle_message_copy (msg));
}

static void
on_terminated (JdJingleSession *session, const JdJingleReason *reason, gboolean by_peer,
               JdTestJinglePeer *peer)
{
  peer->terminated++;
  g_clear_pointer (&peer->last_reason, jd_jingle_reason_free);
  peer->last_reason = jd_jingle_reason_copy (reason);
  peer->last_by_peer = by_peer;
}

static void
on_request_failed (JdJingleSession *session, guint action, const GError *error,
                   JdTestJinglePeer *peer)
{
  g_ptr_array_add (peer->failures, g_strdup_printf ("%s: %s",
                                                    jd_jingle_action_to_string (action),
                                                    error->message));
}

void
jd_test_jingle_watch (JdTestJinglePeer *peer, JdJingleSession *session)
{
  g_signal_connect (session, "remote-action", G_CALLBACK (on_remote_action), peer);
  g_signal_connect (session, "terminated", G_CALLBACK (on_terminated), peer);
  g_signal_connect (session, "request-failed", G_CALLBACK (on_request_failed), peer);
}

static void
on_incoming (JdJingleManager *manager, JdJingleSession *session, const JdJingleMessage *msg,
             JdTestJinglePeer *peer)
{
  g_clear_object (&peer->incoming);
  peer->incoming = g_object_ref (session);
  jd_test_jingle_watch (peer, session);
}

static void
peer_init (JdTestJinglePeer *peer, JdTestJingleLink *link, const char *jid)
{
  peer->link = link;
  peer->jid = g_strdup (jid);
  peer->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) reply_wait_free);
  peer->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_message_free);
  peer->failures = g_ptr_array_new_with_free_func (g_free);
  peer->replies = g_ptr_array_new_with_free_func (jd_stanza_unref);
  peer->manager = jd_jingle_manager_new (&test_backend, peer);
  g_signal_connect (peer->manager, "incoming-session", G_CALLBACK (on_incoming), peer);
}

static void
peer_clear (JdTestJinglePeer *peer)
{
  g_clear_object (&peer->incoming);
  g_clear_object (&peer->manager);
  g_hash_table_unref (peer->pending);
  g_ptr_array_unref (peer->actions);
  g_ptr_array_unref (peer->failures);
  g_ptr_array_unref (peer->replies);
  g_clear_pointer (&peer->last_reason, jd_jingle_reason_free);
  g_free (peer->jid);
}

JdTestJingleLink *
jd_test_jingle_link_new (const char *jid_a, const char *jid_b, guint iq_timeout_ms)
{
  JdTestJingleLink *link = g_new0 (JdTestJingleLink, 1);

  xmpp_initialize ();
  link->ctx = xmpp_ctx_new (NULL, NULL);
  link->iq_timeout_ms = iq_timeout_ms;
  g_queue_init (&link->wire);
  peer_init (&link->peers[0], link, jid_a);
  peer_init (&link->peers[1], link, jid_b);
  return link;
}

/* Like a connection going down: every request still waiting is answered
 * with an error, so that nothing waits (or leaks) past the link. */
static void
fail_pending (JdTestJinglePeer *peer)
{
  g_autoptr (GError) error = g_error_new_literal (JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED,
                                                  "test link closed");

  for (guint guard = 0; g_hash_table_size (peer->pending) > 0 && guard < 1000; guard++)
    {
      GHashTableIter iter;
      ReplyWait *w;
      JdJingleReplyFunc done;
      gpointer data;

      g_hash_table_iter_init (&iter, peer->pending);
      g_hash_table_iter_next (&iter, NULL, (gpointer *) &w);
      done = w->done;
      data = w->user_data;
      g_hash_table_iter_remove (&iter);
      if (done != NULL)
        done (NULL, error, data);
    }
}

void
jd_test_jingle_link_free (JdTestJingleLink *link)
{
  Delivery *d;

  link->closing = TRUE;
  fail_pending (&link->peers[0]);
  fail_pending (&link->peers[1]);

  while ((d = g_queue_pop_head (&link->wire)) != NULL)
    {
      g_free (d->xml);
      g_free (d);
    }
  if (link->pump != NULL)
    {
      g_source_destroy (link->pump);
      g_source_unref (link->pump);
    }
  peer_clear (&link->peers[0]);
  peer_clear (&link->peers[1]);
  xmpp_ctx_free (link->ctx);
  g_free (link);
}

JdTestJinglePeer *
jd_test_jingle_link_peer (JdTestJingleLink *link, guint index)
{
  g_assert_cmpuint (index, <, 2);
  return &link->peers[index];
}

xmpp_ctx_t *
jd_test_jingle_link_context (JdTestJingleLink *link)
{
  return link->ctx;
}

void
jd_test_jingle_inject (JdTestJinglePeer *from, JdTestJinglePeer *to, const char *xml)
{
  jd_test_jingle_inject_as (from, to, from->jid, xml);
}

void
jd_test_jingle_inject_as (JdTestJinglePeer *from, JdTestJinglePeer *to, const char *as_jid,
                          const char *xml)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (from->link->ctx, xml);

  g_assert_nonnull (stanza);
  g_assert_true (to != from);
  if (xmpp_stanza_get_id (stanza) == NULL)
    {
      g_autofree char *id = g_uuid_string_random ();

      xmpp_stanza_set_id (stanza, id);
    }
  xmpp_stanza_set_to (stanza, to->jid);
  wait_reply (from, stanza, NULL, NULL);
  enqueue_as (from, stanza, as_jid);
}

void
jd_test_jingle_settle (JdTestJingleLink *link)
{
  JD_TEST_WAIT_UNTIL (g_queue_is_empty (&link->wire) && link->pump == NULL, 5000);
}

const JdJingleMessage *
jd_test_jingle_last_action (JdTestJinglePeer *peer)
{
  return peer->actions->len > 0 ? g_ptr_array_index (peer->actions, peer->actions->len - 1)
                                : NULL;
}
