using System.Security.Cryptography;
using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;
using static DeviceTrust.Suit.Tests.Processing.TestManifests;
using static DeviceTrust.Suit.Tests.SuitBuilder;

namespace DeviceTrust.Suit.Tests.Processing;

/// <summary>The update procedure on signed manifests built here: fetch, install and image-match; the identity
/// conditions; a corrupted or failed download; anti-rollback; components the device does not have.</summary>
public sealed class SuitProcessorTests
{
    private static readonly (int, byte[])[] Install =
    [
        Override((SuitParameterKeys.Uri, Text(FirmwareUri))),
        Directive(SuitCommandCodes.DirectiveFetch),
        Condition(SuitCommandCodes.ConditionImageMatch),
    ];

    private static SuitEnvelope Update(ulong sequenceNumber = 7) => Signed(Manifest(sequenceNumber, SharedSequence(Firmware),
        (SuitManifestKeys.Install, Sequence(Install)),
        (SuitManifestKeys.Validate, Sequence(Condition(SuitCommandCodes.ConditionImageMatch))),
        (SuitManifestKeys.Invoke, Sequence(Directive(SuitCommandCodes.DirectiveInvoke)))));

    [Fact]
    public async Task UpdateAsync_FetchInstallImageMatch_WritesTheImageAndStoresTheSequenceNumber()
    {
        var platform = Device();
        var envelope = Update();

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(["fetch " + FirmwareUri, "write 00", "installed 7"], platform.Log);
        Assert.Equal(Firmware, platform.Contents["00"]);
        Assert.Equal(new SuitInstalledManifest(7, envelope.Authentication.Digest), platform.Installed);
        var parameters = Assert.Single(result.Parameters);
        Assert.Equal(FirmwareUri, parameters.Uri);
        Assert.Equal(SHA256.HashData(Firmware), parameters.ImageDigest!.Bytes.ToArray());
        Assert.Equal((ulong)Firmware.Length, parameters.ImageSize);
        // The install image-match (policy 15) records its success at its offset in the install section.
        var record = Assert.Single(result.Records.OfType<SuitRecord>(), r => r.Section == SuitManifestKeys.Install);
        Assert.Equal(OffsetOf(2, Install), record.Offset);
        Assert.Equal(SHA256.HashData(Firmware), record.Properties.Digest(SuitParameterKeys.ImageDigest)!.Bytes.ToArray());
    }

    [Fact]
    public async Task InvokeAsync_AfterUpdate_ValidatesAndInvokesTheSameManifest()
    {
        var platform = Device();
        var envelope = Update();
        var processor = new SuitProcessor(platform);
        await processor.UpdateAsync(envelope, TestContext.Current.CancellationToken);

        var result = await processor.InvokeAsync(envelope, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("invoke 00", platform.Log[^1]);
    }

    public static TheoryData<string, int> WrongIdentities => new()
    {
        { "vendor", 1 },
        { "class", 2 },
        { "device", 3 },
    };

    [Theory]
    [MemberData(nameof(WrongIdentities))]
    public async Task UpdateAsync_WrongIdentifier_ConditionFailedAtItsOffsetInTheSharedSequence(string identifier, int index)
    {
        (int, byte[])[] shared =
        [
            Override((SuitParameterKeys.VendorId, Bytes(VendorId)), (SuitParameterKeys.ClassId, Bytes(ClassId)),
                (SuitParameterKeys.ImageDigest, DigestOf(Firmware)), (SuitParameterKeys.DeviceId, Bytes(DeviceId))),
            Condition(SuitCommandCodes.ConditionVendorIdentifier),
            Condition(SuitCommandCodes.ConditionClassIdentifier),
            Condition(SuitCommandCodes.ConditionDeviceIdentifier),
        ];
        var other = new byte[16];
        var platform = Device();
        platform.Identity = new SuitDeviceIdentity([identifier == "vendor" ? other : VendorId], [identifier == "class" ? other : ClassId],
            identifier == "device" ? other : DeviceId);
        var envelope = Signed(Manifest(1, Sequence(shared), (SuitManifestKeys.Install, Sequence(Install))));

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal(SuitManifestKeys.Common, failure.Record.Section);
        Assert.Equal(OffsetOf(index, shared), failure.Record.Offset);
        Assert.Equal(0UL, failure.Record.ComponentIndex);
        Assert.Empty(platform.Log);
        Assert.Null(platform.Installed);
    }

    [Fact]
    public async Task UpdateAsync_CorruptedDownload_ImageMatchFailsAndNothingIsInstalled()
    {
        var corrupted = Firmware.ToArray();
        corrupted[3] ^= 0x01;
        var platform = Device();
        platform.Server[FirmwareUri] = corrupted;

        var result = await new SuitProcessor(platform).UpdateAsync(Update(), TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal(SuitProcessingError.ConditionFailed, failure.Code);
        Assert.Equal(SuitManifestKeys.Install, failure.Record.Section);
        Assert.Equal(OffsetOf(2, Install), failure.Record.Offset);
        // The record carries what was measured: the digest of the corrupted download.
        Assert.Equal(SHA256.HashData(corrupted), failure.Record.Properties.Digest(SuitParameterKeys.ImageDigest)!.Bytes.ToArray());
        Assert.Null(platform.Installed);
    }

    [Fact]
    public async Task UpdateAsync_FetchThrows_OperationFailedAtTheFetch()
    {
        var platform = Device();
        platform.FetchFailure = new HttpRequestException("connection reset");

        var result = await new SuitProcessor(platform).UpdateAsync(Update(), TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.OperationFailed, failure.Reason);
        Assert.Equal(SuitManifestKeys.Install, failure.Record.Section);
        Assert.Equal(OffsetOf(1, Install), failure.Record.Offset);
        Assert.Contains("connection reset", failure.Message, StringComparison.Ordinal);
        Assert.Empty(platform.Changes);
    }

    [Theory]
    [InlineData(6UL)]
    [InlineData(7UL)]
    public async Task UpdateAsync_SequenceNumberNotAboveAnotherInstalledManifest_RefusedBeforeAnyCommand(ulong sequenceNumber)
    {
        var platform = Device();
        var installed = new SuitInstalledManifest(7, SuitDigest.Sha256Of("another manifest"u8));
        platform.Installed = installed;

        var result = await new SuitProcessor(platform).UpdateAsync(Update(sequenceNumber), TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitProcessingError.Rollback, failure.Code);
        Assert.Equal(SuitManifestKeys.SequenceNumber, failure.Record.Section);
        Assert.False(result.CommandsRan);
        Assert.Empty(result.Records);
        Assert.Empty(platform.Log);
        Assert.Empty(platform.Contents);
        Assert.Same(installed, platform.Installed);
    }

    [Fact]
    public async Task UpdateAsync_SameManifestAgain_RunsAgain()
    {
        var platform = Device();
        var envelope = Update();
        var processor = new SuitProcessor(platform);
        await processor.UpdateAsync(envelope, TestContext.Current.CancellationToken);

        var again = await processor.UpdateAsync(envelope, TestContext.Current.CancellationToken);

        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Equal(2, platform.Log.Count(entry => entry == "installed 7"));
    }

    [Fact]
    public async Task UpdateAsync_ComponentTheDeviceLacks_ComponentUnsupportedBeforeAnyCommand()
    {
        var platform = Device("00");
        var envelope = Signed(Manifest(1, [[0x00], [0x07]], SharedSequence(Firmware), (SuitManifestKeys.Install, Sequence(Install))));

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ComponentUnsupported, failure.Reason);
        Assert.Equal(1UL, failure.Record.ComponentIndex);
        Assert.False(result.CommandsRan);
        Assert.Empty(platform.Log);
    }

    [Fact]
    public async Task UpdateAsync_IntegratedPayload_TakenFromTheEnvelopeNotFetched()
    {
        var platform = Device();
        platform.Server.Clear();
        var envelope = Signed(Manifest(2, SharedSequence(Firmware), (SuitManifestKeys.Install, FetchInstall("#firmware"))),
            new Dictionary<string, ReadOnlyMemory<byte>> { ["#firmware"] = Firmware });

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(["write 00", "installed 2"], platform.Log);
        Assert.Equal(Firmware, platform.Contents["00"]);
    }
}
