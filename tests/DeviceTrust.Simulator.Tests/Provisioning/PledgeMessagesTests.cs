using System.Text;
using System.Text.Json;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

public sealed class PledgeMessagesTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public void VoucherRequest_Json_HasCreatedOnNonceSerialProximityAndRegistrarCert()
    {
        var nonce = PledgeMessages.NewNonce();

        var json = VoucherJson.Write(PledgeMessages.VoucherRequest(TestPki.Serial, nonce, _pki.Registrar, TestPki.Now));

        using var document = JsonDocument.Parse(json);
        var request = document.RootElement.GetProperty("ietf-voucher-request:voucher");
        Assert.Equal("2026-11-27T09:00:00Z", request.GetProperty("created-on").GetString());
        Assert.Equal(Convert.ToBase64String(nonce), request.GetProperty("nonce").GetString());
        Assert.Equal(TestPki.Serial, request.GetProperty("serial-number").GetString());
        Assert.Equal("proximity", request.GetProperty("assertion").GetString());
        Assert.Equal(Convert.ToBase64String(_pki.Registrar.RawData), request.GetProperty("proximity-registrar-cert").GetString());
        Assert.Equal(5, request.EnumerateObject().Count());
    }

    [Fact]
    public void NewNonce_EachCall_Is16FreshBytes()
    {
        var first = PledgeMessages.NewNonce();
        var second = PledgeMessages.NewNonce();

        Assert.Equal(16, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void SignCms_VoucherRequest_IsSignedByTheIdevidAsAnimaJsonVoucher()
    {
        var nonce = PledgeMessages.NewNonce();
        var request = PledgeMessages.VoucherRequest(TestPki.Serial, nonce, _pki.Registrar, TestPki.Now);

        var cms = PledgeMessages.SignCms(request, _pki.Idevid);

        var verified = CmsSignedMessage.Verify(cms, _pki.Manufacturer.Certificate, TestPki.Now);
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal(EnrollmentOids.AnimaJsonVoucher, verified.ContentType);
        Assert.Equal(_pki.Idevid.Certificate.RawData, verified.Signer.RawData);
        var decoded = VoucherJson.ReadVoucherRequest(verified.Content);
        Assert.Equal(nonce, decoded.Nonce!.Value.ToArray());
        Assert.Equal(_pki.Registrar.RawData, decoded.ProximityRegistrarCert!.Value.ToArray());
    }

    [Fact]
    public void SignCose_VoucherRequest_VerifiesWithTheIdevidAndKeepsItsContent()
    {
        var nonce = PledgeMessages.NewNonce();
        var request = PledgeMessages.VoucherRequest(TestPki.Serial, nonce, _pki.Registrar, TestPki.Now);

        var cose = PledgeMessages.SignCose(request, _pki.Idevid);

        var decoded = ConstrainedVoucher.DecodeVoucherRequest(cose);
        Assert.True(decoded.Verify(_pki.Idevid.Certificate));
        Assert.Equal(TestPki.Serial, decoded.Content.SerialNumber);
        Assert.Equal(VoucherAssertion.Proximity, decoded.Content.Assertion);
        Assert.Equal(nonce, decoded.Content.Nonce!.Value.ToArray());
    }

    [Fact]
    public void Status_Failure_IsVersion1WithReasonAndTheSerialAsContext()
    {
        var json = PledgeMessages.Status(false, "voucher signature: bad", TestPki.Serial);

        var report = StatusReport.Parse(json);
        Assert.False(report.Status);
        Assert.Equal("voucher signature: bad", report.Reason);
        Assert.Equal("""{"serial-number":"ACME-T1-0001"}""", report.ReasonContextJson);
        Assert.StartsWith("""{"version":1,"status":false,""", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();
}
