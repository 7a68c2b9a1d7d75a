# what if... a person relies on subshells and command substitution: variables set in ( ) do not
# leak out, $( ) nests, backquotes work, exit statuses travel back, and $$ stays the parent's?
x=outer
(x=inner; echo "in subshell: $x")
echo "after subshell: $x"
(cd /tmp && pwd)
pwd
echo "nested: $(echo a$(echo b$(echo c)))"
echo "backquote: `echo tick`"
count=$(printf 'a\nb\nc\n' | wc -l)
echo "count=$count"
trailing=$(printf 'x\n\n\n')
echo "trailing newlines stripped: [$trailing]"
(exit 7)
echo "subshell exit: $?"
v=$(exit 4)
echo "substitution exit: $?"
outer=$$
inner=$(echo $$)
[ "$outer" = "$inner" ] && echo "\$\$ is the parent's in \$( )"
sub=$(sh -c 'echo $PPID')
[ "$sub" = "$$" ] && echo "child's PPID is us"
( echo "pipe into subshell" ) | cat
echo "a b c" | (read one two three; echo "$three $two $one")
echo "unchanged: [$one]"
r=$( { echo out; echo err >&2; } 2>&1 )
echo "captured: $(echo $r)"
y=0
echo piped | while read z; do y=1; done
echo "y after piped loop: $y"
f() { echo "in f"; exit 3; }
( f )
echo "exit inside subshell function: $?"
res=$( (echo deep; (echo deeper)) | tr '\n' ' ')
echo "$res"
set -e
( false ) || echo "set -e: failure handled"
set +e
echo done
