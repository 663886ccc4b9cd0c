/* ort-completion.c — `oci-runtime-tool completion bash|zsh|fish`
 *
 * The script is written from what this run finds: the commands' option
 * tables and every plugin's generate options (vendor plugins included),
 * with the values of the options whose syntax is a fixed set. The files
 * installed for each shell are small stubs that source this output, so
 * the completion follows the plugins installed, not those of the build.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "ort-cli.h"

/* Value kinds besides a word list. */
#define VALUES_FILES "@files"
#define VALUES_DIRS "@dirs"

typedef struct
{
  char *name;       /* long name */
  char short_name;  /* 0: none */
  gboolean value;   /* takes a value (as the next word, or after '=') */
  char *values;     /* space-separated words, VALUES_FILES, VALUES_DIRS or "" */
  const char *help; /* one line, for fish */
} CompOption;

typedef struct
{
  const char *name;
  GArray *options; /* CompOption */
} CompCommand;

/* What the value of an option may be, from sets the registry and the core
 * know: platforms, releases, formats, checker and requirement ids. */
typedef struct
{
  char *platforms;
  char *releases;
  char *formats;
  char *ids;
} CompSets;

static void
comp_option_clear (gpointer data)
{
  CompOption *o = data;

  g_free (o->name);
  g_free (o->values);
}

static void
comp_command_clear (gpointer data)
{
  g_array_unref (((CompCommand *) data)->options);
}

static char *
join_strv (char **words)
{
  return g_strjoinv (" ", words ? words : (char *[]) { NULL });
}

/* Every format the reporters accept, probed by name: the core knows them. */
static char *
probe_formats (void)
{
  static const char *const candidates[] = { "text", "tap", "json", "junit", "sarif", "github", NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  OciReportFormat format;

  for (const char *const *c = candidates; *c; c++)
    if (oci_report_format_parse (*c, &format))
      g_ptr_array_add (found, (gpointer) *c);
  g_ptr_array_add (found, NULL);
  return join_strv ((char **) found->pdata);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Checker and requirement ids, sorted, each once (for --only, --skip). */
static char *
collect_ids (OciRegistry *registry)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GPtrArray *checkers = oci_registry_get_checkers (registry);
  GPtrArray *rows = oci_registry_get_requirements (registry);

  for (guint i = 0; i < checkers->len; i++)
    if (g_hash_table_add (seen, (gpointer) ((const OciChecker *) checkers->pdata[i])->id))
      g_ptr_array_add (ids, (gpointer) ((const OciChecker *) checkers->pdata[i])->id);
  for (guint i = 0; i < rows->len; i++)
    if (g_hash_table_add (seen, (gpointer) ((const OciRequirement *) rows->pdata[i])->id))
      g_ptr_array_add (ids, (gpointer) ((const OciRequirement *) rows->pdata[i])->id);
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return join_strv ((char **) ids->pdata);
}

static gboolean
is_word_list (const char *syntax)
{
  if (syntax == NULL || strchr (syntax, '|') == NULL)
    return FALSE;
  for (const char *c = syntax; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '|' && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

static const char *
values_for_placeholder (const char *placeholder)
{
  static const char *const files[] = { "FILE", "PATH", NULL };
  static const char *const dirs[] = { "DIR", "BUNDLE", NULL };

  if (placeholder && g_strv_contains (files, placeholder))
    return VALUES_FILES;
  if (placeholder && g_strv_contains (dirs, placeholder))
    return VALUES_DIRS;
  return "";
}

/* The values of a command's own option. */
static char *
entry_values (const GOptionEntry *e, const CompSets *sets)
{
  if (strcmp (e->long_name, "os") == 0 || strcmp (e->long_name, "platform") == 0)
    return g_strdup (sets->platforms);
  if (strcmp (e->long_name, "spec-version") == 0)
    return g_strdup (sets->releases);
  if (strcmp (e->long_name, "format") == 0)
    return g_strdup (sets->formats);
  if (strcmp (e->long_name, "only") == 0 || strcmp (e->long_name, "skip") == 0)
    return g_strdup (sets->ids);
  if (e->arg == G_OPTION_ARG_FILENAME || e->arg == G_OPTION_ARG_FILENAME_ARRAY)
    return g_strdup (strcmp (values_for_placeholder (e->arg_description), VALUES_DIRS) == 0 ? VALUES_DIRS
                                                                                           : VALUES_FILES);
  return g_strdup (values_for_placeholder (e->arg_description));
}

static void
add_entries (GArray *options, GArray *entries, const CompSets *sets)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const GOptionEntry *e = &g_array_index (entries, GOptionEntry, i);
      CompOption o = { g_strdup (e->long_name), e->short_name, e->arg != G_OPTION_ARG_NONE,
                       entry_values (e, sets), e->description };
      g_array_append_val (options, o);
    }
}

/* The values of a plugin's generate option: its own set, else a syntax
 * like "a|b|c", else true/false for a flag, else files for a path. */
static char *
option_values (const OciOption *option)
{
  if (option->values)
    {
      g_auto(GStrv) words = option->values (option);
      return join_strv (words);
    }
  if (option->flags & OCI_OPTION_FLAG)
    return g_strdup ("true false");
  if (is_word_list (option->syntax))
    return g_strdelimit (g_strdup (option->syntax), "|", ' ');
  return g_strdup (values_for_placeholder (option->syntax));
}

static void
add_plugin_options (GArray *options, OciRegistry *registry)
{
  GPtrArray *all = oci_registry_get_options (registry);

  for (guint i = 0; i < all->len; i++)
    {
      const OciOption *option = all->pdata[i];
      /* a flag's value is only ever given after '=' */
      CompOption o = { g_strdup (option->name), 0, !(option->flags & OCI_OPTION_FLAG), option_values (option),
                       option->help };
      g_array_append_val (options, o);
    }
}

static void
add_globals (GArray *options)
{
  static const struct
  {
    const char *name;
    char short_name;
    const char *values; /* NULL: a flag */
    const char *help;
  } globals[] = {
    { "compliance-level", 0, "must should may", "Lowest RFC 2119 level whose failures fail the run" },
    { "host-specific", 0, NULL, "Also run checks (and defaults) that look at this host" },
    { "log-level", 0, "panic fatal error warn info debug", "Messages shown" },
    { "plugin-dir", 0, VALUES_DIRS, "Look for plugins in DIR first" },
    { "version", 0, NULL, "Print the version and exit" },
    { "help", 'h', NULL, "Show help" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (globals); i++)
    {
      CompOption o = { g_strdup (globals[i].name), globals[i].short_name, globals[i].values != NULL,
                       g_strdup (globals[i].values ? globals[i].values : ""), globals[i].help };
      g_array_append_val (options, o);
    }
}

static GArray *
comp_options_new (void)
{
  GArray *options = g_array_new (FALSE, TRUE, sizeof (CompOption));

  g_array_set_clear_func (options, comp_option_clear);
  return options;
}

/* Every command and its options; completion takes only its shell name. */
static GArray *
collect_commands (OrtGlobals *globals, OciRegistry *registry, const CompSets *sets)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GArray *commands = g_array_new (FALSE, TRUE, sizeof (CompCommand));

  g_array_set_clear_func (commands, comp_command_clear);
  ort_list_commands (names);
  for (guint i = 0; i < names->len; i++)
    {
      CompCommand c = { names->pdata[i], comp_options_new () };

      if (strcmp (c.name, "completion") != 0)
        {
          g_autoptr(GArray) entries = ort_describe_command (globals, c.name);
          add_entries (c.options, entries, sets);
        }
      if (strcmp (c.name, "generate") == 0)
        add_plugin_options (c.options, registry);
      g_array_append_val (commands, c);
    }
  return commands;
}

/* ---- bash and zsh --------------------------------------------------------
 * One function in the syntax both shells share answers "what may come
 * here": _oci_runtime_tool_complete CUR WORD... (the words before CUR,
 * without the program's name; "--opt=value" as one word) prints a kind
 * (words, files, dirs) on its first line and the words on the second.
 * Each shell's own function turns that into its candidates. */

static void
shell_quote_words (GString *out, const char *words)
{
  g_autofree char *quoted = g_shell_quote (words);

  g_string_append (out, quoted);
}

/* case arms "CMD:--name|CMD:-s) echo VALUES ;;" for the value-taking
 * options of @command ("" for the global ones). */
static void
write_value_arms (GString *out, const char *command, GArray *options)
{
  for (guint i = 0; i < options->len; i++)
    {
      const CompOption *o = &g_array_index (options, CompOption, i);
      if (!o->value && strcmp (o->values, "true false") != 0)
        continue;
      g_string_append_printf (out, "    %s:--%s", command, o->name);
      if (o->short_name)
        g_string_append_printf (out, "|%s:-%c", command, o->short_name);
      g_string_append_printf (out, ") %s ", o->value ? "echo" : "echo =");
      shell_quote_words (out, o->values);
      g_string_append (out, " ;;\n");
    }
}

static void
write_option_words (GString *out, GArray *options)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < options->len; i++)
    {
      const CompOption *o = &g_array_index (options, CompOption, i);
      g_string_append_printf (words, "%s--%s", words->len ? " " : "", o->name);
    }
  shell_quote_words (out, words->str);
}

static const char shared_function[] =
  "# TRUE when option $2 of command $1 takes the next word as its value\n"
  "_oci_runtime_tool_takes() {\n"
  "  local v\n"
  "  v=$(_oci_runtime_tool_values \"$1\" \"$2\") && [ \"${v#=}\" = \"$v\" ]\n"
  "}\n\n"
  "_oci_runtime_tool_complete() {\n"
  "  local cur=$1 cmd= prev= opt= w vals\n"
  "  shift\n"
  "  for w in \"$@\"; do\n"
  "    case $w in\n"
  "      -*) ;;\n"
  "      *) if [ -z \"$cmd\" ] && ! _oci_runtime_tool_takes \"$cmd\" \"$prev\"; then cmd=$w; fi ;;\n"
  "    esac\n"
  "    prev=$w\n"
  "  done\n"
  "  case $cur in\n"
  "    --*=*) opt=${cur%%=*}; cur=${cur#*=} ;;\n"
  "    -*) echo words; _oci_runtime_tool_options \"$cmd\"; return ;;\n"
  "    *) _oci_runtime_tool_takes \"$cmd\" \"$prev\" && opt=$prev ;;\n"
  "  esac\n"
  "  if [ -n \"$opt\" ] && vals=$(_oci_runtime_tool_values \"$cmd\" \"$opt\"); then\n"
  "    vals=${vals#=}\n"
  "    case $vals in\n"
  "      @files) echo files ;;\n"
  "      @dirs) echo dirs ;;\n"
  "      *) echo words; echo \"$vals\" ;;\n"
  "    esac\n"
  "    return\n"
  "  fi\n"
  "  case $cmd in\n"
  "    '') echo words; _oci_runtime_tool_commands ;;\n"
  "    help) echo words; _oci_runtime_tool_commands ;;\n"
  "    completion) echo words; echo 'bash zsh fish' ;;\n"
  "    json-schema) echo files ;;\n"
  "    *) echo words; echo ;;\n"
  "  esac\n"
  "}\n";

static void
write_shared (GString *out, GArray *commands, GArray *globals)
{
  g_autoptr(GString) names = g_string_new ("help");

  for (guint i = 0; i < commands->len; i++)
    g_string_append_printf (names, " %s", g_array_index (commands, CompCommand, i).name);
  g_string_append (out, "_oci_runtime_tool_commands() {\n  echo ");
  shell_quote_words (out, names->str);
  g_string_append (out, "\n}\n\n");
  g_string_append (out, "# the options of command $1, the global ones included\n"
                        "_oci_runtime_tool_options() {\n  case $1 in\n");
  for (guint i = 0; i < commands->len; i++)
    {
      const CompCommand *c = &g_array_index (commands, CompCommand, i);
      g_string_append_printf (out, "    %s) echo ", c->name);
      write_option_words (out, c->options);
      g_string_append (out, " ;;\n");
    }
  g_string_append (out, "  esac\n  echo ");
  write_option_words (out, globals);
  g_string_append (out, "\n}\n\n");
  g_string_append (out, "# the values option $2 of command $1 takes (\"=\" first: only after '='); fails for\n"
                        "# a word that is not an option taking a value\n"
                        "_oci_runtime_tool_values() {\n  case \"$1:$2\" in\n");
  for (guint i = 0; i < commands->len; i++)
    {
      const CompCommand *c = &g_array_index (commands, CompCommand, i);
      write_value_arms (out, c->name, c->options);
    }
  write_value_arms (out, "*", globals);
  g_string_append (out, "    *) return 1 ;;\n  esac\n}\n\n");
  g_string_append (out, shared_function);
}

static const char bash_function[] =
  "\n_oci_runtime_tool() {\n"
  "  local i w words=() out kind vals cur prefix=\n"
  "  # bash splits --opt=value at '=': join the pieces again\n"
  "  for ((i = 1; i <= COMP_CWORD; i++)); do\n"
  "    w=${COMP_WORDS[i]}\n"
  "    if [[ $w == = || ( $i -gt 1 && ${COMP_WORDS[i-1]} == = ) ]] && [ ${#words[@]} -gt 0 ]; then\n"
  "      words[${#words[@]}-1]+=$w\n"
  "    else\n"
  "      words+=(\"$w\")\n"
  "    fi\n"
  "  done\n"
  "  cur=${words[${#words[@]}-1]}\n"
  "  out=$(_oci_runtime_tool_complete \"$cur\" \"${words[@]:0:${#words[@]}-1}\")\n"
  "  kind=${out%%$'\\n'*}\n"
  "  vals=${out#*$'\\n'}\n"
  "  [ \"$vals\" = \"$out\" ] && vals=\n"
  "  # after '=', bash completes the part after it\n"
  "  case $cur in --*=*) cur=${cur#*=} ;; esac\n"
  "  case $kind in\n"
  "    files) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
  "    dirs) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
  "    *)\n"
  "      # items of a comma-separated list\n"
  "      case $cur in -*) ;; *,*) prefix=${cur%,*},; cur=${cur##*,} ;; esac\n"
  "      COMPREPLY=($(compgen -P \"$prefix\" -W \"$vals\" -- \"$cur\")) ;;\n"
  "  esac\n"
  "}\n"
  "complete -F _oci_runtime_tool oci-runtime-tool\n";

static const char zsh_function[] =
  "\n_oci_runtime_tool_zsh() {\n"
  "  local out kind cur=${words[CURRENT]} prefix=\n"
  "  local -a vals\n"
  "  out=$(_oci_runtime_tool_complete \"$cur\" \"${(@)words[2,CURRENT-1]}\")\n"
  "  kind=${out%%$'\\n'*}\n"
  "  vals=(${=${out#*$'\\n'}})\n"
  "  [[ $cur == --*=* ]] && { compset -P '*='; cur=${cur#*=} }\n"
  "  case $kind in\n"
  "    files) _files ;;\n"
  "    dirs) _files -/ ;;\n"
  "    *) [[ $cur != -* && $cur == *,* ]] && compset -P '*,'\n"
  "       compadd -a vals ;;\n"
  "  esac\n"
  "}\n"
  "compdef _oci_runtime_tool_zsh oci-runtime-tool\n";

/* ---- fish --------------------------------------------------------------- */

static void
write_fish_option (GString *out, const char *command, const CompOption *o)
{
  g_autofree char *help = g_shell_quote (o->help ? o->help : "");

  g_string_append (out, "complete -c oci-runtime-tool");
  if (command)
    g_string_append_printf (out, " -n '__fish_seen_subcommand_from %s'", command);
  if (o->short_name)
    g_string_append_printf (out, " -s %c", o->short_name);
  g_string_append_printf (out, " -l %s", o->name);
  if (strcmp (o->values, VALUES_FILES) == 0 || strcmp (o->values, VALUES_DIRS) == 0)
    g_string_append (out, " -r -F");
  else if (o->value || *o->values)
    {
      g_autofree char *values = g_shell_quote (o->values);
      g_string_append_printf (out, " -x -a %s", values);
    }
  g_string_append_printf (out, " -d %s\n", help);
}

static void
write_fish (GString *out, GArray *commands, GArray *globals)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < commands->len; i++)
    g_string_append_printf (names, "%s%s", i ? " " : "", g_array_index (commands, CompCommand, i).name);
  g_string_append (out, "complete -c oci-runtime-tool -f\n");
  g_string_append_printf (out, "complete -c oci-runtime-tool -n __fish_use_subcommand -a '%s help'\n", names->str);
  g_string_append_printf (out, "complete -c oci-runtime-tool -n '__fish_seen_subcommand_from help' -a '%s'\n",
                          names->str);
  g_string_append (out, "complete -c oci-runtime-tool -n '__fish_seen_subcommand_from completion' "
                        "-a 'bash zsh fish'\n");
  for (guint i = 0; i < globals->len; i++)
    write_fish_option (out, NULL, &g_array_index (globals, CompOption, i));
  for (guint i = 0; i < commands->len; i++)
    {
      const CompCommand *c = &g_array_index (commands, CompCommand, i);
      for (guint j = 0; j < c->options->len; j++)
        write_fish_option (out, c->name, &g_array_index (c->options, CompOption, j));
    }
}

static void
comp_sets_clear (CompSets *sets)
{
  g_free (sets->platforms);
  g_free (sets->releases);
  g_free (sets->formats);
  g_free (sets->ids);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CompSets, comp_sets_clear)

int
ort_cmd_completion (OrtGlobals *globals, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(GArray) commands = NULL;
  g_autoptr(GArray) global_options = comp_options_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) platforms = NULL;
  g_auto(CompSets) sets = { 0 };
  const char *shell;

  g_option_context_set_summary (context,
                                "Prints the completion script of SHELL, written from the plugins found now: "
                                "the files installed for each shell load it at their first use, so the "
                                "options of plugins installed later complete too.\n\n"
                                "bash: source <(oci-runtime-tool completion bash)\n"
                                "zsh: source <(oci-runtime-tool completion zsh)\n"
                                "fish: oci-runtime-tool completion fish | source");
  if (!ort_parse_options (context, "completion", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc != 2)
    return ort_usage_error ("completion", "expected one shell name: bash, zsh or fish");
  shell = argv[1];
  if (strcmp (shell, "bash") != 0 && strcmp (shell, "zsh") != 0 && strcmp (shell, "fish") != 0)
    return ort_usage_error ("completion", "unknown shell \"%s\" (syntax: completion bash|zsh|fish)", shell);

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, NULL, NULL);
  ort_print_warnings (globals, registry);
  platforms = oci_registry_get_platform_names (registry);
  sets.platforms = join_strv (platforms);
  sets.releases = join_strv ((char **) oci_spec_get_releases ());
  sets.formats = probe_formats ();
  sets.ids = collect_ids (registry);
  commands = collect_commands (globals, registry, &sets);
  add_globals (global_options);

  g_string_append_printf (out, "# %s completion for %s, written by '%s completion %s' (version %s)\n\n",
                          ORT_PROGRAM, shell, ORT_PROGRAM, shell, OCI_RUNTIME_TOOLS_VERSION);
  if (strcmp (shell, "fish") == 0)
    write_fish (out, commands, global_options);
  else
    {
      write_shared (out, commands, global_options);
      g_string_append (out, strcmp (shell, "bash") == 0 ? bash_function : zsh_function);
    }
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}
