using System.Security.Cryptography;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Tests.Reports;

/// <summary>A report signed with the device's attestation key (COSE_Sign1_Tagged, ES256, the report as payload) and
/// verified with its public key.</summary>
public sealed class SuitSignedReportTests
{
    private static readonly ECDsa AttestationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Sign_ThenDecodeAndVerify_TheReportComesBack()
    {
        var (_, report) = await SuitReportSamples.Success();

        var signed = SuitSignedReport.Decode(SuitReportSigner.Sign(report, AttestationKey));

        Assert.True(signed.Verify(AttestationKey));
        Assert.True(signed.Message.IsTagged);
        Assert.Equal(-7, signed.Message.Algorithm.Integer);
        Assert.Equal(report.Encode(), signed.Message.Payload!.Value.ToArray());
        Assert.Equal(report.Encode(), signed.Report.Encode());
    }

    [Fact]
    public async Task Verify_FlippedSignatureByte_Fails()
    {
        var (_, _, report) = await SuitReportSamples.Failure();
        var encoded = SuitReportSigner.Sign(report, AttestationKey);
        encoded[^5] ^= 0x20;

        Assert.False(SuitSignedReport.Decode(encoded).Verify(AttestationKey));
    }

    [Fact]
    public async Task Verify_FlippedNonceByte_Fails()
    {
        var (_, report) = await SuitReportSamples.Success();
        var encoded = SuitReportSigner.Sign(report, AttestationKey);
        var at = encoded.AsSpan().IndexOf(SuitReportSamples.Nonce);
        encoded[at + 3] ^= 0x01;

        var signed = SuitSignedReport.Decode(encoded);

        Assert.NotEqual(SuitReportSamples.Nonce, signed.Report.Nonce!.Value.ToArray());
        Assert.False(signed.Verify(AttestationKey));
    }

    [Fact]
    public async Task Verify_AnotherKey_Fails()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, report) = await SuitReportSamples.Success();

        Assert.False(SuitSignedReport.Decode(SuitReportSigner.Sign(report, AttestationKey)).Verify(other));
    }

    [Fact]
    public void Decode_PayloadNotAReport_ThrowsNamingThePayload()
    {
        var encoded = DeviceTrust.Cose.CoseSign1Signer.SignEs256([0xa0], AttestationKey);

        var e = Assert.Throws<SuitFormatException>(() => SuitSignedReport.Decode(encoded));

        Assert.StartsWith("SUIT_Report_COSE_Sign1/2 (payload)", e.Where, StringComparison.Ordinal);
    }
}
