using DeviceTrust.Domain.Refusals;

namespace DeviceTrust.Domain.Tests.Refusals;

public sealed class RefusalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Fingerprint = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static RefusalSighting Sighting(DateTimeOffset at, long count = 1, string reason = "no trusted IDevID anchor", string source = "192.0.2.7") =>
        new(RefusalEndpoint.Registrar, RefusalCategory.UntrustedIdevid, source, Fingerprint, "KUMO-M7-00001", "CN=Kumo KUMO-M7-00001", "CN=Counterfeit CA",
            reason, at, at, count);

    private static readonly RefusedDevice FirstForDevice = new(Guid.NewGuid(), "KUMO-M7-00001", FirstOfCategory: true);

    [Fact]
    public void Record_FirstOfCategoryForAKnownDevice_RaisesOneFirstSeenEvent()
    {
        var refusal = Refusal.Record(Sighting(T0), FirstForDevice, "system");

        var raised = Assert.IsType<RefusalFirstSeenForDevice>(Assert.Single(refusal.DomainEvents));
        Assert.Equal(FirstForDevice.DeviceId, raised.DeviceId);
        Assert.Equal("KUMO-M7-00001", raised.SerialNumber);
        Assert.Equal(RefusalCategory.UntrustedIdevid, raised.Category);
        Assert.Equal("192.0.2.7", raised.SourceAddress);
        Assert.Equal(Fingerprint, raised.Fingerprint);
        Assert.Equal(FirstForDevice.DeviceId, refusal.DeviceId);
        Assert.Equal(RefusalStatus.Open, refusal.Status);
        Assert.Equal(1, refusal.Count);
    }

    [Fact]
    public void Record_NotFirstOfCategoryOrNoDevice_RaisesNothing()
    {
        Assert.Empty(Refusal.Record(Sighting(T0), FirstForDevice with { FirstOfCategory = false }, "system").DomainEvents);
        Assert.Empty(Refusal.Record(Sighting(T0), device: null, "system").DomainEvents);
    }

    [Fact]
    public void RecordRepeat_SameKey_CountsAndMovesLastSeenRaisingNothing()
    {
        var refusal = Refusal.Record(Sighting(T0), FirstForDevice, "system");
        refusal.ClearDomainEvents();

        refusal.RecordRepeat(Sighting(T0.AddSeconds(5), count: 41, reason: "still no trusted anchor"));
        refusal.RecordRepeat(Sighting(T0.AddSeconds(2)));

        Assert.Equal(43, refusal.Count);
        Assert.Equal(T0, refusal.FirstSeenAt);
        Assert.Equal(T0.AddSeconds(5), refusal.LastSeenAt);
        Assert.Equal("still no trusted anchor", refusal.LastReason);
        Assert.Empty(refusal.DomainEvents);
    }

    [Fact]
    public void RecordRepeat_AnotherSource_IsRefused()
    {
        var refusal = Refusal.Record(Sighting(T0), null, "system");

        Assert.Throws<DomainException>(() => refusal.RecordRepeat(Sighting(T0, source: "198.51.100.1")));
        Assert.Equal(1, refusal.Count);
    }

    [Fact]
    public void Record_LongReasonAndNoCertificate_ClipsTheReasonAndKeysBySerial()
    {
        var sighting = Sighting(T0, reason: new string('x', 2000)) with { Fingerprint = null };

        var refusal = Refusal.Record(sighting, null, "system");

        Assert.Equal(Refusal.MaxReasonLength, refusal.LastReason.Length);
        Assert.Equal("serial:KUMO-M7-00001", refusal.Credential);
        Assert.Equal("", Refusal.CredentialOf(null, null));
    }

    [Fact]
    public void Acknowledge_Open_RecordsTheDecisionAndRaisesOneEvent()
    {
        var refusal = Refusal.Record(Sighting(T0, count: 7), null, "system");

        refusal.Acknowledge("  lab bench device, known ", "user:security", T0.AddMinutes(1));

        Assert.Equal(RefusalStatus.Acknowledged, refusal.Status);
        Assert.Equal("user:security", refusal.AcknowledgedBy);
        Assert.Equal(T0.AddMinutes(1), refusal.AcknowledgedAt);
        Assert.Equal("lab bench device, known", refusal.AcknowledgementNote);
        Assert.Equal(7, refusal.CountAtAcknowledgement);
        var raised = Assert.IsType<RefusalAcknowledged>(Assert.Single(refusal.DomainEvents));
        Assert.Equal("lab bench device, known", raised.Note);
        Assert.Equal(7, raised.Count);
    }

    [Fact]
    public void Acknowledge_Twice_IsRefusedAndChangesNothing()
    {
        var refusal = Refusal.Record(Sighting(T0), null, "system");
        refusal.Acknowledge("known", "user:security", T0);
        refusal.ClearDomainEvents();

        Assert.Throws<DomainException>(() => refusal.Acknowledge("again", "user:other", T0.AddMinutes(1)));
        Assert.Equal("user:security", refusal.AcknowledgedBy);
        Assert.Empty(refusal.DomainEvents);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Acknowledge_WithoutNote_IsRefused(string note)
    {
        var refusal = Refusal.Record(Sighting(T0), null, "system");

        Assert.Throws<DomainException>(() => refusal.Acknowledge(note, "user:security", T0));
        Assert.Equal(RefusalStatus.Open, refusal.Status);
    }

    [Fact]
    public void RecordRepeat_AfterAcknowledgement_KeepsCountingAndStaysAcknowledged()
    {
        var refusal = Refusal.Record(Sighting(T0, count: 3), null, "system");
        refusal.Acknowledge("known scanner", "user:security", T0);

        refusal.RecordRepeat(Sighting(T0.AddMinutes(5), count: 2));

        Assert.Equal(RefusalStatus.Acknowledged, refusal.Status);
        Assert.Equal(5, refusal.Count);
        Assert.Equal(3, refusal.CountAtAcknowledgement);
    }
}
