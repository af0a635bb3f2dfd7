/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jid: XMPP addresses (RFC 7622).
 *
 * A JdJid is a plain value: node (may be NULL), domain, resource (may be
 * NULL), all normalised.  Node and domain are compared case-insensitively,
 * so they are stored case-folded and in Unicode NFC; the resource is kept
 * as given (NFC) since it is case-sensitive.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *node;      /* nullable */
  char *domain;
  char *resource;  /* nullable */
} JdJid;

JdJid    *jd_jid_parse      (const char *str, GError **error);
JdJid    *jd_jid_copy       (const JdJid *jid);
void      jd_jid_free       (JdJid *jid);
char     *jd_jid_to_string  (const JdJid *jid);
char     *jd_jid_to_bare    (const JdJid *jid);
gboolean  jd_jid_is_bare    (const JdJid *jid);
gboolean  jd_jid_equal      (const JdJid *a, const JdJid *b);

/* Convenience on strings: normalised forms, or NULL (with @error) when
 * the input is not a valid JID. */
char     *jd_jid_normalize  (const char *str, GError **error);
char     *jd_jid_bare_of    (const char *str);       /* NULL when invalid */
char     *jd_jid_resource_of (const char *str);      /* NULL when none or invalid */
gboolean  jd_jid_str_equal  (const char *a, const char *b);
gboolean  jd_jid_str_is_bare_equal (const char *a, const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJid, jd_jid_free)

G_END_DECLS
