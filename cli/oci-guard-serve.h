/* oci-guard-serve.h — the decision server (oci-guard-serve.c) and what it
 * takes from the decision module (oci-guard.c).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

int guard_decide_for_front (int reply_fd, int argc, char **argv, long long started, char **runtime);
void guard_warm_up (void);
int guard_serve (int argc, char **argv);
gboolean guard_serve_file_unchanged (const char *path);
void guard_serve_step_aside (int conn, const char *path) __attribute__ ((noreturn));
