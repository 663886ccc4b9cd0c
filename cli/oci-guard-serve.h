/* oci-guard-serve.h — the decision server (oci-guard-serve.c) and what it
 * takes from the decision module (oci-guard.c).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

int guard_decide_for_front (int reply_fd, int argc, char **argv, long long started, char **runtime);
void guard_warm_up (void);
int guard_serve (int argc, char **argv);
