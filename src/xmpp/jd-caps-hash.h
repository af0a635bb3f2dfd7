/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-caps-hash: the XEP-0115 verification string ('ver').
 *
 * §5.1 turns a disco#info answer into a string S and hashes it; §5.4 says
 * when a received answer is ill-formed and must not be cached.  Pure
 * functions over a #JdDiscoInfo; fetching and caching live in jd-caps.c.
 */
#pragma once

#include <glib.h>

#include "jd-disco-info.h"

G_BEGIN_DECLS

#define JD_NS_CAPS "http://jabber.org/protocol/caps"

char     *jd_caps_verification_string (const JdDiscoInfo *info);
char     *jd_caps_compute_ver         (const JdDiscoInfo *info,
                                       GChecksumType hash);
gboolean  jd_caps_hash_from_name      (const char *iana_name,
                                       GChecksumType *out);
gboolean  jd_caps_verify              (const JdDiscoInfo *info,
                                       const char *hash_name,
                                       const char *ver,
                                       GError **error);

G_END_DECLS
