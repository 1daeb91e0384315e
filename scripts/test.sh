#!/usr/bin/env bash
# The test command: installs what the tests need, builds everything, runs every test project (unit, component,
# integration, end-to-end) and ends with "N passed, N failed". Exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests use: Chromium for Playwright (never `playwright install`), openssl/curl for interop tests,
# jq for scripts/brski-est-openssl.sh (the README's BRSKI + EST walkthrough, run by OpensslWalkthroughTests), and
# Debian's Python with cbor2, cryptography and PyJWT, independent implementations the COSE, EAT and EAR tests check
# against (always /usr/bin/python3: another python3 on the PATH may lack them).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
/usr/bin/python3 -c "import cbor2" 2>/dev/null || missing+=(python3-cbor2)
/usr/bin/python3 -c "import cryptography" 2>/dev/null || missing+=(python3-cryptography)
/usr/bin/python3 -c "import jwt" 2>/dev/null || missing+=(python3-jwt)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build DeviceTrust.sln -c Release > "$log" 2>&1; then
  grep -E ": (error|warning) " "$log" | sort -u | head -50
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi
echo "Build succeeded."

dotnet test --solution DeviceTrust.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform's summary: "total: N", "failed: N", "succeeded: N", "skipped: N".
field() { grep -E "^\s*$1:\s*[0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+" | head -n 1; }
passed=$(field succeeded); failed=$(field failed); skipped=$(field skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
