# what if... a person strings commands together with pipes and points their output at files:
# > truncates, >> appends, < reads, 2>&1 joins stderr to stdout, here-documents feed stdin?
mkdir -p /tmp/pr && cd /tmp/pr || exit 1

echo one > f
echo two >> f
echo three >> f
cat f
echo "lines: $(wc -l < f)"
echo replaced > f
cat f

# A pipeline of several stages, and its status is the last one's.
printf 'c\nb\na\nb\n' | sort | uniq | tr a-z A-Z | head -n 2
echo "pipeline ok: $?"
true | false
echo "true|false: $?"
false | true
echo "false|true: $?"

# stderr: separated, joined, thrown away, swapped.
ls /no/such/file > out.txt 2> err.txt
echo "ls status $?"
echo "out bytes: $(wc -c < out.txt)"
grep -c 'No such file' err.txt
ls /no/such/file 2>&1 | grep -c 'No such file'
ls /no/such/file 2>/dev/null
echo "silent status $?"
{ echo to-stdout; echo to-stderr >&2; } 2>&1 >/dev/null | sed 's/^/piped: /'
( echo a; echo b >&2 ) > both.txt 2>&1
sort both.txt

# Reading from a file, and exec redirections of the shell itself.
while read -r line; do echo "read: $line"; done < both.txt
exec 3> fd3.txt
echo via-fd3 >&3
echo again >&3
exec 3>&-
cat fd3.txt
exec 4< fd3.txt
read -r first <&4
read -r second <&4
exec 4<&-
echo "first=$first second=$second"

# Here-documents: expanded, quoted (literal), tab-stripped, and into a pipeline.
name=world
cat <<EOT
hello $name
sum $((2 + 3))
EOT
cat <<'EOT'
literal $name $((2 + 3))
EOT
cat <<-EOT
	tabs stripped $name
	EOT
tr a-z A-Z <<EOT | rev
shout $name
EOT

# noclobber, and >| to overrule it.
set -C
echo x > f 2>/dev/null || echo "noclobber refused"
echo y >| f
set +C
cat f

# A command group's redirection applies to every command in it.
{ echo g1; echo g2; } > grp.txt
wc -l < grp.txt
: > empty.txt
[ -s empty.txt ] || echo "empty.txt is empty"
