using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>The registrar's BRSKI paths (RFC 8995 5, 8.2); media types are in <see cref="BrskiMediaTypes"/>.</summary>
public static class BrskiPaths
{
    public const string RequestVoucher = "/.well-known/brski/requestvoucher";
    public const string VoucherStatus = "/.well-known/brski/voucher_status";
    public const string EnrollStatus = "/.well-known/brski/enrollstatus";
}

/// <summary>The messages a pledge builds: the pledge voucher-request (RFC 8995 3.4) and the status telemetry (5.7, 5.9.4).</summary>
public static class PledgeMessages
{
    /// <summary>A fresh nonce; the voucher must echo it (RFC 8995 5.6.1). 16 bytes, within ietf-voucher's 8..32.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(16);

    /// <summary>
    /// The pledge voucher-request: created-on, nonce, serial-number, assertion proximity, and proximity-registrar-cert
    /// = the certificate the registrar presented in the provisional TLS handshake (RFC 8995 3.4, 5.2).
    /// </summary>
    public static VoucherRequest VoucherRequest(string serialNumber, ReadOnlyMemory<byte> nonce, X509Certificate2 registrarCertificate, DateTimeOffset createdOn)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        ArgumentNullException.ThrowIfNull(registrarCertificate);
        return new VoucherRequest
        {
            CreatedOn = createdOn,
            Nonce = nonce,
            SerialNumber = serialNumber,
            Assertion = VoucherAssertion.Proximity,
            ProximityRegistrarCert = registrarCertificate.RawData,
        };
    }

    /// <summary>application/voucher-cms+json: the JSON in CMS SignedData, id-ct-animaJSONVoucher, signed by the IDevID (RFC 8995 3.3).</summary>
    public static byte[] SignCms(VoucherRequest request, DeviceIdentity idevid)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(idevid);
        // The chain goes along so the registrar and MASA can build the path from an IDevID issued by an intermediate CA.
        return CmsSignedMessage.Sign(VoucherJson.Write(request), idevid.Certificate, idevid.PrivateKey, EnrollmentOids.AnimaJsonVoucher, idevid.Chain);
    }

    /// <summary>application/voucher+cose: the SID-keyed CBOR in a COSE_Sign1, ES256 by the IDevID key.</summary>
    public static byte[] SignCose(VoucherRequest request, DeviceIdentity idevid)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(idevid);
        return ConstrainedVoucher.Sign(request, idevid.PrivateKey);
    }

    /// <summary>voucher_status and enrollstatus bodies (RFC 8995 5.7, 5.9.4), reason-context naming the pledge.</summary>
    public static byte[] Status(bool status, string reason, string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(serialNumber);
        var context = JsonSerializer.Serialize(new Dictionary<string, string> { ["serial-number"] = serialNumber });
        return new StatusReport(status, reason, context).ToJson();
    }
}
