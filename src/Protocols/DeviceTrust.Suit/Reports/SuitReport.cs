using DeviceTrust.Cose;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Suit.Reports;

/// <summary>
/// <code>SUIT_Reference = [ ? suit-report-manifest-uri : tstr, suit-report-manifest-digest : SUIT_Digest ]</code>
/// The reference URI the root manifest gives, and the manifest's digest ("the characteristic digest of the Root
/// manifest", the authentication wrapper's SUIT_Digest).
/// </summary>
public sealed record SuitReference(string? Uri, SuitDigest Digest);

/// <summary>
/// <code>{ suit-report-result-code => int, suit-report-result-record => SUIT_Record, suit-report-result-reason => SUIT_Report_Reasons }</code>
/// The code is the processor's own (<see cref="SuitProcessingError"/> here), "not intended for interoperability".
/// </summary>
public sealed record SuitReportFailure(long Code, SuitRecord Record, SuitReportReason Reason);

/// <summary>
/// A SUIT report: what a manifest processor did with one manifest (draft-ietf-suit-report, its CDDL in the suit-wg/suit-report repository).
/// <code>
/// SUIT_Report = {
///   suit-reference              => SUIT_Reference,                               ; 99
///   ? suit-report-nonce         => bstr,                                         ; 2
///   suit-report-records         => [ * SUIT_Record / system-property-claims ],   ; 3
///   suit-report-result          => true / { ... },                               ; 4
///   ? suit-report-capability-report => SUIT_Capability_Report,                   ; 8 (kept encoded)
///   * $$SUIT_Report_Extensions }
/// </code>
/// <see cref="Encode"/> is deterministic (RFC 8949 §4.2.1); <see cref="Decode"/> is strict and all-or-nothing;
/// <see cref="SuitReportSigner"/> wraps the encoding in a COSE_Sign1.
/// </summary>
public sealed partial class SuitReport(SuitReference reference, IReadOnlyList<SuitReportEntry> records, SuitReportFailure? failure)
{
    public SuitReference Reference { get; } = reference ?? throw new ArgumentNullException(nameof(reference));

    /// <summary>The freshness value the server gave, when it gave one.</summary>
    public ReadOnlyMemory<byte>? Nonce { get; init; }

    public IReadOnlyList<SuitReportEntry> Records { get; } = records ?? throw new ArgumentNullException(nameof(records));

    /// <summary>Null when the result is <c>true</c>.</summary>
    public SuitReportFailure? Failure { get; } = failure;

    public bool Succeeded => Failure is null;

    /// <summary>The SUIT_Capability_Report map as encoded, when present; this library does not interpret it.</summary>
    public ReadOnlyMemory<byte>? EncodedCapabilityReport { get; init; }

    /// <summary>Members this library does not interpret, encoded, so that a decoded report re-encodes unchanged.</summary>
    public IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> Extensions { get; init; } = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();

    /// <summary>The report of a processing result: its reference is the manifest's reference URI and digest, its records
    /// those the reporting policies asked for, and a failure becomes the result map {code, record, reason}.</summary>
    public static SuitReport FromResult(SuitProcessingResult result, ReadOnlyMemory<byte>? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failure = result.Failure is { } f ? new SuitReportFailure((long)f.Code, f.Record, f.Reason) : null;
        return new SuitReport(new SuitReference(result.ReferenceUri, result.ManifestDigest), result.Records, failure) { Nonce = nonce };
    }
}
