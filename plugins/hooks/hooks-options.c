/* hooks-options.c — generate options, defaults and field order of lifecycle hooks
 *
 * --hooks-KIND-add JSON and --hooks-KIND-remove-all for each of the six
 * hook kinds; the three kinds of runtime-spec 1.0.2 are refused for older
 * targets by their rows' `since`.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "hooks-plugin.h"

/* Checks a hook object; NULL when fine. Empty args and env are dropped,
 * as the Go bindings omit them. */
static const char *
hook_problem (JsonObject *hook)
{
  static const char *const lists[] = { "args", "env" };
  JsonNode *path = json_object_get_member (hook, "path");
  JsonNode *timeout = json_object_get_member (hook, "timeout");

  if (path == NULL || !JSON_NODE_HOLDS_VALUE (path) || json_node_get_value_type (path) != G_TYPE_STRING)
    return "\"path\" (a string) is required";
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonNode *n = json_object_get_member (hook, lists[i]);
      if (n == NULL)
        continue;
      if (!oci_json_node_is_string_array (n))
        return i == 0 ? "\"args\" must be an array of strings" : "\"env\" must be an array of strings";
      if (json_array_get_length (json_node_get_array (n)) == 0)
        json_object_remove_member (hook, lists[i]);
    }
  if (timeout && (!JSON_NODE_HOLDS_VALUE (timeout) || json_node_get_value_type (timeout) != G_TYPE_INT64
                  || json_node_get_int (timeout) < 1))
    return "\"timeout\" must be an integer greater than zero";
  return NULL;
}

static gboolean
apply_hook_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json_object (option, value, error);
  const char *problem;

  if (node == NULL)
    return FALSE;
  problem = hook_problem (json_node_get_object (node));
  if (problem)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "%s", problem));
      return FALSE;
    }
  oci_config_append (oci_generate_context_get_config (gen), option->pointer, g_steal_pointer (&node));
  return TRUE;
}

/* Drops the kind's list; the hooks object stays, as with the Go tool. */
static gboolean
apply_hook_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean set;

  if (!oci_option_parse_bool (option, value, &set, error))
    return FALSE;
  if (set)
    oci_config_remove (oci_generate_context_get_config (gen), option->pointer);
  return TRUE;
}

#define HOOK_JSON "{\"path\": …, \"args\": […], \"env\": […], \"timeout\": N}"

#define HOOK_OPTIONS(kind, name, since)                                                              \
  { "hooks-" name "-add", "JSON", "Add a " name " hook: " HOOK_JSON, OCI_OPTION_VALUE, apply_hook_add, \
    "/hooks/" kind, since },                                                                           \
  { "hooks-" name "-remove-all", NULL, "Remove every " name " hook (those added later stay)",          \
    OCI_OPTION_FLAG | OCI_OPTION_CLEARS, apply_hook_remove_all, "/hooks/" kind, since }

static const OciOption hooks_options[] = {
  HOOK_OPTIONS ("prestart", "prestart", NULL),
  HOOK_OPTIONS ("createRuntime", "createRuntime", "1.0.2"),
  HOOK_OPTIONS ("createContainer", "createContainer", "1.0.2"),
  HOOK_OPTIONS ("startContainer", "startContainer", "1.0.2"),
  HOOK_OPTIONS ("poststart", "poststart", NULL),
  HOOK_OPTIONS ("poststop", "poststop", NULL),
};

/* specs-go v1.3.0 struct field order. */
static const char *const hooks_order[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop", NULL,
};
static const char *const hook_order[] = { "path", "args", "env", "timeout", NULL };

static const OciFieldOrder hooks_field_orders[] = {
  { "/hooks", OCI_FIELD_ORDER_LISTED, hooks_order },
  { "/hooks/prestart/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/createRuntime/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/createContainer/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/startContainer/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/poststart/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/poststop/*", OCI_FIELD_ORDER_LISTED, hook_order },
};

void
hooks_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, hooks_options, G_N_ELEMENTS (hooks_options));
  oci_plugin_add_field_orders (plugin, hooks_field_orders, G_N_ELEMENTS (hooks_field_orders));
}
