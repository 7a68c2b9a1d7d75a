# what if... a writer outlives its reader, as in `yes | head` or `seq ... | head`? Linux sends
# the writer SIGPIPE and it dies quietly (status 141) instead of seeing EPIPE — unless it ignores
# SIGPIPE, and then the write fails with EPIPE.
(yes; echo "yes status $?" > /tmp/yes.st) | head -n 1
cat /tmp/yes.st
(seq 1 1000000; echo "seq status $?" > /tmp/seq.st) | head -n 2
cat /tmp/seq.st
(cat /dev/zero; echo "cat status $?" > /tmp/cat.st) | head -c 10 | wc -c
cat /tmp/cat.st
sh -c 'yes | head -n 0; echo "pipestatus-free check $?"'
# With SIGPIPE ignored, the error comes back as EPIPE instead.
(trap '' PIPE; yes 2>/dev/null; echo "ignoring yes status $?" > /tmp/yes2.st) | head -n 1
cat /tmp/yes2.st
