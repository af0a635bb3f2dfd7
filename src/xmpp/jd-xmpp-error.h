/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

#define JD_XMPP_ERROR (jd_xmpp_error_quark ())
GQuark jd_xmpp_error_quark (void);

/**
 * JdXmppError:
 * @JD_XMPP_ERROR_INVALID_JID: an address that is not a valid JID
 * @JD_XMPP_ERROR_AUTH_FAILED: the server refused our credentials (SASL failure)
 * @JD_XMPP_ERROR_UNREACHABLE: no TCP connection to the server could be made
 * @JD_XMPP_ERROR_TLS: TLS could not be negotiated or was not offered while mandatory
 * @JD_XMPP_ERROR_CERTIFICATE: the server certificate did not verify
 * @JD_XMPP_ERROR_STREAM: the server closed the stream with a stream error;
 *   the message holds the condition (RFC 6120 §4.9.3)
 * @JD_XMPP_ERROR_DISCONNECTED: the connection was lost, or is not up
 * @JD_XMPP_ERROR_TIMEOUT: a request got no answer in time
 * @JD_XMPP_ERROR_STANZA: the peer answered with a stanza error; the message
 *   holds the defined condition (RFC 6120 §8.3.3)
 * @JD_XMPP_ERROR_BAD_REPLY: the peer's answer was malformed
 */
typedef enum {
  JD_XMPP_ERROR_INVALID_JID,
  JD_XMPP_ERROR_AUTH_FAILED,
  JD_XMPP_ERROR_UNREACHABLE,
  JD_XMPP_ERROR_TLS,
  JD_XMPP_ERROR_CERTIFICATE,
  JD_XMPP_ERROR_STREAM,
  JD_XMPP_ERROR_DISCONNECTED,
  JD_XMPP_ERROR_TIMEOUT,
  JD_XMPP_ERROR_STANZA,
  JD_XMPP_ERROR_BAD_REPLY,
} JdXmppError;

GError *jd_xmpp_error_from_stream_error (const xmpp_stream_error_t *se);

G_END_DECLS
