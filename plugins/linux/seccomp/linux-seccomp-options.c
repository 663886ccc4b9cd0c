/* linux-seccomp-options.c — the --linux-seccomp-* generate options
 *
 * The Go tool's options with its syntax and rule merging (a rule for a
 * call that already has one replaces it, is appended, or is dropped as a
 * duplicate), without its bugs: --linux-seccomp-default removes every
 * rule it makes redundant, and rules are told apart by action, errno and
 * arguments, never by name alone. Plus the fields and actions of later
 * releases (flags, listener, errnoRet, log, kill-process, kill-thread,
 * notify), each refused for a release that lacks it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-seccomp.h"

#define SECCOMP_POINTER "/linux/seccomp"
#define RULE_SYNTAX "SYSCALL[:INDEX:VALUE:VALUETWO:OP][,SYSCALL...]"
#define OPTION_PREFIX "linux-seccomp-"

/* errnoRet's default, EPERM, is 1 on every Linux architecture. */
#define DEFAULT_ERRNO 1

/* One SYSCALL[:INDEX:VALUE:VALUETWO:OP] of a rule option. */
typedef struct
{
  char *name;
  gboolean has_arg;
  guint64 index;
  guint64 value;
  guint64 value_two;
  const char *op;
} RuleSpec;

static void
rule_spec_clear (gpointer data)
{
  g_free (((RuleSpec *) data)->name);
}

/* ---- small helpers ---------------------------------------------------- */

static gboolean
check_since (OciGenerateContext *gen, const OciOption *option, const char *what, const char *since,
             GError **error)
{
  const char *release = oci_generate_context_get_release (gen);

  if (since == NULL || release == NULL || oci_semver_compare_strings (release, since) >= 0)
    return TRUE;
  g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_UNSUPPORTED,
               "--%s: %s is new in runtime-spec %s; the target release is %s", option->name, what, since,
               release);
  return FALSE;
}

static JsonObject *
seccomp_lookup (OciGenerateContext *gen)
{
  return oci_config_get_object (oci_generate_context_get_config (gen), SECCOMP_POINTER);
}

/* A profile an option creates allows what it does not mention, as having
 * no profile did. */
static JsonObject *
seccomp_ensure (OciGenerateContext *gen)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  JsonObject *seccomp = oci_config_get_object (config, SECCOMP_POINTER);

  if (seccomp)
    return seccomp;
  seccomp = oci_config_ensure_object (config, SECCOMP_POINTER);
  json_object_set_string_member (seccomp, "defaultAction", "SCMP_ACT_ALLOW");
  return seccomp;
}

static JsonArray *
object_ensure_array (JsonObject *object, const char *member)
{
  JsonArray *array = oci_json_object_get_array (object, member);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (object, member, array);
    }
  return array;
}

static gboolean
array_has_string (JsonArray *array, const char *value)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && strcmp (json_node_get_string (node), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
parse_errno (const OciOption *option, const char *value, const char *text, gint64 *out, GError **error)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "ERRNO \"%s\" is not a number from 0 to %u", text,
                                                        G_MAXUINT32));
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

static gboolean
check_syscall (OciGenerateContext *gen, const OciOption *option, const char *value, const char *name,
               GError **error)
{
  JsonObject *seccomp = seccomp_lookup (gen);
  JsonArray *arches = seccomp ? oci_json_object_get_array (seccomp, "architectures") : NULL;

  if (*name && linux_seccomp_syscall_known (arches, oci_generate_context_get_arch (gen), name))
    return TRUE;
  g_propagate_error (error, oci_option_value_error (option, value,
                                                    "\"%s\" is not a system call libseccomp knows", name));
  return FALSE;
}

/* ---- rules ------------------------------------------------------------ */

static gint64
rule_errno (JsonObject *rule, const char *member)
{
  gint64 v;

  return oci_json_object_get_int (rule, member, &v) ? v : DEFAULT_ERRNO;
}

static gboolean
rule_has_args (JsonObject *rule)
{
  JsonArray *args = oci_json_object_get_array (rule, "args");

  return args && json_array_get_length (args) > 0;
}

static gboolean
rules_same_args (JsonObject *a, JsonObject *b)
{
  if (!rule_has_args (a) || !rule_has_args (b))
    return rule_has_args (a) == rule_has_args (b);
  return json_node_equal (json_object_get_member (a, "args"), json_object_get_member (b, "args"));
}

/* Same action and, for the actions that return one, the same errno. */
static gboolean
same_outcome (const char *action_a, gint64 errno_a, const char *action_b, gint64 errno_b)
{
  if (g_strcmp0 (action_a, action_b) != 0)
    return FALSE;
  return !linux_seccomp_action_takes_errno (action_a) || errno_a == errno_b;
}

static gboolean
rules_same_outcome (JsonObject *a, JsonObject *b)
{
  return same_outcome (oci_json_object_get_string (a, "action"), rule_errno (a, "errnoRet"),
                       oci_json_object_get_string (b, "action"), rule_errno (b, "errnoRet"));
}

/* Whether @rule's names are exactly @names. */
static gboolean
rule_names_are (JsonObject *rule, char **names)
{
  JsonArray *list = oci_json_object_get_array (rule, "names");
  guint n = g_strv_length (names);

  if (list == NULL || json_array_get_length (list) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || strcmp (json_node_get_string (node), names[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
element_object (JsonArray *array, guint i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
rule_new (const RuleSpec *spec, const char *action, gint64 errno_ret)
{
  JsonObject *rule = json_object_new ();
  JsonArray *names = json_array_new ();

  json_array_add_string_element (names, spec->name);
  json_object_set_array_member (rule, "names", names);
  json_object_set_string_member (rule, "action", action);
  if (errno_ret >= 0)
    json_object_set_int_member (rule, "errnoRet", errno_ret);
  if (spec->has_arg)
    {
      JsonObject *arg = json_object_new ();
      JsonArray *args = json_array_new ();
      json_object_set_int_member (arg, "index", (gint64) spec->index);
      json_object_set_int_member (arg, "value", (gint64) spec->value);
      if (spec->value_two != 0)
        json_object_set_int_member (arg, "valueTwo", (gint64) spec->value_two);
      json_object_set_string_member (arg, "op", spec->op);
      json_array_add_object_element (args, arg);
      json_object_set_array_member (rule, "args", args);
    }
  return rule;
}

typedef enum
{
  RULE_APPEND,
  RULE_REPLACE,
  RULE_KEEP, /* an identical rule exists */
} RuleChoice;

/* A rule is known by its one call and its arguments, as in the Go tool's
 * output: the same rule again is dropped, another outcome for the same
 * call and arguments replaces the first such rule, anything else is
 * appended. Rules naming several calls (the default allow list) are
 * left alone. */
static RuleChoice
choose (JsonArray *syscalls, JsonObject *rule, char **names, guint *replace_at)
{
  gboolean replace = FALSE;

  for (guint i = 0; i < json_array_get_length (syscalls); i++)
    {
      JsonObject *old = element_object (syscalls, i);
      if (old == NULL || !rule_names_are (old, names) || !rules_same_args (rule, old))
        continue;
      if (rules_same_outcome (rule, old))
        return RULE_KEEP;
      if (!replace)
        {
          replace = TRUE;
          *replace_at = i;
        }
    }
  return replace ? RULE_REPLACE : RULE_APPEND;
}

/* Rules left out because the default action did what they say: a later
 * default action may not, and then they come back (the Go tool keeps
 * every rule; dropping them for good lost "--linux-seccomp-errno mount
 * --linux-seccomp-default allow"'s mount rule). */
#define SET_ASIDE_KEY "linux-seccomp-set-aside"

static JsonArray *
set_aside_rules (OciGenerateContext *gen)
{
  JsonArray *rules = oci_generate_context_get_data (gen, SET_ASIDE_KEY);

  if (rules == NULL)
    {
      rules = json_array_new ();
      oci_generate_context_set_data (gen, SET_ASIDE_KEY, rules, (GDestroyNotify) json_array_unref);
    }
  return rules;
}

static gboolean
rule_is_default (JsonObject *seccomp, JsonObject *rule)
{
  return same_outcome (oci_json_object_get_string (rule, "action"), rule_errno (rule, "errnoRet"),
                       oci_json_object_get_string (seccomp, "defaultAction"),
                       rule_errno (seccomp, "defaultErrnoRet"));
}

static void
add_rule (OciGenerateContext *gen, JsonObject *seccomp, JsonObject *rule)
{
  g_autoptr(JsonObject) owned = rule;
  JsonArray *syscalls;
  const char *names[] = { NULL, NULL };
  JsonArray *list = oci_json_object_get_array (rule, "names");
  guint at = 0;

  /* The default action already does what a rule without arguments says. */
  if (!rule_has_args (rule) && rule_is_default (seccomp, rule))
    {
      json_array_add_object_element (set_aside_rules (gen), g_steal_pointer (&owned));
      return;
    }
  names[0] = json_array_get_string_element (list, 0);
  syscalls = object_ensure_array (seccomp, "syscalls");
  switch (choose (syscalls, rule, (char **) names, &at))
    {
    case RULE_KEEP:
      break;
    case RULE_REPLACE:
      json_node_set_object (json_array_get_element (syscalls, at), rule);
      break;
    case RULE_APPEND:
      json_array_add_object_element (syscalls, g_steal_pointer (&owned));
      break;
    }
}

static gboolean
parse_u64 (const char *text, guint64 max, guint64 *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static gboolean
parse_rule_spec (OciGenerateContext *gen, const OciOption *option, const char *value, const char *item,
                 RuleSpec *spec, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (item, ":", -1);
  guint n = g_strv_length (parts);
  const LinuxSeccompName *op;

  if (n != 1 && n != 5)
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "\"%s\" has %u fields; give SYSCALL alone or "
                                                        "SYSCALL:INDEX:VALUE:VALUETWO:OP", item, n));
      return FALSE;
    }
  if (!check_syscall (gen, option, value, parts[0], error))
    return FALSE;
  spec->name = g_strdup (parts[0]);
  if (n == 1)
    return TRUE;
  spec->has_arg = TRUE;
  op = linux_seccomp_name_lookup (LINUX_SECCOMP_OPERATOR, parts[4]);
  if (!parse_u64 (parts[1], 5, &spec->index))
    g_propagate_error (error, oci_option_value_error (option, value,
                                                      "INDEX \"%s\" is not an argument index from 0 to 5",
                                                      parts[1]));
  else if (!parse_u64 (parts[2], G_MAXINT64, &spec->value)
           || !parse_u64 (parts[3], G_MAXINT64, &spec->value_two))
    g_propagate_error (error, oci_option_value_error (option, value,
                                                      "VALUE and VALUETWO are decimal numbers up to %"
                                                      G_GINT64_FORMAT, G_MAXINT64));
  else if (op == NULL)
    {
      g_autofree char *words = linux_seccomp_name_words (LINUX_SECCOMP_OPERATOR);
      g_propagate_error (error, oci_option_value_error (option, value, "OP \"%s\" is not one of %s",
                                                        parts[4], words));
    }
  else
    spec->op = op->name;
  return spec->op != NULL;
}

/* Parses all of @list before changing anything. */
static gboolean
add_rules (OciGenerateContext *gen, const OciOption *option, const char *value, const char *list,
           const LinuxSeccompName *action, gint64 errno_ret, GError **error)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (RuleSpec));
  JsonObject *seccomp;

  g_array_set_clear_func (specs, rule_spec_clear);
  if (!check_since (gen, option, action->name, action->since, error))
    return FALSE;
  for (guint i = 0; items[i]; i++)
    {
      RuleSpec spec = { 0 };
      gboolean ok = parse_rule_spec (gen, option, value, items[i], &spec, error);
      g_array_append_val (specs, spec);
      if (!ok)
        return FALSE;
    }
  seccomp = seccomp_ensure (gen);
  for (guint i = 0; i < specs->len; i++)
    add_rule (gen, seccomp, rule_new (&g_array_index (specs, RuleSpec, i), action->name, errno_ret));
  return TRUE;
}

/* --linux-seccomp-ACTION: the action is the option name's last part. */
static gboolean
apply_rules (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const LinuxSeccompName *action = linux_seccomp_name_lookup (LINUX_SECCOMP_ACTION,
                                                              option->name + strlen (OPTION_PREFIX));

  g_return_val_if_fail (action != NULL, FALSE);
  return add_rules (gen, option, value ? value : "", value ? value : "", action, -1, error);
}

static gboolean
apply_errno_ret_rules (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const char *eq = value ? strrchr (value, '=') : NULL;
  g_autofree char *list = NULL;
  gint64 errno_ret;

  if (eq == NULL)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "no \"=ERRNO\" at the end"));
      return FALSE;
    }
  if (!parse_errno (option, value, eq + 1, &errno_ret, error))
    return FALSE;
  list = g_strndup (value, eq - value);
  return add_rules (gen, option, value, list, linux_seccomp_name_lookup (LINUX_SECCOMP_ACTION, "errno"),
                    errno_ret, error);
}

/* ---- default action --------------------------------------------------- */

static const LinuxSeccompName *
parse_action (const OciOption *option, const char *value, GError **error)
{
  const LinuxSeccompName *action = linux_seccomp_name_lookup (LINUX_SECCOMP_ACTION, value);
  g_autofree char *words = NULL;

  if (action && strcmp (action->name, "SCMP_ACT_NOTIFY") == 0)
    {
      /* libseccomp, and so every runtime built on it, refuses it. */
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "notify cannot be the default action"));
      return NULL;
    }
  if (action)
    return action;
  words = linux_seccomp_name_words (LINUX_SECCOMP_ACTION);
  g_propagate_error (error, oci_option_value_error (option, value, "not one of %s", words));
  return NULL;
}

/* Removes the rules whose outcome is the default's, all of them (the Go
 * tool skips the rule after each one it removes), setting them aside in
 * their order. */
static void
remove_redundant_rules (OciGenerateContext *gen, JsonObject *seccomp)
{
  JsonArray *syscalls = oci_json_object_get_array (seccomp, "syscalls");
  g_autoptr(JsonArray) removed = json_array_new ();
  JsonArray *aside;

  if (syscalls == NULL)
    return;
  for (guint i = json_array_get_length (syscalls); i-- > 0;)
    {
      JsonObject *rule = element_object (syscalls, i);
      if (rule && rule_is_default (seccomp, rule))
        {
          json_array_add_element (removed, json_array_dup_element (syscalls, i));
          json_array_remove_element (syscalls, i);
        }
    }
  aside = set_aside_rules (gen);
  for (guint i = json_array_get_length (removed); i-- > 0;)
    json_array_add_element (aside, json_array_dup_element (removed, i));
  if (json_array_get_length (syscalls) == 0)
    json_object_remove_member (seccomp, "syscalls");
}

/* After the default's outcome changed: the rules set aside that now say
 * something else come back, in the order they were given. */
static void
restore_rules (OciGenerateContext *gen, JsonObject *seccomp)
{
  g_autoptr(JsonArray) rules = json_array_ref (set_aside_rules (gen));

  oci_generate_context_set_data (gen, SET_ASIDE_KEY, NULL, NULL);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = element_object (rules, i);
      if (rule)
        add_rule (gen, seccomp, json_object_ref (rule));
    }
}

static gboolean
apply_default (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const LinuxSeccompName *action = parse_action (option, value, error);
  JsonObject *seccomp;

  if (action == NULL || !check_since (gen, option, action->name, action->since, error))
    return FALSE;
  seccomp = seccomp_ensure (gen);
  json_object_set_string_member (seccomp, "defaultAction", action->name);
  /* An errno for an action that returns none makes the runtime fail. */
  if (!linux_seccomp_action_takes_errno (action->name))
    json_object_remove_member (seccomp, "defaultErrnoRet");
  restore_rules (gen, seccomp);
  if (strcmp (option->name, OPTION_PREFIX "default") == 0)
    remove_redundant_rules (gen, seccomp);
  return TRUE;
}

static gboolean
apply_default_errno (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonObject *seccomp = seccomp_lookup (gen);
  const char *action = seccomp ? oci_json_object_get_string (seccomp, "defaultAction") : NULL;
  gint64 errno_ret;

  if (!parse_errno (option, value, value ? value : "", &errno_ret, error))
    return FALSE;
  if (!linux_seccomp_action_takes_errno (action))
    {
      g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_VALUE,
                   "--%s: the default action %s returns no errno; give --" OPTION_PREFIX
                   "default errno (or trace) first",
                   option->name, action ? action : "(no seccomp profile)");
      return FALSE;
    }
  json_object_set_int_member (seccomp, "defaultErrnoRet", errno_ret);
  restore_rules (gen, seccomp);
  return TRUE;
}

/* ---- lists of names: architectures, flags ----------------------------- */

static gboolean
add_names (OciGenerateContext *gen, const OciOption *option, const char *value, LinuxSeccompNameKind kind,
           const char *member, GError **error)
{
  g_auto(GStrv) items = g_strsplit (value ? value : "", ",", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  JsonArray *array;

  for (guint i = 0; items[i]; i++)
    {
      const LinuxSeccompName *row = linux_seccomp_name_lookup (kind, items[i]);
      if (row == NULL)
        {
          g_autofree char *words = linux_seccomp_name_words (kind);
          g_propagate_error (error, oci_option_value_error (option, value, "\"%s\" is not one of %s",
                                                            items[i], words));
          return FALSE;
        }
      if (!check_since (gen, option, row->name, row->since, error))
        return FALSE;
      g_ptr_array_add (rows, (gpointer) row);
    }
  array = object_ensure_array (seccomp_ensure (gen), member);
  for (guint i = 0; i < rows->len; i++)
    {
      const LinuxSeccompName *row = rows->pdata[i];
      if (!array_has_string (array, row->name))
        json_array_add_string_element (array, row->name);
    }
  return TRUE;
}

static gboolean
apply_arch (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return add_names (gen, option, value, LINUX_SECCOMP_ARCH, "architectures", error);
}

static gboolean
apply_flags (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return add_names (gen, option, value, LINUX_SECCOMP_FLAG, "flags", error);
}

/* ---- removing --------------------------------------------------------- */

/* Removes the rules naming exactly these calls, as the Go tool does. */
static void
remove_named (JsonArray *rules, char **names)
{
  for (guint i = json_array_get_length (rules); i-- > 0;)
    {
      JsonObject *rule = element_object (rules, i);
      if (rule && rule_names_are (rule, names))
        json_array_remove_element (rules, i);
    }
}

static gboolean
apply_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) names = g_strsplit (value ? value : "", ",", -1);
  JsonObject *seccomp;
  JsonArray *syscalls;

  for (guint i = 0; names[i]; i++)
    if (!check_syscall (gen, option, value, names[i], error))
      return FALSE;
  remove_named (set_aside_rules (gen), names);
  seccomp = seccomp_lookup (gen);
  syscalls = seccomp ? oci_json_object_get_array (seccomp, "syscalls") : NULL;
  if (syscalls == NULL)
    return TRUE;
  remove_named (syscalls, names);
  if (json_array_get_length (syscalls) == 0)
    json_object_remove_member (seccomp, "syscalls");
  return TRUE;
}

static gboolean
apply_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonObject *seccomp = seccomp_lookup (gen);
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  if (on)
    oci_generate_context_set_data (gen, SET_ASIDE_KEY, NULL, NULL);
  if (on && seccomp)
    json_object_remove_member (seccomp, "syscalls");
  return TRUE;
}

/* ---- the rest --------------------------------------------------------- */

static gboolean
apply_only (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  oci_generate_context_set_output_pointer (gen, on ? SECCOMP_POINTER : NULL);
  return TRUE;
}

static gboolean
apply_listener_path (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the socket path is empty"));
      return FALSE;
    }
  json_object_set_string_member (seccomp_ensure (gen), "listenerPath", value);
  return TRUE;
}

static gboolean
apply_listener_metadata (OciGenerateContext *gen, const OciOption *option, const char *value,
                         GError **error)
{
  JsonObject *seccomp = seccomp_lookup (gen);

  /* config-linux.md: it MUST NOT be set without listenerPath. */
  if (seccomp == NULL || oci_json_object_get_string (seccomp, "listenerPath") == NULL)
    {
      g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_VALUE,
                   "--%s: the profile has no listenerPath; give --" OPTION_PREFIX "listener-path first",
                   option->name);
      return FALSE;
    }
  json_object_set_string_member (seccomp, "listenerMetadata", value ? value : "");
  return TRUE;
}

/* For completion. */
static char **
action_values (const OciOption *option)
{
  return linux_seccomp_name_list (LINUX_SECCOMP_ACTION);
}

static char **
arch_values (const OciOption *option)
{
  return linux_seccomp_name_list (LINUX_SECCOMP_ARCH);
}

static const OciOption seccomp_options[] = {
  { OPTION_PREFIX "allow", RULE_SYNTAX,
    "Allow these calls (OP: NE LT LE EQ GE GT ME); a rule equal to the default action is dropped",
    OCI_OPTION_VALUE, apply_rules, SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "errno", RULE_SYNTAX, "Make these calls fail with an errno (EPERM unless set)",
    OCI_OPTION_VALUE, apply_rules, SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "errno-ret", RULE_SYNTAX "=ERRNO", "Make these calls fail with errno ERRNO (a number)",
    OCI_OPTION_VALUE, apply_errno_ret_rules, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "kill", RULE_SYNTAX, "Kill the thread making these calls", OCI_OPTION_VALUE, apply_rules,
    SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "kill-process", RULE_SYNTAX, "Kill the process making these calls", OCI_OPTION_VALUE,
    apply_rules, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "kill-thread", RULE_SYNTAX, "Kill the thread making these calls (SCMP_ACT_KILL_THREAD)",
    OCI_OPTION_VALUE, apply_rules, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "trace", RULE_SYNTAX, "Notify a ptrace tracer of these calls", OCI_OPTION_VALUE,
    apply_rules, SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "trap", RULE_SYNTAX, "Send SIGSYS on these calls", OCI_OPTION_VALUE, apply_rules,
    SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "log", RULE_SYNTAX, "Allow and log these calls", OCI_OPTION_VALUE, apply_rules,
    SECCOMP_POINTER, "1.0.2" },
  { OPTION_PREFIX "notify", RULE_SYNTAX, "Hand these calls to the seccomp agent at the listener path",
    OCI_OPTION_VALUE, apply_rules, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "arch", "ARCH[,ARCH...]",
    "Also filter calls of these architectures (x86 amd64 x32 arm arm64 mips... or SCMP_ARCH_*)",
    OCI_OPTION_VALUE, apply_arch, SECCOMP_POINTER, NULL, arch_values },
  { OPTION_PREFIX "default", "ACTION",
    "Set the default action (allow errno kill trace trap log kill-process kill-thread) and remove "
    "the rules it makes redundant",
    OCI_OPTION_VALUE, apply_default, SECCOMP_POINTER, NULL, action_values },
  { OPTION_PREFIX "default-force", "ACTION", "Set the default action, keeping every rule",
    OCI_OPTION_VALUE, apply_default, SECCOMP_POINTER, NULL, action_values },
  { OPTION_PREFIX "default-errno-ret", "ERRNO", "The errno the default action (errno or trace) returns",
    OCI_OPTION_VALUE, apply_default_errno, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "remove", "SYSCALL[,SYSCALL...]", "Remove the rules naming exactly these calls",
    OCI_OPTION_VALUE, apply_remove, SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "remove-all", NULL, "Remove every rule", OCI_OPTION_FLAG | OCI_OPTION_CLEARS, apply_remove_all,
    SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "only", NULL, "Write the seccomp profile alone", OCI_OPTION_FLAG, apply_only,
    SECCOMP_POINTER, NULL },
  { OPTION_PREFIX "flags", "FLAG[,FLAG...]",
    "Add seccomp(2) filter flags (tsync log spec-allow wait-killable-recv or SECCOMP_FILTER_FLAG_*)",
    OCI_OPTION_VALUE, apply_flags, SECCOMP_POINTER, "1.0.2" },
  { OPTION_PREFIX "listener-path", "PATH", "The UNIX socket of the seccomp agent (for notify)",
    OCI_OPTION_VALUE, apply_listener_path, SECCOMP_POINTER, "1.1.0" },
  { OPTION_PREFIX "listener-metadata", "TEXT", "Opaque data passed to the seccomp agent",
    OCI_OPTION_VALUE, apply_listener_metadata, SECCOMP_POINTER, "1.1.0" },
};

/* specs-go v1.3.0 struct field order. */
static const char *const seccomp_order[] = {
  "defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath", "listenerMetadata",
  "syscalls", NULL,
};
static const char *const syscall_order[] = { "names", "action", "errnoRet", "args", NULL };
static const char *const arg_order[] = { "index", "value", "valueTwo", "op", NULL };

static const OciFieldOrder seccomp_field_orders[] = {
  { SECCOMP_POINTER, OCI_FIELD_ORDER_LISTED, seccomp_order },
  { SECCOMP_POINTER "/syscalls/*", OCI_FIELD_ORDER_LISTED, syscall_order },
  { SECCOMP_POINTER "/syscalls/*/args/*", OCI_FIELD_ORDER_LISTED, arg_order },
};

/**
 * linux_register_seccomp:
 * @plugin: the linux plugin
 *
 * Registers the seccomp options and their output order. The default
 * profile, linux_seccomp_defaults(), is called by the linux plugin's own
 * defaults (a plugin has one defaults function), after the capabilities
 * it depends on are in place.
 */
void
linux_register_seccomp (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, seccomp_options, G_N_ELEMENTS (seccomp_options));
  oci_plugin_add_field_orders (plugin, seccomp_field_orders, G_N_ELEMENTS (seccomp_field_orders));
}
