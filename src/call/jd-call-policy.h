/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-call-policy: what to do with an incoming session-initiate, decided
 * before any JdCall (and so any transport or pipeline) exists.
 *
 * A caller is "known" when its bare JID is on the account's allow list,
 * or in the roster with a subscription of from or both (it sees our
 * presence: we agreed to it).  A blocked caller is never known.
 *
 *   reject       allow-listed callers are answered, everybody else declined
 *   ask          known callers ring (wait for Accept/Reject), strangers declined
 *   accept       known callers are answered at once, strangers declined
 *   auto-answer  known callers are answered after the account's
 *                auto-answer delay, strangers declined
 *
 * A caller who would ring or be answered while the account already has
 * max_calls calls in progress gets busy; the calls in progress are
 * untouched.  A stranger is declined, never told busy: that would say
 * we are there.
 *
 * Pure: no I/O, no main context.
 */
#pragma once

#include "xmpp/jd-roster.h"

G_BEGIN_DECLS

/* The account's incoming-calls= setting.  Same order as the config's
 * JdCallPolicyMode (the daemon converts), kept here since the call layer
 * sits below the daemon. */
typedef enum {
  JD_CALL_INCOMING_REJECT,
  JD_CALL_INCOMING_ASK,
  JD_CALL_INCOMING_ACCEPT,
  JD_CALL_INCOMING_AUTO_ANSWER,
} JdCallIncoming;

typedef enum {
  JD_CALL_DECISION_REJECT,   /* session-terminate decline */
  JD_CALL_DECISION_BUSY,     /* session-terminate busy */
  JD_CALL_DECISION_RING,     /* a ringing call waits for Accept/Reject */
  JD_CALL_DECISION_ACCEPT,   /* answered without asking */
} JdCallDecision;

const char *jd_call_decision_to_string (JdCallDecision decision);

/**
 * JdCallPolicy:
 * @incoming: the account's policy
 * @allow: (nullable): NULL-terminated bare JIDs
 * @roster: (nullable): the account's roster; NULL before it is loaded
 * @blocked: (nullable): NULL-terminated XEP-0191 items (domain, bare or full)
 * @calls_in_progress: calls of the account not ended yet
 * @max_calls: at least 1
 *
 * Everything borrowed; a value that lives as long as the decision.
 */
typedef struct {
  JdCallIncoming incoming;
  const char *const *allow;
  JdRosterTable *roster;
  const char *const *blocked;
  guint calls_in_progress;
  guint max_calls;
} JdCallPolicy;

/* @caller: the full JID of the session-initiate's sender. */
JdCallDecision jd_call_policy_decide   (const JdCallPolicy *policy, const char *caller);
/* Whether @caller (full or bare) is known to @policy as described above. */
gboolean       jd_call_policy_is_known (const JdCallPolicy *policy, const char *caller);

G_END_DECLS
