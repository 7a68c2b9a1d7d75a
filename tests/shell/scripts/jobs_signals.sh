# what if... a person runs jobs in the background and signals them: kill and wait for the
# status, kill -0, traps on EXIT and on signals (in the shell and in a subshell), signals a
# non-interactive shell's background job ignores, SIGPIPE, timeout and short sleeps?
trap 'echo "EXIT trap ran (status $?)"' EXIT

sleep 0.1 && echo "slept 0.1"
sleep 100 &
pid=$!
kill -0 "$pid" && echo "background job is alive"
kill "$pid"
wait "$pid"
echo "wait after kill: $?"
kill -0 "$pid" 2>/dev/null || echo "and it is gone"

sleep 100 &
p=$!
kill -KILL "$p"
wait "$p"
echo "wait after SIGKILL: $?"

# Background jobs of a non-interactive shell ignore SIGINT and SIGQUIT (POSIX), and exec
# keeps ignored signals ignored. (The job says when it is running: the shell sets SIG_IGN in
# the child after fork, and a signal sent before that would kill it.)
rm -f /tmp/bgready
(touch /tmp/bgready; exec sleep 1) &
p=$!
while [ ! -e /tmp/bgready ]; do sleep 0.05; done
kill -INT "$p"
wait "$p"
echo "SIGINT to a background job: $?"

# Several jobs; wait with no argument waits for all of them.
# (Which ends first is up to the scheduler: the output is sorted.)
: > /tmp/jobs.out
(sleep 0.2; echo "job A done") >> /tmp/jobs.out &
(sleep 0.1; echo "job B done") >> /tmp/jobs.out &
wait
sort /tmp/jobs.out
echo "all jobs waited"

# A trap on a signal the shell sends itself.
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "caught TERM, going on"' TERM
kill -TERM $$
trap - TERM USR1

# A subshell with its own trap, interrupted while it waits for a child.
rm -f /tmp/ready
(
  trap 'echo "subshell caught TERM"; exit 5' TERM
  touch /tmp/ready
  sleep 100 &
  wait
) &
sub=$!
while [ ! -e /tmp/ready ]; do sleep 0.05; done
kill -TERM "$sub"
wait "$sub"
echo "subshell status: $?"
pkill -f 'sleep 100' 2>/dev/null

# A trap that ignores a signal, inherited as "ignored" by children.
trap '' HUP
sh -c 'kill -HUP $$; echo "child survived HUP"'
trap - HUP

# yes stops when head is done (how: sigpipe.sh).
yes | head -n 2
echo "pipe status: $?"

# kill -l names signals.
kill -l 9 15 2
sh -c 'kill -TERM $$'
echo "child killed by TERM: $?"
timeout 1 sleep 10
echo "timeout: $?"
sh -c 'trap "echo child EXIT trap" EXIT; exit 4'
echo "child with EXIT trap: $?"
exit 0
