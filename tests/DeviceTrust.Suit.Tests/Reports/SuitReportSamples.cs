using System.Text;
using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;
using DeviceTrust.Suit.Tests.Processing;

namespace DeviceTrust.Suit.Tests.Reports;

/// <summary>Reports made the way a device makes them: from the result of processing a manifest.</summary>
internal static class SuitReportSamples
{
    public static readonly byte[] Nonce = Convert.FromHexString("a0b1c2d3e4f5061728394a5b6c7d8e9f");

    /// <summary>Example 2 (reference-uri "https://git.io/JJYoj") updated successfully; its conditions ask for records
    /// and system information, so the report has both.</summary>
    public static async Task<(SuitEnvelope Envelope, SuitReport Report)> Success()
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(2));
        var platform = new TestPlatform(Convert.FromHexString(SuitExampleTests.VendorId), Convert.FromHexString(SuitExampleTests.ClassId), "00");
        platform.Server["http://example.com/very/long/path/to/file/file.bin"] = Encoding.ASCII.GetBytes("image");
        platform.Measurements["00"] = new SuitMeasurement(new SuitDigest(-16, Convert.FromHexString(SuitExampleTests.ImageDigest0)), 34768);
        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return (envelope, SuitReport.FromResult(result, Nonce));
    }

    /// <summary>An update whose download is corrupted: the install image-match fails.</summary>
    public static async Task<(SuitEnvelope Envelope, SuitProcessingResult Result, SuitReport Report)> Failure()
    {
        var platform = TestManifests.Device();
        platform.Server[TestManifests.FirmwareUri] = Encoding.ASCII.GetBytes("not the firmware");
        var envelope = TestManifests.Signed(TestManifests.Manifest(9, TestManifests.SharedSequence(TestManifests.Firmware),
            (SuitManifestKeys.Install, TestManifests.FetchInstall())));
        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);
        Assert.False(result.Succeeded);
        return (envelope, result, SuitReport.FromResult(result, Nonce));
    }
}
