# what if... a person meets the edges of files: umask and new files' modes, /dev/null,
# /dev/full, /dev/zero, writing to a closed descriptor, hard-link counts, renaming over
# files, appending from two writers, diff and cmp of differing files, od and hexdump?
mkdir -p /tmp/fm && cd /tmp/fm || exit 1
umask
umask 027
touch u1 && mkdir ud
stat -c '%a %n' u1 ud
umask 0
touch u2 && stat -c '%a' u2
umask 022
echo discard > /dev/null && echo "/dev/null takes writes"
wc -c < /dev/null
echo x > /dev/full 2>/dev/null
echo "write to /dev/full: $?"
head -c 4 /dev/zero | od -An -tx1
echo hi >&- 2>/dev/null
echo "write to closed stdout: $?"
cat < /dev/null; echo "cat /dev/null: $?"
echo one > a && ln a b && ln a c
stat -c '%h' a
rm b && stat -c '%h' a
echo two > d
mv d a && cat a c
echo first > log; (for i in 1 2 3; do echo "A$i"; done >> log) & (for i in 1 2 3; do echo "B$i"; done >> log) & wait
sort log
printf 'a\nb\nc\n' > x1; printf 'a\nB\nc\nd\n' > x2
cmp x1 x2; echo "cmp status $?"
diff x1 x2 | grep '^[<>+-]' | grep -v '^[-+][-+][-+]'
echo "diff status: $(diff x1 x2 >/dev/null; echo $?)"
diff -u x1 x2 | tail -n +3
printf 'AB\001\377' | od -An -tx1
printf 'hello world\n' | od -c | head -1
printf 'hello\n' | hexdump -C | head -1
printf '\x41\x42' 2>/dev/null | od -c | head -1
echo -e 'tab\there' | od -c | head -1
printf '%b\n' 'esc\tseq'
echo $'dollar-quote\x21' 2>/dev/null
touch -- -dashfile && ls -- -dashfile && rm -- -dashfile
touch 'sp ace' && ls 'sp ace' && rm 'sp ace'
mkdir -p deep/er/est && echo x > deep/er/est/f && rm -rf deep && [ ! -e deep ] && echo "rm -rf deep"
ls -A
