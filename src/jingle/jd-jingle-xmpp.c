/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-xmpp.h"

typedef struct {
  JdXmppClient *client;      /* strong */
  JdJingleManager *manager;  /* weak: it owns us through qdata */
  guint handler_id;
} Binding;

typedef struct {
  JdJingleReplyFunc done;
  gpointer user_data;
} PendingReply;

static JdXmppConnection *
conn_of (Binding *b)
{
  return jd_xmpp_client_get_connection (b->client);
}

static xmpp_ctx_t *
get_context (gpointer backend)
{
  return jd_xmpp_connection_get_context (conn_of (backend));
}

static const char *
get_own_jid (gpointer backend)
{
  return jd_xmpp_connection_get_bound_jid (conn_of (backend));
}

static void
on_iq_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PendingReply *p = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply =
    jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source), result, &error);

  p->done (reply, error, p->user_data);
  g_free (p);
}

static void
send_iq (gpointer backend, xmpp_stanza_t *iq, JdJingleReplyFunc done, gpointer user_data)
{
  PendingReply *p = g_new0 (PendingReply, 1);

  p->done = done;
  p->user_data = user_data;
  jd_xmpp_connection_send_iq_async (conn_of (backend), iq, NULL, on_iq_done, p);
}

static void
send_stanza (gpointer backend, xmpp_stanza_t *stanza)
{
  jd_xmpp_connection_send (conn_of (backend), stanza);
}

static const JdJingleBackend xmpp_backend = {
  .get_context = get_context,
  .get_own_jid = get_own_jid,
  .send_iq = send_iq,
  .send = send_stanza,
};

static JdStanzaResult
on_jingle_iq (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  Binding *b = user_data;

  if (b->manager == NULL || !jd_jingle_manager_handle_iq (b->manager, stanza))
    return JD_STANZA_PASS;
  return JD_STANZA_HANDLED;
}

static void
binding_free (gpointer data)
{
  Binding *b = data;

  jd_xmpp_connection_remove_handler (conn_of (b), b->handler_id);
  g_object_unref (b->client);
  g_free (b);
}

JdJingleManager *
jd_jingle_manager_new_for_client (JdXmppClient *client)
{
  Binding *b = g_new0 (Binding, 1);
  JdJingleManager *manager;

  b->client = g_object_ref (client);
  manager = jd_jingle_manager_new (&xmpp_backend, b);
  b->manager = manager;
  b->handler_id = jd_xmpp_connection_add_handler (conn_of (b), JD_XMPP_PRIORITY_DEFAULT, "iq",
                                                  JD_NS_JINGLE, on_jingle_iq, b, NULL);
  /* The binding lives exactly as long as the manager. */
  g_object_set_data_full (G_OBJECT (manager), "jd-jingle-xmpp-binding", b, binding_free);
  jd_disco_add_feature (jd_xmpp_client_get_disco (client), JD_NS_JINGLE);
  return manager;
}

/* JMI: the <message/>s of XEP-0353, direct and as carbons. */

typedef struct {
  JdXmppClient *client;         /* strong */
  JdJingleJmiManager *manager;  /* weak: it owns us through qdata */
  guint handler_id;
  gulong carbon_id;
} JmiBinding;

static JdStanzaResult
on_jmi_message (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JmiBinding *b = user_data;

  /* A bounced message is JdIm's to report. */
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "error") == 0 ||
      !jd_jingle_jmi_manager_handle_message (b->manager, stanza, JD_MESSAGE_CARBON_NONE))
    return JD_STANZA_PASS;
  return JD_STANZA_HANDLED;
}

static void
on_jmi_carbon (JdIm *im, JdMessage *msg, xmpp_stanza_t *stanza, gpointer user_data)
{
  JmiBinding *b = user_data;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "error") != 0)
    jd_jingle_jmi_manager_handle_message (b->manager, stanza, msg->carbon);
}

static void
jmi_binding_free (gpointer data)
{
  JmiBinding *b = data;

  jd_xmpp_connection_remove_handler (jd_xmpp_client_get_connection (b->client), b->handler_id);
  g_clear_signal_handler (&b->carbon_id, jd_xmpp_client_get_im (b->client));
  g_object_unref (b->client);
  g_free (b);
}

JdJingleJmiManager *
jd_jingle_jmi_manager_new_for_client (JdXmppClient *client)
{
  JmiBinding *b = g_new0 (JmiBinding, 1);
  JdJingleJmiManager *manager;

  /* The backend reads only ->client, the first member of both bindings. */
  b->client = g_object_ref (client);
  manager = jd_jingle_jmi_manager_new (&xmpp_backend, b);
  b->manager = manager;
  /* Before JdIm's catch-all message handler (JD_XMPP_PRIORITY_DEFAULT + 10),
   * after its carbon filter. */
  b->handler_id = jd_xmpp_connection_add_handler (jd_xmpp_client_get_connection (b->client),
                                                  JD_XMPP_PRIORITY_DEFAULT, "message", NULL,
                                                  on_jmi_message, b, NULL);
  b->carbon_id = g_signal_connect (jd_xmpp_client_get_im (client), "carbon",
                                   G_CALLBACK (on_jmi_carbon), b);
  g_object_set_data_full (G_OBJECT (manager), "jd-jingle-xmpp-jmi-binding", b, jmi_binding_free);
  jd_disco_add_feature (jd_xmpp_client_get_disco (client), JD_NS_JINGLE_MESSAGE);
  return manager;
}
