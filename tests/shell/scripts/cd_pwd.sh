# what if... a person walks around the tree with cd and asks pwd where they are, including
# cd -, .., symlinked directories (logical vs physical), a missing directory and $HOME?
mkdir -p /tmp/cdp/a/b/c && cd /tmp/cdp || exit 1
ln -s a/b link
pwd
cd a/b/c && pwd
cd .. && pwd
cd ../.. && pwd
cd - >/dev/null && pwd
echo "OLDPWD=$OLDPWD"
cd /tmp/cdp/link && pwd && pwd -P
cd .. && pwd
cd /tmp/cdp && cd link/c && pwd -P
cd /does/not/exist 2>/dev/null
echo "cd missing: $?"
pwd
cd
pwd
cd /tmp/cdp/a
(cd b && pwd)
pwd
cd / && pwd
cd /tmp/cdp/a/b/c/../.. && pwd
cd //tmp && pwd | sed 's#^//#/#'
cd /tmp/cdp && mkdir d && chmod 000 d
# root may enter a mode-000 directory
cd d && echo "entered d as root" && cd ..
chmod 755 d
echo "$PWD"
