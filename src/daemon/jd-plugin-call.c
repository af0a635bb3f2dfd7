/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * JdPluginCall: what a plugin may see of and do with one call.  Every
 * action checks the call's state first and turns the call layer's errors
 * into JD_PLUGIN_ERROR, so that a plugin needs no other jingled header.
 */
#include "jd-plugin-call-private.h"

#include <string.h>

#include "media/jd-media-endpoint.h"

struct _JdPluginCall
{
  GObject parent_instance;

  JdCall *call;
  guint id;
  char *account;
  char *peer;
  JdPluginCallDirection direction;
  /* interaudiosink channels of jd_plugin_call_tap_audio(), NULL = none */
  char *tap_sent;
  char *tap_received;
  gboolean tapped;
};

G_DEFINE_TYPE (JdPluginCall, jd_plugin_call, G_TYPE_OBJECT)

G_DEFINE_QUARK (jd-plugin-error-quark, jd_plugin_error)

static void
jd_plugin_call_finalize (GObject *object)
{
  JdPluginCall *self = JD_PLUGIN_CALL (object);

  g_clear_object (&self->call);
  g_free (self->account);
  g_free (self->peer);
  g_free (self->tap_sent);
  g_free (self->tap_received);
  G_OBJECT_CLASS (jd_plugin_call_parent_class)->finalize (object);
}

static void
jd_plugin_call_class_init (JdPluginCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jd_plugin_call_finalize;
}

static void
jd_plugin_call_init (JdPluginCall *self)
{
}

JdPluginCall *
jd_plugin_call_new (JdCall *call, guint id, const char *account, const char *peer,
                    JdPluginCallDirection direction)
{
  JdPluginCall *self = g_object_new (JD_TYPE_PLUGIN_CALL, NULL);

  self->call = g_object_ref (call);
  self->id = id;
  self->account = g_strdup (account);
  self->peer = g_strdup (peer);
  self->direction = direction;
  return self;
}

JdCall *
jd_plugin_call_get_call (JdPluginCall *self)
{
  return self->call;
}

JdPluginCallState
jd_plugin_call_state_from (JdCallState state)
{
  switch (state)
    {
    case JD_CALL_STATE_CALLING:
      return JD_PLUGIN_CALL_STATE_CALLING;
    case JD_CALL_STATE_RINGING:
      return JD_PLUGIN_CALL_STATE_RINGING;
    case JD_CALL_STATE_CONNECTING:
      return JD_PLUGIN_CALL_STATE_CONNECTING;
    case JD_CALL_STATE_ACTIVE:
      return JD_PLUGIN_CALL_STATE_ACTIVE;
    case JD_CALL_STATE_ENDED:
    default:
      return JD_PLUGIN_CALL_STATE_ENDED;
    }
}

guint
jd_plugin_call_get_id (JdPluginCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), 0);
  return call->id;
}

const char *
jd_plugin_call_get_account (JdPluginCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), NULL);
  return call->account;
}

const char *
jd_plugin_call_get_peer (JdPluginCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), NULL);
  return call->peer;
}

JdPluginCallDirection
jd_plugin_call_get_direction (JdPluginCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), JD_PLUGIN_CALL_INCOMING);
  return call->direction;
}

JdPluginCallState
jd_plugin_call_get_state (JdPluginCall *call)
{
  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), JD_PLUGIN_CALL_STATE_ENDED);
  return jd_plugin_call_state_from (jd_call_get_state (call->call));
}

static gboolean
wrong_state (JdPluginCall *self, const char *action, GError **error)
{
  g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_WRONG_STATE,
               "call %u with %s: cannot %s it while it is %s", self->id, self->peer, action,
               jd_call_state_to_string (jd_call_get_state (self->call)));
  return FALSE;
}

static gboolean
failed (GError **error, GError *cause, JdPluginError code)
{
  g_set_error_literal (error, JD_PLUGIN_ERROR, code, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* An endpoint spec to a description; NULL stays NULL (keep the call's). */
static gboolean
endpoint (const char *spec, gboolean sink, char **out, GError **error)
{
  GError *local = NULL;

  *out = NULL;
  if (spec == NULL)
    return TRUE;
  *out = sink ? jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, spec, &local)
              : jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, spec, &local);
  return *out != NULL || failed (error, local, JD_PLUGIN_ERROR_INVALID_ARGUMENT);
}

gboolean
jd_plugin_call_accept (JdPluginCall *call, const char *audio_source, const char *audio_sink,
                       GError **error)
{
  g_autofree char *source = NULL;
  g_autofree char *sink = NULL;
  GError *local = NULL;

  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), FALSE);
  if (jd_call_get_state (call->call) != JD_CALL_STATE_RINGING)
    return wrong_state (call, "accept", error);
  if (!endpoint (audio_source, FALSE, &source, error) ||
      !endpoint (audio_sink, TRUE, &sink, error))
    return FALSE;
  if (!jd_call_set_endpoints (call->call, JD_JINGLE_MEDIA_AUDIO, source, sink, &local) ||
      !jd_plugin_call_apply_taps (call, &local) || !jd_call_accept (call->call, &local))
    return failed (error, local, JD_PLUGIN_ERROR_FAILED);
  return TRUE;
}

static gboolean
parse_reason (const char *reason, JdJingleReasonType *out, GError **error)
{
  if (jd_jingle_reason_from_string (reason, out))
    return TRUE;
  g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
               "\"%s\" is not a XEP-0166 reason", reason);
  return FALSE;
}

gboolean
jd_plugin_call_reject (JdPluginCall *call, const char *reason, GError **error)
{
  JdJingleReasonType type;

  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), FALSE);
  if (jd_call_get_state (call->call) != JD_CALL_STATE_RINGING)
    return wrong_state (call, "reject", error);
  if (!parse_reason (reason != NULL ? reason : "decline", &type, error))
    return FALSE;
  jd_call_hangup (call->call, type);
  return TRUE;
}

gboolean
jd_plugin_call_hangup (JdPluginCall *call, const char *reason, GError **error)
{
  JdJingleReasonType type;

  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), FALSE);
  if (jd_call_get_state (call->call) == JD_CALL_STATE_ENDED)
    return wrong_state (call, "hang up", error);
  if (!parse_reason (reason != NULL ? reason : "success", &type, error))
    return FALSE;
  jd_call_hangup (call->call, type);
  return TRUE;
}

gboolean
jd_plugin_call_send_dtmf (JdPluginCall *call, const char *digits, GError **error)
{
  GError *local = NULL;

  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  if (jd_call_send_dtmf (call->call, digits, 0, 0, &local))
    return TRUE;
  return failed (error, local,
                 g_error_matches (local, JD_CALL_ERROR, JD_CALL_ERROR_INVALID_DTMF)
                   ? JD_PLUGIN_ERROR_INVALID_ARGUMENT
                   : JD_PLUGIN_ERROR_WRONG_STATE);
}

static gboolean
valid_channel (const char *channel, GError **error)
{
  if (channel == NULL || (channel[0] != '\0' && strspn (channel, "abcdefghijklmnopqrstuvwxyz"
                                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                  "0123456789-_.") ==
                                                   strlen (channel)))
    return TRUE;
  g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
               "\"%s\" is not a channel name (letters, digits, - _ .)", channel);
  return FALSE;
}

gboolean
jd_plugin_call_tap_audio (JdPluginCall *call, const char *sent_channel,
                          const char *received_channel, GError **error)
{
  JdCallState state;

  g_return_val_if_fail (JD_IS_PLUGIN_CALL (call), FALSE);
  state = jd_call_get_state (call->call);
  if (call->tapped || (state != JD_CALL_STATE_RINGING && state != JD_CALL_STATE_CALLING))
    return wrong_state (call, "tap", error);
  if (call->tap_sent != NULL || call->tap_received != NULL)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_WRONG_STATE,
                   "call %u is tapped already", call->id);
      return FALSE;
    }
  if (!valid_channel (sent_channel, error) || !valid_channel (received_channel, error))
    return FALSE;
  call->tap_sent = g_strdup (sent_channel);
  call->tap_received = g_strdup (received_channel);
  return TRUE;
}

/* A copy of the audio next to the call's own path: the tee's first
 * branch continues the call, the second feeds the channel.  A leaky
 * queue keeps a slow tap from ever stalling the call. */
#define TAP_BRANCH "jdtap. ! queue leaky=downstream ! audioconvert ! audioresample ! " \
                   "interaudiosink channel=%s sync=false async=false"

gboolean
jd_plugin_call_apply_taps (JdPluginCall *self, GError **error)
{
  const char *source, *sink;
  g_autofree char *tapped_source = NULL;
  g_autofree char *tapped_sink = NULL;

  if (self->tapped || (self->tap_sent == NULL && self->tap_received == NULL))
    return TRUE;
  jd_call_get_endpoints (self->call, JD_JINGLE_MEDIA_AUDIO, &source, &sink);
  if (self->tap_sent != NULL)
    tapped_source = g_strdup_printf ("%s ! tee name=jdtap ! queue " TAP_BRANCH, source,
                                     self->tap_sent);
  if (self->tap_received != NULL)
    tapped_sink = g_strdup_printf ("tee name=jdtap ! queue ! %s " TAP_BRANCH, sink,
                                   self->tap_received);
  if (!jd_call_set_endpoints (self->call, JD_JINGLE_MEDIA_AUDIO, tapped_source, tapped_sink,
                              error))
    return FALSE;
  self->tapped = TRUE;
  return TRUE;
}
