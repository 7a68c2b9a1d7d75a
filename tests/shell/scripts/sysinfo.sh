# what if... a person asks about the machine: uname, id, df, free, ps, date, env, nproc,
# hostname? Numbers and names differ between machines, so only shapes are compared.
uname -s
uname -m
uname -o
uname -r | grep -Eq '^[0-9]+\.[0-9]+' && echo "release looks like a version"
uname -a | grep -q riscv64 && echo "uname -a mentions riscv64"
hostname >/dev/null && echo "hostname ok"
# Plain `id` lists supplementary groups, which depend on who started the reference (a root
# with no supplementary groups inside `unshare --map-root-user`): compare the ids only.
id -u
id -g
id -un
id -gn
whoami
# Not `df /`: in the reference's chroot, / is not a mount point of the mount table it reads, so
# busybox df fails there where Linux booted on this root file system would not.
df >/dev/null; echo "df status $?"
df -k | awk 'NR == 1 {print $1, $2}'
df -h >/dev/null; echo "df -h status $?"
free >/dev/null; echo "free status $?"
free | awk 'NR == 1 {print $1, $2, $3} /^Mem:/ {print "mem total positive:", ($2 > 0)}'
free -m | awk '/^Mem:/ {print "free -m has a Mem line"}'
ps >/dev/null; echo "ps status $?"
ps | head -1
ps | awk 'NR > 1 && $1 == 1 {print "pid 1 is listed"}'
ps -o pid,comm | awk 'NR == 1 {print $1, $2}'
sleep 5 &
# The job shows as "sleep 5" once it has exec'd; wait for that (at most ~5 s).
i=0; until ps | grep -q '[s]leep 5' || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
ps | grep -c '[s]leep 5'
kill $!
date >/dev/null; echo "date status $?"
date +%Y | grep -Eq '^20[0-9][0-9]$' && echo "year has four digits"
date +%s | awk '{print ($1 > 1600000000) ? "epoch is after 2020" : "epoch " $1}'
date -u -d @0 '+%Y-%m-%d %H:%M:%S'
date -u -d '2020-02-29 12:34:56' '+%j %a %b %H%M%S'
date -u -d @1700000000 -R 2>/dev/null || date -u -d @1700000000
TZ=UTC date -d @86400 +%A
nproc | awk '{print ($1 >= 1) ? "nproc positive" : "nproc " $1}'
[ -r /proc/meminfo ] && grep -q '^MemTotal:' /proc/meminfo && echo "meminfo has MemTotal"
[ -r /proc/uptime ] && awk '{print ($1 >= 0) ? "uptime parses" : "bad"}' /proc/uptime
uptime >/dev/null; echo "uptime status $?"
env | grep -v '^_=' | sort
echo "SHLVL=$SHLVL PWD=$PWD"
cat /etc/os-release >/dev/null && echo "os-release readable"
tty; echo "tty status $?"
