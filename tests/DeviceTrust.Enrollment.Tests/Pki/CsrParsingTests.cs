using System.Text;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1.Sec;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class CsrParsingTests
{
    // Attributes make it longer than 255 bytes, so its outer length is 82 LL LL.
    private static readonly byte[] P256Csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP256r1),
        challengePassword: "tls-unique-value", unstructuredName: "pledge.local");

    [Fact]
    public void Parse_EstBase64BodyWithLineBreaks_SameAsDer()
    {
        var body = Encoding.ASCII.GetBytes(EstBase64.Encode(P256Csr));

        Assert.Contains((byte)'\n', body);
        Assert.Equal(P256Csr, CsrValidator.Parse(body).RawData);
    }

    [Fact]
    public void Parse_Pem_SameAsDer()
    {
        var pem = new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE REQUEST", P256Csr));

        Assert.Equal(P256Csr, CsrValidator.Parse(pem).RawData);
    }

    [Fact]
    public void Parse_PemOfACertificate_ThrowsNamingTheLabel()
    {
        var pem = new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", P256Csr));

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse(pem));

        Assert.Contains("PEM label 'CERTIFICATE'", error.What);
    }

    [Fact]
    public void Parse_PemWithoutEndLine_ThrowsMalformedPem()
    {
        var pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(P256Csr) + "\n";

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse(pem));

        Assert.Contains("malformed PEM", error.What);
    }

    [Fact]
    public void Parse_Truncated_ThrowsNamingTheOutOfBoundsLength()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse(P256Csr[..^10]));

        Assert.Equal("PKCS#10 CertificationRequest", error.Where);
        Assert.Contains("length", error.What);
    }

    [Fact]
    public void Parse_TrailingBytes_ThrowsExtraData()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse([.. P256Csr, 0x00]));

        Assert.Contains("extra data", error.What);
    }

    [Fact]
    public void Parse_NonMinimalLength_ThrowsNotDer()
    {
        // 30 82 LL LL -> 30 83 00 LL LL: the same length in a longer form than X.690 10.1 allows.
        Assert.Equal(0x82, P256Csr[1]);
        byte[] ber = [0x30, 0x83, 0x00, .. P256Csr[2..]];

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse(ber));

        Assert.Contains("not DER", error.What);
    }

    [Fact]
    public void Parse_BinaryGarbage_ThrowsNeitherDerNorText()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse([0x04, 0xFF, 0x00, 0x13]));

        Assert.Contains("neither DER", error.What);
    }

    [Fact]
    public void Parse_DerOfAnotherStructure_ThrowsNotACertificationRequest()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse([0x30, 0x03, 0x02, 0x01, 0x05]));

        Assert.Contains("not a CertificationRequest", error.What);
    }

    [Fact]
    public void Parse_InvalidBase64_ThrowsWithOffset()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse("MIIB*AAA"));

        Assert.Contains("invalid base64 character '*'", error.What);
        Assert.Contains("offset 4", error.Where);
    }

    [Fact]
    public void Parse_Empty_Throws()
    {
        Assert.Throws<EnrollmentFormatException>(() => CsrValidator.Parse(Array.Empty<byte>()));
    }
}
