/* ort-completion.c — `oci-runtime-tool completion bash|zsh|fish`
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "ort-cli.h"

int
ort_cmd_completion (OrtGlobals *globals, int argc, char **argv)
{
  return ort_usage_error ("completion", "not yet");
}
