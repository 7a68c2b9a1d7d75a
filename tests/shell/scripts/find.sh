# what if... a person searches a tree with find: by name, type, depth, size, and acts on what
# it finds with -exec and xargs? (Output is sorted: directory order is not portable.)
mkdir -p /tmp/fd/src/lib /tmp/fd/doc /tmp/fd/empty && cd /tmp/fd || exit 1
echo 'int main(){}' > src/main.c
echo 'void f(){}' > src/lib/f.c
echo '#pragma once' > src/lib/f.h
echo '# readme' > doc/README.md
head -c 5000 /dev/zero > doc/big.bin
ln -s ../src/main.c doc/link.c
find . | sort
echo --
find . -name '*.c' | sort
find . -type d | sort
find . -type l
find . -type f -name '*.[ch]' | sort
find . -maxdepth 1 | sort
find . -mindepth 2 -type f | sort
find . -size +4k
find . -empty | sort
find . -iname 'readme*'
find src -name '*.c' -exec wc -c {} \; | sort
find src -type f -exec echo found {} + | tr ' ' '\n' | sort
find . -name '*.h' -o -name '*.md' | sort
find . ! -type d ! -name '*.c' | sort
find . -path './src/*' -type f | sort
find . -newer src/main.c -name nothing
find /tmp/fd -name f.h
find . -name '*.c' | xargs cat | sort
find . -type f -name '*.bin' -exec rm {} \;
find doc | sort
find /no/such 2>/dev/null
echo "find missing: $?"
