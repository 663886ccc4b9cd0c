# bash completion for oci-runtime-tool: the script is written by the
# program itself, from the plugins installed when the completion first
# loads (vendor plugins' options included).
# SPDX-License-Identifier: Apache-2.0
if command -v oci-runtime-tool >/dev/null 2>&1; then
  eval "$(oci-runtime-tool completion bash 2>/dev/null)"
fi
