using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Suit.Tests.Outline;

/// <summary>The outline people read of a manifest: every example's members as the draft's diagnostic text names them.</summary>
public sealed class SuitOutlineTests
{
    [Fact]
    public void Lines_Example1_NameTheCommandsAndTheirParameters_AsTheDraftShowsThem()
    {
        var lines = SuitOutline.Lines(SuitOutline.Of(SuitEnvelope.Decode(SuitVectors.Signed(1))));

        Assert.Equal("SUIT_Envelope: tagged 107", lines[0]);
        string[] expected =
        [
            "    sequence-number: 1",
            "          vendor-id: fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
            "          class-id: 1492af14-2569-5e48-bf42-9b2d51f2ab45",
            "          image-digest: sha-256 h'00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210'",
            "          image-size: 34768",
            "        condition-vendor-identifier: report 15 (record on success, record on failure, sysinfo on success, sysinfo on failure)",
            "        uri: http://example.com/file.bin",
            "      directive-fetch: report 2 (record on failure)",
        ];
        Assert.All(expected, line => Assert.Contains(line, lines));
        Assert.Contains("    signature 0: COSE_Sign1 ES256 (-7)", lines);
        Assert.Contains("        [0]: [h'00']", lines);
    }

    [Fact]
    public void Lines_Example2_ShowSeveredMembersWithTheirDigest_AndMultiLineTextOnOneLine()
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(2));

        var lines = SuitOutline.Lines(SuitOutline.Of(envelope));

        Assert.Contains(lines, l => l.StartsWith("    install: severed, sha-256 h'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    text: severed, sha-256 h'", StringComparison.Ordinal));
        var description = Assert.Single(lines, l => l.TrimStart().StartsWith("manifest-description: ", StringComparison.Ordinal));
        Assert.Contains("\\n", description, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void Of_EveryExample_HasTheManifestAndItsSequences()
    {
        for (var example = 0; example <= 5; example++)
        {
            var root = SuitOutline.Of(SuitEnvelope.Decode(SuitVectors.Signed(example)));
            var manifest = Assert.Single(root.Children, c => c.Label == "manifest");
            Assert.Contains(manifest.Children, c => c.Label == "common");
            Assert.Contains(manifest.Children, c => c.Label is "validate" or "install" or "invoke");
        }
    }
}
