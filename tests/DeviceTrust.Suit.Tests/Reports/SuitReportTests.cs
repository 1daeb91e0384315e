using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;
using static DeviceTrust.Suit.Tests.SuitBuilder;

namespace DeviceTrust.Suit.Tests.Reports;

/// <summary>The SUIT report model: built from a processing result, encoded deterministically, decoded strictly.</summary>
public sealed class SuitReportTests
{
    [Fact]
    public async Task FromResult_SuccessfulUpdate_RefersToTheManifestAndCarriesItsRecords()
    {
        var (envelope, report) = await SuitReportSamples.Success();

        Assert.True(report.Succeeded);
        Assert.Equal("https://git.io/JJYoj", report.Reference.Uri);
        Assert.Equal(envelope.Authentication.Digest, report.Reference.Digest);
        Assert.Equal(SuitReportSamples.Nonce, report.Nonce?.ToArray());
        Assert.Contains(report.Records, entry => entry is SuitRecord { Section: SuitManifestKeys.Install });
        Assert.Contains(report.Records, entry => entry is SuitSystemProperties);
    }

    [Fact]
    public async Task FromResult_FailedUpdate_ResultIsCodeRecordAndReason()
    {
        var (_, result, report) = await SuitReportSamples.Failure();

        var failure = Assert.IsType<SuitReportFailure>(report.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal((long)SuitProcessingError.ConditionFailed, failure.Code);
        Assert.Same(result.Failure!.Record, failure.Record);
        Assert.Null(report.Reference.Uri);
    }

    [Fact]
    public async Task Encode_ThenDecode_ReEncodesByteIdentical()
    {
        var (_, success) = await SuitReportSamples.Success();
        var (_, _, failure) = await SuitReportSamples.Failure();

        foreach (var report in new[] { success, failure })
        {
            var encoded = report.Encode();
            var decoded = SuitReport.Decode(encoded);

            Assert.Equal(encoded, decoded.Encode());
            Assert.Equal(report.Records.Count, decoded.Records.Count);
            Assert.Equal(report.Reference.Uri, decoded.Reference.Uri);
            Assert.Equal(report.Reference.Digest.Bytes.ToArray(), decoded.Reference.Digest.Bytes.ToArray());
            Assert.Equal(report.Failure?.Reason, decoded.Failure?.Reason);
            Assert.Equal(report.Failure?.Record.Offset, decoded.Failure?.Record.Offset);
        }
    }

    [Fact]
    public void Encode_MinimalReport_IsTheDeterministicMap()
    {
        var digest = new SuitDigest(-16, new byte[32]);
        var report = new SuitReport(new SuitReference(null, digest), [], null);

        // {3: [], 4: true, 99: [[-16, h'00..00']]}: keys in bytewise order of their encodings (0x03, 0x04, 0x18 0x63).
        var expected = "a3" + "0380" + "04f5" + "1863" + "81" + "822f5820" + new string('0', 64);
        Assert.Equal(expected, Convert.ToHexStringLower(report.Encode()));
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        // {3: [], 4: true} without 99
        { "a20380" + "04f5", "SUIT_Report", "99 (reference) is missing" },
        // {3: [], 4: false, 99: [[-16, h'']]}
        { "a30380" + "04f4" + "1863" + "81822f40", "SUIT_Report/4 (result)", "not false" },
        // reason 13 is not a SUIT_Report_Reasons value
        { "a30380" + "04a30500068580000000a0070d" + "1863" + "81822f40", "SUIT_Report/4 (result)/7 (result-reason)", "not a SUIT_Report_Reasons" },
        // keys out of order: 4 before 3
        { "a304f5" + "0380" + "1863" + "81822f40", "SUIT_Report", "" },
        // a record of four items
        { "a3038184800000" + "00" + "04f5" + "1863" + "81822f40", "SUIT_Report/3 (records)/0", "at least 5 items" },
        // trailing byte
        { "a30380" + "04f5" + "1863" + "81822f40" + "00", "SUIT_Report", "" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_Malformed_ThrowsSuitFormatExceptionNamingWhere(string hex, string where, string what)
    {
        var e = Assert.Throws<SuitFormatException>(() => SuitReport.Decode(Convert.FromHexString(hex)));

        Assert.StartsWith(where, e.Where, StringComparison.Ordinal);
        Assert.Contains(what, e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SystemPropertyClaimsWithoutComponent_Throws()
    {
        // records: [{14: 5}]
        var encoded = Cbor(w =>
        {
            w.WriteStartMap(3);
            w.WriteInt32(SuitReportKeys.Records);
            w.WriteStartArray(1);
            w.WriteStartMap(1);
            w.WriteInt32(SuitParameterKeys.ImageSize);
            w.WriteInt32(5);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteInt32(SuitReportKeys.Result);
            w.WriteBoolean(true);
            w.WriteInt32(SuitReportKeys.Reference);
            w.WriteEncodedValue(Convert.FromHexString("81822f40"));
            w.WriteEndMap();
        });

        var e = Assert.Throws<SuitFormatException>(() => SuitReport.Decode(encoded));

        Assert.Contains("system-component-id", e.What, StringComparison.Ordinal);
    }
}
