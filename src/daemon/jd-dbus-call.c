/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * im.jingled.Call1 over a JdCall.
 *
 * State is the JdCall's, refined for D-Bus: an outgoing call whose
 * callee rings reads "ringing", an active call we hold reads "held".
 * Stats is computed when a client reads it (EmitsChangedSignal=false):
 * the daemon never wakes up for it.
 */
#include "jd-dbus-objects.h"

#include <string.h>

struct _JdDbusCall
{
  JdDbusCall1Skeleton parent_instance;

  JdCall *call;
  JdAccount *account;           /* borrowed: the daemon keeps it longer */
  gboolean incoming;
  gboolean peer_ringing;
  gboolean held;                /* by us */
  gint64 active_since_us;       /* for the average bitrates; 0 before active */
};

G_DEFINE_FINAL_TYPE (JdDbusCall, jd_dbus_call, JD_DBUS_TYPE_CALL1_SKELETON)

/* ---------------------------------------------------------------- */
/* Errors                                                           */

static int
dbus_code_of_call_error (int code)
{
  switch (code)
    {
    case JD_CALL_ERROR_INVALID_DTMF:
      return JD_DBUS_ERROR_INVALID_DTMF;
    case JD_CALL_ERROR_NOT_ACTIVE:
      return JD_DBUS_ERROR_NOT_ACTIVE;
    case JD_CALL_ERROR_NO_SUCH_MEDIA:
      return JD_DBUS_ERROR_INVALID_ARGUMENT;
    default:
      return JD_DBUS_ERROR_FAILED;
    }
}

GError *
jd_dbus_error_from (const GError *error)
{
  if (error->domain == JD_DBUS_ERROR)
    return g_error_copy (error);
  if (error->domain == JD_CALL_ERROR)
    return g_error_new_literal (JD_DBUS_ERROR, dbus_code_of_call_error (error->code),
                                error->message);
  if (error->domain == JD_XMPP_ERROR && error->code == JD_XMPP_ERROR_DISCONNECTED)
    return g_error_new_literal (JD_DBUS_ERROR, JD_DBUS_ERROR_NOT_CONNECTED, error->message);
  if (error->domain == JD_XMPP_ERROR && error->code == JD_XMPP_ERROR_INVALID_JID)
    return g_error_new_literal (JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_JID, error->message);
  return g_error_new_literal (JD_DBUS_ERROR, JD_DBUS_ERROR_FAILED, error->message);
}

void
jd_dbus_return_error (GDBusMethodInvocation *invocation, const GError *error)
{
  g_autoptr (GError) mapped = jd_dbus_error_from (error);

  g_dbus_method_invocation_return_gerror (invocation, mapped);
}

static gboolean
return_error_literal (GDBusMethodInvocation *invocation, JdDbusError code, const char *message)
{
  g_dbus_method_invocation_return_error_literal (invocation, JD_DBUS_ERROR, code, message);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---------------------------------------------------------------- */
/* Properties                                                       */

static const char *
state_name (JdDbusCall *self)
{
  JdCallState state = jd_call_get_state (self->call);

  if (state == JD_CALL_STATE_CALLING && self->peer_ringing)
    return "ringing";
  if (state == JD_CALL_STATE_ACTIVE && self->held)
    return "held";
  return jd_call_state_to_string (state);
}

static const char *
encryption_name (JdCall *call)
{
  switch (jd_call_get_crypto (call))
    {
    case JD_MEDIA_CRYPTO_DTLS:
      return "dtls-srtp";
    case JD_MEDIA_CRYPTO_SDES:
      return "sdes-srtp";
    case JD_MEDIA_CRYPTO_NONE:
      return "none";
    }
  g_return_val_if_reached ("none");
}

GStrv
jd_dbus_call_dup_media (JdDbusCall *self)
{
  g_autoptr (GStrvBuilder) media = g_strv_builder_new ();

  for (guint m = 0; m < JD_JINGLE_N_MEDIA; m++)
    if (jd_call_has_media (self->call, m))
      g_strv_builder_add (media, jd_jingle_media_to_string (m));
  return g_strv_builder_end (media);
}

static GVariant *
codecs_variant (JdCall *call)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  for (guint m = 0; m < JD_JINGLE_N_MEDIA; m++)
    {
      const char *codec = jd_call_get_codec_for (call, m);

      if (codec != NULL)
        g_variant_builder_add (&b, "{ss}", jd_jingle_media_to_string (m), codec);
    }
  return g_variant_builder_end (&b);
}

/* Properties that change with the call's state, set only when they
 * differ, so that PropertiesChanged says what really changed. */
static void
set_string (JdDbusCall1 *iface, const char *name, const char *value)
{
  g_autofree char *old = NULL;

  g_object_get (iface, name, &old, NULL);
  if (g_strcmp0 (old, value) != 0)
    g_object_set (iface, name, value, NULL);
}

static void
update_properties (JdDbusCall *self)
{
  JdDbusCall1 *iface = JD_DBUS_CALL1 (self);
  JdCallState state = jd_call_get_state (self->call);
  const JdJingleReason *reason = jd_call_get_end_reason (self->call);
  g_autoptr (GVariant) codecs = g_variant_ref_sink (codecs_variant (self->call));
  GVariant *old_codecs = jd_dbus_call1_get_codecs (iface);

  set_string (iface, "state", state_name (self));
  /* A proposed call (XEP-0353) learns its peer's device on proceed. */
  set_string (iface, "peer", jd_call_get_peer (self->call));
  if (old_codecs == NULL || !g_variant_equal (old_codecs, codecs))
    jd_dbus_call1_set_codecs (iface, codecs);
  if (state >= JD_CALL_STATE_CONNECTING)
    {
      set_string (iface, "transport", jd_call_is_raw_udp (self->call) ? "raw-udp" : "ice-udp");
      set_string (iface, "encryption", encryption_name (self->call));
    }
  if (state == JD_CALL_STATE_ENDED && reason != NULL)
    set_string (iface, "end-reason", jd_call_get_end_reason_name (self->call));
  /* PropertiesChanged before the StateChanged or Ended that follows, so
   * a client reacting to the signal reads the new values. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self));
}

static void
add_stats (GVariantDict *d, const JdCallStats *st, gint64 active_s)
{
  const JdMediaStats *m = &st->media;
  guint64 expected = m->packets_received + (guint64) MAX (m->packets_lost, 0);

  g_variant_dict_insert (d, "packets-sent", "t", m->packets_sent);
  g_variant_dict_insert (d, "packets-received", "t", m->packets_received);
  g_variant_dict_insert (d, "bytes-sent", "t", m->bytes_sent);
  g_variant_dict_insert (d, "bytes-received", "t", m->bytes_received);
  g_variant_dict_insert (d, "packets-lost", "x", m->packets_lost);
  g_variant_dict_insert (d, "loss", "d",
                         expected > 0 ? (double) MAX (m->packets_lost, 0) / expected : 0.0);
  g_variant_dict_insert (d, "jitter", "d", m->jitter_ms);
  g_variant_dict_insert (d, "rtt", "d", m->rtt_ms < 0 ? -1.0 : m->rtt_ms);
  /* Averages over the call so far: RTCP gives octet counts, not rates. */
  g_variant_dict_insert (d, "bitrate-sent", "u",
                         (guint32) (active_s > 0 ? m->bytes_sent * 8 / active_s : 0));
  g_variant_dict_insert (d, "bitrate-received", "u",
                         (guint32) (active_s > 0 ? m->bytes_received * 8 / active_s : 0));
  if (m->codec != NULL)
    g_variant_dict_insert (d, "codec", "s", m->codec);
  if (st->local_candidate_type != NULL)
    {
      g_variant_dict_insert (d, "local-candidate", "s", st->local_candidate_type);
      g_variant_dict_insert (d, "remote-candidate", "s", st->remote_candidate_type);
      g_variant_dict_insert (d, "local-address", "s", st->local_address);
      g_variant_dict_insert (d, "remote-address", "s", st->remote_address);
    }
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* @dict's entries by key: a client prints them in a stable order. */
static GVariant *
sorted (GVariantDict *dict)
{
  g_autoptr (GVariant) unsorted = g_variant_ref_sink (g_variant_dict_end (dict));
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GVariantBuilder b;
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, unsorted);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, compare_keys);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr (GVariant) value = g_variant_lookup_value (unsorted, keys->pdata[i], NULL);

      g_variant_builder_add (&b, "{sv}", keys->pdata[i], value);
    }
  return g_variant_builder_end (&b);
}

static GVariant *
stats_variant (JdDbusCall *self)
{
  g_auto (GVariantDict) audio;
  JdCallStats st;
  gint64 active_s = self->active_since_us > 0
                      ? (g_get_monotonic_time () - self->active_since_us) / G_USEC_PER_SEC
                      : 0;

  g_variant_dict_init (&audio, NULL);
  if (jd_call_get_stats (self->call, JD_JINGLE_MEDIA_AUDIO, &st))
    {
      add_stats (&audio, &st, active_s);
      jd_call_stats_clear (&st);
    }
  if (jd_call_get_stats (self->call, JD_JINGLE_MEDIA_VIDEO, &st))
    {
      g_auto (GVariantDict) video;

      g_variant_dict_init (&video, NULL);
      add_stats (&video, &st, active_s);
      jd_call_stats_clear (&st);
      g_variant_dict_insert_value (&audio, "video", sorted (&video));
    }
  return sorted (&audio);
}

/* ---------------------------------------------------------------- */
/* The call's signals                                               */

static void
on_state_changed (JdCall *call, guint state, JdDbusCall *self)
{
  const char *reason;

  if (state == JD_CALL_STATE_ACTIVE && self->active_since_us == 0)
    self->active_since_us = g_get_monotonic_time ();
  update_properties (self);
  jd_dbus_call1_emit_state_changed (JD_DBUS_CALL1 (self), state_name (self));
  if (state != JD_CALL_STATE_ENDED)
    return;
  reason = jd_call_get_end_reason_name (call);
  jd_dbus_call1_emit_ended (JD_DBUS_CALL1 (self), reason != NULL ? reason : "");
}

static void
on_peer_ringing (JdCall *call, JdDbusCall *self)
{
  self->peer_ringing = TRUE;
  if (jd_call_get_state (call) == JD_CALL_STATE_CALLING)
    {
      update_properties (self);
      jd_dbus_call1_emit_state_changed (JD_DBUS_CALL1 (self), state_name (self));
    }
}

static void
on_dtmf_received (JdCall *call, const char *digit, JdDbusCall *self)
{
  jd_dbus_call1_emit_dtmf_received (JD_DBUS_CALL1 (self), digit);
}

static void
on_remote_hold (JdCall *call, gboolean held, JdDbusCall *self)
{
  jd_dbus_call1_set_remote_held (JD_DBUS_CALL1 (self), held);
}

/* ---------------------------------------------------------------- */
/* Methods                                                          */

static gboolean
check_not_ended (JdDbusCall *self, GDBusMethodInvocation *invocation)
{
  if (jd_call_get_state (self->call) != JD_CALL_STATE_ENDED)
    return TRUE;
  return_error_literal (invocation, JD_DBUS_ERROR_NOT_ACTIVE, "the call has ended");
  return FALSE;
}

static gboolean
on_handle_accept (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, JdDbusCall *self)
{
  g_autoptr (GError) error = NULL;

  if (!self->incoming || jd_call_get_state (self->call) != JD_CALL_STATE_RINGING)
    return return_error_literal (invocation, JD_DBUS_ERROR_NOT_ACTIVE,
                                 "only a ringing incoming call can be accepted");
  if (!jd_account_answer (self->account, self->call, &error))
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_call1_complete_accept (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
parse_reason (const char *name, const char *fallback, JdJingleReasonType *out,
              GDBusMethodInvocation *invocation)
{
  if (jd_jingle_reason_from_string (*name != '\0' ? name : fallback, out))
    return TRUE;
  g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                         JD_DBUS_ERROR_INVALID_ARGUMENT,
                                         "\"%s\" is not a Jingle reason (XEP-0166 §7.4)", name);
  return FALSE;
}

static gboolean
on_handle_reject (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, const char *reason,
                  JdDbusCall *self)
{
  JdJingleReasonType type;

  if (!check_not_ended (self, invocation) || !parse_reason (reason, "decline", &type, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_call_hangup (self->call, type);
  jd_dbus_call1_complete_reject (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_hangup (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, const char *reason,
                  JdDbusCall *self)
{
  JdJingleReasonType type;

  if (!check_not_ended (self, invocation) || !parse_reason (reason, "success", &type, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  jd_call_hangup (self->call, type);
  jd_dbus_call1_complete_hangup (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
set_hold (JdDbusCall *self, GDBusMethodInvocation *invocation, gboolean hold)
{
  g_autoptr (GError) error = NULL;

  if (!jd_call_set_hold (self->call, hold, &error))
    {
      jd_dbus_return_error (invocation, error);
      return;
    }
  self->held = hold;
  update_properties (self);
  jd_dbus_call1_emit_state_changed (JD_DBUS_CALL1 (self), state_name (self));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
on_handle_hold (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, JdDbusCall *self)
{
  set_hold (self, invocation, TRUE);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_unhold (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, JdDbusCall *self)
{
  set_hold (self, invocation, FALSE);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
update_muted (JdDbusCall1 *iface, JdJingleMedia media, gboolean mute)
{
  const char *const *old = jd_dbus_call1_get_muted (iface);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_auto (GStrv) muted = NULL;

  for (guint m = 0; m < JD_JINGLE_N_MEDIA; m++)
    {
      const char *n = jd_jingle_media_to_string (m);
      gboolean was = old != NULL && g_strv_contains (old, n);

      if (m == media ? mute : was)
        g_strv_builder_add (b, n);
    }
  muted = g_strv_builder_end (b);
  if (old == NULL || !g_strv_equal (old, (const char *const *) muted))
    jd_dbus_call1_set_muted (iface, (const char *const *) muted);
}

static gboolean
on_handle_mute (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, const char *media_name,
                gboolean mute, JdDbusCall *self)
{
  g_autoptr (GError) error = NULL;
  JdJingleMedia media;

  if (!jd_jingle_media_from_string (media_name, &media))
    {
      g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                             JD_DBUS_ERROR_INVALID_ARGUMENT,
                                             "\"%s\" is not a medium (audio, video)", media_name);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (!jd_call_set_mute (self->call, media, mute, &error))
    {
      jd_dbus_return_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  update_muted (iface, media, mute);
  jd_dbus_call1_complete_mute (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_send_dtmf (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, const char *digits,
                     guint duration_ms, JdDbusCall *self)
{
  g_autoptr (GError) error = NULL;

  if (!jd_call_send_dtmf (self->call, digits, duration_ms, 0, &error))
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_call1_complete_send_dtmf (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* XEP-0166 content-add / content-remove; Media changes once the peer
 * took it (::media-changed). */
static gboolean
on_handle_add_video (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, JdDbusCall *self)
{
  g_autoptr (GError) error = NULL;

  if (!jd_call_add_video (self->call, &error))
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_call1_complete_add_video (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_handle_remove_video (JdDbusCall1 *iface, GDBusMethodInvocation *invocation, JdDbusCall *self)
{
  g_autoptr (GError) error = NULL;

  if (!jd_call_remove_video (self->call, &error))
    jd_dbus_return_error (invocation, error);
  else
    jd_dbus_call1_complete_remove_video (iface, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_media_changed (JdCall *call, JdDbusCall *self)
{
  g_auto (GStrv) media = jd_dbus_call_dup_media (self);

  jd_dbus_call1_set_media (JD_DBUS_CALL1 (self), (const char *const *) media);
  update_properties (self);
}

/* ---------------------------------------------------------------- */
/* Setting up                                                       */

static void
connect_handlers (JdDbusCall *self)
{
  g_signal_connect (self, "handle-accept", G_CALLBACK (on_handle_accept), self);
  g_signal_connect (self, "handle-reject", G_CALLBACK (on_handle_reject), self);
  g_signal_connect (self, "handle-hangup", G_CALLBACK (on_handle_hangup), self);
  g_signal_connect (self, "handle-hold", G_CALLBACK (on_handle_hold), self);
  g_signal_connect (self, "handle-unhold", G_CALLBACK (on_handle_unhold), self);
  g_signal_connect (self, "handle-mute", G_CALLBACK (on_handle_mute), self);
  g_signal_connect (self, "handle-send-dtmf", G_CALLBACK (on_handle_send_dtmf), self);
  g_signal_connect (self, "handle-add-video", G_CALLBACK (on_handle_add_video), self);
  g_signal_connect (self, "handle-remove-video", G_CALLBACK (on_handle_remove_video), self);
  g_signal_connect (self->call, "media-changed", G_CALLBACK (on_media_changed), self);
  g_signal_connect (self->call, "state-changed", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->call, "peer-ringing", G_CALLBACK (on_peer_ringing), self);
  g_signal_connect (self->call, "dtmf-received", G_CALLBACK (on_dtmf_received), self);
  g_signal_connect (self->call, "remote-hold", G_CALLBACK (on_remote_hold), self);
}

JdDbusCall *
jd_dbus_call_new (JdCall *call, JdAccount *account, const char *account_path, gboolean incoming)
{
  JdDbusCall *self = g_object_new (JD_TYPE_DBUS_CALL, NULL);
  JdDbusCall1 *iface = JD_DBUS_CALL1 (self);
  g_auto (GStrv) media = NULL;
  const char *const none[] = { NULL };

  self->call = g_object_ref (call);
  self->account = account;
  self->incoming = incoming;
  media = jd_dbus_call_dup_media (self);
  jd_dbus_call1_set_account (iface, account_path);
  jd_dbus_call1_set_peer (iface, jd_call_get_peer (call));
  jd_dbus_call1_set_direction (iface, incoming ? "incoming" : "outgoing");
  jd_dbus_call1_set_media (iface, (const char *const *) media);
  jd_dbus_call1_set_transport (iface, jd_call_is_raw_udp (call) ? "raw-udp" : "ice-udp");
  jd_dbus_call1_set_encryption (iface, encryption_name (call));
  jd_dbus_call1_set_end_reason (iface, "");
  jd_dbus_call1_set_muted (iface, none);
  update_properties (self);
  connect_handlers (self);
  return self;
}

JdCall *
jd_dbus_call_get_call (JdDbusCall *self)
{
  g_return_val_if_fail (JD_IS_DBUS_CALL (self), NULL);
  return self->call;
}

/* Stats is overridden here so that reading it (the skeleton's Get and
 * GetAll go through g_object_get_property()) lands in our class. */
enum { PROP_0, PROP_STATS };

static void
jd_dbus_call_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  JdDbusCall *self = JD_DBUS_CALL (object);

  g_return_if_fail (prop_id == PROP_STATS);
  if (self->call == NULL)
    g_value_set_variant (value, g_variant_new ("a{sv}", NULL));
  else
    g_value_take_variant (value, g_variant_ref_sink (stats_variant (self)));
}

/* Nothing sets Stats: it is computed. */
static void
jd_dbus_call_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
}

static void
jd_dbus_call_dispose (GObject *object)
{
  JdDbusCall *self = JD_DBUS_CALL (object);

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
  G_OBJECT_CLASS (jd_dbus_call_parent_class)->dispose (object);
}

static void
jd_dbus_call_class_init (JdDbusCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = jd_dbus_call_get_property;
  object_class->set_property = jd_dbus_call_set_property;
  object_class->dispose = jd_dbus_call_dispose;
  g_object_class_override_property (object_class, PROP_STATS, "stats");
}

static void
jd_dbus_call_init (JdDbusCall *self)
{
}
