# what if... a person uses the shell's builtins: getopts, read with IFS and -r, command -v,
# type, exec, set -u, set -- and $0, local scoping, aliases, eval, printf -v-less tricks,
# shift counts, and the special parameters $? $# $- $!?
parse() {
  OPTIND=1
  while getopts "ab:c" opt "$@"; do
    case $opt in
      a) echo "flag a";;
      b) echo "b=$OPTARG";;
      c) echo "flag c";;
      *) echo "bad option";;
    esac
  done
  shift $((OPTIND - 1))
  echo "rest: $*"
}
parse -a -b val -c file1 file2
parse -x 2>/dev/null
parse -- -a
printf 'one two three four\n' | { read a b rest; echo "a=$a b=$b rest=$rest"; }
printf 'x:y:z\n' | { IFS=: read p q r; echo "$r$q$p"; }
printf 'back\\slash\n' | { read v; echo "$v"; }
printf 'back\\slash\n' | { read -r v; echo "$v"; }
printf '  lead and trail  \n' | { read v; echo "[$v]"; }
printf '  lead and trail  \n' | { IFS= read -r v; echo "[$v]"; }
printf 'l1\nl2\nl3' | { n=0; while read -r l || [ -n "$l" ]; do n=$((n + 1)); done; echo "lines $n"; }
command -v ls
command -v cd
command -v nosuch || echo "command -v nosuch: $?"
type echo | sed 's/ a / /'
type nosuch >/dev/null 2>&1 || echo "type nosuch failed"
sh -c 'exec echo "exec replaced the shell"; echo never'
sh -c 'echo "$0 $1 $2"' zero one two
sh -c 'set -u; echo "$undefined_var"' 2>/dev/null || echo "set -u stopped it"
f() { local x=inner; g; }
g() { echo "g sees x=$x"; }
x=outer; f; echo "x=$x"
alias hello='echo aliased'
eval 'hello world'
unalias hello
cmd='echo one; echo two'
eval "$cmd"
set -- a b c d e
shift 2; echo "$# $*"
shift 5 2>/dev/null || echo "shift too far fails"
echo "$#"
case $- in *h*|*B*|*) echo "options string present";; esac
sleep 0 & bg=$!
[ -n "$bg" ] && echo "\$! is set"
wait
true; echo "\$? after true: $?"
echo "${#PATH} chars of PATH" | grep -c chars
printf '%s-%s\n' a b c d
printf '%d%%\n' 50
printf '%q\n' 'x' 2>/dev/null || true
echo "$(( $(echo 6) * $(echo 7) ))"
local_test() { local a=1 b=2; echo "$a$b"; }; local_test
pwd_before=$(pwd); cd /tmp; cd "$pwd_before"; [ "$(pwd)" = "$pwd_before" ] && echo "back home"
hash 2>/dev/null; echo "hash ok"
ulimit -n >/dev/null && echo "ulimit -n answers"
times >/dev/null && echo "times answers"
umask -S
getopts_fail() { getopts "a" o -z 2>/dev/null; echo "opt=$o"; }; getopts_fail
