/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-fsm: one row per action saying in which states it may be
 * sent, by whom, and where it leads (XEP-0166 §5.1 state diagram, §6
 * session flow, §7.2 action definitions).  The model is Wocky's
 * allowed_actions[][], turned around so that each action's rule reads on
 * one line.
 *
 * XEP-0166 1.1 §5.1: "it is allowed to send all actions while in the
 * PENDING state" -- including content-add, which older drafts forbade.
 *
 * Rules that need more than (state, action, sender) belong to the
 * session layer, which knows the contents and the requests in flight:
 * - content-accept and content-reject answer a content-add, so they come
 *   from the party that did NOT create the content (§7.2.1, §7.2.4);
 * - transport-accept and transport-reject answer a transport-replace, so
 *   they come from the party that did not send it (§7.2.12, §7.2.14,
 *   §7.2.15);
 * - content-modify is never answered with content-accept (§7.2.3);
 * - simultaneous identical actions are a tie-break (§7.2.16).
 */
#include "jd-jingle-fsm.h"

#define IN(state)   (1u << (state))
#define BY(role)    (1u << (role))
#define LIVE        (IN (JD_JINGLE_STATE_PENDING) | IN (JD_JINGLE_STATE_ACTIVE))
#define EITHER      (BY (JD_JINGLE_ROLE_INITIATOR) | BY (JD_JINGLE_ROLE_RESPONDER))
#define STAY        JD_JINGLE_N_STATES   /* next state = the current one */

typedef struct {
  guint states;           /* IN() bits: where the action may be sent */
  guint senders;          /* BY() bits: who may send it */
  JdJingleState next;     /* or STAY */
} ActionRule;

static const ActionRule rules[JD_JINGLE_N_ACTIONS] = {
  [JD_JINGLE_ACTION_CONTENT_ACCEPT]    = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_CONTENT_ADD]       = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_CONTENT_MODIFY]    = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_CONTENT_REJECT]    = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_CONTENT_REMOVE]    = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_DESCRIPTION_INFO]  = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_SECURITY_INFO]     = { LIVE, EITHER, STAY },
  /* §7.2.8: the responder's definitive answer, once. */
  [JD_JINGLE_ACTION_SESSION_ACCEPT]    = { IN (JD_JINGLE_STATE_PENDING),
                                           BY (JD_JINGLE_ROLE_RESPONDER),
                                           JD_JINGLE_STATE_ACTIVE },
  [JD_JINGLE_ACTION_SESSION_INFO]      = { LIVE, EITHER, STAY },
  /* §7.2.10: it creates a session, so on an existing one it is always
   * out of order (the manager handles a new one). */
  [JD_JINGLE_ACTION_SESSION_INITIATE]  = { 0, BY (JD_JINGLE_ROLE_INITIATOR), STAY },
  [JD_JINGLE_ACTION_SESSION_TERMINATE] = { LIVE, EITHER, JD_JINGLE_STATE_ENDED },
  [JD_JINGLE_ACTION_TRANSPORT_ACCEPT]  = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_TRANSPORT_INFO]    = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_TRANSPORT_REJECT]  = { LIVE, EITHER, STAY },
  [JD_JINGLE_ACTION_TRANSPORT_REPLACE] = { LIVE, EITHER, STAY },
};

static const char *
role_name (JdJingleRole role)
{
  return role == JD_JINGLE_ROLE_INITIATOR ? "initiator" : "responder";
}

gboolean
jd_jingle_fsm_check (JdJingleState state,
                     JdJingleAction action,
                     JdJingleRole sender,
                     JdJingleState *next,
                     GError **error)
{
  const ActionRule *rule;

  g_return_val_if_fail ((guint) state < JD_JINGLE_N_STATES, FALSE);
  g_return_val_if_fail ((guint) action < JD_JINGLE_N_ACTIONS, FALSE);
  g_return_val_if_fail (sender == JD_JINGLE_ROLE_INITIATOR ||
                        sender == JD_JINGLE_ROLE_RESPONDER, FALSE);

  rule = &rules[action];

  /* §6.7: after session-terminate the sid no longer names a session, so
   * whatever arrives (even session-initiate) is answered as unknown. */
  if (state == JD_JINGLE_STATE_ENDED)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_UNKNOWN_SESSION,
                   "%s: the session has ended", jd_jingle_action_to_string (action));
      return FALSE;
    }
  /* The state is checked before the sender: session-accept in ACTIVE is
   * out of order whoever sends it. */
  if ((rule->states & IN (state)) == 0)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_OUT_OF_ORDER,
                   "%s is not allowed in the %s state",
                   jd_jingle_action_to_string (action), jd_jingle_state_to_string (state));
      return FALSE;
    }
  if ((rule->senders & BY (sender)) == 0)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_NOT_AUTHORIZED,
                   "%s may not be sent by the %s",
                   jd_jingle_action_to_string (action), role_name (sender));
      return FALSE;
    }

  if (next != NULL)
    *next = rule->next == STAY ? state : rule->next;
  return TRUE;
}
