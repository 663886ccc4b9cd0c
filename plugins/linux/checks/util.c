/* util.c — helpers shared by the checkers of the linux plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

/**
 * linux_check_namespace:
 * @config: a config
 * @type: a namespace type ("network")
 *
 * Returns: whether linux.namespaces lists @type, and the path it joins
 */
LinuxCheckNamespace
linux_check_namespace (OciConfig *config, const char *type)
{
  JsonArray *namespaces = oci_config_get_array (config, "/linux/namespaces");
  LinuxCheckNamespace ns = { FALSE, NULL };

  for (guint i = 0; namespaces && i < json_array_get_length (namespaces); i++)
    {
      JsonObject *entry = linux_check_object_at (namespaces, i);
      const char *path = oci_json_object_get_string (entry, "path");

      if (g_strcmp0 (oci_json_object_get_string (entry, "type"), type) != 0)
        continue;
      ns.present = TRUE;
      ns.path = path && *path ? path : NULL;
      break;
    }
  return ns;
}

static gboolean
parse_number (const char **p, guint64 *value)
{
  const char *s = *p;
  char *end;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  *value = g_ascii_strtoull (s, &end, 10);
  *p = end;
  return TRUE;
}

/**
 * linux_check_id_list:
 * @text: a list such as "0-3,7" (CPUs, memory nodes)
 * @count: (out) (optional): how many entries it names
 *
 * The list syntax of cpusets: comma-separated numbers and ranges N-M with
 * N <= M; blanks around entries are tolerated. The empty list is valid.
 *
 * Returns: %TRUE if @text is such a list
 */
gboolean
linux_check_id_list (const char *text, guint *count)
{
  g_auto(GStrv) items = NULL;
  const char *rest = text;
  guint64 n = 0;

  if (count)
    *count = 0;
  while (g_ascii_isspace (*rest))
    rest++;
  if (*rest == '\0')
    return TRUE;
  items = g_strsplit (text, ",", -1);
  for (char **item = items; *item; item++)
    {
      const char *p = g_strstrip (*item);
      guint64 first, last;

      if (!parse_number (&p, &first))
        return FALSE;
      last = first;
      if (*p == '-')
        {
          p++;
          if (!parse_number (&p, &last) || last < first)
            return FALSE;
        }
      if (*p != '\0')
        return FALSE;
      n = MIN (n + MIN (last - first, G_MAXUINT) + 1, G_MAXUINT);
    }
  if (count)
    *count = (guint) n;
  return TRUE;
}

/**
 * linux_check_object_at:
 * @array: (nullable): an array
 * @index: an index
 *
 * Returns: (transfer none) (nullable): the element if it is an object
 */
JsonObject *
linux_check_object_at (JsonArray *array, guint index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * linux_check_string_at:
 * @array: (nullable): an array
 * @index: an index
 *
 * Returns: (transfer none) (nullable): the element if it is a string
 */
const char *
linux_check_string_at (JsonArray *array, guint index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * linux_check_strv_has:
 * @array: (nullable): an array of strings
 * @value: a string
 *
 * Returns: %TRUE if @array holds the string @value
 */
gboolean
linux_check_strv_has (JsonArray *array, const char *value)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      if (g_strcmp0 (linux_check_string_at (array, i), value) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * linux_check_uint64:
 * @object: (nullable): an object
 * @member: a member name
 * @value: (out): the number
 *
 * Reads a uint64: values beyond the int64 range are stored as doubles.
 *
 * Returns: %TRUE if the member is a non-negative number
 */
gboolean
linux_check_uint64 (JsonObject *object, const char *member, guint64 *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  gint64 i;

  if (oci_json_object_get_int (object, member, &i))
    {
      *value = (guint64) i;
      return i >= 0;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_DOUBLE
      || json_node_get_double (node) < 0)
    return FALSE;
  *value = json_node_get_double (node) >= 18446744073709551615.0 ? G_MAXUINT64 : (guint64) json_node_get_double (node);
  return TRUE;
}
