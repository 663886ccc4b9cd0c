/* oci-guard-request.h — the decision server's reading of a front's
 * request (oci-guard-request.c): kept apart so that the fuzzer can reach
 * it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <sys/types.h>

#include <glib.h>

typedef struct
{
  long long started;
  mode_t mask;
  const char *cwd;
  GPtrArray *argv;  /* const char *, into the buffer, NULL-terminated */
  GPtrArray *env;   /* const char *: NAME=VALUE, or NAME when unset */
} GuardRequest;

gboolean guard_request_parse (const char *buf, gsize len, GuardRequest *r);
