# what if... a person uses wildcards: *, ?, [abc], [!x], ranges, dotfiles, patterns that match
# nothing, quoted patterns, and globs across directories?
mkdir -p /tmp/g && cd /tmp/g || exit 1
touch apple.txt banana.txt cherry.md date.md .hidden a1 a2 b3 'with space.txt'
mkdir -p sub/deep && touch sub/one.txt sub/two.log sub/deep/three.txt

echo *.txt
echo *.md
echo ?.? a?
echo [ab]*
echo [!ab]*
echo [a-c][0-9]
echo .h*
echo *
echo sub/*.txt sub/*/*.txt
echo */*
echo nomatch*.xyz
echo "*.txt"
echo '*'
set -- *.txt
echo "count $#"
for f in *.txt; do echo "item <$f>"; done
ls -d s*
x='*.md'
echo $x
echo "$x"
case banana.txt in b*.txt) echo "case glob ok";; esac
case apple.txt in [!a]*) echo no;; *) echo "negated class ok";; esac
rm -f *.md
echo *
