/* solaris-options.c — generate options, defaults and field order of config-solaris.md
 *
 * The Go tool's seven --solaris-* options, with its syntax. They cover
 * every field of the Solaris section (anet's members through JSON). The
 * section is optional throughout and the Go tool's default has none, so
 * the plugin adds no defaults.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "solaris-plugin.h"

/* The members of an anet entry, all strings, in specs-go order. */
static const char *const anet_members[] = {
  "linkname", "lowerLink", "allowedAddress", "configureAllowedAddress", "defrouter",
  "linkProtection", "macAddress", NULL,
};

static char *
anet_problem (JsonNode *node)
{
  g_autoptr(GList) names = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("an anet entry is a JSON object");
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (node), l->data);
      if (!g_strv_contains (anet_members, l->data))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) anet_members);
          return g_strdup_printf ("\"%s\" is not an anet member (known: %s)", (const char *) l->data, known);
        }
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        return g_strdup_printf ("anet member \"%s\" must be a string", (const char *) l->data);
    }
  return NULL;
}

/* Appends one anet entry, as the Go tool's AddSolarisAnet does. */
static gboolean
apply_anet (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json (option, value, error);
  g_autofree char *problem = NULL;

  if (node == NULL)
    return FALSE;
  problem = anet_problem (node);
  if (problem)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "%s", problem));
      return FALSE;
    }
  oci_config_append (oci_generate_context_get_config (gen), option->pointer, g_steal_pointer (&node));
  return TRUE;
}

#define S "solaris-"

static const OciOption solaris_options[] = {
  { S "anet", "JSON",
    "Add an automatic network: {\"linkname\":...,\"lowerLink\":...,\"allowedAddress\":...,"
    "\"configureAllowedAddress\":...,\"defrouter\":...,\"linkProtection\":...,"
    "\"macAddress\":...} (repeatable)",
    OCI_OPTION_VALUE, apply_anet, "/solaris/anet", NULL },
  { S "capped-cpu-ncpus", "NCPUS", "CPU cap, in CPUs (\"1.5\")", OCI_OPTION_VALUE, oci_option_set_string,
    "/solaris/cappedCPU/ncpus", NULL },
  { S "capped-memory-physical", "SIZE", "Physical memory cap (\"512m\")", OCI_OPTION_VALUE,
    oci_option_set_string, "/solaris/cappedMemory/physical", NULL },
  { S "capped-memory-swap", "SIZE", "Swap cap (\"512m\")", OCI_OPTION_VALUE, oci_option_set_string,
    "/solaris/cappedMemory/swap", NULL },
  { S "limitpriv", "PRIVS", "The most privileges a process of the container can obtain", OCI_OPTION_VALUE,
    oci_option_set_string, "/solaris/limitpriv", NULL },
  { S "max-shm-memory", "SIZE", "Maximum shared memory (\"512m\")", OCI_OPTION_VALUE, oci_option_set_string,
    "/solaris/maxShmMemory", NULL },
  { S "milestone", "FMRI", "SMF milestone that must be online before the process starts", OCI_OPTION_VALUE,
    oci_option_set_string, "/solaris/milestone", NULL },
};

/* specs-go v1.3.0 struct field order. */
static const char *const solaris_order[] = {
  "milestone", "limitpriv", "maxShmMemory", "anet", "cappedCPU", "cappedMemory", NULL,
};
static const char *const capped_memory_order[] = { "physical", "swap", NULL };

static const OciFieldOrder solaris_field_orders[] = {
  { "/solaris", OCI_FIELD_ORDER_LISTED, solaris_order },
  { "/solaris/anet/*", OCI_FIELD_ORDER_LISTED, anet_members },
  { "/solaris/cappedMemory", OCI_FIELD_ORDER_LISTED, capped_memory_order },
};

void
solaris_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, solaris_options, G_N_ELEMENTS (solaris_options));
  oci_plugin_add_field_orders (plugin, solaris_field_orders, G_N_ELEMENTS (solaris_field_orders));
}
