/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-error.h"

G_DEFINE_QUARK (jd-xmpp-error-quark, jd_xmpp_error)

static const char *const stream_conditions[] = {
  [XMPP_SE_BAD_FORMAT] = "bad-format",
  [XMPP_SE_BAD_NS_PREFIX] = "bad-namespace-prefix",
  [XMPP_SE_CONFLICT] = "conflict",
  [XMPP_SE_CONN_TIMEOUT] = "connection-timeout",
  [XMPP_SE_HOST_GONE] = "host-gone",
  [XMPP_SE_HOST_UNKNOWN] = "host-unknown",
  [XMPP_SE_IMPROPER_ADDR] = "improper-addressing",
  [XMPP_SE_INTERNAL_SERVER_ERROR] = "internal-server-error",
  [XMPP_SE_INVALID_FROM] = "invalid-from",
  [XMPP_SE_INVALID_ID] = "invalid-id",
  [XMPP_SE_INVALID_NS] = "invalid-namespace",
  [XMPP_SE_INVALID_XML] = "invalid-xml",
  [XMPP_SE_NOT_AUTHORIZED] = "not-authorized",
  [XMPP_SE_POLICY_VIOLATION] = "policy-violation",
  [XMPP_SE_REMOTE_CONN_FAILED] = "remote-connection-failed",
  [XMPP_SE_RESOURCE_CONSTRAINT] = "resource-constraint",
  [XMPP_SE_RESTRICTED_XML] = "restricted-xml",
  [XMPP_SE_SEE_OTHER_HOST] = "see-other-host",
  [XMPP_SE_SYSTEM_SHUTDOWN] = "system-shutdown",
  [XMPP_SE_UNDEFINED_CONDITION] = "undefined-condition",
  [XMPP_SE_UNSUPPORTED_ENCODING] = "unsupported-encoding",
  [XMPP_SE_UNSUPPORTED_STANZA_TYPE] = "unsupported-stanza-type",
  [XMPP_SE_UNSUPPORTED_VERSION] = "unsupported-version",
  [XMPP_SE_XML_NOT_WELL_FORMED] = "xml-not-well-formed",
};

/* RFC 6120 §4.9.3: a stream error as a GError; not-authorized is an
 * authentication failure, anything else JD_XMPP_ERROR_STREAM whose message
 * starts with the condition. */
GError *
jd_xmpp_error_from_stream_error (const xmpp_stream_error_t *se)
{
  const char *cond = (guint) se->type < G_N_ELEMENTS (stream_conditions) &&
                     stream_conditions[se->type] != NULL
                       ? stream_conditions[se->type] : "undefined-condition";

  if (se->type == XMPP_SE_NOT_AUTHORIZED)
    return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_AUTH_FAILED, "not-authorized");
  return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_STREAM, "%s%s%s", cond,
                      se->text != NULL ? ": " : "", se->text != NULL ? se->text : "");
}
