# what if... a person packs and unpacks: tar create/list/extract (plain and gzip), gzip and
# gunzip with -c/-d/-k, zcat, and checks files with md5sum and sha256sum (including -c)?
mkdir -p /tmp/ar/proj/src /tmp/ar/proj/docs && cd /tmp/ar || exit 1
echo 'main() {}' > proj/src/main.c
seq 1 2000 > proj/docs/numbers.txt
printf 'readme\n' > proj/README
ln -s src/main.c proj/link.c
chmod 750 proj/src
tar cf proj.tar proj
tar tf proj.tar | sort
tar tvf proj.tar | awk '{print $1, $3, $NF}' | sort -k3
mkdir out && tar xf proj.tar -C out
diff -r proj out/proj && echo "tar round trip identical"
readlink out/proj/link.c
stat -c '%a %n' out/proj/src
tar czf proj.tgz proj
tar tzf proj.tgz | sort | head -3
mkdir out2 && cd out2 && tar xzf ../proj.tgz && cd ..
cmp proj/docs/numbers.txt out2/proj/docs/numbers.txt && echo "tgz round trip identical"
tar cf - proj/README | tar xOf - proj/README
tar -cf sub.tar -C proj src && tar tf sub.tar | sort
cp proj/docs/numbers.txt n.txt
gzip n.txt
ls n.txt* 
gzip -t n.txt.gz && echo "gzip -t ok"
zcat n.txt.gz | tail -1
gunzip n.txt.gz
ls n.txt*
gzip -c n.txt > c.gz
gzip -dc c.gz | md5sum
md5sum n.txt
sha256sum n.txt
printf 'abc' | md5sum
printf 'abc' | sha256sum
printf '' | sha1sum
md5sum n.txt proj/README > sums.md5
md5sum -c sums.md5
echo changed >> proj/README
md5sum -c sums.md5 2>/dev/null
echo "md5sum -c after change: $?"
sha256sum proj/docs/numbers.txt | sha256sum -c - >/dev/null 2>&1; echo "sha256 -c stdin: $?"
gzip -9 -c n.txt | gunzip | cmp - n.txt && echo "gzip -9 ok"
echo "not gzip" > bad.gz
gunzip bad.gz 2>/dev/null
echo "gunzip bad: $?"
