#!/usr/bin/env bash
# One pledge bootstrapped with nothing but openssl, curl and jq: BRSKI (RFC 8995) to get a voucher that pins the
# domain CA, then EST (RFC 7030) to get an LDevID. Runs against the dev app (`dotnet run --project src/DeviceTrust.Web`).
#
#   TOKEN=dt_... scripts/brski-est-openssl.sh [SERIAL]
#
# Environment (default in brackets):
#   TOKEN          a SecurityOfficer's API token (required; the dev user "security" can create one on its profile page).
#                  Used only to mint the DEV-ONLY IDevID: a real pledge leaves the factory with one.
#   SERIAL         device serial, or the first argument [KUMO-M7-NEW-00001: a Manufactured device of the dev seed]
#   REGISTRAR      the registrar's device listener [https://localhost:5443]
#   API            the app's HTTP API [http://localhost:5080]
#   MANUFACTURER   the simulated manufacturer that mints the IDevID [Kumo Devices]
#   REGISTER=1     register SERIAL as a new device first; needs OPERATOR_TOKEN (an Operator's API token, e.g. of the dev
#                  user "operator") and DEVICE_CLASS [Kumo Meter M7]. Without it SERIAL must already be Manufactured.
#   WORK           where keys, certificates and messages are written [a new temporary directory, kept for inspection]
#   MASA_PEM       the voucher trust anchor [the MASA certificate minted with the IDevID]; point it at another
#                  certificate to watch the voucher check fail.
#   MAX_WAITS      how many 202 + Retry-After answers to sit through before giving up [30]
set -euo pipefail

SERIAL=${1:-${SERIAL:-KUMO-M7-NEW-00001}}
REGISTRAR=${REGISTRAR:-https://localhost:5443}
REGISTRAR=${REGISTRAR%/}
API=${API:-http://localhost:5080}
API=${API%/}
MANUFACTURER=${MANUFACTURER:-Kumo Devices}
DEVICE_CLASS=${DEVICE_CLASS:-Kumo Meter M7}
MAX_WAITS=${MAX_WAITS:-30}
: "${TOKEN:?set TOKEN to a SecurityOfficer API token (dt_...)}"
for tool in openssl curl jq base64; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
WORK=${WORK:-$(mktemp -d -t brski-est-XXXXXX)}
mkdir -p "$WORK"
cd "$WORK"
umask 077 # private keys are written here

step=""
begin() { step=$1; echo "==> $1"; }
fail() { echo "FAILED at '$step': $*" >&2; exit 1; }

# send OUT CURL-ARGS...: body to OUT, response headers to OUT.headers; prints the HTTP status code.
send() {
  local out=$1 status
  shift
  status=$(curl -sS -o "$out" -D "$out.headers" -w '%{http_code}' "$@") || fail "curl could not complete the request"
  echo "$status"
}

# send_until_done OUT CURL-ARGS...: like send, but while the answer is 202 waits Retry-After seconds and asks again
# (the registrar holds a pledge for an operator's approval: RFC 8995 5.6, RFC 7030 4.2.3).
send_until_done() {
  local out=$1 status wait tries=0
  status=$(send "$@")
  while [ "$status" = 202 ] && [ "$tries" -lt "$MAX_WAITS" ]; do
    wait=$(sed -n 's/^retry-after: *\([0-9][0-9]*\).*/\1/Ip' "$out.headers")
    echo "    202: held for approval, asking again in ${wait:-10}s" >&2
    sleep "${wait:-10}"
    tries=$((tries + 1))
    status=$(send "$@")
  done
  echo "$status"
}

# expect STATUS WANTED OUT: stops with the server's answer (problem details) unless STATUS is WANTED. No status at all
# means send already reported why curl failed.
expect() {
  [ -n "$1" ] || exit 1
  [ "$1" = "$2" ] || fail "HTTP $1 (wanted $2): $(head -c 2000 "$3")"
}

if [ "${REGISTER:-0}" = 1 ]; then
  begin "register $SERIAL ($DEVICE_CLASS of $MANUFACTURER)"
  : "${OPERATOR_TOKEN:?REGISTER=1 needs OPERATOR_TOKEN, an Operator API token}"
  jq -n --arg s "$SERIAL" --arg c "$DEVICE_CLASS" --arg m "$MANUFACTURER" \
    '{serialNumber: $s, deviceClass: $c, manufacturer: $m}' > register.json
  expect "$(send registered.json -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
    --data-binary @register.json "$API/api/v1/devices")" 201 registered.json
fi

# a. The factory step, DEV-ONLY: the simulated manufacturer's CA issues an IDevID (subject serialNumber = SERIAL,
#    IEEE 802.1AR / RFC 8995 2.3.1) and hands over the MASA certificate the pledge will trust vouchers from.
begin "a. mint a DEV-ONLY IDevID for $SERIAL from $MANUFACTURER"
jq -n --arg s "$SERIAL" '{serialNumber: $s}' > mint.json
manufacturer_path=$(jq -rn --arg m "$MANUFACTURER" '$m | @uri')
expect "$(send minted.json -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary @mint.json "$API/api/v1/dev/manufacturers/$manufacturer_path/idevids")" 201 minted.json
jq -r .privateKeyPem minted.json > idevid.key.pem
jq -r .certificatePem minted.json > idevid.pem
jq -r .chainPem minted.json > chain.pem
jq -r .masaCertificatePem minted.json > masa.pem
MASA_PEM=${MASA_PEM:-$WORK/masa.pem}
echo "    $(openssl x509 -in idevid.pem -noout -subject)"

# b. Provisional TLS (RFC 8995 5.1): the pledge does not know the domain yet, so it accepts whatever certificate the
#    registrar presents, and remembers it to put into the voucher-request.
begin "b. provisional TLS: record the registrar's certificate"
hostport=${REGISTRAR#https://}
hostport=${hostport%%/*}
[[ $hostport == *:* ]] || hostport="$hostport:443"
openssl s_client -connect "$hostport" -showcerts </dev/null 2>/dev/null | openssl x509 -out registrar.pem \
  || fail "no TLS certificate from $hostport"
echo "    $(openssl x509 -in registrar.pem -noout -subject)"
# curl checks the same key on every provisional connection: -k skips chain validation, --pinnedpubkey still refuses a
# registrar other than the one named in the voucher-request.
registrar_pin="sha256//$(openssl x509 -in registrar.pem -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64 -w0)"
provisional=(-k --pinnedpubkey "$registrar_pin")

# c. The pledge voucher-request (RFC 8995 3.3, 5.2): JSON signed with the IDevID key into CMS SignedData whose
#    eContentType is id-ct-animaJSONVoucher (1.2.840.113549.1.9.16.1.40, RFC 8366 8.3). The IDevID travels inside.
begin "c. sign the voucher-request with openssl cms -sign"
nonce=$(openssl rand -base64 16)
jq -cjn --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg nonce "$nonce" --arg serial "$SERIAL" \
  --arg registrar "$(openssl x509 -in registrar.pem -outform DER | base64 -w0)" \
  '{"ietf-voucher-request:voucher": {"created-on": $created, "nonce": $nonce, "serial-number": $serial,
    "assertion": "proximity", "proximity-registrar-cert": $registrar}}' > voucher-request.json
openssl cms -sign -binary -nodetach -in voucher-request.json -signer idevid.pem -inkey idevid.key.pem -md sha256 \
  -econtent_type 1.2.840.113549.1.9.16.1.40 -outform DER -out voucher-request.p7

# d. POST /requestvoucher with the IDevID as TLS client certificate (RFC 8995 5.2); the registrar asks the MASA and
#    passes its voucher back (5.5, 5.6), or answers 202 + Retry-After while an operator decides.
begin "d. request the voucher"
expect "$(send_until_done voucher.p7 "${provisional[@]}" --cert idevid.pem --key idevid.key.pem \
  -H 'Content-Type: application/voucher-cms+json' -H 'Accept: application/voucher-cms+json' \
  --data-binary @voucher-request.p7 "$REGISTRAR/.well-known/brski/requestvoucher")" 200 voucher.p7

# e. The voucher (RFC 8366, RFC 8995 5.6.1) must verify against the MASA certificate, the pledge's only anchor for
#    vouchers (-no-CApath/-no-CAstore keep the system CAs out), and carry this pledge's serial and nonce.
#    Failure is reported to the registrar over the still-provisional connection (voucher_status, RFC 8995 5.7).
begin "e. verify the voucher with openssl cms -verify against the MASA certificate"
report_voucher_failure() {
  jq -cjn --arg reason "$1" '{version: 1, status: false, reason: $reason}' > voucher-status.json
  (send voucher-status.answer "${provisional[@]}" --cert idevid.pem --key idevid.key.pem -H 'Content-Type: application/json' \
    --data-binary @voucher-status.json "$REGISTRAR/.well-known/brski/voucher_status") >/dev/null || true
  fail "$1"
}
openssl cms -verify -binary -inform DER -in voucher.p7 -CAfile "$MASA_PEM" -no-CApath -no-CAstore -out voucher.json 2>verify.log \
  || report_voucher_failure "voucher does not verify against $MASA_PEM: $(tr '\n' ' ' < verify.log)"
[ "$(jq -r '."ietf-voucher:voucher"."serial-number"' voucher.json)" = "$SERIAL" ] \
  || report_voucher_failure "the voucher is for another serial"
[ "$(jq -r '."ietf-voucher:voucher".nonce' voucher.json)" = "$nonce" ] \
  || report_voucher_failure "the voucher does not carry this request's nonce"
jq -r '."ietf-voucher:voucher"."pinned-domain-cert"' voucher.json | base64 -d | openssl x509 -inform DER -out domain-ca.pem \
  || report_voucher_failure "the voucher's pinned-domain-cert is not a certificate"
echo "    voucher for $SERIAL, assertion $(jq -r '."ietf-voucher:voucher".assertion' voucher.json)," \
  "expires $(jq -r '."ietf-voucher:voucher"."expires-on"' voucher.json)"
echo "    pinned $(openssl x509 -in domain-ca.pem -noout -subject)"

# f. From here the registrar is authenticated: curl validates its TLS chain against the pinned domain CA alone
#    (RFC 8995 5.6.2). The pledge tells the registrar it accepted the voucher (RFC 8995 5.7).
begin "f. trust the pinned domain CA; report voucher_status"
trusted=(--cacert domain-ca.pem)
jq -cjn '{version: 1, status: true, reason: "voucher accepted", "reason-context": {client: "openssl and curl"}}' > voucher-status.json
expect "$(send voucher-status.answer "${trusted[@]}" --cert idevid.pem --key idevid.key.pem -H 'Content-Type: application/json' \
  --data-binary @voucher-status.json "$REGISTRAR/.well-known/brski/voucher_status")" 200 voucher-status.answer

# g. EST /cacerts (RFC 7030 4.1): the domain's CA certificates as base64 certs-only CMS (RFC 5751), read by openssl pkcs7.
begin "g. fetch the domain CA certificates (EST cacerts)"
expect "$(send cacerts.b64 "${trusted[@]}" "$REGISTRAR/.well-known/est/cacerts")" 200 cacerts.b64
base64 -di cacerts.b64 | openssl pkcs7 -inform DER -print_certs -out cacerts.pem
grep '^subject' cacerts.pem | sed 's/^/    /'

# h. EST /simpleenroll (RFC 7030 4.2.1, RFC 8995 5.9.3): a new P-256 key and a PKCS#10 naming the serial, sent base64
#    with the IDevID as TLS client certificate; the answer is the LDevID in a base64 certs-only CMS (4.2.3).
begin "h. enroll: openssl req makes the CSR, curl posts it (EST simpleenroll)"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ldevid.key.pem \
  -subj "/CN=$SERIAL/serialNumber=$SERIAL" -outform DER -out ldevid.csr.der 2>/dev/null
base64 -w0 ldevid.csr.der > ldevid.csr.b64
expect "$(send_until_done ldevid.p7.b64 "${trusted[@]}" --cert idevid.pem --key idevid.key.pem \
  -H 'Content-Type: application/pkcs10' --data-binary @ldevid.csr.b64 "$REGISTRAR/.well-known/est/simpleenroll")" 200 ldevid.p7.b64
base64 -di ldevid.p7.b64 | openssl pkcs7 -inform DER -print_certs | openssl x509 -out ldevid.pem
echo "    $(openssl x509 -in ldevid.pem -noout -subject)"

# i. The LDevID must chain to the CA the voucher pinned, through the issuing CA from cacerts, and be fit for TLS
#    client authentication; then the pledge reports success with its new identity (enrollstatus, RFC 8995 5.9.4).
begin "i. verify the LDevID chain against the pinned domain CA; report enrollstatus"
openssl verify -CAfile domain-ca.pem -no-CApath -no-CAstore -untrusted cacerts.pem -purpose sslclient ldevid.pem \
  || fail "the LDevID does not chain to the pinned domain CA"
jq -cjn '{version: 1, status: true, reason: "LDevID installed"}' > enroll-status.json
expect "$(send enroll-status.answer "${trusted[@]}" --cert ldevid.pem --key ldevid.key.pem -H 'Content-Type: application/json' \
  --data-binary @enroll-status.json "$REGISTRAR/.well-known/brski/enrollstatus")" 200 enroll-status.answer

echo "Done: $SERIAL is enrolled. Its LDevID is $WORK/ldevid.pem (key: ldevid.key.pem)."
