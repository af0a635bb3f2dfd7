/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The <reason/> and session-info parts jd-jingle-message.c takes from
 * jd-jingle-info.c.  Internal to libjd-jingle.
 */
#pragma once

#include "jd-jingle-message.h"

G_BEGIN_DECLS

/* Returns: (transfer full) (nullable): NULL with JD_JINGLE_ERROR_BAD_REQUEST
 * or _LIMIT. */
JdJingleReason *jd_jingle_reason_parse (xmpp_stanza_t *el, GError **error);
void            jd_jingle_reason_build (xmpp_stanza_t *jingle, const JdJingleReason *reason);

/* @jingle: the <jingle/> of a session-info.  Returns: (transfer full)
 * (nullable): never NULL without an error; JD_JINGLE_INFO_NONE for a ping. */
JdJingleInfo   *jd_jingle_info_parse   (xmpp_stanza_t *jingle, GError **error);
/* Adds the payload, if any, to @jingle. */
void            jd_jingle_info_build   (xmpp_stanza_t *jingle, const JdJingleInfo *info);

G_END_DECLS
