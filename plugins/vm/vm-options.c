/* vm-options.c — generate options, defaults and field order of config-vm.md
 *
 * The Go tool's seven --vm-* options with its syntax and checks (host
 * paths absolute, a known image format), and one --vm-hwConfig-* option
 * per member of hwConfig (1.3.0). Unlike the Go tool, setting one part
 * writes that part alone: it does not add empty hypervisor, kernel and
 * image objects whose required members are "".
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "vm-plugin.h"

static const char *const image_formats[] = { "raw", "qcow2", "vdi", "vmdk", "vhd", NULL };

static OciConfig *
config_of (OciGenerateContext *gen)
{
  return oci_generate_context_get_config (gen);
}

static gboolean
apply_path (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!oci_path_is_absolute_for (oci_generate_context_get_os (gen), value))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "not an absolute path"));
      return FALSE;
    }
  oci_config_set_string (config_of (gen), option->pointer, value);
  return TRUE;
}

/* The Go tool sets the list of all occurrences, replacing the template's:
 * the first occurrence replaces, the next ones append. */
static gboolean
apply_parameter (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autofree char *key = g_strconcat ("vm.seen.", option->name, NULL);

  if (oci_generate_context_get_data (gen, key) == NULL)
    {
      oci_config_remove (config_of (gen), option->pointer);
      oci_config_ensure_array (config_of (gen), option->pointer);
      oci_generate_context_set_data (gen, key, GINT_TO_POINTER (1), NULL);
    }
  oci_config_append_string (config_of (gen), option->pointer, value ? value : "");
  return TRUE;
}

static gboolean
apply_format (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value == NULL || !g_strv_contains (image_formats, value))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) image_formats);
      g_propagate_error (error, oci_option_value_error (option, value, "not one of %s", known));
      return FALSE;
    }
  oci_config_set_string (config_of (gen), option->pointer, value);
  return TRUE;
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  return text && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static gboolean
apply_uint32 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (!parse_uint (value, G_MAXUINT32, &v))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected an integer from 0 to %u",
                                                        G_MAXUINT32));
      return FALSE;
    }
  oci_config_set_int (config_of (gen), option->pointer, (gint64) v);
  return TRUE;
}

static gboolean
apply_irq (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (!parse_uint (value, G_MAXUINT32, &v))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected an IRQ number from 0 to %u",
                                                        G_MAXUINT32));
      return FALSE;
    }
  oci_config_append (config_of (gen), option->pointer, json_node_init_int (json_node_alloc (), (gint64) v));
  return TRUE;
}

/* FIRSTMFN:NRMFNS[:FIRSTGFN] */
static gboolean
apply_iomem (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  guint n = g_strv_length (parts);
  guint64 mfn, nr, gfn = 0;
  JsonObject *iomem;

  if ((n != 2 && n != 3) || !parse_uint (parts[0], G_MAXINT64, &mfn)
      || !parse_uint (parts[1], G_MAXINT64, &nr)
      || (n == 3 && !parse_uint (parts[2], G_MAXINT64, &gfn)))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "expected FIRSTMFN:NRMFNS[:FIRSTGFN], decimal page "
                                                        "numbers"));
      return FALSE;
    }
  iomem = json_object_new ();
  if (n == 3)
    json_object_set_int_member (iomem, "firstGFN", (gint64) gfn);
  json_object_set_int_member (iomem, "firstMFN", (gint64) mfn);
  json_object_set_int_member (iomem, "nrMFNs", (gint64) nr);
  oci_config_append (config_of (gen), option->pointer, json_node_init_object (json_node_alloc (), iomem));
  json_object_unref (iomem);
  return TRUE;
}

#define V "vm-"

static const OciOption vm_options[] = {
  /* The Go tool's options; vm is new in runtime-spec 1.0.2. */
  { V "hypervisor-path", "PATH", "Host path of the hypervisor that runs the container's VM", OCI_OPTION_VALUE,
    apply_path, "/vm/hypervisor/path", "1.0.2" },
  { V "hypervisor-parameters", "PARAM", "A hypervisor parameter (repeatable; replaces the template's)",
    OCI_OPTION_VALUE, apply_parameter, "/vm/hypervisor/parameters", "1.0.2" },
  { V "kernel-path", "PATH", "Host path of the kernel the VM boots", OCI_OPTION_VALUE, apply_path,
    "/vm/kernel/path", "1.0.2" },
  { V "kernel-parameters", "PARAM", "A kernel parameter (repeatable; replaces the template's)",
    OCI_OPTION_VALUE, apply_parameter, "/vm/kernel/parameters", "1.0.2" },
  { V "kernel-initrd", "PATH", "Host path of the VM's initial ramdisk", OCI_OPTION_VALUE, apply_path,
    "/vm/kernel/initrd", "1.0.2" },
  { V "image-path", "PATH", "Host path of the VM's root image", OCI_OPTION_VALUE, apply_path,
    "/vm/image/path", "1.0.2" },
  { V "image-format", "raw|qcow2|vdi|vmdk|vhd", "Format of the VM's root image", OCI_OPTION_VALUE,
    apply_format, "/vm/image/format", "1.0.2" },
  /* hwConfig, new in 1.3.0. */
  { V "hwConfig-deviceTree", "PATH", "Device-tree file passed to the VM", OCI_OPTION_VALUE,
    oci_option_set_string, "/vm/hwConfig/deviceTree", "1.3.0" },
  { V "hwConfig-vcpus", "N", "Number of virtual CPUs", OCI_OPTION_VALUE, apply_uint32, "/vm/hwConfig/vcpus",
    "1.3.0" },
  { V "hwConfig-memory", "BYTES", "Maximum memory of the VM", OCI_OPTION_VALUE, oci_option_set_uint64,
    "/vm/hwConfig/memory", "1.3.0" },
  { V "hwConfig-dtdevs", "NODE", "Pass this host device-tree node through (repeatable)", OCI_OPTION_VALUE,
    oci_option_append_string, "/vm/hwConfig/dtdevs", "1.3.0" },
  { V "hwConfig-iomems", "FIRSTMFN:NRMFNS[:FIRSTGFN]", "Map I/O memory pages into the VM (repeatable)",
    OCI_OPTION_VALUE, apply_iomem, "/vm/hwConfig/iomems", "1.3.0" },
  { V "hwConfig-irqs", "IRQ", "Let the VM use this physical IRQ (repeatable)", OCI_OPTION_VALUE, apply_irq,
    "/vm/hwConfig/irqs", "1.3.0" },
};

/* specs-go v1.3.0 struct field order; hwConfig is spelled as
 * config-vm.md spells it (the Go bindings' tag says hwconfig). */
static const char *const vm_order[] = { "hypervisor", "kernel", "image", "hwConfig", NULL };
static const char *const hypervisor_order[] = { "path", "parameters", NULL };
static const char *const kernel_order[] = { "path", "parameters", "initrd", NULL };
static const char *const image_order[] = { "path", "format", NULL };
static const char *const hwconfig_order[] = {
  "deviceTree", "vcpus", "memory", "dtdevs", "iomems", "irqs", NULL,
};
static const char *const iomem_order[] = { "firstGFN", "firstMFN", "nrMFNs", NULL };

static const OciFieldOrder vm_field_orders[] = {
  { "/vm", OCI_FIELD_ORDER_LISTED, vm_order },
  { "/vm/hypervisor", OCI_FIELD_ORDER_LISTED, hypervisor_order },
  { "/vm/kernel", OCI_FIELD_ORDER_LISTED, kernel_order },
  { "/vm/image", OCI_FIELD_ORDER_LISTED, image_order },
  { "/vm/hwConfig", OCI_FIELD_ORDER_LISTED, hwconfig_order },
  { "/vm/hwConfig/iomems/*", OCI_FIELD_ORDER_LISTED, iomem_order },
};

void
vm_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, vm_options, G_N_ELEMENTS (vm_options));
  oci_plugin_add_field_orders (plugin, vm_field_orders, G_N_ELEMENTS (vm_field_orders));
}
