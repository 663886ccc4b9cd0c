/* ort-cli.h — what the commands of oci-runtime-tool share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

#define ORT_PROGRAM "oci-runtime-tool"
#define ORT_EXIT_USAGE 2

typedef struct
{
  OciTier compliance;
  gboolean host_specific;
  char *log_level;
  GPtrArray *plugin_dirs; /* char * */
  GPtrArray *disabled_plugins; /* char *, --disable-plugin */
  GPtrArray *required_plugins; /* char *, --require-plugin */
  OciIsolation isolation;
  guint plugin_timeout_ms;    /* 0: the default */
  char **argv;            /* the command line as given, for a re-execution */
  GPtrArray *plugin_options; /* char *, NAME.KEY=VALUE of --plugin-option */
  int color;              /* ORT_COLOR_AUTO, _ALWAYS or _NEVER (--color) */
} OrtGlobals;

enum
{
  ORT_COLOR_AUTO,
  ORT_COLOR_ALWAYS,
  ORT_COLOR_NEVER,
};

typedef int (*OrtCommandFunc) (OrtGlobals *globals, int argc, char **argv);

int ort_cmd_generate (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_validate (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_runtime_validate (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_plugins (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_requirements (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_json_schema (OrtGlobals *globals, int argc, char **argv);
int ort_cmd_completion (OrtGlobals *globals, int argc, char **argv);

void ort_keep_until_exit (gpointer object);
int ort_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
int ort_input_error (const GError *error);
OciRegistry *ort_registry_new (OrtGlobals *globals, const char *const *name_filter);
void ort_print_warnings (OrtGlobals *globals, OciRegistry *registry);
int ort_require_plugins (OrtGlobals *globals, OciRegistry *registry);
int ort_check_globs (OciRegistry *registry, const char *option, char **globs);
gboolean ort_parse_platform (const char *text, char **os, char **arch);
void ort_note_entries (const GOptionEntry *entries);
void ort_fix_single_dash (int argc, char **argv);
gboolean ort_use_color (OrtGlobals *globals, int fd);
gboolean ort_parse_options (GOptionContext *context, const char *command, int *argc, char ***argv);

/* ort-help.c */
typedef struct
{
  const char *title;
  const GOptionEntry *entries;
} OrtHelpSection;

int ort_help_width (void);
void ort_help_wrap (GString *out, const char *text, int column, int indent, int width);
void ort_help_append_entries (GString *out, const GOptionEntry *entries, int width);
void ort_help_print (const char *command, const char *params, const char *summary,
                     const OrtHelpSection *sections, guint n_sections);
gboolean ort_help_requested (int argc, char **argv);
const char *ort_command_params (const char *command);
void ort_list_commands (GPtrArray *names);
GArray *ort_describe_command (OrtGlobals *globals, const char *command);
gboolean ort_describing (void);

G_END_DECLS
