#!/usr/bin/env bash
# Regenerates the FFM bindings in native-bindings/ (package org.panacan.bindings.gen) with jextract.
# Run ./jextract.sh --help for details.
set -euo pipefail

readonly HEADER=native-bindings/src/main/c/panacan.h
readonly ARGFILE=native-bindings/src/main/c/panacan.argfile
readonly OUT_ROOT=native-bindings/src/main/java
readonly PKG_DIR="$OUT_ROOT/org/panacan/bindings/gen"
readonly DEFAULT_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64

usage() {
    cat <<EOF
Usage: ./jextract.sh [--help]

Regenerates $PKG_DIR from
  $HEADER      (which system headers)
  $ARGFILE  (which symbols, package and class names)
using the C headers installed on this machine (glibc + Debian linux-libc-dev UAPI headers).

The package folder is deleted and recreated; every generated file gets a comment naming the
jextract version, the exact command, and the header package versions. The output only depends
on those inputs: running the script twice leaves 'git diff' empty.

Environment:
  JEXTRACT   path of the jextract launcher (default: 'jextract' on PATH)
  JAVA_HOME  JDK 25 (default: $DEFAULT_JAVA_HOME); the generated code needs JDK 23+

jextract is not on Maven Central: build it from https://github.com/openjdk/jextract against
libclang 14 (see native-bindings/README.md).
EOF
}

die() { echo "jextract.sh: $*" >&2; exit 1; }

case "${1-}" in
    -h|--help) usage; exit 0 ;;
    "") ;;
    *) usage >&2; exit 2 ;;
esac

cd "$(dirname "$(readlink -f "$0")")"

# jextract emits layouts for the machine it runs on (C_LONG, padding, ...): the checked-in
# bindings, and StructLayoutTest, are for the Linux x86-64 ABI.
[[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] \
    || die "must run on Linux x86_64 (this is $(uname -s)/$(uname -m)): the bindings encode that ABI"

if [[ -n "${JEXTRACT-}" ]]; then
    [[ -x "$JEXTRACT" ]] || die "\$JEXTRACT=$JEXTRACT is not an executable file"
    jextract_bin=$JEXTRACT
elif jextract_bin=$(command -v jextract); then
    :
else
    die "jextract not found: set \$JEXTRACT to the launcher (e.g. JEXTRACT=/opt/jextract/bin/jextract) or put 'jextract' on \$PATH"
fi

export JAVA_HOME="${JAVA_HOME:-$DEFAULT_JAVA_HOME}"
export LC_ALL=C
unset JEXTRACT_JAVA_OPTIONS   # the launcher passes it to its JVM; keep runs reproducible

# "jextract 23 / JDK version ... / LibClang version ..." on one line
jextract_version=$("$jextract_bin" --version 2>&1 | paste -sd ';' | sed 's/;/; /g')
[[ "$jextract_version" == jextract\ * ]] || die "unexpected output from '$jextract_bin --version': $jextract_version"

pkg_version() {
    dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "unknown (not a dpkg system)"
}
uapi_version=$(pkg_version linux-libc-dev)
libc_version=$(pkg_version libc6-dev)

# Paths are relative to the repository root so that the recorded command is machine-independent.
cmd=(jextract "@$ARGFILE" --output "$OUT_ROOT" "$HEADER")

rm -rf "$PKG_DIR"
mkdir -p "$PKG_DIR"
"$jextract_bin" "${cmd[@]:1}"

banner=$(cat <<EOF
// GENERATED FILE - DO NOT EDIT. Regenerate with ./jextract.sh (see native-bindings/README.md).
//   jextract: $jextract_version
//   command:  ${cmd[*]}
//   headers:  linux-libc-dev $uapi_version (kernel UAPI), libc6-dev $libc_version (glibc), Linux x86_64
EOF
)

count=0
while IFS= read -r -d '' f; do
    { printf '%s\n' "$banner"; cat "$f"; } > "$f.tmp"
    mv "$f.tmp" "$f"
    count=$((count + 1))
done < <(find "$PKG_DIR" -type f -name '*.java' -print0 | sort -z)

(( count > 0 )) || die "jextract produced no Java files in $PKG_DIR"
echo "jextract.sh: generated $count files in $PKG_DIR"
echo "  ${cmd[*]}"
echo "  ($jextract_version; linux-libc-dev $uapi_version; libc6-dev $libc_version)"
