/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The incoming-call policy: per mode, who rings, who is answered, who is
 * declined; roster subscriptions that make a contact known; blocking;
 * busy beyond max-calls, never for strangers.
 */
#include "call/jd-call-policy.h"

typedef struct {
  JdRosterTable *roster;
  JdCallPolicy policy;
} Fixture;

static const char *const allow[] = { "Friend@Example.org", NULL };

static void
add_contact (Fixture *f, const char *jid, JdSubscription sub)
{
  g_autoptr (JdRosterItem) item = jd_roster_item_new (jid, NULL, NULL);

  item->subscription = sub;
  jd_roster_table_apply (f->roster, item);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->roster = jd_roster_table_new ();
  add_contact (f, "both@example.org", JD_SUBSCRIPTION_BOTH);
  add_contact (f, "from@example.org", JD_SUBSCRIPTION_FROM);
  add_contact (f, "to@example.org", JD_SUBSCRIPTION_TO);
  add_contact (f, "none@example.org", JD_SUBSCRIPTION_NONE);
  f->policy = (JdCallPolicy) { .incoming = GPOINTER_TO_INT (data), .allow = allow,
                               .roster = f->roster, .max_calls = 2 };
}

static void
teardown (Fixture *f, gconstpointer data)
{
  jd_roster_table_free (f->roster);
}

static JdCallDecision
decide (Fixture *f, const char *caller)
{
  return jd_call_policy_decide (&f->policy, caller);
}

#define assert_decision(f, caller, expected)                                   \
  g_assert_cmpstr (jd_call_decision_to_string (decide (f, caller)), ==,        \
                   jd_call_decision_to_string (expected))

static void
test_ask (Fixture *f, gconstpointer data)
{
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_RING);
  assert_decision (f, "from@example.org/phone", JD_CALL_DECISION_RING);
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_RING);
  /* We never approved them: they are strangers. */
  assert_decision (f, "to@example.org/phone", JD_CALL_DECISION_REJECT);
  assert_decision (f, "none@example.org/phone", JD_CALL_DECISION_REJECT);
  assert_decision (f, "stranger@example.org/x", JD_CALL_DECISION_REJECT);
}

static void
test_reject (Fixture *f, gconstpointer data)
{
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_REJECT);
  assert_decision (f, "stranger@example.org/x", JD_CALL_DECISION_REJECT);
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_ACCEPT);
}

static void
test_accept (Fixture *f, gconstpointer data)
{
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_ACCEPT);
  assert_decision (f, "from@example.org/phone", JD_CALL_DECISION_ACCEPT);
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_ACCEPT);
  assert_decision (f, "to@example.org/phone", JD_CALL_DECISION_REJECT);
  assert_decision (f, "stranger@example.org/x", JD_CALL_DECISION_REJECT);
}

/* Before the roster is loaded only the allow list counts. */
static void
test_no_roster (Fixture *f, gconstpointer data)
{
  f->policy.roster = NULL;
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_REJECT);
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_ACCEPT);
}

static void
test_blocked (Fixture *f, gconstpointer data)
{
  const char *const blocked[] = { "friend@example.org", "example.org", NULL };

  f->policy.blocked = blocked;
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_REJECT);
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_REJECT);
  g_assert_false (jd_call_policy_is_known (&f->policy, "friend@example.org"));
}

static void
test_busy (Fixture *f, gconstpointer data)
{
  f->policy.calls_in_progress = 1;
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_ACCEPT);
  f->policy.calls_in_progress = 2;
  assert_decision (f, "both@example.org/phone", JD_CALL_DECISION_BUSY);
  assert_decision (f, "friend@example.org/pc", JD_CALL_DECISION_BUSY);
  /* A stranger learns nothing about our calls. */
  assert_decision (f, "stranger@example.org/x", JD_CALL_DECISION_REJECT);
}

static void
test_not_a_jid (Fixture *f, gconstpointer data)
{
  assert_decision (f, "@@", JD_CALL_DECISION_REJECT);
  assert_decision (f, "", JD_CALL_DECISION_REJECT);
}

#define ADD(path, mode, func)                                                  \
  g_test_add ("/call/policy/" path, Fixture, GINT_TO_POINTER (mode), setup, func, teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("ask", JD_CALL_INCOMING_ASK, test_ask);
  ADD ("reject", JD_CALL_INCOMING_REJECT, test_reject);
  ADD ("accept", JD_CALL_INCOMING_ACCEPT, test_accept);
  ADD ("auto-answer", JD_CALL_INCOMING_AUTO_ANSWER, test_accept);
  ADD ("no-roster", JD_CALL_INCOMING_ACCEPT, test_no_roster);
  ADD ("blocked", JD_CALL_INCOMING_ASK, test_blocked);
  ADD ("busy", JD_CALL_INCOMING_ACCEPT, test_busy);
  ADD ("not-a-jid", JD_CALL_INCOMING_ASK, test_not_a_jid);
  return g_test_run ();
}
