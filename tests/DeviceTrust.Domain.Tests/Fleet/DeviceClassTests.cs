using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Tests.Fleet;

public sealed class DeviceClassTests
{
    private static DeviceClass Create(EnrollmentPolicy? policy = null) => policy is { } p
        ? DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), "Acme Gateway G2", Guid.NewGuid(), Guid.NewGuid(), "G2", p)
        : DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), "Acme Gateway G2", Guid.NewGuid(), Guid.NewGuid(), "G2");

    [Fact]
    public void Create_WithoutPolicy_AutoAccepts() =>
        Assert.Equal(EnrollmentPolicy.AutoAccept, Create().EnrollmentPolicy);

    [Theory]
    [InlineData(EnrollmentPolicy.AutoAccept)]
    [InlineData(EnrollmentPolicy.OperatorApproval)]
    public void Create_WithPolicy_KeepsIt(EnrollmentPolicy policy) =>
        Assert.Equal(policy, Create(policy).EnrollmentPolicy);

    [Fact]
    public void Create_UnknownPolicy_Throws()
    {
        var e = Assert.Throws<DomainException>(() => Create((EnrollmentPolicy)7));
        Assert.Contains("enrollment policy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeEnrollmentPolicy_ToOperatorApprovalAndBack_Follows()
    {
        var deviceClass = Create();

        deviceClass.ChangeEnrollmentPolicy(EnrollmentPolicy.OperatorApproval);
        Assert.Equal(EnrollmentPolicy.OperatorApproval, deviceClass.EnrollmentPolicy);

        deviceClass.ChangeEnrollmentPolicy(EnrollmentPolicy.AutoAccept);
        Assert.Equal(EnrollmentPolicy.AutoAccept, deviceClass.EnrollmentPolicy);
    }

    [Fact]
    public void ChangeEnrollmentPolicy_Unknown_RefusedAndUnchanged()
    {
        var deviceClass = Create(EnrollmentPolicy.OperatorApproval);

        Assert.Throws<DomainException>(() => deviceClass.ChangeEnrollmentPolicy((EnrollmentPolicy)(-1)));

        Assert.Equal(EnrollmentPolicy.OperatorApproval, deviceClass.EnrollmentPolicy);
    }
}
