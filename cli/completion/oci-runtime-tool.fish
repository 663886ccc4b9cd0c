# fish completion for oci-runtime-tool: the completions are written by the
# program itself, from the plugins installed when they first load (vendor
# plugins' options included).
# SPDX-License-Identifier: Apache-2.0
oci-runtime-tool completion fish 2>/dev/null | source
