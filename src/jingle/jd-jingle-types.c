/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-types.h"

G_DEFINE_QUARK (jd-jingle-error-quark, jd_jingle_error)

static const char *const action_names[JD_JINGLE_N_ACTIONS] = {
  [JD_JINGLE_ACTION_CONTENT_ACCEPT] = "content-accept",
  [JD_JINGLE_ACTION_CONTENT_ADD] = "content-add",
  [JD_JINGLE_ACTION_CONTENT_MODIFY] = "content-modify",
  [JD_JINGLE_ACTION_CONTENT_REJECT] = "content-reject",
  [JD_JINGLE_ACTION_CONTENT_REMOVE] = "content-remove",
  [JD_JINGLE_ACTION_DESCRIPTION_INFO] = "description-info",
  [JD_JINGLE_ACTION_SECURITY_INFO] = "security-info",
  [JD_JINGLE_ACTION_SESSION_ACCEPT] = "session-accept",
  [JD_JINGLE_ACTION_SESSION_INFO] = "session-info",
  [JD_JINGLE_ACTION_SESSION_INITIATE] = "session-initiate",
  [JD_JINGLE_ACTION_SESSION_TERMINATE] = "session-terminate",
  [JD_JINGLE_ACTION_TRANSPORT_ACCEPT] = "transport-accept",
  [JD_JINGLE_ACTION_TRANSPORT_INFO] = "transport-info",
  [JD_JINGLE_ACTION_TRANSPORT_REJECT] = "transport-reject",
  [JD_JINGLE_ACTION_TRANSPORT_REPLACE] = "transport-replace",
};

static const char *const state_names[JD_JINGLE_N_STATES] = {
  [JD_JINGLE_STATE_PENDING] = "pending",
  [JD_JINGLE_STATE_ACTIVE] = "active",
  [JD_JINGLE_STATE_ENDED] = "ended",
};

static const char *const reason_names[JD_JINGLE_N_REASONS] = {
  [JD_JINGLE_REASON_ALTERNATIVE_SESSION] = "alternative-session",
  [JD_JINGLE_REASON_BUSY] = "busy",
  [JD_JINGLE_REASON_CANCEL] = "cancel",
  [JD_JINGLE_REASON_CONNECTIVITY_ERROR] = "connectivity-error",
  [JD_JINGLE_REASON_DECLINE] = "decline",
  [JD_JINGLE_REASON_EXPIRED] = "expired",
  [JD_JINGLE_REASON_FAILED_APPLICATION] = "failed-application",
  [JD_JINGLE_REASON_FAILED_TRANSPORT] = "failed-transport",
  [JD_JINGLE_REASON_GENERAL_ERROR] = "general-error",
  [JD_JINGLE_REASON_GONE] = "gone",
  [JD_JINGLE_REASON_INCOMPATIBLE_PARAMETERS] = "incompatible-parameters",
  [JD_JINGLE_REASON_MEDIA_ERROR] = "media-error",
  [JD_JINGLE_REASON_SECURITY_ERROR] = "security-error",
  [JD_JINGLE_REASON_SUCCESS] = "success",
  [JD_JINGLE_REASON_TIMEOUT] = "timeout",
  [JD_JINGLE_REASON_UNSUPPORTED_APPLICATIONS] = "unsupported-applications",
  [JD_JINGLE_REASON_UNSUPPORTED_TRANSPORTS] = "unsupported-transports",
};

static const char *const senders_names[JD_JINGLE_N_SENDERS] = {
  [JD_JINGLE_SENDERS_BOTH] = "both",
  [JD_JINGLE_SENDERS_INITIATOR] = "initiator",
  [JD_JINGLE_SENDERS_RESPONDER] = "responder",
  [JD_JINGLE_SENDERS_NONE] = "none",
};

static const char *const creator_names[JD_JINGLE_N_CREATORS] = {
  [JD_JINGLE_CREATOR_INITIATOR] = "initiator",
  [JD_JINGLE_CREATOR_RESPONDER] = "responder",
};

static const char *const media_names[JD_JINGLE_N_MEDIA] = {
  [JD_JINGLE_MEDIA_AUDIO] = "audio",
  [JD_JINGLE_MEDIA_VIDEO] = "video",
};

/* XEP-0166 §8 and RFC 6120 §8.3.3. */
static const JdJingleErrorInfo error_infos[JD_JINGLE_N_ERRORS] = {
  [JD_JINGLE_ERROR_BAD_REQUEST] = { "modify", "bad-request", NULL },
  [JD_JINGLE_ERROR_OUT_OF_ORDER] = { "wait", "unexpected-request", "out-of-order" },
  [JD_JINGLE_ERROR_TIE_BREAK] = { "cancel", "conflict", "tie-break" },
  [JD_JINGLE_ERROR_UNKNOWN_SESSION] = { "cancel", "item-not-found", "unknown-session" },
  [JD_JINGLE_ERROR_UNSUPPORTED_INFO] = { "modify", "feature-not-implemented", "unsupported-info" },
  [JD_JINGLE_ERROR_NOT_AUTHORIZED] = { "auth", "forbidden", NULL },
  [JD_JINGLE_ERROR_LIMIT] = { "modify", "policy-violation", NULL },
};

static gboolean
lookup (const char *const *names, guint n, const char *str, int *out)
{
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (names[i], str) == 0)
        {
          *out = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table, N)                                   \
  const char *prefix##_to_string (Type value)                                  \
  {                                                                            \
    g_return_val_if_fail ((guint) value < (N), NULL);                          \
    return table[value];                                                       \
  }

#define DEFINE_PARSE(prefix, Type, table, N)                                   \
  gboolean prefix##_from_string (const char *str, Type *out)                   \
  {                                                                            \
    int v;                                                                     \
    if (!lookup (table, (N), str, &v))                                         \
      return FALSE;                                                            \
    *out = (Type) v;                                                           \
    return TRUE;                                                               \
  }

DEFINE_NAMES (jd_jingle_action, JdJingleAction, action_names, JD_JINGLE_N_ACTIONS)
DEFINE_PARSE (jd_jingle_action, JdJingleAction, action_names, JD_JINGLE_N_ACTIONS)
DEFINE_NAMES (jd_jingle_state, JdJingleState, state_names, JD_JINGLE_N_STATES)
DEFINE_NAMES (jd_jingle_reason, JdJingleReasonType, reason_names, JD_JINGLE_N_REASONS)
DEFINE_PARSE (jd_jingle_reason, JdJingleReasonType, reason_names, JD_JINGLE_N_REASONS)
DEFINE_NAMES (jd_jingle_senders, JdJingleSenders, senders_names, JD_JINGLE_N_SENDERS)
DEFINE_PARSE (jd_jingle_senders, JdJingleSenders, senders_names, JD_JINGLE_N_SENDERS)
DEFINE_NAMES (jd_jingle_creator, JdJingleCreator, creator_names, JD_JINGLE_N_CREATORS)
DEFINE_PARSE (jd_jingle_creator, JdJingleCreator, creator_names, JD_JINGLE_N_CREATORS)
DEFINE_NAMES (jd_jingle_media, JdJingleMedia, media_names, JD_JINGLE_N_MEDIA)
DEFINE_PARSE (jd_jingle_media, JdJingleMedia, media_names, JD_JINGLE_N_MEDIA)

const JdJingleErrorInfo *
jd_jingle_error_describe (JdJingleError code)
{
  if ((guint) code >= JD_JINGLE_N_ERRORS)
    code = JD_JINGLE_ERROR_BAD_REQUEST;
  return &error_infos[code];
}
