using System.Text.Json;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// The <c>--json</c> report of <c>suit inspect</c>: encoding, length, the outline as nested nodes ({"label", "value",
/// "children"}: a command sequence may name the same command twice, so children are an array, not an object), and the
/// diagnostic notation.
/// </summary>
public static class SuitJsonReport
{
    public static void Write(TextWriter output, SuitInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, EatJsonReport.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("encoding", inspection.Wrapping);
            writer.WriteNumber("length", inspection.Length);
            writer.WritePropertyName("outline");
            WriteNode(writer, inspection.Outline);
            writer.WriteString("envelopeDiagnostic", inspection.EnvelopeDiagnostic);
            writer.WriteString("manifestDiagnostic", inspection.ManifestDiagnostic);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteNode(Utf8JsonWriter writer, SuitOutlineNode node)
    {
        writer.WriteStartObject();
        writer.WriteString("label", node.Label);
        if (node.Value is not null)
            writer.WriteString("value", node.Value);
        if (node.Children.Count > 0)
        {
            writer.WriteStartArray("children");
            foreach (var child in node.Children)
                WriteNode(writer, child);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
