# Finds a JDK >= 21: JAVA_HOME when it is new enough, else the newest under /usr/lib/jvm.
# Sourced by bin/vigil and .ci/run.

java_major() { # prints the feature version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

find_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/*; do [[ -d "$d" ]] && candidates+=("$d"); done
  local best="" best_v=0
  for home in "${candidates[@]}"; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    local v; v="$(java_major "$home/bin/java")"; v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    # JAVA_HOME wins when it is new enough; otherwise the newest JDK found
    if [[ "$home" == "${JAVA_HOME:-}" && "$v" -ge 21 ]]; then best="$home"; break; fi
    if (( v >= 21 && v > best_v )); then best="$home"; best_v=$v; fi
  done
  if [[ -z "$best" ]]; then
    echo "vigil: no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "       Install one (e.g. apt-get install openjdk-21-jdk or Temurin 21/25) or set JAVA_HOME." >&2
    exit 1
  fi
  echo "$best"
}

