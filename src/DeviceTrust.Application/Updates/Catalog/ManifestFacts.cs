using System.Text;
using DeviceTrust.Cose;
using DeviceTrust.Suit;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>What one component of a manifest installs: its identifier, the image digest and size the manifest
/// checks, and where the image comes from.</summary>
public sealed record ManifestComponent(int Index, IReadOnlyList<byte[]> ComponentId, string Name, SuitDigest? ImageDigest, ulong? ImageSize, string? Uri,
    string? Version);

/// <summary>
/// What the catalog needs to know of a manifest before trusting it with a class, read statically (nothing is run):
/// the vendor and class identifiers its shared sequence sets, whether it checks them (RFC 9124 THREAT.IMG.INCOMPATIBLE:
/// a manifest that does not check the class could install anywhere), and each component's image digest, size and URI,
/// following set-component-index and override-parameters as the processor would.
/// </summary>
public sealed class ManifestFacts
{
    private ManifestFacts(IReadOnlyList<ManifestComponent> components, IReadOnlySet<Guid> vendorIds, IReadOnlySet<Guid> classIds, bool checksVendor,
        bool checksClass, IReadOnlyList<long> unknownCommands)
    {
        UnknownCommands = unknownCommands;
        Components = components;
        VendorIds = vendorIds;
        ClassIds = classIds;
        ChecksVendor = checksVendor;
        ChecksClass = checksClass;
    }

    public IReadOnlyList<ManifestComponent> Components { get; }
    public IReadOnlySet<Guid> VendorIds { get; }
    public IReadOnlySet<Guid> ClassIds { get; }
    public bool ChecksVendor { get; }
    public bool ChecksClass { get; }

    /// <summary>Command codes of any sequence that the SUIT processor does not run (a device would report command-unsupported).</summary>
    public IReadOnlyList<long> UnknownCommands { get; }

    public static ManifestFacts Of(SuitEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var manifest = envelope.Manifest;
        var count = manifest.Common.Components.Count;
        var parameters = Enumerable.Range(0, count).Select(_ => new Dictionary<long, object>()).ToArray();
        var vendorIds = new HashSet<Guid>();
        var classIds = new HashSet<Guid>();
        var (checksVendor, checksClass) = (false, false);
        // The shared sequence runs before each sequence; install sets the URIs to fetch from.
        foreach (var sequence in new[] { manifest.Common.SharedSequence, envelope.Install }.OfType<SuitCommandSequence>())
        {
            IReadOnlyList<int> current = count == 1 ? [0] : [];
            foreach (var command in Flatten(sequence))
            {
                switch (command)
                {
                    case SuitSetComponentIndex index:
                        current = index.AllComponents ? [.. Enumerable.Range(0, count)] : [.. index.Indexes.Where(i => i < (ulong)count).Select(i => (int)i)];
                        break;
                    case SuitParametersCommand set:
                        foreach (var i in current)
                            foreach (var (key, value) in set.Parameters.Values)
                                if (set.Code == SuitCommandCodes.DirectiveOverrideParameters || !parameters[i].ContainsKey(key)) parameters[i][key] = value;
                        if (set.Parameters.VendorId is { Length: 16 } vendor && !set.Parameters.VendorIdIsPen) vendorIds.Add(new Guid(vendor, bigEndian: true));
                        if (set.Parameters.ClassId is { } classId) classIds.Add(new Guid(classId, bigEndian: true));
                        break;
                    case SuitReportingCommand { Code: SuitCommandCodes.ConditionVendorIdentifier }:
                        checksVendor = true;
                        break;
                    case SuitReportingCommand { Code: SuitCommandCodes.ConditionClassIdentifier }:
                        checksClass = true;
                        break;
                }
            }
        }
        var unknown = new[] { manifest.Common.SharedSequence, manifest.Validate, manifest.Load, manifest.Invoke, envelope.PayloadFetch, envelope.Install }
            .OfType<SuitCommandSequence>().SelectMany(Flatten).OfType<SuitCustomCommand>().Select(c => c.Code).Distinct().ToList();
        var versions = VersionsOf(envelope.Text);
        var components = manifest.Common.Components.Select((id, i) => new ManifestComponent(i, id, NameOf(id),
            parameters[i].GetValueOrDefault(SuitParameterKeys.ImageDigest) as SuitDigest,
            parameters[i].GetValueOrDefault(SuitParameterKeys.ImageSize) as ulong?,
            parameters[i].GetValueOrDefault(SuitParameterKeys.Uri) as string,
            versions.FirstOrDefault(v => v.Id.Count == id.Count && v.Id.Zip(id).All(p => p.First.AsSpan().SequenceEqual(p.Second))).Version)).ToList();
        return new ManifestFacts(components, vendorIds, classIds, checksVendor, checksClass, unknown);
    }

    /// <summary>
    /// The name evidence and reference values use for a component: its identifier's byte strings as text joined by "/"
    /// when each is printable ASCII (["firmware"] is "firmware"), else as hex ([h'00'] is "00").
    /// </summary>
    public static string NameOf(IReadOnlyList<byte[]> componentId) =>
        componentId.Count == 0 ? "(root)"
            : string.Join('/', componentId.Select(part => part.Length > 0 && part.All(b => b is >= 0x21 and <= 0x7e)
                ? Encoding.ASCII.GetString(part) : Convert.ToHexStringLower(part)));

    // try-each and run-sequence nest sequences; their commands count as the outer sequence's for a static reading.
    private static IEnumerable<SuitCommand> Flatten(SuitCommandSequence sequence)
    {
        foreach (var command in sequence.Commands)
        {
            switch (command)
            {
                case SuitRunSequence run:
                    foreach (var inner in Flatten(run.Sequence)) yield return inner;
                    break;
                case SuitTryEach tryEach:
                    foreach (var inner in tryEach.Candidates.SelectMany(Flatten)) yield return inner;
                    break;
                default:
                    yield return command;
                    break;
            }
        }
    }

    // component-version (6) of each component, in the first language that gives one.
    private static List<(IReadOnlyList<byte[]> Id, string Version)> VersionsOf(SuitText? text) =>
        text?.Languages.Values.SelectMany(l => l.Components)
            .Where(c => c.Texts.ContainsKey(SuitTextKeys.ComponentVersion))
            .Select(c => (c.ComponentId, c.Texts[SuitTextKeys.ComponentVersion])).ToList() ?? [];
}
