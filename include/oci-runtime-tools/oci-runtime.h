/* oci-runtime.h — drive a real OCI runtime and test it: the driver, the
 * runtime cases plugins register, and the suite that runs them
 *
 * Three layers, each usable alone:
 *
 *  1. #OciRuntime drives one runtime binary through the OCI command line
 *     (create, start, state, kill, delete, features) with its own state
 *     `--root`, a timeout per call (the call's process group is killed when
 *     it expires) and stdout/stderr captured in an #OciRuntimeCall.
 *  2. #OciRuntimeCase is a row of a table a plugin registers with
 *     oci_plugin_add_runtime_cases(): the generate options of its config,
 *     the lifecycle steps to drive, checks from outside the container
 *     (#OciRuntimeCheckFunc, posting results like checkers do) and the set
 *     of inside checkers that oci-runtimetest runs in the container.
 *  3. #OciRuntimeSuite runs the registered cases in parallel, each with its
 *     own bundle, state root, container id and cgroup path, and cleans up
 *     after each (also on failure, timeout or SIGINT/SIGTERM).
 *
 * Inside checkers are ordinary #OciChecker rows of phase
 * %OCI_PHASE_INSIDE. oci-runtimetest runs them in the container, with the
 * case's config (a copy at %OCI_RUNTIMETEST_CONFIG) and no bundle: the live
 * root filesystem is "/", oci_check_context_get_bundle() is %NULL. They
 * compare the config with what the process sees (/proc/self/…, uname,
 * getrlimit, …) and post with oci_check_fail_values() (expected, actual),
 * oci_check_pass() and oci_check_skip(); the harness turns oci-runtimetest's
 * TAP back into these results. oci_mount_info_read() parses mountinfo.
 *
 * A case: process.args (@args, default oci-runtimetest alone), generate
 * options (@options, applied like `generate` applies its command line),
 * steps (@steps, default create, start, inside, delete), checks after
 * steps (#OciRuntimeStep.check) or after the case (@check), and which
 * inside checkers run (@inside). What the host lacks (@requires,
 * @supported) or an option the configs' release does not have makes the
 * case a skip with the reason; a case that checked nothing is a skip too.
 *
 * Requirement ids: a requirement that only a runtime test can observe (a
 * lifecycle rule of runtime.md, "the runtime MUST set the hostname") has
 * the segment "runtime" after the plugin name ("base.runtime.create.id",
 * "linux.runtime.sysctl.applied"), so catalogue tools can tell the rules a
 * bundle can break from those only a runtime can.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdio.h>
#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "oci-check.h"
#include "oci-config.h"
#include "oci-reporter.h"
#include "oci-result.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/* oci-plugin.h includes this header (for oci_plugin_add_runtime_cases()),
 * so the registry is only named here (C11 allows the repeated typedef). */
typedef struct _OciRegistry OciRegistry;

/* ======================================================================
 * The driver
 * ====================================================================== */

#define OCI_RUNTIME_ERROR (oci_runtime_error_quark ())

/**
 * OciRuntimeErrorCode:
 * @OCI_RUNTIME_ERROR_SPAWN: the runtime could not be run (missing, not
 *   executable, not a program)
 * @OCI_RUNTIME_ERROR_TIMEOUT: the call did not end within the timeout; its
 *   process group was killed
 * @OCI_RUNTIME_ERROR_EXIT: the runtime exited with a non-zero status (it
 *   "generated an error"); the message holds its stderr
 * @OCI_RUNTIME_ERROR_SIGNALED: the runtime was killed by a signal (crashed)
 * @OCI_RUNTIME_ERROR_OUTPUT: its output is not what the command promises
 *   (`state` or `features` printed no JSON object)
 * @OCI_RUNTIME_ERROR_SETUP: the harness could not prepare something (bundle,
 *   root filesystem, state root, a file)
 * @OCI_RUNTIME_ERROR_STATUS: a container did not reach the awaited status
 *   in time
 * @OCI_RUNTIME_ERROR_CAPTURE: the call wrote more than
 *   %OCI_RUNTIME_MAX_CAPTURE bytes on stdout or stderr; what came after
 *   was refused (its writes failed) and not read
 *
 * Only %OCI_RUNTIME_ERROR_EXIT means the runtime answered with an error as
 * the OCI command line asks; the others are faults.
 */
typedef enum
{
  OCI_RUNTIME_ERROR_SPAWN,
  OCI_RUNTIME_ERROR_TIMEOUT,
  OCI_RUNTIME_ERROR_EXIT,
  OCI_RUNTIME_ERROR_SIGNALED,
  OCI_RUNTIME_ERROR_OUTPUT,
  OCI_RUNTIME_ERROR_SETUP,
  OCI_RUNTIME_ERROR_STATUS,
  OCI_RUNTIME_ERROR_CAPTURE,
} OciRuntimeErrorCode;

/**
 * oci_runtime_error_quark:
 *
 * The error domain of runtime validation (#OciRuntimeErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_runtime_error_quark (void);

/**
 * OciRuntimeCall:
 * @argv: (array zero-terminated=1): the command line that ran
 * @exit_status: the exit status, -1 if it did not exit normally
 * @term_signal: the signal that ended it, 0 if none
 * @timed_out: %TRUE when it was killed at the timeout
 * @out: what it wrote on stdout (for `create`: the container's stdout file)
 * @err: what it wrote on stderr (for `create`: the container's stderr file)
 * @seconds: wall time
 * @capped: stdout or stderr went past %OCI_RUNTIME_MAX_CAPTURE bytes
 * @leftovers: (array zero-terminated=1) (nullable): processes the call
 *   left running that were killed when it ended ("pid 12 (sleep 100)"):
 *   a call other than `create` and `start` must leave none
 *
 * One runtime invocation, kept for diagnostics.
 */
typedef struct
{
  char **argv;
  int exit_status;
  int term_signal;
  gboolean timed_out;
  char *out;
  char *err;
  double seconds;
  gboolean capped;
  char **leftovers;
} OciRuntimeCall;

OciRuntimeCall *oci_runtime_call_copy (const OciRuntimeCall *call);
void oci_runtime_call_free (OciRuntimeCall *call);
char *oci_runtime_call_describe (const OciRuntimeCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciRuntimeCall, oci_runtime_call_free)

#define OCI_TYPE_RUNTIME (oci_runtime_get_type ())
G_DECLARE_FINAL_TYPE (OciRuntime, oci_runtime, OCI, RUNTIME, GObject)

/* The default timeout of one runtime call, in milliseconds. */
#define OCI_RUNTIME_DEFAULT_TIMEOUT_MS 10000
/* The longest timeout of one call the suite takes, in seconds (one day). */
#define OCI_RUNTIME_MAX_TIMEOUT_S 86400
/* The most of one output stream (stdout or stderr) a call may write. */
#define OCI_RUNTIME_MAX_CAPTURE (4 * 1024 * 1024)
/* The environment variable that tags every process a call starts. */
#define OCI_RUNTIME_TAG_ENV "ORT_RUNTIME_CALL"

OciRuntime *oci_runtime_new (const char *path, const char *state_root);
const char *oci_runtime_get_path (OciRuntime *self);
const char *oci_runtime_get_name (OciRuntime *self);
const char *oci_runtime_get_state_root (OciRuntime *self);
void oci_runtime_set_timeout (OciRuntime *self, guint milliseconds);
guint oci_runtime_get_timeout (OciRuntime *self);
void oci_runtime_set_tag (OciRuntime *self, const char *tag);
void oci_runtime_set_global_args (OciRuntime *self, const char *const *args);
const char *oci_runtime_get_tag (OciRuntime *self);
const OciRuntimeCall *oci_runtime_get_last_call (OciRuntime *self);
GPtrArray *oci_runtime_get_calls (OciRuntime *self);
gboolean oci_runtime_check_executable (const char *path, GError **error);

gboolean oci_runtime_run (OciRuntime *self,
                          const char *const *args,
                          const char *stdout_path,
                          const char *stderr_path,
                          GError **error);
gboolean oci_runtime_create (OciRuntime *self,
                             const char *id,
                             const char *bundle,
                             const char *pid_file,
                             const char *stdout_path,
                             const char *stderr_path,
                             GError **error);
gboolean oci_runtime_start (OciRuntime *self, const char *id, GError **error);
JsonNode *oci_runtime_state (OciRuntime *self, const char *id, GError **error);
gboolean oci_runtime_kill (OciRuntime *self, const char *id, const char *signal, GError **error);
gboolean oci_runtime_delete (OciRuntime *self, const char *id, gboolean force, GError **error);
JsonNode *oci_runtime_features (OciRuntime *self, GError **error);
gboolean oci_runtime_wait_status (OciRuntime *self,
                                  const char *id,
                                  const char *status,
                                  guint timeout_ms,
                                  GError **error);
void oci_runtime_cleanup (OciRuntime *self, const char *id);

/* ======================================================================
 * The host
 * ====================================================================== */

/**
 * OciHostFeatures:
 * @OCI_HOST_ROOT: running as root (uid 0)
 * @OCI_HOST_CGROUP_V1: cgroup v1 controllers are mounted
 * @OCI_HOST_CGROUP_V2: a cgroup v2 (unified) hierarchy is mounted; with
 *   %OCI_HOST_CGROUP_V1 too the host is "hybrid"
 * @OCI_HOST_APPARMOR: AppArmor is enabled
 * @OCI_HOST_SELINUX: SELinux is enabled
 * @OCI_HOST_HUGETLB: the kernel has huge pages and the hugetlb controller
 * @OCI_HOST_USERNS: user namespaces can be created
 * @OCI_HOST_TIMENS: the kernel has time namespaces
 * @OCI_HOST_SECCOMP: the kernel has seccomp filters
 * @OCI_HOST_IDMAP_MOUNTS: the kernel has idmapped mounts (mount_setattr)
 * @OCI_HOST_CGROUPNS: the kernel has cgroup namespaces
 *
 * What a case needs from the host; a case whose needs are not met is
 * reported as skipped with the missing features named.
 */
typedef enum
{
  OCI_HOST_ROOT = 1 << 0,
  OCI_HOST_CGROUP_V1 = 1 << 1,
  OCI_HOST_CGROUP_V2 = 1 << 2,
  OCI_HOST_APPARMOR = 1 << 3,
  OCI_HOST_SELINUX = 1 << 4,
  OCI_HOST_HUGETLB = 1 << 5,
  OCI_HOST_USERNS = 1 << 6,
  OCI_HOST_TIMENS = 1 << 7,
  OCI_HOST_SECCOMP = 1 << 8,
  OCI_HOST_IDMAP_MOUNTS = 1 << 9,
  OCI_HOST_CGROUPNS = 1 << 10,
} OciHostFeatures;

/**
 * OciCgroupMode:
 * @OCI_CGROUP_NONE: no cgroup hierarchy is mounted
 * @OCI_CGROUP_V1: only v1 hierarchies
 * @OCI_CGROUP_HYBRID: v1 hierarchies and a v2 unified hierarchy
 * @OCI_CGROUP_V2: only the v2 unified hierarchy
 */
typedef enum
{
  OCI_CGROUP_NONE,
  OCI_CGROUP_V1,
  OCI_CGROUP_HYBRID,
  OCI_CGROUP_V2,
} OciCgroupMode;

OciHostFeatures oci_host_get_features (void);
char *oci_host_features_to_string (OciHostFeatures features);
OciCgroupMode oci_host_get_cgroup_mode (void);
const char *oci_cgroup_mode_to_string (OciCgroupMode mode);
int oci_host_cgroup_controller_version (const char *controller);
char *oci_host_cgroup_mount (const char *controller);
const char *oci_host_cgroup_unified_mount (void);

/* ======================================================================
 * Runtime cases
 * ====================================================================== */

/* Where the harness puts things inside the container's root filesystem. */
#define OCI_RUNTIMETEST_DIR "/.ort"
#define OCI_RUNTIMETEST_PATH "/.ort/oci-runtimetest"
#define OCI_RUNTIMETEST_CONFIG "/.ort/config.json"
#define OCI_RUNTIMETEST_INSIDE "/.ort/inside"
/* the run's plugin settings (files, --plugin-option): a GKeyFile, one
 * group per plugin */
#define OCI_RUNTIMETEST_SETTINGS "/.ort/settings"
#define OCI_RUNTIMETEST_PLUGINS "/.ort/plugins"
#define OCI_RUNTIMETEST_LIBS "/.ort/lib"

/* Step ids (#OciRuntimeStep.id): no id argument at all, or an id that no
 * container has. %NULL means the case's container. */
#define OCI_RUNTIME_ID_NONE ""
#define OCI_RUNTIME_ID_UNKNOWN "@unknown@"

typedef struct _OciRuntimeContext OciRuntimeContext;

/**
 * OciRuntimeCheckFunc:
 * @rc: the running case: runtime, container id, bundle, config, last state
 * @ctx: where results go: use oci_check_fail_values(), oci_check_expect(),
 *   oci_check_pass(), oci_check_skip() as in a checker; the subject is the
 *   case, the checker id is the case id
 * @error: set only when the check could not run (becomes an error result)
 *
 * A check from outside the container, run after a step or after the case.
 *
 * Returns: %FALSE with @error set if the check could not run
 */
typedef gboolean (*OciRuntimeCheckFunc) (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error);

/**
 * OciRuntimeConfigFunc:
 * @rc: the case being prepared (its bundle exists, the rootfs is in place)
 * @config: the config after the generate options; edit it in place
 * @error: set when the case cannot be prepared
 *
 * For what generate options cannot say: files in the bundle (hook
 * scripts), host-specific values.
 *
 * Returns: %FALSE with @error set on failure
 */
typedef gboolean (*OciRuntimeConfigFunc) (OciRuntimeContext *rc, OciConfig *config, GError **error);

/**
 * OciRuntimeSupportFunc:
 * @rc: the case (nothing is created yet; runtime, features and host known)
 * @reason: (out) (transfer full): why it cannot run, when returning %FALSE
 *
 * Decides beyond #OciHostFeatures whether the case can run here (a
 * namespace the runtime's features lack, a controller on the wrong
 * hierarchy).
 *
 * Returns: %TRUE to run the case, %FALSE to skip it with @reason
 */
typedef gboolean (*OciRuntimeSupportFunc) (OciRuntimeContext *rc, char **reason);

/**
 * OciRuntimeStepKind:
 * @OCI_RUNTIME_STEP_END: ends a step table
 * @OCI_RUNTIME_STEP_CREATE: `create --bundle B --pid-file P ID`; the
 *   container's stdout and stderr go to files of the case
 * @OCI_RUNTIME_STEP_START: `start ID`
 * @OCI_RUNTIME_STEP_STATE: `state ID`; the JSON is kept (see
 *   oci_runtime_context_get_state()) and validated against the state
 *   schema (requirement "schema")
 * @OCI_RUNTIME_STEP_KILL: `kill ID SIGNAL`, @arg the signal ("KILL" if %NULL)
 * @OCI_RUNTIME_STEP_DELETE: `delete ID`
 * @OCI_RUNTIME_STEP_DELETE_FORCE: `delete --force ID`
 * @OCI_RUNTIME_STEP_WAIT: polls `state` until the status is @arg ("stopped"
 *   if %NULL; "a|b" for either); not reaching it in time is an error
 * @OCI_RUNTIME_STEP_INSIDE: waits until the container stopped, then turns
 *   the TAP oci-runtimetest printed into results
 * @OCI_RUNTIME_STEP_CHECK: runs only the step's @check
 * @OCI_RUNTIME_STEP_SLEEP: waits @arg milliseconds ("100" if %NULL)
 */
typedef enum
{
  OCI_RUNTIME_STEP_END = 0,
  OCI_RUNTIME_STEP_CREATE,
  OCI_RUNTIME_STEP_START,
  OCI_RUNTIME_STEP_STATE,
  OCI_RUNTIME_STEP_KILL,
  OCI_RUNTIME_STEP_DELETE,
  OCI_RUNTIME_STEP_DELETE_FORCE,
  OCI_RUNTIME_STEP_WAIT,
  OCI_RUNTIME_STEP_INSIDE,
  OCI_RUNTIME_STEP_CHECK,
  OCI_RUNTIME_STEP_SLEEP,
} OciRuntimeStepKind;

/**
 * OciRuntimeExpect:
 * @OCI_RUNTIME_EXPECT_SUCCESS: the call must succeed (exit status 0)
 * @OCI_RUNTIME_EXPECT_FAILURE: the runtime must generate an error (a
 *   non-zero exit status; a crash or a timeout is never the error asked for)
 * @OCI_RUNTIME_EXPECT_ANY: either outcome is fine
 * @OCI_RUNTIME_EXPECT_SUPPORTED: success, or a clean refusal (non-zero
 *   exit status) of a value the runtime does not support, which the spec
 *   allows ("if a runtime does not support a value, it MUST generate an
 *   error"): the steps then end and the case is a skip saying so
 */
typedef enum
{
  OCI_RUNTIME_EXPECT_SUCCESS = 0,
  OCI_RUNTIME_EXPECT_FAILURE,
  OCI_RUNTIME_EXPECT_ANY,
  OCI_RUNTIME_EXPECT_SUPPORTED,
} OciRuntimeExpect;

/**
 * OciRuntimeStep:
 * @kind: what to do
 * @arg: (nullable): the signal of a kill, the status of a wait, the
 *   milliseconds of a sleep
 * @expect: which outcome of the call is right
 * @requirement: (nullable): the requirement the expectation proves: a
 *   pass when met, a failure with expected and actual outcome when not.
 *   Without it, an unmet %OCI_RUNTIME_EXPECT_SUCCESS is an error result
 *   (the case could not go on) and an unmet %OCI_RUNTIME_EXPECT_FAILURE
 *   only a note in the diagnostics.
 * @id: (nullable): the container id to pass: %NULL the case's container,
 *   %OCI_RUNTIME_ID_NONE no id argument, %OCI_RUNTIME_ID_UNKNOWN an id no
 *   container has
 * @check: (nullable): run after the step when its expectation held
 * @reserved: padding for later fields
 *
 * One lifecycle step. An unmet %OCI_RUNTIME_EXPECT_SUCCESS ends the steps
 * (nothing after it could mean anything), and so does a fault of the
 * runtime (a timeout, a crash: an error result); clean-up runs anyway.
 */
typedef struct
{
  OciRuntimeStepKind kind;
  const char *arg;
  OciRuntimeExpect expect;
  const char *requirement;
  const char *id;
  OciRuntimeCheckFunc check;
  gpointer reserved[2];
} OciRuntimeStep;

/**
 * OciRuntimeCase:
 * @id: dotted lowercase id starting with the plugin's name ("base.hostname")
 * @description: one line: what the case proves
 * @options: (array zero-terminated=1) (nullable): generate options applied
 *   in order over the plugins' defaults, exactly as `generate` applies its
 *   command line: "--name=value", "--name" followed by a separate value
 *   element, or a bare "--flag". In values, "@BUNDLE@", "@ROOTFS@" and
 *   "@ID@" are replaced by the case's bundle directory, root filesystem
 *   (host paths) and container id.
 * @args: (array zero-terminated=1) (nullable): process.args; %NULL runs
 *   %OCI_RUNTIMETEST_PATH alone
 * @inside: (array zero-terminated=1) (nullable): globs of the inside
 *   checker ids oci-runtimetest runs; %NULL with @args %NULL runs every
 *   inside checker, %NULL with @args set runs none
 * @steps: (nullable): the lifecycle, ended by %OCI_RUNTIME_STEP_END;
 *   %NULL: create, start, wait for "stopped", inside (when oci-runtimetest
 *   runs), delete
 * @requires: host features the case needs (%OCI_HOST_ROOT is always implied:
 *   the suite runs containers as root); named `host_requires` in C++,
 *   where `requires` is a keyword
 * @host_requires: @requires, as C++ names it
 * @supported: (nullable): finer run-or-skip decision
 * @configure: (nullable): edits the config after the options
 * @check: (nullable): runs after the steps, before clean-up
 * @timeout: seconds per runtime call and wait, 0 for the suite's
 * @requirements: (array zero-terminated=1) (nullable): the ids of the
 *   requirement rows the case tests (its @check, @configure and steps; the
 *   rows its @inside checkers post are learnt from those checkers), so that
 *   `requirements` can tell which runtime statements have a case and
 *   `--only ID` can select the cases of a requirement
 * @reserved: padding for later fields
 *
 * A runtime test a plugin registers with oci_plugin_add_runtime_cases().
 * The harness always sets root.path to the case's root filesystem,
 * process.terminal to false, and on Linux a cgroupsPath of its own
 * (unless the options set one); when oci-runtimetest runs it also copies
 * the config to %OCI_RUNTIMETEST_CONFIG and adds
 * "LD_LIBRARY_PATH=/.ort/lib" to process.env.
 */
typedef struct _OciRuntimeCase OciRuntimeCase;

struct _OciRuntimeCase
{
  const char *id;
  const char *description;
  const char *const *options;
  const char *const *args;
  const char *const *inside;
  const OciRuntimeStep *steps;
#ifdef __cplusplus
  /* the same field: `requires` is a keyword from C++20 on */
  OciHostFeatures host_requires;
#else
  OciHostFeatures requires;
#endif
  OciRuntimeSupportFunc supported;
  OciRuntimeConfigFunc configure;
  OciRuntimeCheckFunc check;
  guint timeout;
  const char *const *requirements;
  gpointer reserved[3];
};

/**
 * OciCheckerRequirements:
 * @checker: the id of one of the plugin's checkers
 * @requirements: (array zero-terminated=1): the ids of the requirement
 *   rows it posts
 * @reserved: padding for later fields
 *
 * A row of a table a plugin registers with
 * oci_plugin_add_checker_requirements(): what one checker posts. For an
 * inside checker this is how the registry learns which rows a runtime
 * case running it tests.
 */
typedef struct
{
  const char *checker;
  const char *const *requirements;
  gpointer reserved[2];
} OciCheckerRequirements;

/**
 * OciRuntimeGap:
 * @id: the id of a runtime requirement row ("….runtime.…") no case tests
 * @reason: one line: why the suite has no case for it ("not observable
 *   from outside the runtime", "needs hardware this suite cannot assume")
 * @reserved: padding for later fields
 *
 * A row of a table a plugin registers with oci_plugin_add_runtime_gaps():
 * a runtime statement the suite knowingly leaves without a case, and why.
 * `requirements --uncovered` lists them; a runtime row with neither a case
 * nor a gap is a hole in the catalogue.
 */
typedef struct
{
  const char *id;
  const char *reason;
  gpointer reserved[2];
} OciRuntimeGap;

/* What a check can see of the running case. Strings and nodes belong to
 * the context and live until the case ends. */
const OciRuntimeCase *oci_runtime_context_get_case (OciRuntimeContext *rc);
OciRuntime *oci_runtime_context_get_runtime (OciRuntimeContext *rc);
const char *oci_runtime_context_get_id (OciRuntimeContext *rc);
const char *oci_runtime_context_get_bundle (OciRuntimeContext *rc);
const char *oci_runtime_context_get_rootfs (OciRuntimeContext *rc);
const char *oci_runtime_context_get_pid_file (OciRuntimeContext *rc);
const char *oci_runtime_context_get_cgroups_path (OciRuntimeContext *rc);
OciConfig *oci_runtime_context_get_config (OciRuntimeContext *rc);
JsonObject *oci_runtime_context_get_state (OciRuntimeContext *rc);
const char *oci_runtime_context_get_status (OciRuntimeContext *rc);
gint64 oci_runtime_context_get_pid (OciRuntimeContext *rc);
const OciRuntimeCall *oci_runtime_context_get_last_call (OciRuntimeContext *rc);
gboolean oci_runtime_context_last_step_ok (OciRuntimeContext *rc);
JsonObject *oci_runtime_context_get_features (OciRuntimeContext *rc);
gboolean oci_runtime_context_features_list_has (OciRuntimeContext *rc,
                                                const char *pointer,
                                                const char *value);
const char *oci_runtime_context_get_features_release (OciRuntimeContext *rc);
gboolean oci_runtime_context_judge_by_features (OciRuntimeContext *rc);
gboolean oci_runtime_context_recreate (OciRuntimeContext *rc, GError **error);
OciHostFeatures oci_runtime_context_get_host (OciRuntimeContext *rc);
const char *oci_runtime_context_get_release (OciRuntimeContext *rc);
guint oci_runtime_context_get_timeout_ms (OciRuntimeContext *rc);
char *oci_runtime_context_read_stdout (OciRuntimeContext *rc);
char *oci_runtime_context_read_stderr (OciRuntimeContext *rc);
char *oci_runtime_context_bundle_path (OciRuntimeContext *rc, const char *name);
char *oci_runtime_context_rootfs_path (OciRuntimeContext *rc, const char *name);
gpointer oci_runtime_context_get_data (OciRuntimeContext *rc, const char *key);
void oci_runtime_context_set_data (OciRuntimeContext *rc,
                                   const char *key,
                                   gpointer data,
                                   GDestroyNotify destroy);
void oci_runtime_context_note (OciRuntimeContext *rc, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* ======================================================================
 * Inside the container (helpers for inside checkers)
 * ====================================================================== */

/**
 * OciMountInfo:
 * @mount_id: unique id of the mount
 * @parent_id: id of the parent mount
 * @major: st_dev major
 * @minor: st_dev minor
 * @root: the root of the mount within its filesystem
 * @mount_point: where it is mounted (octal escapes decoded)
 * @mount_options: per-mount options ("rw,nosuid,relatime")
 * @optional: (array zero-terminated=1): optional fields ("shared:1", "master:2")
 * @fs_type: filesystem type ("proc", "tmpfs")
 * @source: mount source ("none" where the kernel says so)
 * @super_options: per-superblock options
 *
 * One line of /proc/PID/mountinfo.
 */
typedef struct
{
  guint mount_id;
  guint parent_id;
  guint major;
  guint minor;
  char *root;
  char *mount_point;
  char *mount_options;
  char **optional;
  char *fs_type;
  char *source;
  char *super_options;
} OciMountInfo;

void oci_mount_info_free (OciMountInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciMountInfo, oci_mount_info_free)
GPtrArray *oci_mount_info_parse (const char *text, GError **error);
GPtrArray *oci_mount_info_read (const char *path, GError **error);
gboolean oci_path_is_readonly (const char *path, char **how);
gboolean oci_mount_info_has_option (const OciMountInfo *info, const char *option);

/* ======================================================================
 * The suite
 * ====================================================================== */

/**
 * OciRuntimeCaseResult:
 * @case_id: the case
 * @description: what it proves
 * @status: %OCI_STATUS_PASS, %OCI_STATUS_FAIL (a failing result),
 *   %OCI_STATUS_SKIP (cannot run here) or %OCI_STATUS_ERROR (could not
 *   run to the end: a fault of the runtime or of the harness)
 * @reason: (nullable): the skip reason, or a one-line summary of what failed
 * @results: (element-type OciResult): every result the case posted
 * @calls: (element-type OciRuntimeCall): every runtime call it made
 * @notes: (element-type utf8): diagnostics (clean-up problems, stderr)
 * @seconds: wall time
 */
typedef struct
{
  char *case_id;
  char *description;
  OciStatus status;
  char *reason;
  GPtrArray *results;
  GPtrArray *calls;
  GPtrArray *notes;
  double seconds;
} OciRuntimeCaseResult;

void oci_runtime_case_result_free (OciRuntimeCaseResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciRuntimeCaseResult, oci_runtime_case_result_free)

/**
 * OciRuntimeCaseDoneFunc:
 * @result: (transfer none): a finished case
 * @done: cases finished so far, this one included
 * @total: cases to run
 * @user_data: the data given with the function
 *
 * Called in the thread that called oci_runtime_suite_run(), once per case,
 * in the order cases finish.
 */
typedef void (*OciRuntimeCaseDoneFunc) (const OciRuntimeCaseResult *result,
                                        guint done,
                                        guint total,
                                        gpointer user_data);

#define OCI_TYPE_RUNTIME_SUITE (oci_runtime_suite_get_type ())
G_DECLARE_FINAL_TYPE (OciRuntimeSuite, oci_runtime_suite, OCI, RUNTIME_SUITE, GObject)

OciRuntimeSuite *oci_runtime_suite_new (OciRegistry *registry, const char *runtime_path);
void oci_runtime_suite_set_jobs (OciRuntimeSuite *self, guint jobs);
void oci_runtime_suite_set_filters (OciRuntimeSuite *self,
                                    const char *const *only,
                                    const char *const *skip);
void oci_runtime_suite_set_keep (OciRuntimeSuite *self, gboolean keep);
void oci_runtime_suite_set_runtime_args (OciRuntimeSuite *self, const char *const *args);
void oci_runtime_suite_set_timeout (OciRuntimeSuite *self, guint seconds);
void oci_runtime_suite_set_compliance (OciRuntimeSuite *self, OciTier compliance);
void oci_runtime_suite_set_spec_version (OciRuntimeSuite *self, const char *release);
void oci_runtime_suite_set_work_dir (OciRuntimeSuite *self, const char *dir);
void oci_runtime_suite_set_runtimetest (OciRuntimeSuite *self, const char *path);
void oci_runtime_suite_set_busybox (OciRuntimeSuite *self, const char *path);
void oci_runtime_suite_set_plugin_files (OciRuntimeSuite *self, const char *const *paths);
void oci_runtime_suite_set_case_done (OciRuntimeSuite *self,
                                      OciRuntimeCaseDoneFunc func,
                                      gpointer user_data);
GPtrArray *oci_runtime_suite_list_cases (OciRuntimeSuite *self);
gboolean oci_runtime_suite_run (OciRuntimeSuite *self, GError **error);
void oci_runtime_suite_install_signal_handlers (OciRuntimeSuite *self);
void oci_runtime_suite_raise_signal (OciRuntimeSuite *self);
gboolean oci_runtime_suite_check_runtime (OciRuntimeSuite *self, GError **error);
const char *oci_runtime_suite_get_release (OciRuntimeSuite *self, const char **source);

/* Case-level reports: one TAP line (or JUnit test case, JSON object) per case. */
typedef struct _OciRuntimeReport OciRuntimeReport;

OciRuntimeReport *oci_runtime_report_new (OciReportFormat format, FILE *stream, const char *runtime);
void oci_runtime_report_set_verbose (OciRuntimeReport *report, gboolean verbose);
void oci_runtime_report_add (OciRuntimeReport *report, const OciRuntimeCaseResult *result);
guint oci_runtime_report_count (OciRuntimeReport *report, OciStatus status);
void oci_runtime_report_set_known (OciRuntimeReport *report, const char *const *case_globs);
guint oci_runtime_report_count_unexpected (OciRuntimeReport *report);
GStrv oci_runtime_known_failures_load (const char *path, const char *runtime, GError **error);
void oci_runtime_report_note (OciRuntimeReport *report, const char *text);
void oci_runtime_report_finish (OciRuntimeReport *report, double seconds);
void oci_runtime_report_bail_out (OciRuntimeReport *report, const char *reason);
void oci_runtime_report_free (OciRuntimeReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciRuntimeReport, oci_runtime_report_free)

#pragma GCC visibility pop

G_END_DECLS
