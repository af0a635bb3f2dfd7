/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-endpoint.h"

#define AUDIO_SILENCE "audiotestsrc is-live=true wave=silence"
#define VIDEO_BLACK "videotestsrc is-live=true pattern=black"
#define DISCARD "fakesink sync=false async=false"

/* Whether a device of @klass ("Audio/Source", ...) exists.  A device
 * monitor probes the sound and video servers; autoaudiosrc itself only
 * finds out when the pipeline starts, too late to fall back. */
static gboolean
probe_device (const char *klass)
{
  g_autoptr (GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GList *devices;
  gboolean found;

  gst_device_monitor_add_filter (monitor, klass, NULL);
  devices = gst_device_monitor_get_devices (monitor);
  found = devices != NULL;
  g_list_free_full (devices, gst_object_unref);
  return found;
}

/* Probing takes a round trip to the sound server (or a connect timeout
 * without one): done once per process, not in every call's dial path.
 * A device plugged in later needs a restart to be used by "auto". */
static gboolean
have_device (const char *klass)
{
  static gsize audio_source, audio_sink;
  gsize *once = g_str_equal (klass, "Audio/Source") ? &audio_source : &audio_sink;

  if (g_once_init_enter (once))
    g_once_init_leave (once, probe_device (klass) ? 2 : 1);
  return *once == 2;
}

static gboolean
bad_spec (const char *spec, const char *why, GError **error)
{
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY, "media endpoint '%s': %s",
               spec, why);
  return FALSE;
}

static char *
tone_source (JdJingleMedia media, const char *spec, const char *hz, GError **error)
{
  char *end = NULL;
  double freq = g_ascii_strtod (hz, &end);

  if (media == JD_JINGLE_MEDIA_VIDEO)
    return g_strdup ("videotestsrc is-live=true pattern=smpte");
  if (end == hz || *end != '\0' || freq <= 0 || freq > 20000)
    {
      bad_spec (spec, "the tone needs a frequency in Hz, 1-20000", error);
      return NULL;
    }
  return g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%g volume=0.4", freq);
}

static char *
quoted (const char *path)
{
  g_autofree char *escaped = g_strescape (path, NULL);

  return g_strdup_printf ("\"%s\"", escaped);
}

char *
jd_media_endpoint_source (JdJingleMedia media, const char *spec, GError **error)
{
  const gboolean video = media == JD_JINGLE_MEDIA_VIDEO;

  if (spec == NULL || g_str_equal (spec, "auto"))
    {
      if (video ? probe_device ("Video/Source") : have_device ("Audio/Source"))
        return g_strdup (video ? "autovideosrc" : "autoaudiosrc");
      g_info ("no %s capture device: sending %s", video ? "video" : "audio",
              video ? "black" : "silence");
      return g_strdup (video ? VIDEO_BLACK : AUDIO_SILENCE);
    }
  if (g_str_equal (spec, "silence"))
    return g_strdup (video ? VIDEO_BLACK : AUDIO_SILENCE);
  if (g_str_has_prefix (spec, "tone:"))
    return tone_source (media, spec, spec + 5, error);
  if (g_str_has_prefix (spec, "file:") && spec[5] != '\0')
    {
      g_autofree char *path = quoted (spec + 5);

      return g_strdup_printf ("filesrc location=%s ! decodebin ! %s", path,
                              video ? "videoconvert" : "audioconvert ! audioresample");
    }
  if (g_str_has_prefix (spec, "pipeline:") && spec[9] != '\0')
    return g_strdup (spec + 9);
  bad_spec (spec, "expected auto, tone:HZ, silence, file:PATH or pipeline:DESCRIPTION", error);
  return NULL;
}

static char *
recorder (JdJingleMedia media, const char *spec, const char *path, GError **error)
{
  g_autofree char *location = quoted (path);

  if (media == JD_JINGLE_MEDIA_VIDEO)
    return g_strdup_printf ("videoconvert ! vp8enc deadline=1 ! matroskamux ! filesink "
                            "location=%s", location);
  if (g_str_has_suffix (path, ".wav"))
    return g_strdup_printf ("audioconvert ! wavenc ! filesink location=%s", location);
  if (g_str_has_suffix (path, ".ogg") || g_str_has_suffix (path, ".opus"))
    return g_strdup_printf ("audioconvert ! audioresample ! opusenc ! oggmux ! filesink "
                            "location=%s", location);
  bad_spec (spec, "a recording is .ogg, .opus or .wav", error);
  return NULL;
}

char *
jd_media_endpoint_sink (JdJingleMedia media, const char *spec, GError **error)
{
  const gboolean video = media == JD_JINGLE_MEDIA_VIDEO;

  if (spec == NULL || g_str_equal (spec, "auto"))
    {
      /* No device provider lists screens: a display server is the test. */
      if (video ? g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("DISPLAY") != NULL
                : have_device ("Audio/Sink"))
        return g_strdup (video ? "autovideosink" : "autoaudiosink");
      g_info ("no %s output device: discarding what arrives", video ? "video" : "audio");
      return g_strdup (DISCARD);
    }
  if (g_str_equal (spec, "null"))
    return g_strdup (DISCARD);
  if (g_str_has_prefix (spec, "file:") && spec[5] != '\0')
    return recorder (media, spec, spec + 5, error);
  if (g_str_has_prefix (spec, "pipeline:") && spec[9] != '\0')
    return g_strdup (spec + 9);
  bad_spec (spec, "expected auto, null, file:PATH or pipeline:DESCRIPTION", error);
  return NULL;
}
