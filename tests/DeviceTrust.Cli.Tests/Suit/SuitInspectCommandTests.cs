using System.Text.Json;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary><c>suit inspect</c>: the draft's example 1 shows the values its diagnostic notation holds.</summary>
public sealed class SuitInspectCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Inspect_Example1_ShowsIdsDigestSizeUriAndDiagnosticNotation()
    {
        var file = _folder.Write("example1.cbor", SuitCliVectors.Signed(1));

        var run = await NetworkCli.RunAsync("suit", "inspect", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        string[] expected =
        [
            "SUIT envelope (272 bytes, binary)",
            "SUIT_Envelope: tagged 107",
            "digest: sha-256 h'1f2e7acca0dc2786f2fe4eb947f50873a6a3cfaa98866c5b02e621f42074daf2'",
            "signature 0: COSE_Sign1 ES256 (-7)",
            "manifest-version: 1",
            "sequence-number: 1",
            "[0]: [h'00']",
            "shared-sequence",
            "directive-override-parameters",
            "vendor-id: fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
            "class-id: 1492af14-2569-5e48-bf42-9b2d51f2ab45",
            "image-digest: sha-256 h'00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210'",
            "image-size: 34768",
            "condition-vendor-identifier: report 15 (record on success, record on failure, sysinfo on success, sysinfo on failure)",
            "validate",
            "install",
            "uri: http://example.com/file.bin",
            "directive-fetch: report 2 (record on failure)",
            "CBOR diagnostic notation of the envelope:",
            "  107({2: h'8258248",
            "CBOR diagnostic notation of the manifest (the content of member 3):",
            "  {1: 1, 2: 1, 3: h'a2028181410004585686",
        ];
        foreach (var line in expected)
            Assert.Contains(line, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_SeveredMembers_ShowsTheirDigestsAndText()
    {
        var file = _folder.Write("example2.b64", Convert.ToBase64String(SuitCliVectors.Signed(2)));

        var run = await NetworkCli.RunAsync("suit", "inspect", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("base64 text", run.Output, StringComparison.Ordinal);
        Assert.Contains("install: severed, sha-256 h'cfa90c5c58595e7f5119a72f803fd0370b3e6abbec6315cd38f63135281bc498'", run.Output, StringComparison.Ordinal);
        Assert.Contains("text: severed, sha-256 h'302196d452bce5e8bfeaf71e395645ede6d365e63507a081379721eeecf00007'", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"en-US\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("vendor-domain: arm.com", run.Output, StringComparison.Ordinal);
        Assert.Contains("reference-uri: https://git.io/JJYoj", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_Json_NestsTheOutlineAndCarriesTheDiagnosticNotation()
    {
        var file = _folder.Write("example1.cbor", SuitCliVectors.Signed(1));

        var run = await NetworkCli.RunAsync("suit", "inspect", file, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("binary", root.GetProperty("encoding").GetString());
        var outline = root.GetProperty("outline");
        Assert.Equal("SUIT_Envelope", outline.GetProperty("label").GetString());
        var parameters = Child(Child(Child(Child(outline, "manifest"), "common"), "shared-sequence"), "directive-override-parameters");
        Assert.Equal("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe", Child(parameters, "vendor-id").GetProperty("value").GetString());
        Assert.Equal("34768", Child(parameters, "image-size").GetProperty("value").GetString());
        Assert.StartsWith("107({2: h'", root.GetProperty("envelopeDiagnostic").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Child(JsonElement node, string label) =>
        node.GetProperty("children").EnumerateArray().First(child => child.GetProperty("label").GetString() == label);

    [Fact]
    public async Task Inspect_Garbage_ExitsTwo()
    {
        var file = _folder.Write("garbage.txt", "this is neither hex nor base64!");

        var run = await NetworkCli.RunAsync("suit", "inspect", file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("neither hex nor base64", run.Error, StringComparison.Ordinal);
    }
}
