/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * im.jingled.Error.*: the GError domain of the D-Bus API and its names.
 */
#include "jd-dbus-error.h"

static const GDBusErrorEntry error_entries[] = {
  { JD_DBUS_ERROR_NOT_CONNECTED, JD_DBUS_ERROR_PREFIX "NotConnected" },
  { JD_DBUS_ERROR_UNKNOWN_CALL, JD_DBUS_ERROR_PREFIX "UnknownCall" },
  { JD_DBUS_ERROR_UNKNOWN_ACCOUNT, JD_DBUS_ERROR_PREFIX "UnknownAccount" },
  { JD_DBUS_ERROR_INVALID_JID, JD_DBUS_ERROR_PREFIX "InvalidJid" },
  { JD_DBUS_ERROR_INVALID_ARGUMENT, JD_DBUS_ERROR_PREFIX "InvalidArgument" },
  { JD_DBUS_ERROR_INVALID_DTMF, JD_DBUS_ERROR_PREFIX "InvalidDtmf" },
  { JD_DBUS_ERROR_NOT_ACTIVE, JD_DBUS_ERROR_PREFIX "NotActive" },
  { JD_DBUS_ERROR_NO_COMMON_CODEC, JD_DBUS_ERROR_PREFIX "NoCommonCodec" },
  { JD_DBUS_ERROR_PEER_UNAVAILABLE, JD_DBUS_ERROR_PREFIX "PeerUnavailable" },
  { JD_DBUS_ERROR_BUSY, JD_DBUS_ERROR_PREFIX "Busy" },
  { JD_DBUS_ERROR_PERMISSION_DENIED, JD_DBUS_ERROR_PREFIX "PermissionDenied" },
  { JD_DBUS_ERROR_FAILED, JD_DBUS_ERROR_PREFIX "Failed" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_entries) == JD_DBUS_N_ERRORS);

GQuark
jd_dbus_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("jd-dbus-error-quark", &quark,
                                      error_entries,
                                      G_N_ELEMENTS (error_entries));
  return (GQuark) quark;
}

const char *
jd_dbus_error_name (JdDbusError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_entries))
    return NULL;
  return error_entries[code].dbus_error_name;
}
