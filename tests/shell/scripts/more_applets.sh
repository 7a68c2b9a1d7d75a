# what if... a person reaches for the smaller tools: expr, factor, dc, cal, base64, realpath,
# which, strings, od, printf with big numbers, and floating point in awk and seq? (This busybox
# has no cksum, sum, comm or split, and its awk has no math library: no ^, sqrt, sin...)
expr 7 \* 6
expr length "hello world"
expr substr "hello" 2 3
expr index "hello" l
expr "abc123" : '[a-z]*'
expr 10 / 3 \| 0
factor 360 9999991 600851475143
echo '2 10 ^ p 7 3 / p 3 k 7 3 / p' | dc
cal 2 2024
cal 9 1752 2>/dev/null | head -3
printf 'hello base64 world' | base64
printf 'aGVsbG8gYmFzZTY0IHdvcmxk' | base64 -d; echo
realpath /usr/bin/../bin/./awk
which sh awk
printf 'bin\001\002text here\000more words\n' | strings
printf '%d %u %x\n' 9223372036854775807 18446744073709551615 4294967295
printf '%s\n' "$((1 << 62))"
awk 'BEGIN {printf "%.10f %.6e %g %g\n", 355 / 113, 2.718281828 * 1000, 1 / 3, 1e-5}'
awk 'BEGIN {print 0.1 + 0.2, 1e300 * 1e10, -1e300 * 1e10, -1 / 3, int(-3.7), 1e15 + 0.5, 123456789 * 987654321}'
awk 'BEGIN {srand(7); a = rand(); srand(7); b = rand(); print (a == b) ? "srand repeats" : "srand differs"}'
echo "3.14159 2.71828" | awk '{printf "%.2f %5.1f|%-8.3f|\n", $1 * $2, $1, $2}'
seq 0.5 0.25 1.5
echo 'scale=5; 1/7' | bc 2>/dev/null || echo "no bc"
printf '%s\n' 10 2 33 | sort -g 2>/dev/null || printf '%s\n' 10 2 33 | sort -n
echo hello | sha1sum
echo hello | sha512sum | cut -c1-32
echo hello | md5sum
printf '' | md5sum
tr '\000-\377' '\000-\377' </dev/null | wc -c
head -c 256 /dev/zero | tr '\0' '\377' | od -An -tu1 | head -1 | awk '{print $1, NF}'
