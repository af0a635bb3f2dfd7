/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-rtcp.h"

#include "jd-codec-registry.h"
#include "jd-media-build.h"
#include "jd-media-srtp.h"

/* One DTLS association on one transport: net src → dtlssrtpdec,
 * dtlssrtpenc → net sink. */
static gboolean
add_association (GstBin *bin, guint session, const char *conn_prefix, const char *kind,
                 const JdMediaStreamConfig *config, GstElement *net_src, GstElement *net_sink,
                 GstElement **enc, GstElement **dec, GError **error)
{
  static gint next_connection;
  /* The dtls elements share one process-wide table of connection ids. */
  g_autofree char *conn_id = g_strdup_printf ("%s-%u-%s-%d", conn_prefix, session, kind,
                                              g_atomic_int_add (&next_connection, 1));

  if ((*enc = jd_media_build_add (bin, "dtlssrtpenc", error)) == NULL ||
      (*dec = jd_media_build_add (bin, "dtlssrtpdec", error)) == NULL)
    return FALSE;
  g_object_set (*enc, "connection-id", conn_id, "is-client", config->dtls_client, NULL);
  g_object_set (*dec, "connection-id", conn_id, NULL);
  if (config->dtls_pem != NULL)
    g_object_set (*dec, "pem", config->dtls_pem, NULL);
  jd_media_dtls_watch_peer (*dec, session);
  if (!gst_element_link (*enc, net_sink) || !gst_element_link (net_src, *dec))
    return jd_media_build_failed (error, "a DTLS-SRTP association");
  return TRUE;
}

/* @pad of both decoders → funnel → rtpbin @rtpbin_pad */
static gboolean
funnel_into (GstBin *bin, GstElement *dec_a, GstElement *dec_b, const char *pad,
             GstElement *rtpbin, const char *rtpbin_pad, GError **error)
{
  GstElement *funnel = jd_media_build_add (bin, "funnel", error);

  if (funnel == NULL)
    return FALSE;
  return (jd_media_build_link_pads (dec_a, pad, funnel, "sink_%u") &&
          jd_media_build_link_pads (dec_b, pad, funnel, "sink_%u") &&
          jd_media_build_link_pads (funnel, "src", rtpbin, rtpbin_pad)) ||
         jd_media_build_failed (error, "the DTLS-SRTP receiving side");
}

static gboolean
build_dtls (GstBin *bin, GstElement *rtpbin, guint session, const char *conn_prefix,
            const JdMediaStreamConfig *config, GstElement *rtp_src, GstElement *rtp_sink,
            GstElement *rtcp_src, GstElement *rtcp_sink, GstElement **rtp_dec, GError **error)
{
  g_autofree char *send_rtp = g_strdup_printf ("send_rtp_src_%u", session);
  g_autofree char *send_rtcp = g_strdup_printf ("send_rtcp_src_%u", session);
  g_autofree char *recv_rtp = g_strdup_printf ("recv_rtp_sink_%u", session);
  g_autofree char *recv_rtcp = g_strdup_printf ("recv_rtcp_sink_%u", session);
  GstElement *rtp_enc, *rtcp_enc, *rtcp_dec;

  if (!add_association (bin, session, conn_prefix, "rtp", config, rtp_src, rtp_sink, &rtp_enc,
                        rtp_dec, error) ||
      !add_association (bin, session, conn_prefix, "rtcp", config, rtcp_src, rtcp_sink,
                        &rtcp_enc, &rtcp_dec, error))
    return FALSE;
  if (!jd_media_build_link_pads (rtpbin, send_rtp, rtp_enc, "rtp_sink_0") ||
      !jd_media_build_link_pads (rtpbin, send_rtcp, rtcp_enc, "rtcp_sink_0"))
    return jd_media_build_failed (error, "the DTLS-SRTP sending side");
  return funnel_into (bin, *rtp_dec, rtcp_dec, "rtp_src", rtpbin, recv_rtp, error) &&
         funnel_into (bin, *rtp_dec, rtcp_dec, "rtcp_src", rtpbin, recv_rtcp, error);
}

gboolean
jd_media_rtcp_build (GstBin *bin, GstElement *rtpbin, guint session, const char *conn_prefix,
                     const JdMediaStreamConfig *config, GstElement *rtp_src,
                     GstElement *rtp_sink, GstElement *rtcp_src, GstElement *rtcp_sink,
                     GstElement **rtp_dec, GError **error)
{
  *rtp_dec = NULL;
  if (config->crypto == JD_MEDIA_CRYPTO_DTLS)
    return build_dtls (bin, rtpbin, session, conn_prefix, config, rtp_src, rtp_sink, rtcp_src,
                       rtcp_sink, rtp_dec, error);
  return jd_media_srtp_build_separate (bin, rtpbin, session, config, rtp_src, rtp_sink,
                                       rtcp_src, rtcp_sink, error);
}
