/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-disco-info: the value of a XEP-0030 disco#info answer, with the
 * XEP-0128 extended information forms it may carry, and its parse/build
 * pair.  Pure: only an xmpp_ctx_t is needed to build, nothing to parse.
 *
 * Data forms are modelled only as far as entity capabilities (XEP-0115
 * §5.1) need them: the form type attribute, and each field's var, type
 * and values.  Labels, descriptions and options are dropped.
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

#define JD_NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define JD_NS_DATA_FORMS "jabber:x:data"

typedef struct {
  char *category;
  char *type;
  char *lang;      /* nullable: the xml:lang attribute */
  char *name;      /* nullable */
} JdDiscoIdentity;

typedef struct {
  char *var;       /* nullable: "fixed" fields have none (XEP-0004 §3.2) */
  char *type;      /* nullable: XEP-0004 defaults to text-single */
  GPtrArray *values;   /* char* */
} JdDataFormField;

typedef struct {
  char *type;          /* nullable: the form's type attribute ("result") */
  GPtrArray *fields;   /* JdDataFormField* */
} JdDataForm;

typedef struct {
  char *node;              /* nullable */
  GPtrArray *identities;   /* JdDiscoIdentity* */
  GPtrArray *features;     /* char* */
  GPtrArray *forms;        /* JdDataForm* */
} JdDiscoInfo;

JdDiscoIdentity *jd_disco_identity_new  (const char *category,
                                         const char *type,
                                         const char *lang,
                                         const char *name);
JdDiscoIdentity *jd_disco_identity_copy (const JdDiscoIdentity *identity);
void             jd_disco_identity_free (JdDiscoIdentity *identity);

JdDataForm      *jd_data_form_new       (const char *type);
JdDataForm      *jd_data_form_copy      (const JdDataForm *form);
void             jd_data_form_free      (JdDataForm *form);
JdDataFormField *jd_data_form_add_field (JdDataForm *form,
                                         const char *var,
                                         const char *type);
JdDataFormField *jd_data_form_get_field (const JdDataForm *form,
                                         const char *var);
void             jd_data_form_field_add_value (JdDataFormField *field,
                                               const char *value);
JdDataFormField *jd_data_form_field_copy (const JdDataFormField *field);
void             jd_data_form_field_free (JdDataFormField *field);

JdDiscoInfo *jd_disco_info_new          (void);
void         jd_disco_info_free         (JdDiscoInfo *info);
JdDiscoInfo *jd_disco_info_copy         (const JdDiscoInfo *info);
gboolean     jd_disco_info_equal        (const JdDiscoInfo *a,
                                         const JdDiscoInfo *b);
void         jd_disco_info_add_identity (JdDiscoInfo *info,
                                         const char *category,
                                         const char *type,
                                         const char *lang,
                                         const char *name);
void         jd_disco_info_add_feature  (JdDiscoInfo *info,
                                         const char *var);
gboolean     jd_disco_info_has_feature  (const JdDiscoInfo *info,
                                         const char *var);
void         jd_disco_info_add_form     (JdDiscoInfo *info,
                                         JdDataForm *form);

gboolean       jd_disco_info_parse (xmpp_stanza_t *query,
                                    JdDiscoInfo **out,
                                    GError **error);
xmpp_stanza_t *jd_disco_info_build (xmpp_ctx_t *ctx,
                                    const JdDiscoInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdDiscoIdentity, jd_disco_identity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdDataForm, jd_data_form_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdDiscoInfo, jd_disco_info_free)

G_END_DECLS
