#!/usr/bin/env bash
# The reference machine for tests/shell: real Linux running the same riscv64 busybox through
# qemu-user. Run it inside fresh namespaces, as
#
#   unshare --user --map-root-user --mount --pid --fork bash oracle.sh ROOTDIR PROGRAM [ARGS...]
#
# ROOTDIR is build/rootfs.img unpacked (tests/shell/rootfs_dir.ts). A private binfmt_misc (one
# per user namespace, Linux >= 6.7) sends every riscv64 ELF to qemu-riscv64-static. Flags: "F"
# opens the interpreter now, so it works inside the chroot, which has no x86 libraries; "P"
# keeps the program's own argv[0] — busybox re-executes itself as /proc/self/exe with argv[0]
# naming the applet, and without "P" qemu would hand it "/proc/self/exe" instead. Then fork+exec
# of riscv64 programs inside the chroot works as it does on a riscv64 machine.
set -euo pipefail
root=$1
shift
qemu=/usr/bin/qemu-riscv64-static
mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
echo ':qemu-riscv64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$qemu"':PF' \
  > /proc/sys/fs/binfmt_misc/register
# /proc of this pid namespace (the script is pid 1, its program the only other process).
mount -t proc proc "$root/proc"
# Our kernel gives every run a fresh /tmp and its own /dev; so does the reference.
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount --rbind /dev "$root/dev"
exec chroot "$root" "$@"
