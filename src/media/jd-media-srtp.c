/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-srtp.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "jd-codec-registry.h"
#include "jd-media-build.h"
#include "jd-media-rtcp-split.h"

#define INLINE_PREFIX "inline:"
#define PEER_MESSAGE "jd-media-dtls-peer-certificate"
#define MAX_KEY_LEN 46       /* AES-256 key and salt, libsrtp's largest */

typedef struct {
  const char *name;          /* as signalled */
  const char *rtp_cipher;    /* srtpenc/srtpdec enum nicks */
  const char *rtp_auth;
  const char *rtcp_cipher;
  const char *rtcp_auth;
  gsize key_len;             /* master key + master salt, bytes */
} Suite;

/* In preference order. */
static const Suite suites[] = {
  /* RFC 4568 §6.2.1 */
  { "AES_CM_128_HMAC_SHA1_80", "aes-128-icm", "hmac-sha1-80", "aes-128-icm", "hmac-sha1-80",
    16 + 14 },
  /* RFC 4568 §6.2.2: the short tag is for SRTP only; SRTCP keeps 80 bits. */
  { "AES_CM_128_HMAC_SHA1_32", "aes-128-icm", "hmac-sha1-32", "aes-128-icm", "hmac-sha1-80",
    16 + 14 },
  /* RFC 7714 §12, §14.2: a 96-bit salt, and the AEAD tag instead of HMAC. */
  { "AEAD_AES_128_GCM", "aes-128-gcm", "null", "aes-128-gcm", "null", 16 + 12 },
};

static gboolean
srtpenc_has_cipher (GstElement *srtpenc, const char *nick)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (srtpenc), "rtp-cipher");

  return G_IS_PARAM_SPEC_ENUM (pspec) &&
         g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class, nick) != NULL;
}

static const Suite *const *
supported_suites (void)
{
  static const Suite *supported[G_N_ELEMENTS (suites) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      GstElement *enc = gst_element_factory_make ("srtpenc", NULL);
      g_autoptr (GstElementFactory) dec = gst_element_factory_find ("srtpdec");
      guint n = 0;

      if (enc != NULL && dec != NULL)
        for (guint i = 0; i < G_N_ELEMENTS (suites); i++)
          if (srtpenc_has_cipher (enc, suites[i].rtp_cipher))
            supported[n++] = &suites[i];
      if (enc != NULL)
        gst_object_unref (gst_object_ref_sink (enc));
      g_once_init_leave (&done, 1);
    }
  return supported;
}

const char *const *
jd_media_srtp_suites (void)
{
  static const char *names[G_N_ELEMENTS (suites) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      const Suite *const *supported = supported_suites ();

      for (guint i = 0; supported[i] != NULL; i++)
        names[i] = supported[i]->name;
      g_once_init_leave (&done, 1);
    }
  return names;
}

static const Suite *
find_suite (const char *name, GError **error)
{
  const Suite *const *supported = supported_suites ();

  for (guint i = 0; name != NULL && supported[i] != NULL; i++)
    if (strcmp (supported[i]->name, name) == 0)
      return supported[i];
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
               "SRTP crypto-suite '%s' is not supported", name != NULL ? name : "(none)");
  return NULL;
}

static gboolean
random_bytes (guint8 *buf, gsize len, GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                       "no random bytes for an SRTP key: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

char *
jd_media_srtp_key_params_new (const char *suite_name, GError **error)
{
  const Suite *suite = find_suite (suite_name, error);
  guint8 key[MAX_KEY_LEN];
  char *base64;
  char *key_params;

  if (suite == NULL || !random_bytes (key, suite->key_len, error))
    return NULL;
  base64 = g_base64_encode (key, suite->key_len);
  key_params = g_strconcat (INLINE_PREFIX, base64, NULL);
  /* Keys do not linger in freed memory. */
  explicit_bzero (key, sizeof key);
  explicit_bzero (base64, strlen (base64));
  g_free (base64);
  return key_params;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT, "SRTP key-params: %s",
               message);
  return FALSE;
}

/* RFC 4568 §6.1: lifetime = ["2^"] 1*(DIGIT) */
static gboolean
is_lifetime (const char *text)
{
  if (g_str_has_prefix (text, "2^"))
    text += 2;
  return *text != '\0' && strspn (text, "0123456789") == strlen (text);
}

/* The "|"-separated parts after the key: at most a lifetime. */
static gboolean
check_key_info (char **extra, GError **error)
{
  for (guint i = 0; extra[i] != NULL; i++)
    if (strchr (extra[i], ':') != NULL)
      return invalid (error, "master key identifiers (MKI) are not supported");
  if (extra[0] != NULL && (!is_lifetime (extra[0]) || extra[1] != NULL))
    return invalid (error, "malformed lifetime");
  return TRUE;
}

/* g_base64_decode() skips characters outside the alphabet and drops an
 * unfinished last group: check the text is canonical base64 first. */
static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize body = 0;

  while (body < len && (g_ascii_isalnum (text[body]) || text[body] == '+' || text[body] == '/'))
    body++;
  return len > 0 && len % 4 == 0 && len - body <= 2 && strspn (text + body, "=") == len - body;
}

static GBytes *
decode_key (const Suite *suite, const char *text, GError **error)
{
  g_autofree guint8 *key = NULL;
  gsize len = 0;

  if (!is_base64 (text))
    {
      invalid (error, "the key is not base64");
      return NULL;
    }
  key = g_base64_decode (text, &len);
  if (len != suite->key_len)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                   "SRTP key-params: %s needs %" G_GSIZE_FORMAT " bytes of key and salt, "
                   "not %" G_GSIZE_FORMAT, suite->name, suite->key_len, len);
      explicit_bzero (key, len);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&key), len);
}

/* Any suite of the table: reading a key needs no GStreamer; whether
 * srtpenc can use it is checked where the stream is built. */
static const Suite *
find_known_suite (const char *name, GError **error)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (suites); i++)
    if (strcmp (suites[i].name, name) == 0)
      return &suites[i];
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
               "SRTP crypto-suite '%s' is not known", name != NULL ? name : "(none)");
  return NULL;
}

GBytes *
jd_media_srtp_key_params_parse (const char *suite_name, const char *key_params, GError **error)
{
  const Suite *suite = find_known_suite (suite_name, error);
  g_auto (GStrv) parts = NULL;

  if (suite == NULL)
    return NULL;
  if (key_params == NULL || !g_str_has_prefix (key_params, INLINE_PREFIX))
    {
      invalid (error, "only \"inline:\" keys exist");
      return NULL;
    }
  /* RFC 4568 §9.1 lets SDP carry several keys; XEP-0167 one per <crypto/>. */
  if (strchr (key_params, ';') != NULL)
    {
      invalid (error, "several keys in one <crypto/> are not supported");
      return NULL;
    }
  parts = g_strsplit (key_params + strlen (INLINE_PREFIX), "|", -1);
  if (parts[0] == NULL)
    {
      invalid (error, "no key");
      return NULL;
    }
  if (!check_key_info (parts + 1, error))
    return NULL;
  return decode_key (suite, parts[0], error);
}

/* Building the chains. */

static void
set_policy (GstElement *srtpenc, const Suite *suite, GBytes *key)
{
  g_autoptr (GstBuffer) buffer = gst_buffer_new_wrapped_bytes (key);

  g_object_set (srtpenc, "key", buffer, NULL);
  gst_util_set_object_arg (G_OBJECT (srtpenc), "rtp-cipher", suite->rtp_cipher);
  gst_util_set_object_arg (G_OBJECT (srtpenc), "rtp-auth", suite->rtp_auth);
  gst_util_set_object_arg (G_OBJECT (srtpenc), "rtcp-cipher", suite->rtcp_cipher);
  gst_util_set_object_arg (G_OBJECT (srtpenc), "rtcp-auth", suite->rtcp_auth);
}

/* The RTP pads, then the RTCP pads, of @src and @dst. */
static gboolean
link_both (GstElement *src, const char *rtp_out, const char *rtcp_out, GstElement *dst,
           const char *rtp_in, const char *rtcp_in)
{
  return jd_media_build_link_pads (src, rtp_out, dst, rtp_in) &&
         jd_media_build_link_pads (src, rtcp_out, dst, rtcp_in);
}

/* rtpbin → [srtpenc] → funnel → net sink */
static gboolean
build_send (GstBin *bin, GstElement *rtpbin, guint session, const Suite *suite, GBytes *key,
            GstElement *net_sink, GError **error)
{
  g_autofree char *rtp = g_strdup_printf ("send_rtp_src_%u", session);
  g_autofree char *rtcp = g_strdup_printf ("send_rtcp_src_%u", session);
  GstElement *funnel = jd_media_build_add (bin, "funnel", error);
  GstElement *last = rtpbin;
  const char *rtp_out = rtp;
  const char *rtcp_out = rtcp;

  if (funnel == NULL)
    return FALSE;
  if (suite != NULL)
    {
      if ((last = jd_media_build_add (bin, "srtpenc", error)) == NULL)
        return FALSE;
      set_policy (last, suite, key);
      if (!link_both (rtpbin, rtp, rtcp, last, "rtp_sink_0", "rtcp_sink_0"))
        return jd_media_build_failed (error, "the SRTP sending side");
      rtp_out = "rtp_src_0";
      rtcp_out = "rtcp_src_0";
    }
  if (!link_both (last, rtp_out, rtcp_out, funnel, "sink_%u", "sink_%u") ||
      !gst_element_link (funnel, net_sink))
    return jd_media_build_failed (error, "the sending side");
  return TRUE;
}

static void
unref_caps (gpointer caps, GClosure *closure)
{
  gst_caps_unref (caps);
}

/* Streaming thread: @caps is immutable, and refcounts are atomic. */
static GstCaps *
on_request_key (GstElement *srtpdec, guint ssrc, gpointer caps)
{
  return gst_caps_ref (caps);
}

static GstCaps *
key_caps (const Suite *suite, GBytes *key)
{
  g_autoptr (GstBuffer) buffer = gst_buffer_new_wrapped_bytes (key);

  return gst_caps_new_simple ("application/x-srtp", "srtp-key", GST_TYPE_BUFFER, buffer,
                              "srtp-cipher", G_TYPE_STRING, suite->rtp_cipher,
                              "srtp-auth", G_TYPE_STRING, suite->rtp_auth,
                              "srtcp-cipher", G_TYPE_STRING, suite->rtcp_cipher,
                              "srtcp-auth", G_TYPE_STRING, suite->rtcp_auth, NULL);
}

/* net src → split → [srtpdec] → rtpbin */
static gboolean
build_receive (GstBin *bin, GstElement *rtpbin, guint session, const Suite *suite, GBytes *key,
               GstElement *net_src, GError **error)
{
  g_autofree char *rtp_in = g_strdup_printf ("recv_rtp_sink_%u", session);
  g_autofree char *rtcp_in = g_strdup_printf ("recv_rtcp_sink_%u", session);
  GstElement *split = jd_media_rtcp_split_new (suite != NULL);
  GstElement *last = split;

  gst_bin_add (bin, split);
  if (!gst_element_link (net_src, split))
    return jd_media_build_failed (error, "the receiving side");
  if (suite != NULL)
    {
      if ((last = jd_media_build_add (bin, "srtpdec", error)) == NULL)
        return FALSE;
      /* Every SSRC the peer sends from uses its one key. */
      g_signal_connect_data (last, "request-key", G_CALLBACK (on_request_key),
                             key_caps (suite, key), unref_caps, 0);
      if (!link_both (split, "rtp_src", "rtcp_src", last, "rtp_sink", "rtcp_sink"))
        return jd_media_build_failed (error, "the SRTP receiving side");
    }
  if (!link_both (last, "rtp_src", "rtcp_src", rtpbin, rtp_in, rtcp_in))
    return jd_media_build_failed (error, "the receiving side");
  return TRUE;
}

/* The suite and both keys of an SDES stream, checked before anything
 * is built. */
static gboolean
parse_sdes (const JdMediaStreamConfig *config, const Suite **suite, GBytes **send_key,
            GBytes **recv_key, GError **error)
{
  if ((*suite = find_suite (config->sdes_suite, error)) == NULL)
    return FALSE;
  *send_key = jd_media_srtp_key_params_parse ((*suite)->name, config->sdes_send_key, error);
  if (*send_key == NULL)
    {
      g_prefix_error (error, "our SDES key: ");
      return FALSE;
    }
  *recv_key = jd_media_srtp_key_params_parse ((*suite)->name, config->sdes_recv_key, error);
  if (*recv_key == NULL)
    {
      g_prefix_error (error, "the peer's SDES key: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
jd_media_srtp_build (GstBin *bin, GstElement *rtpbin, guint session,
                     const JdMediaStreamConfig *config, GstElement *net_src,
                     GstElement *net_sink, GError **error)
{
  const Suite *suite = NULL;
  g_autoptr (GBytes) send_key = NULL;
  g_autoptr (GBytes) recv_key = NULL;

  g_return_val_if_fail (config->crypto == JD_MEDIA_CRYPTO_SDES ||
                        config->crypto == JD_MEDIA_CRYPTO_NONE, FALSE);
  /* Ours from here on, whatever happens. */
  gst_bin_add_many (bin, net_src, net_sink, NULL);
  if (config->crypto == JD_MEDIA_CRYPTO_SDES &&
      !parse_sdes (config, &suite, &send_key, &recv_key, error))
    return FALSE;
  return build_send (bin, rtpbin, session, suite, send_key, net_sink, error) &&
         build_receive (bin, rtpbin, session, suite, recv_key, net_src, error);
}

/* Without rtcp-mux (jd-media-rtcp.h): each kind has its own transport,
 * so nothing is funnelled or split.
 *
 *   rtpbin send_rtp_src  → [srtpenc rtp_sink_0  → rtp_src_0]  → RTP sink
 *   rtpbin send_rtcp_src → [srtpenc rtcp_sink_0 → rtcp_src_0] → RTCP sink */
static gboolean
build_send_separate (GstBin *bin, GstElement *rtpbin, guint session, const Suite *suite,
                     GBytes *key, GstElement *rtp_sink, GstElement *rtcp_sink, GError **error)
{
  g_autofree char *rtp = g_strdup_printf ("send_rtp_src_%u", session);
  g_autofree char *rtcp = g_strdup_printf ("send_rtcp_src_%u", session);
  GstElement *enc;

  if (suite == NULL)
    return (jd_media_build_link_pads (rtpbin, rtp, rtp_sink, "sink") &&
            jd_media_build_link_pads (rtpbin, rtcp, rtcp_sink, "sink")) ||
           jd_media_build_failed (error, "the sending side");
  if ((enc = jd_media_build_add (bin, "srtpenc", error)) == NULL)
    return FALSE;
  set_policy (enc, suite, key);
  if (!link_both (rtpbin, rtp, rtcp, enc, "rtp_sink_0", "rtcp_sink_0") ||
      !jd_media_build_link_pads (enc, "rtp_src_0", rtp_sink, "sink") ||
      !jd_media_build_link_pads (enc, "rtcp_src_0", rtcp_sink, "sink"))
    return jd_media_build_failed (error, "the SRTP sending side");
  return TRUE;
}

/* The transport's caps (nicesrc has none, udpsrc usually none) say
 * nothing of what it carries; srtpdec and rtpbin need to be told. */
static GstElement *
add_caps (GstBin *bin, GstElement *net_src, const char *media_type, GError **error)
{
  GstElement *filter = jd_media_build_add (bin, "capsfilter", error);
  g_autoptr (GstCaps) caps = gst_caps_new_empty_simple (media_type);

  if (filter == NULL)
    return NULL;
  g_object_set (filter, "caps", caps, NULL);
  if (!gst_element_link (net_src, filter))
    {
      jd_media_build_failed (error, "the receiving side");
      return NULL;
    }
  return filter;
}

/*   RTP src  → capsfilter → [srtpdec rtp_sink  → rtp_src]  → rtpbin recv_rtp_sink
 *   RTCP src → capsfilter → [srtpdec rtcp_sink → rtcp_src] → rtpbin recv_rtcp_sink */
static gboolean
build_receive_separate (GstBin *bin, GstElement *rtpbin, guint session, const Suite *suite,
                        GBytes *key, GstElement *rtp_src, GstElement *rtcp_src,
                        GError **error)
{
  g_autofree char *rtp_in = g_strdup_printf ("recv_rtp_sink_%u", session);
  g_autofree char *rtcp_in = g_strdup_printf ("recv_rtcp_sink_%u", session);
  const gboolean srtp = suite != NULL;
  GstElement *rtp, *rtcp, *dec;

  if ((rtp = add_caps (bin, rtp_src, srtp ? "application/x-srtp" : "application/x-rtp",
                       error)) == NULL ||
      (rtcp = add_caps (bin, rtcp_src, srtp ? "application/x-srtcp" : "application/x-rtcp",
                        error)) == NULL)
    return FALSE;
  if (suite == NULL)
    return (jd_media_build_link_pads (rtp, "src", rtpbin, rtp_in) &&
            jd_media_build_link_pads (rtcp, "src", rtpbin, rtcp_in)) ||
           jd_media_build_failed (error, "the receiving side");
  if ((dec = jd_media_build_add (bin, "srtpdec", error)) == NULL)
    return FALSE;
  g_signal_connect_data (dec, "request-key", G_CALLBACK (on_request_key), key_caps (suite, key),
                         unref_caps, 0);
  if (!jd_media_build_link_pads (rtp, "src", dec, "rtp_sink") ||
      !jd_media_build_link_pads (rtcp, "src", dec, "rtcp_sink") ||
      !link_both (dec, "rtp_src", "rtcp_src", rtpbin, rtp_in, rtcp_in))
    return jd_media_build_failed (error, "the SRTP receiving side");
  return TRUE;
}

gboolean
jd_media_srtp_build_separate (GstBin *bin, GstElement *rtpbin, guint session,
                              const JdMediaStreamConfig *config, GstElement *rtp_src,
                              GstElement *rtp_sink, GstElement *rtcp_src,
                              GstElement *rtcp_sink, GError **error)
{
  const Suite *suite = NULL;
  g_autoptr (GBytes) send_key = NULL;
  g_autoptr (GBytes) recv_key = NULL;

  g_return_val_if_fail (config->crypto == JD_MEDIA_CRYPTO_SDES ||
                        config->crypto == JD_MEDIA_CRYPTO_NONE, FALSE);
  if (config->crypto == JD_MEDIA_CRYPTO_SDES &&
      !parse_sdes (config, &suite, &send_key, &recv_key, error))
    return FALSE;
  return build_send_separate (bin, rtpbin, session, suite, send_key, rtp_sink, rtcp_sink,
                              error) &&
         build_receive_separate (bin, rtpbin, session, suite, recv_key, rtp_src, rtcp_src,
                                 error);
}

typedef struct {
  guint session;
  gint posted;               /* atomic */
} PeerWatch;

static void
free_watch (gpointer watch, GClosure *closure)
{
  g_free (watch);
}

/* The DTLS handshake's thread: only posts, once per association
 * (GStreamer notifies peer-pem more than once per handshake). */
static void
on_peer_pem (GObject *dtlssrtpdec, GParamSpec *pspec, gpointer user_data)
{
  PeerWatch *watch = user_data;
  g_autofree char *pem = NULL;
  GstStructure *s;

  g_object_get (dtlssrtpdec, "peer-pem", &pem, NULL);
  if (pem == NULL || !g_atomic_int_compare_and_exchange (&watch->posted, 0, 1))
    return;
  s = gst_structure_new (PEER_MESSAGE, "session", G_TYPE_UINT, watch->session,
                         "pem", G_TYPE_STRING, pem, NULL);
  gst_element_post_message (GST_ELEMENT (dtlssrtpdec),
                            gst_message_new_application (GST_OBJECT (dtlssrtpdec), s));
}

void
jd_media_dtls_watch_peer (GstElement *dtlssrtpdec, guint session)
{
  PeerWatch *watch = g_new0 (PeerWatch, 1);

  watch->session = session;
  g_signal_connect_data (dtlssrtpdec, "notify::peer-pem", G_CALLBACK (on_peer_pem), watch,
                         free_watch, 0);
}

gboolean
jd_media_dtls_parse_peer (GstMessage *msg, guint *session, const char **pem)
{
  const GstStructure *s;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_APPLICATION)
    return FALSE;
  s = gst_message_get_structure (msg);
  return s != NULL && gst_structure_has_name (s, PEER_MESSAGE) &&
         gst_structure_get_uint (s, "session", session) &&
         (*pem = gst_structure_get_string (s, "pem")) != NULL;
}
