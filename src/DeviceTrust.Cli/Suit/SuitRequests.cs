namespace DeviceTrust.Cli.Suit;

/// <summary><c>suit inspect FILE [--json]</c>.</summary>
public sealed record SuitInspectRequest(string FilePath, bool Json);

/// <summary><c>suit verify FILE --key PEM</c>: a public key (SubjectPublicKeyInfo) or a certificate.</summary>
public sealed record SuitVerifyRequest(string FilePath, string KeyPath);

/// <summary><c>suit build --image FILE… --description JSON --out FILE [--key PRIVATE-PEM [--alg ES256|ESP256]]</c>.</summary>
public sealed record SuitBuildRequest(IReadOnlyList<string> ImagePaths, string DescriptionPath, string OutPath, string? KeyPath, string Algorithm);

/// <summary><c>suit sign ENVELOPE --key PRIVATE-PEM [--alg ES256|ESP256] --out FILE</c>.</summary>
public sealed record SuitSignRequest(string FilePath, string KeyPath, string Algorithm, string OutPath);
