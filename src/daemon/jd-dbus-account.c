/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * im.jingled.Account1 over a JdAccount: its connection, presence,
 * messages, roster, blocking and Dial.
 */
#include "jd-dbus-objects.h"

#include "jd-daemon.h"
#include "xmpp/jd-jid.h"

struct _JdDbusAccount
{
  JdDbusAccount1Skeleton parent_instance;

  JdAccount *account;
  JdDaemon *daemon;             /* borrowed; it owns us */
  gboolean was_ready;           /* a login succeeded since Connect: losing it is "reconnecting" */
  GQueue *recent_messages;      /* char* "from\nid" of the last RECENT_MESSAGES reported */
};

#define RECENT_MESSAGES 64

G_DEFINE_FINAL_TYPE (JdDbusAccount, jd_dbus_account, JD_DBUS_TYPE_ACCOUNT1_SKELETON)

static JdXmppClient *
client_of (JdDbusAccount *self)
{
  return jd_account_get_client (self->account);
}

static gboolean
return_error (GDBusMethodInvocation *invocation, JdDbusError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static gboolean
return_error (GDBusMethodInvocation *invocation, JdDbusError code, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_dbus_method_invocation_return_error_literal (invocation, JD_DBUS_ERROR, code, message);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* A bare or full JID a client gave us, normalised; NULL after answering
 * InvalidJid. */
static char *
check_jid (GDBusMethodInvocation *invocation, const char *jid)
{
  g_autoptr (GError) error = NULL;
  char *normal = jd_jid_normalize (jid, &error);

  if (normal == NULL)
    return_error (invocation, JD_DBUS_ERROR_INVALID_JID, "\"%s\" is not a JID: %s", jid,
                  error->message);
  return normal;
}

static gboolean
check_connected (JdDbusAccount *self, GDBusMethodInvocation *invocation)
{
  JdXmppConnection *conn = jd_xmpp_client_get_connection (client_of (self));

  if (jd_xmpp_connection_get_state (conn) == JD_XMPP_STATE_READY)
    return TRUE;
  return_error (invocation, JD_DBUS_ERROR_NOT_CONNECTED, "account %s is not connected",
                jd_account_get_name (self->account));
  return FALSE;
}

/* ---------------------------------------------------------------- */
/* Properties that follow the client                                */

static const char *
connection_state_name (JdDbusAccount *self, JdXmppState state)
{
  switch (state)
    {
    case JD_XMPP_STATE_DISCONNECTED:
      return "disconnected";
    case JD_XMPP_STATE_CONNECTING:
      return self->was_ready ? "reconnecting" : "connecting";
    case JD_XMPP_STATE_READY:
      return "connected";
    case JD_XMPP_STATE_WAITING:
      return "reconnecting";
    }
  g_return_val_if_reached ("disconnected");
}

static void
update_connection (JdDbusAccount *self)
{
  JdXmppConnection *conn = jd_xmpp_client_get_connection (client_of (self));
  JdXmppState state = jd_xmpp_connection_get_state (conn);
  const char *bound = jd_xmpp_connection_get_bound_jid (conn);
  JdDbusAccount1 *iface = JD_DBUS_ACCOUNT1 (self);

  if (state == JD_XMPP_STATE_READY)
    self->was_ready = TRUE;
  else if (state == JD_XMPP_STATE_DISCONNECTED)
    self->was_ready = FALSE;
  if (g_strcmp0 (jd_dbus_account1_get_connection_state (iface),
                 connection_state_name (self, state)) != 0)
    jd_dbus_account1_set_connection_state (iface, connection_state_name (self, state));
  if (state == JD_XMPP_STATE_READY && bound != NULL &&
      g_strcmp0 (jd_dbus_account1_get_bound_jid (iface), bound) != 0)
    jd_dbus_account1_set_bound_jid (iface, bound);
}

static void
update_presence (JdDbusAccount *self)
{
  const JdPresenceInfo *own = jd_presence_get_own (jd_xmpp_client_get_presence (client_of (self)));

  jd_dbus_account1_set_presence (
    JD_DBUS_ACCOUNT1 (self),
    g_variant_new ("(ssi)", jd_presence_show_to_string (own != NULL ? own->show : JD_PRESENCE_UNAVAILABLE),
                   own != NULL && own->status != NULL ? own->status : "",
                   own != NULL ? own->priority : 0));
}

static void
on_connection_state (JdXmppConnection *conn, int state, JdDbusAccount *self)
{
  update_connection (self);
}

static void
on_presence_changed (JdPresence *presence, const char *jid, const JdPresenceInfo *info,
                     JdDbusAccount *self)
{
  jd_dbus_account1_emit_presence_changed (JD_DBUS_ACCOUNT1 (self), jid,
                                          jd_presence_show_to_string (info->show),
                                          info->status != NULL ? info->status : "",
                                          info->priority);
}

/* The extra a{sv} of MessageReceived and MessageSentElsewhere. */
static GVariant *
message_extra (const JdMessage *msg)
{
  GVariantDict extra;

  g_variant_dict_init (&extra, NULL);
  if (msg->id != NULL)
    g_variant_dict_insert (&extra, "id", "s", msg->id);
  if (msg->subject != NULL)
    g_variant_dict_insert (&extra, "subject", "s", msg->subject);
  if (msg->thread != NULL)
    g_variant_dict_insert (&extra, "thread", "s", msg->thread);
  if (msg->error_condition != NULL)
    g_variant_dict_insert (&extra, "error", "s", msg->error_condition);
  if (msg->carbon == JD_MESSAGE_CARBON_RECEIVED)
    {
      g_variant_dict_insert (&extra, "carbon", "b", TRUE);
      if (msg->to != NULL)
        g_variant_dict_insert (&extra, "to", "s", msg->to);
    }
  if (msg->carbon == JD_MESSAGE_CARBON_SENT)
    g_variant_dict_insert (&extra, "from", "s", msg->from);
  return g_variant_dict_end (&extra);
}

/* Chat states, receipts and the like carry nothing a user reads. */
static gboolean
is_readable (const JdMessage *msg)
{
  return msg->body != NULL || msg->subject != NULL || msg->type == JD_MESSAGE_ERROR;
}

/* A server may deliver one message both to us and, as a carbon, for
 * another device (XEP-0280 §6 asks it not to; not all comply): report
 * each (sender, id) once.  Messages without an id cannot be matched. */
static gboolean
seen_before (JdDbusAccount *self, const JdMessage *msg)
{
  g_autofree char *key = NULL;

  if (msg->id == NULL || msg->from == NULL)
    return FALSE;
  key = g_strdup_printf ("%s\n%s", msg->from, msg->id);
  if (g_queue_find_custom (self->recent_messages, key, (GCompareFunc) g_strcmp0) != NULL)
    return TRUE;
  g_queue_push_tail (self->recent_messages, g_steal_pointer (&key));
  if (g_queue_get_length (self->recent_messages) > RECENT_MESSAGES)
    g_free (g_queue_pop_head (self->recent_messages));
  return FALSE;
}

static void
on_message (JdIm *im, const JdMessage *msg, JdDbusAccount *self)
{
  if (!is_readable (msg) || seen_before (self, msg))
    return;
  jd_dbus_account1_emit_message_received (JD_DBUS_ACCOUNT1 (self), msg->from,
                                          jd_message_type_to_string (msg->type),
                                          msg->body != NULL ? msg->body : "", message_extra (msg));
}

/* XEP-0280: what another device of ours received or sent. */
static void
on_carbon (JdIm *im, const JdMessage *msg, gpointer inner, JdDbusAccount *self)
{
  if (!is_readable (msg) || msg->type == JD_MESSAGE_ERROR)
    return;
  if (msg->carbon == JD_MESSAGE_CARBON_RECEIVED)
    on_message (im, msg, self);
  else if (msg->to != NULL)
    jd_dbus_account1_emit_message_sent_elsewhere (JD_DBUS_ACCOUNT1 (self), msg->to,
                                                  jd_message_type_to_string (msg->type),
                                                  msg->body != NULL ? msg->body : "",
                                                  message_extra (msg));
}

static void
on_subscription_request (JdRoster *roster, const char *jid, JdDbusAccount *self)
{
  jd_dbus_account1_emit_subscription_requested (JD_DBUS_ACCOUNT1 (self), jid);
}

/* ---------------------------------------------------------------- */
/* Connection and presence                                          */

static gboolean
on_handle_connect (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, JdDbusAccount *self)
{
  jd_account_connect (self->account);
  jd_dbus_account1_complete_connect (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_disconnect (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                      JdDbusAccount *self)
{
  jd_account_disconnect (self->account);
  jd_dbus_account1_complete_disconnect (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_set_presence (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                        const char *show_name, const char *status, int priority,
                        JdDbusAccount *self)
{
  JdPresenceShow show;

  if (!jd_presence_show_from_string (show_name, &show))
    return return_error (invocation, JD_DBUS_ERROR_INVALID_ARGUMENT,
                         "\"%s\" is not a presence (available, away, chat, dnd, xa, unavailable)",
                         show_name);
  if (priority < -128 || priority > 127)
    return return_error (invocation, JD_DBUS_ERROR_INVALID_ARGUMENT,
                         "priority %d is outside -128..127 (RFC 6121 §4.7.2.3)", priority);
  jd_presence_set_own (jd_xmpp_client_get_presence (client_of (self)), show,
                       *status != '\0' ? status : NULL, priority);
  update_presence (self);
  jd_dbus_account1_complete_set_presence (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_send_message (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                        const char *jid, const char *body, JdDbusAccount *self)
{
  g_autofree char *to = check_jid (invocation, jid);
  g_autoptr (JdMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if (to == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  msg = jd_message_new (JD_MESSAGE_CHAT, to, body);
  id = jd_im_send (jd_xmpp_client_get_im (client_of (self)), msg, &error);
  if (id == NULL)
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_account1_complete_send_message (iface, invocation, id);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---------------------------------------------------------------- */
/* Dial                                                             */

static gboolean
parse_dtmf_mode (const char *mode, JdDialOptions *options, GError **error)
{
  /* The call picks RFC 4733, XEP-0181 or in-band by what the peer
   * negotiates; only "none" changes what we offer. */
  const char *const modes[] = { "auto", "rfc4733", "xep0181", "inband", "none", NULL };

  if (!g_strv_contains (modes, mode))
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT,
                   "dtmf-mode \"%s\" is not one of auto, rfc4733, xep0181, inband, none", mode);
      return FALSE;
    }
  options->no_dtmf = g_str_equal (mode, "none");
  return TRUE;
}

static gboolean
parse_transport (const char *transport, JdDialOptions *options, GError **error)
{
  if (!g_str_equal (transport, "ice") && !g_str_equal (transport, "raw-udp"))
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT,
                   "transport \"%s\" is not ice or raw-udp", transport);
      return FALSE;
    }
  options->has_transport = TRUE;
  options->raw_udp = g_str_equal (transport, "raw-udp");
  return TRUE;
}

typedef struct {
  const char *key;
  const char *type;
} DialKey;

static const DialKey dial_keys[] = {
  { "audio", "b" }, { "video", "b" }, { "transport", "s" }, { "codecs", "as" },
  { "dtmf-mode", "s" }, { "ring-timeout", "u" }, { "jmi", "b" },
};

static gboolean
check_dial_key (const char *key, GVariant *value, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (dial_keys); i++)
    if (g_str_equal (key, dial_keys[i].key))
      {
        if (g_variant_is_of_type (value, G_VARIANT_TYPE (dial_keys[i].type)))
          return TRUE;
        g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT,
                     "option \"%s\" must be of type %s, not %s", key, dial_keys[i].type,
                     g_variant_get_type_string (value));
        return FALSE;
      }
  g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT,
               "unknown option \"%s\" (audio, video, transport, codecs, dtmf-mode, ring-timeout, "
               "jmi)",
               key);
  return FALSE;
}

/* @codecs: (out): backs options->codecs. */
static gboolean
parse_dial_options (GVariant *dict, JdDialOptions *options, GStrv *codecs, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean ok = check_dial_key (key, value, error);

      if (ok && g_str_equal (key, "audio"))
        options->audio = g_variant_get_boolean (value);
      else if (ok && g_str_equal (key, "video"))
        options->video = g_variant_get_boolean (value);
      else if (ok && g_str_equal (key, "transport"))
        ok = parse_transport (g_variant_get_string (value, NULL), options, error);
      else if (ok && g_str_equal (key, "dtmf-mode"))
        ok = parse_dtmf_mode (g_variant_get_string (value, NULL), options, error);
      else if (ok && g_str_equal (key, "ring-timeout"))
        options->ring_timeout_s = g_variant_get_uint32 (value);
      else if (ok && g_str_equal (key, "jmi"))
        options->no_jmi = !g_variant_get_boolean (value);
      else if (ok && g_str_equal (key, "codecs"))
        {
          g_strfreev (*codecs);
          *codecs = g_variant_dup_strv (value, NULL);
          options->codecs = (const char *const *) *codecs;
        }
      if (!ok)
        {
          g_variant_unref (value);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
on_handle_dial (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                GVariant *options_dict, JdDbusAccount *self)
{
  JdDialOptions options = JD_DIAL_OPTIONS_INIT;
  g_auto (GStrv) codecs = NULL;
  g_autoptr (GError) error = NULL;
  JdCall *call;

  if (!parse_dial_options (options_dict, &options, &codecs, &error))
    {
      jd_dbus_return_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  call = jd_account_dial (self->account, jid, &options, &error);
  if (call == NULL)
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_account1_complete_dial (iface, invocation,
                                    jd_daemon_get_call_path (self->daemon, call));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---------------------------------------------------------------- */
/* Roster and blocking                                              */

static gboolean
on_handle_get_roster (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                      JdDbusAccount *self)
{
  JdRoster *roster = jd_xmpp_client_get_roster (client_of (self));
  g_autoptr (GPtrArray) items = jd_roster_table_get_items (jd_roster_get_table (roster));
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sssas)"));
  for (guint i = 0; i < items->len; i++)
    {
      const JdRosterItem *item = items->pdata[i];

      g_variant_builder_add (&b, "(sss^as)", item->jid, item->name != NULL ? item->name : "",
                             jd_subscription_to_string (item->subscription), item->groups);
    }
  jd_dbus_account1_complete_get_roster (iface, invocation, g_variant_builder_end (&b));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Roster and blocking edits all complete a boolean GTask. */
static void
on_roster_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GDBusMethodInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (!ok)
    jd_dbus_return_error (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
on_handle_add_contact (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                       const char *jid, const char *name, const char *const *groups,
                       JdDbusAccount *self)
{
  g_autofree char *bare = check_jid (invocation, jid);

  if (bare == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_roster_set_item_async (jd_xmpp_client_get_roster (client_of (self)), bare,
                            *name != '\0' ? name : NULL, groups, NULL, on_roster_done,
                            g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_remove_contact (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                          const char *jid, JdDbusAccount *self)
{
  g_autofree char *bare = check_jid (invocation, jid);

  if (bare == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_roster_remove_item_async (jd_xmpp_client_get_roster (client_of (self)), bare, NULL,
                               on_roster_done, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

typedef gboolean (*SubscriptionFunc) (JdRoster *roster, const char *jid);

static gboolean
subscription (JdDbusAccount *self, GDBusMethodInvocation *invocation, const char *jid,
              SubscriptionFunc func)
{
  g_autofree char *bare = check_jid (invocation, jid);

  if (bare == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (!func (jd_xmpp_client_get_roster (client_of (self)), bare))
    return return_error (invocation, JD_DBUS_ERROR_NOT_CONNECTED, "account %s is not connected",
                         jd_account_get_name (self->account));
  g_dbus_method_invocation_return_value (invocation, NULL);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_approve (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                   JdDbusAccount *self)
{
  return subscription (self, invocation, jid, jd_roster_approve);
}

static gboolean
on_handle_deny (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                JdDbusAccount *self)
{
  return subscription (self, invocation, jid, jd_roster_deny);
}

static gboolean
on_handle_subscribe (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                     JdDbusAccount *self)
{
  return subscription (self, invocation, jid, jd_roster_subscribe);
}

static gboolean
on_handle_block (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                 JdDbusAccount *self)
{
  g_autofree char *item = check_jid (invocation, jid);
  const char *items[] = { item, NULL };

  if (item == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_blocking_block_async (jd_xmpp_client_get_blocking (client_of (self)), items, NULL,
                           on_roster_done, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_unblock (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation, const char *jid,
                   JdDbusAccount *self)
{
  g_autofree char *item = check_jid (invocation, jid);
  const char *items[] = { item, NULL };

  if (item == NULL || !check_connected (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_blocking_unblock_async (jd_xmpp_client_get_blocking (client_of (self)), items, NULL,
                             on_roster_done, g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_get_blocked (JdDbusAccount1 *iface, GDBusMethodInvocation *invocation,
                       JdDbusAccount *self)
{
  g_autoptr (GPtrArray) list = jd_blocking_get_list (jd_xmpp_client_get_blocking (client_of (self)));

  g_ptr_array_add (list, NULL);
  jd_dbus_account1_complete_get_blocked (iface, invocation, (const char *const *) list->pdata);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---------------------------------------------------------------- */
/* Setting up                                                       */

static void
connect_methods (JdDbusAccount *self)
{
  g_signal_connect (self, "handle-connect", G_CALLBACK (on_handle_connect), self);
  g_signal_connect (self, "handle-disconnect", G_CALLBACK (on_handle_disconnect), self);
  g_signal_connect (self, "handle-set-presence", G_CALLBACK (on_handle_set_presence), self);
  g_signal_connect (self, "handle-send-message", G_CALLBACK (on_handle_send_message), self);
  g_signal_connect (self, "handle-dial", G_CALLBACK (on_handle_dial), self);
  g_signal_connect (self, "handle-get-roster", G_CALLBACK (on_handle_get_roster), self);
  g_signal_connect (self, "handle-add-contact", G_CALLBACK (on_handle_add_contact), self);
  g_signal_connect (self, "handle-remove-contact", G_CALLBACK (on_handle_remove_contact), self);
  g_signal_connect (self, "handle-approve-subscription", G_CALLBACK (on_handle_approve), self);
  g_signal_connect (self, "handle-deny-subscription", G_CALLBACK (on_handle_deny), self);
  g_signal_connect (self, "handle-subscribe", G_CALLBACK (on_handle_subscribe), self);
  g_signal_connect (self, "handle-block", G_CALLBACK (on_handle_block), self);
  g_signal_connect (self, "handle-unblock", G_CALLBACK (on_handle_unblock), self);
  g_signal_connect (self, "handle-get-blocked", G_CALLBACK (on_handle_get_blocked), self);
}

static void
on_missed_call (JdAccount *account, const char *from, guint media_mask, gint64 timestamp,
                JdDbusAccount *self)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_auto (GStrv) media = NULL;

  for (guint m = 0; m < JD_JINGLE_N_MEDIA; m++)
    if (media_mask & (1u << m))
      g_strv_builder_add (b, jd_jingle_media_to_string (m));
  media = g_strv_builder_end (b);
  jd_dbus_account1_emit_missed_call (JD_DBUS_ACCOUNT1 (self), from, (const char *const *) media,
                                     timestamp);
}

static void
on_call_declined (JdAccount *account, const char *from, const char *reason, JdDbusAccount *self)
{
  jd_dbus_account1_emit_call_declined (JD_DBUS_ACCOUNT1 (self), from, reason);
}

static void
connect_client (JdDbusAccount *self)
{
  JdXmppClient *client = client_of (self);

  g_signal_connect (jd_xmpp_client_get_connection (client), "state-changed",
                    G_CALLBACK (on_connection_state), self);
  g_signal_connect (jd_xmpp_client_get_presence (client), "changed",
                    G_CALLBACK (on_presence_changed), self);
  g_signal_connect (jd_xmpp_client_get_im (client), "message", G_CALLBACK (on_message), self);
  g_signal_connect (jd_xmpp_client_get_im (client), "carbon", G_CALLBACK (on_carbon), self);
  g_signal_connect (jd_xmpp_client_get_roster (client), "subscription-request",
                    G_CALLBACK (on_subscription_request), self);
  g_signal_connect (self->account, "missed-call", G_CALLBACK (on_missed_call), self);
  g_signal_connect (self->account, "call-declined", G_CALLBACK (on_call_declined), self);
}

JdDbusAccount *
jd_dbus_account_new (JdAccount *account, JdDaemon *daemon)
{
  JdDbusAccount *self = g_object_new (JD_TYPE_DBUS_ACCOUNT, NULL);
  JdDbusAccount1 *iface = JD_DBUS_ACCOUNT1 (self);
  const char *const none[] = { NULL };

  self->account = g_object_ref (account);
  self->daemon = daemon;
  jd_dbus_account1_set_name (iface, jd_account_get_name (account));
  jd_dbus_account1_set_jid (iface, jd_account_get_jid (account));
  jd_dbus_account1_set_bound_jid (iface, "");
  jd_dbus_account1_set_call_policy (iface, jd_call_policy_mode_to_string (jd_account_get_policy (account)));
  jd_dbus_account1_set_calls (iface, none);
  update_connection (self);
  update_presence (self);
  connect_methods (self);
  connect_client (self);
  return self;
}

JdAccount *
jd_dbus_account_get_account (JdDbusAccount *self)
{
  g_return_val_if_fail (JD_IS_DBUS_ACCOUNT (self), NULL);
  return self->account;
}

static void
jd_dbus_account_dispose (GObject *object)
{
  JdDbusAccount *self = JD_DBUS_ACCOUNT (object);

  if (self->account != NULL)
    {
      JdXmppClient *client = client_of (self);

      g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_connection (client), self);
      g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_presence (client), self);
      g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_im (client), self);
      g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_roster (client), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }
  g_clear_object (&self->account);
  G_OBJECT_CLASS (jd_dbus_account_parent_class)->dispose (object);
}

static void
jd_dbus_account_finalize (GObject *object)
{
  JdDbusAccount *self = JD_DBUS_ACCOUNT (object);

  g_queue_free_full (self->recent_messages, g_free);
  G_OBJECT_CLASS (jd_dbus_account_parent_class)->finalize (object);
}

static void
jd_dbus_account_class_init (JdDbusAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jd_dbus_account_dispose;
  G_OBJECT_CLASS (klass)->finalize = jd_dbus_account_finalize;
}

static void
jd_dbus_account_init (JdDbusAccount *self)
{
  self->recent_messages = g_queue_new ();
}
