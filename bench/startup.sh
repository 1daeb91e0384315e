#!/usr/bin/env bash
# Startup time: from process start to GET /health == 200, for the Release build, on a given SQLite file.
# Run it twice on the same file to see a fresh start (migrate + seed) and a warm one.
#   dotnet build src/DeviceTrust.Web -c Release && bash bench/startup.sh /tmp/startup.db && bash bench/startup.sh /tmp/startup.db
set -euo pipefail
db=${1:?usage: bench/startup.sh DATABASE_FILE}
port=${2:-5099}
cd "$(dirname "$0")/../src/DeviceTrust.Web"
start=$(date +%s.%N)
device_port=$((port + 400))
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port;https://127.0.0.1:$device_port" ConnectionStrings__DeviceTrust="Data Source=$db" \
  Simulator__ServerUrl="https://127.0.0.1:$device_port" Simulator__StateDirectory="$db.simulator" dotnet bin/Release/net10.0/DeviceTrust.Web.dll > /dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 1200); do
  if curl -sf "http://127.0.0.1:$port/health" > /dev/null; then
    echo "startup: $(echo "$(date +%s.%N) - $start" | bc) s"
    exit 0
  fi
  kill -0 $pid 2>/dev/null || { echo "the app exited"; exit 1; }
  sleep 0.05
done
echo "no answer within 60 s"; exit 1
