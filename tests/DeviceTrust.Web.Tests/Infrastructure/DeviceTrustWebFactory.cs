using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// The real app over real Kestrel on 127.0.0.1, with a fresh SQLite file, the development seed cut down to a few
/// devices per fleet and the hosted simulator off (tests play the devices themselves).
/// </summary>
public sealed class DeviceTrustWebFactory : WebApplicationFactory<Program>
{
    public const string Password = "DeviceTrust-dev-2026!";
    private readonly string _directory = Directory.CreateTempSubdirectory("devicetrust-web-").FullName;

    public DeviceTrustWebFactory(bool withDeviceListener = false)
    {
        if (!withDeviceListener)
        {
            UseKestrel(0);
            return;
        }

        // The browser port and the device-facing HTTPS port, both ephemeral.
        UseKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps());
        });
    }

    /// <summary>The addresses Kestrel listens on (http first, then https when the device listener is on).</summary>
    public IReadOnlyList<Uri> Addresses => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:DeviceTrust", $"Data Source={Path.Combine(_directory, "web.db")}");
        builder.UseSetting("Seed:Enabled", "true");
        builder.UseSetting("Seed:MaxDevicesPerFleet", "2");
        builder.UseSetting("Seed:DevPassword", Password);
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Fleet:BatchWindowMilliseconds", "20");
        builder.UseSetting("Brski:SimulateManufacturers", "true");
        builder.UseSetting("Brski:RetryAfterSeconds", "1");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the temp folder is cleaned by the OS.
        }
    }
}
