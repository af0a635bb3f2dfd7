/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-xml: element and attribute access shared by the Jingle stanza
 * parsers, with the hostile-input checks (length limits, strict numbers,
 * error messages naming element and attribute) in one place.
 *
 * Internal to libjd-jingle: the other layers use the parse/build pairs of
 * jd-jingle-message.h, jd-jingle-rtp.h and jd-jingle-transport.h.
 */
#pragma once

#include <strophe.h>

#include "jd-jingle-types.h"

G_BEGIN_DECLS

/* Elements parsed from the wire carry their resolved namespace; children
 * of a tree we built ourselves leave it unset when they inherit it.  So
 * an unset namespace means @inherited. */
const char    *jd_jingle_xml_ns        (xmpp_stanza_t *el, const char *inherited);
gboolean       jd_jingle_xml_is        (xmpp_stanza_t *el, const char *name,
                                        const char *ns, const char *inherited);
/* Element children only, skipping text; never recurses. */
xmpp_stanza_t *jd_jingle_xml_first_tag (xmpp_stanza_t *parent);
xmpp_stanza_t *jd_jingle_xml_next_tag  (xmpp_stanza_t *el);

/* Each getter fails with JD_JINGLE_ERROR_BAD_REQUEST when @required and
 * absent or malformed, and with JD_JINGLE_ERROR_LIMIT when the value is
 * longer than JD_JINGLE_MAX_ATTR_LEN.  An absent optional attribute
 * leaves *out untouched. */
gboolean jd_jingle_xml_attr     (xmpp_stanza_t *el, const char *attr, gboolean required,
                                 const char **out, GError **error);
gboolean jd_jingle_xml_dup_attr (xmpp_stanza_t *el, const char *attr, gboolean required,
                                 char **out, GError **error);
/* A decimal number in [min, max]: no sign, no blanks, no trailing junk. */
gboolean jd_jingle_xml_uint     (xmpp_stanza_t *el, const char *attr, gboolean required,
                                 guint64 min, guint64 max, guint64 *out, GError **error);
/* The character data with surrounding white space removed; *out is NULL
 * when there is none. */
gboolean jd_jingle_xml_text     (xmpp_stanza_t *el, char **out, GError **error);
/* Fails with JD_JINGLE_ERROR_LIMIT when @len items of @el are already
 * held and @max is the most allowed. */
gboolean jd_jingle_xml_check_limit (xmpp_stanza_t *el, guint len, guint max, GError **error);

/* Fails with JD_JINGLE_ERROR_LIMIT when @value (@what of @el) is longer
 * than JD_JINGLE_MAX_ATTR_LEN. */
gboolean jd_jingle_xml_check_length (xmpp_stanza_t *el, const char *what, const char *value,
                                     GError **error);

void jd_jingle_xml_bad (GError **error, xmpp_stanza_t *el, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);

void jd_jingle_xml_set_uint (xmpp_stanza_t *el, const char *attr, guint64 value);
void jd_jingle_xml_set_text (xmpp_stanza_t *el, const char *text);

/* NULL-tolerant deep copy and ordered comparison of pointer arrays; NULL
 * compares equal to an empty array. */
typedef gpointer (*JdJingleCopyFunc) (gconstpointer item);
typedef gboolean (*JdJingleEqualFunc) (gconstpointer a, gconstpointer b);

GPtrArray *jd_jingle_array_copy  (const GPtrArray *src, JdJingleCopyFunc copy,
                                  GDestroyNotify free_func);
gboolean   jd_jingle_array_equal (const GPtrArray *a, const GPtrArray *b,
                                  JdJingleEqualFunc equal);

G_END_DECLS
