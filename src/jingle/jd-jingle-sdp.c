/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-sdp: a JdJingleMessage as SDP text, line by line after the
 * mappings of XEP-0167 §9, XEP-0176 §11, XEP-0177, XEP-0320, XEP-0293,
 * XEP-0294 and XEP-0339.  Nothing is validated here: the message is
 * whatever jd_jingle_message_parse() accepted or the caller built.
 */
#include "jd-jingle-sdp.h"

#include <stdarg.h>
#include <string.h>

/* The discard port, for a media section without a candidate yet
 * (RFC 8840 §4.1.1, RFC 8829 §5.2.1). */
#define DISCARD_PORT 9

static guint
len_of (const GPtrArray *array)
{
  return array != NULL ? array->len : 0;
}

/* Required fields are non-NULL after parsing; a message built in C may
 * still lack one, and "-" shows that better than a crash. */
static const char *
nz (const char *str)
{
  return str != NULL ? str : "-";
}

/* RFC 4566 §5: every line ends with CRLF. */
G_GNUC_PRINTF (2, 3)
static void
append_line (GString *sdp, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (sdp, format, args);
  va_end (args);
  g_string_append (sdp, "\r\n");
}

JdJingleCreator
jd_jingle_message_sender (const JdJingleMessage *msg)
{
  g_return_val_if_fail (msg != NULL, JD_JINGLE_CREATOR_INITIATOR);

  if (msg->action == JD_JINGLE_ACTION_SESSION_ACCEPT)
    return JD_JINGLE_CREATOR_RESPONDER;
  if (msg->action == JD_JINGLE_ACTION_SESSION_INITIATE)
    return JD_JINGLE_CREATOR_INITIATOR;
  /* A session has two parties: whoever is not the one is the other. */
  if (msg->from != NULL && msg->initiator != NULL)
    return strcmp (msg->from, msg->initiator) == 0 ? JD_JINGLE_CREATOR_INITIATOR
                                                   : JD_JINGLE_CREATOR_RESPONDER;
  if (msg->from != NULL && msg->responder != NULL)
    return strcmp (msg->from, msg->responder) == 0 ? JD_JINGLE_CREATOR_RESPONDER
                                                   : JD_JINGLE_CREATOR_INITIATOR;
  return JD_JINGLE_CREATOR_INITIATOR;
}

/* XEP-0166 §7.3 senders (or XEP-0294 hdrext senders) as an RFC 4566 §6
 * direction, seen from @self, the party that sent the message. */
static const char *
direction (JdJingleSenders senders, JdJingleCreator self)
{
  switch (senders)
    {
    case JD_JINGLE_SENDERS_BOTH:
      return "sendrecv";
    case JD_JINGLE_SENDERS_NONE:
      return "inactive";
    case JD_JINGLE_SENDERS_INITIATOR:
      return self == JD_JINGLE_CREATOR_INITIATOR ? "sendonly" : "recvonly";
    case JD_JINGLE_SENDERS_RESPONDER:
      return self == JD_JINGLE_CREATOR_RESPONDER ? "sendonly" : "recvonly";
    case JD_JINGLE_N_SENDERS:
    default:
      g_return_val_if_reached ("sendrecv");
    }
}

/* RFC 4566 §5.2 wants a numeric sess-id and RFC 8829 §5.2.1 keeps it
 * within 63 bits.  A hash (64-bit FNV-1a) of the sid keeps it stable, so
 * every message of one session shows the same o= line. */
static guint64
session_id (const char *sid)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *) sid; p != NULL && *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return hash & G_GUINT64_CONSTANT (0x7fffffffffffffff);
}

/* There is no a=group:BUNDLE: the message model does not carry the
 * XEP-0338 <group/> yet. */
static void
append_session (GString *sdp, const JdJingleMessage *msg)
{
  append_line (sdp, "v=0");
  append_line (sdp, "o=- %" G_GUINT64_FORMAT " 0 IN IP4 0.0.0.0", session_id (msg->sid));
  append_line (sdp, "s=-");
  append_line (sdp, "t=0 0");
}

/* RFC 8839 §5.1 and XEP-0177 §5: the m= port and c= address are those of
 * the default candidate, here the first one for component 1 (RTP). */
static const JdJingleCandidate *
default_candidate (const JdJingleTransport *t)
{
  for (guint i = 0; t != NULL && i < len_of (t->candidates); i++)
    {
      const JdJingleCandidate *c = g_ptr_array_index (t->candidates, i);

      if (c->component == 1)
        return c;
    }
  return NULL;
}

static const char *
addrtype (const char *ip)
{
  return strchr (ip, ':') != NULL ? "IP6" : "IP4";
}

static gboolean
has_rtcp_fb (const JdJingleRtpDescription *d)
{
  if (len_of (d->rtcp_fbs) > 0)
    return TRUE;
  for (guint i = 0; i < len_of (d->payload_types); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);

      if (len_of (pt->rtcp_fbs) > 0)
        return TRUE;
    }
  return FALSE;
}

/* The transport protocol of the m= line: DTLS-SRTP (RFC 5764 §8) wins over
 * SDES (RFC 4568 §3.1.4), and feedback adds the F (RFC 4585 §4, RFC 5124). */
static const char *
profile (const JdJingleRtpDescription *d, const JdJingleTransport *t)
{
  static const char *const names[3][2] = {
    { "RTP/AVP", "RTP/AVPF" },
    { "RTP/SAVP", "RTP/SAVPF" },
    { "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF" },
  };
  guint security = 0;

  if (t != NULL && t->fingerprint != NULL)
    security = 2;
  else if (len_of (d->cryptos) > 0)
    security = 1;
  return names[security][has_rtcp_fb (d) ? 1 : 0];
}

/* RFC 3264 §6: a rejected or removed stream has port 0. */
static guint
media_port (const JdJingleMessage *msg, const JdJingleCandidate *def)
{
  if (msg->action == JD_JINGLE_ACTION_CONTENT_REJECT ||
      msg->action == JD_JINGLE_ACTION_CONTENT_REMOVE)
    return 0;
  return def != NULL ? def->port : DISCARD_PORT;
}

static void
append_m_line (GString *sdp,
               guint port,
               const JdJingleRtpDescription *d,
               const JdJingleTransport *t)
{
  g_autoptr (GString) formats = g_string_new (NULL);

  for (guint i = 0; i < len_of (d->payload_types); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);

      g_string_append_printf (formats, " %u", (guint) pt->id);
    }
  append_line (sdp, "m=%s %u %s%s", jd_jingle_media_to_string (d->media), port,
               profile (d, t), formats->str);
}

static void
append_connection (GString *sdp, const JdJingleCandidate *def)
{
  const char *ip = def != NULL && def->ip != NULL ? def->ip : "0.0.0.0";

  append_line (sdp, "c=IN %s %s", addrtype (ip), ip);
}

/* The extra words of an rtcp-fb (XEP-0293 §3, "a=b" or a bare name) or
 * of an extmap (XEP-0294 §3, RFC 8285 §7 extensionattributes). */
static void
append_words (GString *line, const GPtrArray *params)
{
  for (guint i = 0; i < len_of (params); i++)
    {
      const JdJingleParameter *p = g_ptr_array_index (params, i);

      g_string_append_printf (line, " %s", nz (p->name));
      if (p->value != NULL && p->value[0] != '\0')
        g_string_append_printf (line, "=%s", p->value);
    }
}

/* XEP-0293 §5: @id is the payload type, or "*" for description-level
 * feedback; trr-int carries its value in subtype. */
static void
append_rtcp_fb (GString *sdp, const char *id, const JdJingleRtcpFb *fb)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_printf (line, "a=rtcp-fb:%s %s", id, nz (fb->type));
  if (fb->subtype != NULL)
    g_string_append_printf (line, " %s", fb->subtype);
  append_words (line, fb->parameters);
  append_line (sdp, "%s", line->str);
}

/* XEP-0167 §9: parameters become one a=fmtp, ';'-separated.  A parameter
 * without a name (an fmtp such as telephone-event's "0-15") is its bare
 * value, and one without a value its bare name. */
static void
append_fmtp (GString *sdp, const JdJinglePayloadType *pt)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_printf (line, "a=fmtp:%u ", (guint) pt->id);
  for (guint i = 0; i < len_of (pt->parameters); i++)
    {
      const JdJingleParameter *p = g_ptr_array_index (pt->parameters, i);
      gboolean named = p->name != NULL && p->name[0] != '\0';
      gboolean valued = p->value != NULL && p->value[0] != '\0';

      if (i > 0)
        g_string_append_c (line, ';');
      g_string_append (line, named ? p->name : "");
      if (named && valued)
        g_string_append_c (line, '=');
      g_string_append (line, valued ? p->value : "");
    }
  append_line (sdp, "%s", line->str);
}

/* XEP-0167 §9: name, clockrate and channels are the a=rtpmap; a static
 * payload type (RFC 3551 §6) may have none. */
static void
append_payload_type (GString *sdp, const JdJinglePayloadType *pt)
{
  g_autofree char *id = g_strdup_printf ("%u", (guint) pt->id);

  if (pt->name != NULL && pt->clockrate != 0 && pt->channels != 0)
    append_line (sdp, "a=rtpmap:%s %s/%u/%u", id, pt->name, pt->clockrate, pt->channels);
  else if (pt->name != NULL && pt->clockrate != 0)
    append_line (sdp, "a=rtpmap:%s %s/%u", id, pt->name, pt->clockrate);
  if (len_of (pt->parameters) > 0)
    append_fmtp (sdp, pt);
  for (guint i = 0; i < len_of (pt->rtcp_fbs); i++)
    append_rtcp_fb (sdp, id, g_ptr_array_index (pt->rtcp_fbs, i));
}

/* Jingle has a ptime per payload type, SDP one per media (RFC 4566 §6):
 * the first payload type that has one speaks for the media. */
static void
append_ptimes (GString *sdp, const JdJingleRtpDescription *d)
{
  guint ptime = 0;
  guint maxptime = 0;

  for (guint i = 0; i < len_of (d->payload_types); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);

      ptime = ptime != 0 ? ptime : pt->ptime;
      maxptime = maxptime != 0 ? maxptime : pt->maxptime;
    }
  if (ptime != 0)
    append_line (sdp, "a=ptime:%u", ptime);
  if (maxptime != 0)
    append_line (sdp, "a=maxptime:%u", maxptime);
}

/* XEP-0294 §3 / RFC 8285 §7: sendrecv, the default, is left out. */
static void
append_extmap (GString *sdp, const JdJingleHdrExt *ext, JdJingleCreator self)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_printf (line, "a=extmap:%u", ext->id);
  if (ext->senders != JD_JINGLE_SENDERS_BOTH)
    g_string_append_printf (line, "/%s", direction (ext->senders, self));
  g_string_append_printf (line, " %s", nz (ext->uri));
  append_words (line, ext->parameters);
  append_line (sdp, "%s", line->str);
}

/* XEP-0167 §7 / RFC 4568 §9.1. */
static void
append_crypto (GString *sdp, const JdJingleCrypto *crypto)
{
  if (crypto->session_params != NULL)
    append_line (sdp, "a=crypto:%u %s %s %s", crypto->tag, nz (crypto->crypto_suite),
                 nz (crypto->key_params), crypto->session_params);
  else
    append_line (sdp, "a=crypto:%u %s %s", crypto->tag, nz (crypto->crypto_suite),
                 nz (crypto->key_params));
}

static void
append_description (GString *sdp, const JdJingleRtpDescription *d, JdJingleCreator self)
{
  if (d->rtcp_mux)
    append_line (sdp, "a=rtcp-mux");
  /* XEP-0294 §3, RFC 8285 §6 */
  if (d->extmap_allow_mixed)
    append_line (sdp, "a=extmap-allow-mixed");
  for (guint i = 0; i < len_of (d->hdrexts); i++)
    append_extmap (sdp, g_ptr_array_index (d->hdrexts, i), self);
  for (guint i = 0; i < len_of (d->payload_types); i++)
    append_payload_type (sdp, g_ptr_array_index (d->payload_types, i));
  for (guint i = 0; i < len_of (d->rtcp_fbs); i++)
    append_rtcp_fb (sdp, "*", g_ptr_array_index (d->rtcp_fbs, i));
  append_ptimes (sdp, d);
  for (guint i = 0; i < len_of (d->cryptos); i++)
    append_crypto (sdp, g_ptr_array_index (d->cryptos, i));
  /* XEP-0167 §9 maps the ssrc attribute as is; the source attributes of
   * XEP-0339 (RFC 5576 ssrc attributes) are not in the model. */
  if (d->has_ssrc)
    append_line (sdp, "a=ssrc:%" G_GUINT32_FORMAT, d->ssrc);
}

/* XEP-0176 §11 (RFC 8839 §5.4) credentials and XEP-0320 §3 (RFC 8122 §5,
 * RFC 4145 §4) DTLS parameters. */
static void
append_transport (GString *sdp, const JdJingleTransport *t)
{
  if (t->ufrag != NULL)
    append_line (sdp, "a=ice-ufrag:%s", t->ufrag);
  if (t->pwd != NULL)
    append_line (sdp, "a=ice-pwd:%s", t->pwd);
  if (t->fingerprint != NULL)
    {
      append_line (sdp, "a=fingerprint:%s %s", nz (t->fingerprint->hash),
                   nz (t->fingerprint->value));
      if (t->fingerprint->setup != NULL)
        append_line (sdp, "a=setup:%s", t->fingerprint->setup);
    }
}

/* RFC 8839 §5.1; "generation" is the extension XEP-0176 §11 maps too. */
static void
append_candidate (GString *sdp, const JdJingleCandidate *c)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_printf (line, "a=candidate:%s %u %s %" G_GUINT32_FORMAT " %s %u typ %s",
                   nz (c->foundation), c->component, nz (c->protocol), c->priority,
                   nz (c->ip), (guint) c->port, jd_jingle_candidate_type_to_string (c->type));
  if (c->rel_addr != NULL)
    g_string_append_printf (line, " raddr %s", c->rel_addr);
  if (c->rel_port != 0)
    g_string_append_printf (line, " rport %u", (guint) c->rel_port);
  g_string_append_printf (line, " generation %u", c->generation);
  append_line (sdp, "%s", line->str);
}

/* RFC 3605 §2.1 (and RFC 8839 §5.1 for ICE): where RTCP goes when not
 * muxed, from the first candidate for component 2. */
static void
append_rtcp (GString *sdp, const JdJingleTransport *t)
{
  for (guint i = 0; i < len_of (t->candidates); i++)
    {
      const JdJingleCandidate *c = g_ptr_array_index (t->candidates, i);

      if (c->component == 2 && c->ip != NULL)
        {
          append_line (sdp, "a=rtcp:%u IN %s %s", (guint) c->port, addrtype (c->ip), c->ip);
          return;
        }
    }
}

static void
append_candidates (GString *sdp, const JdJingleTransport *t)
{
  const JdJingleCandidate *remote = t->remote_candidate;

  /* Raw UDP (XEP-0177 §5) has no candidate lines: its candidates are
   * the m=, c= and a=rtcp addresses. */
  if (t->type == JD_JINGLE_TRANSPORT_RAW_UDP)
    return;
  for (guint i = 0; i < len_of (t->candidates); i++)
    append_candidate (sdp, g_ptr_array_index (t->candidates, i));
  /* RFC 8839 §5.2 */
  if (remote != NULL)
    append_line (sdp, "a=remote-candidates:%u %s %u", remote->component, nz (remote->ip),
                 (guint) remote->port);
}

/* A content without a description (transport-info, content-remove) has
 * no m= line: what remains is an RFC 8840 §4.4 style fragment.  Its
 * direction still matters for content-modify (XEP-0166 §7.2.6). */
static void
append_media (GString *sdp, const JdJingleMessage *msg, const JdJingleContent *content)
{
  const JdJingleRtpDescription *d = content->description;
  const JdJingleTransport *t = content->transport;
  const JdJingleCandidate *def = default_candidate (t);
  JdJingleCreator self = jd_jingle_message_sender (msg);

  if (d != NULL)
    {
      append_m_line (sdp, media_port (msg, def), d, t);
      append_connection (sdp, def);
      /* RFC 4566 §5: b= comes after c= */
      if (d->bandwidth_type != NULL)
        append_line (sdp, "b=%s:%u", d->bandwidth_type, d->bandwidth);
    }
  append_line (sdp, "a=mid:%s", nz (content->name));
  if (d != NULL || msg->action == JD_JINGLE_ACTION_CONTENT_MODIFY)
    append_line (sdp, "a=%s", direction (content->senders, self));
  if (t != NULL)
    append_transport (sdp, t);
  if (t != NULL && d != NULL)
    append_rtcp (sdp, t);
  if (d != NULL)
    append_description (sdp, d, self);
  if (t != NULL)
    append_candidates (sdp, t);
}

char *
jd_jingle_message_to_sdp (const JdJingleMessage *msg)
{
  g_autoptr (GString) sdp = g_string_new (NULL);

  g_return_val_if_fail (msg != NULL, NULL);

  append_session (sdp, msg);
  for (guint i = 0; i < len_of (msg->contents); i++)
    append_media (sdp, msg, g_ptr_array_index (msg->contents, i));
  return g_string_free (g_steal_pointer (&sdp), FALSE);
}

/* Quoted, with controls escaped, so that the summary stays one line. */
static void
append_quoted (GString *line, const char *text)
{
  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (line, "\\%c", *p);
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (line, "\\x%02x", (guint) (guchar) *p);
      else
        g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
append_reason (GString *line, const JdJingleReason *reason)
{
  g_string_append_printf (line, " reason=%s", jd_jingle_reason_to_string (reason->type));
  /* XEP-0166 §7.4, e.g. XEP-0167 §7 <crypto-required/> */
  if (reason->detail_name != NULL)
    g_string_append_printf (line, " detail=%s", reason->detail_name);
  if (reason->alternative_sid != NULL)
    g_string_append_printf (line, " alternative-sid=%s", reason->alternative_sid);
  if (reason->text != NULL)
    {
      g_string_append (line, " text=");
      append_quoted (line, reason->text);
    }
}

/* XEP-0166 §6.8 (an empty session-info is a ping), XEP-0167 §5, XEP-0181. */
static const char *const info_names[] = {
  [JD_JINGLE_INFO_NONE] = "ping",
  [JD_JINGLE_INFO_ACTIVE] = "active",
  [JD_JINGLE_INFO_HOLD] = "hold",
  [JD_JINGLE_INFO_UNHOLD] = "unhold",
  [JD_JINGLE_INFO_MUTE] = "mute",
  [JD_JINGLE_INFO_UNMUTE] = "unmute",
  [JD_JINGLE_INFO_RINGING] = "ringing",
  [JD_JINGLE_INFO_DTMF] = "dtmf",
  [JD_JINGLE_INFO_UNKNOWN] = "unknown",
};

static void
append_info (GString *line, const JdJingleInfo *info)
{
  const char *name = (guint) info->type < G_N_ELEMENTS (info_names) ? info_names[info->type]
                                                                     : "unknown";

  g_string_append_printf (line, " info=%s", name);
  if (info->type == JD_JINGLE_INFO_MUTE || info->type == JD_JINGLE_INFO_UNMUTE)
    {
      if (info->name != NULL)
        g_string_append_printf (line, " name=%s creator=%s", info->name,
                                jd_jingle_creator_to_string (info->creator));
    }
  else if (info->type == JD_JINGLE_INFO_UNKNOWN && info->payload_name != NULL)
    {
      g_string_append_printf (line, " payload=%s", info->payload_name);
      if (info->payload_ns != NULL)
        g_string_append_printf (line, " xmlns=%s", info->payload_ns);
    }
  else if (info->type == JD_JINGLE_INFO_DTMF)
    {
      g_string_append_printf (line, " code=%c", info->dtmf_code);
      if (info->dtmf_duration != 0)
        g_string_append_printf (line, " duration=%u", info->dtmf_duration);
      if (info->dtmf_volume != 0)
        g_string_append_printf (line, " volume=%u", info->dtmf_volume);
    }
}

char *
jd_jingle_message_summary (const JdJingleMessage *msg)
{
  GString *line;

  g_return_val_if_fail (msg != NULL, NULL);

  line = g_string_new (jd_jingle_action_to_string (msg->action));
  g_string_append_printf (line, " sid=%s", nz (msg->sid));
  if (msg->initiator != NULL)
    g_string_append_printf (line, " initiator=%s", msg->initiator);
  if (msg->responder != NULL)
    g_string_append_printf (line, " responder=%s", msg->responder);
  if (msg->reason != NULL)
    append_reason (line, msg->reason);
  if (msg->info != NULL)
    append_info (line, msg->info);
  else if (msg->action == JD_JINGLE_ACTION_SESSION_INFO)
    g_string_append (line, " info=ping");
  return g_string_free (line, FALSE);
}
