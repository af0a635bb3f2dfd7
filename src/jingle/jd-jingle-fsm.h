/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-fsm: the XEP-0166 §6 session state machine as tables.
 *
 * Which action may be sent by whom in which state, and the state after
 * it.  No I/O, no timers: JdJingleSession asks before acting on an
 * incoming request and before sending its own.
 */
#pragma once

#include "jd-jingle-types.h"

G_BEGIN_DECLS

typedef enum {
  JD_JINGLE_ROLE_INITIATOR,
  JD_JINGLE_ROLE_RESPONDER,
} JdJingleRole;

/**
 * jd_jingle_fsm_check:
 * @state: the session's state now
 * @action: the action @sender sends (never session-initiate: that creates
 *   the session and is the manager's business)
 * @sender: who sends it
 * @next: (out): the state once the action is acknowledged
 *
 * Returns: TRUE when allowed.  Otherwise FALSE with
 *   JD_JINGLE_ERROR_OUT_OF_ORDER (not in this state, e.g. session-accept
 *   twice, or session-initiate on an existing session),
 *   JD_JINGLE_ERROR_NOT_AUTHORIZED (not by this party, e.g. session-accept
 *   from the initiator), or JD_JINGLE_ERROR_UNKNOWN_SESSION (the session
 *   has ended).
 */
gboolean jd_jingle_fsm_check (JdJingleState state,
                              JdJingleAction action,
                              JdJingleRole sender,
                              JdJingleState *next,
                              GError **error);

G_END_DECLS
