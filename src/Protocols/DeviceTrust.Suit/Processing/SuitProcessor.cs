using System.Security.Cryptography;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>
/// The device side of SUIT: runs a verified envelope's command sequences on an <see cref="ISuitPlatform"/>
/// (draft-ietf-suit-manifest-37 §6 "Manifest Processor Behavior"). The caller passes an envelope whose
/// <see cref="SuitEnvelope.Verify"/> succeeded; the processor checks no signature, only image digests.
/// <list type="bullet">
/// <item>Anti-rollback first (§6.1): a sequence number below the installed one is refused, and so is an equal one
/// unless the manifest digest is the installed manifest's own: the same manifest may run again (§6.3 "manifests can be
/// either resumed or reapplied", and the invocation procedure runs the installed manifest at every boot), another
/// manifest under the same number may not. A refusal runs no command and writes nothing.</item>
/// <item>Every component the manifest lists must be one the platform supports (§6.2), else component-unsupported.</item>
/// <item>Each section runs after the shared sequence, with one parameter table per component for the whole procedure.</item>
/// <item>Directives go to the platform as they run (nothing is staged); a failure stops the procedure where it is, so a
/// failed update may have written some components: the platform's A/B slots or a recovery image make that safe (§6.3).
/// The installed sequence number and digest are stored only when a whole update procedure succeeds.</item>
/// </list>
/// </summary>
public sealed class SuitProcessor(ISuitPlatform platform)
{
    private readonly ISuitPlatform _platform = platform ?? throw new ArgumentNullException(nameof(platform));

    /// <summary>The update procedure: payload-fetch, install, then validate, each after the shared sequence.</summary>
    /// <exception cref="OperationCanceledException">Cancelled between commands or during a fetch.</exception>
    public Task<SuitProcessingResult> UpdateAsync(SuitEnvelope envelope, CancellationToken cancellationToken = default) =>
        RunAsync(SuitProcedure.Update, envelope, cancellationToken);

    /// <summary>The invocation procedure: validate, load, then invoke, each after the shared sequence.</summary>
    /// <exception cref="OperationCanceledException">Cancelled between commands.</exception>
    public Task<SuitProcessingResult> InvokeAsync(SuitEnvelope envelope, CancellationToken cancellationToken = default) =>
        RunAsync(SuitProcedure.Invoke, envelope, cancellationToken);

    private async Task<SuitProcessingResult> RunAsync(SuitProcedure procedure, SuitEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var interpreter = new SuitInterpreter(_platform, envelope, cancellationToken);
        if (Refuse(procedure, envelope) is { } refused)
            return new SuitProcessingResult(procedure, envelope, refused, [], interpreter.Parameters, commandsRan: false);

        var shared = envelope.Manifest.Common.SharedSequence;
        foreach (var (section, sequence) in Sections(procedure, envelope))
        {
            var failure = (shared is null ? null : await interpreter.RunSectionAsync(SuitManifestKeys.Common, shared))
                ?? await interpreter.RunSectionAsync(section, sequence);
            if (failure is not null)
                return new SuitProcessingResult(procedure, envelope, failure, interpreter.Records, interpreter.Parameters, commandsRan: true);
        }
        if (procedure == SuitProcedure.Update)
            _platform.StoreInstalled(new SuitInstalledManifest(envelope.Manifest.SequenceNumber, envelope.Authentication.Digest));
        return new SuitProcessingResult(procedure, envelope, null, interpreter.Records, interpreter.Parameters, commandsRan: true);
    }

    private static IEnumerable<(long Section, SuitCommandSequence Sequence)> Sections(SuitProcedure procedure, SuitEnvelope envelope)
    {
        var manifest = envelope.Manifest;
        (long, SuitCommandSequence?)[] sections = procedure == SuitProcedure.Update
            ? [(SuitManifestKeys.PayloadFetch, envelope.PayloadFetch), (SuitManifestKeys.Install, envelope.Install), (SuitManifestKeys.Validate, manifest.Validate)]
            : [(SuitManifestKeys.Validate, manifest.Validate), (SuitManifestKeys.Load, manifest.Load), (SuitManifestKeys.Invoke, manifest.Invoke)];
        foreach (var (section, sequence) in sections)
        {
            if (sequence is not null)
                yield return (section, sequence);
        }
    }

    // The checks before any command: rollback, components, severed members the procedure needs.
    private SuitProcessingFailure? Refuse(SuitProcedure procedure, SuitEnvelope envelope)
    {
        var manifest = envelope.Manifest;
        if (_platform.Installed is { } installed && IsRollback(installed, manifest.SequenceNumber, envelope.Authentication.Digest))
            return Refusal(SuitManifestKeys.SequenceNumber, 0, SuitReportReason.ConditionFailed, SuitProcessingError.Rollback,
                $"sequence number {manifest.SequenceNumber} does not follow the installed manifest's {installed.SequenceNumber}");
        var components = manifest.Common.Components;
        if (components.Count == 0)
            return Refusal(SuitManifestKeys.Common, 0, SuitReportReason.ComponentUnsupported, SuitProcessingError.ComponentUnsupported,
                "the manifest lists no component");
        for (var i = 0; i < components.Count; i++)
        {
            if (!_platform.Supports(components[i]))
                return Refusal(SuitManifestKeys.Common, i, SuitReportReason.ComponentUnsupported, SuitProcessingError.ComponentUnsupported,
                    $"component {string.Join('/', components[i].Select(Convert.ToHexStringLower))} is not on this device");
        }
        if (procedure == SuitProcedure.Update)
        {
            foreach (var (key, severable, carried) in (ReadOnlySpan<(int, bool, bool)>)[
                (SuitManifestKeys.PayloadFetch, manifest.PayloadFetch?.IsSevered == true, envelope.SeveredPayloadFetch is not null),
                (SuitManifestKeys.Install, manifest.Install?.IsSevered == true, envelope.SeveredInstall is not null)])
            {
                if (severable && !carried)
                    return Refusal(key, 0, SuitReportReason.OperationFailed, SuitProcessingError.SeveredMemberMissing,
                        $"{SuitManifestKeys.Name(key)} is severed and the envelope does not carry it");
            }
        }
        return null;
    }

    private static bool IsRollback(SuitInstalledManifest installed, ulong sequenceNumber, SuitDigest digest) =>
        sequenceNumber < installed.SequenceNumber
        || (sequenceNumber == installed.SequenceNumber
            && !(digest.Algorithm == installed.Digest.Algorithm && digest.Bytes.Length == installed.Digest.Bytes.Length
                 && CryptographicOperations.FixedTimeEquals(digest.Bytes.Span, installed.Digest.Bytes.Span)));

    private static SuitProcessingFailure Refusal(long section, int component, SuitReportReason reason, SuitProcessingError code, string message) =>
        SuitInterpreter.Fail(section, 0, component, reason, code, message, SuitRecordProperties.Empty);
}
