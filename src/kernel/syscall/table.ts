// The system call table: riscv64 numbers (include/uapi/asm-generic/unistd.h) to handlers.
// docs/syscalls.md is generated from this table; numbers not here return ENOSYS.
import type { Handler } from "./types.js";
import { sysGetcwd } from "./getcwd.js";
import { sysDup } from "./dup.js";
import { sysDup3 } from "./dup3.js";
import { sysFcntl } from "./fcntl.js";
import { sysIoctl } from "./ioctl.js";
import { sysMkdirat } from "./mkdirat.js";
import { sysUnlinkat } from "./unlinkat.js";
import { sysFaccessat, sysFaccessat1 } from "./faccessat.js";
import { sysChdir } from "./chdir.js";
import { sysFchdir } from "./fchdir.js";
import { sysOpenat } from "./openat.js";
import { sysClose } from "./close.js";
import { sysGetdents64 } from "./getdents64.js";
import { sysLseek } from "./lseek.js";
import { sysRead } from "./read.js";
import { sysWrite } from "./write.js";
import { sysReadv } from "./readv.js";
import { sysWritev } from "./writev.js";
import { sysPread64 } from "./pread64.js";
import { sysPwrite64 } from "./pwrite64.js";
import { sysReadlinkat } from "./readlinkat.js";
import { sysNewfstatat } from "./newfstatat.js";
import { sysFstat } from "./fstat.js";
import { sysExit } from "./exit.js";
import { sysExitGroup } from "./exit_group.js";
import { sysSetTidAddress } from "./set_tid_address.js";
import { sysSetRobustList } from "./set_robust_list.js";
import { sysNanosleep, sysClockNanosleep } from "./clock_nanosleep.js";
import { sysClockGettime } from "./clock_gettime.js";
import { sysClockGetres } from "./clock_getres.js";
import { sysSchedYield } from "./sched_yield.js";
import { sysKill } from "./kill.js";
import { sysTkill, sysTgkill } from "./tgkill.js";
import { sysRtSigaction } from "./rt_sigaction.js";
import { sysRtSigprocmask } from "./rt_sigprocmask.js";
import { sysRtSigreturn } from "./rt_sigreturn.js";
import { sysSigaltstack } from "./sigaltstack.js";
import { sysPreadv2 } from "./preadv2.js";
import { sysPwritev2 } from "./pwritev2.js";
import { sysPersonality } from "./personality.js";
import { sysSyncfs } from "./syncfs.js";
import { sysFchmodat2 } from "./fchmodat2.js";
import { sysTimerCreate } from "./timer_create.js";
import { sysTimerSettime } from "./timer_settime.js";
import { sysTimerGettime } from "./timer_gettime.js";
import { sysTimerGetoverrun } from "./timer_getoverrun.js";
import { sysTimerDelete } from "./timer_delete.js";
import { sysSignalfd4 } from "./signalfd4.js";
import { sysPidfdOpen } from "./pidfd_open.js";
import { sysPidfdGetfd } from "./pidfd_getfd.js";
import { sysSendmmsg } from "./sendmmsg.js";
import { sysReboot } from "./reboot.js";
import { sysSyslog } from "./syslog.js";
import { sysChroot } from "./chroot.js";
import { sysRiscvHwprobe } from "./riscv_hwprobe.js";
import { sysRiscvFlushIcache } from "./riscv_flush_icache.js";
import { sysIoprioGet, sysIoprioSet } from "./ioprio.js";
import { sysSchedGetattr, sysSchedSetattr } from "./sched_attr.js";
import { sysSemget } from "./semget.js";
import { sysSemop } from "./semop.js";
import { sysSemtimedop } from "./semtimedop.js";
import { sysSemctl } from "./semctl.js";
import { sysFsetxattr, sysLsetxattr, sysSetxattr } from "./setxattr.js";
import { sysFgetxattr, sysGetxattr, sysLgetxattr } from "./getxattr.js";
import { sysFlistxattr, sysListxattr, sysLlistxattr } from "./listxattr.js";
import { sysFremovexattr, sysLremovexattr, sysRemovexattr } from "./removexattr.js";
import { sysPidfdSendSignal } from "./pidfd_send_signal.js";
import { sysUname, sysSethostname, sysSetdomainname } from "./uname.js";
import { sysUmask } from "./umask.js";
import { sysGettimeofday } from "./gettimeofday.js";
import { sysGetpid } from "./getpid.js";
import { sysGetppid } from "./getppid.js";
import {
  sysGetuid, sysGeteuid, sysGetgid, sysGetegid, sysSetuid, sysSetgid, sysSetreuid, sysSetregid,
  sysSetresuid, sysGetresuid, sysSetresgid, sysGetresgid, sysGetgroups, sysSetgroups, sysSetfsuid, sysSetfsgid,
} from "./creds.js";
import { sysClone } from "./clone.js";
import { sysClone3 } from "./clone3.js";
import { sysExecve } from "./execve.js";
import { sysExecveat } from "./execveat.js";
import { sysWait4 } from "./wait4.js";
import { sysWaitid } from "./waitid.js";
import { sysPipe2 } from "./pipe2.js";
import { sysSetpgid } from "./setpgid.js";
import { sysGetpgid } from "./getpgid.js";
import { sysGetsid } from "./getsid.js";
import { sysSetsid } from "./setsid.js";
import { sysFutex } from "./futex.js";
import { sysPpoll } from "./ppoll.js";
import { sysMount, sysUmount2 } from "./mount.js";
import { sysMremap } from "./mremap.js";
import { sysMsync } from "./msync.js";
import { sysMlock, sysMunlock, sysMlockall, sysMunlockall } from "./mlock.js";
import { sysCloseRange } from "./close_range.js";
import { sysMemfdCreate } from "./memfd_create.js";
import { sysFadvise64, sysReadahead } from "./advice.js";
import { sysFlock } from "./flock.js";
import { sysEventfd2 } from "./eventfd2.js";
import { sysEpollCreate1, sysEpollCtl, sysEpollPwait, sysEpollPwait2 } from "./epoll.js";
import { sysInotifyInit1 } from "./inotify_init1.js";
import { sysCapget } from "./capget.js";
import { sysCapset } from "./capset.js";
import { sysInotifyAddWatch } from "./inotify_add_watch.js";
import { sysInotifyRmWatch } from "./inotify_rm_watch.js";
import { sysPrctl } from "./prctl.js";
import { sysSysinfo } from "./sysinfo.js";
import { sysGetrusage } from "./getrusage.js";
import { sysTimes } from "./times.js";
import { sysSchedGetaffinity, sysSchedSetaffinity } from "./sched_getaffinity.js";
import { sysGetcpu } from "./getcpu.js";
import {
  sysSchedGetscheduler, sysSchedSetscheduler, sysSchedGetparam, sysSchedSetparam, sysSchedGetPriorityMax,
  sysSchedGetPriorityMin, sysSchedRrGetInterval, sysGetpriority, sysSetpriority,
} from "./sched_params.js";
import { sysSetitimer, sysGetitimer } from "./setitimer.js";
import { sysPselect6 } from "./pselect6.js";
import { sysRtSigsuspend } from "./rt_sigsuspend.js";
import { sysRtSigpending } from "./rt_sigpending.js";
import { sysRtSigtimedwait } from "./rt_sigtimedwait.js";
import { sysGettid } from "./gettid.js";
import { sysBrk } from "./brk.js";
import { sysMunmap } from "./munmap.js";
import { sysMmap } from "./mmap.js";
import { sysMprotect } from "./mprotect.js";
import { sysMadvise } from "./madvise.js";
import { sysPrlimit64, sysGetrlimit, sysSetrlimit } from "./prlimit64.js";
import { sysGetrandom } from "./getrandom.js";
import { sysMknodat } from "./mknodat.js";
import { sysSymlinkat } from "./symlinkat.js";
import { sysLinkat } from "./linkat.js";
import { sysStatfs } from "./statfs.js";
import { sysFstatfs } from "./fstatfs.js";
import { sysTruncate } from "./truncate.js";
import { sysFtruncate } from "./ftruncate.js";
import { sysFallocate } from "./fallocate.js";
import { sysFchmod } from "./fchmod.js";
import { sysFchmodat } from "./fchmodat.js";
import { sysFchownat } from "./fchownat.js";
import { sysFchown } from "./fchown.js";
import { sysPreadv } from "./preadv.js";
import { sysPwritev } from "./pwritev.js";
import { sysSendfile } from "./sendfile.js";
import { sysSync } from "./sync.js";
import { sysFsync } from "./fsync.js";
import { sysFdatasync } from "./fdatasync.js";
import { sysUtimensat } from "./utimensat.js";
import { sysRenameat2 } from "./renameat2.js";
import { sysCopyFileRange } from "./copy_file_range.js";
import { sysStatx } from "./statx.js";
import { sysSocket } from "./socket.js";
import { sysSocketpair } from "./socketpair.js";
import { sysBind } from "./bind.js";
import { sysListen } from "./listen.js";
import { sysAccept } from "./accept.js";
import { sysAccept4 } from "./accept4.js";
import { sysConnect } from "./connect.js";
import { sysGetsockname } from "./getsockname.js";
import { sysGetpeername } from "./getpeername.js";
import { sysSendto } from "./sendto.js";
import { sysRecvfrom } from "./recvfrom.js";
import { sysSetsockopt } from "./setsockopt.js";
import { sysGetsockopt } from "./getsockopt.js";
import { sysShutdown } from "./shutdown.js";
import { sysSendmsg } from "./sendmsg.js";
import { sysRecvmsg } from "./recvmsg.js";
import { sysTimerfdCreate } from "./timerfd_create.js";
import { sysTimerfdSettime } from "./timerfd_settime.js";
import { sysTimerfdGettime } from "./timerfd_gettime.js";

export interface SyscallEntry {
  name: string;
  handler: Handler;
  /** Interrupted by a signal handler, the call ends with EINTR even under SA_RESTART. */
  noRestart?: boolean;
}

/** Calls Linux never restarts after a handler ran (-ERESTARTNOHAND, restart_block). */
const NO_RESTART = new Set(["semop", "semtimedop", "ppoll", "pselect6", "rt_sigsuspend", "rt_sigtimedwait", "nanosleep", "clock_nanosleep", "epoll_pwait", "epoll_pwait2"]);

const entries: Array<[number, string, Handler]> = [
  [5, "setxattr", sysSetxattr],
  [6, "lsetxattr", sysLsetxattr],
  [7, "fsetxattr", sysFsetxattr],
  [8, "getxattr", sysGetxattr],
  [9, "lgetxattr", sysLgetxattr],
  [10, "fgetxattr", sysFgetxattr],
  [11, "listxattr", sysListxattr],
  [12, "llistxattr", sysLlistxattr],
  [13, "flistxattr", sysFlistxattr],
  [14, "removexattr", sysRemovexattr],
  [15, "lremovexattr", sysLremovexattr],
  [16, "fremovexattr", sysFremovexattr],
  [17, "getcwd", sysGetcwd],
  [19, "eventfd2", sysEventfd2],
  [20, "epoll_create1", sysEpollCreate1],
  [21, "epoll_ctl", sysEpollCtl],
  [22, "epoll_pwait", sysEpollPwait],
  [23, "dup", sysDup],
  [24, "dup3", sysDup3],
  [25, "fcntl", sysFcntl],
  [26, "inotify_init1", sysInotifyInit1],
  [27, "inotify_add_watch", sysInotifyAddWatch],
  [28, "inotify_rm_watch", sysInotifyRmWatch],
  [29, "ioctl", sysIoctl],
  [30, "ioprio_set", sysIoprioSet],
  [31, "ioprio_get", sysIoprioGet],
  [32, "flock", sysFlock],
  [33, "mknodat", sysMknodat],
  [34, "mkdirat", sysMkdirat],
  [35, "unlinkat", sysUnlinkat],
  [36, "symlinkat", sysSymlinkat],
  [37, "linkat", sysLinkat],
  [39, "umount2", sysUmount2],
  [40, "mount", sysMount],
  [43, "statfs", sysStatfs],
  [44, "fstatfs", sysFstatfs],
  [45, "truncate", sysTruncate],
  [46, "ftruncate", sysFtruncate],
  [47, "fallocate", sysFallocate],
  [48, "faccessat", sysFaccessat1],
  [49, "chdir", sysChdir],
  [50, "fchdir", sysFchdir],
  [51, "chroot", sysChroot],
  [52, "fchmod", sysFchmod],
  [53, "fchmodat", sysFchmodat],
  [54, "fchownat", sysFchownat],
  [55, "fchown", sysFchown],
  [56, "openat", sysOpenat],
  [57, "close", sysClose],
  [59, "pipe2", sysPipe2],
  [61, "getdents64", sysGetdents64],
  [62, "lseek", sysLseek],
  [63, "read", sysRead],
  [64, "write", sysWrite],
  [65, "readv", sysReadv],
  [66, "writev", sysWritev],
  [67, "pread64", sysPread64],
  [68, "pwrite64", sysPwrite64],
  [69, "preadv", sysPreadv],
  [70, "pwritev", sysPwritev],
  [71, "sendfile", sysSendfile],
  [72, "pselect6", sysPselect6],
  [73, "ppoll", sysPpoll],
  [74, "signalfd4", sysSignalfd4],
  [78, "readlinkat", sysReadlinkat],
  [79, "newfstatat", sysNewfstatat],
  [80, "fstat", sysFstat],
  [81, "sync", sysSync],
  [82, "fsync", sysFsync],
  [83, "fdatasync", sysFdatasync],
  [85, "timerfd_create", sysTimerfdCreate],
  [86, "timerfd_settime", sysTimerfdSettime],
  [87, "timerfd_gettime", sysTimerfdGettime],
  [88, "utimensat", sysUtimensat],
  [90, "capget", sysCapget],
  [91, "capset", sysCapset],
  [92, "personality", sysPersonality],
  [93, "exit", sysExit],
  [94, "exit_group", sysExitGroup],
  [95, "waitid", sysWaitid],
  [96, "set_tid_address", sysSetTidAddress],
  [98, "futex", sysFutex],
  [99, "set_robust_list", sysSetRobustList],
  [101, "nanosleep", sysNanosleep],
  [102, "getitimer", sysGetitimer],
  [103, "setitimer", sysSetitimer],
  [107, "timer_create", sysTimerCreate],
  [108, "timer_gettime", sysTimerGettime],
  [109, "timer_getoverrun", sysTimerGetoverrun],
  [110, "timer_settime", sysTimerSettime],
  [111, "timer_delete", sysTimerDelete],
  [113, "clock_gettime", sysClockGettime],
  [114, "clock_getres", sysClockGetres],
  [115, "clock_nanosleep", sysClockNanosleep],
  [116, "syslog", sysSyslog],
  [118, "sched_setparam", sysSchedSetparam],
  [119, "sched_setscheduler", sysSchedSetscheduler],
  [120, "sched_getscheduler", sysSchedGetscheduler],
  [121, "sched_getparam", sysSchedGetparam],
  [122, "sched_setaffinity", sysSchedSetaffinity],
  [123, "sched_getaffinity", sysSchedGetaffinity],
  [124, "sched_yield", sysSchedYield],
  [125, "sched_get_priority_max", sysSchedGetPriorityMax],
  [126, "sched_get_priority_min", sysSchedGetPriorityMin],
  [127, "sched_rr_get_interval", sysSchedRrGetInterval],
  [129, "kill", sysKill],
  [130, "tkill", sysTkill],
  [131, "tgkill", sysTgkill],
  [132, "sigaltstack", sysSigaltstack],
  [133, "rt_sigsuspend", sysRtSigsuspend],
  [134, "rt_sigaction", sysRtSigaction],
  [135, "rt_sigprocmask", sysRtSigprocmask],
  [136, "rt_sigpending", sysRtSigpending],
  [137, "rt_sigtimedwait", sysRtSigtimedwait],
  [139, "rt_sigreturn", sysRtSigreturn],
  [140, "setpriority", sysSetpriority],
  [141, "getpriority", sysGetpriority],
  [142, "reboot", sysReboot],
  [143, "setregid", sysSetregid],
  [144, "setgid", sysSetgid],
  [145, "setreuid", sysSetreuid],
  [146, "setuid", sysSetuid],
  [147, "setresuid", sysSetresuid],
  [148, "getresuid", sysGetresuid],
  [149, "setresgid", sysSetresgid],
  [150, "getresgid", sysGetresgid],
  [151, "setfsuid", sysSetfsuid],
  [152, "setfsgid", sysSetfsgid],
  [153, "times", sysTimes],
  [154, "setpgid", sysSetpgid],
  [155, "getpgid", sysGetpgid],
  [156, "getsid", sysGetsid],
  [157, "setsid", sysSetsid],
  [158, "getgroups", sysGetgroups],
  [159, "setgroups", sysSetgroups],
  [160, "uname", sysUname],
  [161, "sethostname", sysSethostname],
  [162, "setdomainname", sysSetdomainname],
  [163, "getrlimit", sysGetrlimit],
  [164, "setrlimit", sysSetrlimit],
  [165, "getrusage", sysGetrusage],
  [166, "umask", sysUmask],
  [167, "prctl", sysPrctl],
  [168, "getcpu", sysGetcpu],
  [169, "gettimeofday", sysGettimeofday],
  [172, "getpid", sysGetpid],
  [173, "getppid", sysGetppid],
  [174, "getuid", sysGetuid],
  [175, "geteuid", sysGeteuid],
  [176, "getgid", sysGetgid],
  [177, "getegid", sysGetegid],
  [178, "gettid", sysGettid],
  [179, "sysinfo", sysSysinfo],
  [190, "semget", sysSemget],
  [191, "semctl", sysSemctl],
  [192, "semtimedop", sysSemtimedop],
  [193, "semop", sysSemop],
  [198, "socket", sysSocket],
  [199, "socketpair", sysSocketpair],
  [200, "bind", sysBind],
  [201, "listen", sysListen],
  [202, "accept", sysAccept],
  [203, "connect", sysConnect],
  [204, "getsockname", sysGetsockname],
  [205, "getpeername", sysGetpeername],
  [206, "sendto", sysSendto],
  [207, "recvfrom", sysRecvfrom],
  [208, "setsockopt", sysSetsockopt],
  [209, "getsockopt", sysGetsockopt],
  [210, "shutdown", sysShutdown],
  [211, "sendmsg", sysSendmsg],
  [212, "recvmsg", sysRecvmsg],
  [213, "readahead", sysReadahead],
  [214, "brk", sysBrk],
  [215, "munmap", sysMunmap],
  [216, "mremap", sysMremap],
  [220, "clone", sysClone],
  [221, "execve", sysExecve],
  [222, "mmap", sysMmap],
  [223, "fadvise64", sysFadvise64],
  [226, "mprotect", sysMprotect],
  [227, "msync", sysMsync],
  [228, "mlock", sysMlock],
  [229, "munlock", sysMunlock],
  [230, "mlockall", sysMlockall],
  [231, "munlockall", sysMunlockall],
  [233, "madvise", sysMadvise],
  [242, "accept4", sysAccept4],
  [258, "riscv_hwprobe", sysRiscvHwprobe],
  [259, "riscv_flush_icache", sysRiscvFlushIcache],
  [260, "wait4", sysWait4],
  [261, "prlimit64", sysPrlimit64],
  [267, "syncfs", sysSyncfs],
  [269, "sendmmsg", sysSendmmsg],
  [274, "sched_setattr", sysSchedSetattr],
  [275, "sched_getattr", sysSchedGetattr],
  [276, "renameat2", sysRenameat2],
  [278, "getrandom", sysGetrandom],
  [279, "memfd_create", sysMemfdCreate],
  [281, "execveat", sysExecveat],
  [285, "copy_file_range", sysCopyFileRange],
  [286, "preadv2", sysPreadv2],
  [287, "pwritev2", sysPwritev2],
  [291, "statx", sysStatx],
  [424, "pidfd_send_signal", sysPidfdSendSignal],
  [434, "pidfd_open", sysPidfdOpen],
  [438, "pidfd_getfd", sysPidfdGetfd],
  [435, "clone3", sysClone3],
  [436, "close_range", sysCloseRange],
  [439, "faccessat2", sysFaccessat],
  [441, "epoll_pwait2", sysEpollPwait2],
  [452, "fchmodat2", sysFchmodat2],
];

export const SYSCALL_TABLE = new Map<number, SyscallEntry>(entries.map(([nr, name, handler]) => [nr, { name, handler, noRestart: NO_RESTART.has(name) }]));
