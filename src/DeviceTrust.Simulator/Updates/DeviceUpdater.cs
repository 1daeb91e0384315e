using System.Security.Cryptography;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// Runs one update offer as docs/update-protocol.md describes: the FirmwareAuthor anchors, the envelope, its verification
/// against one of them, the update procedure (<see cref="SuitProcessor"/> on a <see cref="SimulatedSuitPlatform"/>), the
/// images installed on success, and the signed SUIT report posted to the server. The update faults of
/// <see cref="FaultInjection"/> apply. The caller serializes offers.
/// </summary>
/// <param name="device">Its vendor-id and class-id.</param>
/// <param name="reportKey">What the report is signed with: the attestation key, or the LDevID key of a VendorVerified device.</param>
/// <param name="chance">True with the probability given (the device's own randomness).</param>
public sealed class DeviceUpdater(SimulatedDeviceSpec device, InstalledFirmware firmware, IUpdateServer server, ECDsa reportKey,
    TimeProvider time, Func<double, bool> chance)
{
    /// <summary>suit-report-result-code of an envelope that does not decode: the simulator's own code, beyond the processor's
    /// (<see cref="SuitProcessingError"/>); the codes are "not intended for interoperability" (draft-ietf-suit-report).</summary>
    public const long EnvelopeMalformedCode = 101;

    /// <summary>suit-report-result-code of an envelope no FirmwareAuthor anchor verifies.</summary>
    public const long EnvelopeUnauthorisedCode = 102;

    /// <summary>suit-record-manifest-section of a refusal before any command ran: 0, no section of the manifest, because the
    /// envelope itself failed (it does not decode, or its authentication wrapper verifies with no anchor).</summary>
    public const long EnvelopeSection = 0;

    /// <summary>The language whose component-version text names the installed version; without it, the first language.</summary>
    public const string TextLanguage = "en";

    /// <summary>Runs after the images are installed, before the report is posted: the device tells the server its new firmware.</summary>
    public Func<CancellationToken, Task>? Installed { get; init; }

    /// <summary>Runs for <see cref="FaultInjection.OfflineMidUpdate"/> once the envelope is fetched: the device drops its connection.</summary>
    public Func<CancellationToken, Task>? GoOffline { get; init; }

    /// <exception cref="OperationCanceledException">Cancelled by <paramref name="cancellationToken"/>.</exception>
    public async Task<UpdateOutcome> RunAsync(UpdateOffer offer, FaultInjection faults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(faults);
        List<string> applied = [];
        try
        {
            var anchors = await server.GetTrustAnchorsAsync(cancellationToken);
            var encoded = await server.GetEnvelopeAsync(offer.EnvelopePath, cancellationToken);
            if (faults.OfflineMidUpdate)
            {
                applied.Add(nameof(FaultInjection.OfflineMidUpdate));
                if (GoOffline is { } goOffline)
                    await goOffline(cancellationToken);
                return Outcome(offer, UpdateAnswer.Failed, problem: "it went offline after fetching the envelope and sent no report", faults: applied);
            }

            var (report, problem) = await ProcessAsync(offer, anchors, encoded, faults, applied, cancellationToken);
            var reply = await server.PostReportAsync(offer.ReportPath, SuitReportSigner.Sign(report, reportKey), cancellationToken);
            var reason = report.Failure?.Reason;
            return reply.Refusal is { } refusal
                ? Outcome(offer, UpdateAnswer.Refused, reply.HttpStatus, report.Succeeded, reason, refusal.ToString(), applied)
                : Outcome(offer, UpdateAnswer.Answered, reply.HttpStatus, report.Succeeded, reason, problem, applied);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or CryptographicException or ArgumentException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Outcome(offer, UpdateAnswer.Failed, problem: e.Message, faults: applied);
        }
    }

    /// <summary>The report on the envelope, and the failure's message for logs: a pre-processing refusal (it does not decode, or
    /// no anchor verifies it), or what the update procedure did, its images installed when it succeeded.</summary>
    private async Task<(SuitReport Report, string? Problem)> ProcessAsync(UpdateOffer offer, IReadOnlyList<FirmwareTrustAnchor> anchors, byte[] encoded,
        FaultInjection faults,
        List<string> applied, CancellationToken cancellationToken)
    {
        SuitEnvelope envelope;
        try
        {
            envelope = SuitEnvelope.Decode(encoded);
        }
        catch (SuitFormatException e)
        {
            // Without a manifest there is no manifest digest: the report names the envelope by the digest of its bytes.
            return (Refusal(new SuitReference(null, SuitDigest.Sha256Of(encoded)), SuitReportReason.CborParse, EnvelopeMalformedCode,
                offer.Nonce), $"the envelope does not decode: {e.Message}");
        }
        var reference = new SuitReference(envelope.Manifest.ReferenceUri, envelope.Authentication.Digest);
        if (!VerifiedByAny(envelope, anchors))
            return (Refusal(reference, SuitReportReason.Unauthorised, EnvelopeUnauthorisedCode, offer.Nonce),
                "no FirmwareAuthor anchor verifies the envelope");

        var platform = new SimulatedSuitPlatform(device, firmware, server, faults, chance);
        var result = await new SuitProcessor(platform).UpdateAsync(envelope, cancellationToken);
        applied.AddRange(platform.AppliedFaults);
        if (result.Succeeded && platform.Completed is { } completed)
        {
            firmware.Install([.. platform.Staged.Select(s => new InstalledImage(s.Key, s.Value, ComponentVersion(envelope, s.Key)))], completed);
            if (faults.ContraindicatedAfterInstall && platform.Staged.Count > 0)
                applied.Add(nameof(FaultInjection.ContraindicatedAfterInstall));
            if (Installed is { } installed)
                await installed(cancellationToken);
        }
        return (SuitReport.FromResult(result, offer.Nonce), result.Failure?.Message);
    }

    private static bool VerifiedByAny(SuitEnvelope envelope, IReadOnlyList<FirmwareTrustAnchor> anchors)
    {
        foreach (var anchor in anchors)
        {
            using var key = anchor.PublicKey();
            if (key is not null && envelope.Verify(key).IsVerified)
                return true;
        }
        return false;
    }

    /// <summary>The component's component-version text (SUIT_Text_Component_Keys 6) in <see cref="TextLanguage"/>, else the first
    /// language; null when the manifest gives none.</summary>
    public static string? ComponentVersion(SuitEnvelope envelope, string component)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Text is not { Languages.Count: > 0 } text)
            return null;
        var language = text.Languages.TryGetValue(TextLanguage, out var english) ? english : text.Languages.Values.First();
        return language.Components.FirstOrDefault(c => SimulatedSuitPlatform.NameOf(c.ComponentId) == component)?.Texts
            .GetValueOrDefault(SuitTextKeys.ComponentVersion);
    }

    // A refusal before any command ran: no records, and a failure record at offset 0 of component 0 of no section.
    private static SuitReport Refusal(SuitReference reference, SuitReportReason reason, long code, byte[] nonce) =>
        new(reference, [], new SuitReportFailure(code, new SuitRecord([], EnvelopeSection, 0, 0, SuitRecordProperties.Empty), reason)) { Nonce = nonce };

    private UpdateOutcome Outcome(UpdateOffer offer, UpdateAnswer answer, int? httpStatus = null, bool? succeeded = null,
        SuitReportReason? reason = null, string? problem = null, IReadOnlyList<string>? faults = null) =>
        new(offer.OfferId, offer.ReleaseId, time.GetUtcNow(), answer, httpStatus, succeeded, reason, problem, faults ?? []);
}
