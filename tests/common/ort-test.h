/* ort-test.h — helpers the test programs share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ort_test_remove_tree (const char *path);
void ort_test_copy_file (const char *from, const char *to);
int ort_test_run (const char *cwd, const char *const *argv, const char *stdin_path, char **out, char **err);
int ort_test_run_cli (const char *cwd, const char *const *args, const char *stdin_path, char **out, char **err);

char *ort_test_make_bundle (const char *dir, const char *name, const char *config);
int ort_test_run_cli_with (const char *cwd, char **env, GSpawnChildSetupFunc child_setup, gpointer user_data,
                           const char *const *args, char **out, char **err);
char *ort_test_runtime_skip_reason (const char *runtime);

G_END_DECLS
