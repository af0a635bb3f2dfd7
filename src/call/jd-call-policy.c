/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-call-policy.h"

#include "xmpp/jd-blocking.h"
#include "xmpp/jd-jid.h"

const char *
jd_call_decision_to_string (JdCallDecision decision)
{
  switch (decision)
    {
    case JD_CALL_DECISION_REJECT:
      return "reject";
    case JD_CALL_DECISION_BUSY:
      return "busy";
    case JD_CALL_DECISION_RING:
      return "ring";
    case JD_CALL_DECISION_ACCEPT:
      return "accept";
    }
  g_return_val_if_reached ("unknown");
}

static gboolean
is_blocked (const JdCallPolicy *policy, const char *caller)
{
  for (const char *const *item = policy->blocked; item != NULL && *item != NULL; item++)
    if (jd_blocking_item_matches (*item, caller))
      return TRUE;
  return FALSE;
}

static gboolean
is_allowed (const JdCallPolicy *policy, const char *bare)
{
  for (const char *const *jid = policy->allow; jid != NULL && *jid != NULL; jid++)
    if (jd_jid_str_is_bare_equal (*jid, bare))
      return TRUE;
  return FALSE;
}

/* RFC 6121 §2.1.2.5: from or both means the contact sees our presence,
 * i.e. we approved them. */
static gboolean
is_roster_contact (const JdCallPolicy *policy, const char *bare)
{
  const JdRosterItem *item;

  if (policy->roster == NULL)
    return FALSE;
  item = jd_roster_table_lookup (policy->roster, bare);
  return item != NULL &&
         (item->subscription == JD_SUBSCRIPTION_FROM || item->subscription == JD_SUBSCRIPTION_BOTH);
}

gboolean
jd_call_policy_is_known (const JdCallPolicy *policy, const char *caller)
{
  g_autofree char *bare = jd_jid_bare_of (caller);

  if (bare == NULL || is_blocked (policy, caller))
    return FALSE;
  return is_allowed (policy, bare) || is_roster_contact (policy, bare);
}

static JdCallDecision
decide_by_mode (const JdCallPolicy *policy, const char *caller)
{
  g_autofree char *bare = jd_jid_bare_of (caller);

  if (bare == NULL || is_blocked (policy, caller))
    return JD_CALL_DECISION_REJECT;
  switch (policy->incoming)
    {
    case JD_CALL_INCOMING_REJECT:
      return is_allowed (policy, bare) ? JD_CALL_DECISION_ACCEPT : JD_CALL_DECISION_REJECT;
    case JD_CALL_INCOMING_ASK:
      return jd_call_policy_is_known (policy, caller) ? JD_CALL_DECISION_RING
                                                      : JD_CALL_DECISION_REJECT;
    case JD_CALL_INCOMING_ACCEPT:
    case JD_CALL_INCOMING_AUTO_ANSWER:
      return jd_call_policy_is_known (policy, caller) ? JD_CALL_DECISION_ACCEPT
                                                      : JD_CALL_DECISION_REJECT;
    }
  g_return_val_if_reached (JD_CALL_DECISION_REJECT);
}

JdCallDecision
jd_call_policy_decide (const JdCallPolicy *policy, const char *caller)
{
  JdCallDecision decision;

  g_return_val_if_fail (policy != NULL, JD_CALL_DECISION_REJECT);
  g_return_val_if_fail (caller != NULL, JD_CALL_DECISION_REJECT);

  decision = decide_by_mode (policy, caller);
  if (decision != JD_CALL_DECISION_REJECT && policy->calls_in_progress >= policy->max_calls)
    return JD_CALL_DECISION_BUSY;
  return decision;
}
