using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>EST (RFC 7030) over the real TLS listener, with .NET and with the standard curl and openssl clients.</summary>
public sealed class EstTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private DomainPki Pki => app.Factory.Services.GetRequiredService<DomainPki>();

    private HttpClient PinnedClient() => PinnedRoot.Client(Pki.Root.Certificate, app.Https);

    [Fact]
    public async Task CaCerts_OverTls_ReturnsRootAndIssuingAsBase64CertsOnly()
    {
        using var client = PinnedClient();

        var response = await client.GetAsync("/.well-known/est/cacerts", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkcs7-mime", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "smime-type" && p.Value == "certs-only");
        Assert.Equal("base64", response.Headers.GetValues("Content-Transfer-Encoding").Single());
        var certificates = CertsOnlyPkcs7.ParseBase64(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(new[] { Pki.Root.Certificate.Thumbprint, Pki.Issuing.Certificate.Thumbprint }.Order(), certificates.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public async Task CsrAttrs_OverTls_AsksForP256EcdsaAndTheSerialNumber()
    {
        using var client = PinnedClient();

        var response = await client.GetAsync("/.well-known/est/csrattrs", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EstMediaTypes.CsrAttrs, response.Content.Headers.ContentType?.MediaType);
        var attributes = CsrAttributes.DecodeBase64(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(attributes, a => a.Oid == "2.5.4.5");
        Assert.Contains(attributes, a => a.Oid == "1.2.840.10045.4.3.2");
    }

    [Fact]
    public async Task CaCerts_OverPlainHttp_IsRefused()
    {
        using var client = new HttpClient { BaseAddress = app.Http };

        var response = await client.GetAsync("/.well-known/est/cacerts", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("requires TLS", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaCerts_WithCurlAndOpenssl_PrintsTheDomainCertificates()
    {
        var directory = Directory.CreateTempSubdirectory("devicetrust-est-").FullName;
        try
        {
            var rootPem = Path.Combine(directory, "root.pem");
            await File.WriteAllTextAsync(rootPem, Pki.Root.ExportCertificatePem(), Ct);
            // The README's commands: curl pinned to the domain root, then openssl reads the certs-only PKCS#7 (the body is
            // base64 with CRLF line breaks, RFC 2045, which `base64 -di` skips).
            var output = await RunAsync("bash", "-c",
                $"set -o pipefail; curl -sS --fail --cacert {rootPem} {app.Https}.well-known/est/cacerts | base64 -di | openssl pkcs7 -inform DER -print_certs -noout");

            Assert.Contains("CN=DeviceTrust Domain Root CA", output.Replace(" = ", "=", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("CN=DeviceTrust Issuing CA", output.Replace(" = ", "=", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.True(process.ExitCode == 0, $"{file} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
