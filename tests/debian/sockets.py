# Python's socket module over the loopback interface: a TCP server and a forked client, then
# UDP over IPv6. Everything is printed by the parent, after the child has exited, so that the
# output does not depend on which process runs first.
import os
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"hello from the child")
    os.write(w, c.recv(100))
    c.close()
    os._exit(0)
os.close(w)
conn, addr = srv.accept()
data = conn.recv(100)
conn.sendall(data.upper())
conn.close()
os.waitpid(pid, 0)
print("tcp: server got", data.decode(), "from", addr[0], "- child got", os.read(r, 100).decode())

u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(("::1", 0))
v = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
v.sendto(b"datagram", u.getsockname())
msg, frm = u.recvfrom(100)
print("udp:", msg.decode(), "from", frm[0], "port matches:", frm[1] == v.getsockname()[1])
try:
    socket.create_connection(("127.0.0.1", port))
except ConnectionRefusedError as e:
    print("closed port:", e.strerror)
print("sockets done")
