/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-dtls-certificate.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "jd-codec-registry.h"

#define VALIDITY_SECONDS (30 * 24 * 3600)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

static gboolean
set_serial_and_name (X509 *x509)
{
  X509_NAME *name = X509_get_subject_name (x509);
  unsigned char serial[8];
  g_autoptr (BIGNUM) bn = NULL;

  /* RFC 5280 §4.1.2.2: positive and unique per issuer; random is enough. */
  if (RAND_bytes (serial, sizeof serial) != 1)
    return FALSE;
  serial[0] &= 0x7f;
  bn = BN_bin2bn (serial, sizeof serial, NULL);
  return bn != NULL && BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (x509)) != NULL &&
         X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC,
                                     (const unsigned char *) "jingled", -1, -1, 0) == 1 &&
         X509_set_issuer_name (x509, name) == 1;
}

static X509 *
self_signed (EVP_PKEY *key)
{
  g_autoptr (X509) x509 = X509_new ();

  if (x509 == NULL || X509_set_version (x509, 2) != 1 || !set_serial_and_name (x509) ||
      X509_gmtime_adj (X509_getm_notBefore (x509), -3600) == NULL ||
      X509_gmtime_adj (X509_getm_notAfter (x509), VALIDITY_SECONDS) == NULL ||
      X509_set_pubkey (x509, key) != 1 || X509_sign (x509, key, EVP_sha256 ()) == 0)
    return NULL;
  return g_steal_pointer (&x509);
}

static char *
to_pem (EVP_PKEY *key, X509 *x509)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || PEM_write_bio_X509 (bio, x509) != 1 ||
      PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL) != 1)
    return NULL;
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, (gsize) len);
}

char *
jd_dtls_certificate_new (GError **error)
{
  g_autoptr (EVP_PKEY) key = EVP_EC_gen ("P-256");
  g_autoptr (X509) x509 = key != NULL ? self_signed (key) : NULL;
  char *pem = x509 != NULL ? to_pem (key, x509) : NULL;

  if (pem == NULL)
    g_set_error_literal (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                         "cannot create a DTLS certificate");
  return pem;
}
