# what if... two processes talk through a named pipe (mkfifo)? Opening one end waits for the
# other; the reader sees everything the writer wrote, then end-of-file; data does not outlive
# both ends being closed.
cd /tmp || exit 1
mkfifo ff
[ -p ff ] && echo "ff is a fifo"
stat -c '%F %s' ff
# The reader opens first and must wait for the writer (which starts a little later).
(sleep 0.2; seq 1 5000 > ff) &
md5sum < ff
wait
# The writer opens first and must wait for the reader.
(echo through-the-fifo > ff) &
sleep 0.2
read -r line < ff
echo "read: $line"
wait
# A writer that opens, writes and closes several times while one reader holds it open
# (read-write, so that the reader never sees end-of-file between two writers).
(for i in 1 2 3; do echo "w$i" > ff; done; echo end > ff) &
exec 4<> ff
while read -r w <&4; do echo "got $w"; [ "$w" = end ] && break; done
exec 4<&-
wait
# O_RDWR on a fifo never blocks (Linux).
exec 3<> ff
echo rw >&3
read -r got <&3
exec 3>&-
echo "rdwr: $got"
rm ff
[ -e ff ] || echo "fifo removed"
