/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-transport: the XEP-0176 ICE-UDP and XEP-0177 raw-UDP
 * <transport/> elements, with the XEP-0320 DTLS <fingerprint/>.
 * Plain values with parse/build pairs; pure.
 */
#pragma once

#include <strophe.h>

#include "jd-jingle-types.h"

G_BEGIN_DECLS

#define JD_JINGLE_MAX_CANDIDATES 64

typedef enum {
  JD_JINGLE_TRANSPORT_NONE,       /* no <transport/> (e.g. content-remove) */
  JD_JINGLE_TRANSPORT_ICE_UDP,
  JD_JINGLE_TRANSPORT_RAW_UDP,
} JdJingleTransportType;

typedef enum {
  JD_JINGLE_CANDIDATE_HOST,
  JD_JINGLE_CANDIDATE_PRFLX,
  JD_JINGLE_CANDIDATE_RELAY,
  JD_JINGLE_CANDIDATE_SRFLX,
  JD_JINGLE_N_CANDIDATE_TYPES
} JdJingleCandidateType;

const char *jd_jingle_candidate_type_to_string   (JdJingleCandidateType type);
gboolean    jd_jingle_candidate_type_from_string (const char *str, JdJingleCandidateType *out);

/* One candidate of either transport.  Raw UDP (XEP-0177 §5) uses only
 * component, generation, id, ip, port and type. */
typedef struct {
  guint component;          /* 1 = RTP, 2 = RTCP; 1..255 */
  char *foundation;         /* ICE only */
  guint generation;
  char *id;                 /* nullable */
  char *ip;                 /* a valid IPv4 or IPv6 literal */
  guint network;            /* ICE: the network index */
  guint16 port;             /* 1..65535 */
  guint32 priority;         /* ICE only */
  char *protocol;           /* ICE only: "udp" */
  char *rel_addr;           /* nullable */
  guint16 rel_port;         /* 0 = absent */
  JdJingleCandidateType type;
} JdJingleCandidate;

/* XEP-0320: <fingerprint xmlns=urn:xmpp:jingle:apps:dtls:0 hash setup>HEX</fingerprint> */
typedef struct {
  char *hash;               /* "sha-256" */
  char *setup;              /* "actpass", "active", "passive" */
  char *value;              /* "AA:BB:..." */
} JdJingleFingerprint;

typedef struct {
  JdJingleTransportType type;
  char *ufrag;                          /* ICE, nullable */
  char *pwd;                            /* ICE, nullable */
  GPtrArray *candidates;                /* JdJingleCandidate* */
  JdJingleCandidate *remote_candidate;  /* ICE <remote-candidate/>, nullable */
  JdJingleFingerprint *fingerprint;     /* nullable */
} JdJingleTransport;

JdJingleCandidate   *jd_jingle_candidate_new   (void);
JdJingleCandidate   *jd_jingle_candidate_copy  (const JdJingleCandidate *c);
void                 jd_jingle_candidate_free  (JdJingleCandidate *c);
gboolean             jd_jingle_candidate_equal (const JdJingleCandidate *a,
                                                const JdJingleCandidate *b);
JdJingleFingerprint *jd_jingle_fingerprint_new  (const char *hash, const char *setup,
                                                 const char *value);
JdJingleFingerprint *jd_jingle_fingerprint_copy (const JdJingleFingerprint *fp);
void                 jd_jingle_fingerprint_free (JdJingleFingerprint *fp);
gboolean             jd_jingle_fingerprint_equal (const JdJingleFingerprint *a,
                                                  const JdJingleFingerprint *b);

JdJingleTransport   *jd_jingle_transport_new   (JdJingleTransportType type);
JdJingleTransport   *jd_jingle_transport_copy  (const JdJingleTransport *t);
void                 jd_jingle_transport_free  (JdJingleTransport *t);
gboolean             jd_jingle_transport_equal (const JdJingleTransport *a,
                                                const JdJingleTransport *b);

const char          *jd_jingle_transport_type_to_ns (JdJingleTransportType type);
/* @el: a <transport/> of a known namespace; an unknown namespace fails
 * with JD_JINGLE_ERROR_BAD_REQUEST (the session layer turns that into
 * unsupported-transports where the XEP says so). */
JdJingleTransport   *jd_jingle_transport_parse (xmpp_stanza_t *el, GError **error);
xmpp_stanza_t       *jd_jingle_transport_build (xmpp_ctx_t *ctx, const JdJingleTransport *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleCandidate, jd_jingle_candidate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleFingerprint, jd_jingle_fingerprint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdJingleTransport, jd_jingle_transport_free)

G_END_DECLS
