/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-negotiate: Jingle RTP offer/answer as pure functions.
 *
 * Specs, by rule:
 * - XEP-0167 §5: the answer is a subset of the offer and keeps its ids;
 *   none in common → session-terminate with <failed-application/>
 *   (XEP-0166 §6.7 suggests <incompatible-parameters/> for the same case;
 *   the RTP application's own rule wins);
 * - RFC 3264 §6.1: the answer is the offerer's favourite common codec
 *   (the first in the offer's order), alone: we run one codec per
 *   content, so we answer no format we would not decode (XEP-0167 §5
 *   would let the order express the responder's preference instead);
 * - RFC 3551 §6: the static payload types;
 * - RFC 7587 §7 (Opus), RFC 6184 §8.2.2 (H.264), RFC 7741 §6 (VP8);
 * - RFC 4733 §7.1.1 (telephone-event), RFC 3389 (CN): only beside an
 *   audio codec of the same clock rate;
 * - XEP-0293 §4 (rtcp-fb), XEP-0294 §4 (rtp-hdrext): echo what we accept
 *   unchanged, never add;
 * - RFC 4145 §4.1, RFC 5763 §5, XEP-0320: the DTLS setup role;
 * - RFC 4568 §5.1.2, XEP-0167 §7: accept exactly one offered crypto.
 *
 * Per-codec parameter rules are a table keyed by encoding name; they
 * could move into the codecs/ descriptors as fmtp hooks (STYLE.md §8).
 */
#include "jd-jingle-negotiate.h"

#include <string.h>

G_DEFINE_QUARK (jd-jingle-negotiate-error-quark, jd_jingle_negotiate_error)

#define FIRST_DYNAMIC_ID 96
#define OPUS_DEFAULT_PLAYBACK_RATE 48000   /* RFC 7587 §6.1 */

static guint
len (const GPtrArray *array)
{
  return array != NULL ? array->len : 0;
}

/* ------------------------------------------------------------------ */
/* Which codec a payload type is                                       */

typedef struct {
  guint8 id;
  const char *name;
  guint clockrate;
  guint channels;
} StaticPayloadType;

/* RFC 3551 §6, Tables 4 and 5 (G722's 8000 is the RFC's, not a slip). */
static const StaticPayloadType static_payload_types[] = {
  { 0, "PCMU", 8000, 1 },   { 3, "GSM", 8000, 1 },    { 4, "G723", 8000, 1 },
  { 5, "DVI4", 8000, 1 },   { 6, "DVI4", 16000, 1 },  { 7, "LPC", 8000, 1 },
  { 8, "PCMA", 8000, 1 },   { 9, "G722", 8000, 1 },   { 10, "L16", 44100, 2 },
  { 11, "L16", 44100, 1 },  { 12, "QCELP", 8000, 1 }, { 13, "CN", 8000, 1 },
  { 14, "MPA", 90000, 1 },  { 15, "G728", 8000, 1 },  { 16, "DVI4", 11025, 1 },
  { 17, "DVI4", 22050, 1 }, { 18, "G729", 8000, 1 },  { 25, "CelB", 90000, 1 },
  { 26, "JPEG", 90000, 1 }, { 28, "nv", 90000, 1 },   { 31, "H261", 90000, 1 },
  { 32, "MPV", 90000, 1 },  { 33, "MP2T", 90000, 1 }, { 34, "H263", 90000, 1 },
};

typedef struct {
  const char *name;
  guint clockrate;
  guint channels;
} Codec;

static const StaticPayloadType *
find_static (guint8 id)
{
  for (guint i = 0; i < G_N_ELEMENTS (static_payload_types); i++)
    if (static_payload_types[i].id == id)
      return &static_payload_types[i];
  return NULL;
}

/* The encoding @pt stands for, with the RFC 3551 defaults filled in for
 * a static id; FALSE when it has no name and no static meaning. */
static gboolean
codec_of (const JdJinglePayloadType *pt, Codec *out)
{
  const StaticPayloadType *st = pt->id < FIRST_DYNAMIC_ID ? find_static (pt->id) : NULL;

  if (st != NULL && pt->name != NULL && g_ascii_strcasecmp (pt->name, st->name) != 0)
    st = NULL;   /* a name of its own: the table says nothing about it */
  out->name = pt->name != NULL ? pt->name : (st != NULL ? st->name : NULL);
  out->clockrate = pt->clockrate != 0 ? pt->clockrate : (st != NULL ? st->clockrate : 0);
  out->channels = pt->channels != 0 ? pt->channels : (st != NULL ? st->channels : 1);
  return out->name != NULL;
}

static gboolean
codec_equal (const Codec *a, const Codec *b)
{
  return g_ascii_strcasecmp (a->name, b->name) == 0 &&
         a->clockrate == b->clockrate && a->channels == b->channels;
}

/* ------------------------------------------------------------------ */
/* H.264 (RFC 6184 §8.1, §8.2.2)                                       */

typedef struct {
  guint8 profile_idc;
  guint8 iop;          /* constraint_set0..5 flags, high bit first */
  guint8 level_idc;
} H264Pli;

#define H264_CS0 0x80
#define H264_CS1 0x40
#define H264_CS3 0x10
#define H264_CS4 0x08
#define H264_CS5 0x04

/* A profile is a profile_idc plus constraint flags (H.264 Annex A): e.g.
 * "42e0", "42c0" and "4d80" all say Constrained Baseline.  First match
 * wins; constraint_set3 is left out of the masks of 66/77/88 because
 * there it marks Level 1b. */
typedef struct {
  guint8 profile_idc;
  guint8 mask;
  guint8 value;
  const char *profile;
} H264ProfileRule;

static const H264ProfileRule h264_profiles[] = {
  { 66,  H264_CS1,            H264_CS1,            "constrained-baseline" },
  { 77,  H264_CS0,            H264_CS0,            "constrained-baseline" },
  { 88,  H264_CS0 | H264_CS1, H264_CS0 | H264_CS1, "constrained-baseline" },
  { 66,  0,                   0,                   "baseline" },
  { 88,  H264_CS0,            H264_CS0,            "baseline" },
  { 77,  0,                   0,                   "main" },
  { 88,  0,                   0,                   "extended" },
  { 100, H264_CS4 | H264_CS5, H264_CS4 | H264_CS5, "constrained-high" },
  { 100, H264_CS4,            H264_CS4,            "progressive-high" },
  { 100, 0,                   0,                   "high" },
};

static gboolean
h264_parse_pli (const char *str, H264Pli *out)
{
  guint8 bytes[3];

  if (str == NULL)
    str = "42000a";   /* §8.1: absent means Baseline, Level 1 */
  if (strlen (str) != 6)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (str[2 * i]);
      int lo = g_ascii_xdigit_value (str[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      bytes[i] = (guint8) (hi << 4 | lo);
    }
  *out = (H264Pli) { bytes[0], bytes[1], bytes[2] };
  return TRUE;
}

static gboolean
h264_pli_of (const JdJinglePayloadType *pt, H264Pli *out)
{
  return h264_parse_pli (jd_jingle_payload_type_get_parameter (pt, "profile-level-id"), out);
}

static const char *
h264_profile (const H264Pli *pli)
{
  for (guint i = 0; i < G_N_ELEMENTS (h264_profiles); i++)
    {
      const H264ProfileRule *r = &h264_profiles[i];

      if (r->profile_idc == pli->profile_idc && (pli->iop & r->mask) == r->value)
        return r->profile;
    }
  return NULL;
}

static gboolean
h264_level_1b_by_cs3 (guint8 profile_idc)
{
  return profile_idc == 66 || profile_idc == 77 || profile_idc == 88;
}

static gboolean
h264_same_profile (const H264Pli *a, const H264Pli *b)
{
  const char *pa = h264_profile (a);
  const char *pb = h264_profile (b);
  guint8 ignore = h264_level_1b_by_cs3 (a->profile_idc) ? H264_CS3 : 0;

  if (pa != NULL && pb != NULL)
    return g_str_equal (pa, pb);
  /* Profiles without a row: only the very same bits are the same. */
  return a->profile_idc == b->profile_idc && (a->iop & ~ignore) == (b->iop & ~ignore);
}

static gboolean
h264_is_level_1b (const H264Pli *pli)
{
  if (h264_level_1b_by_cs3 (pli->profile_idc))
    return pli->level_idc == 11 && (pli->iop & H264_CS3) != 0;
  return pli->level_idc == 9;
}

/* Levels in order: 1b sits between 1 (10) and 1.1 (11). */
static guint
h264_level_rank (const H264Pli *pli)
{
  return h264_is_level_1b (pli) ? 105 : pli->level_idc * 10u;
}

/* @pli with the level of @from, 1b spelled the way @pli's profile does. */
static void
h264_take_level (H264Pli *pli, const H264Pli *from)
{
  gboolean by_cs3 = h264_level_1b_by_cs3 (pli->profile_idc);

  if (by_cs3)
    pli->iop &= (guint8) ~H264_CS3;
  if (!h264_is_level_1b (from))
    pli->level_idc = from->level_idc;
  else if (by_cs3)
    {
      pli->level_idc = 11;
      pli->iop |= H264_CS3;
    }
  else
    pli->level_idc = 9;
}

static gboolean
h264_packetization_mode (const JdJinglePayloadType *pt, guint64 *out)
{
  const char *mode = jd_jingle_payload_type_get_parameter (pt, "packetization-mode");

  return g_ascii_string_to_unsigned (mode != NULL ? mode : "0", 10, 0, 2, out, NULL);
}

/* §8.2.2: profile and packetization-mode are used symmetrically; a
 * payload type that differs in either is a different format. */
static gboolean
h264_compatible (const JdJinglePayloadType *offered, const JdJinglePayloadType *ours)
{
  guint64 mode_offered, mode_ours;
  H264Pli pli_offered, pli_ours;

  return h264_packetization_mode (offered, &mode_offered) &&
         h264_packetization_mode (ours, &mode_ours) &&
         mode_offered == mode_ours &&
         h264_pli_of (offered, &pli_offered) && h264_pli_of (ours, &pli_ours) &&
         h264_same_profile (&pli_offered, &pli_ours);
}

static gboolean
h264_level_asymmetry (const JdJinglePayloadType *pt)
{
  return g_strcmp0 (jd_jingle_payload_type_get_parameter (pt, "level-asymmetry-allowed"), "1") == 0;
}

/* The offered profile at the level we answer with: the lower of the two,
 * unless both allow level asymmetry (RFC 6184 §8.1), when each side's
 * level is what it can receive and ours stands. */
static void
h264_merge (JdJinglePayloadType *answer, const JdJinglePayloadType *offered,
            const JdJinglePayloadType *ours)
{
  H264Pli pli, pli_ours;
  char str[7];

  if (!h264_pli_of (offered, &pli) || !h264_pli_of (ours, &pli_ours))
    return;   /* h264_compatible() said they parse */
  if ((h264_level_asymmetry (offered) && h264_level_asymmetry (ours)) ||
      h264_level_rank (&pli_ours) < h264_level_rank (&pli))
    h264_take_level (&pli, &pli_ours);
  g_snprintf (str, sizeof str, "%02x%02x%02x", pli.profile_idc, pli.iop, pli.level_idc);
  jd_jingle_payload_type_set_parameter (answer, "profile-level-id", str);
}

/* ------------------------------------------------------------------ */
/* Opus (RFC 7587 §6.1, §7)                                            */

static guint64
opus_playback_rate (const JdJinglePayloadType *pt)
{
  const char *str = jd_jingle_payload_type_get_parameter (pt, "maxplaybackrate");
  guint64 rate;

  if (str == NULL || !g_ascii_string_to_unsigned (str, 10, 1, G_MAXUINT32, &rate, NULL))
    return OPUS_DEFAULT_PLAYBACK_RATE;
  return rate;
}

/* Every Opus parameter (useinbandfec, usedtx, cbr, stereo, sprop-*)
 * declares what one side's receiver or sender does, so the answer
 * carries ours and any combination with the offer's works.  The one
 * exception is maxplaybackrate, answered as the lower of the two so both
 * directions settle on the same audio bandwidth; RFC 7587 §7 would allow
 * ours alone. */
static void
opus_merge (JdJinglePayloadType *answer, const JdJinglePayloadType *offered,
            const JdJinglePayloadType *ours)
{
  guint64 rate = MIN (opus_playback_rate (offered), opus_playback_rate (ours));
  char str[16];

  if (jd_jingle_payload_type_get_parameter (offered, "maxplaybackrate") == NULL &&
      jd_jingle_payload_type_get_parameter (ours, "maxplaybackrate") == NULL)
    return;
  g_snprintf (str, sizeof str, "%" G_GUINT64_FORMAT, rate);
  jd_jingle_payload_type_set_parameter (answer, "maxplaybackrate", str);
}

/* ------------------------------------------------------------------ */
/* Per-codec rules                                                     */

typedef struct {
  const char *name;
  /* NULL: any two payload types of the codec match. */
  gboolean (*compatible) (const JdJinglePayloadType *offered, const JdJinglePayloadType *ours);
  /* Run after our parameters were copied; NULL: ours are the answer. */
  void (*merge) (JdJinglePayloadType *answer, const JdJinglePayloadType *offered,
                 const JdJinglePayloadType *ours);
  /* Only meaningful beside an audio codec of the same clock rate. */
  gboolean auxiliary;
} CodecRules;

static const CodecRules codec_rules[] = {
  { "opus", NULL, opus_merge, FALSE },
  { "H264", h264_compatible, h264_merge, FALSE },
  /* max-fr and max-fs declare what our decoder takes (RFC 7741 §6):
   * ours go out unchanged. */
  { "VP8", NULL, NULL, FALSE },
  { "telephone-event", NULL, NULL, TRUE },
  { "CN", NULL, NULL, TRUE },
};

static const CodecRules default_rules = { NULL, NULL, NULL, FALSE };

static const CodecRules *
rules_for (const Codec *codec)
{
  for (guint i = 0; i < G_N_ELEMENTS (codec_rules); i++)
    if (g_ascii_strcasecmp (codec_rules[i].name, codec->name) == 0)
      return &codec_rules[i];
  return &default_rules;
}

static gboolean
payload_types_match (const JdJinglePayloadType *offered, const JdJinglePayloadType *ours)
{
  Codec a, b;

  if (!codec_of (offered, &a) || !codec_of (ours, &b) || !codec_equal (&a, &b))
    return FALSE;
  return rules_for (&a)->compatible == NULL || rules_for (&a)->compatible (offered, ours);
}

/* Our first payload type that can answer @offered, or NULL. */
static const JdJinglePayloadType *
find_local_match (const JdJinglePayloadType *offered, const GPtrArray *local)
{
  for (guint i = 0; i < len (local); i++)
    if (payload_types_match (offered, g_ptr_array_index (local, i)))
      return g_ptr_array_index (local, i);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* rtcp-fb (XEP-0293 §4) and rtp-hdrext (XEP-0294 §4)                  */

/* Type and subtype are ABNF literals in RFC 4585 §4.2, so compared
 * without case (RFC 5234 §2.3).  trr-int matches by type: its value is
 * the offerer's and is echoed, never changed. */
static gboolean
rtcp_fb_in (const JdJingleRtcpFb *fb, const GPtrArray *list)
{
  for (guint i = 0; i < len (list); i++)
    {
      const JdJingleRtcpFb *o = g_ptr_array_index (list, i);

      if (g_ascii_strcasecmp (fb->type, o->type) != 0)
        continue;
      if (g_ascii_strcasecmp (fb->type, "trr-int") == 0 ||
          (fb->subtype == NULL && o->subtype == NULL) ||
          (fb->subtype != NULL && o->subtype != NULL &&
           g_ascii_strcasecmp (fb->subtype, o->subtype) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
drop_unsupported_rtcp_fbs (GPtrArray *fbs, const GPtrArray *ours)
{
  for (guint i = len (fbs); i-- > 0;)
    if (!rtcp_fb_in (g_ptr_array_index (fbs, i), ours))
      g_ptr_array_remove_index (fbs, i);
}

/* XEP-0294 §4: "both" may be narrowed to one side; one side must stay
 * as it is, so we keep it only if we accept that side too. */
static gboolean
answer_hdrext (JdJingleHdrExt *ext, const GPtrArray *ours)
{
  for (guint i = 0; i < len (ours); i++)
    {
      const JdJingleHdrExt *o = g_ptr_array_index (ours, i);

      if (g_strcmp0 (ext->uri, o->uri) != 0)
        continue;
      if (ext->senders == JD_JINGLE_SENDERS_BOTH &&
          (o->senders == JD_JINGLE_SENDERS_INITIATOR || o->senders == JD_JINGLE_SENDERS_RESPONDER))
        ext->senders = o->senders;
      return ext->senders != JD_JINGLE_SENDERS_NONE &&
             (o->senders == JD_JINGLE_SENDERS_BOTH || o->senders == ext->senders);
    }
  return FALSE;
}

static void
drop_unsupported_hdrexts (GPtrArray *exts, const GPtrArray *ours)
{
  for (guint i = len (exts); i-- > 0;)
    if (!answer_hdrext (g_ptr_array_index (exts, i), ours))
      g_ptr_array_remove_index (exts, i);
}

/* ------------------------------------------------------------------ */
/* The answer                                                          */

/* @to is fresh: append, valueless parameters included. */
static void
copy_parameters (JdJinglePayloadType *to, const JdJinglePayloadType *from)
{
  for (guint i = 0; i < len (from->parameters); i++)
    g_ptr_array_add (to->parameters,
                     jd_jingle_parameter_copy (g_ptr_array_index (from->parameters, i)));
}

/* The offered payload type as we answer it: its id, name, rate and
 * channels; our parameters and packet times; the feedback both accept. */
static JdJinglePayloadType *
answer_payload_type (const JdJinglePayloadType *offered, const JdJinglePayloadType *ours,
                     const GPtrArray *local_fbs)
{
  JdJinglePayloadType *pt = jd_jingle_payload_type_new (offered->id, offered->name,
                                                        offered->clockrate, offered->channels);
  Codec codec;
  const CodecRules *rules;

  pt->ptime = ours->ptime;
  pt->maxptime = ours->maxptime;
  copy_parameters (pt, ours);
  codec_of (offered, &codec);
  rules = rules_for (&codec);
  if (rules->merge != NULL)
    rules->merge (pt, offered, ours);
  for (guint i = 0; i < len (offered->rtcp_fbs); i++)
    {
      const JdJingleRtcpFb *fb = g_ptr_array_index (offered->rtcp_fbs, i);

      /* As offered, parameters and all (XEP-0293 §4). */
      if (rtcp_fb_in (fb, ours->rtcp_fbs) || rtcp_fb_in (fb, local_fbs))
        g_ptr_array_add (pt->rtcp_fbs, jd_jingle_rtcp_fb_copy (fb));
    }
  return pt;
}

static gboolean
is_auxiliary (const JdJinglePayloadType *pt)
{
  Codec codec;

  return codec_of (pt, &codec) && rules_for (&codec)->auxiliary;
}

/* The index of the first offered primary codec that has a match, or -1. */
static int
first_primary (const GPtrArray *offered, const JdJinglePayloadType *const *matches)
{
  for (guint i = 0; i < len (offered); i++)
    if (matches[i] != NULL && !is_auxiliary (g_ptr_array_index (offered, i)))
      return (int) i;
  return -1;
}

/* Adds to @answer the first offered primary codec that has a match and,
 * in offer order, the auxiliary ones of its clock rate.  One codec only:
 * the media layer runs one decoder per content, so answering more would
 * let the peer switch to a format we cannot play (RFC 3264 §6.1 allows
 * answering a subset; Dino answers the same way). */
static void
add_answered_payload_types (JdJingleRtpDescription *answer, const GPtrArray *offered,
                            const JdJinglePayloadType *const *matches, const GPtrArray *local_fbs)
{
  int chosen = first_primary (offered, matches);
  Codec primary;

  if (chosen < 0 || !codec_of (g_ptr_array_index (offered, chosen), &primary))
    return;
  for (guint i = 0; i < len (offered); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (offered, i);
      Codec codec;

      if (matches[i] == NULL || !codec_of (pt, &codec))
        continue;
      if (i != (guint) chosen && (!is_auxiliary (pt) || codec.clockrate != primary.clockrate))
        continue;
      g_ptr_array_add (answer->payload_types, answer_payload_type (pt, matches[i], local_fbs));
    }
}

/* What is ours to say, not the offerer's: dropped from the copied offer. */
static void
drop_offerers_own_fields (JdJingleRtpDescription *answer)
{
  answer->has_ssrc = FALSE;
  answer->ssrc = 0;
  g_clear_pointer (&answer->bandwidth_type, g_free);
  answer->bandwidth = 0;
  answer->encryption_required = FALSE;
  g_ptr_array_set_size (answer->cryptos, 0);
  g_ptr_array_set_size (answer->payload_types, 0);
}

JdJingleRtpDescription *
jd_jingle_negotiate_answer (const JdJingleRtpDescription *offer,
                            const JdJingleRtpDescription *local,
                            JdJingleReasonType *failure,
                            GError **error)
{
  g_autoptr(JdJingleRtpDescription) answer = NULL;
  g_autofree const JdJinglePayloadType **matches = NULL;
  guint n;

  g_return_val_if_fail (offer != NULL && local != NULL, NULL);

  /* matches[i]: our payload type answering the i-th offered one. */
  n = len (offer->payload_types);
  matches = g_new0 (const JdJinglePayloadType *, MAX (n, 1));
  for (guint i = 0; i < n && local->media == offer->media; i++)
    matches[i] = find_local_match (g_ptr_array_index (offer->payload_types, i),
                                   local->payload_types);
  if (first_primary (offer->payload_types, matches) < 0)
    {
      if (failure != NULL)
        *failure = JD_JINGLE_REASON_FAILED_APPLICATION;
      g_set_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC,
                   "none of the %u offered %s payload types is one we support",
                   n, jd_jingle_media_to_string (offer->media));
      return NULL;
    }

  answer = jd_jingle_rtp_description_copy (offer);
  drop_offerers_own_fields (answer);
  add_answered_payload_types (answer, offer->payload_types, matches, local->rtcp_fbs);
  drop_unsupported_rtcp_fbs (answer->rtcp_fbs, local->rtcp_fbs);
  drop_unsupported_hdrexts (answer->hdrexts, local->hdrexts);
  answer->rtcp_mux = offer->rtcp_mux && local->rtcp_mux;
  answer->extmap_allow_mixed = offer->extmap_allow_mixed && local->extmap_allow_mixed;
  return g_steal_pointer (&answer);
}

/* ------------------------------------------------------------------ */
/* Checking an answer                                                  */

static const JdJinglePayloadType *
find_by_id (const GPtrArray *pts, guint8 id)
{
  for (guint i = 0; i < len (pts); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (pts, i);

      if (pt->id == id)
        return pt;
    }
  return NULL;
}

static gboolean
check_answered (const JdJinglePayloadType *answered, const GPtrArray *offered, GError **error)
{
  const JdJinglePayloadType *ours = find_by_id (offered, answered->id);
  Codec a = { NULL, 0, 0 }, o = { NULL, 0, 0 };

  if (ours == NULL)
    {
      g_set_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER,
                   "the answer has payload type %u, which was not offered", answered->id);
      return FALSE;
    }
  if (!payload_types_match (ours, answered))
    {
      codec_of (answered, &a);
      codec_of (ours, &o);
      g_set_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER,
                   "payload type %u is %s/%u/%u in the answer but %s/%u/%u in the offer",
                   answered->id, a.name != NULL ? a.name : "?", a.clockrate, a.channels,
                   o.name != NULL ? o.name : "?", o.clockrate, o.channels);
      return FALSE;
    }
  return TRUE;
}

gboolean
jd_jingle_negotiate_check_answer (const JdJingleRtpDescription *offer,
                                  const JdJingleRtpDescription *answer,
                                  GError **error)
{
  gboolean primary = FALSE;

  g_return_val_if_fail (offer != NULL && answer != NULL, FALSE);

  for (guint i = 0; i < len (answer->payload_types); i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (answer->payload_types, i);

      if (!check_answered (pt, offer->payload_types, error))
        return FALSE;
      primary = primary || !is_auxiliary (pt);
    }
  if (!primary)
    {
      g_set_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER,
                   "the answer has no %s codec to send or receive",
                   jd_jingle_media_to_string (answer->media));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Direction                                                           */

#define SENDS_INITIATOR 1u
#define SENDS_RESPONDER 2u

/* XEP-0166 §7.3 senders as a set of sending parties. */
static const guint senders_bits[JD_JINGLE_N_SENDERS] = {
  [JD_JINGLE_SENDERS_BOTH] = SENDS_INITIATOR | SENDS_RESPONDER,
  [JD_JINGLE_SENDERS_INITIATOR] = SENDS_INITIATOR,
  [JD_JINGLE_SENDERS_RESPONDER] = SENDS_RESPONDER,
  [JD_JINGLE_SENDERS_NONE] = 0,
};

JdJingleSenders
jd_jingle_negotiate_senders (JdJingleSenders offered,
                             gboolean we_can_send,
                             gboolean we_can_receive,
                             JdJingleRole our_role)
{
  guint us = our_role == JD_JINGLE_ROLE_INITIATOR ? SENDS_INITIATOR : SENDS_RESPONDER;
  guint peer = us ^ (SENDS_INITIATOR | SENDS_RESPONDER);
  guint bits;

  g_return_val_if_fail ((guint) offered < JD_JINGLE_N_SENDERS, JD_JINGLE_SENDERS_NONE);

  /* RFC 3264 §6.1: an answer may narrow the direction, never widen it. */
  bits = senders_bits[offered] & ((we_can_send ? us : 0) | (we_can_receive ? peer : 0));
  for (guint s = 0; s < JD_JINGLE_N_SENDERS; s++)
    if (senders_bits[s] == bits)
      return s;
  g_assert_not_reached ();
  return JD_JINGLE_SENDERS_NONE;
}

/* ------------------------------------------------------------------ */
/* DTLS-SRTP role                                                      */

/* RFC 4145 §4.1 offer → answer; for actpass RFC 5763 §5 RECOMMENDS
 * active: our ClientHello then travels alongside the answer instead of
 * waiting a round trip for it. */
static const struct {
  const char *offered;
  const char *answer;
} setup_answers[] = {
  { "actpass", "active" },
  { "active", "passive" },
  { "passive", "active" },
};

const char *
jd_jingle_negotiate_dtls_setup_answer (const char *offered_setup, GError **error)
{
  for (guint i = 0; offered_setup != NULL && i < G_N_ELEMENTS (setup_answers); i++)
    if (g_str_equal (setup_answers[i].offered, offered_setup))
      return setup_answers[i].answer;

  if (g_strcmp0 (offered_setup, "holdconn") == 0)
    g_set_error_literal (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
                         "DTLS setup holdconn has no Jingle meaning (XEP-0320)");
  else
    g_set_error (error, JD_JINGLE_NEGOTIATE_ERROR, JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
                 "unknown DTLS setup role \"%s\"",
                 offered_setup != NULL ? offered_setup : "(none)");
  return NULL;
}

gboolean
jd_jingle_negotiate_dtls_is_client (const char *our_setup)
{
  g_return_val_if_fail (our_setup != NULL, FALSE);
  /* "actpass" is not a role yet: an offerer learns its role from the
   * answer, and until then it must be ready to be the server. */
  return g_str_equal (our_setup, "active");
}

/* ------------------------------------------------------------------ */
/* SDES-SRTP                                                           */

const JdJingleCrypto *
jd_jingle_negotiate_pick_crypto (const GPtrArray *offered, const char *const *our_suites)
{
  for (guint s = 0; our_suites != NULL && our_suites[s] != NULL; s++)
    for (guint i = 0; i < len (offered); i++)
      {
        const JdJingleCrypto *c = g_ptr_array_index (offered, i);

        /* RFC 4568 §9 names the suites in ABNF: no case (RFC 5234 §2.3). */
        if (c->crypto_suite != NULL && g_ascii_strcasecmp (c->crypto_suite, our_suites[s]) == 0)
          return c;
      }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Agreed feedback                                                     */

/* @fb listed for payload type @id of @d, or for all of them (XEP-0293
 * §3: description level, SDP's "*"). */
static gboolean
rtcp_fb_listed (const JdJingleRtpDescription *d, guint8 id, const JdJingleRtcpFb *fb)
{
  const JdJinglePayloadType *pt = find_by_id (d->payload_types, id);

  return rtcp_fb_in (fb, d->rtcp_fbs) || (pt != NULL && rtcp_fb_in (fb, pt->rtcp_fbs));
}

gboolean
jd_jingle_negotiate_rtcp_fb_agreed (const JdJingleRtpDescription *offer,
                                    const JdJingleRtpDescription *answer, guint8 pt,
                                    const char *type, const char *subtype)
{
  const JdJingleRtcpFb fb = { (char *) type, (char *) subtype, NULL };

  g_return_val_if_fail (offer != NULL && answer != NULL && type != NULL, FALSE);

  return rtcp_fb_listed (offer, pt, &fb) && rtcp_fb_listed (answer, pt, &fb);
}
