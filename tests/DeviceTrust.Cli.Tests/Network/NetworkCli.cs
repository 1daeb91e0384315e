using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cli.Tests.Voucher;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Cli.Tests.Network;

/// <summary>Runs the network commands in-process the way Program.cs does, through <see cref="CliApplication.RunAsync"/>.</summary>
public static class NetworkCli
{
    public static async Task<CliRun> RunAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(arguments, new InvocationConfiguration { Output = output, Error = error },
            cancellationToken: TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static ParseResult Parse(string commandLine) => CliApplication.CreateRootCommand().Parse(commandLine);

    /// <summary>A loopback URL nothing listens on: the port was just bound and released.</summary>
    public static string ClosedPortUrl(string scheme = "https")
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"{scheme}://127.0.0.1:{port}";
    }

    /// <summary>An IDevID and its key as PEM files in <paramref name="folder"/>, plus a root and MASA certificate.</summary>
    public static (string Cert, string Key, string Masa, string Root) WriteIdevid(TempFolder folder)
    {
        var ca = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test IDevID CA"), TimeSpan.FromDays(30), TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var idevid = ca.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), "ACME-T1-0001"));
        using var masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Test MASA"), TimeSpan.FromDays(30), TimeProvider.System);
        return (folder.Write("idevid.pem", idevid.ExportCertificatePem()), folder.Write("idevid.key.pem", key.ExportPkcs8PrivateKeyPem()),
            folder.Write("masa.pem", masa.ExportCertificatePem()), folder.Write("root.pem", ca.ExportCertificatePem()));
    }
}
