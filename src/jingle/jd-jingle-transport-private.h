/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The candidate parse/build functions jd-jingle-transport.c takes from
 * jd-jingle-candidate.c.  Internal to libjd-jingle.
 */
#pragma once

#include "jd-jingle-transport.h"

G_BEGIN_DECLS

typedef enum {
  JD_JINGLE_CANDIDATE_ICE,     /* XEP-0176 §5.3 <candidate/> */
  JD_JINGLE_CANDIDATE_RAW,     /* XEP-0177 §4 <candidate/> */
  JD_JINGLE_CANDIDATE_REMOTE,  /* XEP-0176 §5.7 <remote-candidate/> */
} JdJingleCandidateForm;

/* Returns: (transfer full) (nullable): NULL with JD_JINGLE_ERROR_BAD_REQUEST
 * (or _LIMIT for an over-long attribute). */
JdJingleCandidate *jd_jingle_candidate_parse (xmpp_stanza_t *el, JdJingleCandidateForm form,
                                              GError **error);
void               jd_jingle_candidate_build (xmpp_stanza_t *parent, const JdJingleCandidate *c,
                                              JdJingleCandidateForm form);

G_END_DECLS
