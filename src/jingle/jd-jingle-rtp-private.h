/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parse/build pieces jd-jingle-rtp.c takes from jd-jingle-rtp-ext.c:
 * <parameter/>, XEP-0293 feedback, XEP-0294 header extensions and the
 * XEP-0167 §7 <encryption/>.  Internal to libjd-jingle.
 *
 * Each *_parse() appends what @el holds to @into and fails with
 * JD_JINGLE_ERROR_BAD_REQUEST, or JD_JINGLE_ERROR_LIMIT once @into is full.
 */
#pragma once

#include "jd-jingle-rtp.h"

G_BEGIN_DECLS

GPtrArray *jd_jingle_parameters_copy  (const GPtrArray *params);
gboolean   jd_jingle_parameters_equal (const GPtrArray *a, const GPtrArray *b);
gboolean   jd_jingle_parameter_parse  (xmpp_stanza_t *el, gboolean value_required,
                                       GPtrArray *into, GError **error);
void       jd_jingle_parameters_build (xmpp_stanza_t *parent, const GPtrArray *params);

gboolean   jd_jingle_rtcp_fb_equal    (const JdJingleRtcpFb *a, const JdJingleRtcpFb *b);
/* @el: <rtcp-fb/> or <rtcp-fb-trr-int/> */
gboolean   jd_jingle_rtcp_fb_parse    (xmpp_stanza_t *el, GPtrArray *into, GError **error);
void       jd_jingle_rtcp_fbs_build   (xmpp_stanza_t *parent, const GPtrArray *fbs);

gboolean   jd_jingle_hdrext_equal     (const JdJingleHdrExt *a, const JdJingleHdrExt *b);
gboolean   jd_jingle_hdrext_parse     (xmpp_stanza_t *el, GPtrArray *into, GError **error);
void       jd_jingle_hdrext_build     (xmpp_stanza_t *parent, const JdJingleHdrExt *ext);

gboolean   jd_jingle_encryption_parse (xmpp_stanza_t *el, gboolean *required,
                                       GPtrArray *into, GError **error);
void       jd_jingle_encryption_build (xmpp_stanza_t *parent, gboolean required,
                                       const GPtrArray *cryptos);

G_END_DECLS
