/* A test plugin whose runtime catalogue has holes on purpose: a row no
 * case tests and no reason excuses, a case naming an id that is no row,
 * a gap for an unknown id; and the three ways a row is covered (the
 * case's list, a step, an inside checker's declared rows).
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement gaps_requirements[] = {
  { "testgaps.runtime.listed", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL, "listed by the case" },
  { "testgaps.runtime.stepped", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL, "named by a step" },
  { "testgaps.runtime.inside", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "posted by the inside checker" },
  { "testgaps.runtime.excused", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL, "has a reason" },
  { "testgaps.runtime.hole", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL, "has nothing" },
  { "testgaps.bundle-rule", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL, "no runtime row" },
};

static gboolean
check_nothing (OciCheckContext *ctx, GError **error)
{
  oci_check_pass (ctx, "testgaps.runtime.inside");
  return TRUE;
}

static const OciChecker gaps_checkers[] = {
  { "testgaps.inside.probe", "posts its declared row", OCI_PHASE_INSIDE, check_nothing, { NULL } },
};

static const char *const probe_rows[] = { "testgaps.runtime.inside", NULL };
static const OciCheckerRequirements probe_posts[] = { { "testgaps.inside.probe", probe_rows, { NULL } } };
static const char *const case_rows[] = { "testgaps.runtime.listed", "testgaps.runtime.nowhere", NULL };
static const char *const case_inside[] = { "testgaps.inside.probe", NULL };

static const OciRuntimeStep case_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, "testgaps.runtime.stepped" },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_END },
};

/* Names the inside checker but never reads its output: tests nothing. */
static const OciRuntimeStep blind_steps[] = {
  { OCI_RUNTIME_STEP_CREATE },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeCase gaps_cases[] = {
  { "testgaps.case", "covers three rows, names one that is none", NULL, NULL, case_inside, case_steps,
    .requirements = case_rows },
  { "testgaps.blind", "runs the inside checker without reading it", NULL, NULL, case_inside, blind_steps },
};

static const OciRuntimeGap gaps_gaps[] = {
  { "testgaps.runtime.excused", "a reason" },
  { "testgaps.runtime.unknown", "a reason for no row" },
};

static gboolean
gaps_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, gaps_requirements, G_N_ELEMENTS (gaps_requirements));
  oci_plugin_add_checkers (plugin, gaps_checkers, G_N_ELEMENTS (gaps_checkers));
  oci_plugin_add_checker_requirements (plugin, probe_posts, G_N_ELEMENTS (probe_posts));
  oci_plugin_add_runtime_cases (plugin, gaps_cases, G_N_ELEMENTS (gaps_cases));
  oci_plugin_add_runtime_gaps (plugin, gaps_gaps, G_N_ELEMENTS (gaps_gaps));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testgaps", "a runtime catalogue with holes", "*", gaps_init)
