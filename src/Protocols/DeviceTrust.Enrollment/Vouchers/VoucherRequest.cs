namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// A voucher-request, from the pledge to the registrar (PVR) or the registrar to the MASA (RVR) (RFC 8995 §3).
/// <code>
/// module: ietf-voucher-request
///   structure voucher:                        ; JSON "ietf-voucher-request:voucher", CBOR SID 2501
///     +-- &lt;voucher-artifact leaves, see VoucherArtifact&gt;
///     +-- prior-signed-voucher-request?       binary
///     +-- proximity-registrar-cert?           binary
///     +-- proximity-registrar-pubk?           binary
///     +-- proximity-registrar-pubk-sha256?    binary
/// </code>
/// </summary>
public sealed class VoucherRequest : VoucherArtifact
{
    /// <summary>The signed request this one forwards, e.g. the PVR inside an RVR (RFC 8995 §3.3).</summary>
    public ReadOnlyMemory<byte>? PriorSignedVoucherRequest { get; init; }

    /// <summary>DER certificate the registrar presented to the pledge (RFC 8995 §3.3).</summary>
    public ReadOnlyMemory<byte>? ProximityRegistrarCert { get; init; }

    /// <summary>SubjectPublicKeyInfo the registrar presented, when it used a raw public key.</summary>
    public ReadOnlyMemory<byte>? ProximityRegistrarPubk { get; init; }

    /// <summary>SHA-256 of the registrar's SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte>? ProximityRegistrarPubkSha256 { get; init; }
}
