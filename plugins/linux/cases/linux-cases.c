/* linux-cases.c — the requirements runtime-validate checks for
 * config-linux.md, runtime-linux.md and the Linux parts of config.md,
 * the registration, and helpers the case files share
 *
 * Every id has the "runtime" segment: these rules can only be observed by
 * running a container (see oci-runtime.h). Most fields of config-linux.md
 * say what the container gets without an RFC 2119 keyword ("will mask
 * over", "sets the rootfs's mount propagation"); runtime.md makes them
 * binding ("start MUST run the user-specified program as specified by
 * process", the config "MUST" be applied at create), so they are MUST.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

static const OciRequirement linux_runtime_requirements[] = {
  /* config.md: Linux process */
  { "linux.runtime.process.capabilities", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "the process has the configured capability sets (each set, or what execve(2) derives from the config)" },
  { "linux.runtime.process.capabilities.bounding", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    NULL, "the process has the configured bounding set" },
  { "linux.runtime.process.capabilities.effective", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    NULL, "the process has the configured effective set, or the one execve(2) derives from the configured sets" },
  { "linux.runtime.process.capabilities.inheritable", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    NULL, "the process has the configured inheritable set" },
  { "linux.runtime.process.capabilities.permitted", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    NULL, "the process has the configured permitted set, or the one execve(2) derives from the configured sets" },
  { "linux.runtime.process.capabilities.ambient", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    NULL, "the process has the configured ambient set" },
  { "linux.runtime.process.capabilities.unknown-error", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0",
    "1.1.0", "a capability which cannot be mapped to a relevant kernel interface MUST cause an error" },
  { "linux.runtime.process.capabilities.unknown-warning", OCI_LEVEL_MUST, "config.md", "configLinuxProcess",
    "1.1.0", NULL, "a capability which cannot be mapped to a relevant kernel interface MUST be logged as a warning; "
    "the operation MUST continue as if no warning had been logged (runtime.md#runtimeWarnings)" },
  { "linux.runtime.process.capabilities.not-granted", OCI_LEVEL_SHOULD_NOT, "config.md", "configLinuxProcess",
    "1.1.0", NULL, "runtimes SHOULD NOT fail when the config asks for capabilities that cannot be granted" },
  { "linux.runtime.process.exec-cpu-affinity.final", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.2.1", NULL,
    "the process runs on the CPUs of execCPUAffinity.final" },
  { "linux.runtime.process.exec-cpu-affinity.unchanged", OCI_LEVEL_SHOULD_NOT, "config.md", "configLinuxProcess",
    "1.2.1", NULL, "without execCPUAffinity.final the runtime SHOULD NOT change the process's CPU affinity "
    "after moving it into the container's cgroup" },
  { "linux.runtime.process.no-new-privileges", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "with noNewPrivileges true the process has the no_new_privs bit set" },
  { "linux.runtime.process.oom-score-adj", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "if oomScoreAdj is set, the runtime MUST set oom_score_adj to the given value" },
  { "linux.runtime.process.oom-score-adj.unchanged", OCI_LEVEL_MUST_NOT, "config.md", "configLinuxProcess",
    "1.0.0", NULL, "if oomScoreAdj is not set, the runtime MUST NOT change the value of oom_score_adj" },
  { "linux.runtime.process.apparmor-profile", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "the process runs under the AppArmor profile apparmorProfile names" },
  { "linux.runtime.process.selinux-label", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "the process runs with the SELinux label selinuxLabel names" },
  { "linux.runtime.process.scheduler.policy", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "the process has the scheduling policy of process.scheduler" },
  { "linux.runtime.process.scheduler.nice", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "under a normal or batch policy the process has the nice value of process.scheduler (0 when unset)" },
  { "linux.runtime.process.scheduler.priority", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "under SCHED_FIFO or SCHED_RR the process has the static priority of process.scheduler" },
  { "linux.runtime.process.scheduler.deadline", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "under SCHED_DEADLINE the process has the runtime, deadline and period of process.scheduler" },
  { "linux.runtime.process.scheduler.flags", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "the process has the scheduling flags of process.scheduler" },
  { "linux.runtime.process.io-priority", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "the process has the I/O scheduling class and priority of process.ioPriority" },
  { "linux.runtime.process.rlimits.unknown", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "the runtime MUST generate an error for any rlimits type which cannot be mapped to a relevant kernel interface" },
  /* config-linux.md and runtime-linux.md: the filesystem */
  { "linux.runtime.dev-symlinks.fd", OCI_LEVEL_MUST, "runtime-linux.md", "runtimeLinuxDevSymbolicLinks",
    "1.0.0", NULL, "runtimes MUST create the symlink /dev/fd to /proc/self/fd (where the source exists)" },
  { "linux.runtime.dev-symlinks.stdin", OCI_LEVEL_MUST, "runtime-linux.md", "runtimeLinuxDevSymbolicLinks",
    "1.0.0", NULL, "runtimes MUST create the symlink /dev/stdin to /proc/self/fd/0 (where the source exists)" },
  { "linux.runtime.dev-symlinks.stdout", OCI_LEVEL_MUST, "runtime-linux.md", "runtimeLinuxDevSymbolicLinks",
    "1.0.0", NULL, "runtimes MUST create the symlink /dev/stdout to /proc/self/fd/1 (where the source exists)" },
  { "linux.runtime.dev-symlinks.stderr", OCI_LEVEL_MUST, "runtime-linux.md", "runtimeLinuxDevSymbolicLinks",
    "1.0.0", NULL, "runtimes MUST create the symlink /dev/stderr to /proc/self/fd/2 (where the source exists)" },
  { "linux.runtime.default-devices.null", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/null (character device 1:3)" },
  { "linux.runtime.default-devices.zero", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/zero (1:5)" },
  { "linux.runtime.default-devices.full", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/full (1:7)" },
  { "linux.runtime.default-devices.random", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/random (1:8)" },
  { "linux.runtime.default-devices.urandom", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/urandom (1:9)" },
  { "linux.runtime.default-devices.tty", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/tty (5:0)" },
  { "linux.runtime.default-devices.ptmx", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/ptmx, a bind mount or symbolic link of /dev/pts/ptmx" },
  { "linux.runtime.default-devices.console", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDefaultDevices",
    "1.0.0", NULL, "the runtime MUST supply /dev/console, the pseudoterminal, when process.terminal is true" },
  { "linux.runtime.default-filesystems", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxDefaultFilesystems",
    "1.0.0", NULL, "/proc (proc), /sys (sysfs), /dev/pts (devpts) and /dev/shm (tmpfs) SHOULD be available" },
  { "linux.runtime.devices", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "each device of devices MUST be available in the container at its path, of its type" },
  { "linux.runtime.devices.numbers", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "each device available in the container has its major and minor numbers" },
  { "linux.runtime.devices.file-mode", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "each device available in the container has its fileMode permissions" },
  { "linux.runtime.devices.owner", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "each device available in the container is owned by its uid and gid" },
  { "linux.runtime.devices.conflict", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "if a file already exists at path that does not match the requested device, the runtime MUST generate an "
    "error" },
  { "linux.runtime.masked-paths", OCI_LEVEL_MUST, "config-linux.md", "configLinuxMaskedPaths", "1.0.0", NULL,
    "maskedPaths are masked so that they cannot be read" },
  { "linux.runtime.readonly-paths", OCI_LEVEL_MUST, "config-linux.md", "configLinuxReadonlyPaths", "1.0.0", NULL,
    "readonlyPaths are read-only inside the container" },
  { "linux.runtime.rootfs-propagation", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate",
    "1.0.0", NULL, "the root mount has the propagation rootfsPropagation names (a value other than the four)" },
  { "linux.runtime.rootfs-propagation.shared", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "with rootfsPropagation shared the root mount is shared" },
  { "linux.runtime.rootfs-propagation.slave", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "with rootfsPropagation slave the root mount is slave" },
  { "linux.runtime.rootfs-propagation.private", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "with rootfsPropagation private the root mount is private" },
  { "linux.runtime.rootfs-propagation.unbindable", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "with rootfsPropagation unbindable the root mount is unbindable" },
  { "linux.runtime.mount-label", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the mounts of the container have the SELinux context mountLabel names" },
  { "linux.runtime.mounts.idmap", OCI_LEVEL_MUST, "config.md", "configLinuxMountOptions", "1.2.0", NULL,
    "a mount with idmap and uidMappings/gidMappings MUST have that idmapping applied" },
  { "linux.runtime.personality", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.2", NULL,
    "the process runs in the execution domain personality.domain names" },
  /* config-linux.md: kernel settings */
  { "linux.runtime.sysctl", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the kernel parameters of sysctl have their values in the container" },
  { "linux.runtime.id-mappings.uid", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the user namespace has exactly the uidMappings of the config (/proc/self/uid_map)" },
  { "linux.runtime.id-mappings.gid", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the user namespace has exactly the gidMappings of the config (/proc/self/gid_map)" },
  { "linux.runtime.seccomp.enforced", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "with linux.seccomp the process runs under a seccomp filter" },
  { "linux.runtime.seccomp.action-allow", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "a system call whose action is SCMP_ACT_ALLOW (or SCMP_ACT_LOG) runs as without a filter" },
  { "linux.runtime.seccomp.action-errno", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "a system call whose action is SCMP_ACT_ERRNO fails with its errno (EPERM unless errnoRet says otherwise)" },
  { "linux.runtime.seccomp.action-trace", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "a system call whose action is SCMP_ACT_TRACE fails with ENOSYS when no tracer is attached" },
  { "linux.runtime.time-offsets", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "with timeOffsets the process is in a time namespace" },
  { "linux.runtime.time-offsets.monotonic", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "the time namespace has the monotonic offset of timeOffsets" },
  { "linux.runtime.time-offsets.boottime", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "the time namespace has the boottime offset of timeOffsets: CLOCK_BOOTTIME is the host's plus it" },
  { "linux.runtime.id-mappings.no-chown", OCI_LEVEL_SHOULD_NOT, "config-linux.md",
    "configLinuxUserNamespaceMappings", "1.0.0", NULL,
    "the runtime SHOULD NOT change the ownership of the referenced filesystems to realise the mappings" },
  { "linux.runtime.memory-policy", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.3.0", NULL,
    "the process has the NUMA memory policy of memoryPolicy (mode, nodes, flags)" },
  /* config-linux.md: namespaces */
  { "linux.runtime.namespaces.path", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "the runtime MUST place the container process in the namespace associated with path" },
  { "linux.runtime.namespaces.path-type", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0",
    NULL, "the runtime MUST generate an error if path is not associated with a namespace of type type" },
  { "linux.runtime.namespaces.new", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "if path is not specified, the runtime MUST create a new container namespace of type type" },
  { "linux.runtime.namespaces.supported", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxNamespaces", "1.0.0",
    "1.0.2", "the namespace types pid, network, mount, ipc, uts, user and cgroup are supported (advice: "
    "the text of these releases lists them without a keyword)" },
  { "linux.runtime.namespaces.supported", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxNamespaces", "1.0.2",
    NULL, "the namespace types pid, network, mount, ipc, uts, user, cgroup (and time from 1.1.0) SHOULD be "
    "supported" },
  { "linux.runtime.namespaces.inherit", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "if a namespace type is not specified, the container MUST inherit the runtime namespace of that type" },
  /* config-linux.md: control groups */
  { "linux.runtime.cgroups.path", OCI_LEVEL_MUST, "config-linux.md", "configLinuxCgroupsPath", "1.0.0", NULL,
    "an absolute cgroupsPath MUST be taken relative to the cgroups mount point" },
  { "linux.runtime.cgroups.devices", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDeviceWhitelist", "1.0.0",
    "1.1.0", "the device rules are applied to the container's devices cgroup" },
  { "linux.runtime.cgroups.devices", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDeviceAllowedlist", "1.1.0",
    NULL, "the device rules are applied to the container's devices cgroup" },
  { "linux.runtime.cgroups.memory", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the memory limits are applied to the container's memory cgroup" },
  { "linux.runtime.cgroups.cpu", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the cpu settings are applied to the container's cpu and cpuset cgroups" },
  { "linux.runtime.cgroups.memory.limit", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "memory.limit is the container's memory limit (memory.max, memory.limit_in_bytes)" },
  { "linux.runtime.cgroups.memory.reservation", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "memory.reservation is the container's soft limit (memory.low, memory.soft_limit_in_bytes)" },
  { "linux.runtime.cgroups.memory.swap", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "memory.swap is the container's memory+swap limit (memory.memsw.limit_in_bytes)" },
  { "linux.runtime.cgroups.memory.swappiness", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "memory.swappiness is the container's swappiness (cgroup v1)" },
  { "linux.runtime.cgroups.memory.disable-oom-killer", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "memory.disableOOMKiller true turns the OOM killer off for the container (cgroup v1)" },
  { "linux.runtime.cgroups.cpu.shares", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.shares is the container's cpu.shares (cgroup v1)" },
  { "linux.runtime.cgroups.cpu.quota", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.quota is the container's CFS quota (cpu.max, cpu.cfs_quota_us)" },
  { "linux.runtime.cgroups.cpu.period", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.period is the container's CFS period (cpu.max, cpu.cfs_period_us)" },
  { "linux.runtime.cgroups.cpu.realtime-period", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.realtimePeriod is the container's real-time period (cpu.rt_period_us)" },
  { "linux.runtime.cgroups.cpu.realtime-runtime", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.realtimeRuntime is the container's real-time runtime (cpu.rt_runtime_us)" },
  { "linux.runtime.cgroups.cpu.cpus", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.cpus is the container's cpuset.cpus" },
  { "linux.runtime.cgroups.cpu.mems", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "cpu.mems is the container's cpuset.mems" },
  { "linux.runtime.cgroups.network.class-id", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "network.classID is the container's net_cls.classid" },
  { "linux.runtime.cgroups.network.priorities", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "each network.priorities entry is a line of the container's net_prio.ifpriomap" },
  { "linux.runtime.cgroups.blockio", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO", "1.0.0", NULL,
    "the block I/O settings are applied to the container's blkio (io) cgroup" },
  { "linux.runtime.cgroups.blockio.weight", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO", "1.0.0",
    NULL, "blockIO.weight is the container's blkio.weight (cgroup v1)" },
  { "linux.runtime.cgroups.blockio.throttle-read-bps", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO",
    "1.0.0", NULL, "each throttleReadBpsDevice entry limits the device's reads in bytes per second" },
  { "linux.runtime.cgroups.blockio.throttle-write-bps", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO",
    "1.0.0", NULL, "each throttleWriteBpsDevice entry limits the device's writes in bytes per second" },
  { "linux.runtime.cgroups.blockio.throttle-read-iops", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO",
    "1.0.0", NULL, "each throttleReadIOPSDevice entry limits the device's reads per second" },
  { "linux.runtime.cgroups.blockio.throttle-write-iops", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO",
    "1.0.0", NULL, "each throttleWriteIOPSDevice entry limits the device's writes per second" },
  { "linux.runtime.cgroups.blockio.leaf-weight", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO", "1.0.0",
    NULL, "blockIO.leafWeight is the container's leaf weight" },
  { "linux.runtime.cgroups.blockio.weight-device", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO", "1.0.0",
    NULL, "each weightDevice entry sets the device's weight and leaf weight for the container" },
  { "linux.runtime.cgroups.cpu.burst", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "cpu.burst is the container's CFS burst (cpu.max.burst, cpu.cfs_burst_us)" },
  { "linux.runtime.cgroups.cpu.idle", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "cpu.idle is the container's cpu.idle (1: the cgroup runs as SCHED_IDLE)" },
  { "linux.runtime.cgroups.hugepages", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0",
    NULL, "the huge page limits are applied to the container's hugetlb cgroup (reservation limits where the "
          "kernel has them, from 1.1.0)" },
  { "linux.runtime.cgroups.hugepages.invalid", OCI_LEVEL_MUST, "config.md", "configExtensibility", "1.0.0", NULL,
    "a huge page size the host does not have is an invalid value: the runtime MUST generate an error" },
  { "linux.runtime.cgroups.network", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the class id and interface priorities are applied to the container's net_cls and net_prio cgroups" },
  { "linux.runtime.cgroups.pids", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the pids limit is applied to the container's pids cgroup" },
  { "linux.runtime.cgroups.unified.enable", OCI_LEVEL_MUST, "config-linux.md", "configLinuxUnified", "1.1.0",
    NULL, "the runtime MUST enable the cgroup controllers the unified keys need" },
  { "linux.runtime.cgroups.unified.unknown-written", OCI_LEVEL_MUST, "config-linux.md", "configLinuxUnified",
    "1.1.0", NULL, "a unified key unknown to the runtime MUST still be written to its file" },
  { "linux.runtime.cgroups.unified.conversion", OCI_LEVEL_MUST, "config-linux.md", "configLinuxUnified", "1.1.0",
    NULL, "v1 resources on a v2 hierarchy the runtime cannot convert MUST generate an error" },
  { "linux.runtime.cgroups.check-fails", OCI_LEVEL_MUST, "config-linux.md", "configLinuxControlGroups", "1.1.0",
    NULL, "a runtime that checks cgroup settings at an operation MUST generate an error when the check fails" },
  { "linux.runtime.cgroups.devices.order", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDeviceWhitelist",
    "1.0.0", "1.1.0", "the device rules MUST be applied in the listed order" },
  { "linux.runtime.cgroups.devices.order", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDeviceAllowedlist",
    "1.1.0", NULL, "the device rules MUST be applied in the listed order" },
  { "linux.runtime.cgroups.memory.check-before-update", OCI_LEVEL_MUST, "config-linux.md", "configLinuxMemory",
    "1.1.0", NULL, "with checkBeforeUpdate, a new limit below the current usage MUST be refused at update" },
  { "linux.runtime.cgroups.pids.zero", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxPIDS", "1.3.0", NULL,
    "a pids limit of 0 SHOULD be applied as the valid limit it is" },
  { "linux.runtime.cgroups.rdma", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.2", NULL,
    "the rdma limits are applied to the container's rdma cgroup" },
  { "linux.runtime.cgroups.unified", OCI_LEVEL_MUST, "config-linux.md", "configLinuxUnified", "1.1.0", NULL,
    "each unified key is written to its file of the container's cgroup v2" },
  { "linux.runtime.cgroups.unified.missing", OCI_LEVEL_MUST, "config-linux.md", "configLinuxUnified", "1.1.0",
    NULL, "the runtime MUST generate an error when unified refers to a cgroup controller that is not present" },
};

/* Runtime rows no case tests, and why. */
static const OciRuntimeGap linux_runtime_gaps[] = {
  { "linux.runtime.cgroups.unified.unknown-written", "no case yet: needs a cgroup v2 file the runtime does not "
    "know and the host's kernel has" },
  { "linux.runtime.cgroups.unified.conversion", "what a runtime cannot convert is its own choice: nothing to "
    "provoke from outside" },
  { "linux.runtime.cgroups.check-fails", "which checks a runtime makes at an operation is its own choice: "
    "nothing to provoke from outside" },
  { "linux.runtime.cgroups.devices.order", "the suite reads the rules back (v1 devices.list merges them; on v2 "
    "they are an eBPF program it does not decode) and does not probe device access" },
  { "linux.runtime.cgroups.memory.check-before-update", "needs an update operation, which the OCI command line "
    "does not define" },
  { "linux.runtime.cgroups.pids.zero", "no case yet: with pids.max 0 a runtime that forks inside the cgroup "
    "cannot start the process at all, so the outcome needs a runtime-specific reading" },
  { "linux.runtime.cgroups.rdma", "needs RDMA hardware this suite cannot assume" },
  { "linux.runtime.cgroups.blockio.leaf-weight", "no case yet: weights need a block device with a weighting I/O "
    "scheduler (BFQ) the host may not have" },
  { "linux.runtime.cgroups.blockio.weight-device", "no case yet: weights need a block device with a weighting "
    "I/O scheduler (BFQ) the host may not have" },
  { "linux.runtime.default-devices.console", "needs a terminal: the suite runs every container without one "
    "(it has no console socket); the default-devices checker checks /dev/console when process.terminal is true" },
  { "linux.runtime.rootfs-propagation", "each valid value has its own row and case; the checker posts this row "
    "only for a value outside them, which no valid config has" },
  { "linux.runtime.process.capabilities.not-granted", "needs a runtime that holds fewer capabilities than the "
    "config asks for; the suite runs runtimes as root" },
  { "linux.runtime.process.exec-cpu-affinity.unchanged", "no case yet: runc 1.1.5 and crun 1.8.1 of Debian 12 "
    "predate execCPUAffinity (1.2.1)" },
};

void
linux_register_runtime (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, linux_runtime_requirements, G_N_ELEMENTS (linux_runtime_requirements));
  oci_plugin_add_runtime_gaps (plugin, linux_runtime_gaps, G_N_ELEMENTS (linux_runtime_gaps));
  oci_plugin_add_runtime_cases (plugin, linux_process_cases, linux_n_process_cases);
  oci_plugin_add_runtime_cases (plugin, linux_fs_cases, linux_n_fs_cases);
  oci_plugin_add_runtime_cases (plugin, linux_kernel_cases, linux_n_kernel_cases);
  oci_plugin_add_runtime_cases (plugin, linux_cgroup_cases, linux_n_cgroup_cases);
  linux_register_mounts (plugin);
  linux_register_seccomp_cases (plugin);
  linux_register_config_cases (plugin);
  linux_register_net_cases (plugin);
  linux_register_features (plugin);
  linux_register_inside (plugin);
}

/* ---- helpers ----------------------------------------------------------- */

/**
 * linux_rt_setup_error:
 * @error: (out): an %OCI_RUNTIME_ERROR_SETUP
 * @format: what could not be prepared
 *
 * Returns: %FALSE
 */
gboolean
linux_rt_setup_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, message);
  return FALSE;
}

/* Whether the runtime refused the case's container: create failed, or
 * create succeeded and start failed. A fault (timeout, crash) is no
 * refusal: *error is set. */
static gboolean
was_refused (OciRuntimeContext *rc, gboolean *refused, GError **error)
{
  const OciRuntimeCall *create = oci_runtime_context_get_last_call (rc);
  g_autoptr(GError) local = NULL;

  *refused = create == NULL || create->exit_status != 0;
  if (*refused
      || oci_runtime_start (oci_runtime_context_get_runtime (rc), oci_runtime_context_get_id (rc), &local))
    return TRUE;
  if (!g_error_matches (local, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_EXIT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *refused = TRUE;
  return TRUE;
}

/**
 * linux_rt_try_config:
 * @rc: the case
 * @config: a config to try in the case's bundle, under the case's id
 * @accepted: (out): whether the runtime created the container
 * @why: (out) (optional): its stderr when it refused
 * @error: set when the runtime did not answer (a timeout, a crash) or the
 *   config could not be written
 *
 * Writes @config to the bundle, creates the container and deletes it
 * again (an earlier container of the id is deleted first).
 *
 * Returns: %FALSE with @error set if the trial could not be made
 */
gboolean
linux_rt_try_config (OciRuntimeContext *rc, OciConfig *config, gboolean *accepted, char **why, GError **error)
{
  OciRuntime *rt = oci_runtime_context_get_runtime (rc);
  const char *id = oci_runtime_context_get_id (rc);
  g_autofree char *path = oci_runtime_context_bundle_path (rc, "config.json");
  g_autofree char *out = oci_runtime_context_bundle_path (rc, "ort-control.out");
  g_autofree char *err = oci_runtime_context_bundle_path (rc, "ort-control.err");
  g_autoptr(GError) local = NULL;

  if (!oci_config_save (config, path, NULL, error))
    return FALSE;
  oci_runtime_delete (rt, id, TRUE, NULL);
  *accepted = oci_runtime_create (rt, id, oci_runtime_context_get_bundle (rc), oci_runtime_context_get_pid_file (rc),
                                  out, err, &local);
  if (!*accepted && !g_error_matches (local, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_EXIT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!*accepted && why)
    {
      const char *said = oci_runtime_get_last_call (rt)->err;
      *why = g_strdup (said && *said ? said : local->message);
    }
  oci_runtime_delete (rt, id, TRUE, NULL);
  return TRUE;
}

/* The same container without the offending value (@fix): does the
 * runtime create it? */
static gboolean
control_accepted (OciRuntimeContext *rc, LinuxRtFixFunc fix, char **why, GError **error)
{
  g_autoptr(OciConfig) config = oci_config_copy (oci_runtime_context_get_config (rc));
  g_autofree char *refused = oci_runtime_context_bundle_path (rc, "config.refused.json");
  gboolean accepted = FALSE;

  fix (config);
  /* The refused config stays beside the control one (for --keep). */
  if (!oci_config_save (oci_runtime_context_get_config (rc), refused, NULL, error)
      || !linux_rt_try_config (rc, config, &accepted, why, error))
    return FALSE;
  return accepted;
}

/**
 * linux_rt_expect_refused:
 * @rc: a case whose last step was a create expecting any outcome
 * @ctx: where results go
 * @requirement: the rule that asks for an error
 * @fix: (nullable): removes the offending value from a copy of the config
 * @was: (out) (optional): whether the runtime refused the container
 * @error: set when the runtime did not answer (a timeout, a crash)
 *
 * The runtime must generate an error for the config: at create, or at
 * the latest at start. Without @fix any error passes. With @fix the
 * config without the offending value is tried next (same id, in the same
 * bundle): only when the runtime accepts it does the error prove the rule;
 * else the requirement is skipped, the refusal having another cause.
 *
 * Returns: %FALSE with @error set if the check could not run
 */
gboolean
linux_rt_expect_refused (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement, LinuxRtFixFunc fix,
                         gboolean *was, GError **error)
{
  g_autofree char *why = NULL;
  gboolean refused = FALSE;

  if (!was_refused (rc, &refused, error))
    return FALSE;
  if (was)
    *was = refused;
  if (!refused)
    {
      oci_check_fail_values (ctx, requirement, NULL, "an error (non-zero exit status) at create or start",
                             "create and start succeeded", "the runtime ran a container it must refuse");
      return TRUE;
    }
  if (fix == NULL)
    {
      oci_check_pass (ctx, requirement);
      return TRUE;
    }
  if (control_accepted (rc, fix, &why, error))
    oci_check_pass (ctx, requirement);
  else if (why)
    {
      oci_check_skip (ctx, requirement, NULL, "the runtime also refuses the config without the invalid value, so "
                      "its error proves nothing: %s", why);
      oci_runtime_context_note (rc, "%s not proven: the runtime also refuses the config without the invalid value "
                                "(%s)", requirement, why);
    }
  else
    return FALSE;
  return TRUE;
}

/**
 * linux_rt_expect_refused_by_case:
 * @rc: a case whose last step was a create expecting any outcome
 * @ctx: where results go
 * @table: (array length=n): the control config of each case
 * @n: rows in @table
 * @error: set when the runtime did not answer (a timeout, a crash)
 *
 * linux_rt_expect_refused() for the case's first requirement, with the
 * fix its row of @table names (%NULL when it has none).
 *
 * Returns: %FALSE with @error set if the check could not run
 */
gboolean
linux_rt_expect_refused_by_case (OciRuntimeContext *rc, OciCheckContext *ctx, const LinuxRtRefusal *table, gsize n,
                                 GError **error)
{
  const OciRuntimeCase *c = oci_runtime_context_get_case (rc);
  LinuxRtFixFunc fix = NULL;

  g_return_val_if_fail (c->requirements && c->requirements[0], FALSE);
  for (gsize i = 0; i < n; i++)
    if (strcmp (table[i].case_id, c->id) == 0)
      fix = table[i].fix;
  return linux_rt_expect_refused (rc, ctx, c->requirements[0], fix, NULL, error);
}

static char *
rootfs_path (OciRuntimeContext *rc, const char *name, GError **error)
{
  if (!g_path_is_absolute (name) || strstr (name, ".."))
    {
      linux_rt_setup_error (error, "%s: not an absolute path of the container", name);
      return NULL;
    }
  return oci_runtime_context_rootfs_path (rc, name);
}

/**
 * linux_rt_write_rootfs:
 * @rc: the case
 * @name: an absolute path in the container
 * @contents: what to write
 * @error: an %OCI_RUNTIME_ERROR_SETUP on failure
 *
 * Writes a new file into the case's root filesystem (its parents made).
 * The root filesystem is made of hard links to a shared template: never
 * rewrite one of its files, only add new ones.
 *
 * Returns: %TRUE on success
 */
gboolean
linux_rt_write_rootfs (OciRuntimeContext *rc, const char *name, const char *contents, GError **error)
{
  g_autofree char *path = rootfs_path (rc, name, error);
  g_autofree char *dir = NULL;

  if (path == NULL)
    return FALSE;
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return linux_rt_setup_error (error, "%s: %s", dir, g_strerror (errno));
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

/**
 * linux_rt_mkdir_rootfs:
 * @rc: the case
 * @name: an absolute path in the container
 * @error: an %OCI_RUNTIME_ERROR_SETUP on failure
 *
 * Returns: %TRUE when the directory (and its parents) exist
 */
gboolean
linux_rt_mkdir_rootfs (OciRuntimeContext *rc, const char *name, GError **error)
{
  g_autofree char *path = rootfs_path (rc, name, error);

  if (path == NULL)
    return FALSE;
  if (g_mkdir_with_parents (path, 0755) != 0)
    return linux_rt_setup_error (error, "%s: %s", path, g_strerror (errno));
  return TRUE;
}

/**
 * linux_rt_open_bundle_path:
 * @rc: the case
 * @error: an %OCI_RUNTIME_ERROR_SETUP on failure
 *
 * In a user namespace the runtime's init runs as a mapped user that must
 * still reach the root filesystem: every directory above the bundle gets
 * the search permission for others (the run's work directory is 0700).
 *
 * Returns: %TRUE on success
 */
gboolean
linux_rt_open_bundle_path (OciRuntimeContext *rc, GError **error)
{
  g_autofree char *dir = g_strdup (oci_runtime_context_get_bundle (rc));

  while (strcmp (dir, "/") != 0 && strcmp (dir, ".") != 0)
    {
      struct stat st;
      char *parent;

      if (stat (dir, &st) != 0)
        return linux_rt_setup_error (error, "%s: %s", dir, g_strerror (errno));
      if ((st.st_mode & S_IXOTH) == 0 && g_chmod (dir, (st.st_mode & 07777) | S_IXOTH) != 0)
        return linux_rt_setup_error (error, "%s: cannot make it searchable: %s", dir, g_strerror (errno));
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
  return TRUE;
}

/**
 * linux_rt_annotate:
 * @config: the case's config
 * @key: a LINUX_ANNOTATION_* key
 * @value: what the inside checkers need to know
 */
void
linux_rt_annotate (OciConfig *config, const char *key, const char *value)
{
  JsonObject *annotations = oci_config_ensure_object (config, "/annotations");

  json_object_set_string_member (annotations, key, value);
}

/**
 * linux_rt_ns_link:
 * @pid: a process, 0 for this one
 * @file: a file of /proc/PID/ns ("net", "pid_for_children")
 *
 * Returns: (transfer full) (nullable): the namespace ("net:[4026531840]")
 */
char *
linux_rt_ns_link (gint64 pid, const char *file)
{
  g_autofree char *path = pid ? g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/ns/%s", pid, file)
                              : g_strdup_printf ("/proc/self/ns/%s", file);

  return g_file_read_link (path, NULL);
}

/**
 * linux_rt_since_release:
 * @rc: the case
 * @release: the release that brought what the case tests
 * @what: (nullable): what is new, as the reason's subject ("netDevices are")
 * @reason: (out): why it cannot run: "@what new in runtime-spec @release;
 *   the target release is …"
 *
 * The release gate of the cases that test fields newer than 1.0.0: the
 * suite's target release must be @release or later.
 *
 * Returns: %TRUE to run the case
 */
gboolean
linux_rt_since_release (OciRuntimeContext *rc, const char *release, const char *what, char **reason)
{
  const char *target = oci_runtime_context_get_release (rc);

  if (oci_semver_compare_strings (target, release) >= 0)
    return TRUE;
  *reason = g_strdup_printf ("%s%snew in runtime-spec %s; the target release is %s", what ? what : "",
                             what ? " " : "", release, target);
  return FALSE;
}

/**
 * linux_rt_needs_userns:
 * @rc: the case
 * @reason: (out): why it cannot run
 *
 * An #OciRuntimeSupportFunc for cases with a user namespace: the host
 * must allow them, and mapped users must reach the bundle.
 *
 * Returns: %TRUE to run the case
 */
gboolean
linux_rt_needs_userns (OciRuntimeContext *rc, char **reason)
{
  OciHostFeatures host = oci_runtime_context_get_host (rc);

  if ((host & OCI_HOST_USERNS) == 0)
    {
      *reason = g_strdup ("user namespaces are not available on this host");
      return FALSE;
    }
  if ((host & OCI_HOST_ROOT) == 0)
    {
      *reason = g_strdup ("mapping other users needs root");
      return FALSE;
    }
  return TRUE;
}
