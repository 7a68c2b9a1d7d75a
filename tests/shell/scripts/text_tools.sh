# what if... a person slices text with cut, tr, wc, head, tail, paste, rev, nl, tee, and
# counts lines, words and bytes?
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:A User:/home/user:/bin/ash\n' > /tmp/p.txt
cut -d: -f1 /tmp/p.txt
cut -d: -f1,3 /tmp/p.txt
cut -d: -f5- /tmp/p.txt
cut -c1-4 /tmp/p.txt
cut -c3 /tmp/p.txt
echo "hello world" | tr a-z A-Z
echo "hello world" | tr -d lo
echo "aaabbbccc" | tr -s ab
echo "hello" | tr el ip
echo "a1b2c3" | tr -cd 0-9; echo
echo "x y  z" | tr ' ' '\n' | grep -c .
printf 'one two\nthree\n\nfour five six\n' > /tmp/wc.txt
wc /tmp/wc.txt
wc -l < /tmp/wc.txt
wc -w < /tmp/wc.txt
wc -c < /tmp/wc.txt
wc -L /tmp/wc.txt 2>/dev/null | awk '{print $1}'
seq 20 > /tmp/n.txt
head -n 3 /tmp/n.txt
head -3 /tmp/n.txt | tail -1
tail -n 2 /tmp/n.txt
tail -n +18 /tmp/n.txt
head -c 5 /tmp/n.txt | od -c | head -1
tail -c 6 /tmp/n.txt
head -n -17 /tmp/n.txt
paste -d, /tmp/n.txt /tmp/n.txt | head -2
paste -s -d+ /tmp/n.txt | head -c 20; echo
echo abc | rev
nl -ba /tmp/wc.txt 2>/dev/null | head -2
echo tee-me | tee /tmp/tee.txt | tr a-z A-Z
cat /tmp/tee.txt
echo more | tee -a /tmp/tee.txt >/dev/null
cat /tmp/tee.txt
printf 'b\na\n' | cat -n
printf 'x\ty\n' | expand -t 4 2>/dev/null | od -c | head -1
printf 'line1\nline2' | wc -l
fold -w 5 <<EOT
abcdefghijkl
EOT
printf '%s\n' 3 1 2 | tac
basename /usr/local/bin/tool.sh .sh
dirname /usr/local/bin/tool.sh
