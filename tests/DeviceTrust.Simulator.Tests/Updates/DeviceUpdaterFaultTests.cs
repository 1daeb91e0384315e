using System.Security.Cryptography;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>
/// Each update fault gives the report the doc and the processor define: its reason, the processor's code and the section
/// of the failing command; and, but for <see cref="FaultInjection.ContraindicatedAfterInstall"/>, leaves the device running
/// what it ran.
/// </summary>
public sealed class DeviceUpdaterFaultTests
{
    [Fact]
    public async Task Run_InstallFailureRate_ReportsOperationFailedAtTheFetchAndKeepsTheOldImage()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { InstallFailureRate = 1 });

        var failure = fixture.Failure();
        Assert.Equal((SuitReportReason.OperationFailed, (long)SuitProcessingError.OperationFailed, (long)SuitManifestKeys.Install),
            (failure.Reason, failure.Code, failure.Record.Section));
        Assert.Equal((UpdateAnswer.Answered, false, SuitReportReason.OperationFailed), (outcome.Answer, outcome.Succeeded, outcome.Reason));
        Assert.Equal([nameof(FaultInjection.InstallFailureRate)], outcome.Faults);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_CorruptDownload_ReportsImageMatchConditionFailedAfterTheFetch()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { CorruptDownload = true });

        var failure = fixture.Failure();
        Assert.Equal((SuitReportReason.ConditionFailed, (long)SuitProcessingError.ConditionFailed, (long)SuitManifestKeys.Install),
            (failure.Reason, failure.Code, failure.Record.Section));
        Assert.Contains("condition-image-match", outcome.Problem);
        Assert.Equal([nameof(FaultInjection.CorruptDownload)], outcome.Faults);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_WrongClass_ReportsTheClassConditionFailedInTheSharedSequenceAndFetchesNothing()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { WrongClass = true });

        var failure = fixture.Failure();
        Assert.Equal((SuitReportReason.ConditionFailed, (long)SuitProcessingError.ConditionFailed, (long)SuitManifestKeys.Common),
            (failure.Reason, failure.Code, failure.Record.Section));
        Assert.Contains("condition-class-identifier", outcome.Problem);
        Assert.Equal([nameof(FaultInjection.WrongClass)], outcome.Faults);
        Assert.Empty(fixture.Server.ImageRequests);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_AheadSequenceNumber_RefusesTheManifestAsARollback()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { AheadSequenceNumber = true });

        var failure = fixture.Failure();
        Assert.Equal((SuitReportReason.ConditionFailed, (long)SuitProcessingError.Rollback, (long)SuitManifestKeys.SequenceNumber),
            (failure.Reason, failure.Code, failure.Record.Section));
        Assert.Equal([nameof(FaultInjection.AheadSequenceNumber)], outcome.Faults);
        Assert.Empty(fixture.Server.ImageRequests);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_OfflineMidUpdate_GoesOfflineAfterTheEnvelopeAndPostsNoReport()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { OfflineMidUpdate = true });

        Assert.Equal((UpdateAnswer.Failed, (bool?)null, (int?)null), (outcome.Answer, outcome.Succeeded, outcome.HttpStatus));
        Assert.Equal([nameof(FaultInjection.OfflineMidUpdate)], outcome.Faults);
        Assert.Equal(1, fixture.OfflineCalls);
        Assert.Empty(fixture.Server.Reports);
        Assert.Empty(fixture.Server.ImageRequests);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_ContraindicatedAfterInstall_InstallsAndReportsSuccess()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, image) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer, new FaultInjection { ContraindicatedAfterInstall = true });

        Assert.True(UpdateFixture.VerifiedReport(Assert.Single(fixture.Server.Reports), fixture.AttestationKey).Succeeded);
        Assert.Equal([nameof(FaultInjection.ContraindicatedAfterInstall)], outcome.Faults);
        Assert.Equal(SHA256.HashData(image), fixture.Firmware.Find("firmware")!.ImageDigest);
    }
}
