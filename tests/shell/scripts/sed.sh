# what if... a person edits streams with sed: substitutions (global, nth, case, with & and
# groups), line addresses and ranges, deletion, printing with -n, insertion, -i in place,
# multiple expressions and a sed script file?
printf 'alpha beta alpha\ngamma\ndelta alpha\nepsilon\nzeta\n' > /tmp/s.txt
sed 's/alpha/A/' /tmp/s.txt
sed 's/alpha/A/g' /tmp/s.txt
sed 's/alpha/A/2' /tmp/s.txt
sed -n '2p' /tmp/s.txt
sed -n '2,4p' /tmp/s.txt
sed '3d' /tmp/s.txt
sed '/gamma/,/epsilon/d' /tmp/s.txt
sed -n '/alpha/p' /tmp/s.txt
sed -n '$p' /tmp/s.txt
sed 's/\(a\)\(l\)/\2\1/' /tmp/s.txt | head -1
sed -E 's/([a-z]+) ([a-z]+)/\2 \1/' /tmp/s.txt | head -1
sed 's/[aeiou]/[&]/g' /tmp/s.txt | tail -1
sed 's/ALPHA/x/I' /tmp/s.txt | head -1
sed -e 's/a/1/' -e 's/e/2/' /tmp/s.txt
sed '2i\
inserted' /tmp/s.txt | head -3
sed '1a appended' /tmp/s.txt | head -3
sed 'y/abc/ABC/' /tmp/s.txt | head -1
sed = /tmp/s.txt | head -4
sed -n 'p;n' /tmp/s.txt
sed 's#/#|#g' <<EOT
/usr/local/bin
EOT
cp /tmp/s.txt /tmp/s2.txt
sed -i 's/zeta/ZETA/; /gamma/d' /tmp/s2.txt
cat /tmp/s2.txt
printf 's/beta/B/\n/delta/s/^/> /\n' > /tmp/prog.sed
sed -f /tmp/prog.sed /tmp/s.txt
printf 'a\nb\nc\n' | sed -n 'H;${x;s/\n/,/g;s/^,//;p}'
printf 'x\n' | sed 's/x/tab\there/'
sed --version >/dev/null 2>&1; echo "version flag ran"
sed 'p' /nonexistent 2>/dev/null
echo "missing: $?"
