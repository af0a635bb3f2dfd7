/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-rtp: the XEP-0167 RTP <description/>, with XEP-0293 rtcp-fb,
 * XEP-0294 rtp-hdrext and XEP-0167 §7 SDES <encryption><crypto/>.
 * Plain values with parse/build pairs; pure.
 */
#pragma once

#include <strophe.h>

#include "jd-jingle-types.h"

G_BEGIN_DECLS

/* Sanity limits for hostile input (beyond them parsing fails with
 * JD_JINGLE_ERROR_LIMIT). */
#define JD_JINGLE_MAX_PAYLOAD_TYPES  128
#define JD_JINGLE_MAX_PARAMETERS     64
#define JD_JINGLE_MAX_RTCP_FB        64
#define JD_JINGLE_MAX_HDREXTS        32
#define JD_JINGLE_MAX_CRYPTOS        16
#define JD_JINGLE_MAX_ATTR_LEN       4096

/* XEP-0167 §7 RTP-specific reason conditions, e.g. <crypto-required/>. */
#define JD_NS_JINGLE_RTP_ERRORS "urn:xmpp:jingle:apps:rtp:errors:1"

typedef struct {
  char *name;
  char *value;
} JdJingleParameter;

/* XEP-0293 <rtcp-fb type subtype/>; "trr-int" is kept as type "trr-int"
 * with the value in subtype. */
typedef struct {
  char *type;
  char *subtype;           /* nullable */
  GPtrArray *parameters;   /* JdJingleParameter* (value nullable), NULL = none */
} JdJingleRtcpFb;

typedef struct {
  guint8 id;               /* 0-127 */
  char *name;              /* nullable for static payload types */
  guint clockrate;         /* 0 = absent */
  guint channels;          /* 0 = absent (means 1) */
  guint ptime;             /* 0 = absent */
  guint maxptime;          /* 0 = absent */
  GPtrArray *parameters;   /* JdJingleParameter*, in order */
  GPtrArray *rtcp_fbs;     /* JdJingleRtcpFb* */
} JdJinglePayloadType;

/* XEP-0294 <rtp-hdrext id uri senders/>. */
typedef struct {
  guint id;                /* 1-14 one-byte, 1-255 two-byte */
  char *uri;
  JdJingleSenders senders;
  GPtrArray *parameters;   /* JdJingleParameter* (value nullable), NULL = none */
} JdJingleHdrExt;

/* XEP-0167 §7: SDES-SRTP key material as in RFC 4568. */
typedef struct {
  char *crypto_suite;
  char *key_params;
  char *session_params;    /* nullable */
  guint tag;
} JdJingleCrypto;

typedef struct {
  JdJingleMedia media;
  gboolean has_ssrc;
  guint32 ssrc;
  GPtrArray *payload_types;  /* JdJinglePayloadType*, offer order = preference */
  GPtrArray *rtcp_fbs;       /* description-level XEP-0293 */
  GPtrArray *hdrexts;        /* JdJingleHdrExt* */
  gboolean extmap_allow_mixed; /* XEP-0294 <extmap-allow-mixed/> */
  gboolean rtcp_mux;
  char *bandwidth_type;      /* nullable, e.g. "AS" */
  guint bandwidth;
  gboolean encryption_required;
  GPtrArray *cryptos;        /* JdJingleCrypto*, empty = no <encryption/> */
} JdJingleRtpDescription;

JdJingleParameter      *jd_jingle_parameter_new  (const char *name, const char *value);
JdJingleParameter      *jd_jingle_parameter_copy (const JdJingleParameter *param);
void                    jd_jingle_parameter_free (JdJingleParameter *param);

JdJingleRtcpFb         *jd_jingle_rtcp_fb_new  (const char *type, const char *subtype);
JdJingleRtcpFb         *jd_jingle_rtcp_fb_copy (const JdJingleRtcpFb *fb);
void                    jd_jingle_rtcp_fb_free (JdJingleRtcpFb *fb);

JdJingleHdrExt         *jd_jingle_hdrext_new  (guint id, const char *uri,
                                               JdJingleSenders senders);
JdJingleHdrExt         *jd_jingle_hdrext_copy (const JdJingleHdrExt *ext);
void                    jd_jingle_hdrext_free (JdJingleHdrExt *ext);

JdJinglePayloadType    *jd_jingle_payload_type_new   (guint8 id, const char *name,
                                                      guint clockrate, guint channels);
JdJinglePayloadType    *jd_jingle_payload_type_copy  (const JdJinglePayloadType *pt);
void                    jd_jingle_payload_type_free  (JdJinglePayloadType *pt);
/* Parameters compare regardless of order (XEP-0167 §4); all else exactly. */
gboolean                jd_jingle_payload_type_equal (const JdJinglePayloadType *a,
                                                      const JdJinglePayloadType *b);
void                    jd_jingle_payload_type_set_parameter (JdJinglePayloadType *pt,
                                                              const char *name,
                                                              const char *value);
const char             *jd_jingle_payload_type_get_parameter (const JdJinglePayloadType *pt,
                                                              const char *name);
void                    jd_jingle_payload_type_add_rtcp_fb (JdJinglePayloadType *pt,
                                                            const char *type,
                                                            const char *subtype);

JdJingleCrypto         *jd_jingle_crypto_new  (guint tag, const char *suite,
                                               const char *key_params,
                                               const char *session_params);
JdJingleCrypto         *jd_jingle_crypto_copy (const JdJingleCrypto *crypto);
void                    jd_jingle_crypto_free (JdJingleCrypto *crypto);
gboolean                jd_jingle_crypto_equal (const JdJingleCrypto *a,
                                                const JdJingleCrypto *b);

JdJingleRtpDescription *jd_jingle_rtp_description_new   (JdJingleMedia media);
JdJingleRtpDescription *jd_jingle_rtp_description_copy  (const JdJingleRtpDescription *d);
void                    jd_jingle_rtp_description_free  (JdJingleRtpDescription *d);
gboolean                jd_jingle_rtp_description_equal (const JdJingleRtpDescription *a,
                                                         const JdJingleRtpDescription *b);

/* @el: <description xmlns=urn:xmpp:jingle:apps:rtp:1>.  Errors are
 * JD_JINGLE_ERROR_BAD_REQUEST (or _LIMIT) with a message naming the
 * element and attribute. */
JdJingleRtpDescription *jd_jingle_rtp_description_parse (xmpp_stanza_t *el, GError **error);
/* Returns: (transfer full): the <description/> element */
xmpp_stanza_t          *jd_jingle_rtp_description_build (xmpp_ctx_t *ctx,
                                                         const JdJingleRtpDescription *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleParameter, jd_jingle_parameter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleRtcpFb, jd_jingle_rtcp_fb_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleHdrExt, jd_jingle_hdrext_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJinglePayloadType, jd_jingle_payload_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleCrypto, jd_jingle_crypto_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleRtpDescription, jd_jingle_rtp_description_free)

G_END_DECLS
