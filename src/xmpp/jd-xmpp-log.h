/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-xmpp-log: libstrophe's logger forwarded into GLib structured logging
 * (domain "jingled-xmpp"), with credentials redacted.
 *
 * libstrophe 0.12 logs every stanza it sends and receives as raw XML, SASL
 * exchanges included, so payloads of <auth>, <response>, <challenge>,
 * <success> and legacy <password> elements are replaced before anything is
 * written.  libstrophe also exposes a few facts only through its log (that
 * the server sent a SASL <failure/>, that a session was resumed, that TLS
 * was mandatory but not offered, why a TCP connect failed); jd_xmpp_log_classify() recognises them so
 * the connection can report typed errors.  Those message texts are the
 * ones of libstrophe 0.12; the integration tests for auth failure and
 * resumption break if they change.
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

typedef enum {
  JD_STROPHE_EVENT_NONE,
  JD_STROPHE_EVENT_SASL_FAILURE,
  JD_STROPHE_EVENT_SESSION_RESUMED,
  JD_STROPHE_EVENT_TLS_UNAVAILABLE,
  JD_STROPHE_EVENT_CONNECT_FAILED,
  JD_STROPHE_EVENT_CONNECT_TIMEOUT,
} JdStropheEvent;

JdStropheEvent jd_xmpp_log_classify (const char *area, const char *msg);
char          *jd_xmpp_log_redact   (const char *msg);
/* The errno of a "connection failed, error N" line, or 0. */
int            jd_xmpp_log_connect_errno (const char *msg);
/* The SASL condition name in a "RECV: <failure …>" line, or NULL. */
char          *jd_xmpp_log_sasl_condition (const char *msg);
void           jd_xmpp_log_forward  (xmpp_log_level_t level,
                                     const char *area,
                                     const char *msg,
                                     const char *account);

G_END_DECLS
