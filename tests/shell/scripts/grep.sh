# what if... a person hunts for text with grep: plain, -i, -v, -c, -n, -l, -o, -w, -x, -E
# alternation and classes, -r through a tree, -q for scripts, and the exit statuses?
mkdir -p /tmp/gr/sub && cd /tmp/gr || exit 1
cat > a.txt <<'EOT'
apple pie
Banana split
cherry tart
apple crumble
grape
EOT
cat > sub/b.txt <<'EOT'
pineapple
no fruit here
APPLE CAPS
EOT
echo 'nothing' > sub/c.log
grep apple a.txt
grep -i apple a.txt
grep -v apple a.txt
grep -c apple a.txt
grep -n a a.txt
grep -w apple sub/b.txt a.txt
grep -x grape a.txt
grep -o 'ap*le' a.txt
grep -E 'cherry|grape' a.txt
grep -E '^[A-Z]' a.txt
grep -E 'p{2}' a.txt
grep -e pie -e tart a.txt
grep -r apple . | sort
grep -rn -i apple . | sort
grep -rl apple . | sort
grep -rc apple . | sort
grep -h apple a.txt sub/b.txt
grep -F 'p.e' a.txt
echo "F exit: $?"
grep -q crumble a.txt && echo "quiet match"
grep nomatch a.txt
echo "nomatch exit: $?"
grep x /no/such/file 2>/dev/null
echo "missing file exit: $?"
printf 'one\ntwo\nthree\n' | grep -A1 one
printf 'one\ntwo\nthree\n' | grep -B1 three
printf 'x1\nx2\ny\n' | grep -vc x
grep -E -v '^(apple|grape)' a.txt | grep -c .
