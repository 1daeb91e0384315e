using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

public sealed class DeviceCertificateFieldsTests : IDisposable
{
    private readonly CertificateAuthority _manufacturer = CertificateAuthority.CreateRoot(
        new X500DistinguishedName("CN=Acme Sensors IDevID CA, O=Acme Sensors"), TimeSpan.FromDays(3650), new FixedTimeProvider(TestPki.Now), pathLength: 0);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _idevid;

    public DeviceCertificateFieldsTests() =>
        _idevid = _manufacturer.IssueIdevid(new IdevidRequest(_key.ExportSubjectPublicKeyInfo(), "ACME-T1-0042")
        {
            CommonName = "Acme Sensors ACME-T1-0042", Organization = "Acme Sensors",
        });

    public void Dispose()
    {
        _idevid.Dispose();
        _key.Dispose();
    }

    [Fact]
    public void SubjectSerialNumber_IdevidFromAManufacturerCa_IsTheDeviceSerial() =>
        Assert.Equal("ACME-T1-0042", DeviceCertificateFields.SubjectSerialNumber(_idevid));

    [Fact]
    public void SubjectSerialNumber_LdevidWhoseCommonNameDiffers_ReadsTheSerialNumberAttribute()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var ldevid = issuing.IssueDeviceCertificate(
            new DeviceCertificateRequest(_key.ExportSubjectPublicKeyInfo(), "SN-7", TestPki.CrlUrl, TimeSpan.FromDays(30)) { CommonName = "thermostat-7" });

        Assert.Equal("SN-7", DeviceCertificateFields.SubjectSerialNumber(ldevid));
    }

    [Fact]
    public void SubjectSerialNumber_NoSerialNumberAttribute_IsNull()
    {
        using var masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Acme MASA, O=Acme Sensors"), TimeSpan.FromDays(1),
            new FixedTimeProvider(TestPki.Now));

        Assert.Null(DeviceCertificateFields.SubjectSerialNumber(masa));
        Assert.Null(DeviceCertificateFields.SubjectSerialNumber(_manufacturer.Certificate));
    }

    [Fact]
    public void SerialNumberOf_OnlyInsideAMultiValuedRdn_IsNull()
    {
        var name = Name(Rdn((EnrollmentOids.CommonName, "dev"), (EnrollmentOids.SerialNumber, "SN-1")));

        Assert.Null(DeviceCertificateFields.SerialNumberOf(name));
    }

    [Fact]
    public void SerialNumberOf_EmptyName_IsNull() =>
        Assert.Null(DeviceCertificateFields.SerialNumberOf(new X500DistinguishedName([0x30, 0x00])));

    [Fact]
    public void Attributes_Idevid_ListsOrganizationCommonNameAndSerial()
    {
        var attributes = DeviceCertificateFields.Attributes(_idevid.SubjectName);

        Assert.Equal(
            new (string, string?)[]
            {
                (EnrollmentOids.CommonName, "Acme Sensors ACME-T1-0042"), (EnrollmentOids.Organization, "Acme Sensors"),
                (EnrollmentOids.SerialNumber, "ACME-T1-0042"),
            }.Order(),
            attributes.Order());
    }

    [Fact]
    public void Attributes_MultiValuedRdn_ReportedAsMultiValuedWithoutValue()
    {
        var name = Name(Rdn((EnrollmentOids.CommonName, "dev")), Rdn((EnrollmentOids.CommonName, "a"), (EnrollmentOids.SerialNumber, "SN-1")));

        var attributes = DeviceCertificateFields.Attributes(name);

        Assert.Equal(2, attributes.Count);
        Assert.Contains((EnrollmentOids.CommonName, (string?)"dev"), attributes);
        Assert.Contains(("multi-valued", (string?)null), attributes);
    }

    [Fact]
    public void Attributes_EmptyName_IsEmpty() =>
        Assert.Empty(DeviceCertificateFields.Attributes(new X500DistinguishedName([0x30, 0x00])));

    [Fact]
    public void Fingerprint_IsLowercaseHexSha256OfTheDer()
    {
        var fingerprint = DeviceCertificateFields.Fingerprint(_idevid);

        Assert.Equal(_idevid.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(), fingerprint);
        Assert.Equal(64, fingerprint.Length);
        Assert.All(fingerprint, c => Assert.True(char.IsAsciiHexDigitLower(c), $"'{c}' is not lowercase hex"));
    }

    [Fact]
    public void Fingerprint_SameKeyDifferentCertificate_Differs()
    {
        using var again = _manufacturer.IssueIdevid(new IdevidRequest(_key.ExportSubjectPublicKeyInfo(), "ACME-T1-0042"));

        Assert.NotEqual(DeviceCertificateFields.Fingerprint(_idevid), DeviceCertificateFields.Fingerprint(again));
    }

    [Fact]
    public void AuthorityKeyIdentifier_IssuedCertificate_IsTheIssuersSubjectKeyIdentifier()
    {
        var issuerSki = TestPki.Extension<X509SubjectKeyIdentifierExtension>(_manufacturer.Certificate).SubjectKeyIdentifierBytes.ToArray();

        var aki = DeviceCertificateFields.AuthorityKeyIdentifier(_idevid);

        Assert.NotNull(aki);
        Assert.Equal(issuerSki, aki);
    }

    [Fact]
    public void AuthorityKeyIdentifier_WithoutTheExtension_IsNull()
    {
        using var masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Acme MASA"), TimeSpan.FromDays(1), new FixedTimeProvider(TestPki.Now));

        Assert.Empty(masa.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.Null(DeviceCertificateFields.AuthorityKeyIdentifier(masa));
    }

    [Fact]
    public void SameKey_OwnKey_TrueAndAnotherKey_False()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(DeviceCertificateFields.SameKey(_idevid, _key.ExportSubjectPublicKeyInfo()));
        Assert.False(DeviceCertificateFields.SameKey(_idevid, other.ExportSubjectPublicKeyInfo()));
        Assert.False(DeviceCertificateFields.SameKey(_idevid, []));
    }

    [Fact]
    public void HasExtendedKeyUsage_Ldevid_HasClientAuthOnly()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var ldevid = TestPki.IssueDevice(issuing, _key);

        Assert.True(DeviceCertificateFields.HasExtendedKeyUsage(ldevid, EnrollmentOids.ClientAuth));
        Assert.False(DeviceCertificateFields.HasExtendedKeyUsage(ldevid, EnrollmentOids.ServerAuth));
        Assert.False(DeviceCertificateFields.HasExtendedKeyUsage(ldevid, EnrollmentOids.CmcRegistrationAuthority));
    }

    [Fact]
    public void HasExtendedKeyUsage_Registrar_HasCmcRa()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var registrar = issuing.IssueServerCertificate(new ServerCertificateRequest(_key.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=registrar"), TimeSpan.FromDays(30)) { DnsNames = ["registrar"], IsRegistrar = true });

        Assert.True(DeviceCertificateFields.HasExtendedKeyUsage(registrar, EnrollmentOids.CmcRegistrationAuthority));
    }

    [Fact]
    public void HasExtendedKeyUsage_IdevidWithoutTheExtension_False() =>
        Assert.False(DeviceCertificateFields.HasExtendedKeyUsage(_idevid, EnrollmentOids.ClientAuth));

    [Fact]
    public void EveryMethod_NullCertificate_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.SubjectSerialNumber(null!));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.SerialNumberOf(null!));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.Attributes(null!));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.Fingerprint(null!));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.AuthorityKeyIdentifier(null!));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.SameKey(null!, []));
        Assert.Throws<ArgumentNullException>(() => DeviceCertificateFields.HasExtendedKeyUsage(null!, EnrollmentOids.ClientAuth));
    }

    private static (string Oid, string Value)[] Rdn(params (string Oid, string Value)[] attributes) => attributes;

    /// <summary>A Name written RDN by RDN (X500DistinguishedNameBuilder cannot make multi-valued RDNs).</summary>
    private static X500DistinguishedName Name(params (string Oid, string Value)[][] rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.PrintableString, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }
}
