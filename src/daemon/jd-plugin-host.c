/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * JdPluginHost: relays the daemon's calls and messages to plugins as
 * signals (documented in jd-plugin-api.h) and keeps one JdPluginCall per
 * call it was told about, until the call ends.
 */
#include "jd-plugin-host.h"

#include "jd-plugin-call-private.h"

struct _JdPluginHost
{
  GObject parent_instance;

  GHashTable *calls;          /* JdCall* (borrowed key) -> JdPluginCall* (owned) */
  guint last_call_id;
  JdPluginMessageSender send_message;
  gpointer send_message_data;
  GDestroyNotify send_message_destroy;
};

G_DEFINE_TYPE (JdPluginHost, jd_plugin_host, G_TYPE_OBJECT)

enum {
  SIGNAL_CALL_ADDED,
  SIGNAL_INCOMING_CALL,
  SIGNAL_OUTGOING_CALL,
  SIGNAL_CALL_STATE_CHANGED,
  SIGNAL_DTMF_RECEIVED,
  SIGNAL_MESSAGE_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget_call (gpointer data)
{
  JdPluginCall *pcall = data;

  g_signal_handlers_disconnect_by_data (jd_plugin_call_get_call (pcall), pcall);
  g_object_unref (pcall);
}

static void
jd_plugin_host_dispose (GObject *object)
{
  JdPluginHost *self = JD_PLUGIN_HOST (object);

  g_clear_pointer (&self->calls, g_hash_table_unref);
  if (self->send_message_destroy != NULL)
    self->send_message_destroy (self->send_message_data);
  self->send_message = NULL;
  self->send_message_destroy = NULL;
  G_OBJECT_CLASS (jd_plugin_host_parent_class)->dispose (object);
}

static void
jd_plugin_host_class_init (JdPluginHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_plugin_host_dispose;

  signals[SIGNAL_CALL_ADDED] =
    g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, JD_TYPE_PLUGIN_CALL);
  signals[SIGNAL_INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  JD_TYPE_PLUGIN_CALL);
  signals[SIGNAL_OUTGOING_CALL] =
    g_signal_new ("outgoing-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, JD_TYPE_PLUGIN_CALL);
  signals[SIGNAL_CALL_STATE_CHANGED] =
    g_signal_new ("call-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, JD_TYPE_PLUGIN_CALL, G_TYPE_UINT);
  signals[SIGNAL_DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, JD_TYPE_PLUGIN_CALL, G_TYPE_STRING);
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
jd_plugin_host_init (JdPluginHost *self)
{
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, forget_call);
}

JdPluginHost *
jd_plugin_host_new (void)
{
  return g_object_new (JD_TYPE_PLUGIN_HOST, NULL);
}

void
jd_plugin_host_set_message_sender (JdPluginHost *host, JdPluginMessageSender func,
                                   gpointer user_data, GDestroyNotify destroy)
{
  g_return_if_fail (JD_IS_PLUGIN_HOST (host));
  if (host->send_message_destroy != NULL)
    host->send_message_destroy (host->send_message_data);
  host->send_message = func;
  host->send_message_data = user_data;
  host->send_message_destroy = destroy;
}

/* The host's handlers on a JdCall carry the JdPluginCall as data; the
 * host is found through this qdata, set while the host follows the call. */
static GQuark
host_quark (void)
{
  return g_quark_from_static_string ("jd-plugin-host");
}

static void
on_call_state (JdCall *call, guint state, JdPluginCall *pcall)
{
  JdPluginHost *self = g_object_get_qdata (G_OBJECT (pcall), host_quark ());

  /* Held across the emission: the ENDED one drops the host's reference. */
  g_autoptr (JdPluginCall) keep G_GNUC_UNUSED = g_object_ref (pcall);

  g_signal_emit (self, signals[SIGNAL_CALL_STATE_CHANGED], 0, pcall,
                 (guint) jd_plugin_call_state_from (state));
  if (state == JD_CALL_STATE_ENDED && self->calls != NULL)
    g_hash_table_remove (self->calls, call);
}

static void
on_call_dtmf (JdCall *call, const char *digit, JdPluginCall *pcall)
{
  JdPluginHost *self = g_object_get_qdata (G_OBJECT (pcall), host_quark ());

  g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, pcall, digit);
}

static JdPluginCall *
follow_call (JdPluginHost *self, JdCall *call, const char *account, const char *peer,
             JdPluginCallDirection direction)
{
  JdPluginCall *pcall = g_hash_table_lookup (self->calls, call);

  if (pcall != NULL)
    return pcall;
  pcall = jd_plugin_call_new (call, ++self->last_call_id, account, peer, direction);
  g_object_set_qdata (G_OBJECT (pcall), host_quark (), self);
  g_hash_table_insert (self->calls, call, pcall);
  g_signal_connect (call, "state-changed", G_CALLBACK (on_call_state), pcall);
  g_signal_connect (call, "dtmf-received", G_CALLBACK (on_call_dtmf), pcall);
  g_signal_emit (self, signals[SIGNAL_CALL_ADDED], 0, pcall);
  return pcall;
}

gboolean
jd_plugin_host_incoming_call (JdPluginHost *host, JdCall *call, const char *account,
                              const char *from)
{
  JdPluginCall *pcall;
  gboolean claimed = FALSE;

  g_return_val_if_fail (JD_IS_PLUGIN_HOST (host), FALSE);
  g_return_val_if_fail (JD_IS_CALL (call), FALSE);
  pcall = follow_call (host, call, account, from, JD_PLUGIN_CALL_INCOMING);
  g_signal_emit (host, signals[SIGNAL_INCOMING_CALL], 0, pcall, &claimed);
  if (claimed)
    g_info ("call %u from %s: claimed by a plugin", jd_plugin_call_get_id (pcall), from);
  return claimed;
}

void
jd_plugin_host_outgoing_call (JdPluginHost *host, JdCall *call, const char *account,
                              const char *to)
{
  g_autoptr (GError) error = NULL;
  JdPluginCall *pcall;

  g_return_if_fail (JD_IS_PLUGIN_HOST (host));
  g_return_if_fail (JD_IS_CALL (call));
  pcall = follow_call (host, call, account, to, JD_PLUGIN_CALL_OUTGOING);
  g_signal_emit (host, signals[SIGNAL_OUTGOING_CALL], 0, pcall);
  /* An outgoing call's media is set up when the peer answers: until
   * then its endpoints may still change. */
  if (!jd_plugin_call_apply_taps (pcall, &error))
    g_message ("call %u to %s: no audio tap: %s", jd_plugin_call_get_id (pcall), to,
               error->message);
}

gboolean
jd_plugin_host_prepare_accept (JdPluginHost *host, JdCall *call, GError **error)
{
  JdPluginCall *pcall;

  g_return_val_if_fail (JD_IS_PLUGIN_HOST (host), FALSE);
  pcall = g_hash_table_lookup (host->calls, call);
  return pcall == NULL || jd_plugin_call_apply_taps (pcall, error);
}

void
jd_plugin_host_message (JdPluginHost *host, const char *account, const char *from,
                        const char *body)
{
  g_return_if_fail (JD_IS_PLUGIN_HOST (host));
  g_signal_emit (host, signals[SIGNAL_MESSAGE_RECEIVED], 0, account, from, body);
}

JdPluginCall *
jd_plugin_host_lookup_call (JdPluginHost *host, JdCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_HOST (host), NULL);
  return host->calls != NULL ? g_hash_table_lookup (host->calls, call) : NULL;
}

gboolean
jd_plugin_host_send_message (JdPluginHost *host, const char *account, const char *to,
                             const char *body, GError **error)
{
  g_return_val_if_fail (JD_IS_PLUGIN_HOST (host), FALSE);
  g_return_val_if_fail (account != NULL && to != NULL && body != NULL, FALSE);
  if (host->send_message == NULL)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_FAILED,
                   "no account can send messages (account %s)", account);
      return FALSE;
    }
  return host->send_message (account, to, body, host->send_message_data, error);
}
