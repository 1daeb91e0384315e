using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Domain.Tests.Trust;

public sealed class PkiCredentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Certificate = [0x30, 0x82, 0x01, 0x0A];
    private static readonly byte[] ProtectedKey = [0xCF, 0xD0, 0x01];

    [Theory]
    [InlineData(PkiCredentialRole.RootCa)]
    [InlineData(PkiCredentialRole.IssuingCa)]
    [InlineData(PkiCredentialRole.RegistrarTls)]
    public void Create_DomainRoleWithoutManufacturer_Accepted(PkiCredentialRole role)
    {
        var credential = PkiCredential.Create(role, Certificate, ProtectedKey, Now);

        Assert.Equal(role, credential.Role);
        Assert.Null(credential.ManufacturerId);
        Assert.Equal(Certificate, credential.CertificateDer);
        Assert.Equal(ProtectedKey, credential.ProtectedPrivateKey);
        Assert.Equal(Now, credential.CreatedAt);
        Assert.NotEqual(Guid.Empty, credential.Id);
    }

    [Theory]
    [InlineData(PkiCredentialRole.RootCa)]
    [InlineData(PkiCredentialRole.IssuingCa)]
    [InlineData(PkiCredentialRole.RegistrarTls)]
    public void Create_DomainRoleNamingAManufacturer_Throws(PkiCredentialRole role)
    {
        var e = Assert.Throws<DomainException>(() => PkiCredential.Create(role, Certificate, ProtectedKey, Now, Guid.NewGuid()));
        Assert.Contains("name their manufacturer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PkiCredentialRole.ManufacturerIdevidCa)]
    [InlineData(PkiCredentialRole.MasaSigning)]
    public void Create_ManufacturerRoleWithManufacturer_Accepted(PkiCredentialRole role)
    {
        var manufacturer = Guid.NewGuid();

        var credential = PkiCredential.Create(role, Certificate, ProtectedKey, Now, manufacturer);

        Assert.Equal(role, credential.Role);
        Assert.Equal(manufacturer, credential.ManufacturerId);
    }

    [Theory]
    [InlineData(PkiCredentialRole.ManufacturerIdevidCa)]
    [InlineData(PkiCredentialRole.MasaSigning)]
    public void Create_ManufacturerRoleWithoutManufacturer_Throws(PkiCredentialRole role) =>
        Assert.Throws<DomainException>(() => PkiCredential.Create(role, Certificate, ProtectedKey, Now));

    [Fact]
    public void Create_EveryRole_IsEitherDomainOrManufacturer()
    {
        // A role added later must be classified: exactly one of the two forms is accepted for it.
        foreach (var role in Enum.GetValues<PkiCredentialRole>())
        {
            var certificate = role == PkiCredentialRole.VendorAttestationSecret ? [] : Certificate;
            var withoutManufacturer = Accepts(() => PkiCredential.Create(role, certificate, ProtectedKey, Now));
            var withManufacturer = Accepts(() => PkiCredential.Create(role, certificate, ProtectedKey, Now, Guid.NewGuid()));
            Assert.True(withoutManufacturer != withManufacturer, $"{role}: without manufacturer {withoutManufacturer}, with {withManufacturer}");
        }
    }

    [Fact]
    public void Create_WithoutCertificate_Throws()
    {
        Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.RootCa, [], ProtectedKey, Now));
        Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.MasaSigning, null!, ProtectedKey, Now, Guid.NewGuid()));
    }

    [Fact]
    public void Create_VendorMasterSecret_HasNoCertificate_AndBelongsToAManufacturer()
    {
        var manufacturer = Guid.NewGuid();

        var secret = PkiCredential.Create(PkiCredentialRole.VendorAttestationSecret, [], ProtectedKey, Now, manufacturer);

        Assert.Empty(secret.CertificateDer);
        Assert.Equal((manufacturer, ProtectedKey), (secret.ManufacturerId, secret.ProtectedPrivateKey));
        var e = Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.VendorAttestationSecret, Certificate, ProtectedKey, Now, manufacturer));
        Assert.Contains("no certificate", e.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.VendorAttestationSecret, [], [], Now, manufacturer));
        Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.AttestationVerifierSigning, [], ProtectedKey, Now, manufacturer));
    }

    [Fact]
    public void Create_WithoutProtectedKey_Throws()
    {
        var e = Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.IssuingCa, Certificate, [], Now));
        Assert.Contains("protected private key", e.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => PkiCredential.Create(PkiCredentialRole.ManufacturerIdevidCa, Certificate, null!, Now, Guid.NewGuid()));
    }

    private static bool Accepts(Action create)
    {
        try
        {
            create();
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}
