# what if... a person generates sequences with seq and fans arguments out with xargs: counts,
# steps, widths, separators, -n batches, -I replacement, -0 with find -print0?
seq 5
seq 3 7
seq 1 3 10
seq 10 -3 1
seq -w 8 11
seq -s, 1 5
seq 0
echo "seq 0 exit: $?"
seq 5 | xargs
seq 7 | xargs -n 3
seq 3 | xargs -I{} echo "item {} done"
echo a b c | xargs -n 1 echo got
printf 'x\ny\n' | xargs echo prefix
mkdir -p /tmp/xa && cd /tmp/xa && touch 'a b' c d
find . -type f -print0 | xargs -0 ls -1 | sort
printf '' | xargs echo empty-input
printf '' | xargs -r echo never-printed
echo "xargs -r: $?"
seq 3 | xargs sh -c 'echo "args: $*"' sh
seq 4 | xargs -n 2 sh -c 'exit $(( $1 + $2 == 7 ? 1 : 0 ))' sh
echo "xargs child failed: $?"
echo 1 2 3 | xargs -t echo 2>&1
seq 100 | tail -1
seq 1 100 | awk '{s += $1} END {print s}'
