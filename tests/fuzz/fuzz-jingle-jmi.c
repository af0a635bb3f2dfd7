/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jingle_jmi_parse()/build(): the round-trip shape of
 * jd-fuzz-model.h.
 */
#include "jd-fuzz.h"
#include "jd-fuzz-model.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return jd_fuzz_model_run (&jd_stanza_model_jmi, NULL, data, size);
}
