using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Fleet;

namespace DeviceTrust.Domain.Tests.Attestation;

public sealed class AttestationPolicyTests
{
    private static DeviceClass NewClass() =>
        DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), "Kumo Meter M7", Guid.NewGuid(), Guid.NewGuid(), "M7");

    [Fact]
    public void NewClass_EndorsedModel_DefaultPolicyVersionOne()
    {
        var deviceClass = NewClass();

        Assert.Equal(AttestationModel.Endorsed, deviceClass.AttestationModel);
        Assert.Equal((2, 1, WarningAction.Flag, false), (deviceClass.AttestationPolicy.MinimumDebugStatus, deviceClass.AttestationPolicy.Version,
            deviceClass.AttestationPolicy.OnWarning, deviceClass.AttestationPolicy.ReleaseOnAffirming));
        // Each class owns its policy object (EF Core tracks owned instances by reference).
        Assert.NotSame(deviceClass.AttestationPolicy, NewClass().AttestationPolicy);
    }

    [Fact]
    public void ChangeAttestationPolicy_TakesTheNextVersion_WhateverTheCallerSays()
    {
        var deviceClass = NewClass();

        var changed = deviceClass.ChangeAttestationPolicy(new AttestationPolicy(3, [258, 267], TimeSpan.FromHours(6), WarningAction.Quarantine, true) { Version = 40 });
        var again = deviceClass.ChangeAttestationPolicy(changed with { MinimumDebugStatus = 4 });

        Assert.Equal(2, changed.Version);
        Assert.Equal(3, again.Version);
        Assert.Same(again, deviceClass.AttestationPolicy);
        Assert.Equal([258, 267], deviceClass.AttestationPolicy.RequiredClaims);
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(5, 60)]
    [InlineData(2, 0.5)]
    [InlineData(2, 60 * 24 * 31)]
    public void ChangeAttestationPolicy_OutOfRange_RefusedAndTheOldPolicyStays(int minimumDebugStatus, double intervalMinutes)
    {
        var deviceClass = NewClass();

        Assert.Throws<DomainException>(() => deviceClass.ChangeAttestationPolicy(
            new AttestationPolicy(minimumDebugStatus, [], TimeSpan.FromMinutes(intervalMinutes), WarningAction.Flag, false)));
        Assert.Equal(1, deviceClass.AttestationPolicy.Version);
    }

    [Fact]
    public void ChangeAttestationPolicy_RepeatedClaimOrUnknownAction_Refused()
    {
        var deviceClass = NewClass();

        Assert.Throws<DomainException>(() => deviceClass.ChangeAttestationPolicy(new AttestationPolicy(2, [258, 258], TimeSpan.FromDays(1), WarningAction.Flag, false)));
        Assert.Throws<DomainException>(() => deviceClass.ChangeAttestationPolicy(new AttestationPolicy(2, [], TimeSpan.FromDays(1), (WarningAction)9, false)));
        Assert.Throws<DomainException>(() => deviceClass.ChangeAttestationModel((AttestationModel)9));
    }
}
