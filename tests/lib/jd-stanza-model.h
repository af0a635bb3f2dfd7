/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The pure stanza models (jd-jingle-message, jd-jingle-jmi) seen through
 * one table of functions, so that the unit tests and the fuzz targets
 * check every model the same way.
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

typedef struct {
  const char *family;   /* its committed stanzas: tests/data/stanzas/FAMILY */
  gboolean (*parse) (xmpp_stanza_t *stanza, gpointer *out, GError **error);
  xmpp_stanza_t *(*build) (xmpp_ctx_t *ctx, gconstpointer value);
  gpointer (*copy) (gconstpointer value);
  gboolean (*equal) (gconstpointer a, gconstpointer b);
  GDestroyNotify free;
} JdStanzaModel;

extern const JdStanzaModel jd_stanza_model_jingle;   /* JdJingleMessage */
extern const JdStanzaModel jd_stanza_model_jmi;      /* JdJingleJmi */

G_END_DECLS
