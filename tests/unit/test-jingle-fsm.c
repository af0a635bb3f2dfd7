/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-jingle-fsm: every (state, action, sender) against an
 * expectation written here from XEP-0166 1.1 §5.1-§7.2, row by row and
 * by wire name, so a slip in the implementation's table shows up here
 * instead of being copied.
 */
#include <string.h>

#include "jd-jingle-fsm.h"

/* Outcomes, as short words so each row reads like the XEP. */
#define PENDING   "pending"        /* allowed, the session stays/gets PENDING */
#define ACTIVE    "active"         /* allowed, ACTIVE afterwards */
#define ENDED     "ended"          /* allowed, ENDED afterwards */
#define ORDER     "out-of-order"
#define FORBID    "not-authorized"
#define UNKNOWN   "unknown-session"

typedef struct {
  const char *state;       /* jd_jingle_state_to_string() */
  const char *action;      /* wire name */
  const char *by_initiator;
  const char *by_responder;
} Expect;

static const Expect expectations[] = {
  /* PENDING (§5.1: every action may be sent while pending). */
  { "pending", "content-accept",    PENDING, PENDING },
  { "pending", "content-add",       PENDING, PENDING },
  { "pending", "content-modify",    PENDING, PENDING },
  { "pending", "content-reject",    PENDING, PENDING },
  { "pending", "content-remove",    PENDING, PENDING },
  { "pending", "description-info",  PENDING, PENDING },
  { "pending", "security-info",     PENDING, PENDING },
  { "pending", "session-accept",    FORBID,  ACTIVE  },
  { "pending", "session-info",      PENDING, PENDING },
  { "pending", "session-initiate",  ORDER,   ORDER   },
  { "pending", "session-terminate", ENDED,   ENDED   },
  { "pending", "transport-accept",  PENDING, PENDING },
  { "pending", "transport-info",    PENDING, PENDING },
  { "pending", "transport-reject",  PENDING, PENDING },
  { "pending", "transport-replace", PENDING, PENDING },
  /* ACTIVE: accepted once only; a new session-initiate is never valid. */
  { "active",  "content-accept",    ACTIVE,  ACTIVE  },
  { "active",  "content-add",       ACTIVE,  ACTIVE  },
  { "active",  "content-modify",    ACTIVE,  ACTIVE  },
  { "active",  "content-reject",    ACTIVE,  ACTIVE  },
  { "active",  "content-remove",    ACTIVE,  ACTIVE  },
  { "active",  "description-info",  ACTIVE,  ACTIVE  },
  { "active",  "security-info",     ACTIVE,  ACTIVE  },
  { "active",  "session-accept",    ORDER,   ORDER   },
  { "active",  "session-info",      ACTIVE,  ACTIVE  },
  { "active",  "session-initiate",  ORDER,   ORDER   },
  { "active",  "session-terminate", ENDED,   ENDED   },
  { "active",  "transport-accept",  ACTIVE,  ACTIVE  },
  { "active",  "transport-info",    ACTIVE,  ACTIVE  },
  { "active",  "transport-reject",  ACTIVE,  ACTIVE  },
  { "active",  "transport-replace", ACTIVE,  ACTIVE  },
  /* ENDED: the sid names no session any more. */
  { "ended",   "content-accept",    UNKNOWN, UNKNOWN },
  { "ended",   "content-add",       UNKNOWN, UNKNOWN },
  { "ended",   "content-modify",    UNKNOWN, UNKNOWN },
  { "ended",   "content-reject",    UNKNOWN, UNKNOWN },
  { "ended",   "content-remove",    UNKNOWN, UNKNOWN },
  { "ended",   "description-info",  UNKNOWN, UNKNOWN },
  { "ended",   "security-info",     UNKNOWN, UNKNOWN },
  { "ended",   "session-accept",    UNKNOWN, UNKNOWN },
  { "ended",   "session-info",      UNKNOWN, UNKNOWN },
  { "ended",   "session-initiate",  UNKNOWN, UNKNOWN },
  { "ended",   "session-terminate", UNKNOWN, UNKNOWN },
  { "ended",   "transport-accept",  UNKNOWN, UNKNOWN },
  { "ended",   "transport-info",    UNKNOWN, UNKNOWN },
  { "ended",   "transport-reject",  UNKNOWN, UNKNOWN },
  { "ended",   "transport-replace", UNKNOWN, UNKNOWN },
};

static const Expect *
find_expectation (JdJingleState state, JdJingleAction action)
{
  const Expect *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      const Expect *e = &expectations[i];

      if (g_str_equal (e->state, jd_jingle_state_to_string (state)) &&
          g_str_equal (e->action, jd_jingle_action_to_string (action)))
        {
          g_assert_null (found);   /* one row per combination */
          found = e;
        }
    }
  return found;
}

/* The outcome word for what jd_jingle_fsm_check() did. */
static const char *
outcome (JdJingleState state, JdJingleAction action, JdJingleRole sender)
{
  JdJingleState next = JD_JINGLE_N_STATES;
  g_autoptr(GError) error = NULL;

  if (jd_jingle_fsm_check (state, action, sender, &next, &error))
    {
      g_assert_no_error (error);
      return jd_jingle_state_to_string (next);
    }
  g_assert_nonnull (error);
  g_assert_true (error->domain == JD_JINGLE_ERROR);
  g_assert_nonnull (error->message);
  switch (error->code)
    {
    case JD_JINGLE_ERROR_OUT_OF_ORDER:
      return ORDER;
    case JD_JINGLE_ERROR_NOT_AUTHORIZED:
      return FORBID;
    case JD_JINGLE_ERROR_UNKNOWN_SESSION:
      return UNKNOWN;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
check_one (const Expect *e, JdJingleState state, JdJingleAction action, JdJingleRole sender)
{
  const char *expected = sender == JD_JINGLE_ROLE_INITIATOR ? e->by_initiator : e->by_responder;
  const char *got = outcome (state, action, sender);

  if (g_strcmp0 (got, expected) != 0)
    g_test_message ("%s in %s by the %s", e->action, e->state,
                    sender == JD_JINGLE_ROLE_INITIATOR ? "initiator" : "responder");
  g_assert_cmpstr (got, ==, expected);
}

static void
test_every_combination (void)
{
  guint checked = 0;

  for (guint s = 0; s < JD_JINGLE_N_STATES; s++)
    for (guint a = 0; a < JD_JINGLE_N_ACTIONS; a++)
      {
        const Expect *e = find_expectation (s, a);

        g_assert_nonnull (e);
        check_one (e, s, a, JD_JINGLE_ROLE_INITIATOR);
        check_one (e, s, a, JD_JINGLE_ROLE_RESPONDER);
        checked += 2;
      }
  /* The table above covers exactly the enum, nothing stale. */
  g_assert_cmpuint (G_N_ELEMENTS (expectations), ==, JD_JINGLE_N_STATES * JD_JINGLE_N_ACTIONS);
  g_assert_cmpuint (checked, ==, 90);
}

/* A refused action leaves *next alone: callers may rely on it. */
static void
test_refused_keeps_next (void)
{
  JdJingleState next = JD_JINGLE_STATE_PENDING;
  g_autoptr(GError) error = NULL;

  g_assert_false (jd_jingle_fsm_check (JD_JINGLE_STATE_ACTIVE, JD_JINGLE_ACTION_SESSION_ACCEPT,
                                       JD_JINGLE_ROLE_RESPONDER, &next, &error));
  g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_OUT_OF_ORDER);
  g_assert_cmpint (next, ==, JD_JINGLE_STATE_PENDING);
}

/* The error names the action so a log line says what went wrong. */
static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  JdJingleState next;

  g_assert_false (jd_jingle_fsm_check (JD_JINGLE_STATE_PENDING, JD_JINGLE_ACTION_SESSION_ACCEPT,
                                       JD_JINGLE_ROLE_INITIATOR, &next, &error));
  g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "session-accept"));
  g_assert_nonnull (strstr (error->message, "initiator"));
}

/* A whole call: initiate (by the manager), ring, accept, hang up. */
static void
test_call_flow (void)
{
  JdJingleState state = JD_JINGLE_STATE_PENDING;
  g_autoptr(GError) error = NULL;

  g_assert_true (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_TRANSPORT_INFO,
                                      JD_JINGLE_ROLE_INITIATOR, &state, &error));
  g_assert_true (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_SESSION_INFO,
                                      JD_JINGLE_ROLE_RESPONDER, &state, &error));
  g_assert_cmpint (state, ==, JD_JINGLE_STATE_PENDING);
  g_assert_true (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_SESSION_ACCEPT,
                                      JD_JINGLE_ROLE_RESPONDER, &state, &error));
  g_assert_cmpint (state, ==, JD_JINGLE_STATE_ACTIVE);
  g_assert_true (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_CONTENT_ADD,
                                      JD_JINGLE_ROLE_RESPONDER, &state, &error));
  g_assert_true (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_SESSION_TERMINATE,
                                      JD_JINGLE_ROLE_INITIATOR, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, JD_JINGLE_STATE_ENDED);
  g_assert_false (jd_jingle_fsm_check (state, JD_JINGLE_ACTION_SESSION_TERMINATE,
                                       JD_JINGLE_ROLE_RESPONDER, &state, &error));
  g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_UNKNOWN_SESSION);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jingle/fsm/every-combination", test_every_combination);
  g_test_add_func ("/jingle/fsm/refused-keeps-next", test_refused_keeps_next);
  g_test_add_func ("/jingle/fsm/messages", test_messages);
  g_test_add_func ("/jingle/fsm/call-flow", test_call_flow);
  return g_test_run ();
}
