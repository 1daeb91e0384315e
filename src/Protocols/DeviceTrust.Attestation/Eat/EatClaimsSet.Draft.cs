using System.Collections.ObjectModel;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

public sealed partial record EatClaimsSet
{
    // The claims of one claims-set as they are decoded, made into the immutable record once at the end: a `with` per
    // claim would copy every property of the record each time. A struct on the decoder's stack; each claim is set at most
    // once (labels are unique).
    private struct Draft
    {
        public string? Issuer;
        public string? Subject;
        public IReadOnlyList<string>? Audience;
        public EatNumericDate? Expiration;
        public EatNumericDate? NotBefore;
        public EatNumericDate? IssuedAt;
        public byte[]? CwtId;
        public IReadOnlyList<byte[]>? Nonce;
        public byte[]? Ueid;
        public IReadOnlyDictionary<string, byte[]>? Sueids;
        public EatOemId? OemId;
        public byte[]? HardwareModel;
        public EatVersion? HardwareVersion;
        public ulong? Uptime;
        public bool? OemBoot;
        public EatDebugStatus? DebugStatus;
        public EatLocation? Location;
        public EatProfileId? Profile;
        public IReadOnlyDictionary<string, EatSubmodule>? Submodules;
        public ulong? BootCount;
        public byte[]? BootSeed;
        public IReadOnlyList<EatDloa>? Dloas;
        public string? SoftwareName;
        public EatVersion? SoftwareVersion;
        public IReadOnlyList<EatContent>? Manifests;
        public IReadOnlyList<EatContent>? Measurements;
        public IReadOnlyList<EatMeasurementResults>? MeasurementResults;
        public EatIntendedUse? IntendedUse;

        public readonly EatClaimsSet ToClaimsSet(IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>>? otherClaims) => new()
        {
            Issuer = Issuer,
            Subject = Subject,
            Audience = Audience,
            Expiration = Expiration,
            NotBefore = NotBefore,
            IssuedAt = IssuedAt,
            CwtId = CwtId,
            Nonce = Nonce,
            Ueid = Ueid,
            Sueids = Sueids,
            OemId = OemId,
            HardwareModel = HardwareModel,
            HardwareVersion = HardwareVersion,
            Uptime = Uptime,
            OemBoot = OemBoot,
            DebugStatus = DebugStatus,
            Location = Location,
            Profile = Profile,
            Submodules = Submodules,
            BootCount = BootCount,
            BootSeed = BootSeed,
            Dloas = Dloas,
            SoftwareName = SoftwareName,
            SoftwareVersion = SoftwareVersion,
            Manifests = Manifests,
            Measurements = Measurements,
            MeasurementResults = MeasurementResults,
            IntendedUse = IntendedUse,
            OtherClaims = otherClaims ?? ReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>>.Empty,
        };
    }
}
