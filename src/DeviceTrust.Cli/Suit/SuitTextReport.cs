using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Cli.Suit;

/// <summary>The readable report of <c>suit inspect</c>: the outline's lines, then the CBOR diagnostic notation.</summary>
public static class SuitTextReport
{
    public static void Write(TextWriter output, SuitInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        output.WriteLine($"SUIT envelope ({inspection.Length} bytes, {inspection.Wrapping})");
        foreach (var line in SuitOutline.Lines(inspection.Outline))
            output.WriteLine($"  {line}");
        output.WriteLine("CBOR diagnostic notation of the envelope:");
        output.WriteLine($"  {inspection.EnvelopeDiagnostic}");
        output.WriteLine($"CBOR diagnostic notation of the manifest (the content of member {DeviceTrust.Suit.SuitEnvelopeKeys.Manifest}):");
        output.WriteLine($"  {inspection.ManifestDiagnostic}");
    }
}
