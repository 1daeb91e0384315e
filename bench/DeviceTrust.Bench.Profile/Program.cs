using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;

// Where the CPU went in a trace of the app: the share of samples whose stack passes through each category (they
// overlap: a TLS handshake inside the ASP.NET pipeline counts in both), then the DeviceTrust frames that hold the most.
// Usage: DeviceTrust.Bench.Profile TRACE.nettrace [TOP]
if (args.Length is < 1 or > 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: DeviceTrust.Bench.Profile TRACE.nettrace [TOP]");
    return 2;
}
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

(string Name, string[] Markers)[] categories =
[
    ("JIT (tiered recompilation)", ["libclrjit.so"]),
    ("TLS handshakes and records", ["SslStream", "libssl.so"]),
    ("X.509 decoding (OpenSSL)", ["X509CertificateLoader", "CryptoNative_DecodeX509"]),
    ("signatures (OpenSSL ECDSA)", ["ECDsa", "EC_POINT_mul", "ecdsa"]),
    ("BouncyCastle ASN.1, CMS, X.509", ["bouncycastle.cryptography!"]),
    ("EF Core and SQLite", ["microsoft.entityframeworkcore", "microsoft.data.sqlite", "e_sqlite3"]),
    ("  of which audited saves", ["AuditTrail+<SaveAsync>"]),
    ("ASP.NET Core pipeline", ["microsoft.aspnetcore."]),
];

var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
var counts = new int[categories.Length];
var frames = new Dictionary<string, int>();
var total = 0;
foreach (var sample in log.Events)
{
    var stack = sample.CallStack();
    if (stack is null) continue;
    total++;
    var names = new HashSet<string>();
    for (var frame = stack; frame is not null; frame = frame.Caller) names.Add($"{frame.CodeAddress.ModuleName}!{frame.CodeAddress.FullMethodName}");
    for (var i = 0; i < categories.Length; i++)
        if (names.Any(n => categories[i].Markers.Any(m => n.Contains(m, StringComparison.Ordinal)))) counts[i]++;
    foreach (var name in names.Where(n => n.StartsWith("devicetrust", StringComparison.Ordinal) && !n.Contains("+<", StringComparison.Ordinal)))
        frames[name] = frames.GetValueOrDefault(name) + 1;
}
if (total == 0)
{
    Console.Error.WriteLine("The trace holds no stack samples (collect it with `dotnet-trace collect-linux --profile cpu-sampling`).");
    return 1;
}

Console.WriteLine($"{total} CPU samples");
for (var i = 0; i < categories.Length; i++) Console.WriteLine($"{100.0 * counts[i] / total,6:F1}%  {categories[i].Name}");
Console.WriteLine("DeviceTrust frames (inclusive):");
foreach (var (name, count) in frames.OrderByDescending(f => f.Value).Take(top))
    Console.WriteLine($"{100.0 * count / total,6:F1}%  {(name.Length > 150 ? name[..150] : name)}");
return 0;
