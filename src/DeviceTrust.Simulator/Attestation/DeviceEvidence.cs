using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>
/// A simulated device's evidence, following the DeviceTrust EAT profile (docs/eat-profile.md) as <c>devicetrust attest</c>
/// builds it: profile, the session's nonce, the device's ueid, hwmodel = its class-id, dbgstat, iat, and one submod per
/// firmware component with the digest of its image (the one an update installed, else the simulated one); signed ES256 by the attestation key, with the key's
/// endorsement as x5chain, or for a VendorVerified device MACed under its factory's secret (<see cref="VendorEvidence"/>).
/// The evidence faults of <see cref="FaultInjection"/> change exactly what they name.
/// </summary>
internal static class DeviceEvidence
{
    /// <summary>
    /// dbgstat of a healthy simulated device: 3, disabled permanently (RFC 9711 §4.2.9), as on a device whose debug port
    /// is fused off at the factory; any class policy with a minimum up to 3 (the default is 2) accepts it.
    /// </summary>
    public const EatDebugStatus HealthyDebugStatus = EatDebugStatus.DisabledPermanently;

    /// <summary>The length of the secret an <see cref="FaultInjection.UnendorsedKey"/> MAC is made with: HMAC 256/256's key (RFC 9053 §3.1).</summary>
    private const int UnendorsedSecretLength = 32;

    /// <summary>What the device built, and the evidence faults that shaped it.</summary>
    public sealed record Built(byte[] Evidence, IReadOnlyList<string> Faults);

    public static Built Build(SimulatedDeviceSpec device, AttestationCredential attestation, byte[] nonce, FaultInjection faults, TimeProvider time)
    {
        var applied = new List<string>();
        var tampered = faults.TamperedDigest ? TamperedComponent(device.Firmware) : null;
        if (tampered is not null)
            applied.Add(nameof(FaultInjection.TamperedDigest));
        var tamperUpdated = faults.ContraindicatedAfterInstall && device.Firmware.Any(c => c.ImageDigest is not null);
        if (tamperUpdated)
            applied.Add(nameof(FaultInjection.ContraindicatedAfterInstall));
        if (faults.DebugEnabled)
            applied.Add(nameof(FaultInjection.DebugEnabled));
        var claims = new EatClaimsSet
        {
            Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
            Nonce = [nonce],
            Ueid = device.Ueid,
            HardwareModel = device.ClassId is { } classId ? DeviceTrustEatProfile.HardwareModelOf(classId) : null,
            DebugStatus = faults.DebugEnabled ? EatDebugStatus.Enabled : HealthyDebugStatus,
            IssuedAt = EatNumericDate.From(time.GetUtcNow()),
            Submodules = device.Firmware.ToDictionary(component => component.Name,
                component => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(component.Name, component.Version,
                    Digest(component, ReferenceEquals(component, tampered) || (tamperUpdated && component.ImageDigest is not null)))),
                StringComparer.Ordinal),
        };

        if (device.VendorVerified)
            return Mac(claims, attestation, faults, applied);

        if (!faults.UnendorsedKey)
            return new Built(EatEvidence.Build(claims, attestation.PrivateKey, Options(attestation.X5Chain)), applied);

        applied.Add(nameof(FaultInjection.UnendorsedKey));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var selfSigned = SelfSigned(device.Serial, key, time);
        return new Built(EatEvidence.Build(claims, key, Options([selfSigned.RawData])), applied);
    }

    /// <summary>
    /// The same claims MACed under the factory's secret (<see cref="VendorEvidence"/>). With <see cref="FaultInjection.UnendorsedKey"/>
    /// under a secret of the device's own making instead, named by the factory secret's kid: the manufacturer's verifier
    /// finds the secret the kid names and the tag does not verify under it.
    /// </summary>
    private static Built Mac(EatClaimsSet claims, AttestationCredential attestation, FaultInjection faults, List<string> applied)
    {
        var secret = attestation.VendorSecret
            ?? throw new InvalidOperationException("A VendorVerified device MACs its evidence under its factory's secret, and holds none.");
        if (faults.UnendorsedKey)
        {
            applied.Add(nameof(FaultInjection.UnendorsedKey));
            secret = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(UnendorsedSecretLength), secret.KeyId, VendorEvidence.Algorithm);
        }
        return new Built(VendorEvidence.Build(claims, secret), applied);
    }

    private static EatEvidenceOptions Options(IReadOnlyList<byte[]> x5chain) => new() { IncludeType = true, X5Chain = x5chain };

    private static FirmwareComponentSpec? TamperedComponent(IReadOnlyList<FirmwareComponentSpec> firmware) => firmware.Count > 0 ? firmware[0] : null;

    /// <summary>The digest of the image an update installed, else of the simulated image; its first byte inverted when tampered.</summary>
    private static byte[] Digest(FirmwareComponentSpec component, bool tampered)
    {
        var digest = component.ImageDigest is { } installed ? [.. installed] : SimulatedFirmware.ImageDigest(component.Name, component.Version);
        if (tampered)
            digest[0] ^= 0xFF;
        return digest;
    }

    /// <summary>A key nobody endorsed, in a certificate that names the device just as an endorsement would.</summary>
    private static X509Certificate2 SelfSigned(string serial, ECDsa key, TimeProvider time)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"{serial} attestation key");
        subject.Add(EnrollmentOids.SerialNumber, serial, UniversalTagNumber.PrintableString);
        var now = time.GetUtcNow();
        return new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
    }
}
