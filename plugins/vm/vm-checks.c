/* vm-checks.c — requirements and checkers of config-vm.md
 *
 * The plugin applies to every platform; its checks act only on configs
 * that have a vm object.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "vm-plugin.h"

static const OciRequirement vm_requirements[] = {
  { "vm.hypervisor.path.required", OCI_LEVEL_REQUIRED, "config-vm.md", "HypervisorObject", "1.0.2", NULL,
    "hypervisor.path is REQUIRED" },
  { "vm.hypervisor.path.absolute", OCI_LEVEL_MUST, "config-vm.md", "HypervisorObject", "1.0.2", NULL,
    "hypervisor.path MUST be an absolute path in the runtime mount namespace" },
  { "vm.kernel.required", OCI_LEVEL_REQUIRED, "config-vm.md", "KernelObject", "1.0.2", NULL,
    "kernel is REQUIRED, and so is its path" },
  { "vm.kernel.path.absolute", OCI_LEVEL_MUST, "config-vm.md", "KernelObject", "1.0.2", NULL,
    "kernel.path MUST be an absolute path in the runtime mount namespace" },
  { "vm.kernel.initrd.absolute", OCI_LEVEL_MUST, "config-vm.md", "KernelObject", "1.0.2", NULL,
    "kernel.initrd MUST be an absolute path in the runtime mount namespace" },
  { "vm.image.required", OCI_LEVEL_REQUIRED, "config-vm.md", "ImageObject", "1.0.2", NULL,
    "image.path and image.format are REQUIRED" },
  { "vm.image.path.absolute", OCI_LEVEL_MUST, "config-vm.md", "ImageObject", "1.0.2", NULL,
    "image.path MUST be an absolute path in the runtime mount namespace" },
  { "vm.hwconfig.vcpus.range", OCI_LEVEL_ADVICE, "config-vm.md", "HwConfigObject", "1.3.0", NULL,
    "hwConfig.vcpus, the number of virtual CPUs of the VM, is at least 1 (advice: a "
    "hypervisor cannot boot a VM without one)" },
  { "vm.hwconfig.memory.range", OCI_LEVEL_ADVICE, "config-vm.md", "HwConfigObject", "1.3.0", NULL,
    "hwConfig.memory, the VM's maximum memory in bytes, is at least 1 (advice: a hypervisor "
    "cannot boot a VM without memory)" },
  { "vm.hwconfig.iomems.required", OCI_LEVEL_REQUIRED, "config-vm.md", "HwConfigObject", "1.3.0", NULL,
    "each hwConfig.iomems entry has firstMFN and nrMFNs (REQUIRED)" },
  { "vm.hwconfig.iomems.range", OCI_LEVEL_ADVICE, "config-vm.md", "HwConfigObject", "1.3.0", NULL,
    "an iomem range maps at least one page and its machine and guest frames do not wrap past "
    "2^64 (advice: a hypervisor cannot map such a range)" },
};

/* An absolute path a member of @object must hold, and its rule. */
typedef struct
{
  const char *object;      /* "/vm/kernel" */
  const char *member;      /* "path" */
  const char *requirement; /* "vm.kernel.path.absolute" */
} VmPath;

static const VmPath vm_paths[] = {
  { "/vm/hypervisor", "path", "vm.hypervisor.path.absolute" },
  { "/vm/kernel", "path", "vm.kernel.path.absolute" },
  { "/vm/kernel", "initrd", "vm.kernel.initrd.absolute" },
  { "/vm/image", "path", "vm.image.path.absolute" },
};

/* REQUIRED members of an optional object (or, for kernel, of the vm object). */
typedef struct
{
  const char *object;
  const char *const members[3];
  const char *requirement;
} VmRequired;

static const VmRequired vm_required[] = {
  { "/vm", { "kernel", NULL }, "vm.kernel.required" },
  { "/vm/kernel", { "path", NULL }, "vm.kernel.required" },
  { "/vm/hypervisor", { "path", NULL }, "vm.hypervisor.path.required" },
  { "/vm/image", { "path", "format", NULL }, "vm.image.required" },
};

static JsonObject *
element_object (JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A non-negative integer member as a guint64: json-glib keeps integers
 * beyond G_MAXINT64 as doubles. */
static gboolean
get_u64 (JsonObject *object, const char *member, guint64 *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);
      *value = (guint64) v;
      return v >= 0;
    }
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;
  d = json_node_get_double (node);
  if (d < 0 || d >= 18446744073709551616.0)
    return FALSE;
  *value = (guint64) d;
  return TRUE;
}

static void
check_required (OciCheckContext *ctx, OciConfig *config)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vm_required); i++)
    {
      const VmRequired *r = &vm_required[i];
      JsonObject *object = oci_config_get_object (config, r->object);

      if (object == NULL)
        continue;
      for (const char *const *m = r->members; *m; m++)
        oci_check_expect (ctx, json_object_has_member (object, *m), r->requirement, r->object,
                          "%s has no %s", r->object + 1, *m);
    }
}

static void
check_paths (OciCheckContext *ctx, OciConfig *config)
{
  const char *os = oci_check_context_get_os (ctx);

  for (gsize i = 0; i < G_N_ELEMENTS (vm_paths); i++)
    {
      const VmPath *p = &vm_paths[i];
      g_autofree char *ptr = g_strconcat (p->object, "/", p->member, NULL);
      const char *path = oci_config_get_string (config, ptr);

      if (path)
        oci_check_expect (ctx, oci_path_is_absolute_for (os, path), p->requirement, ptr,
                          "\"%s\" is not an absolute path", path);
    }
}

static void
check_iomem (OciCheckContext *ctx, JsonObject *iomem, const char *ptr)
{
  guint64 first_mfn, nr, first_gfn;

  if (!oci_check_expect (ctx, json_object_has_member (iomem, "firstMFN") && json_object_has_member (iomem, "nrMFNs"),
                         "vm.hwconfig.iomems.required", ptr, "the iomem entry has no %s",
                         json_object_has_member (iomem, "firstMFN") ? "nrMFNs" : "firstMFN"))
    return;
  if (!get_u64 (iomem, "firstMFN", &first_mfn) || !get_u64 (iomem, "nrMFNs", &nr))
    return; /* not a uint64: the schema reports it */
  /* Without firstGFN the guest frames are the machine frames. */
  if (!get_u64 (iomem, "firstGFN", &first_gfn))
    first_gfn = first_mfn;
  if (!oci_check_expect (ctx, nr >= 1, "vm.hwconfig.iomems.range", ptr, "the iomem range maps no page (nrMFNs 0)"))
    return;
  oci_check_expect (ctx, first_mfn + (nr - 1) >= first_mfn && first_gfn + (nr - 1) >= first_gfn,
                    "vm.hwconfig.iomems.range", ptr,
                    "%" G_GUINT64_FORMAT " pages from frame %" G_GUINT64_FORMAT " wrap past the last frame",
                    nr, first_mfn + (nr - 1) < first_mfn ? first_mfn : first_gfn);
}

static void
check_hwconfig (OciCheckContext *ctx, OciConfig *config)
{
  /* config-vm.md spells it hwConfig; the 1.3.0 Go bindings write hwconfig. */
  const char *base = oci_config_has (config, "/vm/hwConfig") ? "/vm/hwConfig" : "/vm/hwconfig";
  JsonObject *hw = oci_config_get_object (config, base);
  JsonArray *iomems = oci_json_object_get_array (hw, "iomems");
  guint64 v;

  if (hw == NULL)
    return;
  if (get_u64 (hw, "vcpus", &v))
    {
      g_autofree char *ptr = g_strconcat (base, "/vcpus", NULL);
      oci_check_expect (ctx, v >= 1, "vm.hwconfig.vcpus.range", ptr, "the VM has no virtual CPU (vcpus 0)");
    }
  if (get_u64 (hw, "memory", &v))
    {
      g_autofree char *ptr = g_strconcat (base, "/memory", NULL);
      oci_check_expect (ctx, v >= 1, "vm.hwconfig.memory.range", ptr, "the VM has no memory (memory 0)");
    }
  for (guint i = 0; iomems && i < json_array_get_length (iomems); i++)
    {
      JsonObject *iomem = element_object (iomems, i);
      g_autofree char *ptr = g_strdup_printf ("%s/iomems/%u", base, i);
      if (iomem)
        check_iomem (ctx, iomem, ptr);
    }
}

static gboolean
check_vm (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  if (oci_config_get_object (config, "/vm") == NULL)
    return TRUE;
  check_required (ctx, config);
  check_paths (ctx, config);
  check_hwconfig (ctx, config);
  return TRUE;
}

static const OciChecker vm_checkers[] = {
  { "vm.config", "the vm object: hypervisor, kernel, image, hwConfig", OCI_PHASE_BUNDLE, check_vm },
};

void
vm_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, vm_requirements, G_N_ELEMENTS (vm_requirements));
  oci_plugin_add_checkers (plugin, vm_checkers, G_N_ELEMENTS (vm_checkers));
}
