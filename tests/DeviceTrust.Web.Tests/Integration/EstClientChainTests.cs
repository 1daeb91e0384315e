using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// EST authorizes an IDevID issued by a manufacturer's intermediate CA with the intermediates the device sends after its
/// certificate in TLS (RFC 7030 3.3.2, RFC 8446 4.4.2), as the registrar does with those in the CMS voucher-request.
/// </summary>
public sealed class EstClientChainTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;

    private static string NewId() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A pledge of a chained manufacturer that sent leaf and intermediate in TLS and CMS and got its voucher.</summary>
    private async Task<(ChainedManufacturer Manufacturer, TestPledge Pledge)> VoucheredPledgeAsync()
    {
        var manufacturer = await ChainedManufacturer.CreateAsync(Services, $"Chained {NewId()}", Ct);
        var pledge = await manufacturer.PledgeAsync(Services, $"CHAIN-{NewId()}", Ct);
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        using var client = pledge.ChainClient(app.Https);
        var response = await pledge.RequestVoucherAsync(client, pledge.SignCms(pledge.VoucherRequest(registrar)), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (manufacturer, pledge);
    }

    private async Task<(DeviceState State, int Issued)> StoredAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
        return (device.State, await db.IssuedCertificates.CountAsync(c => c.DeviceId == device.Id, Ct));
    }

    /// <summary>A 403 with problem details that mention <paramref name="mentions"/>, and nothing issued: the device is still Bootstrapping.</summary>
    private async Task AssertRefusedAsync(HttpStatusCode status, string body, string mentions, string serial)
    {
        Assert.True(status == HttpStatusCode.Forbidden, $"expected 403, got {status}: {body}");
        Assert.Contains("\"status\":403", body, StringComparison.Ordinal);
        Assert.True(body.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"'{mentions}' not in {body}");
        Assert.Equal((DeviceState.Bootstrapping, 0), await StoredAsync(serial));
    }

    [Fact]
    public async Task SimpleEnroll_IdevidSendingItsIntermediateInTls_IssuesAnLdevid()
    {
        var (manufacturer, pledge) = await VoucheredPledgeAsync();
        using var _ = manufacturer;
        using var __ = pledge;
        using var client = pledge.ChainClient(app.Https);

        var response = await TestPledge.EnrollAsync(client, pledge.Csr().Csr, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        using var ldevid = await TestPledge.ReadCertificateAsync(response, Ct);
        Assert.Equal(pledge.Serial, DeviceCertificateFields.SubjectSerialNumber(ldevid));
        Assert.Equal((DeviceState.Enrolled, 1), await StoredAsync(pledge.Serial));
    }

    [Fact]
    public async Task SimpleEnroll_SameIdevidSendingOnlyItsCertificate_IsRefusedNamingTheChain()
    {
        var (manufacturer, pledge) = await VoucheredPledgeAsync();
        using var _ = manufacturer;
        using var __ = pledge;
        using var client = pledge.ChainClient(app.Https, chain: []);

        var response = await TestPledge.EnrollAsync(client, pledge.Csr().Csr, Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertRefusedAsync(response.StatusCode, body, "does not chain to a trusted manufacturer CA", pledge.Serial);
        Assert.Contains($"issuer '{manufacturer.Intermediate.Certificate.Subject}' of '{pledge.Idevid.Subject}' is not the trust anchor", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleEnroll_IntermediateNotUnderTheTrustedRoot_IsRefused()
    {
        var (manufacturer, pledge) = await VoucheredPledgeAsync();
        using var _ = manufacturer;
        using var __ = pledge;
        // Same name as the real intermediate, another key, under a root nobody trusts. .NET sends only a chain it can
        // build, so curl (OpenSSL) sends this one as given.
        var foreignRoot = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Foreign Root CA"), TimeSpan.FromDays(30), TimeProvider.System);
        var impostor = foreignRoot.CreateIssuingCa(manufacturer.Intermediate.Certificate.SubjectName, TimeSpan.FromDays(30));

        var (status, body) = await CurlEnrollAsync(pledge, [impostor.Certificate, foreignRoot.Certificate]);

        await AssertRefusedAsync(status, body, "does not chain to a trusted manufacturer CA", pledge.Serial);
        Assert.Contains("does not verify with the key of", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleEnroll_MoreCertificatesInTlsThanAPathCanUse_IsRefused()
    {
        var (manufacturer, pledge) = await VoucheredPledgeAsync();
        using var _ = manufacturer;
        using var __ = pledge;
        var padding = Enumerable.Range(0, TlsClientChain.MaxIntermediates).Select(i => CertificateAuthority.CreateRoot(
            new X500DistinguishedName($"CN=Padding {i}"), TimeSpan.FromDays(30), TimeProvider.System).Certificate);

        var (status, body) = await CurlEnrollAsync(pledge, [.. pledge.Intermediates, .. padding]);

        await AssertRefusedAsync(status, body, $"sent {TlsClientChain.MaxIntermediates + 1} certificates after its own", pledge.Serial);
    }

    [Fact]
    public async Task SimpleEnroll_WithCurlSendingLeafAndIntermediate_IssuesAnLdevid()
    {
        var (manufacturer, pledge) = await VoucheredPledgeAsync();
        using var _ = manufacturer;
        using var __ = pledge;

        var (status, body) = await CurlEnrollAsync(pledge, pledge.Intermediates);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal((DeviceState.Enrolled, 1), await StoredAsync(pledge.Serial));
    }

    [Fact]
    public async Task SimulatedPledge_IdevidFromAnIntermediate_BootstrapsSendingItsChain()
    {
        using var manufacturer = await ChainedManufacturer.CreateAsync(Services, $"Chained {NewId()}", Ct);
        using var minted = await manufacturer.PledgeAsync(Services, $"CHAIN-{NewId()}", Ct);
        using var idevid = new DeviceIdentity(X509CertificateLoader.LoadCertificate(minted.Idevid.RawData), minted.Idevid.GetECDsaPrivateKey()!,
            [manufacturer.Intermediate.Certificate, manufacturer.Root.Certificate], X509CertificateLoader.LoadCertificate(minted.Masa.RawData));

        var result = await new BrskiPledge(idevid, app.Https).ProvisionAsync(Ct);

        using var ldevid = result.Ldevid;
        Assert.Equal(minted.Serial, DeviceCertificateFields.SubjectSerialNumber(ldevid.Certificate));
        Assert.Equal((DeviceState.Enrolled, 1), await StoredAsync(minted.Serial));
    }

    /// <summary>simpleenroll with curl, its client certificate file holding the IDevID followed by <paramref name="chain"/>, all sent in TLS.</summary>
    private async Task<(HttpStatusCode Status, string Body)> CurlEnrollAsync(TestPledge pledge, IEnumerable<X509Certificate2> chain)
    {
        var directory = Directory.CreateTempSubdirectory("devicetrust-est-chain-").FullName;
        try
        {
            using var key = pledge.Idevid.GetECDsaPrivateKey()!;
            await File.WriteAllTextAsync(Path.Combine(directory, "idevid.pem"),
                string.Concat(new[] { pledge.Idevid }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")), Ct);
            await File.WriteAllTextAsync(Path.Combine(directory, "idevid.key"), key.ExportPkcs8PrivateKeyPem(), Ct);
            await File.WriteAllTextAsync(Path.Combine(directory, "csr.b64"), EstBase64.Encode(pledge.Csr().Csr), Ct);
            var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var argument in new[]
                     {
                         "-sS", "-k", "--cert", "idevid.pem", "--key", "idevid.key", "-H", $"Content-Type: {EstMediaTypes.Pkcs10}",
                         "--data-binary", "@csr.b64", "-o", "body", "-w", "%{http_code}", $"{app.Https}.well-known/est/simpleenroll",
                     })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(Ct);
            var stderr = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.True(process.ExitCode == 0, $"curl failed ({process.ExitCode}): {await stderr}");
            return ((HttpStatusCode)int.Parse(await stdout, CultureInfo.InvariantCulture), await File.ReadAllTextAsync(Path.Combine(directory, "body"), Ct));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
