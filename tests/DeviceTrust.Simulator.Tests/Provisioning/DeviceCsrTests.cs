using System.Formats.Asn1;
using System.Security.Cryptography;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

public sealed class DeviceCsrTests
{
    [Fact]
    public void Create_ForSerial_HasCnAndSerialNumberAndProvesPossession()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var csr = DeviceCsr.Create(DeviceCsr.SubjectFor(TestPki.Serial), key);

        var validation = CsrValidator.Validate(csr);
        Assert.True(validation.IsAccepted, validation.Reason);
        Assert.Equal(TestPki.Serial, validation.Request.CommonName);
        Assert.Equal(TestPki.Serial, validation.Request.SerialNumber);
        Assert.Equal("P-256", validation.Request.Curve);
        Assert.Equal(EnrollmentOids.EcdsaWithSha256, validation.Request.SignatureAlgorithmOid);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), validation.Request.SubjectPublicKeyInfo);
    }

    [Fact]
    public void SubjectFor_Serial_EncodesCnThenSerialNumberAsPrintableString()
    {
        var subject = DeviceCsr.SubjectFor(TestPki.Serial);

        var attributes = DeviceCertificateFields.Attributes(subject);
        Assert.Equal([(EnrollmentOids.CommonName, TestPki.Serial), (EnrollmentOids.SerialNumber, TestPki.Serial)], attributes);
        var serialRdn = subject.EnumerateRelativeDistinguishedNames().Single(r => r.GetSingleElementType().Value == EnrollmentOids.SerialNumber);
        var value = new AsnReader(serialRdn.RawData, AsnEncodingRules.DER).ReadSetOf().ReadSequence();
        value.ReadObjectIdentifier();
        Assert.Equal(new Asn1Tag(UniversalTagNumber.PrintableString), value.PeekTag());
    }

    [Fact]
    public void CreateWithForeignSignature_OtherSigningKey_CarriesTheKeyButFailsProofOfPossession()
    {
        using var certified = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var csr = DeviceCsr.CreateWithForeignSignature(DeviceCsr.SubjectFor(TestPki.Serial), certified, signer);

        var validation = CsrValidator.Validate(csr);
        Assert.Equal(CsrValidationStatus.ProofOfPossessionFailed, validation.Status);
        Assert.Equal(certified.ExportSubjectPublicKeyInfo(), validation.Request.SubjectPublicKeyInfo);
    }
}
