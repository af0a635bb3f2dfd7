/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-build.h"

#include "jd-codec-registry.h"

GstElement *
jd_media_build_make (const char *factory, GError **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                 "GStreamer element '%s' is not installed", factory);
  return e;
}

GstElement *
jd_media_build_add (GstBin *bin, const char *factory, GError **error)
{
  GstElement *e = jd_media_build_make (factory, error);

  if (e != NULL)
    gst_bin_add (bin, e);
  return e;
}

void
jd_media_build_discard (GstElement *element)
{
  if (element != NULL)
    gst_object_unref (gst_object_ref_sink (element));
}

gboolean
jd_media_build_link_pads (GstElement *src, const char *src_name, GstElement *dst,
                          const char *dst_name)
{
  g_autoptr (GstPad) out = gst_element_get_static_pad (src, src_name);
  g_autoptr (GstPad) in = gst_element_get_static_pad (dst, dst_name);

  if (out == NULL)
    out = gst_element_request_pad_simple (src, src_name);
  if (in == NULL)
    in = gst_element_request_pad_simple (dst, dst_name);
  return out != NULL && in != NULL && gst_pad_link (out, in) == GST_PAD_LINK_OK;
}

gboolean
jd_media_build_failed (GError **error, const char *what)
{
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT, "cannot build %s", what);
  return FALSE;
}
