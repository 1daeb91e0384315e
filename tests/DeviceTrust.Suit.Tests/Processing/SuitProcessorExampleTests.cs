using System.Text;
using System.Text.Json;
using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Tests.Processing;

/// <summary>
/// The draft-ietf-suit-manifest-37 examples 0..5 processed end to end on a <see cref="TestPlatform"/> whose identity
/// and component measurements are those of the example's generator input (exampleN.json): the digests there are
/// sample patterns no content hashes to, so the platform answers image-match with the measurement the .json gives.
/// The final parameters of each component are compared with the .json: vendor-id, class-id, digest, size and URI.
/// </summary>
public sealed class SuitProcessorExampleTests
{
    private static readonly byte[] Placeholder = Encoding.ASCII.GetBytes("fetched image");

    public static TheoryData<int, ulong?> Examples => new()
    {
        { 0, null }, { 1, null }, { 2, null }, { 3, 0 }, { 3, 1 }, { 4, null }, { 5, null },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task UpdateThenInvoke_Example_SucceedsWithTheJsonParameters(int example, ulong? slot)
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(example));
        using var key = SuitVectors.PublicKey();
        Assert.True(envelope.Verify(key).IsVerified);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestVectors", "suit", $"example{example}.json")));
        var components = json.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => slot is null || c.GetProperty("slot").GetUInt64() == slot).ToList();
        var platform = PlatformFor(envelope, components, slot);
        var processor = new SuitProcessor(platform);

        var update = await processor.UpdateAsync(envelope, TestContext.Current.CancellationToken);
        var invoke = await processor.InvokeAsync(envelope, TestContext.Current.CancellationToken);

        Assert.True(update.Succeeded, update.Failure?.Message);
        Assert.True(invoke.Succeeded, invoke.Failure?.Message);
        Assert.Equal(json.RootElement.GetProperty("manifest-sequence-number").GetUInt64(), platform.Installed?.SequenceNumber);
        Assert.Equal(envelope.Authentication.Digest, platform.Installed?.Digest);
        foreach (var component in components)
        {
            var install = Index(envelope, component.GetProperty("install-id"));
            var parameters = update.Parameters[install];
            AssertUuid(component, "vendor-id", parameters.VendorId);
            AssertUuid(component, "class-id", parameters.ClassId);
            Assert.Equal(Hex(component, "install-digest"), Convert.ToHexStringLower(parameters.ImageDigest!.Bytes.Span));
            Assert.Equal(component.GetProperty("install-size").GetUInt64(), parameters.ImageSize);
            if (component.TryGetProperty("download-id", out var downloadId))
            {
                var download = update.Parameters[Index(envelope, downloadId)];
                Assert.Equal(component.GetProperty("uri").GetString(), download.Uri);
                Assert.Equal(Hex(component, "download-digest"), Convert.ToHexStringLower(download.ImageDigest!.Bytes.Span));
            }
            else
            {
                Assert.Equal(component.TryGetProperty("uri", out var uri) ? uri.GetString() : null, parameters.Uri);
            }
            if (component.TryGetProperty("load-id", out var loadId))
            {
                var load = invoke.Parameters[Index(envelope, loadId)];
                Assert.Equal(Hex(component, "load-digest"), Convert.ToHexStringLower(load.ImageDigest!.Bytes.Span));
                Assert.Equal(component.GetProperty("load-size").GetUInt64(), load.ImageSize);
            }
            var booted = component.TryGetProperty("load-id", out var loaded) ? loaded : component.GetProperty("install-id");
            // A bootable component is invoked, by the invoke section (example 3 marks its component bootable but has none).
            Assert.Equal(component.TryGetProperty("bootable", out _) && envelope.Manifest.Invoke is not null,
                platform.Log.Contains($"invoke {booted[0].GetString()}"));
        }
    }

    [Fact]
    public async Task Update_Example0_ValidateRecordsImageMatchAtItsOffset()
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(0));
        var platform = new TestPlatform(Convert.FromHexString(SuitExampleTests.VendorId), Convert.FromHexString(SuitExampleTests.ClassId), "00");
        platform.Measurements["00"] = new SuitMeasurement(new SuitDigest(-16, Convert.FromHexString(SuitExampleTests.ImageDigest0)), 34768);

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        // validate = << [3, 15] >>: the condition is one byte into the sequence, after the array head 0x82; policy 15
        // asks for a record and the system information (the measured digest and size) on success.
        var records = result.Records.OfType<SuitRecord>().Where(r => r.Section == SuitManifestKeys.Validate).ToList();
        var record = Assert.Single(records);
        Assert.Equal(1UL, record.Offset);
        Assert.Equal(0UL, record.ComponentIndex);
        Assert.Equal(SuitExampleTests.ImageDigest0, Convert.ToHexStringLower(record.Properties.Digest(SuitParameterKeys.ImageDigest)!.Bytes.Span));
        Assert.Equal(34768UL, record.Properties.Unsigned(SuitParameterKeys.ImageSize));
        Assert.Contains(result.Records.OfType<SuitSystemProperties>(), claims => claims.Properties.Unsigned(SuitParameterKeys.ImageSize) == 34768UL);
    }

    [Fact]
    public async Task Update_Example1OnAnotherClass_FailsAtTheClassConditionOfTheSharedSequence()
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(1));
        var platform = new TestPlatform(Convert.FromHexString(SuitExampleTests.VendorId), new byte[16], "00");

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal(SuitManifestKeys.Common, failure.Record.Section);
        // shared-sequence: 0x86, 0x14, the parameter map (0xa4, then 18 + 18 + 39 + 4 bytes of members), 0x01 0x0f, 0x02 0x0f.
        Assert.Equal(1UL + 1 + 80 + 2, failure.Record.Offset);
        Assert.Empty(platform.Log);
    }

    private static TestPlatform PlatformFor(SuitEnvelope envelope, List<JsonElement> components, ulong? slot)
    {
        var first = components[0];
        var platform = new TestPlatform(Uuid(first.GetProperty("vendor-id")), Uuid(first.GetProperty("class-id")),
            [.. envelope.Manifest.Common.Components.Select(TestPlatform.Key)]);
        foreach (var component in components)
        {
            var install = component.GetProperty("install-id")[0].GetString()!;
            platform.Measurements[install] = Measurement(component, "install-digest", component.GetProperty("install-size").GetUInt64());
            if (slot is { } s)
                platform.Slots[install] = s;
            if (component.TryGetProperty("uri", out var uri))
                platform.Server[uri.GetString()!] = Placeholder;
            if (component.TryGetProperty("download-id", out var download))
                platform.Measurements[download[0].GetString()!] = Measurement(component, "download-digest", (ulong)Placeholder.Length);
            if (component.TryGetProperty("load-id", out var load))
                platform.Measurements[load[0].GetString()!] = Measurement(component, "load-digest", component.GetProperty("load-size").GetUInt64());
        }
        return platform;
    }

    private static SuitMeasurement Measurement(JsonElement component, string name, ulong size) =>
        new(new SuitDigest(-16, Convert.FromHexString(Hex(component, name))), size);

    private static string Hex(JsonElement component, string name)
    {
        var digest = component.GetProperty(name);
        Assert.Equal("sha256", digest.GetProperty("algorithm-id").GetString());
        return digest.GetProperty("digest-bytes").GetString()!;
    }

    private static int Index(SuitEnvelope envelope, JsonElement id)
    {
        var key = string.Join('/', id.EnumerateArray().Select(s => s.GetString()));
        var index = envelope.Manifest.Common.Components.Select(TestPlatform.Key).ToList().IndexOf(key);
        Assert.True(index >= 0, $"component {key} is not in the manifest");
        return index;
    }

    private static void AssertUuid(JsonElement component, string name, byte[]? actual) =>
        Assert.Equal(component.TryGetProperty(name, out var uuid) ? Convert.ToHexStringLower(Uuid(uuid)) : null,
            actual is null ? null : Convert.ToHexStringLower(actual));

    private static byte[] Uuid(JsonElement uuid) => Convert.FromHexString(uuid.GetString()!.Replace("-", "", StringComparison.Ordinal));
}
