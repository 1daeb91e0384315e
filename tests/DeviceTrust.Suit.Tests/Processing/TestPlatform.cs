using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Suit.Tests.Processing;

/// <summary>
/// An in-memory device: components by key ("00", "01/617070"), their contents and slots, a "server" of URIs, and a log
/// of every operation the processor asked for, so tests can check what ran and what was written. A component may be
/// given a measurement directly (<see cref="Measurements"/>), for the published examples whose digests are sample
/// patterns that no content hashes to.
/// </summary>
internal sealed class TestPlatform(byte[] vendorId, byte[] classId, params string[] components) : ISuitPlatform
{
    public SuitDeviceIdentity Identity { get; set; } = new([vendorId], [classId]);

    public SuitInstalledManifest? Installed { get; set; }

    public HashSet<string> Components { get; } = [.. components];

    public Dictionary<string, byte[]> Contents { get; } = [];

    public Dictionary<string, SuitMeasurement> Measurements { get; } = [];

    public Dictionary<string, ulong> Slots { get; } = [];

    public Dictionary<string, byte[]> Server { get; } = [];

    public Exception? FetchFailure { get; set; }

    public List<string> Log { get; } = [];

    /// <summary>The log entries that changed a component (write, copy, swap) or stored the installed manifest.</summary>
    public IEnumerable<string> Changes => Log.Where(entry => !entry.StartsWith("fetch", StringComparison.Ordinal) && !entry.StartsWith("invoke", StringComparison.Ordinal));

    public bool Supports(IReadOnlyList<byte[]> componentId) => Components.Contains(Key(componentId));

    public ulong? SlotOf(SuitComponent component) => Slots.TryGetValue(component.Key, out var slot) ? slot : null;

    public ReadOnlyMemory<byte>? Read(SuitComponent component) => Contents.TryGetValue(component.Key, out var content) ? content : default(ReadOnlyMemory<byte>?);

    public SuitMeasurement? Measure(SuitComponent component, long algorithm) =>
        Measurements.TryGetValue(component.Key, out var measurement) ? measurement
            : Read(component) is { } content ? SuitMeasurement.Of(content.Span, algorithm) : null;

    public Task<ReadOnlyMemory<byte>> FetchAsync(string uri, ReadOnlyMemory<byte>? fetchArguments, CancellationToken cancellationToken)
    {
        Log.Add($"fetch {uri}");
        if (FetchFailure is { } failure)
            throw failure;
        return Server.TryGetValue(uri, out var content) ? Task.FromResult<ReadOnlyMemory<byte>>(content)
            : throw new HttpRequestException($"404 {uri}");
    }

    public void Write(SuitComponent component, ReadOnlyMemory<byte> content)
    {
        Log.Add($"write {component.Key}");
        Contents[component.Key] = content.ToArray();
    }

    public void Copy(SuitComponent source, SuitComponent destination)
    {
        Log.Add($"copy {source.Key} -> {destination.Key}");
        Contents[destination.Key] = Contents[source.Key];
    }

    public void Swap(SuitComponent source, SuitComponent destination)
    {
        Log.Add($"swap {source.Key} <-> {destination.Key}");
        var a = Contents.GetValueOrDefault(source.Key);
        var b = Contents.GetValueOrDefault(destination.Key);
        Put(destination.Key, a);
        Put(source.Key, b);
    }

    public void Invoke(SuitComponent component, ReadOnlyMemory<byte>? arguments) =>
        Log.Add(arguments is { } args ? $"invoke {component.Key} {Convert.ToHexStringLower(args.Span)}" : $"invoke {component.Key}");

    public void StoreInstalled(SuitInstalledManifest manifest)
    {
        Log.Add($"installed {manifest.SequenceNumber}");
        Installed = manifest;
    }

    public static string Key(IReadOnlyList<byte[]> componentId) => string.Join('/', componentId.Select(Convert.ToHexStringLower));

    private void Put(string key, byte[]? content)
    {
        if (content is null)
            Contents.Remove(key);
        else
            Contents[key] = content;
    }
}
