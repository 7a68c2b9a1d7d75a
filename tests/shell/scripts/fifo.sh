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
# Several writers, one after the other, into one reader.
(for i in 1 2 3; do echo "w$i" > ff; done) &
cat ff ff ff | sort
wait
# O_RDWR on a fifo never blocks (Linux).
exec 3<> ff
echo rw >&3
read -r got <&3
exec 3>&-
echo "rdwr: $got"
rm ff
[ -e ff ] || echo "fifo removed"
