using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A device that joined the domain for real over the device listener: registered with a fresh serial as a Kumo Meter M7
/// (auto-accept), its DEV-ONLY IDevID minted, its voucher requested and its LDevID enrolled over EST
/// (RFC 8995 5.2-5.9). It is Enrolled; it enters service by attesting (its hub connection asks it to).
/// </summary>
public sealed class EnrolledDevice : IDisposable
{
    private readonly DeviceListenerFixture _app;
    private readonly ECDsa _key;

    private EnrolledDevice(DeviceListenerFixture app, TestPledge pledge, Guid id, X509Certificate2 ldevid, ECDsa key)
    {
        _app = app;
        Pledge = pledge;
        Id = id;
        Ldevid = ldevid;
        _key = key;
    }

    public TestPledge Pledge { get; }
    public string Serial => Pledge.Serial;
    public Guid Id { get; }

    /// <summary>The LDevID with its private key, ready to present as TLS client certificate.</summary>
    public X509Certificate2 Ldevid { get; }

    public static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    public static async Task<EnrolledDevice> EnrollAsync(DeviceListenerFixture app, string prefix, CancellationToken ct, string deviceClass = "Kumo Meter M7",
        string manufacturer = "Kumo Devices")
    {
        var services = app.Factory.Services;
        var pledge = await TestPledge.CreateAsync(services, NewSerial(prefix), deviceClass, manufacturer);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var registrar = await pledge.DiscoverRegistrarAsync(app.Https, ct);
            using var client = pledge.Client(app.Https);
            using var voucher = await pledge.RequestVoucherAsync(client, pledge.SignCms(pledge.VoucherRequest(registrar)), ct);
            await EnsureAsync(voucher, "voucher request", ct);
            using var enrolled = await TestPledge.EnrollAsync(client, pledge.Csr(key: key).Csr, ct);
            await EnsureAsync(enrolled, "simpleenroll", ct);
            using var issued = await TestPledge.ReadCertificateAsync(enrolled, ct);

            await using var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct);
            var id = await db.Devices.Where(d => d.SerialNumber == pledge.Serial).Select(d => d.Id).SingleAsync(ct);
            return new EnrolledDevice(app, pledge, id, issued.CopyWithPrivateKey(key), key);
        }
        catch
        {
            key.Dispose();
            pledge.Dispose();
            throw;
        }
    }

    /// <summary>A hub connection (not started) presenting the LDevID, or <paramref name="certificate"/> instead.</summary>
    public HubConnection Connect(X509Certificate2? certificate = null) => Connect(_app, certificate ?? Ldevid);

    /// <summary>A hub connection (not started) on the device listener presenting <paramref name="certificate"/>, or none.</summary>
    public static HubConnection Connect(DeviceListenerFixture app, X509Certificate2? certificate) =>
        DeviceHubClient.Connect(app.Https, certificate, app.Factory.Services.GetRequiredService<DomainPki>().Root.Certificate);

    private static async Task EnsureAsync(HttpResponseMessage response, string step, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"Enrollment failed at the {step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    public void Dispose()
    {
        Ldevid.Dispose();
        _key.Dispose();
        Pledge.Dispose();
    }
}
