using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Application.Attestation.ReferenceValues;

/// <param name="DigestAlgorithm">"sha-256", "sha-384" or "sha-512" (the IANA Named Information names).</param>
/// <param name="Digest">Lowercase hex.</param>
public sealed record ReferenceValueItem(Guid Id, Guid DeviceClassId, string DeviceClass, string FirmwareVersion, string Component, string DigestAlgorithm,
    string Digest, DateTimeOffset AddedAt, string AddedBy);

/// <summary>One entry of an import or export file (a JSON array of these); the class by name, as people write it.</summary>
public sealed record ReferenceValueEntry(string DeviceClass, string FirmwareVersion, string Component, string DigestAlgorithm, string Digest);

/// <param name="Added">Entries stored now.</param>
/// <param name="Unchanged">Entries already stored with the same digest.</param>
public sealed record ReferenceValueImportResult(int Added, int Unchanged);

/// <summary>The text names of <see cref="Domain.Attestation.DigestAlgorithm"/> used on the API and in files.</summary>
public static class DigestAlgorithmNames
{
    public static string Of(DigestAlgorithm algorithm) => algorithm switch
    {
        Domain.Attestation.DigestAlgorithm.Sha256 => "sha-256",
        Domain.Attestation.DigestAlgorithm.Sha384 => "sha-384",
        Domain.Attestation.DigestAlgorithm.Sha512 => "sha-512",
        _ => ((int)algorithm).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static DigestAlgorithm? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "sha-256" or "sha256" => Domain.Attestation.DigestAlgorithm.Sha256,
        "sha-384" or "sha384" => Domain.Attestation.DigestAlgorithm.Sha384,
        "sha-512" or "sha512" => Domain.Attestation.DigestAlgorithm.Sha512,
        _ => null,
    };
}
