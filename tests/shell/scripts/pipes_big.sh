# what if... more data moves than a pipe holds: big pipelines, a here-document larger than the
# pipe buffer, dd with block sizes, seek and sparse files, and cat/cp/cmp of large files?
# (Named pipes: fifo.sh.)
cd /tmp || exit 1
seq 1 200000 | wc -l
seq 1 200000 | md5sum
head -c 3000000 /dev/zero | wc -c
dd if=/dev/zero bs=4096 count=100 2>/dev/null | wc -c
dd if=/dev/zero bs=1000 count=7 2>/dev/null | tr '\0' 'z' | wc -c
seq 1 20000 > big.txt
# An unquoted here-document of ~110 KB, expanded by the shell, piped into a program.
doc=$(cat big.txt big.txt)
cat <<EOT | md5sum
$doc
EOT
cat big.txt big.txt big.txt | sort -n | uniq -c | awk '$1 != 3' | wc -l
cp big.txt copy.txt && cmp big.txt copy.txt && echo "copy identical"
cat big.txt > cat.txt && md5sum < cat.txt
dd if=big.txt of=dd.txt bs=7777 2>/dev/null && cmp big.txt dd.txt && echo "dd copy identical"
dd if=big.txt bs=100 skip=10 count=2 2>/dev/null | md5sum
dd if=/dev/zero of=sparse bs=1 count=1 seek=1048575 2>/dev/null
stat -c '%s' sparse
tail -c 3 sparse | od -An -tx1
printf 'abc' | dd of=patched bs=1 seek=5 2>/dev/null; od -An -c patched
dd if=big.txt of=part bs=1k count=3 conv=notrunc 2>/dev/null; stat -c '%s' part
rm big.txt copy.txt cat.txt dd.txt sparse patched part
