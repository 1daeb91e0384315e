using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>What an offer does on one virtual device, drawn once per device from the run's fault rates.</summary>
public enum WhatIfOutcome
{
    Installs,
    InstallFails,
    CorruptDownload,
    GoesOffline,
    RefusesAsRollback,
}

/// <summary>
/// One virtual device: its own P-256 key and a self-signed certificate for it (the LDevID it would connect with, which
/// UpdateReports verifies a report with when the domain knows no attestation key of the device), and how its update goes.
/// The key is made on its first report.
/// </summary>
public sealed class WhatIfDevice(Guid id, string serialNumber, WhatIfOutcome outcome, bool contraindicated) : IDisposable
{
    private ECDsa? _key;
    private X509Certificate2? _ldevid;

    public Guid Id { get; } = id;
    public string SerialNumber { get; } = serialNumber;
    public WhatIfOutcome Outcome { get; } = outcome;
    /// <summary>Installs, then attests contraindicated.</summary>
    public bool Contraindicated { get; } = contraindicated;
    public bool Offline { get; set; }
    public bool Installed { get; set; }
    /// <summary>The offer being worked on or answered: a repeated offer is not run twice.</summary>
    public Guid? Offer { get; set; }

    public ECDsa Key => _key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public X509Certificate2 Ldevid(DateTimeOffset now) =>
        _ldevid ??= new CertificateRequest($"CN={SerialNumber}", Key, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

    public void Dispose()
    {
        _ldevid?.Dispose();
        _key?.Dispose();
    }
}
