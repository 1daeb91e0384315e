using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DeviceTrust.Cose;
using DeviceTrust.Suit;

// SUIT envelope decode + verify, one thread, beside .NET's raw ECDSA P-256 verification of the same Sig_structure
// bytes (["Signature1", protected, h'', encoded SUIT_Digest]) and signatures, in the same run and on the same thread:
// (b) envelopes with one image built with SuitManifestBuilder and signed with SuitSigner (ES256), 256 of them with
// distinct sequence numbers; (c) the SUIT draft's example 1 with the draft's public key. The public key is imported
// once and passed to Verify, as a verifier that keeps its trust anchors does. Each pair (raw, SUIT) is measured in
// alternating 100 ms slices, so that other work on the machine weighs on both alike. Usage: [--seconds N] [--rounds N]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var seconds = Option("--seconds", 3);
var rounds = Option("--rounds", 3);

const int Envelopes = 256;
using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var verifyingKey = ECDsa.Create();
verifyingKey.ImportSubjectPublicKeyInfo(signingKey.ExportSubjectPublicKeyInfo(), out _);
var image = RandomNumberGenerator.GetBytes(256 * 1024);
var built = Enumerable.Range(0, Envelopes).Select(i => SuitSigner.Sign(
    new SuitManifestBuilder((ulong)i + 1, Guid.NewGuid().ToByteArray(bigEndian: true), Guid.NewGuid().ToByteArray(bigEndian: true))
        .AddImage(new SuitImage([[0x00]], SHA256.HashData(image), (ulong)image.Length) { Uri = "https://firmware.example/kumo-m7/3.2.1.bin" })
        .Build(),
    signingKey, CoseAlgorithms.ES256)).ToArray();
var (builtToBeSigned, builtSignatures) = Raw(built);

var example = DraftExample1();
using var draftKey = ECDsa.Create();
draftKey.ImportFromPem(File.ReadAllText(VectorPath("public_key.pem")));
var (exampleToBeSigned, exampleSignatures) = Raw([example]);

if (!SuitEnvelope.Decode(built[0]).Verify(verifyingKey).IsVerified || !SuitEnvelope.Decode(example).Verify(draftKey).IsVerified)
    throw new InvalidOperationException("The bench's envelopes do not verify.");
Console.WriteLine($"built envelope: {built[0].Length} bytes, one image, {Envelopes} distinct; draft example 1: {example.Length} bytes; "
    + $"Sig_structure {builtToBeSigned[0].Length} bytes; {seconds} s per measurement, {rounds} rounds");

var ratios = new List<(double Built, double Example)>();
for (var round = 1; round <= rounds; round++)
{
    var (raw, suit) = Compare(
        i => verifyingKey.VerifyData(builtToBeSigned[i % Envelopes], builtSignatures[i % Envelopes], HashAlgorithmName.SHA256) ? 0 : throw new InvalidOperationException("raw"),
        i => SuitEnvelope.Decode(built[i % Envelopes]).Verify(verifyingKey).IsVerified ? 0 : throw new InvalidOperationException("suit"));
    var (rawDraft, draft) = Compare(
        _ => draftKey.VerifyData(exampleToBeSigned[0], exampleSignatures[0], HashAlgorithmName.SHA256) ? 0 : throw new InvalidOperationException("raw draft"),
        _ => SuitEnvelope.Decode(example).Verify(draftKey).IsVerified ? 0 : throw new InvalidOperationException("draft"));
    ratios.Add((suit / raw, draft / rawDraft));
    Console.WriteLine($"round {round}: raw ECDSA P-256 verify {raw:F0}/s ({1e6 / raw:F1} µs); built envelope decode+verify {suit:F0}/s "
        + $"({1e6 / suit:F1} µs) = {suit / raw:F2} of raw; draft example 1 {draft:F0}/s ({1e6 / draft:F1} µs) = {draft / rawDraft:F2} "
        + $"of raw on its key ({rawDraft:F0}/s)");
    if (round == rounds)
    {
        // Where the time beyond the signature goes: each step alone, per envelope.
        var decode = Rate(i => SuitEnvelope.Decode(built[i % Envelopes]).Manifest.Common.Components.Count);
        var decoded = built.Select(e => SuitEnvelope.Decode(e)).ToArray();
        var digests = Rate(i => decoded[i % Envelopes].VerifyDigests().IsVerified ? 0 : throw new InvalidOperationException("digests"));
        var verify = Rate(i => decoded[i % Envelopes].Verify(verifyingKey).IsVerified ? 0 : throw new InvalidOperationException("verify"));
        Console.WriteLine($"  steps alone (built envelope): decode {1e6 / decode:F1} µs, digests {1e6 / digests:F1} µs, "
            + $"verify on a decoded envelope (digests + signature) {1e6 / verify:F1} µs, raw signature {1e6 / raw:F1} µs");
    }
}
Console.WriteLine($"built envelope: {ratios.Min(r => r.Built):F2}-{ratios.Max(r => r.Built):F2}, draft example 1: "
    + $"{ratios.Min(r => r.Example):F2}-{ratios.Max(r => r.Example):F2} of the raw ECDSA verify rate (target 0.80)");
return 0;

// The Sig_structure each envelope's first COSE_Sign1 signs (the encoded SUIT_Digest detached) and its signature.
static (byte[][] ToBeSigned, byte[][] Signatures) Raw(byte[][] envelopes)
{
    var decoded = envelopes.Select(e => SuitEnvelope.Decode(e)).ToArray();
    return ([.. decoded.Select(e => e.Authentication.Signatures[0].ToBeSignedDetached(e.Authentication.EncodedDigest.Span))],
        [.. decoded.Select(e => e.Authentication.Signatures[0].Signature.ToArray())]);
}

// The last hex block of example1.txt: the envelope with its COSE authentication object.
static byte[] DraftExample1()
{
    var text = File.ReadAllText(VectorPath("example1.txt"));
    var block = Regex.Matches(text, @"~~~\n([0-9a-f\n]+)~~~")[^1].Groups[1].Value;
    return Convert.FromHexString(block.Replace("\n", "", StringComparison.Ordinal));
}

// The draft's vectors as the CLI tests keep them (tests/DeviceTrust.Cli.Tests/TestVectors/suit, with their provenance).
static string VectorPath(string file)
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "DeviceTrust.sln")))
            return Path.Combine(directory.FullName, "tests", "DeviceTrust.Cli.Tests", "TestVectors", "suit", file);
    }
    throw new InvalidOperationException("Run the bench from inside the repository (DeviceTrust.sln not found above it).");
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

// Two operations' rates, measured in alternating 100 ms slices (each warmed up for a second first), so that a change in
// the machine's load during the measurement falls on both alike.
(double First, double Second) Compare(Func<int, int> first, Func<int, int> second)
{
    var warm = Stopwatch.StartNew();
    for (var i = 0; warm.Elapsed < TimeSpan.FromSeconds(1); i++) { first(i); second(i); }
    var counts = new long[2];
    var times = new TimeSpan[2];
    Func<int, int>[] operations = [first, second];
    var slice = TimeSpan.FromMilliseconds(100);
    while (times[0] + times[1] < TimeSpan.FromSeconds(2 * seconds))
    {
        for (var k = 0; k < 2; k++)
        {
            var clock = Stopwatch.StartNew();
            var count = 0;
            while (clock.Elapsed < slice)
            {
                for (var j = 0; j < 16; j++) operations[k]((int)counts[k] + count++);
            }
            times[k] += clock.Elapsed;
            counts[k] += count;
        }
    }
    return (counts[0] / times[0].TotalSeconds, counts[1] / times[1].TotalSeconds);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
