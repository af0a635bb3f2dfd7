/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-mam: the account's own XEP-0313 message archive (urn:xmpp:mam:2),
 * read forward from a known archive id, paged with XEP-0059 RSM.
 *
 * A query is an <iq type='set'><query queryid=…><set><max/><after/></set>
 * </query></iq> to our own bare JID (no 'to'); the server answers with one
 * <message><result queryid=… id=ARCHIVE-ID><forwarded><delay stamp=…/>
 * <message/></forwarded></result></message> per archived message, then
 * the IQ result <fin complete=…><set><last>ARCHIVE-ID</last></set></fin>.
 *
 * The parsers are pure (only an xmpp_ctx_t) and take untrusted input:
 * anything malformed fails with a GError naming what was wrong.  The
 * fetchers run on a JdXmppConnection; only results from our own account
 * (no 'from', or our bare JID) with the query's id are taken, so nobody
 * else can slip a message into the "archive".  Whether the server has an
 * archive at all (disco#info of our bare JID lists urn:xmpp:mam:2) is the
 * caller's question.
 */
#pragma once

#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_NS_MAM "urn:xmpp:mam:2"                 /* XEP-0313 */
#define JD_NS_RSM "http://jabber.org/protocol/rsm" /* XEP-0059 */

/* Results per page: Prosody caps a page at 50 by default. */
#define JD_MAM_PAGE_MAX 50

typedef struct {
  char *query_id;          /* the <result queryid/> */
  char *archive_id;        /* the <result id/> */
  GDateTime *stamp;        /* the archive's <delay stamp/>, UTC */
  xmpp_stanza_t *message;  /* the forwarded <message/> (a reference) */
} JdMamItem;

void jd_mam_item_free (JdMamItem *item);

/* An archive id we accept (and keep): non-empty UTF-8 of at most 256
 * bytes.  They are opaque, but a server has no reason to send a long one. */
gboolean jd_mam_id_is_valid (const char *id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdMamItem, jd_mam_item_free)

/* The query for the page after @after (nullable: from the archive's
 * start), at most @max results.  Returns: (transfer full): the <iq/> */
xmpp_stanza_t *jd_mam_query_build        (xmpp_ctx_t *ctx, const char *query_id,
                                          const char *after, guint max);
/* The query for the newest message only (<before/> with <max>1</max>).
 * Returns: (transfer full): the <iq/> */
xmpp_stanza_t *jd_mam_query_build_newest (xmpp_ctx_t *ctx, const char *query_id);

/* TRUE if @message carries a <result xmlns=urn:xmpp:mam:2/>. */
gboolean       jd_mam_is_result          (xmpp_stanza_t *message);
/* Parses a result <message/>.  Returns: (transfer full): the item, or
 * NULL with @error (JD_XMPP_ERROR_BAD_REPLY) */
JdMamItem     *jd_mam_result_parse       (xmpp_stanza_t *message, GError **error);
/* Parses the IQ result that ends a page.  @last: (out) (transfer full)
 * (nullable): the page's last archive id, NULL for an empty page. */
gboolean       jd_mam_fin_parse          (xmpp_stanza_t *iq, gboolean *complete, char **last,
                                          GError **error);

/* Called for each archived message in archive order.  @item is borrowed
 * for the call. */
typedef void (*JdMamItemFunc) (const JdMamItem *item, gpointer user_data);

/* Reads our archive after @after (nullable: from its start) to its end,
 * page by page, handing each message to @on_item.  An @after the server
 * does not know (expired, another server) fails with JD_XMPP_ERROR_STANZA
 * "item-not-found…". */
void     jd_mam_fetch_async   (JdXmppConnection *conn, const char *after,
                               JdMamItemFunc on_item, gpointer item_data,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
/* @last: (out) (transfer full) (nullable): the last archive id seen,
 * NULL when there was nothing after @after. */
gboolean jd_mam_fetch_finish  (JdXmppConnection *conn, GAsyncResult *result, char **last,
                               GError **error);

/* Learns the newest archive id without reading any message. */
void     jd_mam_newest_async  (JdXmppConnection *conn, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
/* @newest: (out) (transfer full) (nullable): NULL for an empty archive. */
gboolean jd_mam_newest_finish (JdXmppConnection *conn, GAsyncResult *result, char **newest,
                               GError **error);

G_END_DECLS
