/* fuzz-guard-request.c — libFuzzer target: the decision server's reading
 * of a front's request (cli/oci-guard-request.c), for any input bytes:
 * never a read past the message, and what it accepts is whole.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <string.h>

#include "oci-guard-common.h"
#include "oci-guard-request.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* a copy of exactly @size bytes: ASan sees any read past the message */
  g_autofree char *buf = g_memdup2 (data, size);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  GuardRequest r = { 0 };
  gsize names = 0;

  r.argv = argv;
  r.env = env;
  if (!guard_request_parse (buf, size, &r))
    return 0;
  while (guard_request_env[names])
    names++;
  g_assert_cmpuint (argv->len, >=, 3);
  g_assert_null (argv->pdata[argv->len - 1]);
  g_assert_cmpuint (env->len, ==, names);
  g_assert_true (r.cwd >= buf && r.cwd < buf + size);
  for (guint i = 0; i + 1 < argv->len; i++)
    g_assert_true ((const char *) argv->pdata[i] >= buf && (const char *) argv->pdata[i] < buf + size);
  g_assert_cmpuint (r.mask, <=, 0777);
  return 0;
}
