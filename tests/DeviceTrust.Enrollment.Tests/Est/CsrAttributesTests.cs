using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Est;

public class CsrAttributesTests
{
    // RFC 7030 section 4.5.2, the example CSR Attributes response: challengePassword, ecPublicKey {secp384r1},
    // extensionRequest {macAddress 1.3.6.1.1.1.1.22}, ecdsa-with-SHA384.
    private const string Rfc7030Example = "MEEGCSqGSIb3DQEJBzASBgcqhkjOPQIBMQcGBSuBBAAiMBYGCSqGSIb3DQEJDjEJ\r\nBgcrBgEBAQEWBggqhkjOPQQDAw==\r\n";

    [Fact]
    public void DecodeBase64_Rfc7030Example_YieldsItsFourItems()
    {
        var attributes = CsrAttributes.DecodeBase64(Rfc7030Example);

        Assert.Equal(4, attributes.Count);
        Assert.Equal(new CsrAttribute(EnrollmentOids.ChallengePassword).Oid, attributes[0].Oid);
        Assert.Empty(attributes[0].Values);
        Assert.Equal(EnrollmentOids.EcPublicKey, attributes[1].Oid);
        Assert.Equal([EnrollmentOids.Secp384r1], attributes[1].Values);
        Assert.Equal(EnrollmentOids.ExtensionRequest, attributes[2].Oid);
        Assert.Equal(["1.3.6.1.1.1.1.22"], attributes[2].Values);
        Assert.Equal(EnrollmentOids.EcdsaWithSha384, attributes[3].Oid);
    }

    [Fact]
    public void EncodeBase64_Rfc7030ExampleItems_IsByteForByteTheExample()
    {
        var decoded = CsrAttributes.DecodeBase64(Rfc7030Example);

        Assert.Equal(Rfc7030Example, CsrAttributes.EncodeBase64(decoded));
    }

    [Fact]
    public void Encode_DomainDefaults_RoundTripsP256Sha256AndSerialNumber()
    {
        var der = CsrAttributes.Encode(CsrAttributes.DomainDefaults);

        var decoded = CsrAttributes.Decode(der);

        // SEQUENCE { SEQUENCE { ecPublicKey, SET { prime256v1 } }, ecdsa-with-SHA256, serialNumber }
        Assert.Equal(
            "3026" + "3015" + "06072A8648CE3D0201" + "310A" + "06082A8648CE3D030107" + "06082A8648CE3D040302" + "0603550405",
            Convert.ToHexString(der));
        Assert.Equal([EnrollmentOids.EcPublicKey, EnrollmentOids.EcdsaWithSha256, EnrollmentOids.SerialNumber], decoded.Select(a => a.Oid));
        Assert.Equal([EnrollmentOids.Secp256r1], decoded[0].Values);
    }

    [Fact]
    public void Encode_Empty_IsAnEmptySequence()
    {
        Assert.Equal([0x30, 0x00], CsrAttributes.Encode([]));
        Assert.Empty(CsrAttributes.Decode([0x30, 0x00]));
    }

    [Fact]
    public void Decode_IntegerItem_ThrowsNamingTheIndex()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CsrAttributes.Decode([0x30, 0x03, 0x02, 0x01, 0x01]));

        Assert.Equal("CsrAttrs[0]", error.Where);
    }

    [Fact]
    public void Decode_AttributeWithEmptyValueSet_Throws()
    {
        // SEQUENCE { SEQUENCE { OID 2.5.4.5, SET {} } }
        byte[] der = [0x30, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x05, 0x31, 0x00];

        var error = Assert.Throws<EnrollmentFormatException>(() => CsrAttributes.Decode(der));

        Assert.Contains("empty value SET", error.What);
    }

    [Fact]
    public void Decode_NotASequence_Throws()
    {
        Assert.Throws<EnrollmentFormatException>(() => CsrAttributes.Decode([0x06, 0x03, 0x55, 0x04, 0x05]));
    }

    [Fact]
    public void Decode_TrailingBytes_Throws()
    {
        Assert.Throws<EnrollmentFormatException>(() => CsrAttributes.Decode([0x30, 0x00, 0x00]));
    }
}
