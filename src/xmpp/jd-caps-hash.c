/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-caps-hash: XEP-0115 §5.1 (generation) and §5.4 (processing) of the
 * entity capabilities verification string.
 */
#include "jd-caps-hash.h"

#include <string.h>

#include "jd-xmpp-error.h"

#define FORM_TYPE "FORM_TYPE"

/* IANA "Hash Function Textual Names" that GChecksum implements.  SHA-1 is
 * mandatory (XEP-0115 §9.1); MD5 is left out on purpose: a peer choosing
 * it gains nothing but weaker protection against cache poisoning. */
static const struct {
  const char *name;
  GChecksumType type;
} hashes[] = {
  { "sha-1", G_CHECKSUM_SHA1 },
  { "sha-256", G_CHECKSUM_SHA256 },
  { "sha-384", G_CHECKSUM_SHA384 },
  { "sha-512", G_CHECKSUM_SHA512 },
};

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

/* Sorting: XEP-0115 §5.1 asks for "i;octet" collation (RFC 4790 §9.3),
 * which is exactly strcmp(): unsigned octets, a prefix sorts first.  The
 * comparators take pointers to GPtrArray elements. */

static int
compare_strings (gconstpointer pa, gconstpointer pb)
{
  return strcmp (*(const char *const *) pa, *(const char *const *) pb);
}

/* §5.1 step 2: category, then type, then xml:lang.  The name breaks the
 * remaining ties so that S never depends on the order on the wire. */
static int
compare_identities (gconstpointer pa, gconstpointer pb)
{
  const JdDiscoIdentity *a = *(JdDiscoIdentity *const *) pa;
  const JdDiscoIdentity *b = *(JdDiscoIdentity *const *) pb;
  int r;

  if ((r = strcmp (or_empty (a->category), or_empty (b->category))) != 0 ||
      (r = strcmp (or_empty (a->type), or_empty (b->type))) != 0 ||
      (r = strcmp (or_empty (a->lang), or_empty (b->lang))) != 0)
    return r;
  return strcmp (or_empty (a->name), or_empty (b->name));
}

static int
compare_fields (gconstpointer pa, gconstpointer pb)
{
  const JdDataFormField *a = *(JdDataFormField *const *) pa;
  const JdDataFormField *b = *(JdDataFormField *const *) pb;

  return strcmp (or_empty (a->var), or_empty (b->var));
}

/* Returns: (nullable): the FORM_TYPE under which @form enters the hash.
 * §5.4 step 3.6: a form without a FORM_TYPE field, or whose FORM_TYPE is
 * not of type "hidden", is ignored. */
static const char *
hashed_form_type (const JdDataForm *form)
{
  const JdDataFormField *field = jd_data_form_get_field (form, FORM_TYPE);

  if (field == NULL || field->values->len == 0 ||
      g_strcmp0 (field->type, "hidden") != 0)
    return NULL;
  return g_ptr_array_index (field->values, 0);
}

static int
compare_forms (gconstpointer pa, gconstpointer pb)
{
  const JdDataForm *a = *(JdDataForm *const *) pa;
  const JdDataForm *b = *(JdDataForm *const *) pb;

  return strcmp (hashed_form_type (a), hashed_form_type (b));
}

/* Returns: (transfer container): the elements of @src, sorted. */
static GPtrArray *
sorted (const GPtrArray *src, GCompareFunc compare)
{
  GPtrArray *dst = g_ptr_array_sized_new (src->len);

  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dst, g_ptr_array_index (src, i));
  g_ptr_array_sort (dst, compare);
  return dst;
}

/* Returns: an element of the sorted array @items that equals the one
 * before it, or %NULL. */
static gconstpointer
find_duplicate (const GPtrArray *items, GCompareFunc compare)
{
  for (guint i = 1; i < items->len; i++)
    {
      if (compare (&items->pdata[i - 1], &items->pdata[i]) == 0)
        return items->pdata[i];
    }
  return NULL;
}

/* Generation, §5.1 */

static void
append_item (GString *s, const char *item)
{
  g_string_append (s, item);
  g_string_append_c (s, '<');
}

/* Steps 2-3: "category/type/lang/name<", slashes kept when parts are absent. */
static void
append_identities (GString *s, const JdDiscoInfo *info)
{
  g_autoptr (GPtrArray) identities = sorted (info->identities, compare_identities);

  for (guint i = 0; i < identities->len; i++)
    {
      const JdDiscoIdentity *id = g_ptr_array_index (identities, i);

      g_string_append_printf (s, "%s/%s/%s/%s<", or_empty (id->category),
                              or_empty (id->type), or_empty (id->lang),
                              or_empty (id->name));
    }
}

/* Steps 4-5. */
static void
append_features (GString *s, const JdDiscoInfo *info)
{
  g_autoptr (GPtrArray) features = sorted (info->features, compare_strings);

  for (guint i = 0; i < features->len; i++)
    append_item (s, g_ptr_array_index (features, i));
}

/* Step 7.3: the field's var, then its values sorted. */
static void
append_field (GString *s, const JdDataFormField *field)
{
  g_autoptr (GPtrArray) values = sorted (field->values, compare_strings);

  append_item (s, or_empty (field->var));
  for (guint i = 0; i < values->len; i++)
    append_item (s, g_ptr_array_index (values, i));
}

/* Step 7: FORM_TYPE, then every other field sorted by var. */
static void
append_form (GString *s, const JdDataForm *form)
{
  g_autoptr (GPtrArray) fields = sorted (form->fields, compare_fields);

  append_item (s, hashed_form_type (form));
  for (guint i = 0; i < fields->len; i++)
    {
      const JdDataFormField *field = g_ptr_array_index (fields, i);

      if (g_strcmp0 (field->var, FORM_TYPE) != 0)
        append_field (s, field);
    }
}

/* Step 6: the hashed forms, sorted by FORM_TYPE. */
static void
append_forms (GString *s, const JdDiscoInfo *info)
{
  g_autoptr (GPtrArray) forms = g_ptr_array_new ();

  for (guint i = 0; i < info->forms->len; i++)
    {
      if (hashed_form_type (g_ptr_array_index (info->forms, i)) != NULL)
        g_ptr_array_add (forms, g_ptr_array_index (info->forms, i));
    }
  g_ptr_array_sort (forms, compare_forms);
  for (guint i = 0; i < forms->len; i++)
    append_form (s, g_ptr_array_index (forms, i));
}

/**
 * jd_caps_verification_string:
 * @info: a disco#info answer
 *
 * Returns: (transfer full): the string S of XEP-0115 §5.1, before hashing.
 */
char *
jd_caps_verification_string (const JdDiscoInfo *info)
{
  GString *s;

  g_return_val_if_fail (info != NULL, NULL);
  s = g_string_new (NULL);
  append_identities (s, info);
  append_features (s, info);
  append_forms (s, info);
  return g_string_free (s, FALSE);
}

/**
 * jd_caps_compute_ver:
 * @info: a disco#info answer
 * @hash: the hash function
 *
 * Returns: (transfer full): Base64 (RFC 4648 §4, padded, no whitespace)
 *   of the @hash of S, as in §5.1 step 9.
 */
char *
jd_caps_compute_ver (const JdDiscoInfo *info, GChecksumType hash)
{
  g_autoptr (GChecksum) checksum = NULL;
  g_autofree char *s = NULL;
  guint8 digest[64];
  gsize len = sizeof digest;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (g_checksum_type_get_length (hash) > 0 &&
                        (gsize) g_checksum_type_get_length (hash) <= sizeof digest, NULL);
  s = jd_caps_verification_string (info);
  checksum = g_checksum_new (hash);
  g_checksum_update (checksum, (const guchar *) s, (gssize) strlen (s));
  g_checksum_get_digest (checksum, digest, &len);
  return g_base64_encode (digest, len);
}

/**
 * jd_caps_hash_from_name:
 * @iana_name: the <c/> 'hash' attribute, e.g. "sha-1"
 * @out: (out) (optional): the matching #GChecksumType
 *
 * Returns: %TRUE when the hash function is one we support.
 */
gboolean
jd_caps_hash_from_name (const char *iana_name, GChecksumType *out)
{
  g_return_val_if_fail (iana_name != NULL, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (hashes); i++)
    {
      if (strcmp (hashes[i].name, iana_name) != 0)
        continue;
      if (out != NULL)
        *out = hashes[i].type;
      return TRUE;
    }
  return FALSE;
}

/* Processing, §5.4 */

static gboolean
reject (GError **error, const char *problem, const char *detail)
{
  g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY,
               "Entity capabilities rejected: %s '%s'", problem, detail);
  return FALSE;
}

/* Step 3.3: two identities with the same category/type/lang/name. */
static gboolean
check_identities (const JdDiscoInfo *info, GError **error)
{
  g_autoptr (GPtrArray) identities = sorted (info->identities, compare_identities);
  const JdDiscoIdentity *dup = find_duplicate (identities, compare_identities);
  g_autofree char *detail = NULL;

  if (dup == NULL)
    return TRUE;
  detail = g_strdup_printf ("%s/%s/%s/%s", or_empty (dup->category), or_empty (dup->type),
                            or_empty (dup->lang), or_empty (dup->name));
  return reject (error, "duplicate identity", detail);
}

/* Step 3.4: two features with the same character data. */
static gboolean
check_features (const JdDiscoInfo *info, GError **error)
{
  g_autoptr (GPtrArray) features = sorted (info->features, compare_strings);
  const char *dup = find_duplicate (features, compare_strings);

  return dup == NULL || reject (error, "duplicate feature", dup);
}

/* Step 3.5: a FORM_TYPE field whose values differ. */
static gboolean
check_form_type_values (const JdDataFormField *field, GError **error)
{
  const char *first = g_ptr_array_index (field->values, 0);

  for (guint i = 1; i < field->values->len; i++)
    {
      if (strcmp (g_ptr_array_index (field->values, i), first) != 0)
        return reject (error, "FORM_TYPE with different values in form", first);
    }
  return TRUE;
}

/* Step 3.5: two forms with the same FORM_TYPE.  This looks at every form
 * that declares one, hidden or not: step 3.6 only comes after. */
static gboolean
check_forms (const JdDiscoInfo *info, GError **error)
{
  g_autoptr (GPtrArray) types = g_ptr_array_new ();
  const char *dup;

  for (guint i = 0; i < info->forms->len; i++)
    {
      const JdDataFormField *field = jd_data_form_get_field (g_ptr_array_index (info->forms, i),
                                                             FORM_TYPE);

      if (field == NULL || field->values->len == 0)
        continue;
      if (!check_form_type_values (field, error))
        return FALSE;
      g_ptr_array_add (types, g_ptr_array_index (field->values, 0));
    }
  g_ptr_array_sort (types, compare_strings);
  dup = find_duplicate (types, compare_strings);
  return dup == NULL || reject (error, "two forms with FORM_TYPE", dup);
}

/**
 * jd_caps_verify:
 * @info: the disco#info answer of the entity that announced @ver
 * @hash_name: (nullable): the <c/> 'hash' attribute
 * @ver: (nullable): the <c/> 'ver' attribute
 * @error: #JD_XMPP_ERROR_BAD_REPLY when @info must not be cached under @ver
 *
 * XEP-0115 §5.4 step 3: an unsupported hash, an ill-formed answer or a
 * mismatching hash all mean "do not cache globally".
 *
 * Returns: %TRUE when @info may be cached for every entity announcing @ver.
 */
gboolean
jd_caps_verify (const JdDiscoInfo *info,
                const char *hash_name,
                const char *ver,
                GError **error)
{
  GChecksumType hash;
  g_autofree char *computed = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hash_name == NULL || !jd_caps_hash_from_name (hash_name, &hash))
    return reject (error, "unsupported hash function", or_empty (hash_name));
  if (!check_identities (info, error) || !check_features (info, error) ||
      !check_forms (info, error))
    return FALSE;
  computed = jd_caps_compute_ver (info, hash);
  if (g_strcmp0 (computed, ver) != 0)
    return reject (error, "verification string does not match", or_empty (ver));
  return TRUE;
}
