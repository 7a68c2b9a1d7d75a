# what if... a person writes a real shell program: variables and their expansions, arithmetic,
# functions with locals and return values, for/while/until loops with break/continue, case,
# positional parameters, IFS splitting and printf?
x=5
y=7
echo "sum $((x + y)) prod $((x * y)) div $((y / 2)) mod $((y % 3)) pow $((2 ** 10))"
echo "shift $((1 << 8)) and $((12 & 10)) or $((12 | 3)) xor $((12 ^ 5)) neg $((-x)) not $((!0))"
echo "cmp $((x < y)) $((x == 5)) $((x != 5)) ternary $((x > y ? x : y))"
i=0
: $((i += 3)) $((i *= 4))
echo "i=$i hex $((0x1f)) octal $((010))"
echo "big $((9223372036854775807)) wrap $((9223372036854775807 + 1))"

s=hello.world.tar.gz
echo "${#s} ${s%.*} ${s%%.*} ${s#*.} ${s##*.}"
echo "${unset:-default} ${unset-dash} [${empty=}] ${s:+alt}"
echo "${s:6:5}"
n=
echo "${n:-empty-default}"
v=abcabc
echo "${v/b/X} ${v//b/X}"

greet() {
  local who=$1
  echo "hello, $who ($# args)"
  return 3
}
greet world extra
echo "greet returned $?"
who=outer
greet inner >/dev/null
echo "who still $who"

fact() {
  if [ "$1" -le 1 ]; then echo 1; return; fi
  echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
echo "10! = $(fact 10)"

for w in alpha beta gamma; do printf '%s;' "$w"; done; echo
for i in 1 2 3 4 5 6 7 8 9; do
  [ $i -eq 2 ] && continue
  [ $i -gt 5 ] && break
  printf '%d ' $i
done; echo
n=0
while [ $n -lt 5 ]; do n=$((n + 1)); done
echo "while n=$n"
until [ $n -le 0 ]; do n=$((n - 2)); done
echo "until n=$n"

for f in a.c b.h c.txt Makefile 42; do
  case $f in
    *.c|*.h) echo "$f: C source";;
    [0-9]*) echo "$f: number";;
    Makefile) echo "$f: make";;
    *) echo "$f: other";;
  esac
done

set -- one "two words" three
echo "$# args: $1 | $2 | $3"
for a in "$@"; do echo "[$a]"; done
for a in $*; do echo "<$a>"; done
shift
echo "after shift: $*"
IFS=:
line="root:x:0:0"
set -- $line
echo "fields $# third=$3"
IFS=' '
printf '%5s|%-5s|%05d|%x|%o|%c|%%\n' ab cd 42 255 8 zed
printf '%s\n' "multi" "args"
printf '%.3f %e\n' 3.14159 1234.5 2>/dev/null || echo "no float printf"
readonly RO=1
(RO=2) 2>/dev/null || echo "readonly enforced"
unset x
echo "x after unset: [${x}]"
export EXPORTED=yes
sh -c 'echo "child sees $EXPORTED"'
( : "${NOTSET?is not set}" ) 2>/dev/null || echo "? expansion failed as expected"
eval 'echo eval $((6 * 7))'
