/* fuzz-generate.c — libFuzzer target: generate option parsing. The input
 * is "OPTION\0VALUE\0OPTION\0VALUE…": each pair is applied, in order, to a
 * default config with every plugin's options, then the config is written.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static OciRegistry *registry;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(OciConfig) config = oci_config_new ();
  g_autoptr(OciGenerateContext) gen = NULL;
  GPtrArray *defaults;
  GPtrArray *options;
  const char *p, *end;

  if (registry == NULL)
    {
      registry = oci_registry_new ();
      oci_registry_add_default_search_path (registry);
      oci_registry_activate (registry, "linux", "amd64");
    }
  gen = oci_generate_context_new (config, "linux", "amd64", oci_spec_get_newest_release (), FALSE);
  defaults = oci_registry_get_defaults (registry);
  for (guint i = 0; i < defaults->len; i++)
    ((OciDefaultsFunc) defaults->pdata[i]) (gen, NULL);
  options = oci_registry_get_options (registry);
  if (options->len == 0)
    return 0;
  p = (const char *) data;
  end = p + size;
  while (p < end)
    {
      const char *name_end = memchr (p, '\0', end - p);
      const char *value, *value_end;
      const OciOption *option;
      g_autofree char *value_copy = NULL;
      g_autoptr(GError) error = NULL;

      if (name_end == NULL)
        break;
      value = name_end + 1;
      value_end = value < end ? memchr (value, '\0', end - value) : NULL;
      if (value_end == NULL)
        value_end = end;
      /* The option: by name, or by index when the name is one byte. */
      option = name_end - p == 1 ? options->pdata[(guchar) p[0] % options->len]
                                 : oci_registry_lookup_option (registry, p);
      value_copy = g_strndup (value, value_end - value);
      if (option)
        oci_generate_context_apply (gen, option, (option->flags & OCI_OPTION_FLAG) && *value_copy == '\0'
                                                    ? NULL : value_copy, &error);
      p = value_end + 1;
    }
  oci_generate_context_finish (gen);
  oci_config_set_field_order (config, oci_registry_get_field_orders (registry));
  g_free (oci_config_to_data (config, oci_generate_context_get_output_pointer (gen), NULL));
  return 0;
}
