# what if... a person sorts and de-duplicates: lexical, numeric, reverse, unique, by key and
# separator, stable ties, and uniq's counting and filtering?
printf 'banana\napple\ncherry\napple\nBanana\n10\n9\n100\n' > /tmp/w.txt
sort /tmp/w.txt
sort -r /tmp/w.txt
sort -u /tmp/w.txt
sort -f /tmp/w.txt | head -3
printf '10\n9\n100\n-3\n2.5\n' | sort -n
printf '10\n9\n100\n-3\n2.5\n' | sort -nr
cat > /tmp/t.txt <<'EOT'
bob 25 london
alice 30 paris
carol 35 paris
dave 40 berlin
eve 25 london
EOT
sort -k2 -n /tmp/t.txt
sort -k3,3 -k1,1r /tmp/t.txt
sort -k2,2n -k1,1 /tmp/t.txt
sort -t: -k3 -n /etc/passwd | cut -d: -f1 | head -3
sort -k3 -u /tmp/t.txt
sort -c /tmp/t.txt 2>/dev/null
echo "sorted check: $?"
sort /tmp/t.txt | sort -c && echo "now sorted"
printf 'a\na\nb\nc\nc\nc\na\n' > /tmp/u.txt
uniq /tmp/u.txt
uniq -c /tmp/u.txt
uniq -d /tmp/u.txt
uniq -u /tmp/u.txt
sort /tmp/u.txt | uniq -c | sort -rn
printf 'x 1\ny 1\nz 2\n' | uniq -f1
printf 'A\na\n' | uniq -i
sort -o /tmp/sorted.txt /tmp/w.txt && tail -1 /tmp/sorted.txt
printf '1\n3\n' > /tmp/m1; printf '2\n4\n' > /tmp/m2
sort -m /tmp/m1 /tmp/m2
