/* base-options.c — generate options, defaults and field order of config.md
 *
 * The options of the platform-independent sections: process (but for its
 * Linux-only members), root, mounts, hostname, domainname, annotations and
 * ociVersion. Arrays and strings that the Go bindings write with omitempty
 * are removed when they become empty, so that the output matches the Go
 * tool's.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base-plugin.h"

#define BASE_ARGS_STARTED "base.args-started"

/* ---- small helpers ---------------------------------------------------- */

static gboolean
release_at_least (OciGenerateContext *gen, const char *release)
{
  const char *target = oci_generate_context_get_release (gen);

  return target == NULL || oci_semver_compare_strings (target, release) >= 0;
}

/* Parses @text, a part of @value, as an unsigned integer up to @max. */
static gboolean
parse_unsigned (const OciOption *option, const char *value, const char *what, const char *text,
                guint64 max, guint64 *out, GError **error)
{
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "%s \"%s\" is not an integer from 0 to %" G_GUINT64_FORMAT,
                                                        what, text ? text : "", max));
      return FALSE;
    }
  return TRUE;
}

/* Splits @value at each ':' and insists on @n parts. */
static GStrv
split_exact (const OciOption *option, const char *value, guint n, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);

  if (g_strv_length (parts) != n)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected %u fields separated by ':'", n));
      return NULL;
    }
  return g_steal_pointer (&parts);
}

/* Index of the first object of @array whose @member is the string @want. */
static gint
find_by_string (JsonArray *array, const char *member, const char *want)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (node), member), want) == 0)
        return (gint) i;
    }
  return -1;
}

/* Removes element @index of the array at @pointer, and the array itself
 * once empty (the Go bindings omit empty arrays). */
static void
remove_element (OciConfig *config, const char *pointer, guint index)
{
  g_autofree char *element = oci_json_pointer_append_index (pointer, index);
  JsonArray *array;

  oci_config_remove (config, element);
  array = oci_config_get_array (config, pointer);
  if (array && json_array_get_length (array) == 0)
    oci_config_remove (config, pointer);
}

/* For string members written with omitempty: "" removes the member. */
static gboolean
set_string_omitempty (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value == NULL || *value == '\0')
    {
      oci_config_remove (oci_generate_context_get_config (gen), option->pointer);
      return TRUE;
    }
  return oci_option_set_string (gen, option, value, error);
}

static gboolean
set_uint32 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (!parse_unsigned (option, value, option->syntax, value, G_MAXUINT32, &v, error))
    return FALSE;
  oci_config_set_int (oci_generate_context_get_config (gen), option->pointer, (gint64) v);
  return TRUE;
}

/* ---- ociVersion, hostname, annotations -------------------------------- */

static gboolean
apply_oci_version (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(OciSemver) v = { 0 };

  if (value == NULL || !oci_semver_parse (value, &v, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "not a SemVer 2.0.0 version"));
      return FALSE;
    }
  return oci_option_set_string (gen, option, value, error);
}

static gboolean
apply_label (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const char *eq = value ? strchr (value, '=') : NULL;
  g_autofree char *key = NULL;
  g_autofree char *pointer = NULL;

  if (eq == NULL || eq == value)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected a non-empty KEY, '=' and a VALUE"));
      return FALSE;
    }
  key = g_strndup (value, eq - value);
  pointer = oci_json_pointer_append ("/annotations", key);
  oci_config_set_string (oci_generate_context_get_config (gen), pointer, eq + 1);
  return TRUE;
}

/* ---- process ---------------------------------------------------------- */

/* The first --args of a command line replaces process.args; later ones
 * append, so `--args sh --args -c --args 'echo hi'` gives three words. */
static gboolean
apply_args (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);

  if (oci_generate_context_get_data (gen, BASE_ARGS_STARTED) == NULL)
    {
      oci_config_remove (config, option->pointer);
      oci_generate_context_set_data (gen, BASE_ARGS_STARTED, GINT_TO_POINTER (1), NULL);
    }
  return oci_option_append_string (gen, option, value, error);
}

/* Sets NAME=VALUE, replacing an entry of the same name in place. */
static void
env_set (OciGenerateContext *gen, const char *entry)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_autofree char *name = g_strndup (entry, strcspn (entry, "="));
  JsonArray *env = oci_config_ensure_array (config, "/process/env");
  gint at = oci_generate_context_find_element (gen, env, NULL, name);

  if (at >= 0)
    {
      g_autofree char *pointer = oci_json_pointer_append_index ("/process/env", (guint) at);
      oci_config_set_string (config, pointer, entry);
      return;
    }
  json_array_add_string_element (env, entry);
}

static gboolean
apply_env (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value == NULL || strchr (value, '=') == NULL || value[0] == '=')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected a non-empty NAME, '=' and a VALUE"));
      return FALSE;
    }
  env_set (gen, value);
  return TRUE;
}

/* One line of an env file, as docker reads them: leading blanks dropped,
 * '#' comments and blank lines skipped, NAME alone passes the variable of
 * this environment through. *entry stays NULL for a skipped line. */
static gboolean
env_file_entry (const OciOption *option, const char *file, const char *line, guint lineno, char **entry,
                GError **error)
{
  const char *eq;
  g_autofree char *name = NULL;

  *entry = NULL;
  while (g_ascii_isspace (*line))
    line++;
  if (*line == '\0' || *line == '#')
    return TRUE;
  eq = strchr (line, '=');
  name = eq ? g_strndup (line, eq - line) : g_strstrip (g_strdup (line));
  if (*name == '\0' || strpbrk (name, " \t"))
    {
      g_propagate_error (error, oci_option_value_error (option, file, "line %u: variable \"%s\" is empty or has blanks",
                                                        lineno, name));
      return FALSE;
    }
  if (eq)
    *entry = g_strdup (line);
  else
    *entry = g_strdup_printf ("%s=%s", name, g_getenv (name) ? g_getenv (name) : "");
  return TRUE;
}

static gboolean
apply_env_file (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;
  char *text;

  if (value == NULL || !oci_file_read_bounded (value, OCI_FILE_MAX_SIZE, OCI_FILE_READ_INPUT, &contents, &length, &local))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "cannot read the file: %s",
                                                        local ? local->message : "no file given"));
      return FALSE;
    }
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the file is not valid UTF-8"));
      return FALSE;
    }
  text = g_str_has_prefix (contents, "\xef\xbb\xbf") ? contents + 3 : contents;
  /* Lines cut in place: g_strsplit() calls strstr() once per line, which
   * sanitizers make measure the rest of the text each time. */
  for (guint lineno = 1; text; lineno++)
    {
      char *nl = memchr (text, '\n', contents + length - text);
      gsize n = nl ? (gsize) (nl - text) : strlen (text);
      g_autofree char *entry = NULL;

      if (nl)
        *nl = '\0';
      if (n > 0 && text[n - 1] == '\r')
        text[n - 1] = '\0';
      if (!env_file_entry (option, value, text, lineno, &entry, error))
        return FALSE;
      if (entry)
        env_set (gen, entry);
      text = nl ? nl + 1 : NULL;
    }
  return TRUE;
}

static gboolean
apply_groups (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  JsonArray *gids;
  guint64 gid;

  if (!parse_unsigned (option, value, "GID", value, G_MAXUINT32, &gid, error))
    return FALSE;
  gids = oci_config_ensure_array (config, option->pointer);
  for (guint i = 0; i < json_array_get_length (gids); i++)
    {
      JsonNode *node = json_array_get_element (gids, i);
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
          && json_node_get_int (node) == (gint64) gid)
        return TRUE;
    }
  json_array_add_int_element (gids, (gint64) gid);
  return TRUE;
}

/* Like the Go tool: decimal, 0 octal (0022), 0x hexadecimal, 0o octal. */
static gboolean
apply_umask (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const char *digits = value ? value : "";
  guint base = 10;
  guint64 v;

  if (g_str_has_prefix (digits, "0x") || g_str_has_prefix (digits, "0X"))
    base = 16, digits += 2;
  else if (g_str_has_prefix (digits, "0o") || g_str_has_prefix (digits, "0O"))
    base = 8, digits += 2;
  else if (digits[0] == '0' && digits[1] != '\0')
    base = 8, digits += 1;
  if (!g_ascii_string_to_unsigned (digits, base, 0, G_MAXUINT32, &v, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "expected a number up to 4294967295 "
                                                        "(decimal, 0-prefixed octal or 0x hexadecimal)"));
      return FALSE;
    }
  oci_config_set_int (oci_generate_context_get_config (gen), option->pointer, (gint64) v);
  return TRUE;
}

static gboolean
apply_console_size (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = split_exact (option, value, 2, error);
  guint64 width, height;

  if (parts == NULL || !parse_unsigned (option, value, "WIDTH", parts[0], G_MAXUINT32, &width, error)
      || !parse_unsigned (option, value, "HEIGHT", parts[1], G_MAXUINT32, &height, error))
    return FALSE;
  oci_config_set_int (config, "/process/consoleSize/height", (gint64) height);
  oci_config_set_int (config, "/process/consoleSize/width", (gint64) width);
  return TRUE;
}

/* ---- rlimits ---------------------------------------------------------- */

static gboolean
rlimit_type_valid (const char *type)
{
  if (!g_str_has_prefix (type, "RLIMIT_") || type[7] == '\0')
    return FALSE;
  for (const char *c = type + 7; *c; c++)
    if (!g_ascii_isupper (*c))
      return FALSE;
  return TRUE;
}

/* TYPE:HARD:SOFT; a limit of the same type is updated in place. */
static gboolean
apply_rlimits_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = split_exact (option, value, 3, error);
  g_autoptr(JsonBuilder) b = NULL;
  guint64 hard, soft;
  gint at;

  if (parts == NULL)
    return FALSE;
  if (!rlimit_type_valid (parts[0]))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "TYPE \"%s\" is not RLIMIT_ and capital letters", parts[0]));
      return FALSE;
    }
  if (!parse_unsigned (option, value, "HARD", parts[1], G_MAXINT64, &hard, error)
      || !parse_unsigned (option, value, "SOFT", parts[2], G_MAXINT64, &soft, error))
    return FALSE;
  at = find_by_string (oci_config_get_array (config, "/process/rlimits"), "type", parts[0]);
  if (at >= 0)
    {
      g_autofree char *base = g_strdup_printf ("/process/rlimits/%d", at);
      g_autofree char *hp = g_strconcat (base, "/hard", NULL);
      g_autofree char *sp = g_strconcat (base, "/soft", NULL);
      oci_config_set_int (config, hp, (gint64) hard);
      oci_config_set_int (config, sp, (gint64) soft);
      return TRUE;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, parts[0]);
  json_builder_set_member_name (b, "hard");
  json_builder_add_int_value (b, (gint64) hard);
  json_builder_set_member_name (b, "soft");
  json_builder_add_int_value (b, (gint64) soft);
  json_builder_end_object (b);
  oci_config_append (config, "/process/rlimits", json_builder_get_root (b));
  return TRUE;
}

static gboolean
apply_rlimits_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  gint at = find_by_string (oci_config_get_array (config, "/process/rlimits"), "type", value);

  if (at >= 0)
    remove_element (config, "/process/rlimits", (guint) at);
  return TRUE;
}

/* Removes option->pointer when the flag is true (=false does nothing). */
static gboolean
apply_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean set;

  if (!oci_option_parse_bool (option, value, &set, error))
    return FALSE;
  if (set)
    oci_config_remove (oci_generate_context_get_config (gen), option->pointer);
  return TRUE;
}

/* ---- mounts ----------------------------------------------------------- */

static gboolean
is_uint32_node (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         && json_node_get_int (node) >= 0 && json_node_get_int (node) <= G_MAXUINT32;
}

static gboolean
is_idmapping_array (JsonNode *node)
{
  static const char *const fields[] = { "containerID", "hostID", "size" };
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_OBJECT (e))
        return FALSE;
      for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
        if (!is_uint32_node (json_object_get_member (json_node_get_object (e), fields[f])))
          return FALSE;
    }
  return TRUE;
}

/* Checks a --mounts-add object; the reason is NULL when it is fine. Empty
 * optional members are dropped, as the Go bindings omit them. */
static const char *
mount_problem (OciGenerateContext *gen, JsonObject *mount)
{
  static const char *const strings[] = { "type", "source" };
  static const char *const arrays[] = { "options", "uidMappings", "gidMappings" };
  JsonNode *dest = json_object_get_member (mount, "destination");

  if (dest == NULL || !JSON_NODE_HOLDS_VALUE (dest) || json_node_get_value_type (dest) != G_TYPE_STRING)
    return "\"destination\" (a string) is required";
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      JsonNode *n = json_object_get_member (mount, strings[i]);
      if (n == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return i == 0 ? "\"type\" must be a string" : "\"source\" must be a string";
      if (*json_node_get_string (n) == '\0')
        json_object_remove_member (mount, strings[i]);
    }
  if (json_object_has_member (mount, "options") && !oci_json_node_is_string_array (json_object_get_member (mount, "options")))
    return "\"options\" must be an array of strings";
  for (gsize i = 1; i < G_N_ELEMENTS (arrays); i++)
    {
      JsonNode *n = json_object_get_member (mount, arrays[i]);
      if (n == NULL)
        continue;
      if (!is_idmapping_array (n))
        return "\"uidMappings\" and \"gidMappings\" must be arrays of {\"containerID\", \"hostID\", \"size\"} uint32 objects";
      if (!release_at_least (gen, "1.1.0"))
        return "idmapped mounts (\"uidMappings\", \"gidMappings\") are new in runtime-spec 1.1.0";
    }
  for (gsize i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      JsonNode *n = json_object_get_member (mount, arrays[i]);
      if (n && json_array_get_length (json_node_get_array (n)) == 0)
        json_object_remove_member (mount, arrays[i]);
    }
  return NULL;
}

static gboolean
apply_mounts_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json_object (option, value, error);
  const char *problem;

  if (node == NULL)
    return FALSE;
  problem = mount_problem (gen, json_node_get_object (node));
  if (problem)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "%s", problem));
      return FALSE;
    }
  oci_config_append (oci_generate_context_get_config (gen), option->pointer, g_steal_pointer (&node));
  return TRUE;
}

static gboolean
apply_mounts_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  JsonArray *mounts = oci_config_get_array (config, option->pointer);

  /* the Go bindings omit an empty array */
  if (oci_generate_context_remove_element (gen, mounts, "destination", value) >= 0
      && json_array_get_length (mounts) == 0)
    oci_config_remove (config, option->pointer);
  return TRUE;
}

/* ---- the option table ------------------------------------------------- */

static const OciOption base_options[] = {
  /* misc */
  { "oci-version", "VERSION", "Set ociVersion (SemVer); see also --spec-version", OCI_OPTION_VALUE,
    apply_oci_version, "/ociVersion" },
  { "hostname", "NAME", "Set the container's hostname (empty: remove it)", OCI_OPTION_VALUE,
    set_string_omitempty, "/hostname" },
  { "domainname", "NAME", "Set the container's domain name (empty: remove it)", OCI_OPTION_VALUE,
    set_string_omitempty, "/domainname", "1.1.0" },
  { "label", "KEY=VALUE", "Add or replace an annotation (repeatable)", OCI_OPTION_VALUE, apply_label,
    "/annotations" },
  /* root */
  { "rootfs-path", "PATH", "Set root.path (default \"rootfs\"; a --template keeps its own)", OCI_OPTION_VALUE,
    oci_option_set_string, "/root/path" },
  { "rootfs-readonly", NULL, "Make the root filesystem read-only", OCI_OPTION_FLAG, oci_option_set_bool_omitempty,
    "/root/readonly" },
  /* process */
  { "args", "ARG", "Command and arguments, one per occurrence: the first --args replaces process.args, "
    "the next ones append", OCI_OPTION_VALUE, apply_args, "/process/args" },
  { "process-command-line", "CMDLINE", "Set process.commandLine, the whole command line (Windows)",
    OCI_OPTION_VALUE, set_string_omitempty, "/process/commandLine", "1.0.2" },
  { "env", "NAME=VALUE", "Set an environment variable, replacing one of the same name (repeatable)",
    OCI_OPTION_VALUE, apply_env, "/process/env" },
  { "env-file", "FILE", "Set the variables of FILE: NAME=VALUE lines, '#' comments, NAME alone passes "
    "this environment's value (repeatable; in order with --env)", OCI_OPTION_VALUE, apply_env_file,
    "/process/env" },
  { "process-cwd", "PATH", "Set the working directory (default \"/\"; a --template keeps its own)",
    OCI_OPTION_VALUE, oci_option_set_string, "/process/cwd" },
  { "process-uid", "UID", "Set process.user.uid", OCI_OPTION_VALUE, set_uint32, "/process/user/uid" },
  { "process-gid", "GID", "Set process.user.gid", OCI_OPTION_VALUE, set_uint32, "/process/user/gid" },
  { "process-groups", "GID", "Add a supplementary group ID (repeatable)", OCI_OPTION_VALUE, apply_groups,
    "/process/user/additionalGids" },
  { "process-username", "NAME", "Set process.user.username (Windows; empty: remove it)", OCI_OPTION_VALUE,
    set_string_omitempty, "/process/user/username" },
  { "process-umask", "UMASK", "Set process.user.umask (0022 is octal, 18 decimal)", OCI_OPTION_VALUE,
    apply_umask, "/process/user/umask", "1.0.2" },
  { "process-terminal", NULL, "Attach a terminal to the process", OCI_OPTION_FLAG, oci_option_set_bool_omitempty,
    "/process/terminal" },
  { "process-consolesize", "WIDTH:HEIGHT", "Set the console size in characters", OCI_OPTION_VALUE,
    apply_console_size, "/process/consoleSize" },
  { "process-no-new-privileges", NULL, "Set the no_new_privs bit of the process", OCI_OPTION_FLAG,
    oci_option_set_bool_omitempty, "/process/noNewPrivileges" },
  /* rlimits */
  { "process-rlimits-add", "TYPE:HARD:SOFT", "Add a POSIX resource limit, or update the one of that TYPE "
    "(RLIMIT_NOFILE:1024:1024)", OCI_OPTION_VALUE, apply_rlimits_add, "/process/rlimits" },
  { "process-rlimits-remove", "TYPE", "Remove the resource limit of TYPE", OCI_OPTION_VALUE,
    apply_rlimits_remove, "/process/rlimits" },
  { "process-rlimits-remove-all", NULL, "Remove every resource limit (those added later stay)", OCI_OPTION_FLAG | OCI_OPTION_CLEARS,
    apply_remove_all, "/process/rlimits" },
  /* mounts */
  { "mounts-add", "JSON", "Add a mount: {\"destination\": …, \"type\": …, \"source\": …, \"options\": […], "
    "\"uidMappings\": […], \"gidMappings\": […]} (idmappings from 1.1.0)", OCI_OPTION_VALUE,
    apply_mounts_add, "/mounts" },
  { "mounts-remove", "DEST", "Remove the first mount at destination DEST", OCI_OPTION_VALUE,
    apply_mounts_remove, "/mounts" },
  { "mounts-remove-all", NULL, "Remove every mount (those added later stay)", OCI_OPTION_FLAG | OCI_OPTION_CLEARS,
    apply_remove_all, "/mounts" },
};

/* ---- defaults --------------------------------------------------------- */

static const char *const default_env[] = {
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "TERM=xterm",
};

/* Platforms with POSIX resource limits in the Go tool's defaults. */
static const char *const rlimit_oses[] = { "linux", "solaris", "freebsd", "zos", NULL };

/* The platform-independent part of the Go tool's default config; Windows
 * gets no uid/gid (POSIX fields), no environment, no rlimits and no
 * POSIX root path: its plugin adds what Windows needs. */
static gboolean
base_defaults (OciGenerateContext *gen, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  const char *os = oci_generate_context_get_os (gen);
  gboolean windows = g_strcmp0 (os, "windows") == 0;

  oci_config_set_string (config, "/ociVersion", oci_generate_context_get_release (gen));
  if (!windows)
    {
      oci_config_set_int (config, "/process/user/uid", 0);
      oci_config_set_int (config, "/process/user/gid", 0);
    }
  oci_config_append_string (config, "/process/args", windows ? "cmd" : "sh");
  for (gsize i = 0; !windows && i < G_N_ELEMENTS (default_env); i++)
    oci_config_append_string (config, "/process/env", default_env[i]);
  oci_config_set_string (config, "/process/cwd", windows ? "C:\\" : "/");
  if (g_strv_contains (rlimit_oses, os))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "RLIMIT_NOFILE");
      json_builder_set_member_name (b, "hard");
      json_builder_add_int_value (b, 1024);
      json_builder_set_member_name (b, "soft");
      json_builder_add_int_value (b, 1024);
      json_builder_end_object (b);
      oci_config_append (config, "/process/rlimits", json_builder_get_root (b));
    }
  if (!windows)
    oci_config_set_string (config, "/root/path", "rootfs");
  oci_config_set_string (config, "/hostname", "mrsdalloway");
  return TRUE;
}

/* ---- field order ------------------------------------------------------ */

/* Member order of the Go tool's output (specs-go v1.3.0 struct field order). */
static const char *const root_order[] = {
  "ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks",
  "annotations", "linux", "solaris", "windows", "vm", "zos", "freebsd", NULL,
};
static const char *const process_order[] = {
  "terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd",
  "capabilities", "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj",
  "scheduler", "selinuxLabel", "ioPriority", "execCPUAffinity", NULL,
};
static const char *const console_order[] = { "height", "width", NULL };
static const char *const user_order[] = {
  "uid", "gid", "umask", "additionalGids", "username", NULL,
};
static const char *const capabilities_order[] = {
  "bounding", "effective", "inheritable", "permitted", "ambient", NULL,
};
static const char *const scheduler_order[] = {
  "policy", "nice", "priority", "flags", "runtime", "deadline", "period", NULL,
};
static const char *const io_priority_order[] = { "class", "priority", NULL };
static const char *const cpu_affinity_order[] = { "initial", "final", NULL };
static const char *const root_fs_order[] = { "path", "readonly", NULL };
static const char *const mount_order[] = {
  "destination", "type", "source", "options", "uidMappings", "gidMappings", NULL,
};
static const char *const idmapping_order[] = { "containerID", "hostID", "size", NULL };
static const char *const rlimit_order[] = { "type", "hard", "soft", NULL };

static const OciFieldOrder base_field_orders[] = {
  { "", OCI_FIELD_ORDER_LISTED, root_order },
  { "/process", OCI_FIELD_ORDER_LISTED, process_order },
  { "/process/consoleSize", OCI_FIELD_ORDER_LISTED, console_order },
  { "/process/user", OCI_FIELD_ORDER_LISTED, user_order },
  { "/process/capabilities", OCI_FIELD_ORDER_LISTED, capabilities_order },
  { "/process/rlimits/*", OCI_FIELD_ORDER_LISTED, rlimit_order },
  { "/process/scheduler", OCI_FIELD_ORDER_LISTED, scheduler_order },
  { "/process/ioPriority", OCI_FIELD_ORDER_LISTED, io_priority_order },
  { "/process/execCPUAffinity", OCI_FIELD_ORDER_LISTED, cpu_affinity_order },
  { "/root", OCI_FIELD_ORDER_LISTED, root_fs_order },
  { "/mounts/*", OCI_FIELD_ORDER_LISTED, mount_order },
  { "/mounts/*/uidMappings/*", OCI_FIELD_ORDER_LISTED, idmapping_order },
  { "/mounts/*/gidMappings/*", OCI_FIELD_ORDER_LISTED, idmapping_order },
  { "/annotations", OCI_FIELD_ORDER_SORTED, NULL },
};

void
base_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, base_options, G_N_ELEMENTS (base_options));
  oci_plugin_add_field_orders (plugin, base_field_orders, G_N_ELEMENTS (base_field_orders));
  oci_plugin_set_defaults (plugin, base_defaults);
}
