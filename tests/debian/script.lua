-- Debian's lua5.4 (liblua5.4.so) on our kernel: tables, closures, coroutines, string
-- patterns and formatting, integer and float maths, sorting, metatables, errors.
local function counter() local n = 0; return function() n = n + 1; return n end end
local c = counter(); c(); c(); print("counter", c())
local t = {}
for i = 1, 10000 do t[i] = (i * 7919) % 10007 end
table.sort(t)
print("sorted", t[1], t[5000], t[10000], #t)
local co = coroutine.wrap(function(a) for i = 1, 3 do a = coroutine.yield(a * i) end return "done" end)
print("coroutine", co(2), co(5), co(7), co(0))
local s = "The quick brown fox jumps over the lazy dog"
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w:lower() end
print("words", #words, table.concat(words, ","))
print("gsub", (s:gsub("o", "0")), s:find("fox"), s:match("(%a+) dog"))
print(string.format("%5.2f|%-5s|%x|%q", math.pi, "ab", 255, "a\nb"))
print("ints", 7 // 2, 7 % 3, 2^10, math.maxinteger, 1 << 40, math.tointeger(3.0))
local V = setmetatable({}, { __index = function(_, k) return k * 2 end, __call = function(_, x) return x + 1 end })
print("meta", V[21], V(41))
local ok, err = pcall(function() error({ code = 42 }) end)
print("pcall", ok, err.code)
local fib; fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib 24", fib(24))
local parts = {}
for k, v in pairs({ a = 1 }) do parts[#parts + 1] = k .. "=" .. v end
print("pairs", table.concat(parts))
print("utf8", utf8.len("héllo"), utf8.char(9731))
