/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The round-trip shape (STYLE.md §6) shared by the fuzz targets of the
 * pure stanza models: bytes -> xmpp_stanza_new_from_string() -> parse.
 * A failure must be a JD_JINGLE_ERROR bad-request or limit (and pass the
 * target's own failure check); a success must build into a stanza that
 * parses back equal, whose copy is equal, and whose XML text parses
 * again.  Anything else aborts, which libFuzzer reports.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <strophe.h>

#include "jd-stanza-model.h"

/* More to check of a failure, e.g. the error reply it makes. */
typedef void (*JdFuzzCheckFailure) (xmpp_stanza_t *stanza, const GError *error);

/* One context for the whole process: libFuzzer calls us millions of times
 * and a context holds nothing between stanzas. */
xmpp_ctx_t *jd_fuzz_ctx (void);
/* @check_failure: nullable */
int         jd_fuzz_model_run (const JdStanzaModel *model, JdFuzzCheckFailure check_failure,
                               const uint8_t *data, size_t size);
