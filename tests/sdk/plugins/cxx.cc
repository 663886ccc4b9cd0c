// A test plugin in C++: OCI_PLUGIN_DEFINE_FULL gives the descriptor C
// linkage (without it, a namespace-scope const has internal linkage and
// the loader says "no plugin descriptor").
// SPDX-License-Identifier: Apache-2.0
#include <oci-runtime-tools/oci-runtime-tools.h>

namespace
{

const OciRequirement requirements[] = {
  { "testcxx.rule", OCI_LEVEL_SHOULD, "config.md", "configAnnotations", "1.0.0", nullptr, "a rule" },
};

gboolean
check (OciCheckContext *ctx, GError **)
{
  oci_check_pass (ctx, "testcxx.rule");
  return TRUE;
}

const OciChecker checkers[] = {
  { "testcxx.rule", "passes", OCI_PHASE_BUNDLE, check, { nullptr, nullptr, nullptr, nullptr } },
};

gboolean
init (OciPlugin *plugin, GError **)
{
  oci_plugin_add_requirements (plugin, requirements, G_N_ELEMENTS (requirements));
  oci_plugin_add_checkers (plugin, checkers, G_N_ELEMENTS (checkers));
  return TRUE;
}

}  // namespace

OCI_PLUGIN_DEFINE_FULL ("testcxx", "a plugin in C++", "*", init, "0.9.0", "Apache-2.0", "", "", "")
