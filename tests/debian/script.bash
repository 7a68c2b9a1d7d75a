# Debian's bash on our kernel: builtins, expansions, arrays, functions, subshells and pipes
# (fork without exec), traps, here-documents, read loops, printf. No external commands: the
# oracle (qemu-riscv64) cannot exec another riscv64 program.
set -u
fib() { local n=$1; if (( n < 2 )); then echo "$n"; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }
echo "fib 12 = $(fib 12)"
declare -a arr=(pear apple "fig tree" banana)
echo "count ${#arr[@]}: ${arr[2]} / ${arr[*]:1:2}"
IFS=$'\n' sorted=($(for x in "${arr[@]}"; do echo "$x"; done | { mapfile -t l; printf '%s\n' "${l[@]}" | while read -r y; do echo "${#y} $y"; done; })); unset IFS
printf '[%s]\n' "${sorted[@]}"
declare -A color=([sky]=blue [grass]=green [sun]=yellow)
for k in $(printf '%s\n' "${!color[@]}" | { mapfile -t ks; IFS=$'\n'; echo "${ks[*]}"; }); do :; done
for k in sky grass sun; do printf '%-6s %s\n' "$k" "${color[$k]}"; done
s="Hello, World of Bash"
echo "${s^^} ${s,,} ${s//o/0} ${s#Hello, } ${s%% *} ${#s}"
[[ "$s" =~ W(or)ld ]] && echo "regex: ${BASH_REMATCH[0]} ${BASH_REMATCH[1]}"
case "$s" in *Bash) echo "case: ends in Bash";; *) echo "case: no";; esac
echo {1..5} {a..e..2} x{A,B}y
total=0; for ((i = 1; i <= 1000; i++)); do (( total += i * i % 7 )); done; echo "total $total"
out=$( (echo sub1; echo sub2) | while read -r l; do echo "got $l"; done )
echo "$out"
cat_lines=0; while IFS= read -r line; do cat_lines=$((cat_lines + 1)); echo "line: $line"; done <<'HERE'
first line
  second, indented
third $not_expanded
HERE
echo "here-doc lines $cat_lines"
trap 'echo "trap on EXIT, status $?"' EXIT
f() { return 3; }; f; echo "f returned $?"
( exit 7 ); echo "subshell exit $?"
printf '%05d|%-4s|%x|%o|%.3f\n' 42 ab 255 8 3.14159
echo "pid differs in subshell: $( [[ $BASHPID != $$ ]] && echo yes || echo no )"
read -r a b c <<< "one two three four"; echo "a=$a b=$b c=$c"
exit 0
