/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-roster: RFC 6121 §2 roster and §3 subscriptions.
 *
 * JdRosterItem is a value parsed from an <item/>; JdRosterTable is the pure
 * bookkeeping of the roster (fetch result, pushes); JdRoster is the
 * GObject that fetches it at login, applies pushes that come from our own
 * account only (§2.1.6), edits it, and runs the subscription handshake
 * under a policy.
 */
#pragma once

#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_NS_ROSTER "jabber:iq:roster"

typedef enum {
  JD_SUBSCRIPTION_NONE,
  JD_SUBSCRIPTION_TO,
  JD_SUBSCRIPTION_FROM,
  JD_SUBSCRIPTION_BOTH,
  JD_SUBSCRIPTION_REMOVE,
} JdSubscription;

const char *jd_subscription_to_string (JdSubscription sub);

typedef struct {
  char *jid;            /* bare, normalised */
  char *name;           /* nullable */
  JdSubscription subscription;
  gboolean ask;         /* our subscription request is pending */
  GStrv groups;         /* never NULL */
} JdRosterItem;

JdRosterItem *jd_roster_item_new   (const char *jid, const char *name, const char *const *groups);
JdRosterItem *jd_roster_item_copy  (const JdRosterItem *item);
void          jd_roster_item_free  (JdRosterItem *item);
gboolean      jd_roster_item_equal (const JdRosterItem *a, const JdRosterItem *b);
JdRosterItem *jd_roster_item_parse (xmpp_stanza_t *item, GError **error);
/* Adds <item/> for @item to @query (for a roster set). */
void          jd_roster_item_build (const JdRosterItem *item, xmpp_stanza_t *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdRosterItem, jd_roster_item_free)

typedef struct _JdRosterTable JdRosterTable;

JdRosterTable *jd_roster_table_new     (void);
void           jd_roster_table_free    (JdRosterTable *table);
/* Applies one item of a result or push; subscription='remove' deletes.
 * Returns TRUE when the roster changed. */
gboolean       jd_roster_table_apply   (JdRosterTable *table, const JdRosterItem *item);
/* Replaces everything with the items of a roster result <query/>.
 * Returns: (transfer container): JIDs added, changed or removed. */
GPtrArray     *jd_roster_table_load    (JdRosterTable *table, xmpp_stanza_t *query,
                                        GError **error);
const JdRosterItem *jd_roster_table_lookup (JdRosterTable *table, const char *jid);
/* Returns: (transfer container): items sorted by JID */
GPtrArray     *jd_roster_table_get_items (JdRosterTable *table);
guint          jd_roster_table_size    (JdRosterTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdRosterTable, jd_roster_table_free)

/**
 * JdSubscriptionPolicy:
 * @JD_SUBSCRIPTION_POLICY_ASK: emit ::subscription-request and wait for
 *   jd_roster_approve() or jd_roster_deny()
 * @JD_SUBSCRIPTION_POLICY_APPROVE_ROSTER: approve contacts already in the
 *   roster, ask about everyone else
 * @JD_SUBSCRIPTION_POLICY_DENY: refuse every request
 */
typedef enum {
  JD_SUBSCRIPTION_POLICY_ASK,
  JD_SUBSCRIPTION_POLICY_APPROVE_ROSTER,
  JD_SUBSCRIPTION_POLICY_DENY,
} JdSubscriptionPolicy;

gboolean jd_subscription_policy_from_string (const char *str, JdSubscriptionPolicy *out);

#define JD_TYPE_ROSTER (jd_roster_get_type ())
G_DECLARE_FINAL_TYPE (JdRoster, jd_roster, JD, ROSTER, GObject)

JdRoster      *jd_roster_new         (JdXmppConnection *conn);
gboolean       jd_roster_is_loaded   (JdRoster *self);
JdRosterTable *jd_roster_get_table   (JdRoster *self);
void           jd_roster_set_policy  (JdRoster *self, JdSubscriptionPolicy policy);

void     jd_roster_set_item_async    (JdRoster *self, const char *jid, const char *name,
                                      const char *const *groups, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean jd_roster_set_item_finish   (JdRoster *self, GAsyncResult *result, GError **error);
void     jd_roster_remove_item_async (JdRoster *self, const char *jid,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean jd_roster_remove_item_finish (JdRoster *self, GAsyncResult *result, GError **error);

/* RFC 6121 §3: the four subscription stanzas. */
gboolean jd_roster_subscribe   (JdRoster *self, const char *jid);
gboolean jd_roster_unsubscribe (JdRoster *self, const char *jid);
gboolean jd_roster_approve     (JdRoster *self, const char *jid);
gboolean jd_roster_deny        (JdRoster *self, const char *jid);

G_END_DECLS
