/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-stanza: small helpers around libstrophe's xmpp_stanza_t.
 *
 * libstrophe stanzas are reference counted (xmpp_stanza_clone() takes a
 * reference, xmpp_stanza_release() drops one), so g_autoptr(xmpp_stanza_t)
 * works as for any GLib type.  Nothing here needs a connection: only an
 * xmpp_ctx_t, so the helpers are usable from the pure Jingle core too.
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmpp_stanza_t, xmpp_stanza_release)

/* A GDestroyNotify for stanzas. */
void           jd_stanza_unref         (gpointer stanza);

/* libstrophe allocates strings it hands out with the context allocator. */
void           jd_stanza_free_string   (xmpp_ctx_t *ctx, char *str);

xmpp_stanza_t *jd_stanza_new_element   (xmpp_ctx_t *ctx,
                                        const char *name,
                                        const char *ns);
xmpp_stanza_t *jd_stanza_add_element   (xmpp_stanza_t *parent,
                                        const char *name,
                                        const char *ns);
void           jd_stanza_add_text_child (xmpp_stanza_t *parent,
                                         const char *name,
                                         const char *text);
xmpp_stanza_t *jd_stanza_new_iq        (xmpp_ctx_t *ctx,
                                        const char *type,
                                        const char *to,
                                        const char *child_name,
                                        const char *child_ns);

xmpp_stanza_t *jd_stanza_get_child     (xmpp_stanza_t *stanza,
                                        const char *name,
                                        const char *ns);
char          *jd_stanza_dup_child_text (xmpp_stanza_t *stanza,
                                         const char *name,
                                         const char *ns);
char          *jd_stanza_dup_text      (xmpp_stanza_t *stanza);
const char    *jd_stanza_get_first_child_ns (xmpp_stanza_t *stanza);

char          *jd_stanza_to_string     (xmpp_stanza_t *stanza);
xmpp_stanza_t *jd_stanza_from_string   (xmpp_ctx_t *ctx,
                                        const char *xml);

/* RFC 6120 §8.3: an <error/> reply to @request with the given type
 * ("cancel", "modify", "auth", "wait") and defined condition. */
xmpp_stanza_t *jd_stanza_error_reply   (xmpp_stanza_t *request,
                                        const char *error_type,
                                        const char *condition,
                                        const char *text);
xmpp_stanza_t *jd_stanza_iq_result     (xmpp_stanza_t *request);

/* The defined condition of an error stanza (or NULL). */
const char    *jd_stanza_error_condition (xmpp_stanza_t *stanza);
const char    *jd_stanza_error_text    (xmpp_stanza_t *stanza);

#define JD_NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

G_END_DECLS
