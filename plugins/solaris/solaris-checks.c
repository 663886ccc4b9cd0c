/* solaris-checks.c — requirements and checkers of config-solaris.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "solaris-plugin.h"

static const OciRequirement solaris_requirements[] = {
  { "solaris.fields.type", OCI_LEVEL_MUST, "config-solaris.md", "", "1.0.0", NULL,
    "each field of the solaris object has the type config-solaris.md gives it" },
};

typedef struct
{
  const char *pointer; /* relative to /solaris; "*" stands for each anet element */
  JsonNodeType node_type;
  GType value_type;    /* for JSON_NODE_VALUE */
} SolarisField;

/* Every field of config-solaris.md with its type: strings but the containers. */
static const SolarisField solaris_fields[] = {
  { "", JSON_NODE_OBJECT, 0 },
  { "/milestone", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/limitpriv", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/maxShmMemory", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedCPU", JSON_NODE_OBJECT, 0 },
  { "/cappedCPU/ncpus", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedMemory", JSON_NODE_OBJECT, 0 },
  { "/cappedMemory/physical", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedMemory/swap", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet", JSON_NODE_ARRAY, 0 },
  { "/anet/*", JSON_NODE_OBJECT, 0 },
  { "/anet/*/linkname", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/lowerLink", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/allowedAddress", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/configureAllowedAddress", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/defrouter", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/linkProtection", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/macAddress", JSON_NODE_VALUE, G_TYPE_STRING },
};

static const char *
type_name (JsonNodeType node_type, GType value_type)
{
  if (node_type == JSON_NODE_OBJECT)
    return "an object";
  if (node_type == JSON_NODE_ARRAY)
    return "an array";
  if (node_type == JSON_NODE_NULL)
    return "null";
  return value_type == G_TYPE_STRING ? "a string" : value_type == G_TYPE_BOOLEAN ? "a boolean" : "a number";
}

static void
check_field (OciCheckContext *ctx, const SolarisField *field, const char *pointer)
{
  JsonNode *node = oci_config_lookup (oci_check_context_get_config (ctx), pointer);
  JsonNodeType t;
  GType vt = 0;

  if (node == NULL)
    return;
  t = JSON_NODE_TYPE (node);
  if (t == JSON_NODE_VALUE)
    vt = json_node_get_value_type (node);
  oci_check_expect (ctx, t == field->node_type && (t != JSON_NODE_VALUE || vt == field->value_type),
                    "solaris.fields.type", pointer, "%s must be %s, not %s", pointer,
                    type_name (field->node_type, field->value_type), type_name (t, vt));
}

static gboolean
check_solaris (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *anet = oci_config_get_array (config, "/solaris/anet");
  guint n_anet = anet ? json_array_get_length (anet) : 0;

  if (!oci_config_has (config, "/solaris"))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (solaris_fields); i++)
    {
      const SolarisField *f = &solaris_fields[i];
      const char *star = strchr (f->pointer, '*');
      if (star == NULL)
        {
          g_autofree char *ptr = g_strconcat ("/solaris", f->pointer, NULL);
          check_field (ctx, f, ptr);
          continue;
        }
      for (guint k = 0; k < n_anet; k++)
        {
          g_autofree char *head = g_strndup (f->pointer, star - f->pointer);
          g_autofree char *ptr = g_strdup_printf ("/solaris%s%u%s", head, k, star + 1);
          check_field (ctx, f, ptr);
        }
    }
  return TRUE;
}

static const OciChecker solaris_checkers[] = {
  { "solaris.fields", "types of the solaris object's fields", OCI_PHASE_BUNDLE, check_solaris },
};

void
solaris_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, solaris_requirements, G_N_ELEMENTS (solaris_requirements));
  oci_plugin_add_checkers (plugin, solaris_checkers, G_N_ELEMENTS (solaris_checkers));
}
