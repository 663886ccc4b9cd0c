/* A vendor plugin whose checker misbehaves on request: the annotation
 * org.example.misbehave says how (crash, abort, exit, hang, garbage).
 * Another checker posts an ordinary failure, to show it survives.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement misbehave_requirements[] = {
  { "testbad.flag", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL,
    "the annotation org.example.fail must not be set" },
  { "testbad.sane", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL,
    "the checker behaves" },
};

/* Writes bytes that are no message to every pipe or socket it has. */
static void
write_garbage (void)
{
  static const char junk[] = "\xff\xff\xff\x7fnot a message at all";

  for (int fd = 3; fd < 256; fd++)
    {
      struct stat st;
      if (fstat (fd, &st) == 0 && (S_ISSOCK (st.st_mode) || S_ISFIFO (st.st_mode)))
        (void) !write (fd, junk, sizeof junk);
    }
}

static gboolean
check_misbehave (OciCheckContext *ctx, GError **error)
{
  const char *how = oci_config_get_string (oci_check_context_get_config (ctx),
                                           "/annotations/org.example.misbehave");

  if (how == NULL)
    {
      oci_check_pass (ctx, "testbad.sane");
      return TRUE;
    }
  if (strcmp (how, "crash") == 0)
    raise (SIGSEGV);
  else if (strcmp (how, "abort") == 0)
    abort ();
  else if (strcmp (how, "exit") == 0)
    exit (3);
  else if (strcmp (how, "hang") == 0)
    for (;;)
      pause ();
  else if (strcmp (how, "garbage") == 0)
    write_garbage ();
  return TRUE;
}

static gboolean
check_flag (OciCheckContext *ctx, GError **error)
{
  const char *fail = oci_config_get_string (oci_check_context_get_config (ctx),
                                            "/annotations/org.example.fail");

  oci_check_expect (ctx, fail == NULL, "testbad.flag", "/annotations/org.example.fail",
                    "org.example.fail is set to \"%s\" (config judged for %s)", fail,
                    oci_check_context_get_os (ctx));
  return TRUE;
}

static const OciChecker misbehave_checkers[] = {
  { "testbad.flag", "an ordinary check", OCI_PHASE_BUNDLE, check_flag },
  { "testbad.misbehave", "misbehaves on request", OCI_PHASE_BUNDLE, check_misbehave },
};

/* --testbad-label crash|exit|VALUE: misbehaves while applying, or sets
 * the annotation org.example.label. */
static gboolean
apply_label (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (strcmp (value, "crash") == 0)
    raise (SIGSEGV);
  else if (strcmp (value, "exit") == 0)
    exit (0);
  oci_config_set_string (oci_generate_context_get_config (gen), "/annotations/org.example.label", value);
  return TRUE;
}

static const OciOption misbehave_options[] = {
  { "testbad-label", "VALUE", "set org.example.label, or misbehave", OCI_OPTION_VALUE, apply_label, NULL },
};

/* Defaults that misbehave when $TESTBAD_DEFAULTS says so (crash, exit),
 * or mark the config (mark); otherwise they add nothing. */
static gboolean
misbehave_defaults (OciGenerateContext *gen, GError **error)
{
  const char *how = g_getenv ("TESTBAD_DEFAULTS");

  if (how == NULL)
    return TRUE;
  if (strcmp (how, "crash") == 0)
    raise (SIGSEGV);
  else if (strcmp (how, "exit") == 0)
    exit (0);
  oci_config_set_string (oci_generate_context_get_config (gen), "/annotations/org.example.defaults", how);
  return TRUE;
}

/* A runtime case whose config is built with an option that crashes. */
static const char *const crash_options[] = { "--testbad-label", "crash", NULL };

static const OciRuntimeCase misbehave_cases[] = {
  { "testbad.option_crash", "its config's generate option crashes", crash_options },
};

static gboolean
misbehave_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_runtime_cases (plugin, misbehave_cases, G_N_ELEMENTS (misbehave_cases));
  oci_plugin_add_options (plugin, misbehave_options, G_N_ELEMENTS (misbehave_options));
  oci_plugin_add_requirements (plugin, misbehave_requirements, G_N_ELEMENTS (misbehave_requirements));
  oci_plugin_add_checkers (plugin, misbehave_checkers, G_N_ELEMENTS (misbehave_checkers));
  oci_plugin_set_defaults (plugin, misbehave_defaults);
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testbad", "misbehaves on request", "*", misbehave_init)
