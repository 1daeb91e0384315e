using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;

// Where the CPU went in a trace of the app: the share of samples whose stack passes through each category (they
// overlap: a TLS handshake inside the ASP.NET pipeline counts in both), then the DeviceTrust frames that hold the most.
// Usage: DeviceTrust.Bench.Profile TRACE.nettrace [TOP [UNDER]]; with UNDER (a part of a frame's name), it prints instead
// the frames that hold the most inside the samples passing through that frame, to take one category apart.
if (args.Length is < 1 or > 3 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: DeviceTrust.Bench.Profile TRACE.nettrace [TOP [UNDER]]");
    return 2;
}
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var under = args.Length > 2 ? args[2] : null;

(string Name, string[] Markers)[] categories =
[
    ("JIT (tiered recompilation)", ["libclrjit.so"]),
    ("garbage collection", ["SVR::", "WKS::", "GCHeap", "gc_heap"]),
    ("TLS handshakes and records", ["SslStream", "libssl.so"]),
    ("  of which X.509 chain building (.NET)", ["X509Chain", "ChainPal", "SslStreamCertificateContext"]),
    ("X.509 decoding (OpenSSL)", ["X509CertificateLoader", "CryptoNative_DecodeX509"]),
    ("signatures (OpenSSL ECDSA)", ["ECDsa", "EC_POINT_mul", "ecdsa"]),
    ("BouncyCastle ASN.1, CMS, X.509", ["bouncycastle.cryptography!"]),
    ("EF Core and SQLite", ["microsoft.entityframeworkcore", "microsoft.data.sqlite", "e_sqlite3"]),
    ("  of which audited saves", ["AuditTrail+<SaveAsync>"]),
    ("  of which SQLite itself", ["e_sqlite3"]),
    ("  of which EF queries (translation, materialization)", ["!Microsoft.EntityFrameworkCore.Query."]),
    ("  of which EF change tracking and saves", ["!Microsoft.EntityFrameworkCore.ChangeTracking.", "!Microsoft.EntityFrameworkCore.Update."]),
    ("  of which EF context creation", ["DbContextFactory", "DbContext..ctor", "DbContext.get_ContextServices"]),
    ("ASP.NET Core pipeline", ["microsoft.aspnetcore."]),
];

var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
var counts = new int[categories.Length];
var frames = new Dictionary<string, int>();
var jitCallers = new Dictionary<string, int>();
var callers = categories.Select(_ => new Dictionary<string, int>()).ToArray();
var leafModules = new Dictionary<string, int>();
var leaves = new Dictionary<string, int>();
var nativeCallers = new Dictionary<string, int>();
var total = 0;
foreach (var sample in log.Events)
{
    var stack = sample.CallStack();
    if (stack is null) continue;
    total++;
    var leafModule = stack.CodeAddress.ModuleName is { Length: > 0 } m ? m : "?";
    leafModules[leafModule] = leafModules.GetValueOrDefault(leafModule) + 1;
    var leaf = $"{leafModule}!{Shorten(stack.CodeAddress.FullMethodName, 100)}";
    leaves[leaf] = leaves.GetValueOrDefault(leaf) + 1;
    if (leafModule.StartsWith("lib", StringComparison.Ordinal) && !leafModule.StartsWith("libcoreclr", StringComparison.Ordinal) && ManagedCaller(stack) is { } native)
        nativeCallers[native] = nativeCallers.GetValueOrDefault(native) + 1;
    var names = new HashSet<string>();
    for (var frame = stack; frame is not null; frame = frame.Caller) names.Add($"{frame.CodeAddress.ModuleName}!{frame.CodeAddress.FullMethodName}");
    if (under is not null)
    {
        if (!names.Any(n => n.Contains(under, StringComparison.Ordinal))) continue;
        foreach (var name in names.Select(n => Shorten(n, 140)).Distinct()) frames[name] = frames.GetValueOrDefault(name) + 1;
        continue;
    }
    for (var i = 0; i < categories.Length; i++)
    {
        if (!names.Any(n => categories[i].Markers.Any(m => n.Contains(m, StringComparison.Ordinal)))) continue;
        counts[i]++;
        if (OwnCaller(stack, categories[i].Markers) is { } own) callers[i][own] = callers[i].GetValueOrDefault(own) + 1;
    }
    foreach (var name in names.Where(n => n.StartsWith("devicetrust", StringComparison.Ordinal) && !n.Contains("+<", StringComparison.Ordinal)))
        frames[name] = frames.GetValueOrDefault(name) + 1;
    if (JitCaller(stack) is { } caller) jitCallers[caller] = jitCallers.GetValueOrDefault(caller) + 1;
}
if (total == 0)
{
    Console.Error.WriteLine("The trace holds no stack samples (collect it with `dotnet-trace collect-linux --profile cpu-sampling`).");
    return 1;
}

Console.WriteLine($"{total} CPU samples");
if (under is not null)
{
    Console.WriteLine($"Frames inside {under} (inclusive):");
    foreach (var (name, count) in frames.OrderByDescending(f => f.Value).Take(top))
        Console.WriteLine($"{100.0 * count / total,6:F1}%  {name}");
    return 0;
}
for (var i = 0; i < categories.Length; i++)
{
    Console.WriteLine($"{100.0 * counts[i] / total,6:F1}%  {categories[i].Name}");
    // The DeviceTrust code nearest to where the category's work happened: who to make ask less.
    foreach (var (name, count) in callers[i].OrderByDescending(f => f.Value).Take(3))
        Console.WriteLine($"        {100.0 * count / total,5:F1}%  from {Shorten(name, 120)}");
}
Console.WriteLine("DeviceTrust frames (inclusive):");
foreach (var (name, count) in frames.OrderByDescending(f => f.Value).Take(top))
    Console.WriteLine($"{100.0 * count / total,6:F1}%  {(name.Length > 150 ? name[..150] : name)}");
// Exclusive time: where the CPU actually was when sampled (a library's own code, not what it called).
Console.WriteLine("Modules (exclusive):");
foreach (var (name, count) in leafModules.OrderByDescending(f => f.Value).Take(top / 2))
    Console.WriteLine($"{100.0 * count / total,6:F1}%  {name}");
Console.WriteLine("Functions (exclusive):");
foreach (var (name, count) in leaves.OrderByDescending(f => f.Value).Take(top))
    Console.WriteLine($"{100.0 * count / total,6:F1}%  {name}");
// Native libraries (OpenSSL, libc, SQLite) show no symbols here: the managed code that called into them does.
Console.WriteLine("Native code (exclusive), by the managed method that called it:");
foreach (var (name, count) in nativeCallers.OrderByDescending(f => f.Value).Take(top))
    Console.WriteLine($"{100.0 * count / total,6:F1}%  {name}");
if (jitCallers.Count > 0)
{
    // Steady-state JIT is code being generated anew (expression trees compiled per call, say): who asks for it.
    Console.WriteLine("What the JIT compiles for (first managed frame above the runtime):");
    foreach (var (name, count) in jitCallers.OrderByDescending(f => f.Value).Take(top / 2))
        Console.WriteLine($"{100.0 * count / total,6:F1}%  {(name.Length > 150 ? name[..150] : name)}");
}
return 0;

static string Shorten(string name, int length)
{
    var cut = name.IndexOf('(', StringComparison.Ordinal);
    var method = cut > 0 ? name[..cut] : name;
    return method.Length > length ? method[..length] : method;
}

static string? OwnCaller(TraceCallStack stack, string[] markers)
{
    var inside = false;
    for (var frame = stack; frame is not null; frame = frame.Caller)
    {
        var name = $"{frame.CodeAddress.ModuleName}!{frame.CodeAddress.FullMethodName}";
        if (markers.Any(m => name.Contains(m, StringComparison.Ordinal))) inside = true;
        else if (inside && name.StartsWith("devicetrust", StringComparison.Ordinal) && !name.Contains("+<", StringComparison.Ordinal)) return name;
    }
    return null;
}

static string? ManagedCaller(TraceCallStack stack)
{
    for (var frame = stack; frame is not null; frame = frame.Caller)
    {
        var module = frame.CodeAddress.ModuleName;
        if (module.Length > 0 && !module.StartsWith("lib", StringComparison.Ordinal) && module != "vmlinux" && frame.CodeAddress.FullMethodName.Length > 0)
            return $"{module}!{Shorten(frame.CodeAddress.FullMethodName, 110)}";
    }
    return null;
}

static string? JitCaller(TraceCallStack stack)
{
    var inJit = false;
    for (var frame = stack; frame is not null; frame = frame.Caller)
    {
        var module = frame.CodeAddress.ModuleName;
        if (module.Contains("clrjit", StringComparison.Ordinal)) inJit = true;
        else if (inJit && !module.Contains("coreclr", StringComparison.Ordinal) && module.Length > 0 && frame.CodeAddress.FullMethodName.Length > 0)
            return $"{module}!{frame.CodeAddress.FullMethodName}";
    }
    return null;
}
