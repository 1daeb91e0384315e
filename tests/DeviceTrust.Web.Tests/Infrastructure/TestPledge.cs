using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A pledge written out step by step with the protocol library, so tests can send exactly the message they mean,
/// good or bad, over the real TLS listener with the IDevID as client certificate.
/// </summary>
public sealed class TestPledge : IDisposable
{
    public static readonly Actor Officer = new("user:test-officer", null, new HashSet<string> { Roles.SecurityOfficer, Roles.Operator });

    private TestPledge(string serial, X509Certificate2 idevid, X509Certificate2 idevidCa, X509Certificate2 masa, IReadOnlyList<X509Certificate2>? intermediates = null)
    {
        Serial = serial;
        Idevid = idevid;
        IdevidCa = idevidCa;
        Masa = masa;
        Intermediates = intermediates ?? [];
    }

    public string Serial { get; }
    public X509Certificate2 Idevid { get; }
    public X509Certificate2 IdevidCa { get; }
    public X509Certificate2 Masa { get; }

    /// <summary>The attestation key the factory gave the device (PKCS#8 PEM) and its endorsement certificate (PEM); null unless minted.</summary>
    public (string KeyPem, string CertificatePem)? Attestation { get; private init; }

    /// <summary>The evidence secret the factory embedded for VendorVerified classes (base64 COSE_Key); null unless minted.</summary>
    public string? VendorSecret { get; private init; }

    /// <summary>The CA certificates between <see cref="Idevid"/> and <see cref="IdevidCa"/>, issuer first; empty when the anchor issued it.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The registrar certificate seen in the last handshake (provisional TLS accepts it unverified, RFC 8995 5.1).</summary>
    public X509Certificate2? SeenRegistrar { get; private set; }

    /// <summary>Registers <paramref name="serial"/> as a device of <paramref name="deviceClass"/> (unless it exists) and mints its DEV-ONLY IDevID.</summary>
    public static async Task<TestPledge> CreateAsync(IServiceProvider services, string serial, string deviceClass = "Kumo Meter M7", string manufacturer = "Kumo Devices",
        bool register = true)
    {
        if (register)
            await services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, deviceClass, manufacturer), Officer);
        return await MintAsync(services, serial, manufacturer);
    }

    public static async Task<TestPledge> MintAsync(IServiceProvider services, string serial, string manufacturer)
    {
        var minted = await services.GetRequiredService<SimulatedManufacturers>().MintIdevidAsync(manufacturer, serial, Officer);
        using var certificate = X509Certificate2.CreateFromPem(minted.CertificatePem);
        using var key = ECDsa.Create();
        key.ImportFromPem(minted.PrivateKeyPem);
        return new TestPledge(serial, certificate.CopyWithPrivateKey(key), X509Certificate2.CreateFromPem(minted.ChainPem),
            X509Certificate2.CreateFromPem(minted.MasaCertificatePem))
        {
            Attestation = (minted.AttestationKeyPem, minted.AttestationCertificatePem), VendorSecret = minted.VendorAttestationSecret,
        };
    }

    /// <summary>A pledge with an IDevID (and its key) issued below <paramref name="idevidCa"/> through <paramref name="intermediates"/>.</summary>
    public static TestPledge Of(string serial, X509Certificate2 idevid, X509Certificate2 idevidCa, X509Certificate2 masa, IReadOnlyList<X509Certificate2> intermediates) =>
        new(serial, idevid, idevidCa, masa, intermediates);

    /// <summary>An HTTPS client presenting <paramref name="clientCertificate"/> (the IDevID unless given; none when null is forced).</summary>
    public HttpClient Client(Uri https, X509Certificate2? clientCertificate = null, bool noCertificate = false)
    {
        var handler = new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual };
        if (!noCertificate) handler.ClientCertificates.Add(clientCertificate ?? Idevid);
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            SeenRegistrar = X509CertificateLoader.LoadCertificate(certificate!.RawData);
            return true;
        };
        return new HttpClient(handler) { BaseAddress = https };
    }

    /// <summary>
    /// An HTTPS client whose TLS Certificate message carries the IDevID followed by <paramref name="chain"/>
    /// (<see cref="Intermediates"/> unless given), as a device sends its chain (RFC 8446 4.4.2).
    /// </summary>
    public HttpClient ChainClient(Uri https, IReadOnlyList<X509Certificate2>? chain = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificateContext = System.Net.Security.SslStreamCertificateContext.Create(Idevid, [.. chain ?? Intermediates], offline: true),
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        return new HttpClient(handler) { BaseAddress = https };
    }

    /// <summary>Opens provisional TLS once so <see cref="SeenRegistrar"/> is known, as a pledge does before it signs its request.</summary>
    public async Task<X509Certificate2> DiscoverRegistrarAsync(Uri https, CancellationToken ct)
    {
        using var client = Client(https);
        using var _ = await client.GetAsync("/health", ct);
        return SeenRegistrar!;
    }

    public VoucherRequest VoucherRequest(X509Certificate2 registrar, byte[]? nonce = null, string? serial = null) => new()
    {
        SerialNumber = serial ?? Serial, CreatedOn = DateTimeOffset.UtcNow, Nonce = nonce ?? RandomNumberGenerator.GetBytes(16),
        Assertion = VoucherAssertion.Proximity, ProximityRegistrarCert = registrar.RawData,
    };

    /// <summary>The voucher-request in CMS signed by the IDevID (or <paramref name="signer"/>), carrying <see cref="Intermediates"/> as further certificates.</summary>
    public byte[] SignCms(VoucherRequest request, X509Certificate2? signer = null)
    {
        var certificate = signer ?? Idevid;
        using var key = certificate.GetECDsaPrivateKey()!;
        return CmsSignedMessage.Sign(VoucherJson.Write(request), certificate, key, EnrollmentOids.AnimaJsonVoucher, extraCertificates: Intermediates);
    }

    public byte[] SignCose(VoucherRequest request)
    {
        using var key = Idevid.GetECDsaPrivateKey()!;
        return ConstrainedVoucher.Sign(request, key);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string mediaType, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return await client.PostAsync(path, content, ct);
    }

    public Task<HttpResponseMessage> RequestVoucherAsync(HttpClient client, byte[] signed, CancellationToken ct, string mediaType = BrskiMediaTypes.VoucherCmsJson) =>
        PostAsync(client, "/.well-known/brski/requestvoucher", signed, mediaType, ct);

    /// <summary>A PKCS#10 for a fresh P-256 key, subject CN and serialNumber = <paramref name="subjectSerial"/> (the pledge's own by default).</summary>
    public (byte[] Csr, ECDsa Key) Csr(string? subjectSerial = null, ECDsa? key = null)
    {
        key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(subjectSerial ?? Serial);
        name.Add("2.5.4.5", subjectSerial ?? Serial, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        return (request.CreateSigningRequest(), key);
    }

    public static Task<HttpResponseMessage> EnrollAsync(HttpClient client, byte[] csr, CancellationToken ct, string operation = "simpleenroll") =>
        PostAsync(client, $"/.well-known/est/{operation}", System.Text.Encoding.ASCII.GetBytes(EstBase64.Encode(csr)), EstMediaTypes.Pkcs10, ct);

    public static async Task<X509Certificate2> ReadCertificateAsync(HttpResponseMessage response, CancellationToken ct) =>
        CertsOnlyPkcs7.ParseBase64(await response.Content.ReadAsStringAsync(ct)).Single();

    public void Dispose()
    {
        Idevid.Dispose();
        IdevidCa.Dispose();
        Masa.Dispose();
        SeenRegistrar?.Dispose();
    }
}
