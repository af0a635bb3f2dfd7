/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the stanza-model unit tests share: a libstrophe context per test,
 * the committed stanzas under tests/data/stanzas/FAMILY/{valid,invalid}/,
 * and the checks every pure parse/build model (jd-stanza-model.h) must
 * pass.
 */
#pragma once

#include <glib.h>
#include <strophe.h>

#include "jd-stanza-model.h"

G_BEGIN_DECLS

typedef JdStanzaModel JdUnitModel;

typedef struct {
  xmpp_ctx_t *ctx;
} JdUnitFixture;

void      jd_unit_fixture_setup    (JdUnitFixture *f, gconstpointer data);
void      jd_unit_fixture_teardown (JdUnitFixture *f, gconstpointer data);

/* The text of tests/data/stanzas/FAMILY/@kind/@name. */
char     *jd_unit_load             (const JdUnitModel *model, const char *kind, const char *name);
/* Parses @xml and asserts it succeeds.  Returns: (transfer full) */
gpointer  jd_unit_parse_text       (const JdUnitModel *model, JdUnitFixture *f, const char *xml);
gpointer  jd_unit_parse_stanza     (const JdUnitModel *model, xmpp_stanza_t *stanza);
/* parse(build(x)) == x in memory and through XML text, the copy is
 * equal, and building is deterministic. */
void      jd_unit_assert_round_trip (const JdUnitModel *model, JdUnitFixture *f,
                                     gconstpointer value);
/* invalid/@name must fail to parse with the error its first line names:
 * <!-- expect: bad-request|limit WORD... --> (each WORD in the message). */
void      jd_unit_assert_invalid   (const JdUnitModel *model, JdUnitFixture *f, const char *name);
/* Registers PREFIX/@kind/<stem> running @func with the file name as
 * data, for every .xml file of @kind, in name order; the names are kept
 * in @keep until the tests have run. */
void      jd_unit_add_file_tests   (const JdUnitModel *model, const char *prefix, const char *kind,
                                    void (*func) (JdUnitFixture *, gconstpointer), GPtrArray *keep);

G_END_DECLS
