/* fake-vendor.c — a small vendor plugin, built 50 times under 50 names
 *
 * bench/meson.build compiles this file once per name, defining
 * FAKE_VENDOR_NAME ("fakevendor00" … "fakevendor49"), so that plugin
 * discovery and loading can be measured with many third-party modules in
 * a --plugin-dir. It registers what a vendor plugin typically does: a few
 * requirements, a checker and a generate option.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#ifndef FAKE_VENDOR_NAME
#error "build with -DFAKE_VENDOR_NAME=\"fakevendorNN\""
#endif

static const OciRequirement fake_vendor_requirements[] = {
  { FAKE_VENDOR_NAME ".label.set", OCI_LEVEL_SHOULD, "config.md", "configAnnotations", "1.0.0", NULL,
    "the vendor label annotation should be set" },
  { FAKE_VENDOR_NAME ".label.short", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL,
    "the vendor label annotation must be at most 63 bytes" },
};

static gboolean
check_label (OciCheckContext *ctx,
             GError         **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *label = oci_config_get_string (config, "/annotations/com.example." FAKE_VENDOR_NAME);

  oci_check_expect (ctx, label != NULL, FAKE_VENDOR_NAME ".label.set",
                    "/annotations/com.example." FAKE_VENDOR_NAME, "no vendor label");
  if (label != NULL)
    oci_check_expect (ctx, strlen (label) <= 63, FAKE_VENDOR_NAME ".label.short",
                      "/annotations/com.example." FAKE_VENDOR_NAME, "label of %zu bytes",
                      strlen (label));
  return TRUE;
}

static const OciChecker fake_vendor_checkers[] = {
  { FAKE_VENDOR_NAME ".label", "checks the vendor label annotation", OCI_PHASE_BUNDLE, check_label },
};

static const OciOption fake_vendor_options[] = {
  { FAKE_VENDOR_NAME "-label", "VALUE", "set the vendor label annotation", OCI_OPTION_VALUE,
    oci_option_set_string, "/annotations/com.example." FAKE_VENDOR_NAME },
};

static gboolean
fake_vendor_init (OciPlugin *plugin,
                  GError   **error)
{
  oci_plugin_add_requirements (plugin, fake_vendor_requirements, G_N_ELEMENTS (fake_vendor_requirements));
  oci_plugin_add_checkers (plugin, fake_vendor_checkers, G_N_ELEMENTS (fake_vendor_checkers));
  oci_plugin_add_options (plugin, fake_vendor_options, G_N_ELEMENTS (fake_vendor_options));
  return TRUE;
}

OCI_PLUGIN_DEFINE (FAKE_VENDOR_NAME, "a vendor plugin for benchmarks", "*", fake_vendor_init)
