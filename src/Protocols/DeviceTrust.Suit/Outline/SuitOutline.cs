using System.Globalization;
using System.Text;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit.Outline;

/// <summary>One line of an outline: a label, an optional value, and what it contains.</summary>
public sealed record SuitOutlineNode(string Label, string? Value, IReadOnlyList<SuitOutlineNode> Children)
{
    public SuitOutlineNode(string label, string? value = null) : this(label, value, []) { }
}

/// <summary>
/// A decoded envelope as a tree people read: the authentication, the manifest's members, each command sequence as named
/// commands with their parameters (UUIDs as UUIDs, digests as algorithm and hex), severed members, texts and payloads.
/// One model for every view of a manifest (the CLI's inspect, the catalog's manifest page, the diff of two manifests).
/// </summary>
public static class SuitOutline
{
    public static SuitOutlineNode Of(SuitEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var manifest = envelope.Manifest;
        var children = new List<SuitOutlineNode>
        {
            new("authentication-wrapper", null, [
                new("digest", Digest(envelope.Authentication.Digest)),
                .. envelope.Authentication.Signatures.Select((s, i) => new SuitOutlineNode($"signature {i}", Signature(s))),
            ]),
            Manifest(envelope),
        };
        children.AddRange(envelope.IntegratedPayloads.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new SuitOutlineNode($"payload \"{p.Key}\"", $"{p.Value.Length} bytes")));
        children.AddRange(envelope.Extensions.OrderBy(e => e.Key).Select(e => new SuitOutlineNode($"envelope member {e.Key}", Diagnostic(e.Value))));
        return new SuitOutlineNode("SUIT_Envelope", envelope.IsTagged ? $"tagged {SuitTags.Envelope}" : "untagged", children);
    }

    /// <summary>The tree as indented "label: value" lines, two spaces a level: what the CLI prints and the diff compares.</summary>
    public static IReadOnlyList<string> Lines(SuitOutlineNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var lines = new List<string>();
        Append(root, 0, lines);
        return lines;
    }

    private static void Append(SuitOutlineNode node, int depth, List<string> lines)
    {
        lines.Add(new string(' ', depth * 2) + (node.Value is null ? node.Label : $"{node.Label}: {OneLine(node.Value)}"));
        foreach (var child in node.Children) Append(child, depth + 1, lines);
    }

    // A multi-line text (a manifest description) stays on its line, its breaks written as \n.
    private static string OneLine(string value) => value.ReplaceLineEndings("\\n");

    private static SuitOutlineNode Manifest(SuitEnvelope envelope)
    {
        var manifest = envelope.Manifest;
        var children = new List<SuitOutlineNode>
        {
            new("manifest-version", Number(manifest.Version)),
            new("sequence-number", Number(manifest.SequenceNumber)),
            new("common", null, [
                new("components", null, manifest.Common.Components.Select((c, i) => new SuitOutlineNode($"[{i}]", ComponentId(c))).ToList()),
                .. Sequence("shared-sequence", manifest.Common.SharedSequence),
                .. manifest.Common.EncodedDependencies is { } dependencies ? [new SuitOutlineNode("dependencies", Diagnostic(dependencies))] : Array.Empty<SuitOutlineNode>(),
            ]),
        };
        if (manifest.ReferenceUri is { } uri) children.Add(new("reference-uri", uri));
        if (manifest.ComponentId is { } componentId) children.Add(new("manifest-component-id", ComponentId(componentId)));
        children.AddRange(Sequence("validate", manifest.Validate));
        children.AddRange(Sequence("load", manifest.Load));
        children.AddRange(Sequence("invoke", manifest.Invoke));
        children.AddRange(Severable("payload-fetch", manifest.PayloadFetch?.Digest, envelope.PayloadFetch, s => Commands(s)));
        children.AddRange(Severable("install", manifest.Install?.Digest, envelope.Install, s => Commands(s)));
        children.AddRange(Severable("text", manifest.Text?.Digest, envelope.Text, Text));
        children.AddRange(manifest.Extensions.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal)
            .Select(e => new SuitOutlineNode($"manifest member {e.Key}", Diagnostic(e.Value))));
        return new SuitOutlineNode("manifest", null, children);
    }

    // A severed member shows its digest and, when the envelope carries it, its content.
    private static IEnumerable<SuitOutlineNode> Severable<T>(string name, SuitDigest? digest, T? content, Func<T, IReadOnlyList<SuitOutlineNode>> show) where T : class
    {
        if (digest is null && content is null) yield break;
        var children = content is null ? [] : show(content);
        yield return digest is null ? new SuitOutlineNode(name, null, children)
            : new SuitOutlineNode(name, $"severed, {Digest(digest)}{(content is null ? ", not in this envelope" : "")}", children);
    }

    private static IEnumerable<SuitOutlineNode> Sequence(string name, SuitCommandSequence? sequence) =>
        sequence is null ? [] : [new SuitOutlineNode(name, null, Commands(sequence))];

    private static IReadOnlyList<SuitOutlineNode> Commands(SuitCommandSequence sequence) => sequence.Commands.Select(Command).ToList();

    private static SuitOutlineNode Command(SuitCommand command) => command switch
    {
        SuitReportingCommand c => new(c.Name, Policy(c.Policy)),
        SuitSetComponentIndex c => new(c.Name, c.AllComponents ? "true (all)" : c.IsList ? $"[{string.Join(", ", c.Indexes)}]" : Number(c.Indexes[0])),
        SuitParametersCommand c => new(c.Name, null, Parameters(c.Parameters)),
        SuitTryEach c => new(c.Name, c.EmptyAllowed ? "nil ends the list: none may succeed" : null,
            c.Candidates.Select((s, i) => new SuitOutlineNode($"candidate {i}", null, Commands(s))).ToList()),
        SuitRunSequence c => new(c.Name, null, Commands(c.Sequence)),
        SuitCustomCommand c => new($"command {c.Code}", Diagnostic(c.EncodedArgument)),
        _ => new(command.Name),
    };

    private static IReadOnlyList<SuitOutlineNode> Parameters(SuitParameters parameters) =>
        parameters.Labels.Select(label => label.Integer is { } key && parameters.Values.TryGetValue(key, out var value)
            ? new SuitOutlineNode(SuitParameterKeys.Name(key), Parameter(key, value, parameters))
            : new SuitOutlineNode($"parameter {label}", Diagnostic(parameters.Others[label]))).ToList();

    private static string Parameter(long key, object value, SuitParameters parameters) => value switch
    {
        byte[] pen when key == SuitParameterKeys.VendorId && parameters.VendorIdIsPen => $"PEN {Convert.ToHexStringLower(pen)}",
        byte[] { Length: 16 } uuid when key is SuitParameterKeys.VendorId or SuitParameterKeys.ClassId or SuitParameterKeys.DeviceId =>
            new Guid(uuid, bigEndian: true).ToString(),
        byte[] bytes => $"h'{Convert.ToHexStringLower(bytes)}'",
        SuitDigest digest => Digest(digest),
        ulong number => Number(number),
        bool flag => flag ? "true" : "false",
        string text => text,
        _ => value.ToString() ?? "",
    };

    private static IReadOnlyList<SuitOutlineNode> Text(SuitText text) =>
        text.Languages.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new SuitOutlineNode($"\"{l.Key}\"", null, [
            .. l.Value.Texts.OrderBy(t => t.Key).Select(t => new SuitOutlineNode(SuitTextKeys.Name(t.Key), t.Value)),
            .. l.Value.Components.Select(c => new SuitOutlineNode($"component {ComponentId(c.ComponentId)}", null,
                c.Texts.OrderBy(t => t.Key).Select(t => new SuitOutlineNode(SuitTextKeys.ComponentName(t.Key), t.Value)).ToList())),
        ])).ToList();

    private static string Signature(CoseSign1 signature)
    {
        var algorithm = signature.Algorithm.Integer is { } a and >= int.MinValue and <= int.MaxValue ? CoseAlgorithms.Describe((int)a) : signature.Algorithm.ToString();
        var kid = signature.ProtectedHeaders.GetByteString(CoseHeaderLabels.KeyId) ?? signature.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId);
        return kid is null ? $"COSE_Sign1 {algorithm}" : $"COSE_Sign1 {algorithm}, kid h'{Convert.ToHexStringLower(kid)}'";
    }

    /// <summary>"sha-256 h'…'" for the algorithms SUIT names, the COSE number otherwise.</summary>
    public static string Digest(SuitDigest digest) =>
        $"{(digest.Algorithm == CoseAlgorithms.Sha256 ? "sha-256" : $"algorithm {digest.Algorithm}")} h'{Convert.ToHexStringLower(digest.Bytes.Span)}'";

    /// <summary>A component identifier as its byte strings: text where printable ("firmware"), else hex (h'00').</summary>
    public static string ComponentId(IReadOnlyList<byte[]> id) =>
        "[" + string.Join(", ", id.Select(part => part.Length > 0 && part.All(b => b is >= 0x20 and <= 0x7e)
            ? $"\"{Encoding.ASCII.GetString(part)}\"" : $"h'{Convert.ToHexStringLower(part)}'")) + "]";

    private static string Policy(SuitReportingPolicy policy) =>
        policy == SuitReportingPolicy.None ? "report nothing"
            : $"report {((ulong)policy).ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", Enum.GetValues<SuitReportingPolicy>().Where(p => p != 0 && policy.HasFlag(p)).Select(Words))})";

    private static string Words(SuitReportingPolicy flag) => flag switch
    {
        SuitReportingPolicy.RecordOnSuccess => "record on success",
        SuitReportingPolicy.RecordOnFailure => "record on failure",
        SuitReportingPolicy.SysInfoOnSuccess => "sysinfo on success",
        SuitReportingPolicy.SysInfoOnFailure => "sysinfo on failure",
        _ => flag.ToString(),
    };

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Diagnostic(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            return CborDiagnostic.Write(encoded);
        }
        catch (Exception e) when (e is System.Formats.Cbor.CborContentException or InvalidOperationException)
        {
            return $"h'{Convert.ToHexStringLower(encoded.Span)}'";
        }
    }
}
