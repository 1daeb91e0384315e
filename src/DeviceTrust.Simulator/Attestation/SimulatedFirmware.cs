using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>
/// The firmware images of simulated devices. A simulated image has no real content: it is the DEV-ONLY text
/// "DEV-ONLY simulated image {component} {version}", so its digest is the same on every device and in the reference
/// values the server publishes for the simulated fleet, and a real image can never match it.
/// </summary>
public static class SimulatedFirmware
{
    /// <summary>SHA-256 of the simulated image of <paramref name="component"/> at <paramref name="version"/>.</summary>
    public static byte[] ImageDigest(string component, string version)
    {
        return SHA256.HashData(Image(component, version));
    }

    /// <summary>The simulated image of <paramref name="component"/> at <paramref name="version"/>: its DEV-ONLY text.</summary>
    public static byte[] Image(string component, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentException.ThrowIfNullOrEmpty(version);
        return Encoding.UTF8.GetBytes($"DEV-ONLY simulated image {component} {version}");
    }
}
