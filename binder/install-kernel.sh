#!/usr/bin/env bash
# Writes the Jupyter kernelspec "nnbook" (display name "Java (nnbook)"): the rapaio Java kernel with the
# nnbook jar and all its dependencies on the notebook's class path.
#
#   binder/install-kernel.sh <kernels-dir> <build-dir>
#
#   <kernels-dir>  a Jupyter "kernels" folder, e.g. "$(jupyter --data-dir)/kernels"; the spec goes
#                  into <kernels-dir>/nnbook/ (replaced if it is there already)
#   <build-dir>    the Maven build folder after `mvn -Pkernel package` (target/ by default; binder/course
#                  setup builds it so): it holds nnbook-*.jar, and from the kernel profile classpath/*.jar
#                  and kernel/rapaio-jupyter-kernel.jar
#
# The spec refers to the jars where they are, so a rebuilt jar is picked up by the next kernel start;
# run this again after a version change or when <build-dir> moves. It also compiles
# binder/kernel/LoopThread.java (a fix for the kernel's start-up race) into the spec folder, ahead of
# the kernel jar on the kernel's class path.
set -euo pipefail

die() { echo "install-kernel: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 <kernels-dir> <build-dir>"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
kernels_dir="$(cd "$1" && pwd)"
[[ -d "$2" ]] || die "build folder '$2' does not exist: build first (binder/course setup, or mvn -Pkernel -DskipTests package)"
build_dir="$(cd "$2" && pwd)"

# --- the jars ---------------------------------------------------------------------------------------
kernel_jar="$build_dir/kernel/rapaio-jupyter-kernel.jar"
[[ -f "$kernel_jar" ]] || die "missing $kernel_jar: run 'binder/course setup' or 'mvn -Pkernel -DskipTests package' first"

nnbook_jar=""
for f in "$build_dir"/nnbook-*.jar; do
  case "$f" in
    *-sources.jar | *-javadoc.jar | *-tests.jar | *-test-sources.jar) continue ;;
  esac
  [[ -f "$f" ]] || continue
  # Several versions side by side: take the newest file.
  if [[ -z "$nnbook_jar" || "$f" -nt "$nnbook_jar" ]]; then nnbook_jar="$f"; fi
done
[[ -n "$nnbook_jar" ]] || die "no nnbook-*.jar in $build_dir: run 'binder/course setup' or 'mvn -Pkernel -DskipTests package' first"

shopt -s nullglob
dep_jars=("$build_dir"/classpath/*.jar)
shopt -u nullglob
[[ ${#dep_jars[@]} -gt 0 ]] || die "no jars in $build_dir/classpath: run 'binder/course setup' or 'mvn -Pkernel -DskipTests package' first"

# The kernel reads RJK_CLASSPATH with ';' between entries (not ':').
rjk_classpath="$nnbook_jar"
for f in "${dep_jars[@]}"; do rjk_classpath+=";$f"; done

# --- the JDK ----------------------------------------------------------------------------------------
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_bin="$JAVA_HOME/bin/java"
  javac_bin="$JAVA_HOME/bin/javac"
else
  java_bin="$(command -v java || true)"
  [[ -n "$java_bin" ]] || die "no java on PATH and JAVA_HOME not set: install a JDK 17+"
  # Absolute and stable even if PATH changes (readlink -f is missing on older macOS: keep the path then).
  java_bin="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
  javac_bin="$(dirname "$java_bin")/javac"
  [[ -x "$javac_bin" ]] || javac_bin="$(command -v javac || true)"
fi
[[ -x "$javac_bin" ]] || die "no javac next to $java_bin: a full JDK (not a JRE) is needed"

# --- build the spec in a scratch folder, then swap it in ---------------------------------------------
spec="$kernels_dir/nnbook"
tmp="$(mktemp -d "$kernels_dir/.nnbook.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# The start-up race fix, compiled against the kernel jar (the class shadows the kernel's own).
"$javac_bin" --release 17 -nowarn -d "$tmp/loopfix" -cp "$kernel_jar" "$here/kernel/LoopThread.java" \
  || die "could not compile $here/kernel/LoopThread.java"

# The init script (run by the kernel on start): plain-text display of values next to HTML, so
# nbconvert, the tests and text-only front ends see the value too.
cat > "$tmp/init.jsh" <<'JSH'
options().display().defaultMime("text/plain");
JSH

# Memory: Binder gives a kernel about 2 GB. ND4J keeps arrays off the Java heap, and JavaCPP frees them
# only when their small Java wrappers are garbage-collected; by default it lets off-heap memory grow to
# the heap's maximum, which on a big machine is a quarter of its RAM. The limit that holds is the
# process's physical memory, NNBOOK_MAX_RSS (JavaCPP's maxphysicalbytes): near it JavaCPP runs the
# collector, which frees the arrays nobody holds, and past it it stops with a clear OutOfMemoryError
# instead of the container being killed. (NNBOOK_OFFHEAP sets JavaCPP's maxbytes, which counts only
# JavaCPP's own allocations: with ND4J 1.0.0-M2.1, whose arrays libnd4j allocates, it was seen not to bind.)
heap="${NNBOOK_HEAP:-512m}"
offheap="${NNBOOK_OFFHEAP:-768m}"
max_rss="${NNBOOK_MAX_RSS:-1800m}"
# Threads: one for ND4J's ops (OMP_NUM_THREADS), and NNBOOK_BLAS_THREADS (default 1) for OpenBLAS's matrix
# products: 2 pays only for large products (see org.nnbook.kernels.BlasThreads).
blas_threads="${NNBOOK_BLAS_THREADS:-1}"
[[ $blas_threads =~ ^[1-9][0-9]*$ ]] || die "NNBOOK_BLAS_THREADS must be a whole number >= 1, got '$blas_threads'"

json_str() { # JSON string literal of $1
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

cat > "$tmp/kernel.json" <<JSON
{
  "argv": [
    $(json_str "$java_bin"),
    "-Djava.awt.headless=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    $(json_str "-Xmx$heap"),
    $(json_str "-Dorg.bytedeco.javacpp.maxbytes=$offheap"),
    $(json_str "-Dorg.bytedeco.javacpp.maxphysicalbytes=$max_rss"),
    "-cp",
    $(json_str "$spec/loopfix:$kernel_jar"),
    "org.rapaio.jupyter.kernel.MainApp",
    "{connection_file}"
  ],
  "display_name": "Java (nnbook)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": $(json_str "$rjk_classpath"),
    "RJK_INIT_SCRIPT": $(json_str "$spec/init.jsh"),
    "RJK_TIMEOUT_MILLIS": "-1",
    "OMP_NUM_THREADS": "1",
    "NNBOOK_BLAS_THREADS": $(json_str "$blas_threads"),
    "OMP_WAIT_POLICY": "PASSIVE"
  },
  "metadata": {
    "nnbook_build_dir": $(json_str "$build_dir"),
    "nnbook_jar": $(json_str "$nnbook_jar")
  }
}
JSON

chmod -R a+rX "$tmp"
rm -rf "$spec"
mv "$tmp" "$spec"
trap - EXIT

echo "install-kernel: kernelspec 'nnbook' (Java (nnbook)) written to $spec"
echo "install-kernel:   jar: $nnbook_jar (+ ${#dep_jars[@]} dependency jars), java: $java_bin"
