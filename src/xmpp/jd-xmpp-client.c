/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-client.h"

struct _JdXmppClient
{
  GObject parent_instance;

  JdXmppConnection *conn;
  /* Created in this order so that, at login, the roster is requested
   * before initial presence goes out (RFC 6121 §2.2). */
  JdBlocking *blocking;
  JdRoster *roster;
  JdDisco *disco;
  JdCaps *caps;
  JdPresence *presence;
  JdIm *im;
};

G_DEFINE_FINAL_TYPE (JdXmppClient, jd_xmpp_client, G_TYPE_OBJECT)

static void
on_own_info_changed (JdDisco *disco, gpointer user_data)
{
  JdXmppClient *self = user_data;

  /* XEP-0115 §4: a new ver must reach contacts in a new presence. */
  if (jd_xmpp_connection_get_state (self->conn) == JD_XMPP_STATE_READY)
    jd_presence_broadcast (self->presence);
}

void
jd_xmpp_client_connect (JdXmppClient *self)
{
  jd_xmpp_connection_connect (self->conn);
}

void
jd_xmpp_client_disconnect (JdXmppClient *self)
{
  jd_xmpp_connection_disconnect (self->conn);
}

JdXmppConnection *
jd_xmpp_client_get_connection (JdXmppClient *self)
{
  return self->conn;
}

JdRoster *
jd_xmpp_client_get_roster (JdXmppClient *self)
{
  return self->roster;
}

JdPresence *
jd_xmpp_client_get_presence (JdXmppClient *self)
{
  return self->presence;
}

JdIm *
jd_xmpp_client_get_im (JdXmppClient *self)
{
  return self->im;
}

JdBlocking *
jd_xmpp_client_get_blocking (JdXmppClient *self)
{
  return self->blocking;
}

JdDisco *
jd_xmpp_client_get_disco (JdXmppClient *self)
{
  return self->disco;
}

JdCaps *
jd_xmpp_client_get_caps (JdXmppClient *self)
{
  return self->caps;
}

static void
jd_xmpp_client_dispose (GObject *object)
{
  JdXmppClient *self = JD_XMPP_CLIENT (object);

  if (self->conn != NULL)
    jd_xmpp_connection_disconnect (self->conn);
  g_clear_object (&self->im);
  g_clear_object (&self->presence);
  g_clear_object (&self->caps);
  g_clear_object (&self->disco);
  g_clear_object (&self->roster);
  g_clear_object (&self->blocking);
  g_clear_object (&self->conn);
  G_OBJECT_CLASS (jd_xmpp_client_parent_class)->dispose (object);
}

static void
jd_xmpp_client_class_init (JdXmppClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jd_xmpp_client_dispose;
}

static void
jd_xmpp_client_init (JdXmppClient *self)
{
}

/**
 * jd_xmpp_client_new:
 * Returns: (transfer full): a client on the caller's thread-default main context
 */
JdXmppClient *
jd_xmpp_client_new (const JdXmppSettings *settings, const char *identity_type)
{
  JdXmppClient *self = g_object_new (JD_TYPE_XMPP_CLIENT, NULL);

  self->conn = jd_xmpp_connection_new (settings);
  self->blocking = jd_blocking_new (self->conn);
  self->roster = jd_roster_new (self->conn);
  self->disco = jd_disco_new (self->conn, identity_type, "jingled");
  self->caps = jd_caps_new (self->conn, self->disco);
  self->presence = jd_presence_new (self->conn);
  self->im = jd_im_new (self->conn, self->disco);
  jd_presence_set_decorator (self->presence, jd_disco_decorate_presence, self->disco);
  g_signal_connect_object (self->disco, "changed", G_CALLBACK (on_own_info_changed), self, 0);
  return self;
}
