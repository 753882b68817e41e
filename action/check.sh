#!/usr/bin/env bash
# The Action's check step: runs splitcheck once (JSON report to a file), then the annotations to the log, the Markdown report to the job summary, the outputs, and the verdict per fail-on.
# Inputs come as environment variables (INPUT_*); bash 3.2 compatible (macOS runners).
set -uo pipefail
set -f # a domain or an argument is never a glob

bin="${SPLITCHECK_BIN:?SPLITCHECK_BIN is not set: this script is a step of the splitcheck Action}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}" "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set}" "${RUNNER_TEMP:?RUNNER_TEMP is not set}"
work="$RUNNER_TEMP/splitcheck"
mkdir -p "$work"
report="${INPUT_REPORT:-}"
[ -n "$report" ] || report="$work/report.json"

# GitHub's step summary takes at most 1 MiB per step; a longer one is not shown at all.
# (SPLITCHECK_TEST_SUMMARY_LIMIT: a smaller limit, for the Action's own tests.)
SUMMARY_LIMIT="${SPLITCHECK_TEST_SUMMARY_LIMIT:-1000000}"


# A step output, in the delimiter form, which holds any value.
output() {
  local delimiter="splitcheck_${RANDOM}${RANDOM}${RANDOM}"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
}

# An error annotation for the run itself (data escaped as the runner undoes it: %, CR, LF).
annotate_error() {
  local text="$1"
  text="${text//%/%25}"
  text="${text//$'\r'/%0D}"
  text="${text//$'\n'/%0A}"
  printf '::error title=splitcheck::%s\n' "$text"
}

# Nothing was checked (bad input: exit 2, or a run that ended without a report): say why in the log,
# the annotations and the summary; the outputs say so too.
refuse() {
  local code="${2:-2}"
  annotate_error "$1"
  {
    printf '## splitcheck could not run\n\n'
    printf '%s\n' "$1" | sed 's/^/    /'
    printf '\nNothing was checked (exit %s).\n' "$code"
  } >>"$GITHUB_STEP_SUMMARY"
  output exit-code "$code"
  output report ""
  exit "$code"
}

case "${INPUT_FAIL_ON:-fail}" in
  fail | warn | error) fail_on="${INPUT_FAIL_ON:-fail}" ;;
  *) refuse "The fail-on input is \"${INPUT_FAIL_ON}\": give fail, warn or error." ;;
esac

args=()
# Domains: separated by spaces, commas or new lines.
while IFS= read -r domain; do
  [ -n "$domain" ] && args+=("$domain")
done < <(printf '%s\n' "${INPUT_DOMAINS:-}" | tr ', \t\r' '\n\n\n\n')
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")

# More arguments: xargs splits them as a shell would (quotes, backslashes) without running anything.
extra=()
if [ -n "$(printf '%s' "${INPUT_ARGS:-}" | tr -d ' \t\r\n')" ]; then
  if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' >/dev/null 2>"$work/args.err"; then
    refuse "The args input cannot be split into arguments: $(head -n 1 "$work/args.err"). Quote a value holding spaces with ' or \", and close every quote."
  fi
  while IFS= read -r -d '' arg; do extra+=("$arg"); done < <(printf '%s' "$INPUT_ARGS" | xargs printf '%s\0')
fi
strict=(--strict)
for arg in ${extra[@]+"${extra[@]}"}; do
  case "$arg" in
    --format | --format=* | --json | --output | --output=* | -o) refuse "The args input holds $arg: the Action sets the format and the output itself (the report input says where the JSON report goes)." ;;
    --strict) strict=() ;;
  esac
done
[ "$fail_on" = fail ] && strict=()

mkdir -p "$(dirname "$report")"
rm -f "$report"
# stderr goes to the log as it comes (progress of --wait) and to a file for the annotation of a refusal.
{ node "$bin" ${args[@]+"${args[@]}"} ${extra[@]+"${extra[@]}"} ${strict[@]+"${strict[@]}"} --format json --output "$report" 2>&1 1>&3 3>&- | tee "$work/stderr.txt" >&2; } 3>&1
code="${PIPESTATUS[0]}"

if [ "$code" -eq 2 ] || [ ! -s "$report" ]; then
  message="$(grep -m 1 '^splitcheck: ' "$work/stderr.txt" | sed 's/^splitcheck: //')"
  [ -n "$message" ] || message="splitcheck ended with exit code $code and wrote no report (see the log above)."
  # A run that ended otherwise without a report (killed, out of memory) keeps its own code, never 0.
  [ "$code" -eq 0 ] && code=2
  refuse "$message" "$code"
fi

output exit-code "$code"
output report "$report"

# Annotations: one workflow command per finding that is not a pass.
node "$bin" render "$report" --format github

# The job summary: the Markdown report (the mail flows first), cut at a line before GitHub's limit.
node "$bin" render "$report" --format markdown >"$work/summary.md"
if [ "$(wc -c <"$work/summary.md")" -gt "$SUMMARY_LIMIT" ]; then
  head -c "$SUMMARY_LIMIT" "$work/summary.md" | sed '$d' >"$work/summary-cut.md"
  cat "$work/summary-cut.md" >>"$GITHUB_STEP_SUMMARY"
  # A cut inside a code block (record lines) would swallow the note: close the block with its own fence
  # (the report opens one as ```text, or longer than any backtick run inside, and closes it with the same).
  awk '
    fence == "" && /^```+text$/ { fence = $0; sub(/text$/, "", fence); next }
    fence != "" && $0 == fence { fence = "" }
    END { if (fence != "") print fence }
  ' "$work/summary-cut.md" >>"$GITHUB_STEP_SUMMARY"
  printf '\n\n**The summary is cut here at GitHub'"'"'s size limit; the whole report is in %s.**\n' "$report" >>"$GITHUB_STEP_SUMMARY"
else
  cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi

# The verdict: fail-on "fail" and "warn" (run with --strict) fail on exit 1, "error" also on exit 3.
case "$code" in
  0) exit 0 ;;
  1) exit 1 ;;
  3) [ "$fail_on" = error ] && exit 3 || exit 0 ;;
  *) exit "$code" ;;
esac
