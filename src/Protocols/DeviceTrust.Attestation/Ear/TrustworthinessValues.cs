namespace DeviceTrust.Attestation.Ear;

// The standard trustworthiness claim values of draft-ietf-rats-ar4si §3.1, in one place, with the short descriptions
// veraison/ear (trustclaim.go) prints. Other files name these constants; no claim value appears as a bare literal.

/// <summary>Values every claim may take (draft-ietf-rats-ar4si §3.1, "no claim" and the shared values).</summary>
public static class SharedValues
{
    public const sbyte VerifierMalfunction = -1;    // none tier
    public const sbyte NoClaim = 0;                 // none tier: treated as if the claim were absent
    public const sbyte UnexpectedEvidence = 1;      // none tier
    public const sbyte CryptoValidationFailed = 99; // contraindicated tier
}

public static class InstanceIdentityValues
{
    public const sbyte Recognized = 2;
    public const sbyte Untrustworthy = 96;
    public const sbyte Unrecognized = 97;
}

public static class ConfigurationValues
{
    public const sbyte Approved = 2;
    public const sbyte NoKnownVulnerabilities = 3;
    public const sbyte Unsafe = 32;
    public const sbyte Unsupportable = 96;
}

public static class ExecutablesValues
{
    public const sbyte ApprovedRuntime = 2;
    public const sbyte ApprovedBoot = 3;
    public const sbyte Unsafe = 32;
    public const sbyte Unrecognized = 33;
    public const sbyte Contraindicated = 96;
}

public static class FileSystemValues
{
    public const sbyte Approved = 2;
    public const sbyte Unrecognized = 32;
    public const sbyte Contraindicated = 96;
}

public static class HardwareValues
{
    public const sbyte Genuine = 2;
    public const sbyte Unsafe = 32;
    public const sbyte Contraindicated = 96;
    public const sbyte Unrecognized = 97;
}

public static class RuntimeOpaqueValues
{
    public const sbyte Encrypted = 2;
    public const sbyte Isolated = 32;
    public const sbyte Visible = 96;
}

public static class StorageOpaqueValues
{
    public const sbyte HwKeyEncrypted = 2;
    public const sbyte SwKeyEncrypted = 32;
    public const sbyte Unencrypted = 96;
}

public static class SourcedDataValues
{
    public const sbyte Trusted = 2;
    public const sbyte Untrusted = 32;
    public const sbyte Contraindicated = 96;
}

/// <summary>Readable descriptions of claim values, for reports and logs.</summary>
public static class TrustworthinessValues
{
    /// <summary>
    /// What <paramref name="value"/> means for <paramref name="claim"/>, e.g. "recognized and not compromised"; a value
    /// with no standard meaning is described by its tier ("warning tier (value 40)").
    /// </summary>
    public static string Describe(TrustworthinessClaim claim, sbyte value) => (claim, value) switch
    {
        (_, SharedValues.VerifierMalfunction) => "verifier malfunction",
        (_, SharedValues.NoClaim) => "no claim being made",
        (_, SharedValues.UnexpectedEvidence) => "unexpected evidence",
        (_, SharedValues.CryptoValidationFailed) => "cryptographic validation failed",

        (TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized) => "recognized and not compromised",
        (TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Untrustworthy) => "recognized but not trustworthy",
        (TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Unrecognized) => "not recognized",

        (TrustworthinessClaim.Configuration, ConfigurationValues.Approved) => "all recognized and approved",
        (TrustworthinessClaim.Configuration, ConfigurationValues.NoKnownVulnerabilities) => "no known vulnerabilities",
        (TrustworthinessClaim.Configuration, ConfigurationValues.Unsafe) => "known vulnerabilities",
        (TrustworthinessClaim.Configuration, ConfigurationValues.Unsupportable) => "unacceptable security vulnerabilities",

        (TrustworthinessClaim.Executables, ExecutablesValues.ApprovedRuntime) => "recognized and approved boot- and run-time",
        (TrustworthinessClaim.Executables, ExecutablesValues.ApprovedBoot) => "recognized and approved boot-time",
        (TrustworthinessClaim.Executables, ExecutablesValues.Unsafe) => "recognized but known bugs or vulnerabilities",
        (TrustworthinessClaim.Executables, ExecutablesValues.Unrecognized) => "unrecognized run-time",
        (TrustworthinessClaim.Executables, ExecutablesValues.Contraindicated) => "contraindicated run-time",

        (TrustworthinessClaim.FileSystem, FileSystemValues.Approved) => "all recognized and approved",
        (TrustworthinessClaim.FileSystem, FileSystemValues.Unrecognized) => "unrecognized item(s) found",
        (TrustworthinessClaim.FileSystem, FileSystemValues.Contraindicated) => "contraindicated item(s) found",

        (TrustworthinessClaim.Hardware, HardwareValues.Genuine) => "genuine",
        (TrustworthinessClaim.Hardware, HardwareValues.Unsafe) => "genuine but known bugs or vulnerabilities",
        (TrustworthinessClaim.Hardware, HardwareValues.Contraindicated) => "genuine but contraindicated",
        (TrustworthinessClaim.Hardware, HardwareValues.Unrecognized) => "unrecognized",

        (TrustworthinessClaim.RuntimeOpaque, RuntimeOpaqueValues.Encrypted) => "memory encryption",
        (TrustworthinessClaim.RuntimeOpaque, RuntimeOpaqueValues.Isolated) => "memory isolation",
        (TrustworthinessClaim.RuntimeOpaque, RuntimeOpaqueValues.Visible) => "visible",

        (TrustworthinessClaim.StorageOpaque, StorageOpaqueValues.HwKeyEncrypted) => "encrypted secrets with HW-backed keys",
        (TrustworthinessClaim.StorageOpaque, StorageOpaqueValues.SwKeyEncrypted) => "encrypted secrets with non HW-backed keys",
        (TrustworthinessClaim.StorageOpaque, StorageOpaqueValues.Unencrypted) => "unencrypted secrets",

        (TrustworthinessClaim.SourcedData, SourcedDataValues.Trusted) => "from attesters in the affirming tier",
        (TrustworthinessClaim.SourcedData, SourcedDataValues.Untrusted) => "from unattested sources or attesters in the warning tier",
        (TrustworthinessClaim.SourcedData, SourcedDataValues.Contraindicated) => "from attesters in the contraindicated tier",

        _ => $"{TrustTiers.Of(value).Name()} tier (value {value})",
    };
}
