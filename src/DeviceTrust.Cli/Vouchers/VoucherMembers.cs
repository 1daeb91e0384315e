using System.Globalization;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>
/// The present leaves of a voucher or voucher-request in the RFC 8366 §5.3 YANG order, then the voucher-request
/// additions (RFC 8995 §3.3), each with the display its type calls for.
/// </summary>
public static class VoucherMembers
{
    public static IReadOnlyList<VoucherMemberValue> Of(VoucherArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var request = artifact as VoucherRequest;
        var members = new List<VoucherMemberValue>();
        Add(members, "created-on", Date(artifact.CreatedOn));
        Add(members, "expires-on", Date(artifact.ExpiresOn));
        Add(members, "assertion", artifact.Assertion is { } assertion ? new TextValue(AssertionName(assertion)) : null);
        Add(members, "serial-number", new TextValue(artifact.SerialNumber));
        Add(members, "idevid-issuer", Hex(artifact.IdevidIssuer));
        Add(members, "pinned-domain-cert", Certificate(artifact.PinnedDomainCert));
        Add(members, "pinned-domain-pubk", Blob(artifact.PinnedDomainPubk));
        Add(members, "pinned-domain-pubk-sha256", Hex(artifact.PinnedDomainPubkSha256));
        Add(members, "domain-cert-revocation-checks",
            artifact.DomainCertRevocationChecks is { } checks ? new BooleanValue(checks) : null);
        Add(members, "nonce", Hex(artifact.Nonce));
        Add(members, "last-renewal-date", Date(artifact.LastRenewalDate));
        Add(members, "proximity-registrar-cert", Certificate(request?.ProximityRegistrarCert));
        Add(members, "proximity-registrar-pubk", Blob(request?.ProximityRegistrarPubk));
        Add(members, "proximity-registrar-pubk-sha256", Hex(request?.ProximityRegistrarPubkSha256));
        Add(members, "prior-signed-voucher-request", Blob(request?.PriorSignedVoucherRequest));
        return members;
    }

    /// <summary>yang:date-and-time (RFC 6991 §3), UTC with 'Z', fractional seconds only when present.</summary>
    public static string FormatDate(DateTimeOffset date) => date.Offset == TimeSpan.Zero
        ? date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    // The enum names of ietf-voucher's assertion leaf (RFC 8366 §5.3), as JSON carries them (RFC 7951 §6.4).
    private static string AssertionName(VoucherAssertion assertion) => assertion switch
    {
        VoucherAssertion.Verified => "verified",
        VoucherAssertion.Logged => "logged",
        VoucherAssertion.Proximity => "proximity",
        VoucherAssertion.AgentProximity => "agent-proximity",
        _ => ((int)assertion).ToString(CultureInfo.InvariantCulture),
    };

    private static void Add(List<VoucherMemberValue> members, string name, VoucherValue? value)
    {
        if (value is not null)
        {
            members.Add(new VoucherMemberValue(name, value));
        }
    }

    private static TextValue? Date(DateTimeOffset? date) => date is { } value ? new TextValue(FormatDate(value)) : null;

    private static HexValue? Hex(ReadOnlyMemory<byte>? bytes) => bytes is { } value ? new HexValue(value.ToArray()) : null;

    private static BlobValue? Blob(ReadOnlyMemory<byte>? bytes) => bytes is { } value ? new BlobValue(value.ToArray()) : null;

    private static CertificateValue? Certificate(ReadOnlyMemory<byte>? bytes) => bytes is { } value
        ? new CertificateValue(value.ToArray(), CertificateSummary.TryParse(value.Span))
        : null;
}
