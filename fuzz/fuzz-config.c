/* fuzz-config.c — libFuzzer target: config load, schema and every bundle
 * checker of every plugin, for any input bytes
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static OciRegistry *registry;
static OciResultBus *bus;
static OciValidator *validator;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(OciConfig) config = NULL;
  static const char *const platforms[] = { NULL, "windows", "solaris", "freebsd", "zos" };

  if (registry == NULL)
    {
      registry = oci_registry_new ();
      oci_registry_add_default_search_path (registry);
      oci_registry_activate (registry, NULL, NULL);
      bus = oci_result_bus_new (OCI_TIER_MAY);
      oci_result_bus_set_want_passes (bus, TRUE);
      validator = oci_validator_new (registry, bus);
    }
  config = oci_config_new_from_data ((const char *) data, size, "fuzz.json", NULL);
  if (config == NULL)
    return 0;
  /* The first byte picks a forced platform, so every plugin's checks see
   * every input. */
  oci_validator_set_platform (validator, size ? platforms[data[0] % G_N_ELEMENTS (platforms)] : NULL, NULL);
  oci_result_bus_begin_subject (bus, "fuzz");
  oci_validator_validate_config (validator, config, NULL, "fuzz", NULL);
  oci_result_bus_end_subject (bus, "fuzz");
  /* Writing it back must work for anything that was read. */
  g_free (oci_config_to_data (config, NULL, NULL));
  return 0;
}
