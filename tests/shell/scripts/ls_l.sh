# what if... a person lists a directory in long form: permissions, sizes, symlink targets,
# directories, hidden files, sorting options? (Times, owners' clocks and inode numbers differ
# between machines, so only mode, size and name are printed.)
mkdir -p /tmp/ls && cd /tmp/ls || exit 1
printf 'hello\n' > small
head -c 1000 /dev/zero > k
: > empty
mkdir dir
ln -s small link
touch .dot
chmod 600 small
chmod 755 k
chmod 4755 empty 2>/dev/null
chmod 1777 dir
ls
ls -a
ls -1
# Directory sizes are file-system specific (tmpfs on Linux: 40 + 20 per entry; see
# tmpfs_dirsize.sh): sizes are printed for non-directories only.
ls -l | awk 'NR > 1 {print $1, ($1 ~ /^d/ ? "-" : $5), $NF}'
ls -la | awk 'NR > 1 {print $1, $NF}'
ls -l link | awk '{print $1, $(NF-2), $(NF-1), $NF}'
ls -lL link | awk '{print $1, $5}'
ls -ld dir | awk '{print $1, $NF}'
ls -S k small empty | tr '\n' ' '; echo
ls -r | tr '\n' ' '; echo
ls -F | tr '\n' ' '; echo
ls -d */
ls -R | sed '/^$/d'
ls nothing-here 2>/dev/null
echo "ls missing: $?"
ls -l /bin/sh | awk '{print $1, $NF}'
ls -l /etc/passwd | awk '{print $1, $3, $4, $NF}'
ls -ln /etc/passwd | awk '{print $3, $4}'
