using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

/// <summary>
/// One device of class "Kumo Meter M7" with an endorsed attestation key, firmware 3.2.1 ("boot" 1.4.0 and "firmware"
/// 3.2.1) and the reference values of that release; <see cref="Claims"/> is the evidence such a device sends when all
/// is well, and each test breaks one thing. "boot" sorts before "firmware" in deterministic CBOR (shorter keys first),
/// so the firmware version comes from the "firmware" component and not from the first one.
/// </summary>
internal sealed class AppraisalScenario : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    public const string ClassName = "Kumo Meter M7";
    public const string Release = "3.2.1";
    public const string BootVersion = "1.4.0";

    public static readonly byte[] BootImage = SHA256.HashData(Encoding.UTF8.GetBytes("boot 1.4.0 image"));
    public static readonly byte[] FirmwareImage = SHA256.HashData(Encoding.UTF8.GetBytes("firmware 3.2.1 image"));

    public AppraisalScenario(int minimumDebugStatus = 2, IReadOnlyList<int>? requiredClaims = null)
    {
        Class = DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), ClassName, Guid.NewGuid(), Guid.NewGuid(), "KM-7");
        Class.ChangeAttestationPolicy(AttestationPolicy.CreateDefault() with
        {
            MinimumDebugStatus = minimumDebugStatus,
            RequiredClaims = requiredClaims ?? [],
        });
        Device = Device.Register("SN-0001", Class, null, "user:operator", Now);
        Key = AttestationKey.Endorsed(Device.Id, Device.SerialNumber, SigningKey.ExportSubjectPublicKeyInfo(), [0x30, 0x00], "user:manufacturer", Now);
        ReferenceValues =
        [
            Reference("boot", BootImage),
            Reference("firmware", FirmwareImage),
        ];
    }

    public DeviceClass Class { get; }
    public Device Device { get; }
    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public AttestationKey Key { get; }
    public byte[] Nonce { get; } = RandomNumberGenerator.GetBytes(32);
    public List<ReferenceValue> ReferenceValues { get; }

    public ReferenceValue Reference(string component, byte[] digest, string version = Release) =>
        ReferenceValue.Add(Class.Id, ClassName, version, component, DigestAlgorithm.Sha256, digest, "user:security-officer", Now);

    /// <summary>The claims-set of a healthy device of the class, answering this session.</summary>
    public EatClaimsSet Claims() => new()
    {
        Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
        Nonce = [Nonce],
        Ueid = Device.Ueid,
        HardwareModel = DeviceTrustEatProfile.HardwareModelOf(Class.ClassId),
        DebugStatus = EatDebugStatus.DisabledSinceBoot,
        IssuedAt = EatNumericDate.From(Now),
        Submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, FirmwareImage)),
    };

    public static Dictionary<string, EatSubmodule> Components(params (string Name, string Version, byte[] Image)[] components) =>
        components.ToDictionary(c => c.Name, EatSubmodule (c) => new EatClaimsSubmodule(DeviceTrustEatProfile.Component(c.Name, c.Version, c.Image)));

    /// <summary>Real evidence: built, signed with the device's key, read back, its signature checked as the caller does.</summary>
    public AppraisalInput Input(EatClaimsSet? claims = null, ECDsa? signer = null)
    {
        var token = EatEvidence.Read(EatEvidence.Build(claims ?? Claims(), signer ?? SigningKey));
        return new AppraisalInput(token, Key, token.VerifySignature(SigningKey), Device, Class, Nonce, ReferenceValues);
    }

    public AppraisalOutcome Appraise(EatClaimsSet? claims = null) => Appraiser.Appraise(Input(claims));

    public void Dispose() => SigningKey.Dispose();

    /// <summary>What every outcome must hold: the tier is the vector's, each claim set has a reason with its value,
    /// every reason is about a claim that was set, the reasons are in claim order, and the unappraised claims are absent.</summary>
    public static void AssertWellFormed(AppraisalOutcome outcome)
    {
        Assert.Equal(outcome.Vector.Tier, outcome.Tier);
        foreach (var (claim, value) in outcome.Vector.Claims)
            Assert.Contains(outcome.Reasons, r => r.Claim == claim && r.Value == value);
        Assert.All(outcome.Reasons, r => Assert.NotNull(outcome.Vector[r.Claim]));
        Assert.Equal(outcome.Reasons.OrderBy(r => (int)r.Claim).Select(r => r.Claim), outcome.Reasons.Select(r => r.Claim));
        Assert.All(new[] { TrustworthinessClaim.FileSystem, TrustworthinessClaim.RuntimeOpaque, TrustworthinessClaim.StorageOpaque,
            TrustworthinessClaim.SourcedData }, claim => Assert.Null(outcome.Vector[claim]));
    }

    /// <summary>The one reason about <paramref name="claim"/> with <paramref name="value"/>, asserted to exist.</summary>
    public static string ReasonFor(AppraisalOutcome outcome, TrustworthinessClaim claim, sbyte value) =>
        Assert.Single(outcome.Reasons, r => r.Claim == claim && r.Value == value).Text;
}
