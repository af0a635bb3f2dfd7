/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XEP-0353 Jingle Message Initiation between JdJingleJmiManagers, no
 * server: a small router plays one, the way Prosody routes chat messages
 * with carbons on (a message to a bare JID reaches every resource of it,
 * the sender's own too; one to a full JID is carbon-copied as "received"
 * to the recipient's other resources; every message is carbon-copied as
 * "sent" to the sender's other resources).  Every stanza goes through XML
 * text and back.  The tests assert the signals each device observes and
 * the messages on the wire.
 */
#include <string.h>

#include "jingle/jd-jingle-jmi-manager.h"
#include "xmpp/jd-jid.h"
#include "xmpp/jd-stanza.h"

#define ALICE "alice@example.com/desk"
#define ALICE_BARE "alice@example.com"
#define BOB1 "bob@example.com/one"
#define BOB2 "bob@example.com/two"
#define BOB_BARE "bob@example.com"
#define AUDIO_VIDEO ((1u << JD_JINGLE_MEDIA_AUDIO) | (1u << JD_JINGLE_MEDIA_VIDEO))
#define AUDIO (1u << JD_JINGLE_MEDIA_AUDIO)

typedef struct _Net Net;

typedef struct {
  Net *net;
  char *jid;
  JdJingleJmiManager *mgr;
  GPtrArray *events;   /* char*: one line per signal */
  GPtrArray *sent;     /* xmpp_stanza_t*: what it sent, 'from' stamped */
} Client;

typedef struct {
  Client *to;
  char *xml;
  JdMessageCarbon carbon;
} Delivery;

struct _Net {
  xmpp_ctx_t *ctx;
  GPtrArray *clients;  /* Client* */
  GQueue queue;        /* Delivery* */
};

/* Signals -> event lines */

static void
add_event (Client *c, char *line)
{
  g_ptr_array_add (c->events, line);
}

static void
on_proposed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
             gboolean won, Client *c)
{
  add_event (c, g_strdup_printf ("proposed %s %s %u %d", id, from, media, won));
}

static void
on_missed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
           GDateTime *stamp, Client *c)
{
  g_assert_nonnull (stamp);
  add_event (c, g_strdup_printf ("missed %s %s %u", id, from, media));
}

static void
on_id_from_reason (const char *what, const char *id, const char *from, guint reason, Client *c)
{
  add_event (c, g_strdup_printf ("%s %s %s %u", what, id, from, reason));
}

static void
on_retracted (JdJingleJmiManager *m, const char *id, const char *from, guint reason, Client *c)
{
  on_id_from_reason ("retracted", id, from, reason, c);
}

static void
on_rejected (JdJingleJmiManager *m, const char *id, const char *from, guint reason, Client *c)
{
  on_id_from_reason ("rejected", id, from, reason, c);
}

static void
on_finished (JdJingleJmiManager *m, const char *id, const char *from, guint reason, Client *c)
{
  on_id_from_reason ("finished", id, from, reason, c);
}

static void
on_handled_elsewhere (JdJingleJmiManager *m, const char *id, guint action, Client *c)
{
  add_event (c, g_strdup_printf ("handled-elsewhere %s %u", id, action));
}

static void
on_ringing (JdJingleJmiManager *m, const char *id, const char *from, Client *c)
{
  add_event (c, g_strdup_printf ("ringing %s %s", id, from));
}

static void
on_proceeded (JdJingleJmiManager *m, const char *id, const char *from, Client *c)
{
  add_event (c, g_strdup_printf ("proceeded %s %s", id, from));
}

static void
on_lost_tie_break (JdJingleJmiManager *m, const char *id, Client *c)
{
  add_event (c, g_strdup_printf ("lost-tie-break %s", id));
}

static void
on_migrated (JdJingleJmiManager *m, const char *old_id, const char *new_id, Client *c)
{
  add_event (c, g_strdup_printf ("migrated %s %s", old_id, new_id));
}

/* The router */

static void
enqueue (Net *net, Client *to, xmpp_stanza_t *stanza, JdMessageCarbon carbon)
{
  Delivery *d = g_new0 (Delivery, 1);
  size_t len;

  d->to = to;
  d->carbon = carbon;
  g_assert_cmpint (xmpp_stanza_to_text (stanza, &d->xml, &len), ==, XMPP_EOK);
  g_queue_push_tail (&net->queue, d);
}

static void
route (Client *sender, xmpp_stanza_t *stanza)
{
  Net *net = sender->net;
  const char *to = xmpp_stanza_get_to (stanza);
  g_autofree char *to_bare = jd_jid_bare_of (to);
  gboolean to_full = !jd_jid_str_equal (to, to_bare);

  for (guint i = 0; i < net->clients->len; i++)
    {
      Client *c = g_ptr_array_index (net->clients, i);
      gboolean same_account_as_sender = jd_jid_str_is_bare_equal (c->jid, sender->jid);

      if (!jd_jid_str_is_bare_equal (c->jid, to_bare))
        {
          if (same_account_as_sender && c != sender)
            enqueue (net, c, stanza, JD_MESSAGE_CARBON_SENT);
          continue;
        }
      if (!to_full || jd_jid_str_equal (c->jid, to))
        enqueue (net, c, stanza, JD_MESSAGE_CARBON_NONE);
      else if (same_account_as_sender && c != sender)
        enqueue (net, c, stanza, JD_MESSAGE_CARBON_SENT);
      else if (!same_account_as_sender)
        enqueue (net, c, stanza, JD_MESSAGE_CARBON_RECEIVED);
    }
}

static xmpp_ctx_t *
backend_context (gpointer backend)
{
  return ((Client *) backend)->net->ctx;
}

static const char *
backend_jid (gpointer backend)
{
  return ((Client *) backend)->jid;
}

static void
backend_send (gpointer backend, xmpp_stanza_t *stanza)
{
  Client *c = backend;
  xmpp_stanza_t *copy = xmpp_stanza_copy (stanza);

  g_assert_cmpstr (xmpp_stanza_get_name (stanza), ==, "message");
  xmpp_stanza_set_from (copy, c->jid);
  g_ptr_array_add (c->sent, copy);
  route (c, copy);
}

static const JdJingleBackend backend = {
  .get_context = backend_context,
  .get_own_jid = backend_jid,
  .send = backend_send,
};

/* Delivers everything in flight, the answers to it too. */
static void
settle (Net *net)
{
  Delivery *d;
  guint n = 0;

  while ((d = g_queue_pop_head (&net->queue)) != NULL)
    {
      g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (net->ctx, d->xml);

      g_assert_cmpuint (++n, <, 1000);
      g_assert_true (jd_jingle_jmi_manager_handle_message (d->to->mgr, stanza, d->carbon));
      g_free (d->xml);
      g_free (d);
    }
}

/* Delivers @xml to @to as if @from_jid sent it. */
static void
inject (Client *to, const char *from_jid, const char *xml, JdMessageCarbon carbon)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (to->net->ctx, xml);

  xmpp_stanza_set_from (stanza, from_jid);
  g_assert_true (jd_jingle_jmi_manager_handle_message (to->mgr, stanza, carbon));
}

static void
stanza_release (gpointer stanza)
{
  xmpp_stanza_release (stanza);
}

static Client *
client_new (Net *net, const char *jid)
{
  Client *c = g_new0 (Client, 1);

  c->net = net;
  c->jid = g_strdup (jid);
  c->events = g_ptr_array_new_with_free_func (g_free);
  c->sent = g_ptr_array_new_with_free_func (stanza_release);
  c->mgr = jd_jingle_jmi_manager_new (&backend, c);
  g_signal_connect (c->mgr, "proposed", G_CALLBACK (on_proposed), c);
  g_signal_connect (c->mgr, "missed", G_CALLBACK (on_missed), c);
  g_signal_connect (c->mgr, "retracted", G_CALLBACK (on_retracted), c);
  g_signal_connect (c->mgr, "handled-elsewhere", G_CALLBACK (on_handled_elsewhere), c);
  g_signal_connect (c->mgr, "ringing", G_CALLBACK (on_ringing), c);
  g_signal_connect (c->mgr, "proceeded", G_CALLBACK (on_proceeded), c);
  g_signal_connect (c->mgr, "rejected", G_CALLBACK (on_rejected), c);
  g_signal_connect (c->mgr, "lost-tie-break", G_CALLBACK (on_lost_tie_break), c);
  g_signal_connect (c->mgr, "finished", G_CALLBACK (on_finished), c);
  g_signal_connect (c->mgr, "migrated", G_CALLBACK (on_migrated), c);
  g_ptr_array_add (net->clients, c);
  return c;
}

static void
client_free (gpointer data)
{
  Client *c = data;

  g_object_unref (c->mgr);
  g_ptr_array_unref (c->events);
  g_ptr_array_unref (c->sent);
  g_free (c->jid);
  g_free (c);
}

typedef struct {
  Net net;
  Client *alice;
  Client *bob1;
  Client *bob2;   /* NULL unless the test adds it */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->net.ctx = xmpp_ctx_new (NULL, NULL);
  f->net.clients = g_ptr_array_new_with_free_func (client_free);
  g_queue_init (&f->net.queue);
  f->alice = client_new (&f->net, ALICE);
  f->bob1 = client_new (&f->net, BOB1);
  if (GPOINTER_TO_INT (data))
    f->bob2 = client_new (&f->net, BOB2);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_true (g_queue_is_empty (&f->net.queue));
  g_ptr_array_unref (f->net.clients);
  xmpp_ctx_free (f->net.ctx);
}

/* Assertions */

static guint
count_event (Client *c, const char *line)
{
  guint n = 0;

  for (guint i = 0; i < c->events->len; i++)
    n += g_strcmp0 (g_ptr_array_index (c->events, i), line) == 0;
  return n;
}

static char *
events_text (Client *c)
{
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < c->events->len; i++)
    g_string_append_printf (all, "  %s\n", (const char *) g_ptr_array_index (c->events, i));
  return g_string_free (all, FALSE);
}

#define assert_event(c, ...)                                                  \
  G_STMT_START                                                                \
  {                                                                           \
    g_autofree char *line_ = g_strdup_printf (__VA_ARGS__);                   \
    if (count_event ((c), line_) != 1)                                        \
      {                                                                       \
        g_autofree char *all_ = events_text (c);                              \
        g_error ("%s: expected once: %s\nseen:\n%s", (c)->jid, line_, all_);  \
      }                                                                       \
  }                                                                           \
  G_STMT_END

static void
assert_n_events (Client *c, guint n)
{
  if (c->events->len != n)
    {
      g_autofree char *all = events_text (c);

      g_error ("%s: expected %u events, saw %u:\n%s", c->jid, n, c->events->len, all);
    }
}

/* The last message @c sent with the JMI action @action. */
static xmpp_stanza_t *
last_sent (Client *c, const char *action)
{
  for (guint i = c->sent->len; i > 0; i--)
    {
      xmpp_stanza_t *m = g_ptr_array_index (c->sent, i - 1);

      if (jd_stanza_get_child (m, action, JD_NS_JINGLE_MESSAGE) != NULL)
        return m;
    }
  return NULL;
}

static guint
count_sent (Client *c, const char *action)
{
  guint n = 0;

  for (guint i = 0; i < c->sent->len; i++)
    n += jd_stanza_get_child (g_ptr_array_index (c->sent, i), action, JD_NS_JINGLE_MESSAGE) !=
         NULL;
  return n;
}

static char *
propose_av (Client *c, const char *to)
{
  const JdJingleMedia media[] = { JD_JINGLE_MEDIA_AUDIO, JD_JINGLE_MEDIA_VIDEO };

  return jd_jingle_jmi_manager_propose (c->mgr, to, media, G_N_ELEMENTS (media));
}

/* Tests */

static void
test_call_flow (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  xmpp_stanza_t *propose = last_sent (f->alice, "propose");

  /* On the wire: a chat message to the bare JID, with the <store/> hint. */
  g_assert_nonnull (propose);
  g_assert_cmpstr (xmpp_stanza_get_to (propose), ==, BOB_BARE);
  g_assert_cmpstr (xmpp_stanza_get_type (propose), ==, "chat");
  g_assert_nonnull (jd_stanza_get_child (propose, "store", JD_NS_HINTS));
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_null (jd_jingle_jmi_manager_get_peer (f->alice->mgr, id));
  settle (&f->net);
  assert_event (f->bob1, "proposed %s %s %u 0", id, ALICE, AUDIO_VIDEO);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (f->bob1->mgr, id), ==, ALICE);

  jd_jingle_jmi_manager_ring (f->bob1->mgr, id);
  settle (&f->net);
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->bob1, "ringing")), ==, ALICE);
  assert_event (f->alice, "ringing %s %s", id, BOB1);

  jd_jingle_jmi_manager_proceed (f->bob1->mgr, id);
  settle (&f->net);
  /* accept to our own bare JID, proceed to the caller's full JID */
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->bob1, "accept")), ==, BOB_BARE);
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->bob1, "proceed")), ==, ALICE);
  assert_event (f->alice, "proceeded %s %s", id, BOB1);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (f->alice->mgr, id), ==, BOB1);

  jd_jingle_jmi_manager_finish (f->alice->mgr, id, JD_JINGLE_REASON_SUCCESS);
  settle (&f->net);
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->alice, "finish")), ==, BOB_BARE);
  assert_event (f->bob1, "finished %s %s %u", id, ALICE, JD_JINGLE_REASON_SUCCESS);
  /* bob's own accept came back to it: not "handled elsewhere" */
  assert_n_events (f->bob1, 2);
  assert_n_events (f->alice, 2);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->alice->mgr), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
}

static void
test_reject (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);

  settle (&f->net);
  jd_jingle_jmi_manager_reject (f->bob1->mgr, id, JD_JINGLE_REASON_BUSY);
  settle (&f->net);
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->bob1, "reject")), ==, ALICE);
  assert_event (f->alice, "rejected %s %s %u", id, BOB1, JD_JINGLE_REASON_BUSY);
  assert_n_events (f->alice, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->alice->mgr), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
}

static void
test_retract (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);

  settle (&f->net);
  jd_jingle_jmi_manager_retract (f->alice->mgr, id, JD_JINGLE_REASON_CANCEL);
  settle (&f->net);
  g_assert_cmpstr (xmpp_stanza_get_to (last_sent (f->alice, "retract")), ==, BOB_BARE);
  assert_event (f->bob1, "retracted %s %s %u", id, ALICE, JD_JINGLE_REASON_CANCEL);
  assert_n_events (f->bob1, 2);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->alice->mgr), ==, 0);
}

/* The XEP-0353 §4.1 message: <reason><expired/>...</reason><tie-break/>. */
static void
assert_tie_break (xmpp_stanza_t *message, const char *action, const char *id, const char *to)
{
  xmpp_stanza_t *el;
  xmpp_stanza_t *reason;

  g_assert_nonnull (message);
  g_assert_cmpstr (xmpp_stanza_get_to (message), ==, to);
  el = jd_stanza_get_child (message, action, JD_NS_JINGLE_MESSAGE);
  g_assert_cmpstr (xmpp_stanza_get_attribute (el, "id"), ==, id);
  g_assert_nonnull (jd_stanza_get_child (el, "tie-break", NULL));
  reason = jd_stanza_get_child (el, "reason", "urn:xmpp:jingle:1");
  g_assert_nonnull (reason);
  g_assert_nonnull (jd_stanza_get_child (reason, "expired", NULL));
}

/* Both propose before either message arrives.  Returns TRUE when alice's
 * id was the lower one. */
static gboolean
play_glare (gboolean alice_first)
{
  Fixture fx = { 0 };
  Fixture *f = &fx;
  g_autofree char *a_id = NULL;
  g_autofree char *b_id = NULL;
  Client *winner, *loser;
  const char *w_id, *l_id;
  gboolean alice_won;

  fixture_set_up (f, GINT_TO_POINTER (FALSE));
  a_id = propose_av (f->alice, BOB_BARE);
  b_id = propose_av (f->bob1, ALICE_BARE);
  if (!alice_first)
    {
      /* bob's propose reaches alice before alice's reaches bob */
      Delivery *d = g_queue_pop_head (&f->net.queue);

      g_queue_push_tail (&f->net.queue, d);
    }
  settle (&f->net);
  alice_won = strcmp (a_id, b_id) < 0;
  winner = alice_won ? f->alice : f->bob1;
  loser = alice_won ? f->bob1 : f->alice;
  w_id = alice_won ? a_id : b_id;
  l_id = alice_won ? b_id : a_id;

  /* The winner's side: the loser's proposal rejected, nothing reported. */
  assert_n_events (winner, 0);
  assert_tie_break (last_sent (winner, "reject"), "reject", l_id,
                    alice_won ? BOB_BARE : ALICE_BARE);
  g_assert_cmpuint (count_sent (winner, "retract"), ==, 0);
  /* The loser's side: its own retracted, the winner's rings. */
  assert_event (loser, "lost-tie-break %s", l_id);
  assert_event (loser, "proposed %s %s %u 1", w_id, winner->jid, AUDIO_VIDEO);
  assert_n_events (loser, 2);
  assert_tie_break (last_sent (loser, "retract"), "retract", l_id,
                    alice_won ? ALICE_BARE : BOB_BARE);
  g_assert_cmpuint (count_sent (loser, "reject"), ==, 0);
  /* Exactly one proposal survives on both sides. */
  g_assert_cmpuint (jd_jingle_jmi_manager_count (winner->mgr), ==, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (loser->mgr), ==, 1);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (loser->mgr, w_id), ==, winner->jid);
  g_assert_null (jd_jingle_jmi_manager_get_peer (loser->mgr, l_id));

  jd_jingle_jmi_manager_proceed (loser->mgr, w_id);
  settle (&f->net);
  assert_event (winner, "proceeded %s %s", w_id, loser->jid);
  assert_n_events (winner, 1);
  fixture_tear_down (f, NULL);
  return alice_won;
}

/* Ids are random: play until both orders of ids happened (each try is a
 * coin toss; 64 tries fail to see both with probability 2^-63). */
static void
test_glare (gconstpointer data)
{
  gboolean alice_first = GPOINTER_TO_INT (data);
  gboolean seen[2] = { FALSE, FALSE };

  for (guint i = 0; i < 64 && !(seen[0] && seen[1]); i++)
    seen[play_glare (alice_first)] = TRUE;
  g_assert_true (seen[0] && seen[1]);
}

/* XEP-0353 §4.2: a propose from the peer of a call that was answered
 * and not finished moves the call.  @data TRUE: the caller of the first
 * call proposes again (back after losing its connection) or the callee
 * calls back: either way the receiver of the new propose finishes
 * the old one with <migrated/> and takes the new one at once. */
static void
play_migration (Fixture *f, gboolean caller_again)
{
  g_autofree char *old_id = propose_av (f->alice, BOB_BARE);
  g_autofree char *new_id = NULL;
  Client *mover, *other;
  xmpp_stanza_t *finish, *migrated, *reason;
  JdJingleJmiSidInfo info;

  settle (&f->net);
  jd_jingle_jmi_manager_proceed (f->bob1->mgr, old_id);
  settle (&f->net);
  mover = caller_again ? f->alice : f->bob1;
  other = caller_again ? f->bob1 : f->alice;
  g_ptr_array_set_size (f->alice->events, 0);
  g_ptr_array_set_size (f->bob1->events, 0);

  new_id = propose_av (mover, caller_again ? BOB_BARE : ALICE_BARE);
  settle (&f->net);
  assert_event (other, "migrated %s %s", old_id, new_id);
  assert_event (other, "proposed %s %s %u 1", new_id, mover->jid, AUDIO_VIDEO);
  assert_n_events (other, 2);
  /* <finish><reason><expired/>…</reason><migrated to=new/></finish> to
   * the mover's bare JID, which ends the old call there. */
  finish = last_sent (other, "finish");
  g_assert_nonnull (finish);
  g_assert_cmpstr (xmpp_stanza_get_to (finish), ==, caller_again ? ALICE_BARE : BOB_BARE);
  finish = jd_stanza_get_child (finish, "finish", JD_NS_JINGLE_MESSAGE);
  g_assert_cmpstr (xmpp_stanza_get_attribute (finish, "id"), ==, old_id);
  migrated = jd_stanza_get_child (finish, "migrated", NULL);
  g_assert_nonnull (migrated);
  g_assert_cmpstr (xmpp_stanza_get_attribute (migrated, "to"), ==, new_id);
  reason = jd_stanza_get_child (finish, "reason", "urn:xmpp:jingle:1");
  g_assert_nonnull (jd_stanza_get_child (reason, "expired", NULL));
  assert_event (mover, "finished %s %s %u", old_id, other->jid, JD_JINGLE_REASON_EXPIRED);
  assert_n_events (mover, 1);
  /* Only the new proposal is left, on both sides. */
  g_assert_cmpuint (jd_jingle_jmi_manager_count (other->mgr), ==, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (mover->mgr), ==, 1);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (other->mgr, new_id), ==, mover->jid);
  /* A late session-initiate of the old call is known to come too late. */
  g_assert_true (jd_jingle_jmi_manager_lookup_session_id (other->mgr, old_id, &info));
  g_assert_true (info.ended);
  g_assert_cmpint (info.reason, ==, JD_JINGLE_REASON_EXPIRED);

  jd_jingle_jmi_manager_proceed (other->mgr, new_id);
  settle (&f->net);
  assert_event (mover, "proceeded %s %s", new_id, other->jid);
}

static void
test_migrated_caller_again (Fixture *f, gconstpointer data)
{
  play_migration (f, TRUE);
}

static void
test_migrated_callee_calls_back (Fixture *f, gconstpointer data)
{
  play_migration (f, FALSE);
}

/* A finished call is over: a new propose from the same peer is a new
 * call, rung as usual. */
static void
test_not_migrated_after_finish (Fixture *f, gconstpointer data)
{
  g_autofree char *old_id = propose_av (f->alice, BOB_BARE);
  g_autofree char *new_id = NULL;

  settle (&f->net);
  jd_jingle_jmi_manager_proceed (f->bob1->mgr, old_id);
  settle (&f->net);
  jd_jingle_jmi_manager_finish (f->bob1->mgr, old_id, JD_JINGLE_REASON_SUCCESS);
  settle (&f->net);
  g_ptr_array_set_size (f->bob1->events, 0);
  new_id = propose_av (f->alice, BOB_BARE);
  settle (&f->net);
  assert_event (f->bob1, "proposed %s %s %u 0", new_id, ALICE, AUDIO_VIDEO);
  assert_n_events (f->bob1, 1);
  g_assert_cmpuint (count_sent (f->bob1, "finish"), ==, 1);
}

static void
test_repeated_messages (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  g_autofree char *propose_xml = NULL;
  g_autofree char *ringing_xml = NULL;
  size_t len;

  g_assert_cmpint (xmpp_stanza_to_text (last_sent (f->alice, "propose"), &propose_xml, &len),
                   ==, XMPP_EOK);
  settle (&f->net);
  /* The same propose again, directly and as a carbon. */
  inject (f->bob1, ALICE, propose_xml, JD_MESSAGE_CARBON_NONE);
  inject (f->bob1, ALICE, propose_xml, JD_MESSAGE_CARBON_RECEIVED);
  assert_n_events (f->bob1, 1);

  jd_jingle_jmi_manager_ring (f->bob1->mgr, id);
  g_assert_cmpint (xmpp_stanza_to_text (last_sent (f->bob1, "ringing"), &ringing_xml, &len),
                   ==, XMPP_EOK);
  settle (&f->net);
  inject (f->alice, BOB1, ringing_xml, JD_MESSAGE_CARBON_NONE);
  inject (f->alice, BOB1, ringing_xml, JD_MESSAGE_CARBON_NONE);
  assert_event (f->alice, "ringing %s %s", id, BOB1);
  assert_n_events (f->alice, 1);
}

/* What is remembered against repeats is bounded: after a flood of
 * thousands of other messages the oldest is forgotten (and the flood
 * itself changed nothing). */
static void
test_bounded_memory (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  g_autofree char *ringing_xml = NULL;
  size_t len;

  settle (&f->net);
  jd_jingle_jmi_manager_ring (f->bob1->mgr, id);
  g_assert_cmpint (xmpp_stanza_to_text (last_sent (f->bob1, "ringing"), &ringing_xml, &len),
                   ==, XMPP_EOK);
  settle (&f->net);
  assert_n_events (f->alice, 1);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *junk = g_strdup_printf (
        "<message type='chat'><ringing xmlns='urn:xmpp:jingle-message:0' id='junk%u'/></message>",
        i);

      inject (f->alice, BOB1, junk, JD_MESSAGE_CARBON_NONE);
    }
  assert_n_events (f->alice, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->alice->mgr), ==, 1);
  inject (f->alice, BOB1, ringing_xml, JD_MESSAGE_CARBON_NONE);
  assert_n_events (f->alice, 2);
}

static void
test_second_proceed (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  xmpp_stanza_t *retract;

  settle (&f->net);
  assert_event (f->bob1, "proposed %s %s %u 0", id, ALICE, AUDIO_VIDEO);
  assert_event (f->bob2, "proposed %s %s %u 0", id, ALICE, AUDIO_VIDEO);
  /* Both devices answer before either hears of the other. */
  jd_jingle_jmi_manager_proceed (f->bob1->mgr, id);
  jd_jingle_jmi_manager_proceed (f->bob2->mgr, id);
  settle (&f->net);
  assert_event (f->alice, "proceeded %s %s", id, BOB1);
  assert_n_events (f->alice, 1);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (f->alice->mgr, id), ==, BOB1);
  retract = last_sent (f->alice, "retract");
  g_assert_nonnull (retract);
  g_assert_cmpstr (xmpp_stanza_get_to (retract), ==, BOB2);
  g_assert_cmpuint (count_sent (f->alice, "retract"), ==, 1);
  assert_event (f->bob2, "retracted %s %s %u", id, ALICE, JD_JINGLE_REASON_CANCEL);
  assert_n_events (f->bob1, 1);
}

static void
test_handled_elsewhere (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  g_autofree char *id2 = NULL;

  settle (&f->net);
  jd_jingle_jmi_manager_proceed (f->bob1->mgr, id);
  settle (&f->net);
  assert_event (f->bob2, "handled-elsewhere %s %u", id, JD_JINGLE_JMI_ACCEPT);
  assert_n_events (f->bob2, 2);
  assert_n_events (f->bob1, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob2->mgr), ==, 0);

  /* A reject reaches the other device only as a sent carbon.  (The first
   * call ends first: a propose during it would move it, §4.2.) */
  jd_jingle_jmi_manager_finish (f->bob1->mgr, id, JD_JINGLE_REASON_SUCCESS);
  settle (&f->net);
  id2 = propose_av (f->alice, BOB_BARE);
  settle (&f->net);
  jd_jingle_jmi_manager_reject (f->bob2->mgr, id2, JD_JINGLE_REASON_DECLINE);
  settle (&f->net);
  assert_event (f->bob1, "handled-elsewhere %s %u", id2, JD_JINGLE_JMI_REJECT);
  assert_event (f->alice, "rejected %s %s %u", id2, BOB2, JD_JINGLE_REASON_DECLINE);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
}

static void
test_missed (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_PROPOSE, "old-call");
  g_autoptr (JdJingleJmi) fresh = jd_jingle_jmi_new (JD_JINGLE_JMI_PROPOSE, "fresh-call");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (xmpp_stanza_t) old_msg = NULL;
  g_autoptr (xmpp_stanza_t) fresh_msg = NULL;

  jd_jingle_jmi_manager_set_ring_timeout (f->bob1->mgr, 30000);
  jd_jingle_jmi_add_media (jmi, JD_JINGLE_MEDIA_AUDIO);
  jmi->delay = g_date_time_add_seconds (now, -31);
  jmi->from = g_strdup (ALICE);
  old_msg = jd_jingle_jmi_build (f->net.ctx, jmi);
  g_assert_true (jd_jingle_jmi_manager_handle_message (f->bob1->mgr, old_msg,
                                                       JD_MESSAGE_CARBON_NONE));
  assert_event (f->bob1, "missed old-call %s %u", ALICE, AUDIO);
  assert_n_events (f->bob1, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
  g_assert_cmpuint (f->bob1->sent->len, ==, 0);

  /* Delayed, but within the ring timeout: it still rings. */
  jd_jingle_jmi_add_media (fresh, JD_JINGLE_MEDIA_AUDIO);
  fresh->delay = g_date_time_add_seconds (now, -5);
  fresh->from = g_strdup (ALICE);
  fresh_msg = jd_jingle_jmi_build (f->net.ctx, fresh);
  g_assert_true (jd_jingle_jmi_manager_handle_message (f->bob1->mgr, fresh_msg,
                                                       JD_MESSAGE_CARBON_NONE));
  assert_event (f->bob1, "proposed fresh-call %s %u 0", ALICE, AUDIO);
}

static void
test_own_echo (Fixture *f, gconstpointer data)
{
  g_autofree char *id G_GNUC_UNUSED = propose_av (f->alice, ALICE_BARE);  /* freed at the end */

  /* Our propose to our own bare JID comes back to us: ignored. */
  settle (&f->net);
  assert_n_events (f->alice, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->alice->mgr), ==, 1);   /* ours only */
  inject (f->alice, ALICE,
          "<message type='chat'><proceed xmlns='urn:xmpp:jingle-message:0' id='x'/></message>",
          JD_MESSAGE_CARBON_NONE);
  inject (f->alice, ALICE,
          "<message type='chat'><propose xmlns='urn:xmpp:jingle-message:0' id='y'>"
          "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>",
          JD_MESSAGE_CARBON_NONE);
  assert_n_events (f->alice, 0);
  g_assert_cmpuint (f->alice->sent->len, ==, 1);

  /* bob calls alice; an accept "from alice's own full JID" is an echo,
   * not another device of hers answering: it still rings here. */
  {
    g_autofree char *bob_id = propose_av (f->bob1, ALICE_BARE);
    g_autofree char *accept = NULL;
    g_autofree char *reject = NULL;

    settle (&f->net);
    assert_event (f->alice, "proposed %s %s %u 0", bob_id, BOB1, AUDIO_VIDEO);
    accept = g_strdup_printf ("<message type='chat' to='" ALICE_BARE "'>"
                              "<accept xmlns='urn:xmpp:jingle-message:0' id='%s'/></message>",
                              bob_id);
    inject (f->alice, ALICE, accept, JD_MESSAGE_CARBON_NONE);
    reject = g_strdup_printf ("<message type='chat' to='" BOB1 "'>"
                              "<reject xmlns='urn:xmpp:jingle-message:0' id='%s'/></message>",
                              bob_id);
    inject (f->alice, ALICE, reject, JD_MESSAGE_CARBON_SENT);
    assert_n_events (f->alice, 1);
    g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (f->alice->mgr, bob_id), ==, BOB1);
  }
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) chat =
    xmpp_stanza_new_from_string (f->net.ctx, "<message from='" ALICE "'><body>hi</body></message>");

  /* Not JMI: not ours. */
  g_assert_false (jd_jingle_jmi_manager_handle_message (f->bob1->mgr, chat,
                                                        JD_MESSAGE_CARBON_NONE));
  /* JMI, but broken: taken and dropped without a warning. */
  inject (f->bob1, ALICE, "<message><propose xmlns='urn:xmpp:jingle-message:0'/></message>",
          JD_MESSAGE_CARBON_NONE);
  inject (f->bob1, ALICE,
          "<message><propose xmlns='urn:xmpp:jingle-message:0' id='z'/></message>",
          JD_MESSAGE_CARBON_NONE);
  inject (f->bob1, ALICE,
          "<message><ringing xmlns='urn:xmpp:jingle-message:0' id='unknown'/></message>",
          JD_MESSAGE_CARBON_NONE);
  assert_n_events (f->bob1, 0);
  g_assert_cmpuint (f->bob1->sent->len, ==, 0);
}

/* ---- What the managers know of a JMI id as a Jingle sid ---- */

static JdJingleJmiSidInfo
sid_info (Client *c, const char *id)
{
  JdJingleJmiSidInfo info = { 0 };

  if (!jd_jingle_jmi_manager_lookup_session_id (c->mgr, id, &info))
    g_error ("%s: %s unknown", c->jid, id);
  return info;
}

/* Live, answered, then finished: each side knows who and how. */
static void
test_session_ids (Fixture *f, gconstpointer data)
{
  g_autofree char *id = propose_av (f->alice, BOB_BARE);
  JdJingleJmiSidInfo info;

  g_assert_false (jd_jingle_jmi_manager_lookup_session_id (f->bob1->mgr, id, NULL));
  settle (&f->net);
  info = sid_info (f->bob1, id);
  g_assert_false (info.outgoing || info.proceeded || info.ended);
  g_assert_cmpstr (info.peer_bare, ==, ALICE_BARE);
  g_assert_cmpstr (info.peer_full, ==, ALICE);
  info = sid_info (f->alice, id);
  g_assert_true (info.outgoing);
  g_assert_false (info.proceeded || info.ended);
  g_assert_cmpstr (info.peer_bare, ==, BOB_BARE);
  g_assert_null (info.peer_full);

  jd_jingle_jmi_manager_proceed (f->bob1->mgr, id);
  settle (&f->net);
  info = sid_info (f->bob1, id);
  g_assert_true (info.proceeded);
  g_assert_false (info.ended);
  info = sid_info (f->alice, id);
  g_assert_true (info.proceeded);
  g_assert_cmpstr (info.peer_full, ==, BOB1);
  /* The other device of bob: answered elsewhere, over. */
  info = sid_info (f->bob2, id);
  g_assert_true (info.ended);
  g_assert_false (info.proceeded);
  g_assert_cmpint (info.reason, ==, JD_JINGLE_REASON_CANCEL);

  jd_jingle_jmi_manager_finish (f->bob1->mgr, id, JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  settle (&f->net);
  info = sid_info (f->bob1, id);
  g_assert_true (info.ended && info.proceeded);
  g_assert_cmpint (info.reason, ==, JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  g_assert_cmpstr (info.peer_full, ==, ALICE);
  info = sid_info (f->alice, id);
  g_assert_true (info.ended && info.outgoing);
  g_assert_cmpint (info.reason, ==, JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
  g_assert_false (jd_jingle_jmi_manager_lookup_session_id (f->bob1->mgr, "unknown", NULL));
}

/* The reason of a reject or retract, sent or received, is kept; a
 * propose of an ended id does not ring again. */
static void
test_ended_reasons (Fixture *f, gconstpointer data)
{
  g_autofree char *rejected = propose_av (f->alice, BOB_BARE);
  g_autofree char *retracted = NULL;
  g_autofree char *again = NULL;

  settle (&f->net);
  jd_jingle_jmi_manager_reject (f->bob1->mgr, rejected, JD_JINGLE_REASON_BUSY);
  settle (&f->net);
  g_assert_cmpint (sid_info (f->bob1, rejected).reason, ==, JD_JINGLE_REASON_BUSY);
  g_assert_cmpint (sid_info (f->alice, rejected).reason, ==, JD_JINGLE_REASON_BUSY);
  g_assert_true (sid_info (f->alice, rejected).ended);

  retracted = propose_av (f->alice, BOB_BARE);
  settle (&f->net);
  jd_jingle_jmi_manager_retract (f->alice->mgr, retracted, JD_JINGLE_REASON_TIMEOUT);
  settle (&f->net);
  g_assert_true (sid_info (f->bob1, retracted).ended);
  g_assert_cmpint (sid_info (f->bob1, retracted).reason, ==, JD_JINGLE_REASON_TIMEOUT);
  g_assert_cmpint (sid_info (f->alice, retracted).reason, ==, JD_JINGLE_REASON_TIMEOUT);
  assert_n_events (f->bob1, 3);

  again = g_strdup_printf ("<message type='chat'><propose xmlns='urn:xmpp:jingle-message:0' "
                           "id='%s'><description xmlns='urn:xmpp:jingle:apps:rtp:1' "
                           "media='audio'/></propose></message>",
                           rejected);
  inject (f->bob1, "alice@example.com/other", again, JD_MESSAGE_CARBON_NONE);
  assert_n_events (f->bob1, 3);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->bob1->mgr), ==, 0);
}

/* Ended proposals are remembered in bounded number: the oldest goes. */
static void
test_ended_bounded (Fixture *f, gconstpointer data)
{
  g_autofree char *first = propose_av (f->alice, BOB_BARE);
  g_autofree char *last = NULL;

  jd_jingle_jmi_manager_forget (f->alice->mgr, first);
  settle (&f->net);
  g_assert_cmpint (sid_info (f->alice, first).reason, ==, JD_JINGLE_REASON_GENERAL_ERROR);
  for (guint i = 0; i < 1024; i++)
    {
      g_free (last);
      last = propose_av (f->alice, BOB_BARE);
      jd_jingle_jmi_manager_forget (f->alice->mgr, last);
      settle (&f->net);
    }
  g_assert_false (jd_jingle_jmi_manager_lookup_session_id (f->alice->mgr, first, NULL));
  g_assert_true (sid_info (f->alice, last).ended);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
#define ADD(path, fn, two_bobs)                                                   \
  g_test_add ("/jingle-jmi/" path, Fixture, GINT_TO_POINTER (two_bobs), fixture_set_up, fn, \
              fixture_tear_down)
  ADD ("call-flow", test_call_flow, FALSE);
  ADD ("reject", test_reject, FALSE);
  ADD ("retract", test_retract, TRUE);
  ADD ("repeated-messages", test_repeated_messages, FALSE);
  ADD ("bounded-memory", test_bounded_memory, FALSE);
  ADD ("second-proceed", test_second_proceed, TRUE);
  ADD ("handled-elsewhere", test_handled_elsewhere, TRUE);
  ADD ("missed", test_missed, FALSE);
  ADD ("own-echo", test_own_echo, FALSE);
  ADD ("invalid", test_invalid, FALSE);
  ADD ("not-migrated-after-finish", test_not_migrated_after_finish, FALSE);
  ADD ("migrated/caller-again", test_migrated_caller_again, FALSE);
  ADD ("migrated/callee-calls-back", test_migrated_callee_calls_back, FALSE);
  ADD ("session-ids", test_session_ids, TRUE);
  ADD ("ended-reasons", test_ended_reasons, FALSE);
  ADD ("ended-bounded", test_ended_bounded, FALSE);
#undef ADD
  g_test_add_data_func ("/jingle-jmi/glare/alice-first", GINT_TO_POINTER (TRUE), test_glare);
  g_test_add_data_func ("/jingle-jmi/glare/bob-first", GINT_TO_POINTER (FALSE), test_glare);
  return g_test_run ();
}
