using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

/// <summary>
/// The decoded vectors against their diagnostic notation: the envelope against &lt;name&gt;.cbordiag, the members
/// against &lt;name&gt;-nonsigned.txt, and the payload against &lt;name&gt;-nonsigned.hex, byte for byte in both directions.
/// </summary>
public sealed class ConstrainedVoucherDiagTests
{
    public static TheoryData<string> Vectors => ["voucher", "pvr", "rvr"];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decode_Vector_EnvelopeMatchesCbordiag(string name)
    {
        var diag = Assert.IsType<DiagTag>(CborDiag.Parse(VoucherVectors.Text(name + ".cbordiag")));
        var parts = Assert.IsType<List<object?>>(diag.Content);

        var message = ConstrainedVoucherVectorTests.Decode(name + ".hex", VoucherVectors.Hex(name + ".hex")).Message;

        Assert.Equal(CoseTags.Sign1, diag.Tag);
        Assert.Equal((byte[])parts[0]!, message.EncodedProtectedHeaders.ToArray());
        var unprotected = Assert.IsType<List<KeyValuePair<object, object?>>>(parts[1]);
        Assert.Equal(unprotected.Select(entry => CoseLabel.Of((long)entry.Key)), message.UnprotectedHeaders.Labels);
        foreach (var (label, value) in unprotected)
            Assert.Equal(((List<object?>)value!).Cast<byte[]>(), message.UnprotectedHeaders.GetCertificates(CoseLabel.Of((long)label)));
        Assert.Equal((byte[])parts[2]!, message.Payload!.Value.ToArray());
        Assert.Equal((byte[])parts[3]!, message.Signature.ToArray());
        Assert.Equal(VoucherVectors.Hex(name + "-nonsigned.hex"), message.Payload!.Value.ToArray());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decode_NonsignedPayload_MembersMatchTheDiagnosticText(string name)
    {
        var top = Assert.Single(Assert.IsType<List<KeyValuePair<object, object?>>>(CborDiag.Parse(VoucherVectors.Text(name + "-nonsigned.txt"))));
        var isRequest = name != "voucher";
        var members = Assert.IsType<List<KeyValuePair<object, object?>>>(top.Value);

        var artifact = Decode(isRequest, VoucherVectors.Hex(name + "-nonsigned.hex"));

        Assert.Equal(isRequest ? VoucherSids.Request : VoucherSids.Voucher, (long)top.Key);
        Assert.Equal(members.Select(entry => (long)entry.Key).Order(), PresentDeltas(artifact, isRequest));
        foreach (var (delta, expected) in members)
            Assert.Equal(expected, ValueOf(artifact, (long)delta, isRequest));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encode_DecodedPayload_ReproducesTheNonsignedHexByteForByte(string name)
    {
        var payload = VoucherVectors.Hex(name + "-nonsigned.hex");

        var reencoded = ConstrainedVoucherCbor.Encode(Decode(name != "voucher", payload));

        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(reencoded));
    }

    private static VoucherArtifact Decode(bool isRequest, byte[] payload) => isRequest
        ? ConstrainedVoucherCbor.DecodeVoucherRequest(payload)
        : ConstrainedVoucherCbor.DecodeVoucher(payload);

    private static IEnumerable<long> PresentDeltas(VoucherArtifact artifact, bool isRequest) =>
        Enumerable.Range(1, isRequest ? 13 : 11).Select(delta => (long)delta).Where(delta => ValueOf(artifact, delta, isRequest) is not null);

    /// <summary>The model value under a SID delta, in diagnostic-notation terms (assertion as its integer).</summary>
    private static object? ValueOf(VoucherArtifact artifact, long delta, bool isRequest)
    {
        var request = artifact as VoucherRequest;
        var sid = (isRequest ? VoucherSids.Request : VoucherSids.Voucher) + delta;
        return sid switch
        {
            VoucherSids.VoucherAssertion or VoucherSids.RequestAssertion => artifact.Assertion is { } a ? (long)a : null,
            VoucherSids.VoucherCreatedOn or VoucherSids.RequestCreatedOn => Iso(artifact.CreatedOn),
            VoucherSids.VoucherDomainCertRevocationChecks or VoucherSids.RequestDomainCertRevocationChecks => artifact.DomainCertRevocationChecks,
            VoucherSids.VoucherExpiresOn or VoucherSids.RequestExpiresOn => Iso(artifact.ExpiresOn),
            VoucherSids.VoucherIdevidIssuer or VoucherSids.RequestIdevidIssuer => artifact.IdevidIssuer?.ToArray(),
            VoucherSids.VoucherLastRenewalDate or VoucherSids.RequestLastRenewalDate => Iso(artifact.LastRenewalDate),
            VoucherSids.VoucherNonce or VoucherSids.RequestNonce => artifact.Nonce?.ToArray(),
            VoucherSids.VoucherPinnedDomainCert or VoucherSids.RequestPinnedDomainCert => artifact.PinnedDomainCert?.ToArray(),
            VoucherSids.VoucherPinnedDomainPubk => artifact.PinnedDomainPubk?.ToArray(),
            VoucherSids.VoucherPinnedDomainPubkSha256 => artifact.PinnedDomainPubkSha256?.ToArray(),
            VoucherSids.VoucherSerialNumber or VoucherSids.RequestSerialNumber => artifact.SerialNumber,
            VoucherSids.RequestPriorSignedVoucherRequest => request!.PriorSignedVoucherRequest?.ToArray(),
            VoucherSids.RequestProximityRegistrarCert => request!.ProximityRegistrarCert?.ToArray(),
            VoucherSids.RequestProximityRegistrarPubkSha256 => request!.ProximityRegistrarPubkSha256?.ToArray(),
            VoucherSids.RequestProximityRegistrarPubk => request!.ProximityRegistrarPubk?.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(delta), delta, "no such member"),
        };
    }

    // The vectors write dates in UTC with milliseconds.
    private static string? Iso(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
