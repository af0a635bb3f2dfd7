/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The XEP-0313 archive parsers and queries (src/xmpp/jd-mam.h), with the
 * XEP's own examples (a result, a <fin/>) and what a hostile peer may send.
 */
#include "xmpp/jd-mam.h"
#include "xmpp/jd-xmpp-error.h"

typedef struct {
  xmpp_ctx_t *ctx;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

static xmpp_stanza_t *
stanza (Fixture *f, const char *xml)
{
  xmpp_stanza_t *s = xmpp_stanza_new_from_string (f->ctx, xml);

  g_assert_nonnull (s);
  return s;
}

/* XEP-0313's example result (with a JMI propose instead of the chat). */
#define RESULT                                                                               \
  "<message id='aeb213' to='juliet@capulet.lit/chamber'>"                                    \
  "<result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'>"                     \
  "<forwarded xmlns='urn:xmpp:forward:0'>"                                                   \
  "<delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25+02:00'/>"                        \
  "<message xmlns='jabber:client' from='witch@shakespeare.lit/pot' to='juliet@capulet.lit'>" \
  "<propose xmlns='urn:xmpp:jingle-message:0' id='c1'>"                                      \
  "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose>"               \
  "</message></forwarded></result></message>"

static void
test_result (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) message = stanza (f, RESULT);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdMamItem) item = jd_mam_result_parse (message, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_true (jd_mam_is_result (message));
  g_assert_cmpstr (item->query_id, ==, "f27");
  g_assert_cmpstr (item->archive_id, ==, "28482-98726-73623");
  /* The stamp in UTC. */
  g_assert_cmpint (g_date_time_to_unix (item->stamp), ==, 1278796105);
  g_assert_cmpint (g_date_time_get_utc_offset (item->stamp), ==, 0);
  g_assert_cmpstr (xmpp_stanza_get_from (item->message), ==, "witch@shakespeare.lit/pot");
  g_assert_nonnull (xmpp_stanza_get_child_by_name (item->message, "propose"));
}

static const char *const bad_results[] = {
  /* not a result */
  "<message><body>hi</body></message>",
  /* another namespace (MAM:1) */
  "<message><result xmlns='urn:xmpp:mam:1' queryid='q' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
  "<message xmlns='jabber:client'/></forwarded></result></message>",
  /* no id */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
  "<message xmlns='jabber:client'/></forwarded></result></message>",
  /* empty queryid */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
  "<message xmlns='jabber:client'/></forwarded></result></message>",
  /* no forwarded */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><message/></result></message>",
  /* no delay */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/></forwarded></result></message>",
  /* a stamp without a zone (XEP-0082 requires one) */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25'/>"
  "<message xmlns='jabber:client'/></forwarded></result></message>",
  /* no message */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
  "<iq/></forwarded></result></message>",
  /* a message of another namespace */
  "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='1'><forwarded "
  "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
  "<message xmlns='jabber:server'/></forwarded></result></message>",
};

static void
test_bad_results (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_results); i++)
    {
      g_autoptr (xmpp_stanza_t) message = stanza (f, bad_results[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (JdMamItem) item = jd_mam_result_parse (message, &error);

      g_test_message ("%s", bad_results[i]);
      g_assert_null (item);
      g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
    }
}

/* An id longer than any server sends would end up in our state file. */
static void
test_long_id (Fixture *f, gconstpointer data)
{
  g_autofree char *id = g_strnfill (300, 'a');
  g_autofree char *xml = g_strdup_printf (
    "<message><result xmlns='urn:xmpp:mam:2' queryid='q' id='%s'><forwarded "
    "xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>"
    "<message xmlns='jabber:client'/></forwarded></result></message>", id);
  g_autoptr (xmpp_stanza_t) message = stanza (f, xml);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdMamItem) item = jd_mam_result_parse (message, &error);

  g_assert_null (item);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
}

static void
assert_fin (Fixture *f, const char *xml, gboolean want_ok, gboolean want_complete,
            const char *want_last)
{
  g_autoptr (xmpp_stanza_t) iq = stanza (f, xml);
  g_autoptr (GError) error = NULL;
  g_autofree char *last = NULL;
  gboolean complete = FALSE;
  gboolean ok = jd_mam_fin_parse (iq, &complete, &last, &error);

  g_test_message ("%s", xml);
  g_assert_cmpint (ok, ==, want_ok);
  if (!want_ok)
    {
      g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (complete, ==, want_complete);
  g_assert_cmpstr (last, ==, want_last);
}

/* XEP-0313 <fin/> with XEP-0059 <set/>. */
static void
test_fin (Fixture *f, gconstpointer data)
{
  assert_fin (f, "<iq type='result' id='j1'><fin xmlns='urn:xmpp:mam:2' complete='true'>"
                 "<set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first>"
                 "<last>09af3-cc343-b409f</last></set></fin></iq>",
              TRUE, TRUE, "09af3-cc343-b409f");
  assert_fin (f, "<iq type='result' id='j1'><fin xmlns='urn:xmpp:mam:2'>"
                 "<set xmlns='http://jabber.org/protocol/rsm'><last>b</last></set></fin></iq>",
              TRUE, FALSE, "b");
  /* An empty page. */
  assert_fin (f, "<iq type='result' id='j1'><fin xmlns='urn:xmpp:mam:2' complete='true'>"
                 "<set xmlns='http://jabber.org/protocol/rsm'><count>0</count></set></fin></iq>",
              TRUE, TRUE, NULL);
  assert_fin (f, "<iq type='result' id='j1'/>", FALSE, FALSE, NULL);
  assert_fin (f, "<iq type='set' id='j1'><fin xmlns='urn:xmpp:mam:2'/></iq>", FALSE, FALSE,
              NULL);
  /* An empty <last/> is no position (the next page would be the first). */
  assert_fin (f, "<iq type='result' id='j1'><fin xmlns='urn:xmpp:mam:2' complete='true'>"
                 "<set xmlns='http://jabber.org/protocol/rsm'><last></last></set></fin></iq>",
              TRUE, TRUE, NULL);
  /* A page of results that does not say where it ended. */
  assert_fin (f, "<iq type='result' id='j1'><fin xmlns='urn:xmpp:mam:2'/></iq>", TRUE, FALSE,
              NULL);
}

static char *
set_child_text (xmpp_stanza_t *iq, const char *name)
{
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", JD_NS_MAM);
  xmpp_stanza_t *set = xmpp_stanza_get_child_by_name_and_ns (query, "set", JD_NS_RSM);
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name (set, name);

  g_assert_nonnull (query);
  g_assert_cmpstr (xmpp_stanza_get_attribute (query, "queryid"), ==, "q1");
  if (child == NULL)
    return NULL;
  return g_strdup (xmpp_stanza_get_text_ptr (xmpp_stanza_get_children (child)) != NULL
                     ? xmpp_stanza_get_text_ptr (xmpp_stanza_get_children (child))
                     : "");
}

static void
test_queries (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) page = jd_mam_query_build (f->ctx, "q1", "09af3", 50);
  g_autoptr (xmpp_stanza_t) first = jd_mam_query_build (f->ctx, "q1", NULL, 50);
  g_autoptr (xmpp_stanza_t) newest = jd_mam_query_build_newest (f->ctx, "q1");
  g_autofree char *after = set_child_text (page, "after");
  g_autofree char *max = set_child_text (page, "max");
  g_autofree char *no_after = set_child_text (first, "after");
  g_autofree char *newest_max = set_child_text (newest, "max");

  /* To our own archive: no 'to'. */
  g_assert_cmpstr (xmpp_stanza_get_type (page), ==, "set");
  g_assert_null (xmpp_stanza_get_to (page));
  g_assert_cmpstr (after, ==, "09af3");
  g_assert_cmpstr (max, ==, "50");
  g_assert_null (no_after);
  g_assert_cmpstr (newest_max, ==, "1");
  g_assert_nonnull (xmpp_stanza_get_child_by_name (
    xmpp_stanza_get_child_by_name (xmpp_stanza_get_child_by_name (newest, "query"), "set"),
    "before"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/xmpp/mam/result", test_result);
  ADD ("/xmpp/mam/result/invalid", test_bad_results);
  ADD ("/xmpp/mam/result/long-id", test_long_id);
  ADD ("/xmpp/mam/fin", test_fin);
  ADD ("/xmpp/mam/queries", test_queries);
  return g_test_run ();
}
