/* oci-guard-common.h — what the guard's front program and its decision
 * module share: the runtime command line's flags, the policy's keys and
 * where the real runtime is. Plain C and libc only: the front links
 * nothing else, so that a pass-through command starts no more than a
 * small C program does.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define GUARD_PROGRAM "oci-guard"
#define GUARD_GROUP "guard"
#define GUARD_CONFIG_ENV "OCI_GUARD_CONFIG"
/* Set for the real runtime: a guard started below another one is a loop
 * (a wrapper script naming the guard as its runtime, say). */
#define GUARD_ACTIVE_ENV "OCI_GUARD_ACTIVE"
/* The decision server (`oci-guard serve`): the socket the front asks
 * before it opens the decision module itself. The environment variable
 * names it for one process (tests, benchmarks); the policy's server= for
 * all; else the default below (root), or $XDG_RUNTIME_DIR/oci-guard/
 * decide.sock for another user. */
#define GUARD_SERVER_ENV "OCI_GUARD_SERVER"
#define GUARD_SERVER_DEFAULT "/run/oci-guard/decide.sock"
#define GUARD_SERVER_SOCKET_NAME "oci-guard/decide.sock"
/* What a request starts with: the protocol's name and version. */
#define GUARD_WIRE_MAGIC "oci-guard-decide/1"
/* The largest request: a longer command line is decided in-process. */
#define GUARD_WIRE_MAX (128 * 1024)
/* Seconds the front waits for a server beyond the policy's timeout= before
 * it decides in-process instead. */
#define GUARD_WIRE_GRACE 5

/* The decision module's entry point (see guard_main_func). */
#define GUARD_MAIN_SYMBOL "oci_guard_main"

/* The decision module's entry: everything but the fast pass-through.
 * @started is CLOCK_MONOTONIC in microseconds, when the front began. */
typedef int (*GuardMainFunc) (int argc, char **argv, long long started);

typedef enum
{
  FLAG_BOOL,
  FLAG_VALUE,
  FLAG_TRISTATE, /* runc's --rootless true|false|auto; a bare flag in crun */
} FlagKind;

typedef struct
{
  const char *name;
  FlagKind kind;
} GuardFlag;

/* Global flags of runc and crun that take a value; any other flag before
 * the command is a switch (--debug, --systemd-cgroup, --version, …). */
extern const GuardFlag guard_global_flags[];
extern const size_t guard_n_global_flags;
/* Flags of create and run that take a value. */
extern const GuardFlag guard_create_flags[];
extern const size_t guard_n_create_flags;
/* The keys of the policy's [guard] group, NULL-terminated. */
extern const char *const guard_policy_keys[];
/* The environment a decision reads (the policy's path, the plugin and
 * settings paths, PATH for the runtime, the loop check, the user's
 * settings folder), NULL-terminated: a request carries these, and only
 * these, to the decision server. */
extern const char *const guard_request_env[];

typedef void (*GuardFlagFunc) (const char *name, size_t len, const char *value, void *data);

int guard_skip_flags (int argc, char **argv, int start, const GuardFlag *table, size_t n,
                      GuardFlagFunc on_value, void *data);
bool guard_is_create (const char *command);
bool guard_is_policy_key (const char *key, size_t len);
bool guard_is_this_program (const char *path);
char *guard_resolve_runtime (const char *configured, bool *found_self);
char *guard_default_server_socket (void);

/* The decision module's entry (oci-guard.c). */
int oci_guard_main (int argc, char **argv, long long started);
