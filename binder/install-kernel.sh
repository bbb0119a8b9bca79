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
# nbconvert, the tests and text-only front ends see the value too; then the memory limit's clear message
# and the cap for a second notebook (org.nnbook.notebook.MemoryLimit, see "Memory" below).
cat > "$tmp/init.jsh" <<'JSH'
options().display().defaultMime("text/plain");
org.nnbook.notebook.MemoryLimit.kernelStarted();
JSH

# Memory. Binder (and a JupyterHub sized like it) gives the whole server ~2 GB (mybinder.org: a 2 GB limit
# per user; JupyterHub passes it to the server as MEM_LIMIT): the Jupyter server (~0.1-0.2 GB: Debian's
# notebook 6.4 measured 88 MB here; Binder's JupyterLab 4 with its extensions is heavier) and every open
# notebook's kernel share it, and a server past it is killed with all its kernels (a "dead pod").
# ND4J keeps arrays off the Java heap, and JavaCPP frees them only when their small Java wrappers are
# garbage-collected; by default it lets off-heap memory grow to the heap's maximum, which on a big machine
# is a quarter of its RAM. The limit that holds is the process's physical memory, NNBOOK_MAX_RSS (JavaCPP's
# maxphysicalbytes): near it JavaCPP runs the collector, which frees the arrays nobody holds, and past it
# the next array throws an OutOfMemoryError, which leaves the kernel running; the kernel then prints one
# sentence saying so and what to do (quick mode, close other notebooks, restart the kernel), put there by
# org.nnbook.notebook.MemoryLimit from init.jsh below. (NNBOOK_OFFHEAP sets JavaCPP's maxbytes, which
# counts only JavaCPP's own allocations: with ND4J 1.0.0-M2.1, whose arrays libnd4j allocates, it was
# seen not to bind.)
# The cap, 1600m (1.56 GiB): the five notebooks in full mode peaked at 0.91, 1.06, 0.82, 1.06 and 1.33 GB
# of resident memory (GNU time's max RSS, 2026-11); 1600m is the largest, 05's 1.33 GB, plus ~20% for
# runs that differ and for memory JavaCPP does not see between its checks (libnd4j's and OpenBLAS's own
# buffers), and it leaves ~450 MB of a 2 GB server to the Jupyter server and that overshoot. (1800m, the
# cap before, left too little: 1.8 GB plus a 0.2 GB server is the whole 2 GB.) Checked: 05 in full mode
# under this cap passed, at 1,344,648 kB max RSS. A cap of 600m, forced for a test, stopped a cell at
# 603 MB with the sentence, and the next cells ran in the same kernel. One kernel cannot know
# about a second open notebook, so at the start of each kernel MemoryLimit also lowers its cap to what
# MEM_LIMIT leaves after the processes already running (the server, other kernels) and 200 MB, but not
# below 512 MB: a second notebook then stops with the sentence instead of the server being killed.
heap="${NNBOOK_HEAP:-512m}"
offheap="${NNBOOK_OFFHEAP:-768m}"
max_rss="${NNBOOK_MAX_RSS:-1600m}"
# Data: the kernel reads the data cache of DataCache's rule, and fetches an empty one on first use with
# this repository's datasets/fetch (NNBOOK_FETCH; the kernel says what it fetches and how long it takes).
# NNBOOK_DATA, when set while installing, is pinned in the kernelspec (a system-wide install shares one
# cache); NNBOOK_FETCH may name another copy of the script, or "off".
fetch_script="${NNBOOK_FETCH:-}"
if [[ -z "$fetch_script" && -f "$here/../datasets/fetch" ]]; then fetch_script="$(cd "$here/../datasets" && pwd)/fetch"; fi
data_dir="${NNBOOK_DATA:-}"
# JavaCPP unpacks ND4J's native libraries (~450 MB) into ~/.javacpp/cache on a kernel's first start;
# NNBOOK_JAVACPP_CACHE names a shared, already filled folder instead (a system-wide install).
javacpp_cache="${NNBOOK_JAVACPP_CACHE:-}"
# Threads: one for ND4J's ops (OMP_NUM_THREADS), and NNBOOK_BLAS_THREADS (default 1) for OpenBLAS's matrix
# products: 2 pays only for large products (see org.nnbook.kernels.BlasThreads); it is also how many lanes (threads)
# the recurrent layers split their sequences into (org.nnbook.kernels.Lanes).
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
    $(json_str "-Dorg.bytedeco.javacpp.maxphysicalbytes=$max_rss"),${javacpp_cache:+ $(json_str "-Dorg.bytedeco.javacpp.cachedir=$javacpp_cache"),}
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
    "OMP_WAIT_POLICY": "PASSIVE"$( [[ -z "$fetch_script" ]] || printf ',\n    "NNBOOK_FETCH": %s' "$(json_str "$fetch_script")" )$( [[ -z "$data_dir" ]] || printf ',\n    "NNBOOK_DATA": %s' "$(json_str "$data_dir")" )
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
