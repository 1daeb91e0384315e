namespace DeviceTrust.Cli.Vouchers;

/// <summary>One voucher leaf as shown to the user, by its YANG name (RFC 8366 §5.3, RFC 8995 §3.3).</summary>
public sealed record VoucherMemberValue(string Name, VoucherValue Value);

/// <summary>How a leaf is displayed; the YANG type decides which.</summary>
public abstract record VoucherValue;

/// <summary>A string, enumeration name or yang:date-and-time.</summary>
public sealed record TextValue(string Text) : VoucherValue;

public sealed record BooleanValue(bool Value) : VoucherValue;

/// <summary>A short binary leaf (nonce, key identifier, hash), shown as hex.</summary>
public sealed record HexValue(byte[] Bytes) : VoucherValue;

/// <summary>A binary leaf meant to hold a DER certificate; <see cref="Certificate"/> is null when it does not parse.</summary>
public sealed record CertificateValue(byte[] Bytes, CertificateSummary? Certificate) : VoucherValue;

/// <summary>A long binary leaf (public key, nested signed request), shown by length and SHA-256.</summary>
public sealed record BlobValue(byte[] Bytes) : VoucherValue;
