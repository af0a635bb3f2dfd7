/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-dtls-certificate: a fresh self-signed certificate for DTLS-SRTP
 * (XEP-0320, RFC 5763): nothing for the user to manage, and its SHA-256
 * fingerprint is what we signal.  GStreamer's dtls elements would make
 * one themselves, but only one per process; a call needs its own before
 * the pipeline exists, because the fingerprint goes into the offer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An ECDSA P-256 key and a self-signed certificate valid for 30 days, both
 * PEM-encoded in one string (what dtlssrtpdec's "pem" takes).
 * Returns: (transfer full) (nullable) */
char *jd_dtls_certificate_new (GError **error);

G_END_DECLS
