using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Tests.Devices;
using static DeviceTrust.Domain.Attestation.AttestationVerdict;
using static DeviceTrust.Domain.Devices.DeviceState;

namespace DeviceTrust.Domain.Tests.Attestation;

public sealed class AttestationConsequencesTests
{
    private static readonly AttestationPolicy Default = AttestationPolicy.CreateDefault();

    /// <summary>Written from issue 9's "Policy per class" defaults, independently of the table in AttestationConsequences.</summary>
    [Theory]
    [InlineData(Enrolled, Affirming, Operational)]
    [InlineData(Enrolled, Warning, Operational)]
    [InlineData(Enrolled, Contraindicated, Quarantined)]
    [InlineData(Operational, Contraindicated, Quarantined)]
    [InlineData(Updating, Contraindicated, Quarantined)]
    public void DefaultPolicy_MovingVerdicts(DeviceState from, AttestationVerdict verdict, DeviceState to)
    {
        var device = TestDevices.InState(from);

        var change = AttestationConsequences.Apply(device, verdict, Default, "executables: 'app' is not a known image", "device:SN-1", TestDevices.Now);

        Assert.NotNull(change);
        Assert.Equal(to, device.State);
        Assert.StartsWith($"attestation {verdict.ToString().ToLowerInvariant()}", change.Reason, StringComparison.Ordinal);
        Assert.Contains("'app' is not a known image", change.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Operational, Affirming)]
    [InlineData(Operational, Warning)]
    [InlineData(Quarantined, Affirming)]
    [InlineData(Quarantined, Warning)]
    [InlineData(Quarantined, Contraindicated)]
    [InlineData(Updating, Affirming)]
    [InlineData(Enrolled, None)]
    [InlineData(Operational, None)]
    [InlineData(Manufactured, Contraindicated)]
    [InlineData(Bootstrapping, Affirming)]
    [InlineData(Revoked, Contraindicated)]
    [InlineData(Decommissioned, Affirming)]
    public void DefaultPolicy_VerdictsThatLeaveTheDeviceWhereItIs(DeviceState from, AttestationVerdict verdict)
    {
        var device = TestDevices.InState(from);

        Assert.Null(AttestationConsequences.Apply(device, verdict, Default, "why", "device:SN-1", TestDevices.Now));
        Assert.Equal(from, device.State);
    }

    [Fact]
    public void ReleaseOnAffirming_AnAffirmingVerdictReleasesAQuarantinedDevice()
    {
        var device = TestDevices.InState(Quarantined);

        AttestationConsequences.Apply(device, Affirming, Default with { ReleaseOnAffirming = true }, "", "device:SN-1", TestDevices.Now);

        Assert.Equal(Operational, device.State);
    }

    [Theory]
    [InlineData(Enrolled)]
    [InlineData(Operational)]
    [InlineData(Updating)]
    public void QuarantineOnWarning_AWarningQuarantines(DeviceState from)
    {
        var device = TestDevices.InState(from);

        AttestationConsequences.Apply(device, Warning, Default with { OnWarning = WarningAction.Quarantine }, "configuration: debug enabled", "device:SN-1",
            TestDevices.Now);

        Assert.Equal(Quarantined, device.State);
    }

    [Fact]
    public void LongReasons_AreCutToTheLimitWithAnEllipsis()
    {
        var device = TestDevices.InState(Operational);

        var change = AttestationConsequences.Apply(device, Contraindicated, Default, new string('x', 2_000), "device:SN-1", TestDevices.Now);

        Assert.Equal(AttestationConsequences.MaxReasonLength, change!.Reason.Length);
        Assert.EndsWith("…", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMove_RaisesOneStateChangeByTheGivenActor()
    {
        var device = TestDevices.InState(Enrolled);
        device.ClearDomainEvents();

        AttestationConsequences.Apply(device, Affirming, Default, "", "device:SN-1", TestDevices.Now);

        var change = Assert.IsType<DeviceStateChanged>(Assert.Single(device.DomainEvents));
        Assert.Equal((Enrolled, Operational, "device:SN-1", "attestation affirming"), (change.From, change.To, change.By, change.Reason));
    }
}
