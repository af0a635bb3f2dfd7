/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_media_srtp_key_params_parse(), which reads the
 * key-params of a peer's XEP-0167 <crypto/> (RFC 4568 §6.1).  The first
 * byte picks the crypto-suite (the three we know and one we do not), the
 * rest is the key-params text.  Either
 * the parse fails with an error, or the key it returns, written back as
 * "inline:" + base64, parses to the same key (and the key is never
 * empty).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "jd-fuzz.h"
#include "media/jd-codec-registry.h"
#include "media/jd-media-srtp.h"

static void
check_round_trip (const char *suite, GBytes *key)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (key, &len);
  g_autofree char *b64 = g_base64_encode (data, len);
  g_autofree char *again_text = g_strconcat ("inline:", b64, NULL);
  g_autoptr (GBytes) again = jd_media_srtp_key_params_parse (suite, again_text, NULL);

  if (len == 0 || again == NULL || !g_bytes_equal (key, again))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const suites[] = {
    "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "F8_128_HMAC_SHA1_80",
  };
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = NULL;
  const char *suite;

  if (size == 0)
    return 0;
  suite = suites[data[0] % G_N_ELEMENTS (suites)];
  text = g_strndup ((const char *) data + 1, size - 1);
  key = jd_media_srtp_key_params_parse (suite, text, &error);
  if (key == NULL)
    {
      if (error == NULL || error->domain != JD_MEDIA_ERROR)
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();
  check_round_trip (suite, key);
  return 0;
}
