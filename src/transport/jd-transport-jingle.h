/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-transport-jingle: conversions between the Jingle transport values
 * (XEP-0176 ICE-UDP, XEP-0177 raw UDP; src/jingle) and the transport
 * layer's NiceCandidate and credentials.
 *
 * This is glue for the Call, which alone knows both layers (DESIGN.md:
 * signaling and transport never call each other).  It lives in its own
 * library, libjd-transport-jingle, so that libjd-transport itself never
 * includes a Jingle header and libjd-jingle never links libnice.
 *
 * Not representable in a NiceCandidate, and so not carried through a
 * Jingle -> Nice -> Jingle round trip: the candidate id, the network
 * index and the generation.  Local candidates get a fresh random id,
 * network 0 and the generation the caller passes.
 */
#pragma once

#include "jd-jingle-transport.h"
#include "jd-transport.h"

G_BEGIN_DECLS

/* Returns: (transfer full): the NiceCandidate for a peer's Jingle
 * candidate of transport @type, or NULL with JD_TRANSPORT_ERROR_INVALID_ARGUMENT
 * (a non-UDP ICE candidate, a bad address, a foundation too long). */
NiceCandidate     *jd_transport_candidate_from_jingle (const JdJingleCandidate *candidate,
                                                       JdJingleTransportType type,
                                                       GError **error);
/* Returns: (transfer full): our candidate as Jingle sends it for @type. */
JdJingleCandidate *jd_transport_candidate_to_jingle   (const NiceCandidate *candidate,
                                                       JdJingleTransportType type,
                                                       guint generation);

/* The Jingle transport type @transport speaks. */
JdJingleTransportType jd_transport_jingle_type        (JdTransport *transport);

/* Returns: (transfer full): a <transport/> value carrying @transport's
 * local credentials (ICE) and @candidates (NiceCandidate*, nullable: none,
 * as in a session-initiate before trickling). */
JdJingleTransport *jd_transport_jingle_describe       (JdTransport *transport,
                                                       GPtrArray *candidates,
                                                       guint generation);

/* Feeds a peer's <transport/> (session-initiate/accept or transport-info)
 * into @transport: its credentials when present, then every candidate.
 * Stops at the first candidate that does not convert.  New credentials
 * are the peer's ICE restart, old ones after ours are stale: see
 * jd_transport_set_remote_credentials(). */
gboolean           jd_transport_jingle_apply_remote   (JdTransport *transport,
                                                       const JdJingleTransport *remote,
                                                       GError **error);

G_END_DECLS
