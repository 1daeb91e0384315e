using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Tests.Provisioning;

public sealed class MasaLogEntryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Manufacturer = Guid.NewGuid();
    private static readonly string DomainCa = new('d', 64);

    [Fact]
    public void Issued_KeepsTheClaimAndCountsAsIssued()
    {
        var entry = MasaLogEntry.Issued(Manufacturer, "SN-0001", DomainCa, "CN=registrar", hadNonce: true, "proximity", Now);

        Assert.True(entry.IsIssued);
        Assert.Equal(MasaLogEntry.IssuedOutcome, entry.Outcome);
        Assert.Equal("issued", entry.Outcome);
        Assert.Equal(Manufacturer, entry.ManufacturerId);
        Assert.Equal("SN-0001", entry.SerialNumber);
        Assert.Equal(DomainCa, entry.DomainCaFingerprint);
        Assert.Equal("CN=registrar", entry.RegistrarSubject);
        Assert.True(entry.HadNonce);
        Assert.Equal("proximity", entry.Assertion);
        Assert.Equal(Now, entry.At);
        Assert.Null(entry.Reason);
    }

    [Fact]
    public void Issued_Nonceless_RecordsNoNonce()
    {
        var entry = MasaLogEntry.Issued(Manufacturer, "SN-0001", DomainCa, "CN=registrar", hadNonce: false, "logged", Now);

        Assert.False(entry.HadNonce);
        Assert.Equal("logged", entry.Assertion);
    }

    [Fact]
    public void Refused_KeepsTheReasonAndIsNotIssued()
    {
        var entry = MasaLogEntry.Refused(Manufacturer, "SN-0001", DomainCa, "CN=registrar", "owned by another domain", Now);

        Assert.False(entry.IsIssued);
        Assert.Equal(MasaLogEntry.RefusedOutcome, entry.Outcome);
        Assert.Equal("refused", entry.Outcome);
        Assert.Equal("owned by another domain", entry.Reason);
        Assert.Null(entry.Assertion);
        Assert.False(entry.HadNonce);
        Assert.Equal(DomainCa, entry.DomainCaFingerprint);
        Assert.Equal(Now, entry.At);
    }

    [Fact]
    public void Refused_LongReason_ClippedTo500()
    {
        var exactly = new string('r', 499) + "!";

        var clipped = MasaLogEntry.Refused(Manufacturer, "SN-0001", DomainCa, "CN=registrar", exactly + "overflow", Now);
        var kept = MasaLogEntry.Refused(Manufacturer, "SN-0001", DomainCa, "CN=registrar", exactly, Now);

        Assert.Equal(exactly, clipped.Reason);
        Assert.Equal(exactly, kept.Reason);
    }
}
