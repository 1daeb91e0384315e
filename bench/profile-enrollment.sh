#!/usr/bin/env bash
# Where the app's CPU goes during the enrollment bench: starts the Release app on a fresh database, runs the enrollment
# driver against it, samples the app's stacks for a while mid-run (dotnet-trace collect-linux, OpenSSL and the kernel
# included) and prints the summary of bench/DeviceTrust.Bench.Profile. dotnet-trace is installed from NuGet into
# bench/.tools on first use.
#   dotnet build src/DeviceTrust.Web -c Release && dotnet build bench/DeviceTrust.Bench.Enrollment -c Release \
#     && dotnet build bench/DeviceTrust.Bench.Profile -c Release && bash bench/profile-enrollment.sh
# Options go to the driver (default: --pledges 1500 --concurrency 16 --warmup 50). DELAY (s, default 5) and SECONDS_TRACED
# (default 8) place the trace window inside the timed part. TARGET=driver traces the driver (the pledges) instead of the app.
# KEEP_TRACE=FILE keeps the trace for another look (DeviceTrust.Bench.Profile FILE [TOP]).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/bench/.tools"
[ -x "$tools/dotnet-trace" ] || dotnet tool install --tool-path "$tools" dotnet-trace >/dev/null
data=$(mktemp -d /tmp/devicetrust-profile-XXXX)
http_port=${HTTP_PORT:-5190}; device_port=${DEVICE_PORT:-5590}
cd "$root/src/DeviceTrust.Web"
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$http_port;https://127.0.0.1:$device_port" \
  ConnectionStrings__DeviceTrust="Data Source=$data/devicetrust.db" Simulator__Enabled=false Seed__MaxDevicesPerFleet=2 \
  Logging__LogLevel__Default=Warning Simulator__StateDirectory="$data/simulator-state" \
  dotnet bin/Release/net10.0/DeviceTrust.Web.dll > "$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$http_port/health" > /dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$http_port/health" > /dev/null || { cat "$data/app.log"; echo "the app did not start"; exit 1; }
cd "$root"
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(--pledges 1500 --concurrency 16 --warmup 50)
dotnet bench/DeviceTrust.Bench.Enrollment/bin/Release/net10.0/DeviceTrust.Bench.Enrollment.dll \
  --server "http://127.0.0.1:$http_port" --registrar "https://127.0.0.1:$device_port" "${args[@]}" > "$data/driver.log" &
driver=$!
target=$app; [ "${TARGET:-app}" = driver ] && target=$driver
(sleep "${DELAY:-5}"; "$tools/dotnet-trace" collect-linux -p $target --profile cpu-sampling \
  --duration "00:00:00:$(printf %02d "${SECONDS_TRACED:-8}")" -o "$data/trace.nettrace" > "$data/trace.log" 2>&1) &
tracer=$!
wait $driver || { cat "$data/driver.log"; exit 1; }
tail -n 1 "$data/driver.log"
wait $tracer || { cat "$data/trace.log"; exit 1; }
[ -z "${KEEP_TRACE:-}" ] || cp "$data/trace.nettrace" "$KEEP_TRACE"
dotnet bench/DeviceTrust.Bench.Profile/bin/Release/net10.0/DeviceTrust.Bench.Profile.dll "$data/trace.nettrace"
