/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The libFuzzer entry point every fuzz target defines.  Linked either with
 * libFuzzer (-fsanitize=fuzzer) or with driver.c, which replays files.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
