# Sourced by bin/insights: is the build older than the sources? Functions of their own so that a unit test
# (cli's BuildStampTest) drives them on a tree of its own.
#
# Sources are each module's pom.xml and the files under the module's src/ folder. Generated folders are never sources:
# node_modules (npm ci in integration-tests/src/test/browser writes one), target, hidden folders, and the work
# directory var/. Only files count: creating node_modules changes its parent folder's time, which is not a change to
# build. Every successful build writes the stamp with the time it started, so a source saved during the build makes
# the next command build again, and a build that changed nothing is not run again.

# The stamp of the last successful build of the tree at $1.
insights_build_stamp() {
  printf '%s\n' "$1/target/build.stamp"
}

# Prints the first source file of the tree at $1 newer than the file $2 (nothing when there is none).
insights_newer_source() {
  local home="$1" stamp="$2" pom module found
  while IFS= read -r pom; do
    if [[ "$pom" -nt "$stamp" ]]; then
      printf '%s\n' "$pom"
      return 0
    fi
    module="$(dirname "$pom")"
    if [[ -d "$module/src" ]]; then
      found="$(find "$module/src" \( -name node_modules -o -name target -o -name '.?*' \) -prune -o -type f -newer "$stamp" -print -quit)"
      if [[ -n "$found" ]]; then
        printf '%s\n' "$found"
        return 0
      fi
    fi
  done < <(find "$home" -mindepth 1 \( -name node_modules -o -name target -o -name '.?*' -o -path "$home/var" \) -prune \
             -o -name pom.xml -type f -print)
}

# Succeeds (status 0) when the tree at $1 must be built; says why on stdout.
insights_build_needed() {
  local home="$1" stamp newer
  stamp="$(insights_build_stamp "$home")"
  if [[ ! -f "$home/cli/target/classpath.txt" || ! -f "$home/spark-jobs/target/classpath.txt" ]]; then
    echo "not built yet"
    return 0
  fi
  if [[ ! -f "$stamp" ]]; then
    echo "no build stamp ($stamp)"
    return 0
  fi
  newer="$(insights_newer_source "$home" "$stamp")"
  if [[ -n "$newer" ]]; then
    echo "changed since the last build: ${newer#"$home/"}"
    return 0
  fi
  return 1
}

# Runs the build command given as arguments in the tree at $1; on success, the stamp takes the time it started.
insights_build() {
  local home="$1" stamp
  shift
  stamp="$(insights_build_stamp "$home")"
  mkdir -p "$(dirname "$stamp")"
  # A second early: file times tick coarsely (a kernel tick), and a source saved in the build's first milliseconds must
  # still be newer than the stamp. The cost is one extra build after a save in the second before a build.
  touch -d "@$(($(date +%s) - 1))" "$stamp.next"
  (cd "$home" && "$@")
  mv -f "$stamp.next" "$stamp"
}
