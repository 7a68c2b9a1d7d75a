# Debian's python3.13 (libpython3.13.so) on our kernel: the interpreter starting up and
# importing its standard library from /usr/lib/python3.13, then a little of everything.
import os, sys, re, json, collections, functools, itertools, struct, hashlib, dataclasses, subprocess
print("python", sys.version_info[:2], sys.platform, os.name)
print("sum", sum(i * i for i in range(100000)))
print("json", json.dumps({"b": [1, 2.5, None], "a": "x"}, sort_keys=True))
print("re", re.findall(r"(\w)(\d+)", "a1 b22 c333"))
print("counter", collections.Counter("mississippi").most_common(3))
print("reduce", functools.reduce(lambda a, b: a * b, range(1, 21)))
print("perms", list(itertools.permutations("abc", 2))[:4])
print("struct", struct.pack("<IhQ", 1, -2, 3).hex())
print("sha256", hashlib.sha256(b"aster").hexdigest())
@dataclasses.dataclass(order=True)
class P:
    x: int
    y: int = 0
print("dataclass", sorted([P(3), P(1, 2), P(1, 1)]))
d = {}
for w in "the quick brown fox jumps over the lazy dog the end".split():
    d[w] = d.get(w, 0) + 1
print("dict", sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print("big", 2 ** 200 % 1000003, f"{1 / 3:.10f}", int("ff", 16))
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"hello from the child")
    os._exit(9)
os.close(w)
msg = os.read(r, 100)
_, status = os.waitpid(pid, 0)
print("fork", msg.decode(), os.WEXITSTATUS(status))
try:
    {}["missing"]
except KeyError as e:
    print("exception", repr(e))
print("stdlib", os.path.isdir(os.path.dirname(os.__file__) + "/encodings"), os.path.basename(os.path.dirname(os.__file__)))
