using System.Text;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// A simulated device as a SUIT manifest processor sees it (draft-ietf-suit-manifest-37 §6.4): it answers to its class's
/// vendor-id and class-id, its components are its firmware components by name (component id [UTF-8 name], as the
/// catalog writes them), fetches go to its server, and writes go to a second slot: nothing it runs changes until
/// <see cref="Staged"/> is installed after a successful procedure (the A/B slots §6.3 expects). The update faults of
/// <see cref="FaultInjection"/> act here. One platform serves one procedure.
/// </summary>
public sealed class SimulatedSuitPlatform : ISuitPlatform
{
    /// <summary>The sequence number an <see cref="FaultInjection.AheadSequenceNumber"/> device believes it installed.</summary>
    public const ulong AheadSequenceNumber = long.MaxValue;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly InstalledFirmware _firmware;
    private readonly IUpdateServer _server;
    private readonly FaultInjection _faults;
    private readonly Func<double, bool> _chance;
    private readonly Dictionary<string, byte[]> _staged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);

    /// <param name="chance">True with the probability given: decides <see cref="FaultInjection.InstallFailureRate"/>.</param>
    public SimulatedSuitPlatform(SimulatedDeviceSpec device, InstalledFirmware firmware, IUpdateServer server, FaultInjection faults, Func<double, bool> chance)
    {
        ArgumentNullException.ThrowIfNull(device);
        _firmware = firmware ?? throw new ArgumentNullException(nameof(firmware));
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        _chance = chance ?? throw new ArgumentNullException(nameof(chance));
        Identity = new SuitDeviceIdentity(
            device.VendorId is { } vendor ? [vendor.ToByteArray(bigEndian: true)] : [],
            device.ClassId is { } classId ? [ClassIdOf(classId, faults.WrongClass)] : []);
        if (faults.WrongClass)
            _applied.Add(nameof(FaultInjection.WrongClass));
        if (faults.AheadSequenceNumber)
            _applied.Add(nameof(FaultInjection.AheadSequenceNumber));
    }

    public SuitDeviceIdentity Identity { get; }

    public SuitInstalledManifest? Installed => _faults.AheadSequenceNumber
        ? new SuitInstalledManifest(AheadSequenceNumber, SuitDigest.Sha256Of([]))
        : _firmware.Manifest;

    /// <summary>The images the procedure wrote, by component name, for <see cref="InstalledFirmware.Install"/> once it succeeded.</summary>
    public IReadOnlyDictionary<string, byte[]> Staged => _staged;

    /// <summary>The manifest the procedure stored on success (<see cref="ISuitPlatform.StoreInstalled"/>).</summary>
    public SuitInstalledManifest? Completed { get; private set; }

    /// <summary>The update faults that acted on this procedure, by <see cref="FaultInjection"/> member name.</summary>
    public IReadOnlyCollection<string> AppliedFaults => _applied;

    public bool Supports(IReadOnlyList<byte[]> componentId) => NameOf(componentId) is { } name && _firmware.Find(name) is not null;

    public ulong? SlotOf(SuitComponent component) => null;

    public ReadOnlyMemory<byte>? Read(SuitComponent component)
    {
        var name = Name(component);
        return _staged.TryGetValue(name, out var staged) ? staged : _firmware.Image(name);
    }

    public async Task<ReadOnlyMemory<byte>> FetchAsync(string uri, ReadOnlyMemory<byte>? fetchArguments, CancellationToken cancellationToken)
    {
        byte[] image;
        try
        {
            image = await _server.GetImageAsync(uri, cancellationToken);
        }
        catch (Exception e) when (e is FormatException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A timeout (an HttpClient cancellation nobody asked for) is a failed fetch, as an unreachable server is.
            throw new SuitOperationException($"fetching {uri} failed: {e.Message}", e);
        }
        if (_faults.CorruptDownload && image.Length > 0)
        {
            image = [.. image];
            image[0] ^= 0xFF;
            _applied.Add(nameof(FaultInjection.CorruptDownload));
        }
        return image;
    }

    public void Write(SuitComponent component, ReadOnlyMemory<byte> content)
    {
        var name = Name(component);
        if (_chance(_faults.InstallFailureRate))
        {
            _applied.Add(nameof(FaultInjection.InstallFailureRate));
            throw new SuitOperationException($"writing {content.Length} bytes to {name} failed (simulated flash failure)");
        }
        _staged[name] = content.ToArray();
    }

    public void Copy(SuitComponent source, SuitComponent destination) =>
        Write(destination, Read(source) ?? throw new SuitOperationException($"{Name(source)} is empty"));

    public void Swap(SuitComponent source, SuitComponent destination)
    {
        var (from, to) = (Read(source), Read(destination));
        if (from is null || to is null)
            throw new SuitOperationException($"{Name(source)} or {Name(destination)} is empty");
        _staged[Name(source)] = to.Value.ToArray();
        _staged[Name(destination)] = from.Value.ToArray();
    }

    /// <summary>A simulated device boots nothing: the image it installed is what it reports from now on.</summary>
    public void Invoke(SuitComponent component, ReadOnlyMemory<byte>? arguments)
    {
    }

    public void StoreInstalled(SuitInstalledManifest manifest) => Completed = manifest;

    /// <summary>The component named by a one-element identifier holding the name's UTF-8 bytes; null for any other identifier.</summary>
    public static string? NameOf(IReadOnlyList<byte[]> componentId)
    {
        if (componentId is not [{ Length: > 0 } name])
            return null;
        try
        {
            return StrictUtf8.GetString(name);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // The processor asks only about components Supports accepted.
    private static string Name(SuitComponent component) =>
        NameOf(component.Id) ?? throw new SuitOperationException($"component {component.Key} is not one of the device's");

    private static byte[] ClassIdOf(Guid classId, bool wrong)
    {
        var bytes = classId.ToByteArray(bigEndian: true);
        if (wrong)
            bytes[^1] ^= 0xFF;
        return bytes;
    }
}
