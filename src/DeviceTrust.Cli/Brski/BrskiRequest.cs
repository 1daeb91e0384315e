namespace DeviceTrust.Cli.Brski;

/// <summary><c>brski request</c>: the pledge's voucher exchange with the registrar at <paramref name="Server"/>.</summary>
public sealed record BrskiRequest(Uri Server, string CertificatePath, string KeyPath, string MasaCertificatePath, bool Cose,
    string OutPath, string DomainCaOutPath, int Attempts);
