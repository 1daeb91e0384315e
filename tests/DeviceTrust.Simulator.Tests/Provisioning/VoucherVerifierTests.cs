using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

/// <summary>The pledge's checks on a voucher (RFC 8995 5.6.1), on vouchers this test signs as the MASA.</summary>
public sealed class VoucherVerifierTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly byte[] _nonce = PledgeMessages.NewNonce();

    [Fact]
    public void VerifyCms_SignedByTheMasa_IsValidAndPinsTheDomainRoot()
    {
        var verification = VoucherVerifier.VerifyCms(_pki.SignCms(_pki.VoucherFor(_nonce)), _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(_pki.DomainRoot.Certificate.RawData, verification.PinnedDomainCertificate.RawData);
        Assert.Equal(TestPki.Serial, verification.Voucher.SerialNumber);
    }

    [Fact]
    public void VerifyCms_TamperedVoucher_IsRefusedAsNotSignedByTheMasa()
    {
        var tampered = VoucherTampering.FlipLastByte(_pki.SignCms(_pki.VoucherFor(_nonce)));

        var verification = VoucherVerifier.VerifyCms(tampered, _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.NotSignedByMasa, verification.Failure);
        Assert.Null(verification.PinnedDomainCertificate);
    }

    [Fact]
    public void VerifyCms_SignedByAnotherMasa_IsRefused()
    {
        using var other = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Rogue MASA"), TimeSpan.FromDays(30), _pki.Time);

        var verification = VoucherVerifier.VerifyCms(_pki.SignCms(_pki.VoucherFor(_nonce), other), _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.NotSignedByMasa, verification.Failure);
        Assert.Contains("does not chain", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyCms_ForAnotherSerial_IsRefused()
    {
        var voucher = _pki.SignCms(_pki.VoucherFor(_nonce, serial: "ACME-T1-0002"));

        var verification = VoucherVerifier.VerifyCms(voucher, _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.SerialNumberMismatch, verification.Failure);
    }

    [Fact]
    public void VerifyCms_AnotherNonce_IsRefused()
    {
        var voucher = _pki.SignCms(_pki.VoucherFor(PledgeMessages.NewNonce()));

        var verification = VoucherVerifier.VerifyCms(voucher, _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.NonceMismatch, verification.Failure);
    }

    [Fact]
    public void VerifyCms_AfterExpiresOn_IsRefused()
    {
        var voucher = _pki.SignCms(_pki.VoucherFor(_nonce));

        var verification = VoucherVerifier.VerifyCms(voucher, _pki.Masa, TestPki.Serial, _nonce, TestPki.Now.AddDays(2));

        Assert.Equal(VoucherFailure.Expired, verification.Failure);
    }

    [Fact]
    public void VerifyCms_WithoutPinnedDomainCert_IsRefused()
    {
        var unpinned = new Enrollment.Vouchers.Voucher { SerialNumber = TestPki.Serial, Nonce = _nonce, CreatedOn = TestPki.Now };

        var verification = VoucherVerifier.VerifyCms(_pki.SignCms(unpinned), _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.NoPinnedDomainCertificate, verification.Failure);
    }

    [Fact]
    public void VerifyCms_NotCms_IsMalformed()
    {
        var verification = VoucherVerifier.VerifyCms("{\"ietf-voucher:voucher\":{}}"u8.ToArray(), _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.Malformed, verification.Failure);
    }

    [Fact]
    public void VerifyCose_SignedByTheMasa_IsValid()
    {
        var verification = VoucherVerifier.VerifyCose(_pki.SignCose(_pki.VoucherFor(_nonce)), _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(_pki.DomainRoot.Certificate.Thumbprint, verification.PinnedDomainCertificate.Thumbprint);
    }

    [Fact]
    public void VerifyCose_TamperedVoucher_IsRefused()
    {
        var tampered = VoucherTampering.FlipLastByte(_pki.SignCose(_pki.VoucherFor(_nonce)));

        var verification = VoucherVerifier.VerifyCose(tampered, _pki.Masa, TestPki.Serial, _nonce, TestPki.Now);

        Assert.Equal(VoucherFailure.NotSignedByMasa, verification.Failure);
    }

    [Fact]
    public void FlipLastByte_Voucher_ChangesOnlyTheLastByteOfACopy()
    {
        var original = _pki.SignCms(_pki.VoucherFor(_nonce));
        var kept = (byte[])original.Clone();

        var tampered = VoucherTampering.FlipLastByte(original);

        Assert.Equal(kept, original);
        Assert.Equal(original[..^1], tampered[..^1]);
        Assert.Equal(original[^1] ^ 1, tampered[^1]);
    }

    public void Dispose() => _pki.Dispose();
}
