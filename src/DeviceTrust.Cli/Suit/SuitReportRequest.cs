namespace DeviceTrust.Cli.Suit;

/// <summary><c>suit report FILE [--key PEM] [--json]</c>: the key, when given, is a public key (SubjectPublicKeyInfo)
/// or a certificate.</summary>
public sealed record SuitReportRequest(string FilePath, string? KeyPath, bool Json);
