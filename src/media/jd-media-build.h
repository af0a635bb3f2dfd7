/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-media-build: the small steps every chain builder of the media layer
 * takes (making elements, linking pads by name, the error for a chain that
 * cannot be built).  Private to src/media/.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Returns: (transfer floating): a new @factory element, or %NULL with
 * JD_MEDIA_ERROR_MISSING_ELEMENT when it is not installed. */
GstElement *jd_media_build_make      (const char  *factory,
                                      GError     **error);

/* As jd_media_build_make(), and adds it to @bin.
 * Returns: (transfer none): the element, owned by @bin, or %NULL. */
GstElement *jd_media_build_add       (GstBin      *bin,
                                      const char  *factory,
                                      GError     **error);

/* Drops a floating element that never made it into a bin; %NULL is fine. */
void        jd_media_build_discard   (GstElement  *element);

/* Links @src's pad @src_name to @dst's pad @dst_name: static pads by name,
 * request pads by full name otherwise (DESIGN.md: dtlssrtpenc's must be
 * requested that way). */
gboolean    jd_media_build_link_pads (GstElement  *src,
                                      const char  *src_name,
                                      GstElement  *dst,
                                      const char  *dst_name);

/* Sets JD_MEDIA_ERROR_MISSING_ELEMENT "cannot build @what".
 * Returns: %FALSE, so that a builder can return it. */
gboolean    jd_media_build_failed    (GError     **error,
                                      const char  *what);

G_END_DECLS
