# what if... a person crunches columns with awk: fields and separators, patterns, BEGIN/END,
# arithmetic and printf, associative arrays, string functions, NR/NF, user functions, getline?
cat > /tmp/data.txt <<'EOT'
alice 30 paris
bob 25 london
carol 35 paris
dave 40 berlin
eve 25 london
EOT
awk '{print $1}' /tmp/data.txt
awk '{print NR": "$3, NF}' /tmp/data.txt
awk '$2 > 28' /tmp/data.txt
awk '/london/ {n++} END {print "london:", n}' /tmp/data.txt
awk '{sum += $2} END {printf "total %d avg %.2f\n", sum, sum / NR}' /tmp/data.txt
awk '{city[$3]++} END {for (c in city) print c, city[c]}' /tmp/data.txt | sort
awk 'BEGIN {print "start"} END {print "end", NR}' /tmp/data.txt
awk -F: '{print $1, $NF}' /etc/passwd | head -2
awk -F, -v OFS=';' '{$1 = $1; print}' <<EOT
a,b,c
1,2,3
EOT
awk '{print length($1), toupper($1), substr($3, 2, 3), index($1, "o")}' /tmp/data.txt
awk '{gsub(/a/, "A"); print}' /tmp/data.txt | head -2
awk '{n = split($0, parts, " "); print n, parts[n]}' /tmp/data.txt | head -1
awk 'function sq(x) { return x * x } {print $1, sq($2)}' /tmp/data.txt | head -2
awk 'NR == 2, NR == 3' /tmp/data.txt
awk 'BEGIN {x = sprintf("%05.1f|%-4s|%x", 3.14159, "ab", 255); print x}'
awk 'BEGIN {print 7 / 2, int(7 / 2), 10 % 3, -7 % 3, 1 / 3, 2 * 2 * 2 * 2 * 2 * 2 * 2 * 2 * 2 * 2}'
awk 'BEGIN {s = "hello world"; sub(/world/, "there", s); print s; print match(s, /th/), RSTART, RLENGTH}'
awk 'BEGIN {while ((getline line < "/tmp/data.txt") > 0) n++; print "getline lines", n}'
awk 'BEGIN {"echo from-cmd" | getline v; print v}'
awk '{print $2 | "sort -n | uniq"}' /tmp/data.txt
awk 'BEGIN {printf "%s %s\n", "no", "newline" > "/tmp/awkout"} END {}' </dev/null
cat /tmp/awkout
echo "a b c d" | awk '{$2 = ""; print; print NF}'
echo "x" | awk '{exit 3}'
echo "awk exit: $?"
awk 'BEGIN { if (!("k" in arr)) print "not in"; arr["k"]; if ("k" in arr) print "in"; delete arr["k"]; print length(arr) }'
printf '3\n1\n2\n' | awk '{a[NR] = $1} END {for (i = NR; i >= 1; i--) printf "%s ", a[i]; print ""}'
