// example-cxx.cc — a second vendor plugin, written in C++
//
// The SDK's headers are C; they declare everything extern "C", and
// OCI_PLUGIN_DEFINE_FULL exports the descriptor with C linkage, so a C++
// plugin is written exactly like a C one. Tables are aggregates filled in
// order (no designated initializers, which C++ before C++20 lacks).
//
// It checks a limit from its settings: `memory-limit-mib` (0: no limit),
// set in examplecxx.conf or with --plugin-option examplecxx.memory-limit-mib=N.
//
// SPDX-License-Identifier: Apache-2.0
#include <cinttypes>
#include <string>

#include <oci-runtime-tools/oci-runtime-tools.h>

namespace
{

const OciSetting settings[] = {
  { "memory-limit-mib", OCI_SETTING_INT, "0", "largest linux.resources.memory.limit allowed, in MiB (0: none)",
    { nullptr, nullptr } },
};

const OciRequirement requirements[] = {
  { "examplecxx.memory", OCI_LEVEL_SHOULD, "https://example.com/container-policy.html", "memory", nullptr, nullptr,
    "containers SHOULD NOT ask for more memory than the site's limit" },
};

gboolean
check_memory (OciCheckContext *ctx, GError **)
{
  OciPlugin *self = oci_check_context_get_plugin (ctx);
  const std::int64_t limit_mib = oci_plugin_get_setting_int (self, "memory-limit-mib");
  gint64 limit = 0;

  if (limit_mib <= 0
      || !oci_config_get_int (oci_check_context_get_config (ctx), "/linux/resources/memory/limit", &limit))
    return TRUE;  // no site limit, or no memory limit in the config
  if (limit <= limit_mib * 1024 * 1024)
    oci_check_pass (ctx, "examplecxx.memory");
  else
    oci_check_fail (ctx, "examplecxx.memory", "/linux/resources/memory/limit",
                    "the memory limit %" G_GINT64_FORMAT " exceeds the site's %" PRId64 " MiB", limit, limit_mib);
  return TRUE;
}

const OciChecker checkers[] = {
  { "examplecxx.memory", "the memory limit is within the site's", OCI_PHASE_BUNDLE, check_memory,
    { nullptr, nullptr, nullptr, nullptr } },
};

gboolean
init (OciPlugin *plugin, GError **)
{
  oci_plugin_add_settings (plugin, settings, G_N_ELEMENTS (settings));
  oci_plugin_add_requirements (plugin, requirements, G_N_ELEMENTS (requirements));
  oci_plugin_add_checkers (plugin, checkers, G_N_ELEMENTS (checkers));
  return TRUE;
}

}  // namespace

OCI_PLUGIN_DEFINE_FULL ("examplecxx", "Example Corp. site limits (a plugin in C++)", "linux", init, "1.0.0",
                        "Apache-2.0", "https://example.com/container-policy.html", "Example Corp.",
                        OCI_RUNTIME_TOOLS_VERSION)
