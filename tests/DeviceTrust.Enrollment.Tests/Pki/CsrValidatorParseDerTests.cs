using System.Text;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1.Sec;

namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>ParseDer: the EST body after its base64 transfer encoding is removed (RFC 7030 4.2.1), nothing else.</summary>
public sealed class CsrValidatorParseDerTests
{
    private static readonly byte[] P256Csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP256r1), cn: "SN-0001", serial: "SN-0001");

    [Fact]
    public void ParseDer_Der_ReadsTheRequest()
    {
        var csr = CsrValidator.ParseDer(P256Csr);

        Assert.Equal(P256Csr, csr.RawData);
        Assert.Equal("SN-0001", csr.SerialNumber);
        Assert.Equal("SN-0001", csr.CommonName);
        Assert.Equal(CsrKeyType.Ec, csr.KeyType);
        Assert.True(CsrValidator.Validate(csr).IsAccepted);
    }

    [Fact]
    public void ParseDer_Base64Text_RefusedAsPkcs10()
    {
        // CsrValidator.Parse would decode this; ParseDer must not, or EST's transfer encoding could be skipped or doubled.
        var base64 = Encoding.ASCII.GetBytes(EstBase64.Encode(P256Csr));
        Assert.Equal(P256Csr, CsrValidator.Parse(base64).RawData);

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.ParseDer(base64));

        Assert.StartsWith("PKCS#10", error.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDer_Pem_RefusedAsPkcs10()
    {
        var pem = Encoding.ASCII.GetBytes(new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE REQUEST", P256Csr)));

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.ParseDer(pem));

        Assert.StartsWith("PKCS#10", error.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDer_Empty_RefusedAsEmpty()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.ParseDer([]));

        Assert.Equal("empty input", error.What);
        Assert.Equal("PKCS#10 request", error.Where);
    }

    [Fact]
    public void ParseDer_Null_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => CsrValidator.ParseDer(null!));

    [Fact]
    public void ParseDer_TrailingByte_Refused() =>
        Assert.Throws<EnrollmentFormatException>(() => CsrValidator.ParseDer([.. P256Csr, 0x00]));
}
