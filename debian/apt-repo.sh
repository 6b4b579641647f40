#!/bin/sh
# apt-repo.sh - make DIR a local apt repository holding the .deb files
# given: the packages, Packages(.gz) and a Release file, so that apt
# installs the SDK by name from one sources line:
#     deb [trusted=yes] file:/abs/DIR ./
# Usage: apt-repo.sh DIR DEB...   (needs dpkg-scanpackages: dpkg-dev)
set -eu
[ $# -ge 2 ] || { echo "usage: apt-repo.sh DIR DEB..." >&2; exit 2; }
command -v dpkg-scanpackages >/dev/null ||
	{ echo "apt-repo.sh: dpkg-scanpackages is missing: apt install dpkg-dev" >&2; exit 1; }
dir=$1
shift
mkdir -p "$dir"
# apt reads the repository as its unprivileged _apt user.
chmod 755 "$dir"
umask 022
for deb; do
	case $deb in *.deb) ;; *) echo "apt-repo.sh: '$deb' is not a .deb" >&2; exit 2 ;; esac
	cp "$deb" "$dir/" && chmod 644 "$dir/${deb##*/}"
done
cd "$dir"
dpkg-scanpackages --multiversion . /dev/null 2>/dev/null >Packages
gzip -9nc Packages >Packages.gz
# A flat repository's Release: what apt checks the index files against.
{
	echo "Origin: xenpv-sdk"
	echo "Label: xenpv-sdk (local)"
	echo "Suite: local"
	echo "Architectures: $(sed -n 's/^Architecture: //p' Packages | sort -u | tr '\n' ' ' | sed 's/ $//')"
	echo "Date: $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"
	echo "SHA256:"
	for f in Packages Packages.gz; do
		echo " $(sha256sum "$f" | cut -d' ' -f1) $(wc -c <"$f" | tr -d ' ') $f"
	done
} >Release
echo "apt-repo.sh: $(grep -c '^Package: ' Packages) package(s) in $(pwd); add it to apt with"
echo "(apt's _apt user must be able to read it: every directory above it searchable by all)"
echo "    echo 'deb [trusted=yes] file:$(pwd) ./' | sudo tee /etc/apt/sources.list.d/xenpv-sdk.list"
