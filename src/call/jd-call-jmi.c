/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-call-jmi: JdCalls begun with XEP-0353 Jingle Message Initiation.
 * The JMI manager (jd-jingle-jmi-manager.h) carries the messages; this
 * file decides what each one does to a call that has no Jingle session
 * yet, and hands over to the ordinary call code once the session exists
 * (outgoing: after the callee's proceed; incoming: the session-initiate
 * that follows our proceed).  See jd-call.h for how such calls end.
 */
#include "jd-call-private.h"

#include "jingle/jd-jingle-negotiate.h"
#include "xmpp/jd-jid.h"

static gboolean
is_ours (JdCall *self, const char *id)
{
  return self->jmi_id != NULL && g_strcmp0 (self->jmi_id, id) == 0 &&
         self->state != JD_CALL_STATE_ENDED;
}

/* The call ends before (or without) a session: nothing more is sent. */
static void
end_without_session (JdCall *self, JdJingleReasonType reason, const char *reason_name)
{
  if (self->state == JD_CALL_STATE_ENDED)
    return;
  g_object_ref (self);
  g_info ("call %s with %s ended before its session: %s", self->jmi_id, self->jmi_peer,
          reason_name != NULL ? reason_name : jd_jingle_reason_to_string (reason));
  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  self->end_reason = jd_jingle_reason_new (reason, NULL);
  self->end_reason_name = reason_name;
  g_signal_handlers_disconnect_by_data (self->jmi, self);
  jd_call_teardown (self);
  jd_call_set_state (self, JD_CALL_STATE_ENDED);
  g_object_unref (self);
}

/* ---------------------------------------------------------------- */
/* Outgoing                                                         */

static void
on_ringing (JdJingleJmiManager *jmi, const char *id, const char *from, JdCall *self)
{
  if (is_ours (self, id) && !self->incoming && self->state == JD_CALL_STATE_CALLING)
    jd_call_emit_peer_ringing (self);
}

/* The device that proceeded gets our session-initiate; its user has
 * answered, so from now on the wait is for a media path, not a ring. */
static void
on_proceeded (JdJingleJmiManager *jmi, const char *id, const char *from, JdCall *self)
{
  g_autoptr (GError) error = NULL;

  if (!is_ours (self, id) || self->incoming || self->session != NULL)
    return;
  g_free (self->jmi_peer);
  self->jmi_peer = g_strdup (from);
  if (!jd_call_start_session (self, self->jingle, from, id, &error))
    {
      g_message ("call %s: the session with %s could not start: %s", id, from, error->message);
      jd_jingle_jmi_manager_finish (self->jmi, id, JD_JINGLE_REASON_GENERAL_ERROR);
      end_without_session (self, JD_JINGLE_REASON_GENERAL_ERROR, NULL);
      return;
    }
  jd_call_cancel_timer (&self->ring_timer);
  jd_call_start_timer (self, &self->connect_timer, self->options.connect_timeout_ms,
                       jd_call_on_connect_timeout);
}

static void
on_rejected (JdJingleJmiManager *jmi, const char *id, const char *from, guint reason,
             JdCall *self)
{
  if (is_ours (self, id) && !self->incoming && self->session == NULL)
    end_without_session (self, reason, NULL);
}

/* Glare (XEP-0353 §4.1): the manager retracted ours; the peer's propose
 * rings (or is answered) as a new call. */
static void
on_lost_tie_break (JdJingleJmiManager *jmi, const char *id, JdCall *self)
{
  if (is_ours (self, id) && !self->incoming && self->session == NULL)
    end_without_session (self, JD_JINGLE_REASON_EXPIRED, NULL);
}

/* ---------------------------------------------------------------- */
/* Incoming                                                         */

static void
on_retracted (JdJingleJmiManager *jmi, const char *id, const char *from, guint reason,
              JdCall *self)
{
  if (is_ours (self, id) && self->incoming && self->session == NULL)
    end_without_session (self, JD_JINGLE_REASON_CANCEL, NULL);
}

static void
on_handled_elsewhere (JdJingleJmiManager *jmi, const char *id, guint action, JdCall *self)
{
  const gboolean answered = action != JD_JINGLE_JMI_REJECT;

  if (!is_ours (self, id) || !self->incoming || self->state != JD_CALL_STATE_RINGING)
    return;
  end_without_session (self, answered ? JD_JINGLE_REASON_CANCEL : JD_JINGLE_REASON_DECLINE,
                       answered ? "answered-elsewhere" : "declined-elsewhere");
}

/* ---------------------------------------------------------------- */
/* Both                                                             */

/* The peer's finish before any session (it gave up after proceed);
 * with a session its session-terminate ends the call. */
static void
on_finished (JdJingleJmiManager *jmi, const char *id, const char *from, guint reason,
             JdCall *self)
{
  if (is_ours (self, id) && self->session == NULL)
    end_without_session (self, reason, NULL);
}

/* XEP-0353 §4.2: the peer moved this call to a new proposal (the
 * manager finished ours with <migrated/>): our session is an orphan. */
static void
on_migrated (JdJingleJmiManager *jmi, const char *old_id, const char *new_id, JdCall *self)
{
  if (!is_ours (self, old_id))
    return;
  g_info ("call %s with %s moves to %s", old_id, self->jmi_peer, new_id);
  if (self->session == NULL)
    {
      end_without_session (self, JD_JINGLE_REASON_EXPIRED, "migrated");
      return;
    }
  g_signal_handlers_disconnect_by_data (self->jmi, self);
  self->end_reason_name = "migrated";
  jd_call_hangup (self, JD_JINGLE_REASON_EXPIRED);
}

static void
watch_jmi (JdCall *self, JdJingleJmiManager *jmi, const char *id, const char *peer)
{
  self->jmi = g_object_ref (jmi);
  self->jmi_id = g_strdup (id);
  self->jmi_peer = g_strdup (peer);
  g_signal_connect_object (jmi, "ringing", G_CALLBACK (on_ringing), self, 0);
  g_signal_connect_object (jmi, "proceeded", G_CALLBACK (on_proceeded), self, 0);
  g_signal_connect_object (jmi, "rejected", G_CALLBACK (on_rejected), self, 0);
  g_signal_connect_object (jmi, "lost-tie-break", G_CALLBACK (on_lost_tie_break), self, 0);
  g_signal_connect_object (jmi, "retracted", G_CALLBACK (on_retracted), self, 0);
  g_signal_connect_object (jmi, "handled-elsewhere", G_CALLBACK (on_handled_elsewhere), self, 0);
  g_signal_connect_object (jmi, "finished", G_CALLBACK (on_finished), self, 0);
  g_signal_connect_object (jmi, "migrated", G_CALLBACK (on_migrated), self, 0);
}

/* ---------------------------------------------------------------- */
/* API                                                              */

JdCall *
jd_call_propose (JdJingleManager *jingle, JdJingleJmiManager *jmi, const char *bare_jid,
                 const JdCallOptions *options, GError **error)
{
  g_autoptr (JdCall) self = g_object_new (JD_TYPE_CALL, NULL);
  g_autofree char *bare = jd_jid_normalize (bare_jid, error);
  JdJingleMedia media[] = { JD_JINGLE_MEDIA_AUDIO, JD_JINGLE_MEDIA_VIDEO };
  g_autofree char *id = NULL;

  g_return_val_if_fail (JD_IS_JINGLE_MANAGER (jingle) && JD_IS_JINGLE_JMI_MANAGER (jmi), NULL);
  if (bare == NULL)
    return NULL;
  jd_call_copy_options (self, options);
  /* Transports gather while the callee's devices ring, so the
   * session-initiate can go out the moment one proceeds. */
  if (!jd_call_prepare_offer (self, error))
    return NULL;
  id = jd_jingle_jmi_manager_propose (jmi, bare, media, options->video ? 2 : 1);
  self->jingle = g_object_ref (jingle);
  watch_jmi (self, jmi, id, bare);
  self->state = JD_CALL_STATE_CALLING;
  jd_call_start_timer (self, &self->ring_timer, self->options.ring_timeout_ms,
                       jd_call_on_ring_timeout);
  return g_steal_pointer (&self);
}

JdCall *
jd_call_new_proposed (JdJingleManager *jingle, JdJingleJmiManager *jmi, const char *id,
                      const char *from_full, guint media_mask, const JdCallOptions *options,
                      GError **error)
{
  g_autoptr (JdCall) self = NULL;

  g_return_val_if_fail (JD_IS_JINGLE_MANAGER (jingle) && JD_IS_JINGLE_JMI_MANAGER (jmi), NULL);
  g_return_val_if_fail (id != NULL && from_full != NULL, NULL);
  if ((media_mask & (1u << JD_JINGLE_MEDIA_AUDIO)) == 0)
    {
      jd_jingle_jmi_manager_reject (jmi, id, JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS);
      g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR,
                           JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC, "the propose has no audio");
      return NULL;
    }
  self = g_object_new (JD_TYPE_CALL, NULL);
  self->incoming = TRUE;
  self->state = JD_CALL_STATE_RINGING;
  /* What the caller proposed, until its offer says what the call carries
   * (::media-changed then). */
  self->proposed_media = media_mask & ((1u << JD_JINGLE_N_MEDIA) - 1);
  jd_call_copy_options (self, options);
  self->jingle = g_object_ref (jingle);
  watch_jmi (self, jmi, id, from_full);
  jd_jingle_jmi_manager_ring (jmi, id);
  jd_call_start_timer (self, &self->ring_timer, self->options.ring_timeout_ms,
                       jd_call_on_ring_timeout);
  return g_steal_pointer (&self);
}

gboolean
jd_call_jmi_accept (JdCall *self, GError **error)
{
  g_return_val_if_fail (self->jmi != NULL, FALSE);
  jd_jingle_jmi_manager_proceed (self->jmi, self->jmi_id);
  jd_call_cancel_timer (&self->ring_timer);
  jd_call_set_state (self, JD_CALL_STATE_CONNECTING);
  /* A session-initiate that never comes is a media path that never came
   * up: connectivity-error, as for ICE. */
  jd_call_start_timer (self, &self->connect_timer, self->options.connect_timeout_ms,
                       jd_call_on_connect_timeout);
  return TRUE;
}

gboolean
jd_call_expects_session (JdCall *self, const char *peer, const char *sid)
{
  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  return self->incoming && self->session == NULL && self->state == JD_CALL_STATE_CONNECTING &&
         is_ours (self, sid) && jd_jid_str_equal (self->jmi_peer, peer);
}

gboolean
jd_call_take_session (JdCall *self, JdJingleSession *session, const JdJingleMessage *offer,
                      GError **error)
{
  g_autoptr (JdCall) alive G_GNUC_UNUSED = g_object_ref (self);
  GError *local = NULL;
  guint carried;

  g_return_val_if_fail (JD_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->incoming && self->session == NULL, FALSE);
  /* A refused offer was terminated, which ended the call and sent finish. */
  if (!jd_call_take_offer (self, session, offer, &local) || !jd_call_do_accept (self, &local))
    {
      if (self->state != JD_CALL_STATE_ENDED)
        jd_call_hangup (self, JD_JINGLE_REASON_FAILED_APPLICATION);
      g_propagate_error (error, local);
      return FALSE;
    }
  carried = 1u << JD_JINGLE_MEDIA_AUDIO;
  if (jd_call_has_media (self, JD_JINGLE_MEDIA_VIDEO))
    carried |= 1u << JD_JINGLE_MEDIA_VIDEO;
  if (carried != self->proposed_media)
    jd_call_emit_media_changed (self);
  return TRUE;
}

const char *
jd_call_get_jmi_id (JdCall *self)
{
  g_return_val_if_fail (JD_IS_CALL (self), NULL);
  return self->jmi_id;
}

/* What the peer is told when we end a call that has no session yet. */
void
jd_call_jmi_hangup (JdCall *self, JdJingleReasonType reason)
{
  JdJingleReasonType sent;

  g_return_if_fail (self->jmi != NULL);
  if (!self->incoming)
    {
      sent = reason == JD_JINGLE_REASON_TIMEOUT ? JD_JINGLE_REASON_TIMEOUT
                                                : JD_JINGLE_REASON_CANCEL;
      jd_jingle_jmi_manager_retract (self->jmi, self->jmi_id, sent);
    }
  else if (self->state == JD_CALL_STATE_RINGING)
    {
      jd_jingle_jmi_manager_reject (self->jmi, self->jmi_id,
                                    reason == JD_JINGLE_REASON_BUSY ? JD_JINGLE_REASON_BUSY
                                                                    : JD_JINGLE_REASON_DECLINE);
      /* Our ring timeout still reads as one here. */
      sent = reason == JD_JINGLE_REASON_BUSY || reason == JD_JINGLE_REASON_TIMEOUT
               ? reason : JD_JINGLE_REASON_DECLINE;
    }
  else
    {
      /* Answered, the session-initiate not here yet: the caller must not
       * start it any more. */
      sent = reason;
      jd_jingle_jmi_manager_finish (self->jmi, self->jmi_id, sent);
    }
  end_without_session (self, sent, NULL);
}

void
jd_call_jmi_session_ended (JdCall *self, JdJingleReasonType reason)
{
  if (self->jmi == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->jmi, self);
  jd_jingle_jmi_manager_finish (self->jmi, self->jmi_id, reason);
}
