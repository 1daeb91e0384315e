namespace DeviceTrust.Suit.Reports;

/// <summary>An entry of suit-report-records: a <see cref="SuitRecord"/> (an array) or <see cref="SuitSystemProperties"/>
/// (a map), "merged into a single list because this reduces the overhead for a constrained node" (draft-ietf-suit-report).</summary>
public abstract record SuitReportEntry;

/// <summary>
/// Where a command ran and what it measured (draft-ietf-suit-report "The SUIT Record").
/// <code>
/// SUIT_Record = [
///     suit-record-manifest-id        : [* uint ],        ; the walk from the root manifest; [] for the root
///     suit-record-manifest-section   : int,              ; the key of the section in the manifest
///     suit-record-section-offset     : uint,             ; bytes into the section at which the command is
///     suit-record-component-index    : uint,
///     suit-record-properties         : {*$$SUIT_Parameters},
///     * $$SUIT_Record_Extensions ]
/// </code>
/// </summary>
public sealed record SuitRecord(IReadOnlyList<ulong> ManifestId, long Section, ulong Offset, ulong ComponentIndex,
    SuitRecordProperties Properties) : SuitReportEntry
{
    /// <summary>Items after the properties (<c>$$SUIT_Record_Extensions</c>), encoded, so a record re-encodes unchanged.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Extensions { get; init; } = [];

    /// <summary>The manifest section's name, e.g. "install" (or "common" for the shared sequence).</summary>
    public string SectionName => SuitManifestKeys.Name(Section);
}

/// <summary>
/// Measured or asserted properties of one component (draft-ietf-suit-report "SUIT_Report_Records").
/// <code>
/// system-property-claims = { system-component-id => SUIT_Component_Identifier, + $$SUIT_Parameters }
/// </code>
/// </summary>
public sealed record SuitSystemProperties(IReadOnlyList<byte[]> ComponentId, SuitRecordProperties Properties) : SuitReportEntry;
