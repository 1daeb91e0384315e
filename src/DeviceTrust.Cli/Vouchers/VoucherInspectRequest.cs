namespace DeviceTrust.Cli.Vouchers;

/// <summary>What <c>voucher inspect</c> was asked to do.</summary>
/// <param name="TrustPath">Certificate to verify with; null to decode only.</param>
public sealed record VoucherInspectRequest(string FilePath, string? TrustPath, bool Json);
