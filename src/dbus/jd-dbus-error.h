/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The bus name, root path and im.jingled.Error.* names of the jingled
 * D-Bus API, shared by the daemon and jinglectl.  A GError in the
 * JD_DBUS_ERROR domain crosses the bus as its registered D-Bus name, and
 * comes back out of a proxy call as the same domain and code.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JD_DBUS_NAME "im.jingled"
#define JD_DBUS_PATH "/im/jingled"
#define JD_DBUS_ACCOUNT_PATH_PREFIX JD_DBUS_PATH "/account/"
#define JD_DBUS_CALL_PATH_PREFIX JD_DBUS_PATH "/call/"
#define JD_DBUS_ERROR_PREFIX "im.jingled.Error."

/* Keep in step with the table in jd-dbus-error.c. */
typedef enum {
  JD_DBUS_ERROR_NOT_CONNECTED,     /* im.jingled.Error.NotConnected */
  JD_DBUS_ERROR_UNKNOWN_CALL,      /* im.jingled.Error.UnknownCall */
  JD_DBUS_ERROR_UNKNOWN_ACCOUNT,   /* im.jingled.Error.UnknownAccount */
  JD_DBUS_ERROR_INVALID_JID,       /* im.jingled.Error.InvalidJid */
  JD_DBUS_ERROR_INVALID_ARGUMENT,  /* im.jingled.Error.InvalidArgument */
  JD_DBUS_ERROR_INVALID_DTMF,      /* im.jingled.Error.InvalidDtmf */
  JD_DBUS_ERROR_NOT_ACTIVE,        /* im.jingled.Error.NotActive */
  JD_DBUS_ERROR_NO_COMMON_CODEC,   /* im.jingled.Error.NoCommonCodec */
  JD_DBUS_ERROR_PEER_UNAVAILABLE,  /* im.jingled.Error.PeerUnavailable */
  JD_DBUS_ERROR_BUSY,              /* im.jingled.Error.Busy */
  JD_DBUS_ERROR_PERMISSION_DENIED, /* im.jingled.Error.PermissionDenied */
  JD_DBUS_ERROR_FAILED,            /* im.jingled.Error.Failed */
} JdDbusError;

#define JD_DBUS_N_ERRORS (JD_DBUS_ERROR_FAILED + 1)

/**
 * JD_DBUS_ERROR:
 *
 * The error domain of the jingled D-Bus API.  Getting the quark registers
 * every code with g_dbus_error_register_error_domain(), so a GError of
 * this domain returned from a method handler reaches the client under its
 * im.jingled.Error.* name, and the client's proxy turns it back into this
 * domain (once the client has used JD_DBUS_ERROR too).
 */
#define JD_DBUS_ERROR (jd_dbus_error_quark ())
GQuark jd_dbus_error_quark (void);

/**
 * jd_dbus_error_name:
 * @code: a #JdDbusError
 *
 * Returns: (transfer none): the D-Bus error name of @code, e.g.
 *   "im.jingled.Error.UnknownCall", or %NULL for a code out of range
 */
const char *jd_dbus_error_name (JdDbusError code);

G_END_DECLS
