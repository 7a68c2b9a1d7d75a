# what if... a person looks at the size of directories on tmpfs (/tmp here, / on our machine),
# with ls -l, stat and du? Linux's tmpfs reports 40 bytes for an empty directory plus 20 per
# entry (a "bogo" size), and du counts allocated blocks.
mkdir -p /tmp/ds/empty /tmp/ds/three && cd /tmp/ds || exit 1
touch three/a three/b three/c
stat -c '%s %n' empty three
ls -ld empty three | awk '{print $5, $NF}'
rm three/a
stat -c '%s %n' three
mkdir three/sub
stat -c '%s %n' three
stat -c '%b' empty
du -s empty | awk '{print $1}'
stat -f -c '%T' /tmp 2>/dev/null
