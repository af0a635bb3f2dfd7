/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-presence: RFC 6121 §4 presence.
 *
 * JdPresenceInfo is one resource's presence (a value).  JdPresenceTable is
 * the pure bookkeeping of every contact resource's presence; JdPresence
 * is the GObject that feeds it from the connection, broadcasts our own
 * presence (with XEP-0115 caps) and sends directed presence.
 */
#pragma once

#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

typedef enum {
  JD_PRESENCE_UNAVAILABLE,
  JD_PRESENCE_XA,
  JD_PRESENCE_AWAY,
  JD_PRESENCE_DND,
  JD_PRESENCE_AVAILABLE,
  JD_PRESENCE_CHAT,
} JdPresenceShow;

const char *jd_presence_show_to_string   (JdPresenceShow show);
gboolean    jd_presence_show_from_string (const char *str, JdPresenceShow *out);

typedef struct {
  JdPresenceShow show;
  char *status;      /* nullable */
  int priority;      /* -128..127 */
  char *caps_node;   /* XEP-0115 <c/>, nullable */
  char *caps_ver;
  char *caps_hash;
} JdPresenceInfo;

JdPresenceInfo *jd_presence_info_new   (JdPresenceShow show, const char *status, int priority);
JdPresenceInfo *jd_presence_info_copy  (const JdPresenceInfo *info);
void            jd_presence_info_free  (JdPresenceInfo *info);
gboolean        jd_presence_info_equal (const JdPresenceInfo *a, const JdPresenceInfo *b);
/* Parses an available or unavailable <presence/>; other types are not
 * presence information (subscriptions, errors, probes) and fail. */
JdPresenceInfo *jd_presence_info_parse (xmpp_stanza_t *presence, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdPresenceInfo, jd_presence_info_free)

typedef struct _JdPresenceTable JdPresenceTable;

JdPresenceTable *jd_presence_table_new   (void);
void             jd_presence_table_free  (JdPresenceTable *table);
/* Records @info (transfer none) for @full_jid; UNAVAILABLE removes the
 * resource; a bare JID's unavailable removes every resource.  Returns TRUE
 * when something changed. */
gboolean         jd_presence_table_update (JdPresenceTable *table,
                                           const char *jid,
                                           const JdPresenceInfo *info);
void             jd_presence_table_clear  (JdPresenceTable *table);
const JdPresenceInfo *jd_presence_table_lookup (JdPresenceTable *table, const char *full_jid);
/* Returns: (transfer container): full JIDs online for @bare_jid, best first
 * (highest priority, then most available show). */
GPtrArray       *jd_presence_table_get_resources (JdPresenceTable *table, const char *bare_jid);
/* Returns: (transfer full) (nullable): the full JID messages should go to */
char            *jd_presence_table_best_resource (JdPresenceTable *table, const char *bare_jid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdPresenceTable, jd_presence_table_free)

#define JD_TYPE_PRESENCE (jd_presence_get_type ())
G_DECLARE_FINAL_TYPE (JdPresence, jd_presence, JD, PRESENCE, GObject)

/* Builds the <c/> for our presence; set by the client from JdDisco. */
typedef void (*JdPresenceDecorator) (xmpp_stanza_t *presence, gpointer user_data);

JdPresence *jd_presence_new (JdXmppConnection *conn);
void        jd_presence_set_decorator (JdPresence *self, JdPresenceDecorator func,
                                       gpointer user_data);
/* Our own broadcast presence; sent now when online, and at every login. */
void        jd_presence_set_own (JdPresence *self, JdPresenceShow show,
                                 const char *status, int priority);
const JdPresenceInfo *jd_presence_get_own (JdPresence *self);
/* Re-sends our presence (e.g. after our caps changed). */
void        jd_presence_broadcast (JdPresence *self);
gboolean    jd_presence_send_directed (JdPresence *self, const char *to,
                                       JdPresenceShow show, const char *status,
                                       int priority);
JdPresenceTable *jd_presence_get_table (JdPresence *self);

G_END_DECLS
