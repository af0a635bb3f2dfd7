/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-error.h"

G_DEFINE_QUARK (jd-xmpp-error-quark, jd_xmpp_error)
