/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd_jingle_jmi_manager_handle_archive(): which archived proposes are
 * missed calls.  The manager is real; its backend only records what it
 * would send (nothing, for an archive).  The archive items are parsed
 * from XML as the server sends them (jd_mam_result_parse()).
 */
#include "jingle/jd-jingle-jmi-manager.h"
#include "xmpp/jd-stanza.h"

#define OWN "bob@example.com/daemon"
#define OTHER_DEVICE "bob@example.com/phone"
#define ALICE "alice@example.com/desk"

typedef struct {
  xmpp_ctx_t *ctx;
  JdJingleJmiManager *mgr;
  GPtrArray *items;    /* JdMamItem* */
  GPtrArray *events;   /* char*: "missed ID FROM MEDIA STAMP" or "proposed ID" */
  guint n_sent;
  guint next_archive_id;
} Fixture;

static xmpp_ctx_t *
backend_context (gpointer backend)
{
  Fixture *f = backend;

  return f->ctx;
}

static const char *
backend_jid (gpointer backend)
{
  return OWN;
}

static void
backend_send (gpointer backend, xmpp_stanza_t *stanza)
{
  Fixture *f = backend;

  f->n_sent++;
}

static const JdJingleBackend backend = {
  .get_context = backend_context,
  .get_own_jid = backend_jid,
  .send = backend_send,
};

static void
on_missed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
           GDateTime *stamp, Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("missed %s %s %u %" G_GINT64_FORMAT, id, from,
                                               media, g_date_time_to_unix (stamp)));
}

static void
on_proposed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
             gboolean won, Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("proposed %s", id));
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->mgr = jd_jingle_jmi_manager_new (&backend, f);
  f->items = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_mam_item_free);
  f->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->mgr, "missed", G_CALLBACK (on_missed), f);
  g_signal_connect (f->mgr, "proposed", G_CALLBACK (on_proposed), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->mgr);
  g_ptr_array_unref (f->items);
  g_ptr_array_unref (f->events);
  xmpp_ctx_free (f->ctx);
}

/* Appends an archived message from @from to @to carrying <@action id=@id>,
 * archived at @unix. */
static void
archive (Fixture *f, const char *from, const char *to, const char *action, const char *id,
         gint64 unix)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (unix);
  g_autofree char *stamp = g_date_time_format_iso8601 (when);
  const char *inner = g_strcmp0 (action, "propose") == 0
                        ? "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>"
                        : "";
  g_autofree char *xml = g_strdup_printf (
    "<message to='" OWN "'><result xmlns='urn:xmpp:mam:2' queryid='q' id='a%u'>"
    "<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='%s'/>"
    "<message xmlns='jabber:client' from='%s' to='%s' type='chat'>"
    "<%s xmlns='urn:xmpp:jingle-message:0' id='%s'>%s</%s>"
    "<store xmlns='urn:xmpp:hints'/></message></forwarded></result></message>",
    ++f->next_archive_id, stamp, from, to, action, id, inner, action);
  g_autoptr (xmpp_stanza_t) message = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (GError) error = NULL;
  JdMamItem *item = jd_mam_result_parse (message, &error);

  g_assert_no_error (error);
  g_ptr_array_add (f->items, item);
}

static void
assert_events (Fixture *f, const char *const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  for (guint i = 0; i < f->events->len; i++)
    g_test_message ("event: %s", (const char *) f->events->pdata[i]);
  g_assert_cmpuint (f->events->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (f->events->pdata[i], ==, expected[i]);
  /* An archive is read, never answered. */
  g_assert_cmpuint (f->n_sent, ==, 0);
}

#define T0 G_GINT64_CONSTANT (1796461200)   /* 2026-12-05T09:00:00Z */

/* Given up by the caller, or never answered: missed, with the archive's
 * stamp; a propose archived a second ago too: archived proposes never
 * ring. */
static void
test_missed (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC - 1;
  g_autofree char *recent = g_strdup_printf ("missed c3 " ALICE " 1 %" G_GINT64_FORMAT, now);
  const char *expected[] = { "missed c1 " ALICE " 1 1796461205",
                             "missed c2 " ALICE " 1 1796461260", recent, NULL };

  archive (f, ALICE, "bob@example.com", "propose", "c1", T0 + 5);
  archive (f, ALICE, "bob@example.com", "retract", "c1", T0 + 20);
  archive (f, ALICE, "bob@example.com", "propose", "c2", T0 + 60);
  archive (f, ALICE, "bob@example.com", "propose", "c3", now);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (f->mgr), ==, 0);
}

/* Answered (accept, proceed) or declined (reject) by a device of ours,
 * this one included, in whatever order the archive has them: not missed.
 * Our own proposes are not missed calls either. */
static void
test_not_missed (Fixture *f, gconstpointer data)
{
  const char *expected[] = { NULL };

  archive (f, ALICE, "bob@example.com", "propose", "accepted", T0);
  archive (f, OTHER_DEVICE, "bob@example.com", "accept", "accepted", T0 + 1);
  archive (f, ALICE, "bob@example.com", "propose", "proceeded", T0 + 2);
  archive (f, OWN, ALICE, "proceed", "proceeded", T0 + 3);
  archive (f, ALICE, "bob@example.com", "propose", "rejected", T0 + 4);
  archive (f, OTHER_DEVICE, ALICE, "reject", "rejected", T0 + 5);
  archive (f, OTHER_DEVICE, "alice@example.com", "propose", "ours", T0 + 6);
  archive (f, OWN, "alice@example.com", "propose", "ours-here", T0 + 7);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
}

/* Only our own account's answer counts: the caller's proceed (a peer
 * cannot answer for us) leaves it missed. */
static void
test_peer_answer_ignored (Fixture *f, gconstpointer data)
{
  const char *expected[] = { "missed c1 " ALICE " 1 1796461200", NULL };

  archive (f, ALICE, "bob@example.com", "propose", "c1", T0);
  archive (f, ALICE, OWN, "proceed", "c1", T0 + 1);
  archive (f, ALICE, "bob@example.com", "accept", "c1", T0 + 2);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
}

/* One report per call: a propose seen already (here from offline storage,
 * older than the ring timeout: missed) is not reported again from the
 * archive, nor on a second catch-up. */
static void
test_once (Fixture *f, gconstpointer data)
{
  const char *expected[] = { "missed c1 " ALICE " 1 1796461200", NULL };
  g_autoptr (xmpp_stanza_t) offline = xmpp_stanza_new_from_string (
    f->ctx, "<message from='" ALICE "' to='bob@example.com' type='chat'>"
            "<propose xmlns='urn:xmpp:jingle-message:0' id='c1'>"
            "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose>"
            "<delay xmlns='urn:xmpp:delay' stamp='2026-12-05T09:00:00Z'/></message>");

  g_assert_true (jd_jingle_jmi_manager_handle_message (f->mgr, offline, JD_MESSAGE_CARBON_NONE));
  archive (f, ALICE, "bob@example.com", "propose", "c1", T0 + 1);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
}

/* A live propose that rings now is not also a missed call. */
static void
test_live_record (Fixture *f, gconstpointer data)
{
  const char *expected[] = { "proposed c1", NULL };
  g_autoptr (xmpp_stanza_t) live = xmpp_stanza_new_from_string (
    f->ctx, "<message from='" ALICE "' to='bob@example.com' type='chat'>"
            "<propose xmlns='urn:xmpp:jingle-message:0' id='c1'>"
            "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose>"
            "</message>");

  g_assert_true (jd_jingle_jmi_manager_handle_message (f->mgr, live, JD_MESSAGE_CARBON_NONE));
  archive (f, ALICE, "bob@example.com", "propose", "c1", T0);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
}

/* Chat and malformed JMI in the archive are skipped quietly. */
static void
test_other_messages (Fixture *f, gconstpointer data)
{
  const char *expected[] = { "missed c1 " ALICE " 1 1796461200", NULL };
  g_autoptr (xmpp_stanza_t) chat = xmpp_stanza_new_from_string (
    f->ctx, "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='x1'>"
            "<forwarded xmlns='urn:xmpp:forward:0'>"
            "<delay xmlns='urn:xmpp:delay' stamp='2026-12-05T08:00:00Z'/>"
            "<message xmlns='jabber:client' from='" ALICE "'><body>hi</body></message>"
            "</forwarded></result></message>");

  g_ptr_array_add (f->items, jd_mam_result_parse (chat, NULL));
  archive (f, ALICE, "bob@example.com", "propose", "", T0 - 1);
  archive (f, ALICE, "bob@example.com", "propose", "c1", T0);
  jd_jingle_jmi_manager_handle_archive (f->mgr, f->items);
  assert_events (f, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/jingle/jmi/archive/missed", test_missed);
  ADD ("/jingle/jmi/archive/not-missed", test_not_missed);
  ADD ("/jingle/jmi/archive/peer-answer-ignored", test_peer_answer_ignored);
  ADD ("/jingle/jmi/archive/once", test_once);
  ADD ("/jingle/jmi/archive/live-record", test_live_record);
  ADD ("/jingle/jmi/archive/other-messages", test_other_messages);
  return g_test_run ();
}
