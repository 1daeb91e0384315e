using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// An update the server offers the device: the "UpdateAvailable" request's one argument (docs/update-protocol.md §1):
/// <code>{"offerId", "releaseId", "envelopePath", "reportPath", "nonce": "&lt;base64url&gt;", "sequenceNumber", "version"}</code>
/// The device trusts none of it beyond where to fetch and post: the envelope is verified against its own anchors, and
/// its own installed sequence number decides anti-rollback. <see cref="SequenceNumber"/> and <see cref="Version"/> are
/// for logs.
/// </summary>
/// <param name="Nonce">The report's suit-report-nonce.</param>
public sealed record UpdateOffer(Guid OfferId, Guid ReleaseId, string EnvelopePath, string ReportPath, byte[] Nonce, long? SequenceNumber, string? Version)
{
    /// <summary>suit-report-nonce: 16..32 bytes, as the doc gives it.</summary>
    public const int MinNonceLength = 16;

    public const int MaxNonceLength = 32;

    private const int MaxVersionLength = 64;

    /// <summary>
    /// Reads the "UpdateAvailable" argument, trusting nothing: an object whose offerId and releaseId are UUIDs, whose
    /// envelopePath is a release envelope's path and reportPath the reports path on the device listener (never another path
    /// or host: the device fetches and posts only there), and whose nonce is base64url of 16..32 bytes. sequenceNumber and
    /// version may be absent; when present they are a non-negative integer and a short string. Members it does not know are ignored.
    /// </summary>
    public static bool TryParse(JsonElement request, [NotNullWhen(true)] out UpdateOffer? offer, [NotNullWhen(false)] out string? problem)
    {
        offer = null;
        if (request.ValueKind != JsonValueKind.Object)
        {
            problem = $"the offer is a JSON {request.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }
        if (!HubArguments.TryText(request, "offerId", out var offerIdText, out problem) || !HubArguments.TryText(request, "releaseId", out var releaseIdText, out problem)
            || !HubArguments.TryText(request, "envelopePath", out var envelopePath, out problem) || !HubArguments.TryText(request, "reportPath", out var reportPath, out problem)
            || !HubArguments.TryText(request, "nonce", out var nonceText, out problem))
            return false;
        if (!Guid.TryParse(offerIdText, out var offerId) || !Guid.TryParse(releaseIdText, out var releaseId))
        {
            problem = "offerId or releaseId is not a UUID";
            return false;
        }
        if (!IsEnvelopePath(envelopePath))
        {
            problem = $"envelopePath \"{HubArguments.Shorten(envelopePath)}\" is not a path {FirmwareApi.EnvelopePathPrefix}{{id}}{FirmwareApi.EnvelopePathSuffix}";
            return false;
        }
        if (reportPath != FirmwareApi.ReportsPath)
        {
            problem = $"reportPath \"{HubArguments.Shorten(reportPath)}\" is not {FirmwareApi.ReportsPath}";
            return false;
        }
        if (!TryNonce(nonceText, out var nonce, out problem) || !TryDisplay(request, out var sequenceNumber, out var version, out problem))
            return false;
        offer = new UpdateOffer(offerId, releaseId, envelopePath, reportPath, nonce, sequenceNumber, version);
        return true;
    }

    // One segment of the characters a release id (a UUID) has between prefix and suffix: no traversal, query or other host.
    private static bool IsEnvelopePath(string path) => HubArguments.IsIdPath(path, FirmwareApi.EnvelopePathPrefix, FirmwareApi.EnvelopePathSuffix);

    private static bool TryNonce(string text, [NotNullWhen(true)] out byte[]? nonce, [NotNullWhen(false)] out string? problem)
    {
        (nonce, problem) = (null, null);
        try
        {
            nonce = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            problem = "nonce is not base64url";
            return false;
        }
        if (nonce.Length is < MinNonceLength or > MaxNonceLength)
        {
            problem = $"nonce is {nonce.Length} bytes, not {MinNonceLength}..{MaxNonceLength}";
            nonce = null;
            return false;
        }
        return true;
    }

    private static bool TryDisplay(JsonElement request, out long? sequenceNumber, out string? version, [NotNullWhen(false)] out string? problem)
    {
        (sequenceNumber, version, problem) = (null, null, null);
        if (request.TryGetProperty("sequenceNumber", out var number) && number.ValueKind != JsonValueKind.Null)
        {
            if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt64(out var value) || value < 0)
            {
                problem = "sequenceNumber is not a non-negative integer";
                return false;
            }
            sequenceNumber = value;
        }
        if (request.TryGetProperty("version", out var text) && text.ValueKind != JsonValueKind.Null)
        {
            if (text.ValueKind != JsonValueKind.String || text.GetString() is not { Length: <= MaxVersionLength } found)
            {
                problem = $"version is not a string of at most {MaxVersionLength} characters";
                return false;
            }
            version = found;
        }
        return true;
    }
}
