/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for the XEP-0313 archive parsers (jd-mam.h): bytes ->
 * xmpp_stanza_new_from_string() -> jd_mam_result_parse() for a
 * <message/>, jd_mam_fin_parse() for an <iq/>.  A failure must come with
 * an error and nothing else; a success with every field set, and its ids
 * must make a query whose <after/> reads back the same.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-fuzz.h"
#include "jd-mam.h"
#include "jd-stanza.h"

static xmpp_ctx_t *
get_ctx (void)
{
  static xmpp_ctx_t *ctx;

  if (ctx == NULL)
    ctx = xmpp_ctx_new (NULL, NULL);
  return ctx;
}

/* The id goes into a query's <after/> and comes back unchanged. */
static void
check_query (const char *query_id, const char *after)
{
  g_autoptr (xmpp_stanza_t) iq = jd_mam_query_build (get_ctx (), query_id, after,
                                                     JD_MAM_PAGE_MAX);
  xmpp_stanza_t *query = jd_stanza_get_child (iq, "query", JD_NS_MAM);
  xmpp_stanza_t *set = query != NULL ? jd_stanza_get_child (query, "set", JD_NS_RSM) : NULL;
  g_autofree char *text = set != NULL ? jd_stanza_dup_child_text (set, "after", NULL) : NULL;
  g_autofree char *xml = jd_stanza_to_string (iq);

  if (g_strcmp0 (text, after) != 0 || xml == NULL)
    abort ();
}

static void
check_result (xmpp_stanza_t *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdMamItem) item = jd_mam_result_parse (message, &error);

  if (item == NULL)
    {
      if (error == NULL)
        abort ();
      return;
    }
  if (error != NULL || item->query_id == NULL || item->archive_id == NULL ||
      item->stamp == NULL || item->message == NULL ||
      g_strcmp0 (xmpp_stanza_get_name (item->message), "message") != 0 ||
      !jd_mam_is_result (message))
    abort ();
  check_query (item->query_id, item->archive_id);
}

static void
check_fin (xmpp_stanza_t *iq)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *last = NULL;
  gboolean complete = FALSE;

  if (!jd_mam_fin_parse (iq, &complete, &last, &error))
    {
      if (error == NULL || last != NULL)
        abort ();
      return;
    }
  if (error != NULL)
    abort ();
  if (last != NULL)
    check_query ("q", last);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  const char *name;

  if (stanza == NULL || (name = xmpp_stanza_get_name (stanza)) == NULL)
    return 0;
  if (g_strcmp0 (name, "iq") == 0)
    check_fin (stanza);
  else
    check_result (stanza);
  return 0;
}
