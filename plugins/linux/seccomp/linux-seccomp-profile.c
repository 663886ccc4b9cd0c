/* linux-seccomp-profile.c — the default seccomp profile of `generate`
 *
 * Deny by default (errno), allow what ordinary programs call, and allow
 * more when the container holds the capability a call needs. The lists
 * below are grouped by subsystem; the profile lists them in one rule,
 * sorted the way container profiles conventionally are (alphabetically,
 * ignoring underscores), so the output matches the Go tool's.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "linux-seccomp.h"

/* ---- what every container may call ------------------------------------ */

static const char *const file_calls[] = {
  "access", "chdir", "chmod", "chown", "chown32", "close", "copy_file_range", "creat", "dup", "dup2",
  "dup3", "faccessat", "fadvise64", "fadvise64_64", "fallocate", "fchdir", "fchmod", "fchmodat",
  "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "flock", "fstat", "fstat64",
  "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futimesat", "getcwd",
  "getdents", "getdents64", "ioctl", "lchown", "lchown32", "link", "linkat", "_llseek", "lseek",
  "lstat", "lstat64", "mkdir", "mkdirat", "mknod", "mknodat", "newfstatat", "open", "openat", "pipe",
  "pipe2", "pread64", "preadv", "pwrite64", "pwritev", "read", "readahead", "readlink", "readlinkat",
  "readv", "rename", "renameat", "renameat2", "rmdir", "sendfile", "sendfile64", "splice", "stat",
  "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range",
  "syncfs", "tee", "truncate", "truncate64", "umask", "unlink", "unlinkat", "utime", "utimensat",
  "utimes", "vmsplice", "write", "writev", NULL,
};

static const char *const xattr_calls[] = {
  "fgetxattr", "flistxattr", "fremovexattr", "fsetxattr", "getxattr", "lgetxattr", "listxattr",
  "llistxattr", "lremovexattr", "lsetxattr", "removexattr", "setxattr", NULL,
};

/* Waiting for file descriptors and the descriptors made to be waited on. */
static const char *const event_calls[] = {
  "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_wait",
  "epoll_wait_old", "eventfd", "eventfd2", "fanotify_mark", "inotify_add_watch", "inotify_init",
  "inotify_init1", "inotify_rm_watch", "_newselect", "poll", "ppoll", "pselect6", "select",
  "signalfd", "signalfd4", "timerfd_create", "timerfd_gettime", "timerfd_settime", NULL,
};

static const char *const aio_calls[] = {
  "io_cancel", "io_destroy", "io_getevents", "io_setup", "io_submit", "ioprio_get", "ioprio_set", NULL,
};

static const char *const memory_calls[] = {
  "brk", "madvise", "memfd_create", "mincore", "mlock", "mlock2", "mlockall", "mmap", "mmap2",
  "mprotect", "mremap", "msync", "munlock", "munlockall", "munmap", "remap_file_pages", NULL,
};

static const char *const process_calls[] = {
  "capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "futex", "get_robust_list",
  "get_thread_area", "getcpu", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom",
  "getrlimit", "getrusage", "getsid", "gettid", "kill", "pause", "prctl", "prlimit64",
  "restart_syscall", "seccomp", "set_robust_list", "set_thread_area", "set_tid_address", "setpgid",
  "setpriority", "setrlimit", "setsid", "sysinfo", "syslog", "tgkill", "times", "tkill",
  "ugetrlimit", "uname", "vfork", "wait4", "waitid", "waitpid", NULL,
};

static const char *const sched_calls[] = {
  "sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity", "sched_getattr",
  "sched_getparam", "sched_getscheduler", "sched_rr_get_interval", "sched_setaffinity",
  "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", NULL,
};

/* Reading and switching user and group ids (the 32 variants are the
 * 32-bit-id calls of the older ABIs). */
static const char *const credential_calls[] = {
  "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
  "getresgid", "getresgid32", "getresuid", "getresuid32", "getuid", "getuid32", "setfsgid",
  "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32",
  "setregid", "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid",
  "setreuid32", "setuid", "setuid32", NULL,
};

static const char *const signal_calls[] = {
  "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn",
  "rt_sigsuspend", "rt_sigtimedwait", "rt_tgsigqueueinfo", "sigaltstack", "sigreturn", NULL,
};

static const char *const time_calls[] = {
  "alarm", "clock_getres", "clock_gettime", "clock_nanosleep", "getitimer", "gettimeofday",
  "nanosleep", "setitimer", "time", "timer_create", "timer_delete", "timer_getoverrun",
  "timer_gettime", "timer_settime", NULL,
};

/* Sockets; socketcall, send and recv are the multiplexed forms of the
 * older ABIs. */
static const char *const socket_calls[] = {
  "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen",
  "recv", "recvfrom", "recvmmsg", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto", "setsockopt",
  "shutdown", "socket", "socketcall", "socketpair", NULL,
};

/* System V and POSIX IPC; ipc is the multiplexed form. */
static const char *const ipc_calls[] = {
  "ipc", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedsend", "mq_unlink",
  "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop", "semtimedop", "shmat",
  "shmctl", "shmdt", "shmget", NULL,
};

/* Unprivileged self-sandboxing. */
static const char *const landlock_calls[] = {
  "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", NULL,
};

static const char *const *const ordinary_groups[] = {
  file_calls, xattr_calls, event_calls, aio_calls, memory_calls, process_calls, sched_calls,
  credential_calls, signal_calls, time_calls, socket_calls, ipc_calls, landlock_calls,
};

/* personality(2) personas allowed: PER_LINUX, UNAME26, and the query. */
static const guint64 personality_values[] = { 0x0000, 0x0008, 0xffffffff };

/* ---- what a capability adds ------------------------------------------- */

typedef struct
{
  const char *capability;
  const char *const names[16];
} CapabilityCalls;

static const CapabilityCalls capability_calls[] = {
  { "CAP_DAC_READ_SEARCH", { "open_by_handle_at" } },
  { "CAP_SYS_ADMIN",
    { "bpf", "clone", "fanotify_init", "lookup_dcookie", "mount", "name_to_handle_at",
      "perf_event_open", "setdomainname", "sethostname", "setns", "umount", "umount2", "unshare" } },
  { "CAP_SYS_BOOT", { "reboot" } },
  { "CAP_SYS_CHROOT", { "chroot" } },
  { "CAP_SYS_MODULE", { "delete_module", "finit_module", "init_module", "query_module" } },
  { "CAP_SYS_PACCT", { "acct" } },
  { "CAP_SYS_PTRACE", { "kcmp", "process_vm_readv", "process_vm_writev", "ptrace" } },
  { "CAP_SYS_RAWIO", { "ioperm", "iopl" } },
  { "CAP_SYS_TIME", { "adjtimex", "settimeofday", "stime" } },
  { "CAP_SYS_TTY_CONFIG", { "vhangup" } },
};

/* Without CAP_SYS_ADMIN, clone(2) may not create namespaces: the flags
 * argument masked with every CLONE_NEW* bit must be 0. The values are
 * the same on every Linux architecture. */
enum
{
  CLONE_NEW_NS = 0x00020000,
  CLONE_NEW_CGROUP = 0x02000000,
  CLONE_NEW_UTS = 0x04000000,
  CLONE_NEW_IPC = 0x08000000,
  CLONE_NEW_USER = 0x10000000,
  CLONE_NEW_PID = 0x20000000,
  CLONE_NEW_NET = 0x40000000,
};
#define CLONE_NAMESPACE_MASK                                                                       \
  (CLONE_NEW_NS | CLONE_NEW_CGROUP | CLONE_NEW_UTS | CLONE_NEW_IPC | CLONE_NEW_USER | CLONE_NEW_PID \
   | CLONE_NEW_NET)

/* ---- what an architecture adds ---------------------------------------- */

typedef struct
{
  const char *goarch;
  const char *const architectures[4]; /* the ABIs its kernels run */
  const char *const rules[2][4];      /* its own calls, one rule per row */
  guint clone_flags_index;            /* s390 passes the flags second */
} ArchProfile;

static const ArchProfile arch_profiles[] = {
  { "amd64", { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32" },
    { { "arch_prctl" }, { "modify_ldt" } }, 0 },
  { "386", { NULL }, { { "modify_ldt" } }, 0 },
  { "arm64", { "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64" }, { { "breakpoint", "cacheflush", "set_tls" } }, 0 },
  { "arm", { NULL }, { { "breakpoint", "cacheflush", "set_tls" } }, 0 },
  { "mips64", { "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32" }, { { NULL } }, 0 },
  { "mips64le", { "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32" }, { { NULL } }, 0 },
  { "s390x", { "SCMP_ARCH_S390", "SCMP_ARCH_S390X" },
    { { "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr" } }, 1 },
};

static const ArchProfile other_arch = { NULL, { NULL }, { { NULL } }, 0 };

/* ---- building the profile --------------------------------------------- */

/* Alphabetical, ignoring underscores: "getrlimit" < "get_robust_list" < "getrusage". */
static int
compare_calls (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;

  for (;;)
    {
      while (*x == '_')
        x++;
      while (*y == '_')
        y++;
      if (*x != *y || *x == '\0')
        return (unsigned char) *x - (unsigned char) *y;
      x++, y++;
    }
}

/**
 * linux_seccomp_ordinary_calls:
 * @names: (out) (transfer container): the calls every container may make, sorted
 *
 * Returns: how many
 */
gsize
linux_seccomp_ordinary_calls (const char ***names)
{
  GPtrArray *all = g_ptr_array_sized_new (320);
  gsize n;

  for (gsize g = 0; g < G_N_ELEMENTS (ordinary_groups); g++)
    for (const char *const *name = ordinary_groups[g]; *name; name++)
      g_ptr_array_add (all, (gpointer) *name);
  qsort (all->pdata, all->len, sizeof (gpointer), compare_calls);
  n = all->len;
  *names = (const char **) g_ptr_array_free (all, FALSE);
  return n;
}

static const ArchProfile *
arch_profile (const char *goarch)
{
  for (gsize i = 0; i < G_N_ELEMENTS (arch_profiles); i++)
    if (g_strcmp0 (arch_profiles[i].goarch, goarch) == 0)
      return &arch_profiles[i];
  return &other_arch;
}

static JsonNode *
names_node (const char *const *names, gsize n)
{
  JsonArray *array = json_array_sized_new (n);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (gsize i = 0; i < n && names[i]; i++)
    json_array_add_string_element (array, names[i]);
  json_node_take_array (node, array);
  return node;
}

static JsonObject *
allow_rule (JsonNode *names)
{
  JsonObject *rule = json_object_new ();

  json_object_set_member (rule, "names", names);
  json_object_set_string_member (rule, "action", "SCMP_ACT_ALLOW");
  return rule;
}

static void
add_rule (JsonArray *syscalls, JsonObject *rule)
{
  json_array_add_object_element (syscalls, rule);
}

/* An allow rule for one call whose argument @index compares to @value. */
static JsonObject *
allow_rule_with_arg (const char *name, guint index, guint64 value, const char *op)
{
  const char *names[] = { name };
  JsonObject *rule = allow_rule (names_node (names, 1));
  JsonObject *arg = json_object_new ();
  JsonArray *args = json_array_new ();

  json_object_set_int_member (arg, "index", index);
  json_object_set_int_member (arg, "value", (gint64) value);
  json_object_set_string_member (arg, "op", op);
  json_array_add_object_element (args, arg);
  json_object_set_array_member (rule, "args", args);
  return rule;
}

static void
add_capability_rules (JsonArray *syscalls, GHashTable *capabilities)
{
  for (gsize i = 0; i < G_N_ELEMENTS (capability_calls); i++)
    if (capabilities && g_hash_table_contains (capabilities, capability_calls[i].capability))
      add_rule (syscalls, allow_rule (names_node (capability_calls[i].names,
                                                  G_N_ELEMENTS (capability_calls[i].names))));
}

/**
 * linux_seccomp_default_profile:
 * @goarch: the target architecture (GOARCH spelling)
 * @capabilities: (nullable): the capabilities of any of the process's sets
 *
 * Returns: (transfer full): the /linux/seccomp object of a default config
 */
JsonNode *
linux_seccomp_default_profile (const char *goarch, GHashTable *capabilities)
{
  const ArchProfile *arch = arch_profile (goarch);
  JsonObject *profile = json_object_new ();
  JsonArray *syscalls = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree const char **ordinary = NULL;
  gsize n = linux_seccomp_ordinary_calls (&ordinary);

  json_object_set_string_member (profile, "defaultAction", "SCMP_ACT_ERRNO");
  if (arch->architectures[0])
    json_object_set_member (profile, "architectures",
                            names_node (arch->architectures, G_N_ELEMENTS (arch->architectures)));
  add_rule (syscalls, allow_rule (names_node (ordinary, n)));
  for (gsize i = 0; i < G_N_ELEMENTS (personality_values); i++)
    add_rule (syscalls, allow_rule_with_arg ("personality", 0, personality_values[i], "SCMP_CMP_EQ"));
  add_capability_rules (syscalls, capabilities);
  if (capabilities == NULL || !g_hash_table_contains (capabilities, "CAP_SYS_ADMIN"))
    add_rule (syscalls, allow_rule_with_arg ("clone", arch->clone_flags_index, CLONE_NAMESPACE_MASK,
                                             "SCMP_CMP_MASKED_EQ"));
  for (gsize i = 0; i < G_N_ELEMENTS (arch->rules) && arch->rules[i][0]; i++)
    add_rule (syscalls, allow_rule (names_node (arch->rules[i], G_N_ELEMENTS (arch->rules[i]))));
  json_object_set_array_member (profile, "syscalls", syscalls);
  json_node_take_object (node, profile);
  return node;
}

static GHashTable *
process_capabilities (OciConfig *config)
{
  static const char *const sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };
  JsonObject *caps = oci_config_get_object (config, "/process/capabilities");
  GHashTable *all = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize s = 0; caps && s < G_N_ELEMENTS (sets); s++)
    {
      JsonArray *set = oci_json_object_get_array (caps, sets[s]);
      for (guint i = 0; set && i < json_array_get_length (set); i++)
        {
          JsonNode *node = json_array_get_element (set, i);
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_hash_table_add (all, (gpointer) json_node_get_string (node));
        }
    }
  return all;
}

/**
 * linux_seccomp_defaults:
 * @gen: the generate context
 * @error: unused
 *
 * Puts the default profile in /linux/seccomp for os linux, allowing what
 * the capabilities the defaults already granted need. Runs after the
 * base plugin's defaults, which set the capabilities.
 *
 * Returns: %TRUE
 */
gboolean
linux_seccomp_defaults (OciGenerateContext *gen, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_autoptr(GHashTable) capabilities = NULL;

  if (g_strcmp0 (oci_generate_context_get_os (gen), "linux") != 0)
    return TRUE;
  capabilities = process_capabilities (config);
  oci_config_set_node (config, "/linux/seccomp",
                       linux_seccomp_default_profile (oci_generate_context_get_arch (gen), capabilities));
  return TRUE;
}
