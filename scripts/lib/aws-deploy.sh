# Sourced by scripts/submit-emr, scripts/submit-emr-serverless and scripts/deploy-glue: argument checks, the AWS CLI
# call (run, or printed under --dry-run), JSON for its structured parameters, and the job's Java 17 flags.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIPELINE_MAIN=com.vantagepoint.pipeline.cli.PipelineCli
# Amazon Corretto 17 on EMR 7 (x86_64 instances; Graviton ones have java-17-amazon-corretto.aarch64).
EMR_JAVA17_HOME=/usr/lib/jvm/java-17-amazon-corretto.x86_64
DRY_RUN=false

# Bad or missing flags: one line, exit 2.
usage_error() { echo "error: $*" >&2; exit 2; }

# The value of flag $1, which must be present and not look like another flag.
flag_value() {
  local flag="$1"; shift
  [[ $# -ge 1 && -n "$1" && "$1" != --* ]] || usage_error "$flag needs a value"
  printf '%s' "$1"
}

require() { [[ -n "$2" ]] || usage_error "$1 is required"; }

# The jar: s3://bucket/key, as EMR, EMR Serverless and Glue fetch it.
require_s3_uri() {
  require "$1" "$2"
  [[ "$2" =~ ^s3://[^/]+/.+ ]] || usage_error "$1 must be an s3://bucket/key URI, got '$2'"
}

# What the job itself reads (--conf, --input) goes through Hadoop's s3a connector: s3://bucket/key or
# s3a://bucket/key, passed on as s3a://.
s3a_uri() {
  require "$1" "$2"
  [[ "$2" =~ ^s3a?://[^/]+/.+ ]] || usage_error "$1 must be an s3:// or s3a:// URI, got '$2'"
  printf 's3a://%s' "${2#*://}"
}

require_date() {
  [[ "$2" == today || "$2" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || usage_error "$1 must be a date YYYY-MM-DD or 'today', got '$2'"
}

# The driver's and executors' JVM options: the flags Spark needs on Java 17, from the root pom.xml (<java17.opens>,
# one list for Surefire, the launcher and the cluster), and -XX:-DontCompileHugeMethods, as the launcher sets locally
# (Spark's generated code for wide projections can exceed the JIT's method-size limit and then runs interpreted).
job_java_options() {
  local opens
  opens="$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$ROOT/pom.xml")"
  [[ -n "$opens" ]] || { echo "error: no <java17.opens> in $ROOT/pom.xml" >&2; exit 1; }
  printf '%s -XX:-DontCompileHugeMethods' "$opens"
}

# A word as the shell reads it back: bare when safe, else single-quoted.
shell_quote() {
  if [[ -n "$1" && "$1" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# A JSON string.
json_string() {
  local s="$1"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\t'/\\t}"; s="${s//$'\r'/\\r}"
  printf '"%s"' "$s"
}

# A JSON array of strings.
json_array() {
  local out="[" sep="" item
  for item in "$@"; do out+="$sep$(json_string "$item")"; sep=","; done
  printf '%s]' "$out"
}

# A JSON object of string values from key value key value ...
json_object() {
  local out="{" sep=""
  while [[ $# -ge 2 ]]; do out+="$sep$(json_string "$1"):$(json_string "$2")"; sep=","; shift 2; done
  printf '%s}' "$out"
}

# The CLI and the options every call gets. AWS_ENDPOINT_URL, AWS_PROFILE and AWS_REGION are passed as the CLI's own
# --endpoint-url, --profile and --region, so that a printed call is complete and both CLI versions honour them (AWS
# CLI v1 reads neither AWS_ENDPOINT_URL nor AWS_REGION; without AWS_REGION the CLI's own region chain applies).
aws_base() {
  AWS_BASE=("${AWS_CLI:-aws}")
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then AWS_BASE+=(--endpoint-url "$AWS_ENDPOINT_URL"); fi
  if [[ -n "${AWS_PROFILE:-}" ]]; then AWS_BASE+=(--profile "$AWS_PROFILE"); fi
  if [[ -n "${AWS_REGION:-}" ]]; then AWS_BASE+=(--region "$AWS_REGION"); fi
}

require_cli() {
  command -v "${AWS_BASE[0]}" >/dev/null || { echo "error: AWS CLI '${AWS_BASE[0]}' not found: install it or set AWS_CLI" >&2; exit 1; }
}

print_call() {
  local line="" word
  for word in "$@"; do line+="${line:+ }$(shell_quote "$word")"; done
  printf '%s\n' "$line"
}

# Runs one AWS call (its output on stdout); under --dry-run prints it instead. A failing call ends the script with
# exit 1 and the CLI's own message on stderr.
aws_call() {
  aws_base
  if [[ "$DRY_RUN" == true ]]; then
    print_call "${AWS_BASE[@]}" "$@"
    return 0
  fi
  require_cli
  local out err rc=0
  err="$(mktemp)"
  out="$("${AWS_BASE[@]}" "$@" 2>"$err")" || rc=$?
  if [[ $rc -ne 0 ]]; then
    grep -v '^[[:space:]]*$' "$err" >&2 || echo "aws $1 $2 failed (exit $rc)" >&2
    rm -f "$err"
    exit 1
  fi
  rm -f "$err"
  printf '%s' "$out"
}

# 0 when the call succeeds, 1 when AWS answers that the resource does not exist; any other failure ends the script
# (exit 1, the CLI's message). Never run under --dry-run.
aws_exists() {
  aws_base
  require_cli
  local err rc=0
  err="$(mktemp)"
  "${AWS_BASE[@]}" "$@" >/dev/null 2>"$err" || rc=$?
  if [[ $rc -eq 0 ]]; then rm -f "$err"; return 0; fi
  if grep -q 'EntityNotFoundException\|ResourceNotFoundException' "$err"; then rm -f "$err"; return 1; fi
  grep -v '^[[:space:]]*$' "$err" >&2 || echo "aws $1 $2 failed (exit $rc)" >&2
  rm -f "$err"
  exit 1
}
