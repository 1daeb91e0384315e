using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;

// In-process appraisal of DeviceTrust evidence, one thread: read the token (strict CBOR and COSE decode, profile
// envelope), verify its ES256 signature with the device's attestation key as the verifier stores it, a SubjectPublicKeyInfo
// (imported once and kept by EatToken's key cache, looked up for every token), and appraise it against in-memory
// reference values. Beside it, in the same run and on the same thread, .NET's raw
// ECDSA P-256 verification of a message of the same size. Usage: [--seconds N] [--rounds N]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var seconds = Option("--seconds", 3);
var rounds = Option("--rounds", 3);

var now = DateTimeOffset.UtcNow;
var deviceClass = DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), "Kumo Meter M7", Guid.NewGuid(), Guid.NewGuid(), "KM-7");
var device = Device.Register("BENCH-0001", deviceClass, null, "system", now);
using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var verifyingKey = ECDsa.Create();
verifyingKey.ImportSubjectPublicKeyInfo(signingKey.ExportSubjectPublicKeyInfo(), out _);
var key = AttestationKey.Registered(device.Id, device.SerialNumber, signingKey.ExportSubjectPublicKeyInfo(), "system", now);
string[] components = ["bootloader", "firmware", "radio"];
var images = components.ToDictionary(c => c, c => SHA256.HashData(Encoding.UTF8.GetBytes($"{c} image")));
var references = components.Select(c => ReferenceValue.Add(deviceClass.Id, deviceClass.Name, "3.2.1", c, DigestAlgorithm.Sha256, images[c], "system", now)).ToList();

// Distinct tokens (each its own nonce), as sessions bring them.
const int Tokens = 256;
var nonces = Enumerable.Range(0, Tokens).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
var evidence = nonces.Select(nonce => EatEvidence.Build(new EatClaimsSet
{
    Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
    Nonce = [nonce],
    Ueid = device.Ueid,
    HardwareModel = DeviceTrustEatProfile.HardwareModelOf(deviceClass.ClassId),
    DebugStatus = EatDebugStatus.DisabledSinceBoot,
    IssuedAt = EatNumericDate.From(now),
    Submodules = components.ToDictionary(c => c, c => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(c, "3.2.1", images[c]))),
}, signingKey)).ToArray();

// The raw comparison: the same Sig_structure bytes and signatures, verified directly.
var toBeSigned = evidence.Select(e => EatEvidence.Read(e).Message.ToBeSigned()).ToArray();
var signatures = evidence.Select(e => EatEvidence.Read(e).Message.Signature.ToArray()).ToArray();

var check = Appraise(0);
if (check != TrustTier.Affirming) throw new InvalidOperationException($"The bench's evidence appraises {check}, not affirming.");
Console.WriteLine($"evidence: {evidence[0].Length} bytes, {components.Length} components; {Tokens} distinct tokens; {seconds} s per measurement, {rounds} rounds");
var ratios = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    var raw = Rate(i => verifyingKey.VerifyData(toBeSigned[i % Tokens], signatures[i % Tokens], HashAlgorithmName.SHA256) ? 0 : throw new InvalidOperationException("raw"));
    var appraisal = Rate(i => Appraise(i % Tokens) == TrustTier.Affirming ? 0 : throw new InvalidOperationException("appraisal"));
    ratios.Add(appraisal / raw);
    Console.WriteLine($"round {round}: raw ECDSA P-256 verify {raw:F0}/s, appraisal {appraisal:F0}/s = {appraisal / raw:F2} of raw ({1e6 / appraisal:F1} vs {1e6 / raw:F1} µs)");
    if (round == rounds)
    {
        // Where the time beyond the signature goes: each step alone, per token.
        var read = Rate(i => EatEvidence.Read(evidence[i % Tokens]).Claims.Ueid!.Length);
        var tokens = evidence.Select(e => EatEvidence.Read(e)).ToArray();
        var verify = Rate(i => tokens[i % Tokens].VerifySignature(key.SubjectPublicKeyInfo) ? 0 : throw new InvalidOperationException("verify"));
        var appraise = Rate(i => (int)Appraiser.Appraise(new AppraisalInput(tokens[i % Tokens], key, true, device, deviceClass, nonces[i % Tokens], references)).Tier);
        Console.WriteLine($"  steps alone: read {1e6 / read:F1} µs, verify {1e6 / verify:F1} µs, appraise {1e6 / appraise:F1} µs");
    }
}
Console.WriteLine($"appraisal: {ratios.Min():F2}-{ratios.Max():F2} of the raw ECDSA verify rate (target 0.80)");
return 0;

TrustTier Appraise(int i)
{
    var token = EatEvidence.Read(evidence[i]);
    var verified = token.VerifySignature(key.SubjectPublicKeyInfo);
    return Appraiser.Appraise(new AppraisalInput(token, key, verified, device, deviceClass, nonces[i], references)).Tier;
}

double Rate(Func<int, int> operation)
{
    // Warm up (tiered JIT) for a second, then count for the measurement time.
    var warm = Stopwatch.StartNew();
    for (var i = 0; warm.Elapsed < TimeSpan.FromSeconds(1); i++) operation(i);
    var count = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        for (var j = 0; j < 64; j++) operation(count++);
    }
    return count / clock.Elapsed.TotalSeconds;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
