namespace DeviceTrust.Suit.Processing;

/// <summary>
/// The device a <see cref="SuitProcessor"/> runs manifests on: who it is, which components it has, and the operations the
/// directives ask for (draft-ietf-suit-manifest-37 §6.4 "Abstract Machine Description": store, fetch, swap, invoke). A
/// method that cannot do what it is asked throws <see cref="SuitOperationException"/> (or, for I/O, IOException /
/// HttpRequestException); the processor reports operation-failed. Only fetching is asynchronous: the rest is local storage.
/// </summary>
public interface ISuitPlatform
{
    /// <summary>The identifiers the condition-vendor/class/device-identifier commands match against ("suit-condition-vendor-identifier ...").</summary>
    SuitDeviceIdentity Identity { get; }

    /// <summary>The manifest last installed, for anti-rollback (suit-manifest-sequence-number; §6.1 "Manifest Processor Setup"); null when the device has none.</summary>
    SuitInstalledManifest? Installed { get; }

    /// <summary>Whether the device has a component with this identifier; a manifest naming any other is refused with
    /// component-unsupported before a command runs (§6.2 "Required Checks").</summary>
    bool Supports(IReadOnlyList<byte[]> componentId);

    /// <summary>The slot this component is to use (suit-condition-component-slot); null when it has no slots.</summary>
    ulong? SlotOf(SuitComponent component);

    /// <summary>The component's content, or null when it is empty.</summary>
    ReadOnlyMemory<byte>? Read(SuitComponent component);

    /// <summary>The digest with <paramref name="algorithm"/> and the size of the component's content, for
    /// condition-image-match; null when it is empty. By default SHA-256 (-16) over <see cref="Read"/>; a device that keeps
    /// the digests of its images (a secure element, a boot ROM) answers from them instead.</summary>
    /// <exception cref="NotSupportedException">The algorithm is not one the device computes.</exception>
    SuitMeasurement? Measure(SuitComponent component, long algorithm) =>
        Read(component) is { } content ? SuitMeasurement.Of(content.Span, algorithm) : null;

    /// <summary>Fetches <paramref name="uri"/> (suit-directive-fetch) with the fetch-arguments parameter, if set.</summary>
    Task<ReadOnlyMemory<byte>> FetchAsync(string uri, ReadOnlyMemory<byte>? fetchArguments, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="content"/> as the component's content (fetch and write directives).</summary>
    void Write(SuitComponent component, ReadOnlyMemory<byte> content);

    /// <summary>suit-directive-copy: the source's content into the destination.</summary>
    void Copy(SuitComponent source, SuitComponent destination);

    /// <summary>suit-directive-swap: exchanges the contents of the two components.</summary>
    void Swap(SuitComponent source, SuitComponent destination);

    /// <summary>suit-directive-invoke with the invoke-args parameter, if set.</summary>
    void Invoke(SuitComponent component, ReadOnlyMemory<byte>? arguments);

    /// <summary>Stores the manifest an update procedure completed, so the next one is checked against it.</summary>
    void StoreInstalled(SuitInstalledManifest manifest);
}

/// <summary>A component as a command addresses it: its index into the manifest's component list, its identifier, and
/// the component-slot parameter set for it when the command ran.</summary>
public sealed record SuitComponent(int Index, IReadOnlyList<byte[]> Id, ulong? Slot)
{
    /// <summary>The identifier as lowercase hex segments joined by '/', e.g. "00" or "01/617070": a readable key.</summary>
    public string Key => string.Join('/', Id.Select(Convert.ToHexStringLower));
}

/// <summary>The identifiers a device answers to; a manifest matches when its parameter equals any of them ("Constructing UUIDs":
/// "A Recipient MAY match any number of UUIDs for vendor or class identifier").</summary>
public sealed record SuitDeviceIdentity(IReadOnlyList<byte[]> VendorIds, IReadOnlyList<byte[]> ClassIds, byte[]? DeviceId = null);

/// <summary>The sequence number and digest of the manifest a device last installed.</summary>
public sealed record SuitInstalledManifest(ulong SequenceNumber, SuitDigest Digest);

/// <summary>A component's measured content: its digest and size.</summary>
public sealed record SuitMeasurement(SuitDigest Digest, ulong Size)
{
    /// <exception cref="NotSupportedException">The algorithm is not SHA-256 (-16).</exception>
    public static SuitMeasurement Of(ReadOnlySpan<byte> content, long algorithm) =>
        algorithm == DeviceTrust.Cose.CoseAlgorithms.Sha256
            ? new SuitMeasurement(SuitDigest.Sha256Of(content), (ulong)content.Length)
            : throw new NotSupportedException($"Digest algorithm {algorithm} is not supported; SHA-256 ({DeviceTrust.Cose.CoseAlgorithms.Sha256}) is.");
}

/// <summary>A platform operation that failed (a fetch, a write, an invoke): the processor reports operation-failed.</summary>
public sealed class SuitOperationException(string message, Exception? innerException = null) : Exception(message, innerException);
